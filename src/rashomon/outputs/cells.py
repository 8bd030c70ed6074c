"""Cell values shared by the CSV files and rashomon.db: list joins, text cleaning, event rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import AnalysisResult, Claim, Event
from ..story.events import events_csv_rows

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
    "date_basis",
    "date_confidence",
]

VIA_JOIN = " > "
LIST_JOIN = "; "


def clean(value: Any) -> Any:
    """Strings that UTF-8 can encode (a lone surrogate from a JSON input becomes U+FFFD)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in value)
    return value


def event_row(event: Event) -> dict[str, Any]:
    """One ACLED-like row (:data:`EVENTS_COLUMNS`) for an event, as
    ``rashomon.story.events.events_csv_rows`` writes it."""
    return dict(events_csv_rows([event])[0])


def event_rows(result: AnalysisResult) -> Iterator[dict[str, Any]]:
    for event in result.events:
        yield event_row(event)


def claim_cells(rank: int, c: Claim) -> dict[str, Any]:
    """The cells of a claim that claims.csv and the claims table share, in column order."""
    return {
        "rank": rank,
        "summary": c.summary,
        "status": c.status,
        "independent_origins": c.independent_origins,
        "origins": LIST_JOIN.join(c.origins),
        "article_count": c.article_count,
        "mention_count": len(c.mentions),
    }
