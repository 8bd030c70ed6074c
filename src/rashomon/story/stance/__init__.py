"""Stance of a text towards a claim: agree, disagree, discuss or unrelated (FNC-1 labels).

In the claim ledger these read as supports, denies, reports without endorsing, does not
address. ``StanceModel.load()`` gives the shipped model; ``rashomon.train.stance`` rebuilds it.
"""

from __future__ import annotations

from .model import LABELS, StanceModel

__all__ = ["LABELS", "StanceModel"]
