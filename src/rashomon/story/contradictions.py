"""The contradiction ledger: denials, and the same event told with incompatible details.

Details compared between accounts from different origins: casualty counts, dates, manner of
attack, the place the event is set in, and who is said to have done it (places and agents are
read from the parse by :mod:`rashomon.story.details`). A disputed detail is one contradiction
per claim, listing every value given and who gives it ("A says 12 killed; B, C say 19
killed"), not one per pair of accounts: a toll told five ways is one dispute, not ten.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from ..extract import numbers
from ..extract.numbers import Count
from ..model import Claim, ClaimMention, Contradiction, DetailValue
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
        for kind, vals in numbers.casualties(text, victims=False).items()
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
    details = _Details(read, days, places, agents, geography)
    for claim in claims:
        asserting = [m for m in claim.mentions if m.polarity == "asserts"]
        denying = [m for m in claim.mentions if m.polarity == "denies"]
        if asserting:
            for d in denying:
                # Pair the denial with an assertion from the same article when there is one.
                a = next((m for m in asserting if m.article_id == d.article_id), asserting[0])
                why = f"{who(a)} asserts it; {who(d)} denies it."
                out.append(Contradiction(f"x{len(out) + 1}", "denial", claim.id, a.id, d.id, why))
        for attribute in ATTRIBUTES:
            found = details.conflict(attribute, asserting, who)
            if found:
                found.id, found.claim_id = f"x{len(out) + 1}", claim.id
                out.append(found)
    return out


class _Read(NamedTuple):
    """What one account says of tolls and of how it happened."""

    counts: dict[str, Count]
    manners: set[str]


ATTRIBUTES = ("killed", "wounded", "date", "manner", "place", "agent")
# How an explanation states one value: (one source, several sources), before the value.
_SAYS = {
    "killed": ("says", "say"),
    "wounded": ("says", "say"),
    "date": ("dates it", "date it"),
    "manner": ("describes", "describe"),
    "place": ("places it", "place it"),
    "agent": ("attributes it to", "attribute it to"),
}


class _Details:
    """Each account's value for each detail, and whether two accounts' values clash."""

    def __init__(
        self,
        read: dict[str, _Read],
        days: dict[str, tuple[str, str, str]],
        places: dict[str, list[Place]],
        agents: dict[str, Agent],
        geography: Geography,
    ) -> None:
        self.read, self.days, self.agents, self.geography = read, days, agents, geography
        self.places = {mid: one_place(ps) for mid, ps in places.items()}

    def value(self, attribute: str, m: ClaimMention) -> str | None:
        """The account's value, as the explanation states it; None when it gives none."""
        if attribute in ("killed", "wounded"):
            count = self.read[m.id].counts.get(attribute)
            return f"{_fmt(count)} {attribute}" if count else None
        if attribute == "date":
            day = self.days.get(m.id)
            return f"{day[0]} (\u201c{day[2]}\u201d)" if day else None
        if attribute == "manner":
            found = self.read[m.id].manners
            return " / ".join(sorted(found)) if found else None
        if attribute == "place":
            place = self.places.get(m.id)
            return f"{place.prep} {place.name}" if place else None
        agent = self.agents.get(m.id)
        return (agent.text or agent.names[0]) if agent else None

    def clash(self, attribute: str, a: ClaimMention, b: ClaimMention) -> bool:
        """Whether both accounts cannot be true of this detail."""
        if attribute in ("killed", "wounded"):
            ca, cb = self.read[a.id].counts, self.read[b.id].counts
            return not _compatible(ca[attribute], cb[attribute])
        if attribute == "date":
            da, db = self.days[a.id], self.days[b.id]
            return _days_apart(da, db) > 1 and not _only_a_guessed_year(da, db)
        if attribute == "manner":
            return not (self.read[a.id].manners & self.read[b.id].manners)
        if attribute == "place":
            # Both give a place (only accounts that give the detail are compared).
            pa, pb = self.places[a.id], self.places[b.id]
            # "shot in Mereth" and "died in Maravel" can both be true.
            same_act = pa.verb == pb.verb or {pa.verb, pb.verb} <= ACTS
            return same_act and self.geography.disjoint(pa.entity, pb.entity)
        return rival_agents(self.agents[a.id], self.agents[b.id])

    def conflict(
        self, attribute: str, accounts: list[ClaimMention], who: Callable[[ClaimMention], str]
    ) -> Contradiction | None:
        """One contradiction for the detail, listing every value given, or None if no two
        accounts from different origins clash (one source repeating itself is one account)."""
        given = [(m, v) for m in accounts if (v := self.value(attribute, m)) is not None]
        giving = [m for m, _ in given]
        pair = next(
            (
                (a, b)
                for i, a in enumerate(giving)
                for b in giving[i + 1 :]
                if a.origin != b.origin and self.clash(attribute, a, b)
            ),
            None,
        )
        if pair is None:
            return None
        values: dict[str, DetailValue] = {}
        for m, value in given:
            v = values.setdefault(value, DetailValue(value))
            v.mention_ids.append(m.id)
            if who(m) not in v.sources:
                v.sources.append(who(m))
        one, several = _SAYS[attribute]
        why = "; ".join(
            f"{', '.join(v.sources)} {one if len(v.sources) == 1 else several} {v.value}"
            for v in values.values()
        )
        a, b = pair
        return Contradiction(
            "", "conflicting detail", "", a.id, b.id, why + ".", attribute, list(values.values())
        )


def _only_a_guessed_year(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """ "April 9" read as 2013-04-09 in one article and 2012-04-09 in another: the same day
    and month, and a year that at least one account does not state but took from its
    publication date. That is no conflict the reports make."""
    same_day = a[0][5:] == b[0][5:] and a[1][5:] == b[1][5:]
    stated = all(re.search(r"\b(?:1[89]|20)\d\d\b", d[2]) for d in (a, b))
    return same_day and a[0][:4] != b[0][:4] and not stated


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
