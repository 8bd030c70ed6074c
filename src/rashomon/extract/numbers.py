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
# Missing and arrested are kinds of their own, never counted as killed or wounded.
_OTHER_WORDS = r"missing|unaccounted\s+for|arrested|detained|taken\s+into\s+custody|rounded\s+up"
# The words between a count and its verb name who was counted ("three members of the
# Frontier Constabulary (FC) murdered"); a verb of their own ("two helicopters were
# evacuating injured") ends them, so only the auxiliary right before the toll word may come.
_AUX = r"were|was|have|has|had|been|are|is|being|remain|remained|still"
# Words that end the phrase naming who was counted: a clause or a time ("two days after a
# soldier was killed"), a reporting verb ("one account said the boy was killed"), a purpose.
_ENDS_PHRASE = (
    r"and|or|but|began|after|before|since|ago|when|while|which|that|said|says|told"
    r"|to|for|days?|weeks?|months?|years?|hours?|minutes?"
)
CASUALTY = re.compile(
    r"\b" + _COUNT + r"(?:\s+(?!(?:" + _ENDS_PHRASE + "|" + _AUX + r")\b)"
    r"(?:more|other|[\w-]+|\([\w-]+\))){0,6}?\s+"
    r"(?:(?:" + _AUX + r"|(?!nearly|almost|narrowly)[a-z]+ly|also|all|pronounced|found|confirmed)"
    r"\s+){0,3}"
    r"(?P<kind>" + _DEATH_WORDS + r"|wounded|injured|hurt"
    r"|fled|displaced|have fled|had fled|" + _OTHER_WORDS + r")\b",
    re.I,
)  # fmt: skip
ARRESTING = re.compile(
    r"\b(?P<kind>arrest(?:ed|ing|s)?|detain(?:ed|ing|s)?)\s+" + _COUNT + r"\b", re.I
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
# "fatally shot eight people", "shot to death one person", "suffered minor injuries".
FATALLY = re.compile(
    r"\b(?P<kind>fatally\s+(?:shot|shooting|stabbed|stabbing)|(?:shot|stabbed|beaten)\s+to\s+"
    r"death|shot\s+dead)\s+" + _COUNT + r"\b",
    re.I,
)
SUFFERED = re.compile(
    r"\b" + _COUNT + r"(?:\s+[\w-]+){0,3}?\s+(?:suffered|sustained)\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<kind>injuries|wounds)\b",
    re.I,
)
TOLL_PATTERNS = (
    CASUALTY, KILLING, DEATHS_OF, LOST_MEN, DEATH_TOLL, FATALLY, SUFFERED, ARRESTING
)  # fmt: skip

# Victims counted by their noun phrases, not a number: "killing a police officer and a bomb
# technician" (2), "a receptionist died" (1), "critically injuring a third co-worker" (1).
# Only a singular person noun after a determiner counts, so "killing the idea" or "a man's
# dog" do not; several are counted when coordinated ("a judge, a court reporter and ...").
_PERSON = (
    r"man|woman|boy|girl|child|baby|teenager|teen|person|officer|policeman|policewoman|soldier"
    r"|civilian|journalist|reporter|receptionist|deputy|trooper|technician|driver|climber"
    r"|worker|co-?worker|employee|student|mother|father|mom|dad|guard|judge|agent|resident"
    r"|pedestrian|passenger|bystander|inmate|prisoner|fighter|commander|chief|nurse|doctor"
    r"|teacher|priest|pilot|sergeant|constable|detective|colleague|wife|husband|son|daughter"
    r"|brother|sister|granddaughter|grandson|girlfriend|boyfriend|ex-girlfriend|ex-wife|aide"
    r"|official|manager|owner|shopkeeper|motorist|cyclist|hiker|tourist|partner|boss|mom"
)
# A named victim: two or more capitalised words ("Juan Abel Escalante"), an age may follow;
# what comes next must end the phrase, so "killing Afghan civilians" names no one.
_NOT_A_NAME = r"(?!(?:The|A|An|This|That|In|On|At|Of|For|By|With|From|To)\s)"
_NAME = (
    r"(?-i:" + _NOT_A_NAME + r"(?:\d{1,3}-year-old\s+)?(?:(?:[A-Z][\w'’-]+\s+){1,3}[A-Z][\w'’-]+"
    r"(?:,\s*\d{1,3}\b,?)?|[A-Z][\w'’-]+,\s*\d{1,3}\b,?)"
    r"(?=\s*[,.;:)\"”]|\s+(?:and|in|on|at|with|after|before|during|who|outside|near|by|as|last"
    r"|while|when|was|is|has|had|died)\b|\s*$))"
)  # one word is a name only with an age after it ("Kafoury, 63")
_ONE = (
    r"(?:(?:an?|the|his|her|their|its|a\s+third|a\s+second|another)\s+(?:[\w'’-]+\s+){0,5}?"
    r"(?:" + _PERSON + r")(?![\w'’-])|" + _NAME + r"|himself|herself)"
)
_VICTIMS = r"(?P<victims>" + _ONE + r"(?:\s*,\s*" + _ONE + r")*(?:\s*,?\s+and\s+" + _ONE + r")?)"
VICTIMS_OF_VERB = re.compile(
    r"(?<!nearly\s)(?<!almost\s)\b(?P<kind>killing|killed|murdering|murdered|slaying|slew"
    r"|fatally\s+(?:shooting|shot|"
    r"stabbing|stabbed)|shot\s+and\s+killed|wounding|wounded|injuring|injured)\s+"
    r"(?:(?:critically|seriously|fatally)\s+)?" + _VICTIMS,
    re.I,
)
VICTIMS_SUBJECT = re.compile(
    r"(?:^|[.;:\"“]\s*|\b(?:said|says|after|when|as|while|that)\s+)" + _VICTIMS
    + r"\s+(?:(?:was|has\s+been|had\s+been|is|were)\s+(?:also\s+|later\s+)?"
    r"(?P<kind>killed|murdered|slain|shot\s+dead|shot\s+to\s+death|stabbed\s+to\s+death"
    r"|found\s+dead|presumed\s+dead|pronounced\s+dead|fatally\s+(?:shot|stabbed)|wounded|injured)"
    r"|(?P<kind2>died|has\s+died|lay\s+dead|is\s+dead|was\s+dead|suffered\s+(?:[\w-]+\s+)"
    r"{0,3}?injuries))\b",
    re.I,
)  # fmt: skip
# "the death of her granddaughter", "the murder of Zurana Horton".
DEATH_OF_VICTIM = re.compile(
    r"(?<!attempted\s)\b(?P<kind>death|killing|murder|slaying)\s+of\s+" + _VICTIMS, re.I
)
# "left a receptionist dead", "fell 700 metres to his death".
LEFT_DEAD = re.compile(
    r"\b(?:left|leaving|leaves)\s+" + _VICTIMS + r"\s+(?P<kind>dead|wounded|injured)\b", re.I
)
FELL_TO_DEATH = re.compile(
    r"\b(?:fell|fallen|falling|plunged|jumped)\b[^.;]{0,60}?\bto\s+(?P<victims>his|her)\s+"
    r"(?P<kind>death)\b",
    re.I,
)
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


_KILLED_WORD = re.compile(
    r"kill|dead|\bdie|death|murder|slain|\bslew|slay|execut|massacr|slaughter|behead|lynch"
    r"|perish|^lost|^fatal",
    re.I,
)


def toll_kind(verb: str) -> str:
    """ "killed", "wounded", "displaced", "missing" or "arrested" for the words that report
    the toll."""
    if re.search(r"missing|unaccounted", verb, re.I):
        return "missing"
    if re.search(r"arrest|detain|custody|rounded", verb, re.I):
        return "arrested"
    if _KILLED_WORD.search(verb):
        return "killed"
    if re.search(r"fled|displaced", verb, re.I):
        return "displaced"
    return "wounded"


# A number that counts no casualties: an age ("the death of 15-year-old X"), children ("a
# mother of two died"), a magnitude or any decimal ("a 5.2 quake injured three").
_AGE_AFTER = re.compile(r"[\s-]*years?[\s-]*old\b", re.I)
_KIN_BEFORE = re.compile(
    r"\b(?:mother|father|parent|mom|dad|grandmother|grandfather)\s+(?:of|to)\s+$", re.I
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


# Every word a toll pattern ends or starts on; a sentence without one has no figure.
_TOLL_WORD = re.compile(
    r"kill|dead|die|death|murder|slain|slay|slew|execut|massacr|slaughter|behead|lynch|perish"
    r"|lost|wound|injur|hurt|fled|flee|displac|missing|unaccounted|arrest|detain|custody"
    r"|rounded|suffer|sustain|shot|stab|fatal|toll",
    re.I,
)


def casualties(
    text: str, *, victims: bool = True
) -> dict[str, list[tuple[int, int | None, str, str]]]:
    """The first figure of each kind in a sentence, with the words that report it.

    A kind the sentence gives no number for takes the count of its victims' noun phrases
    ("killing a police officer and a technician" is 2) unless ``victims`` is False, as the
    contradiction check asks: "the commander was killed" is one of the dead, not a toll that
    contradicts "12 were killed".

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
    >>> casualties("A guard was killed"), casualties("A guard was killed", victims=False)
    ({'killed': [(1, 1, '', 'A guard was killed')]}, {})
    """
    first: dict[str, tuple[int, tuple[int, int | None, str, str]]] = {}
    if not _TOLL_WORD.search(text):
        return {}  # most sentences name no toll: skip the patterns
    for pat in TOLL_PATTERNS:
        for m in _tolls(pat, text):
            c = _read(m)
            if c is None or (c.low == 0 and c.high is None):
                continue
            key = toll_kind(m.group("kind"))
            # The first figure of a kind in the sentence is its headline figure.
            if key not in first or m.start() < first[key][0]:
                first[key] = (m.start(), (c.low, c.high, c.qualifier, m.group(0).strip()))
    if victims:
        for key, found in _victim_counts(text).items():
            first.setdefault(key, found)
    return _in_text_order(first)


def victim_phrases(text: str) -> dict[str, list[tuple[int, int | None, str, str]]]:
    """Only the victims the number reader's own phrases count ("killing a police officer and
    a technician" is 2), whatever numbers the sentence gives: what ``casualties`` adds for a
    kind without a number."""
    if not _TOLL_WORD.search(text):
        return {}
    return _in_text_order(_victim_counts(text))


def _in_text_order(
    first: dict[str, tuple[int, tuple[int, int | None, str, str]]],
) -> dict[str, list[tuple[int, int | None, str, str]]]:
    return {k: [v] for k, (_, v) in sorted(first.items(), key=lambda kv: kv[1][0])}


def _victim_counts(text: str) -> dict[str, tuple[int, tuple[int, int | None, str, str]]]:
    first: dict[str, tuple[int, tuple[int, int | None, str, str]]] = {}
    for m in _victim_phrases(text):
        key = toll_kind(m.group("kind") or m.groupdict().get("kind2") or "")
        victims = m.group("victims")
        # "A, B and C" is three; "an unarmed woman, Shantel Davis" (no "and") is one.
        n = sum(1 for _ in _ONE_VICTIM.finditer(victims)) if re.search(r"\band\b", victims) else 1
        at = m.start("victims")
        if n and (key not in first or at < first[key][0]):
            first[key] = (at, (n, n, "", m.group(0).strip(' .;:"“')))
    return first


_ONE_VICTIM = re.compile(_ONE, re.I)


def _victim_phrases(text: str) -> Iterator[re.Match[str]]:
    for pat in (VICTIMS_OF_VERB, VICTIMS_SUBJECT, LEFT_DEAD, FELL_TO_DEATH, DEATH_OF_VICTIM):
        yield from pat.finditer(text)
