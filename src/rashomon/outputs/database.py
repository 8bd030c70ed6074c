"""``rashomon.db`` (SQLite), from one table spec (:data:`TABLES`) over the typed model.

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
- ``stances``: one row per claim x article that something is known of (the article states
  the claim, or the stance model read it for the claim); the view ``stance_matrix`` has
  every claim x article cell, the others ``silent`` with source ``none``:
  ``stance`` is ``supports`` (the article asserts it, not hedged), ``reports`` (asserted but
  hedged), ``denies``, ``mixed`` (the article carries both a denial and an assertion) or
  ``silent`` (no mention of the claim); ``source`` says where it comes from: ``mentions``
  (the article's own statements), ``model`` (the stance model read an article that never
  states the claim; ``probability`` is its confidence) or ``none``;
  ``supports``/``reports``/``denies`` count mentions.
- ``contradictions``: ``mention_a``/``mention_b`` reference ``mentions`` (NULL for kind
  ``entity``, whose ``ref_a``/``ref_b`` cite descriptors as ``article_id:start-end``);
  ``attribute`` says what a conflicting detail is about (killed, wounded, date, manner,
  place, agent), and ``contradiction_values`` gives every value of it with each statement
  that gives it (``contradiction_id``, ``mention_id``, ``value``).
- ``events`` (the ACLED-like columns of ``events.csv`` plus ``id``, unique, and the full item
  as JSON in ``data``), ``event_claims`` and ``timeline`` (``event_id``, ``date``,
  ``label``, ``status``, ``date_basis`` — stated, publication, event or inferred, NULL when
  undated — ``date_confidence`` and the full entry as JSON in ``data``).
- ``skipped``: inputs that produced no article.

Character offsets are ``start_char``/``end_char`` (``end`` is an SQL keyword) and index
``articles.text``; ``orig_start``/``orig_end`` index ``articles.source_text``.

Each :class:`Table` names its columns (SQL types read off the model fields they come from),
keys, foreign keys and indexes, and the function that yields its rows; the rows go in with
sqlite-utils' ``insert_all``, in the order of :data:`TABLES` (a row's references first).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from ..model import (
    AnalysisResult,
    Article,
    ArticleStance,
    Claim,
    ClaimMention,
    Contradiction,
    Descriptor,
    DetailValue,
    Entity,
    EntityMention,
    Event,
    Sentence,
    Skipped,
    TimelineEntry,
    to_dict,
)
from ..story.ledger import combine_stances, mention_stance
from .cells import EVENTS_COLUMNS, LIST_JOIN, VIA_JOIN, claim_cells, clean, event_row
from .files import atomic_write
from .view import ResultView

_EVENT_INTEGERS = ("fatalities", "injuries", "source_count")
_EVENT_REALS = ("date_confidence",)


def _json(value: Any) -> str:
    return json.dumps(to_dict(value), ensure_ascii=False, default=str)


Rows = Iterator[dict[str, Any]]


def _meta_rows(view: ResultView) -> Rows:
    r = view.result
    meta = {"schema_version": r.schema_version, "generated_at": r.generated_at}
    meta.update({f"summary.{k}": str(v) for k, v in to_dict(r.summary).items()})
    for k, v in meta.items():
        yield {"key": k, "value": v}


def _article_rows(view: ResultView) -> Rows:
    for a in view.result.articles:
        yield {
            "id": a.id,
            "number": view.number[a.id],
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


def _sentence_rows(view: ResultView) -> Rows:
    seen: set[tuple[str, int]] = set()
    for st in view.result.sentences:
        key = (st.article_id, st.index)
        if st.article_id in view.articles and key not in seen:
            seen.add(key)
            yield {
                "article_id": st.article_id,
                "idx": st.index,
                "start_char": st.start,
                "end_char": st.end,
                "text": st.text,
                "is_heading": int(st.is_heading),
            }


def _entity_rows(view: ResultView) -> Rows:
    for e in view.result.entities:
        yield {
            "id": e.id,
            "name": e.name,
            "type": e.type,
            "mention_count": len(e.mentions),
            "article_count": len({m.article_id for m in e.mentions}),
        }


def _entity_alias_rows(view: ResultView) -> Rows:
    for e in view.result.entities:
        for alias in dict.fromkeys(e.aliases):
            yield {"entity_id": e.id, "alias": alias}


def _entity_mention_rows(view: ResultView) -> Rows:
    for e in view.result.entities:
        for m in e.mentions:
            if m.article_id in view.articles:
                yield {
                    "entity_id": e.id,
                    "article_id": m.article_id,
                    "start_char": m.start,
                    "end_char": m.end,
                    "text": m.text,
                }


def _entity_descriptor_rows(view: ResultView) -> Rows:
    for e in view.result.entities:
        for d in e.descriptors:
            if d.article_id in view.articles:
                yield {
                    "entity_id": e.id,
                    "article_id": d.article_id,
                    "start_char": d.start,
                    "end_char": d.end,
                    "text": d.text,
                    "kind": d.kind,
                    "sentence": d.sentence,
                }


def _claim_db_rows(view: ResultView) -> Rows:
    for rank, c in enumerate(view.ranked, start=1):
        yield {"id": c.id, **claim_cells(rank, c)}


def _claim_origin_rows(view: ResultView) -> Rows:
    for c in view.result.claims:
        for o in dict.fromkeys(c.origins):
            yield {"claim_id": c.id, "origin": o}


def _claim_entity_rows(view: ResultView) -> Rows:
    for c in view.result.claims:
        for e in dict.fromkeys(c.entities):
            if e in view.entity_names:
                yield {"claim_id": c.id, "entity_id": e}


def _db_mentions(view: ResultView) -> Iterator[tuple[str, Any]]:
    """(claim id, mention) for each mention that goes into the database: the first of each
    id, in an article the result holds."""
    seen: set[str] = set()
    for c in view.result.claims:
        for m in c.mentions:
            if m.article_id in view.articles and m.id not in seen:
                seen.add(m.id)
                yield c.id, m


def _mention_db_rows(view: ResultView) -> Rows:
    for claim_id, m in _db_mentions(view):
        yield {
            "id": m.id,
            "claim_id": claim_id,
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


def _mention_entity_rows(view: ResultView) -> Rows:
    for _, m in _db_mentions(view):
        for e in dict.fromkeys(m.entities):
            if e in view.entity_names:
                yield {"mention_id": m.id, "entity_id": e}


def _stance_rows(view: ResultView) -> Rows:
    """The claim x article cells something is known of: the article states the claim, or
    the stance model read it for the claim (the view ``stance_matrix`` fills in the rest)."""
    for c in view.result.claims:
        per_art: dict[str, list[str]] = {}
        for m in c.mentions:
            per_art.setdefault(m.article_id, []).append(mention_stance(m))
        ledger = {s.article_id: s for s in c.stances}
        for a in view.result.articles:
            found = per_art.get(a.id, [])
            cell = ledger.get(a.id)
            if cell is None and not found:
                continue
            yield {
                "claim_id": c.id,
                "article_id": a.id,
                "stance": cell.stance if cell else combine_stances(found),
                "source": cell.source if cell else ("mentions" if found else "none"),
                "probability": cell.probability if cell else (1.0 if found else 0.0),
                "supports": found.count("supports"),
                "reports": found.count("reports"),
                "denies": found.count("denies"),
            }


def _contradiction_rows(view: ResultView) -> Rows:
    mention_ids = {m.id for _, m in _db_mentions(view)}
    for x in view.result.contradictions:
        yield {
            "id": x.id,
            "kind": x.kind,
            "claim_id": x.claim_id if x.claim_id in view.claims else None,
            "mention_a": x.mention_a if x.mention_a in mention_ids else None,
            "mention_b": x.mention_b if x.mention_b in mention_ids else None,
            "ref_a": x.mention_a,
            "ref_b": x.mention_b,
            "explanation": x.explanation,
            "attribute": x.attribute or None,
        }


def _contradiction_value_rows(view: ResultView) -> Rows:
    mention_ids = {m.id for _, m in _db_mentions(view)}
    for x in view.result.contradictions:
        for v in x.values:
            for mid in dict.fromkeys(v.mention_ids):
                if mid in mention_ids:
                    yield {"contradiction_id": x.id, "mention_id": mid, "value": v.value}


def _event_keys(view: ResultView) -> Iterator[tuple[str, Event]]:
    """(row id, event): the event's id, ``ev<n>`` when it has none, ``<id>#<n>`` when an
    earlier event took it."""
    used: set[str] = set()
    for i, event in enumerate(view.result.events):
        eid = event.id or f"ev{i + 1}"
        if eid in used:
            eid = f"{eid}#{i + 1}"
        used.add(eid)
        yield eid, event


def _event_db_rows(view: ResultView) -> Rows:
    for eid, event in _event_keys(view):
        row = event_row(event)
        cells = {k: (None if row.get(k) == "" else row.get(k)) for k in EVENTS_COLUMNS}
        yield {"id": eid, **cells, "data": _json(event)}


def _event_claim_rows(view: ResultView) -> Rows:
    for eid, event in _event_keys(view):
        for c in dict.fromkeys(event.claim_ids):
            if c in view.claims:
                yield {"event_id": eid, "claim_id": c}


def _timeline_rows(view: ResultView) -> Rows:
    entry: TimelineEntry
    for i, entry in enumerate(view.result.timeline):
        yield {
            "id": i + 1,
            "event_id": entry.event_id or None,
            "date": entry.date or None,
            "label": entry.label or None,
            "status": entry.status or None,
            "date_basis": entry.date_basis,
            "date_confidence": entry.date_confidence if entry.date else None,
            "data": _json(entry),
        }


def _skipped_rows(view: ResultView) -> Rows:
    for k in view.result.skipped:
        yield {"path": k.path, "reason": k.reason, "line": k.line}


# --------------------------------------------------------------------------------------------
# The table spec: every column's SQL type comes from the model field it is read from.


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # TEXT, INTEGER or REAL
    not_null: bool = False
    unique: bool = False
    references: str | None = None  # "table(column)"


def _sql_type(hint: Any) -> str:
    """TEXT, INTEGER or REAL for a model field's type (``X | None`` as X; lists are joined)."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if typing.get_origin(hint) is typing.Literal:
        return _sql_type(type(args[0]))
    if args and typing.get_origin(hint) not in (list, dict):
        return _sql_type(args[0])
    if hint in (int, bool):
        return "INTEGER"
    if hint is float:
        return "REAL"
    return "TEXT"


