"""The contradiction ledger: denials, and the same event told with incompatible details.

Details compared between accounts from different origins: casualty counts, dates, manner of
attack, the place the event is set in, and who is said to have done it (places and agents are
read from the parse by :mod:`rashomon.story.details`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from ..model import Claim, ClaimMention, Contradiction
from .details import ACTS, Agent, Geography, Place, one_place, rival_agents

NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a hundred": 100,
    "a thousand": 1000,
    "thousand": 1000,
}
_NUM = r"(?P<num>\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_QUAL = r"(?P<qual>at least|more than|over|about|around|nearly|almost|up to|some)?\s*"
CASUALTY = re.compile(
    _QUAL + _NUM + r"\b(?:\s+[\w-]+){0,3}?\s+(?:(?:were|was|have been|had been|are)\s+)?"
    r"(?P<kind>killed|dead|died|deaths|wounded|injured|hurt)\b",
    re.I,
)
KILLING = re.compile(r"\bkill(?:ing|ed|s)\s+" + _QUAL + _NUM, re.I)
MANNER = {
    "an air or drone strike": r"air ?strike|airstrike|drone strike|bombed|bombing raid|shelling",
    "an internal dispute": r"internal dispute|quarrel|own (?:fighters?|men|guards?)|infighting",
    "an accident": r"accident|crash",
    "a battle": r"in (?:the )?(?:battle|fighting|clashes?|combat)",
    "an execution": r"executed|execution",
    "a suicide bombing": r"suicide (?:bomb|attack)",
}


def casualty_counts(text: str) -> dict[str, tuple[int, str]]:
    """{"killed": (12, ""), "wounded": (35, "at least")} from a sentence."""
    out: dict[str, tuple[int, str]] = {}
    for m in CASUALTY.finditer(text):
        kind = (
            "killed"
            if m.group("kind").lower() in ("killed", "dead", "died", "deaths")
            else ("wounded")
        )
        out.setdefault(kind, (_value(m.group("num")), (m.group("qual") or "").lower()))
    for m in KILLING.finditer(text):
        out.setdefault("killed", (_value(m.group("num")), (m.group("qual") or "").lower()))
    return out


def _value(num: str) -> int:
    num = num.lower().replace(",", "")
    return int(num) if num.isdigit() else NUMBER_WORDS.get(num, 0)


def _compatible(a: tuple[int, str], b: tuple[int, str]) -> bool:
    (x, qx), (y, qy) = a, b
    if x == y:
        return True
    # "at least 12" and "19" can both be true.
    if qx in ("at least", "more than", "over") and y >= x:
        return True
    if qy in ("at least", "more than", "over") and x >= y:
        return True
    return qx in ("about", "around", "nearly", "almost", "some") or qy in (
        "about",
        "around",
        "nearly",
        "almost",
        "some",
    )


def manners(text: str) -> set[str]:
    return {name for name, pat in MANNER.items() if re.search(pat, text, re.I)}


def find(
    claims: list[Claim],
    outlet_of: dict[str, str],
    days: dict[str, tuple[str, str, str]] | None = None,
    *,
    places: dict[str, list[Place]] | None = None,
    agents: dict[str, Agent] | None = None,
    geography: Geography | None = None,
) -> list[Contradiction]:
    """Denials, and incompatible details between accounts of one claim from different origins.

    ``days`` maps a mention id to the (first, last) ISO day and text of the date it gives;
    ``places`` to the places it sets the event in, ``agents`` to who it says did it.
    """
    days = days or {}
    places = places or {}
    agents = agents or {}
    geography = geography or Geography()
    out: list[Contradiction] = []

    def add(kind: str, claim: Claim, a: ClaimMention, b: ClaimMention, why: str) -> None:
        out.append(Contradiction(f"x{len(out) + 1}", kind, claim.id, a.id, b.id, why))

    def who(m: ClaimMention) -> str:
        where = outlet_of.get(m.article_id) or m.article_id
        return f"{m.speaker} ({where})" if m.speaker and m.speaker != where else where

    # Read once per mention, not once per pair: a long article gives a claim thousands of
    # accounts, and reading each pair's tolls again made this step take minutes.
    read = {
        m.id: _Read(casualty_counts(m.text), manners(m.text)) for c in claims for m in c.mentions
    }

    for claim in claims:
        asserting = [m for m in claim.mentions if m.polarity == "asserts"]
        denying = [m for m in claim.mentions if m.polarity == "denies"]
        if asserting:
            for d in denying:
                # Pair the denial with an assertion from the same article when there is one.
                a = next((m for m in asserting if m.article_id == d.article_id), asserting[0])
                add("denial", claim, a, d, f"{who(a)} asserts it; {who(d)} denies it.")
        seen: set[tuple[str, str]] = set()
        for i, a in enumerate(asserting):
            for b in asserting[i + 1 :]:
                if a.origin == b.origin:
                    continue  # one source repeating itself is not two accounts
                pair = "-".join(sorted((a.origin, b.origin)))
                for kind, why in _details(a, b, read, who, days, places, agents, geography):
                    if (kind, pair) not in seen:  # one of each kind per pair of origins
                        seen.add((kind, pair))
                        add("conflicting detail", claim, a, b, why)
    return out


class _Read(NamedTuple):
    """What one account says of tolls and of how it happened."""

    counts: dict[str, tuple[int, str]]
    manners: set[str]


def _details(
    a: ClaimMention,
    b: ClaimMention,
    read: dict[str, _Read],
    who: Callable[[ClaimMention], str],
    days: dict[str, tuple[str, str, str]],
    places: dict[str, list[Place]],
    agents: dict[str, Agent],
    geography: Geography,
) -> list[tuple[str, str]]:
    """(kind, explanation) of each detail two accounts of one claim disagree on."""
    out: list[tuple[str, str]] = []
    ca, cb = read[a.id].counts, read[b.id].counts
    for kind in ("killed", "wounded"):
        if kind in ca and kind in cb and not _compatible(ca[kind], cb[kind]):
            out.append(
                (
                    kind,
                    f"{who(a)} says {_fmt(ca[kind])} {kind}; {who(b)} says "
                    f"{_fmt(cb[kind])} {kind}.",
                )
            )
    da, db = days.get(a.id), days.get(b.id)
    if da and db and _days_apart(da, db) > 1:
        out.append(
            (
                "date",
                f"{who(a)} dates it {da[0]} (\u201c{da[2]}\u201d); {who(b)} dates "
                f"it {db[0]} (\u201c{db[2]}\u201d).",
            )
        )
    ma, mb = read[a.id].manners, read[b.id].manners
    if ma and mb and not (ma & mb):
        out.append(
            (
                "manner",
                f"{who(a)} describes {' / '.join(sorted(ma))}; {who(b)} describes "
                f"{' / '.join(sorted(mb))}.",
            )
        )
    pa, pb = one_place(places.get(a.id)), one_place(places.get(b.id))
    if (
        pa
        and pb
        # "shot in Mereth" and "died in Maravel" can both be true.
        and (pa.verb == pb.verb or {pa.verb, pb.verb} <= ACTS)
        and geography.disjoint(pa.entity, pb.entity)
    ):
        out.append(
            (
                "place",
                f"{who(a)} places it {pa.prep} {pa.name}; {who(b)} places it {pb.prep} {pb.name}.",
            )
        )
    ga, gb = agents.get(a.id), agents.get(b.id)
    if ga and gb and rival_agents(ga, gb):
        out.append(
            (
                "agent",
                f"{who(a)} attributes it to {ga.text or ga.names[0]}; {who(b)} "
                f"attributes it to {gb.text or gb.names[0]}.",
            )
        )
    return out


def _days_apart(a: tuple[str, str, str], b: tuple[str, str, str]) -> int:
    """Days between two day ranges (0 when they overlap)."""
    a0, a1 = date.fromisoformat(a[0]), date.fromisoformat(a[1])
    b0, b1 = date.fromisoformat(b[0]), date.fromisoformat(b[1])
    if a1 < b0:
        return (b0 - a1).days
    if b1 < a0:
        return (a0 - b1).days
    return 0


def _fmt(v: tuple[int, str]) -> str:
    return f"{v[1]} {v[0]}".strip()
