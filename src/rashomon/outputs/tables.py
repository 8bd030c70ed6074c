"""Tabular exports: ``claims.csv``, ``mentions.csv``, ``events.csv`` and ``rashomon.db`` (SQLite).

The CSV files are UTF-8 (no BOM), comma-separated, with a header row; their columns are
:data:`CLAIMS_COLUMNS`, :data:`MENTIONS_COLUMNS` and :data:`EVENTS_COLUMNS`. A text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
spreadsheet does not run article text as a formula; the SQLite file keeps the text as it is.

``rashomon.db`` holds plain tables (TEXT, INTEGER, REAL; no custom types) with primary keys,
foreign keys and indexes on the join columns, so it opens as it is in Datasette, in pandas
(``pd.read_sql("select * from mentions", sqlite3.connect(path))``) or in the ``sqlite3`` shell:

- ``meta(key, value)``: schema version, generation time and the summary counts.
- ``articles``: one row per article (``number`` is the ``A<n>`` of the brief and report.html).
- ``sentences``: (``article_id``, ``idx``) -> text and character span.
- ``entities``, ``entity_aliases``, ``entity_mentions``, ``entity_descriptors``.
- ``claims``, ``claim_origins``, ``claim_entities``.
- ``mentions``: one row per statement of a claim in an article (``via`` joined with " > ").
- ``mention_entities``.
- ``stances``: one row per claim x article, *silent rows included* (the full matrix):
  ``stance`` is ``supports`` (the article asserts it, not hedged), ``reports`` (asserted but
  hedged), ``denies``, ``mixed`` (the article carries both a denial and an assertion) or
  ``silent`` (no mention of the claim); ``source`` says where it comes from: ``mentions``
  (the article's own statements), ``model`` (the stance model read an article that never
  states the claim; ``probability`` is its confidence) or ``none``;
  ``supports``/``reports``/``denies`` count mentions.
- ``contradictions``: ``mention_a``/``mention_b`` reference ``mentions`` (NULL for kind
  ``entity``, whose ``ref_a``/``ref_b`` cite descriptors as ``article_id:start-end``).
- ``events`` (the ACLED-like columns of ``events.csv`` plus ``id``, unique, and the full item
  as JSON in ``data``), ``event_claims`` and ``timeline`` (``event_id``, ``date``,
  ``label``, ``status`` and the full entry as JSON in ``data``).
- ``skipped``: inputs that produced no article.

Character offsets are ``start_char``/``end_char`` (``end`` is an SQL keyword) and index
``articles.text``; ``orig_start``/``orig_end`` index ``articles.source_text``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import AnalysisResult, Claim, to_dict
from ..story.ledger import combine_stances, mention_stance

CLAIMS_COLUMNS = [
    "claim_id",
    "rank",
    "summary",
    "status",
    "independent_origins",
    "origins",
    "article_count",
    "mention_count",
    "supporting",
    "denying",
    "entities",
]

MENTIONS_COLUMNS = [
    "mention_id",
    "claim_id",
    "article_id",
    "article_number",
    "outlet",
    "speaker",
    "speaker_kind",
    "affiliation",
    "via",
    "cue",
    "hedging",
    "hedged",
    "polarity",
    "stance",
    "origin",
    "text",
    "sentence_index",
    "sentence",
    "start",
    "end",
]

# ACLED-like; the same columns as ``rashomon.story.events.ACLED_COLUMNS``.
EVENTS_COLUMNS = [
    "event_id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "country",
    "fatalities",
    "injuries",
    "sources",
    "source_count",
    "notes",
    "plover",
    "cameo",
    "status",
    "claim_ids",
]

VIA_JOIN = " > "
LIST_JOIN = "; "

STANCES = ("supports", "reports", "denies", "mixed", "silent")


# --------------------------------------------------------------------------------------------
# Shared helpers (also used by html_report)


def claim_rank(result: AnalysisResult) -> list[Claim]:
    """Claims by importance: seen in more than one article or not single-source first, then
    by articles, independent origins and mentions; ties keep the pipeline's order."""
    order = {c.id: i for i, c in enumerate(result.claims)}

    def key(c: Claim) -> tuple[int, int, int, int, int]:
        notable = c.status != "single-source" or c.article_count > 1
        return (
            0 if notable else 1,
            -c.article_count,
            -c.independent_origins,
            -len(c.mentions),
            order[c.id],
        )

    return sorted(result.claims, key=key)


