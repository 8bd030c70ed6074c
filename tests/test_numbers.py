"""One reading of reported figures: counts, ranges, vague amounts, qualifiers, never years."""

from __future__ import annotations

import doctest

import pytest

from rashomon.extract import numbers
from rashomon.story import contradictions, events


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("three", (3, 3, "")),
        ("sixty", (60, 60, "")),
        ("a hundred", (100, 100, "")),
        ("twenty-five", (25, 25, "")),
        ("two hundred and fifty", (250, 250, "")),
        ("6,000", (6000, 6000, "")),
        ("1.5 million", (1_500_000, 1_500_000, "")),
        ("dozens", (24, 99, "dozens")),
        ("scores", (40, 99, "scores")),
        ("hundreds", (200, 999, "hundreds")),
        ("at least 40", (40, None, "at least")),
        ("more than 6,000", (6000, None, "more than")),
        ("about 30", (30, 30, "about")),
        ("up to 30", (0, 30, "up to")),
        ("as many as 30", (30, 30, "as many as")),
        ("10 to 12", (10, 12, "")),
        ("10-12", (10, 12, "")),
        ("ten to twelve", (10, 12, "")),
        ("between 10 and 12", (10, 12, "between")),
    ],
)
def test_parse_count(text, expected):
    assert numbers.parse_count(text) == expected


@pytest.mark.parametrize(
    ("sentence", "kind", "expected"),
    [
        ("At least 12 people were killed in the strike", "killed", (12, None, "at least")),
        ("Sixty people were killed, the ministry said", "killed", (60, 60, "")),
        ("Dozens of people were wounded", "wounded", (24, 99, "dozens")),
        ("a car bomb exploded, killing four officers", "killed", (4, 4, "")),
        ("Between 10 and 12 people were killed", "killed", (10, 12, "between")),
        ("10-12 civilians were killed overnight", "killed", (10, 12, "")),
        ("More than 6,000 people have fled Veyla", "displaced", (6000, None, "more than")),
        # A year is never a toll.
        ("In 2019, 12 people were killed", "killed", (12, 12, "")),
        ("In 2019 12 people were killed", "killed", (12, 12, "")),
        ("The 2014 war killed 300 people", "killed", (300, 300, "")),
        ("2000 people were killed", "killed", (2000, 2000, "")),
        # Each toll reads its own figure: "12 fled" is not "12 killed".
        ("12 fled and 3 were killed", "killed", (3, 3, "")),
    ],
)
def test_casualties(sentence, kind, expected):
    assert numbers.casualties(sentence)[kind][0][:3] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Since 2011 fighting has killed civilians",
        "The 2014 attack was the deadliest",
        "2011-2014 fighting killed civilians",
        "In March 2020 attacks killed civilians",
        "Officials said the death toll was unclear",
    ],
)
def test_no_toll(sentence):
    assert "killed" not in numbers.casualties(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Sixty people were killed and dozens wounded",
        "At least 12 were killed, killing also two guards",
        "Between 10 and 12 people were killed",
        "In 2019, 12 people were killed and 35 injured",
    ],
)
def test_events_and_contradictions_read_alike(sentence):
    """The event extractor and the contradiction ledger read one sentence the same way."""
    ev = {k: v[0][:3] for k, v in events.casualties(sentence).items() if k != "displaced"}
    assert contradictions.casualty_counts(sentence) == ev


def test_ledger_compares_ranges_and_vague_figures():
    c = numbers.Count
    ok = contradictions._compatible
    assert ok(c(12, None, "at least"), c(19, 19, ""))
    assert not ok(c(12, 12, ""), c(19, 19, ""))
    assert ok(c(10, 12, ""), c(12, 12, ""))
    assert ok(c(24, 99, "dozens"), c(30, 30, ""))
    assert not ok(c(24, 99, "dozens"), c(3, 3, ""))
    assert ok(c(0, 30, "up to"), c(12, 12, ""))
    assert ok(c(30, 30, "about"), c(25, 25, ""))


def test_doctests():
    assert doctest.testmod(numbers).failed == 0
