"""Throughput benchmark: the whole rashomon pipeline against bare spaCy on N news articles.

    python bench/throughput.py --n 200 [--corpus DIR] [--json OUT] [--repeat R] [--note TEXT]

Every measurement runs in a fresh subprocess (this script re-invoked with ``--worker``) so
that peak RSS (``ru_maxrss``) belongs to that measurement alone: spaCy and onnxruntime
allocate natively, which tracemalloc cannot see. In each subprocess the models are loaded
and warmed up first (timed separately as "model load" / "warm-up"); the timed run that the
articles/s and sentences/s figures come from excludes both. Besides wall time, CPU time
(user + system, all threads, plus reaped child processes) is reported: on a shared machine
it moves far less than wall time. With ``--repeat R`` each measurement runs R times and the
fastest run is reported.

Measurements:

* ``pipeline`` - ``rashomon.ingest.read_paths`` on the corpus files (ingest), then
  ``rashomon.analyze`` on the resulting ``IngestResult``. The stage breakdown comes from the
  same call, not a re-implementation: the ``progress`` callback marks the end of spaCy
  annotation and the start of cross-article work, the ``embed`` argument is the default
  MiniLM embedder wrapped in a timer, and ``entities.resolve``, ``alignment.align`` (and its
  helpers ``blocking.blocks``, ``_similarity``, ``_agglomerate``), ``contradictions.find``,
  ``entities.conflations`` and ``entities.lookup`` are wrapped in timers, in the subprocess
  only (no file changes; a helper that is missing is simply not timed).
* ``spacy`` - bare spaCy on the same texts: ``rashomon.nlp.load()`` then
  ``list(nlp.pipe(texts, batch_size=16))``; the floor for the annotate stage. When
  ``rashomon.nlp.annotate`` would fork worker processes for this N (it does from 200 texts
  on), bare spaCy is also run with that ``n_process`` so the two compare like for like.

Corpus: the first N files of ``<repo>/../shared/data/polnear/train/text`` (real news), else
the bundled demo corpus; ``--corpus DIR`` overrides. When the corpus holds fewer than N
articles it is topped up with variants of its articles (a few word swaps, a changed
weekday, an added closing line, the outlet renamed) written to a temporary folder as JSON
files, so ingest's duplicate check keeps them all. The output says which corpus was used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parents[2] / "shared"
POLNEAR = SHARED / "data" / "polnear" / "train" / "text"
WARMUP_ARTICLES = 3
SPACY_BATCH = 16


# --------------------------------------------------------------------------- helpers


def rss_mib(kib: int) -> float:
    """``ru_maxrss`` is in KiB on Linux (bytes on macOS)."""
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


def current_rss_mib() -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def peaks() -> dict[str, float]:
    return {
        "peak_rss_mib": rss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        # Largest single reaped child (spaCy n_process workers); 0 when none was forked.
        "peak_rss_children_mib": rss_mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss),
    }


def cpu_self() -> float:
    """CPU seconds (user + system, all threads) of this process so far."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def cpu_children() -> float:
    """CPU seconds of reaped child processes (spaCy's n_process workers) so far."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def cpu_s() -> float:
    return cpu_self() + cpu_children()


def annotate_n_process(n_texts: int) -> int:
    """The number of processes ``rashomon.nlp.annotate`` picks by default (mirrors its rule)."""
    return min(os.cpu_count() or 1, 4) if n_texts >= 200 else 1


# --------------------------------------------------------------------------- corpus

# (pattern, replacement) pairs; variant k applies a rotating subset of them.
_SWAPS: list[tuple[str, str]] = [
    (r"\bsaid\b", "stated"),
    (r"\bofficials\b", "authorities"),
    (r"\bMonday\b", "Tuesday"),
    (r"\bTuesday\b", "Wednesday"),
    (r"\bWednesday\b", "Thursday"),
    (r"\bThursday\b", "Friday"),
    (r"\bpeople\b", "residents"),
    (r"\bhowever\b", "though"),
    (r"\bannounced\b", "declared"),
    (r"\breported\b", "said"),
]


def vary(text: str, k: int) -> str:
    """A small, deterministic textual variation of ``text``; distinct for every ``k``."""
    for j, (pattern, repl) in enumerate(_SWAPS):
        if (k >> (j % 5)) & 1 or (k + j) % 3 == 0:
            text = re.sub(pattern, repl, text)
    return f"{text.rstrip()}\n\nThis report was updated (revision {k})."


def corpus_files(folder: Path) -> list[Path]:
    from rashomon.ingest.files import FORMATS

    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in FORMATS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def build_corpus(n: int, corpus: Path | None, workdir: Path) -> dict[str, Any]:
    """Pick the input files (topping up with variants), and write the texts for bare spaCy."""
    from rashomon import demo, ingest

    if corpus is not None:
        name, files = f"{corpus} (--corpus)", corpus_files(corpus)[:n]
    elif POLNEAR.is_dir() and corpus_files(POLNEAR):
        name, files = f"PolNeAR train ({POLNEAR})", corpus_files(POLNEAR)[:n]
    else:
        name, files = "bundled demo corpus (rashomon.demo)", list(demo.article_paths())
    if not files:
        raise SystemExit(f"no readable article files in {corpus or POLNEAR}")
    base = ingest.read_paths(files).articles
    if not base:
        raise SystemExit("the corpus yielded no articles")
    paths = [str(p) for p in files]
    real = min(len(base), n)
    extra = max(0, n - len(base))
    if extra:
        vdir = workdir / "variants"
        vdir.mkdir()
        for k in range(1, extra + 1):
            a = base[(k - 1) % len(base)]
            copy = (k - 1) // len(base) + 1
            rec = {
                "title": a.title,
                "outlet": f"{a.outlet} {copy}" if a.outlet else f"Outlet {copy}",
                "published": a.published,
                "url": a.url,
                "text": vary(a.text, k),
            }
            out = vdir / f"v{k:06d}.json"
            out.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
            paths.append(str(out))
    read = ingest.read_paths(paths)
    texts = [a.text for a in read.articles[:n]]
    (workdir / "paths.json").write_text(json.dumps(paths), encoding="utf-8")
    (workdir / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    return {
        "corpus": name,
        "files": len(paths),
        "articles": len(texts),
        "real_articles": real,
        "variant_articles": len(texts) - real,
        "skipped": len(read.skipped),
        "chars": sum(len(t) for t in texts),
        "words": sum(len(t.split()) for t in texts),
    }


# --------------------------------------------------------------------------- workers


def _timed(fn: Callable[..., Any], acc: dict[str, float], key: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t, c = time.perf_counter(), cpu_self()
        try:
            return fn(*args, **kwargs)
        finally:
            acc[key] = acc.get(key, 0.0) + time.perf_counter() - t
            acc[key + "_cpu"] = acc.get(key + "_cpu", 0.0) + cpu_self() - c

    return wrapper


def worker_pipeline(workdir: Path, n: int) -> dict[str, Any]:
    t = time.perf_counter()
    import rashomon
    from rashomon import ingest, nlp
    from rashomon.nlp import embeddings
    from rashomon.story import alignment, blocking, contradictions, entities

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    nlp.load()
    embedder = embeddings.default_embedder()
    load_s = time.perf_counter() - t
    rss_loaded = current_rss_mib()

    paths = json.loads((workdir / "paths.json").read_text(encoding="utf-8"))
    t = time.perf_counter()
    warm = ingest.read_paths(paths[:WARMUP_ARTICLES])
    rashomon.analyze(warm)
    warmup_s = time.perf_counter() - t
    rss_warm = current_rss_mib()

    acc: dict[str, float] = {}
    embed_calls: list[dict[str, Any]] = []
    block_sizes: list[int] = []

    def embed(texts):  # type: ignore[no-untyped-def]
        t, c = time.perf_counter(), cpu_self()
        out = embedder.embed(texts)
        secs, cpu = time.perf_counter() - t, cpu_self() - c
        acc["embed"] = acc.get("embed", 0.0) + secs
        acc["embed_cpu"] = acc.get("embed_cpu", 0.0) + cpu
        non_empty = sum(1 for x in texts if x.strip())
        embed_calls.append(
            {"texts": len(texts), "non_empty": non_empty, "seconds": secs, "cpu_s": cpu}
        )
        return out

    def count_calls(fn: Callable[..., Any], key: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            acc[key + "_calls"] = acc.get(key + "_calls", 0) + 1
            return fn(*args, **kwargs)

        return wrapper

    def count_blocks(fn: Callable[..., list[list[int]]]) -> Callable[..., list[list[int]]]:
        def wrapper(*args: Any, **kwargs: Any) -> list[list[int]]:
            out = fn(*args, **kwargs)
            block_sizes.extend(len(b) for b in out)
            return out

        return wrapper

    marks: dict[str, tuple[float, float]] = {}

    def progress(stage: str, done: int, total: int) -> None:
        now = (time.perf_counter(), cpu_self())
        if stage == "annotate":
            marks["annotate_end"] = now
        elif stage == "align" and done == 0:
            marks["align_start"] = now

    # Timers around the functions analyze() calls through their modules. The private
    # alignment helpers are optional: if they are renamed, those rows just read 0.
    for mod, name, key in (
        (entities, "resolve", "entities"),
        (alignment, "align", "align"),
        (blocking, "blocks", "blocks"),
        (alignment, "_similarity", "similarity"),
        (alignment, "_agglomerate", "agglomerate"),
        (contradictions, "find", "contradictions"),
        (entities, "conflations", "conflations"),
        (entities, "lookup", "lookup"),  # informational: called from several stages
    ):
        if callable(getattr(mod, name, None)):
            fn = getattr(mod, name)
            fn = (
                count_blocks(fn)
                if key == "blocks"
                else count_calls(fn, key)
                if key == "lookup"
                else fn
            )
            setattr(mod, name, _timed(fn, acc, key))

    kids0 = cpu_children()
    t0 = (time.perf_counter(), cpu_self())
    read = ingest.read_paths(paths)
    read.articles = read.articles[:n]
    t1 = (time.perf_counter(), cpu_self())
    result = rashomon.analyze(read, progress=progress, embed=embed)
    t2 = (time.perf_counter(), cpu_self())
    # Forked spaCy workers (annotate with n_process > 1) are the only child processes; their
    # CPU time is known once they are reaped, and belongs to the annotate stage.
    kids = cpu_children() - kids0
    a_end, x_start = marks["annotate_end"], marks["align_start"]

    def stages(i: int, sfx: str) -> dict[str, float]:
        def g(key: str) -> float:
            return acc.get(key + sfx, 0.0)

        return {
            "ingest": t1[i] - t0[i],
            "annotate (spaCy)": a_end[i] - t1[i] + (kids if i == 1 else 0.0),
            "per-article extraction": x_start[i] - a_end[i],
            "entity resolution": g("entities"),
            "embeddings (MiniLM ONNX)": g("embed"),
            "alignment: blocking": g("blocks"),
            "alignment: pair scores (_similarity)": g("similarity"),
            "alignment: avg-linkage merging": g("agglomerate") - g("similarity"),
            "alignment: denial linking, other": g("align")
            - g("embed")
            - g("blocks")
            - g("agglomerate"),
            "contradictions": g("contradictions"),
            "entity conflations": g("conflations"),
            "other cross-article": t2[i]
            - x_start[i]
            - g("entities")
            - g("align")
            - g("contradictions")
            - g("conflations"),
        }

    mentions = sum(len(c.mentions) for c in result.claims)
    return {
        "import_s": import_s,
        "model_load_s": load_s,
        "warmup_s": warmup_s,
        "rss_after_load_mib": rss_loaded,
        "rss_after_warmup_mib": rss_warm,
        "ingest_s": t1[0] - t0[0],
        "analyze_s": t2[0] - t1[0],
        "wall_s": t2[0] - t0[0],
        "cpu_s": t2[1] - t0[1] + kids,
        "articles": len(result.articles),
        "sentences": len(result.sentences),
        "mentions": mentions,
        "claims": len(result.claims),
        "contradictions": len(result.contradictions),
        "embedded_texts": sum(c["texts"] for c in embed_calls),
        "embed_calls": embed_calls,
        "lookup_calls": int(acc.get("lookup_calls", 0)),
        "lookup_s": acc.get("lookup", 0.0),
        "lookup_cpu_s": acc.get("lookup_cpu", 0.0),
        "align_blocks": len(block_sizes),
        "align_largest_block": max(block_sizes, default=0),
        "align_blocks_over_100": sum(1 for b in block_sizes if b > 100),
        "annotate_n_process": annotate_n_process(len(read.articles)),
        "stages": stages(0, ""),
        "stages_cpu": stages(1, "_cpu"),
        **peaks(),
    }


def worker_spacy(workdir: Path, n_process: int) -> dict[str, Any]:
    t = time.perf_counter()
    from rashomon import nlp as rnlp

    import_s = time.perf_counter() - t
    texts = json.loads((workdir / "texts.json").read_text(encoding="utf-8"))
    t = time.perf_counter()
    nlp = rnlp.load()
    load_s = time.perf_counter() - t
    rss_loaded = current_rss_mib()
    t = time.perf_counter()
    list(nlp.pipe(texts[:WARMUP_ARTICLES], batch_size=SPACY_BATCH))
    warmup_s = time.perf_counter() - t

    t0, c0 = time.perf_counter(), cpu_s()
    docs = list(nlp.pipe(texts, batch_size=SPACY_BATCH, n_process=n_process))
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    return {
        "import_s": import_s,
        "model_load_s": load_s,
        "warmup_s": warmup_s,
        "rss_after_load_mib": rss_loaded,
        "wall_s": wall,
        "cpu_s": cpu,
        "articles": len(docs),
        "sentences": sum(1 for d in docs for _ in d.sents),
        "tokens": sum(len(d) for d in docs),
        "n_process": n_process,
        **peaks(),
    }


def run_worker(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir)
    if args.worker == "pipeline":
        out = worker_pipeline(workdir, args.n)
    else:
        out = worker_spacy(workdir, args.n_process)
    json.dump(out, sys.stdout)


def measure(
    kind: str, workdir: Path, n: int, n_process: int = 1, repeat: int = 1
) -> dict[str, Any]:
    """The fastest of ``repeat`` runs (each in a fresh subprocess), with every run's wall time."""
    runs = [_measure_once(kind, workdir, n, n_process) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["wall_s"])
    best["all_wall_s"] = [r["wall_s"] for r in runs]
    best["all_peak_rss_mib"] = [r["peak_rss_mib"] for r in runs]
    return best


