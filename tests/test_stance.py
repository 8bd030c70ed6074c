from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from rashomon.evaluate.stance import evaluate_csv, fnc_points, format_table, score
from rashomon.story.stance import LABELS, StanceModel
from rashomon.story.stance.features import (
    N_BODY,
    N_SCALAR,
    Idf,
    cosine,
    featurize,
    split_sentences,
    words,
)
from rashomon.train.stance import train

HOAX_BODY = (
    "A viral story claiming that a man was attacked by a shark in a city swimming pool is a "
    "hoax. Police said the report was fake and that no such attack ever took place. The photo "
    "that spread online was debunked by fact-checkers, who traced it to a 2009 film."
)


def fake_embed(texts):
    """Deterministic bag-of-words vectors: feature tests need no MiniLM."""
    out = np.zeros((len(texts), 384), np.float32)
    for i, t in enumerate(texts):
        for w in words(t):
            out[i, hash(w) % 384] += 1.0
        out[i] /= max(np.linalg.norm(out[i]), 1e-9)
    return out


def test_sentence_split_and_cap():
    text = 'First one here. Second one? "Third," he said.\nA heading\nLast line.'
    assert split_sentences(text) == [
        "First one here.",
        "Second one?",
        '"Third," he said.',
        "A heading",
        "Last line.",
    ]
    assert len(split_sentences(" ".join(f"Sentence {i}." for i in range(50)), 20)) == 20
    assert split_sentences("") == ["."]  # never empty: every body gets an embedding


def test_idf_and_tfidf_cosine():
    idf = Idf.fit(["the cat sat", "the cat ran", "a dog barked", "dog and cat"], min_df=1)
    assert idf.idf[idf.index["barked"]] > idf.idf[idf.index["cat"]]  # rarer word, higher idf
    a, b = idf.vector(words("cat sat")), idf.vector(words("The cat sat quietly"))
    assert cosine(a, a) == pytest.approx(1.0)
    assert 0.5 < cosine(a, b) < 1.0
    assert cosine(a, idf.vector(words("dog barked"))) == 0.0


def test_idf_vocabulary_order_does_not_follow_the_hash_seed():
    import subprocess
    import sys

    code = (
        "from rashomon.story.stance.features import Idf;"
        "print(Idf.fit(['alpha bravo charlie delta echo foxtrot golf',"
        "'golf foxtrot echo delta charlie bravo alpha', 'xray yankee zulu'], min_df=1).vocab)"
    )
    got = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(got) == 1


def test_features_shape_and_cue_words():
    idf = Idf.fit(["shark attack pool", "hoax fake"], min_df=1)
    pairs = [
        ("Shark attacks man in swimming pool", HOAX_BODY),
        ("Shark attacks man in swimming pool", "A man was bitten by a shark in a pool."),
    ]
    x = featurize(pairs, fake_embed, idf)
    assert x.shape == (2, N_SCALAR + 4 * 384)
    assert np.isfinite(x).all()
    refute_rate = N_SCALAR - N_BODY  # the body's refute-word rate opens its own features
    assert x[0, refute_rate] > 0 and x[1, refute_rate] == 0


def test_fnc_points_follow_the_official_scorer():
    assert fnc_points("unrelated", "unrelated") == 0.25
    assert fnc_points("agree", "agree") == 1.0
    assert fnc_points("agree", "discuss") == 0.25
    assert fnc_points("disagree", "unrelated") == 0.0
    assert fnc_points("unrelated", "discuss") == 0.0


def test_score_hand_computed():
    gold = ["agree", "unrelated", "disagree", "discuss"]
    pred = ["agree", "unrelated", "discuss", "unrelated"]
    r = score(gold, pred)
    # 1.0 + 0.25 + 0.25 + 0 out of 1.0 + 0.25 + 1.0 + 1.0
    assert r["fnc_score"] == pytest.approx(100 * 1.5 / 3.25)
    assert r["accuracy"] == 0.5
    assert r["f1"] == pytest.approx(
        {"agree": 1.0, "disagree": 0.0, "discuss": 0.0, "unrelated": 2 / 3}
    )
    assert r["macro_f1"] == pytest.approx((1 + 2 / 3) / 4)
    assert "FNC score  46.15" in format_table(r)


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_shipped_weights_load_and_are_cached(model):
    assert StanceModel.load() is model
    p = model.predict_proba([("a", "b")])
    assert p.shape == (1, 4) and np.allclose(p.sum(axis=1), 1.0, atol=1e-5)
    assert model.predict([]) == []


