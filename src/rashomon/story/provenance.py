"""Provenance: the root of each statement's chain of sources, and independent origins.

A chain runs outlet -> report(s) -> speaker. Its root (the origin) is the innermost *named*
source: an anonymous speaker ("a senior official", "sources") is known only through the
report or outlet that carries it, so two outlets repeating one wire agency's anonymous
official share one origin, the agency.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model import ClaimMention

GENERIC = frozenset(
    """reports report media sources source officials official residents witnesses people some
    unverified several multiple local many other various certain senior security account accounts
    news statement post tweet analysts observers sides both aid groups""".split()
)


def is_named(name: str) -> bool:
    """A source that identifies someone: a proper name, not a description ("local officials")."""
    words = [w for w in name.replace("’", "'").split() if w[:1].isalpha()]
    return any(w[0].isupper() and w.lower() not in GENERIC for w in words)


def origin_of(
    mention: ClaimMention,
    outlet: str | None,
    canonical: Callable[[str], str],
    own: str | None = None,
) -> str:
    """The origin of one mention, as a canonical name: its named source, else the reporting.

    ``own`` names that reporting where it is not the article's own: for a copy, its source's
    (:mod:`rashomon.story.copies`).
    """
    named = named_origin(mention, canonical)
    if named:
        return named
    return own or own_reporting(outlet, mention.article_id, canonical)


def own_reporting(outlet: str | None, article_id: str, canonical: Callable[[str], str]) -> str:
    """The origin of what an article reports on its own: its outlet, else the article."""
    return canonical(outlet) if outlet else f"article {article_id}"


def named_origin(mention: ClaimMention, canonical: Callable[[str], str]) -> str | None:
    """The named source the mention rests on (its speaker, else the innermost named relay)."""
    if mention.speaker_kind == "outlet":
        return None
    speaker = mention.speaker or ""
    if speaker and (
        mention.speaker_kind == "person"
        or (mention.speaker_kind in ("organisation", "media") and is_named(speaker))
    ):
        return canonical(speaker)
    for name in reversed(mention.via):
        if is_named(name):
            return canonical(name)
    return None


def count_origins(mentions: list[ClaimMention]) -> list[str]:
    """Distinct origins of the mentions that assert (denials do not corroborate)."""
    seen: dict[str, None] = {}
    for m in mentions:
        if m.polarity == "asserts":
            seen.setdefault(m.origin, None)
    return list(seen)
