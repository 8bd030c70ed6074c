"""Walk an article sentence by sentence: choose cues, build attributions, carry quotations on."""

from __future__ import annotations

import re

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ...model import Article, Attribution, Sentence, Span
from .cue_model import CueModel, is_candidate
from .cue_refiner import States, TokenVectors
from .lexicon import (
    DENIAL_WORDS,
    DOCUMENT_HEADS,
    FIRST_SECOND_PERSON,
    GATE,
    KICKER,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    SPEAKERS,
    SPEECH_LEMMAS,
    STANCE_LEMMAS,
)
from .nominal import (
    _according_to,
    _adjective_cues,
    _attribution_from_adjective,
    _attribution_from_noun,
    _in_document,
    _is_stance_adjective,
    _noun_cues,
    _noun_read_as_verb,
)
from .signature import signatures
from .spans import (
    _Context,
    _depth,
    _hedging,
    _inside,
    _name_of,
    _negated_denial,
    _trimmed,
    _tspan,
    inside_quote,
    quote_regions,
)
from .verbs import _attribution_from_verb, _find_cues, _possessed_subject, _sourceless


def _update_context(sent: SpacySpan, ctx: _Context, atts: list[Attribution], sidx: int) -> None:
    for e in sent.ents:
        if e.label_ == "PERSON":
            ctx.last_person = e.text
        elif e.label_ in ("ORG", "NORP"):
            ctx.last_group = re.sub(r"^the\s+", "", e.text, flags=re.I)
    for a in atts:
        if a.speaker_kind == "person" and a.speaker:
            ctx.last_person = a.speaker
        elif a.speaker_kind == "organisation" and a.speaker:
            ctx.last_group = a.speaker
        ctx.last_speaker = a
        ctx.last_speaker_sentence = sidx


def extract(
    article: Article,
    doc: Doc,
    sentences: list[Sentence],
    cue_model: CueModel | None = None,
    token_states: States | None = None,
) -> list[Attribution]:
    """Attributions of every sentence of one article, in text order.

    ``cue_model``: a cue model other than the shipped one (e.g. one just trained).
    ``token_states``: MiniLM word-piece states for the cue model's refiner (default: the
    shared embedder).
    """
    text = doc.text  # rebuilt from the tokens on each access: read once
    ctx = _Context(quotes=quote_regions(text), text=text)
    cues = cue_model or CueModel.load()
    if cues.refiner is not None:
        if token_states is None:
            from ...nlp.embeddings import default_embedder

            token_states = default_embedder().token_states
        ctx.vectors = _token_vectors(doc, ctx, cues, token_states)
    by_sentence: dict[int, list[Attribution]] = {}
    for k, s in enumerate(sentences):
        sent = doc.char_span(s.start, s.end, alignment_mode="expand")
        if sent is None or len(sent) == 0:
            continue
        ctx.current_sentence = s.index
        if ctx.introduced is not None and ctx.introduced.sentence_index == s.index:
            by_sentence[s.index] = [ctx.introduced]
            _update_context(sent, ctx, [ctx.introduced], s.index)
            ctx.introduced, ctx.turn_end = None, s.end
            continue
        ctx.introduced = None
        if ctx.turn_end is not None and "\n\n" in text[ctx.turn_end : s.start]:
            ctx.turn_end = None  # a new paragraph ends the speaker's turn
        colon = _colon_headline(sent, article, s.index)
        if colon is not None:
            by_sentence[s.index] = [colon]
            continue
        if s.is_heading:
            continue
        atts: list[Attribution] = []
        ctx.current_sentence = s.index
        atts.extend(_according_to(sent, article, s.index, ctx))
        if not atts:
            taken: list[tuple[int, int]] = [
                (a.source.start, a.source.end) for a in atts if a.source is not None
            ] + [(a.cue.start, a.cue.end) for a in atts if a.cue is not None]
            for verb in _confirmed(_find_cues(sent, ctx.quotes), ctx, cues):
                if any(a <= verb.idx < b for a, b in taken):
                    continue  # a speech verb inside an accepted content or source is not a cue
                a = _attribution_from_verb(verb, sent, article, s.index, ctx)
                if a is not None and not any(_same_statement(a, b) for b in atts):
                    atts.append(a)
                    trailing = _trailing_participle(a, sent)
                    if trailing is not None:
                        atts.append(trailing)
                        taken.append((trailing.cue.start, trailing.content.end))
                    taken.append((a.content.start, a.content.end))
                    if a.source is not None:
                        taken.append((a.source.start, a.source.end))
            for find, build in (
                (_adjective_cues, _attribution_from_adjective),
                (_noun_cues, _attribution_from_noun),
            ):
                for word in _confirmed(find(sent, ctx.quotes), ctx, cues):
                    if any(a <= word.idx < b for a, b in taken):
                        continue
                    a = build(word, sent, article, s.index, ctx)
                    if a is not None:
                        atts.append(a)
                        taken.append((a.content.start, a.content.end))
            if not atts:
                atts.extend(_noun_read_as_verb(sent, article, s.index, ctx))
            atts.extend(_learned(sent, article, s.index, ctx, atts, taken, cues))
            atts.extend(_reportedly(sent, article, s.index, ctx, atts))
            if not atts:
                atts.extend(filter(None, [_in_document(sent, article, s.index)]))
        if atts:
            ctx.turn_end = None
        else:
            carried = _carry_quote(sent, s.index, ctx, article)
            if carried:
                atts.append(carried)
                if ctx.turn_end is not None:
                    ctx.turn_end = s.end
            elif k + 1 < len(sentences):
                ctx.introduced = _introducer(sent, sentences[k + 1], article, ctx, cues)
        by_sentence[s.index] = atts
        _update_context(sent, ctx, atts, s.index)
    _backfill_quotes(sentences, by_sentence, ctx, article)
    signatures(article, doc, text, sentences, by_sentence)
    return [a for i in sorted(by_sentence) for a in by_sentence[i]]


