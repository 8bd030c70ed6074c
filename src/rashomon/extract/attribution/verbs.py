"""Attributions around a verb cue: "X said (that) ...", "told Y about Z", passives, questions,
quotations before or after the verb, and verbs with no named source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ...model import Article, Attribution, Span
from .lexicon import (
    DENIAL_LEMMAS,
    DENIAL_WORDS,
    PRONOUNS,
    PROPOSITION_LEMMAS,
    PROPOSITION_NOUNS,
    QUOTE_OPEN,
    REFUSAL_LEMMAS,
    REPORTING_LEMMAS,
    SPEECH_LEMMAS,
    STANCE_LEMMAS,
    WEAK_LEMMAS,
)
from .spans import (
    _affiliation,
    _chain_inside,
    _content_head,
    _Context,
    _contiguous,
    _depth,
    _hedging,
    _inside,
    _is_proposition,
    _name_of,
    _negated_denial,
    _opens_quote_after,
    _quote_just_after,
    _quote_just_before,
    _resolve_pronoun,
    _source_tokens,
    _subtree,
    _trim_dangling,
    _tspan,
    inside_quote,
)
from .verb_clauses import (
    _antecedent,
    _asks,
    _bare_attribution,
    _before_trailing_speaker,
    _complement_tokens,
    _content_tokens,
    _inverted_source,
    _parenthetical_content,
    _quoting,
    _relativised,
    _set_off,
)


def _find_cues(sent: SpacySpan, quotes: list[tuple[int, int]]) -> list[Token]:
    cues = []
    for t in sent:
        lemma = t.lemma_.lower()
        if lemma not in SPEECH_LEMMAS and (lemma not in STANCE_LEMMAS or t.pos_ != "VERB"):
            continue
        if t.pos_ not in ("VERB", "AUX"):
            continue
        if t.lemma_.lower() in ("quote", "cite") and t.tag_ == "VBG":
            continue  # "..., quoting X, ...": a link in the chain, handled with its main verb
        if _inside(quotes, t.idx, t.idx + len(t)):
            continue  # a speech verb inside a quotation is what is quoted, not the attribution
        cues.append(t)
    # Outermost first: "X said Y claimed Z" is X's statement.
    cues.sort(key=_depth)
    return cues


@dataclass
class _Roles:
    """Who stands where around a cue verb, once the parser's misplacements are undone."""

    subj: list[Token]
    inverted: Token | None  # "..., reported CNN-News18.": the source after the verb
    as_clause: bool  # "As X reported, ..."
    climbed: bool  # the subject was borrowed from a governing verb
    agent: list[Token]
    passive_subject: list[Token]
    passive_topic: bool  # the subject is what is talked about, not who talks


