"""Linking name mentions into entities (shared by resolve and cluster_mentions).

:func:`_link` collects the name keys, works out which are short forms of longer names, and
then applies the linking rules in order: spelling variants, acronyms, organisation prefixes,
demonyms, leftover words in front of a person's name, and finally short forms per document.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from .names import (
    _given_compatible,
    _initials,
    _middles_equal,
    _PersonName,
    _phon,
    _skeleton,
    _translit_equal,
    demonym_country,
    normalise,
)
from .vocabulary import _DEMONYMS, _NEGATORS, _ORG_HEADS, _ROLE, _STOP, _SUBUNITS


@dataclass
class NameMention:
    """One mention of a name to resolve: its text, its document, its NER label if known."""

    doc_id: str
    text: str
    label: str = ""  # PERSON, ORG, GPE, NORP, LOC, FAC, EVENT...; "" when unknown
    start: int = 0
    end: int = 0


def _kind(label: str) -> str:
    if label == "PERSON":
        return "PER"
    if label in ("ORG", "NORP"):
        return "GRP"
    if label in ("GPE", "LOC", "FAC"):
        return "PLACE"
    return label or "UNK"


def _kinds_compatible(a: str, b: str) -> bool:
    return a == b or "UNK" in (a, b)


@dataclass
class _Key:
    key: str
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    short_of: list[str] = field(default_factory=list)  # the longer names it may stand for
    caps: int = 0  # mentions written in capitals
    upper: bool = False  # an acronym: mostly written in capitals

    @property
    def label(self) -> str:
        # max() keeps the first of equal counts, as most_common(1) does, at a fraction of the
        # cost (this is read millions of times while linking a large story).
        return max(self.labels, key=self.labels.__getitem__) if self.labels else ""

    @property
    def kind(self) -> str:
        return _kind(self.label)


def _vote(k: _Key) -> None:
    """Fix systematic NER mistakes with generic hints, by adding votes."""
    words = k.key.split()
    if words and words[-1] in _ORG_HEADS and len(words) >= 2 and k.labels.get("PERSON"):
        k.labels["ORG"] += k.labels["PERSON"] + 1
    if k.upper and len(words) == 1 and 2 <= len(words[0]) <= 6 and k.labels.get("PERSON"):
        k.labels["ORG"] += k.labels["PERSON"] + 1


def _vote_demonyms(keys: dict[str, _Key]) -> None:
    """A lone word that is the demonym of a place named in the story is a nationality, not
    a person or an organisation ("Afghan" tagged PERSON once, "Pakistanis" tagged ORG), so
    that it can stand for its state. A single sentence's tag must not make it an actor of its
    own."""
    places = {s for s, k in keys.items() if k.kind == "PLACE"}
    for s, k in keys.items():
        if " " in s or k.label in ("NORP", "GPE", "LOC"):
            continue
        if any(c in places for c in demonym_country(s)) or s in _DEMONYMS:
            k.labels["NORP"] += sum(k.labels.values()) + 1


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, x: object) -> object:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: object, b: object) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb


def _acronym_defs(text: str) -> dict[str, str]:
    """Acronyms defined in brackets, either way round -> normalised expansion.

    "Korvath Liberation Front (KLF)" and "IAEA (International Atomic Energy Agency)" both give
    {"klf": "korvath liberation front"} / {"iaea": "international atomic energy agency"}.
    """
    out: dict[str, str] = {}
    name = r"((?:[A-Z][\w’'-]*\s+(?:(?:of|the|and|for|de|al)\s+)*){1,8}[A-Z][\w’'-]*)"
    pairs = [
        (m.group(1), m.group(2)) for m in re.finditer(name + r"\s*\(([A-Z][A-Za-z]{1,7})\)", text)
    ]
    pairs += [
        (m.group(2), m.group(1))
        for m in re.finditer(r"\b([A-Z][A-Za-z]{1,7})\s*\(" + name + r"\)", text)
    ]
    for long, acro in pairs:
        if sum(c.isupper() for c in acro) < 2:
            continue
        words = long.split()
        for k in range(len(words)):
            if words[k].lower() in _STOP:
                continue
            cand = " ".join(words[k:])
            if (
                _initials(normalise(cand)) == acro.lower()
                or "".join(w[0] for w in words[k:]).lower() == acro.lower()
            ):
                out[acro.lower()] = normalise(cand)
                break
    return out


def _link(
    names: Sequence[NameMention], acronyms: dict[str, str] | None = None
) -> tuple[list[object], dict[str, _Key], _UnionFind]:
    """Node of each mention, the name keys, and the union-find that links the nodes.

    A node is a key (global), except for short forms of person names, whose node is
    (key, document): "Bush" may be one Bush in one article and another in the next.
    The rules run in a fixed order: later ones see the links of earlier ones.
    """
    acronyms = acronyms or {}
    keys, mkeys = _collect_keys(names)
    people = _full_person_names(keys)
    _vote_surnames(keys, people)
    partial = _person_short_forms(keys, people)
    _add_other_short_forms(keys, partial)
    for s, cands in partial.items():
        keys[s].short_of = cands

    uf = _UnionFind()
    full_keys = [s for s in keys if s not in partial]
    for s in full_keys:
        uf.find(s)
    _link_spelling_variants(keys, full_keys, uf)
    _link_acronyms(keys, full_keys, acronyms, uf)
    _link_org_prefixes(keys, full_keys, uf)
    _link_demonyms(keys, full_keys, uf)
    _link_prefixed_people(full_keys, people, uf)
    nodes = _mention_nodes(names, mkeys, partial, uf)
    _link_short_forms(names, mkeys, nodes, keys, partial, uf)
    return nodes, keys, uf


def _collect_keys(names: Sequence[NameMention]) -> tuple[dict[str, _Key], list[str]]:
    """The name keys with their label votes, surfaces and documents; each mention's key."""
    keys: dict[str, _Key] = {}
    mkeys: list[str] = []
    for m in names:
        key = normalise(m.text)
        mkeys.append(key)
        if not key:
            continue
        k = keys.setdefault(key, _Key(key))
        if m.label:
            k.labels[m.label] += 1
        k.surfaces[re.sub(r"^the\s+", "", m.text.strip(), flags=re.I)] += 1
        k.docs.add(m.doc_id)
        letters = re.sub(r"[^A-Za-z]", "", m.text)
        if len(letters) >= 2 and letters.isupper():
            k.caps += 1
    for k in keys.values():
        # An acronym is written in capitals most of the time (a headline in capitals is not).
        k.upper = k.caps * 2 > sum(k.surfaces.values())
        _vote(k)
    _vote_demonyms(keys)
    return keys, mkeys


