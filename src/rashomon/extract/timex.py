"""Time normalisation: the dates an article mentions, resolved against its publication date.

News tells time relative to its own date ("on Sunday", "yesterday", "last week", "in the past
48 hours"), so every expression is first *parsed* into a kind and parameters that do not depend
on the anchor, then *resolved* against one. Keeping the two apart lets :func:`infer_undated`
re-resolve the expressions of an undated article against every day of an inferred window and
say how many of them agree.

Entry points:

* :func:`times_for_article` — per article, pure, output serialisable (``model.to_dict``).
* :func:`infer_undated` — story level: a date window for articles without a date, and their
  expressions re-resolved with ``anchor="inferred"`` and a confidence.
* :func:`resolve_event_anchored` — "two days before the strike", once events have dates.

Rules (documented because they are choices, not facts):

* A weekday is the most recent such day not after publication (the publication day itself
  when it is that weekday); "last <weekday>" excludes the publication day; "next <weekday>"
  and a future cue ("will", "is due to", "scheduled") pick the next one after publication.
* "last week" is the Monday–Sunday week before the publication week; "over the weekend" the
  most recent Saturday–Sunday not after publication.
* "in the past N hours/days" is a range ending at publication; hours are counted from the
  start of the publication day when the time of day is unknown.
* A month-day or month without a year takes the year that puts it closest to publication,
  with dates after publication counted three times as far (news mostly reports the past).
* early / mid / late narrow a month to days 1–10 / 11–20 / 21–end and a year to Jan–Apr /
  May–Aug / Sep–Dec, but the granularity stays "month" / "year".
* Time-of-day words (morning, night...) are kept in ``time_of_day`` and never move the date.

Candidates come from regular expressions over the text plus spaCy DATE/TIME entities the
regexes missed; those are handed to ``dateparser`` (short strings only, with RELATIVE_BASE)
and kept at a lower confidence.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ..model import Article, DateAnchor, Sentence, TimeExpression
from .timex_words import (
    DATE_WORD,
    FUTURE_CUE,
    MONTHS,
    NOT_A_DATE,
    PATTERNS,
    SMALL_NUMBERS,
    UNIT_DAYS,
    WEEKDAYS,
)

# ---------------------------------------------------------------------------------------------
# parsing


def parse_date(value: str | None) -> date | None:
    """The calendar date of an ISO date or datetime ("2024-03-04T16:20:00+00:00")."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None


def _num(word: str | None) -> int | None:
    if word is None:
        return None
    w = word.lower().strip()
    if w.isdigit():
        return int(w)
    return SMALL_NUMBERS.get(w)


def _part(word: str | None) -> str | None:
    if not word:
        return None
    w = word.lower()
    if w in ("early", "the beginning of", "the start of", "earlier"):
        return "early"
    if w in ("mid", "the middle of"):
        return "mid"
    if w in ("late", "the end of", "later"):
        return "late"
    return None


def _modifier(prep: str | None) -> str | None:
    if not prep:
        return None
    p = prep.lower()
    if p in ("since", "from"):
        return "since"
    if p in ("until", "till", "by"):
        return "until"
    if p in ("before", "after"):
        return p
    return None


_Parsed = tuple[str, dict[str, Any]]


def _shared_params(m: re.Match[str], text: str) -> dict[str, Any] | None:
    """What every kind records: preposition, future cue, time of day and month.

    None when a month name is an ordinary word ("may", "march").
    """
    g = m.groupdict()
    prep = g.get("prep")
    p: dict[str, Any] = {"prep": prep.lower() if prep else None}
    before = text[max(0, m.start() - 60) : m.start()]
    p["future"] = bool(FUTURE_CUE.search(before) or FUTURE_CUE.search(m.group(0)))
    if g.get("tod"):
        p["tod"] = g["tod"].lower()
    mon = g.get("mon")
    if mon is not None:
        raw = mon.rstrip(".")
        if not raw[0].isupper():
            return None  # "may", "march" as words, not months
        p["month"] = MONTHS[raw.lower()]
    return p


def _numeric_date(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "2024-03-04", "4/3/24": a day, unless the numbers make no calendar date."""
    year = int(g["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    month = int(g["m"])
    day = int(g["day"])
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    numeric = kind == "numeric_date"
    return "absolute_day", {**p, "year": year, "m": month, "day": day, "numeric": numeric}


def _month_day(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "March 4 (2024)", "4 March": a day, absolute when the year is given."""
    day = int(g["day"])
    if not 1 <= day <= 31:
        return None
    if g.get("year"):
        return "absolute_day", {**p, "year": int(g["year"]), "m": p["month"], "day": day}
    return "month_day", {**p, "m": p["month"], "day": day}


def _month(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "early March 2024", "March 2024", "last March": a month, maybe narrowed or shifted."""
    if kind == "month_part":
        if g.get("year"):
            return "month", {**p, "m": p["month"], "year": int(g["year"]), "part": _part(g["part"])}
        return "month", {**p, "m": p["month"], "part": _part(g["part"])}
    if kind == "month_year":
        return "month", {**p, "m": p["month"], "year": int(g["year"]), "part": None}
    pr = (g.get("prep") or "").lower()
    shift = {"last": -1, "next": 1}.get(pr)
    return "month", {
        **p,
        "m": p["month"],
        "part": _part(pr),
        "shift": shift,
        "prep": pr if pr not in ("last", "next", "this", "early", "late", "mid") else None,
    }


def _counted(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "in the past 48 hours", "three days ago": a count of units; None when no count."""
    n = _num(g["num"])
    if n is None:
        return None
    return kind, {**p, "n": n, "unit": g["unit"].lower()}


def _event_relative(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "two days before the strike": resolved once the event has a date."""
    n = _num(g.get("num")) if g.get("num") else 1
    unit = (g.get("unit") or g.get("unit2") or "day").lower()
    direction = "before" if g["dir"].lower() in ("before", "prior to", "ahead of") else "after"
    return "event_relative", {
        **p,
        "n": n,
        "unit": "day" if unit == "night" else unit,
        "direction": direction,
        "referent": g["ref"],
    }


def _relative_period(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "last week", "this month", "over the weekend": a period relative to publication."""
    if kind == "weekend":
        return "weekend", {**p, "offset": 0}
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    offset = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "weekend":
        return "weekend", {**p, "offset": offset}
    return f"relative_{unit}", {**p, "offset": offset, "part": _part(g.get("part"))}


def _relative_day(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "yesterday", "tonight", "the day after tomorrow": a day offset from publication."""
    rel = re.sub(r"\s+", " ", g["rel"].lower())
    offset = {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
        "last night": -1,
    }.get(rel, 0)
    if rel.startswith("this ") or rel in ("tonight", "last night"):
        p.setdefault("tod", rel.split()[-1])
    return "relative_day", {**p, "offset": offset}


def _weekday(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "on Sunday", "last Monday", "next Friday": which way to look depends on the words."""
    wd = WEEKDAYS.index(g["wd"].lower())
    pr = re.sub(r"\s+", " ", (g.get("prep") or "").lower())
    direction = "past"
    if pr == "last" or pr == "previous":
        direction = "last"
    elif pr in ("next", "coming", "this coming") or p["future"]:
        direction = "next"
    if g.get("prep2"):
        p["part"] = g["prep2"].lower()
    if pr == "overnight":
        p["tod"] = "night"
    return "weekday", {
        **p,
        "wd": wd,
        "direction": direction,
        "prep": pr if pr not in ("last", "next", "this", "coming", "previous") else None,
    }


def _year(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "in 2019", "the summer of 2019", "© 2024", "the 1990s"."""
    if kind == "decade":
        return "decade", {**p, "year": int(g["year"])}
    pr = (g.get("prep") or "").lower()
    year = int(g["year"])
    season = re.match(r"the (summer|spring|autumn|fall|winter) of", pr)
    return "year", {
        **p,
        "year": year,
        "part": _part(pr),
        "season": season.group(1) if season else None,
        "copyright": pr == "©",
    }


# Each pattern kind's rule: (kind, groups, shared params) -> (kind, params) or None.
_KIND_RULES: dict[str, Callable[[str, dict[str, Any], dict[str, Any]], _Parsed | None]] = {
    "iso_date": _numeric_date,
    "numeric_date": _numeric_date,
    "month_day": _month_day,
    "day_month": _month_day,
    "month_part": _month,
    "month_year": _month,
    "month": _month,
    "past_period": _counted,
    "ago": _counted,
    "event_relative": _event_relative,
    "relative_period": _relative_period,
    "weekend": _relative_period,
    "relative_day": _relative_day,
    "weekday": _weekday,
    "year": _year,
    "decade": _year,
}


def _params(kind: str, m: re.Match[str], text: str) -> _Parsed | None:
    """Turn one regex match into (kind, params); None when the match is not a date after all."""
    p = _shared_params(m, text)
    if p is None:
        return None
    rule = _KIND_RULES.get(kind)
    return rule(kind, m.groupdict(), p) if rule is not None else None


# ---------------------------------------------------------------------------------------------
# resolving


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _narrow_month(y: int, m: int, part: str | None) -> tuple[date, date]:
    end = _month_end(y, m)
    if part == "early":
        return date(y, m, 1), date(y, m, 10)
    if part == "mid":
        return date(y, m, 11), date(y, m, 20)
    if part == "late":
        return date(y, m, 21), end
    return date(y, m, 1), end


def _narrow_year(y: int, part: str | None) -> tuple[date, date]:
    if part == "early":
        return date(y, 1, 1), date(y, 4, 30)
    if part == "mid":
        return date(y, 5, 1), date(y, 8, 31)
    if part == "late":
        return date(y, 9, 1), date(y, 12, 31)
    return date(y, 1, 1), date(y, 12, 31)


def _closest_year(anchor: date, m: int, day: int, future: bool) -> date | None:
    best: tuple[float, date] | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = date(y, m, min(day, calendar.monthrange(y, m)[1]))
        except ValueError:
            continue
        delta = (d - anchor).days
        # News reports the past: a date ahead of publication counts three times as far,
        # unless the sentence speaks of the future.
        cost = abs(delta) * (1 if future or delta <= 0 else 3)
        if future and delta < 0:
            cost *= 3
        if best is None or cost < best[0]:
            best = (cost, d)
    return best[1] if best else None


Resolved = tuple[str, date, date, float]  # granularity, start, end (inclusive), confidence


def resolve(kind: str, p: dict[str, Any], anchor: date | None) -> Resolved | None:
    """Resolve parsed parameters against an anchor day (None: only absolute dates resolve)."""
    if kind == "absolute_day":
        d = date(p["year"], p["m"], p["day"])
        # A slashed date could be M/D or D/M: trust it less than a written one.
        return "day", d, d, 0.8 if p.get("numeric") else 0.95
    if kind == "year":
        s, e = _narrow_year(p["year"], p.get("part"))
        return "year", s, e, 0.9
    if kind == "decade":
        return "range", date(p["year"], 1, 1), date(p["year"] + 9, 12, 31), 0.9
    if kind == "month" and p.get("year"):
        s, e = _narrow_month(p["year"], p["m"], p.get("part"))
        return "month", s, e, 0.95
    if anchor is None:
        return None
    if kind == "month_day":
        md = _closest_year(anchor, p["m"], p["day"], p.get("future", False))
        return ("day", md, md, 0.85) if md else None
    if kind == "month":
        m = p["m"]
        shift = p.get("shift")
        if shift == -1:
            y = anchor.year if m < anchor.month else anchor.year - 1
        elif shift == 1:
            y = anchor.year if m > anchor.month else anchor.year + 1
        else:
            mid = _closest_year(anchor, m, 15, p.get("future", False))
            y = mid.year if mid else anchor.year
        s, e = _narrow_month(y, m, p.get("part"))
        return "month", s, e, 0.85
    if kind == "relative_day":
        d = anchor + timedelta(days=p["offset"])
        return "day", d, d, 0.95
    if kind == "weekday":
        wd = p["wd"]
        back = (anchor.weekday() - wd) % 7
        if p["direction"] == "last" and back == 0:
            back = 7
        if p["direction"] == "next":
            ahead = (wd - anchor.weekday()) % 7 or 7
            d = anchor + timedelta(days=ahead)
            return "day", d, d, 0.7
        d = anchor - timedelta(days=back)
        return "day", d, d, 0.9
    if kind == "weekend":
        # Most recent Saturday not after the anchor (this weekend when it is Sat/Sun).
        sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
        sat += timedelta(days=7 * p["offset"]) if p["offset"] > 0 else timedelta(0)
        if p["offset"] < 0 and anchor.weekday() >= 5:
            sat -= timedelta(days=7)
        return "range", sat, sat + timedelta(days=1), 0.85
    if kind == "relative_week":
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=p["offset"])
        s, e = monday, monday + timedelta(days=6)
        if p.get("part") == "early":
            e = monday + timedelta(days=2)
        elif p.get("part") == "late":
            s = monday + timedelta(days=4)
        return "week", s, e, 0.85
    if kind == "relative_month":
        y, m = anchor.year, anchor.month + p["offset"]
        if m < 1:
            y, m = y - 1, m + 12
        elif m > 12:
            y, m = y + 1, m - 12
        s, e = _narrow_month(y, m, p.get("part"))
        return "month", s, e, 0.85
    if kind == "relative_year":
        s, e = _narrow_year(anchor.year + p["offset"], p.get("part"))
        return "year", s, e, 0.85
    if kind == "past_period":
        days = p["n"] * UNIT_DAYS[p["unit"]]
        s = anchor - timedelta(days=int(days) if days >= 1 else 0)
        return "range", s, anchor, 0.85
    if kind == "ago":
        days = p["n"] * UNIT_DAYS[p["unit"]]
        d = anchor - timedelta(days=round(days))
        gran = {"hour": "day", "day": "day", "week": "week", "fortnight": "week"}.get(
            p["unit"], "month" if p["unit"] == "month" else "year"
        )
        return gran, d, d, 0.8
    return None  # event_relative waits for an event; dateparser ones carry their own value


# ---------------------------------------------------------------------------------------------
# the per-article entry point


def times_for_article(
    article: Article, doc: Any | None = None, sentences: Sequence[Sentence] = ()
) -> list[TimeExpression]:
    """Every date or period the article mentions, resolved against its publication date.

    ``doc`` (a spaCy Doc of ``article.text``) adds DATE/TIME entities the patterns miss;
    ``sentences`` give each expression its ``sentence_index`` (-1 without them). Pure: the
    article is not changed, and the output is plain data.
    """
    text = article.text
    anchor = parse_date(article.published)
    spans: list[tuple[int, int, str, dict[str, Any]]] = []
    taken = [False] * (len(text) + 1)

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    for name, pat in PATTERNS:
        for m in pat.finditer(text):
            s, e = m.span()
            if s == e or not free(s, e):
                continue
            parsed = _params(name, m, text)
            if parsed is None:
                continue
            kind, params = parsed
            if kind == "year" and params.get("copyright"):
                continue  # "© 2024" dates the site's copyright, not an event
            spans.append((s, e, kind, params))
            for i in range(s, e):
                taken[i] = True
    if doc is not None:
        for ent in getattr(doc, "ents", ()):
            if ent.label_ not in ("DATE", "TIME"):
                continue
            s, e = ent.start_char, ent.end_char
            if not free(s, e):
                continue
            extra = _dateparser_candidate(ent.text, anchor)
            if extra is None:
                continue
            spans.append((s, e, "dateparser", extra))
            for i in range(s, e):
                taken[i] = True
    spans.sort(key=lambda x: x[0])
    out: list[TimeExpression] = []
    for s, e, kind, params in spans:
        out.append(_expression(article, s, e, kind, params, anchor, sentences, len(out)))
    return out


def _sentence_index(sentences: Sequence[Sentence], pos: int) -> int:
    for s in sentences:
        if s.start <= pos < s.end:
            return s.index
    return -1


def _expression(
    article: Article,
    s: int,
    e: int,
    kind: str,
    params: dict[str, Any],
    anchor: date | None,
    sentences: Sequence[Sentence],
    n: int,
) -> TimeExpression:
    granularity = {
        "absolute_day": "day", "month_day": "day", "weekday": "day", "relative_day": "day",
        "ago": "day", "month": "month", "relative_month": "month", "year": "year",
        "relative_year": "year", "relative_week": "week", "weekend": "range",
        "past_period": "range", "decade": "range", "event_relative": "day",
    }.get(kind)  # fmt: skip
    ostart, oend = article.original_span(s, e)
    t = TimeExpression(
        id=f"{article.id}-t{n + 1}",
        article_id=article.id,
        start=s,
        end=e,
        text=article.text[s:e],
        sentence_index=_sentence_index(sentences, s),
        kind=kind,
        granularity=granularity,
        modifier=_modifier(params.get("prep")) or params.get("part"),
        time_of_day=params.get("tod"),
        orig_start=ostart,
        orig_end=oend,
        params=params,
    )
    if kind == "dateparser":
        t.granularity = params.get("granularity", "day")
        t.value_start = t.value_end = params.get("value")
        t.anchor = "published" if anchor else None
        t.anchor_date = anchor.isoformat() if anchor else None
        t.confidence = 0.5
        t.note = "read by dateparser from a spaCy DATE/TIME entity"
        return t
    return _apply(t, resolve(kind, params, anchor), anchor, "published")


def _apply(
    t: TimeExpression, res: Resolved | None, anchor: date | None, how: str
) -> TimeExpression:
    if res is None:
        t.note = t.note or (
            "no anchor: the article has no publication date"
            if anchor is None
            else "relative to an event; resolved once events are dated"
        )
        return t
    gran, s, e, conf = res
    t.granularity, t.value_start, t.value_end, t.confidence = (
        gran,
        s.isoformat(),
        e.isoformat(),
        conf,
    )
    absolute = t.kind in ("absolute_day", "year", "decade") or (
        t.kind == "month" and t.params.get("year")
    )
    t.anchor = "absolute" if absolute else how
    t.anchor_date = None if absolute or anchor is None else anchor.isoformat()
    return t


def _dateparser_candidate(text: str, anchor: date | None) -> dict[str, Any] | None:
    """A spaCy DATE/TIME entity the patterns missed, read by dateparser; None if not a date."""
    cleaned = text.strip()
    if len(cleaned) > 40 or NOT_A_DATE.match(cleaned) or not DATE_WORD.search(cleaned):
        return None
    if anchor is None and not re.search(r"\b(?:1[89]|20)\d\d\b", cleaned):
        return None
    import dateparser  # slow to import: only when an entity needs it

    base = datetime.combine(anchor or date(2000, 1, 1), datetime.min.time())
    try:
        got = dateparser.parse(
            cleaned,
            languages=["en"],
            settings={
                "RELATIVE_BASE": base,
                "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": True,
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises odd errors on odd strings
        return None
    if got is None or not 1800 <= got.year <= 2100:
        return None
    return {"value": got.date().isoformat(), "granularity": "day", "source": "dateparser"}


# ---------------------------------------------------------------------------------------------
# story level


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


# A lead: the dateline and the first two sentences (or, without sentences, this many characters).
_LEAD_SENTENCES, _LEAD_CHARS = 2, 400


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
    if t.sentence_index >= 0:
        return t.sentence_index < _LEAD_SENTENCES
    return t.start < _LEAD_CHARS


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


def covering(times: Sequence[TimeExpression], start: int, end: int) -> list[TimeExpression]:
    """The expressions inside [start, end) of one article's expressions, in text order.

    ``times`` must be in text order, as :func:`times_for_article` and :func:`infer_undated`
    return them: the search is a bisection, since it runs once per statement and a
    book-length article has thousands of both (a scan made the story stage quadratic).
    """
    i = bisect_left(times, start, key=lambda t: t.start)
    out = []
    while i < len(times) and times[i].start < end:
        if times[i].end <= end:
            out.append(times[i])
        i += 1
    return out


__all__ = [
    "covering",
    "infer_undated",
    "parse_date",
    "resolve",
    "resolve_event_anchored",
    "times_for_article",
]
