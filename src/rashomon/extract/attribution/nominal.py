"""Attributions around adjective and noun cues, "according to X" and "In a new poll, ..."."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ...model import Article, Attribution, Span
from .lexicon import (
    COPULAS,
    CUE_PREPS,
    DENIAL_LEMMAS,
    DENIAL_WORDS,
    DOCUMENT_HEADS,
    PRONOUNS,
    REPORTING_LEMMAS,
    STANCE_ADJECTIVES,
    STANCE_NOUNS,
)
from .spans import (
    _affiliation,
    _chain_inside,
    _Context,
    _contiguous,
    _hedging,
    _inside,
    _is_proposition,
    _name_of,
    _resolve_pronoun,
    _subtree,
    _tspan,
)
from .verbs import _attribution_from_verb, _find_cues


def _according_to(sent: SpacySpan, art: Article, sidx: int, ctx: _Context) -> list[Attribution]:
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < sent.end and t.nbor(1).lower_ == "to":
            to = t.nbor(1)
            pobj = [c for c in to.children if c.dep_ == "pobj"]
            if not pobj:
                continue
            src_tokens = _contiguous(_subtree(pobj[0]))
            phrase = {t.i, to.i} | {x.i for x in src_tokens}
            rest = [x for x in sent if x.i not in phrase]
            # Drop the comma that separated the phrase.
            cspan = _tspan(_contiguous([x for x in rest if not x.is_space]) if rest else [])
            if cspan is None:
                return []
            if cspan.start < t.idx < cspan.end:
                # "X happened, according to Y, and ..." - keep the widest clause around it.
                before = [x for x in rest if x.i < t.i]
                after = [x for x in rest if x.i > src_tokens[-1].i]
                cspan = _tspan(before if len(before) >= len(after) else after) or cspan
            speaker, kind = _name_of(src_tokens)
            via: list[str] = []
            chain = _chain_inside(src_tokens)
            if chain:
                via.append(speaker)
                speaker, kind = chain[-1]
            src_span = _tspan(src_tokens)
            nested = _nested(sent, rest, art, sidx, ctx)
            if nested is not None:
                # "According to a post by J, K told him that ...": K speaks, through J's post.
                nested.via = [*via, speaker, *nested.via]
                nested.hedging = _hedging(sent.text, nested.via, nested.speaker_kind)  # type: ignore[assignment]
            polarity = "denies" if DENIAL_WORDS.search(cspan.text) else "asserts"
            outer = Attribution(
                article_id=art.id,
                sentence_index=sidx,
                content=cspan,
                source=src_span,
                cue=Span(t.idx, to.idx + 2, ctx.text[t.idx : to.idx + 2]),
                speaker=speaker,
                speaker_kind=kind,
                via=via,
                hedging=_hedging(sent.text, via, kind),  # type: ignore[arg-type]
                polarity=polarity,  # type: ignore[arg-type]
            )
            return [nested, outer] if nested is not None else [outer]
    return []


def _nested(
    sent: SpacySpan, rest: list[Token], art: Article, sidx: int, ctx: _Context
) -> Attribution | None:
    """A speech verb heading the clause that "according to X" introduces."""
    ids = {t.i for t in rest}
    for verb in _find_cues(sent, ctx.quotes):
        if verb.i not in ids or verb.dep_ not in ("ROOT",):
            continue
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj and subj[0].i in ids and subj[0].lower_ not in PRONOUNS:
            return _attribution_from_verb(verb, sent, art, sidx, ctx)
    return None


def _is_stance_adjective(t: Token) -> bool:
    return t.pos_ == "ADJ" and t.dep_ == "acomp" and t.head.lemma_.lower() in COPULAS


def _adjective_cues(sent: SpacySpan, quotes: list[tuple[int, int]]) -> list[Token]:
    out = []
    for t in sent:
        if not _is_stance_adjective(t):
            continue
        if t.lemma_.lower() not in STANCE_ADJECTIVES or _inside(quotes, t.idx, t.idx + len(t)):
            continue
        out.append(t)
    return out


def _attribution_from_adjective(
    adj: Token, sent: SpacySpan, art: Article, sidx: int, ctx: _Context
) -> Attribution | None:
    """ "X was optimistic about Y", "X is confident that Y": X holds the stance Y."""
    cop = adj.head
    if any(c.dep_ == "neg" for c in cop.children):
        return None
    subj = [c for c in cop.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj and cop.dep_ in ("conj", "advcl", "xcomp"):
        subj = [c for c in cop.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in ("it", "this", "that", "which", "there", "what"):
        return None
    src_tok = subj[0]
    content: list[Token] = []
    extra: list[Token] = []
    for head in (adj, cop):
        for c in head.children:
            if c.i < adj.i:
                continue
            if c.dep_ in ("ccomp", "xcomp"):
                content = _subtree(c)
                if content and content[0].lower_ == "that":
                    content = content[1:]
            elif c.dep_ == "prep" and head is adj:
                pobj = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                if pobj:
                    content, extra = _subtree(pobj[0]), [c]
            if content:
                break
        if content:
            break
    if not content:
        return None
    cspan = _tspan(_contiguous(content))
    if cspan is None or len(cspan.text) < 3:
        return None
    src_tokens = _contiguous(_subtree(src_tok))
    if src_tok.lower_ in PRONOUNS:
        speaker, kind = _resolve_pronoun(src_tok, ctx)
        if speaker is None:
            speaker, kind = src_tok.text, "anonymous"
    else:
        speaker, kind = _name_of(src_tokens)
    clause = _is_proposition(content)
    return _held(art, sidx, sent, cspan, src_tokens, speaker, kind, [cop, adj, *extra], clause)


def _held(
    art: Article,
    sidx: int,
    sent: SpacySpan,
    content: Span,
    src_tokens: list[Token],
    speaker: str | None,
    kind: str,
    cue_tokens: list[Token],
    statement: bool,
) -> Attribution:
    """The attribution of a stance held by a source (adjective or noun cue, no chain)."""
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=content,
        source=_tspan(src_tokens),
        cue=_tspan(_contiguous(cue_tokens)),
        speaker=speaker,
        speaker_kind=kind,
        affiliation=_affiliation(src_tokens, speaker),
        hedging=_hedging(sent.text, [], kind),  # type: ignore[arg-type]
        polarity="denies" if DENIAL_WORDS.search(content.text) else "asserts",  # type: ignore[arg-type]
        statement=statement,
    )


def _noun_cues(sent: SpacySpan, quotes: list[tuple[int, int]]) -> list[Token]:
    return [
        t
        for t in sent
        if t.pos_ == "NOUN"
        and t.lemma_.lower() in STANCE_NOUNS
        and any(c.dep_ == "poss" for c in t.children)
        and not _inside(quotes, t.idx, t.idx + len(t))
    ]


def _verb_base(word: str) -> str:
    """ "claims" -> "claim", "denies" -> "deny", "pushes" -> "push" (third person singular)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2] in REPORTING_LEMMAS:
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