def _publish(tmp: str, path: Path) -> None:
    """Rename a finished temporary file into place, readable as the user's umask allows.

    mkstemp creates files 0600; outputs are meant to be shared like any file the user writes.
    """
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, path)


def atomic_write_text(path: Path, text: str, *, newline: str | None = None) -> None:
    """Write to a temporary file beside ``path`` and rename it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as fh:
            fh.write(text)
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _clean(value: Any) -> Any:
    """Strings that UTF-8 can encode (a lone surrogate from a JSON input becomes U+FFFD)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


# --------------------------------------------------------------------------------------------
# CSV


def _cell(value: Any) -> Any:
    value = _clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_text(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buf.getvalue()


def claim_rows(result: AnalysisResult) -> Iterator[dict[str, Any]]:
    names = {e.id: e.name for e in result.entities}
    for rank, c in enumerate(claim_rank(result), start=1):
        yield {
            "claim_id": c.id,
            "rank": rank,
            "summary": c.summary,
            "status": c.status,
            "independent_origins": c.independent_origins,
            "origins": LIST_JOIN.join(c.origins),
            "article_count": c.article_count,
            "mention_count": len(c.mentions),
            "supporting": " ".join(c.supporting),
            "denying": " ".join(c.denying),
            "entities": LIST_JOIN.join(names.get(e, e) for e in c.entities),
        }


def mention_rows(result: AnalysisResult) -> Iterator[dict[str, Any]]:
    arts = {a.id: a for a in result.articles}
    number = {a.id: i + 1 for i, a in enumerate(result.articles)}
    for c in result.claims:
        for m in c.mentions:
            art = arts.get(m.article_id)
            yield {
                "mention_id": m.id,
                "claim_id": c.id,
                "article_id": m.article_id,
                "article_number": number.get(m.article_id),
                "outlet": art.outlet if art else None,
                "speaker": m.speaker,
                "speaker_kind": m.speaker_kind,
                "affiliation": m.affiliation,
                "via": VIA_JOIN.join(m.via),
                "cue": m.cue,
                "hedging": m.hedging,
                "hedged": m.hedged,
                "polarity": m.polarity,
                "stance": mention_stance(m),
                "origin": m.origin,
                "text": m.text,
                "sentence_index": m.sentence_index,
                "sentence": m.sentence,
                "start": m.start,
                "end": m.end,
            }


def _first(d: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, "", []):
            return v
    return None


def _text(value: Any) -> str | None:
    """A scalar as text; a list as "a; b"; a dict by its name/label/text."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _text(_first(value, "name", "label", "text", "title", "id"))
    if isinstance(value, (list, tuple)):
        parts = [_text(v) for v in value]
        return LIST_JOIN.join(p for p in parts if p) or None
    return str(value)


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value)
    try:
        return int(float(str(value).strip()))
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    """A number, or the lowest of several reported figures (ACLED's conservative rule)."""
    if isinstance(value, (list, tuple)):
        nums = [n for n in (_count(v) for v in value) if n is not None]
        return min(nums) if nums else None
    if isinstance(value, dict):
        return _int(_first(value, "low", "value", "count", "number"))
    return _int(value)


def event_row(item: Any) -> dict[str, Any]:
    """One ACLED-like row from an event, whatever it is.

    A :class:`rashomon.model.Event` goes through ``rashomon.story.events.events_csv_rows``; any
    other dict or dataclass is read by name: the :data:`EVENTS_COLUMNS` names first, then
    common alternatives (``id``, ``date``, ``type``, ``actors``, ``place``, ``killed``,
    ``wounded``...); ``sources`` may be a list (joined with "; ") and ``source_count``
    defaults to its length.
    """
    if type(item).__name__ == "Event" and hasattr(item, "event_type"):
        try:
            from ..story.events import events_csv_rows

            return dict(events_csv_rows([item])[0])
        except (ImportError, KeyError, AttributeError, TypeError, IndexError):
            pass  # an event type the ontology does not know: read it by name below
    d = to_dict(item)
    if not isinstance(d, dict):
        return {"notes": _text(d)}
    actors = d.get("actors")
    actors = list(actors) if isinstance(actors, (list, tuple)) else []
    location = _first(d, "location", "place", "where")
    country = _first(d, "country")
    if isinstance(location, dict):
        country = country or _first(location, "country")
    sources = _first(d, "sources", "source", "outlets", "articles")
    if isinstance(sources, (list, tuple)):
        src_list = [t for t in (_text(s) for s in sources) if t]
    elif sources is None:
        src_list = []
    else:
        src_list = [_text(sources) or ""]
    count = _int(d.get("source_count"))
    if count is None and src_list:
        count = len(src_list)
    date = _first(d, "event_date", "date", "date_start", "day", "when", "start")
    claim_ids = _first(d, "claim_ids", "claims", "claim_id")
    if isinstance(claim_ids, (list, tuple)):
        claim_ids = ";".join(str(c) for c in claim_ids)
    return {
        "event_id": _text(_first(d, "event_id", "id")),
        "event_date": _text(date),
        "event_type": _text(_first(d, "event_type", "type", "kind")),
        "sub_event_type": _text(_first(d, "sub_event_type", "subtype", "sub_type")),
        "actor1": _text(_first(d, "actor1", "actor", "agent", "source_actor"))
        or (_text(actors[0]) if actors else None),
        "actor2": _text(_first(d, "actor2", "target", "patient", "target_actor"))
        or (_text(actors[1]) if len(actors) > 1 else None),
        "location": _text(location),
        "country": _text(country),
        "fatalities": _count(_first(d, "fatalities", "killed", "deaths", "dead")),
        "injuries": _count(_first(d, "injuries", "injured", "wounded")),
        "sources": LIST_JOIN.join(src_list) or None,
        "source_count": count,
        "notes": _text(_first(d, "notes", "summary", "label", "description", "text")),
        "plover": _text(_first(d, "plover", "plover_type")),
        "cameo": _text(_first(d, "cameo", "cameo_code")),
        "status": _text(_first(d, "status")),
        "claim_ids": _text(claim_ids),
    }


def event_rows(result: AnalysisResult) -> Iterator[dict[str, Any]]:
    for item in result.events or []:
        yield event_row(item)


def write_claims_csv(result: AnalysisResult, path: Path) -> None:
    atomic_write_text(path, _csv_text(CLAIMS_COLUMNS, claim_rows(result)), newline="")


def write_mentions_csv(result: AnalysisResult, path: Path) -> None:
    atomic_write_text(path, _csv_text(MENTIONS_COLUMNS, mention_rows(result)), newline="")


def write_events_csv(result: AnalysisResult, path: Path) -> None:
    """The header is written even when there are no events."""
    atomic_write_text(path, _csv_text(EVENTS_COLUMNS, event_rows(result)), newline="")


# --------------------------------------------------------------------------------------------
# SQLite

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    path TEXT,
    title TEXT,
    outlet TEXT,
    published TEXT,
    published_from TEXT,
    url TEXT,
    format TEXT,
    warnings TEXT,
    text TEXT NOT NULL,
    source_text TEXT
);
CREATE INDEX idx_articles_outlet ON articles(outlet);
CREATE TABLE sentences (
    article_id TEXT NOT NULL REFERENCES articles(id),
    idx INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT NOT NULL,
    is_heading INTEGER NOT NULL,
    PRIMARY KEY (article_id, idx)
);
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT,
    mention_count INTEGER NOT NULL,
    article_count INTEGER NOT NULL
);
CREATE INDEX idx_entities_name ON entities(name);
CREATE TABLE entity_aliases (
    entity_id TEXT NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX idx_entity_aliases_alias ON entity_aliases(alias);
CREATE TABLE entity_mentions (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT
);
CREATE INDEX idx_entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX idx_entity_mentions_article ON entity_mentions(article_id);
CREATE TABLE entity_descriptors (
    id INTEGER PRIMARY KEY,
    entity_id TEXT NOT NULL REFERENCES entities(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text TEXT,
    kind TEXT,
    sentence TEXT
);
CREATE INDEX idx_entity_descriptors_entity ON entity_descriptors(entity_id);
CREATE INDEX idx_entity_descriptors_article ON entity_descriptors(article_id);
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    rank INTEGER NOT NULL,
    summary TEXT,
    status TEXT NOT NULL,
    independent_origins INTEGER NOT NULL,
    origins TEXT,
    article_count INTEGER NOT NULL,
    mention_count INTEGER NOT NULL
);
CREATE INDEX idx_claims_status ON claims(status);
CREATE TABLE claim_origins (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    origin TEXT NOT NULL,
    PRIMARY KEY (claim_id, origin)
);
CREATE INDEX idx_claim_origins_origin ON claim_origins(origin);
CREATE TABLE claim_entities (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
);
CREATE INDEX idx_claim_entities_entity ON claim_entities(entity_id);
CREATE TABLE mentions (
    id TEXT PRIMARY KEY,
    claim_id TEXT NOT NULL REFERENCES claims(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    sentence_index INTEGER NOT NULL,
    sentence TEXT,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    orig_start INTEGER,
    orig_end INTEGER,
    text TEXT,
    speaker TEXT,
    speaker_kind TEXT,
    affiliation TEXT,
    via TEXT,
    cue TEXT,
    hedged INTEGER NOT NULL,
    hedging TEXT,
    polarity TEXT NOT NULL,
    stance TEXT NOT NULL,
    origin TEXT,
    denied_target TEXT
);
CREATE INDEX idx_mentions_claim ON mentions(claim_id);
CREATE INDEX idx_mentions_article ON mentions(article_id, sentence_index);
CREATE INDEX idx_mentions_origin ON mentions(origin);
CREATE TABLE mention_entities (
    mention_id TEXT NOT NULL REFERENCES mentions(id),
    entity_id TEXT NOT NULL REFERENCES entities(id),
    PRIMARY KEY (mention_id, entity_id)
);
CREATE INDEX idx_mention_entities_entity ON mention_entities(entity_id);
CREATE TABLE stances (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    stance TEXT NOT NULL,
    source TEXT NOT NULL,
    probability REAL NOT NULL,
    supports INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    denies INTEGER NOT NULL,
    PRIMARY KEY (claim_id, article_id)
);
CREATE INDEX idx_stances_article ON stances(article_id);
CREATE TABLE contradictions (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    claim_id TEXT REFERENCES claims(id),
    mention_a TEXT REFERENCES mentions(id),
    mention_b TEXT REFERENCES mentions(id),
    ref_a TEXT,
    ref_b TEXT,
    explanation TEXT
);
CREATE INDEX idx_contradictions_claim ON contradictions(claim_id);
CREATE INDEX idx_contradictions_a ON contradictions(mention_a);
CREATE INDEX idx_contradictions_b ON contradictions(mention_b);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    event_id TEXT,
    event_date TEXT,
    event_type TEXT,
    sub_event_type TEXT,
    actor1 TEXT,
    actor2 TEXT,
    location TEXT,
    country TEXT,
    fatalities INTEGER,
    injuries INTEGER,
    sources TEXT,
    source_count INTEGER,
    notes TEXT,
    plover TEXT,
    cameo TEXT,
    status TEXT,
    claim_ids TEXT,
    data TEXT
);
CREATE INDEX idx_events_date ON events(event_date);
CREATE TABLE event_claims (
    event_id TEXT NOT NULL REFERENCES events(id),
    claim_id TEXT NOT NULL REFERENCES claims(id),
    PRIMARY KEY (event_id, claim_id)
);
CREATE INDEX idx_event_claims_claim ON event_claims(claim_id);
CREATE TABLE timeline (
    id INTEGER PRIMARY KEY,
    event_id TEXT,
    date TEXT,
    label TEXT,
    status TEXT,
    data TEXT
);
CREATE TABLE skipped (
    id INTEGER PRIMARY KEY,
    path TEXT,
    reason TEXT,
    line INTEGER
);
"""


def _json(value: Any) -> str:
    return json.dumps(to_dict(value), ensure_ascii=False, default=str)


def _sql_value(value: Any) -> Any:
    """Empty strings (as events_csv_rows writes them) become NULL; numbers stay numbers."""
    if value == "":
        return None
    if isinstance(value, (list, tuple, dict)):
        return _text(value)
    return value


def _insert(con: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    if not rows:
        return
    cols = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    con.executemany(sql, ([_clean(r[c]) for c in cols] for r in rows))


def _fill(con: sqlite3.Connection, result: AnalysisResult) -> None:
    s = result.summary
    meta = {"schema_version": result.schema_version, "generated_at": result.generated_at}
    meta.update({f"summary.{k}": str(v) for k, v in to_dict(s).items()})
    _insert(con, "meta", ({"key": k, "value": v} for k, v in meta.items()))

    art_ids = {a.id for a in result.articles}
    _insert(
        con,
        "articles",
        (
            {
                "id": a.id,
                "number": i + 1,
                "path": a.path,
                "title": a.title,
                "outlet": a.outlet,
                "published": a.published,
                "published_from": a.published_from,
                "url": a.url,
                "format": a.format,
                "warnings": LIST_JOIN.join(a.warnings) or None,
                "text": a.text,
                "source_text": a.source_text,
            }
            for i, a in enumerate(result.articles)
        ),
    )
    seen_sent: set[tuple[str, int]] = set()
    sent_rows = []
    for st in result.sentences:
        key = (st.article_id, st.index)
        if st.article_id in art_ids and key not in seen_sent:
            seen_sent.add(key)
            sent_rows.append(
                {
                    "article_id": st.article_id,
                    "idx": st.index,
                    "start_char": st.start,
                    "end_char": st.end,
                    "text": st.text,
                    "is_heading": int(st.is_heading),
                }
            )
    _insert(con, "sentences", sent_rows)

    ent_ids = {e.id for e in result.entities}
    _insert(
        con,
        "entities",
        (
            {
                "id": e.id,
                "name": e.name,
                "type": e.type,
                "mention_count": len(e.mentions),
                "article_count": len({m.article_id for m in e.mentions}),
            }
            for e in result.entities
        ),
    )
    _insert(
        con,
        "entity_aliases",
        (
            {"entity_id": e.id, "alias": al}
            for e in result.entities
            for al in dict.fromkeys(e.aliases)
        ),
    )
    _insert(
        con,
        "entity_mentions",
        (
            {
                "entity_id": e.id,
                "article_id": m.article_id,
                "start_char": m.start,
                "end_char": m.end,
                "text": m.text,
            }
            for e in result.entities
            for m in e.mentions
            if m.article_id in art_ids
        ),
    )
    _insert(
        con,
        "entity_descriptors",
        (
            {
                "entity_id": e.id,
                "article_id": d.article_id,
                "start_char": d.start,
                "end_char": d.end,
                "text": d.text,
                "kind": d.kind,
                "sentence": d.sentence,
            }
            for e in result.entities
            for d in e.descriptors
            if d.article_id in art_ids
        ),
    )

    _insert(
        con,
        "claims",
        (
            {
                "id": c.id,
                "rank": rank,
                "summary": c.summary,
                "status": c.status,
                "independent_origins": c.independent_origins,
                "origins": LIST_JOIN.join(c.origins),
                "article_count": c.article_count,
                "mention_count": len(c.mentions),
            }
            for rank, c in enumerate(claim_rank(result), start=1)
        ),
    )
    _insert(
        con,
        "claim_origins",
        ({"claim_id": c.id, "origin": o} for c in result.claims for o in dict.fromkeys(c.origins)),
    )
    _insert(
        con,
        "claim_entities",
        (
            {"claim_id": c.id, "entity_id": e}
            for c in result.claims
            for e in dict.fromkeys(c.entities)
            if e in ent_ids
        ),
    )

    mention_ids: set[str] = set()
    mrows = []
    me_rows = []
    for c in result.claims:
        for m in c.mentions:
            if m.article_id not in art_ids or m.id in mention_ids:
                continue
            mention_ids.add(m.id)
            mrows.append(
                {
                    "id": m.id,
                    "claim_id": c.id,
                    "article_id": m.article_id,
                    "sentence_index": m.sentence_index,
                    "sentence": m.sentence,
                    "start_char": m.start,
                    "end_char": m.end,
                    "orig_start": m.orig_start,
                    "orig_end": m.orig_end,
                    "text": m.text,
                    "speaker": m.speaker,
                    "speaker_kind": m.speaker_kind,
                    "affiliation": m.affiliation,
                    "via": VIA_JOIN.join(m.via),
                    "cue": m.cue,
                    "hedged": int(m.hedged),
                    "hedging": m.hedging,
                    "polarity": m.polarity,
                    "stance": mention_stance(m),
                    "origin": m.origin,
                    "denied_target": m.denied_target,
                }
            )
            me_rows.extend(
                {"mention_id": m.id, "entity_id": e}
                for e in dict.fromkeys(m.entities)
                if e in ent_ids
            )
    _insert(con, "mentions", mrows)
    _insert(con, "mention_entities", me_rows)

    stance_rows = []
    for c in result.claims:
        per_art: dict[str, list[str]] = {}
        for m in c.mentions:
            per_art.setdefault(m.article_id, []).append(mention_stance(m))
        ledger = {s.article_id: s for s in c.stances}
        for a in result.articles:
            found = per_art.get(a.id, [])
            cell = ledger.get(a.id)
            stance_rows.append(
                {
                    "claim_id": c.id,
                    "article_id": a.id,
                    "stance": cell.stance if cell else combine_stances(found),
                    "source": cell.source if cell else ("mentions" if found else "none"),
                    "probability": cell.probability if cell else (1.0 if found else 0.0),
                    "supports": found.count("supports"),
                    "reports": found.count("reports"),
                    "denies": found.count("denies"),
                }
            )
    _insert(con, "stances", stance_rows)

    claim_ids = {c.id for c in result.claims}
    _insert(
        con,
        "contradictions",
        (
            {
                "id": x.id,
                "kind": x.kind,
                "claim_id": x.claim_id if x.claim_id in claim_ids else None,
                "mention_a": x.mention_a if x.mention_a in mention_ids else None,
                "mention_b": x.mention_b if x.mention_b in mention_ids else None,
                "ref_a": x.mention_a,
                "ref_b": x.mention_b,
                "explanation": x.explanation,
            }
            for x in result.contradictions
        ),
    )

    ev_rows = []
    ec_rows = []
    used: set[str] = set()
    for i, item in enumerate(result.events or []):
        row = {k: _sql_value(v) for k, v in event_row(item).items() if k in EVENTS_COLUMNS}
        eid = row.get("event_id") or f"ev{i + 1}"
        if eid in used:
            eid = f"{eid}#{i + 1}"
        used.add(eid)
        ev_rows.append({"id": eid, **{k: row.get(k) for k in EVENTS_COLUMNS}, "data": _json(item)})
        d = to_dict(item)
        cids = _first(d, "claim_ids", "claims", "claim_id") if isinstance(d, dict) else None
        cids = cids if isinstance(cids, (list, tuple)) else [cids]
        ec_rows.extend(
            {"event_id": eid, "claim_id": c}
            for c in dict.fromkeys(cids)
            if isinstance(c, str) and c in claim_ids
        )
    _insert(con, "events", ev_rows)
    _insert(con, "event_claims", ec_rows)

    tl_rows = []
    for i, item in enumerate(result.timeline or []):
        d = to_dict(item)
        dd = d if isinstance(d, dict) else {}
        tl_rows.append(
            {
                "id": i + 1,
                "event_id": _text(_first(dd, "event_id")),
                "date": _text(_first(dd, "date", "event_date", "day", "when", "start")),
                "label": _text(_first(dd, "label", "summary", "title", "text", "description"))
                or (None if dd else _text(d)),
                "status": _text(_first(dd, "status")),
                "data": _json(item),
            }
        )
    _insert(con, "timeline", tl_rows)

    _insert(
        con,
        "skipped",
        ({"path": k.path, "reason": k.reason, "line": k.line} for k in result.skipped),
    )


def write_sqlite(result: AnalysisResult, path: Path) -> None:
    """Write ``rashomon.db`` atomically (a temporary file renamed into place).

    Raises :class:`sqlite3.IntegrityError` (and leaves no file) if a foreign key does not
    resolve.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA foreign_keys = ON")
            con.executescript(SCHEMA)
            with con:
                _fill(con, result)
            bad = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise sqlite3.IntegrityError(f"foreign key check failed: {bad[:5]}")
        finally:
            con.close()
        _publish(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_exports(result: AnalysisResult, outdir: Path) -> dict[str, Path]:
    """Write the CSV files and the SQLite database into ``outdir``; returns name -> path."""
    outdir = Path(outdir)
    files = {
        "claims.csv": outdir / "claims.csv",
        "mentions.csv": outdir / "mentions.csv",
        "events.csv": outdir / "events.csv",
        "rashomon.db": outdir / "rashomon.db",
    }
    write_claims_csv(result, files["claims.csv"])
    write_mentions_csv(result, files["mentions.csv"])
    write_events_csv(result, files["events.csv"])
    write_sqlite(result, files["rashomon.db"])
    return files
