"""Spans, quotations and names: the token-level helpers every attribution rule shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ...model import Attribution, Span
from .cue_refiner import TokenVectors
from .lexicon import (
    ANONYMOUS_HEADS,
    HEDGE_WORDS,
    INSTITUTION_HEADS,
    MEDIA_HEADS,
    PRONOUNS,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    SPEECH_LEMMAS,
)


@dataclass
class _Context:
    """What earlier sentences tell us about who is speaking (for pronouns and long quotes)."""

    last_person: str | None = None
    last_group: str | None = None
    last_speaker: Attribution | None = None
    last_speaker_sentence: int = -10
    quotes: list[tuple[int, int]] = field(default_factory=list)
    current_sentence: int = 0
    text: str = ""  # the article text, read once from the Doc
    # "Hewitt writes:" / "BOULDUAN:" ends a sentence: the attribution of the next one.
    introduced: Attribution | None = None
    turn_end: int | None = None  # end of the last sentence of an open speaker turn
    vectors: TokenVectors | None = None  # MiniLM word vectors, for the cue model's refiner


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of double-quoted passages, marks included.

    Straight quotes pair up in order; curly quotes open and close explicitly. An unclosed quote
    runs to the end of its paragraph, as in news copy where a multi-paragraph quote reopens.
    """
    regions: list[tuple[int, int]] = []
    start: int | None = None
    skip = False
    for i, ch in enumerate(text):
        if skip:
            skip = False
            continue
        # Some wire copy (the New York Times archive) writes a double quote as two apostrophes.
        double_apostrophe = ch == "'" and text[i + 1 : i + 2] == "'"
        if double_apostrophe:
            skip = True
        if start is None:
            # A paragraph that opens with "”" opens a quotation with the wrong mark.
            line_start = i == 0 or text[i - 1] == "\n"
            if ch in QUOTE_OPEN or (ch == "”" and line_start) or double_apostrophe:
                start = i
        elif (ch in QUOTE_CLOSE and ch != "“") or double_apostrophe:
            regions.append((start, i + 2 if double_apostrophe else i + 1))
            start = None
        elif ch == "\n" and text[i : i + 2] == "\n\n":
            regions.append((start, i))
            start = None
    if start is not None:
        regions.append((start, len(text)))
    return regions


