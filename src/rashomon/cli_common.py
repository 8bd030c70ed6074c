"""What the command modules share: options, reading inputs, the progress bar, the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


class _Bar:
    """A tqdm progress bar per stage on stderr; silent when not a terminal or with --quiet."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bars: dict[str, object] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        from tqdm import tqdm

        bar = self.bars.get(stage)
        if bar is None:
            bar = tqdm(
                total=total,
                desc=stage,
                unit="art" if stage == "annotate" else "step",
                file=sys.stderr,
                leave=False,
            )
            self.bars[stage] = bar
        bar.n = done  # type: ignore[attr-defined]
        bar.refresh()  # type: ignore[attr-defined]
        if done >= total:
            bar.close()  # type: ignore[attr-defined]

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()  # type: ignore[attr-defined]


def _echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


STDIN_FORMATS = ("auto", "txt", "md", "html", "json", "jsonl")
_STDIN_FORMAT = click.option(
    "--stdin-format",
    type=click.Choice(STDIN_FORMATS),
    default="auto",
    show_default=True,
    help="Format of the article read from '-' (standard input); auto sniffs JSON, JSONL, HTML.",
)
_JSON = click.option(
    "--json", "as_json", is_flag=True, help="Print the summary as one JSON object (for scripts)."
)
_QUIET = click.option("-q", "--quiet", is_flag=True, help="No progress bar.")


def _read_inputs(paths: list[str], stdin_format: str = "auto"):  # type: ignore[no-untyped-def]
    """Articles from PATHS, where '-' is standard input; exits 2 if nothing usable was read."""
    from .ingest import read_paths
    from .ingest.streams import read_stream
    from .model import IngestResult, Skipped

    files = [p for p in paths if p != "-"]
    read = read_paths(files) if files else IngestResult([], [], [])
    if len(files) < len(paths):
        piped = read_stream(
            sys.stdin.buffer, suffix=None if stdin_format == "auto" else "." + stdin_format
        )
        seen = {a.id: a.path for a in read.articles}
        for art in piped.articles:
            if art.id in seen:
                read.skipped.append(Skipped(art.path, f"duplicate of {seen[art.id]}"))
            else:
                read.articles.append(art)
        read.skipped.extend(piped.skipped)
        read.notices.extend(piped.notices)
    if not read.articles:
        click.echo("No usable article was read.", err=True)
        for sk in read.skipped:
            where = f" line {sk.line}" if sk.line else ""
            click.echo(f"  {sk.path}{where}: {sk.reason}", err=True)
        raise SystemExit(2)
    return read


_DB_OPTION = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Story store file (default: $RASHOMON_DB, else stories.db in the user data folder).",
)


def _open_store(db: Path | None, *, create: bool):  # type: ignore[no-untyped-def]
    from .store import Store, StoreError, default_db_path

    try:
        return Store(db if db is not None else default_db_path(), create=create)
    except StoreError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
