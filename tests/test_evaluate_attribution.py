"""Tests for the PolNeAR loader and the attribution scorer.

The fixtures under ``fixtures/polnear_mini`` are two hand-written articles in PolNeAR's BRAT
layout, small enough that every expected count below can be checked by hand:

alpha (annotator files ``_aaaa`` and ``_bbbb``; the loader must keep ``_aaaa``)
    E1 Roe | : | Plan Will Fail.                     (headline)
    E2 Senator Jane Roe | said | that the plan would fail
    E3 Roe | said | "We will fight it," + "every step of the way."   (discontinuous)
    E4 She | added | that voters agree
beta (``_c0de``)
    E1 Critics | have said | the law is unfair
    E2 The mayor, Tom Poe, | told | the city\\nwould appeal   (newline inside the span)
    E3 (same Source entity) | called | the ruling + Content2 "a disgrace."
    E4 Attribution-no-source, no Cue role: cue comes from the trigger "is widely believed"
    E5 bare trigger, dropped; a Discard entity and an annotator note, ignored

Distinct gold spans: source 6 (beta's Source entity is shared), cue 8, content 8, relation 8.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rashomon.evaluate.attribution import (
    PredictedAttribution,
    baseline_predict,
    evaluate_folder,
    format_table,
    max_matching,
    score,
)
from rashomon.evaluate.brat import GoldDocument, load_polnear, parse_ann

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "polnear_mini"
POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
LEVELS = ("source", "cue", "content", "relation")

Predictor = Callable[[str], list[PredictedAttribution]]


def _cover(fragments: list[tuple[int, int]] | None) -> tuple[int, int] | None:
    return (fragments[0][0], fragments[-1][1]) if fragments else None


def _oracle(docs: list[GoldDocument]) -> Predictor:
    """Predict exactly the gold (covering spans), looked up by text."""
    by_text = {doc.text: doc for doc in docs}

    def predict(text: str) -> list[PredictedAttribution]:
        return [
            PredictedAttribution(_cover(a.source), _cover(a.cue), _cover(a.content))
            for a in by_text[text].attributions
        ]

    return predict


def _from_table(table: dict[str, list[PredictedAttribution]]) -> Predictor:
    return lambda text: table.get(text, [])


@pytest.fixture()
def docs() -> list[GoldDocument]:
    return load_polnear(FIXTURES)


def _doc(docs: list[GoldDocument], prefix: str) -> GoldDocument:
    return next(d for d in docs if d.doc_id.startswith(prefix))


def _span(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return index, index + len(needle)


# ------------------------------------------------------------------------------ loader


def test_loader_picks_first_annotator_and_reads_all_roles(docs: list[GoldDocument]) -> None:
    assert [d.doc_id for d in docs] == [
        "alpha_2016-09-01_roe-says-plan-will-fail",
        "beta_2016-09-02_mayor-to-appeal-ruling",
    ]
    alpha, beta = docs
    assert alpha.annotation_file.endswith("_aaaa.ann") and alpha.annotator == "aaaa"
    assert len(alpha.attributions) == 4 and len(beta.attributions) == 4

    headline = alpha.attributions[0]
    assert alpha.text[slice(*headline.cue[0])] == ":"
    assert alpha.text[slice(*headline.content[0])] == "Plan Will Fail."

    split_quote = alpha.attributions[2]
    assert [alpha.text[s:e] for s, e in split_quote.content] == [
        '"We will fight it,"',
        '"every step of the way."',
    ]

    told, called, believed = beta.attributions[1:]
    assert beta.text[slice(*told.content[0])] == "the city\nwould appeal"
    assert told.source == called.source  # one shared Source entity
    assert [beta.text[s:e] for s, e in called.content] == ["the ruling", '"a disgrace."']
    assert believed.source is None and believed.label == "Attribution-no-source"
    assert beta.text[slice(*believed.cue[0])] == "is widely believed"  # from the trigger


def test_loader_all_annotators_and_bad_folder() -> None:
    every = load_polnear(FIXTURES, all_annotators=True)
    assert [d.annotator for d in every] == ["aaaa", "bbbb", "c0de"]
    assert len(every[1].attributions) == 1
    with pytest.raises(FileNotFoundError, match="pass one of them"):
        load_polnear(FIXTURES.parent)


def test_parse_ann_skips_continuation_lines_and_notes() -> None:
    entities, events = parse_ann(
        "T1\tContent 0 5;7 9\tab\ncd\n#1\tAnnotatorNotes T1\tx\nE1\tAttribution:T1 Content:T1\n"
    )
    assert entities["T1"].fragments == [(0, 5), (7, 9)]
    assert (entities["T1"].start, entities["T1"].end) == (0, 9)
    assert [(e.event_id, e.trigger, e.roles) for e in events] == [("E1", "T1", [("Content", "T1")])]


# ------------------------------------------------------------------------------ scoring


def test_perfect_prediction_scores_one_everywhere(docs: list[GoldDocument]) -> None:
    result = score(docs, _oracle(docs))
    assert result["documents"] == 2
    assert result["gold"] == {"source": 6, "cue": 8, "content": 8, "relation": 8}
    assert result["predicted"] == result["gold"]
    for level in LEVELS:
        for variant in ("exact", "overlap"):
            assert result[level][variant]["f1"] == 1.0, (level, variant)


def _shift(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    # Move the start one character past the first letter (left for one-character spans such
    # as ":"): skipping only an opening quote would not change the normalised content.
    if span is None:
        return None
    start, end = span
    if end - start == 1:
        return start - 1, end
    while not text[start].isalnum():
        start += 1
    return start + 1, end


def test_shifted_spans_miss_exact_but_hit_overlap(docs: list[GoldDocument]) -> None:
    oracle = _oracle(docs)

    def shifted(text: str) -> list[PredictedAttribution]:
        return [
            PredictedAttribution(
                _shift(text, p.source), _shift(text, p.cue), _shift(text, p.content)
            )
            for p in oracle(text)
        ]

    result = score(docs, shifted)
    for level in LEVELS:
        assert result[level]["exact"]["f1"] == 0.0, level
        assert result[level]["overlap"]["f1"] == 1.0, level


def test_missing_predictions_lower_recall_only(docs: list[GoldDocument]) -> None:
    oracle = _oracle(docs)
    beta = _doc(docs, "beta")

    def drop_two(text: str) -> list[PredictedAttribution]:
        # Drop beta's "told" and "is widely believed" attributions. The mayor is still
        # predicted through "called" (and the other has no source), so no source is lost;
        # two cues, two contents and two relations go missing.
        keep = oracle(text)
        return [keep[0], keep[2]] if text == beta.text else keep

    result = score(docs, drop_two)
    assert result["predicted"] == {"source": 6, "cue": 6, "content": 6, "relation": 6}
    for level, recall in {"source": 1.0, "cue": 6 / 8, "content": 6 / 8, "relation": 6 / 8}.items():
        for variant in ("exact", "overlap"):
            assert result[level][variant]["p"] == 1.0
            assert result[level][variant]["r"] == pytest.approx(recall), (level, variant)
    assert result["content"]["exact"]["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_duplicates_and_catch_all_spans_cannot_inflate(docs: list[GoldDocument]) -> None:
    oracle = _oracle(docs)
    tripled = score(docs, lambda text: oracle(text) * 3)
    assert tripled["predicted"] == tripled["gold"]
    assert tripled["relation"]["exact"]["p"] == 1.0

    # One content span over the whole article overlaps every gold content but may claim one.
    catch_all = score(docs, lambda text: [PredictedAttribution(None, None, (0, len(text)))])
    assert catch_all["predicted"]["content"] == 2
    assert catch_all["content"]["overlap"]["r"] == pytest.approx(2 / 8)
    assert catch_all["content"]["overlap"]["p"] == 1.0
    assert catch_all["content"]["exact"]["r"] == 0.0

    # Added to a perfect prediction it is one more distinct prediction that matches nothing.
    both = score(docs, lambda text: [*oracle(text), PredictedAttribution(None, None, (0, 60))])
    assert both["content"]["overlap"]["tp"] == 8
    assert both["content"]["overlap"]["p"] == pytest.approx(8 / 10)


def test_normalisation_is_symmetric_and_content_only(docs: list[GoldDocument]) -> None:
    alpha = _doc(docs, "alpha")
    text = alpha.text
    predictions = [
        # Headline content without its final period; cue ":" kept as is.
        PredictedAttribution(_span(text, "Roe"), _span(text, ":"), _span(text, "Plan Will Fail")),
        # Covering span of the split quote, quote marks left out, surrounding spaces added.
        PredictedAttribution(
            _span(text, "Roe", 2),
            (_span(text, "said", 1)[0] - 1, _span(text, "said", 1)[1]),  # " said"
            _span(text, 'We will fight it," Roe said, "every step of the way'),
        ),
    ]
    result = score([alpha], _from_table({text: predictions}))
    assert result["content"]["exact"]["tp"] == 2
    assert result["cue"]["exact"]["tp"] == 2
    assert result["relation"]["exact"]["tp"] == 2

    # Punctuation counts for source and cue: "Roe:" is not the source "Roe".
    wrong = [PredictedAttribution(_span(text, "Roe:"), _span(text, ": "), None)]
    result = score([alpha], _from_table({text: wrong}))
    assert result["source"]["exact"]["tp"] == 0 and result["source"]["overlap"]["tp"] == 1
    assert result["cue"]["exact"]["tp"] == 1  # ": " is ":" once whitespace is stripped


def test_discontinuous_gold(docs: list[GoldDocument]) -> None:
    alpha = _doc(docs, "alpha")
    text = alpha.text
    first_fragment = [PredictedAttribution(None, None, _span(text, '"We will fight it,"'))]
    result = score([alpha], _from_table({text: first_fragment}))
    assert result["content"]["exact"]["tp"] == 0
    assert result["content"]["overlap"]["tp"] == 1

    # The gap between fragments (", Roe said, ") is not part of the gold content.
    gap = [PredictedAttribution(None, None, _span(text, " Roe said, "))]
    result = score([alpha], _from_table({text: gap}))
    assert result["content"]["overlap"]["tp"] == 0


def test_relation_matching(docs: list[GoldDocument]) -> None:
    alpha, beta = docs
    a, b = alpha.text, beta.text
    predictions = {
        a: [
            # Right cue and content, wrong source: roles score, the relation does not.
            PredictedAttribution(
                _span(a, "She"), _span(a, "said"), _span(a, "that the plan would fail")
            ),
        ],
        b: [
            # Gold has no source: a predicted source breaks the relation ...
            PredictedAttribution(
                _span(b, "Critics"),
                _span(b, "is widely believed"),
                _span(b, "that taxes will rise"),
            ),
            # ... and a missing source matches the missing source.
            PredictedAttribution(
                None, _span(b, "is widely believed"), _span(b, "that taxes will rise")
            ),
        ],
    }
    result = score(docs, _from_table(predictions))
    assert result["predicted"]["relation"] == 3
    assert result["relation"]["exact"]["tp"] == 1
    assert result["relation"]["overlap"]["tp"] == 1  # "She" overlaps nothing in E2 either
    assert result["cue"]["exact"]["tp"] == 2  # "said" and "is widely believed" (deduped)
    assert result["source"]["exact"]["tp"] == 2  # "She" and "Critics" are gold sources


def test_relation_overlap_match(docs: list[GoldDocument]) -> None:
    alpha = _doc(docs, "alpha")
    a = alpha.text
    loose = [PredictedAttribution(_span(a, "Jane Roe"), _span(a, "aid", 0), _span(a, "the plan"))]
    result = score([alpha], _from_table({a: loose}))
    assert result["relation"]["exact"]["tp"] == 0
    assert result["relation"]["overlap"]["tp"] == 1


def test_predicted_span_outside_text_is_an_error(docs: list[GoldDocument]) -> None:
    with pytest.raises(ValueError, match="outside text"):
        score(docs, lambda text: [PredictedAttribution(None, (0, len(text) + 1), None)])


def test_empty_prediction_and_progress(docs: list[GoldDocument]) -> None:
    calls: list[tuple[int, int]] = []
    result = score(docs, lambda text: [], progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 2), (2, 2)]
    for level in LEVELS:
        assert result[level]["exact"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "tp": 0}


def test_max_matching_beats_greedy() -> None:
    # Gold 0 overlaps predictions 0 and 1, gold 1 only prediction 0: greedy in list order
    # would pair 0-0 and leave gold 1 alone; the maximum matching pairs both.
    assert max_matching([[0, 1], [0]], 2) == 2
    assert max_matching([[0], [0], [0]], 1) == 1
    assert max_matching([[], [1], [0, 1]], 2) == 2


def test_evaluate_folder_and_table(docs: list[GoldDocument]) -> None:
    result = evaluate_folder(FIXTURES, _oracle(docs), limit=1)
    assert result["documents"] == 1 and result["gold"]["relation"] == 4
    assert result["folder"] == str(FIXTURES)
    table = format_table(result)
    assert "relation" in table and "1.000" in table


def test_baseline_runs_on_fixtures(docs: list[GoldDocument]) -> None:
    result = score(docs, baseline_predict)
    alpha = _doc(docs, "alpha")
    predicted = baseline_predict(alpha.text)
    first = predicted[0]
    assert alpha.text[slice(*first.source)] == "Senator Jane Roe"
    assert alpha.text[slice(*first.content)] == "the plan would fail"
    assert 0.0 < result["cue"]["exact"]["r"] < 1.0


_spans = st.tuples(st.integers(0, 150), st.integers(1, 40)).map(lambda t: (t[0], t[0] + t[1]))
_maybe = st.one_of(st.none(), _spans)
_predictions = st.lists(st.builds(PredictedAttribution, _maybe, _maybe, _maybe), max_size=8)


@settings(max_examples=60, deadline=None)
@given(_predictions)
def test_random_predictions_are_bounded_and_duplicate_proof(
    predictions: list[PredictedAttribution],
) -> None:
    docs = load_polnear(FIXTURES)
    alpha = _doc(docs, "alpha")
    clipped = [
        PredictedAttribution(
            *(
                None if s is None else (min(s[0], len(alpha.text)), min(s[1], len(alpha.text)))
                for s in (p.source, p.cue, p.content)
            )
        )
        for p in predictions
    ]
    once = score([alpha], _from_table({alpha.text: clipped}))
    twice = score([alpha], _from_table({alpha.text: clipped + clipped[::-1]}))
    assert once == twice
    for level in LEVELS:
        exact, overlap = once[level]["exact"], once[level]["overlap"]
        assert exact["tp"] <= overlap["tp"] <= min(once["gold"][level], once["predicted"][level])
        assert 0.0 <= overlap["p"] <= 1.0 and 0.0 <= overlap["r"] <= 1.0


# ------------------------------------------------------------------------- real PolNeAR


@pytest.mark.skipif(
    not (POLNEAR / "dev").is_dir(),
    reason=f"PolNeAR not found at {POLNEAR} (public data kept outside the repository)",
)
def test_polnear_dev_loads_and_gold_scores_one() -> None:
    dev = load_polnear(POLNEAR / "dev")
    assert len(dev) == 84
    assert all(doc.attributions for doc in dev)
    assert sum(len(doc.attributions) for doc in dev) > 1500
    result = score(dev, _oracle(dev))
    for level in LEVELS:
        for variant in ("exact", "overlap"):
            assert result[level][variant]["f1"] == 1.0, (level, variant)
