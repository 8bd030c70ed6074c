"""ECB+ commands: ``evaluate entities`` and ``evaluate alignment``, with topic ranges."""

from __future__ import annotations

import json
import re
from pathlib import Path

import click

TOPICS_HELP = "Topics as numbers and ranges, e.g. 23-25 or 1-22,26 (default: all)."


def parse_topics(spec: str | None) -> list[int] | None:
    """ "1-22,26" -> [1, ..., 22, 26]; None for all topics. Raises ValueError on bad input."""
    if not spec:
        return None
    out: list[int] = []
    for part in spec.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m:
            raise ValueError(f"bad topic range {part.strip()!r} (write e.g. 23-25 or 1-22,26)")
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if hi < lo:
            raise ValueError(f"bad topic range {part.strip()!r}: {hi} < {lo}")
        out.extend(range(lo, hi + 1))
    return list(dict.fromkeys(out))


def _topics(spec: str | None) -> list[int] | None:
    try:
        return parse_topics(spec)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc


def _coref_eval(
    module: str, folder: Path, topics: str | None, as_json: bool, gold_key: str, **kwargs: object
) -> None:
    """Run an ECB+ coreference evaluation (entities or events) and print it."""
    import importlib

    mod = importlib.import_module(f"rashomon.evaluate.{module}")
    wanted = _topics(topics)
    try:
        result = mod.evaluate_folder(folder, topics=wanted, **kwargs)
    except (FileNotFoundError, ValueError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    if as_json:
        keys = (
            "conll_f1",
            "muc",
            "b3",
            "ceafe",
            "baseline_conll_f1",
            "baseline",
            "topics",
            "mentions",
            gold_key,
        )
        click.echo(json.dumps({k: result[k] for k in keys if k in result}, indent=2))
    else:
        click.echo(mod.format_table(result))


@click.command("entities")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--topics", default=None, help=TOPICS_HELP)
def evaluate_entities(folder: Path, as_json: bool, topics: str | None) -> None:
    """Cross-document entity coreference on ECB+ (gold mentions): MUC, B3, CEAF-e, CoNLL F1."""
    _coref_eval("ecbplus", folder, topics, as_json, "gold_entities")


@click.command("alignment")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--topics", default=None, help=TOPICS_HELP)
@click.option(
    "--cache",
    "cache_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Keep spaCy parses here between runs.",
)
def evaluate_alignment(
    folder: Path, as_json: bool, topics: str | None, cache_dir: Path | None
) -> None:
    """Cross-document event coreference on ECB+ (gold event mentions), clustered by rashomon."""
    _coref_eval("ecb_events", folder, topics, as_json, "gold_events", cache_dir=cache_dir)
