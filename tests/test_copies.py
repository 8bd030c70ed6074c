"""Copies: reprints and shared passages are found, and a copy counts as one origin."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon.model import Article
from rashomon.story import copies

WIRE = (
    "Rebel fighters seized the hill town of Veyla on Sunday after two days of heavy fighting, "
    "regional officials said. Thousands of residents fled towards the coast overnight, and aid "
    "groups said the main road was blocked by burned-out trucks. The army said it had pulled "
    "back to the river to protect the bridge and would retake the town within days. Shops in "
    "the market stayed shut on Monday and the power station was damaged by shelling, according "
    "to a local engineer who asked not to be named."
)
OTHER = (
    "The central bank left its main interest rate unchanged on Thursday, citing slowing "
    "inflation and weak demand for credit. Economists had expected the decision, although two "
    "members of the board voted for a cut. The currency barely moved after the announcement, "
    "and bond yields fell slightly. The bank will publish new forecasts next month."
)


def _art(aid: str, text: str, published: str | None = None) -> Article:
    return Article(id=aid, path=f"{aid}.txt", text=text, source_text=text, published=published)


def test_reprint_with_edits_is_found_and_points_to_the_earlier_article():
    edited = "UPDATED. " + WIRE.replace("Sunday", "Sunday morning") + " More to follow."
    found = copies.find(
        [_art("late", edited, "2024-03-05"), _art("early", WIRE, "2024-03-04"), _art("x", OTHER)]
    )
    assert [(c.article_id, c.source_id, c.kind) for c in found] == [("late", "early", "reprint")]
    assert found[0].similarity > 0.5


def test_a_short_article_made_of_one_long_paragraph_is_a_copy():
    long_story = WIRE + " " + OTHER * 3
    short = WIRE.split(". ")[0] + ". " + ". ".join(WIRE.split(". ")[1:4]) + "."
    found = copies.find([_art("long", long_story), _art("short", short + " " + OTHER[:80])])
    assert [(c.article_id, c.source_id) for c in found] == [("short", "long")]


def test_unrelated_articles_and_a_shared_phrase_are_not_copies():
    a = _art("a", WIRE)
    b = _art("b", OTHER + " Rebel fighters seized the hill town of Veyla on Sunday.")
    assert copies.find([a, b]) == []


def test_copied_sentence_needs_most_of_the_sentence():
    grams = copies.shingles(WIRE)
    assert copies.copied_sentence("Thousands of residents fled towards the coast overnight", grams)
    assert not copies.copied_sentence("Thousands of residents stayed in their homes", grams)


def test_a_reprint_is_one_origin_in_the_story(tmp_path: Path):
    from rashomon.pipeline import analyze

    (tmp_path / "a.txt").write_text("Harbor Ledger\n\n" + WIRE)
    (tmp_path / "b.txt").write_text("Valley Post\n\n" + WIRE)
    (tmp_path / "c.txt").write_text(OTHER)
    result = analyze([tmp_path], stance=False)
    assert [(c.article_id, c.source_id) for c in result.copies] == [
        (result.articles[1].id, result.articles[0].id)
    ]
    # Every statement both print rests on one newsroom: one origin, not two.
    both = [c for c in result.claims if len({m.article_id for m in c.mentions}) == 2]
    assert both
    assert all(c.independent_origins == 1 and c.status != "corroborated" for c in both)


@pytest.mark.parametrize("n", [0, 1])
def test_too_few_articles(n: int):
    assert copies.find([_art(str(i), WIRE) for i in range(n)]) == []