def _full_person_names(keys: dict[str, _Key]) -> dict[str, _PersonName]:
    """Person keys of two words or more, parsed; tagging run-ons left out."""
    people = {s: p for s, k in keys.items() if k.kind == "PER" and (p := _PersonName.parse(s))}
    # A "name" that runs on past another person's name is a tagging error ("Ahmad Massoud
    # Slams Pakistan", "Ahmad Massoud Twitter"): not a full name whose last word is a surname.
    for s in list(people):
        words = s.split()
        if any(" ".join(words[:n]) in people for n in range(2, len(words))):
            del people[s]
    return people


def _vote_surnames(keys: dict[str, _Key], people: dict[str, _PersonName]) -> None:
    """Label vote: a single word that is the surname of a person named in the same article is
    that person's surname, whatever the tagger said ("Klitschko" tagged NORP)."""
    lasts: dict[str, set[str]] = defaultdict(set)
    for full, p in people.items():
        lasts[p.last] |= keys[full].docs
    for s, k in keys.items():
        if " " not in s and k.kind not in ("PER", "PLACE") and k.docs & lasts.get(s, set()):
            k.labels["PERSON"] += sum(k.labels.values()) + 1


def _person_short_forms(
    keys: dict[str, _Key], people: dict[str, _PersonName]
) -> dict[str, list[str]]:
    """Short forms of person names: key -> the full names it could stand for."""
    partial: dict[str, list[str]] = {}
    for s, k in keys.items():
        if k.kind not in ("PER", "UNK"):
            continue
        words = s.split()
        cands = []
        for full, p in people.items():
            if full == s:
                continue
            if len(words) == 1:
                if _surname_fits(words[0], k, full, p, keys):
                    cands.append(full)
            elif _short_full_name_fits(s, k, full, p, keys, people):
                cands.append(full)
        if cands:
            partial[s] = cands
    return partial