def _token_vectors(doc: Doc, ctx: _Context, model: CueModel, states: States) -> TokenVectors:
    """The refiner's reader for this document: every candidate word scored once by the sparse
    model, and the sentences holding a word the refiner would rescore (read in one batch)."""
    cands = [t for t in doc if is_candidate(t)]
    inq = [inside_quote(ctx.quotes, t) for t in cands]
    p = model.sparse(cands, inq)
    band = model.refiner.in_band(p) if model.refiner is not None else np.zeros(len(p), bool)
    wanted = {cands[i].sent.start for i in np.flatnonzero(band)}
    known = {(t.i, q): float(x) for t, q, x in zip(cands, inq, p, strict=True)}
    return TokenVectors(doc, states, wanted, known)


def _confirmed(cands: list[Token], ctx: _Context, model: CueModel) -> list[Token]:
    """Word-list cues, less stance words the cue model finds unlikely in their context.

    Speech verbs are kept as they are; a stance word ("support", "release", "find") is a
    cue only in some uses ("voters found that ..." but not "police found one man").
    """
    weak = [t for t in cands if t.lemma_.lower() not in SPEECH_LEMMAS]
    if not weak:
        return cands
    inq = [inside_quote(ctx.quotes, t) for t in weak]
    probs = model.probabilities(weak, inq, ctx.vectors)
    drop = {t.i for t, p in zip(weak, probs, strict=True) if p < GATE}
    return [t for t in cands if t.i not in drop]


def _same_statement(a: Attribution, b: Attribution) -> bool:
    """Two cues for one content ("quoted him as saying"): overlapping, neither inside the other."""
    x, y = _core(a.content), _core(b.content)
    if x[1] <= y[0] or y[1] <= x[0]:
        return False
    nested = (y[0] <= x[0] and x[1] <= y[1]) or (x[0] <= y[0] and y[1] <= x[1])
    return not nested or x == y


def _overlaps_outer(a: Attribution, b: Attribution) -> bool:
    """``a`` shares content with ``b`` without wrapping it whole and holding b's cue.

    "An aide clarified that Clinton misspoke and intended to say ...": the outer statement
    contains the inner one with its cue; both stand. Any other overlap is one statement.
    """
    x, y = _core(a.content), _core(b.content)
    if x[1] <= y[0] or y[1] <= x[0]:
        return False
    wraps = x[0] <= y[0] and y[1] <= x[1] and x != y
    return not (wraps and b.cue is not None and x[0] <= b.cue.start < x[1])


def _core(span: Span) -> tuple[int, int]:
    """A content's offsets without surrounding quotation marks, punctuation and spaces."""
    text = span.text
    lead = len(text) - len(text.lstrip(QUOTE_OPEN + QUOTE_CLOSE + "'‘’ ,.;:"))
    trail = len(text) - len(text.rstrip(QUOTE_OPEN + QUOTE_CLOSE + "'‘’ ,.;:"))
    return span.start + lead, span.end - trail


