"""Text that remembers where each of its characters came from.

Every ingest step (normalising, dropping furniture lines) is an edit of a
:class:`MappedText`; edits compose, so the final text still maps back to the
characters of the text as read. The map is the anchor list of
:attr:`rashomon.model.Article.offset_anchors`: between anchors both sides advance
together.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

Edit = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass(frozen=True)
class MappedText:
    text: str
    keys: tuple[int, ...] = (0,)  # indices into text, strictly increasing, first is 0
    values: tuple[int, ...] = (0,)  # the matching indices into the source

    @classmethod
    def of(cls, source: str) -> MappedText:
        return cls(source)

    @property
    def anchors(self) -> list[tuple[int, int]]:
        return list(zip(self.keys, self.values, strict=True))

    def to_source(self, index: int) -> int:
        i = bisect.bisect_right(self.keys, index) - 1
        return self.values[i] + (index - self.keys[i])

    def edit(self, edits: Iterable[Edit]) -> MappedText:
        """Apply sorted, non-overlapping edits.

        A replacement's k-th character maps to the k-th replaced character (or the
        last one), so a collapsed run of spaces maps to its first space and a
        deletion leaves an anchor on the next character kept.
        """
        text = self.text
        pieces: list[str] = []
        local: list[tuple[int, int]] = []  # (new index, index into self.text)
        pos = new = 0
        for start, end, repl in edits:
            if start > pos:
                pieces.append(text[pos:start])
                local.append((new, pos))
                new += start - pos
            last = max(start, end - 1)
            for j in range(len(repl)):
                local.append((new + j, min(start + j, last)))
            pieces.append(repl)
            new += len(repl)
            pos = end
        if pos == 0 and not pieces:
            return self
        if pos < len(text):
            pieces.append(text[pos:])
            local.append((new, pos))
        return MappedText("".join(pieces), *self._compose(local, new + len(text) - pos))

    def sub(
        self, pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]
    ) -> MappedText:
        edits: list[Edit] = []
        for m in pattern.finditer(self.text):
            r = repl if isinstance(repl, str) else repl(m)
            if r != m.group():
                edits.append((m.start(), m.end(), r))
        return self.edit(edits) if edits else self

    def delete(self, spans: Iterable[tuple[int, int]]) -> MappedText:
        merged: list[list[int]] = []
        size = len(self.text)
        for start, end in sorted((max(0, s), min(e, size)) for s, e in spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            elif end > start:
                merged.append([start, end])
        return self.edit((s, e, "") for s, e in merged) if merged else self

    def _compose(
        self, local: list[tuple[int, int]], length: int
    ) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Chain new->self anchors with self->source anchors into new->source anchors."""
        keys, values = self.keys, self.values
        out_k: list[int] = []
        out_v: list[int] = []

        def add(k: int, v: int) -> None:
            # Drop anchors that only continue the previous run.
            if out_k and v - out_v[-1] == k - out_k[-1]:
                return
            out_k.append(k)
            out_v.append(v)

        for i, (n, c) in enumerate(local):
            seg_end = local[i + 1][0] if i + 1 < len(local) else length
            j = bisect.bisect_right(keys, c) - 1
            add(n, values[j] + c - keys[j])
            j += 1
            while j < len(keys) and keys[j] < c + (seg_end - n):
                add(n + keys[j] - c, values[j])
                j += 1
        if not out_k:
            return (0,), (self.to_source(0) if self.text else 0,)
        return tuple(out_k), tuple(out_v)


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, end excluding the newline."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in re.finditer("\n", text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans
