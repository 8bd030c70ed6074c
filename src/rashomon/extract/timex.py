"""Time normalisation: the dates an article mentions, resolved against its publication date.

News tells time relative to its own date ("on Sunday", "yesterday", "last week", "in the past
48 hours"), so every expression is first *parsed* into a kind and parameters that do not depend
on the anchor, then *resolved* against one. Keeping the two apart lets the story stage
(:func:`rashomon.story.dating.infer_undated`) re-resolve the expressions of an undated
article against every day of an inferred window and say how many of them agree.

Entry points:

* :func:`times_for_article` — per article, pure, output serialisable (``model.to_dict``).
* :func:`resolve` — one parsed expression against an anchor day; the story stage
  (:mod:`rashomon.story.dating`) uses it to date undated articles and "two days before the
  strike" once events have dates.

Rules (documented because they are choices, not facts):

* A weekday is the most recent such day not after publication (the publication day itself
  when it is that weekday); "last <weekday>" excludes the publication day; "next <weekday>"
  and a future cue ("will", "is due to", "scheduled") pick the next one after publication.
* "last week" is the Monday–Sunday week before the publication week; "over the weekend" the
  most recent Saturday–Sunday not after publication.
* "in the past N hours/days" is a range ending at publication; hours are counted from the
  start of the publication day when the time of day is unknown.
* A month-day or month without a year takes the year that puts it closest to publication,
  with dates after publication counted three times as far (news mostly reports the past);
  "this September" is the one of the publication year, "July last year" that of the year
  before. "Five months ago" and "two years ago" count calendar months and years.
* early / mid / late narrow a month to days 1–10 / 11–20 / 21–end and a year to Jan–Apr /
  May–Aug / Sep–Dec, but the granularity stays "month" / "year". "The end of the year" is
  the publication year's; "fiscal 1989" is taken as the calendar year 1989.
* A decade is a range: "the late 1970s" its last three years; "the nineties", "the '80s"
  the latest such decade begun by publication.
* A bare year ("his 1996 campaign") is a year unless a sign, clock or count word makes it a
  number; years may be spelled out ("nineteen ninety-six", "the year two thousand").
* Time-of-day words (morning, night...) are kept in ``time_of_day`` and never move the date.

Candidates come from regular expressions over the text plus spaCy DATE/TIME entities the
regexes missed; those are handed to ``dateparser`` (short strings only, with RELATIVE_BASE)
and kept at a lower confidence.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from ..model import Article, Sentence, TimeExpression
from .timex_words import (
    BUSINESS,
    DATE_WORD,
    DAY_NAMED,
    DECADE_WORDS,
    FUTURE_CUE,
    MONTHS,
    NOT_A_DATE,
    ORDINAL_DAYS,
    PATTERNS,
    UNIT_DAYS,
    WEEKDAYS,
    number_value,
    part_value,
    year_value,
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
    """ "March 4 (2024)", "4 March", "March eighth": a day, absolute when the year is given."""
    day = int(g["day"]) if g.get("day") else ORDINAL_DAYS[g["dayw"].lower()]
    if not 1 <= day <= 31:
        return None
    if g.get("year"):
        return "absolute_day", {**p, "year": year_value(g["year"]), "m": p["month"], "day": day}
    return "month_day", {**p, "m": p["month"], "day": day}


def _month_rel_year(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "July last year", "March 4 this year": a month or day in a year relative to publication."""
    p = {**p, "m": p["month"], "year_offset": {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]}
    if not g.get("day"):
        return "month", {**p, "part": None}
    return ("month_day", {**p, "day": int(g["day"])}) if 1 <= int(g["day"]) <= 31 else None


