"""A second opinion on the cue model's uncertain words, from MiniLM's reading of the sentence.

The sparse cue model (:mod:`rashomon.extract.attribution.cue_model`) sees a word through its
parse: lemma, tags, neighbours. Where it hesitates ("championed", "left no doubt", "paints X
as"), the contextual vector that MiniLM gives the word tells more about what the sentence does
with it. The refiner is a small numpy MLP over that vector and the sparse model's logit, trained
on PolNeAR by ``rashomon train cues``. It only reads words whose sparse probability lies in its
band, and MiniLM only reads the sentences that hold such words, so most sentences cost nothing
extra."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Token

DIM = 384
# The refiner learns from words whose sparse probability is in TRAIN_BAND and rescores those
# in BAND. The narrower BAND scored the same on held-out PolNeAR train (overlap F1 within
# 0.001) and sends a third fewer sentences through MiniLM.
TRAIN_BAND = (0.05, 0.9)
BAND = (0.1, 0.8)

States = Callable[[Sequence[str]], list[tuple[np.ndarray, list[tuple[int, int]]]]]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class Refiner:
    """One hidden ReLU layer over [standardised word vector, sparse logit / 4], plus a skip
    connection that passes the sparse logit straight through (so it starts as the identity)."""

    mean: np.ndarray
    scale: np.ndarray
    w1: np.ndarray
    b1: np.ndarray
    w2: np.ndarray
    b2: float
    skip: float
    band: tuple[float, float] = BAND

    def inputs(self, vectors: np.ndarray, sparse: np.ndarray) -> np.ndarray:
        return np.hstack([(vectors - self.mean) / self.scale, _logit(sparse)[:, None] / 4])

    def logits(self, x: np.ndarray) -> np.ndarray:
        hidden = np.maximum(0.0, x @ self.w1 + self.b1)
        return hidden @ self.w2 + self.b2 + self.skip * x[:, -1] * 4

    def refine(self, vectors: np.ndarray, sparse: np.ndarray) -> np.ndarray:
        z = self.logits(self.inputs(vectors.astype(np.float32), sparse))
        return 1.0 / (1.0 + np.exp(-z))

    def in_band(self, sparse: np.ndarray) -> np.ndarray:
        return (sparse >= self.band[0]) & (sparse < self.band[1])

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "refiner_mean": self.mean.astype(np.float32),
            "refiner_scale": self.scale.astype(np.float32),
            "refiner_w1": self.w1.astype(np.float32),
            "refiner_b1": self.b1.astype(np.float32),
            "refiner_w2": self.w2.astype(np.float32),
            "refiner_rest": np.array([self.b2, self.skip, *self.band], dtype=np.float64),
        }

    @classmethod
    def from_arrays(cls, z: dict[str, np.ndarray]) -> Refiner:
        b2, skip, lo, hi = (float(x) for x in z["refiner_rest"])
        return cls(
            z["refiner_mean"],
            z["refiner_scale"],
            z["refiner_w1"],
            z["refiner_b1"],
            z["refiner_w2"],
            b2,
            skip,
            (lo, hi),
        )


def word_vectors(
    sentence_start: int, tokens: Sequence[Token], states: tuple[np.ndarray, list[tuple[int, int]]]
) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the word-piece states inside each spaCy token of one sentence.

    Returns the vectors and a mask of tokens MiniLM saw (a token past its 128 word pieces has
    none). Offsets are relative to the sentence text, which starts at ``sentence_start``.
    """
    hidden, offsets = states
    starts = np.array([t.idx - sentence_start for t in tokens])
    acc = np.zeros((len(tokens), DIM), dtype=np.float32)
    count = np.zeros(len(tokens))
    for piece, (a, b) in enumerate(offsets):
        if b <= a:
            continue  # [CLS], [SEP]
        k = int(np.searchsorted(starts, a, side="right")) - 1
        if k >= 0:
            acc[k] += hidden[piece]
            count[k] += 1
    seen = count > 0
    acc[seen] /= count[seen, None]
    return acc, seen