def _learned(
    sent: SpacySpan,
    art: Article,
    sidx: int,
    ctx: _Context,
    atts: list[Attribution],
    taken: list[tuple[int, int]],
    model: CueModel,
) -> list[Attribution]:
    """Attributions whose cue only the learned model knows ("made it clear", "voters backed")."""
    cue_spans = [(a.cue.start, a.cue.end) for a in atts if a.cue is not None]
    cands = [
        t
        for t in sent
        if is_candidate(t)
        and not any(a <= t.idx < b for a, b in taken)
        and not any(a <= t.idx < b for a, b in cue_spans)
    ]
    if not cands:
        return []
    inq = [inside_quote(ctx.quotes, t) for t in cands]
    probs = model.probabilities(cands, inq, ctx.vectors)
    chosen = [t for t, p in zip(cands, probs, strict=True) if p >= model.threshold]
    chosen.sort(key=_depth)
    out: list[Attribution] = []
    # Outermost first, as with the word lists: "X said Y claimed Z" is X's statement.
    for t in chosen:
        if any(a <= t.idx < b for a, b in taken):
            continue
        a: Attribution | None
        adj = next((c for c in t.children if _is_stance_adjective(c)), None)
        if t.pos_ == "ADJ" and _is_stance_adjective(t):
            a = _attribution_from_adjective(t, sent, art, sidx, ctx)
        elif adj is not None:
            a = _attribution_from_adjective(adj, sent, art, sidx, ctx)
        elif t.pos_ == "VERB" and any(c.dep_ == "poss" for c in t.children):
            a = _attribution_from_noun(t, sent, art, sidx, ctx)  # "Will's call to ..." misread
        elif t.pos_ in ("VERB", "AUX"):
            held = _possessed_subject(t)
            a = _attribution_from_noun(held, sent, art, sidx, ctx) if held is not None else None
            if a is None:
                a = _attribution_from_verb(t, sent, art, sidx, ctx, learned=True)
            if a is None:
                a = _sourceless(t, art, sidx, sent)
        elif t.pos_ == "NOUN" and any(c.dep_ == "poss" for c in t.children):
            a = _attribution_from_noun(t, sent, art, sidx, ctx)
        else:
            a = None
        if a is None or any(_overlaps_outer(a, b) for b in (*atts, *out)):
            continue  # one statement, one attribution ("reported, quoting officials, that")
        out.append(a)
        taken.append((a.content.start, a.content.end))
        if a.source is not None:
            taken.append((a.source.start, a.source.end))
    return out


def _reportedly(
    sent: SpacySpan, art: Article, sidx: int, ctx: _Context, atts: list[Attribution]
) -> list[Attribution]:
    """ "The group reportedly spent $1.5 million": someone unnamed reports the clause.

    Recorded as a non-statement: the sentence stays the outlet's own (hedged) report.
    """
    out = []
    for t in sent:
        if t.lower_ != "reportedly" or t.head.pos_ not in ("VERB", "AUX") or t.head.i == t.i:
            continue
        if inside_quote(ctx.quotes, t) or any(
            a.cue is not None and a.cue.start <= t.idx < a.cue.end for a in atts
        ):
            continue  # "reportedly yelling": already part of a cue
        clause = [x for x in t.head.subtree if not (x.is_space or x.i == t.i)]
        while clause and clause[-1].is_punct:
            clause.pop()
        cspan = _tspan(clause)
        if cspan is None or len(clause) < 3:
            continue
        out.append(
            Attribution(
                article_id=art.id,
                sentence_index=sidx,
                content=cspan,
                cue=Span(t.idx, t.idx + len(t), t.text),
                speaker=None,
                speaker_kind="anonymous",
                hedging="hedged",
                statement=False,
            )
        )
    return out