def _month(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "early March 2024", "March 2024", "last March": a month, maybe narrowed or shifted."""
    if kind == "month_part":
        if g.get("year"):
            year = year_value(g["year"])
            return "month", {**p, "m": p["month"], "year": year, "part": part_value(g["part"])}
        return "month", {**p, "m": p["month"], "part": part_value(g["part"])}
    if kind == "month_year":
        return "month", {**p, "m": p["month"], "year": year_value(g["year"]), "part": None}
    pr = (g.get("prep") or "").lower()
    shift = {"last": -1, "next": 1, "this": 0}.get(pr)
    return "month", {
        **p,
        "m": p["month"],
        "part": part_value(pr),
        "shift": shift,
        "prep": pr if pr not in ("last", "next", "this", "early", "late", "mid") else None,
    }


def _counted(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "in the past 48 hours", "three days ago": a count of units; None when no count."""
    n = number_value(g["num"])
    if n is None:
        return None
    return kind, {**p, "n": n, "unit": g["unit"].lower()}


def _event_relative(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "two days before the strike": resolved once the event has a date."""
    n = number_value(g.get("num")) if g.get("num") else 1
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
    rel = re.sub(r"\s+", " ", (g.get("rel") or "this").lower()).removeprefix("the ")
    unit = g["unit"].lower()
    offset = {"last": -1, "previous": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "weekend":
        return "weekend", {**p, "offset": offset}
    return f"relative_{unit}", {**p, "offset": offset, "part": part_value(g.get("part"))}


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
    """ "in 2019", "the summer of 2019", "© 2024", "the 1990s", "the mid-1980s", "the nineties"."""
    if kind == "decade":
        part = part_value(g.get("part"))
        if g.get("year"):
            return "decade", {**p, "year": int(g["year"]), "part": part}
        tens = int(g["tens"]) if g.get("tens") else DECADE_WORDS[g["tensw"].lower()]
        return "decade", {**p, "tens": tens, "part": part}
    pr = re.sub(r"\s+", " ", (g.get("prep") or "").lower())
    year = year_value(g["year"])
    season = re.match(r"the (summer|spring|autumn|fall|winter) of", pr)
    return "year", {
        **p,
        "year": year,
        "part": part_value(pr),
        "season": season.group(1) if season else None,
        "copyright": pr == "©",
    }


_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4}


def _quarter(kind: str, g: dict[str, Any], p: dict[str, Any]) -> _Parsed | None:
    """ "the third quarter (of 1989)", "the first half": a quarter or half of a year."""
    n = _ORDINALS.get(g["ord"].lower(), 4)
    size = 3 if g["what"].lower() == "quarter" else 6
    if size == 6 and n > 2:
        return None
    year = g.get("year") or g.get("year2")
    if not (year or p.get("business") or p.get("fiscal")):
        return None
    return "quarter", {**p, "n": n, "months": size, "year": int(year) if year else None}


# Each pattern kind's rule: (kind, groups, shared params) -> (kind, params) or None.
_KIND_RULES: dict[str, Callable[[str, dict[str, Any], dict[str, Any]], _Parsed | None]] = {
    "iso_date": _numeric_date,
    "numeric_date": _numeric_date,
    "month_day": _month_day,
    "day_month": _month_day,
    "month_rel_year": _month_rel_year,
    "month_part": _month,
    "month_year": _month,
    "month": _month,
    "month_bare": _month,
    "past_period": _counted,
    "ago": _counted,
    "event_relative": _event_relative,
    "relative_period": _relative_period,
    "period_part": _relative_period,
    "weekend": _relative_period,
    "relative_day": _relative_day,
    "weekday": _weekday,
    "year": _year,
    "year_2k": _year,
    "decade": _year,
    "year_bare": _year,
    "quarter": _quarter,
}


def _params(kind: str, m: re.Match[str], text: str) -> _Parsed | None:
    """Turn one regex match into (kind, params); None when the match is not a date after all."""
    p = _shared_params(m, text)
    if p is None:
        return None
    if kind == "quarter":
        # A quarter or half of a year is a business period; "the fourth quarter" of a game
        # or "the second half" of a match is not a date.
        p["business"] = bool(BUSINESS.search(text[max(0, m.start() - 200) : m.end() + 200]))
        p["fiscal"] = "fiscal" in m.group(0).lower()
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
        return _decade(p, anchor)
    if kind == "month" and p.get("year"):
        s, e = _narrow_month(p["year"], p["m"], p.get("part"))
        return "month", s, e, 0.95
    if kind == "quarter" and p.get("year"):
        return _quarter_resolved(p, None)
    if anchor is None:
        return None
    if kind == "quarter":
        return _quarter_resolved(p, anchor)
    if kind in ("month_day", "month"):
        return _month_resolved(kind, p, anchor)
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
        return _ago(p, anchor)
    return None  # event_relative waits for an event; dateparser ones carry their own value


def _quarter_resolved(p: dict[str, Any], anchor: date | None) -> Resolved:
    """A quarter or half: of the year given, else the latest one begun by publication."""
    first_month = (p["n"] - 1) * p["months"] + 1
    year = p["year"] or (anchor.year if anchor and anchor.month >= first_month else 0)
    if not year and anchor:
        year = anchor.year - 1
    s = date(year, first_month, 1)
    return "range", s, _month_end(year, first_month + p["months"] - 1), 0.9 if p["year"] else 0.8


def _month_resolved(kind: str, p: dict[str, Any], anchor: date) -> Resolved | None:
    """A month or month-day without a year: "in March", "last June", "this September",
    "July last year", "March 4"."""
    m = p["m"]
    offset, shift = p.get("year_offset"), p.get("shift")
    if kind == "month_day":
        if offset is None:
            md = _closest_year(anchor, m, p["day"], p.get("future", False))
            return ("day", md, md, 0.85) if md else None
        y = anchor.year + offset
        if p["day"] > calendar.monthrange(y, m)[1]:
            return None
        return "day", date(y, m, p["day"]), date(y, m, p["day"]), 0.9
    if offset is not None:
        y = anchor.year + offset
    elif shift == 0:  # "this September": the one of the publication year
        y = anchor.year
    elif shift == -1:
        y = anchor.year if m < anchor.month else anchor.year - 1
    elif shift == 1:
        y = anchor.year if m > anchor.month else anchor.year + 1
    else:
        mid = _closest_year(anchor, m, 15, p.get("future", False))
        y = mid.year if mid else anchor.year
    s, e = _narrow_month(y, m, p.get("part"))
    return "month", s, e, 0.85


def _ago(p: dict[str, Any], anchor: date) -> Resolved:
    """ "three days ago": counted back from publication; months and years on the calendar
    ("five months ago" on 31 March is in October), the granularity that of the unit."""
    unit, n = p["unit"], p["n"]
    if unit in ("month", "year"):
        y, m = divmod(anchor.year * 12 + anchor.month - 1 - n * (12 if unit == "year" else 1), 12)
        d = date(y, m + 1, min(anchor.day, calendar.monthrange(y, m + 1)[1]))
        return unit, d, d, 0.8
    d = anchor - timedelta(days=round(n * UNIT_DAYS[unit]))
    return ("week" if unit in ("week", "fortnight") else "day"), d, d, 0.8


def _decade(p: dict[str, Any], anchor: date | None) -> Resolved:
    """ "the 1990s", "the late 1970s"; "the nineties", "the '80s": the latest such decade
    begun by publication (the 1900s without an anchor). early / mid / late: its first four,
    middle three and last three years."""
    y = p.get("year")
    if y is None:
        ref = anchor.year if anchor else 1999
        y = max((c for c in (1800, 1900, 2000) if c + 10 * p["tens"] <= ref), default=1900)
        y += 10 * p["tens"]
    lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(p.get("part") or "", (0, 9))
    return "range", date(y + lo, 1, 1), date(y + hi, 12, 31), 0.9


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
            for i in range(s, e):
                taken[i] = True
            if kind == "year" and params.get("copyright"):
                continue  # "© 2024" dates the site's copyright, not an event
            spans.append((s, e, kind, params))
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
        "past_period": "range", "decade": "range", "event_relative": "day", "quarter": "range",
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
    t.granularity, t.value_start, t.value_end = gran, s.isoformat(), e.isoformat()
    t.confidence = conf
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
    if not DAY_NAMED.search(cleaned):
        return None  # "July", "5 p.m. EST": dateparser would fill the day in from the anchor
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


def covering(times: Sequence[TimeExpression], start: int, end: int) -> list[TimeExpression]:
    """The expressions inside [start, end) of one article's expressions, in text order.

    ``times`` must be in text order, as :func:`times_for_article` and ``dating.infer_undated``
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


__all__ = ["covering", "parse_date", "resolve", "times_for_article"]
