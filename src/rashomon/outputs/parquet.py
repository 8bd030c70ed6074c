"""Parquet tables over many stories, for DuckDB, Polars, pandas or Spark.

``rashomon track`` follows hundreds of stories in one store; a reader of the whole desk wants
one table of claims, not one ``rashomon.db`` per story. Each table of ``rashomon.db``
(:data:`rashomon.outputs.database.TABLES`: the same columns and types) becomes one Parquet
file whose first column is ``story``, the story's name in the store, so a row's key is the
story plus its ``rashomon.db`` key (claim ``c1`` exists in every story). ``stories.parquet``
lists the stories themselves.

Stories are written one at a time through a writer per table, so memory holds one story's
rows, never the desk's. Each file is written to a temporary name and renamed into place: a
reader sees the previous export or the new one. Needs pyarrow (``pip install rashomon[stream]``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..model import AnalysisResult
from .cells import clean
from .database import TABLES, Table
from .files import publish
from .view import ResultView

STORY_COLUMNS = ("name", "label", "articles", "claims", "disputed", "created", "updated")
_TYPES = {"TEXT": "string", "INTEGER": "int64", "REAL": "float64"}


class ParquetMissingError(RuntimeError):
    """pyarrow is not installed: say how to get it."""


def _pyarrow() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ParquetMissingError(
            "Parquet exports need pyarrow: pip install 'rashomon[stream]'"
        ) from exc
    return pa, pq


def _schema(pa: Any, table: Table) -> Any:
    fields = [pa.field("story", pa.string(), nullable=False)]
    fields += [pa.field(c.name, getattr(pa, _TYPES[c.type])()) for c in table.columns]
    return pa.schema(fields)


def _batch(pa: Any, schema: Any, story: str, rows: Iterable[dict[str, Any]]) -> Any:
    names = schema.names[1:]
    columns: dict[str, list[Any]] = {"story": [], **{n: [] for n in names}}
    for row in rows:
        columns["story"].append(story)
        for n in names:
            columns[n].append(clean(row.get(n)))
    return pa.Table.from_pydict(columns, schema=schema)


@contextlib.contextmanager
def _writers(pa: Any, pq: Any, outdir: Path) -> Iterator[dict[str, tuple[Any, Any, Path]]]:
    """One ParquetWriter per table on a temporary file; renamed into place only on success."""
    outdir.mkdir(parents=True, exist_ok=True)
    open_: dict[str, tuple[Any, Any, Path]] = {}
    try:
        for table in TABLES:
            schema = _schema(pa, table)
            tmp = outdir / f".{table.name}.parquet.tmp"
            open_[table.name] = (pq.ParquetWriter(str(tmp), schema), schema, tmp)
        yield open_
    except BaseException:
        for writer, _, tmp in open_.values():
            writer.close()
            tmp.unlink(missing_ok=True)
        raise
    for name, (writer, _, tmp) in open_.items():
        writer.close()
        publish(str(tmp), outdir / f"{name}.parquet")


def write_parquet(
    stories: Iterable[tuple[dict[str, Any], AnalysisResult]], outdir: Path
) -> dict[str, Path]:
    """Write ``stories.parquet`` and one file per ``rashomon.db`` table into ``outdir``.

    ``stories`` yields (a row of :data:`STORY_COLUMNS`, the story's analysis), one story at a
    time. Returns the files written, by table name.
    """
    pa, pq = _pyarrow()
    outdir = Path(outdir)
    story_rows: list[dict[str, Any]] = []
    with _writers(pa, pq, outdir) as writers:
        for info, result in stories:
            story_rows.append({c: info.get(c) for c in STORY_COLUMNS})
            view = ResultView(result)
            for table in TABLES:
                writer, schema, _ = writers[table.name]
                writer.write_table(_batch(pa, schema, str(info["name"]), table.rows(view)))
    schema = pa.schema(
        [
            pa.field("name", pa.string(), nullable=False),
            pa.field("label", pa.string()),
            pa.field("articles", pa.int64()),
            pa.field("claims", pa.int64()),
            pa.field("disputed", pa.int64()),
            pa.field("created", pa.string()),
            pa.field("updated", pa.string()),
        ]
    )
    columns = {c: [r[c] for r in story_rows] for c in STORY_COLUMNS}
    tmp = outdir / ".stories.parquet.tmp"
    pq.write_table(pa.Table.from_pydict(columns, schema=schema), str(tmp))
    publish(str(tmp), outdir / "stories.parquet")
    files = {"stories": outdir / "stories.parquet"}
    files.update({t.name: outdir / f"{t.name}.parquet" for t in TABLES})
    return files
