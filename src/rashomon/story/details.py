"""Where and by whom an account says an event happened, read from the parse.

For the contradiction ledger: :func:`event_places` ("struck a depot in Veyla" -> Veyla) and
:func:`event_agent` ("Drevanian forces shelled the market" -> Drevania) read one mention at
cross-article time; :func:`story_geography` gathers what the story says of its places (which
town lies in which province) so that a town and its region never count as two places.
:func:`rival_agents` and :meth:`Geography.disjoint` decide when two accounts disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Entity
from . import entities, gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

SETTLEMENT_NOUNS = frozenset("town city village hamlet capital port".split())
BIG_CITY = 100_000  # people: a gazetteer city this big is a town whatever the story says
# A name used with one of these ("Idlib province", "the district of Douma") covers an area that
# may hold the other place: never a conflict on its own.
REGION_WORDS = frozenset(
    "province region district governorate oblast state county valley territory area "
    "prefecture department republic strip bank coast mountains border neighbourhood "
    "neighborhood suburb outskirts".split()
)
# A bare institution ("the army", "police") is some side's organ, not a rival of that side.
GENERIC_ACTORS = frozenset(
    "army military police government navy air force forces troops ministry regime "
    "administration authorities security coalition officials state".split()
)
# Acts whose doer is what accounts dispute; "the Saints face Seattle" names no culprit.
ACTS = frozenset(
    "attack shell bomb strike hit kill shoot fire launch plant detonate capture seize raid "
    "ambush abduct kidnap arrest detain execute assassinate massacre murder destroy burn torch "
    "loot storm overrun besiege blockade target invade occupy behead hijack down".split()
)
# "Drevanian forces" are the state acting; "Somali pirates" are people from somewhere.
STATE_ARMS = frozenset(
    "forces force troops army navy military soldiers marines police government regime warplanes "
    "jets aircraft planes drones artillery tanks warships gunboats authorities".split()
)
PLACE_TYPES = frozenset(("GPE", "LOC", "FAC"))
GROUP_TYPES = frozenset(("GPE", "ORG", "NORP"))
SITE_PREPS = frozenset(("in", "at"))  # "near X" or "outside X" fits many places: never compared
COUNTRIES = frozenset(entities.demonym_countries())


@dataclass(frozen=True)
class Place:
    """A place a mention sets its event in: "struck a depot in Veyla" -> Veyla."""

    entity: str  # entity id ("~name" for a town the tagger did not know)
    name: str
    prep: str  # "in" or "at"
    verb: str = ""  # lemma of the verb it hangs on, directly or through its object


@dataclass(frozen=True)
class Agent:
    """Who a mention says did it: the named subject of its active verb, or a passive's "by"."""

    verb: str  # lemma of the event verb
    entities: frozenset[str]
    names: tuple[str, ...]  # the entities' names
    kind: str  # "person" or "group"
    text: str = ""  # as the mention words it ("Drevanian forces")


@dataclass
class Geography:
    """What the story (and the gazetteer, when installed) says of its places.

    Two places are told apart only when both are settlements (the story calls them a town,
    city or village, or the gazetteer knows them as big cities) and neither lies in the other.
    """

    within: dict[str, set[str]] = field(default_factory=dict)  # id -> ids it lies in
    settlements: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)  # areas: countries, provinces, valleys
    names: dict[str, str] = field(default_factory=dict)

    def _enclosing(self, eid: str) -> set[str]:
        seen: set[str] = set()
        todo = [eid]
        while todo:
            for up in self.within.get(todo.pop(), ()):
                if up not in seen:
                    seen.add(up)
                    todo.append(up)
        return seen

    def _big_city(self, eid: str) -> bool:
        """A city of BIG_CITY people or more by the gazetteer (small namesakes abound: the
        gazetteer's "Palestine" is a town in Texas, its "Africa" one in Tunisia)."""
        name = self.names.get(eid, "").strip()
        population = gazetteer.city_population(name)
        return population is not None and population >= BIG_CITY

    def disjoint(self, a: str, b: str) -> bool:
        """Whether places a and b (entity ids) cannot both be where one event happened.

        Both must be towns by the story's own words, or both big cities by the gazetteer: a
        town the story names beside a city only the gazetteer knows may lie in the province of
        the same name ("in Kandahar" is often the province).
        """
        if a == b or a in self.regions or b in self.regions:
            return False
        na, nb = (entities.normalise(self.names.get(x, "")) for x in (a, b))
        if not na or not nb or na in nb or nb in na:
            return False  # "Gaza" and "Gaza City": one may be the other
        if b in self._enclosing(a) or a in self._enclosing(b):
            return False
        if a in self.settlements and b in self.settlements:
            return True
        return self._big_city(a) and self._big_city(b)


