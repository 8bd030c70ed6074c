"""Story finding, scored: gold stories from FNC-1 and ECB+, B³ and the adjusted Rand index.

FNC-1 gold stories are the connected groups of headlines and their related bodies (a body
joins the story of every headline it is related to): 191 stories over the 1,683 training
bodies, every one of which is related to some headline (a body related to none would be a
story of its own). Bodies are split into train and dev exactly as the stance model splits
them (:func:`rashomon.train.stance.dev_body_ids`, seed 0, a tenth held out), so story dev
bodies are stance dev bodies too.

ECB+ gold stories are the sub-topics: the ``N_Mecb`` documents of topic N are one story, the
``N_Mecbplus`` documents another (two similar real events). Topics 1–22 are the training
topics and 23–35 the dev topics, the ranges issue 18 set for the other ECB+ evaluations.
"""

from __future__ import annotations

import time
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Article

FNC_DATASET = "fnc1"
SPLIT_SEED = 0  # the stance trainers' split seed and dev share: the same dev bodies
DEV_FRACTION = 0.1
ECB_TOPICS = {"train": list(range(1, 23)), "dev": list(range(23, 36))}

Gold = list[tuple[Article, str]]  # (article, gold story) in corpus order


# ------------------------------------------------------------------------------- scores


def _contingency(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> np.ndarray:
    """Counts of items per (gold cluster, predicted cluster)."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predicted")
    g = {k: i for i, k in enumerate(dict.fromkeys(gold))}
    p = {k: i for i, k in enumerate(dict.fromkeys(pred))}
    table = np.zeros((len(g), len(p)), dtype=np.int64)
    np.add.at(table, ([g[x] for x in gold], [p[x] for x in pred]), 1)
    return table


def b_cubed(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> dict[str, float]:
    """B³ over items: per item, the share of its predicted cluster that shares its gold
    cluster (precision) and of its gold cluster that shares its predicted one (recall)."""
    table = _contingency(gold, pred)
    n = table.sum()
    if n == 0:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    sq = table.astype(np.float64) ** 2
    p = float((sq / table.sum(axis=0, keepdims=True)).sum() / n)
    r = float((sq / table.sum(axis=1, keepdims=True)).sum() / n)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def adjusted_rand(gold: Sequence[Hashable], pred: Sequence[Hashable]) -> float:
    """Hubert and Arabie's adjusted Rand index: 1 for the same partition, ~0 for chance."""
    table = _contingency(gold, pred)
    n = int(table.sum())

    def pairs(x: np.ndarray) -> float:
        return float((x.astype(np.float64) * (x - 1) / 2).sum())

    if n < 2:
        return 1.0
    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    top = (rows + cols) / 2
    if top == expected:  # both partitions trivial (all singletons or one cluster)
        return 1.0
    return (index - expected) / (top - expected)


# ------------------------------------------------------------------------------- gold data


def fnc_gold_stories(rows: Sequence[tuple[str, str, str]]) -> dict[str, str]:
    """Body id -> gold story (the smallest body id of its connected group)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for headline, body, stance in rows:
        find("b:" + body)
        if stance != "unrelated":
            a, b = find("h:" + headline), find("b:" + body)
            if a != b:
                parent[a] = b
    groups: dict[str, list[str]] = {}
    for node in list(parent):
        if node.startswith("b:"):
            groups.setdefault(find(node), []).append(node[2:])
    out = {}
    for members in groups.values():
        name = min(members, key=lambda b: (len(b), b))
        out.update({b: f"fnc-{name}" for b in members})
    return out


def fnc_split(body_ids: Sequence[str], split: str) -> set[str]:
    """The body ids of ``split`` (dev, train or all), as the stance training splits them."""
    from ..train.stance import dev_body_ids

    if split == "all":
        return set(body_ids)
    dev = dev_body_ids(list(body_ids), FNC_DATASET, DEV_FRACTION, SPLIT_SEED)
    if split == "dev":
        return dev
    if split == "train":
        return set(body_ids) - dev
    raise ValueError(f"unknown split {split!r} (dev, train or all)")


def fnc_articles(bodies_csv: Path, stances_csv: Path, split: str = "dev") -> Gold:
    """FNC-1 bodies of ``split`` as undated, untitled articles with their gold stories."""
    from .stance import read_dataset

    bodies, rows = read_dataset(Path(bodies_csv), Path(stances_csv))
    gold = fnc_gold_stories(rows)
    for b in bodies:  # a body in no stance row: a story of its own
        gold.setdefault(b, f"fnc-{b}")
    keep = fnc_split(sorted(bodies), split)
    return [(_article(f"fnc-{b}", bodies[b]), gold[b]) for b in sorted(bodies) if b in keep]


def ecb_articles(folder: Path, split: str = "dev") -> Gold:
    """ECB+ documents of ``split``'s topics with their sub-topic as gold story."""
    from .ecbplus import load

    if split not in ("dev", "train", "all"):
        raise ValueError(f"unknown split {split!r} (dev, train or all)")
    topics = None if split == "all" else ECB_TOPICS[split]
    out = []
    for topic, docs in load(Path(folder), topics).items():
        out.extend((_article(d.name, d.text), f"{topic}{d.subtopic}") for d in docs)
    if not out:
        raise ValueError(f"no ECB+ documents for split {split!r} under {folder}")
    return out


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, path=article_id, text=text, source_text=text)


