"""Run rashomon's attribution extractor on raw text and score it against PolNeAR.

:func:`predict_attributions` is a predictor for :func:`rashomon.evaluate.attribution.score`:
it annotates the *raw* text (no ingest normalisation, so offsets index the string it was
given), runs :func:`rashomon.extract.attribution.extract` and turns every attribution into
(source, cue, content) character spans.

PolNeAR conventions (``polnear=True``, the default)
---------------------------------------------------
Where rashomon and PolNeAR only disagree on *where a span ends*, not on what was said, the
spans are moved to PolNeAR's convention. Each rule was counted on the first 150 train texts:

* One attribution per statement. PolNeAR gives a quotation that runs over several sentences
  one Content (``"A," X said. "B. C."`` is one event with content A..C). rashomon emits one
  attribution per sentence: continuation sentences carry no cue (``_carry_quote``) and
  sentences before a closing ``X said`` repeat its cue (``_backfill_quotes``). Those are merged
  into the attribution they continue; the content becomes the covering span.
* The complementiser belongs to the content: ``said that the plan failed`` -> content
  ``that the plan failed`` (gold: 343 contents start with "that", 4 leave a preceding one out).
* A source with an apposition keeps its closing comma or dash: ``Jane Roe, a senator, said``
  -> source ``Jane Roe, a senator,`` (71 gold sources with an inner comma end in one, 7 don't).
* A colon right after the cue is part of it: ``said:`` (97 to 3).
* An adverb directly before the cue is part of it: ``also said`` (48 to 0 for "also").
* A dateline is not part of the source: ``RENO, Nev. (AP) — Donald Trump`` -> ``Donald Trump``.
* Embedded-tweet markup left in PolNeAR texts is not part of the source either.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import nlp
from ..extract import attribution as attribution_mod
from ..extract.attribution.cue_model import CueModel
from ..model import Article, Attribution
from ..model import Span as ModelSpan
from .attribution import PredictedAttribution, Progress, evaluate_folder

Span = tuple[int, int]

_THAT_BEFORE = re.compile(r"\bthat\s+$")
_APPOSITION = re.compile(r"[,—–]")
_CLOSING_MARK = re.compile(r"[ \t]*[,—–]")
_CUE_ADVERB = re.compile(
    r"\b(?:also|still|just|later|previously|recently|repeatedly|publicly|openly|already|again|"
    r"often|even|then|once|first|further|similarly|quickly)\s+$",
    re.I,
)
_DATELINE = re.compile(r"[A-Z][A-Z .,'-]+(?:,[^—–\n]{0,40})?(?:\([^)]*\))?\s*[—–-]\s+")
_LOOKBACK = 24


def _span(span: ModelSpan | None) -> Span | None:
    if span is None or span.end <= span.start:
        return None
    return span.start, span.end


def extract_raw(
    text: str, article_id: str = "eval", cue_model: CueModel | None = None
) -> list[Attribution]:
    """rashomon's attributions for ``text`` exactly as given (offsets index ``text``)."""
    doc = nlp.parse(text)
    article = Article(id=article_id, path="<eval>", text=text, source_text=text)
    return attribution_mod.extract(article, doc, nlp.sentences(article_id, doc), cue_model)


def _merge_statements(attributions: list[Attribution]) -> list[PredictedAttribution]:
    """One prediction per statement: carried and back-filled quote sentences join their head."""
    out: list[PredictedAttribution] = []
    for a in attributions:
        source, cue, content = _span(a.source), _span(a.cue), _span(a.content)
        if content is None:
            continue
        last = out[-1] if out else None
        continues = (
            last is not None
            and last.content is not None
            and (cue is None or (cue == last.cue and source == last.source))
        )
        if continues and last is not None and last.content is not None:
            last.content = (min(last.content[0], content[0]), max(last.content[1], content[1]))
            continue
        out.append(PredictedAttribution(source=source, cue=cue, content=content))
    return out


def _extend_left(text: str, start: int, pattern: re.Pattern[str]) -> int:
    window = text[max(0, start - _LOOKBACK) : start]
    match = pattern.search(window)
    return start - (len(window) - match.start()) if match else start


def _to_polnear(text: str, p: PredictedAttribution) -> PredictedAttribution:
    source, cue, content = p.source, p.cue, p.content
    if content is not None and cue is not None:
        content = (_extend_left(text, content[0], _THAT_BEFORE), content[1])
    if source is not None:
        # PolNeAR texts keep embedded-tweet markup ('<tweet tweet-author="@x">Name'); an
        # ingested article has none, so the name after the tag is the source.
        tag_end = text.rfind(">", source[0], source[1])
        if tag_end >= 0 and text[tag_end + 1 : source[1]].strip():
            source = (tag_end + 1, source[1])
        dateline = _DATELINE.match(text, source[0], source[1])
        if dateline and dateline.end() < source[1]:
            source = (dateline.end(), source[1])
        if _APPOSITION.search(text, source[0], source[1]):
            mark = _CLOSING_MARK.match(text, source[1])
            if mark and (cue is None or mark.end() <= cue[0]):
                source = (source[0], mark.end())
    if cue is not None:
        end = cue[1] + 1 if text[cue[1] : cue[1] + 1] == ":" else cue[1]
        cue = (_extend_left(text, cue[0], _CUE_ADVERB), end)
    return PredictedAttribution(source=source, cue=cue, content=content)


def convert(
    text: str, attributions: list[Attribution], polnear: bool = True
) -> list[PredictedAttribution]:
    """Attributions as scorer spans; ``polnear`` applies the conventions in the module doc."""
    if not polnear:
        return [
            PredictedAttribution(_span(a.source), _span(a.cue), _span(a.content))
            for a in attributions
        ]
    return [_to_polnear(text, p) for p in _merge_statements(attributions)]


def predict_attributions(
    text: str, polnear: bool = True, cue_model: CueModel | None = None
) -> list[PredictedAttribution]:
    """Predicted (source, cue, content) spans for ``text``; offsets index ``text`` exactly."""
    return convert(text, extract_raw(text, cue_model=cue_model), polnear=polnear)


def evaluate(
    folder: str | Path,
    limit: int | None = None,
    progress: Progress | None = None,
    polnear: bool = True,
    cue_model: CueModel | None = None,
) -> dict[str, Any]:
    """Score :func:`predict_attributions` on a PolNeAR split folder (see ``evaluate_folder``)."""
    return evaluate_folder(
        folder,
        lambda text: predict_attributions(text, polnear, cue_model),
        limit=limit,
        progress=progress,
    )
