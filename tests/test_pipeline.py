"""Pipeline-level behaviour: progress reporting, robustness on odd input, pure per-article stage."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rashomon import analyze
from rashomon.ingest import IngestResult, read_text
from rashomon.model import to_dict
from rashomon.pipeline import analyze_article

STORY = (
    "Flood hits Ostrava\n\nThe river burst its banks on Tuesday, regional governor Eva Lind said. "
    'Rescue teams evacuated 400 people, she said. "We expect the water to fall by Friday," '
    "said Tomas Vrba, the mayor."
)


def test_progress_is_reported_per_article_and_stage():
    calls: list[tuple[str, int, int]] = []
    arts = [read_text(STORY, path=f"a{i}.txt") for i in range(2)]
    arts[1] = read_text(STORY.replace("400", "500"), path="b.txt")
    analyze(IngestResult(arts), progress=lambda *a: calls.append(a))
    annotate = [c for c in calls if c[0] == "annotate"]
    assert annotate[-1] == ("annotate", 2, 2)
    assert ("align", 1, 1) in calls


def test_same_statement_in_two_outlets_is_one_claim():
    a = read_text(STORY, path="a.txt", outlet="Daily A")
    b = read_text(
        STORY.replace("400", "900").replace("Eva Lind", "police chief Ian Roe"),
        path="b.txt",
        outlet="Daily B",
    )
    result = analyze(IngestResult([a, b]))
    evac = [c for c in result.claims if any("evacuated" in m.text for m in c.mentions)]
    assert len(evac) == 1 and evac[0].article_count == 2


def test_article_stage_is_pure_and_serialisable(nlp):
    art = read_text(STORY, path="x.txt")
    doc = nlp(art.text)
    one = analyze_article(art, doc)
    two = analyze_article(art, nlp(art.text))
    assert to_dict(one.mentions) == to_dict(two.mentions)
    json.dumps(to_dict(dataclasses.asdict(one)))  # ships across processes as plain JSON


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=0, max_size=300), min_size=1, max_size=4))
def test_any_text_analyses_without_crashing(nlp, texts):
    from rashomon.model import Article

    arts = [
        Article(id=f"a{i}", path=f"f{i}", text=t, source_text=t, outlet=None)
        for i, t in enumerate(texts)
    ]
    for a in arts:
        analyze_article(a, nlp(a.text))


def test_a_denial_of_something_never_reported_is_denied_only():
    from rashomon.pipeline import claim_status

    art = read_text(
        "Ministry denies report\n\nThe interior ministry on Monday denied that the border "
        "with Kelmaria had been closed to lorries. Trade between the two countries rose by "
        "four percent last year, customs data showed.",
        path="x.txt",
        outlet="The Daily Test",
    )
    result = analyze(IngestResult([art]))
    denial = [c for c in result.claims if any(m.polarity == "denies" for m in c.mentions)]
    assert denial and denial[0].status == "denied-only"
    assert claim_status(denial[0].mentions, 0) == "denied-only"


def _dam_on(day: str, published: str | None = "2024-03-06"):
    """One outlet's account of the Ostrava dam burst, giving it on ``day``: Monday from Daily
    A's governor, any other day from Daily B's police chief."""
    if day == "Monday":
        return read_text(
            "Dam bursts\n\nThe Ostrava dam burst on Monday, flooding three villages, regional "
            "governor Eva Lind said.",
            path="a.txt",
            outlet="Daily A",
            published=published,
        )
    return read_text(
        f"Flood\n\nThe Ostrava dam burst on {day}, flooding three villages, police chief "
        "Ian Roe said.",
        path="b.txt",
        outlet="Daily B",
        published=published,
    )


def test_two_accounts_giving_different_days_conflict():
    result = analyze(IngestResult([_dam_on("Monday"), _dam_on("Friday")]), stance=False)
    dam = [c for c in result.claims if any("dam burst" in m.text for m in c.mentions)]
    assert len(dam) == 1
    dated = [
        x
        for x in result.contradictions
        if x.kind == "conflicting detail" and "2024-03-04" in x.explanation
    ]
    assert dated and "2024-03-01" in dated[0].explanation


def test_an_inferred_day_or_a_guessed_year_makes_no_date_conflict():
    """An undated article's "Friday" is resolved against a window inferred from the story: it
    may be placed, labelled inferred, but never contradict a stated day. "April 9" in articles
    of two years differs only by the year each took from its own date."""
    undated = _dam_on("Friday", published=None)
    result = analyze(IngestResult([_dam_on("Monday"), undated]), stance=False)
    assert not [x for x in result.contradictions if x.attribute == "date"]
    from rashomon.story.contradictions import _only_a_guessed_year

    assert _only_a_guessed_year(
        ("2013-04-09", "2013-04-09", "on April 9"), ("2012-04-09", "2012-04-09", "April 9")
    )
    assert not _only_a_guessed_year(
        ("2013-04-09", "2013-04-09", "April 9, 2013"), ("2012-04-09", "2012-04-09", "in 2012")
    )
    assert not _only_a_guessed_year(
        ("2013-04-09", "2013-04-09", "on April 9"), ("2013-04-02", "2013-04-02", "April 2")
    )


def test_an_undated_article_is_not_older_than_the_events_it_reports():
    """The story spans 1-6 March, but the undated article reports the dam burst that Daily
    A dates to Monday 4 March: it was written on the 4th or later, so its own "Monday" is
    that day, labelled inferred, where the story's span alone allows 26 February too."""
    earlier = read_text(
        "Rain\n\nHeavy rain fell across the region.", path="c.txt", published="2024-03-01"
    )
    undated = read_text(
        "Flood\n\nThe Ostrava dam burst, flooding three villages, police chief Ian Roe "
        "said.\n\nRescue teams reached the villages on Monday.",
        path="u.txt",
        outlet="Daily U",
    )
    result = analyze(IngestResult([_dam_on("Monday"), earlier, undated]), stance=False)
    uid = result.articles[2].id
    anchor = next(a for a in result.anchors if a.article_id == uid)
    assert (anchor.anchor, anchor.start, anchor.end) == ("inferred", "2024-03-04", "2024-03-06")
    monday = next(t for t in result.times if t.article_id == uid and "Monday" in t.text)
    assert (monday.value_start, monday.granularity, monday.anchor) == (
        "2024-03-04",
        "day",
        "inferred",
    )


