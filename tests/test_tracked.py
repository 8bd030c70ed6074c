"""Tracked claims: the user's claim read against every article, with evidence and a status."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.story import tracked
from rashomon.story.stance.model import LABELS, Reading

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def _reading(**p: float) -> Reading:
    return Reading(np.array([p.get(k, 0.0) for k in LABELS], np.float32), "evidence")


@pytest.mark.parametrize(
    "stances, origins, expected",
    [
        (["supports", "denies", "silent"], 1, "disputed"),
        (["denies", "reports"], 0, "denied-only"),
        (["supports", "supports"], 2, "corroborated"),
        (["supports", "supports"], 1, "single-source"),  # a copy and its source
        (["reports", "silent"], 0, "unverified"),
        (["silent", "silent"], 0, "not-addressed"),
    ],
)
def test_status(stances, origins, expected):
    assert tracked.status(stances, origins) == expected


def test_a_weak_disagree_only_reports():
    strong = _reading(disagree=0.8, discuss=0.1, unrelated=0.1)
    weak = _reading(disagree=0.4, discuss=0.3, agree=0.3)
    assert tracked.article_stance(strong, 0.5) == ("denies", pytest.approx(0.8))
    assert tracked.article_stance(weak, 0.5)[0] == "reports"


def _story(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "claim.txt").write_text(
        "Rebels seized the town of Veyla on Sunday, a rebel commander told reporters. "
        "He said his fighters now hold the bridge and the market."
    )
    (tmp_path / "denial.txt").write_text(
        "The army denied on Monday that rebels had seized Veyla. 'The town is fully under "
        "government control, and the claims of its capture are false,' a spokesman said."
    )
    (tmp_path / "offtopic.txt").write_text(
        "The central bank left its main interest rate unchanged on Thursday, citing slowing "
        "inflation. Economists had expected the decision."
    )
    return tmp_path


def test_cli_tracks_a_claim_end_to_end(tmp_path: Path):
    folder = _story(tmp_path / "in")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["analyze", str(folder), "-o", str(out), "-q", "--claim", "Rebels seized Veyla"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads((out / "report.json").read_text())
    (t,) = data["tracked"]
    assert t["claim"] == "Rebels seized Veyla"
    by_path = {Path(a["path"]).name: a for a in t["articles"]}
    assert by_path["claim.txt"]["stance"] == "supports"
    assert by_path["denial.txt"]["stance"] == "denies"
    assert by_path["offtopic.txt"]["stance"] == "silent"
    assert t["status"] == "disputed"
    assert "Veyla" in by_path["denial.txt"]["evidence"]
    assert by_path["denial.txt"]["sentence_index"] is not None
    brief = (out / "brief.md").read_text()
    assert brief.index("## Tracked claims") < brief.index("## Main claims")
    assert "denial.txt" in brief and "**denies**" in brief
    html = (out / "report.html").read_text()
    assert 'id="tracked"' in html and "Rebels seized Veyla" in html


def test_claims_file_and_its_errors(tmp_path: Path):
    folder = _story(tmp_path / "in")
    claims = tmp_path / "claims.txt"
    claims.write_text("# my questions\nRebels seized Veyla\n\nThe bank cut its rate\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        main, ["analyze", str(folder), "-o", str(out), "-q", "--claims", str(claims)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads((out / "report.json").read_text())
    assert [t["claim"] for t in data["tracked"]] == ["Rebels seized Veyla", "The bank cut its rate"]
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    res = CliRunner().invoke(main, ["analyze", str(folder), "-o", str(out), "--claims", str(empty)])
    assert res.exit_code == 2 and "no claims in" in res.output
    res = CliRunner().invoke(main, ["analyze", str(folder), "--claims", str(tmp_path / "missing")])
    assert res.exit_code == 2


def test_without_claims_nothing_is_tracked(demo_result):
    assert demo_result.tracked == []


@pytest.mark.skipif(
    not (SHARED / "fnc1").is_dir(), reason="needs ../shared/data/fnc1 (not in a user's clone)"
)
def test_evaluate_story_on_fnc1_dev_stories():
    res = CliRunner().invoke(
        main,
        [
            "evaluate", "story", "--bodies", str(SHARED / "fnc1" / "train_bodies.csv"),
            "--stances", str(SHARED / "fnc1" / "train_stances.csv"), "--split", "fnc1",
            "--stories", "6", "--json",
        ],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["stories"] == 6 and data["disputed_stories"] == 3
    for k in ("ledger_macro_f1", "denial_precision", "denial_recall", "dispute_f1"):
        assert 0.0 <= data[k] <= 1.0
    # The model reads these stories far better than chance: a floor, not a target.
    assert data["ledger_macro_f1"] > 0.4


# -- the model's readings as evidence on extracted claims ------------------------------------


class _Fixed:
    """A stance reader whose readings are given per article text (the ledger is under test)."""

    def __init__(self, by_text: dict[str, Reading]) -> None:
        self.by_text = by_text

    def read(self, pairs):
        return [self.by_text[text] for _, text in pairs]


def _ledger_case():
    from rashomon.model import Article, Claim, ClaimMention

    def art(aid: str) -> Article:
        return Article(id=aid, path=f"{aid}.txt", text=f"text of {aid}", source_text="")

    def mention(mid: str, aid: str) -> ClaimMention:
        return ClaimMention(
            id=mid, article_id=aid, sentence_index=0, sentence="s", start=0, end=1,
            text="Israel opened the dams", orig_start=0, orig_end=1, speaker=None,
            speaker_kind="outlet", via=[], cue=None, hedged=False, hedging="asserted",
            polarity="asserts", origin=f"article {aid}",
        )  # fmt: skip

    arts = [art("a"), art("b"), art("c"), art("d")]
    ms = [mention("m1", "a"), mention("m2", "b")]
    claim = Claim(
        id="c1", summary="Israel opened the dams", status="corroborated", independent_origins=2,
        origins=["article a", "article b"], article_count=2, mentions=ms,
        supporting=["m1", "m2"],
    )  # fmt: skip
    return claim, arts


def test_a_confident_model_denial_makes_a_claim_disputed():
    from rashomon.story import ledger

    claim, arts = _ledger_case()
    reader = _Fixed(
        {
            "text of a": _reading(agree=0.9, unrelated=0.1),
            "text of b": _reading(agree=0.8, discuss=0.2),
            "text of c": _reading(disagree=0.7, discuss=0.3),  # states nothing, denies it
            "text of d": _reading(unrelated=0.95, disagree=0.05),
        }
    )
    ledger.fill([claim], arts, model=reader)
    ledger.settle(claim)
    by = {s.article_id: s for s in claim.stances}
    assert by["c"].stance == "denies" and by["c"].source == "model"
    assert by["c"].evidence == "evidence"
    assert by["d"].stance == "silent"
    assert claim.status == "disputed" and claim.independent_origins == 2


def test_a_debunk_that_quotes_the_claim_is_not_support():
    from rashomon.story import ledger

    claim, arts = _ledger_case()
    reader = _Fixed(
        {
            "text of a": _reading(agree=0.9, unrelated=0.1),
            "text of b": _reading(disagree=0.9, discuss=0.1),  # quotes it to debunk it
            "text of c": _reading(unrelated=1.0),
            "text of d": _reading(unrelated=1.0),
        }
    )
    ledger.fill([claim], arts, model=reader)
    ledger.settle(claim)
    by = {s.article_id: s for s in claim.stances}
    assert by["b"].stance == "denies" and by["b"].debunks
    assert claim.supporting == ["m1"] and claim.origins == ["article a"]
    assert claim.status == "disputed"


def test_a_weak_reading_never_overrules_an_articles_own_words():
    from rashomon.story import ledger

    claim, arts = _ledger_case()
    reader = _Fixed(
        {
            "text of a": _reading(agree=0.9, unrelated=0.1),
            "text of b": _reading(disagree=0.5, agree=0.5),  # enough to deny, not to overrule
            "text of c": _reading(unrelated=1.0),
            "text of d": _reading(unrelated=1.0),
        }
    )
    ledger.fill([claim], arts, model=reader)
    ledger.settle(claim)
    assert {s.article_id: s.stance for s in claim.stances}["b"] == "supports"
    assert claim.status == "corroborated"


def test_an_article_that_states_and_denies_a_claim_quotes_what_it_denies():
    from rashomon.story import ledger

    claim, arts = _ledger_case()
    denial = claim.mentions[1].__class__(**{**claim.mentions[1].__dict__, "id": "m3"})
    denial.polarity = "denies"
    claim.mentions.append(denial)  # article b states the claim and denies it
    reader = _Fixed(
        {
            "text of a": _reading(agree=0.9, unrelated=0.1),
            "text of b": _reading(disagree=0.4, discuss=0.35, agree=0.25),
            "text of c": _reading(unrelated=1.0),
            "text of d": _reading(unrelated=1.0),
        }
    )
    ledger.fill([claim], arts, model=reader)
    ledger.settle(claim)
    assert {s.article_id: s.debunks for s in claim.stances}["b"]
    assert claim.supporting == ["m1"] and claim.status == "disputed"


def test_one_articles_claim_shows_a_reading_but_keeps_its_status():
    from rashomon.story import ledger

    claim, arts = _ledger_case()
    claim.mentions = claim.mentions[:1]
    claim.article_count, claim.status = 1, "single-source"
    reader = _Fixed(
        {
            "text of a": _reading(agree=0.9, unrelated=0.1),
            "text of b": _reading(disagree=0.9, discuss=0.1),
            "text of c": _reading(unrelated=1.0),
            "text of d": _reading(unrelated=1.0),
        }
    )
    ledger.fill([claim], arts, model=reader)
    ledger.settle(claim)
    assert {s.article_id: s.stance for s in claim.stances}["b"] == "denies"  # in the ledger
    assert ledger.model_denials(claim) == [] and claim.status == "single-source"


def test_a_tracked_claim_is_escaped_in_every_output(tmp_path: Path):
    folder = _story(tmp_path / "in")
    out = tmp_path / "out"
    payload = 'Rebels seized Veyla <img src=x onerror="alert(1)">'
    res = CliRunner().invoke(
        main, ["analyze", str(folder), "-o", str(out), "-q", "--claim", payload]
    )
    assert res.exit_code == 0, res.output
    html = (out / "report.html").read_text()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    # Markdown: the angle brackets are backslash-escaped, so a renderer shows them as text.
    assert not re.search(r"(?<!\\)<img", (out / "brief.md").read_text())
    assert json.loads((out / "report.json").read_text())["tracked"][0]["claim"] == payload
