"""Check-worthiness: how likely a sentence states a fact worth checking.

A news story is mostly sentences nobody could check ("To get there", "Click here to
subscribe") or would want to; the ones that matter assert something about the world, often
with a figure: "Officials said 12 people were killed in the strike." The model reads each
sentence alone and gives the probability that a fact-checker would call it check-worthy.

Features are the sentence's MiniLM embedding (:mod:`rashomon.nlp.embeddings`, already loaded
for the rest of the pipeline) and a few surface cues that an embedding blurs: a figure, a
percentage, a sum of money, a year, the length, a question, the speaker's own person (debate
rhetoric is full of "I" and "you"), hedges. A small numpy network reads them: a logistic
regression, or one hidden ReLU layer, whichever did better on dev.

It was trained on debate transcripts (ClaimBuster, CLEF-2019 CheckThat!) by
:mod:`rashomon.train.checkworthy`, which also chose :attr:`CheckWorthiness.threshold`.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..nlp.mlp import Mlp

WEIGHTS = "checkworthy.npz"

Embed = Callable[[Sequence[str]], np.ndarray]

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CUES: dict[str, re.Pattern[str]] = {
    "digit": re.compile(r"\d"),
    # Numbers in words count too: debates and wire copy both write "three million".
    "number_word": re.compile(
        r"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|"
        r"hundred|thousand|million|billion|trillion|dozens?|half|double|twice|triple)\b",
        re.I,
    ),
    "percent": re.compile(r"%|\bper ?cent\b|\bpercentage\b", re.I),
    "money": re.compile(r"[$£€¥]|\b(?:dollars?|euros?|pounds|cents?|budget|tax(?:es)?)\b", re.I),
    "year": re.compile(r"\b(?:1[89]\d\d|20\d\d)s?\b"),
    # Comparisons and changes are what figures are usually quoted for.
    "change": re.compile(
        r"\b(?:increas|decreas|rose|risen|rise|fell|fallen|grew|grown|doubl|tripl|cut|"
        r"highest|lowest|largest|smallest|most|least|more than|less than|fewer|record)\w*",
        re.I,
    ),
    "attribution": re.compile(
        r"\b(?:said|says|according to|reported|announced|confirmed|told)\b", re.I
    ),
    "question": re.compile(r"\?\s*$"),
    "exclamation": re.compile(r"!"),
    "first_singular": re.compile(r"\b(?:I|me|my|mine|I'm|I've|I'll|I'd)\b"),
    "first_plural": re.compile(r"\b(?:we|us|our|ours|we're|we've|we'll)\b", re.I),
    "second_person": re.compile(r"\b(?:you|your|yours|you're|you've|you'll)\b", re.I),
    "hedge": re.compile(
        r"\b(?:maybe|perhaps|might|may|could|would|should|think|believe|hope|feel|guess|"
        r"probably|possibly|seem\w*)\b",
        re.I,
    ),
    "thanks_or_greeting": re.compile(
        r"\b(?:thank|thanks|welcome|good (?:evening|morning|night|afternoon)|hello|applause|"
        r"laughter|congratulat\w*)\b",
        re.I,
    ),
    "opener": re.compile(r"^\s*(?:and|but|so|well|now|look|oh|yes|no)\b", re.I),
}
# Word-count buckets: fragments and one-liners are rarely claims, very long turns often hold one.
_LENGTH_EDGES = (4, 9, 19, 39)
SURFACE = (
    *_CUES,
    *(f"words<={edge}" for edge in _LENGTH_EDGES),
    f"words>{_LENGTH_EDGES[-1]}",
    "capitalised_share",
)


def surface_features(texts: Sequence[str]) -> np.ndarray:
    """One row of 0/1 cues per text, in the order of :data:`SURFACE`."""
    rows = np.zeros((len(texts), len(SURFACE)), dtype=np.float32)
    for i, text in enumerate(texts):
        words = _WORD.findall(text)
        cues = [1.0 if pattern.search(text) else 0.0 for pattern in _CUES.values()]
        bucket = int(np.searchsorted(_LENGTH_EDGES, len(words)))
        lengths = [1.0 if b == bucket else 0.0 for b in range(len(_LENGTH_EDGES) + 1)]
        # Names of people, places and bodies: the first word is capitalised anyway.
        inner = words[1:]
        capitalised = sum(w[0].isupper() for w in inner) / len(inner) if inner else 0.0
        rows[i] = [*cues, *lengths, capitalised]
    return rows


def features(texts: Sequence[str], embeddings: np.ndarray) -> np.ndarray:
    """The model's input: each text's embedding beside its surface cues."""
    return np.hstack([embeddings.astype(np.float32), surface_features(texts)])


def _default_embed(texts: Sequence[str]) -> np.ndarray:
    from ..nlp.embeddings import default_embedder

    return default_embedder().embed(texts)


class CheckWorthiness:
    """Standardised features -> ReLU hidden layers (none for a logistic regression) -> sigmoid."""

    def __init__(
        self,
        layers: list[tuple[np.ndarray, np.ndarray]],
        mu: np.ndarray,
        sd: np.ndarray,
        threshold: float,
        meta: dict[str, Any] | None = None,
        embed: Embed | None = None,
    ) -> None:
        self.layers, self.mu, self.sd = layers, mu, sd
        self.threshold = threshold
        self.meta = meta or {}
        self.embed = embed or _default_embed

    @classmethod
    def load(cls, path: str | Path | None = None) -> CheckWorthiness:
        """The model in ``path`` (default: the shipped one), read once per version of the file."""
        if path is None:
            with resources.as_file(resources.files("rashomon") / "resources" / WEIGHTS) as p:
                return _load(str(p), p.stat().st_mtime_ns)
        path = Path(path)
        # Keyed by modification time too: a retrained file at the same path is read afresh.
        return _load(str(path.resolve()), path.stat().st_mtime_ns)

    def score(self, texts: Sequence[str]) -> np.ndarray:
        """The probability that each text is check-worthy."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.score_features(features(texts, self.embed(texts)))

    def score_features(self, x: np.ndarray) -> np.ndarray:
        return sigmoid(Mlp(self.mu, self.sd, self.layers).logits(x)[:, 0])

    def save(self, path: str | Path) -> None:
        """Float16 weights (half the size; the scores move by about 1e-3) and the metadata."""
        arrays = {f"w{i}": w.astype(np.float16) for i, (w, _) in enumerate(self.layers)}
        arrays |= {f"b{i}": b.astype(np.float16) for i, (_, b) in enumerate(self.layers)}
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            mu=self.mu.astype(np.float32),
            sd=self.sd.astype(np.float32),
            threshold=np.array(self.threshold),
            surface=np.array(SURFACE),
            meta=np.array(json.dumps(self.meta)),
            **arrays,
        )


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # tanh form: no overflow warning for large |z|


@lru_cache(maxsize=4)
def _load(path: str, _mtime_ns: int) -> CheckWorthiness:
    try:
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:  # not an .npz of plain arrays
        raise ValueError(f"{path}: not a check-worthiness model ({exc})") from exc
    missing = {"surface", "mu", "sd", "threshold", "meta", "w0", "b0"} - set(arrays)
    if missing:
        raise ValueError(f"{path}: not a check-worthiness model (no {', '.join(sorted(missing))})")
    if tuple(arrays["surface"].tolist()) != SURFACE:
        raise ValueError(f"{path}: trained on other surface features than this version reads")
    n_layers = sum(1 for k in arrays if k.startswith("w"))
    layers = [
        (arrays[f"w{i}"].astype(np.float32), arrays[f"b{i}"].astype(np.float32))
        for i in range(n_layers)
    ]
    meta = json.loads(str(arrays["meta"]))
    return CheckWorthiness(layers, arrays["mu"], arrays["sd"], float(arrays["threshold"]), meta)