def _noun_read_as_verb(
    sent: SpacySpan, art: Article, sidx: int, ctx: _Context
) -> list[Attribution]:
    """ "Trump claims that the vote was rigged": the tagger reads "Trump claims" as a noun
    phrase (a common noun with a plural) and hangs the clause on "claims"."""
    out: list[Attribution] = []
    for t in sent:
        if t.dep_ == "ROOT" and t.lower_ == "read" and t.pos_ == "NOUN":
            out.extend(filter(None, [_quote_read(t, sent, art, sidx, ctx)]))
            continue
        if t.tag_ != "NNS" or t.i == sent.start or _inside(ctx.quotes, t.idx, t.idx + len(t)):
            continue
        base = _verb_base(t.lower_)
        if base not in REPORTING_LEMMAS:
            continue
        clause = next((c for c in t.children if c.dep_ == "ccomp" and c.i > t.i), None)
        prev = t.doc[t.i - 1]
        if clause is None or prev.pos_ not in ("NOUN", "PROPN"):
            continue
        subject = next((c for c in clause.children if c.dep_.startswith("nsubj")), None)
        if subject is None or subject.tag_ in ("WDT", "WP") or subject.lower_ == "that":
            continue  # "Insurance claims that were filed ...": a relative clause, no statement
        if prev.dep_ in ("compound", "nsubj") and prev.head.i == t.i:
            src = [x for x in t.subtree if x.i < t.i]  # "Trump estimates": one noun phrase
        elif t.head.i == prev.i and t.dep_ in ("dobj", "appos", "compound"):
            src = [x for x in prev.subtree if x.i < t.i]  # "Trump" root, "claims" its object
        else:
            continue
        content = [x for x in _subtree(clause) if not (x.dep_ == "mark" and x.head.i == clause.i)]
        cspan = _tspan(_contiguous(content))
        if cspan is None or _tspan(src) is None:
            continue
        speaker, kind = _name_of(src)
        a = _held(art, sidx, sent, cspan, src, speaker, kind, [t], True)
        if base in DENIAL_LEMMAS:
            a.polarity = "denies"  # type: ignore[assignment]
        out.append(a)
    return out


