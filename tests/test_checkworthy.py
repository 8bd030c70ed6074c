"""Check-worthiness: the shipped model, its evaluation on the shared data, training, commands."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rashomon.checkworthy_commands import evaluate_checkworthy, train_checkworthy
from rashomon.evaluate.checkworthy import (
    average_precision,
    best_threshold,
    evaluate,
    format_table,
    read_claimbuster,
    read_clef,
)
from rashomon.extract.checkworthy import SURFACE, CheckWorthiness, surface_features
from rashomon.train.checkworthy import Settings, _gradients, split, train

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "checkworthy"
CLAIMBUSTER = DATA / "claimbuster" / "train.json"
CLEF = DATA / "clef2019-train"
needs_data = pytest.mark.skipif(
    not CLAIMBUSTER.is_file() or not CLEF.is_dir(),
    reason=f"check-worthiness data not found at {DATA} (shared data not mounted)",
)
SMALL_TRANSCRIPTS = ("20181010_medicare.tsv", "20190108_oval_office.tsv")  # 44 and 71 lines

CLAIMS = [
    "Unemployment fell to 4.1 percent last year, the lowest since 2000.",
    "The deficit has tripled to $1.2 trillion since 2008.",
    "Crime in our cities rose 12 percent between 2014 and 2016.",
    "Under this law 20 million Americans lost their health insurance.",
    "Exports to China grew by 35 percent in the first quarter of 2019.",
]
RHETORIC = [
    "Thank you all for coming tonight.",
    "Good evening.",
    "Thank you very much, everybody.",
    "It's great to be here with all of you.",
    "God bless you, and God bless America.",
]


def test_shipped_model_ranks_claims_with_figures_above_greetings() -> None:
    model = CheckWorthiness.load()
    claims, rhetoric = model.score(CLAIMS), model.score(RHETORIC)
    assert claims.min() > rhetoric.max(), (claims, rhetoric)
    assert (claims >= model.threshold).all() and (rhetoric < model.threshold).all()
    scores = np.concatenate([claims, rhetoric])
    assert ((scores >= 0) & (scores <= 1)).all()
    assert model.score([]).shape == (0,)


def test_shipped_model_records_its_dev_figures_and_threshold() -> None:
    model = CheckWorthiness.load()
    assert 0 < model.threshold < 1
    dev = model.meta["dev"]
    assert dev["claimbuster"]["threshold"] == pytest.approx(model.threshold)
    assert 0 < dev["claimbuster"]["f1"] <= 1 and 0 < dev["clef"]["map"] <= 1
    assert len(dev["clef"]["transcripts"]) == 3


def test_surface_features_see_figures_and_talk() -> None:
    rows = surface_features(["Taxes rose 5% to $300 in 2019.", "Thank you, I think you're right?"])
    cues = [dict(zip(SURFACE, row)) for row in rows]
    assert cues[0]["digit"] == cues[0]["percent"] == cues[0]["money"] == cues[0]["year"] == 1
    assert cues[0]["change"] == 1 and cues[0]["second_person"] == 0
    assert cues[1]["digit"] == 0 and cues[1]["question"] == 1 and cues[1]["hedge"] == 1
    assert cues[1]["thanks_or_greeting"] == cues[1]["first_singular"] == 1
    assert rows.sum(axis=1)[0] > 0 and sum(v for k, v in cues[0].items() if "words" in k) == 1


def test_best_threshold_and_average_precision_on_a_known_ranking() -> None:
    labels = np.array([1, 0, 1, 0, 0])
    scores = np.array([0.9, 0.8, 0.7, 0.2, 0.1])
    threshold, f1 = best_threshold(labels, scores)
    assert 0.2 < threshold < 0.7 and f1 == pytest.approx(0.8)  # 3 predicted, 2 right, of 2
    assert average_precision(labels, scores) == pytest.approx((1 + 2 / 3) / 2)
    assert np.isnan(average_precision(np.zeros(3), np.ones(3)))


@pytest.mark.parametrize("hidden", [0, 6])
def test_gradients_match_finite_differences(hidden: int) -> None:
    rng = np.random.default_rng(1)
    x = rng.normal(size=(7, 5)).astype(np.float32)
    y = np.array([1, 0, 1, 1, 0, 0, 1], np.float32)
    weights = rng.uniform(0.5, 1.5, 7).astype(np.float32)
    settings = Settings(hidden=hidden, l2=0.1, dropout=0.0)
    sizes = [5, *([hidden] if hidden else []), 1]
    params = []
    for a, b in zip(sizes, sizes[1:]):
        params += [rng.normal(size=(a, b)), rng.normal(size=b)]

    def loss(ps: list[np.ndarray]) -> float:
        h = x.astype(np.float64)
        for i in range(0, len(ps), 2):
            h = h @ ps[i] + ps[i + 1]
            h = np.maximum(h, 0) if i + 2 < len(ps) else h
        p = 1 / (1 + np.exp(-h[:, 0]))
        ce = -(y * np.log(p) + (1 - y) * np.log(1 - p))
        return float((ce * weights).sum() / weights.sum()) + 0.05 * sum(
            float((w**2).sum()) for w in ps[::2]
        )

    grads = _gradients(params, x, y, weights, settings, rng)
    for j, p in enumerate(params):
        k = np.unravel_index(int(np.argmax(np.abs(p))), p.shape)
        bumped = [q.copy() for q in params]
        bumped[j][k] += 1e-5
        numeric = (loss(bumped) - loss(params)) / 1e-5
        assert grads[j][k] == pytest.approx(numeric, rel=1e-2, abs=1e-3)


def test_readers_reject_bad_input_with_a_clear_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(ValueError, match="not JSON"):
        read_claimbuster(empty)
    no_label = tmp_path / "no_label.json"
    no_label.write_text(json.dumps([{"sentence_id": 1, "text": "Taxes rose."}]))
    with pytest.raises(ValueError, match="item 0 has no 'label'"):
        read_claimbuster(no_label)
    bad = tmp_path / "debate.tsv"
    bad.write_text("1\tHOLT\tGood evening.\t0\n2\tHOLT\tno label\n")
    with pytest.raises(ValueError, match=r"debate.tsv:2: expected 4 tab-separated fields"):
        read_clef(bad)
    (tmp_path / "nothing").mkdir()
    with pytest.raises(ValueError, match="no .tsv transcripts"):
        read_clef(tmp_path / "nothing")


@needs_data
def test_split_holds_out_whole_transcripts_and_a_tenth_of_claimbuster() -> None:
    claimbuster, clef = read_claimbuster(CLAIMBUSTER), read_clef(CLEF)
    parts = split(claimbuster, clef, seed=0)
    dev_files = {g for _, _, g in parts.clef_dev}
    assert len(dev_files) == 3 and not dev_files & {g for _, _, g in parts.clef_train}
    assert len(parts.claimbuster_dev) == round(0.1 * len(claimbuster))
    dev_texts = {t.lower() for t, _, _ in parts.claimbuster_dev + parts.clef_dev}
    train_texts = {t.lower() for t, _, _ in parts.claimbuster_train + parts.clef_train}
    assert parts.dropped > 0 and not dev_texts & train_texts
    again = split(claimbuster, clef, seed=0)
    assert again.claimbuster_dev == parts.claimbuster_dev and again.clef_dev == parts.clef_dev
    assert split(claimbuster, clef, seed=1).claimbuster_dev != parts.claimbuster_dev


@pytest.fixture(scope="module")
def data_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 ClaimBuster sentences (a seeded sample) and two small CLEF transcripts."""
    if not CLAIMBUSTER.is_file() or not CLEF.is_dir():
        pytest.skip(f"check-worthiness data not found at {DATA} (shared data not mounted)")
    folder = tmp_path_factory.mktemp("checkworthy")
    rows = random.Random(0).sample(json.loads(CLAIMBUSTER.read_text(encoding="utf-8")), 200)
    (folder / "claimbuster.json").write_text(json.dumps(rows), encoding="utf-8")
    (folder / "clef").mkdir()
    for name in SMALL_TRANSCRIPTS:
        shutil.copy(CLEF / name, folder / "clef" / name)
    return folder


