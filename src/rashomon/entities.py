"""Entity resolution across articles (first version).

Groups spaCy's named-entity mentions into entities by normalised name, links short forms
(a surname after the full name, "Meridian Press" for "Meridian Press Agency") and acronyms
introduced in brackets, and fixes labels by majority vote across all mentions of a name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .model import Entity, EntityMention

LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "NORP": "NORP",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
}
TITLES = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|gen|general|lt|lieutenant|col|colonel|maj|major|capt|captain|sgt|"
    r"president|prime minister|minister|governor|spokesman|spokeswoman|spokesperson|commander|"
    r"journalist|sir|sheikh|mullah)\.?\s+)+",
    re.I,
)


def normalise(name: str) -> str:
    name = re.sub(r"[’']s?$", "", name.strip())
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = TITLES.sub("", name)
    name = re.sub(r"[\s\-‐]+", " ", name)
    return name.strip().lower()


@dataclass
class _Group:
    key: str
    labels: Counter[str] = field(default_factory=Counter)
    surfaces: Counter[str] = field(default_factory=Counter)
    mentions: list[EntityMention] = field(default_factory=list)


def _acronyms(text: str) -> dict[str, str]:
    """ "Korvath Liberation Front (KLF)" -> {"klf": "korvath liberation front"}."""
    out = {}
    for m in re.finditer(r"((?:[A-Z][\w’'-]*\s+){1,7}[A-Z][\w’'-]*)\s*\(([A-Z]{2,8})\)", text):
        words = [w for w in m.group(1).split() if w[0].isupper()]
        acro = m.group(2)
        for k in range(len(words)):
            if "".join(w[0] for w in words[k:]).upper() == acro:
                out[acro.lower()] = normalise(" ".join(words[k:]))
                break
    return out


def resolve(docs: list[tuple[str, Doc]]) -> tuple[list[Entity], dict[str, str]]:
    """Entities of all articles, and an alias index: normalised name -> entity id."""
    groups: dict[str, _Group] = {}
    acronyms: dict[str, str] = {}
    for article_id, doc in docs:
        acronyms.update(_acronyms(doc.text))
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            key = normalise(ent.text)
            if len(key) < 2:
                continue
            g = groups.setdefault(key, _Group(key))
            g.labels[ent.label_] += 1
            g.surfaces[re.sub(r"^the\s+", "", ent.text.strip(), flags=re.I)] += 1
            g.mentions.append(EntityMention(article_id, ent.start_char, ent.end_char, ent.text))
    parent = {k: k for k in groups}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    keys = sorted(groups, key=lambda k: -len(k.split()))
    long_people = [k for k in keys if len(k.split()) >= 2 and _label(groups[k]) == "PERSON"]
    long_orgs = [k for k in keys if len(k.split()) >= 2 and _label(groups[k]) in ("ORG",)]
    for k in keys:
        words = k.split()
        if len(words) == 1:
            # A surname alone refers to the full name that ends with it, when only one does.
            cands = [p for p in long_people if p.split()[-1] == words[0]]
            if len(cands) == 1:
                parent[find(k)] = find(cands[0])
                continue
        if k in acronyms and acronyms[k] in groups:
            parent[find(k)] = find(acronyms[k])
            continue
        if len(words) >= 2 and _label(groups[k]) == "ORG":
            # "Meridian Press" is a short form of "Meridian Press Agency".
            cands = [o for o in long_orgs if o != k and o.split()[: len(words)] == words]
            if len(cands) == 1:
                parent[find(k)] = find(cands[0])
    members: dict[str, list[str]] = defaultdict(list)
    for k in groups:
        members[find(k)].append(k)
    entities: list[Entity] = []
    index: dict[str, str] = {}
    for _root, ks in sorted(
        members.items(), key=lambda kv: -sum(len(groups[k].mentions) for k in kv[1])
    ):
        labels: Counter[str] = Counter()
        surfaces: Counter[str] = Counter()
        mentions: list[EntityMention] = []
        for k in ks:
            labels.update(groups[k].labels)
            surfaces.update(groups[k].surfaces)
            mentions.extend(groups[k].mentions)
        label = labels.most_common(1)[0][0]
        # A surname merged into a person makes the whole group a person, whatever spaCy said.
        if any(_label(groups[k]) == "PERSON" and len(k.split()) >= 2 for k in ks):
            label = "PERSON"
        name = max(
            surfaces,
            key=lambda s: (len(normalise(s).split()) if label != "NORP" else 0, surfaces[s]),
        )
        eid = f"e{len(entities) + 1}"
        entities.append(
            Entity(
                eid,
                name,
                label,
                sorted(set(surfaces) - {name}),
                sorted(mentions, key=lambda m: (m.article_id, m.start)),
            )
        )
        for k in ks:
            index[k] = eid
    # A surname alone finds its person even where spaCy missed or mislabelled the mention.
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
    return entities, index


def _label(g: _Group) -> str:
    return g.labels.most_common(1)[0][0]


def lookup(name: str | None, index: dict[str, str]) -> str | None:
    """The entity id a free-text name (a speaker, a source) refers to, if any."""
    if not name:
        return None
    key = normalise(name)
    if key in index:
        return index[key]
    words = key.split()
    # "Drevania's foreign ministry" is not Drevania; only accept a trailing-name match.
    for k in range(1, len(words)):
        tail = " ".join(words[k:])
        if (
            tail in index
            and words[k - 1] not in ("of", "for")
            and name.split()[k:]
            and name.split()[k][0].isupper()
        ):
            return index[tail]
    return None
