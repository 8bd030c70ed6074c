"""The ``rashomon`` command line."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, checkworthy_commands, coref_commands, stories_commands, track_commands
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
from .evaluate import commands as evaluate_commands
from .model import to_dict

F = TypeVar("F", bound=Callable[..., Any])


def _summary_lines(result, files: dict[str, Path]) -> list[str]:  # type: ignore[no-untyped-def]
    s = result.summary
    lines = [
        f"Read {s.articles} article(s)" + (f", skipped {s.skipped} input(s)" if s.skipped else ""),
        f"Claims: {s.claims} — {s.corroborated} corroborated by independent origins, "
        f"{s.disputed} disputed, {s.single_source} single-source, {s.unverified} unverified "
        f"(hedged only), {s.denied_only} denied-only, {s.conflicting} conflicting on details",
        f"Contradictions: {s.contradictions}",
    ]
    for sk in result.skipped:
        where = f":{sk.line}" if sk.line else ""
        lines.append(f"  skipped {sk.path}{where}: {sk.reason}")
    for n in result.notices:
        lines.append(f"  note {n.path}: {n.reason}")
    lines.append("Wrote " + ", ".join(str(p) for p in files.values()))
    return lines


def _summary_json(result, files: dict[str, Path]) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The printed summary as one JSON object (``--json``): counts, what was not read, files."""
    from .model import to_dict

    return {
        **to_dict(result.summary),
        "skipped_inputs": to_dict(result.skipped),
        "notices": to_dict(result.notices),
        "outputs": {name: str(path) for name, path in files.items()},
    }


def _out_folder(help: str = "Folder for the outputs.", **kwargs: Any) -> Callable[[F], F]:
    """-o/--out: the folder a command writes its outputs to."""
    folder = click.Path(file_okay=False, path_type=Path)
    return click.option("-o", "--out", "outdir", type=folder, help=help, **kwargs)


def _run(
    paths: list[str],
    outdir: Path,
    quiet: bool,
    *,
    as_json: bool = False,
    stdin_format: str = "auto",
    track: Sequence[str] = (),
) -> None:
    from .nlp import ModelMissingError
    from .outputs.brief import write_all
    from .pipeline import analyze

    read = _read_inputs(paths, stdin_format)
    bar = _Bar(enabled=not quiet and sys.stderr.isatty())
    try:
        result = analyze(read, progress=bar, track=track)
    except ModelMissingError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(3) from exc
    finally:
        bar.close()
    files = write_all(result, outdir)
    if as_json:
        _echo_json(_summary_json(result, files))
        return
    for line in _summary_lines(result, files):
        click.echo(line)


@click.group()
@click.version_option(__version__, prog_name="rashomon")
def main() -> None:
    """rashomon: who claims what, on whose authority, who denies it, where reports conflict."""
    if os.environ.get("RASHOMON_DEVICE"):
        # A wrong device setting is the user's to fix: say so before any work starts.
        from .nlp.embeddings import providers

        try:
            providers()
        except (ValueError, RuntimeError) as exc:
            click.echo(f"rashomon: {exc}", err=True)
            raise SystemExit(2) from exc


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_out_folder(default="rashomon-report", show_default=True)
@_QUIET
@_JSON
@_STDIN_FORMAT
@click.option(
    "--claim",
    "claim_texts",
    multiple=True,
    help="A claim to track across every article (repeatable): the brief and report open with "
    "where each article stands on it.",
)
@click.option(
    "--claims",
    "claims_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A text file of claims to track, one per line.",
)
def analyze(
    paths: tuple[str, ...],
    outdir: Path,
    quiet: bool,
    as_json: bool,
    stdin_format: str,
    claim_texts: tuple[str, ...],
    claims_file: Path | None,
) -> None:
    """Analyse articles: files or folders of .txt, .html, .json and .jsonl; '-' reads one
    article (or JSON lines) from standard input.

    Writes to OUT: report.json (the full result), brief.md (a cited brief), report.html
    (the report to open in a browser), claims.csv, mentions.csv, events.csv and rashomon.db
    (SQLite, for Datasette or pandas).
    """
    track = [c.strip() for c in claim_texts if c.strip()]
    if claims_file is not None:
        lines = claims_file.read_text(encoding="utf-8", errors="replace").splitlines()
        from_file = [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]
        if not from_file:
            raise click.BadParameter(f"no claims in {claims_file}", param_hint="--claims")
        track += from_file
    _run(list(paths), outdir, quiet, as_json=as_json, stdin_format=stdin_format, track=track)


