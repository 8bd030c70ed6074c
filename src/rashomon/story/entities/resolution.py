"""Resolving the entities of whole articles: spaCy's entities linked into
:class:`~rashomon.model.Entity` objects with their descriptors, the alias index from
normalised names to entity ids, and :func:`lookup` of free-text names in that index."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from spacy.tokens import Doc, Span

from ...model import Entity, EntityMention
from .descriptors import _descriptors
from .linking import NameMention, _acronym_defs, _Key, _link, _UnionFind
from .names import _phon, _skeleton, _translit_equal, normalise
from .vocabulary import _DEMONYMS, _NEGATORS, _ORG_HEADS, _ROLE, LABELS, TITLES


def resolve(docs: list[tuple[str, Doc]]) -> tuple[list[Entity], dict[str, str]]:
    """Entities of all articles, and an alias index: normalised name -> entity id."""
    acronyms, names, spans = _tagged_names(docs)
    nodes, keys, uf = _link(names, acronyms)
    index = NameIndex()
    entities, key_ids = _build_entities(_clusters(nodes, uf, names), names, keys, index)
    _index_unambiguous_keys(key_ids, keys, index)
    _index_acronyms(acronyms, index)
    _index_surnames(entities, index)
    _attach_descriptors(docs, spans, names, entities, index)
    return entities, index


def _tagged_names(
    docs: list[tuple[str, Doc]],
) -> tuple[dict[str, str], list[NameMention], list[Span]]:
    """The acronyms defined in the articles, and spaCy's named entities as name mentions."""
    acronyms: dict[str, str] = {}
    names: list[NameMention] = []
    spans: list[Span] = []
    for article_id, doc in docs:
        acronyms.update(_acronym_defs(doc.text))
        lower = {t.text for t in doc if t.is_lower}
        for found in doc.ents:
            if found.label_ not in LABELS or not _is_name(found, lower):
                continue
            ent = _after_title(found)
            key = normalise(ent.text)
            if len(key) < 2:
                continue
            label = ent.label_
            if label != "PERSON" and _titled(ent):
                label = "PERSON"  # "General Mujahid" is a person, whatever spaCy said
            elif label == "PERSON" and _modifies_a_role(ent):
                # "Samangan MP Zia Arianjad": the constituency, not a second name of the MP. A
                # group before a role ("Taliban spokesman") is tagged ORG or NORP already.
                label = "GPE"
            if _SHIP.match(ent.text):
                label = "FAC"  # "INS Mysore": a vessel, not a person
            names.append(NameMention(article_id, ent.text, label, ent.start_char, ent.end_char))
            spans.append(ent)
    return acronyms, names, spans


# Prefixes of ships' names: the NER model takes "INS Mysore" or "MV Gibe" for a person.
_SHIP = re.compile(r"(?:INS|USS|HMS|HMAS|HMCS|MV|MS|MT|RV|SS|FS|ARA|BNS|PNS)\s+[A-Z]")


def _is_name(ent: Span, lower: set[str]) -> bool:
    """Whether a tagged span is a name at all. Not: a handle or photo credit
    ("Courtesy Twitter/@PanjshirObserv"), an adjective ("anti-Taliban"), an indefinite noun
    phrase ("an Afghan Commando"), a capitalised common word opening a sentence ("Drones
    reportedly hit" where the article also writes "drones")."""
    text = ent.text
    if "@" in text or "/" in text:
        return False
    # Lower case: "anti-Taliban forces" describes; "Anti-Defamation League" is a name.
    if "-" in text and text.split("-", 1)[0] in _NEGATORS:
        return False
    if ent[0].lower_ in ("a", "an"):
        return False
    is_sentence_start = ent.start == ent.sent.start
    return not (len(ent) == 1 and is_sentence_start and text.lower() in lower)


def _modifies_a_role(ent: Span) -> bool:
    """ "Samangan MP Zia Arianjad", "Taliban spokesman Zabihullah Mujahid": a name right before
    a role that is followed by a person's name qualifies the role; it is not that person."""
    doc = ent.doc
    i = ent.end
    while i < len(doc) and (TITLES.fullmatch(doc[i].text + " ") or _ROLE.fullmatch(doc[i].text)):
        i += 1
    return i > ent.end and i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ == "B"


def _after_title(ent: Span) -> Span:
    """The name after a role inside the span: "Resistance spokesperson Fahim Dashti" -> "Fahim
    Dashti" (a person). spaCy often takes a group's name and the role before a person's name
    into one entity; kept whole, the person becomes a second entity with the group glued on."""
    for k in range(len(ent) - 2, 0, -1):
        word = ent[k]
        rest = ent[k + 1 :]
        if (
            word.is_lower  # a role written as one ("spokesperson"), not "Maravel General Hospital"
            and TITLES.fullmatch(word.text + " ")
            and all(t.text[:1].isupper() for t in rest)
            and rest[-1].lower_ not in _ORG_HEADS
        ):
            return Span(ent.doc, rest.start, rest.end, label="PERSON")
    return ent