@pytest.fixture(scope="module")
def embedding_cache(data_slice: Path) -> Path:
    """The slice's MiniLM embeddings, computed once for every test below."""
    from rashomon.train.stance import CachedEmbed

    path = data_slice / "embeddings.npz"
    texts = [t for t, _, _ in read_claimbuster(data_slice / "claimbuster.json")]
    CachedEmbed(path)(texts + [t for t, _, _ in read_clef(data_slice / "clef")])
    return path


@pytest.fixture(scope="module")
def cached_model(embedding_cache: Path) -> CheckWorthiness:
    """The shipped model, reading embeddings from the slice's cache."""
    from rashomon.train.stance import CachedEmbed

    shipped = CheckWorthiness.load()
    embed = CachedEmbed(embedding_cache)
    return CheckWorthiness(shipped.layers, shipped.mu, shipped.sd, shipped.threshold, embed=embed)


def test_evaluate_on_claimbuster_sentences(data_slice: Path, cached_model: CheckWorthiness) -> None:
    result = evaluate(data_slice / "claimbuster.json", cached_model)
    assert result["n"] == 200 and 0 < result["positives"] < 200
    assert all(0 <= result[k] <= 1 for k in ("precision", "recall", "f1"))
    # Better than calling every sentence check-worthy.
    share = result["positives"] / result["n"]
    assert result["f1"] > 2 * share / (1 + share)
    assert "F1" in format_table(result)


