"""Training the story tracker's pair model (numpy only): ``rashomon train stories``.

The weights are fitted on the training stories (FNC-1 training bodies, ECB+ topics 1–22),
streamed in a seeded order with the gold story forced at every step, so the model sees the
candidates the tracker would really retrieve at that point of a stream. The threshold is then
chosen on the dev stories by running the tracker itself: the one with the best mean B³ F1.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from ..evaluate.stories import Gold, b_cubed, shuffled
from .clustering import FEATURES, PairModel, Settings, StoryTracker
from .features import Features, featurize

Progress = Callable[[str], None]
THRESHOLDS = (0.01, 0.02, 0.03, 0.04) + tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


class DiskEmbed:
    """The MiniLM embedder memoised in an .npz, so retraining does not re-embed."""

    def __init__(self, path: Path | None) -> None:
        from ..nlp.embeddings import default_embedder

        self.path = path
        self.embedder = default_embedder()
        self.vecs: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            data = np.load(path)
            self.vecs = dict(zip(data["keys"].tolist(), data["vecs"]))

    def __call__(self, texts: list[str]) -> np.ndarray:
        keys = [hashlib.blake2b(t.encode(), digest_size=12).hexdigest() for t in texts]
        todo = [i for i, k in enumerate(keys) if k not in self.vecs]
        if todo:
            new = self.embedder.embed([texts[i] for i in todo])
            self.vecs.update({keys[i]: v for i, v in zip(todo, new)})
            self.save()
        return np.stack([self.vecs[k] for k in keys]) if keys else np.zeros((0, 384))

    def save(self) -> None:
        if self.path is None or not self.vecs:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.vecs)
        np.savez(self.path, keys=np.array(keys), vecs=np.stack([self.vecs[k] for k in keys]))


def forced_pairs(
    stream: Sequence[tuple[Features, str]], settings: Settings
) -> tuple[np.ndarray, np.ndarray]:
    """(pair features, 1 if the candidate is the article's gold story) along a stream in
    which every article is put into its gold story."""
    dummy = PairModel([0.0] * len(FEATURES), 0.0, [0.0] * len(FEATURES), [1.0] * len(FEATURES))
    tracker = StoryTracker(dummy, settings)
    key_of: dict[str, str] = {}
    xs: list[np.ndarray] = []
    ys: list[int] = []
    for f, gold in stream:
        tracker.observe(f)
        for key, x in tracker.candidates(f):
            xs.append(x)
            ys.append(int(key_of.get(gold) == key))
        key_of[gold] = tracker.add(f, key_of.get(gold))
    return np.array(xs), np.array(ys)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, lr: float = 0.5
) -> PairModel:
    """Logistic regression by full-batch gradient descent on standardised features."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
        w -= lr * (z.T @ (p - y) / len(y) + l2 * w)
        b -= lr * float((p - y).mean())
    return PairModel(w.tolist(), b, mean.tolist(), scale.tolist())


def run(features: Sequence[Features], model: PairModel, settings: Settings) -> list[str]:
    """The stories a tracker with ``model`` finds for ``features``, in order."""
    tracker = StoryTracker(model, settings)
    return [tracker.assign_features(f) for f in features]


def choose_threshold(
    dev: dict[str, tuple[list[Features], list[str]]], model: PairModel, settings: Settings
) -> tuple[float, dict[str, dict[float, float]]]:
    """The threshold with the best mean dev B³ F1 (ties: the lower), and every F1 tried."""
    table: dict[str, dict[float, float]] = {name: {} for name in dev}
    for t in THRESHOLDS:
        model.threshold = t
        for name, (feats, gold) in dev.items():
            table[name][t] = b_cubed(gold, run(feats, model, settings))["f1"]
    best = max(THRESHOLDS, key=lambda t: (np.mean([table[n][t] for n in dev]), -t))
    model.threshold = best
    return best, table


def train(
    train_sets: dict[str, Gold],
    dev_sets: dict[str, Gold],
    out_path: Path,
    *,
    seed: int = 0,
    settings: Settings | None = None,
    cache_path: Path | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Fit the pair model on ``train_sets``, choose its threshold on ``dev_sets``, write both
    to ``out_path`` (JSON) and return the dev figures."""
    settings = settings or Settings()
    say = progress or (lambda _msg: None)
    embed = DiskEmbed(cache_path)
    xs, ys = [], []
    for name, gold in train_sets.items():
        stream = shuffled(gold, seed)
        say(f"{name}: featurising {len(stream)} training articles")
        feats = featurize([a for a, _ in stream], embed)
        x, y = forced_pairs(list(zip(feats, [g for _, g in stream])), settings)
        say(f"{name}: {len(y)} candidate pairs, {int(y.sum())} positive")
        xs.append(x)
        ys.append(y)
    model = fit_logistic(np.concatenate(xs), np.concatenate(ys))
    dev = {}
    for name, gold in dev_sets.items():
        stream = shuffled(gold, seed)
        say(f"{name}: featurising {len(stream)} dev articles")
        dev[name] = (featurize([a for a, _ in stream], embed), [g for _, g in stream])
    threshold, table = choose_threshold(dev, model, settings)
    say(f"threshold {threshold}")
    result = {
        "threshold": threshold,
        "dev_b3_f1": {n: table[n][threshold] for n in dev},
        "dev_b3_f1_by_threshold": {n: {str(t): v for t, v in table[n].items()} for n in dev},
        "training_pairs": int(sum(len(y) for y in ys)),
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": asdict(model),
        "settings": asdict(settings),
        "trained": {
            "train": {n: len(g) for n, g in train_sets.items()},
            "dev": {n: len(g) for n, g in dev_sets.items()},
            "seed": seed,
            **{k: v for k, v in result.items() if k != "dev_b3_f1_by_threshold"},
        },
    }
    out_path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return result
