"""The MiniLM refiner of the cue model: word-piece pooling, batching, fitting, saving."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.extract import attribution
from rashomon.extract.attribution.cue_model import CueModel, fit, hashed
from rashomon.extract.attribution.cue_refiner import DIM, Refiner, TokenVectors, word_vectors
from rashomon.extract.attribution.cue_refiner import fit as fit_refiner
from rashomon.model import Article
from rashomon.nlp import sentences


def _states_by_length(texts):
    """Fake MiniLM: one piece per character run, each state a constant that names the piece."""
    out = []
    for text in texts:
        pieces = [(0, 0)] + [(i, i + 1) for i, c in enumerate(text) if not c.isspace()] + [(0, 0)]
        hidden = np.zeros((len(pieces), DIM), np.float32)
        for k, (a, _) in enumerate(pieces):
            hidden[k, 0] = a
        out.append((hidden, pieces))
    return out


def test_word_vectors_average_the_pieces_inside_each_token(nlp):
    doc = nlp("Ministers rejected it.")
    vecs, seen = word_vectors(0, list(doc), _states_by_length([doc.text])[0])
    assert seen.all()
    # "Ministers" holds the pieces at characters 0..8: their mean offset is 4.
    assert vecs[0, 0] == pytest.approx(4.0)
    assert vecs[3, 0] == pytest.approx(21.0)  # the full stop


def test_word_vectors_mark_tokens_minilm_did_not_reach(nlp):
    doc = nlp("A long sentence that was cut short.")
    hidden, pieces = _states_by_length([doc.text])[0]
    vecs, seen = word_vectors(0, list(doc), (hidden[:4], pieces[:4]))  # cut after "long"
    assert seen[:2].all() and not seen[2:].any()


def test_token_vectors_read_all_wanted_sentences_in_one_batch(nlp):
    doc = nlp("The mayor spoke first. Then the council voted. Nobody left.")
    calls = []

    def states(texts):
        calls.append(list(texts))
        return _states_by_length(texts)

    sents = list(doc.sents)
    reader = TokenVectors(doc, states, {sents[0].start, sents[1].start})
    reader([sents[0][1]])
    reader([sents[1][2]])
    assert calls == [[sents[0].text, sents[1].text]]
    vecs, seen = reader([sents[2][0]])  # not wanted up front: read when asked
    assert len(calls) == 2 and seen.all()
    assert vecs[0, 0] == pytest.approx(2.5)  # "Nobody": offsets relative to its sentence


def test_fit_learns_from_the_vector_where_the_sparse_model_hesitates():
    rng = np.random.default_rng(1)
    y = rng.random(2000) < 0.4
    vecs = rng.normal(0, 1, (2000, DIM)).astype(np.float32)
    vecs[:, 5] += np.where(y, 2.0, -2.0)
    sparse = np.full(2000, 0.4)
    r = fit_refiner(vecs, sparse, y, epochs=40)
    p = r.refine(vecs, sparse)
    assert p[y].mean() > 0.75 and p[~y].mean() < 0.25


def _model_with(refiner: Refiner) -> CueModel:
    m = fit([hashed(["x"]), hashed(["y"])], np.array([True, False]), epochs=5)
    m.refiner = refiner
    return m


def test_save_and_load_keep_the_refiner(tmp_path):
    rng = np.random.default_rng(0)
    r = fit_refiner(rng.normal(0, 1, (50, DIM)), np.full(50, 0.5), rng.random(50) < 0.5)
    m = _model_with(r)
    m.save(tmp_path / "m.npz")
    again = CueModel.from_file(tmp_path / "m.npz")
    assert again.refiner is not None and again.refiner.band == r.band
    v = rng.normal(0, 1, (4, DIM))
    s = np.array([0.1, 0.3, 0.5, 0.8])
    assert np.allclose(again.refiner.refine(v, s), r.refine(v, s), atol=1e-5)


def test_only_words_in_the_band_are_rescored(nlp):
    doc = nlp("Most voters backed the plan to rebuild the bridge.")
    toks = [t for t in doc if t.pos_ in ("VERB", "NOUN")]
    model = CueModel.load()
    plain = model.probabilities(toks, [False] * len(toks))
    # A refiner that calls everything in its band a cue, whatever the vector says.
    always = Refiner(
        np.zeros(DIM),
        np.ones(DIM),
        np.zeros((DIM + 1, 1)),
        np.zeros(1),
        np.zeros(1),
        20.0,
        0.0,
        (0.05, 0.9),
    )
    local = CueModel(model.weights, model.bias, model.threshold, model.bits, always)
    refined = local.probabilities(toks, [False] * len(toks), TokenVectors(doc, _states_by_length))
    band = (plain >= 0.05) & (plain < 0.9)
    assert band.any() and (~band).any()
    assert np.allclose(refined[~band], plain[~band])
    assert (refined[band] > 0.99).all()


def test_extraction_reads_uncertain_sentences_through_the_given_states(nlp):
    from rashomon.nlp.embeddings import default_embedder

    text = "The council voted on Monday. Critics said the vote was rushed."
    doc = nlp(text)
    seen: list[str] = []

    def states(texts):
        seen.extend(texts)
        return default_embedder().token_states(texts)

    art = Article(id="t", path="<t>", text=text, source_text=text)
    assert CueModel.load().refiner is not None  # the shipped model has one
    atts = attribution.extract(art, doc, sentences("t", doc), token_states=states)
    assert [a.speaker for a in atts] == ["Critics"]
    assert seen and set(seen) <= {s.text for s in doc.sents}


def test_probabilities_the_document_scan_knew_are_not_computed_again(nlp):
    doc = nlp("Most voters backed the plan to rebuild the bridge.")
    toks = [t for t in doc if t.pos_ in ("VERB", "NOUN")]
    model = CueModel.load()
    plain = CueModel(model.weights, model.bias, model.threshold, model.bits, None)
    known = {(t.i, False): 0.01 * (k + 1) for k, t in enumerate(toks)}
    reader = TokenVectors(doc, _states_by_length, known=known)
    assert plain.probabilities(toks, [False] * len(toks), reader).tolist() == pytest.approx(
        [0.01 * (k + 1) for k in range(len(toks))]
    )
    # Inside a quote is another key: computed, not looked up.
    fresh = plain.probabilities(toks, [True] * len(toks), reader)
    assert np.allclose(fresh, plain.sparse(toks, [True] * len(toks)))
