"""Victims counted from the parse: who died, was killed or was wounded, as the grammar says.

News often names its dead instead of counting them: "a bomb killed a police officer and a
bomb technician", "Horton died shielding the children", "his mother and his ex-girlfriend
were found stabbed to death", "the killing of Grigoropoulos". A pattern over the words cannot
tell who the victims are; the dependency parse can. For every predicate of death or injury
in a sentence this finds its victims (the object of "kill", the subject of "die" or of a
passive "was killed", the head a participle hangs on, the object of "the death of") and
counts them over their coordination: a number counts its number ("two women and a man" is
3), a singular person (a name, a pronoun, a person noun) counts one, and anything else (a
plural without a number, "people", "many") makes the count unknown, so nothing is said.

:func:`victim_counts` gives the first count of each kind in a sentence; the number reader
(:func:`rashomon.extract.numbers.casualties`) stays the first word on figures, and events
take these counts only for a kind no source gives a number for.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..model import Toll
from .numbers import casualties, victim_phrases, words_to_int

KILL_VERBS = frozenset(
    "kill murder slay assassinate execute behead massacre slaughter lynch strangle".split()
)
DIE_VERBS = frozenset(("die", "perish"))
WOUND_VERBS = frozenset(("wound", "injure", "hurt"))
# "shot dead", "stabbed to death", "beaten to death": a verb that kills with its complement.
TO_DEATH_VERBS = frozenset(("shoot", "stab", "beat", "burn", "crush", "hack", "bludgeon"))
# "found dead", "left dead", "lay dead", "pronounced dead".
DEAD_FRAMES = frozenset(
    ("find", "leave", "lie", "lay", "pronounce", "declare", "presume", "believe", "be")
)
DEATH_NOUNS = frozenset(("death", "killing", "murder", "slaying", "assassination"))
PERSON_NOUNS = frozenset(
    """man woman boy girl child baby teenager teen person officer policeman policewoman
    soldier civilian journalist reporter receptionist deputy trooper technician driver climber
    worker coworker co-worker employee student mother father mom dad guard judge agent resident
    pedestrian passenger bystander inmate prisoner fighter commander chief nurse doctor
    teacher priest pilot sergeant constable detective colleague wife husband son daughter
    brother sister granddaughter grandson girlfriend ex-girlfriend boyfriend aide official
    manager owner shopkeeper motorist cyclist hiker tourist partner boss victim gunman
    suspect mountaineer hostage captain lieutenant president minister leader spokesman
    spokeswoman""".split()
)
SINGULAR_PRONOUNS = frozenset(("he", "she", "him", "her", "himself", "herself"))
RELATIVE = frozenset(("who", "that", "which", "whom"))


# A death that "will", "could" or "might" happen, or did "not", is no report of one.
UNREAL = frozenset(("will", "would", "could", "might", "may", "should", "can", "must"))


class Victims(NamedTuple):
    n: int
    with_number: bool  # a number among several conjuncts: "two women and a man"
    text: str  # the victims and the word that reports them


def read_tolls(text: str, doc: Any) -> dict[str, Toll]:
    """Every figure a statement reports, one per kind: the number reader's figure, else the
    victims its parse counts ("killing a judge and a guard" is 2), else the victims the
    number reader's own phrases count. The parse beats a number only where it adds people
    to it ("killed two women and a man" is 3, not 2). ``doc`` is the parse of ``text``."""
    numbers = casualties(text, victims=False)
    parsed = victim_counts(doc)
    fallback = victim_phrases(text)
    out: dict[str, Toll] = {}
    for kind, vals in numbers.items():
        low, high, qual, words = vals[0]
        v = parsed.get(kind)
        if v and v.with_number and high == low and v.n > low:
            out[kind] = Toll(v.n, v.n, "", v.text, "victims")
        else:
            out[kind] = Toll(low, high, qual, words, "number")
    for kind, v in parsed.items():
        out.setdefault(kind, Toll(v.n, v.n, "", v.text, "victims"))
    for kind, vals in fallback.items():
        low, high, qual, words = vals[0]
        out.setdefault(kind, Toll(low, high, qual, words, "victims"))
    return out


def victim_counts(sent: Any) -> dict[str, Victims]:
    """kind ("killed", "wounded") -> the victims of the first predicate of that kind in
    ``sent`` (a spaCy span or doc) whose victims can be counted."""
    out: dict[str, Victims] = {}
    for tok in sent:
        if _unreal(tok):
            continue
        found = _predicate(tok)
        if found is None:
            continue
        kind, head = found
        if kind in out or head is None:
            continue
        counted = _count(head)
        if counted:
            n, with_number = counted
            parts = [head, *head.conjuncts, tok]
            lo, hi = min(t.i for t in parts), max(t.i for t in parts)
            words = sent.doc[lo : hi + 1].text if hi - lo < 25 else f"{head.text} … {tok.text}"
            out[kind] = Victims(n, with_number, words)
    return out


def _predicate(tok: Any) -> tuple[str, Any] | None:
    """(kind, victims' head) when ``tok`` reports a death or an injury, else None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" or tok.pos_ == "AUX":
        if lemma in KILL_VERBS or _kills_by_complement(tok):
            return "killed", _undergoer(tok)
        if lemma in DIE_VERBS:
            return "killed", _subject(tok)
        if lemma in WOUND_VERBS:
            kind = "killed" if _has_child(tok, "advmod", "fatally") else "wounded"
            return kind, _undergoer(tok)
        if lemma in DEAD_FRAMES and _has_child(tok, ("acomp", "oprd", "xcomp", "advmod"), "dead"):
            who = _child(tok, "dobj") if lemma == "leave" else None
            return "killed", who or _subject(tok)
    if tok.pos_ in ("VERB", "AUX") and _to_death(tok):
        # "fell 700 metres to his death": the one who fell died.
        return "killed", _subject(tok)
    if tok.pos_ == "NOUN" and lemma in DEATH_NOUNS and not _has_child(tok, "amod", "attempted"):
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        victim = _child(of, "pobj") if of is not None else _possessor(tok)
        return "killed", victim
    return None


def _unreal(tok: Any) -> bool:
    """A death not reported as having happened: "will kill", "did not die", "nearly killed",
    "vowed to kill", "threatened to execute her" (an infinitive or a bare verb)."""
    if tok.tag_ == "VB":
        return True
    return any(
        (c.dep_ == "aux" and c.lower_ == "to")
        or (c.dep_ == "aux" and c.lower_ in UNREAL)
        or c.dep_ == "neg"
        or (c.dep_ == "advmod" and c.lower_ in ("nearly", "almost", "narrowly"))
        for c in tok.children
    )


def _to_death(tok: Any) -> bool:
    """ "to death" / "to his death" among the verb's prepositions."""
    return any(
        prep.dep_ == "prep"
        and prep.lower_ == "to"
        and any(c.dep_ == "pobj" and c.lemma_.lower() == "death" for c in prep.children)
        for prep in tok.children
    )


def _kills_by_complement(tok: Any) -> bool:
    lemma = tok.lemma_.lower()
    if lemma in TO_DEATH_VERBS and (
        _has_child(tok, ("acomp", "oprd", "advmod", "xcomp"), "dead") or _to_death(tok)
    ):
        return True
    return lemma in TO_DEATH_VERBS | WOUND_VERBS and _has_child(tok, "advmod", "fatally")


def _undergoer(tok: Any) -> Any:
    """Who a killing or wounding verb acts on: its object, a passive's subject, or the noun a
    participle describes ("a girl killed by a stray bullet")."""
    for dep in ("nsubjpass", "dobj"):
        found = _child(tok, dep)
        if found is not None:
            return _antecedent(found, tok)
    if tok.dep_ == "acl" and tok.tag_ == "VBN":
        return tok.head
    if tok.dep_ in ("xcomp", "oprd", "ccomp") and tok.head.pos_ in ("VERB", "AUX"):
        return _undergoer(tok.head) or _subject(tok.head)  # "were found stabbed to death"
    if tok.dep_ == "conj" and tok.head.pos_ == "VERB":
        return _undergoer(tok.head)  # "shot and killed a woman": the first verb's object
    return None


def _subject(tok: Any) -> Any:
    for dep in ("nsubj", "nsubjpass"):
        found = _child(tok, dep)
        if found is not None:
            return _antecedent(found, tok)
    if tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX"):
        return _subject(tok.head)  # "a man was shot and died"
    return None


def _antecedent(found: Any, verb: Any) -> Any:
    """A relative pronoun ("who was killed") stands for the noun its clause describes."""
    if found.lower_ in RELATIVE and verb.dep_ == "relcl":
        return verb.head
    return found


def _possessor(tok: Any) -> Any:
    return _child(tok, "poss")  # "Brodny's death"


def _count(head: Any) -> tuple[int, bool] | None:
    """Victims over a coordination: numbers add up, a singular person is one; else None.
    Also whether a number was one of several conjuncts."""
    total, numbered = 0, False
    parts = (head, *head.conjuncts)
    if not any(c.dep_ == "cc" for p in parts for c in p.children):
        parts = (head,)  # a "conjunct" with no "and" or "or" is a misread apposition
    for part in parts:
        n = _one_conjunct(part)
        if n is None:
            return None
        total += n
        numbered = numbered or _numbered(part)
    return total, numbered and len(parts) > 1


def _numbered(tok: Any) -> bool:
    return tok.pos_ == "NUM" or any(c.dep_ == "nummod" for c in tok.children)


def _one_conjunct(tok: Any) -> int | None:
    if tok.pos_ == "NUM":
        if any(c.dep_ == "prep" for c in tok.children):
            return None  # "one of her four cats": the count is of what follows
        return words_to_int(tok.text)
    num = next((c for c in tok.children if c.dep_ == "nummod"), None)
    if num is not None and tok.pos_ == "PROPN" and num.i > tok.i:
        num = None  # "Raj Chohan, 59,": an age after a name
    if num is not None:
        if any(c.dep_ in ("advmod", "quantmod") for c in num.children):
            return None  # "at least three": the number reader gives it with its qualifier
        return words_to_int(num.text)
    if tok.lower_ in SINGULAR_PRONOUNS:
        return 1
    if tok.pos_ == "PROPN" and (tok.ent_type_ == "PERSON" or tok.ent_type_ == ""):
        return 1 if tok.ent_type_ == "PERSON" or tok.tag_ == "NNP" else None
    if tok.pos_ == "NOUN" and tok.tag_ == "NN" and tok.lemma_.lower() in PERSON_NOUNS:
        return 1
    return None


def _child(tok: Any, dep: str) -> Any:
    return next((c for c in tok.children if c.dep_ == dep), None)


def _has_child(tok: Any, deps: str | tuple[str, ...], lower: str) -> bool:
    deps = (deps,) if isinstance(deps, str) else deps
    return any(c.dep_ in deps and c.lower_ == lower for c in tok.children)


__all__ = ["Victims", "read_tolls", "victim_counts"]
