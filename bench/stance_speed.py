"""Stance inference speed: (claim, article) pairs per second on CPU, shipped weights.

    python bench/stance_speed.py [--fnc DIR] [--claims 20] [--articles 25] [--unique 200]
                                  [--json OUT]

Two workloads, each timed after a warm-up call (model load and the first onnxruntime run are
reported separately and excluded):

* ``ledger`` - every claim against every article (``--claims`` x ``--articles`` pairs), the
  way the claim ledger uses the model: each article is split and embedded once per call.
* ``unique`` - ``--unique`` pairs that each have a different article: the worst case, where
  every pair pays for embedding its article's sentences.

Texts are FNC-1 headlines and bodies from ``--fnc`` (default ``<repo>/../shared/data/fnc1``);
without that folder, synthetic articles of a similar length are used.
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


def timed(model, pairs: list[tuple[str, str]]) -> float:
    t = time.perf_counter()
    model.predict(pairs)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fnc", type=Path, default=REPO.parent / "shared" / "data" / "fnc1")
    ap.add_argument("--claims", type=int, default=20)
    ap.add_argument("--articles", type=int, default=25)
    ap.add_argument("--unique", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    heads, bodies, corpus = load_texts(args.fnc, rng)

    t0 = time.perf_counter()
    from rashomon.stance import StanceModel

    model = StanceModel.load()
    load_s = time.perf_counter() - t0
    # Warm-up on texts not reused below, so no timing benefits from a warm cache.
    warm_s = timed(model, [(heads[-1], bodies[-1]), (heads[-2], bodies[-2])])

    ledger = [(h, b) for h in heads[: args.claims] for b in bodies[: args.articles]]
    offset = args.articles
    unique = [(heads[i % len(heads)], bodies[offset + i]) for i in range(args.unique)]
    ledger_s = timed(model, ledger)
    unique_s = timed(model, unique)
    result = {
        "corpus": corpus,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "model_load_s": round(load_s, 3),
        "warm_up_s": round(warm_s, 3),
        "ledger": {
            "claims": args.claims,
            "articles": args.articles,
            "pairs": len(ledger),
            "seconds": round(ledger_s, 3),
            "pairs_per_s": round(len(ledger) / ledger_s, 1),
        },
        "unique": {
            "pairs": len(unique),
            "seconds": round(unique_s, 3),
            "pairs_per_s": round(len(unique) / unique_s, 1),
        },
    }
    json.dump(result, sys.stdout, indent=2)
    print()
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
