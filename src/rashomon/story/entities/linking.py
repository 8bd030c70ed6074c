"""Entity resolution within and across articles, entity descriptors, and conflation checks.

One entity, one identity. Names are normalised (:func:`normalise`: case, "the", titles and
ranks, possessives, dots, hyphens, diacritics) and then linked by rules that each generalise
beyond one story:

* spelling variants and transliterations (Gaddafi / Qadhafi, Zelensky / Zelenskyy,
  Hezbollah / Hizbullah / Hizb-Allah): a phonetic form (q→k, dh→d, y→i, doubled letters
  collapsed...) and its consonant skeleton must agree, and a rapidfuzz ratio must pass; guarded
  by type (person with person, group with group, place with place) and by context (two
  spellings that occur in the *same* article name two different things);
* acronyms: defined in brackets either way round ("International Atomic Energy Agency (IAEA)",
  "IAEA (International Atomic Energy Agency)"), or matching the initials of exactly one
  organisation name of the story;
* titles and ranks (Lt Gen / Lieutenant General / General / President ...) are stripped, and
  kept as descriptors;
* short forms: a surname alone, or a first name + surname without the middle initial, is
  linked to the one full name it fits — first among the names of its own article, then among
  the story's. When two full names fit (George W. Bush / George H. W. Bush; two brothers), the
  short form stays on its own: it is ambiguous. Organisation short forms are prefixes of
  two words or more ("Meridian Press" → "Meridian Press Agency"), never a sub-unit
  ("Hamas" is not "Hamas's armed wing"; "Syrian Army" is not "Free Syrian Army");
* demonyms stand for their state when used alone ("Russian drones" → Russia), from a small
  table of irregular forms plus suffix rules (-ian, -an, -ese, -i, -ish), but "the Russian
  army" stays an entity of its own;
* labels are fixed by voting across every mention of a name, with generic hints (a title in
  front means a person; a head word like "Agency"/"Front"/"Army" means an organisation; a
  short all-capitals name is not a person).

:func:`cluster_mentions` runs the same linking on given mentions (name strings with their
document), plus head-lemma matching for common nouns and pronoun attachment; the ECB+
evaluation uses it with gold mentions. :func:`resolve` runs it on spaCy's entities of whole
articles and also collects :class:`~rashomon.model.Descriptor` facts; :func:`conflations`
flags entities whose descriptors conflict across articles.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from ..model import Contradiction, Descriptor, Entity, EntityMention

LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "NORP": "NORP",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
}
_TITLE_WORDS = (
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|sheikh|sheik|mullah|imam|ayatollah|"
    r"rev|reverend|father|pope|king|queen|prince|princess|emir|sultan|"
    r"gen|general|lt|lieut|lieutenant|col|colonel|maj|major|capt|captain|cpl|corporal|sgt|"
    r"sergeant|pvt|private|adm|admiral|brig|brigadier|cmdr|commander|cdr|marshal|field marshal|"
    r"gov|governor|sen|senator|rep|representative|judge|justice|mayor|ambassador|"
    r"president|vice president|vice-president|prime minister|deputy prime minister|"
    r"foreign minister|defence minister|defense minister|interior minister|minister|"
    r"chancellor|secretary|secretary of state|spokesman|spokeswoman|spokesperson|"
    r"chairman|chairwoman|chief|director|journalist|former|late|acting|deputy|commander-in-chief"
)
TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\.?(?:\s+|-(?=\w)))+", re.I)
_ORG_HEADS = frozenset(
    "agency front party army ministry council brigade brigades committee organisation "
    "organization association university bank company corp corporation inc ltd group "
    "movement union forces force commission institute foundation federation league alliance "
    "police service services department office bureau court parliament assembly network "
    "press news times post agency network club church school college hospital airline "
    "airlines authority board fund society center centre".split()
)
# Words after a name that make a different organisation: "Hamas armed wing", "X Youth".
_SUBUNITS = frozenset(
    "wing wings branch branches brigade brigades battalion regiment unit units division "
    "faction command youth women office bureau department ministry committee council "
    "forces force cell cells section chapter affiliate".split()
)
# "anti-Taliban" is not the Taliban.
_NEGATORS = frozenset("anti pro non ex post pre neo counter former".split())
_STOP = frozenset("of the and for de du des la le al el der von van di da & in on at to".split())
_DEMONYMS = {
    "american": "united states",
    "americans": "united states",
    "us": "united states",
    "british": "britain",
    "briton": "britain",
    "britons": "britain",
    "english": "england",
    "scottish": "scotland",
    "scots": "scotland",
    "welsh": "wales",
    "irish": "ireland",
    "french": "france",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "greek": "greece",
    "greeks": "greece",
    "turkish": "turkey",
    "turks": "turkey",
    "spanish": "spain",
    "spaniards": "spain",
    "polish": "poland",
    "poles": "poland",
    "danish": "denmark",
    "danes": "denmark",
    "swedish": "sweden",
    "swedes": "sweden",
    "finnish": "finland",
    "finns": "finland",
    "norwegian": "norway",
    "norwegians": "norway",
    "german": "germany",
    "germans": "germany",
    "czech": "czech republic",
    "slovak": "slovakia",
    "afghan": "afghanistan",
    "afghans": "afghanistan",
    "filipino": "philippines",
    "filipinos": "philippines",
    "thai": "thailand",
    "saudi": "saudi arabia",
    "saudis": "saudi arabia",
    "emirati": "united arab emirates",
    "chinese": "china",
    "japanese": "japan",
    "lebanese": "lebanon",
    "vietnamese": "vietnam",
    "sudanese": "sudan",
    "portuguese": "portugal",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "iranian": "iran",
    "iranians": "iran",
    "israeli": "israel",
    "israelis": "israel",
    "pakistani": "pakistan",
    "pakistanis": "pakistan",
    "iraqi": "iraq",
    "iraqis": "iraq",
    "kuwaiti": "kuwait",
    "yemeni": "yemen",
    "yemenis": "yemen",
    "omani": "oman",
    "qatari": "qatar",
    "bangladeshi": "bangladesh",
    "nepalese": "nepal",
    "nepali": "nepal",
    "somali": "somalia",
    "somalis": "somalia",
    "tajik": "tajikistan",
    "uzbek": "uzbekistan",
    "kazakh": "kazakhstan",
    "peruvian": "peru",
    "belgian": "belgium",
    "egyptian": "egypt",
    "egyptians": "egypt",
    "mexican": "mexico",
    "mexicans": "mexico",
    "canadian": "canada",
    "canadians": "canada",
    "brazilian": "brazil",
    "argentine": "argentina",
    "argentinian": "argentina",
    "venezuelan": "venezuela",
    "colombian": "colombia",
    "chilean": "chile",
    "indian": "india",
    "indians": "india",
    "korean": "korea",
    "north korean": "north korea",
    "south korean": "south korea",
    "new zealander": "new zealand",
    "kiwi": "new zealand",
}
_DEMONYM_SUFFIXES = (
    ("ians", ("ia", "ie", "e", "")),
    ("ian", ("ia", "ie", "e", "")),
    ("ans", ("a", "")),
    ("an", ("a", "")),
    ("ese", ("", "a", "on")),
    ("is", ("", "istan")),
    ("i", ("", "istan")),
    ("ish", ("", "ey", "land")),
)
_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
    "it": "n",
    "its": "n",
    "itself": "n",
    "they": "p",
    "them": "p",
    "their": "p",
    "theirs": "p",
    "themselves": "p",
    "who": "w",
    "whom": "w",
    "whose": "w",
    "which": "w",
    "that": "w",
    "i": "1",
    "me": "1",
    "my": "1",
    "myself": "1",
    "we": "1p",
    "us": "1p",
    "our": "1p",
    "ourselves": "1p",
}
_KIN = frozenset(
    "brother sister son daughter father mother wife husband widow widower nephew niece cousin "
    "uncle aunt grandson granddaughter grandfather grandmother stepson stepfather in-law "
    "brother-in-law son-in-law".split()
)
_DEATH = re.compile(
    r"\b(?:late|slain|dead|deceased|died|dies|killed|assassinated|executed|murdered|death|"
    r"funeral|buried|martyred)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:(?:vice|deputy|assistant|acting|former|ex)[\s-]+)?(?:(?:prime|foreign|defen[cs]e|"
    r"interior|finance|health|justice|information)\s+)?(?:president|minister|premier|"
    r"chancellor|spokes(?:man|woman|person)|commander(?:-in-chief)?|general|colonel|"
    r"governor|mayor|senator|ambassador|secretary|director|chairman|chairwoman|chair|ceo|"
    r"leader|head|chief|founder|king|queen|emir|judge|editor|correspondent|reporter|"
    r"officer|official|envoy|adviser|advisor|member|lawyer|attorney|prosecutor|coach|"
    r"captain|manager|actor|actress|singer)\b",
    re.I,
)
# Offices too generic to contradict another: a spokesman is also a member and an official.
_GENERIC_ROLES = frozenset(
    "leader head chief member official officer founder adviser advisor director manager".split()
)
_ACTIVITY_VERBS = frozenset(
    "say tell announce tweet deny claim confirm insist add vow warn state urge accuse call "
    "reject dismiss write speak order lead visit meet sign threaten promise declare".split()
)


# --------------------------------------------------------------------------------------------
# Names


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """The matching key of a name: "the", titles, ranks, possessives, dots, case removed."""
    name = _fold(name.strip())
    name = re.sub(r"[’'`]s?$", "", name)
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    prev = None
    while prev != name:
        prev = name
        name = TITLES.sub("", name)
    name = re.sub(r"[’'`]s\b", " ", name)  # "Hamas's armed wing" -> "Hamas armed wing"
    name = re.sub(r"(?<=\w)\.(?=\w)", "", name)  # "U.S." -> "US"
    name = name.replace(".", " ")
    name = re.sub(r"[\s\-‐–—’'`,]+", " ", name)
    return name.strip().lower()


@lru_cache(maxsize=65536)
@lru_cache(maxsize=65536)
def _phon(word: str) -> str:
    """A spelling-insensitive form for transliterations."""
    w = re.sub(r"[^a-z]", "", _fold(word).lower())
    for a, b in (
        ("dh", "d"),
        ("th", "t"),
        ("kh", "k"),
        ("gh", "g"),
        ("ph", "f"),
        ("ck", "k"),
        ("q", "k"),
        ("c", "k"),
        ("ou", "u"),
        ("oo", "u"),
        ("ee", "i"),
        ("y", "i"),
        ("w", "v"),
        ("j", "i"),
    ):
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


@lru_cache(maxsize=65536)
def _skeleton(p: str) -> str:
    if not p:
        return p
    return p[0].replace("g", "k") + re.sub(r"[aeiouh]", "", p[1:]).replace("g", "k")


def _translit_equal(a: str, b: str) -> bool:
    """Two spellings of one name? ("gaddafi", "qadhafi"), ("hezbollah", "hizbullah")."""
    if a == b:
        return True
    pa, pb = _phon(a), _phon(b)
    if len(pa) < 4 or len(pb) < 4:
        return False
    if pa == pb:
        return True
    sa, sb = _skeleton(pa), _skeleton(pb)
    if sa == sb and len(sa) >= 3 and (pa[0] in "aeiou") == (pb[0] in "aeiou"):
        return fuzz.ratio(pa, pb) >= 70
    return False


def demonym_countries() -> frozenset[str]:
    """The countries of the irregular-demonym table ("american" -> "united states")."""
    return frozenset(_DEMONYMS.values())


def demonym_country(word: str) -> list[str]:
    """Country names a demonym may stand for ("drevanian" -> ["drevania"]), most likely first."""
    if word in _DEMONYMS:
        return [_DEMONYMS[word]]
    out = []
    for suffix, repls in _DEMONYM_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out += [word[: -len(suffix)] + r for r in repls]
    return out


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in _STOP)


@dataclass(frozen=True)
class _PersonName:
    first: str
    middles: tuple[str, ...]
    last: str

    @classmethod
    def parse(cls, key: str) -> _PersonName | None:
        words = [w for w in key.split() if w not in ("jr", "sr", "ii", "iii")]
        if len(words) < 2:
            return None
        return cls(words[0], tuple(words[1:-1]), words[-1])


def _given_compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return _translit_equal(a, b)


def _middles_equal(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return len(a) == len(b) and all(_given_compatible(x, y) for x, y in zip(a, b))


# --------------------------------------------------------------------------------------------
# Linking names (shared by resolve and cluster_mentions)


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
    """
    acronyms = acronyms or {}
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

    people = {s: p for s, k in keys.items() if k.kind == "PER" and (p := _PersonName.parse(s))}
    # A "name" that runs on past another person's name is a tagging error ("Ahmad Massoud
    # Slams Pakistan", "Ahmad Massoud Twitter"): not a full name whose last word is a surname.
    for s in list(people):
        words = s.split()
        if any(" ".join(words[:n]) in people for n in range(2, len(words))):
            del people[s]
    # Label vote: a single word that is the surname of a person named in the same article is
    # that person's surname, whatever the tagger said ("Klitschko" tagged NORP).
    lasts: dict[str, set[str]] = defaultdict(set)
    for full, p in people.items():
        lasts[p.last] |= keys[full].docs
    for s, k in keys.items():
        if " " not in s and k.kind not in ("PER", "PLACE") and k.docs & lasts.get(s, set()):
            k.labels["PERSON"] += sum(k.labels.values()) + 1
    # Short forms of person names: key -> the full names it could stand for.
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
                # Another spelling of the surname counts only across articles: one article
                # writing "Samangan" beside "Samangani" means two names.
                if words[0] == p.last or (
                    _translit_equal(words[0], p.last) and not k.docs & keys[full].docs
                ):
                    cands.append(full)
            else:
                q = people.get(s) or _PersonName.parse(s)
                if (
                    q
                    and not q.middles
                    # Used where no longer form is: a full name of its own (Ahmad Massoud,
                    # son of Ahmad Shah Massoud).
                    and k.docs <= keys[full].docs
                    and p.middles
                    and _translit_equal(q.last, p.last)
                    and _given_compatible(q.first, p.first)
                ):
                    cands.append(full)
        if cands:
            partial[s] = cands
    # Short forms of other names: the last words of a longer name ("Colts" for "Indianapolis
    # Colts"), unless they are a generic head ("Army" is not "Free Syrian Army").
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
            continue  # an acronym: handled below
        cands = [
            o
            for o in by_tail.get(tuple(words), [])
            if kind_of[o] not in ("PER", "PLACE")
            and _kinds_compatible(kind, kind_of[o])
            and o.split()[-len(words) - 1] not in _STOP | _NEGATORS
        ]
        if cands:
            partial[s] = cands
    for s, cands in partial.items():
        keys[s].short_of = cands

    uf = _UnionFind()
    full_keys = [s for s in keys if s not in partial]
    for s in full_keys:
        uf.find(s)

    # 1. Spelling variants and transliterations among full names.
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
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _same_name(keys[a], keys[b]):
                    uf.union(a, b)
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

    # 2. Acronyms: defined in brackets, or the initials of exactly one organisation name.
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

    # 3. Organisation short forms: a prefix of two words or more, never a sub-unit.
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

    # 4. Demonyms used alone stand for the state ("Russian drones" -> Russia).
    places = {s for s in full_keys if keys[s].kind in ("PLACE", "UNK")}
    for s in full_keys:
        if keys[s].label != "NORP":
            continue
        for country in demonym_country(s):
            if country in places:
                uf.union(s, country)
                break

    # 4b. A full name with a leftover word in front is that name ("comedian ellen degeneres").
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

    # 5. Short forms, per document: the one full name of the article they fit; else the one
    # of the story; else, if one of the story's candidates is far more often named, that one.
    nodes: list[object] = []
    for m, key in zip(names, mkeys):
        if key in partial:
            node: object = (key, m.doc_id)
        else:
            node = key
        uf.find(node)
        nodes.append(node)
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
    return nodes, keys, uf


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


