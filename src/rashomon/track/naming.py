"""Readable story names from a story's main names ("taliban-panjshir-massoud").

A name is what a user types (``rashomon report taliban-panjshir-massoud``), so it follows the
store's rule (``[A-Za-z0-9][A-Za-z0-9_-]{0,63}``) and is never one that exists already.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

MAX_LEN = 64
_UNSAFE = re.compile(r"[^a-z0-9]+")


def slug(word: str) -> str:
    """``"Jean-Luc's"`` -> ``"jean-luc-s"``: letters and digits joined by single hyphens."""
    return _UNSAFE.sub("-", word.lower()).strip("-")


def story_name(
    names: Mapping[str, float],
    tokens: Mapping[str, float] | None = None,
    existing: Collection[str] = (),
    words: int = 3,
) -> str:
    """The ``words`` heaviest names (topping up with content words), hyphenated, unique
    against ``existing`` by a numeric suffix; ``"story"`` when the story has no words."""
    parts: list[str] = []
    for pool in (names, tokens or {}):
        for w, _ in sorted(pool.items(), key=lambda kv: (-kv[1], kv[0])):
            s = slug(w)
            if s and s not in parts and len(parts) < words:
                parts.append(s)
    base = "-".join(parts)[:MAX_LEN].strip("-_") or "story"
    return unique(base, existing)


def unique(base: str, existing: Collection[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… (cut to fit 64 characters), whichever is free."""
    taken = set(existing)
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        name = base[: MAX_LEN - len(suffix)].rstrip("-_") + suffix
        if name not in taken:
            return name
        n += 1
