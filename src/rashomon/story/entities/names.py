"""Names: the normalised matching key of a name, transliteration-insensitive comparison,
demonyms, acronym initials, and the parts of a person's name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from .vocabulary import _DEMONYM_SUFFIXES, _DEMONYMS, _STOP, TITLES


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
