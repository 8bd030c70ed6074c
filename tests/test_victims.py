"""Victims counted on the parse (rashomon.extract.victims): who died or was hurt, by grammar."""

from __future__ import annotations

import pytest

from rashomon.extract.victims import read_tolls, victim_counts


@pytest.mark.parametrize(
    ("sentence", "kind", "n"),
    [
        ("Witnesses say Horton died trying to shield the children.", "killed", 1),
        ("His mother and his ex-girlfriend were found stabbed to death.", "killed", 2),
        ("The killing of Grigoropoulos sparked riots.", "killed", 1),
        ("A British climber has fallen 700 metres to his death.", "killed", 1),
        ("A bomb killed a police officer and a bomb technician.", "killed", 2),
        ("A man was shot and wounded outside the bank.", "wounded", 1),
        ("The mother of a girl killed by a stray bullet spoke on Tuesday.", "killed", 1),
        ("Tom Tennant and William Hakim, both 51, died at the scene.", "killed", 2),
    ],
)
def test_victims_from_the_parse(nlp, sentence, kind, n):
    assert victim_counts(nlp(sentence))[kind].n == n


@pytest.mark.parametrize(
    "sentence",
    [
        "The militants vowed to kill the hostage.",  # a threat
        "He will die in prison.",  # not yet
        "The driver nearly killed a cyclist.",  # did not happen
        "No one died in the fire.",
        "Officials said the death of one of her four cats upset her.",  # not a person
        "Protesters were killed in the square.",  # a plural without a number: unknown
    ],
)
def test_no_victims_counted(nlp, sentence):
    assert "killed" not in victim_counts(nlp(sentence))


def test_the_number_comes_first_unless_the_parse_adds_people(nlp):
    text = "A petrol bomb killed two women and a man in the bank."
    toll = read_tolls(text, nlp(text))["killed"]
    assert (toll.low, toll.counted) == (3, "victims")
    text = "The blast killed 12 people, including a police officer."
    toll = read_tolls(text, nlp(text))["killed"]
    assert (toll.low, toll.high, toll.counted) == (12, 12, "number")
    # The parse takes "Chohan" for a place; the number reader's own phrases still count one.
    text = "Raj Chohan, 59, was killed by a drunk driver."
    assert read_tolls(text, nlp(text))["killed"].low == 1
    text = "Police arrested 40 protesters."
    assert read_tolls(text, nlp(text))["arrested"].low == 40
