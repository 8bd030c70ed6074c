"""Claim alignment and time: accounts whose dates lie days apart are other events."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon import alignment, analyze
from rashomon.ingest import IngestResult, read_text
from rashomon.model import ClaimMention


def _item(i: int, days: tuple[str, str] | None) -> alignment.AlignInput:
    m = ClaimMention(
        id=f"m{i}",
        article_id=f"a{i}",
        sentence_index=0,
        sentence="",
        start=0,
        end=1,
        text=f"mention {i}",
        orig_start=0,
        orig_end=1,
        speaker=None,
        speaker_kind="outlet",
        via=[],
        cue=None,
        hedged=False,
        hedging="asserted",
        polarity="asserts",
        origin=f"o{i}",
    )
    return alignment.AlignInput(m, frozenset(), "", days=days)


def _pair(cos: float) -> np.ndarray:
    """Two unit vectors at the given cosine."""
    return np.array([[1.0, 0.0], [cos, (1 - cos**2) ** 0.5]], dtype=np.float32)


@pytest.mark.parametrize(
    ("cos", "penalty"),
    [(0.70, alignment.DATE_PENALTY), (0.85, alignment.DATE_PENALTY), (0.90, None), (0.96, 0.0)],
)
def test_dates_days_apart_cost_less_the_closer_the_wording(cos, penalty):
    vecs = _pair(cos)
    apart = [_item(0, ("2024-03-03", "2024-03-03")), _item(1, ("2024-03-07", "2024-03-07"))]
    undated = [_item(0, None), _item(1, None)]
    got = (
        alignment._similarity(vecs, undated, [0, 1])[0, 1]
        - alignment._similarity(vecs, apart, [0, 1])[0, 1]
    )
    if penalty is None:  # fading: some, but less than the full penalty
        assert 0.0 < got < alignment.DATE_PENALTY
    else:
        assert got == pytest.approx(penalty, abs=1e-5)


@pytest.mark.parametrize(
    "days",
    [
        (("2024-03-03", "2024-03-03"), ("2024-03-05", "2024-03-05")),  # two days: no penalty yet
        (("2024-03-01", "2024-03-04"), ("2024-03-04", "2024-03-04")),  # overlapping ranges
        (("2024-03-03", "2024-03-03"), None),  # one account gives no date
    ],
)
def test_close_overlapping_or_missing_dates_cost_nothing(days):
    vecs = _pair(0.8)
    dated = [_item(0, days[0]), _item(1, days[1])]
    undated = [_item(0, None), _item(1, None)]
    assert alignment._similarity(vecs, dated, [0, 1])[0, 1] == pytest.approx(
        alignment._similarity(vecs, undated, [0, 1])[0, 1]
    )


def _story(*texts: str) -> list[list[str]]:
    arts = [
        read_text(t, path=f"a{i}.txt", outlet=f"Outlet {i}", published="2024-03-06")
        for i, t in enumerate(texts)
    ]
    result = analyze(IngestResult(arts), stance=False)
    return [[m.text for m in c.mentions] for c in result.claims]


def test_two_strikes_by_the_same_side_days_apart_stay_apart():
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck an army fuel depot in Veyla on Sunday, "
        "killing twelve people, the governor said.",
        "Checkpoint hit\n\nDrevanian drones struck an army checkpoint outside Veyla on "
        "Thursday, killing three soldiers, police said.",
    )
    depot = [c for c in claims if any("fuel depot" in t for t in c)]
    assert len(depot) == 1 and not any("checkpoint" in t for t in depot[0])


def test_one_strike_told_twice_with_one_date_is_one_claim():
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck an army fuel depot in Veyla on Sunday, "
        "killing twelve people, the governor said.",
        "Depot burns\n\nDrones from Drevania hit the army's fuel depot in Veyla on Sunday "
        "afternoon, killing 12 people, police said.",
    )
    depot = [c for c in claims if any("depot" in t for t in c)]
    assert len(depot) == 1 and len(depot[0]) == 2


def test_the_same_words_with_another_day_stay_one_disputed_event():
    # Word for word the same report but for the day: one event whose date is in dispute.
    claims = _story(
        "Strike on depot\n\nDrevanian drones struck the army fuel depot in Veyla on Sunday, "
        "the governor said.",
        "Strike on depot\n\nDrevanian drones struck the army fuel depot in Veyla on Thursday, "
        "police said.",
    )
    depot = [c for c in claims if any("depot" in t for t in c)]
    assert len(depot) == 1 and len(depot[0]) == 2