def _colon_headline(sent: SpacySpan, art: Article, sidx: int) -> Attribution | None:
    """Headline style "Name: what they said" ("Trump: 'I will win'", "Clinton camp: ...").

    The part before the colon must be a short name-like phrase (no verb, a proper noun or
    named entity in it) and something sentence-like must follow.
    """
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None or colon.i - sent.start > 7 or sent.end - colon.i < 4:
        return None
    before = [t for t in sent if t.i < colon.i and not t.is_space]
    # "EXCLUSIVE – Roger Stone: ...": a kicker before a dash is not part of the source.
    dash = [t for t in before if t.text in ("–", "—", "-", "|")]
    if dash:
        before = [t for t in before if t.i > dash[-1].i]
    # A transcript quoted whole opens each turn with a quotation mark: '"WALLACE: Let's start'.
    while before and before[0].is_quote:
        before = before[1:]
    if not before or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in before):
        return None
    if _furniture(before):
        return None  # "Also Read: ...", "Editor's note: ...": page furniture, not a speaker
    if _dateline(before, [t for t in sent if t.i > colon.i], sidx):
        return None
    named = any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in before)
    # "Poll: Clinton and Trump in dead heat": a document speaks for its authors.
    document = before[-1].lemma_.lower() in DOCUMENT_HEADS and len(before) <= 3
    if not (named or document):
        return None
    head = min(before, key=_depth)
    # "Another problem for Sanders: ...", "Voter participation: ...": a common noun that no
    # name precedes labels a section. ("Trump Addresses Munich Attack: ..." is a mistagged verb
    # after its subject; "TAPPER:" a transcript turn.)
    label = head.pos_ == "NOUN" and not head.ent_type_ and not head.is_upper
    if (
        label
        and head.lemma_.lower() not in SPEAKERS
        and not any(t.pos_ == "PROPN" or t.ent_type_ for t in before if t.i < head.i)
    ):
        return None
    after = [t for t in sent if t.i > colon.i]
    if not any(t.pos_ in ("VERB", "AUX") for t in after):
        return None  # "Iowa: Results" is a label, not a statement
    content = _tspan(after)
    if _tspan(before) is None or content is None:
        return None
    return _colon_speaker(art, sidx, before, colon, content, sent.text)


def _dateline(before: list[Token], after: list[Token], sidx: int) -> bool:
    """ "KABUL: Ahmad Massoud has claimed that ...": a dateline opens the article's first
    sentences with a place in capitals, and a plain statement with its own third-person subject
    follows. A place: tagged as one there, or named as one elsewhere in the article (spaCy
    often tags "KABUL" ORG, and "Kabul" GPE in running text). A transcript turn ("KATE TAPPER:
    The council ...", "WALLACE: Let us start ...") names a person, or speaks in the first or
    second person, or asks."""
    if sidx > 2 or len(before) > 3 or not all(t.is_upper or not t.is_alpha for t in before):
        return False
    if not after or any(t.text == "?" for t in after):
        return False
    if any(t.lower_ in FIRST_SECOND_PERSON for t in after):
        return False
    doc = before[0].doc
    name = " ".join(t.text for t in before if t.is_alpha).lower()
    places = {e.text.lower() for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    if name not in places and not all(t.ent_type_ in ("GPE", "LOC") for t in before if t.is_alpha):
        return False
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") for t in after)


def _furniture(before: list[Token]) -> bool:
    span = _tspan(before)
    return span is not None and KICKER.match(span.text) is not None


def _colon_speaker(
    art: Article, sidx: int, before: list[Token], colon: Token, content: Span, sentence: str
) -> Attribution:
    """The name before a colon speaks what follows it ("Trump: ...", "BOULDUAN: ...")."""
    speaker, kind = _name_of(before)
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=content,
        source=_tspan(before),
        cue=Span(colon.idx, colon.idx + 1, ":"),
        speaker=speaker,
        speaker_kind=kind,
        hedging=_hedging(sentence, [], kind),  # type: ignore[arg-type]
        polarity="denies" if DENIAL_WORDS.search(content.text) else "asserts",
        quote=content.text[:1] in QUOTE_OPEN + "‘",
    )


