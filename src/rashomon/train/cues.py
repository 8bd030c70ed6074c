"""Train the cue model (:mod:`rashomon.extract.attribution.cue_model`) on a PolNeAR-format folder.

A training example is a candidate word (verb, auxiliary, noun, adjective) of a parsed gold
document; it is positive when it is the syntactic head of a gold cue span (the first token of
the span whose head lies outside it: "made" in "made it clear", "are" in "are optimistic").
Cues that are not candidates ("according to", a headline colon) stay with the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Token

from .. import nlp
from ..evaluate.brat import GoldDocument, load_polnear
from ..extract.attribution import inside_quote, quote_regions
from ..extract.attribution.cue_model import CueModel, features, fit, hashed, is_candidate
from ..extract.attribution.cue_refiner import DIM, TRAIN_BAND, Refiner, States, TokenVectors
from ..extract.attribution.cue_refiner import fit as fit_refiner

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
    rows, labels, _ = _candidates(doc, gold)
    return rows, labels


def _candidates(doc: Doc, gold: GoldDocument) -> tuple[list[np.ndarray], list[bool], list[Token]]:
    quotes = quote_regions(doc.text)
    heads = cue_heads(doc, (a.cue for a in gold.attributions))
    rows, labels, tokens = [], [], []
    for t in doc:
        if not is_candidate(t):
            continue
        rows.append(hashed(features(t, inside_quote(quotes, t))))
        labels.append(t.i in heads)
        tokens.append(t)
    return rows, labels, tokens


def train(
    folder: str | Path,
    *,
    threshold: float = 0.35,
    epochs: int = 10,
    lr: float = 0.05,
    limit: int | None = None,
    refine: bool = True,
    folds: int = 5,
    progress: Progress | None = None,
    states: States | None = None,
) -> tuple[CueModel, dict[str, int]]:
    """Parse every gold document of ``folder`` and fit the cue model; returns it and counts.

    With ``refine`` the MiniLM refiner (:mod:`rashomon.extract.attribution.cue_refiner`) is
    trained too: on the words whose *out-of-fold* sparse probability (``folds`` folds by
    document) lies in its band, so it learns to correct the sparse model as it behaves on text
    it has not seen.
    ``states``: the word-piece reader for MiniLM (default: the shared embedder).
    """
    gold = load_polnear(folder)[:limit]
    rows: list[np.ndarray] = []
    labels: list[bool] = []
    tokens: list[Token] = []
    owner: list[int] = []
    # The same parse as at run time (title-case headlines read in sentence case).
    docs = nlp.annotate((g.text for g in gold), n_process=1)
    for i, (g, doc) in enumerate(zip(gold, docs, strict=True)):
        r, y, toks = _candidates(doc, g)
        rows += r
        labels += y
        tokens += toks
        owner += [i] * len(r)
        if progress:
            progress(i + 1, len(gold))
    if not rows:
        raise ValueError(f"no annotated documents in {folder}")
    y_all = np.array(labels)
    model = fit(rows, y_all, epochs=epochs, lr=lr)
    model.threshold = threshold
    counts = {"documents": len(gold), "candidates": len(rows), "cues": int(sum(labels))}
    folds = min(folds, len(gold))
    if refine and folds >= 2:
        model.refiner, counts["refiner_examples"] = _train_refiner(
            rows, y_all, tokens, np.array(owner), folds=folds, epochs=epochs, lr=lr, states=states
        )
    return model, counts


def _train_refiner(
    rows: list[np.ndarray],
    labels: np.ndarray,
    tokens: list[Token],
    owner: np.ndarray,
    *,
    folds: int,
    epochs: int,
    lr: float,
    states: States | None,
) -> tuple[Refiner | None, int]:
    """Out-of-fold sparse probabilities, MiniLM vectors of the words in the band, the MLP."""
    oof = np.zeros(len(rows))
    for k in range(folds):
        held = np.flatnonzero(owner % folds == k)
        kept = np.flatnonzero(owner % folds != k)
        fold_model = fit([rows[i] for i in kept], labels[kept], epochs=epochs, lr=lr)
        oof[held] = fold_model.score([rows[i] for i in held])
    band = np.flatnonzero((oof >= TRAIN_BAND[0]) & (oof < TRAIN_BAND[1]))
    if not len(band) or labels[band].all() or not labels[band].any():
        return None, 0  # nothing uncertain to learn from (a tiny or one-sided folder)
    if states is None:
        from ..nlp.embeddings import default_embedder

        states = default_embedder().token_states
    vecs = np.zeros((len(band), DIM), dtype=np.float32)
    seen = np.zeros(len(band), dtype=bool)
    # One TokenVectors per document, so each document's band sentences go to MiniLM in a batch.
    by_doc: dict[int, list[int]] = {}
    for k, i in enumerate(band):
        by_doc.setdefault(int(owner[i]), []).append(k)
    for ks in by_doc.values():
        toks = [tokens[band[k]] for k in ks]
        reader = TokenVectors(toks[0].doc, states, {t.sent.start for t in toks})
        v, m = reader(toks)
        vecs[ks], seen[ks] = v, m
    keep = band[seen]
    if not len(keep):
        return None, 0
    return fit_refiner(vecs[seen], oof[keep], labels[keep]), len(keep)
