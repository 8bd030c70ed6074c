"""The story store: JSON round trips, incremental adds, the CLI, and all-or-nothing writes."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.ingest import read_paths
from rashomon.model import AnalysisResult, to_dict
from rashomon.pipeline import ArticleAnalysis, analyze_article
from rashomon.store import (
    InvalidStoryNameError,
    Store,
    StoreError,
    UnknownStoryError,
    check_story_name,
    from_dict,
)

SMALL = [
    "Dam breach floods valley\n\nThe Ostrava dam burst on Tuesday, flooding three villages, "
    "regional governor Eva Lind said. Rescue teams evacuated 400 people, she said.\n",
    "Utility denies dam neglect\n\nThe utility that runs the Ostrava dam denied on Wednesday "
    "that it had skipped inspections, spokesman Jan Holub said. The dam was inspected in May, "
    "he said, and the breach flooded three villages.\n",
    "Ostrava flood toll rises\n\nTwo people died in the flooding after the Ostrava dam burst, "
    "police said on Thursday. Governor Eva Lind said 400 people had been evacuated.\n",
]


def _norm(result: AnalysisResult) -> dict:
    data = to_dict(result)
    data.pop("generated_at")
    return data


def _write(folder: Path, texts: list[str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        p = folder / f"{i:02d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths


def test_article_analysis_round_trips_through_json(nlp):
    from rashomon.demo import article_paths

    read = read_paths(article_paths()[:2])
    for art, doc in zip(read.articles, nlp.pipe(a.text for a in read.articles)):
        pa = analyze_article(art, doc)
        back = from_dict(ArticleAnalysis, json.loads(json.dumps(to_dict(pa))))
        assert back == pa
        assert all(isinstance(a, tuple) for a in back.article.offset_anchors)


def test_result_round_trips_through_json(demo_result):
    back = from_dict(AnalysisResult, json.loads(json.dumps(to_dict(demo_result))))
    assert to_dict(back) == to_dict(demo_result)
    assert back.claims[0].mentions[0].id == demo_result.claims[0].mentions[0].id


def test_incremental_add_matches_full_analysis(tmp_path, demo_result):
    from rashomon.demo import article_paths

    paths = article_paths()
    with Store(tmp_path / "s.db") as store:
        first = store.add("demo", read_paths(paths[:-1]))
        assert first.parsed == len(first.added) and first.reused == 0
        second = store.add("demo", read_paths(paths[-1:] + paths[:1]))
        assert second.reused == len(first.added)
        assert second.parsed == len(second.added) == 2  # the JSONL file holds two articles
        assert [d.path for d in second.duplicates] == [str(paths[0])]
        # Reused analyses and Docs give exactly what analysing everything afresh gives.
        assert _norm(second.result) == _norm(demo_result)
        assert _norm(store.result("demo")) == _norm(second.result)
        again = store.add("demo", read_paths(paths[:1]))
        assert not again.changed and again.parsed == 0
        assert [s.name for s in store.stories()] == ["demo"]
        assert store.stories()[0].articles == 7


def test_a_followed_story_reads_its_vectors_back(tmp_path, demo_result, monkeypatch):
    """A later add, in a new process, embeds only what its new article brings: the rest is
    read back from the store, and the analysis is the one a full run gives."""
    from rashomon.demo import article_paths
    from rashomon.nlp.embeddings import default_embedder
    from rashomon.story.stance.model import StanceModel

    emb = default_embedder()
    paths = article_paths()
    with Store(tmp_path / "s.db") as store:
        store.add("demo", read_paths(paths[:-1]))
        keys = {k for (k,) in store.conn.execute("SELECT key FROM vectors")}
        readings = store.conn.execute("SELECT count(*) FROM readings").fetchone()[0]
        assert keys and readings
        emb._cache.clear()  # as a new process starts
        embedded: list[str] = []
        real = emb._batches

        def counting(texts, batch_size):
            embedded.extend(texts)
            yield from real(texts, batch_size)

        monkeypatch.setattr(emb, "_batches", counting)
        stance = StanceModel.load()
        read_pairs: list[tuple[str, str]] = []
        real_read = stance._read

        def counting_read(pairs):
            read_pairs.extend(pairs)
            return real_read(pairs)

        monkeypatch.setattr(stance, "_read", counting_read)
        second = store.add("demo", read_paths(paths[-1:]))
        # Only pairs with the new article or a changed claim are read again.
        pairs = sum(len(c.stances) for c in second.result.claims[:40])
        assert 0 < len(read_pairs) < pairs
        # (The cue refiner runs the model over sentences too: those are no stored vectors.)
        assert embedded and not set(embedded) & keys
        stored = {k for (k,) in store.conn.execute("SELECT key FROM vectors")}
        new = stored - keys
        assert new and new <= set(embedded) and len(new) < len(keys)
    assert _norm(second.result) == _norm(demo_result)


def test_stale_version_rows_are_reanalysed(tmp_path):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add("dam", read_paths(paths[:2]))
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE story_articles SET version = 'rashomon 0.0.0' WHERE position = 0")
    with Store(db) as store:
        out = store.add("dam", read_paths(paths[2:]))
        assert (out.parsed, out.reused) == (2, 1)
    with sqlite3.connect(db) as conn:
        versions = {v for (v,) in conn.execute("SELECT version FROM story_articles")}
    assert len(versions) == 1 and "0.0.0" not in versions.pop()


def test_cli_add_stories_show_remove(tmp_path):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "stories.db"
    run = CliRunner().invoke
    res = run(main, ["add", "dam", str(paths[0]), str(paths[1]), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    assert "added 2 article(s)" in res.output and "Wrote" not in res.output
    out = tmp_path / "out"
    res = run(main, ["add", "dam", str(paths[2]), "--db", str(db), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "added 1 article(s), 2 reused" in res.output
    assert json.loads((out / "report.json").read_text())["summary"]["articles"] == 3
    res = run(main, ["stories", "--db", str(db)])
    assert res.exit_code == 0 and "dam" in res.output and " 3 " in res.output
    shown = tmp_path / "shown"
    res = run(main, ["show", "dam", "-o", str(shown), "--db", str(db)])
    assert res.exit_code == 0, res.output
    a = json.loads((out / "report.json").read_text())
    b = json.loads((shown / "report.json").read_text())
    assert a == b
    res = run(main, ["show", "nope", "-o", str(shown), "--db", str(db)])
    assert res.exit_code == 2 and "no story named 'nope'" in res.output
    res = run(main, ["remove", "dam", "--db", str(db), "--yes"])
    assert res.exit_code == 0, res.output
    res = run(main, ["remove", "dam", "--db", str(db), "--yes"])
    assert res.exit_code == 2
    res = run(main, ["stories", "--db", str(db)])
    assert "No stories" in res.output
    (tmp_path / "empty.db").touch()
    res = run(main, ["stories", "--db", str(tmp_path / "empty.db")])
    assert res.exit_code == 0 and "No stories" in res.output


def test_cli_remove_asks_first(tmp_path):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "stories.db"
    run = CliRunner().invoke
    assert run(main, ["add", "dam", str(paths[0]), "--db", str(db), "-q"]).exit_code == 0
    # No answer (standard input closed, as in a script), then "n": the story stays.
    for answer in ("", "n\n"):
        res = run(main, ["remove", "dam", "--db", str(db)], input=answer)
        assert res.exit_code == 1 and "Remove story 'dam' (1 article(s)" in res.output
        assert "Nothing removed" in res.output
        with Store(db, create=False) as store:
            assert [s.name for s in store.stories()] == ["dam"]
    res = run(main, ["remove", "dam", "--db", str(db)], input="y\n")
    assert res.exit_code == 0 and "Removed story 'dam'" in res.output
    with Store(db, create=False) as store:
        assert store.stories() == []


def test_story_names_follow_one_rule(tmp_path):
    """The CLI refuses the names the web app refuses, before reading or creating anything."""
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "stories.db"
    for bad in ("../evil", "a/b", "", "_x", "with space", "x" * 65, "caf\u00e9"):
        res = CliRunner().invoke(main, ["add", bad, str(paths[0]), "--db", str(db), "-q"])
        assert res.exit_code == 2 and "invalid story name" in res.output, bad
    assert not db.exists()
    with Store(db) as store, pytest.raises(InvalidStoryNameError):
        store.add("../evil", read_paths(paths[:1]))
    for good in ("dam", "Dam_2024-03"):
        assert check_story_name(good) == good


def test_cli_json_summaries(tmp_path):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "stories.db"
    run = CliRunner().invoke
    res = run(main, ["add", "dam", *map(str, paths[:2]), "--db", str(db), "-q", "--json"])
    assert res.exit_code == 0, res.output
    added = json.loads(res.stdout)
    assert added["story"] == "dam" and len(added["added"]) == 2 and added["changed"] is True
    with Store(db, create=False) as store:
        stored = store.result("dam").summary
    assert added["claims"] == stored.claims and added["articles"] == 2
    res = run(main, ["stories", "--db", str(db), "--json"])
    listed = json.loads(res.stdout)
    assert [(s["name"], s["articles"]) for s in listed["stories"]] == [("dam", 2)]
    assert listed["db"] == str(db)
    out = tmp_path / "out"
    res = run(main, ["analyze", str(paths[0]), "-o", str(out), "-q", "--json"])
    summary = json.loads(res.stdout)
    report = json.loads((out / "report.json").read_text())
    assert {k: summary[k] for k in report["summary"]} == report["summary"]
    assert summary["outputs"]["report.json"] == str(out / "report.json")


def test_cli_errors(tmp_path, monkeypatch):
    run = CliRunner().invoke
    (tmp_path / "empty.txt").write_text("  ")
    db = tmp_path / "s.db"
    res = run(main, ["add", "x", str(tmp_path / "empty.txt"), "--db", str(db)])
    assert res.exit_code == 2 and "No usable article" in res.output
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    for args in (["stories"], ["show", "x", "-o", str(tmp_path / "o")], ["remove", "x"]):
        res = run(main, [*args, "--db", str(junk)])
        assert res.exit_code == 2 and "error:" in res.output, args
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    res = run(main, ["stories", "--db", str(other)])
    assert res.exit_code == 2 and "not a rashomon story store" in res.output
    # No file at all: an empty store, and nothing is created by reading it.
    missing = tmp_path / "missing.db"
    monkeypatch.setenv("RASHOMON_DB", str(missing))
    res = run(main, ["stories"])
    assert res.exit_code == 0 and "No stories" in res.output and not missing.exists()
    with pytest.raises(UnknownStoryError):
        Store(missing, create=False).result("x")
    with pytest.raises(StoreError):
        Store(junk)


def test_concurrent_add_starts_over_on_the_new_state(tmp_path, monkeypatch):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add("dam", read_paths(paths[:1]))
    commit = Store._commit
    calls: list[bool] = []
    store = Store(db)

    def racing(self, name, result, pending):  # type: ignore[no-untyped-def]
        if self is store and not calls:
            with Store(db) as other:  # another process adds an article meanwhile
                other.add("dam", read_paths(paths[1:2]))
        ok = commit(self, name, result, pending)
        if self is store:
            calls.append(ok)
        return ok

    monkeypatch.setattr(Store, "_commit", racing)
    with store:
        out = store.add("dam", read_paths(paths[2:]))
    assert calls == [False, True]
    assert out.reused == 2 and len(out.result.articles) == 3
    ids = [a.id for a in read_paths(paths).articles]
    with Store(db) as store:
        assert store.article_ids("dam") == [ids[0], ids[1], ids[2]]


def _state(db: Path, story: str) -> tuple[list[str], list[str], int] | None:
    """(article ids, claim summaries, revision) of a story, read straight from the file."""
    with Store(db, create=False) as store:
        if story not in {s.name for s in store.stories()}:
            return None
        ids = store.article_ids(story)
        result = store.result(story)
        rev = store._story(story)
    assert rev is not None
    return ids, [c.summary for c in result.claims], rev[1]


def _add_and_kill(db: Path, story: str, paths: list[Path], point: str) -> None:
    env = dict(os.environ, RASHOMON_TEST_PAUSE=point)
    cmd = [sys.executable, "-m", "rashomon.cli", "add", story, *map(str, paths), "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    seen = b""
    try:
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            seen += line
            if f"rashomon-test-pause {point}".encode() in line:
                break
            if not line and proc.poll() is not None:
                pytest.fail(f"add exited ({proc.returncode}) before {point}: {seen.decode()}")
        else:
            pytest.fail(f"add never reached {point}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    "story,points",
    [
        # A story that does not exist yet must not appear half made...
        ("fresh", ["in_transaction", "before_commit"]),
        # ...and one that exists must keep exactly its articles and claims.
        ("dam", ["after_parse", "before_begin", "in_transaction", "before_commit"]),
    ],
)
def test_killed_add_leaves_story_unchanged(tmp_path, story, points):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add("dam", read_paths(paths[:2]))
    before = _state(db, story)
    for point in points:
        _add_and_kill(db, story, paths[2:] if story == "dam" else paths[:1], point)
        assert _state(db, story) == before, point
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # The store still takes a normal add afterwards, and it counts the killed attempts as nothing.
    res = CliRunner().invoke(main, ["add", story, str(paths[2]), "--db", str(db), "-q"])
    assert res.exit_code == 0, res.output
    after = _state(db, story)
    assert after is not None
    new_id = read_paths(paths[2:]).articles[0].id
    assert after[0] == (before[0] if before else []) + [new_id]
    assert after[2] == (before[2] + 1 if before else 1)


def test_killed_after_commit_keeps_the_new_state(tmp_path):
    paths = _write(tmp_path / "in", SMALL)
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.add("dam", read_paths(paths[:2]))
    before = _state(db, "dam")
    assert before is not None
    _add_and_kill(db, "dam", paths[2:], "after_commit")
    after = _state(db, "dam")
    assert after is not None
    assert after[0] == before[0] + [read_paths(paths[2:]).articles[0].id]
    assert after[2] == before[2] + 1
