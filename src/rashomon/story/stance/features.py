"""Pair features for stance: MiniLM similarities and interactions, TF-IDF and cue-word counts.

Everything here is numpy plus the shared MiniLM embedder, so inference needs no extra
dependency. A body is embedded sentence by sentence (first ``MAX_SENTS`` only: the stance of a
news body is nearly always stated early) and prepared once, then paired with many claims.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

# Lexical features read up to MAX_SENTS sentences; only the first MAX_EMBED are embedded,
# since MiniLM is the cost of inference and a news body states its stance early.
MAX_SENTS = 40
MAX_EMBED = 12

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Sentence ends: terminal punctuation followed by a capital/quote/digit, or a line break.
_SENT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(A-Z0-9])|\s*\n+\s*")

STOP = frozenset(
    "a an the of to in on at for by with from and or but as is are was were be been being it its "
    "this that these those he she they them his her their we our you your i me my has have had "
    "will would can could should may might do does did so than then there here which who whom "
    "what when where how about after before over into out up down also just said says say".split()
)
# Words that signal the body rejects the claim (FNC-1 baseline list plus a few of our own).
REFUTE = frozenset(
    "fake fraud hoax false deny denies denied denying refute refutes refuted refuting debunk "
    "debunked debunks debunking doubt doubts doubtful dubious bogus myth untrue baseless "
    "fabricated fabrication satire satirical prank rumor rumour rumors rumours misleading "
    "incorrect wrong lie lies lied nonsense retract retracted retraction conspiracy disputes "
    "disputed dispute dismissed dismisses rejects rejected unfounded".split()
)
NEGATION = frozenset("not no never none nothing nobody neither nor n't cannot isn't wasn't".split())
HEDGE = frozenset(
    "reportedly allegedly alleged claims claim claimed claiming unconfirmed unverified apparently "
    "purportedly purported rumored rumoured supposedly may might could possibly perhaps "
    "appears appear seems seem according suggests suggest believed speculation".split()
)
SUPPORT = frozenset(
    "confirmed confirms confirm confirming true indeed proven proof evidence verified official "
    "officially announced shows showed revealed".split()
)
PHRASES_REFUTE = ("no evidence", "not true", "is false", "was false", "turned out", "no proof")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def content(ws: Iterable[str]) -> list[str]:
    return [w for w in ws if w not in STOP and len(w) > 1]


def split_sentences(text: str, max_sents: int = MAX_SENTS) -> list[str]:
    """Fast regex splitter: spaCy would cost more than the embeddings on long bodies."""
    out = [s.strip() for s in _SENT.split(text or "") if s and len(s.strip()) > 2]
    return out[:max_sents] or [(text or "").strip()[:500] or "."]


class Idf:
    """Inverse document frequencies over a fixed vocabulary (fit on the training texts)."""

    def __init__(self, vocab: Sequence[str], idf: np.ndarray) -> None:
        self.vocab = list(vocab)
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.idf = np.asarray(idf, dtype=np.float32)
        # An unseen word is at least as rare as the rarest known one.
        self.oov = float(self.idf.max()) if len(self.idf) else 1.0

    @classmethod
    def fit(cls, docs: Iterable[str], max_vocab: int = 30000, min_df: int = 2) -> Idf:
        df: Counter[str] = Counter()
        n = 0
        for d in docs:
            n += 1
            # Words in order of first use, not set order: ties in most_common() then keep the
            # same order whatever PYTHONHASHSEED is, so a retrained model's file repeats.
            df.update(dict.fromkeys(content(words(d)), 1))
        kept = [w for w, c in df.most_common(max_vocab) if c >= min_df]
        idf = np.array([math.log((n + 1) / (df[w] + 1)) + 1.0 for w in kept], dtype=np.float32)
        return cls(kept, idf)

    def vector(self, ws: Sequence[str]) -> dict[str, float]:
        """L2-normalised TF-IDF weights of the content words, as a sparse dict."""
        tf = Counter(content(ws))
        v = {
            w: c * float(self.idf[self.index[w]]) if w in self.index else c * self.oov
            for w, c in tf.items()
        }
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {w: x / norm for w, x in v.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


@dataclass
class Body:
    """A body prepared once: sentences, their embeddings, word sets and TF-IDF vectors."""

    sents: list[str]
    emb: np.ndarray  # (min(n_sents, MAX_EMBED), 384) unit rows
    centroid: np.ndarray  # unit mean of the sentence embeddings
    words: list[list[str]]
    tfidf: dict[str, float]
    sent_tfidf: list[dict[str, float]]
    wset: set[str]
    bigrams: set[tuple[str, str]]
    stats: np.ndarray  # features of the body alone, computed once (see ``body_stats``)


@dataclass
class Head:
    text: str
    emb: np.ndarray
    words: list[str]
    tfidf: dict[str, float]


Embed = Callable[[Sequence[str]], np.ndarray]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-9)


def prepare_bodies(texts: Sequence[str], embed: Embed, idf: Idf) -> list[Body]:
    split = [split_sentences(t) for t in texts]
    flat = [s for ss in split for s in ss[:MAX_EMBED]]
    vecs = embed(flat) if flat else np.zeros((0, 384), np.float32)
    out, k = [], 0
    for t, ss in zip(texts, split):
        n = min(len(ss), MAX_EMBED)
        e = vecs[k : k + n]
        k += n
        ws = [words(s) for s in ss]
        flat_ws = [w for x in ws for w in x]
        out.append(
            Body(
                ss,
                e,
                _unit(e.mean(axis=0)),
                ws,
                idf.vector(flat_ws),
                [idf.vector(x) for x in ws],
                set(flat_ws),
                _bigrams(flat_ws),
                body_stats(ss, ws, flat_ws, len(t)),
            )
        )
    return out


def prepare_heads(texts: Sequence[str], embed: Embed, idf: Idf) -> list[Head]:
    vecs = embed(list(texts))
    return [Head(t, v, words(t), idf.vector(words(t))) for t, v in zip(texts, vecs)]


def _count(ws: Iterable[str], lexicon: frozenset[str]) -> int:
    return sum(1 for w in ws if w in lexicon)


def _bigrams(ws: Sequence[str]) -> set[tuple[str, str]]:
    c = content(ws)
    return set(zip(c, c[1:]))


def body_stats(sents: list[str], ws: list[list[str]], flat: list[str], n_chars: int) -> np.ndarray:
    """Cue-word rates, question marks and length of a body: the same for every claim."""
    n = max(len(flat), 1)
    lower = " ".join(sents).lower()
    return np.array(
        [
            100 * _count(flat, REFUTE) / n,
            100 * _count(flat, HEDGE) / n,
            100 * _count(flat, NEGATION) / n,
            100 * _count(flat, SUPPORT) / n,
            float(min(_count(ws[0], REFUTE), 3)),
            float(sum(p in lower for p in PHRASES_REFUTE)),
            lower.count("?") / max(len(sents), 1),
            math.log1p(len(sents)),
            math.log1p(n_chars),
        ],
        dtype=np.float32,
    )


N_BODY = 9
N_SCALAR = 34


def scalar_features(h: Head, b: Body, sims: np.ndarray) -> np.ndarray:
    """Hand-made features; ``sims`` are the cosines of the claim to each body sentence."""
    order = np.argsort(-sims)
    top = order[:3]
    lex = np.array([cosine(h.tfidf, s) for s in b.sent_tfidf])
    best_lex = int(lex.argmax())
    hc = set(content(h.words))
    bset = b.wset
    near = [w for i in set(top.tolist()) | {best_lex} for w in b.words[i]]
    hb = _bigrams(h.words)
    n_near = max(len(near), 1)
    # Cue words near the sentences that talk about the claim say more than anywhere in a body.
    f = [
        float(sims.max()),
        float(sims.mean()),
        float(sims[top].mean()),
        float(sims[0]),
        float(h.emb @ b.centroid),
        float(sims.max() - np.median(sims)),
        cosine(h.tfidf, b.tfidf),
        float(lex.max()),
        float(lex[:3].mean()),
        len(hc & bset) / max(len(hc), 1),
        len(hc & set(b.words[best_lex])) / max(len(hc), 1),
        len(hb & b.bigrams) / max(len(hb), 1),
        math.log1p(len(hc & bset)),
        _count(h.words, REFUTE),
        _count(h.words, NEGATION),
        _count(h.words, HEDGE),
        float("?" in h.text),
        10 * _count(near, REFUTE) / n_near,
        10 * _count(near, HEDGE) / n_near,
        10 * _count(near, NEGATION) / n_near,
        10 * _count(near, SUPPORT) / n_near,
        float(sum("?" in b.sents[i] for i in top)),
        float(sum('"' in b.sents[i] or "“" in b.sents[i] for i in top)),
        float(top[0]) / max(len(b.sents), 1),
        float(bool(_count(h.words, NEGATION)) != bool(_count(near, NEGATION))),
    ]
    return np.concatenate([np.asarray(f, dtype=np.float32), b.stats])


def pair_features(h: Head, b: Body) -> np.ndarray:
    """Scalars plus the claim/best-sentence interaction (as in sentence-pair NLI encoders)."""
    sims = b.emb @ h.emb
    order = np.argsort(-sims)
    s1 = b.emb[order[0]]
    s3 = _unit(b.emb[order[:3]].mean(axis=0))
    return np.concatenate(
        [scalar_features(h, b, sims), h.emb * s1, np.abs(h.emb - s1), h.emb * s3, s3]
    ).astype(np.float32)


@dataclass
class Prepared:
    """Every distinct claim and body of a batch of pairs, prepared once."""

    heads: dict[str, Head]
    bodies: dict[str, Body]


def prepare(pairs: Sequence[tuple[str, str]], embed: Embed, idf: Idf) -> Prepared:
    heads = list(dict.fromkeys(h for h, _ in pairs))
    bodies = list(dict.fromkeys(b for _, b in pairs))
    return Prepared(
        dict(zip(heads, prepare_heads(heads, embed, idf))),
        dict(zip(bodies, prepare_bodies(bodies, embed, idf))),
    )


def featurize(
    pairs: Sequence[tuple[str, str]], embed: Embed, idf: Idf, prepared: Prepared | None = None
) -> np.ndarray:
    """Feature matrix for (claim, body) pairs; each distinct text is prepared only once."""
    if not pairs:
        return np.zeros((0, N_SCALAR + 4 * 384), np.float32)
    pp = prepared or prepare(pairs, embed, idf)
    return np.vstack([pair_features(pp.heads[h], pp.bodies[b]) for h, b in pairs])
