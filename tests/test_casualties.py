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


@pytest.mark.parametrize(
    ("sentence", "kind", "n"),
    [
        ("A bomb went off, killing a police officer and a bomb squad technician.", "killed", 2),
        (
            "He was convicted of murdering a judge, a court reporter and a federal agent.",
            "killed",
            3,
        ),
        ("A female receptionist died at the scene, police said.", "killed", 1),
        ("The gunman shot and killed Juan Abel Escalante last summer.", "killed", 1),
        ("Maria Dulce-Valencia, 27, was also killed in the crash.", "killed", 1),
        ("Brodny, 47, was killed in the strike.", "killed", 1),  # a name and an age: a person
        ("Three members of the Frontier Constabulary (FC) were murdered.", "killed", 3),
        ("The crash left a cyclist dead on Main Street.", "killed", 1),
        ("A climber has fallen 700 metres to his death.", "killed", 1),
        ("Two officers suffered minor injuries.", "wounded", 2),
        (
            "She opened fire, killing two women and critically injuring a third co-worker.",
            "wounded",
            1,
        ),
        ("The driver fatally shot eight people before he fled.", "killed", 8),
        # An appositive names the same victim again: one, not two.
        ("A detective shot and killed an unarmed woman, Shantel Davis, as she fled.", "killed", 1),
    ],
)
def test_victims_counted_by_their_noun_phrases(sentence, kind, n):
    assert casualties(sentence)[kind][0][:2] == (n, n)


@pytest.mark.parametrize(
    "sentence",
    [
        "Troops opened fire, killing Afghan civilians in the square.",  # no name, no number
        "Killing United Nations staff is a crime.",
        "The Islamic State was defeated in the town.",
        "He said the plan would have killed the idea of a ceasefire.",
        "Two helicopters were evacuating injured from the island.",
        "He was convicted of the attempted murder of a man.",
    ],
)
def test_no_victim_counted(sentence):
    assert "killed" not in casualties(sentence) and "wounded" not in casualties(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind", "low", "high"),
    [
        ("Twelve people are still missing after the flood.", "missing", 12, 12),
        ("More than 400 protesters have been detained.", "arrested", 400, None),
        ("Police arrested 40 protesters; 3 were injured.", "arrested", 40, 40),
        ("Two men were taken into custody.", "arrested", 2, 2),
    ],
)
def test_missing_and_arrested_are_kinds_of_their_own(sentence, kind, low, high):
    got = casualties(sentence)
    assert got[kind][0][:2] == (low, high)
    assert "killed" not in got and (kind != "missing" or "wounded" not in got)


def test_the_first_figure_of_a_kind_in_the_sentence_is_the_headline():
    got = casualties("Killing 3 guards, the blast left 12 people dead.")
    assert got["killed"][0][:2] == (3, 3)


@pytest.mark.parametrize(
    "sentence",
    [
        "Route 47 was closed after the strike.",
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


def test_the_annotated_set_is_large_and_the_reader_scores_on_it(nlp):
    rows = ev.load(FIXTURE)
    assert len(rows) >= 150
    result = ev.evaluate_rows(rows, nlp)
    # Where the README puts them (rashomon evaluate casualties tests/fixtures/casualties.tsv).
    # This set's errors were read to choose the constructions: see the held-out set below.
    assert result["all"]["precision"] >= 0.9
    assert result["all"]["recall"] >= 0.85
    out = CliRunner().invoke(main, ["evaluate", "casualties", str(FIXTURE), "--json"])
    assert out.exit_code == 0 and '"precision"' in out.output


def test_the_held_out_set_scores_where_the_readme_says(nlp):
    """FNC-1 sentences annotated by someone who never ran the reader, and whose errors were
    never read: the honest figure, lower than on the set the rules were chosen on."""
    rows = ev.load(FIXTURE.with_name("casualties_heldout.tsv"))
    assert len(rows) >= 150
    result = ev.evaluate_rows(rows, nlp)
    assert result["all"]["precision"] >= 0.8
    assert result["all"]["recall"] >= 0.58
