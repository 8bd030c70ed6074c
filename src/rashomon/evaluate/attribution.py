"""Score predicted quote attributions (Source, Cue, Content spans) against PolNeAR gold.

What is compared
----------------
* Span level, per role: the set of distinct gold spans of that role in a document against the
  set of distinct predicted spans of that role. A span shared by several attributions (one
  Source entity for two cues) counts once on each side, so repeating a prediction cannot
  inflate precision and re-using a gold span cannot inflate recall.
* Relation level: distinct gold attributions against distinct predicted attributions; a pair
  matches when source, cue and content all match (a role missing on both sides matches; a
  role missing on one side only does not).

Normalisation (identical on gold and predicted spans)
-----------------------------------------------------
* Every span, every role: surrounding whitespace is stripped (``str.isspace``, so U+00A0 too).
* Content only: surrounding quotation marks and punctuation are stripped as well, repeatedly,
  from both ends: ``" “ ” „ ‟ ' ‘ ’ ‚ ‛ « » ‹ › ` . , ; : ! ? … - – — ―``. PolNeAR puts the
  quote marks and the comma/period inside a quotation into the content (``“We have plans,”``)
  but leaves a sentence-final period outside it; an extractor should not win or lose on that.
  If stripping would leave nothing, the whitespace-stripped span is kept (so a content that is
  only punctuation still exists).
* Source and cue keep their punctuation: a colon can be the whole cue (``Pence: ...``).
* A span that is empty after whitespace stripping counts as missing.
* Discontinuous gold spans (``315 448;463 553``): *exact* compares the covering span (first
  fragment start to last fragment end, then normalised); *overlap* uses the union of the
  normalised fragments, so text between fragments (``said Caddell``) earns nothing.
  Predicted spans are single (start, end) pairs.

Matching and scores
-------------------
* exact: normalised (start, end) equal. overlap: at least one character in common.
* One-to-one: true positives are the size of a *maximum* one-to-one matching between gold and
  predicted items (augmenting paths, i.e. never fewer than a greedy pass finds and immune to
  the order in which spans are listed). A gold item matches at most one prediction and vice
  versa, so one long predicted span over three quotes earns one hit, not three.
* Micro-averaged over the corpus: P = tp / predicted, R = tp / gold, F1 harmonic mean. With
  nothing predicted P = 0 (R = 0 with nothing gold), except that nothing predicted against
  nothing gold scores 1.0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .brat import ROLES, GoldDocument, load_polnear

Span = tuple[int, int]
# A role value as scored: normalised fragments (a single one for predictions), or None.
NormRole = tuple[Span, ...] | None
Progress = Callable[[int, int], None]

QUOTES = "\"“”„‟'‘’‚‛«»‹›`"
PUNCTUATION = ".,;:!?…-–—―"
_CONTENT_STRIP = QUOTES + PUNCTUATION
LEVELS = (*ROLES, "relation")
VARIANTS = ("exact", "overlap")


@dataclass
class PredictedAttribution:
    """One extracted attribution; offsets index the text handed to the predictor."""

    source: Span | None
    cue: Span | None
    content: Span | None

    def role(self, name: str) -> Span | None:
        return getattr(self, name)


# --------------------------------------------------------------------------- normalisation


def _strip(text: str, start: int, end: int, role: str) -> Span | None:
    """Shrink (start, end) past whitespace, and for content past quotes/punctuation too."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return None
    if role == "content":
        s, e = start, end
        while s < e and (text[s].isspace() or text[s] in _CONTENT_STRIP):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in _CONTENT_STRIP):
            e -= 1
        if s < e:  # keep punctuation-only content rather than losing the span
            start, end = s, e
    return start, end


def _norm_fragments(text: str, fragments: Iterable[Span] | None, role: str) -> NormRole:
    if not fragments:
        return None
    out = []
    for start, end in sorted(fragments):
        stripped = _strip(text, start, end, role)
        if stripped:
            out.append(stripped)
    return tuple(out) or None


def _cover(fragments: NormRole, text: str, role: str) -> Span | None:
    # Exact comparison uses the covering span of the (already normalised) fragments; stripping
    # again only matters if fragments were out of order, but keeps the rule one-line simple.
    if not fragments:
        return None
    return _strip(text, fragments[0][0], max(e for _, e in fragments), role)


def _check_span(span: Span | None, text: str, doc_id: str) -> Span | None:
    if span is None:
        return None
    start, end = int(span[0]), int(span[1])
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"{doc_id}: predicted span {span} outside text of length {len(text)}")
    return (start, end) if start < end else None


