from __future__ import annotations

import numpy as np

from rashomon.nlp.embeddings import default_embedder


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
    e = default_embedder()
    texts = ["short", "a much longer sentence about a flood in the northern valley " * 3]
    both = e.embed(texts, batch_size=2)
    one = np.vstack([e.embed([t]) for t in texts])
    assert np.allclose(both, one, atol=1e-4)
