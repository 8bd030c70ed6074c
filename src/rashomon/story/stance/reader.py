"""The stance reader: a fine-tuned MiniLM cross-encoder over (claim, evidence sentences).

The feature MLP (``model.Mlp``) decides well whether a text addresses a claim, but it only
sees similarities and word counts, so it cannot tell "X denied that ..." from "X confirmed
that ...". The reader reads the claim and the body sentences most about it together, token
by token, as an NLI model does. It runs on onnxruntime (int8), needs no PyTorch, and is
trained by ``rashomon.train.stance_reader``.

Reading costs about 10 ms a pair on two cores, so ``StanceModel`` asks the reader only about
pairs the MLP thinks related; unrelated pairs, the great majority in a claim ledger, never
pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ...nlp.embeddings import minilm_tokenizer, onnx_session
from .features import Body, Head

WEIGHTS = "stance-reader.onnx"
MAX_LEN = 128  # claim + evidence word pieces; the reader was trained at this length
EVIDENCE_SENTS = 4


def evidence(head: Head, body: Body, k: int = EVIDENCE_SENTS) -> str:
    """The ``k`` body sentences most similar to the claim, most similar first.

    Most similar first, because the pair is cut at ``MAX_LEN`` word pieces from the end: the
    sentence that matters most must survive the cut.
    """
    sims = body.emb @ head.emb
    order = np.argsort(-sims, kind="stable")[:k]
    return " ".join(body.sents[i] for i in order)


def tokenizer():  # type: ignore[no-untyped-def]
    """MiniLM's WordPiece tokenizer, cutting pairs to ``MAX_LEN`` (longest side first)."""
    return minilm_tokenizer(MAX_LEN)


def encode(tok, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:  # type: ignore[no-untyped-def]
    """(ids, token types) padded with 0 to the longest pair; the mask is ``ids > 0``."""
    encs = tok.encode_batch([(a or " ", b or " ") for a, b in pairs])
    width = max((len(e.ids) for e in encs), default=1)
    ids = np.zeros((len(encs), width), np.int64)
    types = np.zeros((len(encs), width), np.int64)
    for r, e in enumerate(encs):
        ids[r, : len(e.ids)] = e.ids
        types[r, : len(e.ids)] = e.type_ids
    return ids, types


class Reader:
    """Logits over ``LABELS`` for (claim, evidence) pairs, from an ONNX cross-encoder."""

    def __init__(self, path: str | Path, threads: int | None = None) -> None:
        if not Path(path).is_file():
            raise FileNotFoundError(f"no stance reader at {path}")
        self.session = onnx_session(path, threads)
        self.tok = tokenizer()

    def logits(self, pairs: Sequence[tuple[str, str]], batch_size: int = 1) -> np.ndarray:
        """One pair per run by default: the int8 model quantises its activations with one
        scale per batch, so in a batch of 16 a pair's logits moved by up to 2 with the other
        pairs, and 1% of labels changed. Alone, a pair always reads the same, and on two
        cores it ran as fast as in sorted batches (no padding to pay for)."""
        out = np.zeros((len(pairs), 4), np.float32)
        # Similar lengths share a batch, so little is spent on padding.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            ids, types = encode(self.tok, [pairs[i] for i in idx])
            feed = {"input_ids": ids, "attention_mask": (ids > 0).astype(np.int64)}
            feed["token_type_ids"] = types
            out[idx] = self.session.run(None, feed)[0]
        return out


def shipped_path() -> Path | None:
    p = resources.files("rashomon") / "resources" / WEIGHTS
    return Path(str(p)) if p.is_file() else None


@lru_cache(maxsize=2)
def load_reader(path: str | None = None) -> Reader | None:
    """The shipped reader (cached), or None when the package was built without it."""
    p = Path(path) if path else shipped_path()
    return Reader(p) if p else None
