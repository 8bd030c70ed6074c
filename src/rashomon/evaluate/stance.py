"""FNC-1 scoring: the official weighted score plus accuracy and per-class / macro F1."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..story.stance.model import LABELS

RELATED = frozenset(LABELS[:3])


Rows = list[tuple[str, str, str]]


def read_dataset(bodies_csv: Path, stances_csv: Path) -> tuple[dict[str, str], Rows]:
    """FNC-1 format: bodies (Body ID, articleBody), stances (Headline, Body ID[, Stance])."""
    with open(bodies_csv, encoding="utf-8", newline="") as f:
        bodies = {r["Body ID"]: r["articleBody"] for r in csv.DictReader(f)}
    with open(stances_csv, encoding="utf-8", newline="") as f:
        rows = [(r["Headline"], r["Body ID"], r.get("Stance", "")) for r in csv.DictReader(f)]
    return bodies, rows


def fnc_points(gold: str, pred: str) -> float:
    """The official scorer: 0.25 for getting related vs unrelated right, +0.75 for the exact
    label of a related pair (a wrong related label still earns the 0.25)."""
    score = 0.0
    if gold == pred:
        score += 0.25
        if gold != "unrelated":
            score += 0.50
    if gold in RELATED and pred in RELATED:
        score += 0.25
    return score


def class_prf(gold: Sequence[Any], pred: Sequence[Any], label: Any) -> tuple[float, float, float]:
    """Precision, recall and F1 of one class (0.0 where undefined)."""
    tp = sum(g == label and p == label for g, p in zip(gold, pred))
    n_pred, n_gold = sum(p == label for p in pred), sum(g == label for g in gold)
    prec = tp / n_pred if n_pred else 0.0
    rec = tp / n_gold if n_gold else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """``fnc_score`` is a percentage of the best possible score on this gold set."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    got = sum(fnc_points(g, p) for g, p in zip(gold, pred))
    best = sum(fnc_points(g, g) for g in gold)
    f1 = {c: class_prf(gold, pred, c)[2] for c in LABELS}
    return {
        "n": len(gold),
        "fnc_score": 100.0 * got / best if best else 0.0,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else 0.0,
        "macro_f1": sum(f1.values()) / len(f1),
        "f1": f1,
    }


def evaluate_csv(
    bodies_csv: str | Path,
    stances_csv: str | Path,
    *,
    predictions_out: str | Path | None = None,
    model: Any = None,
) -> dict[str, Any]:
    """Predict every (Headline, Body ID) row of an FNC-1 format pair of CSVs and score it."""
    from ..story.stance.model import StanceModel

    bodies, rows = read_dataset(Path(bodies_csv), Path(stances_csv))
    model = model or StanceModel.load()
    preds = model.predict([(h, bodies[b]) for h, b, _ in rows])
    if predictions_out:
        with open(predictions_out, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Headline", "Body ID", "Stance", "Probability"])
            for (h, b, _), (lab, p) in zip(rows, preds):
                w.writerow([h, b, lab, f"{p:.4f}"])
    return score([s for _, _, s in rows], [lab for lab, _ in preds])


def format_table(result: dict[str, Any]) -> str:
    lines = [
        f"pairs      {result['n']}",
        f"FNC score  {result['fnc_score']:.2f}",
        f"accuracy   {result['accuracy']:.4f}",
        f"macro F1   {result['macro_f1']:.4f}",
        "",
        "class      F1",
    ]
    lines += [f"{c:<10} {v:.4f}" for c, v in result["f1"].items()]
    return "\n".join(lines)
