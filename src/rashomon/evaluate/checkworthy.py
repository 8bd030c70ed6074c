"""Scoring the check-worthiness model on ClaimBuster and CLEF-2019 CheckThat! data.

Two formats, two measures, as each dataset's own papers report them:

- **ClaimBuster** (a JSON list of ``{sentence_id, label, text}``): precision, recall and F1 of
  the check-worthy class at the model's threshold. Sentences are scored one by one.
- **CLEF-2019 task 1** (a folder of transcripts, one ``.tsv`` each: line, speaker, sentence,
  label): mean average precision (MAP) of each transcript's sentences ranked by score. A
  fact-checker reads down the ranking; what counts is how early the check-worthy lines come.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..extract.checkworthy import CheckWorthiness

# (text, label, group): the group is the sentence id (ClaimBuster) or the transcript (CLEF).
Example = tuple[str, int, str]
CLAIMBUSTER_KEYS = ("sentence_id", "label", "text")


def read_claimbuster(path: str | Path) -> list[Example]:
    """ClaimBuster sentences; the group is the sentence id. Raises ValueError on bad input."""
    path = Path(path)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not JSON ({exc.msg}, line {exc.lineno})") from exc
    if not isinstance(rows, list) or not rows:
        raise ValueError(
            f"{path}: expected a non-empty JSON list of {{{', '.join(CLAIMBUSTER_KEYS)}}}"
        )
    out = []
    for i, row in enumerate(rows):
        missing = [k for k in CLAIMBUSTER_KEYS if not isinstance(row, dict) or k not in row]
        if missing:
            raise ValueError(f"{path}: item {i} has no {', '.join(map(repr, missing))}")
        out.append(
            (
                str(row["text"]).strip(),
                _label(row["label"], f"{path}: item {i}"),
                str(row["sentence_id"]),
            )
        )
    return out


def read_clef(path: str | Path) -> list[Example]:
    """CLEF-2019 task 1 sentences from a folder of ``.tsv`` transcripts (or one); the group is
    the transcript's file name. Raises ValueError on bad input."""
    path = Path(path)
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .tsv transcripts in this folder")
    out: list[Example] = []
    for file in files:
        lines = file.read_text(encoding="utf-8").splitlines()
        rows = [line for line in lines if line.strip()]
        if not rows:
            raise ValueError(f"{file}: empty transcript")
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                raise ValueError(
                    f"{file}:{n}: expected 4 tab-separated fields (line, speaker, sentence, "
                    f"label), found {len(fields)}"
                )
            out.append((fields[2].strip(), _label(fields[3].strip(), f"{file}:{n}"), file.name))
    return out


def _label(value: object, where: str) -> int:
    if str(value) not in ("0", "1"):
        raise ValueError(f"{where}: label must be 0 or 1, not {value!r}")
    return int(str(value))


def precision_recall_f1(labels: np.ndarray, predicted: np.ndarray) -> tuple[float, float, float]:
    """Of the positive class."""
    tp = float(np.sum(labels.astype(bool) & predicted.astype(bool)))
    precision = tp / max(float(predicted.sum()), 1.0)
    recall = tp / max(float(labels.sum()), 1.0)
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return precision, recall, f1


def best_threshold(labels: np.ndarray, scores: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1 of the positive class, and that F1.

    Every score is a candidate cut (predict positive at or above it); the threshold returned is
    halfway to the next lower score, so it does not sit on one training example.
    """
    order = np.argsort(-scores, kind="stable")
    ranked, hits = scores[order], labels[order].astype(np.float64)
    tp = np.cumsum(hits)
    f1 = 2 * tp / (np.arange(1, len(hits) + 1) + hits.sum())
    # Only cut between distinct scores: ties are all in or all out.
    last_of_tie = np.append(ranked[1:] != ranked[:-1], True)
    f1 = np.where(last_of_tie, f1, -1.0)
    k = int(np.argmax(f1))
    below = ranked[k + 1] if k + 1 < len(ranked) else 0.0
    return float((ranked[k] + below) / 2), float(f1[k])


def average_precision(labels: np.ndarray, scores: np.ndarray) -> float:
    """Mean of the precision at each positive's rank (ties in input order); NaN if none."""
    if not labels.any():
        return float("nan")
    hits = labels[np.argsort(-scores, kind="stable")].astype(np.float64)
    precision_at = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision_at * hits).sum() / hits.sum())


def mean_average_precision(labels: np.ndarray, scores: np.ndarray, groups: Sequence[str]) -> float:
    """MAP over groups (transcripts); groups without a check-worthy line have no AP and are
    left out."""
    groups_arr = np.asarray(groups)
    aps = [
        average_precision(labels[groups_arr == g], scores[groups_arr == g])
        for g in dict.fromkeys(groups)
    ]
    aps = [ap for ap in aps if not np.isnan(ap)]
    return float(np.mean(aps)) if aps else float("nan")


def evaluate(path: str | Path, model: CheckWorthiness | None = None) -> dict[str, Any]:
    """Scores on a ClaimBuster JSON file, or on a CLEF folder / ``.tsv`` file."""
    path = Path(path)
    model = model or CheckWorthiness.load()
    is_clef = path.is_dir() or path.suffix.lower() == ".tsv"
    examples = read_clef(path) if is_clef else read_claimbuster(path)
    labels = np.array([label for _, label, _ in examples])
    scores = model.score([text for text, _, _ in examples])
    if is_clef:
        groups = [g for _, _, g in examples]
        return {
            "format": "clef",
            "map": mean_average_precision(labels, scores, groups),
            "files": len(set(groups)),
            "n": len(examples),
            "positives": int(labels.sum()),
        }
    precision, recall, f1 = precision_recall_f1(labels, scores >= model.threshold)
    return {
        "format": "claimbuster",
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "threshold": model.threshold,
        "n": len(examples),
        "positives": int(labels.sum()),
    }


def format_table(result: dict[str, Any]) -> str:
    if result.get("format") == "clef":
        lines = [
            f"transcripts  {result['files']}",
            f"sentences    {result['n']} ({result['positives']} check-worthy)",
            f"MAP          {result['map']:.4f}",
        ]
    else:
        lines = [
            f"sentences    {result['n']} ({result['positives']} check-worthy)",
            f"threshold    {result['threshold']:.3f}",
            f"precision    {result['precision']:.4f}",
            f"recall       {result['recall']:.4f}",
            f"F1           {result['f1']:.4f}",
        ]
    return "\n".join(lines)
