"""What the story tracker reads of an article: an embedding, content words, names and a day.

Everything here is cheap on purpose (regular expressions, one MiniLM pass over the title and
lead): the tracker must keep up with a feed of thousands of articles a day, where a spaCy
parse per article would cost more than the clustering itself.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..model import Article

# Function words, reporting verbs and calendar words: frequent in every story, so they would
# only blur the word and name vectors (a capitalised "Monday" or "However" is no actor).
STOPWORDS = frozenset(
    """a about above after again against all almost also although always am among an and another
    any are around as at be became because been before being below between both but by can
    could did do does doing down during each either else even ever every few for from further
    had has have having he her here hers herself him himself his how however i if in into is it
    its itself just last least less like many may me might more most much must my myself near
    neither never new next no nor not now of off often on once one only or other our ours
    ourselves out over own per perhaps rather same several she should since so some still such
    than that the their theirs them themselves then there these they this those though three
    through thus to too two under until up upon us very was we well were what when where whether
    which while who whom whose why will with within without would yet you your yours yourself
    said says say saying told tell according reported reports report reportedly added adding
    including included according also asked although mr mrs ms dr says year years week weeks
    day days time times today yesterday tomorrow monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december jan feb mar apr jun jul aug sep sept oct nov dec news reuters ap afp
    image photo video getty images via update updated first second people way made make get got
    going back around like just even told now""".split()
)

_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]")
# A run of capitalised words ("Ahmad Massoud", "ISIS", "Panjshir"); the tracker keeps its words.
_NAME = re.compile(r"\b[A-Z][A-Za-z'’-]*[A-Za-z]\b")
_SENTENCE_START = re.compile(r"(?:[.!?:][\"”’')]*\s+|\n\s*)[\"“'‘(]*$|^\s*$")

LEAD_CHARS = 1000  # MiniLM reads 128 word pieces (~500 characters): more is cut anyway.
FINGERPRINT_WORDS = 60


@dataclass
class Features:
    """One article as the tracker sees it; ``tokens`` and ``names`` are raw counts."""

    article_id: str
    embedding: np.ndarray  # unit length, float32
    tokens: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    day: int | None = None  # days since 1970-01-01, None when undated
    fingerprint: str = ""  # equal for reprints of the same text


def words(text: str) -> list[str]:
    """Lower-cased content words of at least three letters, stopwords dropped."""
    out = []
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) >= 3 and w not in STOPWORDS:
            out.append(w)
    return out


def names(text: str) -> list[str]:
    """Lower-cased capitalised words. A sentence's first word counts only when the text also
    capitalises it inside a sentence ("Officials said" is no name; "Kabul said" is)."""
    found = [(m.group(), _at_sentence_start(text, m.start())) for m in _NAME.finditer(text)]
    inner = {w.lower() for w, first in found if not first}
    out = []
    for w, first in found:
        w = w.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) >= 2 and w not in STOPWORDS and (not first or w in inner):
            out.append(w)
    return out


def _at_sentence_start(text: str, i: int) -> bool:
    return i == 0 or bool(_SENTENCE_START.search(text[max(0, i - 6) : i]))


def to_day(published: str | None) -> int | None:
    """An ISO date or datetime as a day number; None when absent or unreadable."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10]).toordinal() - date(1970, 1, 1).toordinal()
    except ValueError:
        return None


def lead_text(article: Article) -> str:
    """The title and the start of the text: what a reader (and MiniLM) sees first."""
    text = article.text or ""
    title = (article.title or "").strip()
    if title and not text.lstrip().startswith(title):
        text = f"{title}.\n{text}"
    return text[:LEAD_CHARS]


def fingerprint(tokens: Sequence[str]) -> str:
    """A hash of the first content words: reprints with other furniture or endings match."""
    head = " ".join(tokens[:FINGERPRINT_WORDS])
    return hashlib.blake2b(head.encode(), digest_size=8).hexdigest() if head else ""


def featurize(
    articles: Sequence[Article],
    embed: Callable[[list[str]], np.ndarray] | None = None,
    entities: Mapping[str, Sequence[str]] | None = None,
) -> list[Features]:
    """Features of ``articles``, embedded in one batch.

    ``entities`` may give an article id's names (e.g. spaCy's, when a pipeline has them);
    otherwise names come from capitalisation.
    """
    if embed is None:
        from ..nlp.embeddings import default_embedder

        embed = default_embedder().embed
    vecs = embed([lead_text(a) for a in articles]) if articles else np.zeros((0, 384))
    out = []
    for a, vec in zip(articles, vecs):
        body = f"{a.title or ''}\n{a.text or ''}"
        toks = words(body)
        given = entities.get(a.id) if entities is not None else None
        found = words(" ".join(given)) if given is not None else names(body)
        out.append(
            Features(
                article_id=a.id,
                embedding=np.asarray(vec, dtype=np.float32),
                tokens=Counter(toks),
                names=Counter(found),
                day=to_day(a.published),
                fingerprint=fingerprint(words(a.text or "")),
            )
        )
    return out


def sublinear(counts: Mapping[str, float]) -> dict[str, float]:
    """1 + log(tf): a word said ten times is not ten times the evidence."""
    return {t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}
