"""A learned detector of attribution cues: which word of a sentence introduces what someone holds.

The rules in :mod:`rashomon.extract.attribution` know the common cues (said, told, denied, according
to). News also attributes through a long tail of words that no list covers: "made it clear
that", "had a favorable opinion of", "are optimistic that", "voters supported Trump". This
model reads one candidate word (verb, auxiliary, noun, adjective) with its parse neighbourhood
and gives the probability that it heads an attribution cue. It is a logistic regression over
hashed sparse features, numpy only, trained on PolNeAR by ``rashomon train cues``; its weights
ship in the package (``resources/cue-model.npz``).

Features are strings hashed with CRC-32 (stable across processes, unlike ``hash``), so the
model is a plain array and scoring an article is a gather and a sum.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import BinaryIO

import numpy as np
from spacy.tokens import Token

from .cue_refiner import Refiner, TokenVectors

CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ"})
N_BITS = 18
WEIGHTS = "cue-model.npz"
_SUBJECT_DEPS = ("nsubj", "nsubjpass")


def is_candidate(tok: Token) -> bool:
    return tok.pos_ in CANDIDATE_POS


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in _SUBJECT_DEPS:
            return c
    if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
        for c in tok.head.children:
            if c.dep_ in _SUBJECT_DEPS:
                return c
    return None


def _kind(tok: Token) -> str:
    """A coarse class of a subject: pronoun, person, group, other name, common noun."""
    if tok.pos_ == "PRON":
        return "pron:" + tok.lower_
    if tok.ent_type_ in ("PERSON",):
        return "person"
    if tok.ent_type_ in ("ORG", "NORP", "GPE"):
        return "group"
    if tok.pos_ == "PROPN":
        return "name"
    return "noun"


def features(tok: Token, in_quote: bool) -> list[str]:
    """Sparse features of one candidate word; strings, hashed by the model."""
    lemma = tok.lemma_.lower()
    pos, dep = tok.pos_, tok.dep_
    head = tok.head
    doc = tok.doc
    f = [
        "bias",
        "l=" + lemma,
        "w=" + tok.lower_,
        "p=" + pos,
        "t=" + tok.tag_,
        "d=" + dep,
        "lp=" + lemma + "|" + pos,
        "ld=" + lemma + "|" + dep,
        "pd=" + pos + "|" + dep,
        "suf=" + lemma[-3:],
        "hl=" + head.lemma_.lower(),
        "hp=" + head.pos_ + "|" + dep,
        "hld=" + head.lemma_.lower() + "|" + dep,
        "q=" + str(in_quote),
        "qp=" + str(in_quote) + "|" + pos,
    ]
    # A quotation opening or closing next to the word: "said, “...", "...,” yelled the crowd".
    near = doc[max(tok.i - 3, 0) : tok.i + 4]
    if any(t.is_quote for t in near if t.i > tok.i):
        f.append("quote_after")
    if any(t.is_quote for t in near if t.i < tok.i):
        f.append("quote_before")
    prev = doc[tok.i - 1].lower_ if tok.i > 0 else "<s>"
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else "</s>"
    f += ["prev=" + prev, "next=" + nxt, "l+next=" + lemma + "|" + nxt]
    deps = set()
    for c in tok.children:
        cd = c.dep_
        deps.add(cd)
        f.append("c=" + cd)
        f.append("lc=" + lemma + "|" + cd)
        if cd in ("prep", "prt", "mark", "dative", "agent", "neg", "aux", "auxpass"):
            f.append("cw=" + cd + "|" + c.lower_)
            f.append("lcw=" + lemma + "|" + cd + "|" + c.lower_)
        if cd in ("ccomp", "xcomp", "acomp", "attr", "dobj", "oprd"):
            f.append("cp=" + cd + "|" + c.pos_)
            f.append("cl2=" + cd + "|" + c.lemma_.lower())
            marks = [m.lower_ for m in c.children if m.dep_ in ("mark", "aux")]
            if marks:
                f.append("cm=" + cd + "|" + marks[0])
                f.append("lcm=" + lemma + "|" + cd + "|" + marks[0])
            if cd in ("acomp", "attr", "dobj", "oprd"):
                f.append("cl=" + cd + "|" + c.lemma_.lower())
                f.append("lcl=" + lemma + "|" + c.lemma_.lower())
        if cd == "poss":
            f.append("poss=" + _kind(c))
    f.append("deps=" + "+".join(sorted(d for d in deps if d not in ("punct", "det", "advmod"))))
    subj = _subject(tok)
    if subj is not None:
        k = _kind(subj)
        f += ["s=" + k, "ls=" + lemma + "|" + k, "sd=" + subj.dep_, "sl=" + subj.lemma_.lower()]
    else:
        f.append("s=none")
    if pos == "ADJ" and dep == "acomp":
        f.append("acomp_of=" + head.lemma_.lower())
    if pos == "NOUN" and head.dep_ == "dobj" or dep == "dobj":
        f.append("obj_of=" + head.lemma_.lower())
    if dep == "pobj":
        f.append("pobj_of=" + head.lower_ + "|" + head.head.lemma_.lower())
    sent = tok.sent
    f.append("pos_in_sent=" + str(min(4, (tok.i - sent.start) // 4)))
    f.append("to_end=" + str(min(4, (sent.end - 1 - tok.i) // 3)))
    return f


def _hash(feature: str, bits: int = N_BITS) -> int:
    return zlib.crc32(feature.encode("utf-8")) & ((1 << bits) - 1)


def hashed(feats: Iterable[str], bits: int = N_BITS) -> np.ndarray:
    return np.fromiter((_hash(x, bits) for x in feats), dtype=np.int64)


@dataclass
class CueModel:
    """Logistic regression over hashed features; ``threshold`` is the decision point."""

    weights: np.ndarray
    bias: float
    threshold: float = 0.5
    bits: int = N_BITS
    refiner: Refiner | None = None  # MiniLM second opinion on uncertain words (cue_refiner)

    def score(self, rows: Sequence[np.ndarray]) -> np.ndarray:
        """Probabilities for rows of hashed feature indices."""
        z = np.array([self.weights[r].sum() for r in rows], dtype=np.float64) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def sparse(self, tokens: Sequence[Token], in_quote: Sequence[bool]) -> np.ndarray:
        """The sparse model's probabilities alone."""
        rows = [hashed(features(t, q), self.bits) for t, q in zip(tokens, in_quote, strict=True)]
        return self.score(rows) if rows else np.zeros(0)

    def probabilities(
        self,
        tokens: Sequence[Token],
        in_quote: Sequence[bool],
        vectors: TokenVectors | None = None,
    ) -> np.ndarray:
        """Probability that each candidate word heads a cue (``in_quote``: inside quotes).

        With ``vectors`` (MiniLM over the document) the refiner rescores uncertain words.
        """
        keys = [(t.i, bool(q)) for t, q in zip(tokens, in_quote, strict=True)]
        if vectors is not None and all(k in vectors.known for k in keys):
            p = np.array([vectors.known[k] for k in keys], dtype=np.float64)
        else:
            p = self.sparse(tokens, in_quote)
        if self.refiner is None or vectors is None or not len(p):
            return p
        band = np.flatnonzero(self.refiner.in_band(p))
        if len(band):
            vecs, seen = vectors([tokens[i] for i in band])
            band, vecs = band[seen], vecs[seen]
            if len(band):
                p[band] = self.refiner.refine(vecs, p[band])
        return p

    def save(self, path: str | Path) -> None:
        nz = np.flatnonzero(self.weights)
        # Through a file handle, so numpy does not append ".npz" to a name without it.
        with open(path, "wb") as handle:
            self._write(handle, nz)

    def _write(self, handle: BinaryIO, nz: np.ndarray) -> None:
        np.savez_compressed(
            handle,
            index=nz.astype(np.int32),
            value=self.weights[nz].astype(np.float16),
            bias=np.float64(self.bias),
            threshold=np.float64(self.threshold),
            bits=np.int64(self.bits),
            **(self.refiner.arrays() if self.refiner is not None else {}),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> CueModel:
        with np.load(path) as z:
            bits = int(z["bits"])
            w = np.zeros(1 << bits, dtype=np.float32)
            w[z["index"]] = z["value"].astype(np.float32)
            refiner = Refiner.from_arrays(dict(z)) if "refiner_w1" in z else None
            return cls(w, float(z["bias"]), float(z["threshold"]), bits, refiner)

    @classmethod
    def load(cls) -> CueModel:
        """The model shipped in the package (read once per process)."""
        return _shipped()


@lru_cache(maxsize=1)
def _shipped() -> CueModel:
    with resources.as_file(resources.files("rashomon") / "resources" / WEIGHTS) as p:
        return CueModel.from_file(p)


def fit(
    rows: Sequence[np.ndarray],
    labels: np.ndarray,
    *,
    bits: int = N_BITS,
    epochs: int = 10,
    lr: float = 0.05,
    l2: float = 1e-6,
    batch: int = 64,
    seed: int = 0,
) -> CueModel:
    """Logistic regression by mini-batch AdaGrad over hashed rows (deterministic for a seed)."""
    if len(rows) != len(labels) or not len(rows):
        raise ValueError("fit needs one label per row and at least one row")
    rng = np.random.default_rng(seed)
    size = 1 << bits
    w = np.zeros(size, dtype=np.float64)
    g2 = np.full(size, 1e-8)
    b, gb2 = 0.0, 1e-8
    y = np.asarray(labels, dtype=np.float64)
    lengths = np.array([len(r) for r in rows])
    for _ in range(epochs):
        order = rng.permutation(len(rows))
        for lo in range(0, len(order), batch):
            idx = order[lo : lo + batch]
            flat = np.concatenate([rows[i] for i in idx])
            owner = np.repeat(np.arange(len(idx)), lengths[idx])
            z = np.bincount(owner, weights=w[flat], minlength=len(idx)) + b
            g = 1.0 / (1.0 + np.exp(-z)) - y[idx]
            # Each example's error flows to the features it has; a hashed index that occurs
            # twice in a batch collects both contributions.
            grad = np.bincount(flat, weights=g[owner], minlength=size)
            touched = np.unique(flat)
            gt = grad[touched] + l2 * w[touched]
            g2[touched] += gt * gt
            w[touched] -= lr * gt / np.sqrt(g2[touched])
            gb = float(g.sum())
            gb2 += gb * gb
            b -= lr * gb / np.sqrt(gb2)
    return CueModel(w.astype(np.float32), float(b), 0.5, bits)