@dataclass(frozen=True)
class _Item:
    """A distinct span (role level) or attribution (relation level), normalised."""

    frags: tuple[NormRole, ...]  # one entry per role compared (1 for span level, 3 for relation)
    covers: tuple[Span | None, ...]


def _item(text: str, roles: Sequence[tuple[str, Iterable[Span] | None]]) -> _Item | None:
    frags = tuple(_norm_fragments(text, value, role) for role, value in roles)
    if all(f is None for f in frags):
        return None
    covers = tuple(_cover(f, text, role) for f, (role, _) in zip(frags, roles, strict=True))
    return _Item(frags, covers)


# -------------------------------------------------------------------------------- matching


def _overlaps(a: NormRole, b: NormRole) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _compatible(gold: _Item, pred: _Item, variant: str) -> bool:
    if variant == "exact":
        return gold.covers == pred.covers
    return all(_overlaps(g, p) for g, p in zip(gold.frags, pred.frags, strict=True))


def max_matching(adjacency: Sequence[Sequence[int]], n_right: int) -> int:
    """Size of a maximum bipartite matching (Kuhn's augmenting paths, iterative DFS).

    ``adjacency[i]`` lists the right vertices left vertex ``i`` may be paired with.
    """
    match_right = [-1] * n_right
    match_left = [-1] * len(adjacency)
    size = 0
    for root in range(len(adjacency)):
        if not adjacency[root]:
            continue
        visited = [False] * n_right
        reached_from: dict[int, int] = {}  # right vertex -> left vertex that reached it
        stack = [(root, 0)]
        free = -1
        while stack and free < 0:
            left, i = stack[-1]
            if i >= len(adjacency[left]):
                stack.pop()
                continue
            stack[-1] = (left, i + 1)
            right = adjacency[left][i]
            if visited[right]:
                continue
            visited[right] = True
            reached_from[right] = left
            if match_right[right] < 0:
                free = right
            else:
                stack.append((match_right[right], 0))
        if free < 0:
            continue
        # Flip the path: every left vertex on it takes the right vertex that reached it.
        right = free
        while True:
            left = reached_from[right]
            previous = match_left[left]
            match_left[left], match_right[right] = right, left
            if left == root:
                break
            right = previous
        size += 1
    return size


def _count_matches(gold: list[_Item], pred: list[_Item], variant: str) -> int:
    adjacency = [[j for j, p in enumerate(pred) if _compatible(g, p, variant)] for g in gold]
    return max_matching(adjacency, len(pred))


def _dedupe(items: Iterable[_Item | None]) -> list[_Item]:
    return list(dict.fromkeys(i for i in items if i is not None))


# --------------------------------------------------------------------------------- scoring


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float]:
    if n_gold == 0 and n_pred == 0:
        return {"p": 1.0, "r": 1.0, "f1": 1.0, "tp": 0}
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f1, "tp": tp}


def _document_items(text: str, attributions: Iterable[Any], gold: bool) -> dict[str, list[_Item]]:
    """Distinct normalised items per level for one document (gold or predicted)."""
    per_level: dict[str, list[_Item | None]] = {level: [] for level in LEVELS}
    for attribution in attributions:
        values: dict[str, Iterable[Span] | None] = {}
        for role in ROLES:
            value = attribution.role(role)
            values[role] = value if gold or value is None else [value]
            per_level[role].append(_item(text, [(role, values[role])]))
        per_level["relation"].append(_item(text, [(role, values[role]) for role in ROLES]))
    return {level: _dedupe(items) for level, items in per_level.items()}