def _inside(regions: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    for r in regions:
        if r[0] <= start and end <= r[1]:
            return r
    return None


def inside_quote(quotes: list[tuple[int, int]], tok: Token) -> bool:
    """Whether a word lies inside one of the article's quotations."""
    return _inside(quotes, tok.idx, tok.idx + len(tok)) is not None


def _trimmed(text: str, start: int, end: int) -> Span:
    """The characters text[start:end] without surrounding whitespace, as a Span."""
    raw = text[start:end]
    body = raw.strip()
    lead = start + len(raw) - len(raw.lstrip())
    return Span(lead, lead + len(body), body)


def _tspan(toks: list[Token] | SpacySpan) -> Span | None:
    toks = [t for t in toks if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text not in QUOTE_CLOSE + ")":
        toks = toks[:-1]
    while toks and toks[0].is_punct and toks[0].text not in QUOTE_OPEN + "(":
        toks = toks[1:]
    if not toks:
        return None
    doc = toks[0].doc
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    # A Span's text joins only its own tokens; Doc.text would rebuild the whole article.
    return Span(start, end, doc[toks[0].i : toks[-1].i + 1].text)


def _subtree(tok: Token) -> list[Token]:
    return list(tok.subtree)


def _trim_dangling(tokens: list[Token]) -> list[Token]:
    """Drop a trailing preposition, conjunction or comma whose phrase the parser left outside
    ("claimed to have taken the valley, with" -> "... the valley")."""
    while len(tokens) > 1 and (
        tokens[-1].pos_ in ("ADP", "CCONJ", "SCONJ", "DET")
        or tokens[-1].is_space
        or tokens[-1].text in (",", ";", "—", "–", "-")
    ):
        tokens = tokens[:-1]
    return tokens


def _source_tokens(tok: Token) -> list[Token]:
    """The source phrase: the subject's subtree without a following clause that describes it.

    "the woman, who spoke on condition of anonymity because ..." -> "the woman"; "Clinton,
    speaking to reporters on her plane," -> "Clinton". Appositions stay ("X, a senator,").
    """
    cut = [
        c
        for c in tok.children
        if c.i > tok.i
        and c.dep_ in ("relcl", "acl", "advcl")
        and len(list(c.subtree)) >= 4
        and tok.doc[min(t.i for t in c.subtree) - 1].text == ","
        # Before its verb; after it ('said X, who ...') it stays, unless it says something of
        # its own ('said X, who said he would not vote'): that is another statement.
        and (tok.i < tok.head.i or c.dep_ == "relcl" and c.lemma_.lower() in SPEECH_LEMMAS)
    ]
    # "Broaddrick Sunday night said": a time the parser hung on the subject is not the source.
    late = [c for c in tok.children if c.i > tok.i and c.dep_ == "npadvmod"]
    late = [c for c in late if c.ent_type_ in ("DATE", "TIME")]
    toks = _contiguous([t for t in _subtree(tok) if not any(t in c.subtree for c in late)])
    # A stray quotation mark or a focus adverb is not part of who speaks ("even a top aide").
    while len(toks) > 1 and (toks[0].is_quote or toks[0].lower_ in ("even", "also")):
        toks = toks[1:]
    if not cut:
        return toks
    stop = min(min(t.i for t in c.subtree) for c in cut)
    toks = [t for t in toks if t.i < stop]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    return toks or [tok]


def _contiguous(tokens: list[Token]) -> list[Token]:
    if not tokens:
        return tokens
    doc = tokens[0].doc
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    return list(doc[lo : hi + 1])


def _strip_chain(tokens: list[Token]) -> list[Token]:
    """Drop "quoting X" / "citing X" from a source phrase: X is a deeper source, not this one."""
    drop: set[int] = set()
    for t in tokens:
        if t.lemma_.lower() in ("quote", "cite") and t.tag_ in ("VBG", "VBN"):
            drop |= {x.i for x in t.subtree}
    return [t for t in tokens if t.i not in drop] if drop else tokens


def _name_of(tokens: list[Token]) -> tuple[str, str]:
    """The speaker's name and kind (person, organisation, media, anonymous) from a source phrase."""
    tokens = _strip_chain(tokens)
    if not tokens:
        return "", "anonymous"
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    ents = [e for e in doc.ents if e.start >= lo and e.end - 1 <= hi]
    head = min(tokens, key=_depth)
    hlemma = head.lemma_.lower()
    kinds = {
        "PERSON": "person",
        "ORG": "organisation",
        "NORP": "organisation",
        "GPE": "organisation",
        "FAC": "organisation",
    }
    holding = [e for e in ents if e.start <= head.i < e.end and e.label_ in kinds]
    people = [e for e in ents if e.label_ == "PERSON"]
    orgs = [e for e in ents if e.label_ == "ORG"]
    if holding:
        ent = holding[0]
        kind = kinds[ent.label_]
    elif people and hlemma not in INSTITUTION_HEADS:
        # "a tweet by journalist X", "X's tweet": the person speaks through the document.
        ent, kind = people[-1], "person"
    elif orgs and hlemma in MEDIA_HEADS:
        ent, kind = orgs[0], "media"
    else:
        ent = None
    if ent is not None:
        name = re.sub(r"^the\s+", "", ent.text, flags=re.I)
        name = re.sub(r"[’']s$", "", name).strip()
        if kind != "person" and hlemma in MEDIA_HEADS:
            kind = "media"
        return name, kind
    # No named entity holds the head: the noun phrase up to its head ("Drevania's foreign
    # ministry", "a senior security official", "local media reports").
    left = [t for t in head.subtree if t.i <= head.i]
    first = left[0]
    while first.i < head.i and (first.dep_ in ("det", "predet", "punct") or first.is_punct):
        first = doc[first.i + 1]
    name = doc[first.i : head.i + 1].text
    if hlemma in ANONYMOUS_HEADS and hlemma not in INSTITUTION_HEADS:
        kind = "media" if hlemma in MEDIA_HEADS else "anonymous"
    elif hlemma in INSTITUTION_HEADS or head.pos_ == "PROPN":
        kind = "organisation"
    else:
        kind = "anonymous"
    return name, kind


def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i:
        tok = tok.head
        d += 1
    return d


def _resolve_pronoun(tok: Token, ctx: _Context) -> tuple[str | None, str]:
    """The speaker a pronoun stands for, and its kind."""
    kind = PRONOUNS.get(tok.lower_)
    sidx = ctx.current_sentence
    last = ctx.last_speaker
    recent = last is not None and sidx - ctx.last_speaker_sentence <= 2 and bool(last.speaker)
    if kind == "PERSON":
        # A speaker of the last two sentences is the likeliest "he"; else the last person named.
        if (
            recent
            and last is not None
            and (
                last.speaker_kind == "person"
                or (last.speaker_kind == "anonymous" and not (last.speaker or "").endswith("s"))
            )
        ):
            return last.speaker, last.speaker_kind
        return ctx.last_person, "person"
    if kind == "GROUP":
        if recent and last is not None and last.speaker_kind in ("organisation", "anonymous"):
            return last.speaker, last.speaker_kind
        return ctx.last_group, "organisation"
    return None, "anonymous"


def _chain_inside(tokens: list[Token]) -> list[tuple[str, str]]:
    """Sources cited inside a source phrase: "local media reports quoting X" -> [reports, X]."""
    out: list[tuple[str, str]] = []
    for t in tokens:
        if t.lemma_.lower() in ("quote", "cite") and t.tag_ in ("VBG", "VBN"):
            obj = [c for c in t.children if c.dep_ in ("dobj", "pobj", "obj")]
            if obj:
                out.append(_name_of(_subtree(obj[0])))
    return out


def _quote_just_before(sent: SpacySpan, ctx: _Context) -> list[tuple[int, int]]:
    """The quotation that ends right before this sentence, with only white space between;
    quotations that follow each other in one paragraph ('"..." "..."') count as one."""
    text, quotes = ctx.text, ctx.quotes
    last = [
        k
        for k, r in enumerate(quotes)
        if r[1] <= sent.start_char and not text[r[1] : sent.start_char].strip()
    ]
    if not last:
        return []
    k = last[-1]
    first = k
    while first > 0:
        between = text[quotes[first - 1][1] : quotes[first][0]]
        if between.strip() or "\n" in between:
            break
        first -= 1
    return [(quotes[first][0], quotes[k][1])]


def _quote_just_after(sent: SpacySpan, ctx: _Context) -> list[tuple[int, int]]:
    """ "X said in a statement. \"There are no ballots.\"": the quotation right after it."""
    return [
        r
        for r in ctx.quotes
        if r[0] >= sent.end_char and not ctx.text[sent.end_char : r[0]].strip()
    ][:1]


def _opens_quote_after(verb: Token, sent: SpacySpan, ctx: _Context) -> bool:
    """A quotation opens after the verb, right behind its comma or colon ('responded, "..."')."""
    doc = verb.doc
    k = verb.i + 1
    while k < sent.end and (doc[k].text in (",", ":") or doc[k].is_space):
        k += 1
    return k < sent.end and any(r[0] == doc[k].idx for r in ctx.quotes)


def _content_head(content: list[Token]) -> Token | None:
    """The token of ``content`` whose head lies outside it (or the sentence root)."""
    ids = {t.i for t in content}
    return next((t for t in content if t.head.i not in ids or t.head.i == t.i), None)


def _is_proposition(content: list[Token]) -> bool:
    """Content that is a clause ("that the plan failed"), not an object ("the plan")."""
    head = _content_head(content)
    return head is not None and head.dep_ == "ccomp"


def _has_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


def _affiliation(tokens: list[Token], speaker: str | None) -> str | None:
    """A group named in the source phrase besides the speaker ("KLF spokesman Tomas Reyk")."""
    if not tokens or not speaker:
        return None
    doc = tokens[0].doc
    lo, hi = tokens[0].i, tokens[-1].i
    for e in doc.ents:
        if e.start >= lo and e.end - 1 <= hi and e.label_ in ("ORG", "NORP", "GPE"):
            name = re.sub(r"^the\s+", "", e.text, flags=re.I)
            name = re.sub(r"[’']s$", "", name)
            if name != speaker:
                return name
    return None


def _hedging(sentence: str, via: list[str], kind: str) -> str:
    """hedged: a hedge word; reported: it came through another report; else asserted."""
    if HEDGE_WORDS.search(sentence):
        return "hedged"
    if via or kind == "media":
        return "reported"
    return "asserted"


def _negated_denial(text: str) -> bool:
    """ "not a lie" / "no propaganda" flips the denial back."""
    return bool(
        re.search(
            r"\b(?:not|no|never)\s+(?:a\s+)?(?:\w+\s+)?(?:lie|false|propaganda)\b", text, re.I
        )
    ) and not re.search(r"not true", text, re.I)