def _is_discourse_say(verb: Token, lemma: str) -> bool:
    """ "Needless to say, X will ...", "that is to say": a discourse marker, not a cue."""
    return (
        lemma == "say"
        and verb.dep_ in ("advcl", "parataxis", "npadvmod")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _climbed_subject(verb: Token) -> list[Token]:
    """ "X criticised the plan and said ...", "X defended it, saying ...": X speaks."""
    up = verb.head
    subj: list[Token] = []
    for _ in range(4):
        subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subj or up.head.i == up.i:
            break
        up = up.head
    return subj


def _subject_is_topic(verb: Token, lemma: str, subj: list[Token], climbed: bool) -> bool:
    """Whether an agentless subject is what is talked about rather than who talks.

    "Priebus was asked whether ...": the one asked is no source; "It was reported that ...":
    nobody is named; "The email appears to contradict ...": the subject is the topic.
    Likewise any passive without an agent ("Johnson was criticized for ..."): its subject
    is the target, unless it speaks itself ("is said to have denied", "was heard saying").
    """
    # "Supplies are believed to have been blocked": the subject is what the unnamed believers
    # say something about, not one of them (unless it speaks itself: "is said to have denied").
    topic = [
        c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() not in REPORTING_LEMMAS
    ]
    speaks = any(c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING_LEMMAS for c in verb.children)
    target = subj[0].dep_ == "nsubjpass" and lemma != "quote" and (not speaks or bool(topic))
    raising = subj[0].dep_ == "nsubj" and lemma in ("appear", "seem") and bool(topic)
    # "Asked whether ..., Priebus said": a passive participle's borrowed subject is its target.
    participle = climbed and verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl")
    return target or raising or participle


def _roles(verb: Token, sent: SpacySpan, ctx: _Context, lemma: str) -> _Roles | None:
    """The verb's subject, agent and passive roles; None when the verb attributes nothing."""
    subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if subj and not inside_quote(ctx.quotes, verb):
        # '"The army is not fighting us," read a tweet': the quote's subject is no source;
        # '"... One of the best," Rep. X said': the parser may give the verb both subjects.
        subj = [c for c in subj if not inside_quote(ctx.quotes, c)]
    if subj and _asks(verb, subj[0], sent):
        return None  # "Do you support Trump?", "Did she say that?": nobody holds anything yet
    inverted = _inverted_source(verb, sent) if not subj else None
    if inverted is not None:
        # "..., reported CNN-News18.": the parser makes the outlet an object and hangs the verb
        # on the content's verb, which would lend it the content's subject.
        subj = [inverted]
    if not subj and _is_discourse_say(verb, lemma):
        return None
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    as_agent = [c for c in verb.children if c.dep_ == "agent"] if as_clause and not subj else []
    if as_agent:
        # "As reported by Western Journalism, X did Y": the agent is the source of the clause.
        subj = [c for c in as_agent[0].children if c.dep_ == "pobj"]
    if not subj and as_clause:
        return None  # "As reported earlier, X did Y": the outlet refers to itself, X is no source
    climbed = not subj and verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl")
    if climbed:
        subj = _climbed_subject(verb)
    agent = [c for c in verb.children if c.dep_ == "agent"]
    passive_topic = False
    if subj and not agent and not inverted and not as_agent:
        passive_topic = _subject_is_topic(verb, lemma, subj, climbed)
    passive_subject = subj[:1] if subj and subj[0].dep_ == "nsubjpass" else []
    if agent and subj and subj[0].dep_ == "nsubjpass" and lemma != "quote":
        pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
        subj = pobj or subj
    return _Roles(subj, inverted, as_clause, climbed, agent, passive_subject, passive_topic)


def _source_token(verb: Token, lemma: str, roles: _Roles) -> tuple[Token, list[Token]] | None:
    """The token that names the source, and the tokens of whoever carried its words."""
    subj, agent = roles.subj, roles.agent
    # "X was quoted as saying" / "reports quoted X as saying": the quoted one speaks.
    if lemma == "quote":
        obj = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if obj and any(c.lower_ == "as" for c in verb.children) or (obj and subj):
            return obj[0], _subtree(subj[0]) if subj else []
        if subj and subj[0].dep_ == "nsubjpass":
            return subj[0], _subtree(agent[0]) if agent else []
        return None
    if not subj:
        return None
    return subj[0], []


def _names_no_one(src_tok: Token, lemma: str, antecedent: list[Token]) -> bool:
    """A subject that is no source: a bare "this"/"that", or "it" with a non-speech verb."""
    if src_tok.lower_ in ("this", "that", "which", "there") and lemma != "read" and not antecedent:
        return True
    # "it said" is an organisation or a document; "it seems" is nobody.
    return src_tok.lower_ == "it" and lemma not in SPEECH_LEMMAS and lemma != "read"


def _stated_content(
    verb: Token,
    sent: SpacySpan,
    roles: _Roles,
    content_override: list[Token] | None,
) -> list[Token]:
    """What the verb says by its grammar: its clause, the main clause, or the given override."""
    content = _content_tokens(verb, sent) if roles.inverted is None else []
    if roles.as_clause and not content and verb.dep_ == "advcl" and verb.head.i > verb.i:
        # "But as The Hill pointed out, X did Y": the main clause after it is what is said.
        last = max(t.i for t in verb.subtree)
        content = [t for t in _parenthetical_content(verb, sent) if t.i > last]
    if content_override is not None:
        content = content_override
    elif roles.inverted is not None:
        content = [t for t in sent if t.i < verb.i - 1]
    as_saying = [c for c in verb.children if c.lower_ == "as"]
    if not content and as_saying:
        for c in as_saying[0].subtree:
            if c.lemma_ == "say":
                content = _content_tokens(c, sent)
    return content


def _denied_object(verb: Token) -> tuple[list[Token], str | None]:
    """ "X denied the allegation": the object is both the content and what is denied."""
    obj = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
    if not obj:
        return [], None
    content = _subtree(obj[0])
    tgt = _tspan(content)
    return content, tgt.text if tgt else None


def _rejects_an_act(verb: Token, lemma: str, content: list[Token]) -> bool:
    """ "Dismissed his defence team", "rejected a request": the object is a thing or an act, so
    nothing said is denied (see ``PROPOSITION_NOUNS``). A clause, a pronoun ("rejected it") or
    a noun for what is said ("dismissed the reports") is denied."""
    if lemma not in PROPOSITION_LEMMAS or not content:
        return False
    head = _content_head(content)
    if head is None or head.head.i != verb.i or head.dep_ not in ("dobj", "obj"):
        return False  # a clause or a complement, not a plain object
    if head.pos_ in ("PRON", "DET") or head.lemma_.lower() in PROPOSITION_NOUNS:
        return False
    return not any(
        c.dep_ in ("acl", "ccomp") and any(m.lower_ == "that" for m in c.children)
        for c in head.children
    )


def _held_content(
    verb: Token, sent: SpacySpan, ctx: _Context, roles: _Roles, learned: bool
) -> tuple[list[Token], list[Token], bool] | None:
    """What a stance verb holds (its complement); None when it holds nothing and quotes nothing.

    Returns the content, extra cue tokens and whether the content is a statement.
    """
    content, extra_cue = _complement_tokens(verb)
    if not content and learned and roles.agent and roles.passive_subject:
        # "Trump was supported by 42 percent of voters": what the agent holds is the subject.
        content = _subtree(roles.passive_subject[0])
    if not content and verb.dep_ == "relcl":
        content = _relativised(verb)
    statement = True
    if content:
        statement = _is_proposition(content)
    elif not _quoting(verb, sent, ctx):
        return None
    return content, extra_cue, statement


def _is_parenthetical(verb: Token, sent: SpacySpan, ctx: _Context) -> bool:
    """ "..., X said." / "X said" mid-sentence, or a root cue after a quotation in the sentence."""
    return (
        verb.i > sent.start
        and verb.dep_ in ("parataxis", "ccomp", "conj", "advcl")
        # "... and found one man": a verb with its own object is no parenthetical "X said"
        and not any(c.dep_ in ("dobj", "obj") for c in verb.children)
        or (
            verb.dep_ == "ROOT"
            and any(
                q[0] < verb.idx
                for q in ctx.quotes
                if q[1] <= verb.idx and q[1] > sent.start_char - 1
            )
        )
    )


def _content_around_cue(
    verb: Token,
    src_tok: Token,
    sent: SpacySpan,
    ctx: _Context,
    lemma: str,
    extra_cue: list[Token],
    statement: bool,
) -> tuple[list[Token], list[Token], bool] | None:
    """Content found around a verb with no clause of its own; None when there is none to find.

    Returns the content with the (possibly updated) extra cue tokens and statement flag.
    """
    if _is_parenthetical(verb, sent, ctx):
        return _parenthetical_content(verb, sent), extra_cue, statement
    if set_off := _set_off(verb, sent):
        return set_off, extra_cue, statement
    if trailing := _before_trailing_speaker(verb, src_tok, sent):
        return trailing, extra_cue, statement
    if lemma in WEAK_LEMMAS:
        # "asked about the deal", "described the plan as a failure": an object will do.
        content, extra_cue = _complement_tokens(verb)
        if content:
            statement = _is_proposition(content)
        elif not _quoting(verb, sent, ctx):
            return None
        return content, extra_cue, statement
    return [], extra_cue, statement


def _quoted_content(verb: Token, sent: SpacySpan, ctx: _Context) -> list[Token] | None:
    """ "X said in a statement." with the quote in the sentence: the quote is the content.

    None when no quotation belongs to the cue.
    """
    content: list[Token] = []
    q = [r for r in ctx.quotes if sent.start_char <= r[0] and r[1] <= sent.end_char + 1]
    if not q and _opens_quote_after(verb, sent, ctx):
        # 'X tweeted: "EPIC troll. Still from ..."': the quotation runs on past this sentence;
        # its part here is the content, and the sentences after it carry it on.
        q = [r for r in ctx.quotes if verb.idx < r[0] < sent.end_char < r[1]][:1]
        content = [t for t in sent if q and t.idx >= q[0][0] and not t.is_space]
    ends_here = [r for r in ctx.quotes if r[0] < sent.start_char < r[1] <= verb.idx]
    if not q and ends_here:
        # 'Thanks Sarah!!!" wrote Pete.': a quotation opened in an earlier sentence closes
        # here, before the cue; this sentence's part of it is the content.
        q = ends_here
        content = [t for t in sent if t.idx < ends_here[0][1] and not t.is_space]
    if not q and _bare_attribution(verb, sent):
        # '"..." \n\nTrump said.': a bare attribution sentence right after a quotation that
        # the sentence splitter cut off; the quotation is its content.
        q = _quote_just_before(sent, ctx) or _quote_just_after(sent, ctx)
        if q:
            content = [t for t in sent.doc if q[0][0] <= t.idx < q[0][1]]
    if not q:
        return None
    if not content:
        # The longest quotation is the statement; a short one may be a title.
        r = max(q, key=lambda x: x[1] - x[0])
        content = [t for t in sent if r[0] <= t.idx < r[1]]
    return content


def _introduces_following(content: list[Token], sent: SpacySpan) -> bool:
    """ "X tweeted the following:": what follows is said (see _introducer)."""
    return [t.lower_ for t in content if not t.is_punct][-2:] == [
        "the",
        "following",
    ] and sent.text.rstrip().endswith(":")


def _strip_quoting_participle(
    content: list[Token],
) -> tuple[list[Token], list[tuple[str, str]]]:
    """ "reported, quoting local officials, that ...": the officials are the deeper source.

    Returns the content without the participle phrase, and the names it quotes.
    """
    inner: list[tuple[str, str]] = []
    if content and content[0].lemma_.lower() in ("quote", "cite") and content[0].tag_ == "VBG":
        part = content[0]
        objs = [o for o in part.children if o.dep_ in ("dobj", "obj")]
        if objs:
            inner.append(_name_of(_subtree(objs[0])))
            after = max(t.i for t in objs[0].subtree)
            content = [t for t in content if t.i > after and not (t.is_punct and t.i == after + 1)]
            if content and content[0].lower_ == "that":
                content = content[1:]
    return content, inner


def _source_phrase(
    verb: Token, sent: SpacySpan, src_tok: Token, roles: _Roles, content: list[Token]
) -> list[Token]:
    """The tokens of the source phrase, never overlapping the content."""
    src_tokens = _source_tokens(src_tok)
    subj = roles.subj
    if roles.inverted is not None:
        # '..." read a tweet from an account attributed to X.': the rest of the sentence.
        words = [t for t in sent if t.i >= src_tokens[0].i and not (t.is_punct or t.is_space)]
        src_tokens = list(verb.doc[src_tokens[0].i : words[-1].i + 1]) if words else src_tokens
    if len(subj) > 1 and src_tok.i == subj[0].i and all(t.i < verb.i for t in subj):
        # "The campaign and some experts have alleged": the parser split one coordinated
        # subject into two; the source is both.
        doc = verb.doc
        src_tokens = list(doc[src_tokens[0].i : max(t.i for t in subj[-1].subtree) + 1])
    # The source phrase never includes the content ("X, who said Y": keep X only).
    return [t for t in src_tokens if t.i < content[0].i or t.i > content[-1].i] or [
        t
        for t in src_tokens
        if t.i <= src_tok.i  # keep "The Huffington Post", not "Post"
    ]


def _speaker_of(
    src_tok: Token, antecedent: list[Token], src_tokens: list[Token], ctx: _Context
) -> tuple[str | None, str]:
    """The speaker's name and kind: a resolved pronoun, the antecedent, or the phrase itself."""
    speaker: str | None
    if src_tok.lower_ in PRONOUNS:
        speaker, kind = _resolve_pronoun(src_tok, ctx)
        if speaker is None:
            speaker, kind = src_tok.text, "anonymous"
    elif src_tok.lower_ == "it":
        speaker, kind = (ctx.last_group, "organisation") if ctx.last_group else ("it", "anonymous")
    elif antecedent:
        speaker, kind = _name_of(antecedent)
    else:
        speaker, kind = _name_of(src_tokens)
    return speaker, kind


def _carriers(verb: Token, lemma: str, via_tokens: list[Token], content: list[Token]) -> list[str]:
    """Who carried the words: the quoting report, or the outlet told ("X told Outlet that")."""
    via: list[str] = []
    for name, _k in [_name_of(_contiguous(via_tokens))] if via_tokens else []:
        via.append(name)
    # "X told Outlet that ...": the outlet carried X's words.
    if lemma in ("tell", "inform", "brief"):
        for c in verb.children:
            if c.dep_ in ("dative", "dobj", "iobj") and not content[0].i <= c.i <= content[-1].i:
                name, k = _name_of(_subtree(c))
                if k in ("organisation", "media") and name and name[0].isupper():
                    via.append(name)
    return via


def _quoted_by_participle(verb: Token) -> list[tuple[str, str]]:
    """ "X reported, quoting Y, that ...": the report rests on Y."""
    inner: list[tuple[str, str]] = []
    for c in verb.children:
        if c.lemma_.lower() in ("quote", "cite") and c.tag_ == "VBG":
            # The first object is who is quoted; the parser may hang a later noun of the
            # content on the participle too ("quoting officials that ..., possibly the head").
            obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                inner.append(_name_of(_source_tokens(obj)))
    return inner


def _deeper_source(
    speaker: str | None,
    kind: str,
    src_tokens: list[Token],
    inner: list[tuple[str, str]],
    lemma: str,
) -> tuple[str | None, str, list[str]]:
    """ "Local media reports quoting X said", "X reported, quoting Y, that": the deepest source
    speaks; the ones that passed its words on are returned, in order, to join ``via``."""
    chain_in_source = _chain_inside(src_tokens)
    if chain_in_source:
        speaker_, kind_ = chain_in_source[-1]
        return speaker_, kind_, [speaker or "", *(n for n, _ in chain_in_source[:-1])]
    if inner and lemma != "quote":
        speaker_, kind_ = inner[-1]
        return speaker_, kind_, [speaker or ""]
    return speaker, kind, []


def _polarity(
    lemma: str,
    content: list[Token],
    cspan: Span,
    negated: bool,
    denied_target: str | None,
) -> tuple[str, str | None]:
    """Whether the source asserts or denies, and what it denies."""
    polarity = "denies" if lemma in DENIAL_LEMMAS else "asserts"
    head = next((t for t in content if t.head.i not in {c.i for c in content}), None)
    if head is not None and head.lemma_.lower() in DENIAL_LEMMAS and polarity == "asserts":
        # "X is said to have denied the attack": the reported act is itself a denial.
        polarity = "denies"
        obj = [c for c in head.children if c.dep_ in ("dobj", "obj", "ccomp")]
        if obj:
            tgt = _tspan(_subtree(obj[0]))
            denied_target = tgt.text if tgt else None
    if (
        polarity == "asserts"
        and DENIAL_WORDS.search(cspan.text)
        and not _negated_denial(cspan.text)
    ):
        polarity = "denies"
    if negated:
        # "did not say the report was false": no one denies anything either.
        polarity, denied_target = "asserts", None
    if denied_target:
        denied_target = re.sub(r"\s+as\s+(?:a\s+)?[\w\s]{0,30}$", "", denied_target)
    return polarity, denied_target


def _cue_span(verb: Token, extra_cue: list[Token]) -> Span | None:
    """The cue: the verb with its auxiliaries, negation, particle and any extra cue words."""
    by = verb.head
    if verb.tag_ == "VBG" and verb.dep_ == "pcomp" and by.lower_ == "by" and by.head.i < verb.i:
        # "Zucker responded by saying that ...": responding is the act, saying its manner.
        extra_cue = [*extra_cue, *verb.doc[by.head.i : verb.i]]
    cue_toks = [verb, *extra_cue] + [
        c
        for c in verb.children
        if (c.dep_ in ("aux", "neg", "auxpass") and c.i < verb.i)
        or (c.dep_ == "prt" and c.i == verb.i + 1)  # "pointed out", "called on"
    ]
    cue_toks = _contiguous(cue_toks) if extra_cue else cue_toks
    return _tspan(sorted(cue_toks, key=lambda t: t.i))


@dataclass
class _Said:
    """What a cue says, with the words that join the cue and whether it is a statement."""

    content: list[Token]
    extra_cue: list[Token]
    statement: bool
    denied_target: str | None


def _said(
    verb: Token,
    sent: SpacySpan,
    ctx: _Context,
    lemma: str,
    roles: _Roles,
    src_tok: Token,
    negated: bool,
    learned: bool,
    content_override: list[Token] | None,
) -> _Said | None:
    """The content, tried in order: the verb's clause, a denied object, a held complement, the
    words around the cue, then a quotation. None when none of them gives any."""
    content = _stated_content(verb, sent, roles, content_override)
    denied_target: str | None = None
    if lemma in DENIAL_LEMMAS and not content:
        content, denied_target = _denied_object(verb)
    extra_cue: list[Token] = []
    statement = True
    if not content and (learned or lemma in STANCE_LEMMAS and lemma not in SPEECH_LEMMAS):
        held = _held_content(verb, sent, ctx, roles, learned)
        if held is None:
            return None
        content, extra_cue, statement = held
    if negated or lemma in REFUSAL_LEMMAS:
        # "did not say that X", "did not think that X", "refused to X": nobody holds X
        statement = False
    if not content:
        around = _content_around_cue(verb, src_tok, sent, ctx, lemma, extra_cue, statement)
        if around is None:
            return None
        content, extra_cue, statement = around
    if not content:
        quoted = _quoted_content(verb, sent, ctx)
        if quoted is None:
            return None
        content = quoted
    content = _trim_dangling(_contiguous(content))
    if content_override is None and _introduces_following(content, sent):
        return None
    if content and content[0].lower_ in ("if", "whether"):
        statement = False  # "is yet to confirm if X", "asked whether X": X is a question
    return _Said(content, extra_cue, statement, denied_target)


def _attribution_from_verb(
    verb: Token,
    sent: SpacySpan,
    art: Article,
    sidx: int,
    ctx: _Context,
    learned: bool = False,
    content_override: list[Token] | None = None,
) -> Attribution | None:
    """``learned``: the cue model, not the word lists, found this verb (its object is content).

    ``content_override``: what is said is elsewhere (the sentence after "X wrote:").
    """
    lemma = verb.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in verb.children)
    if negated and lemma in DENIAL_LEMMAS:
        return None  # "did not deny": no denial was made, and nothing is asserted either
    roles = _roles(verb, sent, ctx, lemma)
    if roles is None:
        return None
    source = _source_token(verb, lemma, roles)
    if source is None:
        return None
    src_tok, via_tokens = source
    antecedent = _antecedent(src_tok, verb)
    if _names_no_one(src_tok, lemma, antecedent):
        return None

    said = _said(verb, sent, ctx, lemma, roles, src_tok, negated, learned, content_override)
    if said is None:
        return None
    content, extra_cue, statement = said.content, said.extra_cue, said.statement
    denied_target = said.denied_target
    content, inner = _strip_quoting_participle(content)
    cspan = _tspan(content)
    # "The ministry denied it": a denial of what was just said is short but not empty.
    denies_it = cspan is not None and lemma in DENIAL_LEMMAS and cspan.text.lower() == "it"
    if cspan is None or len(cspan.text) < 3 and not denies_it:
        return None
    quote = bool(_inside(ctx.quotes, cspan.start, cspan.end) or cspan.text[:1] in QUOTE_OPEN)

    src_tokens = _source_phrase(verb, sent, src_tok, roles, content)
    src_span = _tspan(src_tokens)
    speaker, kind = _speaker_of(src_tok, antecedent, src_tokens, ctx)
    affiliation = _affiliation(src_tokens, speaker)
    via = _carriers(verb, lemma, via_tokens, content)
    inner.extend(_quoted_by_participle(verb))
    speaker, kind, carried = _deeper_source(speaker, kind, src_tokens, inner, lemma)
    via.extend(carried)
    polarity, denied_target = _polarity(lemma, content, cspan, negated, denied_target)
    if _rejects_an_act(verb, lemma, content):
        polarity, denied_target, statement = "asserts", None, False
    hedging = _hedging(sent.text, via, kind)
    cue = _cue_span(verb, extra_cue)
    if roles.passive_topic:
        src_span, speaker, kind, affiliation, statement = None, None, "anonymous", None, False
        via = []
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=cspan,
        source=src_span,
        cue=cue,
        speaker=speaker,
        speaker_kind=kind,
        via=[v for v in via if v],
        hedging=hedging,  # type: ignore[arg-type]
        polarity=polarity,  # type: ignore[arg-type]
        denied_target=denied_target,
        quote=quote,
        affiliation=affiliation,
        statement=statement,
    )


