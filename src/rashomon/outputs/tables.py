"""Tabular exports: ``claims.csv``, ``mentions.csv``, ``events.csv`` and ``rashomon.db`` (SQLite).

The CSV files are UTF-8 (no BOM), comma-separated, with a header row; their columns are
:data:`CLAIMS_COLUMNS`, :data:`MENTIONS_COLUMNS` and :data:`EVENTS_COLUMNS`. A text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
spreadsheet does not run article text as a formula; the SQLite file keeps the text as it is.

``rashomon.db`` is written by :mod:`rashomon.outputs.database`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import AnalysisResult
from ..story.ledger import combine_stances, mention_stance
from .cells import (
    EVENTS_COLUMNS,
    LIST_JOIN,
    VIA_JOIN,
    claim_cells,
    clean,
    event_row,
    event_rows,
)
from .database import TABLES, write_sqlite
from .files import atomic_write_text
from .view import ResultView

__all__ = [
    "CLAIMS_COLUMNS",
    "EVENTS_COLUMNS",
    "MENTIONS_COLUMNS",
    "TABLES",
    "claim_rows",
    "combine_stances",
    "event_row",
    "event_rows",
    "mention_rows",
    "mention_stance",
    "write_claims_csv",
    "write_events_csv",
    "write_exports",
    "write_mentions_csv",
    "write_sqlite",
]

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

STANCES = ("supports", "reports", "denies", "mixed", "silent")


# --------------------------------------------------------------------------------------------
# CSV


def _cell(value: Any) -> Any:
    value = clean(value)
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
    view = ResultView(result)
    names = view.entity_names
    for rank, c in enumerate(view.ranked, start=1):
        yield {
            "claim_id": c.id,
            **claim_cells(rank, c),
            "supporting": " ".join(c.supporting),
            "denying": " ".join(c.denying),
            "entities": LIST_JOIN.join(names.get(e, e) for e in c.entities),
        }


def mention_rows(result: AnalysisResult) -> Iterator[dict[str, Any]]:
    view = ResultView(result)
    for c in result.claims:
        for m in c.mentions:
            art = view.articles.get(m.article_id)
            yield {
                "mention_id": m.id,
                "claim_id": c.id,
                "article_id": m.article_id,
                "article_number": view.number.get(m.article_id),
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


def write_claims_csv(result: AnalysisResult, path: Path) -> None:
    atomic_write_text(path, _csv_text(CLAIMS_COLUMNS, claim_rows(result)), newline="")


def write_mentions_csv(result: AnalysisResult, path: Path) -> None:
    atomic_write_text(path, _csv_text(MENTIONS_COLUMNS, mention_rows(result)), newline="")


def write_events_csv(result: AnalysisResult, path: Path) -> None:
    """The header is written even when there are no events."""
    atomic_write_text(path, _csv_text(EVENTS_COLUMNS, event_rows(result)), newline="")


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