def col(
    name: str,
    source: type | str,
    field: str | None = None,
    *,
    not_null: bool = False,
    unique: bool = False,
    ref: str | None = None,
) -> Column:
    """A column read from ``source.<field>`` (a model dataclass; ``field`` defaults to
    ``name``), or computed, with ``source`` its SQL type."""
    if isinstance(source, str):
        sql_type = source
    else:
        hints = typing.get_type_hints(source)
        sql_type = _sql_type(hints[field or name])
    return Column(name, sql_type, not_null, unique, ref)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    pk: tuple[str, ...]
    rows: Callable[[ResultView], Rows]
    indexes: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)

    def create_sql(self) -> str:
        lines = []
        for c in self.columns:
            bits = [c.name, c.type]
            if self.pk == (c.name,):
                bits.append("PRIMARY KEY")
            if c.not_null:
                bits.append("NOT NULL")
            if c.unique:
                bits.append("UNIQUE")
            if c.references:
                bits.append(f"REFERENCES {c.references}")
            lines.append(" ".join(bits))
        if len(self.pk) > 1:
            lines.append(f"PRIMARY KEY ({', '.join(self.pk)})")
        body = ",\n    ".join(lines)
        sql = [f"CREATE TABLE {self.name} (\n    {body}\n);"]
        sql += [
            f"CREATE INDEX {name} ON {self.name}({', '.join(cols)});"
            for name, cols in self.indexes.items()
        ]
        return "\n".join(sql)


