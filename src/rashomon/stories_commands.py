"""Story finding commands: ``evaluate stories`` and ``train stories``."""

from __future__ import annotations

import json
from pathlib import Path

import click

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
_DIR = click.Path(exists=True, file_okay=False, path_type=Path)
SPLITS = click.Choice(["dev", "train", "all"])


def _gold_sets(
    bodies: Path | None, stances: Path | None, ecbplus: Path | None, split: str
) -> dict[str, list]:  # type: ignore[type-arg]
    """The gold story sets the options name, for ``split``; exits 2 on bad input."""
    from .evaluate.stories import ecb_articles, fnc_articles

    if (bodies is None) != (stances is None):
        raise click.UsageError("--bodies and --stances go together")
    if bodies is None and ecbplus is None:
        raise click.UsageError("give --bodies and --stances, or --ecbplus")
    sets = {}
    try:
        if bodies is not None and stances is not None:
            sets["fnc1"] = fnc_articles(bodies, stances, split)
        if ecbplus is not None:
            sets["ecbplus"] = ecb_articles(ecbplus, split)
    except (KeyError, ValueError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    return sets


@click.command("stories")
@click.option("--bodies", type=_FILE, default=None, help="FNC-1 bodies CSV (Body ID, articleBody).")
@click.option(
    "--stances", type=_FILE, default=None, help="FNC-1 stances CSV (Headline, Body ID, Stance)."
)
@click.option("--ecbplus", type=_DIR, default=None, help="ECB+ folder (topic sub-folders).")
@click.option("--split", type=SPLITS, default="dev", show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the stream order.")
@click.option(
    "--model",
    "model_path",
    type=_FILE,
    default=None,
    help="Weights from 'rashomon train stories' instead of the shipped ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per data set.")
def evaluate_stories(
    bodies: Path | None,
    stances: Path | None,
    ecbplus: Path | None,
    split: str,
    seed: int,
    model_path: Path | None,
    as_json: bool,
) -> None:
    """Find stories in a stream of FNC-1 bodies or ECB+ documents; B3 and ARI against gold.

    FNC-1: gold stories are the connected groups of headlines and related bodies, split by
    body as the stance model is. ECB+: each sub-topic is a story; train topics 1-22, dev
    23-35.
    """
    from .evaluate.stories import evaluate_stream, format_table
    from .track import PairModel, StoryTracker

    results = {}
    for name, gold in _gold_sets(bodies, stances, ecbplus, split).items():
        tracker = None
        if model_path is not None:
            model, settings = PairModel.load(model_path)
            tracker = StoryTracker(model, settings)
        results[name] = evaluate_stream(gold, seed=seed, tracker=tracker)
    if as_json:
        out = next(iter(results.values())) if len(results) == 1 else results
        click.echo(json.dumps(out, indent=2))
        return
    for name, result in results.items():
        click.echo(f"{name} ({split})\n{format_table(result)}")


@click.command("stories")
@click.option("--bodies", type=_FILE, default=None, help="FNC-1 bodies CSV.")
@click.option("--stances", type=_FILE, default=None, help="FNC-1 stances CSV.")
@click.option("--ecbplus", type=_DIR, default=None, help="ECB+ folder (topic sub-folders).")
@click.option(
    "-o",
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Write the weights and threshold here (.json).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the stream order.")
@click.option(
    "--cache",
    "cache_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Embedding cache (.npz) kept between runs.",
)
def train_stories(
    bodies: Path | None,
    stances: Path | None,
    ecbplus: Path | None,
    out_path: Path,
    seed: int,
    cache_path: Path | None,
) -> None:
    """Fit the story tracker's pair model on the train split; choose its threshold on dev."""
    from .track.training import train

    result = train(
        _gold_sets(bodies, stances, ecbplus, "train"),
        _gold_sets(bodies, stances, ecbplus, "dev"),
        out_path,
        seed=seed,
        cache_path=cache_path,
        progress=lambda msg: click.echo(msg, err=True),
    )
    click.echo(f"wrote {out_path}")
    click.echo(f"threshold {result['threshold']}")
    for name, f1 in result["dev_b3_f1"].items():
        click.echo(f"{name} dev B3 F1 {f1:.3f}")