def _measure_once(kind: str, workdir: Path, n: int, n_process: int) -> dict[str, Any]:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        kind,
        "--workdir",
        str(workdir),
        "--n",
        str(n),
        "--n-process",
        str(n_process),
    ]
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"measurement {kind!r} failed (exit {proc.returncode})")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    out["process_s"] = elapsed  # the subprocess from start to exit, imports and loading included
    return out


# --------------------------------------------------------------------------- report


def source() -> dict[str, Any]:
    """Which rashomon code was measured: its folder, and the git commit when it is a checkout."""
    import rashomon

    where = Path(rashomon.__file__).resolve().parent

    def git(*cmd: str) -> str | None:
        try:
            out = subprocess.run(["git", "-C", str(where), *cmd], capture_output=True, text=True)
        except OSError:
            return None
        return out.stdout if out.returncode == 0 else None

    commit = (git("rev-parse", "--short", "HEAD") or "").strip() or None
    dirty = git("status", "--porcelain", "--", ".") if commit else None
    return {
        "path": str(where),
        "commit": commit,
        "dirty_files": [ln[3:] for ln in dirty.splitlines() if ln.strip()] if dirty else [],
    }


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), cpu
            )
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            mem = round(int(f.readline().split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    import onnxruntime
    import spacy

    return {
        "cpu": cpu,
        "cores": usable,
        "mem_gib": mem,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "onnxruntime": onnxruntime.__version__,
        "platform": platform.platform(),
    }


def rate(count: float, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("nan")


def _load(avg: tuple[float, ...] | None) -> str:
    return "/".join(f"{x:.2f}" for x in avg) if avg else "n/a"


def report(res: dict[str, Any]) -> str:
    c, m, src = res["corpus"], res["machine"], res["source"]
    lines = [
        f"rashomon throughput - {res['date']}",
        f"machine: {m['cores']} cores, {m['cpu']}, {m['mem_gib']} GiB; Python {m['python']}, "
        f"spaCy {m['spacy']}, onnxruntime {m['onnxruntime']}",
        f"load average (1/5/15 min) before {_load(res['loadavg_before'])}, "
        f"after {_load(res['loadavg_after'])}; best of {res['repeat']} run(s) per measurement",
        f"code:    {src['path']} at {src['commit'] or 'unknown commit (not a git checkout)'}"
        + (
            f", uncommitted changes in {', '.join(src['dirty_files'])}"
            if src["dirty_files"]
            else ""
        ),
        *([f"note:    {res['note']}"] if res.get("note") else []),
        f"corpus:  {c['corpus']}",
        f"         {c['articles']} articles ({c['real_articles']} as found, "
        f"{c['variant_articles']} variants), {c['words']:,} words, {c['chars']:,} chars",
        "",
        f"{'measurement':<34}{'wall s':>9}{'cpu s':>9}{'art/s':>9}{'sent/s':>9}"
        f"{'peak RSS':>11}{'load s':>8}",
    ]

    def row(label: str, r: dict[str, Any], wall: float, cpu: float, full: bool = True) -> None:
        rss = f"{r['peak_rss_mib']:>7.0f} MiB" if full else ""
        load = f"{r['model_load_s']:>8.2f}" if full else ""
        lines.append(
            f"{label:<34}{wall:>9.2f}{cpu:>9.2f}{rate(r['articles'], wall):>9.1f}"
            f"{rate(r['sentences'], wall):>9.0f}{rss:>11}{load}"
        )
        if full and r.get("peak_rss_children_mib"):
            lines.append(
                f"{'':<34}(largest forked spaCy worker: peak RSS "
                f"{r['peak_rss_children_mib']:.0f} MiB)"
            )

    for label, r in res["measurements"].items():
        if label == "pipeline":
            ingest_cpu = r["stages_cpu"]["ingest"]
            row("pipeline: ingest + analyze", r, r["wall_s"], r["cpu_s"])
            row("  of which ingest (read_paths)", r, r["ingest_s"], ingest_cpu, full=False)
            row(
                "  of which analyze(IngestResult)",
                r,
                r["analyze_s"],
                r["cpu_s"] - ingest_cpu,
                full=False,
            )
        else:
            row(label, r, r["wall_s"], r["cpu_s"])
    if res["repeat"] > 1:
        lines.append(
            "wall s of every run: "
            + "; ".join(
                f"{label}: " + ", ".join(f"{w:.2f}" for w in r["all_wall_s"])
                for label, r in res["measurements"].items()
            )
        )
    p = res["measurements"].get("pipeline")
    if p:
        lines += [
            "",
            f"pipeline stages ({p['articles']} articles, {p['sentences']} sentences, "
            f"{p['mentions']} claim mentions -> {p['claims']} claims, "
            f"{p['embedded_texts']} texts embedded; annotate n_process="
            f"{p['annotate_n_process']})",
        ]
        total = p["wall_s"]
        lines.append(f"  {'stage':<38}{'wall s':>9}{'share':>8}{'cpu s':>9}")
        for stage, secs in p["stages"].items():
            cpu = p["stages_cpu"][stage]
            lines.append(f"  {stage:<38}{secs:>9.2f}{100 * secs / total:>7.1f}%{cpu:>9.2f}")
        lines.append(f"  {'total':<38}{total:>9.2f}{100:>7.1f}%{p['cpu_s']:>9.2f}")
        calls = ", ".join(
            f"{c['texts']} texts ({c['non_empty']} non-empty) {c['seconds']:.2f} s wall"
            f" / {c['cpu_s']:.2f} s cpu"
            for c in p["embed_calls"]
        )
        lines.append(f"  embed calls: {calls}")
        lines.append(
            f"  alignment blocks: {p['align_blocks']}, largest {p['align_largest_block']}"
            f" mentions, {p['align_blocks_over_100']} over 100"
        )
        if p.get("lookup_calls"):
            lines.append(
                f"  entities.lookup (all callers, inside the stages above): {p['lookup_calls']}"
                f" calls, {p['lookup_s']:.2f} s wall / {p['lookup_cpu_s']:.2f} s cpu"
            )
        floor = res["measurements"].get("spaCy floor (n_process=1)")
        if floor:
            lines.append(
                f"  pipeline / bare spaCy (n_process=1): {total / floor['wall_s']:.2f}x wall"
            )
        lines.append(
            f"  model load {p['model_load_s']:.2f} s (spaCy + MiniLM), warm-up "
            f"{p['warmup_s']:.2f} s, RSS after load {p['rss_after_load_mib']:.0f} MiB, "
            f"after warm-up {p['rss_after_warmup_mib']:.0f} MiB"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=200, help="number of articles (default 200)")
    ap.add_argument("--corpus", type=Path, help="folder of article files (default: PolNeAR)")
    ap.add_argument("--json", type=Path, help="write the figures to this JSON file")
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs per measurement, each in a fresh process; the fastest is reported",
    )
    ap.add_argument("--note", help="free text recorded with the figures (e.g. which code)")
    ap.add_argument("--skip-spacy", action="store_true", help="measure the pipeline only")
    ap.add_argument("--worker", choices=("pipeline", "spacy"), help=argparse.SUPPRESS)
    ap.add_argument("--workdir", help=argparse.SUPPRESS)
    ap.add_argument("--n-process", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        run_worker(args)
        return
    if args.n < 1:
        ap.error("--n must be at least 1")

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory(prefix="rashomon-bench-") as tmp:
        workdir = Path(tmp)
        t = time.perf_counter()
        corpus = build_corpus(args.n, args.corpus, workdir)
        print(
            f"corpus ready in {time.perf_counter() - t:.1f} s: {corpus['corpus']}, "
            f"{corpus['articles']} articles",
            file=sys.stderr,
        )
        runs: dict[str, dict[str, Any]] = {}
        if not args.skip_spacy:
            print("measuring bare spaCy (n_process=1)...", file=sys.stderr)
            runs["spaCy floor (n_process=1)"] = measure("spacy", workdir, args.n, 1, args.repeat)
            k = annotate_n_process(corpus["articles"])
            if k != 1:
                print(f"measuring bare spaCy (n_process={k})...", file=sys.stderr)
                runs[f"spaCy floor (n_process={k})"] = measure(
                    "spacy", workdir, args.n, k, args.repeat
                )
        print("measuring the pipeline...", file=sys.stderr)
        runs["pipeline"] = measure("pipeline", workdir, args.n, repeat=args.repeat)

    res = {
        "date": started,
        "command": " ".join(["python", "bench/throughput.py", *(argv or sys.argv[1:])]),
        "n": args.n,
        "machine": machine(),
        "source": source(),
        "note": args.note,
        "corpus": corpus,
        "repeat": args.repeat,
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "measurements": runs,
    }
    print(report(res))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
        print(f"figures written to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
