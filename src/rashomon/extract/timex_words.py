"""The word tables and regular expressions :mod:`rashomon.extract.timex` parses time with.

Kept apart from the parsing and resolving code so that the rules read without the tables;
:mod:`rashomon.extract.timex` imports every name it uses from here.
"""

from __future__ import annotations

import re

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "forty-eight": 48, "fifty": 50, "seventy-two": 72,
    "few": 3, "a few": 3, "several": 3, "a couple of": 2, "couple of": 2,
}  # fmt: skip
UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
# Month names are matched case-insensitively but checked for a capital in code: "may" and
# "march" are also ordinary words.
_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november"
    r"|december|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
# "up to 2000 people", "the 1900 troops": a count, not a year ("its 1990 invasion" is one).
_NOT_A_COUNT = (
    r"(?!\s+(?:people|persons|troops|soldiers|police|officers|men|women|children|fighters"
    r"|militants|civilians|dead|killed|injured|wounded|homes|houses|buildings|families"
    r"|residents|refugees|migrants|prisoners|tons|tonnes|dollars|euros|pounds|barrels|units"
    r"|shares|votes|km|kilometres|kilometers|miles|metres|meters|feet|acres|hectares|more"
    r"|others|of)\b)"
)
_TOD = r"(?P<tod>morning|afternoon|evening|night|overnight|dawn|midday|noon|midnight)"
_NUM = (
    r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen"
    r"|twenty|thirty|forty|forty-eight|fifty|seventy-two|few|a few|several|(?:a )?couple of)"
)
_UNIT = r"(?P<unit>hour|day|week|fortnight|month|year)s?"
_PART = r"(?P<part>early|mid|late|the end of|the beginning of|the start of|the middle of)"
_PREP = r"(?:(?P<prep>on|since|until|till|by|before|after|from|in|over|during|through|throughout|at|of|for|within)\s+)?"  # noqa: E501

# (kind, pattern), tried in this order; earlier and longer matches win over later overlaps.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso_date", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    (
        "numeric_date",
        re.compile(r"(?<![\d/])(?P<m>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])"),
    ),
    (
        "month_day",
        re.compile(
            _PREP
            + r"(?:(?:"
            + _WD
            + r"),?\s+)?"
            + _MON
            + r"\s+"
            + _DAY
            # "4 November 02:00 GMT": a clock time after the month is no day of it.
            + r"(?:,?\s+"
            + _YEAR
            + r")?(?![\d:])(?!\s?:)",
            re.I,
        ),
    ),
    (
        "day_month",
        re.compile(
            _PREP
            + r"(?:(?:"
            + _WD
            + r"),?\s+)?(?:the\s+)?"
            + _DAY
            + r"\s+(?:of\s+)?"
            + _MON
            + r"(?:,?\s+"
            + _YEAR
            + r")?",
            re.I,
        ),
    ),
    (
        "month_part",
        re.compile(
            _PREP
            + r"(?:the\s+)?"
            + _PART
            + r"[\s-]+(?:of\s+)?"
            + _MON
            + r"(?:,?\s+"
            + _YEAR
            + r")?",
            re.I,
        ),
    ),
    ("month_year", re.compile(_PREP + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"\b", re.I)),
    (
        "month",
        re.compile(
            r"(?P<prep>in|since|until|by|from|during|through|throughout|last|next|this|early|late"
            r"|mid)[\s-]+" + _MON + r"\b(?!\s+\d)",
            re.I,
        ),
    ),
    (
        "past_period",
        re.compile(
            r"(?:(?P<prep>in|over|during|for|within|throughout)\s+)?the\s+(?P<rel>past|last"
            r"|previous)\s+" + _NUM + r"\s+" + _UNIT + r"\b",
            re.I,
        ),
    ),
    ("ago", re.compile(_NUM + r"\s+" + _UNIT + r"\s+ago\b", re.I)),
    (
        "event_relative",
        re.compile(
            r"(?:the\s+)?(?:(?P<num>\d+|a|an|one|two|three|four|five|six|seven|ten)\s+"
            r"(?P<unit>hour|day|week|month|year)s?|the\s+(?P<unit2>day|week|night))\s+"
            r"(?P<dir>before|after|prior\s+to|ahead\s+of)\s+(?P<ref>(?:the|his|her|its|their)"
            r"\s+[\w-]+(?:\s+[\w-]+){0,2})",
            re.I,
        ),
    ),
    (
        "relative_period",
        re.compile(
            r"(?:(?P<prep>in|during|over|at|on|by|until|since|from)\s+)?(?:(?P<part>early|late"
            r"|earlier|later|the end of|the beginning of|the start of|the middle of)\s+)?"
            r"(?P<rel>last|this|next|previous|past|coming)\s+(?P<unit>weekend|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "weekend",
        re.compile(r"(?P<prep>over|during|at|on|through|throughout|since)\s+the\s+weekend\b", re.I),
    ),
    (
        "relative_day",
        re.compile(
            r"(?:(?P<prep>since|until|by|from|early|late|earlier|later)\s+)?"
            r"(?P<rel>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|yesterday"
            r"|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening))"
            r"(?:\s+" + _TOD + r")?\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"(?:(?P<prep>on|since|until|till|by|before|after|from|through|throughout|over"
            r"|during|overnight|early|late|last|next|this|coming|this\s+coming|previous)\s+)?"
            r"(?:(?P<prep2>early|late)\s+(?:on\s+)?)?" + _WD + r"(?:\s+" + _TOD + r")?\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            r"(?:(?P<prep>in|since|until|by|from|during|before|after|throughout|of|©|early|late"
            r"|mid|the end of|the beginning of|the start of|the summer of|the spring of"
            r"|the autumn of|the fall of|the winter of|for|into|to|and|or|through|between"
            r"|its|their|his|her|the)[\s-]+)" + _YEAR + r"\b(?![,.]?\d)" + _NOT_A_COUNT,
            re.I,
        ),
    ),
    ("decade", re.compile(r"\bthe\s+(?P<year>(?:1[89]|20)\d0)s\b", re.I)),
]

FUTURE_CUE = re.compile(
    r"\b(?:will|shall|is due|are due|is scheduled|are scheduled|scheduled|is set to|are set to"
    r"|is expected to|are expected to|plans? to|planned|next|upcoming|to be held)\b",
    re.I,
)
# spaCy DATE/TIME entities that are numbers or durations, not dates: leave them out.
NOT_A_DATE = re.compile(
    r"^(?:about |some |nearly |almost |around |more than |at least |up to |the )?[\d,.]+$"
    r"|^(?:about |some |nearly |almost |around |more than |at least |up to |another |"
    r"the (?:first |last )?)?(?:[\w-]+ )?(?:more )?(?:hours?|days?|weeks?|months?|years?|"
    r"minutes?|seconds?|decades?|centuries)'?(?: old)?$",
    re.I,
)
DATE_WORD = re.compile(
    r"\d|\b(?:"
    + "|".join(WEEKDAYS)
    + r"|"
    + "|".join(k for k in MONTHS if len(k) > 3)
    + r"|yesterday|today|tomorrow|tonight|week|month|year|weekend|ago|morning|afternoon"
    r"|evening|night)\b",
    re.I,
)