def shuffled(items: Sequence[Any], seed: int) -> list[Any]:
    """``items`` in a seeded random order: the order the stream delivers them."""
    order = np.random.default_rng(seed).permutation(len(items))
    return [items[i] for i in order]


# ------------------------------------------------------------------------------- evaluation


def evaluate_stream(gold: Gold, seed: int = 0, tracker: Any = None) -> dict[str, Any]:
    """Feed the articles to a tracker in a seeded order and score the stories it finds."""
    from ..track import StoryTracker
    from ..track.features import featurize

    tracker = tracker or StoryTracker()
    stream = shuffled(gold, seed)
    start = time.perf_counter()
    feats = featurize([a for a, _ in stream], tracker.embed)
    embedded = time.perf_counter()
    pred = [tracker.assign_features(f) for f in feats]
    return score_stories(
        [g for _, g in stream],
        pred,
        seconds=time.perf_counter() - start,
        featurize_seconds=embedded - start,
        assign_seconds=tracker.assign_seconds,
        candidates=tracker.candidates_scored,
    )


def score_stories(
    gold: Sequence[str],
    pred: Sequence[str],
    *,
    seconds: float = 0.0,
    featurize_seconds: float = 0.0,
    assign_seconds: float = 0.0,
    candidates: int = 0,
) -> dict[str, Any]:
    """The figures ``rashomon evaluate stories`` prints."""
    b3 = b_cubed(gold, pred)
    n = len(gold)
    return {
        "b3_precision": b3["precision"],
        "b3_recall": b3["recall"],
        "b3_f1": b3["f1"],
        "ari": adjusted_rand(gold, pred),
        "stories_gold": len(set(gold)),
        "stories_found": len(set(pred)),
        "articles": n,
        "seconds": seconds,
        "featurize_seconds": featurize_seconds,
        "assign_ms_per_article": 1000 * assign_seconds / n if n else 0.0,
        "candidates_per_article": candidates / n if n else 0.0,
    }


def format_table(result: dict[str, Any]) -> str:
    """The figures as aligned text lines."""
    return "\n".join(
        [
            f"articles {result['articles']}, stories: {result['stories_gold']} gold, "
            f"{result['stories_found']} found",
            f"B3  P {result['b3_precision']:.3f}  R {result['b3_recall']:.3f}  "
            f"F1 {result['b3_f1']:.3f}   ARI {result['ari']:.3f}",
            f"{result['seconds']:.1f} s ({result['featurize_seconds']:.1f} s features), "
            f"{result['assign_ms_per_article']:.2f} ms and "
            f"{result['candidates_per_article']:.1f} candidate stories per assignment",
        ]
    )