TEXT, INTEGER, REAL = "TEXT", "INTEGER", "REAL"


def _event_sql_type(column: str) -> str:
    if column in _EVENT_INTEGERS:
        return INTEGER
    return REAL if column in _EVENT_REALS else TEXT


NN = {"not_null": True}
ARTICLE = {"not_null": True, "ref": "articles(id)"}
ENTITY = {"not_null": True, "ref": "entities(id)"}
CLAIM = {"not_null": True, "ref": "claims(id)"}

TABLES: tuple[Table, ...] = (
    Table(
        "meta",
        (col("key", TEXT), col("value", TEXT)),
        ("key",),
        _meta_rows,
    ),
    Table(
        "articles",
        (
            col("id", Article),
            col("number", INTEGER, not_null=True, unique=True),
            *(col(f, Article) for f in ("path", "title", "outlet", "published")),
            *(col(f, Article) for f in ("published_from", "url", "format", "warnings")),
            col("text", Article, **NN),
            col("source_text", Article),
        ),
        ("id",),
        _article_rows,
        {"idx_articles_outlet": ("outlet",)},
    ),
    Table(
        "sentences",
        (
            col("article_id", Sentence, **ARTICLE),
            col("idx", Sentence, "index", **NN),
            col("start_char", Sentence, "start", **NN),
            col("end_char", Sentence, "end", **NN),
            col("text", Sentence, **NN),
            col("is_heading", Sentence, **NN),
        ),
        ("article_id", "idx"),
        _sentence_rows,
    ),
    Table(
        "entities",
        (
            col("id", Entity),
            col("name", Entity, **NN),
            col("type", Entity),
            col("mention_count", INTEGER, **NN),
            col("article_count", INTEGER, **NN),
        ),
        ("id",),
        _entity_rows,
        {"idx_entities_name": ("name",)},
    ),
    Table(
        "entity_aliases",
        (col("entity_id", Entity, "id", **ENTITY), col("alias", TEXT, **NN)),
        ("entity_id", "alias"),
        _entity_alias_rows,
        {"idx_entity_aliases_alias": ("alias",)},
    ),
    Table(
        "entity_mentions",
        (
            col("id", INTEGER),
            col("entity_id", Entity, "id", **ENTITY),
            col("article_id", EntityMention, **ARTICLE),
            col("start_char", EntityMention, "start", **NN),
            col("end_char", EntityMention, "end", **NN),
            col("text", EntityMention),
        ),
        ("id",),
        _entity_mention_rows,
        {
            "idx_entity_mentions_entity": ("entity_id",),
            "idx_entity_mentions_article": ("article_id",),
        },
    ),
    Table(
        "entity_descriptors",
        (
            col("id", INTEGER),
            col("entity_id", Entity, "id", **ENTITY),
            col("article_id", Descriptor, **ARTICLE),
            col("start_char", Descriptor, "start", **NN),
            col("end_char", Descriptor, "end", **NN),
            col("text", Descriptor),
            col("kind", Descriptor),
            col("sentence", Descriptor),
        ),
        ("id",),
        _entity_descriptor_rows,
        {
            "idx_entity_descriptors_entity": ("entity_id",),
            "idx_entity_descriptors_article": ("article_id",),
        },
    ),
    Table(
        "claims",
        (
            col("id", Claim),
            col("rank", INTEGER, **NN),
            col("summary", Claim),
            col("status", Claim, **NN),
            col("independent_origins", Claim, **NN),
            col("origins", Claim),
            col("article_count", Claim, **NN),
            col("mention_count", INTEGER, **NN),
        ),
        ("id",),
        _claim_db_rows,
        {"idx_claims_status": ("status",)},
    ),
    Table(
        "claim_origins",
        (col("claim_id", Claim, "id", **CLAIM), col("origin", ClaimMention, **NN)),
        ("claim_id", "origin"),
        _claim_origin_rows,
        {"idx_claim_origins_origin": ("origin",)},
    ),
    Table(
        "claim_entities",
        (col("claim_id", Claim, "id", **CLAIM), col("entity_id", Entity, "id", **ENTITY)),
        ("claim_id", "entity_id"),
        _claim_entity_rows,
        {"idx_claim_entities_entity": ("entity_id",)},
    ),
    Table(
        "mentions",
        (
            col("id", ClaimMention),
            col("claim_id", Claim, "id", **CLAIM),
            col("article_id", ClaimMention, **ARTICLE),
            col("sentence_index", ClaimMention, **NN),
            col("sentence", ClaimMention),
            col("start_char", ClaimMention, "start", **NN),
            col("end_char", ClaimMention, "end", **NN),
            *(col(f, ClaimMention) for f in ("orig_start", "orig_end", "text", "speaker")),
            *(col(f, ClaimMention) for f in ("speaker_kind", "affiliation", "via", "cue")),
            col("hedged", ClaimMention, **NN),
            col("hedging", ClaimMention),
            col("polarity", ClaimMention, **NN),
            col("stance", ArticleStance, **NN),
            col("origin", ClaimMention),
            col("denied_target", ClaimMention),
        ),
        ("id",),
        _mention_db_rows,
        {
            "idx_mentions_claim": ("claim_id",),
            "idx_mentions_article": ("article_id", "sentence_index"),
            "idx_mentions_origin": ("origin",),
        },
    ),
    Table(
        "mention_entities",
        (
            col("mention_id", ClaimMention, "id", not_null=True, ref="mentions(id)"),
            col("entity_id", Entity, "id", **ENTITY),
        ),
        ("mention_id", "entity_id"),
        _mention_entity_rows,
        {"idx_mention_entities_entity": ("entity_id",)},
    ),
    Table(
        "stances",
        (
            col("claim_id", Claim, "id", **CLAIM),
            col("article_id", ArticleStance, **ARTICLE),
            col("stance", ArticleStance, **NN),
            col("source", ArticleStance, **NN),
            col("probability", ArticleStance, **NN),
            *(col(f, INTEGER, **NN) for f in ("supports", "reports", "denies")),
        ),
        ("claim_id", "article_id"),
        _stance_rows,
        {"idx_stances_article": ("article_id",)},
    ),
    Table(
        "contradictions",
        (
            col("id", Contradiction),
            col("kind", Contradiction, **NN),
            col("claim_id", Contradiction, ref="claims(id)"),
            col("mention_a", Contradiction, ref="mentions(id)"),
            col("mention_b", Contradiction, ref="mentions(id)"),
            col("ref_a", Contradiction, "mention_a"),
            col("ref_b", Contradiction, "mention_b"),
            col("explanation", Contradiction),
            col("attribute", Contradiction),
        ),
        ("id",),
        _contradiction_rows,
        {
            "idx_contradictions_claim": ("claim_id",),
            "idx_contradictions_a": ("mention_a",),
            "idx_contradictions_b": ("mention_b",),
        },
    ),
    Table(
        "contradiction_values",
        (
            col("contradiction_id", Contradiction, "id", not_null=True, ref="contradictions(id)"),
            col("mention_id", ClaimMention, "id", not_null=True, ref="mentions(id)"),
            col("value", DetailValue, **NN),
        ),
        ("contradiction_id", "mention_id"),
        _contradiction_value_rows,
        {"idx_contradiction_values_mention": ("mention_id",)},
    ),
    Table(
        "events",
        (
            col("id", Event),
            *(col(c, _event_sql_type(c)) for c in EVENTS_COLUMNS),
            col("data", TEXT),
        ),
        ("id",),
        _event_db_rows,
        {"idx_events_date": ("event_date",)},
    ),
    Table(
        "event_claims",
        (
            col("event_id", Event, "id", not_null=True, ref="events(id)"),
            col("claim_id", Claim, "id", **CLAIM),
        ),
        ("event_id", "claim_id"),
        _event_claim_rows,
        {"idx_event_claims_claim": ("claim_id",)},
    ),
    Table(
        "timeline",
        (
            col("id", INTEGER),
            col("event_id", TimelineEntry),
            col("date", TimelineEntry),
            col("label", TimelineEntry),
            col("status", TimelineEntry),
            col("date_basis", TimelineEntry),
            col("date_confidence", TimelineEntry),
            col("data", TEXT),
        ),
        ("id",),
        _timeline_rows,
    ),
    Table(
        "skipped",
        (col("id", INTEGER), col("path", Skipped), col("reason", Skipped), col("line", Skipped)),
        ("id",),
        _skipped_rows,
    ),
)