def _introducer(
    sent: SpacySpan, nxt: Sentence, art: Article, ctx: _Context, model: CueModel
) -> Attribution | None:
    """A sentence that ends in a colon introduces the next one: "Hewitt writes:", "he said:",
    or a transcript's speaker turn "KATE BOULDUAN:". The attribution belongs to the next."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 2 or toks[-1].text != ":" or nxt.is_heading:
        return None
    doc = sent.doc
    following = doc.char_span(nxt.start, nxt.end, alignment_mode="expand")
    content = [t for t in following or [] if not t.is_space]
    cspan = _tspan(content)
    if cspan is None or len(cspan.text) < 3:
        return None
    before = toks[:-1]
    if len(before) <= 5 and all(t.pos_ == "PROPN" or t.is_upper for t in before if t.is_alpha):
        if not any(t.is_alpha for t in before) or _furniture(before):
            return None  # "CORRECTION:", "PREVIOUSLY:" head a section, they do not speak
        if _dateline(before, content, nxt.index):
            return None
        return _colon_speaker(art, nxt.index, before, toks[-1], cspan, sent.text)
    verb = sent.root
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    lemma = verb.lemma_.lower()
    listed = lemma in SPEECH_LEMMAS or lemma in STANCE_LEMMAS
    if not listed:
        p = model.probabilities([verb], [inside_quote(ctx.quotes, verb)], ctx.vectors)[0]
        if p < model.threshold:
            return None
    return _attribution_from_verb(
        verb, sent, art, nxt.index, ctx, learned=True, content_override=content
    )


def _carry_quote(sent: SpacySpan, sidx: int, ctx: _Context, art: Article) -> Attribution | None:
    """A sentence inside a quotation that an earlier sentence attributed continues that quote;
    so does a sentence in the same paragraph as a speaker's turn ("BOULDUAN: ... ...")."""
    prev = ctx.last_speaker
    if prev is None or sidx - ctx.last_speaker_sentence > 1:
        return None
    text = sent.text.strip()
    region = _inside(
        ctx.quotes,
        sent.start_char + (len(sent.text) - len(sent.text.lstrip())),
        sent.start_char + len(sent.text.rstrip()),
    )
    opens_quote = text[:1] in QUOTE_OPEN
    if region is None and not opens_quote and ctx.turn_end is None:
        return None
    # Only continue a quote of the same speaker: the previous attribution must be adjacent.
    span = _tspan(sent)
    if span is None:
        return None
    polarity = "denies" if DENIAL_WORDS.search(span.text) else "asserts"
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=span,
        source=None,
        cue=None,
        speaker=prev.speaker,
        speaker_kind=prev.speaker_kind,
        via=list(prev.via),
        affiliation=prev.affiliation,
        hedging=prev.hedging,
        polarity=polarity,  # type: ignore[arg-type]
        quote=True,
    )


def _backfill_quotes(
    sentences: list[Sentence],
    by_sentence: dict[int, list[Attribution]],
    ctx: _Context,
    art: Article,
) -> None:
    """Quotes whose speaker comes only after the closing mark: earlier sentences get it too."""
    for region in ctx.quotes:
        inside = [s for s in sentences if not s.is_heading and region[0] <= s.start < region[1]]
        if len(inside) < 2:
            continue
        last = inside[-1]
        closing = by_sentence.get(last.index) or []
        if not closing or closing[0].source is None:
            continue
        a = closing[0]
        for s in inside[:-1]:
            own = by_sentence.get(s.index)
            if own and own[0].cue is not None:
                continue  # it has its own attribution; only carried guesses are replaced
            body = _trimmed(art.text, s.start, s.end)
            by_sentence[s.index] = [
                Attribution(
                    article_id=art.id,
                    sentence_index=s.index,
                    content=body,
                    source=a.source,
                    cue=a.cue,
                    speaker=a.speaker,
                    speaker_kind=a.speaker_kind,
                    via=list(a.via),
                    affiliation=a.affiliation,
                    hedging=a.hedging,
                    polarity="denies" if DENIAL_WORDS.search(body.text) else "asserts",
                    quote=True,
                )
            ]


def _trailing_participle(a: Attribution, sent: SpacySpan) -> Attribution | None:
    """ "She said her father would do the same, saying that he supports ...": a speech
    participle after a comma at the end of the content is a second statement by the same
    source. The first content ends before the comma."""
    if a.source is None or not a.statement or a.content.end > sent.end_char:
        return None
    doc = sent.doc
    inside = [t for t in sent if a.content.start <= t.idx < a.content.end]
    for t in inside:
        if (
            t.tag_ != "VBG"
            or t.lemma_.lower() not in SPEECH_LEMMAS
            or t.i == 0
            or doc[t.i - 1].text != ","
            or t.idx <= a.content.start
        ):
            continue
        said = [c for c in t.children if c.dep_ in ("ccomp", "dobj", "xcomp")]
        if not said or max(x.i for x in t.subtree) < inside[-1].i - 1:
            continue
        first = _tspan([x for x in inside if x.i < t.i - 1])
        second = _tspan([x for x in t.subtree if x.i > t.i])
        if first is None or second is None or len(first.text) < 3:
            return None
        a.content = first
        if (
            a.polarity == "denies"
            and a.denied_target is None
            and not DENIAL_WORDS.search(first.text)
        ):
            a.polarity = "asserts"  # the denial word was in the part that is now its own
        denies = DENIAL_WORDS.search(second.text) and not _negated_denial(second.text)
        return Attribution(
            article_id=a.article_id,
            sentence_index=a.sentence_index,
            content=second,
            source=a.source,
            cue=Span(t.idx, t.idx + len(t), t.text),
            speaker=a.speaker,
            speaker_kind=a.speaker_kind,
            affiliation=a.affiliation,
            via=list(a.via),
            hedging=a.hedging,
            polarity="denies" if denies else "asserts",
        )
    return None
