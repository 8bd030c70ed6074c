"""Reproducible training of the check-worthiness model (numpy only, no torch).

    train(claimbuster_json, clef_dir, out_path, seed=0)

Both datasets are debate sentences labelled check-worthy or not. Each keeps a dev split,
drawn with ``seed``: a tenth of ClaimBuster's sentence ids, and three of CLEF's transcripts
(whole transcripts: sentences of one debate repeat each other's topics and wording, so a
sentence split would leak). Everything else is trained on together. The settings (hidden
layer, L2, CLEF's weight, epochs) are those with the best ClaimBuster dev F1 plus CLEF dev
MAP; the threshold is the one with the best ClaimBuster dev F1. Dev thus chooses, and its
figures are somewhat optimistic.

The 2016 debates are in both corpora: a training sentence whose text is also in a dev split
is dropped, so dev stays unseen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.checkworthy import (
    Example,
    best_threshold,
    mean_average_precision,
    precision_recall_f1,
    read_claimbuster,
    read_clef,
)
from ..extract.checkworthy import CheckWorthiness, Embed, features

__all__ = ["Settings", "read_claimbuster", "read_clef", "split", "train", "DEFAULT_GRID"]

Progress = Callable[[str], None]
Layers = list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Settings:
    hidden: int = 256  # 0: logistic regression
    l2: float = 1e-2
    clef_weight: float = 1.0  # of a CLEF sentence's loss, against a ClaimBuster one's 1
    epochs: int = 30  # the most; the best epoch on dev is kept
    lr: float = 3e-4
    dropout: float = 0.5  # of the hidden units
    batch: int = 128


# On seed 0's dev, ClaimBuster F1 moved by about 0.02 across these (0.76 for a logistic
# regression, 0.78-0.80 with the hidden layer), as much as from one initialisation seed to
# another. A wider layer (1024), a lower rate and a 5-seed ensemble did no better; 4,000 word
# n-gram features raised CLEF MAP (0.41) but cost ClaimBuster F1 (0.75).
DEFAULT_GRID = (
    *(Settings(hidden=0, l2=l2, lr=1e-3, dropout=0.0) for l2 in (1e-3, 1e-2)),
    *(
        Settings(hidden=256, l2=l2, clef_weight=weight)
        for l2 in (1e-3, 1e-2, 3e-2)
        for weight in (0.5, 1.0)
    ),
)


@dataclass
class Split:
    claimbuster_train: list[Example]
    clef_train: list[Example]
    claimbuster_dev: list[Example]
    clef_dev: list[Example]
    dropped: int  # training sentences whose text is in a dev split


def split(
    claimbuster: Sequence[Example],
    clef: Sequence[Example],
    seed: int,
    claimbuster_dev_share: float = 0.1,
    clef_dev_files: int = 3,
) -> Split:
    """Seeded dev splits: a share of ClaimBuster's sentence ids, whole CLEF transcripts."""
    rng = np.random.default_rng(seed)
    ids = sorted({g for _, _, g in claimbuster}, key=_id_order)
    dev_ids = set(rng.permutation(ids)[: round(claimbuster_dev_share * len(ids))].tolist())
    if not dev_ids:
        raise ValueError(f"ClaimBuster: {len(ids)} sentences are too few for a dev split")
    files = sorted({g for _, _, g in clef})
    if len(files) < 2:
        raise ValueError("CLEF: at least two transcripts are needed (one for dev)")
    # Fewer transcripts than asked for (a small sample): keep one for training.
    dev_files = set(rng.permutation(files)[: min(clef_dev_files, len(files) - 1)].tolist())
    cb_dev = [e for e in claimbuster if e[2] in dev_ids]
    clef_dev = [e for e in clef if e[2] in dev_files]
    dev_texts = {_normal(t) for t, _, _ in cb_dev + clef_dev}
    cb_rest = [e for e in claimbuster if e[2] not in dev_ids]
    clef_rest = [e for e in clef if e[2] not in dev_files]
    cb_train = [e for e in cb_rest if _normal(e[0]) not in dev_texts]
    clef_train = [e for e in clef_rest if _normal(e[0]) not in dev_texts]
    dropped = len(cb_rest) + len(clef_rest) - len(cb_train) - len(clef_train)
    return Split(cb_train, clef_train, cb_dev, clef_dev, dropped)


