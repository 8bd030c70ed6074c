"""Commands for a stream of many stories: ``track``, and the user's corrections to the stories
it found: ``rename``, ``merge``, ``split``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .cli_common import (
    _DB_OPTION,
    _JSON,
    _QUIET,
    _STDIN_FORMAT,
    _Bar,
    _echo_json,
    _open_store,
    _read_inputs,
)
from .model import to_dict


def _fail(exc: Exception, code: int = 2) -> None:
    click.echo(f"error: {exc}", err=True)
    raise SystemExit(code) from exc


def _change_line(c: Any) -> str:
    what = "new story" if c.new else "updated"
    line = (
        f"  {c.story}: {what}, +{len(c.added)} article(s) ({c.articles} in all, {c.claims} claims)"
    )
    if c.duplicates:
        line += f", {c.duplicates} already held"
    if c.newly_disputed:
        line += f", {len(c.newly_disputed)} newly disputed"
    return line


def _print_outcome(out: Any, path: Path) -> None:
    new = [c for c in out.changes if c.new]
    click.echo(
        f"Tracked {sum(len(c.added) for c in out.changes)} new article(s) into "
        f"{len(out.changes)} story(ies): {len(new)} new, {len(out.changes) - len(new)} updated; "
        f"{out.stories} stories in {path}"
    )
    disputed = [(c.story, s) for c in out.changes for s in c.newly_disputed]
    if disputed:
        click.echo("Newly disputed claims:")
        for story, summary in disputed[:20]:
            click.echo(f"  [{story}] {summary}")
        if len(disputed) > 20:
            click.echo(f"  ... and {len(disputed) - 20} more")
    for sk in out.skipped:
        where = f":{sk.line}" if sk.line else ""
        click.echo(f"  skipped {sk.path}{where}: {sk.reason}")
    if out.parquet:
        folder = next(iter(out.parquet.values())).parent
        click.echo(f"Wrote {len(out.parquet)} Parquet tables to {folder}")
    elif out.parquet_note:
        click.echo(f"No Parquet tables: {out.parquet_note}")


@click.command()
@click.argument("paths", nargs=-1, required=True)
@_DB_OPTION
@click.option(
    "--parquet",
    "parquet_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the Parquet tables of every story (default: beside the store, "
    "<store>-parquet/).",
)
@click.option("--no-parquet", is_flag=True, help="Do not write Parquet tables.")
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="Where the work runs: this process, or Ray (pip install 'rashomon[ray]').",
)
@click.option(
    "--ray-address",
    default=None,
    metavar="ADDRESS",
    help="An existing Ray cluster (e.g. ray://head:10001 or auto); default: a local Ray.",
)
@click.option("--workers", type=int, default=None, help="CPUs of the local Ray (default: all).")
@_QUIET
@_JSON
@_STDIN_FORMAT
def track(
    paths: tuple[str, ...],
    db: Path | None,
    parquet_dir: Path | None,
    no_parquet: bool,
    engine: str,
    ray_address: str | None,
    workers: int | None,
    quiet: bool,
    as_json: bool,
    stdin_format: str,
) -> None:
    """Sort articles into stories and keep each story's analysis current.

    PATHS are files, folders or JSON lines; '-' reads standard input, so a feed can be piped
    in. Each article joins the story it belongs to in the store (a new one, named after its
    main actors and places, when none fits); each story that received articles is
    re-analysed. Run it again as articles arrive.
    """
    from .nlp import ModelMissingError
    from .store import StoreError
    from .track.engines import EngineMissingError
    from .track.run import default_parquet_dir
    from .track.run import track as run_track

    read = _read_inputs(list(paths), stdin_format)
    with _open_store(db, create=True) as store:
        folder = None if no_parquet else (parquet_dir or default_parquet_dir(store.path))
        bar = _Bar(enabled=not quiet and sys.stderr.isatty())
        show = not quiet and not as_json

        def on_story(change: Any) -> None:
            if show:
                click.echo(_change_line(change), err=True)

        try:
            out = run_track(
                store,
                read,
                progress=bar if bar.enabled else None,
                on_story=on_story,
                parquet=folder,
                engine=engine,
                ray_address=ray_address,
                workers=workers,
            )
        except EngineMissingError as exc:
            _fail(exc)
        except ModelMissingError as exc:
            _fail(exc, 3)
        except StoreError as exc:
            _fail(exc)
        finally:
            bar.close()
        path = store.path
    if as_json:
        _echo_json(
            {
                "db": str(path),
                "stories": out.stories,
                "changes": to_dict(out.changes),
                "skipped_inputs": to_dict(out.skipped),
                "parquet": {k: str(v) for k, v in out.parquet.items()},
                "parquet_note": out.parquet_note,
            }
        )
        return
    _print_outcome(out, path)


@click.command()
@click.argument("old")
@click.argument("new")
@_DB_OPTION
def rename(old: str, new: str, db: Path | None) -> None:
    """Rename story OLD to NEW; `rashomon track` keeps sending its articles there."""
    from .store import StoreError
    from .store.tracking import rename as rename_story

    with _open_store(db, create=False) as store:
        if store.conn is None:
            _fail(StoreError(f"no story store at {store.path}"))
        try:
            rename_story(store, old, new)
        except StoreError as exc:
            _fail(exc)
    click.echo(f"Renamed story {old!r} to {new!r}")


@click.command()
@click.argument("stories", nargs=-1, required=True)
@click.option("--into", "into", required=True, help="The story that keeps them all.")
@_DB_OPTION
def merge(stories: tuple[str, ...], into: str, db: Path | None) -> None:
    """Merge STORIES into the story --into (which may be one of them, or a new name)."""
    from .store import StoreError
    from .track.edits import merge as merge_stories

    with _open_store(db, create=False) as store:
        if store.conn is None:
            _fail(StoreError(f"no story store at {store.path}"))
        try:
            result = merge_stories(store, list(stories), into)
        except StoreError as exc:
            _fail(exc)
    click.echo(
        f"Merged {', '.join(repr(s) for s in stories)} into {into!r}: "
        f"{len(result.articles)} article(s), {len(result.claims)} claim(s)"
    )


@click.command()
@click.argument("story")
@click.argument("articles", nargs=-1, required=True)
@click.option("--into", "into", required=True, help="The new story for those articles.")
@_DB_OPTION
def split(story: str, articles: tuple[str, ...], into: str, db: Path | None) -> None:
    """Move ARTICLES (ids or file paths, as `rashomon show` lists them) of STORY to a new story."""
    from .store import StoreError
    from .track.edits import split as split_story

    with _open_store(db, create=False) as store:
        if store.conn is None:
            _fail(StoreError(f"no story store at {store.path}"))
        try:
            kept, moved = split_story(store, story, list(articles), into)
        except StoreError as exc:
            _fail(exc)
    click.echo(
        f"Split {story!r}: {len(kept.articles)} article(s) stay, "
        f"{len(moved.articles)} moved to {into!r}"
    )


COMMANDS = (track, rename, merge, split)
