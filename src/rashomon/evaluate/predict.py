"""Run rashomon's attribution extractor on raw text and score it against PolNeAR.

:func:`predict_attributions` is a predictor for :func:`rashomon.evaluate.attribution.score`:
it annotates the *raw* text (no ingest normalisation, so offsets index the string it was
given), runs :func:`rashomon.attribution.extract` and turns every attribution into
(source, cue, content) character spans.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rashomon import attribution as attribution_mod
from rashomon import nlp
from rashomon.evaluate.attribution import PredictedAttribution, Progress, evaluate_folder
from rashomon.model import Article, Attribution
from rashomon.model import Span as ModelSpan

Span = tuple[int, int]


def _span(span: ModelSpan | None) -> Span | None:
    if span is None or span.end <= span.start:
        return None
    return span.start, span.end


def extract_raw(text: str, article_id: str = "eval") -> list[Attribution]:
    """rashomon's attributions for ``text`` exactly as given (offsets index ``text``)."""
    doc = nlp.load()(text)
    article = Article(id=article_id, path="<eval>", text=text, source_text=text)
    return attribution_mod.extract(article, doc, nlp.sentences(article_id, doc))


def convert(text: str, attributions: list[Attribution]) -> list[PredictedAttribution]:
    """Attributions as scorer spans: source, cue and content offsets, nothing else changed."""
    return [
        PredictedAttribution(source=_span(a.source), cue=_span(a.cue), content=_span(a.content))
        for a in attributions
    ]


def predict_attributions(text: str) -> list[PredictedAttribution]:
    """Predicted (source, cue, content) spans for ``text``; offsets index ``text`` exactly."""
    return convert(text, extract_raw(text))


def evaluate(
    folder: str | Path, limit: int | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Score :func:`predict_attributions` on a PolNeAR split folder (see ``evaluate_folder``)."""
    return evaluate_folder(folder, predict_attributions, limit=limit, progress=progress)
