"""Tracking a stream: how fast ``rashomon track`` sorts and analyses a mixed pile of news.

    python bench/track_throughput.py [--n 2000] [--finder-only] [--track-n 200]
                                     [--engines local,ray1,ray2] [--json OUT]

The stream interleaves real PolNeAR train articles (US politics, mostly one article per
story) and FNC-1 train bodies (191 stories of several articles each) in a seeded random
order, written as one JSON-lines file.

Two measurements:

* **The finder alone** over ``--n`` articles, in this process: every article featurized
  (MiniLM over its lead) and assigned. Per slice of the stream it prints the mean assignment
  time per article (featurizing excluded), the candidate stories scored per article and the
  stories found so far: the cost must not grow with the stream's length.
* **Whole runs** of ``rashomon track FILE --db DB -q`` on the first ``--track-n`` articles of
  the stream, each a fresh process timed by ``os.wait4`` (wall, CPU of the process and its
  reaped children, peak RSS), per engine: ``local``, ``ray1`` and ``ray2`` (a local Ray with 1
  or 2 CPUs; Ray's own start-up is included, as a user waits for it). Ray's workers are
  children of its raylet, so their CPU time is counted only as far as it is reaped.

Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from side_by_side import RASHOMON, run  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
ENGINES = {"local": [], "ray1": ["--engine", "ray", "--workers", "1"]}
ENGINES["ray2"] = ["--engine", "ray", "--workers", "2"]


def stream(n: int, seed: int = 0) -> list[dict[str, str]]:
    """n articles, PolNeAR and FNC-1 bodies interleaved in a seeded random order."""
    items: list[dict[str, str]] = []
    for path in sorted((DATA / "polnear" / "train" / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        items.append({"text": text, "url": f"polnear:{path.stem}"})
    csv.field_size_limit(10**8)
    with open(DATA / "fnc1" / "train_bodies.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            items.append({"text": row["articleBody"], "url": f"fnc1:{row['Body ID']}"})
    random.Random(seed).shuffle(items)
    return items[:n]


def finder(items: list[dict[str, str]], slices: int = 8) -> list[dict[str, Any]]:
    """Assignment cost per slice of the stream (featurizing timed apart)."""
    from rashomon.model import Article
    from rashomon.track import StoryTracker
    from rashomon.track.features import featurize

    articles = [
        Article(id=it["url"], path=it["url"], text=it["text"], source_text=it["text"])
        for it in items
    ]
    t = time.perf_counter()
    feats = featurize(articles)
    featurize_s = time.perf_counter() - t
    tracker = StoryTracker()
    rows = []
    size = max(1, len(feats) // slices)
    for start in range(0, len(feats), size):
        part = feats[start : start + size]
        seconds, scored = tracker.assign_seconds, tracker.candidates_scored
        for f in part:
            tracker.assign_features(f)
        rows.append(
            {
                "articles": f"{start + 1}-{start + len(part)}",
                "assign_ms": 1000 * (tracker.assign_seconds - seconds) / len(part),
                "candidates": (tracker.candidates_scored - scored) / len(part),
                "stories": len(tracker.stories),
                "open": sum(s.open for s in tracker.stories.values()),
            }
        )
    rows.append({"featurize_s": featurize_s, "articles_total": len(feats)})
    return rows


def whole_runs(items: list[dict[str, str]], engines: list[str]) -> list[dict[str, Any]]:
    out = []
    with tempfile.TemporaryDirectory(prefix="rashomon-track-") as tmp:
        feed = Path(tmp) / "feed.jsonl"
        with open(feed, "w", encoding="utf-8") as fh:
            for it in items:
                fh.write(json.dumps(it, ensure_ascii=False) + "\n")
        for name in engines:
            db = Path(tmp) / f"{name}.db"
            cmd = [*RASHOMON, "track", str(feed), "--db", str(db), "-q", "--no-parquet"]
            print(f"  track, engine {name} ...", file=sys.stderr, flush=True)
            m = run([*cmd, *ENGINES[name]])
            m["articles_per_s"] = len(items) / m["wall_s"]
            out.append({"engine": name, **m})
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="articles for the finder alone")
    ap.add_argument("--track-n", type=int, default=200, help="articles for whole runs")
    ap.add_argument("--engines", default="local,ray1,ray2")
    ap.add_argument("--finder-only", action="store_true")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    items = stream(args.n)
    report: dict[str, Any] = {"finder": finder(items)}
    total = report["finder"][-1]
    n, secs = total["articles_total"], total["featurize_s"]
    print(f"Finder alone, {n} articles (featurizing them: {secs:.1f} s)")
    print("| stream | assign ms / article | candidates / article | stories | open |")
    print("|---|---|---|---|---|")
    for r in report["finder"][:-1]:
        print(
            f"| {r['articles']} | {r['assign_ms']:.2f} | {r['candidates']:.1f} "
            f"| {r['stories']} | {r['open']} |"
        )
    if not args.finder_only:
        engines = [e for e in args.engines.split(",") if e]
        report["track"] = whole_runs(items[: args.track_n], engines)
        print(f"\nrashomon track, {args.track_n} articles")
        print("| engine | wall s | CPU s | articles/s | peak RSS MiB |")
        print("|---|---|---|---|---|")
        for r in report["track"]:
            print(
                f"| {r['engine']} | {r['wall_s']:.1f} | {r['cpu_s']:.1f} "
                f"| {r['articles_per_s']:.2f} | {r['peak_rss_mib']:.0f} |"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