def _clusters(nodes: list[object], uf: _UnionFind, names: list[NameMention]) -> list[list[int]]:
    """Mention indices by linked group, largest first (ties by the first mention's text)."""
    clusters: dict[object, list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        clusters[uf.find(node)].append(i)
    return sorted(clusters.values(), key=lambda ix: (-len(ix), names[ix[0]].text))


def _build_entities(
    ordered: list[list[int]], names: list[NameMention], keys: dict[str, _Key], index: NameIndex
) -> tuple[list[Entity], dict[str, set[str]]]:
    """One entity per group, and the entity ids of each key; indexes lone demonyms' states."""
    entities: list[Entity] = []
    key_ids: dict[str, set[str]] = defaultdict(set)
    for ix in ordered:
        ks = {normalise(names[i].text) for i in ix}
        label = _group_label(ix, ks, names, keys)
        places = [s for s in ks if keys[s].kind == "PLACE"]
        surfaces: Counter[str] = Counter()
        for i in ix:
            surfaces[_display(names[i].text)] += 1
        name = _group_name(surfaces, label, ks, places, keys)
        eid = f"e{len(entities) + 1}"
        mentions = sorted(
            (
                EntityMention(names[i].doc_id, names[i].start, names[i].end, names[i].text)
                for i in ix
            ),
            key=lambda m: (m.article_id, m.start),
        )
        entity = Entity(eid, name, label, sorted(set(surfaces) - {name}), mentions)
        if all(keys[s].label == "NORP" for s in ks) and len(ks) == 1:
            # A demonym with no state named in the story: still the state as an actor.
            country = _DEMONYMS.get(next(iter(ks)))
            if country:
                index.setdefault(country, eid)
        entities.append(entity)
        for s in ks:
            key_ids[s].add(eid)
    return entities, key_ids


def _group_label(
    ix: list[int], ks: set[str], names: list[NameMention], keys: dict[str, _Key]
) -> str:
    """The label of a group: its mentions' votes, each key's labels at half weight."""
    labels: Counter[str] = Counter()
    for i in ix:
        # A demonym's mentions vote as a nationality whatever each sentence's tag said.
        label = "NORP" if keys[normalise(names[i].text)].label == "NORP" else names[i].label
        if label:
            labels[label] += 1
    for s in ks:
        labels.update({lab: 0.5 for lab in keys[s].labels})
    label = max(labels, key=lambda lab: labels[lab]) if labels else "ORG"
    # A full person name in the group makes the whole group a person.
    if any(keys[s].kind == "PER" and " " in s for s in ks):
        label = "PERSON"
    places = [s for s in ks if keys[s].kind == "PLACE"]
    if places and (label == "NORP" or any(keys[s].label == "NORP" for s in ks)):
        label = keys[places[0]].label  # "Russian" + "Russia": the state
    return label


def _group_name(
    surfaces: Counter[str], label: str, ks: set[str], places: list[str], keys: dict[str, _Key]
) -> str:
    """The name to show: the longest, not all capitals, most frequent; a state's own name."""
    name = max(
        surfaces,
        key=lambda s: (
            0 if label == "NORP" else len(normalise(s).split()),
            not normalise(s).replace(" ", "").isalpha() or not s.isupper(),
            surfaces[s],
        ),
    )
    if label in ("GPE", "LOC") and any(keys[s].label == "NORP" for s in ks) and places:
        name = max((s for s in surfaces if normalise(s) in places), key=surfaces.__getitem__)
    return name


def _index_unambiguous_keys(
    key_ids: dict[str, set[str]], keys: dict[str, _Key], index: NameIndex
) -> None:
    """Index each key that names exactly one entity."""
    for s, ids in key_ids.items():
        longer = {i for c in keys[s].short_of for i in key_ids.get(c, ())}
        if len(longer) > 1:
            continue  # a short form two entities share ("Bush"): ambiguous
        if len(ids) == 1:
            index.setdefault(s, next(iter(ids)))


def _index_acronyms(acronyms: dict[str, str], index: NameIndex) -> None:
    """An acronym defined in brackets finds its entity even if only one form was tagged."""
    for acro, expansion in acronyms.items():
        if acro in index and expansion not in index:
            index[expansion] = index[acro]
        elif expansion in index and acro not in index:
            index[acro] = index[expansion]


def _index_surnames(entities: list[Entity], index: NameIndex) -> None:
    """A surname alone finds its person where spaCy missed or mislabelled the mention,
    unless two people share it."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e.type == "PERSON":
            for n in [e.name, *e.aliases]:
                parts = normalise(n).split()
                if len(parts) >= 2:
                    surnames[parts[-1]].add(e.id)
    for last, ids in surnames.items():
        if len(ids) == 1:
            index.setdefault(last, next(iter(ids)))
        elif last in index and index[last] in ids:
            del index[last]


def _attach_descriptors(
    docs: list[tuple[str, Doc]],
    spans: list[Span],
    names: list[NameMention],
    entities: list[Entity],
    index: NameIndex,
) -> None:
    """Each indexed mention's descriptors, added once to its entity."""
    by_id = {e.id: e for e in entities}
    doc_of = dict(docs)
    texts: dict[str, str] = {}
    # Span.sent walks the whole document's sentences on every call: map tokens once per doc.
    sent_of: dict[str, list[Span]] = {}
    for ent, name_m in zip(spans, names):
        key = normalise(name_m.text)
        eid = index.get(key)
        if eid is None:
            continue
        if name_m.doc_id not in texts:
            doc = doc_of[name_m.doc_id]
            texts[name_m.doc_id] = doc.text  # Doc.text rebuilds on each access
            sent_of[name_m.doc_id] = [s for s in doc.sents for _ in range(len(s))]
        sent = sent_of[name_m.doc_id][ent.start]
        for d in _descriptors(name_m.doc_id, texts[name_m.doc_id], ent, sent):
            if d not in by_id[eid].descriptors:
                by_id[eid].descriptors.append(d)


def _display(text: str) -> str:
    """A surface form to show: without "the", titles and a trailing possessive."""
    s = re.sub(r"^the\s+", "", text.strip(), flags=re.I)
    prev = None
    while prev != s:
        prev = s
        stripped = TITLES.sub("", s)
        s = stripped if normalise(stripped) else s
    return re.sub(r"[’'`]s?$", "", s).strip() or text.strip()


def _titled(ent: Span) -> bool:
    if TITLES.match(ent.text) and normalise(ent.text):
        return True
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and TITLES.match(prev.text + " ") and prev.text.lower() != "father":
        return True  # "spokesman Fahim Dashti", "the late Dashti"
    # "Fahim Dashti, who was killed": "who" is said of people; "Fahim Dashty, a spokesperson
    # for the NRF": an office in apposition is held by a person.
    return any(
        (c.dep_ == "relcl" and any(t.lower_ in ("who", "whom") for t in c.children))
        or (c.dep_ == "appos" and TITLES.fullmatch(c.text + " ") is not None)
        for c in ent.root.children
    )


class NameIndex(dict[str, str]):
    """Normalised name -> entity id, plus a lazily built map by spelling skeleton.

    Spelling-variant lookups compare a name only with indexed names of the same skeleton
    instead of scanning every key (quadratic over a story: 16% of the pipeline's CPU at 200
    articles before this).
    """

    _by_skeleton: dict[str, list[str]] | None = None

    def by_skeleton(self) -> dict[str, list[str]]:
        if self._by_skeleton is None or sum(map(len, self._by_skeleton.values())) != len(self):
            groups: dict[str, list[str]] = defaultdict(list)
            for k in self:
                groups[_skeleton(_phon(k.replace(" ", "")))].append(k)
            self._by_skeleton = dict(groups)
        return self._by_skeleton


def lookup(name: str | None, index: dict[str, str]) -> str | None:
    """The entity id a free-text name (a speaker, a source) refers to, if any."""
    if not name:
        return None
    key = normalise(name)
    if key in index:
        return index[key]
    words = key.split()
    raw = name.split()
    # "Drevania's foreign ministry" is not Drevania; only accept a trailing-name match, and
    # not one after a capitalised word ("Free Syrian Army" is not the Syrian Army).
    offset = len(raw) - len(words)
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        j = k + offset
        if tail not in index or words[k - 1] in ("of", "for"):
            continue
        if not (0 < j < len(raw) and raw[j][0].isupper()):
            continue
        before = raw[j - 1]
        if (
            before[0].isupper()
            and not re.search(r"[’']s?$", before)
            and not TITLES.match(before + " ")
        ):
            continue
        return index[tail]
    # A spelling variant of exactly one indexed name ("Hizb-Allah", "Zelenskyy").
    if name.strip()[:1].isupper() and len(key) >= 4:
        compact = key.replace(" ", "")
        # Any two spellings _translit_equal accepts share a skeleton: compare only those.
        keys = (
            index.by_skeleton().get(_skeleton(_phon(compact)), [])
            if isinstance(index, NameIndex)
            else list(index)
        )
        hits = {index[k] for k in keys if _translit_equal(compact, k.replace(" ", ""))}
        if len(hits) == 1:
            return hits.pop()
    return None