@main.command()
@_out_folder(default="rashomon-demo", show_default=True)
@_QUIET
@_JSON
def demo(outdir: Path, quiet: bool, as_json: bool) -> None:
    """Analyse the bundled demo story (fictional, six invented outlets)."""
    from .demo import article_paths

    if not as_json:
        click.echo("Analysing the bundled demo corpus (a fictional story, see rashomon/demo/).")
    _run([str(p) for p in article_paths()], outdir, quiet, as_json=as_json)


@main.group()
def evaluate() -> None:
    """Score rashomon's stages against annotated corpora."""


@evaluate.command("attribution")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option(
    "--cue-model",
    "cue_model_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Cue model weights (.npz from `rashomon train cues`) instead of the shipped ones.",
)
def evaluate_attribution(
    folder: Path, as_json: bool, limit: int | None, cue_model_path: Path | None
) -> None:
    """Source/cue/content P/R/F1 on a PolNeAR-format folder (text/ and attributions/)."""
    from .evaluate.attribution import evaluate_folder, format_table
    from .evaluate.predict import predict_attributions
    from .extract.attribution.cue_model import CueModel

    try:
        cue_model = CueModel.from_file(cue_model_path) if cue_model_path else None
        result = evaluate_folder(
            folder, lambda text: predict_attributions(text, cue_model=cue_model), limit=limit
        )
    except (FileNotFoundError, ValueError, KeyError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_table(result))


_WEIGHTS_OUT = click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the weights (.npz).",
)


evaluate.add_command(evaluate_commands.stance)
evaluate.add_command(evaluate_commands.story)
evaluate.add_command(evaluate_commands.time_expressions)
evaluate.add_command(evaluate_commands.casualty_figures)
evaluate.add_command(checkworthy_commands.evaluate_checkworthy)
evaluate.add_command(coref_commands.evaluate_entities)
evaluate.add_command(coref_commands.evaluate_alignment)
evaluate.add_command(stories_commands.evaluate_stories)


@main.group()
def train() -> None:
    """Train rashomon's models (the shipped weights came from these commands)."""


train.add_command(checkworthy_commands.train_checkworthy)
train.add_command(stories_commands.train_stories)


def _stance_data(f):  # type: ignore[no-untyped-def]
    """The dataset, split and cache options that both stance trainers take."""
    for option in reversed(
        [
            click.option(
                "--fnc",
                "fnc_dir",
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                default=None,
                help="FNC-1 folder (train_bodies.csv, train_stances.csv).",
            ),
            click.option(
                "--arc",
                "arc_dir",
                type=click.Path(exists=True, file_okay=False, path_type=Path),
                default=None,
                help="ARC folder (arc_bodies.csv, arc_stances_train.csv).",
            ),
            click.option("--seed", type=int, default=0, show_default=True),
            click.option(
                "--dev-fraction",
                type=float,
                default=0.1,
                show_default=True,
                help="Share of bodies held out per dataset (split by body, never by pair).",
            ),
            click.option(
                "--cache-dir",
                type=click.Path(file_okay=False, path_type=Path),
                default=None,
                help="Keep sentence embeddings here so retraining does not re-embed.",
            ),
        ]
    ):
        f = option(f)
    return f


def _stance_cache(fnc_dir: Path | None, arc_dir: Path | None, cache_dir: Path | None) -> Path:
    """The embedding cache folder, after checking that some data was given."""
    if fnc_dir is None and arc_dir is None:
        click.echo("error: give --fnc and/or --arc", err=True)
        raise SystemExit(2)
    if cache_dir is None:
        import platformdirs

        cache_dir = Path(platformdirs.user_cache_dir("rashomon")) / "stance"
    return cache_dir


@train.command("stance")
@_stance_data
@_WEIGHTS_OUT
def train_stance(
    fnc_dir: Path | None,
    arc_dir: Path | None,
    out_path: Path,
    seed: int,
    dev_fraction: float,
    cache_dir: Path | None,
) -> None:
    """Train the stance model on FNC-1 and/or ARC; prints dev figures per dataset."""
    from .evaluate.stance import format_table
    from .train.stance import train as run_training

    cache_dir = _stance_cache(fnc_dir, arc_dir, cache_dir)
    dev = run_training(
        fnc_dir,
        arc_dir,
        out_path,
        seed=seed,
        dev_fraction=dev_fraction,
        cache_dir=cache_dir,
        progress=lambda msg: click.echo(msg, err=True),
    )
    for name, result in dev.items():
        click.echo(f"dev {name}:")
        click.echo(format_table(result))
    click.echo(f"Wrote {out_path}")


