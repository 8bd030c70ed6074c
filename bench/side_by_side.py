"""Whole processes side by side: ``rashomon analyze DIR -o OUT -q`` against bare spaCy.

    python bench/side_by_side.py [--sizes 20,84] [--repeat 3] [--add 100] [--json OUT]

What a user waits for, measured as a user runs it: each run is a fresh process (imports,
model loading and writing every output included), timed by the parent with ``os.wait4``,
which gives that child's own wall time, CPU time (user + system, its reaped workers
included) and peak RSS. The floor is a script that loads the same spaCy model and runs
``nlp.pipe`` over the same texts with the same number of processes rashomon's annotate picks
for that many texts (``throughput.annotate_n_process``). Each figure is the median of
``--repeat`` runs.

``--add N`` also times a followed story: ``rashomon add`` of N articles into a fresh store,
then ``rashomon add`` of one more article, beside a full ``rashomon analyze`` of the N + 1.

The corpus is the first N PolNeAR train articles (real news), topped up with variants as in
``bench/throughput.py``; ``--corpus DIR`` overrides. Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import throughput  # noqa: E402  (the corpus builder and the annotate rule are shared)

RASHOMON = [sys.executable, "-c", "from rashomon.cli import main; main()"]
SPACY_FLOOR = """
import json, sys
from rashomon import nlp as rnlp
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = rnlp.load()
docs = list(nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
print(len(docs))
"""


def run(cmd: list[str], cwd: Path | None = None) -> dict[str, float]:
    """One child process: wall s, CPU s (its reaped children included), peak RSS MiB."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if status != 0:
        raise SystemExit(f"{' '.join(cmd[:6])} ... failed ({status}):\n{err[-2000:]}")
    return {
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
    }


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def corpus(n: int, source: Path | None, work: Path) -> tuple[list[str], Path, dict[str, Any]]:
    """(file paths, texts.json, description) of n articles."""
    info = throughput.build_corpus(n, source, work)
    paths = json.loads((work / "paths.json").read_text(encoding="utf-8"))
    return paths, work / "texts.json", info


def side_by_side(n: int, repeat: int, source: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rashomon-sbs-") as tmp:
        work = Path(tmp)
        paths, texts, info = corpus(n, source, work)
        n_process = throughput.annotate_n_process(info["articles"])
        ours = [
            run([*RASHOMON, "analyze", *paths, "-o", str(work / f"out{i}"), "-q"])
            for i in range(repeat)
        ]
        floor = [
            run([sys.executable, "-c", SPACY_FLOOR, str(texts), str(n_process)])
            for _ in range(repeat)
        ]
    return {
        "articles": info["articles"],
        "corpus": info["corpus"],
        "n_process": n_process,
        "rashomon": median(ours),
        "spacy": median(floor),
    }


def followed_story(n: int, repeat: int, source: Path | None) -> dict[str, Any]:
    """``rashomon add`` of one article to a stored n-article story, beside a full analysis."""
    with tempfile.TemporaryDirectory(prefix="rashomon-add-") as tmp:
        work = Path(tmp)
        paths, _texts, info = corpus(n + 1, source, work)
        base, extra = paths[:n], paths[n]
        first, incremental = [], []
        for i in range(repeat):
            db = str(work / f"story{i}.db")
            first.append(run([*RASHOMON, "add", "story", *base, "--db", db, "-q"]))
            incremental.append(run([*RASHOMON, "add", "story", extra, "--db", db, "-q"]))
        full = [
            run([*RASHOMON, "analyze", *paths, "-o", str(work / f"full{i}"), "-q"])
            for i in range(repeat)
        ]
    return {
        "articles": n,
        "corpus": info["corpus"],
        "add_all": median(first),
        "add_one": median(incremental),
        "analyze_all": median(full),
    }


def table(rows: list[dict[str, Any]]) -> str:
    out = [
        "| articles | rashomon wall / CPU s | bare spaCy wall / CPU s | ratio wall / CPU "
        "| rashomon peak RSS | processes |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        a, s = r["rashomon"], r["spacy"]
        out.append(
            f"| {r['articles']} | {a['wall_s']:.1f} / {a['cpu_s']:.1f} "
            f"| {s['wall_s']:.1f} / {s['cpu_s']:.1f} "
            f"| {a['wall_s'] / s['wall_s']:.1f}x / {a['cpu_s'] / s['cpu_s']:.1f}x "
            f"| {a['peak_rss_mib']:.0f} MiB | {r['n_process']} |"
        )
    return "\n".join(out)


def add_table(r: dict[str, Any]) -> str:
    one, full = r["add_one"], r["analyze_all"]
    return "\n".join(
        [
            f"Followed story: {r['articles']} articles stored, then one more.",
            "| run | wall s | CPU s | share of a full analysis (wall / CPU) |",
            "|---|---|---|---|",
            f"| rashomon add (all {r['articles']}) | {r['add_all']['wall_s']:.1f} "
            f"| {r['add_all']['cpu_s']:.1f} | |",
            f"| rashomon add (1 more) | {one['wall_s']:.1f} | {one['cpu_s']:.1f} "
            f"| {one['wall_s'] / full['wall_s']:.0%} / {one['cpu_s'] / full['cpu_s']:.0%} |",
            f"| rashomon analyze (all {r['articles'] + 1}) | {full['wall_s']:.1f} "
            f"| {full['cpu_s']:.1f} | 100% |",
        ]
    )


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="20,84", help="article counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--add", type=int, default=0, help="also time adding 1 to N stored")
    ap.add_argument("--corpus", type=Path, help="folder of article files (default: PolNeAR)")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    rows = []
    for n in sizes:
        rows.append(side_by_side(n, args.repeat, args.corpus))
        print(f"measured {n} articles", file=sys.stderr)
    result: dict[str, Any] = {"machine": throughput.machine(), "sizes": rows}
    print(f"Corpus: {rows[0]['corpus'] if rows else '-'}; median of {args.repeat} run(s)")
    print(table(rows))
    if len(rows) >= 2:
        a, b = rows[-2], rows[-1]
        grow = b["rashomon"]["cpu_s"] / a["rashomon"]["cpu_s"]
        print(f"{b['articles'] / a['articles']:.1f}x the articles cost {grow:.1f}x the CPU time")
    if args.add:
        result["add"] = followed_story(args.add, args.repeat, args.corpus)
        print(add_table(result["add"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
