"""Descriptors: what an article says of a named entity around its mention (titles and
offices, appositions, relations, a reported death, speaking or acting)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ...model import Descriptor
from .names import normalise
from .vocabulary import _ACTIVITY_VERBS, _DEATH, _KIN, _ROLE, TITLES


def _descriptor(
    article_id: str, text: str, start: int, end: int, kind: str, sent: Span
) -> Descriptor | None:
    piece = text[start:end].strip(" ,;:-—–\n")
    if not piece:
        return None
    start = text.index(piece, start)
    sentence = text[sent.start_char : sent.end_char].strip()
    return Descriptor(piece, article_id, start, start + len(piece), sentence, kind)


# In an apposition or a title, only these words say the person is dead: "the late X",
# "X, slain in 2016". A bare "death" or "funeral" there is about something else ("the legacy
# of X: death, destruction and weakness"); "the death of X" is read from its own pattern.
_DEAD = re.compile(
    r"\b(?:late|slain|dead|deceased|died|killed|assassinated|executed|murdered|martyred)\b", re.I
)


def _classify(text: str) -> str:
    low = text.lower()
    # "whose son was killed in the attack": a relative's death, not the person's.
    if {w.rstrip("s") for w in re.findall(r"[\w-]+", low)} & _KIN:
        return "relation"
    if _DEAD.search(low):
        return "status"
    if _ROLE.search(low) or TITLES.match(text + " "):
        return "office"
    return "description"


def _descriptors(article_id: str, text: str, ent: Span, sent: Span) -> list[Descriptor]:
    out: list[Descriptor] = []
    doc = ent.doc
    inside = set(range(ent.start, ent.end))

    def add(start: int, end: int, kind: str | None = None) -> None:
        d = _descriptor(article_id, text, start, end, kind or "", sent)
        if d is None:
            return
        if kind is None:
            d.kind = _classify(d.text)
            if d.kind == "description" and not re.search(r"\b[a-z]", d.text):
                return  # an acronym or a bare name in apposition, not a description
        out.append(d)

    # A title inside the span ("President Obama") or in front of it ("Taliban spokesman X",
    # "the late X", "former vice-president X").
    m = TITLES.match(ent.text)
    title_end = ent.start_char + m.end() if m and normalise(ent.text) else None
    i = ent.start - 1
    while i >= sent.start:
        t = doc[i]
        if t.is_punct or t.pos_ in ("DET", "VERB", "AUX", "ADP", "PRON", "NUM", "CCONJ"):
            break
        h = t
        while h.i not in inside and h.head.i != h.i and h.i < ent.start and h.head.i > h.i:
            h = h.head
        if h.i not in inside:
            break
        i -= 1
    run = doc[i + 1 : ent.start]
    if len(run) and any(t.is_lower or TITLES.match(t.text + " ") or _role_word(t) for t in run):
        add(run.start_char, title_end or run.end_char)
    elif title_end is not None:
        add(ent.start_char, title_end)
    root = ent.root
    # Appositions: "X, the head of the army," and "the head of the army, X".
    for child in root.children:
        if child.dep_ == "appos" and child.i not in inside:
            sub = list(child.subtree)
            add(sub[0].idx, sub[-1].idx + len(sub[-1]))
    if root.dep_ == "appos" and root.head.i not in inside:
        head = root.head
        sub = [t for t in head.subtree if t.i < ent.start and t.i not in inside]
        if sub and head.pos_ == "NOUN":
            add(sub[0].idx, sub[-1].idx + len(sub[-1]))
    # Relative clause or verb: "X, who died in 2016", "X was killed", "X said".
    verbs = [c for c in root.children if c.dep_ == "relcl"]
    if root.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(root.head)
    for v in verbs:
        if v.pos_ not in ("VERB", "AUX"):
            continue
        lemma = v.lemma_.lower()
        lo = ent.end if v.i > ent.start else sent.start
        phrase = [t for t in v.subtree if t.i not in inside and t.i >= lo]
        if _DEATH.search(v.text) or lemma in ("die", "kill", "assassinate", "execute"):
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj and subj[0].i not in inside and subj[0].lower_ not in ("who", "that", "which"):
                continue  # "X, whose son was killed": someone else died
            if not any(c.dep_ == "neg" for c in v.children) and not _reported_doubt(v):
                toks = [t for t in phrase if t.dep_ != "punct" and v.i - 3 <= t.i <= v.i + 6]
                if toks:
                    add(toks[0].idx, toks[-1].idx + len(toks[-1]), "status")
        elif lemma in _ACTIVITY_VERBS and v.dep_ != "relcl" and root.dep_ == "nsubj":
            add(v.idx, v.idx + len(v), "activity")
    # "the death of X", "the funeral of X".
    if root.dep_ == "pobj" and root.head.dep_ == "prep" and root.head.head.pos_ == "NOUN":
        noun = root.head.head
        if _DEATH.search(noun.text):
            add(noun.idx, noun.idx + len(noun), "status")
    return out


def _role_word(t: Token) -> bool:
    """ "Actress Lindsay Lohan" opening a sentence: a capital that only the sentence start
    gave, as the article's own "the actress" shows."""
    if t.i != t.sent.start or not t.is_title:
        return False
    return re.search(rf"\b{re.escape(t.lower_)}\b", t.doc.text) is not None


def _reported_doubt(v: Token) -> bool:
    """ "denied that X was killed", "rumours that X died": not a statement of death."""
    h = v
    for _ in range(3):
        if h.head.i == h.i:
            return False
        h = h.head
        if h.lemma_.lower() in ("deny", "dismiss", "reject", "rumour", "rumor", "false", "claim"):
            return True
    return False