# --------------------------------------------------------------------------------------------
# Clustering given mentions (names, nominals, pronouns)


@dataclass
class MentionInput:
    """A mention to cluster: its text and document, plus what a parser can say about it."""

    doc_id: str
    text: str
    start: int = 0  # character offsets in the document: the order of mentions in it
    end: int = 0
    label: str = ""  # NER label of a name, "" if the mention is not a name
    head: str = ""  # head lemma, lower case
    pos: str = ""  # part of speech of the head: PROPN, NOUN, PRON, NUM...
    sentence: int = 0


def cluster_mentions(mentions: Sequence[MentionInput], *, pronouns: bool = True) -> list[int]:
    """A cluster number for each mention (cross-document coreference of given mentions).

    Names (a NER label, or a proper-noun head) are linked by the rules of :func:`resolve`.
    Other mentions are grouped by head lemma, across documents; a pronoun joins the nearest
    compatible mention before it in its document (same or previous sentence).
    """
    is_name = [bool(m.label) or m.pos == "PROPN" for m in mentions]
    name_idx = [i for i, n in enumerate(is_name) if n]
    names = [NameMention(mentions[i].doc_id, mentions[i].text, mentions[i].label) for i in name_idx]
    nodes, keys, uf = _link(names)
    root: dict[int, object] = {}
    for i, node in zip(name_idx, nodes):
        root[i] = ("name", uf.find(node))
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_doc[m.doc_id].append(i)
    for i, m in enumerate(mentions):
        if i in root:
            continue
        head = (m.head or (m.text.split() or [""])[-1]).lower()
        if pronouns and (m.pos == "PRON" or (head in _PRONOUNS and len(m.text.split()) == 1)):
            continue
        root[i] = ("head", head)
    if pronouns:
        for _doc, idx in by_doc.items():
            idx.sort(key=lambda i: (mentions[i].start, mentions[i].end))
            for pos, i in enumerate(idx):
                if i in root:
                    continue
                m = mentions[i]
                cls = _PRONOUNS.get(m.text.lower().strip(), "")
                target = None
                for j in reversed(idx[:pos]):
                    if mentions[j].sentence < m.sentence - 1:
                        break
                    if j in root and _pronoun_fits(cls, mentions[j], keys):
                        target = root[j]
                        break
                # No antecedent in reach: the pronoun joins the other pronouns of its form.
                root[i] = target if target is not None else ("head", m.text.lower().strip())
    ids: dict[object, int] = {}
    return [ids.setdefault(root[i], len(ids)) for i in range(len(mentions))]


