"""Whitespace and Unicode normalisation that keeps a map back to the original text."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .mapped import MappedText

_NEWLINES = re.compile("\r\n?|[\x85\u2028\u2029]")
# Zero-width characters, the soft hyphen and stray C0 controls carry no text.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f\u00ad\u200b-\u200d\u2060\ufeff]+")
_ODD_SPACES = re.compile("[\t\x0b\x0c\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_EDGE_SPACES = re.compile("^ +| +$", re.MULTILINE)
_SPACE_RUNS = re.compile(" {2,}")
_BLANK_RUNS = re.compile("\n{3,}")
_OUTER_NEWLINES = re.compile(r"\A\n+|\n+\Z")
_LONE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")


def normalize_mapped(text: str | MappedText) -> MappedText:
    mt = text if isinstance(text, MappedText) else MappedText.of(text)
    mt = mt.sub(_NEWLINES, "\n")
    mt = mt.sub(_INVISIBLE, "")
    mt = mt.sub(_ODD_SPACES, " ")
    mt = mt.sub(_EDGE_SPACES, "")
    mt = mt.sub(_SPACE_RUNS, " ")
    mt = tidy_blank_lines(mt)
    # Last, so that no later deletion can put a combining mark next to a new base.
    return nfc(mt)


def tidy_blank_lines(mt: MappedText) -> MappedText:
    return mt.sub(_BLANK_RUNS, "\n\n").sub(_OUTER_NEWLINES, "")


def split_paragraphs_on_newlines(mt: MappedText) -> MappedText:
    """Make every single line break a paragraph break (HTML extractors emit one per block)."""
    return mt.sub(_LONE_NEWLINE, "\n\n")


def normalize(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Normalise ``text``; return it with (normalised index, original index) anchors.

    NFC; odd spaces and tabs become a plain space; zero-width characters, the soft
    hyphen and control characters go; line breaks become ``\\n``; runs of spaces
    collapse to one; spaces at line starts and ends go; three or more newlines
    become two. Curly quotes and apostrophes are kept as they are.
    """
    mt = normalize_mapped(text)
    return mt.text, mt.anchors


def nfc(mt: MappedText) -> MappedText:
    """Compose per cluster, so each composed character maps to its own base character."""
    text = mt.text
    if unicodedata.is_normalized("NFC", text):
        return mt
    joiners = _joining_starters()
    edits: list[tuple[int, int, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and (unicodedata.combining(text[i]) or text[i] in joiners):
            continue
        cluster = text[start:i]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster:
            edits.append((start, i, composed))
        start = i
    return mt.edit(edits) if edits else mt


@cache
def _joining_starters() -> frozenset[str]:
    """Characters of combining class 0 that can still compose with the one before them."""
    found = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if not decomposition or decomposition.startswith("<"):
            continue
        for part in decomposition.split()[1:]:
            ch = chr(int(part, 16))
            if not unicodedata.combining(ch):
                found.add(ch)
    return frozenset(found)
