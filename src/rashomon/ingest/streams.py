"""Articles that arrive as bytes, not as files: standard input and web uploads.

They go through the same readers as files on disk (written to a private temporary folder
under generated names, so a client-sent name is never used as a path), and every path in
the result is the name the user knows them by: ``<stdin>``, ``upload/story.html``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..model import IngestResult, Skipped
from .files import MAX_BYTES

STDIN_NAME = "<stdin>"


@dataclass(frozen=True)
class NamedBytes:
    """Bytes to read as an article file: ``shown`` names it, ``suffix`` chooses the reader."""

    shown: str
    data: bytes
    suffix: str  # ".txt", ".html", ".jsonl", ...


def read_named(inputs: Sequence[NamedBytes]) -> IngestResult:
    """Read each input as a file of its suffix; paths in the result are the shown names.

    >>> out = read_named([NamedBytes("<stdin>", b"", ".txt")])
    >>> [(s.path, s.reason) for s in out.skipped]
    [('<stdin>', 'empty file')]
    """
    from . import read_paths

    with tempfile.TemporaryDirectory(prefix="rashomon-input-") as tmp:
        shown: dict[str, str] = {}
        for i, item in enumerate(inputs):
            path = os.path.join(tmp, f"{i:04d}{item.suffix.lower()}")
            with open(path, "wb") as fh:
                fh.write(item.data)
            shown[path] = item.shown
        read = read_paths(sorted(shown))

    def rename(path: str) -> str:
        # A JSONL article is "<path>:<line>", a JSON array item "<path>#<n>": keep the tail.
        for tmp_path, name in shown.items():
            if path == tmp_path or path.startswith((tmp_path + ":", tmp_path + "#")):
                return name + path[len(tmp_path) :]
        return path

    def fix(s: Skipped) -> Skipped:
        return dataclasses.replace(s, path=rename(s.path))

    return IngestResult(
        [dataclasses.replace(a, path=rename(a.path)) for a in read.articles],
        [fix(s) for s in read.skipped],
        [fix(s) for s in read.notices],
    )


def sniff_suffix(data: bytes) -> str:
    """The reader for bytes with no file name: JSON, JSON lines, HTML or plain text.

    >>> [sniff_suffix(b) for b in (b'{"text": "a"}', b'{"text": "a"}\\n{"text": "b"}',
    ...                            b"[{}]", b"  <!DOCTYPE html><p>x", b"Troops entered ...")]
    ['.json', '.jsonl', '.json', '.html', '.txt']
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head == b"[":
        return ".json"
    if head == b"{":
        try:
            json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            return ".jsonl"  # one object per line (or malformed: the JSONL reader says where)
        return ".json"
    return ".html" if head == b"<" else ".txt"


def read_stream(stream: BinaryIO, *, suffix: str | None = None) -> IngestResult:
    """Articles from a byte stream (standard input), its format sniffed unless given.

    Reads at most one byte past the file limit, so a runaway pipe is refused, not buffered.
    """
    data = stream.read(MAX_BYTES + 1)
    return read_named([NamedBytes(STDIN_NAME, data, suffix or sniff_suffix(data))])
