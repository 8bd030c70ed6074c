"""Publication dates: from metadata values and from date lines in the text.

Regexes find a short candidate snippet that already names a day, a month and a
year; only that snippet goes to ``dateparser``, so a relative phrase ("5 hours
ago") or a date without a year can never turn into an invented date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
# Case-sensitive inside the case-insensitive stamp: a zone is written in capitals.
_TZ = r"(?-i:\(?[A-Z]{2,5}(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?|[+-]\d{2}:?\d{2})"
_SEP = r"(?:\s*[,|•·/-]\s*|\s+at\s+|\s+)"
_STAMP = (
    rf"(?:{_WEEKDAY},?\s+)?(?P<date>{_DATE})(?:{_SEP}(?P<time>{_TIME}))?(?:\s*{_TZ})?"
    rf"|(?P<time2>{_TIME})(?:\s*{_TZ})?{_SEP}(?:{_WEEKDAY},?\s+)?(?P<date2>{_DATE})"
)
_STAMP_RE = re.compile(_STAMP, re.IGNORECASE)
_BARE_LINE = re.compile(rf"(?:{_STAMP})\s*\.?", re.IGNORECASE)
_LABEL_LINE = re.compile(
    r"(?P<label>(?:originally |first )?(?:posted|published)|(?:last )?(?:updated|modified)"
    r"|date(?: published)?)(?:\s+(?:on|at))?\s*[:|\-\u2013\u2014]?\s*(?P<rest>.*)",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"by\s+[^|•\n]{2,60}?\s*[|•]\s*(?P<rest>.*)", re.IGNORECASE)
_REST_STARTS_LIKE_DATE = re.compile(rf"(?:by|\d|{_MONTH}|{_WEEKDAY})(?![a-z])", re.IGNORECASE)
# "KABUL, Sept 5 (Reuters) -", "MARAVEL, Velmora, March 3, 2024 (Meridian Press Agency)",
# "NEW YORK (AP) -": a place (in capitals, unless an agency and a dash follow), perhaps a
# region, a date and/or an agency, then a dash before the story, or nothing (a line of its own).
_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'\u2019/-]*(?: [A-Z][\w.'\u2019/-]*){0,4})"
    rf"(?:,\s*(?!(?i:{_MONTH})\b)[A-Z][\w.'\u2019-]*(?: [A-Z][\w.'\u2019-]*){{0,3}})?"
    rf"(?:,?\s+(?P<date>(?i:{_MONTH})\s+{_DAY}(?:,?\s+(?P<year>\d{{4}}))?))?"
    r"(?:\s*\((?P<agency>[^()\n\d]{2,40})\))?"
    r"\s*(?:(?P<dash>[-\u2013\u2014:]+)\s*|$)",
)
# Bracketed labels that follow a capitalised headline or kicker and name no agency.
_NOT_AGENCY = re.compile(
    r"(?:updated?|video|photos?|pictures|gallery|graphics?|audio|live|watch|listen|analysis"
    r"|opinion|comment|editorial|exclusive|breaking|corrected|correction|file|explainer"
    r"|interview|podcast|sponsored|advertisement|ad|paid content|factbox|timeline)",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HAS_YEAR = re.compile(r"\b(?:1[89]|2\d)\d{2}\b")

MAX_DATE_LINE = 160
MAX_LEFTOVER_WORDS = 4  # "by admin", "5 hours ago": what a stamp line may hold besides the date


@dataclass(frozen=True)
class DateHit:
    kind: str  # "published", "updated", "bare", "dateline"
    iso: str | None  # None: a date line with no usable date (still furniture)


def date_line(line: str) -> DateHit | None:
    """Read a line that is only a publication stamp; None if the line is anything else."""
    if len(line) > MAX_DATE_LINE:
        return None
    m = _LABEL_LINE.fullmatch(line) or _BYLINE.fullmatch(line)
    if m is not None:
        rest = m.group("rest")
        label = m.groupdict().get("label") or "published"
        stamp = _STAMP_RE.search(rest)
        if rest and not _REST_STARTS_LIKE_DATE.match(rest):
            return None
        leftover = rest[: stamp.start()] + rest[stamp.end() :] if stamp else rest
        if len(leftover.split()) > MAX_LEFTOVER_WORDS:
            return None  # "UPDATED 8:28 p.m.: The minister released a statement ..." is news
        # "Published by the ministry, the report says ..." is a sentence, not a stamp.
        if stamp is None and (m.re is _BYLINE or (rest[:2].lower() == "by" and len(line) > 60)):
            return None
        kind = (
            "updated" if re.match(r"(?:last )?(?:updated|modified)", label, re.I) else "published"
        )
        return DateHit(kind, _parse_stamp(stamp) if stamp else None)
    m = _BARE_LINE.fullmatch(line)
    if m is not None:
        return DateHit("bare", _parse_stamp(m))
    return None


@dataclass(frozen=True)
class Dateline:
    """A wire dateline at the start of a line: what it says and where the story begins."""

    date: DateHit | None  # None: the dateline names no date at all
    agency: str | None  # the bracketed agency, "(Reuters)"
    end: int  # where the story starts in the line; len(line) when the line is only this

    def whole_line(self, line: str) -> bool:
        return self.end >= len(line)


def dateline(line: str) -> Dateline | None:
    """A wire dateline: "CITY, Month D, YYYY (Agency)", "CITY (Agency) -", "CITY, Sept 5 -".

    It must carry a date or an agency; a date without a year is read as no date.
    """
    m = _DATELINE.match(line)
    if m is None:
        return None
    agency = m.group("agency")
    agency = " ".join(agency.split()) if agency else None
    if agency and (_NOT_AGENCY.fullmatch(agency) or not agency[0].isalpha()):
        return None
    if agency is None and m.group("date") is None:
        return None
    if m.group("place").upper() != m.group("place") and not (
        agency and agency[0].isupper() and m.group("dash")
    ):
        return None  # "Kabul, Sept 5 (Reuters) -" is one; "Kabul, March 3" opens a sentence
    if m.group("dash") is None and (m.group("date") is None or m.end() < len(line)):
        # Without a dash only a dated line of its own is a dateline, not "HEADLINE (VIDEO)".
        return None
    date = None
    if m.group("date"):
        iso = _parse_snippet(m.group("date"), None) if m.group("year") else None
        date = DateHit("dateline", iso)
    return Dateline(date, agency, m.end())


def metadata_date(value: Any) -> str | None:
    """An ISO date (or date and time) from a metadata value, in the wall time it was given."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if value > 1e11 else value
        try:
            return _iso(datetime.fromtimestamp(seconds, tz=timezone.utc), True)
        except (OverflowError, OSError, ValueError):
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    if _ISO_DATE.match(value):
        try:
            # Python 3.10's fromisoformat knows no "Z".
            parsed = datetime.fromisoformat(re.sub(r"Z$", "+00:00", value.replace(" ", "T", 1)))
        except ValueError:
            parsed = None
        if parsed is not None:
            has_time = len(value) > 10 and parsed.time() != datetime.min.time()
            return _iso(parsed, has_time or bool(re.search(r"T\d\d:\d\d", value)))
    stamp = _STAMP_RE.search(value)
    if stamp is not None:
        return _parse_stamp(stamp)
    return None


def _parse_stamp(m: re.Match[str]) -> str | None:
    date = m.group("date") or m.group("date2")
    return _parse_snippet(date, m.group("time") or m.group("time2"))


@lru_cache(maxsize=4096)  # a story's articles share their dates; dateparser takes ~2 ms a call
def _parse_snippet(date: str, time: str | None) -> str | None:
    if not _HAS_YEAR.search(date):
        return None
    snippet = f"{date} {time}" if time else date
    parsed = _dateparser().parse(
        snippet,
        languages=["en"],
        settings={
            "PREFER_DAY_OF_MONTH": "first",
            "RETURN_AS_TIMEZONE_AWARE": False,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    return _iso(parsed, time is not None) if parsed is not None else None


def _iso(value: datetime, with_time: bool) -> str:
    return value.strftime("%Y-%m-%dT%H:%M") if with_time else value.strftime("%Y-%m-%d")


def _dateparser() -> Any:
    # Imported on first use: dateparser is slow to import and most inputs never need it.
    import dateparser

    return dateparser