def one_place(places: list[Place] | None) -> Place | None:
    """The place of a mention that names exactly one (with two, which one is the event's?)."""
    if not places or len({p.entity for p in places}) != 1:
        return None
    return places[0]


def _entity_id(tok: Token, index: dict[str, str]) -> str | None:
    """The story entity the named-entity span around a token resolves to, if any."""
    doc = tok.doc
    if tok.ent_iob_ in ("B", "I"):
        start = tok.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return entities.lookup(doc[start:end].text, index)
    if tok.pos_ not in ("PROPN", "NOUN") or not tok.text[:1].isupper():
        return None
    # Invented or rare names the tagger missed (or, sentence-initial, took for a common noun):
    # the capitalised word with its compounds, if the story knows it as a name.
    words = [t for t in tok.subtree if t.i <= tok.i and (t.dep_ == "compound" or t.i == tok.i)]
    return entities.lookup(" ".join(t.text for t in words), index)


def _place_id(
    tok: Token, index: dict[str, str], by_id: dict[str, Entity]
) -> tuple[str, str] | None:
    """(id, name) of the place a token names: a story entity that is a place, or else a name
    the text itself calls a town ("the town of Veyla", which the small tagger may not know),
    keyed by its spelling."""
    eid = _entity_id(tok, index)
    if eid and eid in by_id:
        return (eid, by_id[eid].name) if _is_place(by_id[eid]) else None
    head = tok.head
    if (
        eid is None
        and tok.pos_ == "PROPN"
        and tok.dep_ == "pobj"
        and head.lower_ == "of"
        and head.head.lemma_.lower() in SETTLEMENT_NOUNS
    ):
        words = [t for t in tok.subtree if t.i <= tok.i and (t.dep_ == "compound" or t.i == tok.i)]
        name = " ".join(t.text for t in words)
        return "~" + entities.normalise(name), name
    return None


def _is_place(e: Entity) -> bool:
    # The small model often calls an invented town a PERSON; a one-word "person" after "in" is
    # a place, a full name never, unless it is worded as one ("Korvath Valley").
    if e.type in PLACE_TYPES:
        return True
    words = set(entities.normalise(e.name).split())
    return e.type == "PERSON" and (len(words) == 1 or bool(words & REGION_WORDS))


