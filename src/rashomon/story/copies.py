"""Copies: articles that reprint another, whole or in long passages, are one origin with it.

Outlets print the same wire story, lightly edited, and re-post each other's paragraphs. Counted
as two articles they look like two independent confirmations; they are one. Each article is
cut into word 5-grams ("shingles"); a MinHash of its shingles (``datasketch``'s LSH Ensemble,
which indexes containment) finds the articles likely to share many of them, and the exact
shingle sets then say how much:

- a **reprint** shares most of itself with the other article (Jaccard similarity of the
  shingle sets at least :data:`REPRINT_JACCARD`, or :data:`REPRINT_CONTAINED` of the shorter
  one inside the longer: a wire story with a paragraph cut or added);
- a **shared passage**: at least :data:`PASSAGE_SHINGLES` consecutive-ish shingles in common
  (about three sentences word for word), short of a reprint.

The copy is the later published of the two, else the one read later; its source the other.
The copy's own reporting then has the source's origin (:func:`origin_map`), throughout a
reprint and in the copied sentences of a shared passage (:func:`copied_sentence`): a statement
that reaches the reader twice through a reprint came from one newsroom.

    >>> from rashomon.model import Article
    >>> wire = ("Rebels seized the town of Veyla on Sunday after two days of heavy fighting, "
    ...         "officials said, and thousands of residents fled towards the coast overnight.")
    >>> a = Article(id="a1", path="a.txt", text=wire, source_text=wire)
    >>> b = Article(id="a2", path="b.txt", text="UPDATE. " + wire, source_text=wire)
    >>> [(c.article_id, c.source_id, c.kind) for c in find([a, b])]
    [('a2', 'a1', 'reprint')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSHEnsemble

from ..model import Article, ArticleCopy

SHINGLE = 5  # words per shingle: short enough to survive light edits, long enough to be rare
NUM_PERM = 128
CANDIDATE_CONTAINMENT = 0.1  # candidate pairs only; the exact shingle sets decide
REPRINT_JACCARD = 0.5
REPRINT_CONTAINED = 0.8
PASSAGE_SHINGLES = 40  # about 45 words in common: some three sentences copied word for word
MIN_SHINGLES = 8  # shorter texts (a headline, a caption) prove nothing by matching

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    """The text's word ``n``-grams, lower-cased, punctuation and spacing ignored."""
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def _minhash(grams: set[str]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, seed=1)
    mh.update_batch([g.encode("utf-8") for g in grams])
    return mh


def find(articles: Sequence[Article]) -> list[ArticleCopy]:
    """Every article that copies another, with its source, in reading order.

    An article copying several keeps the most similar; a chain (c copies b copies a) is kept as
    read, and :func:`origin_map` follows it to the first.
    """
    grams = {a.id: shingles(a.text) for a in articles}
    usable = [a for a in articles if len(grams[a.id]) >= MIN_SHINGLES]
    if len(usable) < 2:
        return []
    hashes = {a.id: _minhash(grams[a.id]) for a in usable}
    # Containment, not similarity, finds candidates: a short article made of one paragraph of
    # a long one shares little of the long one's text, but most of its own.
    index = MinHashLSHEnsemble(threshold=CANDIDATE_CONTAINMENT, num_perm=NUM_PERM, num_part=8)
    index.index([(a.id, hashes[a.id], len(grams[a.id])) for a in usable])
    order = {a.id: i for i, a in enumerate(articles)}
    best: dict[str, ArticleCopy] = {}
    for a in usable:
        for other_id in index.query(hashes[a.id], len(grams[a.id])):
            if other_id == a.id:
                continue
            copy, source = _which_copies(a, articles[order[other_id]], order)
            found = _compare(copy, source, grams)
            if found and (copy.id not in best or found.similarity > best[copy.id].similarity):
                best[copy.id] = found
    return sorted(best.values(), key=lambda c: order[c.article_id])


def _which_copies(a: Article, b: Article, order: dict[str, int]) -> tuple[Article, Article]:
    """(copy, source): the later published, else the later read, copies the other."""
    if a.published and b.published and a.published[:10] != b.published[:10]:
        return (a, b) if a.published > b.published else (b, a)
    return (a, b) if order[a.id] > order[b.id] else (b, a)


def _compare(copy: Article, source: Article, grams: dict[str, set[str]]) -> ArticleCopy | None:
    g_copy, g_source = grams[copy.id], grams[source.id]
    common = len(g_copy & g_source)
    if not common:
        return None
    jaccard = common / len(g_copy | g_source)
    contained = common / min(len(g_copy), len(g_source))
    if jaccard >= REPRINT_JACCARD or contained >= REPRINT_CONTAINED:
        kind = "reprint"
    elif common >= PASSAGE_SHINGLES:
        kind = "shared passage"
    else:
        return None
    shared = common / len(g_copy)
    return ArticleCopy(copy.id, source.id, kind, round(jaccard, 4), round(shared, 4))


def copied_sentence(sentence: str, source_grams: set[str], share: float = 0.5) -> bool:
    """Whether at least ``share`` of a sentence's shingles are in the source (a copied line)."""
    grams = shingles(sentence)
    return bool(grams) and len(grams & source_grams) >= share * len(grams)


def origin_map(copies: Sequence[ArticleCopy]) -> dict[str, str]:
    """article id -> the article whose reporting it repeats (the first of a chain).

    >>> from rashomon.model import ArticleCopy
    >>> origin_map([ArticleCopy("b", "a", "reprint", 0.9), ArticleCopy("c", "b", "reprint", 0.8)])
    {'b': 'a', 'c': 'a'}
    """
    parent = {c.article_id: c.source_id for c in copies}
    out = {}
    for aid in parent:
        root, seen = aid, {aid}
        while root in parent and parent[root] not in seen:
            root = parent[root]
            seen.add(root)
        out[aid] = root
    return out
