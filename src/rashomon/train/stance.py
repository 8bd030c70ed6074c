"""Reproducible training of the stance model on FNC-1 and ARC (numpy only, no torch).

    train(fnc_dir, arc_dir, out_path, seed=0)

Bodies, not pairs, are split into train and dev (``dev_fraction`` of each dataset's bodies):
FNC-1 pairs many headlines with the same body, and a pair split would leak the body.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from ..evaluate.stance import Rows, read_dataset, score
from ..story.stance.features import Idf, featurize, prepare
from ..story.stance.model import LABELS, Mlp, StanceModel

Progress = Callable[[str], None]


class CachedEmbed:
    """MiniLM embeddings memoised in memory and, when ``path`` is given, in an .npz on disk.

    Embedding ~50k sentences takes minutes on two cores; retraining with new features or
    hyper-parameters should not pay that again.
    """

    def __init__(self, path: Path | None = None) -> None:
        from ..nlp.embeddings import default_embedder

        self.embedder = default_embedder()
        self.path = path
        self.memo: dict[str, np.ndarray] = {}
        if path and path.exists():
            z = np.load(path)
            self.memo = dict(zip(z["keys"].tolist(), z["vecs"]))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing = list({k: t for k, t in zip(keys, texts) if k not in self.memo}.items())
        if missing:
            vecs = self.embedder.embed([t for _, t in missing])
            self.memo.update((k, v) for (k, _), v in zip(missing, vecs))
            self.save()
        if not keys:
            return np.zeros((0, 384), np.float32)
        return np.stack([self.memo[k] for k in keys])

    def save(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            keys, vecs = np.array(list(self.memo)), np.stack(list(self.memo.values()))
            np.savez(self.path, keys=keys, vecs=vecs)


def split_bodies(ids: Sequence[str], dev_fraction: float, rng: np.random.Generator) -> set[str]:
    """The held-out body ids: a fixed-seed sample of ``dev_fraction`` of the distinct bodies."""
    ids = sorted(set(ids))
    n_dev = max(1, round(dev_fraction * len(ids))) if dev_fraction > 0 else 0
    return set(rng.permutation(ids)[:n_dev].tolist())


def fit_mlp(
    x: np.ndarray,
    y: np.ndarray,
    dev: Callable[[Mlp], float] | None,
    *,
    hidden: Sequence[int] = (128,),
    epochs: int = 25,
    batch: int = 256,
    lr: float = 2e-3,
    lr_decay: float = 0.8,
    l2: float = 1e-4,
    dropout: float = 0.2,
    class_power: float = 0.5,
    patience: int = 5,
    rng: np.random.Generator,
    progress: Progress | None = None,
) -> tuple[Mlp, float, int]:
    """Adam on class-weighted cross-entropy; keeps the epoch with the best ``dev`` score and
    returns it with that score and its number (1-based). With ``dev=None`` it runs every epoch
    and returns the last.

    Weights are (n / n_c) ** class_power: with plain frequencies (power 0) the 2% of
    disagree pairs in FNC-1 are all but ignored, with power 1 unrelated recall suffers. The
    step shrinks by ``lr_decay`` each epoch: at a constant rate the validation score swung by
    0.02-0.03 from one epoch to the next, so the chosen epoch was mostly luck.
    """
    k = len(LABELS)
    mu = x.mean(axis=0)
    sd = x.std(axis=0) + 1e-3
    xs = (x - mu) / sd
    counts = np.bincount(y, minlength=k).astype(np.float64)
    cw = (len(y) / np.maximum(counts, 1) / k) ** class_power
    sizes = [x.shape[1], *hidden, k]
    params = []
    for a, b in zip(sizes, sizes[1:]):
        # He initialisation for the ReLU layers.
        params += [
            (rng.normal(0, 1, (a, b)) * np.sqrt(2.0 / a)).astype(np.float32),
            np.zeros(b, np.float32),
        ]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t, best, best_params, bad = 0, -1.0, [p.copy() for p in params], 0
    n_layers = len(sizes) - 1

    def as_mlp(ps: list[np.ndarray]) -> Mlp:
        return Mlp(mu, sd, [(ps[2 * i], ps[2 * i + 1]) for i in range(n_layers)])

    best_epoch = 0
    for epoch in range(epochs):
        step = lr * lr_decay**epoch
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch):
            idx = order[start : start + batch]
            acts, masks = [xs[idx]], []
            for i in range(n_layers):
                z = acts[-1] @ params[2 * i] + params[2 * i + 1]
                if i < n_layers - 1:
                    z = np.maximum(z, 0)
                    mask = (rng.random(z.shape) >= dropout) / (1 - dropout)
                    z = z * mask
                    masks.append(mask)
                acts.append(z)
            z = acts[-1]
            p = np.exp(z - z.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            w = cw[y[idx]][:, None]
            grad = p.copy()
            grad[np.arange(len(idx)), y[idx]] -= 1
            grad *= w / w.sum()
            grads: list[np.ndarray] = [np.empty(0)] * len(params)
            for i in reversed(range(n_layers)):
                grads[2 * i] = acts[i].T @ grad + l2 * params[2 * i]
                grads[2 * i + 1] = grad.sum(axis=0)
                if i > 0:
                    grad = (grad @ params[2 * i].T) * masks[i - 1] * (acts[i] > 0)
            t += 1
            for j, g in enumerate(grads):
                m[j] = 0.9 * m[j] + 0.1 * g
                v[j] = 0.999 * v[j] + 0.001 * g * g
                mh, vh = m[j] / (1 - 0.9**t), v[j] / (1 - 0.999**t)
                params[j] -= (step * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
        if dev is None:  # no selection: the last epoch is the model
            best_params, best_epoch = params, epoch + 1
            continue
        s = dev(as_mlp(params))
        if progress:
            progress(f"epoch {epoch + 1}: validation {s:.4f}")
        if s > best:
            best, best_params, bad, best_epoch = s, [p.copy() for p in params], 0, epoch + 1
        else:
            bad += 1
            if bad >= patience:
                break
    return as_mlp(best_params), best, best_epoch


DATASETS = {
    "fnc1": ("train_bodies.csv", "train_stances.csv"),
    "arc": ("arc_bodies.csv", "arc_stances_train.csv"),
}


def dev_body_ids(ids: Sequence[str], dataset: str, dev_fraction: float, seed: int) -> set[str]:
    """The dev bodies of one dataset, as every stance trainer and evaluation splits them."""
    # One generator per dataset, seeded by name too: adding a dataset keeps the others' split.
    rng = np.random.default_rng([seed, sum(dataset.encode())])
    return split_bodies(ids, dev_fraction, rng)


def load_splits(
    dirs: dict[str, str | Path | None], dev_fraction: float, seed: int
) -> dict[str, tuple[Rows, Rows]]:
    """Per dataset: (train, dev) lists of (headline, body text, stance), split by body."""
    out = {}
    for name, d in dirs.items():
        if d is None:
            continue
        bodies, rows = read_dataset(Path(d) / DATASETS[name][0], Path(d) / DATASETS[name][1])
        dev_ids = dev_body_ids([b for _, b, _ in rows], name, dev_fraction, seed)
        tr = [(h, bodies[b], s) for h, b, s in rows if b not in dev_ids]
        dv = [(h, bodies[b], s) for h, b, s in rows if b in dev_ids]
        out[name] = (tr, dv)
    return out


def validation_split(
    splits: dict[str, tuple[Rows, Rows]], dev_fraction: float, seed: int
) -> tuple[list[int], list[list[int]]]:
    """Fit positions, and validation positions per dataset, in the training rows of ``splits``
    listed dataset after dataset.

    Early stopping reads this validation share of the *training* bodies, so the dev figures
    are never used to choose anything.
    """
    fit_pos: list[int] = []
    val_pos: list[list[int]] = []
    start = 0
    for name, (tr, _) in splits.items():
        rng = np.random.default_rng([seed, sum(name.encode()), 1])
        val_bodies = split_bodies([b for _, b, _ in tr], dev_fraction, rng) if tr else set()
        fit_pos += [start + i for i, r in enumerate(tr) if r[1] not in val_bodies]
        val_pos.append([start + i for i, r in enumerate(tr) if r[1] in val_bodies])
        start += len(tr)
    return fit_pos, val_pos


def prepare_reader_data(
    fnc_dir: str | Path | None,
    arc_dir: str | Path | None,
    out_path: str | Path,
    *,
    seed: int = 0,
    dev_fraction: float = 0.1,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> dict[str, int]:
    """The stance reader's training arrays, written to ``out_path`` (.npz).

    One row per pair: the word pieces of (claim, evidence sentences) as the reader reads them
    at inference (``reader.evidence``, ``reader.encode``), the label, the dataset (0 FNC-1,
    1 ARC) and the part (0 fit, 1 validation, 2 dev), split exactly as ``train`` splits, so
    the reader and the MLP never see each other's dev bodies. Choosing the evidence needs the
    MiniLM embeddings (the slow part, cached in ``cache_dir``); the arrays then train on any
    machine with torch alone (``stance_reader.py fit``). Returns the number of rows per part.
    """
    from ..story.stance.reader import MAX_LEN, encode, evidence, tokenizer

    say = progress or (lambda _msg: None)
    splits = load_splits({"fnc1": fnc_dir, "arc": arc_dir}, dev_fraction, seed)
    _, val_pos = validation_split(splits, dev_fraction, seed)
    rows = [r for tr, _ in splits.values() for r in tr]
    part = np.zeros(len(rows), np.int8)
    part[[i for v in val_pos for i in v]] = 1
    ds = [d for d, (tr, _) in enumerate(splits.values()) for _ in tr]
    for d, (_, dv) in enumerate(splits.values()):
        rows += dv
        ds += [d] * len(dv)
    part = np.concatenate([part, np.full(len(rows) - len(part), 2, np.int8)])
    embed = CachedEmbed(Path(cache_dir) / "stance-embeddings.npz" if cache_dir else None)
    say(f"choosing evidence for {len(rows)} pairs")
    # The evidence is chosen by embeddings alone; no IDF enters it.
    prepared = prepare([(h, b) for h, b, _ in rows], embed, Idf([], np.zeros(0)))
    tok = tokenizer()
    ids = np.zeros((len(rows), MAX_LEN), np.uint16)  # WordPiece ids < 30,522
    sep = np.zeros(len(rows), np.int16)
    for start in range(0, len(rows), 4096):
        chunk = rows[start : start + 4096]
        pairs = [(h, evidence(prepared.heads[h], prepared.bodies[b])) for h, b, _ in chunk]
        got, types = encode(tok, pairs)
        ids[start : start + len(chunk), : got.shape[1]] = got
        sep[start : start + len(chunk)] = (types == 0).sum(axis=1) - 1  # the first [SEP]
    Path(out_path).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out_path,
        ids=ids,
        sep=sep,
        y=np.array([LABELS.index(s) for _, _, s in rows], np.int8),
        part=part,
        ds=np.array(ds, np.int8),
    )
    return {name: int((part == i).sum()) for i, name in enumerate(("fit", "validation", "dev"))}


def train(
    fnc_dir: str | Path | None,
    arc_dir: str | Path | None,
    out_path: str | Path,
    *,
    seed: int = 0,
    dev_fraction: float = 0.1,
    hidden: Sequence[int] = (128,),
    epochs: int = 25,
    cache_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> dict[str, dict]:
    """Train on FNC-1 and/or ARC, write the weights to ``out_path``, return dev scores per dataset.

    ``dev_fraction`` of each dataset's bodies is held out as dev (scored and returned, never
    used to choose anything), and the same share of the remaining bodies as validation: the
    epoch with the best validation macro-F1 is chosen, then the model is refitted on all
    training pairs for that many epochs. ``cache_dir`` keeps the MiniLM embeddings between runs
    (the slow part). With ``dev_fraction=0`` everything is trained on for ``epochs`` epochs.
    """

    say = progress or (lambda _msg: None)
    splits = load_splits({"fnc1": fnc_dir, "arc": arc_dir}, dev_fraction, seed)
    train_rows = [r for tr, _ in splits.values() for r in tr]
    fit_pos, val_pos = validation_split(splits, dev_fraction, seed)
    # IDF from training texts only, so dev bodies stay unseen.
    texts = [h for h, _, _ in train_rows] + [b for _, b, _ in train_rows]
    idf = Idf.fit(list(dict.fromkeys(texts)))
    embed = CachedEmbed(Path(cache_dir) / "stance-embeddings.npz" if cache_dir else None)
    say(f"featurizing {len(train_rows)} training pairs")
    x = featurize([(h, b) for h, b, _ in train_rows], embed, idf)
    y = np.array([LABELS.index(s) for _, _, s in train_rows])
    fit_idx = np.array(fit_pos, dtype=int)
    vals = [(x[v], [train_rows[i][2] for i in v]) for v in val_pos if v]
    devs = {}
    for name, (_, dv) in splits.items():
        if dv:
            say(f"featurizing {len(dv)} {name} dev pairs")
            devs[name] = (featurize([(h, b) for h, b, _ in dv], embed, idf), [s for _, _, s in dv])

    def val_score(mlp: Mlp) -> float:
        scores = [score(g, [LABELS[i] for i in mlp.proba(xv).argmax(1)]) for xv, g in vals]
        return float(np.mean([r["macro_f1"] for r in scores]))

    rounds = epochs
    if vals:
        _, _, rounds = fit_mlp(
            x[fit_idx],
            y[fit_idx],
            val_score,
            hidden=hidden,
            epochs=epochs,
            patience=5,
            rng=np.random.default_rng(seed),
            progress=say,
        )
        say(f"best validation epoch {rounds}; refitting on all training pairs")
    # The final model sees every training pair for the chosen number of epochs.
    mlp, _, _ = fit_mlp(
        x, y, None, hidden=hidden, epochs=max(rounds, 1), rng=np.random.default_rng(seed)
    )
    model = StanceModel(mlp, idf)
    model.save(
        out_path, seed=np.array(seed), dev_fraction=np.array(dev_fraction), epochs=np.array(rounds)
    )
    return {n: score(g, [LABELS[i] for i in mlp.proba(x).argmax(1)]) for n, (x, g) in devs.items()}
