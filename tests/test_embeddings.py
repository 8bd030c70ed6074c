from __future__ import annotations

import numpy as np

from rashomon.nlp.embeddings import Embedder, default_embedder


def test_paraphrases_are_closer_than_unrelated_sentences():
    e = default_embedder()
    v = e.embed(
        [
            "Drones struck the fuel depot on Sunday.",
            "On Sunday a fuel depot was hit by drones.",
            "The central bank raised interest rates.",
            "",
        ]
    )
    assert v.shape == (4, 384)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4)
    assert float(v[0] @ v[1]) > 0.7 > float(v[0] @ v[2])


def test_batches_give_the_same_vectors_as_single_calls():
    # No cache: each call runs the model, so this compares a batch with lone runs.
    e = Embedder(cache_size=0)
    texts = ["short", "a much longer sentence about a flood in the northern valley " * 3]
    both = e.embed(texts, batch_size=2)
    one = np.vstack([e.embed([t]) for t in texts])
    assert np.allclose(both, one, atol=1e-4)


def test_a_text_is_embedded_once_and_its_cached_vector_is_the_fresh_one():
    e = Embedder(cache_size=3)
    fresh = Embedder(cache_size=0)
    texts = ["the dam burst", "rebels took the town", "the dam burst", "a ceasefire began"]
    got = e.embed(texts)
    assert np.array_equal(got[0], got[2]) and len(e._cache) == 3  # the repeat ran once
    assert np.allclose(got, fresh.embed(texts), atol=1e-6)
    again = e.embed(["rebels took the town", "fighting resumed"])  # one cached, one new
    assert np.allclose(again[0], got[1], atol=1e-6)
    assert len(e._cache) == 3  # bounded: the oldest went


def test_the_device_is_chosen_from_what_onnxruntime_offers(monkeypatch):
    import onnxruntime as ort
    import pytest

    from rashomon.nlp import embeddings

    monkeypatch.delenv(embeddings.DEVICE_ENV, raising=False)
    has_cuda = "CUDAExecutionProvider" in ort.get_available_providers()
    assert embeddings.providers("cpu") == ["CPUExecutionProvider"]
    auto = embeddings.providers()
    assert auto[-1] == "CPUExecutionProvider"  # always the fallback for operators CUDA lacks
    assert (auto[0] == "CUDAExecutionProvider") == has_cuda
    with pytest.raises(ValueError, match="RASHOMON_DEVICE"):
        embeddings.providers("tpu")
    monkeypatch.setenv(embeddings.DEVICE_ENV, "cuda")
    if has_cuda:
        assert embeddings.providers()[0] == "CUDAExecutionProvider"
    else:
        with pytest.raises(RuntimeError, match=r"rashomon\[gpu\]"):
            embeddings.providers()


def test_a_wrong_device_setting_stops_the_cli_with_a_clear_message(tmp_path):
    from click.testing import CliRunner

    from rashomon.cli import main

    res = CliRunner().invoke(
        main, ["stories", "--db", str(tmp_path / "s.db")], env={"RASHOMON_DEVICE": "tpu"}
    )
    assert res.exit_code == 2
    assert "RASHOMON_DEVICE='tpu'" in res.output and "auto, cpu, cuda" in res.output
    assert not (tmp_path / "s.db").exists()
