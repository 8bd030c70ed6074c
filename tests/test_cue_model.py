"""The learned cue model and the attribution patterns it and its companions add.

The shipped weights are read as a user gets them; training is checked on a toy problem and,
end to end through the CLI, on the small PolNeAR-format fixture.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.extract import attribution, claims
from rashomon.extract.attribution.cue_model import CueModel, features, fit, hashed
from rashomon.model import Article
from rashomon.nlp import sentences

FIXTURE = Path(__file__).parent / "fixtures" / "polnear_mini"


def analyse(nlp, text: str):
    doc = nlp(text)
    art = Article(id="t", path="<test>", text=text, source_text=text, outlet="The Test Post")
    sents = sentences("t", doc)
    atts = attribution.extract(art, doc, sents)
    return doc, atts, claims.extract(art, doc, sents, atts)


def probability(nlp, text: str, word: str) -> float:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == word)
    return float(CueModel.load().probabilities([tok], [False])[0])


def test_features_are_stable_strings_hashed_the_same_way_each_time(nlp):
    doc = nlp("The governor said that the bridge would reopen.")
    said = doc[2]
    f = features(said, False)
    assert "l=say" in f and "c=ccomp" in f and "s=noun" in f
    assert np.array_equal(hashed(f), hashed(features(said, False)))
    assert hashed(f).max() < 2**18


def test_fit_learns_a_separable_toy_problem():
    rows = [hashed(["bias", "cue-word"]) for _ in range(40)] + [
        hashed(["bias", "other-word"]) for _ in range(60)
    ]
    labels = np.array([True] * 40 + [False] * 60)
    model = fit(rows, labels, epochs=30, lr=0.5)
    p = model.score([hashed(["bias", "cue-word"]), hashed(["bias", "other-word"])])
    assert p[0] > 0.8 and p[1] < 0.2


def test_fit_rejects_mismatched_input():
    with pytest.raises(ValueError):
        fit([hashed(["a"])], np.array([True, False]))


def test_save_and_load_keep_the_scores(tmp_path):
    model = fit([hashed(["x"]), hashed(["y"])], np.array([True, False]), epochs=5)
    model.threshold = 0.37
    path = tmp_path / "weights"  # no .npz suffix: the file is written where asked
    model.save(path)
    again = CueModel.from_file(path)
    rows = [hashed(["x"]), hashed(["y"])]
    assert again.threshold == pytest.approx(0.37)
    assert np.allclose(again.score(rows), model.score(rows), atol=1e-3)


def test_shipped_model_reads_the_word_in_its_context(nlp):
    assert (
        probability(nlp, "The governor made it clear that the bridge would stay shut.", "made")
        > 0.4
    )
    assert probability(nlp, "The factory made 300 cars last year.", "made") < 0.2


def test_a_cue_no_word_list_has_is_found_with_its_clause(nlp):
    _, atts, mentions = analyse(
        nlp, "The governor made it clear that the bridge would not reopen before winter."
    )
    (a,) = atts
    assert a.speaker == "governor" and a.cue.text == "made"
    assert a.content.text == "the bridge would not reopen before winter"
    assert a.statement
    assert [m.speaker for m in mentions] == ["governor"]


def test_a_stance_adjective_outside_the_lists(nlp):
    _, atts, _ = analyse(
        nlp, "Regional officials are optimistic that the bridge will reopen in May."
    )
    (a,) = atts
    assert a.source.text == "Regional officials" and a.cue.text == "are optimistic"
    assert a.content.text == "the bridge will reopen in May"


def test_an_act_with_an_object_stays_the_outlets_claim(nlp):
    text = "Voters in the northern provinces backed the new constitution by a wide margin."
    _, atts, mentions = analyse(nlp, text)
    assert [a.statement for a in atts] == [False]  # recorded, but not a proposition of theirs
    (m,) = mentions
    assert m.speaker == "The Test Post"
    assert m.text.startswith("Voters in the northern provinces backed")


def test_a_stance_word_in_a_plain_use_is_not_a_cue(nlp):
    _, atts, mentions = analyse(nlp, "Police searched the building and found one man at the scene.")
    assert all(not a.statement for a in atts)
    assert [m.speaker for m in mentions] == ["The Test Post"]


def test_a_cue_without_a_named_source(nlp):
    _, atts, mentions = analyse(
        nlp, "The minister was asked about the strike during a visit to the port on Monday."
    )
    (a,) = atts
    assert a.cue.text.startswith("was asked") and not a.statement
    assert [m.speaker for m in mentions] == ["The Test Post"]


def test_a_transcript_turn_speaks_until_the_paragraph_ends(nlp):
    text = (
        "The mayor spoke to reporters on Friday.\n\n"
        "MAYOR LINA HOLT: We will rebuild the harbour wall this year. "
        "It will cost four million.\n\n"
        "The council met later that day to approve the budget for the repairs."
    )
    _, atts, mentions = analyse(nlp, text)
    said = [(m.speaker, m.text) for m in mentions]
    assert ("MAYOR LINA HOLT", "We will rebuild the harbour wall this year") in said
    assert ("MAYOR LINA HOLT", "It will cost four million") in said
    assert said[-1][0] == "The Test Post"  # the next paragraph is the outlet's again
    turn = next(a for a in atts if a.cue is not None and a.cue.text == ":")
    assert turn.source.text == "MAYOR LINA HOLT"


def test_a_sentence_ending_in_writes_colon_introduces_the_next(nlp):
    text = (
        "Commander Ilse Brodny posted a long message on Sunday.\n\nShe wrote:\n\n"
        "The offensive will resume within days and no town will be spared."
    )
    _, atts, mentions = analyse(nlp, text)
    a = next(a for a in atts if a.cue is not None and a.cue.text == "wrote")
    assert a.speaker == "Ilse Brodny"
    assert a.content.text.startswith("The offensive will resume")
    assert a.sentence_index == 2  # the attribution sits with what was said
    assert ("Ilse Brodny", True) in {
        (m.speaker, m.text.startswith("The offensive")) for m in mentions
    }


def test_a_bare_attribution_after_a_quote_with_a_time(nlp):
    text = (
        "“We will not leave the valley until every village is safe again.”\n\n"
        "Commander Brodny said on Tuesday."
    )
    _, atts, _ = analyse(nlp, text)
    (a,) = atts
    assert a.speaker == "Brodny" and a.cue.text == "said"
    assert "We will not leave the valley" in a.content.text


def test_a_poll_speaks_through_in(nlp):
    _, atts, _ = analyse(
        nlp, "In a survey released Monday, most residents said the water was still unsafe."
    )
    assert any(
        a.speaker == "residents" or "residents" in (a.source.text if a.source else "") for a in atts
    )
    _, atts, mentions = analyse(
        nlp, "In a new survey by the Harlow Institute, 52 percent of residents opposed the dam."
    )
    assert atts, "expected an attribution"


def test_train_cues_cli_writes_a_model_that_evaluate_can_use(tmp_path):
    out = tmp_path / "cues.npz"
    runner = CliRunner()
    result = runner.invoke(main, ["train", "cues", str(FIXTURE), "-o", str(out), "--epochs", "3"])
    assert result.exit_code == 0, result.output
    assert "cue heads" in result.output and out.exists()
    model = CueModel.from_file(out)
    assert model.threshold == pytest.approx(0.35)
    assert model.refiner is not None and "refiner examples" in result.output
    plain = tmp_path / "plain.npz"
    result = runner.invoke(
        main, ["train", "cues", str(FIXTURE), "-o", str(plain), "--epochs", "3", "--no-refiner"]
    )
    assert result.exit_code == 0 and CueModel.from_file(plain).refiner is None
    result = runner.invoke(
        main, ["evaluate", "attribution", str(FIXTURE), "--cue-model", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"cue"' in result.output


def test_train_cues_cli_on_a_folder_without_annotations(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    result = CliRunner().invoke(main, ["train", "cues", str(tmp_path), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "error" in result.output