def _surname_fits(word: str, k: _Key, full: str, p: _PersonName, keys: dict[str, _Key]) -> bool:
    """A surname alone stands for ``full``?"""
    # Another spelling of the surname counts only across articles: one article writing
    # "Samangan" beside "Samangani" means two names.
    return word == p.last or (_translit_equal(word, p.last) and not k.docs & keys[full].docs)


def _short_full_name_fits(
    s: str,
    k: _Key,
    full: str,
    p: _PersonName,
    keys: dict[str, _Key],
    people: dict[str, _PersonName],
) -> bool:
    """A first name + surname without the middle names stands for ``full``?"""
    q = people.get(s) or _PersonName.parse(s)
    return bool(
        q
        and not q.middles
        # Used where no longer form is: a full name of its own (Ahmad Massoud,
        # son of Ahmad Shah Massoud).
        and k.docs <= keys[full].docs
        and p.middles
        and _translit_equal(q.last, p.last)
        and _given_compatible(q.first, p.first)
    )


def _add_other_short_forms(keys: dict[str, _Key], partial: dict[str, list[str]]) -> None:
    """Short forms of other names: the last words of a longer name ("Colts" for "Indianapolis
    Colts"), unless they are a generic head ("Army" is not "Free Syrian Army")."""
    # Longer names by their trailing words, so each short form looks only at its candidates
    # (a scan of every key per key was quadratic: a quarter of the time at 1,000 articles).
    kind_of = {s: k.kind for s, k in keys.items()}
    by_tail: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for o in keys:
        ow = o.split()
        for n in range(1, len(ow)):
            by_tail[tuple(ow[-n:])].append(o)
    for s, k in keys.items():
        words = s.split()
        kind = kind_of[s]
        if kind in ("PER", "PLACE") or s in partial or words[-1] in _ORG_HEADS or len(s) < 3:
            continue  # a place inside a longer name is itself ("Lion of Panjshir")
        if k.upper and len(words) == 1:
            continue  # an acronym: handled by _link_acronyms
        cands = [
            o
            for o in by_tail.get(tuple(words), [])
            if kind_of[o] not in ("PER", "PLACE")
            and _kinds_compatible(kind, kind_of[o])
            and o.split()[-len(words) - 1] not in _STOP | _NEGATORS
        ]
        if cands:
            partial[s] = cands


def _link_spelling_variants(keys: dict[str, _Key], full_keys: list[str], uf: _UnionFind) -> None:
    """Rule 1. Spelling variants and transliterations among full names."""
    by_len: dict[int, list[str]] = defaultdict(list)
    for s in full_keys:
        by_len[len(s.split())].append(s)
    compact: dict[str, str] = {}
    for s in full_keys:
        c = s.replace(" ", "")
        if c in compact and _kinds_compatible(keys[s].kind, keys[compact[c]].kind):
            uf.union(s, compact[c])
        compact.setdefault(c, s)
    for _n, group in by_len.items():
        for a, b in _pairs_sharing_a_word_skeleton(group):
            if _same_name(keys[a], keys[b]):
                uf.union(a, b)
    _link_single_to_spaced_spellings(keys, full_keys, uf)


