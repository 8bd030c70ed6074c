"""Counts as news reports them: digits and words, ranges, vague amounts and qualifiers.

The one reading of a reported figure, used by the event extractor (casualty figures kept as
reported) and by the contradiction ledger (two accounts' tolls compared) alike.

>>> parse_count("at least 40")
Count(low=40, high=None, qualifier='at least')
>>> parse_count("dozens")
Count(low=24, high=99, qualifier='dozens')
>>> parse_count("10 to 12")
Count(low=10, high=12, qualifier='')
>>> casualties("In 2019, sixty people were killed")["killed"][0][:3]
(60, 60, '')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities as ranges: "dozens" is at least two dozen and fewer than a hundred.
VAGUE = {
    "a dozen": (12, 12), "dozen": (12, 12), "dozens": (24, 99), "scores": (40, 99),
    "hundreds": (200, 999), "thousands": (2000, 9999), "a few": (2, 5), "several": (3, 9),
    "a handful": (2, 5), "tens of thousands": (20000, 99999), "a couple of": (2, 2),
}  # fmt: skip
# Qualifiers that leave the figure open above, cap it, or make it approximate.
OPEN_ABOVE = ("at least", "more than", "over")
CAPPED = ("up to", "fewer than", "less than", "as many as")
APPROXIMATE = ("about", "around", "nearly", "almost", "some", "roughly", "approximately")

_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million)"
)
# Separators are required between number words: an optional one lets the regex engine try
# every split of a long phrase and hang.
_WORDNUM = r"(?:a[\s-]+)?" + _NUMWORD + r"(?:(?:[\s-]+|\s+and\s+)" + _NUMWORD + r")*"
# "6,000" but not the comma after "2019," ("In 2019, 12 people were killed").
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s+(?:million|thousand))?"
_VAGUE = r"tens of thousands|a dozen|dozens|scores|hundreds|thousands|a few|several|a handful"
_VAGUE += r"|a couple of"
_QUAL = "|".join(OPEN_ABOVE + CAPPED + APPROXIMATE)
_COUNT = (
    r"(?:(?P<between>between)\s+(?P<blo>" + _DIGITS + "|" + _WORDNUM + r")\s+and\s+(?P<bhi>"
    + _DIGITS + "|" + _WORDNUM + r")|(?P<qual>" + _QUAL + r")?\s*(?P<num>" + _DIGITS + "|"
    + _VAGUE + "|" + _WORDNUM + r")(?:\s*(?:-|\u2013|to)\s*(?P<num2>" + _DIGITS + "|"
    + _WORDNUM + r"))?)"
)  # fmt: skip
COUNT = re.compile(r"\b" + _COUNT + r"\b", re.I)
_DEATH_WORDS = (
    r"killed|dead|died|deaths|murdered|slain|executed|massacred|beheaded|lynched|perished"
    r"|lost their lives"
)
CASUALTY = re.compile(
    r"\b" + _COUNT + r"(?:\s+(?!(?:and|or|but)\b)(?:more|other|[\w-]+)){0,4}?\s+"
    r"(?:(?:were|was|have been|had been|"
    r"are|is|being)\s+)?(?P<kind>" + _DEATH_WORDS + r"|wounded|injured|hurt|fled|displaced"
    r"|have fled|had fled)\b",
    re.I,
)
KILLING = re.compile(
    r"\b(?P<kind>(?:kill|murder|massacr|slaughter)(?:ing|ed|s|e)?|wound(?:ing|ed|s)|injur(?:ing|ed))"
    r"\s+" + _COUNT + r"\b",
    re.I,
)
# Nominal and idiomatic tolls: "the deaths of three soldiers", "the killing of 12 people",
# "lost 40 of their men", "the death toll rose to 45".
DEATHS_OF = re.compile(r"\b(?P<kind>deaths?|killings?|murders?)\s+of\s+" + _COUNT + r"\b", re.I)
LOST_MEN = re.compile(
    r"\b(?P<kind>lost)\s+" + _COUNT + r"\s+(?:of\s+(?:their|its|his|her|our)\s+(?:own\s+)?)?"
    r"(?:men|soldiers|personnel|fighters|troops|members|comrades|officers|lives|people)\b",
    re.I,
)
DEATH_TOLL = re.compile(
    r"\b(?P<kind>death\s+toll)(?:\s+[\w-]+){0,8}?\s+(?:to|at|of|reached|hit|is|was)\s+"
    + _COUNT
    + r"\b",
    re.I,
)
TOLL_PATTERNS = (CASUALTY, KILLING, DEATHS_OF, LOST_MEN, DEATH_TOLL)
# A bare four-digit year after a preposition, a month or "the" ("in 2019", "the 2014 war").
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_BEFORE_YEAR = re.compile(
    r"\b(?:in|since|of|by|until|till|before|after|from|during|the|early|late|mid|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)"
    r"[\s-]+$",
    re.I,
)


class Count(NamedTuple):
    """One reported figure: ``high`` is None when open-ended ("at least 40")."""

    low: int
    high: int | None
    qualifier: str  # "", "at least", "about", "dozens", "between", ...


def words_to_int(text: str) -> int | None:
    """A number written in digits or words.

    >>> [words_to_int(t) for t in ("three", "a thousand", "twenty-five", "6,000", "1.5 million")]
    [3, 1000, 25, 6000, 1500000]
    >>> words_to_int("sixty") is None, words_to_int("people")
    (False, None)
    """
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?(?:\s+(?:million|thousand))?", t):
        parts = t.split()
        value = float(parts[0])
        if len(parts) == 2:
            value *= SCALES[parts[1]]
        return int(value)
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", t):
        if w in ("and", ""):
            continue
        if w == "a":
            current = max(current, 1)
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            scale = SCALES[w]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> Count | None:
    """The first count in ``text``.

    >>> parse_count("more than 6,000")
    Count(low=6000, high=None, qualifier='more than')
    >>> parse_count("between 10 and 12"), parse_count("10-12")
    (Count(low=10, high=12, qualifier='between'), Count(low=10, high=12, qualifier=''))
    >>> parse_count("up to 30")
    Count(low=0, high=30, qualifier='up to')
    """
    m = COUNT.search(text)
    return _read(m) if m else None


def _read(m: re.Match[str]) -> Count | None:
    if m.group("between"):
        lo, hi = words_to_int(m.group("blo")), words_to_int(m.group("bhi"))
        if lo is None or hi is None or hi < lo:
            return None
        return Count(lo, hi, "between")
    c = _count(m.group("num"), m.group("qual"))
    if c is None or not m.group("num2"):
        return c
    hi = words_to_int(m.group("num2"))
    if hi is None or hi <= c.low or c.high != c.low:
        return c  # "5-2" or "dozens to 40": not a range
    return Count(c.low, hi, c.qualifier)


def _count(num: str, qual: str | None) -> Count | None:
    q = (qual or "").lower()
    n = num.lower().strip()
    if n in VAGUE:
        lo, hi = VAGUE[n]
        return Count(lo, None if q in OPEN_ABOVE else hi, q or n)  # "more than a dozen": 12+
    value = words_to_int(n)
    if value is None:
        return None
    if q in OPEN_ABOVE:
        return Count(value, None, q)
    if q in CAPPED:
        return Count(0 if q != "as many as" else value, value, q)
    return Count(value, value, q)


def is_year(m: re.Match[str], text: str) -> bool:
    """Whether a matched count is a year ("in 2019", "the 2014 war"), never a toll.

    >>> is_year(COUNT.search("since 2011 fighting"), "since 2011 fighting")
    True
    >>> is_year(COUNT.search("2000 people"), "2000 people")
    False
    >>> is_year(COUNT.search("2011-2014 fighting"), "2011-2014 fighting")
    True
    """
    num, num2 = m.group("num"), m.group("num2")
    if not num or m.group("qual") or not _YEAR.fullmatch(num):
        return False
    if num2:  # "2010-2012": a span of years
        return bool(_YEAR.fullmatch(num2))
    return bool(_BEFORE_YEAR.search(text[: m.start("num")]))


def toll_kind(verb: str) -> str:
    """ "killed", "wounded" or "displaced" for the word that reports the toll."""
    v = verb.lower()
    killed = ("kill", "dead", "die", "death", "murder", "slain", "execut", "massacr", "slaughter")
    if v.startswith(killed + ("behead", "lynch", "perish", "lost")):
        return "killed"
    if "fled" in v or "displaced" in v:
        return "displaced"
    return "wounded"


# A number that counts no casualties: an age ("the death of 15-year-old X"), children ("a
# mother of two died"), a magnitude or any decimal ("a 5.2 quake injured three").
_AGE_AFTER = re.compile(r"[\s-]*years?[\s-]*old\b", re.I)
_KIN_BEFORE = re.compile(
    r"\b(?:mother|father|parent|mom|dad|grandmother|grandfather)\s+of\s+$", re.I
)
_DECIMAL = re.compile(r"\d\.\d")


def _not_people(m: re.Match[str], text: str) -> bool:
    if not m.group("num"):
        return False
    num, start, end = m.group("num"), m.start("num"), m.end("num")
    if _DECIMAL.search(num) and not re.search(r"million|thousand", num, re.I):
        return True
    return bool(_AGE_AFTER.match(text, end) or _KIN_BEFORE.search(text[:start]))


def _tolls(pat: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pat.finditer(text)``, reading on past a year instead of over it."""
    pos = 0
    while (m := pat.search(text, pos)) is not None:
        if is_year(m, text) or _not_people(m, text):
            pos = m.end("num2") if m.group("num2") else m.end("num")
            continue
        yield m
        pos = max(m.end(), pos + 1)


