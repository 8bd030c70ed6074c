"""A numpy MLP's forward pass, shared by the stance MLP and the check-worthiness model.

Standardised inputs, ReLU hidden layers, a linear output: inference needs nothing but numpy,
whatever trained the weights.
"""

from __future__ import annotations

import numpy as np


class Mlp:
    """Standardised inputs -> ReLU hidden layers -> logits (softmax for classes); plain arrays."""

    def __init__(self, mu: np.ndarray, sd: np.ndarray, layers: list[tuple[np.ndarray, np.ndarray]]):
        self.mu, self.sd, self.layers = mu, sd, layers

    def logits(self, x: np.ndarray) -> np.ndarray:
        h = (x - self.mu) / self.sd
        for i, (w, b) in enumerate(self.layers):
            h = h @ w + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        return h

    def proba(self, x: np.ndarray) -> np.ndarray:
        return softmax(self.logits(x))


def softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)
