"""Train the cue model (:mod:`rashomon.cue_model`) on a PolNeAR-format folder.

A training example is a candidate word (verb, auxiliary, noun, adjective) of a parsed gold
document; it is positive when it is the syntactic head of a gold cue span (the first token of
the span whose head lies outside it: "made" in "made it clear", "are" in "are optimistic").
Cues that are not candidates ("according to", a headline colon) stay with the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Doc

from . import nlp
from .attribution import inside_quote, quote_regions
from .cue_model import CueModel, features, fit, hashed, is_candidate
from .evaluate.brat import GoldDocument, load_polnear

Progress = Callable[[int, int], None]


def cue_heads(doc: Doc, cues: Iterable[Sequence[tuple[int, int]] | None]) -> set[int]:
    """Token indices heading each gold cue span (one per cue)."""
    heads: set[int] = set()
    for fragments in cues:
        if not fragments:
            continue
        toks: set[int] = set()
        for start, end in fragments:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                toks.update(t.i for t in span)
        for i in sorted(toks):
            if doc[i].head.i not in toks or doc[i].head.i == i:
                heads.add(i)
                break
    return heads


def examples(doc: Doc, gold: GoldDocument) -> tuple[list[np.ndarray], list[bool]]:
    """Hashed feature rows and labels for every candidate word of one parsed document."""
    quotes = quote_regions(doc.text)
    heads = cue_heads(doc, (a.cue for a in gold.attributions))
    rows, labels = [], []
    for t in doc:
        if not is_candidate(t):
            continue
        rows.append(hashed(features(t, inside_quote(quotes, t))))
        labels.append(t.i in heads)
    return rows, labels


def train(
    folder: str | Path,
    *,
    threshold: float = 0.4,
    epochs: int = 10,
    lr: float = 0.05,
    limit: int | None = None,
    progress: Progress | None = None,
) -> tuple[CueModel, dict[str, int]]:
    """Parse every gold document of ``folder`` and fit the cue model; returns it and counts."""
    gold = load_polnear(folder)[:limit]
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    parser = nlp.load()
    for i, (g, doc) in enumerate(zip(gold, parser.pipe(g.text for g in gold), strict=True)):
        r, y = examples(doc, g)
        rows += r
        labels += y
        if progress:
            progress(i + 1, len(gold))
    if not rows:
        raise ValueError(f"no annotated documents in {folder}")
    model = fit(rows, np.array(labels), epochs=epochs, lr=lr)
    model.threshold = threshold
    return model, {"documents": len(gold), "candidates": len(rows), "cues": int(sum(labels))}
