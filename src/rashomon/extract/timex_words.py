"""The word tables, regular expressions and word readers :mod:`rashomon.extract.timex`
parses time with.

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
# Spelled-out numbers in years ("nineteen ninety-six", "the year two thousand and one"),
# days ("March eighth") and decades ("the nineties": the digit of its tens).
NUMBER_WORDS = {
    "oh": 0, "o": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINAL_DAYS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
        " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
        " twenty-first twenty-second twenty-third twenty-fourth twenty-fifth twenty-sixth"
        " twenty-seventh twenty-eighth twenty-ninth thirtieth thirty-first".split()
    )
}
DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
    "eighties": 8, "nineties": 9,
}  # fmt: skip

_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
# Month names are matched case-insensitively but checked for a capital in code: "may" and
# "march" are also ordinary words; and never inside a word ("1,384,119 Octel shares").
_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november"
    r"|december|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)(?!\w)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_ONES_W = r"one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
# "nineteen ninety-six", "nineteen oh five" (broadcast transcripts write years out).
_YEAR_19 = (
    rf"nineteen[\s-]+(?:(?:{_TENS_W})(?:[\s-]+(?:{_ONES_W})\b)?|(?:{_TEENS_W})\b"
    rf"|oh?[\s-]+(?:{_ONES_W})\b)"
)
# "two thousand (and) one": a count as often as a year, so only after "the year".
_YEAR_2K = rf"two[\s-]+thousand(?:[\s-]+(?:and[\s-]+)?(?:{_TEENS_W}|twenty|{_ONES_W})\b)?"
_YEAR = rf"(?P<year>(?:1[89]|20)\d\d|{_YEAR_19})"
_ORDINAL_DAY = r"(?P<dayw>" + "|".join(sorted(ORDINAL_DAYS, key=len, reverse=True)) + r")"
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

# Words of company results and the economy, near which "the third quarter" is a date.
BUSINESS = re.compile(
    r"\b(?:profits?|earnings|revenues?|sales|income|loss(?:es)?|results|growth|economy"
    r"|economic|gdp|quarterly|fiscal|shares?|dividends?|percent|per cent|analysts?|forecasts?"
    r"|company|companies|corp\w*|inc|billion|million|output|spending|deficit)\b|%",
    re.I,
)

# (kind, pattern), tried in this order; earlier and longer matches win over later overlaps.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        # "the third quarter", "the first half of 1989", "fiscal 1990's second quarter".
        "quarter",
        re.compile(
            r"\b(?:(?:fiscal\s+)?(?P<year>(?:19|20)\d\d)['’]s\s+)?(?:the\s+)?(?:fiscal\s+)?"
            r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?P<what>quarter|half)"
            r"(?:\s+of\s+(?:fiscal\s+)?(?P<year2>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
    ("iso_date", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    (
        "numeric_date",
        re.compile(r"(?<![\d/])(?P<m>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)?\d\d)(?![\d/])"),
    ),
    (
        # "July last year", "on March 4 this year": the month (day) of a year named relative
        # to publication.
        "month_rel_year",
        re.compile(
            _PREP + _MON + r"(?:\s+" + _DAY + r")?,?\s+(?:of\s+)?(?P<rel>last|this|next)\s+year\b",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            _PREP
            + r"(?:(?:"
            + _WD
            + r"),?\s+)?"
            + _MON
            + r"\s+(?:"
            + _DAY
            + r"|"
            + _ORDINAL_DAY
            + r"(?![\w-])"
            # "4 November 02:00 GMT": a clock time after the month is no day of it ("April
            # 25: the court..." is one).
            + r")(?:,?\s+"
            + _YEAR
            + r")?(?!\d)(?!\s*:\s*\d)",
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
            r"(?P<prep>in|since|until|by|from|during|through|throughout|before|after|last|next"
            r"|this|early|late|mid)[\s-]+" + _MON + r"\b(?!\s+\d)",
            re.I,
        ),
    ),
    (
        # "the figures for January", "a June agreement": a month after a word that makes it
        # one, the word left out of the span. Not "May" (a name, a verb), nor a month before
        # a capital ("to April Glaspie").
        "month_bare",
        re.compile(
            r"(?:(?<=\bfor )|(?<=\bto )|(?<=\bof )|(?<=\ba )|(?<=\bthe )|(?<=\band )"
            r"|(?<=\bor ))(?P<mon>january|february|march|april|june|july|august|september|october"
            r"|november|december)\b(?!\s+\d)(?!\s+(?-i:[A-Z]))",
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
            r"(?P<rel>last|this|next|previous|past|coming|(?:the\s+)?current)\s+(?:fiscal\s+)?"
            r"(?P<unit>weekend|week|month|year)\b",
            re.I,
        ),
    ),
    (
        # "by the end of the year", "earlier in the month": the current one.
        "period_part",
        re.compile(
            r"(?:(?P<prep>in|during|at|on|by|until|since|from|before|after|toward|towards)\s+)?"
            r"(?P<part>the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle"
            r"\s+of|earlier\s+in|later\s+in)\s+the\s+(?:(?:current|fiscal)\s+)?"
            r"(?P<unit>week|month|year)\b(?![\w-])(?!\s+(?:ago|earlier|before|after)\b)",
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
            r"|its|their|his|her|the year|the|fiscal year|fiscal|calendar year)[\s-]+)"
            + _YEAR
            + r"\b(?![,.]?\d)"
            + _NOT_A_COUNT,
            re.I,
        ),
    ),
    (
        "year_2k",
        re.compile(
            r"(?:(?P<prep>in|since|until|by|from|before|after|of|to)\s+)?the\s+year\s+(?P<year>"
            + _YEAR_2K
            + r")",
            re.I,
        ),
    ),
    (
        # "the 1990s", "the mid-1980s", "the '80s", "the nineties".
        "decade",
        re.compile(
            r"\bthe\s+(?:(?P<part>early|mid|late)[\s-]+)?(?:(?P<year>(?:1[89]|20)\d0)['’]?s"
            r"|['’](?P<tens>\d)0['’]?s|(?P<tensw>" + "|".join(DECADE_WORDS) + r"))\b",
            re.I,
        ),
    ),
    (
        # A year with no word before it that makes it one ("his 1996 campaign", "both 1990
        # and 1991"), unless a sign, a clock, an estimate or a count says it is a number.
        "year_bare",
        re.compile(
            r"(?<![\w$#£€¥.,/'-])(?<!\bat )(?<!resolution )(?<!flight )(?<!no\. )(?<!number )"
            r"(?<!route )(?<!about )(?<!\bsome )(?<!nearly )(?<!almost )(?<!around )(?<!\bover )"
            r"(?<!\bthan )(?<!\bleast )"
            + _YEAR
            + r"\b(?![,.]?\d)(?!-\d)(?!\s*(?:%|percent\b|gmt\b|utc\b|hours\b|hrs\b|local\b"
            r"|[ap]\.?m\b))" + _NOT_A_COUNT,
            re.I,
        ),
    ),
]

# "is to resume trading Tuesday", "the talks, set to resume Monday": the future.
FUTURE_CUE = re.compile(
    r"\b(?:will|shall|is due|are due|is scheduled|are scheduled|scheduled|is set to|are set to"
    r"|set to|is to(?! blame)|are to(?! blame)|is expected to|are expected to|plans? to|planned"
    r"|next|upcoming|to be held)\b",
    re.I,
)
# spaCy DATE/TIME entities that are numbers or durations, not dates: leave them out ("a
# two-year term", "a 10-hour search" included).
NOT_A_DATE = re.compile(
    r"^(?:about |some |nearly |almost |around |more than |at least |up to |the )?[\d,.]+$"
    r"|^(?:about |some |nearly |almost |around |more than |at least |up to |another |"
    r"the (?:first |last )?)?(?:[\w-]+ )?(?:more )?(?:hours?|days?|weeks?|months?|years?|"
    r"minutes?|seconds?|decades?|centuries)'?(?: old)?$"
    r"|^[\w.]+-(?:hour|day|week|month|year|decade|century|minute|second)s?(?:-old|-long)?$",
    re.I,
)
# What names a day, so that a dateparser reading of a spaCy entity is one: a weekday, a
# day word, or a day number beside a month.
DAY_NAMED = re.compile(
    r"\b(?:" + "|".join(WEEKDAYS) + r"|yesterday|today|tomorrow|tonight)\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\b.*\b(?:" + "|".join(MONTHS) + r")\b"
    r"|\b(?:" + "|".join(MONTHS) + r")\.?\s+\d{1,2}\b",
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


# ---------------------------------------------------------------------------------------------
# what the words say


def number_value(word: str | None) -> int | None:
    """ "48", "three", "a few": a count; None when the word is none."""
    if word is None:
        return None
    w = word.lower().strip()
    return int(w) if w.isdigit() else SMALL_NUMBERS.get(w)


def year_value(word: str) -> int:
    """ "1996", "nineteen ninety-six", "nineteen oh five", "two thousand and one"."""
    if word.isdigit():
        return int(word)
    words = [w for w in re.split(r"[\s-]+", word.lower()) if w not in ("and", "thousand")]
    return (1900 if words[0] == "nineteen" else 2000) + sum(NUMBER_WORDS[w] for w in words[1:])


def part_value(word: str | None) -> str | None:
    """ "the end of", "earlier in", "mid": the part of a period it narrows to."""
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.lower()).removesuffix(" in")
    if w in ("early", "the beginning of", "the start of", "earlier"):
        return "early"
    if w in ("mid", "the middle of"):
        return "mid"
    if w in ("late", "the end of", "later"):
        return "late"
    return None