def _quote_read(
    read: Token, sent: SpacySpan, art: Article, sidx: int, ctx: _Context
) -> Attribution | None:
    """'"...," the editorial read.': the tagger takes "editorial" for an adjective and "read"
    for a noun; the words between the quotation and "read" are the document that says it."""
    quotes = [r for r in ctx.quotes if sent.start_char <= r[0] and r[1] <= read.idx]
    if not quotes:
        return None
    start, end = quotes[-1]
    src = [x for x in sent if x.idx >= end and x.i < read.i and not (x.is_punct or x.is_space)]
    content = [x for x in sent if start <= x.idx < end]
    while content and (content[0].is_punct or content[0].is_space):
        content = content[1:]
    while content and (content[-1].is_punct or content[-1].is_space):
        content = content[:-1]
    cspan = _tspan(content)
    if not src or cspan is None:
        return None
    speaker, kind = _name_of(src)
    return _held(art, sidx, sent, cspan, src, speaker, kind, [read], True)


def _attribution_from_noun(
    noun: Token, sent: SpacySpan, art: Article, sidx: int, ctx: _Context
) -> Attribution | None:
    """ "X's claim that Y", "X's support for Y": X holds Y."""
    poss = next(c for c in noun.children if c.dep_ == "poss")
    if poss.lower_ in ("its", "my", "our", "your"):
        return None
    content: list[Token] = []
    extra: list[Token] = []
    intent = False
    for c in noun.children:
        if c.i < noun.i:
            continue
        that = any(x.lower_ == "that" and x.dep_ == "mark" for x in c.children)
        if c.dep_ in ("acl", "ccomp") and that:
            content = [t for t in _subtree(c) if not (t.lower_ == "that" and t.dep_ == "mark")]
        elif c.dep_ in ("acl", "xcomp") and any(
            x.dep_ == "aux" and x.lower_ == "to" for x in c.children
        ):
            content, intent = _subtree(c), True  # "X's call to abandon Trump"
        elif c.dep_ == "prep" and c.lower_ in CUE_PREPS:
            pobj = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if pobj:
                content, extra = _subtree(pobj[0]), [c]
        if content:
            break
    copula = noun.head if noun.dep_ == "nsubj" and noun.head.lemma_ == "be" else None
    if not content and copula is not None:
        # "Beck's contention was that Trump ...": the clause after the copula is held.
        clause = next(
            (c for c in copula.children if c.dep_ in ("ccomp", "attr") and c.i > copula.i), None
        )
        if clause is not None and any(
            x.dep_ == "mark" and x.lower_ == "that" for x in clause.children
        ):
            content = [t for t in _subtree(clause) if not (t.lower_ == "that" and t.dep_ == "mark")]
            extra = [copula]
    if not content:
        return None
    cspan = _tspan(_contiguous(content))
    if cspan is None or len(cspan.text) < 3:
        return None
    src_tokens = [t for t in _subtree(poss) if t.dep_ != "case"]
    if _tspan(src_tokens) is None:
        return None
    if poss.lower_ in ("his", "her", "their"):
        pron = {"his": "he", "her": "she", "their": "they"}[poss.lower_]
        kind0 = PRONOUNS[pron]
        speaker = ctx.last_person if kind0 == "PERSON" else ctx.last_group
        kind = "person" if kind0 == "PERSON" else "organisation"
        if speaker is None:
            speaker, kind = poss.text, "anonymous"
    else:
        speaker, kind = _name_of(src_tokens)
    # "X's claim that Y" states Y; "X's support for Y" is a stance on Y, "X's call to Y" a wish.
    clause = not intent and (not extra or copula is not None and extra == [copula])
    # The span keeps the possessive marker ("Trump's"), as annotators mark it; the name not.
    span_tokens = _subtree(poss)
    return _held(art, sidx, sent, cspan, span_tokens, speaker, kind, [noun, *extra], clause)


def _in_document(sent: SpacySpan, art: Article, sidx: int) -> Attribution | None:
    """ "In a new poll, 52 percent backed the deal": the poll (or report, interview) speaks."""
    first = next((t for t in sent if not (t.is_space or t.is_punct)), None)
    if first is None or first.lower_ != "in" or first.dep_ != "prep":
        return None
    pobj = next((c for c in first.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in DOCUMENT_HEADS:
        return None
    end = max(t.i for t in first.subtree)
    comma = sent.doc[end + 1] if end + 1 < sent.end else None
    if comma is None or comma.text != ",":
        return None
    content = [t for t in sent if t.i > comma.i and not t.is_space]
    src = [t for t in first.subtree if t.i != first.i]
    cspan, sspan = _tspan(content), _tspan(src)
    if cspan is None or sspan is None or len(content) < 4:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in content):
        return None
    speaker, kind = _name_of(src)
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=cspan,
        source=sspan,
        cue=Span(first.idx, first.idx + len(first), first.text),
        speaker=speaker,
        speaker_kind="document" if kind == "anonymous" else kind,
        hedging=_hedging(sent.text, [], "document"),  # type: ignore[arg-type]
        polarity="denies" if DENIAL_WORDS.search(cspan.text) else "asserts",
    )