def test_shipped_model_on_written_pairs(model):
    claim = "Man attacked by shark in city swimming pool"
    preds = model.predict(
        [
            ("Central bank raises interest rates by half a point", HOAX_BODY),
            (
                claim,
                "A man was attacked by a shark in a city swimming pool on Sunday, officials "
                "said. The man, 34, was taken to hospital with bites to his leg. Lifeguards "
                "closed the pool after the attack.",
            ),
            (claim, HOAX_BODY),
        ]
    )
    assert preds[0][0] == "unrelated"
    assert preds[1][0] in ("agree", "discuss")
    assert all(0.25 <= p <= 1.0 for _, p in preds)


def test_shipped_model_reads_a_hoax_body_as_disagree(model):
    label, _ = model.predict([("Man attacked by shark in city swimming pool", HOAX_BODY)])[0]
    assert label == "disagree"


def _write(d: Path, bodies: dict[str, str], rows: list[tuple[str, str, str]], names) -> None:
    d.mkdir()
    with open(d / names[0], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        w.writerows(bodies.items())
    with open(d / names[1], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        w.writerows(rows)


def _tiny(n: int) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """n bodies on four topics; body kind k (agree, disagree, discuss, unrelated) cycles."""
    topics = ["shark in a pool", "a bridge collapse", "a stolen painting", "a volcano eruption"]
    kinds = [
        "Reports of {} are true, officials confirmed.",
        "Reports of {} are a hoax and fake, police said.",
        "Some outlets reported {}, but it is unconfirmed.",
        "The weather was mild and the market closed higher.",
    ]
    bodies, rows = {}, []
    for i in range(n):
        t, k = topics[i % 4], (i // 4) % 4
        bodies[str(i)] = kinds[k].format(t)
        rows.append((f"There was {t}", str(i), LABELS[k]))
        rows.append((f"There was {topics[(i + 1) % 4]}", str(i), "unrelated"))
    return bodies, rows


def test_train_end_to_end_on_tiny_data(tmp_path):
    bodies, rows = _tiny(24)
    _write(tmp_path / "fnc", bodies, rows, ("train_bodies.csv", "train_stances.csv"))
    _write(tmp_path / "arc", bodies, rows, ("arc_bodies.csv", "arc_stances_train.csv"))
    out = tmp_path / "stance.npz"
    dev = train(
        tmp_path / "fnc", tmp_path / "arc", out, seed=1, dev_fraction=0.25, epochs=3, hidden=(16,)
    )
    assert set(dev) == {"fnc1", "arc"}
    assert all(0 <= r["fnc_score"] <= 100 and r["n"] > 0 for r in dev.values())
    m = StanceModel.load(out)
    assert m.predict_proba([("There was a volcano eruption", "Lava.")]).shape == (1, 4)
    r = evaluate_csv(
        tmp_path / "fnc" / "train_bodies.csv",
        tmp_path / "fnc" / "train_stances.csv",
        predictions_out=tmp_path / "pred.csv",
        model=m,
    )
    assert r["n"] == len(rows)
    with open(tmp_path / "pred.csv", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert len(got) == len(rows) and got[0]["Stance"] in LABELS


def test_dev_labels_never_choose_the_model(tmp_path):
    """Early stopping reads a validation share of the training bodies: relabelling every dev
    pair leaves the trained weights unchanged (only the reported dev scores move)."""
    from rashomon.train.stance import load_splits

    bodies, rows = _tiny(24)
    bodies = {i: f"{text} Case {i}." for i, text in bodies.items()}  # one text per body
    _write(tmp_path / "a", bodies, rows, ("train_bodies.csv", "train_stances.csv"))
    ((_, dev),) = load_splits({"fnc1": tmp_path / "a"}, 0.25, 1).values()
    dev_bodies = {b for _, b, _ in dev}
    flipped = [
        (h, b, LABELS[(LABELS.index(s) + 1) % 4] if bodies[b] in dev_bodies else s)
        for h, b, s in rows
    ]
    _write(tmp_path / "b", bodies, flipped, ("train_bodies.csv", "train_stances.csv"))
    out = {}
    for d in ("a", "b"):
        out[d] = tmp_path / f"{d}.npz"
        train(tmp_path / d, None, out[d], seed=1, dev_fraction=0.25, epochs=4, hidden=(16,))
    za, zb = np.load(out["a"]), np.load(out["b"])
    assert int(za["epochs"]) >= 1
    for key in ("w0", "w1", "b0", "b1", "mu", "sd"):
        assert np.array_equal(za[key], zb[key]), key
