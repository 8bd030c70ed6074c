"""predict_attributions on hand-written text: spans, PolNeAR conventions, raw offsets."""

from __future__ import annotations

import pytest

pytest.importorskip("spacy")

from rashomon.evaluate.attribution import PredictedAttribution, score  # noqa: E402
from rashomon.evaluate.brat import GoldAttribution, GoldDocument  # noqa: E402
from rashomon.evaluate.predict import convert, extract_raw, predict_attributions  # noqa: E402
from rashomon.nlp import ModelMissingError, load  # noqa: E402

try:
    load()
except ModelMissingError:  # pragma: no cover - depends on the environment
    pytest.skip("no spaCy English model installed", allow_module_level=True)


def _texts(text: str, p: PredictedAttribution) -> tuple[str | None, str | None, str | None]:
    return tuple(  # type: ignore[return-value]
        None if span is None else text[span[0] : span[1]] for span in (p.source, p.cue, p.content)
    )


def _only(text: str, **kwargs: bool) -> tuple[str | None, str | None, str | None]:
    predictions = predict_attributions(text, **kwargs)
    assert len(predictions) == 1, predictions
    return _texts(text, predictions[0])


def test_said_that() -> None:
    text = "Mayor Tom Poe said that the bridge would reopen next week."
    assert _only(text) == ("Mayor Tom Poe", "said", "that the bridge would reopen next week")
    # Without the PolNeAR conventions the complementiser stays out of the content.
    assert _only(text, polnear=False)[2] == "the bridge would reopen next week"


def test_quote_then_speaker() -> None:
    text = "“The budget is balanced,” Jane Roe said."
    source, cue, content = _only(text)
    assert (source, cue) == ("Jane Roe", "said")
    assert content is not None and "The budget is balanced" in content
    assert "said" not in content


def test_according_to() -> None:
    text = "According to the county health department, the water is safe to drink."
    assert _only(text) == (
        "the county health department",
        "According to",
        "the water is safe to drink",
    )


def test_conventions_apposition_adverb_colon() -> None:
    text = "Jane Roe, a city councillor, also said that taxes would rise."
    assert _only(text) == ("Jane Roe, a city councillor,", "also said", "that taxes would rise")
    text = "The minister said: “We will not resign over this.”"
    source, cue, content = _only(text)
    assert (source, cue) == ("The minister", "said:")
    assert content is not None and "We will not resign over this" in content


def test_multi_sentence_quote_is_one_content() -> None:
    text = (
        "“We will fight this,” Roe said. “We will win in court. Nobody doubts it.”\n\n"
        "The council meets on Friday."
    )
    raw = extract_raw(text)
    assert len(raw) >= 2  # one attribution per sentence inside rashomon
    (prediction,) = predict_attributions(text)
    source, cue, content = _texts(text, prediction)
    assert (source, cue) == ("Roe", "said")
    assert content is not None
    assert content.startswith("We will fight this") and "Nobody doubts it" in content


def test_offsets_index_raw_text() -> None:
    # Non-normalised input: leading blank lines, non-breaking spaces, curly quotes, CRLF.
    text = (
        "\n\n  Headline Without Stop\r\n\r\n"
        "Officials\u00a0said that the\u00a0plant was closed.\r\n"
        "“It is safe,”  the director\u00a0said."
    )
    predictions = predict_attributions(text)
    assert predictions
    for p in predictions:
        for span in (p.source, p.cue, p.content):
            if span is not None:
                assert 0 <= span[0] < span[1] <= len(text)
    found = {_texts(text, p) for p in predictions}
    assert ("Officials", "said", "that the\u00a0plant was closed") in found
    # The predictor plugs into the scorer: a gold document built from the same raw text.
    start = text.index("Officials")
    gold = GoldDocument(
        doc_id="x",
        text=text,
        attributions=[
            GoldAttribution(
                source=[(start, start + len("Officials"))],
                cue=[(text.index("said"), text.index("said") + 4)],
                content=[(text.index("that the"), text.index("closed") + len("closed"))],
            )
        ],
        annotation_file="x_0000.ann",
    )
    result = score([gold], predict_attributions)
    assert result["relation"]["exact"]["tp"] == 1


def test_convert_without_attributions() -> None:
    assert convert("Nothing reported here.", []) == []