def casualties(text: str) -> dict[str, list[tuple[int, int | None, str, str]]]:
    """The first figure of each kind in a sentence, with the words that report it.

    >>> casualties("a car bomb exploded, killing four officers")
    {'killed': [(4, 4, '', 'killing four')]}
    >>> casualties("Ten to twelve people were killed and dozens more wounded")["wounded"][0][:3]
    (24, 99, 'dozens')
    >>> casualties("The 2014 war killed 12 people")
    {'killed': [(12, 12, '', 'killed 12')]}
    >>> casualties("In 2019 12 people were killed")["killed"][0][:2]
    (12, 12)
    >>> casualties("12 fled and 3 were killed")["killed"][0][:2]
    (3, 3)
    """
    first: dict[str, tuple[int, tuple[int, int | None, str, str]]] = {}
    for pat in TOLL_PATTERNS:
        for m in _tolls(pat, text):
            c = _read(m)
            if c is None or (c.low == 0 and c.high is None):
                continue
            key = toll_kind(m.group("kind"))
            # The first figure of a kind in the sentence is its headline figure.
            if key not in first or m.start() < first[key][0]:
                first[key] = (m.start(), (c.low, c.high, c.qualifier, m.group(0).strip()))
    return {k: [v] for k, (_, v) in sorted(first.items(), key=lambda kv: kv[1][0])}
