"""ECB+ event coreference evaluation: scoring on a tiny written example, loader on topic 1."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rashomon.evaluate import ecb_events
from rashomon.evaluate.ecbplus import Mention

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"


def _row(
    topic: str, doc: str, m_id: str, chain: str, trigger: str, text: str
) -> ecb_events.EventRow:
    m = Mention(doc, m_id, "ACTION_OCCURRENCE", [1], 0, len(trigger), trigger, 1, chain)
    words = frozenset(text.lower().split())
    return ecb_events.EventRow(topic, m, text, text, trigger, frozenset(), words, frozenset())


def _fake_embed(texts: list[str]) -> np.ndarray:
    """One direction per (first word, place): texts agree on both or are orthogonal."""
    keys: dict[tuple[str, bool], int] = {}
    codes = [keys.setdefault((t.split()[0], "chile" in t), len(keys)) for t in texts]
    out = np.zeros((len(texts), max(len(keys), 1)), dtype=np.float32)
    out[range(len(texts)), codes] = 1.0
    return out


ROWS = [
    # Topic 1: two earthquakes (the sub-topics) and a rescue.
    _row("1", "1_1ecb", "1", "QUAKE_A", "strike", "quake strike chile"),
    _row("1", "1_2ecb", "1", "QUAKE_A", "strike", "quake strike chile coast"),
    _row("1", "1_1ecbplus", "1", "QUAKE_B", "strike", "quake strike peru"),
    _row("1", "1_2ecbplus", "1", "QUAKE_B", "strike", "quake strike peru coast"),
    _row("1", "1_2ecbplus", "2", "1_2ecbplus/2", "rescue", "rescue peru"),
    # Topic 2: one event, named twice.
    _row("2", "2_1ecb", "1", "ARREST", "arrest", "police arrest chile"),
    _row("2", "2_2ecb", "1", "ARREST", "arrest", "police arrest chile"),
]


def test_scoring_on_a_written_example():
    res = ecb_events.score_rows(ROWS, _fake_embed)
    assert res["topics"] == ["1", "2"]
    assert res["mentions"] == 7 and res["gold_events"] == 4
    # Alignment separates the two quakes (different embeddings), keeps the rescue apart and
    # joins the two arrests: a perfect response.
    assert res["conll_f1"] == pytest.approx(1.0)
    for name in ("muc", "b3", "ceafe"):
        assert set(res[name]) == {"p", "r", "f1"}
    # The head-lemma baseline merges both quakes: of its 4 MUC links, 3 are right.
    assert res["baseline"]["muc"]["p"] == pytest.approx(3 / 4)
    assert res["baseline"]["muc"]["r"] == pytest.approx(1.0)
    assert res["baseline_conll_f1"] < 1.0
    assert ecb_events.head_lemma_baseline(ROWS[:5]) == [0, 0, 0, 0, 1]
    table = ecb_events.format_table(res)
    assert "CoNLL F1" in table and "baseline F1" in table and "100.0" in table


def test_align_input_carries_the_trigger():
    inp = ecb_events.align_input(ROWS[0])
    assert inp.mention.polarity == "asserts" and inp.mention.text == "quake strike chile"
    assert inp.trigger == "strike" and inp.lemmas == ROWS[0].lemmas


def test_trigger_words_part_events_in_one_sentence():
    from rashomon.story import alignment

    items = [ecb_events.align_input(r) for r in ROWS[2:5]]  # strike, strike, rescue
    vecs = _fake_embed([i.mention.text for i in items])
    with_trigger = alignment._similarity(vecs, items, [0, 1, 2])
    for it in items:
        it.trigger = ""
    plain = alignment._similarity(vecs, items, [0, 1, 2])
    assert with_trigger[0, 1] == pytest.approx(plain[0, 1] + alignment.TRIGGER_WEIGHT)
    assert with_trigger[0, 2] == pytest.approx(plain[0, 2] - alignment.TRIGGER_PENALTY)


@pytest.mark.skipif(not (ECBPLUS / "1").is_dir(), reason=f"ECB+ data not found at {ECBPLUS}")
def test_event_mentions_topic_1(tmp_path):
    rows = ecb_events.event_mentions(ECBPLUS, [1], cache_dir=tmp_path)
    assert rows and {r.topic for r in rows} == {"1"}
    assert all(r.mention.is_event for r in rows)
    # Both sub-topics (two similar events) are loaded together.
    assert {r.mention.doc.endswith("ecbplus") for r in rows} == {True, False}
    for r in rows[:50]:
        # The window holds the trigger and lies inside the mention's sentence.
        assert r.mention.text.split()[0] in r.text and r.text in r.sentence
        assert r.trigger and r.trigger == r.trigger.lower()
    # Some chains cross documents, and a parse is cached for the next run.
    docs_of: dict[str, set[str]] = {}
    for r in rows:
        docs_of.setdefault(r.mention.chain, set()).add(r.mention.doc)
    assert any(len(d) > 1 for d in docs_of.values())
    assert list(tmp_path.glob("ecbplus-1-*.spacy"))