def test_evaluate_on_clef_transcripts(data_slice: Path, cached_model: CheckWorthiness) -> None:
    result = evaluate(data_slice / "clef", cached_model)
    examples = read_clef(data_slice / "clef")
    assert result["files"] == 2 and result["n"] == len(examples)
    # A random ranking's MAP is about each transcript's share of check-worthy lines.
    shares = [np.mean([y for _, y, g in examples if g == name]) for name in SMALL_TRANSCRIPTS]
    assert np.mean(shares) < result["map"] <= 1
    one = evaluate(data_slice / "clef" / SMALL_TRANSCRIPTS[0], cached_model)
    assert one["files"] == 1 and 0 < one["map"] <= 1
    assert "MAP" in format_table(result)


def test_training_on_a_small_slice_writes_a_loadable_model(
    data_slice: Path, embedding_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "model.npz"
    grid = [Settings(hidden=0, epochs=10), Settings(hidden=16, epochs=10)]
    dev = train(
        data_slice / "claimbuster.json",
        data_slice / "clef",
        out,
        seed=0,
        cache_path=embedding_cache,
        grid=grid,
    )
    assert dev["claimbuster"]["n"] == 20 and 0 <= dev["claimbuster"]["f1"] <= 1
    assert len(dev["clef"]["transcripts"]) == 1  # of two: one stays for training
    model = CheckWorthiness.load(out)
    assert model.threshold == pytest.approx(dev["claimbuster"]["threshold"])
    sizes = model.meta["train"]
    assert sizes["claimbuster"]["n"] + sizes["dropped_as_in_dev"] >= 180
    assert len(model.meta["grid"]) == 2
    scores = model.score(CLAIMS[:2])
    assert scores.shape == (2,) and ((scores >= 0) & (scores <= 1)).all()


def test_train_command_runs_end_to_end(
    data_slice: Path, embedding_cache: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cli-model.npz"
    args = [
        "--claimbuster",
        str(data_slice / "claimbuster.json"),
        "--clef",
        str(data_slice / "clef"),
    ]
    result = CliRunner().invoke(
        train_checkworthy, [*args, "-o", str(out), "--cache", str(embedding_cache)]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {out}" in result.output and "MAP" in result.output
    assert CheckWorthiness.load(out).meta["seed"] == 0


def test_commands_fail_cleanly_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"sentence_id": 1, "label": 1}]))
    empty = tmp_path / "empty.json"
    empty.write_text("")
    (tmp_path / "clef").mkdir()
    (tmp_path / "clef" / "a.tsv").write_text("1\tX\tHello.\t0\n")
    runner = CliRunner()
    for path in (bad, empty):
        result = runner.invoke(evaluate_checkworthy, [str(path)])
        assert result.exit_code == 2 and "error: " in result.output
        assert isinstance(result.exception, SystemExit)  # not a crash
    not_a_model = tmp_path / "model.npz"
    np.savez(not_a_model, weights=np.zeros(3))
    result = runner.invoke(evaluate_checkworthy, ["--model", str(not_a_model), str(bad)])
    assert result.exit_code == 2 and "not a check-worthiness model" in result.output
    args = ["--claimbuster", str(bad), "--clef", str(tmp_path / "clef"), "-o", str(tmp_path / "m")]
    result = runner.invoke(train_checkworthy, args)
    assert result.exit_code == 2 and "error: " in result.output and "'text'" in result.output


def test_evaluate_command_prints_a_table_or_json(data_slice: Path, tmp_path: Path) -> None:
    rows = json.loads((data_slice / "claimbuster.json").read_text(encoding="utf-8"))[:30]
    path = tmp_path / "thirty.json"
    path.write_text(json.dumps(rows))
    result = CliRunner().invoke(evaluate_checkworthy, [str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["n"] == 30 and 0 <= figures["f1"] <= 1
    table = CliRunner().invoke(evaluate_checkworthy, [str(path)])
    assert table.exit_code == 0 and "precision" in table.output