def _pairs_sharing_a_word_skeleton(group: list[str]) -> Iterator[tuple[str, str]]:
    """The pairs of names that share a word's spelling skeleton, each once.

    ``_same_name`` accepts a pair only when a word of one is a transliteration of a word of
    the other (every word, or the surnames), and transliterations share a skeleton: so
    comparing only these pairs finds every link that comparing all pairs finds. A pair is
    yielded in the block of the first skeleton its names share, so nothing is collected.
    """
    skels = [sorted({_skeleton(_phon(w)) for w in name.split()}) for name in group]
    blocks: dict[str, list[int]] = defaultdict(list)
    for i, own in enumerate(skels):
        for skel in own:
            blocks[skel].append(i)
    for skel, ids in blocks.items():
        for x, i in enumerate(ids):
            for j in ids[x + 1 :]:
                if _first_shared(skels[i], skels[j]) == skel:
                    yield group[i], group[j]


def _first_shared(a: list[str], b: list[str]) -> str | None:
    return next((s for s in a if s in b), None)


def _link_single_to_spaced_spellings(
    keys: dict[str, _Key], full_keys: list[str], uf: _UnionFind
) -> None:
    """One word spelled as several in another article ("Hezbollah" / "Hizb Allah")."""
    singles = [s for s in full_keys if " " not in s]
    multis = [s for s in full_keys if " " in s and keys[s].kind != "PER"]
    # Any pair _translit_equal accepts shares a spelling skeleton: compare only those.
    multi_by_skeleton: dict[str, list[str]] = defaultdict(list)
    for b in multis:
        multi_by_skeleton[_skeleton(_phon(b.replace(" ", "")))].append(b)
    for a in singles:
        for b in multi_by_skeleton.get(_skeleton(_phon(a)), []):
            if (
                keys[a].kind != "PER"
                and _kinds_compatible(keys[a].kind, keys[b].kind)
                and not (keys[a].docs & keys[b].docs)
                and _translit_equal(a, b.replace(" ", ""))
            ):
                uf.union(a, b)


def _link_acronyms(
    keys: dict[str, _Key], full_keys: list[str], acronyms: dict[str, str], uf: _UnionFind
) -> None:
    """Rule 2. Acronyms: defined in brackets, or the initials of exactly one organisation name."""
    for acro, expansion in acronyms.items():
        if acro in keys and expansion in keys:
            uf.union(acro, expansion)
    orgs = [s for s in full_keys if keys[s].kind in ("GRP", "PLACE", "UNK") and " " in s]
    for s in full_keys:
        k = keys[s]
        if not k.upper or " " in s or s in acronyms or not 2 <= len(s) <= 8:
            continue
        cands = {uf.find(o) for o in orgs if _initials(o) == s}
        if len(cands) == 1:
            uf.union(s, next(iter(cands)))


def _link_org_prefixes(keys: dict[str, _Key], full_keys: list[str], uf: _UnionFind) -> None:
    """Rule 3. Organisation short forms: a prefix of two words or more, never a sub-unit."""
    long_orgs = [s for s in full_keys if len(s.split()) >= 2 and keys[s].kind == "GRP"]
    for s in long_orgs:
        words = s.split()
        cands = {
            uf.find(o)
            for o in long_orgs
            if o != s
            and o.split()[: len(words)] == words
            and not set(o.split()[len(words) :]) & _SUBUNITS
            and not _ROLE.search(" ".join(o.split()[len(words) :]))  # "X spokesperson Y"
        }
        if len(cands) == 1:
            uf.union(s, next(iter(cands)))


def _link_demonyms(keys: dict[str, _Key], full_keys: list[str], uf: _UnionFind) -> None:
    """Rule 4. Demonyms used alone stand for the state ("Russian drones" -> Russia), and an
    organisation named with the demonym is the one named with the state ("Pakistani Air
    Force" = "Pakistan Air Force")."""
    places = {s for s in full_keys if keys[s].kind in ("PLACE", "UNK")}
    full = set(full_keys)
    for s in full_keys:
        if keys[s].label == "NORP":
            for country in demonym_country(s):
                if country in places:
                    uf.union(s, country)
                    break
        first, _, rest = s.partition(" ")
        if rest and keys[s].kind == "GRP":
            for country in demonym_country(first):
                other = f"{country} {rest}"
                if other in full and keys[other].kind in ("GRP", "UNK"):
                    uf.union(s, other)
                    break


