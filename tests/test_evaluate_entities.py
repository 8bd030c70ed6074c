"""Coreference metrics on textbook examples, and the ECB+ loader/evaluation on the real data."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from rashomon.evaluate import coref

ECBPLUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "ecbplus"

# Bagga & Baldwin's example (also Luo 2005, Pradhan et al. 2014):
# key {1..5} {6,7} {8..12}; response {1..5} {6..12}.
KEY = [[1, 2, 3, 4, 5], [6, 7], [8, 9, 10, 11, 12]]
RESPONSE = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]]


def test_muc_textbook():
    # Vilain et al.: key {A,B,C,D}, response {A,B} {C,D}: R = (4-2)/(4-1), P = 1.
    s = coref.muc([["A", "B", "C", "D"]], [["A", "B"], ["C", "D"]])
    assert s.r == pytest.approx(2 / 3) and s.p == 1.0
    s = coref.muc(KEY, RESPONSE)
    assert s.r == 1.0 and s.p == pytest.approx(9 / 10)
    # Singletons carry no links.
    assert coref.muc([[1], [2]], [[1], [2]]).f1 == 0.0


def test_b_cubed_textbook():
    s = coref.b_cubed(KEY, RESPONSE)
    assert s.r == 1.0
    assert s.p == pytest.approx((5 + 2 * 2 / 7 + 5 * 5 / 7) / 12)  # 0.7619
    # A mention missing from the response is a singleton there.
    s = coref.b_cubed([[1, 2]], [[1]])
    assert s.r == pytest.approx(0.5) and s.p == 1.0


def test_ceaf_e_by_hand():
    # phi4: K1-R1 = 1, K2-R2 = 4/9, K3-R2 = 10/12; best: K1-R1 + K3-R2 = 11/6.
    s = coref.ceaf_e(KEY, RESPONSE)
    assert s.r == pytest.approx((11 / 6) / 3)
    assert s.p == pytest.approx((11 / 6) / 2)
    # The greedy choice (K2 first) would be wrong: key {a,b} {c,d,e}, response {a,b,c}.
    s = coref.ceaf_e([["a", "b"], ["c", "d", "e"]], [["a", "b", "c"], ["d", "e"]])
    # K1-R1 = 4/5, K2-R2 = 4/5 (total 1.6) beats K2-R1 = 2/6 + K1-R2 = 0.
    assert s.r == pytest.approx(0.8) and s.p == pytest.approx(0.8)


def test_conll_is_the_mean():
    scores = coref.conll(KEY, RESPONSE)
    f1s = [scores[k].f1 for k in ("muc", "b3", "ceafe")]  # type: ignore[union-attr]
    assert scores["conll_f1"] == pytest.approx(sum(f1s) / 3)
    perfect = coref.conll(KEY, KEY)
    assert perfect["conll_f1"] == pytest.approx(1.0)


def test_linear_assignment_against_brute_force():
    rng = np.random.default_rng(0)
    for _ in range(200):
        n, m = (int(x) for x in rng.integers(1, 6, 2))
        cost = rng.integers(0, 10, (n, m)).astype(float)
        pairs = coref.linear_assignment(cost)
        assert len(pairs) == min(n, m)
        got = sum(cost[a, b] for a, b in pairs)
        if n <= m:
            best = min(
                sum(cost[i, p[i]] for i in range(n)) for p in itertools.permutations(range(m), n)
            )
        else:
            best = min(
                sum(cost[p[j], j] for j in range(m)) for p in itertools.permutations(range(n), m)
            )
        assert got == pytest.approx(best)


def test_chains_from_labels():
    assert coref.chains_from_labels(["a", "b", "c"], [0, 1, 0]) == [["a", "c"], ["b"]]


def test_mention_in_two_chains_is_an_error():
    with pytest.raises(ValueError):
        coref.muc([[1, 2], [2, 3]], [[1, 2, 3]])


needs_ecbplus = pytest.mark.skipif(
    not ECBPLUS.is_dir(),
    reason=f"{ECBPLUS} not present: ECB+ lives in ../shared beside the checkout",
)


@needs_ecbplus
def test_ecbplus_loader_reads_topic_1():
    from rashomon.evaluate import ecbplus

    docs = ecbplus.load_topic(ECBPLUS / "1")
    assert {d.subtopic for d in docs} == {"ecb", "ecbplus"}
    doc = next(d for d in docs if d.name == "1_10ecb")
    assert doc.text.startswith("Perennial party girl Tara Reid checked herself into")
    by_text = {m.text: m for m in doc.mentions}
    reid = by_text["Tara Reid"]
    assert reid.cls == "HUMAN_PART_PER" and reid.is_entity
    assert doc.text[reid.start : reid.end] == "Tara Reid"
    # Tara Reid's instance is shared by "herself" and by mentions in the other documents.
    assert by_text["herself"].chain == reid.chain
    others = [m for d in docs if d.name != doc.name for m in d.mentions if m.chain == reid.chain]
    assert others
    center = by_text["Promises Treatment Center"]
    assert center.cls == "LOC_FAC"
    assert any(m.is_event for m in doc.mentions)


@needs_ecbplus
def test_ecbplus_all_topics_present():
    from rashomon.evaluate import ecbplus

    dirs = ecbplus.topic_dirs(ECBPLUS)
    assert len(dirs) == 33 and dirs[0].name == "1" and dirs[-1].name == "35"
    assert sum(len(list(d.glob("*.xml"))) for d in dirs) == 772


@needs_ecbplus
def test_evaluate_folder_on_one_topic():
    from rashomon.evaluate import ecbplus

    result = ecbplus.evaluate_folder(ECBPLUS, topics=[1])
    assert set(result) >= {"conll_f1", "muc", "b3", "ceafe", "baseline_conll_f1"}
    for k in ("muc", "b3", "ceafe"):
        assert set(result[k]) == {"p", "r", "f1"}
    assert 0.4 < result["conll_f1"] <= 1.0
    assert 0.3 < result["baseline_conll_f1"] <= 1.0
    table = ecbplus.format_table(result)
    assert "CoNLL F1" in table and "CEAF-e" in table
