"""Who says what: source, cue and content of every reported statement in an article.

Rule-based over the spaCy dependency parse, with a learned cue model for the long tail.
Handles "X said (that) ...", quotes with the speaker after them, "according to X", "X told
Outlet that ...", "X was quoted as saying", chains ("A reported, quoting B, ..."; "according
to reports citing B"), pronoun speakers ("He said") and quotes that run over several sentences.

The package reads from the bottom up: ``lexicon`` (word lists), ``spans`` (quotations, token
spans, names), ``verb_clauses`` (what a verb's clause holds: content, asides), ``verbs`` (verb
cues, one small rule per role), ``nominal`` (adjective and noun cues, "according to"),
``document`` (the walk over an article that chooses cues and carries quotations on), and the
learned ``cue_model`` with its MiniLM ``cue_refiner``.
"""

from __future__ import annotations

from .document import extract
from .lexicon import DENIAL_WORDS, HEDGE_WORDS, SPEECH_LEMMAS
from .spans import inside_quote, quote_regions

__all__ = [
    "DENIAL_WORDS",
    "HEDGE_WORDS",
    "SPEECH_LEMMAS",
    "extract",
    "inside_quote",
    "quote_regions",
]
