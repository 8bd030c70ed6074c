"""The shipped stance classifier: a numpy MLP over pair features, then a cross-encoder.

The MLP (similarities, word counts) decides whether a text addresses a claim at all; the
reader (``reader.Reader``, a fine-tuned MiniLM cross-encoder) reads every pair the MLP thinks
related and gives the label. Pairs the MLP calls unrelated keep the MLP's probabilities, so
the reader's cost is paid only where the claim is actually discussed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ...nlp.mlp import Mlp, softmax
from .features import Embed, Idf, Prepared, featurize, prepare
from .reader import Reader, evidence, load_reader

LABELS = ("agree", "disagree", "discuss", "unrelated")
UNRELATED = LABELS.index("unrelated")
WEIGHTS = "stance-mlp.npz"


@dataclass(frozen=True)
class Reading:
    """The model's reading of one (claim, text) pair."""

    proba: np.ndarray  # over LABELS
    evidence: str  # the text's sentence most similar to the claim
    similarity: float = 1.0  # MiniLM cosine of that sentence and the claim

    @property
    def label(self) -> str:
        return LABELS[int(self.proba.argmax())]

    def p(self, label: str) -> float:
        return float(self.proba[LABELS.index(label)])


class StanceModel:
    """Reads (claim, text) pairs: does the text agree, disagree, discuss or not address it?

    ``reader=None`` leaves the MLP's labels as they are (what ``rashomon train stance`` fits).
    """

    def __init__(
        self, mlp: Mlp, idf: Idf, embed: Embed | None = None, reader: Reader | None = None
    ) -> None:
        self.mlp, self.idf = mlp, idf
        self._embed = embed
        self.reader = reader
        # A second tier of readings kept outside the process (the story store:
        # rashomon.store.cache), keyed by reading_key; and where new readings are told.
        self.backing: Callable[[list[str]], dict[str, Any]] | None = None
        self.fresh: dict[str, Any] | None = None

    @property
    def embed(self) -> Embed:
        if self._embed is None:
            from ...nlp.embeddings import default_embedder

            self._embed = default_embedder().embed
        return self._embed

    @classmethod
    def load(cls, path: str | Path | None = None) -> StanceModel:
        """The shipped model, MLP and reader (cached), or an MLP .npz written by
        ``rashomon.train.stance`` (no reader: its labels are the MLP's own)."""
        return _load(str(path) if path else None)

    @classmethod
    def from_file(
        cls, path: str | Path, embed: Embed | None = None, reader: Reader | None = None
    ) -> StanceModel:
        z = np.load(path, allow_pickle=False)
        n = int(z["n_layers"])
        layers = [(z[f"w{i}"].astype(np.float32), z[f"b{i}"].astype(np.float32)) for i in range(n)]
        mlp = Mlp(z["mu"].astype(np.float32), z["sd"].astype(np.float32), layers)
        return cls(mlp, Idf(z["vocab"].tolist(), z["idf"]), embed, reader)

    def save(self, path: str | Path, **meta: np.ndarray) -> None:
        arrays: dict[str, np.ndarray] = {"n_layers": np.array(len(self.mlp.layers))}
        for i, (w, b) in enumerate(self.mlp.layers):
            # float16 halves the file; the logits move by < 1e-3, far below any decision margin.
            arrays[f"w{i}"], arrays[f"b{i}"] = w.astype(np.float16), b.astype(np.float32)
        arrays.update(
            mu=self.mlp.mu,
            sd=self.mlp.sd,
            vocab=np.array(self.idf.vocab),
            idf=self.idf.idf.astype(np.float16),
            labels=np.array(LABELS),
            **meta,
        )
        with open(path, "wb") as f:
            np.savez_compressed(f, **arrays)

    def predict_proba(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(n, 4) probabilities in the order of ``LABELS``: agree, disagree, discuss, unrelated."""
        if not pairs:
            return np.zeros((0, len(LABELS)), np.float32)
        pairs = list(pairs)
        return self._proba(pairs, prepare(pairs, self.embed, self.idf))

    def read(self, pairs: Sequence[tuple[str, str]]) -> list[Reading]:
        """Each pair's probabilities with the text's sentence most about the claim, the
        evidence a reader checks the label against.

        A pair's reading does not depend on the others read with it, so with a ``backing``
        only the pairs it does not know are read, and those go to ``fresh``.
        """
        if not pairs:
            return []
        pairs = list(pairs)
        if self.backing is None and self.fresh is None:
            return self._read(pairs)
        from ...store.cache import reading_key

        keys = [reading_key(h, b) for h, b in pairs]
        known = self.backing(list(dict.fromkeys(keys))) if self.backing is not None else {}
        todo = [i for i, k in enumerate(keys) if k not in known]
        new = dict(zip(todo, self._read([pairs[i] for i in todo])))
        out = [new[i] if i in new else known[k] for i, k in enumerate(keys)]
        if self.fresh is not None:
            self.fresh.update(zip(keys, out))
        return out

    def _read(self, pairs: list[tuple[str, str]]) -> list[Reading]:
        if not pairs:
            return []
        prepared = prepare(pairs, self.embed, self.idf)
        p = self._proba(pairs, prepared)
        out = []
        for row, (h, b) in zip(p, pairs):
            head, body = prepared.heads[h], prepared.bodies[b]
            sim = float((body.emb @ head.emb).max()) if len(body.emb) else 0.0
            out.append(Reading(row, evidence(head, body, k=1), sim))
        return out

    def _proba(self, pairs: list[tuple[str, str]], prepared: Prepared) -> np.ndarray:
        p = self.mlp.proba(featurize(pairs, self.embed, self.idf, prepared))
        if self.reader is None:
            return p
        related = np.flatnonzero(p.argmax(axis=1) != UNRELATED)
        if len(related):
            texts = [
                (h, evidence(prepared.heads[h], prepared.bodies[b]))
                for h, b in (pairs[i] for i in related)
            ]
            p[related] = softmax(self.reader.logits(texts))
        return p

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, float]]:
        p = self.predict_proba(pairs)
        return [(LABELS[i], float(row[i])) for row, i in zip(p, p.argmax(axis=1))]


@lru_cache(maxsize=4)
def _load(path: str | None) -> StanceModel:
    if path is None:
        with resources.as_file(resources.files("rashomon") / "resources" / WEIGHTS) as p:
            return StanceModel.from_file(p, reader=load_reader())
    return StanceModel.from_file(path)