@train.command("stance-reader")
@_stance_data
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the training arrays, weights, log and stance-reader.onnx.",
)
@click.option("--epochs", type=int, default=4, show_default=True, help="Most epochs tried.")
@click.option("--device", default=None, help="cuda or cpu (default: cuda where there is one).")
@click.option(
    "--prepare-only",
    is_flag=True,
    help="Only write OUT/reader-data.npz (needs no torch), to train elsewhere.",
)
def train_stance_reader(
    fnc_dir: Path | None,
    arc_dir: Path | None,
    out_dir: Path,
    seed: int,
    dev_fraction: float,
    epochs: int,
    device: str | None,
    prepare_only: bool,
    cache_dir: Path | None,
) -> None:
    """Fine-tune the stance reader (a MiniLM cross-encoder) on FNC-1 and/or ARC.

    Needs the train extra (pip install 'rashomon[train]'). The shipped reader (four epochs,
    then a four-epoch refit, on both datasets) took 6 minutes on one H200 GPU; on two CPU
    cores count on 9 hours. --prepare-only writes the arrays, which train anywhere torch runs.
    """
    from .train.stance import prepare_reader_data

    cache_dir = _stance_cache(fnc_dir, arc_dir, cache_dir)
    try:
        from .train import stance_reader as reader_train
    except ImportError as exc:
        if not prepare_only:
            click.echo(
                f"error: {exc}; install the train extra: pip install 'rashomon[train]'", err=True
            )
            raise SystemExit(2) from exc
    data = out_dir / "reader-data.npz"
    counts = prepare_reader_data(
        fnc_dir,
        arc_dir,
        data,
        seed=seed,
        dev_fraction=dev_fraction,
        cache_dir=cache_dir,
        progress=lambda msg: click.echo(msg, err=True),
    )
    click.echo(f"Wrote {data}: {counts}")
    if prepare_only:
        click.echo(f"Train it with: python stance_reader.py fit {data} {out_dir} (torch only)")
        return
    log = reader_train.fit(data, out_dir, device=device, epochs=epochs, seed=seed)
    onnx_path = out_dir / "stance-reader.onnx"
    reader_train.export(out_dir / "reader", onnx_path)
    click.echo(f"best validation epoch {log['best_epoch']}; dev macro-F1 {log['dev_macro_f1']}")
    click.echo(f"Wrote {onnx_path}; score it: rashomon evaluate stance --reader {onnx_path} ...")


