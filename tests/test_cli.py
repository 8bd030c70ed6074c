"""The command line end to end, the report schema, and safe output of untrusted text."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from click.testing import CliRunner

from rashomon.cli import main


@pytest.fixture(scope="module")
def schema():
    text = (resources.files("rashomon") / "schema" / "report.schema.json").read_text()
    return json.loads(text)


def test_demo_writes_valid_report_and_brief(tmp_path, schema):
    out = tmp_path / "demo"
    res = CliRunner().invoke(main, ["demo", "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "Read 7 article(s)" in res.output
    assert "disputed" in res.output and "corroborated" in res.output
    report = json.loads((out / "report.json").read_text())
    jsonschema.validate(report, schema)
    assert report["schema_version"] == "1.1"
    assert report["events"] and report["timeline"] and report["times"]
    assert {a["anchor"] for a in report["anchors"]} >= {"published", "inferred"}
    brief = (out / "brief.md").read_text()
    assert "DISPUTED" in brief and "[A1 §" in brief
    assert "Meridian Press Agency" in brief


def test_schema_rejects_a_broken_report(demo_result, schema):
    data = demo_result.to_dict()
    jsonschema.validate(data, schema)
    data["claims"][0]["status"] = "probably"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
    del data["claims"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_analyze_mixed_good_and_bad_inputs(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(
        "Dam breach floods valley\n\nThe Ostrava dam burst on Tuesday, flooding three villages, "
        "regional governor Eva Lind said. Rescue teams evacuated 400 people, she said.\n"
    )
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "A second story about the dam, which the '
        'utility said had been inspected in May."}\n{broken\n'
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", str(tmp_path), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert "empty file" in res.output
    assert "malformed JSON" in res.output and "bad.jsonl:2" in res.output
    report = json.loads((out / "report.json").read_text())
    assert len(report["articles"]) == 2
    assert any(m["speaker"] == "Eva Lind" for c in report["claims"] for m in c["mentions"])


def test_analyze_nothing_usable_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_text("   ")
    res = CliRunner().invoke(
        main,
        [
            "analyze",
            str(tmp_path / "empty.txt"),
            "https://example.com/a",
            "-o",
            str(tmp_path / "o"),
        ],
    )
    assert res.exit_code == 2
    assert "No usable article" in res.output
    assert "URLs are not fetched" in res.output
    assert not (tmp_path / "o" / "report.json").exists()


def test_untrusted_text_cannot_inject_markup(tmp_path):
    evil = tmp_path / "evil.txt"
    evil.write_text(
        "Headline\n\nThe council said on Monday that <script>alert(1)</script> the "
        "[vote](javascript:alert(1)) had been postponed by two weeks.\n"
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", str(evil), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    brief = (out / "brief.md").read_text()
    assert "<script>" not in brief and "\\<script\\>" in brief
    assert "[vote](" not in brief and "\\[vote\\]" in brief  # no live link
    report = json.loads((out / "report.json").read_text())
    assert "<script>" in report["articles"][0]["text"]  # data is kept verbatim in JSON


def test_version_and_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--version"]).output.startswith("rashomon")
    assert "analyze" in runner.invoke(main, ["--help"]).output


def test_evaluate_attribution_json_on_a_small_folder():
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "polnear_mini"
    res = CliRunner().invoke(main, ["evaluate", "attribution", str(folder), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for role in ("source", "cue", "content"):
        for mode in ("exact", "overlap"):
            assert set(data[role][mode]) >= {"p", "r", "f1"}
            assert 0.0 <= data[role][mode]["f1"] <= 1.0
    assert data["cue"]["overlap"]["f1"] > 0  # the extractor finds the written "said" cues


def test_evaluate_entities_json_on_one_ecbplus_topic():
    from conftest import SHARED

    folder = SHARED / "ecbplus"
    if not folder.is_dir():
        pytest.skip(f"{folder} not present: ECB+ lives in ../shared beside the checkout")
    res = CliRunner().invoke(main, ["evaluate", "entities", str(folder), "--topics", "1", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) >= {"conll_f1", "muc", "b3", "ceafe", "baseline_conll_f1"}
    assert 0.3 < data["conll_f1"] < 1.0


def test_evaluate_entities_takes_a_topic_range():
    from conftest import SHARED

    folder = SHARED / "ecbplus"
    if not folder.is_dir():
        pytest.skip(f"{folder} not present: ECB+ lives in ../shared beside the checkout")
    res = CliRunner().invoke(
        main, ["evaluate", "entities", str(folder), "--topics", "1-2", "--json"]
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["topics"] == ["1", "2"]


@pytest.mark.parametrize("command", ["entities", "alignment"])
@pytest.mark.parametrize("spec", ["1-x", "5-3", "1,,2"])
def test_a_bad_topic_range_is_a_clear_error(tmp_path, command, spec):
    res = CliRunner().invoke(main, ["evaluate", command, str(tmp_path), "--topics", spec])
    assert res.exit_code == 2
    assert "bad topic range" in res.output


def test_topic_ranges():
    from rashomon.coref_commands import parse_topics

    assert parse_topics("23-25") == [23, 24, 25]
    assert parse_topics("1-3, 26,2") == [1, 2, 3, 26]
    assert parse_topics("") is None


def test_evaluate_stance_json_on_written_csvs(tmp_path):
    bodies = tmp_path / "bodies.csv"
    stances = tmp_path / "stances.csv"
    bodies.write_text(
        "Body ID,articleBody\n"
        '1,"The city council voted on Tuesday to close the old bridge for repairs. '
        'Engineers said the bridge would reopen in May."\n'
        '2,"A local bakery won a national prize for its rye bread this week."\n'
    )
    stances.write_text(
        "Headline,Body ID,Stance\n"
        "Council closes old bridge for repairs,1,agree\n"
        "Council closes old bridge for repairs,2,unrelated\n"
    )
    out = tmp_path / "pred.csv"
    res = CliRunner().invoke(
        main,
        [
            "evaluate",
            "stance",
            "--bodies",
            str(bodies),
            "--stances",
            str(stances),
            "--json",
            "--predictions",
            str(out),
        ],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert set(data) >= {"fnc_score", "accuracy", "macro_f1", "f1"}
    assert set(data["f1"]) == {"agree", "disagree", "discuss", "unrelated"}
    assert out.read_text().startswith("Headline,Body ID,Stance")


ARTICLE = (
    "Dam breach floods valley\n\nThe Ostrava dam burst on Tuesday, flooding three villages, "
    "regional governor Eva Lind said. Rescue teams evacuated 400 people, she said.\n"
)


@pytest.mark.parametrize(
    ("stdin", "fmt", "path"),
    [
        (ARTICLE, [], "<stdin>"),
        (json.dumps({"text": ARTICLE, "outlet": "Valley Post"}) + "\n", [], "<stdin>"),
        (
            "\n".join(json.dumps({"text": t}) for t in (ARTICLE, ARTICLE.replace("400", "500"))),
            [],
            "<stdin>:1",
        ),
        ("<html><body><p>" + ARTICLE.replace("\n\n", "</p><p>") + "</p></body></html>", [], None),
        (ARTICLE, ["--stdin-format", "md"], "<stdin>"),
    ],
)
def test_analyze_reads_standard_input(tmp_path, stdin, fmt, path):
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", "-", "-o", str(out), "-q", *fmt], input=stdin)
    assert res.exit_code == 0, res.output
    report = json.loads((out / "report.json").read_text())
    assert report["articles"][0]["path"].startswith("<stdin>")
    assert path is None or report["articles"][0]["path"] == path
    assert "Ostrava dam burst" in report["articles"][0]["text"]
    assert any(m["speaker"] == "Eva Lind" for c in report["claims"] for m in c["mentions"])


def test_analyze_standard_input_beside_files(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    other = ARTICLE.replace("Ostrava", "Brenmark")
    res = CliRunner().invoke(
        main,
        ["analyze", str(tmp_path / "a.txt"), "-", "-o", str(tmp_path / "o"), "-q"],
        input=other,
    )
    assert res.exit_code == 0, res.output
    report = json.loads((tmp_path / "o" / "report.json").read_text())
    paths = sorted(a["path"] for a in report["articles"])
    assert paths == sorted(["<stdin>", str(tmp_path / "a.txt")])


def test_empty_standard_input_exits_2(tmp_path):
    res = CliRunner().invoke(main, ["analyze", "-", "-o", str(tmp_path / "o")], input="")
    assert res.exit_code == 2
    assert "<stdin>: empty file" in res.output


def test_demo_summary_in_readme_is_what_the_demo_prints(tmp_path):
    """The README shows the demo's printed summary; it must stay true."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    block = readme.split("$ rashomon demo\n", 1)[1].split("```", 1)[0].splitlines()
    res = CliRunner().invoke(main, ["demo", "-o", str(tmp_path / "demo"), "-q"])
    assert res.exit_code == 0, res.output
    printed = res.output.splitlines()
    # Every line but the list of written files, whose folder is this test's.
    assert block[:-1] == printed[:-1]
    assert block[-1].startswith("Wrote rashomon-demo/report.json")
    assert printed[-1].startswith("Wrote ")
