"""``rashomon evaluate time``: TimeML reading, TempEval-3 style scoring, and the command on the
TBAQ data in ../shared when it is there."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.evaluate import timeml
from rashomon.extract import timex
from rashomon.model import Article

TIMEML = Path(__file__).resolve().parents[2] / "shared" / "data" / "timeml"

DOC = (
    '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>T1</DOCID>\n'
    '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-13" functionInDocument="CREATION_TIME">'
    "19980213</TIMEX3></DCT>\n<TEXT>\n"
    'The strike <EVENT eid="e1">hit</EVENT> the port on '
    '<TIMEX3 tid="t1" type="DATE" value="1998-02-11">Wednesday</TIMEX3>. Talks lasted '
    '<TIMEX3 tid="t2" type="DURATION" value="P5Y">five years</TIMEX3> and end in '
    '<TIMEX3 tid="t3" type="DATE" value="1998-03">March</TIMEX3>. The plant opened in '
    '<TIMEX3 tid="t4" type="DATE" value="1901">1901</TIMEX3>.\n</TEXT>\n</TimeML>\n'
)


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "T1.tml").write_text(DOC, encoding="utf-8")
    (tmp_path / "MANIFEST.tsv").write_text("T1.tml\tTimeBank\n", encoding="utf-8")
    return tmp_path


def test_read_tml_keeps_offsets_types_values_and_the_dct(folder: Path):
    doc = timeml.read_tml(folder / "T1.tml")
    assert doc.dct == "1998-02-13"
    assert [(t.type, t.value) for t in doc.timexes] == [
        ("DATE", "1998-02-11"),
        ("DURATION", "P5Y"),
        ("DATE", "1998-03"),
        ("DATE", "1901"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "<EVENT" not in doc.text and "hit the port" in doc.text


def test_scores_count_matches_spans_and_values(folder: Path):
    result = timeml.evaluate_folder(folder, parse=False)
    by_type = result["by_type"]
    # The weekday, the month and the year are found with their values; the duration is not
    # read (rashomon dates events, it does not normalise durations).
    assert by_type["DATE"] == {"gold": 3, "found": 3, "value_correct": 3}
    assert by_type["DURATION"]["value_correct"] == 0
    assert result["timeline"]["value_accuracy"] == 1.0
    assert result["all_types"]["gold"] == 4
    assert result["corpus"] == "all"
    assert timeml.evaluate_folder(folder, corpus="timebank", parse=False)["documents"] == 1


def test_the_command_prints_json_and_refuses_bad_input(folder: Path, tmp_path_factory):
    runner = CliRunner()
    out = runner.invoke(main, ["evaluate", "time", str(folder), "--no-parse", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert {"extract_f1", "extract_strict_f1", "value_accuracy", "value_f1"} <= set(result)
    empty = tmp_path_factory.mktemp("empty")
    bad = runner.invoke(main, ["evaluate", "time", str(empty)])
    assert bad.exit_code == 2 and "no .tml files" in bad.output
    bad = runner.invoke(main, ["evaluate", "time", str(folder), "--corpus", "nope"])
    assert bad.exit_code == 2


@pytest.mark.skipif(not TIMEML.exists(), reason="../shared/data/timeml (TBAQ) is not here")
def test_on_tbaq_dev_the_figures_stay_where_the_readme_puts_them():
    """AQUAINT is the dev half (TimeBank the train half); patterns only, as measured with
    ``rashomon evaluate time ../shared/data/timeml --corpus AQUAINT --no-parse``."""
    result = timeml.evaluate_folder(TIMEML, corpus="AQUAINT", parse=False)
    assert result["documents"] == 73
    assert result["timeline"]["relaxed"]["p"] > 0.95
    assert result["timeline"]["relaxed"]["f1"] > 0.9
    assert result["timeline"]["value_accuracy"] > 0.8
    assert result["value_accuracy"] >= 0.8  # all types: issue 19's target, on the dev half


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Profits rose in the third quarter.", "1989-Q3"),
        ("Sales fell in the fourth quarter of 1988.", "1988-Q4"),
        ("Earnings for the first half were weak.", "1989-H1"),
        ("Prices rose over the past two months.", "P2M"),
        ("Shares fell over the weekend.", "1989-W42-WE"),
    ],
)
def test_values_in_timeml_notation(text, value):
    """TimeML's own notation for what rashomon reads: quarters, halves, durations, weekends."""
    art = Article("d", "d", text, text, published="1989-10-26")
    (t,) = timex.times_for_article(art)
    assert timeml.timeml_value(t) == value


def test_a_quarter_of_a_game_is_no_date():
    for text in (
        "Manning threw a touchdown in the fourth quarter.",
        "The Colts led in the second half.",
    ):
        assert timex.times_for_article(Article("d", "d", text, text, published="2008-12-19")) == []