@train.command("cues")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_WEIGHTS_OUT
@click.option(
    "--threshold",
    type=float,
    default=0.35,
    show_default=True,
    help="Probability from which a word the word lists do not know is taken as a cue.",
)
@click.option("--epochs", type=int, default=10, show_default=True)
@click.option("--limit", type=int, default=None, help="Only the first N documents.")
@click.option(
    "--refiner/--no-refiner",
    default=True,
    show_default=True,
    help="Also train the MiniLM refiner for uncertain words (5 more sparse fits and a MiniLM "
    "pass over the sentences that hold them).",
)
def train_cues(
    folder: Path,
    out_path: Path,
    threshold: float,
    epochs: int,
    limit: int | None,
    refiner: bool,
) -> None:
    """Train the attribution cue model on a PolNeAR-format folder (text/, attributions/)."""
    from .train.cues import train as run_training

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            click.echo(f"parsed {done}/{total} documents", err=True)
        if done == total and refiner:
            click.echo("fitting the sparse model and the refiner ...", err=True)

    try:
        model, counts = run_training(
            folder,
            threshold=threshold,
            epochs=epochs,
            limit=limit,
            refine=refiner,
            progress=progress,
        )
    except (FileNotFoundError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    out_path.parent.mkdir(parents=True, exist_ok=True)
    model.save(out_path)
    refined = counts.get("refiner_examples")
    click.echo(
        f"{counts['documents']} documents, {counts['candidates']} candidate words, "
        f"{counts['cues']} cue heads"
        + (f", {refined} refiner examples" if refined is not None else ", no refiner")
        + f". Wrote {out_path}"
    )


# -- the story store (rashomon add / stories / show / remove); see docs/store.md -------------


@main.command()
@click.argument("story")
@click.argument("paths", nargs=-1, required=True)
@_DB_OPTION
@_out_folder(
    default=None, help="Also write the story's outputs here (default: print the summary only)."
)
@_QUIET
@_JSON
@_STDIN_FORMAT
def add(
    story: str,
    paths: tuple[str, ...],
    db: Path | None,
    outdir: Path | None,
    quiet: bool,
    as_json: bool,
    stdin_format: str,
) -> None:
    """Add articles to STORY in the story store (created if new) and re-analyse the story.

    Only the new articles are parsed; what earlier adds computed per article is reused.
    '-' reads one article (or JSON lines) from standard input.
    """
    from .nlp import ModelMissingError
    from .outputs.brief import write_all
    from .store import STORY_NAME_RE, StoreError, check_story_name

    if not STORY_NAME_RE.fullmatch(story):
        # Refused before anything is read or created, unless stored before the name rule.
        with _open_store(db, create=False) as existing:
            known = {s.name for s in existing.stories()}
        if story not in known:
            try:
                check_story_name(story)
            except StoreError as exc:
                click.echo(f"error: {exc}", err=True)
                raise SystemExit(2) from exc
    read = _read_inputs(list(paths), stdin_format)
    with _open_store(db, create=True) as store:
        bar = _Bar(enabled=not quiet and sys.stderr.isatty())
        try:
            outcome = store.add(story, read, progress=bar)
        except ModelMissingError as exc:
            click.echo(str(exc), err=True)
            raise SystemExit(3) from exc
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(2) from exc
        finally:
            bar.close()
        path = store.path
    result = outcome.result
    files = write_all(result, outdir) if outdir is not None else {}
    if as_json:
        _echo_json(
            {
                "story": story,
                "db": str(path),
                "changed": outcome.changed,
                "added": [a.path for a in outcome.added],
                "reused": outcome.reused,
                "duplicates": to_dict(outcome.duplicates),
                **_summary_json(result, files),
                "skipped_inputs": to_dict(outcome.skipped),
            }
        )
        return
    if outcome.changed:
        click.echo(
            f"Story {story!r}: added {len(outcome.added)} article(s), "
            f"{outcome.reused} reused from the store ({path})"
        )
    else:
        click.echo(f"Story {story!r}: nothing new to add ({path})")
    for sk in outcome.skipped + outcome.duplicates:
        where = f":{sk.line}" if sk.line else ""
        click.echo(f"  skipped {sk.path}{where}: {sk.reason}")
    lines = _summary_lines(result, files)
    click.echo("\n".join(lines if files else lines[:-1]))


@main.command()
@_DB_OPTION
@_JSON
def stories(db: Path | None, as_json: bool) -> None:
    """List the stories in the story store."""
    from .store import StoreError

    with _open_store(db, create=False) as store:
        try:
            found = store.stories()
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(2) from exc
        path = store.path
    if as_json:
        _echo_json({"db": str(path), "stories": to_dict(found)})
        return
    if not found:
        click.echo(f"No stories in {path}")
        return
    width = max(len("story"), *(len(s.name) for s in found))
    click.echo(f"{'story':<{width}}  articles  claims  updated")
    for s in found:
        click.echo(f"{s.name:<{width}}  {s.articles:>8}  {s.claims:>6}  {s.updated}")


@main.command()
@click.argument("story")
@_DB_OPTION
@_out_folder(required=True)
def show(story: str, db: Path | None, outdir: Path) -> None:
    """Write the outputs of STORY's stored analysis (no re-analysis)."""
    from .outputs.brief import write_all
    from .store import StoreError

    with _open_store(db, create=False) as store:
        try:
            result = store.result(story)
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(2) from exc
    files = write_all(result, outdir)
    for line in _summary_lines(result, files):
        click.echo(line)


@main.command()
@click.argument("story")
@_DB_OPTION
@click.option("-y", "--yes", is_flag=True, help="Do not ask before deleting.")
def remove(story: str, db: Path | None, yes: bool) -> None:
    """Delete STORY, its articles and its analysis from the story store (asks first)."""
    from .store import StoreError

    with _open_store(db, create=False) as store:
        try:
            info = next((s for s in store.stories() if s.name == story), None)
            if info is None:
                store.remove(story)  # raises UnknownStoryError, which lists the stories
                return
            if not yes:
                question = (
                    f"Remove story {story!r} ({info.articles} article(s), {info.claims} "
                    f"claim(s)) from {store.path}? This cannot be undone."
                )
                if not click.confirm(question, default=False, err=True):
                    click.echo("Nothing removed.", err=True)
                    raise SystemExit(1)
            store.remove(story)
        except click.Abort as exc:  # no answer (standard input closed): keep the story
            click.echo(
                "\nNothing removed (no answer; pass --yes to remove without asking).", err=True
            )
            raise SystemExit(1) from exc
        except StoreError as exc:
            click.echo(f"error: {exc}", err=True)
            raise SystemExit(2) from exc
        click.echo(f"Removed story {story!r} from {store.path}")


@main.command()
@_DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer requests addressed to NAME (a LAN address or machine name the browser "
    "uses); loopback names and --host are always answered. Repeatable.",
)
def serve(db: Path | None, host: str, port: int, allow_hosts: tuple[str, ...]) -> None:
    """Serve a local web page to create stories, upload articles and read the reports."""
    from .store import StoreError, default_db_path
    from .web.app import serve as run_server

    path = db if db is not None else default_db_path()
    try:
        _open_store(path, create=True).close()
    except StoreError as exc:  # pragma: no cover - _open_store already reports
        raise SystemExit(2) from exc
    run_server(path, host, port, extra_hosts=allow_hosts)


for _command in track_commands.COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