def score(
    gold_docs: Sequence[GoldDocument],
    predict: Callable[[str], list[PredictedAttribution]],
    *,
    progress: Progress | None = None,
    details: bool = False,
) -> dict[str, Any]:
    """Run ``predict`` on every gold text and score it; see the module docstring for the rules.

    ``progress(done, total)`` is called after each document. ``details=True`` adds
    ``per_document``: per-document gold/predicted/tp counts, to find where an extractor fails.
    """
    tp = {level: dict.fromkeys(VARIANTS, 0) for level in LEVELS}
    n_gold = dict.fromkeys(LEVELS, 0)
    n_pred = dict.fromkeys(LEVELS, 0)
    per_document = []
    for index, doc in enumerate(gold_docs):
        predicted = [
            PredictedAttribution(*(_check_span(getattr(p, r), doc.text, doc.doc_id) for r in ROLES))
            for p in predict(doc.text)
        ]
        gold_items = _document_items(doc.text, doc.attributions, gold=True)
        pred_items = _document_items(doc.text, predicted, gold=False)
        row: dict[str, Any] = {"doc_id": doc.doc_id}
        for level in LEVELS:
            n_gold[level] += len(gold_items[level])
            n_pred[level] += len(pred_items[level])
            row[level] = {"gold": len(gold_items[level]), "predicted": len(pred_items[level])}
            for variant in VARIANTS:
                hits = _count_matches(gold_items[level], pred_items[level], variant)
                tp[level][variant] += hits
                row[level][variant] = hits
        per_document.append(row)
        if progress is not None:
            progress(index + 1, len(gold_docs))
    result: dict[str, Any] = {
        level: {v: _prf(tp[level][v], n_gold[level], n_pred[level]) for v in VARIANTS}
        for level in LEVELS
    }
    result["documents"] = len(gold_docs)
    result["gold"] = n_gold
    result["predicted"] = n_pred
    if details:
        result["per_document"] = per_document
    return result


def evaluate_folder(
    folder: str | Path,
    predict: Callable[[str], list[PredictedAttribution]],
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Load a PolNeAR split folder (first annotator per text) and score ``predict`` on it.

    ``limit`` keeps the first N documents in ``doc_id`` order (a quick, repeatable subset).
    """
    docs = load_polnear(folder)
    if limit is not None:
        docs = docs[:limit]
    result = score(docs, predict, progress=progress)
    result["folder"] = str(folder)
    return result


def format_table(result: dict[str, Any]) -> str:
    """Human-readable table of a :func:`score` result."""
    header = (
        f"{'level':<9} {'gold':>6} {'pred':>6} | {'exact P':>7} {'R':>6} {'F1':>6} |"
        f" {'overlap P':>9} {'R':>6} {'F1':>6}"
    )
    lines = [f"Attribution scores over {result['documents']} documents", header, "-" * len(header)]
    for level in LEVELS:
        ex, ov = result[level]["exact"], result[level]["overlap"]
        lines.append(
            f"{level:<9} {result['gold'][level]:>6} {result['predicted'][level]:>6} |"
            f" {ex['p']:>7.3f} {ex['r']:>6.3f} {ex['f1']:>6.3f} |"
            f" {ov['p']:>9.3f} {ov['r']:>6.3f} {ov['f1']:>6.3f}"
        )
    return "\n".join(lines)


# ------------------------------------------------------------------------ baseline (floor)


def baseline_predict(text: str) -> list[PredictedAttribution]:
    """A deliberately naive predictor, kept as the floor any extractor must beat.

    cue = ``said``/``says``/``told``; source = the run of capitalised words just before it
    (e.g. ``Mr. Trump``, ``He``); content = the rest of the sentence after the cue (after an
    optional ``that``); when only capitalised words follow the cue (``..., said Mr. Smith.``)
    they are the source and the sentence part before the cue is the content.
    """
    out: list[PredictedAttribution] = []
    for cue in re.finditer(r"\b(?:said|says|told)\b", text):
        line_start = text.rfind("\n", 0, cue.start()) + 1
        line_end = text.find("\n", cue.end())
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start : cue.start()]
        boundary = max((m.end() for m in re.finditer(r"[.!?][\"”’]?\s", before)), default=0)
        sentence_start = line_start + boundary
        after = re.search(r"[.!?](?=[\"”’]?(?:\s|$))", text[cue.end() : line_end])
        sentence_end = cue.end() + after.start() if after else line_end
        source_match = re.search(
            r"((?:[A-Z][\w.'’-]*\s+)*[A-Z][\w.'’-]*)\s+$", text[sentence_start : cue.start()]
        )
        source = None
        if source_match:
            source = (sentence_start + source_match.start(1), sentence_start + source_match.end(1))
        content: Span | None
        inverted = re.fullmatch(
            r"\s*((?:[A-Z][\w.'’-]*\s*)+?)[\s,]*", text[cue.end() : sentence_end]
        )
        if inverted:
            source = (cue.end() + inverted.start(1), cue.end() + inverted.end(1))
            content = (sentence_start, cue.start()) if sentence_start < cue.start() else None
        else:
            that = re.match(r"\s*(?:that\s+)?", text[cue.end() : sentence_end])
            content_start = cue.end() + (that.end() if that else 0)
            content = (content_start, sentence_end) if content_start < sentence_end else None
        out.append(
            PredictedAttribution(source=source, cue=(cue.start(), cue.end()), content=content)
        )
    return out