def _pronoun_fits(cls: str, m: MentionInput, keys: dict[str, _Key]) -> bool:
    label = m.label
    if not label and m.pos == "PROPN":
        k = keys.get(normalise(m.text))
        label = k.label if k else ""
    person = label == "PERSON"
    if cls in ("m", "f", "1", "w"):
        return person or (cls == "w" and bool(label))
    if cls == "n":
        return not person and label != "" or (m.pos == "NOUN" and not person)
    if cls in ("p", "1p"):
        return label in ("ORG", "NORP", "GPE") or m.text.lower().endswith("s")
    return False


def head_lemma_baseline(mentions: Sequence[MentionInput]) -> list[int]:
    """The same-head-lemma baseline: mentions with one head lemma form one cluster."""
    ids: dict[str, int] = {}
    return [
        ids.setdefault((m.head or (m.text.split() or [""])[-1]).lower(), len(ids)) for m in mentions
    ]


# --------------------------------------------------------------------------------------------
# Resolving the entities of whole articles


def resolve(docs: list[tuple[str, Doc]]) -> tuple[list[Entity], dict[str, str]]:
    """Entities of all articles, and an alias index: normalised name -> entity id."""
    acronyms: dict[str, str] = {}
    names: list[NameMention] = []
    spans: list[Span] = []
    for article_id, doc in docs:
        acronyms.update(_acronym_defs(doc.text))
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                continue
            key = normalise(ent.text)
            if len(key) < 2:
                continue
            label = ent.label_
            if label != "PERSON" and _titled(ent):
                label = "PERSON"  # "General Mujahid" is a person, whatever spaCy said
            names.append(NameMention(article_id, ent.text, label, ent.start_char, ent.end_char))
            spans.append(ent)
    nodes, keys, uf = _link(names, acronyms)

    clusters: dict[object, list[int]] = defaultdict(list)
    for i, node in enumerate(nodes):
        clusters[uf.find(node)].append(i)
    ordered = sorted(clusters.values(), key=lambda ix: (-len(ix), names[ix[0]].text))
    entities: list[Entity] = []
    index = NameIndex()
    key_ids: dict[str, set[str]] = defaultdict(set)
    for ix in ordered:
        labels: Counter[str] = Counter()
        surfaces: Counter[str] = Counter()
        ks = {normalise(names[i].text) for i in ix}
        for i in ix:
            if names[i].label:
                labels[names[i].label] += 1
        for s in ks:
            labels.update({lab: 0.5 for lab in keys[s].labels})
        label = max(labels, key=lambda lab: labels[lab]) if labels else "ORG"
        # A full person name in the group makes the whole group a person.
        if any(keys[s].kind == "PER" and " " in s for s in ks):
            label = "PERSON"
        norp_only = all(keys[s].label == "NORP" for s in ks)
        places = [s for s in ks if keys[s].kind == "PLACE"]
        if label == "NORP" and places:
            label = keys[places[0]].label  # "Russian" + "Russia": the state
        for i in ix:
            surfaces[_display(names[i].text)] += 1
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
        eid = f"e{len(entities) + 1}"
        mentions = sorted(
            (
                EntityMention(names[i].doc_id, names[i].start, names[i].end, names[i].text)
                for i in ix
            ),
            key=lambda m: (m.article_id, m.start),
        )
        entity = Entity(eid, name, label, sorted(set(surfaces) - {name}), mentions)
        if norp_only and len(ks) == 1:
            # A demonym with no state named in the story: still the state as an actor.
            country = _DEMONYMS.get(next(iter(ks)))
            if country:
                index.setdefault(country, eid)
        entities.append(entity)
        for s in ks:
            key_ids[s].add(eid)
    for s, ids in key_ids.items():
        longer = {i for c in keys[s].short_of for i in key_ids.get(c, ())}
        if len(longer) > 1:
            continue  # a short form two entities share ("Bush"): ambiguous
        if len(ids) == 1:
            index.setdefault(s, next(iter(ids)))
    # An acronym defined in brackets finds its entity even if only one form was tagged.
    for acro, expansion in acronyms.items():
        if acro in index and expansion not in index:
            index[expansion] = index[acro]
        elif expansion in index and acro not in index:
            index[acro] = index[expansion]
    # A surname alone finds its person where spaCy missed or mislabelled the mention,
    # unless two people share it.
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
    return entities, index


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
    # "Fahim Dashti, who was killed": "who" is said of people.
    return any(
        c.dep_ == "relcl" and any(t.lower_ in ("who", "whom") for t in c.children)
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


# --------------------------------------------------------------------------------------------
# Descriptors


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
    if len(run) and any(t.is_lower or TITLES.match(t.text + " ") for t in run):
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


# --------------------------------------------------------------------------------------------
# Conflation check


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
