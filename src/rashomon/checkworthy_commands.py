"""The ``rashomon train checkworthy`` and ``rashomon evaluate checkworthy`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("checkworthy")
@click.option(
    "--claimbuster",
    "claimbuster_json",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="ClaimBuster sentences: a JSON list of {sentence_id, label, text}.",
)
@click.option(
    "--clef",
    "clef_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    required=True,
    help="CLEF-2019 CheckThat! task 1 transcripts: a folder of .tsv files.",
)
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write the model (.npz) here.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the dev splits.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Embedding cache (.npz; default: in the user's cache folder).",
)
def train_checkworthy(
    claimbuster_json: Path, clef_dir: Path, out_path: Path, seed: int, cache_path: Path | None
) -> None:
    """Train the check-worthiness model; print its dev figures."""
    from .evaluate.checkworthy import format_table
    from .train.checkworthy import train

    try:
        dev = train(
            claimbuster_json,
            clef_dir,
            out_path,
            seed=seed,
            cache_path=cache_path,
            progress=lambda msg: click.echo(msg, err=True),
        )
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    click.echo(f"wrote {out_path}")
    click.echo("ClaimBuster dev\n" + format_table(dev["claimbuster"]))
    click.echo(f"CLEF dev: {', '.join(dev['clef']['transcripts'])}\n" + format_table(dev["clef"]))


@click.command("checkworthy")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A model from 'rashomon train checkworthy' instead of the shipped one.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def evaluate_checkworthy(path: Path, model_path: Path | None, as_json: bool) -> None:
    """Score the check-worthiness model on PATH: a ClaimBuster JSON file (precision, recall, F1
    at the model's threshold) or a CLEF-2019 folder or .tsv file (MAP)."""
    from .evaluate.checkworthy import evaluate, format_table
    from .extract.checkworthy import CheckWorthiness

    try:
        result = evaluate(path, CheckWorthiness.load(model_path))
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps(result, indent=2) if as_json else format_table(result))
