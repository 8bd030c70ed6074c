"""How the blocking step of claim alignment grows with the number of mentions: exact vs LSH.

``blocking.blocks`` links two mentions whose embeddings have cosine >= BLOCK_FLOOR. The exact
path compares every pair (quadratic); the approximate one (used above
``blocking.EXACT_LIMIT`` mentions) compares only the candidates of ``blocking.close_pairs``:
mentions sharing a word or entity that at most POSTING_CAP mentions hold, and neighbours in
random-hyperplane orderings of the embeddings. Both are timed on the same inputs.

Inputs are synthetic but built from real mentions: the gold event mentions of ECB+ (all
topics pooled, as ``rashomon evaluate alignment`` builds them: clause window embedded with
MiniLM, content lemmas, entities, trigger). A set of N mentions draws N of them at random with
replacement and perturbs each: Gaussian noise on the embedding (cosine 0.86 to 0.98 to the
original) and a quarter of its words and entities dropped. So the same 33 stories are told
more and more times as N grows, which is the hard case for blocking: the number of close
pairs grows quadratically with N.

Columns: exact and approximate seconds (fastest of ``--repeat`` runs, ``_blocks`` only, the
embeddings given), the pairs the approximate path compared (cosines computed, repeats
included) and linked (cosine >= floor, each pair once), the exact number of linked pairs, the
share of them the approximate path found ("pair recall"), and the share of same-block pairs of
the exact blocks that are in one approximate block too ("block recall": a missed pair costs
nothing when a chain of found pairs joins its two mentions). With ``--clusters-max M``, for
N <= M the blocks are also clustered as ``alignment.align`` clusters them
(``blocking.bounded_blocks`` then ``_agglomerate``), and "cluster F1" is the pairwise F1 of
the approximate path's clusters against the exact path's (1.0: the same claims). The growth
exponent is the slope of log(seconds) over log(N).

Usage: python bench/alignment_scaling.py [--sizes 2000,5000,10000,20000,40000]
       [--exact-max 40000] [--clusters-max 0] [--ecbplus DIR] [--cache DIR] [--repeat R]
       [--json OUT]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.story import alignment, blocking
from rashomon.story.alignment import AlignInput

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ECB = ROOT.parent / "shared" / "data" / "ecbplus"
DEFAULT_CACHE = ROOT / "bench" / "results" / "cache"


def real_mentions(folder: Path, cache: Path) -> tuple[list[AlignInput], np.ndarray]:
    """ECB+ gold event mentions as alignment inputs, with their MiniLM embeddings (cached)."""
    from rashomon.evaluate import ecb_events

    rows = ecb_events.event_mentions(folder, cache_dir=cache)
    items = [ecb_events.align_input(r) for r in rows]
    texts = [it.mention.text for it in items]
    h = hashlib.sha1("\0".join(texts).encode("utf-8")).hexdigest()[:12]
    path = cache / f"ecbplus-vecs-{h}.npy"
    if path.exists():
        vecs = np.load(path)
    else:
        from rashomon.nlp.embeddings import default_embedder

        vecs = default_embedder().embed(texts).astype(np.float32)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(path, vecs)
    return items, vecs


def synthetic(
    items: list[AlignInput], vecs: np.ndarray, n: int, seed: int = 0
) -> tuple[list[AlignInput], np.ndarray]:
    """N perturbed draws of the real mentions (see the module docstring)."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(items), size=n)
    sigma = rng.uniform(0.2, 0.6, size=(n, 1))
    noise = rng.standard_normal((n, vecs.shape[1])) / np.sqrt(vecs.shape[1])
    out_vecs = vecs[pick] + sigma * noise
    out_vecs /= np.linalg.norm(out_vecs, axis=1, keepdims=True)
    out: list[AlignInput] = []
    for k in pick.tolist():
        it = items[k]
        lemmas = frozenset(w for w in sorted(it.lemmas) if rng.random() >= 0.25)
        ents = frozenset(e for e in sorted(it.entities) if rng.random() >= 0.25)
        out.append(dataclasses.replace(it, lemmas=lemmas, entities=ents))
    return out, out_vecs.astype(np.float32)


def exact_pairs(vecs: np.ndarray, floor: float, chunk: int = 2048) -> np.ndarray:
    """Every pair a < b with cosine >= floor, as codes a * n + b."""
    n = len(vecs)
    found: list[np.ndarray] = []
    for start in range(0, n, chunk):
        sims = vecs[start : start + chunk] @ vecs.T
        r, c = np.nonzero(sims >= floor)
        r = r + start
        upper = r < c
        found.append(r[upper].astype(np.int64) * n + c[upper])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


