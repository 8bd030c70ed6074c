"""Signed passages: a dash and a name after a quotation or a post ("…” ― Jane Roe").

Readers' letters, collected reactions, epigraphs and embedded posts name their author after
the text, on the same line or the next one, with no verb at all:

    “I cannot believe a man with no credentials is running.” ― Jacklyn Ashley
    "[Americans are] worried about the future of their kids."
    - Bernie Sanders.
    Rudy Giuliani is now wearing the hat. — David Martosko (@dmartosko) September 1, 2016

The dash is the cue, the name the source, and the signed passage the content.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ...model import Article, Attribution, Sentence, Span
from .lexicon import DENIAL_WORDS, KICKER, QUOTE_CLOSE, QUOTE_OPEN
from .spans import _hedging, _name_of, _trimmed

_DASH = re.compile(r"―|—|–|--?")
# Up to five capitalised words (with the usual lower-case name particles), then nothing but a
# full stop, or a comma or bracket that opens a description ("-Michelle Marks, Philadelphia.",
# "— Ben Jacobs (@Bencjacobs) September 1, 2016").
_NAME = re.compile(
    r"[ \t\xa0]*(?P<name>[A-Z][\w.'’-]*(?:[ \t\xa0]+(?:[A-Z][\w.'’-]*|de|da|del|di|du|la|le|van|"
    r"von|bin|al|ibn))*)(?P<rest>[ \t\xa0]*(?:[,(][^\n]{0,100})?)[ \t\xa0.]*$"
)
# A quotation may end on its sentence's full stop: '"... pay zero taxes."' or '... taxes".'
_QUOTE_END = QUOTE_CLOSE + ".!?"
_MAX_NAME_WORDS = 5
_INITIAL = re.compile(r"\b[A-Z][a-z]?\.$")  # a name may end in "Jr." or "J."


def signatures(
    art: Article,
    doc: Doc,
    text: str,
    sentences: list[Sentence],
    by_sentence: dict[int, list[Attribution]],
) -> None:
    """Attribute signed passages to their signers, sentence by sentence (in place).

    ``text`` is ``doc.text``, read once by the caller (spaCy rebuilds it on each access). A
    sentence that already has an attribution with a cue keeps it.
    """
    for dash, name, content in _signed(text):
        tokens = doc.char_span(name[0], name[1], alignment_mode="expand")
        if tokens is None or not _looks_like_name(tokens):
            continue
        speaker, kind = _name_of(list(tokens))
        source = Span(name[0], name[1], text[name[0] : name[1]])
        cue = Span(dash[0], dash[1], text[dash[0] : dash[1]])
        quoted = text[content[0]] in QUOTE_OPEN + "”‘"  # every sentence of a signed quotation
        for s in sentences:
            body = _trimmed(text, max(s.start, content[0]), min(s.end, content[1]))
            # No heading test: a signature line without a full stop makes its paragraph look
            # like a heading to the sentence splitter.
            if len(body.text) < 3:
                continue
            own = by_sentence.get(s.index)
            if own and any(a.cue is not None for a in own):
                continue
            by_sentence[s.index] = [
                Attribution(
                    article_id=art.id,
                    sentence_index=s.index,
                    content=body,
                    source=source,
                    cue=cue,
                    speaker=speaker,
                    speaker_kind=kind,  # type: ignore[arg-type]
                    hedging=_hedging(body.text, [], kind),  # type: ignore[arg-type]
                    polarity="denies" if DENIAL_WORDS.search(body.text) else "asserts",
                    quote=quoted,
                )
            ]


def _looks_like_name(tokens: SpacySpan) -> bool:
    words = [t for t in tokens if t.is_alpha]
    if not words or len(words) > _MAX_NAME_WORDS or KICKER.match(tokens.text):
        return False
    return any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in tokens)


def _signed(text: str) -> Iterator[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(dash, name, signed passage) character ranges of each signature line."""
    for line in re.finditer(r"[^\n]+", text):
        lo, hi = line.span()
        for dash in _DASH.finditer(text, lo, hi):
            m = _NAME.match(text, dash.end(), hi)
            if m is None:
                continue
            before = text[lo : dash.start()].rstrip(" \t\xa0")
            tweet = m.group("rest").lstrip().startswith("(@")
            if not before.strip():
                content = _previous_paragraph(text, lo)
            elif before[-1] in QUOTE_CLOSE or tweet:
                content = _same_line(text, lo, len(before) + lo)
            else:
                continue
            name = m.span("name")
            if text[name[1] - 1] == "." and not _INITIAL.search(text, name[0], name[1]):
                name = (name[0], name[1] - 1)  # "- Bernie Sanders." but "- Martin Luther King Jr."
            if content is not None:
                yield dash.span(), name, content
            break  # one signature per line: the first dash that introduces a name


def _same_line(text: str, lo: int, end: int) -> tuple[int, int] | None:
    """The passage before a same-line signature: its quotation, or the line after any markup."""
    if text[end - 1] in QUOTE_CLOSE:
        opening = max(text.rfind(q, lo, end - 1) for q in '“"«')
        if opening >= lo:
            return opening, end
    tag = text.rfind(">", lo, end)
    start = tag + 1 if tag >= 0 else lo
    while start < end and text[start] in " \t\xa0":
        start += 1
    return (start, end) if end - start >= 3 else None


def _previous_paragraph(text: str, lo: int) -> tuple[int, int] | None:
    """The paragraph just above a signature line, if it is a quotation.

    A reporter's initials or name under a paragraph of prose ("- Amber Phillips.") sign the
    outlet's own writing, which is not attributed to anyone.
    """
    end = len(text[:lo].rstrip())
    start = text.rfind("\n", 0, end) + 1
    if end - start < 3 or text[end - 1] not in _QUOTE_END or text[start] not in QUOTE_OPEN:
        return None
    return start, end
