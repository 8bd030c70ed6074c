"""Casualty figures: the constructions news writes them in, and the reader scored on the
hand-annotated ECB+ sentences of tests/fixtures/casualties.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.evaluate import casualties as ev
from rashomon.extract.numbers import casualties

FIXTURE = Path(__file__).parent / "fixtures" / "casualties.tsv"


@pytest.mark.parametrize(
    ("sentence", "kind", "low", "high"),
    [
        (
            "The raid resulted in the deaths of three soldiers and wounding 20 others.",
            "killed",
            3,
            3,
        ),
        (
            "The raid resulted in the deaths of three soldiers and wounding 20 others.",
            "wounded",
            20,
            20,
        ),
        ("The unit lost 40 of their personnel; another 35 of them were wounded.", "killed", 40, 40),
        (
            "The unit lost 40 of their personnel; another 35 of them were wounded.",
            "wounded",
            35,
            35,
        ),
        ("The death toll rose to 45 on Monday.", "killed", 45, 45),
        ("Gunmen massacred 12 villagers near the border.", "killed", 12, 12),
        ("Four guards were murdered overnight.", "killed", 4, 4),
        ("The quake left at least 40 people dead and 200 injured.", "killed", 40, None),
    ],
)
def test_common_constructions(sentence, kind, low, high):
    got = casualties(sentence)[kind][0]
    assert got[:2] == (low, high)


def test_the_first_figure_of_a_kind_in_the_sentence_is_the_headline():
    got = casualties("Killing 3 guards, the blast left 12 people dead.")
    assert got["killed"][0][:2] == (3, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "Brodny, 47, was killed in the strike.",
        "They lost 3-1 to the visitors.",
        "The magnitude 7.1 quake struck at 10 p.m.",
        "Flight 447 crashed into the Atlantic.",
    ],
)
def test_no_figure(sentence):
    assert "killed" not in casualties(sentence) and "wounded" not in casualties(sentence)


def test_figures_parse_and_bad_ones_are_refused():
    assert ev.parse_figure("12") == (12, 12, False)
    assert ev.parse_figure("10-12") == (10, 12, False)
    assert ev.parse_figure("40+") == (40, None, False)
    assert ev.parse_figure("~300") == (300, 300, True)
    assert ev.parse_figure("") is None
    with pytest.raises(ValueError):
        ev.parse_figure("about 12")


def test_the_annotated_set_is_large_and_the_reader_scores_on_it():
    rows = ev.load(FIXTURE)
    assert len(rows) >= 150
    result = ev.evaluate_rows(rows)
    # Where the README puts them (rashomon evaluate casualties tests/fixtures/casualties.tsv).
    # A lone victim without a number ("a woman was killed") is no toll to this reader, and
    # the annotations count it as 1: that is most of what recall misses.
    assert result["all"]["precision"] >= 0.9
    assert result["all"]["recall"] >= 0.45
    out = CliRunner().invoke(main, ["evaluate", "casualties", str(FIXTURE), "--json"])
    assert out.exit_code == 0 and '"precision"' in out.output
