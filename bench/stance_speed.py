"""Stance inference speed: (claim, article) pairs per second on CPU, shipped weights.

    python bench/stance_speed.py [--fnc DIR] [--claims 20] [--articles 25] [--unique 200]
                                  [--related 200] [--mixed 1000] [--json OUT]

Workloads, each timed after a warm-up call (model load and the first onnxruntime run are
reported separately and excluded):

* ``ledger`` - every claim against every article (``--claims`` x ``--articles`` pairs), the
  way the claim ledger uses the model: each article is split and embedded once per call.
* ``unique`` - ``--unique`` pairs that each have a different article: the worst case for the
  MLP, where every pair pays for embedding its article's sentences.
* ``related`` - ``--related`` labelled FNC-1 pairs whose article addresses the claim (agree,
  disagree, discuss), each with a different article: the worst case for the reader, which
  reads every pair the MLP calls related.
* ``mixed`` - ``--mixed`` labelled FNC-1 pairs drawn at random, so in FNC-1's own mix (about
  a quarter related).

Each workload reports how many pairs the reader read. Texts are FNC-1 headlines and bodies
from ``--fnc`` (default ``<repo>/../shared/data/fnc1``); without that folder, synthetic
articles of a similar length are used and the labelled workloads are skipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def load_texts(fnc: Path, rng: random.Random) -> tuple[list[str], list[str], str]:
    if (fnc / "train_bodies.csv").exists():
        with open(fnc / "train_bodies.csv", encoding="utf-8", newline="") as f:
            bodies = [r["articleBody"] for r in csv.DictReader(f)]
        with open(fnc / "train_stances.csv", encoding="utf-8", newline="") as f:
            heads = sorted({r["Headline"] for r in csv.DictReader(f)})
        rng.shuffle(bodies)
        rng.shuffle(heads)
        return heads, bodies, f"FNC-1 ({fnc})"
    words = "the minister said on tuesday that troops had crossed the river near the town".split()
    bodies = [
        " ".join(
            " ".join(rng.choice(words) for _ in range(22)).capitalize() + "." for _ in range(15)
        )
        for _ in range(1000)
    ]
    heads = [" ".join(rng.choice(words) for _ in range(10)).capitalize() for _ in range(200)]
    return heads, bodies, "synthetic"


def labelled_pairs(fnc: Path, rng: random.Random) -> list[tuple[str, str, str]]:
    """(headline, body, stance) for every FNC-1 pair, shuffled; empty without FNC-1."""
    if not (fnc / "train_stances.csv").exists():
        return []
    with open(fnc / "train_bodies.csv", encoding="utf-8", newline="") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    with open(fnc / "train_stances.csv", encoding="utf-8", newline="") as f:
        rows = [(r["Headline"], bodies[r["Body ID"]], r["Stance"]) for r in csv.DictReader(f)]
    rng.shuffle(rows)
    return rows


def timed(model, pairs: list[tuple[str, str]]) -> float:
    t = time.perf_counter()
    model.predict(pairs)
    return time.perf_counter() - t


class CountingReader:
    """The shipped reader, counting the pairs it is asked to read."""

    def __init__(self, reader) -> None:
        self.reader, self.read = reader, 0

    def logits(self, pairs):
        self.read += len(pairs)
        return self.reader.logits(pairs)


def workload(model, pairs: list[tuple[str, str]], **extra) -> dict:
    counter = model.reader
    before = counter.read if counter else 0
    seconds = timed(model, pairs)
    return {
        **extra,
        "pairs": len(pairs),
        "read_by_reader": (counter.read - before) if counter else 0,
        "seconds": round(seconds, 3),
        "pairs_per_s": round(len(pairs) / seconds, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fnc", type=Path, default=REPO.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--claims", type=int, default=20)
    ap.add_argument("--articles", type=int, default=25)
    ap.add_argument("--unique", type=int, default=200)
    ap.add_argument("--related", type=int, default=200)
    ap.add_argument("--mixed", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    heads, bodies, corpus = load_texts(args.fnc, rng)

    t0 = time.perf_counter()
    from rashomon.story.stance import StanceModel

    model = StanceModel.load()
    load_s = time.perf_counter() - t0
    if model.reader is not None:
        model.reader = CountingReader(model.reader)
    # Warm-up on texts not reused below, so no timing benefits from a warm cache.
    warm_s = timed(model, [(heads[-1], bodies[-1]), (heads[-2], bodies[-2])])

    ledger = [(h, b) for h in heads[: args.claims] for b in bodies[: args.articles]]
    offset = args.articles
    unique = [(heads[i % len(heads)], bodies[offset + i]) for i in range(args.unique)]
    labelled = labelled_pairs(args.fnc, rng)
    seen: set[str] = set()
    related = []
    for h, b, stance in labelled:
        if stance != "unrelated" and b not in seen and len(related) < args.related:
            seen.add(b)
            related.append((h, b))
    result = {
        "corpus": corpus,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "model_load_s": round(load_s, 3),
        "warm_up_s": round(warm_s, 3),
        "ledger": workload(model, ledger, claims=args.claims, articles=args.articles),
        "unique": workload(model, unique),
    }
    if labelled:
        result["related"] = workload(model, related)
        result["mixed"] = workload(model, [(h, b) for h, b, _ in labelled[-args.mixed :]])
    json.dump(result, sys.stdout, indent=2)
    print()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
