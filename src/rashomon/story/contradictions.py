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

from ..extract import numbers
from ..extract.numbers import Count
from ..model import Claim, ClaimMention, Contradiction
from .details import ACTS, Agent, Geography, Place, one_place, rival_agents

MANNER = {
    "an air or drone strike": r"air ?strike|airstrike|drone strike|bombed|bombing raid|shelling",
    "an internal dispute": r"internal dispute|quarrel|own (?:fighters?|men|guards?)|infighting",
    "an accident": r"accident|crash",
    "a battle": r"in (?:the )?(?:battle|fighting|clashes?|combat)",
    "an execution": r"executed|execution",
    "a suicide bombing": r"suicide (?:bomb|attack)",
}


def casualty_counts(text: str) -> dict[str, Count]:
    """The killed and wounded a sentence reports, read by :mod:`rashomon.extract.numbers`.

    >>> casualty_counts("12 were killed and at least 35 wounded")
    {'killed': Count(low=12, high=12, qualifier=''), 'wounded': Count(low=35, high=None, qualifier='at least')}
    """  # noqa: E501
    return {
        kind: Count(*vals[0][:3])
        for kind, vals in numbers.casualties(text).items()
        if kind in ("killed", "wounded")
    }


def _compatible(a: Count, b: Count) -> bool:
    """Whether two figures can both be true: "at least 12" and "19" can, "12" and "19" not."""
    if a.qualifier in numbers.APPROXIMATE or b.qualifier in numbers.APPROXIMATE:
        return True
    a_high = a.high if a.high is not None else float("inf")
    b_high = b.high if b.high is not None else float("inf")
    return a.low <= b_high and b.low <= a_high


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

    ``outlet_of`` names each article for the explanations (its outlet, else its file);
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
        # An outlet's own reporting is named by the outlet (or file) alone, never by an id.
        speaker = None if m.speaker_kind == "outlet" else m.speaker
        return f"{speaker} ({where})" if speaker and speaker != where else where

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

    counts: dict[str, Count]
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


def _fmt(v: Count) -> str:
    """ "at least 12", "up to 30", "dozens", "10 to 12"."""
    if v.qualifier in numbers.VAGUE:
        return v.qualifier
    if v.qualifier == "between" or (v.high is not None and v.qualifier == "" and v.high != v.low):
        return f"{v.low} to {v.high}"
    value = v.high if v.qualifier in numbers.CAPPED else v.low
    return f"{v.qualifier} {value}".strip()
