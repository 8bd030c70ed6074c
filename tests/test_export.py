"""claims.csv, mentions.csv, events.csv and rashomon.db: headers, round trips, keys, joins."""

from __future__ import annotations

import copy
import csv
import dataclasses
import sqlite3

import pytest

from rashomon.outputs import write_all
from rashomon.outputs.tables import (
    CLAIMS_COLUMNS,
    EVENTS_COLUMNS,
    MENTIONS_COLUMNS,
    event_row,
    mention_stance,
    write_exports,
    write_sqlite,
)

TABLES = {
    "meta",
    "articles",
    "sentences",
    "entities",
    "entity_aliases",
    "entity_mentions",
    "entity_descriptors",
    "claims",
    "claim_origins",
    "claim_entities",
    "mentions",
    "mention_entities",
    "stances",
    "contradictions",
    "events",
    "timeline",
    "skipped",
}


@pytest.fixture(scope="module")
def exported(demo_result, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return write_exports(demo_result, out)


def _read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_claims_csv_round_trips(demo_result, exported):
    header, rows = _read(exported["claims.csv"])
    assert header == CLAIMS_COLUMNS
    assert len(rows) == len(demo_result.claims)
    by_id = {r["claim_id"]: r for r in rows}
    for c in demo_result.claims:
        r = by_id[c.id]
        assert r["summary"] == c.summary and r["status"] == c.status
        assert int(r["independent_origins"]) == c.independent_origins
        assert int(r["mention_count"]) == len(c.mentions)
        assert r["origins"].split("; ") == c.origins or (not c.origins and r["origins"] == "")
    assert sorted(int(r["rank"]) for r in rows) == list(range(1, len(rows) + 1))


def test_mentions_csv_round_trips(demo_result, exported):
    header, rows = _read(exported["mentions.csv"])
    assert header == MENTIONS_COLUMNS
    mentions = [(c, m) for c in demo_result.claims for m in c.mentions]
    assert len(rows) == len(mentions)
    arts = {a.id: a for a in demo_result.articles}
    for r, (c, m) in zip(rows, mentions):
        assert r["mention_id"] == m.id and r["claim_id"] == c.id
        assert r["article_id"] == m.article_id and r["outlet"] == (arts[m.article_id].outlet or "")
        assert r["via"] == " > ".join(m.via)
        assert r["text"] == m.text and r["sentence"] == m.sentence
        assert (int(r["start"]), int(r["end"])) == (m.start, m.end)
        assert arts[m.article_id].text[m.start : m.end] == m.text
        assert r["polarity"] == m.polarity and r["stance"] == mention_stance(m)
        assert r["origin"] == m.origin and r["speaker"] == (m.speaker or "")
    assert any(r["via"] for r in rows)


def test_events_csv_rows_and_header_without_events(exported, demo_result, tmp_path):
    header, rows = _read(exported["events.csv"])
    assert header == EVENTS_COLUMNS and len(rows) == len(demo_result.events) > 0
    empty = dataclasses.replace(demo_result, events=[], timeline=[])
    files = write_exports(empty, tmp_path / "empty")
    header, rows = _read(files["events.csv"])
    assert header == EVENTS_COLUMNS and rows == []


def _event(etype: str, **kw):
    from rashomon import model

    fields = {
        "id": "e1",
        "event_type": etype,
        "actors": [],
        "targets": [],
        "location": None,
        "locations": [],
        "country": None,
        "date_start": None,
        "date_end": None,
        "date_granularity": None,
        "date_text": None,
        "date_confidence": 0.0,
        "killed": [],
        "wounded": [],
        "displaced": [],
        "claim_ids": [],
        "mention_ids": [],
        "article_ids": [],
        "speakers": [],
        "status": "single-origin",
    }
    fields.update(kw)
    return model.Event(**fields)


def test_events_with_the_same_id_each_get_a_row(demo_result, tmp_path):
    from rashomon import model
    from rashomon.story.events import ONTOLOGY

    etype = next(iter(ONTOLOGY))
    c = demo_result.claims[0]
    m = c.mentions[0]
    r = copy.deepcopy(demo_result)
    r.events = [
        _event(
            etype,
            actors=["Drevania", "Velmora army"],
            location="Veyla",
            country="Velmora",
            date_start="2024-03-03",
            killed=[model.ReportedNumber(12, None, "", "twelve", m.id, m.article_id, "x")],
            article_ids=["a", "b"],
            speakers=["Meridian", "Northgate"],
            summary="Drone strike on fuel depot",
        ),
        _event(etype, date_start="2024-03-04", article_ids=["a"]),  # the same id
        _event(etype, id=""),  # no id
    ]
    files = write_exports(r, tmp_path)
    header, rows = _read(files["events.csv"])
    assert header == EVENTS_COLUMNS and len(rows) == 3
    assert rows[0]["actor1"] == "Drevania" and rows[0]["actor2"] == "Velmora army"
    assert rows[0]["location"] == "Veyla" and rows[0]["country"] == "Velmora"
    assert rows[0]["fatalities"] == "12" and rows[0]["source_count"] == "2"
    assert rows[0]["notes"].startswith("Drone strike on fuel depot")
    assert rows[1]["source_count"] == "1"
    assert rows[0]["event_id"] == rows[1]["event_id"] == "e1"
    con = sqlite3.connect(files["rashomon.db"])
    got = con.execute(
        "select id, event_date, fatalities, location, data from events order by rowid"
    ).fetchall()
    assert [g[0] for g in got] == ["e1", "e1#2", "ev3"]
    assert got[0][1:4] == ("2024-03-03", 12, "Veyla") and '"Drevania"' in got[0][4]
    assert got[2][1:4] == (None, None, None)  # empty cells are NULL in the database
    assert event_row(r.events[1])["event_date"] == "2024-03-04"


def test_events_of_the_model_use_the_events_module(demo_result, tmp_path):
    from rashomon import model

    if not hasattr(model, "Event"):
        pytest.skip("rashomon.model has no Event yet")
    events = pytest.importorskip("rashomon.story.events")
    etype = next(iter(events.ONTOLOGY))
    c = demo_result.claims[0]
    num = model.ReportedNumber(
        12, None, "", "twelve", c.mentions[0].id, c.mentions[0].article_id, "official"
    )
    ev = model.Event(
        id="ev1",
        event_type=etype,
        actors=["Drevania"],
        targets=["army"],
        location="Veyla",
        locations=["Veyla"],
        country="Velmora",
        date_start="2024-03-03",
        date_end=None,
        date_granularity="day",
        date_text="Sunday",
        date_confidence=0.9,
        killed=[num],
        wounded=[],
        displaced=[],
        claim_ids=[c.id, "c-unknown"],
        mention_ids=[c.mentions[0].id],
        article_ids=[c.mentions[0].article_id],
        speakers=["official"],
        status="disputed",
        summary="Drone strike on depot",
    )
    r = copy.deepcopy(demo_result)
    r.events = [ev]
    r.timeline = events.timeline([ev], r.claims)
    files = write_exports(r, tmp_path)
    header, rows = _read(files["events.csv"])
    assert header == EVENTS_COLUMNS == list(events.ACLED_COLUMNS)
    assert rows[0] == {k: str(v) for k, v in events.events_csv_rows([ev])[0].items()}
    con = sqlite3.connect(files["rashomon.db"])
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("select fatalities, location from events").fetchone() == (12, "Veyla")
    assert con.execute("select claim_id from event_claims").fetchall() == [(c.id,)]
    assert con.execute("select event_id, date from timeline").fetchone() == ("ev1", "2024-03-03")
    from rashomon.outputs.html import render_html

    text = render_html(r)
    assert 'id="timeline"' in text and f'href="#claim-{c.id}"' in text


def test_csv_cells_cannot_become_formulas(demo_result, tmp_path):
    r = copy.deepcopy(demo_result)
    r.claims[0].mentions[0].text = '=HYPERLINK("http://evil.example","click")'
    r.claims[0].summary = "+cmd|' /C calc'!A0"
    files = write_exports(r, tmp_path)
    _, mrows = _read(files["mentions.csv"])
    _, crows = _read(files["claims.csv"])
    assert mrows[0]["text"].startswith("'=HYPERLINK")
    assert next(c for c in crows if c["claim_id"] == r.claims[0].id)["summary"].startswith("'+")
    con = sqlite3.connect(files["rashomon.db"])  # the database keeps the text verbatim
    assert (
        con.execute("select text from mentions where id=?", (r.claims[0].mentions[0].id,))
        .fetchone()[0]
        .startswith("=HYPERLINK")
    )


def test_sqlite_tables_keys_and_counts(demo_result, exported):
    con = sqlite3.connect(exported["rashomon.db"])
    tables = {r[0] for r in con.execute("select name from sqlite_master where type='table'")}
    assert tables >= TABLES
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    def count(t: str) -> int:
        return con.execute(f"select count(*) from {t}").fetchone()[0]

    n_mentions = sum(len(c.mentions) for c in demo_result.claims)
    assert count("articles") == len(demo_result.articles)
    assert count("sentences") == len(demo_result.sentences)
    assert count("claims") == len(demo_result.claims)
    assert count("mentions") == n_mentions
    assert count("entities") == len(demo_result.entities)
    assert count("entity_mentions") == sum(len(e.mentions) for e in demo_result.entities)
    assert count("contradictions") == len(demo_result.contradictions)
    # Stored: the cells something is known of; the view fills in the silent rest.
    known = sum(
        len({s.article_id for s in c.stances} | {m.article_id for m in c.mentions})
        for c in demo_result.claims
    )
    assert count("stances") == known < len(demo_result.claims) * len(demo_result.articles)
    assert count("stance_matrix") == len(demo_result.claims) * len(demo_result.articles)
    silent = con.execute(
        "select count(*) from stance_matrix where stance = 'silent' and source = 'none'"
    ).fetchone()[0]
    assert silent == count("stance_matrix") - known
    assert count("events") == len(demo_result.events) > 0
    assert count("timeline") == len(demo_result.timeline)
    # foreign keys and indexes on the join columns are declared
    fks = {(r[3], r[2]) for r in con.execute("PRAGMA foreign_key_list(mentions)")}
    assert fks == {("claim_id", "claims"), ("article_id", "articles")}
    idx_cols = {
        con.execute(f"PRAGMA index_info({ix[1]})").fetchone()[2]
        for ix in con.execute("PRAGMA index_list(mentions)")
    }
    assert {"claim_id", "article_id"} <= idx_cols
    # only plain types
    for t in tables:
        for col in con.execute(f"PRAGMA table_info({t})"):
            assert col[2] in {"TEXT", "INTEGER", "REAL"}, (t, col)


def test_sqlite_join_and_stances(demo_result, exported):
    con = sqlite3.connect(exported["rashomon.db"])
    rows = con.execute(
        """
        select c.id, c.status, m.id, m.stance, a.outlet, a.number,
               substr(a.text, m.start_char + 1, m.end_char - m.start_char) = m.text
        from claims c join mentions m on m.claim_id = c.id join articles a on a.id = m.article_id
        order by c.rank, m.id
        """
    ).fetchall()
    assert len(rows) == sum(len(c.mentions) for c in demo_result.claims)
    assert all(r[6] == 1 for r in rows)  # offsets cite the article text
    c1 = demo_result.claims[0]
    q = "select article_id, {} from stance_matrix where claim_id=?"
    st = dict(con.execute(q.format("stance"), (c1.id,)))
    src = dict(con.execute(q.format("source"), (c1.id,)))
    ledger = {s.article_id: s for s in c1.stances}
    for a in demo_result.articles:
        found = {mention_stance(m) for m in c1.mentions if m.article_id == a.id}
        if not found:
            # No statement of its own: the stance model's reading, or silent without one.
            assert src[a.id] in ("model", "none") and st[a.id] == ledger[a.id].stance
        elif "denies" in found and found - {"denies"}:
            assert st[a.id] == "mixed"
        elif found == {"denies"}:
            assert st[a.id] == "denies"
    assert set(st.values()) - {"supports", "reports", "denies", "mixed", "silent"} == set()
    # contradictions join to both of their mentions (entity ones cite descriptors instead)
    for kind, a, b, ra, rb in con.execute(
        "select kind, mention_a, mention_b, ref_a, ref_b from contradictions"
    ):
        if kind == "entity":
            assert a is None and ":" in ra
        else:
            assert a == ra and b == rb


def test_sqlite_is_written_atomically_and_replaced(demo_result, tmp_path):
    path = tmp_path / "rashomon.db"
    path.write_text("not a database")
    write_sqlite(demo_result, path)
    write_sqlite(demo_result, path)  # again, over the first
    assert [p.name for p in tmp_path.iterdir()] == ["rashomon.db"]
    con = sqlite3.connect(path)
    assert con.execute("select count(*) from claims").fetchone()[0] == len(demo_result.claims)


def test_sqlite_refuses_a_dangling_reference(demo_result, tmp_path):
    r = copy.deepcopy(demo_result)
    r.claims[0].mentions[0].article_id = "a-nowhere"  # mention of an unknown article: dropped
    r.claims[0].supporting = []
    path = tmp_path / "x.db"
    write_sqlite(r, path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []


def test_write_all_writes_everything(demo_result, tmp_path):
    files = write_all(demo_result, tmp_path / "out")
    assert list(files) == [
        "report.json",
        "brief.md",
        "report.html",
        "claims.csv",
        "mentions.csv",
        "events.csv",
        "rashomon.db",
    ]
    for p in files.values():
        assert p.is_file() and p.stat().st_size > 0
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_brief_report_and_tables_rank_claims_alike(demo_result, tmp_path):
    """One ranking: brief.md, report.html's claim cards, claims.csv and rashomon.db agree."""
    import re

    files = write_all(demo_result, tmp_path / "out")
    brief_ids = re.findall(r"^### (c\d+)\. ", files["brief.md"].read_text(encoding="utf-8"), re.M)
    html = files["report.html"].read_text(encoding="utf-8")
    card_ids = re.findall(r'<article class="claim" id="claim-(c\d+)"', html)
    with files["claims.csv"].open(encoding="utf-8", newline="") as fh:
        csv_ids = [r["claim_id"] for r in sorted(csv.DictReader(fh), key=lambda r: int(r["rank"]))]
    con = sqlite3.connect(files["rashomon.db"])
    db_ids = [cid for (cid,) in con.execute("SELECT id FROM claims ORDER BY rank")]
    con.close()
    assert len(brief_ids) >= 10 and len(card_ids) >= 10
    assert csv_ids == db_ids
    assert brief_ids == csv_ids[: len(brief_ids)]
    assert card_ids == csv_ids[: len(card_ids)]
