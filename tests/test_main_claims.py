"""Main claims: rhetoric and fragments stay out of the brief's main claims, with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon import analyze
from rashomon.outputs.brief import brief
from rashomon.pipeline import NEWS_FLOOR


def test_left_out_claims_are_single_article_low_scores_with_a_reason(demo_result):
    for c in demo_result.claims:
        assert c.checkworthy is not None and 0.0 <= c.checkworthy <= 1.0
        if c.left_out:
            assert c.checkworthy < NEWS_FLOOR and c.article_count < 2
            assert c.status not in ("disputed", "conflicting", "denied-only")
            assert "not check-worthy" in c.left_out


def test_rhetoric_is_kept_in_the_result_but_not_among_main_claims(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "Valley Post\n\nRebels seized the town of Veyla on Sunday after heavy fighting, "
        'regional officials said. "But this is just the beginning," a rebel commander said.'
    )
    (tmp_path / "b.txt").write_text(
        "Harbor Ledger\n\nThe army said on Monday that rebels had seized Veyla on Sunday, and "
        "that 12 soldiers were killed in the fighting."
    )
    result = analyze([tmp_path], stance=False)
    rhetoric = [c for c in result.claims if "just the beginning" in c.summary]
    assert rhetoric and rhetoric[0].left_out
    text = brief(result)
    main = text.split("## Main claims")[1].split("\n## ")[0]
    assert "just the beginning" not in main
    assert "not shown here" in main
    assert any("Veyla" in c.summary and not c.left_out for c in result.claims)


SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(
    not (SHARED / "fnc1").is_dir(), reason="needs ../shared/data/fnc1 (not in a user's clone)"
)
def test_the_news_floor_keeps_nearly_every_news_headline():
    """NEWS_FLOOR is the score 95% of FNC-1's train headlines (claims news makes) reach with
    the shipped model; a retrained model must come with a floor chosen the same way."""
    import csv

    import numpy as np

    from rashomon.extract.checkworthy import CheckWorthiness

    with open(SHARED / "fnc1" / "train_stances.csv", encoding="utf-8", newline="") as f:
        heads = sorted({r["Headline"] for r in csv.DictReader(f)})
    scores = CheckWorthiness.load().score(heads)
    kept = float(np.mean(scores >= NEWS_FLOOR))
    assert 0.93 <= kept <= 0.97, kept