def event_places(
    doc: Doc, start: int, end: int, index: dict[str, str], by_id: dict[str, Entity]
) -> list[Place]:
    """Places the mention in doc[start:end] (characters) sets its event in.

    Only "in"/"at" a proper name attached to the main verb or to what it acts on ("struck a
    depot in Veyla", "were killed in the town of Veyla"): a place hanging off the subject
    ("rebels in Mereth shelled ...") or a clause inside says where someone is, not the event.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return []
    root = span.root
    # "Drones launched from X struck a depot in Veyla": the parser may make the first verb the
    # root and the event a conjunct of it.
    verbs = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    heads = {v.i: v for v in verbs} | {
        c.i: v for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")
    }
    out: list[Place] = []
    for tok in span:
        if tok.dep_ != "prep" or tok.lower_ not in SITE_PREPS or tok.head.i not in heads:
            continue
        verb = heads[tok.head.i].lemma_.lower()
        for obj in tok.children:
            if obj.dep_ != "pobj":
                continue
            target: Token | None = obj
            if obj.lemma_.lower() in SETTLEMENT_NOUNS:  # "in the town of Veyla"
                target = next(
                    (
                        g
                        for c in obj.children
                        if c.dep_ == "prep" and c.lower_ == "of"
                        for g in c.children
                        if g.dep_ == "pobj"
                    ),
                    None,
                )
            found = _place_id(target, index, by_id) if target is not None else None
            if found:
                out.append(Place(found[0], found[1], tok.lower_, verb))
    return list(dict.fromkeys(out))


def event_agent(
    doc: Doc,
    start: int,
    end: int,
    index: dict[str, str],
    by_id: dict[str, Entity],
    named: set[str],
) -> Agent | None:
    """Who the mention in doc[start:end] says did it, when it names one side, else None.

    Only for acts of force (:data:`ACTS`). The agent is the "by" of a passive ("was planted by
    KLF sympathisers") or the subject of an active verb with an object ("Drevanian forces
    shelled the market"); a verb without object ("he died", "the town fell") has a subject
    that did nothing. It must be a named entity: the subject itself or its modifier, never a
    possessor ("Brodny's men") or an origin ("drones from Drevania"). ``named`` holds the
    entities the story names mid-sentence somewhere, which a common noun the tagger took for a
    name at a sentence start is not.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    verb = span.root
    if (
        verb.pos_ != "VERB"
        or verb.lemma_.lower() not in ACTS
        or any(c.dep_ == "neg" for c in verb.children)
    ):
        return None
    by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if by:
        heads = by
    elif subjects and any(c.dep_ == "dobj" for c in verb.children):
        heads = subjects
    else:
        return None
    if len(heads) != 1:
        return None
    head = heads[0]
    if not span.start <= head.i < span.end or any(c.dep_ == "conj" for c in head.children):
        return None  # outside the mention's words, or several actors ("X and Y shelled")
    mods = [c for c in head.children if c.dep_ in ("compound", "amod")]
    ids = {eid for t in [head, *mods] if (eid := _entity_id(t, index)) and eid in by_id}
    if _entity_id(head, index) is None and head.lemma_.lower() not in STATE_ARMS:
        # Named only by a modifier: a group's own fighters ("KLF fighters"), or a country's or
        # people's armed forces ("Drevanian forces"), never their nationals ("Somali pirates").
        ids = {eid for eid in ids if by_id[eid].type == "ORG"}
    if len(ids) != 1 or not ids <= named:
        return None
    e = by_id[next(iter(ids))]
    if e.type == "PERSON" and " " in e.name.strip():
        kind = "person"
    elif e.type in GROUP_TYPES:
        kind = "group"
    else:
        return None
    if set(entities.normalise(e.name).split()) <= GENERIC_ACTORS:
        return None
    left = min([head.i, *(c.left_edge.i for c in mods)])
    return Agent(verb.lemma_.lower(), frozenset(ids), (e.name,), kind, doc[left : head.i + 1].text)


def _stems(names: Iterable[str]) -> set[str]:
    """Word stems of names, long enough that "Velmoran" and "Velmora" share one."""
    out = set()
    for n in names:
        for w in entities.normalise(n).split():
            if len(w) >= 4 and w not in GENERIC_ACTORS:
                out.add(w[: max(4, len(w) - 3)])
    return out


def rival_agents(a: Agent, b: Agent) -> bool:
    """Two accounts of one act naming different doers (not one side under two names)."""
    if a.verb != b.verb or a.kind != b.kind or a.entities & b.entities:
        return False
    sa, sb = _stems(a.names), _stems(b.names)
    words_a = {w for n in a.names for w in entities.normalise(n).split()}
    words_b = {w for n in b.names for w in entities.normalise(n).split()}
    # "the Velmoran army" and "Velmora", "Israeli forces" and "Israel": one side.
    return not any(w.startswith(s) for s in sb for w in words_a) and not any(
        w.startswith(s) for s in sa for w in words_b
    )


def named_mid_sentence(docs: Sequence[Doc], index: dict[str, str]) -> set[str]:
    """Entity ids the story names at least once past the first word of a sentence."""
    out: set[str] = set()
    for doc in docs:
        for ent in doc.ents:
            if not doc[ent.start].is_sent_start:
                eid = entities.lookup(ent.text, index)
                if eid:
                    out.add(eid)
    return out


def story_geography(
    docs: Sequence[Doc], index: dict[str, str], ents: Sequence[Entity]
) -> Geography:
    """Which places the story puts inside which, and which it calls towns or regions.

    Read from "the town of Veyla", "Veyla, a town of 30,000", "the provincial capital,
    Maravel" (settlements); "Idlib province", "the province of Idlib" (regions); "Kabul,
    Afghanistan", "Veyla in Korvath Valley", "Velmora's Korvath Valley", "the Korvath Valley town of
    Veyla", "Mereth lies in ..." (one place inside another). Countries (the gazetteer's, the
    demonym table's, or a place the story has a demonym for) are regions.
    """
    by_id = {e.id: e for e in ents}
    geo = Geography(names={e.id: e.name for e in ents})
    for e in ents:
        key = entities.normalise(e.name)
        country = gazetteer.country_of(e.name)
        demonym = any(key in entities.demonym_country(entities.normalise(a)) for a in e.aliases)
        if (
            e.type == "LOC"
            or key in COUNTRIES
            or (country is not None and country.lower() == e.name.lower())
            or (demonym and e.type == "GPE")
            or set(key.split()) & REGION_WORDS
        ):
            geo.regions.add(e.id)

    def place(tok: Token) -> str | None:
        found = _place_id(tok, index, by_id)
        if found is None:
            return None
        geo.names.setdefault(*found)
        return found[0]

    def inside(tok: Token) -> list[str]:
        """Places named by "in <Place>" hanging off a token."""
        return [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "in"
            for g in c.children
            if g.dep_ == "pobj" and (p := place(g))
        ]

    def link(inner: str, outers: Iterable[str | None]) -> None:
        for outer in outers:
            if outer and outer != inner:
                geo.within.setdefault(inner, set()).add(outer)

    for doc in docs:
        for root, end in _name_heads(doc):
            eid = place(root)
            if eid is None:
                continue
            head = root.head
            if root.dep_ == "pobj" and head.lower_ == "of":
                noun = head.head.lemma_.lower()
                if noun in SETTLEMENT_NOUNS:  # "the (Korvath Valley) town of Veyla"
                    geo.settlements.add(eid)
                    link(eid, (place(m) for m in head.head.children if m.dep_ in _MODIFIERS))
                elif noun in REGION_WORDS:  # "the province of Idlib"
                    geo.regions.add(eid)
            if root.dep_ == "appos" and head.i != root.i:
                if head.lemma_.lower() in SETTLEMENT_NOUNS:  # "the provincial capital, Maravel"
                    geo.settlements.add(eid)
                elif head.lemma_.lower() in REGION_WORDS:
                    geo.regions.add(eid)
            if root.dep_ == "nsubj" and head.lemma_ in ("lie", "sit", "be"):
                link(eid, inside(head))  # "Mereth lies in Korvath Valley"
            link(eid, inside(root))  # "Veyla in Korvath Valley"
            for c in root.children:
                lemma = c.lemma_.lower()
                if c.dep_ in ("appos", "compound") and lemma in SETTLEMENT_NOUNS:
                    geo.settlements.add(eid)  # "Veyla, a town of 30,000", "border town Qusayr"
                    link(eid, inside(c))  # "Veyla, a town in Korvath Valley"
                elif c.dep_ in ("appos", "compound") and lemma in REGION_WORDS:
                    geo.regions.add(eid)
                elif c.dep_ in ("appos", "poss"):
                    link(eid, [place(c)])  # "Kabul, Afghanistan", "Velmora's Korvath Valley"
            if end < len(doc) and doc[end].lower_ in REGION_WORDS:
                geo.regions.add(eid)  # "Idlib province"
            link(eid, [_after_comma(doc, end, place)])
    return geo


def _name_heads(doc: Doc) -> list[tuple[Token, int]]:
    """(head token, end token index) of each name: tagged entities, and capitalised words the
    tagger left out ("KABUL, Afghanistan", a sentence-initial "Veyla" read as a noun)."""
    out = [(ent.root, ent.end) for ent in doc.ents]
    for t in doc:
        if (
            t.ent_iob_ not in ("B", "I")
            and t.dep_ != "compound"
            and t.pos_ in ("PROPN", "NOUN")
            and t.text[:1].isupper()
        ):
            out.append((t, t.i + 1))
    return out


_MODIFIERS = ("compound", "amod", "poss", "nmod")


def _after_comma(doc: Doc, end: int, place: Callable[[Token], str | None]) -> str | None:
    """The place in "X, Y" right after a place X, unless X and Y are items of a list.

    The parser often leaves "Kabul, Afghanistan, on Monday" unlinked; a list ("Veyla,
    Brenmark and Ildara") is not containment.
    """
    if end + 1 >= len(doc) or doc[end].text != "," or doc[end + 1].ent_iob_ != "B":
        return None
    j = end + 2
    while j < len(doc) and doc[j].ent_iob_ == "I":
        j += 1
    after = doc[j] if j < len(doc) else None
    if after is not None and (
        after.lower_ in ("and", "or")
        or (after.text == "," and j + 1 < len(doc) and place(doc[j + 1]) is not None)
    ):
        return None
    return place(doc[end + 1])