def _link_prefixed_people(
    full_keys: list[str], people: dict[str, _PersonName], uf: _UnionFind
) -> None:
    """Rule 4b. A full name with a leftover word in front is that name ("comedian ellen
    degeneres")."""
    full_people = [s for s in full_keys if s in people]
    for s in full_people:
        words = s.split()
        cands = {
            uf.find(o)
            for o in full_people
            if 2 <= len(o.split()) < len(words) and words[-len(o.split()) :] == o.split()
        }
        if len(cands) == 1:
            uf.union(s, next(iter(cands)))


def _mention_nodes(
    names: Sequence[NameMention],
    mkeys: list[str],
    partial: dict[str, list[str]],
    uf: _UnionFind,
) -> list[object]:
    """The node of each mention: its key, or (key, document) for a short form."""
    nodes: list[object] = []
    for m, key in zip(names, mkeys):
        if key in partial:
            node: object = (key, m.doc_id)
        else:
            node = key
        uf.find(node)
        nodes.append(node)
    return nodes


def _link_short_forms(
    names: Sequence[NameMention],
    mkeys: list[str],
    nodes: list[object],
    keys: dict[str, _Key],
    partial: dict[str, list[str]],
    uf: _UnionFind,
) -> None:
    """Rule 5. Short forms, per document: the one full name of the article they fit; else the
    one of the story; else, if one of the story's candidates is far more often named, that one."""
    doc_keys: dict[str, set[str]] = defaultdict(set)
    for m, key in zip(names, mkeys):
        doc_keys[m.doc_id].add(key)
    for node in dict.fromkeys(nodes):
        if not isinstance(node, tuple):
            continue
        key, doc_id = node
        cands = partial[key]
        here = {uf.find(c) for c in cands if c in doc_keys[doc_id] and c not in partial}
        if len(here) == 1:
            uf.union(node, next(iter(here)))
        elif not here:
            _link_short_form_in_story(node, cands, keys, partial, uf)


def _link_short_form_in_story(
    node: object,
    cands: list[str],
    keys: dict[str, _Key],
    partial: dict[str, list[str]],
    uf: _UnionFind,
) -> None:
    """A short form with no candidate in its article: the story's one candidate, or the one
    named at least three times as often as all the others together."""
    weight: Counter[object] = Counter()
    for c in cands:
        if c not in partial:
            weight[uf.find(c)] += sum(keys[c].surfaces.values())
    if len(weight) == 1:
        uf.union(node, next(iter(weight)))
    elif weight:
        (top, n1), (_, n2) = weight.most_common(2)
        if n1 >= 3 * (sum(weight.values()) - n1):
            uf.union(node, top)


def _same_name(a: _Key, b: _Key) -> bool:
    """Same number of words: transliteration / spelling variants of one name."""
    if not _kinds_compatible(a.kind, b.kind):
        return False
    wa, wb = a.key.split(), b.key.split()
    exact_words = sum(x == y for x, y in zip(wa, wb))
    if exact_words == len(wa):
        return True
    # Two spellings in one article are two names (context guard).
    if a.docs & b.docs:
        return False
    if a.kind == "PER" and len(wa) >= 2:
        pa, pb = _PersonName.parse(a.key), _PersonName.parse(b.key)
        return bool(
            pa
            and pb
            and _translit_equal(pa.last, pb.last)
            and _given_compatible(pa.first, pb.first)
            and _middles_equal(pa.middles, pb.middles)
        )
    return all(_translit_equal(x, y) for x, y in zip(wa, wb))
