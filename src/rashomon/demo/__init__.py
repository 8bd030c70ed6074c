"""The bundled demo corpus: one fictional developing story told by six invented outlets.

Everything in it is invented (Velmora, Drevania, the Korvath Valley, every person,
organisation, outlet and web domain). ``ANSWERS.md`` in this folder documents the
claims, origins, contradictions and dates a correct analysis should find.
"""

from __future__ import annotations

import pathlib
from importlib.resources import files

#: File suffixes of the articles; the folder also holds ``__init__.py`` and ``ANSWERS.md``.
ARTICLE_SUFFIXES = (".txt", ".html", ".jsonl")


def corpus_dir() -> pathlib.Path:
    """The folder holding the demo articles."""
    return pathlib.Path(str(files(__package__)))


def article_paths() -> list[pathlib.Path]:
    """The demo article files, sorted by name (which is roughly publication order)."""
    return sorted(p for p in corpus_dir().iterdir() if p.suffix in ARTICLE_SUFFIXES)


__all__ = ["ARTICLE_SUFFIXES", "article_paths", "corpus_dir"]