def test_giant_blocks_are_split_at_a_higher_floor(monkeypatch):
    import numpy as np

    from rashomon.story import blocking

    rng = np.random.default_rng(0)
    base = rng.normal(size=384)
    # 30 near-copies of one direction (very close) and 30 looser ones around it.
    tight = base + 0.05 * rng.normal(size=(30, 384))
    loose = base + 0.9 * rng.normal(size=(30, 384))
    vecs = np.vstack([tight, loose]).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    idx = list(range(60))
    assert max(len(b) for b in blocking.blocks(idx, vecs, floor=0.5)) > 30
    monkeypatch.setattr(blocking, "MAX_BLOCK", 30)
    blocks = blocking.bounded_blocks(idx, vecs, 0.5)
    assert max(len(b) for b in blocks) <= 30
    assert sorted(i for b in blocks for i in b) == idx
    assert any(set(range(30)) <= set(b) for b in blocks)  # the close ones stay together


def test_story_stage_leaves_the_per_article_results_as_they_were(nlp):
    from rashomon import nlp as nlp_mod
    from rashomon.pipeline import analyze_story, extract_article

    arts = [
        read_text(STORY, path="a.txt", outlet="Daily A"),
        read_text(STORY.replace("Eva Lind", "police chief Ian Roe"), path="b.txt", outlet="B"),
    ]
    docs = list(nlp_mod.annotate([a.text for a in arts], nlp=nlp))
    per_article = [extract_article(a, d) for a, d in zip(arts, docs)]
    before = json.dumps(to_dict(per_article))
    result = analyze_story(IngestResult(arts), per_article, docs)
    assert json.dumps(to_dict(per_article)) == before
    # The story's mentions are its own objects, with what it learnt across articles.
    story_mentions = [m for c in result.claims for m in c.mentions]
    own = {id(m) for pa in per_article for m in pa.mentions}
    assert story_mentions and not own & {id(m) for m in story_mentions}
    with pytest.raises(dataclasses.FrozenInstanceError):
        per_article[0].mentions = []  # type: ignore[misc]


def test_a_failing_article_is_reported_once_and_the_rest_analysed(tmp_path, monkeypatch):
    from rashomon import pipeline
    from rashomon.store import Store

    real = pipeline.claims.extract

    def fails_on_b(article, *args, **kwargs):
        if article.path == "b.txt":
            raise RuntimeError("boom")
        return real(article, *args, **kwargs)

    monkeypatch.setattr(pipeline.claims, "extract", fails_on_b)
    arts = [read_text(STORY, path="a.txt"), read_text(STORY.replace("400", "9"), path="b.txt")]
    read = IngestResult(arts)
    result = analyze(read)
    assert read.notices == []  # the caller's IngestResult is not written to
    failed = [n for n in result.notices if n.path == "b.txt"]
    assert [n.reason for n in failed] == ["analysis failed, article left out: RuntimeError('boom')"]
    b_id = arts[1].id
    assert {m.article_id for c in result.claims for m in c.mentions} == {arts[0].id}
    assert any(s.article_id == b_id for s in result.sentences)  # still cited, still shown
    with Store(tmp_path / "s.db") as store:
        added = store.add("flood", IngestResult(arts))
        assert to_dict(added.result.notices) == to_dict(result.notices)
        # A new article: a and b come back from their stored rows, b's failure with it, once.
        c = read_text(STORY.replace("400", "12"), path="c.txt")
        again = store.add("flood", IngestResult([c]))
        assert (again.parsed, again.reused) == (1, 2)
        assert [n.path for n in again.result.notices] == ["b.txt"]
        assert to_dict(store.result("flood").notices) == to_dict(result.notices)


def test_a_role_standing_for_the_person_the_article_gave_it_is_that_origin():
    """ "The actress said" after "Actress Mara Vell" and "the spokesman said" after "her
    spokesman, Piet Oster" rest on those people; "an official said" after a named official,
    and "the spokesman" where two spokesmen were named, stay unnamed."""
    one = read_text(
        "Actress Mara Vell checked into a clinic in Selvara on Monday, her lawyer said.\n\n"
        "The actress said she was grateful for the support of her fans.\n\n"
        "Her spokesman, Piet Oster, said the stay would be short. The spokesman said she had "
        "been sober for weeks.",
        path="a.txt",
        outlet="Daily A",
    )
    two = read_text(
        "Transport official Jan Hollis said the bridge had reopened on Monday. An official said "
        "the road would stay closed until Friday.\n\nArmy spokesman Karl Dent visited the "
        "site on Tuesday. Police spokesman Ivo Marr visited it later. The spokesman said the "
        "blast was an accident.",
        path="b.txt",
        outlet="Daily B",
    )
    result = analyze(IngestResult([one, two]), stance=False)
    origin = {m.text.split()[-1]: m.origin for c in result.claims for m in c.mentions}
    assert origin["fans"] == "Mara Vell"
    assert origin["weeks"] == "Piet Oster"
    assert origin["Friday"] == "Daily B"
    assert origin["accident"] == "Daily B"