@dataclass
class TokenVectors:
    """MiniLM vectors of a document's words, read one sentence at a time when first asked for.

    ``wanted`` lists the sentence starts worth reading: on the first request all of them are
    embedded in one batch, which is several times faster than one sentence per call.
    ``known``: the sparse cue probabilities already computed for this document's words
    ((token index, inside a quote) -> p), by the scan that chose ``wanted``, so they are not
    computed again.
    """

    doc: Doc
    states: States
    wanted: set[int] = field(default_factory=set)
    known: dict[tuple[int, bool], float] = field(default_factory=dict)
    _cache: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)

    def __call__(self, tokens: Sequence[Token]) -> tuple[np.ndarray, np.ndarray]:
        """Vectors and a seen-mask for ``tokens`` (any sentences of this document)."""
        sents = {t.sent.start: t.sent for t in tokens}
        missing = [s for s in sents if s not in self._cache]
        if missing:
            todo = sorted(set(missing) | (self.wanted - set(self._cache)))
            spans = [self.doc[s].sent for s in todo]
            for span, st in zip(spans, self.states([x.text for x in spans]), strict=True):
                self._cache[span.start] = word_vectors(span.start_char, list(span), st)
        vecs = np.zeros((len(tokens), DIM), dtype=np.float32)
        seen = np.zeros(len(tokens), dtype=bool)
        for k, t in enumerate(tokens):
            v, m = self._cache[t.sent.start]
            vecs[k] = v[t.i - t.sent.start]
            seen[k] = m[t.i - t.sent.start]
        return vecs, seen


def fit(
    vectors: np.ndarray,
    sparse: np.ndarray,
    labels: np.ndarray,
    *,
    hidden: int = 64,
    epochs: int = 3,
    lr: float = 1e-3,
    l2: float = 1e-5,
    batch: int = 128,
    seed: int = 0,
    band: tuple[float, float] = BAND,
) -> Refiner:
    """Adam on the log loss; ``sparse`` must be out-of-fold probabilities (not the fit's own)."""
    if not len(labels):
        raise ValueError("the refiner needs at least one example in the band")
    vectors = vectors.astype(np.float32)
    mean = vectors.mean(axis=0)
    scale = vectors.std(axis=0) + 1e-6
    rng = np.random.default_rng(seed)
    r = Refiner(
        mean,
        scale,
        rng.normal(0, 0.05, (DIM + 1, hidden)),
        np.zeros(hidden),
        rng.normal(0, 0.05, hidden),
        0.0,
        1.0,
        band,
    )
    x = r.inputs(vectors, sparse)
    y = labels.astype(np.float64)
    params = [r.w1, r.b1, r.w2]
    m1 = [np.zeros_like(p) for p in params]
    m2 = [np.zeros_like(p) for p in params]
    step = 0
    for _ in range(epochs):
        for idx in np.array_split(rng.permutation(len(x)), max(1, len(x) // batch)):
            xb = x[idx]
            h = np.maximum(0.0, xb @ r.w1 + r.b1)
            z = h @ r.w2 + r.b2 + r.skip * xb[:, -1] * 4
            g = (1.0 / (1.0 + np.exp(-z)) - y[idx]) / len(idx)
            gh = np.outer(g, r.w2) * (h > 0)
            grads = [xb.T @ gh + l2 * r.w1, gh.sum(axis=0), h.T @ g]
            step += 1
            for p, gr, a, b in zip(params, grads, m1, m2, strict=True):
                a *= 0.9
                a += 0.1 * gr
                b *= 0.999
                b += 0.001 * gr * gr
                p -= lr * (a / (1 - 0.9**step)) / (np.sqrt(b / (1 - 0.999**step)) + 1e-8)
            # The two scalars learn faster: they only shift and scale the sparse evidence.
            r.b2 -= lr * 10 * float(g.sum())
            r.skip -= lr * 10 * float((g * xb[:, -1] * 4).sum())
    return r
