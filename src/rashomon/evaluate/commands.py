"""The ``rashomon evaluate stance``, ``story``, ``time`` and ``casualties`` commands."""

from __future__ import annotations

import json
from pathlib import Path

import click

_BODIES = click.option(
    "--bodies",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="FNC-1 bodies CSV (Body ID,articleBody).",
)
_STANCES = click.option(
    "--stances",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="FNC-1 stances CSV (Headline,Body ID,Stance).",
)
_JSON = click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")


@click.command("stance")
@_BODIES
@_STANCES
@_JSON
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the predictions to this CSV.",
)
@click.option(
    "--reader",
    "reader_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="A stance reader (.onnx from 'rashomon train stance-reader') instead of the shipped one.",
)
def stance(
    bodies: Path, stances: Path, as_json: bool, predictions: Path | None, reader_path: Path | None
) -> None:
    """FNC score, accuracy, macro-F1 and per-class F1 of the shipped stance model."""
    from ..story.stance import StanceModel
    from .stance import evaluate_csv, format_table

    model = None
    if reader_path:
        from ..story.stance.reader import Reader

        shipped = StanceModel.load()
        model = StanceModel(shipped.mlp, shipped.idf, reader=Reader(reader_path))
    try:
        result = evaluate_csv(bodies, stances, predictions_out=predictions, model=model)
    except (KeyError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    if as_json:
        keys = ("fnc_score", "accuracy", "macro_f1", "f1", "n")
        click.echo(json.dumps({k: result[k] for k in keys if k in result}, indent=2))
    else:
        click.echo(format_table(result))


@click.command("story")
@_BODIES
@_STANCES
@click.option("--stories", type=int, default=100, show_default=True, help="Stories to sample.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the sample.")
@click.option(
    "--split",
    type=click.Choice(["fnc1", "arc"]),
    default=None,
    help="Keep only the bodies the shipped stance model held out of this dataset (its dev "
    "share), so no story is read off training bodies.",
)
@click.option(
    "--threshold",
    type=float,
    default=None,
    help="Denial threshold (default: the shipped one, rashomon.story.tracked.DENIAL_THRESHOLD).",
)
@click.option("--tune", is_flag=True, help="Also score every threshold from 0.10 to 0.95.")
@click.option(
    "--free",
    type=int,
    default=0,
    show_default=True,
    help="Also run free mode (no claim given: the whole pipeline, the extracted claim most like "
    "the headline is scored) on this many of the stories. Slow: seconds per article.",
)
@_JSON
def story(
    bodies: Path,
    stances: Path,
    stories: int,
    seed: int,
    split: str | None,
    threshold: float | None,
    tune: bool,
    free: int,
    as_json: bool,
) -> None:
    """Tracked-claim verdicts on FNC-1-format stories: a headline with its bodies is a story,
    the headline the tracked claim (ledger macro-F1, denial precision and recall, dispute F1)."""
    from ..story.tracked import DENIAL_THRESHOLD
    from .story import evaluate as evaluate_story

    try:
        result = evaluate_story(
            bodies,
            stances,
            stories=stories,
            seed=seed,
            split=split,
            threshold=DENIAL_THRESHOLD if threshold is None else threshold,
            tune=tune,
            free=free,
        )
    except (KeyError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    keys = ("ledger_macro_f1", "denial_precision", "denial_recall", "denial_f1", "dispute_f1")
    click.echo(
        f"{result['stories']} stories ({result['disputed_stories']} disputed), "
        f"{result['articles']} articles, denial threshold {result['threshold']}"
    )
    for k in keys:
        click.echo(f"{k:18} {result[k]:.4f}")
    if "free_mode" in result:
        fm = result["free_mode"]
        click.echo(
            f"free mode, {fm['stories']} stories: dispute_f1 {fm['dispute_f1']:.4f} "
            f"(cited statements only: {fm['dispute_f1_mentions_only']:.4f})"
        )
    for row in result.get("by_threshold", []):
        click.echo(
            f"  threshold {row['threshold']:.2f}: " + "  ".join(f"{k} {row[k]:.4f}" for k in keys)
        )


@click.command("time")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--corpus",
    default=None,
    help="Only the documents of one corpus of MANIFEST.tsv (TimeBank: train, AQUAINT: dev).",
)
@click.option(
    "--no-parse", is_flag=True, help="Patterns only: skip spaCy's DATE/TIME entities (faster)."
)
@_JSON
def time_expressions(folder: Path, corpus: str | None, no_parse: bool, as_json: bool) -> None:
    """Time expressions and their values on TimeML files (TIMEX3 with a DCT), as TempEval-3
    scores them: extraction strict and relaxed F1, value accuracy and value F1."""
    from .timeml import evaluate_folder, format_table

    try:
        result = evaluate_folder(folder, corpus=corpus, parse=not no_parse)
    except (FileNotFoundError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps(result, indent=2) if as_json else format_table(result))


@click.command("casualties")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_JSON
def casualty_figures(path: Path, as_json: bool) -> None:
    """Casualty figures (killed, wounded) read from annotated sentences (a TSV of doc,
    sentence, killed, wounded, as tests/fixtures/casualties.tsv): precision and recall."""
    from .casualties import evaluate_file, format_table

    try:
        result = evaluate_file(path)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    click.echo(json.dumps(result, indent=2) if as_json else format_table(result))