def same_block_pairs(blocks: list[list[int]]) -> int:
    return sum(len(b) * (len(b) - 1) // 2 for b in blocks)


def clusters(items: list[AlignInput], vecs: np.ndarray, approximate: bool) -> set[tuple[int, int]]:
    """Co-clustered pairs of the claims align() would form from these (asserting) mentions."""
    out: set[tuple[int, int]] = set()
    idx = list(range(len(items)))
    floor = blocking.BLOCK_FLOOR
    for block in blocking.bounded_blocks(
        idx, vecs, floor, [alignment.block_keys(it) for it in items], approximate=approximate
    ):
        for group in alignment._agglomerate(block, vecs, items):
            g = sorted(group)
            out.update((g[i], g[j]) for i in range(len(g)) for j in range(i + 1, len(g)))
    return out


def fastest(fn: Any, repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def slope(ns: list[int], secs: list[float]) -> float | None:
    if len(ns) < 2:
        return None
    return float(np.polyfit(np.log(ns), np.log(secs), 1)[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="2000,5000,10000,20000,40000")
    ap.add_argument("--exact-max", type=int, default=40000, help="largest N timed exactly")
    ap.add_argument("--clusters-max", type=int, default=0, help="largest N clustered too")
    ap.add_argument("--ecbplus", type=Path, default=DEFAULT_ECB)
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="spaCy parses, vectors")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    sizes = [int(x) for x in args.sizes.split(",")]
    floor = blocking.BLOCK_FLOOR

    t0 = time.perf_counter()
    pool, pool_vecs = real_mentions(args.ecbplus, args.cache)
    print(
        f"{len(pool)} ECB+ event mentions loaded in {time.perf_counter() - t0:.0f} s",
        file=sys.stderr,
    )
    load0 = os.getloadavg()
    rows: list[dict[str, Any]] = []
    for n in sizes:
        items, vecs = synthetic(pool, pool_vecs, n)
        idx = list(range(n))
        keys = [alignment.block_keys(it) for it in items]
        approx_s, approx_blocks = fastest(
            lambda idx=idx, vecs=vecs, keys=keys: blocking.blocks(
                idx, vecs, floor=floor, keys=keys, approximate=True
            ),
            args.repeat,
        )
        a, b, compared = blocking.close_pairs(vecs, keys, floor)
        row: dict[str, Any] = {
            "n": n,
            "approx_s": approx_s,
            "compared": compared,
            "linked": int(len(a)),
            "approx_blocks": len(approx_blocks),
        }
        if n <= args.exact_max:
            exact_s, exact_blocks = fastest(
                lambda idx=idx, vecs=vecs: blocking.blocks(
                    idx, vecs, floor=floor, approximate=False
                ),
                args.repeat,
            )
            truth = exact_pairs(vecs, floor)
            got_codes = a * n + b
            row.update(
                exact_s=exact_s,
                exact_linked=int(len(truth)),
                pair_recall=float(np.isin(truth, got_codes).mean()) if len(truth) else 1.0,
                exact_blocks=len(exact_blocks),
                block_recall=same_block_pairs(approx_blocks)
                / max(same_block_pairs(exact_blocks), 1),
            )
        if n <= args.clusters_max:
            exact_c, approx_c = clusters(items, vecs, False), clusters(items, vecs, True)
            both = len(exact_c & approx_c)
            row["cluster_f1"] = 2 * both / max(len(exact_c) + len(approx_c), 1)
        rows.append(row)
        print(f"n={n} done: {row}", file=sys.stderr)
    load1 = os.getloadavg()

    def cell(r: dict[str, Any], k: str, fmt: str) -> str:
        return format(r[k], fmt) if k in r else "-"

    print(
        f"Blocking at floor {floor}: {len(pool)} real ECB+ mentions, perturbed draws. "
        f"{os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"numpy {np.__version__}, load {load0[0]:.1f} before, {load1[0]:.1f} after."
    )
    head = (
        f"{'N':>7} {'exact s':>8} {'approx s':>9} {'compared':>11} {'linked':>10} "
        f"{'exact linked':>13} {'pair recall':>12} {'block recall':>13} {'cluster F1':>11}"
    )
    print(head)
    for r in rows:
        print(
            f"{r['n']:>7} {cell(r, 'exact_s', '.2f'):>8} {r['approx_s']:>9.2f} "
            f"{r['compared']:>11,} {r['linked']:>10,} {cell(r, 'exact_linked', ','):>13} "
            f"{cell(r, 'pair_recall', '.4f'):>12} {cell(r, 'block_recall', '.4f'):>13} "
            f"{cell(r, 'cluster_f1', '.4f'):>11}"
        )
    ex = [r for r in rows if "exact_s" in r]
    e_slope = slope([r["n"] for r in ex], [r["exact_s"] for r in ex])
    a_slope = slope([r["n"] for r in rows], [r["approx_s"] for r in rows])
    print(
        "growth exponent (slope of log s over log N): exact "
        + (f"{e_slope:.2f}" if e_slope is not None else "-")
        + ", approximate "
        + (f"{a_slope:.2f}" if a_slope is not None else "-")
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "rows": rows,
                    "exact_exponent": e_slope,
                    "approx_exponent": a_slope,
                    "pool": len(pool),
                    "cpus": os.cpu_count(),
                    "load": [load0, load1],
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