def _possessed_subject(verb: Token) -> Token | None:
    """ "Beck's contention was that ...": the copula's subject is a possessed noun."""
    if verb.lemma_.lower() != "be":
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "nsubj" and c.pos_ == "NOUN" and any(p.dep_ == "poss" for p in c.children)
        ),
        None,
    )


def _sourceless(verb: Token, art: Article, sidx: int, sent: SpacySpan) -> Attribution | None:
    """A cue with no one behind it: "was asked about the comment", "is expected to sign".

    It records that the sentence attributes something, but not to anyone the article names,
    so it never turns the sentence into a source's claim (``statement=False``).
    """
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    topic = [c for c in verb.children if c.dep_ == "nsubjpass"] if passive else []
    # "It seems (that) ...": an expletive subject of a raising verb names no one.
    expletive = verb.lemma_.lower() in ("seem", "appear") and any(
        c.dep_ == "nsubj" and c.lower_ == "it" for c in verb.children
    )
    if not expletive and any(
        c.dep_ in ("nsubj", "agent") or c.dep_ == "nsubjpass" and not passive for c in verb.children
    ):
        return None  # it has a source the verb rules rejected (a pronoun "it", a negation)
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    content = _content_tokens(verb, sent) or _complement_tokens(verb)[0]
    if not content and topic and topic[0].lower_ not in ("it", "this", "that", "which", "who"):
        # "The dissolution of the club was announced": announced by no one named; the
        # passive subject is what was announced.
        content = _subtree(topic[0])
    cspan = _tspan(_contiguous(content)) if content else None
    if cspan is None or len(cspan.text) < 3:
        return None
    cue_toks = [verb] + [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i]
    return Attribution(
        article_id=art.id,
        sentence_index=sidx,
        content=cspan,
        cue=_tspan(_contiguous(sorted(cue_toks, key=lambda x: x.i))),
        speaker=None,
        speaker_kind="anonymous",
        hedging=_hedging(sent.text, [], "anonymous"),  # type: ignore[arg-type]
        statement=False,
    )