# Every claim x article cell, the silent ones computed rather than stored.
STANCE_MATRIX_VIEW = """CREATE VIEW stance_matrix AS
SELECT c.id AS claim_id, a.id AS article_id,
       coalesce(s.stance, 'silent') AS stance, coalesce(s.source, 'none') AS source,
       coalesce(s.probability, 0.0) AS probability, coalesce(s.supports, 0) AS supports,
       coalesce(s.reports, 0) AS reports, coalesce(s.denies, 0) AS denies
FROM claims c CROSS JOIN articles a
LEFT JOIN stances s ON s.claim_id = c.id AND s.article_id = a.id;"""


def schema_sql() -> str:
    """The CREATE TABLE, CREATE INDEX and CREATE VIEW statements of rashomon.db."""
    return "\n".join(t.create_sql() for t in TABLES) + "\n" + STANCE_MATRIX_VIEW + "\n"


def write_sqlite(result: AnalysisResult, path: Path) -> None:
    """Write ``rashomon.db`` atomically (a temporary file renamed into place).

    Raises :class:`sqlite3.IntegrityError` (and leaves no file) if a foreign key does not
    resolve.
    """

    def fill(tmp: str) -> None:
        con = sqlite3.connect(tmp)
        try:
            # The file is private until it is renamed into place, and a crash leaves only the
            # temporary file: no journal and no sync per committed chunk are needed.
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.execute("PRAGMA foreign_keys = ON")
            con.executescript(schema_sql())
            db = sqlite_utils.Database(con)
            view = ResultView(result)
            for table in TABLES:
                rows = ({k: clean(v) for k, v in row.items()} for row in table.rows(view))
                db.table(table.name).insert_all(rows)
            bad = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise sqlite3.IntegrityError(f"foreign key check failed: {bad[:5]}")
        finally:
            con.close()

    atomic_write(Path(path), fill)
