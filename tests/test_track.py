"""`rashomon track` end to end: a mixed stream sorted into stories in a store, Parquet beside
it, runs that repeat, and the user's corrections (rename, merge, split)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_track_clustering import FERRY

from rashomon.cli import main
from rashomon.store import Store
from rashomon.store import tracking as saved
from rashomon.track import StoryTracker


def _write_ferry(folder: Path, items: list[tuple[str, str]], start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (title, text) in enumerate(items, start):
        p = folder / f"ferry_{i}.txt"
        p.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        paths.append(p)
    return paths


def _track(*args: str, input: str | None = None) -> dict:
    res = CliRunner().invoke(main, ["track", *args, "--json", "-q"], input=input)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _stories(db: Path) -> dict[str, list[str]]:
    with Store(db) as store:
        return {s.name: store.article_ids(s.name) for s in store.stories()}


@pytest.fixture(scope="module")
def tracked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, list[Path]]:
    """The demo corpus and two ferry reports tracked into a fresh store, in one run."""
    from rashomon.demo import article_paths

    tmp = tmp_path_factory.mktemp("track")
    ferry = _write_ferry(tmp / "ferry", FERRY[:2])
    db = tmp / "desk.db"
    out = _track(*map(str, article_paths()), *map(str, ferry), "--db", str(db))
    return db, out, ferry


@pytest.fixture
def desk(tracked: tuple[Path, dict, list[Path]], tmp_path: Path) -> Path:
    db = tmp_path / "desk.db"
    shutil.copy(tracked[0], db)
    return db


def _ferry_story(db: Path, ferry_ids: set[str]) -> str:
    owners = [name for name, ids in _stories(db).items() if ferry_ids & set(ids)]
    assert len(owners) == 1, owners
    return owners[0]


def _ids(paths: list[Path]) -> set[str]:
    from rashomon.ingest import read_paths

    return {a.id for a in read_paths(paths).articles}


def test_a_mixed_stream_is_sorted_into_named_stories(tracked) -> None:
    db, out, ferry = tracked
    stories = _stories(db)
    ferry_story = _ferry_story(db, _ids(ferry))
    assert set(stories[ferry_story]) == _ids(ferry)  # the ferry story holds nothing else
    assert "lindholm" in ferry_story or "ferry" in ferry_story or "nordlys" in ferry_story
    demo_stories = [n for n in stories if n != ferry_story]
    assert 1 <= len(demo_stories) <= 2
    assert sum(len(stories[n]) for n in demo_stories) == 7
    assert out["stories"] == len(stories)
    assert all(c["new"] for c in out["changes"])
    # Every story was analysed: its claims are in the store and counted in the run's summary.
    with Store(db) as store:
        for c in out["changes"]:
            claims = store.result(c["story"]).claims
            assert len(claims) == c["claims"] > 0
            # Every story is new, so each claim in dispute is newly so.
            in_dispute = {x.summary for x in claims if x.status in ("disputed", "conflicting")}
            assert set(c["newly_disputed"]) == in_dispute
    # The demo's drone strike is disputed (Drevania denies it): the run says so.
    assert any("Drones" in s for c in out["changes"] for s in c["newly_disputed"])


def test_the_desk_is_exported_as_parquet_beside_the_store(tracked) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="Parquet needs pyarrow (rashomon[stream])")
    db, out, _ = tracked
    folder = db.with_name("desk-parquet")
    assert Path(out["parquet"]["claims"]).parent == folder
    stories = pq.read_table(folder / "stories.parquet").to_pylist()
    assert {s["name"] for s in stories} == set(_stories(db))
    claims = pq.read_table(folder / "claims.parquet")
    assert claims.column_names[:2] == ["story", "id"]
    with Store(db) as store:
        want = {(s.name, c.id) for s in store.stories() for c in store.result(s.name).claims}
    got = set(zip(claims.column("story").to_pylist(), claims.column("id").to_pylist()))
    assert got == want
    for table in ("articles", "mentions", "contradictions", "events", "stances"):
        assert (folder / f"{table}.parquet").exists()
    assert not list(folder.glob(".*.tmp"))


def test_a_second_run_sends_new_reports_to_their_story_and_repeats_nothing(desk, tmp_path):
    ferry_old = tmp_path / "old"
    old = _write_ferry(ferry_old, FERRY[:2])
    before = _stories(desk)
    again = _track(*map(str, old), "--db", str(desk), "--no-parquet")
    assert all(not c["added"] for c in again["changes"]) and _stories(desk) == before
    new = _write_ferry(tmp_path / "new", FERRY[2:], start=2)
    # A feed piped in as JSON lines, as from a scraper.
    line = json.dumps({"title": FERRY[2][0], "text": FERRY[2][1], "outlet": "Harbour Post"})
    out = _track("-", "--db", str(desk), "--no-parquet", input=line + "\n")
    (change,) = out["changes"]
    assert not change["new"] and len(change["added"]) == 1
    assert change["story"] == _ferry_story(desk, _ids(old))
    assert new  # the file form of the same report is a duplicate of the piped one
    assert _track(str(new[0]), "--db", str(desk), "--no-parquet")["changes"][0]["duplicates"] == 1


def test_a_renamed_story_keeps_receiving_its_articles(desk, tmp_path):
    ferry = _ferry_story(desk, _ids(_write_ferry(tmp_path / "old", FERRY[:2])))
    res = CliRunner().invoke(main, ["rename", ferry, "ferry-fire", "--db", str(desk)])
    assert res.exit_code == 0, res.output
    new = _write_ferry(tmp_path / "new", FERRY[2:], start=2)
    out = _track(*map(str, new), "--db", str(desk), "--no-parquet")
    assert [c["story"] for c in out["changes"]] == ["ferry-fire"]
    bad = CliRunner().invoke(main, ["rename", "ferry-fire", "no/slash", "--db", str(desk)])
    assert bad.exit_code == 2 and "error" in bad.output


def test_merge_makes_one_story_that_the_finder_then_feeds(desk, tmp_path):
    stories = _stories(desk)
    ferry = _ferry_story(desk, _ids(_write_ferry(tmp_path / "old", FERRY[:2])))
    others = [n for n in stories if n != ferry]
    res = CliRunner().invoke(
        main, ["merge", *others, ferry, "--into", "everything", "--db", str(desk)]
    )
    assert res.exit_code == 0, res.output
    assert list(_stories(desk)) == ["everything"]
    assert sorted(_stories(desk)["everything"]) == sorted(
        a for ids in stories.values() for a in ids
    )
    with Store(desk) as store:
        _, names = saved.load_state(store)
    assert set(names.values()) == {"everything"}
    new = _write_ferry(tmp_path / "new", FERRY[2:], start=2)
    out = _track(*map(str, new), "--db", str(desk), "--no-parquet")
    assert [c["story"] for c in out["changes"]] == ["everything"]


def test_split_moves_articles_and_the_finder_follows(desk, tmp_path):
    old = _write_ferry(tmp_path / "old", FERRY[:2])
    ferry = _ferry_story(desk, _ids(old))
    moved_id = sorted(_ids(old[1:]))[0]
    res = CliRunner().invoke(
        main, ["split", ferry, "ferry_1.txt", "--into", "ferry-followup", "--db", str(desk)]
    )
    assert res.exit_code == 0, res.output
    stories = _stories(desk)
    assert stories["ferry-followup"] == [moved_id] and moved_id not in stories[ferry]
    with Store(desk) as store:
        state, names = saved.load_state(store)
        result = store.result("ferry-followup")
    assert [a.id for a in result.articles] == [moved_id]
    tracker = StoryTracker.from_state(state)
    assert names[tracker.story_of(moved_id)] == "ferry-followup"
    # A reprint of the moved report follows it to its new story.
    reprint = tmp_path / "reprint.txt"
    reprint.write_text(old[1].read_text() + "\nReporting by the Harbour Post desk.\n")
    out = _track(str(reprint), "--db", str(desk), "--no-parquet")
    assert [c["story"] for c in out["changes"]] == ["ferry-followup"]


def test_a_split_that_empties_the_story_is_refused_and_changes_nothing(desk, tracked):
    stored = tracked[2]  # the paths the articles were tracked from name them, as ids do
    ferry = _ferry_story(desk, _ids(stored))
    before = _stories(desk)
    res = CliRunner().invoke(
        main, ["split", ferry, *map(str, stored), "--into", "all-of-it", "--db", str(desk)]
    )
    assert res.exit_code == 2 and "at least one article" in res.output
    res = CliRunner().invoke(main, ["split", ferry, "nope.txt", "--into", "x", "--db", str(desk)])
    assert res.exit_code == 2 and "holds no article" in res.output
    assert _stories(desk) == before


def test_a_tracked_story_is_analysed_as_an_add_of_its_articles(tracked, tmp_path):
    """The engine parses a chunk of stories' articles together; the analysis is the store's."""
    from rashomon.ingest import read_paths
    from rashomon.model import to_dict

    db, _, ferry = tracked
    name = _ferry_story(db, _ids(ferry))
    with Store(db) as store:
        tracked_result = to_dict(store.result(name))
    with Store(tmp_path / "plain.db") as plain:
        added = to_dict(plain.add("ferry", read_paths(ferry)).result)
    tracked_result.pop("generated_at")
    added.pop("generated_at")
    assert tracked_result == added