def _id_order(group: str) -> tuple[int, str]:
    return (int(group), "") if group.isdigit() else (0, group)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def default_cache() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("rashomon")) / "checkworthy" / "embeddings.npz"


def train(
    claimbuster_json: str | Path,
    clef_dir: str | Path,
    out_path: str | Path,
    seed: int = 0,
    *,
    cache_path: str | Path | None = None,
    grid: Sequence[Settings] = DEFAULT_GRID,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Train, write the model to ``out_path`` and return its dev figures.

    ``cache_path`` keeps the MiniLM embeddings between runs (the slow part; default: the
    user's cache folder).
    """
    from .stance import CachedEmbed

    say = progress or (lambda _msg: None)
    parts = split(read_claimbuster(claimbuster_json), read_clef(clef_dir), seed)
    embed = CachedEmbed(Path(cache_path) if cache_path else default_cache())
    say("embedding the sentences (cached after the first run)")
    x, y = _matrix(parts.claimbuster_train + parts.clef_train, embed)
    from_clef = np.arange(len(y)) >= len(parts.claimbuster_train)
    cb_x, cb_y = _matrix(parts.claimbuster_dev, embed)
    clef_x, clef_y = _matrix(parts.clef_dev, embed)
    clef_groups = [g for _, _, g in parts.clef_dev]

    def dev_score(model: CheckWorthiness) -> dict[str, float]:
        threshold, f1 = best_threshold(cb_y, model.score_features(cb_x))
        mean_ap = mean_average_precision(clef_y, model.score_features(clef_x), clef_groups)
        # A CLEF dev without a check-worthy line has no MAP; ClaimBuster F1 alone decides.
        return {
            "f1": f1,
            "threshold": threshold,
            "map": mean_ap,
            "score": f1 + np.nan_to_num(mean_ap),
        }

    if not grid:
        raise ValueError("no settings to try: the grid is empty")
    best: tuple[float, CheckWorthiness, Settings, int] | None = None
    tried = []
    for settings in grid:
        model, scores, epoch = _best_epoch(x, y, from_clef, settings, seed, dev_score)
        say(f"{settings}: epoch {epoch}, dev F1 {scores['f1']:.4f}, MAP {scores['map']:.4f}")
        tried.append({**asdict(settings), "epoch": epoch, **scores})
        if best is None or scores["score"] > best[0]:
            best = (scores["score"], model, settings, epoch)
    assert best is not None
    _, model, settings, epoch = best
    model.threshold, _ = best_threshold(cb_y, model.score_features(cb_x))
    dev = _dev_figures(model, cb_x, cb_y, clef_x, clef_y, clef_groups)
    model.meta = _meta(parts, seed, settings, epoch, dev, tried)
    model.save(out_path)
    return dev


def _matrix(examples: Sequence[Example], embed: Embed) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels."""
    texts = [t for t, _, _ in examples]
    return features(texts, embed(texts)), np.array([y for _, y, _ in examples], np.float32)


def _dev_figures(
    model: CheckWorthiness,
    cb_x: np.ndarray,
    cb_y: np.ndarray,
    clef_x: np.ndarray,
    clef_y: np.ndarray,
    clef_groups: Sequence[str],
) -> dict[str, Any]:
    precision, recall, f1 = precision_recall_f1(cb_y, model.score_features(cb_x) >= model.threshold)
    mean_ap = mean_average_precision(clef_y, model.score_features(clef_x), clef_groups)
    return {
        "claimbuster": {
            "format": "claimbuster",
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "threshold": model.threshold,
            "n": len(cb_y),
            "positives": int(cb_y.sum()),
        },
        "clef": {
            "format": "clef",
            "map": mean_ap,
            "files": len(set(clef_groups)),
            "transcripts": sorted(set(clef_groups)),
            "n": len(clef_y),
            "positives": int(clef_y.sum()),
        },
    }


def _meta(
    parts: Split,
    seed: int,
    settings: Settings,
    epoch: int,
    dev: dict[str, Any],
    tried: list[dict[str, Any]],
) -> dict[str, Any]:
    def size(examples: list[Example]) -> dict[str, int]:
        return {"n": len(examples), "positives": sum(y for _, y, _ in examples)}

    return {
        "seed": seed,
        "settings": {**asdict(settings), "epoch": epoch},
        "train": {
            "claimbuster": size(parts.claimbuster_train),
            "clef": size(parts.clef_train),
            "dropped_as_in_dev": parts.dropped,
        },
        "dev": dev,
        "grid": tried,
    }


def _best_epoch(
    x: np.ndarray,
    y: np.ndarray,
    from_clef: np.ndarray,
    settings: Settings,
    seed: int,
    dev_score: Callable[[CheckWorthiness], dict[str, float]],
    patience: int = 6,
) -> tuple[CheckWorthiness, dict[str, float], int]:
    """Train with ``settings``; the model after the epoch with the best dev score."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-3
    weights = np.where(from_clef, settings.clef_weight, 1.0).astype(np.float32)
    best: tuple[dict[str, float], CheckWorthiness, int] | None = None
    for epoch, layers in enumerate(_epochs(x, y, weights, mu, sd, settings, seed), 1):
        model = CheckWorthiness([(w.copy(), b.copy()) for w, b in layers], mu, sd, 0.5)
        scores = dev_score(model)
        if best is None or scores["score"] > best[0]["score"]:
            best = (scores, model, epoch)
        elif epoch - best[2] >= patience:
            break
    assert best is not None
    return best[1], best[0], best[2]


def _epochs(
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    mu: np.ndarray,
    sd: np.ndarray,
    settings: Settings,
    seed: int,
) -> Iterator[Layers]:
    """Adam on weighted cross-entropy; yields the (live) layers after each epoch."""
    rng = np.random.default_rng(seed)
    xs = ((x - mu) / sd).astype(np.float32)
    sizes = [x.shape[1], *([settings.hidden] if settings.hidden else []), 1]
    # He initialisation (made for the ReLU layer; the output layer does as well with it).
    params = []
    for a, b in zip(sizes, sizes[1:]):
        params += [
            (rng.normal(0, np.sqrt(2.0 / a), (a, b))).astype(np.float32),
            np.zeros(b, np.float32),
        ]
    adam = Adam(params, settings.lr)
    for _ in range(settings.epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), settings.batch):
            idx = order[start : start + settings.batch]
            grads = _gradients(params, xs[idx], y[idx], weights[idx], settings, rng)
            adam.step(grads)
        yield [(params[i], params[i + 1]) for i in range(0, len(params), 2)]


def _gradients(
    params: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    weights: np.ndarray,
    settings: Settings,
    rng: np.random.Generator,
) -> list[np.ndarray]:
    """Gradients of the weighted mean cross-entropy plus L2 on the weight matrices."""
    if settings.hidden:
        w1, b1, w2, b2 = params
        mask = (rng.random((len(x), settings.hidden)) >= settings.dropout) / (1 - settings.dropout)
        last_inputs = np.maximum(x @ w1 + b1, 0.0) * mask
    else:
        w2, b2 = params
        last_inputs = x
    logit = (last_inputs @ w2 + b2)[:, 0]
    # d(loss)/d(logit) of the sigmoid cross-entropy is (p - y), weighted per example.
    delta = ((0.5 * (1 + np.tanh(0.5 * logit)) - y) * weights / weights.sum())[:, None]
    grads = [last_inputs.T @ delta + settings.l2 * w2, delta.sum(axis=0)]
    if settings.hidden:
        back = (delta @ w2.T) * mask * (last_inputs > 0)
        grads = [x.T @ back + settings.l2 * w1, back.sum(axis=0), *grads]
    return [g.astype(np.float32) for g in grads]


class Adam:
    """Adam (Kingma and Ba, 2015) updating ``params`` in place."""

    def __init__(self, params: list[np.ndarray], lr: float, b1: float = 0.9, b2: float = 0.999):
        self.params, self.lr, self.b1, self.b2 = params, lr, b1, b2
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, grads: Sequence[np.ndarray]) -> None:
        self.t += 1
        correction = np.sqrt(1 - self.b2**self.t) / (1 - self.b1**self.t)
        for p, g, m, v in zip(self.params, grads, self.m, self.v):
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * g * g
            p -= (self.lr * correction * m / (np.sqrt(v) + 1e-8)).astype(np.float32)
