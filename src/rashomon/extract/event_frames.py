"""Event frames: the action a statement reports, with who did it, to whom and where.

Per article, once: each statement (claim mention) that names an action of the ontology
(:mod:`rashomon.extract.ontology`) gets an :class:`~rashomon.model.EventFrame` read off a parse
of its own words. The statement is parsed on its own, not as part of its sentence: cut out of
its reporting frame ("Officials said that ..."), the clause parses as the main clause it is,
and its roles come out better than from the whole sentence's parse (on the demo corpus, the
sentence parse made the drones the actor of the depot strike and lost a town). The sentence is
parsed too, for its places, used when the statement names none.

The frames keep phrases as written; the story stage (:mod:`rashomon.story.events`) settles them
against the story's entities ("KLF" to its full name, "Drevanian" to Drevania) and the
speaker each statement is finally given.

Entry points: :func:`frames_for_article` and :func:`detect_type`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import ActorCandidate, ClaimMention, EventFrame, PlaceCandidate
from .ontology import _EVENT_TYPES, MANNER
from .victims import read_tolls

# A negated statement ("did not respond", "has not confirmed") reports no event.
NEGATED = re.compile(r"\b(?:not|no|never|neither|nor|n't)\b", re.I)
# "wants to seize", "plans to attack": an intention, not an event.
INTENT = re.compile(
    r"\b(?:wants?|want|plans?|plan|intends?|threaten(?:s|ed)?|tr(?:y|ies|ied)|aim(?:s)?|seek"
    r"(?:s)?|hope(?:s)?|vow(?:s|ed)?)\s+to\s+\w+$",
    re.I,
)
LOC_PREPS = frozenset("in near at outside into inside across around toward towards".split())
PLACE_NOUNS = frozenset(
    "town city village province region district valley capital area border crossing".split()
)
PROPOSAL = re.compile(r"\b(?:proposed|offered|called for|suggested|invited)\b", re.I)
DATEISH = re.compile(
    r"^(?:\w+\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
    r"|tonight|night|morning|evening|afternoon)\b",
    re.I,
)
ACTOR_NOUNS = re.compile(
    r"\b(?:(?:government|army|rebel|security|police|military|pro-government|opposition|"
    r"\w+ian)\s+)?(?:troops|forces|soldiers|army|rebels|fighters|militants|police|gunmen|"
    r"government|military|insurgents|officers|sympathisers|sympathizers|protesters)\b",
    re.I,
)
POSSESSIVE = re.compile(r"(?i)(?:his|her|their|our|its)\b")
PLACE_LABELS = ("GPE", "LOC", "FAC")
ACTOR_LABELS = ("ORG", "NORP", "GPE", "PERSON")


def detect_type(text: str) -> tuple[str, int] | None:
    """The ontology type a statement reports, and where its trigger starts; None if none."""
    hits: list[tuple[int, str]] = []
    for et in _EVENT_TYPES:
        if et.key == "denial":
            continue
        m = et.trigger.search(text)
        if m and not INTENT.search(text[: m.start()].rstrip()) and _arguments_fit(et.key, m, text):
            hits.append((m.start(), et.key))
    if not hits:
        return None
    keys = {k for _, k in hits}
    if keys & set(MANNER):
        # "killed in an air strike": the manner names the event, the death is its toll.
        hits = [h for h in hits if h[1] != "killing" and h[1] != "armed_clash"] or hits
    pos, key = min(hits)
    return key, pos


# Triggers that name the type only with the right arguments (issue 19: "hotel ... destroyed"
# typed as an armed clash, "captured the nation's attention" as a capture of territory).
_WEAK_CLASH = re.compile(r"destroyed|fighting", re.I)
_ARMED = re.compile(
    ACTOR_NOUNS.pattern + r"|\b(?:gun\w*|weapons?|rifles?|tanks?|artillery|shell\w*|bombs?"
    r"|rockets?|missiles?|air ?strikes?|drones?|troops?|army|armed|armou?red|attack\w*|raid\w*"
    r"|warships?|convoys?|militia\w*|offensive)\b",
    re.I,
)
# What a capture can take: the place nouns of the frames, and sites that are no settlement.
_TERRITORY = PLACE_NOUNS | {"airport", "base", "port", "hill", "territory", "bridge"}
_TERRITORY_AFTER = re.compile(
    r"^\W*(?:(?:the|a|an|rebel-held|government-held|strategic|key|northern|southern|eastern"
    r"|western|central)\s+)*(?:[A-Z]|(?:" + "|".join(sorted(_TERRITORY)) + r")s?\b)"
)
# As the subject of a passive capture: as first measured, without the vaguer three.
_PLACE_NOUN = re.compile(
    r"\b(?:" + "|".join(sorted(_TERRITORY - {"hill", "crossing", "area"})) + r")s?\b", re.I
)
_PASSIVE_END = re.compile(r"\b(?:was|were|is|are|been)\s+(?:\w+ly\s+)?$", re.I)
_NAME_INSIDE = re.compile(r"(?<=\w )[A-Z][a-z]")
_MEETING_HELD = re.compile(
    r"\bmeetings?\s+(?:with|between)\b|\b(?:held|hold|holds|holding|had|have|has)\s+(?:a\s+|an?"
    r"\s+\w+\s+)?meetings?\b",
    re.I,
)
# Who is displaced: a population, or a count of people ("6,000 fled"), never one who flees
# a scene ("the robbers fled in another car").
_DISPLACED = re.compile(
    r"\b(?:civilians?|residents?|famil(?:y|ies)|people|villagers?|refugees?|inhabitants?"
    r"|population|households?|thousands|hundreds|tens of thousands|children|women|locals"
    r"|displaced|evacuat\w+|those|many|most|others|\d[\d,]*)\b",
    re.I,
)


def _arguments_fit(key: str, m: re.Match[str], text: str) -> bool:
    """Whether a trigger's arguments fit its type. Destruction or fighting is an
    armed clash only with an armed side or weapon in the statement (a quake destroys too);
    a build-up needs forces ("rescue teams were deployed" is none); a capture or seizure needs
    a place or a name after it ("captured the town", "seized Kabul"), not "captured the
    nation's attention" or "seized weapons"; displacement needs a population or a count of
    people ("residents fled", "6,000 fled"), not robbers fleeing a scene. A statement that
    fits no type stays untyped."""
    if key == "armed_clash" and _WEAK_CLASH.fullmatch(m.group(0)):
        # "fighting the Taliban": a named side is enough for fighting, not for destruction.
        named = m.group(0).lower() == "fighting" and _NAME_INSIDE.search(text) is not None
        return named or _ARMED.search(text) is not None
    if key == "military_buildup":
        return _ARMED.search(text) is not None
    if key == "displacement":
        return _DISPLACED.search(text) is not None
    if key == "visit_meeting" and m.group(0).lower().startswith("meeting"):
        # "shots fired during the caucus meeting" is when, not a meeting between parties.
        return _MEETING_HELD.search(text) is not None
    if key == "capture" and re.match(r"(?:re)?captur|seiz", m.group(0), re.I):
        before = text[: m.start()]
        return (
            _TERRITORY_AFTER.match(text[m.end() :]) is not None
            # "Panjshir Valley has been completely captured": the place is the subject.
            or (
                _PASSIVE_END.search(before) is not None
                and (
                    _PLACE_NOUN.search(before) is not None
                    or re.match(r"\W*(?!(?:The|A|An|It|This|That)\b)[A-Z]", before) is not None
                )
            )
        )
    return True


def reported_event(text: str) -> tuple[str, int] | None:
    """:func:`detect_type` for a statement that reports an event as having happened.

    Negated statements, and talks only proposed, report none.
    """
    if NEGATED.search(text):
        return None
    found = detect_type(text)
    if found and found[0] == "visit_meeting" and PROPOSAL.search(text):
        return None  # talks proposed or called for have not happened
    return found


def frames_for_article(
    mentions: Sequence[ClaimMention], lang: Language | Callable[[str], Doc]
) -> list[EventFrame]:
    """The event frame of every statement of one article that reports an event."""
    cache: dict[str, Doc] = {}

    def parse(text: str) -> Doc:
        if text not in cache:
            cache[text] = lang(text)
        return cache[text]

    frames = []
    for m in mentions:
        found = reported_event(m.text)
        if found is None:
            continue
        etype, pos = found
        doc = parse(m.text)
        actors, targets = roles(doc, pos)
        frames.append(
            EventFrame(
                m.id,
                etype,
                actors,
                targets,
                places(doc),
                places(parse(m.sentence)),
                tolls=read_tolls(m.text, doc),
            )
        )
    return frames


def roles(doc: Doc, pos: int) -> tuple[list[ActorCandidate], list[str]]:
    """Who acts and what is acted upon around the trigger at character ``pos``, from the parse."""
    trig = next((t for t in doc if t.idx <= pos < t.idx + len(t.text) + 1), None)
    if trig is None:
        return [], []
    verb = trig
    # spaCy makes a new Token object on each access: compare indices, never identity.
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    actor_spans: list[Token] = []
    target_spans: list[Token] = []
    for ch in verb.children:
        if ch.dep_ in ("nsubj", "csubj"):
            actor_spans.append(ch)
        elif ch.dep_ in ("nsubjpass", "dobj", "attr"):
            target_spans.append(ch)
        elif ch.dep_ == "agent":
            actor_spans.extend(g for g in ch.children if g.dep_ == "pobj")
        elif ch.dep_ == "prep" and ch.lower_ in ("on", "against"):
            target_spans.extend(g for g in ch.children if g.dep_ == "pobj")
    if trig.i != verb.i and trig.dep_ in ("nsubj", "nsubjpass") and not actor_spans:
        actor_spans.append(trig)  # "a car bomb exploded": the bomb is all we know of who
    # The agent of a later passive ("was planted by KLF sympathisers") names who did it.
    for t in doc:
        if t.dep_ == "agent" and t.head.i != verb.i:
            actor_spans.extend(g for g in t.children if g.dep_ == "pobj")
    # "struck the depot on Sunday": the pobj of "on" may be a date, which is no target.
    target_spans = [s for s in target_spans if s.ent_type_ not in ("DATE", "TIME")]
    targets = _dedupe(_phrase(s) for s in target_spans if not DATEISH.search(_phrase(s)))
    return [_actor(s) for s in actor_spans], targets


def _actor(head: Token) -> ActorCandidate:
    sub = list(head.subtree)
    names = [
        e.text
        for e in head.doc.ents
        if e.start >= sub[0].i and e.end <= sub[-1].i + 1 and e.label_ in ACTOR_LABELS
    ]
    phrase = " ".join(t.text for t in sub)
    hit = ACTOR_NOUNS.search(phrase)
    return ActorCandidate(names, bool(POSSESSIVE.match(phrase)), hit.group(0) if hit else None)


def _phrase(tok: Token) -> str:
    words = [t for t in tok.subtree if not (t.dep_ == "det" and t.i == tok.left_edge.i)]
    # Keep the noun phrase, not a relative clause or apposition hanging off it.
    cut = [t for t in words if t.dep_ in ("relcl", "acl", "appos", "punct") and t.head.i == tok.i]
    if cut:
        stop = min(c.left_edge.i for c in cut)
        words = [t for t in words if t.i < stop]
    return " ".join(t.text for t in words).strip(" ,")


def places(doc: Doc) -> list[PlaceCandidate]:
    """Phrases of ``doc`` that may name a place: entities, then proper nouns after "in", "near".

    Entities keep their NER label: the story's own type for the name outvotes it later ("near
    Mereth" tagged DATE in one sentence).
    """
    out = []
    for e in doc.ents:
        # "from Drevanian territory", "from across the border": where it came from, not where.
        before = doc[max(0, e.start - 2) : e.start].text.lower()
        if "from" not in before.split():
            out.append(PlaceCandidate(e.text, e.label_))
    # Invented or rare place names often come out as PERSON or not at all: a proper noun
    # after a place preposition ("in Veyla", "near Mereth", "the town of Veyla") is a place.
    for t in doc:
        if t.dep_ not in ("pobj", "dobj") or not any(
            w.pos_ == "PROPN" for w in t.subtree if w.i <= t.i
        ):
            continue
        head = t.head
        placey = (
            head.lower_ in LOC_PREPS
            or (head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS)
            or (t.dep_ == "dobj" and head.lemma_ in ("flee", "leave", "evacuate"))
        )
        if not placey:
            continue
        words = [
            w for w in t.subtree if w.i <= t.i and w.dep_ in ("compound", "amod") or w.i == t.i
        ]
        out.append(PlaceCandidate(" ".join(w.text for w in words), None))
    return out


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))
