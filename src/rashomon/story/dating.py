"""Dates at the story level: when undated articles were written, and dates relative to events.

An article's own expressions are parsed and resolved per article
(:func:`rashomon.extract.timex.times_for_article`); what needs the other articles is here:

* :func:`infer_undated` — a window of days for each article without a date, and its relative
  expressions re-resolved against every day of it, with ``anchor="inferred"`` and a confidence.
* :func:`resolve_event_anchored` — "two days before the strike", once events have dates.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from ..extract.timex import parse_date, resolve
from ..extract.timex_words import UNIT_DAYS
from ..model import Article, DateAnchor, TimeExpression


def infer_undated(
    articles: Sequence[Article],
    times_by_article: dict[str, list[TimeExpression]],
    *,
    max_window: int = 14,
    reported: dict[str, list[date]] | None = None,
) -> tuple[dict[str, DateAnchor], dict[str, list[TimeExpression]]]:
    """Anchor every article; for undated ones, infer a window and re-resolve their dates.

    An undated article was written within the story's dated span (the earliest to the latest
    publication date of its dated articles), and not before what it reports: the latest full
    date it names itself, or the latest day of an event it reports that dated articles date
    (``reported``: article id -> those days; see ``pipeline._reported_days``). Without dated
    articles only a full date in its lead (dateline, first sentences) anchors it, for a week:
    a date further down is as often background ("the 2005 quake") as news. Each relative
    expression is resolved against every day of the window; when the days agree, the value
    stands with ``confidence`` = the rule's own confidence; when they disagree, the value is
    the range of their answers ("Monday" is 30 August or 6 September), never one of them.

    Returns ``(anchors, times)``: one :class:`DateAnchor` per article, and a new mapping of
    expressions in which the undated articles' relative ones carry ``anchor="inferred"``.
    """
    dated = [d for a in articles if (d := parse_date(a.published))]
    lo, hi = (min(dated), max(dated)) if dated else (None, None)
    anchors: dict[str, DateAnchor] = {}
    new_times: dict[str, list[TimeExpression]] = {}
    for a in articles:
        times = times_by_article.get(a.id, [])
        pub = parse_date(a.published)
        if pub:
            anchors[a.id] = DateAnchor(
                a.id, "published", pub.isoformat(), pub.isoformat(), 1.0, [a.published_from or ""]
            )
            new_times[a.id] = times
            continue
        window = _undated_window(times, lo, hi, (reported or {}).get(a.id, []))
        if window is None:
            anchors[a.id] = DateAnchor(a.id, "none", None, None, 0.0, ["no date anywhere"])
            new_times[a.id] = times
            continue
        start, end, basis = window
        if (end - start).days + 1 > max_window:
            start = end - timedelta(days=max_window - 1)
        days = [start + timedelta(days=i) for i in range((end - start).days + 1)]
        anchors[a.id] = DateAnchor(
            a.id, "inferred", start.isoformat(), end.isoformat(), round(1 / len(days), 3), basis
        )
        new_times[a.id] = [_infer_one(t, days) for t in times]
    return anchors, new_times


# A lead: the headline, standfirst, dateline and first sentence a web page puts before the
# story (the first four sentences), or its first 400 characters.
_LEAD_SENTENCES, _LEAD_CHARS = 4, 400


def _undated_window(
    times: Sequence[TimeExpression], lo: date | None, hi: date | None, reported: Sequence[date]
) -> tuple[date, date, list[str]] | None:
    """(first day, last day, basis) of the days an undated article may have been written."""
    own = [
        (d, t)
        for t in times
        if t.anchor == "absolute" and t.granularity == "day" and (d := parse_date(t.value_end))
    ]
    own_max = max((d for d, _ in own), default=None)
    seen = max(reported, default=None)
    basis: list[str] = []
    if lo and hi:
        floors = [d for d in (own_max, seen) if d]
        start = max([lo, *floors])
        basis.append(f"story articles dated {lo.isoformat()}..{hi.isoformat()}")
        if own_max:
            basis.append(f"latest date it names: {own_max.isoformat()}")
        if seen:
            basis.append(f"latest dated event it reports: {seen.isoformat()}")
        return start, max(hi, start), basis
    lead = [d for d, t in own if _in_lead(t)]
    if not lead:
        return None
    start = max(lead)
    return start, start + timedelta(days=7), [f"date in its lead: {start.isoformat()}"]


def _in_lead(t: TimeExpression) -> bool:
    return 0 <= t.sentence_index < _LEAD_SENTENCES or t.start < _LEAD_CHARS


def _infer_one(t: TimeExpression, days: list[date]) -> TimeExpression:
    if t.anchor is not None or t.kind in ("event_relative", "dateparser"):
        return t
    results = [(d, resolve(t.kind, t.params, d)) for d in days]
    votes = Counter((r[0], r[1], r[2]) for _, r in results if r is not None)
    if not votes:
        return t
    n = sum(votes.values())
    base = min(r[3] for _, r in results if r is not None)
    out = TimeExpression(**{**t.__dict__})
    out.anchor, out.anchor_date = "inferred", max(d for d, r in results if r).isoformat()
    out.confidence = round(base * n / len(days), 3)
    if len(votes) == 1:
        ((gran, s, e),) = votes
        out.granularity, out.value_start, out.value_end = gran, s.isoformat(), e.isoformat()
        out.note = f"{n} of {len(days)} days of the inferred window give this date"
        return out
    # The window's days disagree ("Monday" is 30 August from some, 6 September from others):
    # the honest value is the range of their answers, not the answer of most days.
    out.granularity = "range"
    out.value_start = min(s for _g, s, _e in votes).isoformat()
    out.value_end = max(e for _g, _s, e in votes).isoformat()
    answers = sorted({s.isoformat() if s == e else f"{s}..{e}" for _g, s, e in votes})
    out.note = " or ".join(answers) + ", by the day the undated article was written"
    return out


def resolve_event_anchored(
    times: Iterable[TimeExpression], dated: dict[str, str]
) -> list[TimeExpression]:
    """Resolve "two days before the strike" once the referent is dated.

    ``dated`` maps lower-case keywords ("strike", "bombing", "veyla") to an ISO day; the first
    keyword found in the expression's referent gives the anchor. Other expressions pass through.
    """
    out: list[TimeExpression] = []
    for t in times:
        if t.kind != "event_relative" or t.value_start:
            out.append(t)
            continue
        ref = str(t.params.get("referent", "")).lower()
        hit = next(
            (iso for kw, iso in dated.items() if re.search(rf"\b{re.escape(kw)}", ref)), None
        )
        d = parse_date(hit)
        if d is None:
            out.append(t)
            continue
        n, unit = t.params.get("n", 1), t.params.get("unit", "day")
        delta = timedelta(days=round(n * UNIT_DAYS.get(unit, 1)))
        v = d - delta if t.params.get("direction") == "before" else d + delta
        new = TimeExpression(**{**t.__dict__})
        new.value_start = new.value_end = v.isoformat()
        new.granularity = "day" if unit in ("hour", "day") else unit
        new.anchor, new.anchor_date, new.confidence = "event", d.isoformat(), 0.7
        new.note = f"relative to {t.params.get('referent')!r} dated {d.isoformat()}"
        out.append(new)
    return out


__all__ = ["infer_undated", "resolve_event_anchored"]
