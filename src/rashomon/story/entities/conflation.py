"""The conflation check: entities whose descriptors conflict across articles (a death and
later activity, two different offices, one office of two organisations)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Contradiction, Descriptor, Entity
from .names import normalise
from .vocabulary import _GENERIC_ROLES, _ROLE, _STOP, TITLES


def _role(text: str) -> tuple[str, bool] | None:
    """The office a descriptor names ("vice president") and whether it is a former one."""
    found = list(_ROLE.finditer(text))
    if not found:
        return None
    m = found[-1]
    role = m.group(0).lower()
    former = bool(re.match(r"(?:former|ex)\b", role)) or bool(
        re.search(r"\b(?:former|ex-|then)\b", text.lower())
    )
    role = re.sub(r"^(?:former|ex|acting)[\s-]+", "", role)
    role = role.replace("-", " ")
    role = re.sub(r"spokes(?:wo)?(?:man|person)", "spokesperson", role)
    role = role.replace("defense", "defence").replace("lawyer", "attorney")
    return role, former


# Capitalised at the start of a headline or sentence, these describe a side, not name one:
# "Rebel commander X" and "KLF commander X" are one office of one group.
_GENERIC_SIDES = frozenset(
    """rebel rebels army military militia government opposition police insurgent insurgents
    resistance regime separatist separatists islamist jihadist local regional senior top
    former campaign team office staff""".split()
)


def _affiliation(text: str) -> str:
    words = re.findall(r"\b[A-Z][\w’'-]+", text)
    words = [
        w
        for w in words
        if not TITLES.match(w + " ") and w.lower() not in _STOP and w.lower() not in _GENERIC_SIDES
    ]
    return normalise(" ".join(words))


def _spell_out(short: str, full: str) -> str:
    """``short`` with an acronym spelled out as ``full`` spells it ("klf" -> "korvath
    liberation front" when ``full`` holds those words), so a group under both names is one."""
    words, other = short.split(), full.split()
    for n in range(len(other), 1, -1):
        for i in range(len(other) - n + 1):
            run = other[i : i + n]
            initials = "".join(w[0] for w in run)
            for k, w in enumerate(words):
                # "rnc" for "republican national" whose "Committee" the title reader dropped.
                if w == initials or (len(w) == len(initials) + 1 and w.startswith(initials)):
                    words[k] = " ".join(run)
    return " ".join(words)


def conflations(entities: Sequence[Entity]) -> list[Contradiction]:
    """Entities whose descriptors conflict across articles: two people under one name?

    Flags, per entity and pair of articles, (a) a death in one article and the entity
    speaking or acting in another that reports no death, and (b) two different specific
    offices ("spokesperson" vs "commander", "president" vs "vice president"), or one office
    of two different organisations. Each is a :class:`Contradiction` of kind ``"entity"``
    with ``claim_id`` "" and ``mention_a``/``mention_b`` citing the two descriptors as
    ``"article_id:start-end"`` (character offsets into the article text); the explanation
    quotes both sentences.
    """
    out: list[Contradiction] = []

    def ref(d: Descriptor) -> str:
        return f"{d.article_id}:{d.start}-{d.end}"

    def emit(e: Entity, a: Descriptor, b: Descriptor, why: str) -> None:
        out.append(
            Contradiction(
                f"x-entity-{len(out) + 1}",
                "entity",
                "",
                ref(a),
                ref(b),
                f"{e.name}: {why} — {a.article_id}: “{a.sentence}” / "
                f"{b.article_id}: “{b.sentence}”",
            )
        )

    for e in entities:
        if e.type not in ("PERSON", ""):
            continue
        deaths = [d for d in e.descriptors if d.kind == "status"]
        dead_in = {d.article_id for d in deaths}
        done: set[tuple[str, str, str]] = set()
        for d in deaths:
            for a in e.descriptors:
                if a.kind != "activity" or a.article_id in dead_in:
                    continue
                # One flag per article that reports the death: a famous name acting in thirty
                # other articles is one question for the reader, not thirty.
                tag = ("death", d.article_id, "")
                if tag in done:
                    continue
                done.add(tag)
                emit(
                    e,
                    d,
                    a,
                    f"dead in one article ({d.text}), acting in another ({a.text}); "
                    "two people conflated, or a disputed death",
                )
        offices = [(d, _role(d.text)) for d in e.descriptors if d.kind == "office"]
        offices = [(d, r) for d, r in offices if r and not r[1]]
        for i, (d1, (r1, _)) in enumerate(offices):
            for d2, (r2, _) in offices[i + 1 :]:
                if d1.article_id == d2.article_id:
                    continue
                generic = r1.split()[-1] in _GENERIC_ROLES or r2.split()[-1] in _GENERIC_ROLES
                why = ""
                if r1 != r2 and not generic:
                    why = f"two different offices: {r1} / {r2}"
                elif r1 == r2:
                    f1, f2 = _affiliation(d1.text), _affiliation(d2.text)
                    f1, f2 = _spell_out(f1, f2), _spell_out(f2, f1)
                    if f1 and f2 and f1 != f2 and f1 not in f2 and f2 not in f1:
                        why = f"{r1} of two different organisations: {f1} / {f2}"
                if not why:
                    continue
                # One flag per person and kind of clash: the other descriptors are listed with
                # the entity, and the same question asked for every article pair is noise.
                tag = ("office", why.split(":")[0], "")
                if tag in done:
                    continue
                done.add(tag)
                emit(e, d1, d2, why)
    return out
