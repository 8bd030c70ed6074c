"""Story-finding scores (B³, ARI) on hand-made clusterings, and the gold story loaders."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.evaluate.stories import (
    adjusted_rand,
    b_cubed,
    fnc_gold_stories,
    score_stories,
    shuffled,
)

DATA = Path(__file__).parents[1] / ".." / "shared" / "data"


def test_b_cubed_perfect_and_lumped() -> None:
    gold = ["a", "a", "b", "b"]
    assert b_cubed(gold, ["x", "x", "y", "y"]) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    lumped = b_cubed(gold, ["x"] * 4)  # every item's cluster is half its own story
    assert lumped["precision"] == pytest.approx(0.5)
    assert lumped["recall"] == pytest.approx(1.0)
    assert lumped["f1"] == pytest.approx(2 / 3)


def test_b_cubed_split_and_uneven() -> None:
    split = b_cubed(["a", "a", "a", "a"], [1, 2, 3, 4])
    assert split["precision"] == pytest.approx(1.0)
    assert split["recall"] == pytest.approx(0.25)
    # gold {1,2,3} {4,5}; predicted {1,2} {3,4,5}
    # precision: items 1,2 -> 1; 3 -> 1/3; 4,5 -> 2/3  => (2 + 1/3 + 4/3) / 5 = 11/15
    # recall:    items 1,2 -> 2/3; 3 -> 1/3; 4,5 -> 1   => (4/3 + 1/3 + 2) / 5 = 11/15
    got = b_cubed(["g", "g", "g", "h", "h"], ["p", "p", "q", "q", "q"])
    assert got["precision"] == pytest.approx(11 / 15)
    assert got["recall"] == pytest.approx(11 / 15)


def test_adjusted_rand_known_values() -> None:
    assert adjusted_rand([1, 1, 2, 2], ["a", "a", "b", "b"]) == pytest.approx(1.0)
    # Each predicted cluster takes one item of each gold story: worse than chance.
    assert adjusted_rand([1, 1, 2, 2], [1, 2, 1, 2]) == pytest.approx(-0.5)
    # sklearn.metrics.adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.24242424...
    assert adjusted_rand([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(8 / 33)


def test_lengths_must_match() -> None:
    with pytest.raises(ValueError):
        b_cubed([1, 2], [1])


def test_score_stories_counts() -> None:
    got = score_stories(["a", "a", "b"], ["x", "y", "y"], assign_seconds=0.3, candidates=6)
    assert (got["stories_gold"], got["stories_found"], got["articles"]) == (2, 2, 3)
    assert got["assign_ms_per_article"] == pytest.approx(100.0)
    assert got["candidates_per_article"] == pytest.approx(2.0)


def test_fnc_gold_stories_join_through_headlines() -> None:
    rows = [
        ("H1", "1", "agree"),
        ("H1", "2", "discuss"),
        ("H2", "2", "disagree"),  # body 2 ties H2's story to H1's
        ("H2", "3", "agree"),
        ("H3", "4", "agree"),
        ("H3", "5", "unrelated"),  # unrelated: no tie
        ("H1", "4", "unrelated"),
    ]
    gold = fnc_gold_stories(rows)
    assert gold["1"] == gold["2"] == gold["3"]
    assert gold["4"] != gold["1"]
    assert gold["5"] not in (gold["1"], gold["4"])  # related to nothing: a story of its own


def test_shuffled_is_seeded() -> None:
    items = list(range(20))
    assert shuffled(items, 0) == shuffled(items, 0)
    assert shuffled(items, 0) != shuffled(items, 1)
    assert sorted(shuffled(items, 3)) == items


def test_fnc1_gold_reproduces_191_stories() -> None:
    fnc = DATA / "fnc1"
    if not (fnc / "train_bodies.csv").is_file():
        pytest.skip(f"{fnc} not present: FNC-1 lives in ../shared/data beside the checkout")
    from rashomon.evaluate.stories import fnc_articles

    bodies, stances = fnc / "train_bodies.csv", fnc / "train_stances.csv"
    every = fnc_articles(bodies, stances, "all")
    assert len(every) == 1683
    assert len({g for _, g in every}) == 191
    dev = fnc_articles(bodies, stances, "dev")
    train = fnc_articles(bodies, stances, "train")
    assert len(dev) == 168 and len(dev) + len(train) == 1683
    assert not {a.id for a, _ in dev} & {a.id for a, _ in train}


def test_ecbplus_subtopics_are_stories() -> None:
    ecb = DATA / "ecbplus"
    if not ecb.is_dir():
        pytest.skip(f"{ecb} not present: ECB+ lives in ../shared/data beside the checkout")
    from rashomon.evaluate.stories import ecb_articles, evaluate_stream

    gold = [(a, g) for a, g in ecb_articles(ecb, "dev") if g.startswith(("23", "24"))]
    assert {g for _, g in gold} == {"23ecb", "23ecbplus", "24ecb", "24ecbplus"}
    result = evaluate_stream(gold, seed=0)
    assert result["articles"] == len(gold)
    assert result["b3_f1"] > 0.6  # two topics, four stories: far above one lump (~0.4)
