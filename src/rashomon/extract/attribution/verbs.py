"""Attributions around a verb cue: "X said (that) ...", "told Y about Z", passives, questions,
quotations before or after the verb, and verbs with no named source."""

from __future__ import annotations

import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ...model import Article, Attribution
from .lexicon import (
    _TRAILING_DEPS,
    ADDRESSEE_LEMMAS,
    ADDRESSEE_WORDS,
    CUE_PREPS,
    DENIAL_LEMMAS,
    DENIAL_WORDS,
    MEDIUM_OBJECTS,
    PRONOUNS,
    QUOTE_CLOSE,
    QUOTE_OPEN,
    REPORTING_LEMMAS,
    SPEECH_LEMMAS,
    STANCE_LEMMAS,
    WEAK_LEMMAS,
)
from .spans import (
    _affiliation,
    _chain_inside,
    _Context,
    _contiguous,
    _depth,
    _has_that,
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


def _content_tokens(verb: Token, sent: SpacySpan) -> list[Token]:
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i:
            inner = next(
                (d for d in c.children if d.dep_ in ("ccomp", "advcl") and _has_that(d)), None
            )
            if c.pos_ == "ADJ" and inner is not None:
                # "made it clear that X": the parser makes "it clear" the clause; X is said.
                mark = [m.i for m in inner.children if m.dep_ == "mark"]
                return [t for t in _subtree(inner) if t.i not in mark]
            toks = _subtree(c)
            return [t for t in toks if t.lower_ != "that" or t.i != toks[0].i]
    for c in verb.children:
        if c.dep_ in ("ccomp",):
            return _subtree(c)
    for c in verb.children:
        # "X reported, quoting Y, that Z": the parser hangs Z on "quoting".
        if c.lemma_.lower() in ("quote", "cite") and c.tag_ == "VBG":
            for cc in c.children:
                if cc.dep_ == "ccomp":
                    toks = _subtree(cc)
                    return [t for t in toks if t.lower_ != "that" or t.i != toks[0].i]
    if verb.lemma_.lower() in SPEECH_LEMMAS:
        for c in verb.children:
            # "Trump said after the convention he would not accept ...": the parser hangs the
            # time phrase on the clause and makes the clause an adverbial; it is what is said.
            subj = next((d for d in c.children if d.dep_ in ("nsubj", "nsubjpass")), None)
            marked = any(d.dep_ == "mark" for d in c.children)
            if c.dep_ == "advcl" and c.i > verb.i and subj is not None and not marked:
                start = min(t.i for t in subj.subtree)
                return [t for t in _subtree(c) if t.i >= start]
    return []


def _prep_object(prep: Token) -> Token | None:
    """The first object of a preposition, unless it is a time: "voted on Monday", "spoke at
    noon" say when, not what is held."""
    pobj = next((x for x in prep.children if x.dep_ in ("pobj", "pcomp")), None)
    return None if pobj is None or pobj.ent_type_ in ("DATE", "TIME") else pobj


def _told_about(verb: Token) -> list[Token]:
    """ "told Decode DC about his decision", "asked Trump if ...": the first object is who was
    addressed; what was said comes after it."""
    if verb.lemma_.lower() not in ADDRESSEE_LEMMAS:
        return []
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative") and c.i > verb.i), None)
    if obj is None or not (
        obj.pos_ in ("PROPN", "PRON")
        or obj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or obj.lower_ in ADDRESSEE_WORDS
    ):
        return []
    for c in verb.children:
        if c.i <= obj.i:
            continue
        if c.dep_ in ("ccomp", "xcomp"):
            return _subtree(c)
        if c.dep_ == "advcl" and any(m.lower_ in ("if", "whether") for m in c.children):
            return _subtree(c)
        if c.dep_ == "prep" and c.lower_ in ("about", "on", "over", "regarding", "for"):
            pobj = _prep_object(c)
            if pobj is not None:
                return _subtree(pobj)
    return []


def _held_topic(verb: Token, obj: Token) -> Token | None:
    """The preposition after a medium object: "a report on X", "his support behind X"."""
    if obj.dep_ not in ("dobj", "obj") or obj.lemma_.lower() not in MEDIUM_OBJECTS:
        return None
    for p in [*obj.children, *verb.children]:
        if (
            p.i > obj.i
            and p.dep_ == "prep"
            and p.lower_ in ("about", "on", "for", "against", "behind", "over", "regarding")
            and _prep_object(p) is not None
        ):
            return p
    return None


def _complement_tokens(verb: Token) -> tuple[list[Token], list[Token]]:
    """A stance verb's object: (content tokens, extra cue tokens).

    "supports the bill" -> the bill; "called for a ban" -> a ban, with "for" joining the cue;
    "wants to run" -> to run.
    """
    told = _told_about(verb)
    if told:
        return told, []
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "obj", "xcomp", "ccomp", "attr", "acomp", "oprd"):
            clause = next((d for d in c.subtree if d.dep_ == "ccomp" and _has_that(d)), None)
            if clause is not None:
                # "made it clear that X", "made the case that X": X is said; the rest is cue.
                start = min(t.i for t in clause.subtree)
                doc = verb.doc
                return [t for t in clause.subtree if t.dep_ != "mark" or t.i != start], list(
                    doc[verb.i + 1 : start]
                )
            about = _held_topic(verb, c)
            if about is not None:
                # "wrote an op-ed about X", "threw his support behind X": X is what is held.
                return _subtree(_prep_object(about)), list(verb.doc[verb.i + 1 : about.i + 1])
            return _subtree(c), []
    for c in verb.children:
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
        if c.i > verb.i and c.dep_ == "advcl" and mark is not None:
            # "called for the president to resign": the parser makes "for" a clause marker.
            return [t for t in c.subtree if t.i != mark.i], [mark]
    for c in verb.children:
        if c.i > verb.i and c.dep_ == "prep" and c.lower_ in CUE_PREPS:
            pobj = _prep_object(c)
            if pobj is not None:
                return _subtree(pobj), [c]
    return [], []


def _asks(verb: Token, subj: Token, sent: SpacySpan) -> bool:
    """A question: "Do you support ...?", "Did he say ...?", "Who said ...?"."""
    if not sent.text.rstrip(" \n\"'”’").endswith("?"):
        return False
    if subj.tag_ == "WP" and verb.dep_ == "ROOT":
        return True
    return any(c.dep_ == "aux" and c.i < subj.i for c in verb.children)


def _quoting(verb: Token, sent: SpacySpan, ctx: _Context) -> bool:
    """A verb without an object that still has a quotation for content: 'She responded, "..."'
    or '"..." \n\nMaher replied.'"""
    if _opens_quote_after(verb, sent, ctx) or any(
        sent.start_char <= r[0] and r[1] <= verb.idx for r in ctx.quotes
    ):
        return True  # '"...," the editorial read.'
    return _bare_attribution(verb, sent) and bool(
        _quote_just_before(sent, ctx) or _quote_just_after(sent, ctx)
    )


def _bare_attribution(verb: Token, sent: SpacySpan) -> bool:
    """ "Maher replied." / "Sam Lau, the party's spokesman, said in a statement." /
    "Trump asked, looking far from displeased.": only a speaker, the verb and circumstances."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.i > verb.i:
        return False
    before = {t.i for t in subj.subtree} | {
        c.i for c in verb.children if c.i < verb.i and c.dep_ in ("aux", "neg", "advmod")
    }
    if any(t.i not in before for t in sent if t.i < verb.i and not (t.is_punct or t.is_space)):
        return False
    return _only_circumstances_after(verb, sent, participle=True)


def _only_circumstances_after(verb: Token, sent: SpacySpan, participle: bool) -> bool:
    """Nothing but circumstances follows the verb in its sentence ("said in a statement.");
    with ``participle`` also a participle clause ("asked, looking far from displeased.")."""
    after: set[int] = set()
    for c in verb.children:
        trailing = c.dep_ in _TRAILING_DEPS or participle and c.dep_ == "advcl" and c.tag_ == "VBG"
        if c.i > verb.i and trailing:
            after |= {t.i for t in c.subtree}
    return all(t.i in after for t in sent if t.i > verb.i and not (t.is_punct or t.is_space))


def _antecedent(src: Token, verb: Token) -> list[Token]:
    """What a relative pronoun stands for: "Barkley, who said ..." -> Barkley.

    The pronoun stays the source span (the words in the sentence, as with "he said"); the
    antecedent gives the speaker's name.
    """
    if src.tag_ not in ("WP", "WDT") or verb.dep_ != "relcl" or src.i > verb.i:
        return []
    noun = verb.head
    first = min(t.i for t in verb.subtree)
    return [t for t in _source_tokens(noun) if t.i < first and not (t.is_punct or t.is_space)]


def _relativised(verb: Token) -> list[Token]:
    """What a relative clause's verb is about when its object is the relativised noun:
    "which Clinton denounced" -> which; "whose heroism Trump belittled" -> whose heroism;
    "the speech Melania Trump delivered" -> the speech."""
    if any(c.dep_ in ("dobj", "obj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return []
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and c.i < verb.i), None)
    if obj is not None:
        return _subtree(obj)
    head = verb.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if head.pos_ not in ("NOUN", "PROPN") or any(
        t.tag_ in ("WDT", "WP", "WP$") for c in subjects for t in c.subtree
    ):
        return []  # "the editors, who aimed ...": the noun is the speaker, not the object
    clause = {t.i for t in verb.subtree}
    return [t for t in head.subtree if t.i < verb.i and t.i not in clause]


def _inverted_source(verb: Token, sent: SpacySpan) -> Token | None:
    """The speaker after a sentence-final cue: ", reported CNN-News18." -> CNN-News18.

    Right after a closing quotation ('...," read a tweet from X.') any noun phrase will do;
    after a bare comma it must be a name (", said the statement" is read correctly anyway).
    """
    doc = verb.doc
    k = verb.i - 1
    after_quote = False
    while k > sent.start and (doc[k].is_quote or doc[k].text in QUOTE_CLOSE):
        k, after_quote = k - 1, True
    if k <= sent.start or doc[k].text != ",":
        return None
    # "read a tweet from X": the parser may hang "from X" on the verb; it still names the source.
    tail = {t.i for c in verb.children if c.dep_ in ("prep", "agent") for t in c.subtree}
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "attr", "npadvmod", "appos", "oprd", "nsubj"):
            last = max(t.i for t in c.subtree)
            named = c.pos_ == "PROPN" or c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            rest = [t for t in sent if t.i > last and not (t.is_punct or t.is_space)]
            if named and not rest or after_quote and all(t.i in tail for t in rest):
                return c
    return None


_ASIDE_PREPS = frozenset("on in at during after before to with".split())


def _set_off(verb: Token, sent: SpacySpan) -> list[Token]:
    """ "This sort of opining, CNN claimed, violates its code": subject and verb set off by
    commas in mid-sentence, however the parser attached them. The rest of the sentence is said."""
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    # "..., he told me on Friday, ...": the one told and the circumstances stay in the aside.
    end = max(
        [verb.i]
        + [
            max(t.i for t in c.subtree)
            for c in verb.children
            if c.i > verb.i
            and (
                c.dep_ in ("dative", "npadvmod", "advmod", "prt")
                or c.dep_ == "prep"
                and c.lower_ in _ASIDE_PREPS
                or c.dep_ == "dobj"
                and c.pos_ == "PRON"
            )
        ]
    )
    if subj is None or end + 1 >= sent.end or doc[end + 1].text != ",":
        return []
    first = min(t.i for t in subj.subtree)
    if first - 1 <= sent.start or doc[first - 1].text != ",":
        return []
    if sum(t.is_alpha for t in doc[sent.start : first - 1]) < 2:
        return []
    if sum(t.is_alpha for t in doc[end + 2 : sent.end]) < 2:
        return []
    return [t for t in sent if (t.i < first - 1 or t.i > end + 1) and not t.is_space]


_CIRCUMSTANCE_DEPS = frozenset("prep advcl advmod npadvmod mark intj cc".split())


def _before_trailing_speaker(verb: Token, src: Token, sent: SpacySpan) -> list[Token]:
    """ "People like Scott, he said." / '"... of the entire Congress," Rep. X said in an
    interview.': the speaker and verb close the sentence after a comma, and the parser did not
    make what comes before it the verb's clause. Everything before the comma is said."""
    doc = verb.doc
    first = min(t.i for t in src.subtree)
    if src.i > verb.i or first - 1 <= sent.start:
        return []
    k = first - 1
    while k > sent.start and (doc[k].is_quote or doc[k].is_space):
        k -= 1
    if doc[k].text != ",":
        return []
    between = doc[max(t.i for t in src.subtree) + 1 : verb.i]
    if any(not (t.dep_ in ("aux", "neg", "advmod", "punct") or t.is_space) for t in between):
        return []
    if not _only_circumstances_after(verb, sent, participle=False):
        return []
    # An opening phrase that the parser hung on the verb as a circumstance is no content:
    # "In a speech last July, he said:", "On Sunday, she disclosed that ...".
    if any(c.i < k and c.dep_ in _CIRCUMSTANCE_DEPS for c in verb.children):
        return []
    before = [t for t in doc[sent.start : k] if not t.is_space]
    return before if sum(t.is_alpha for t in before) >= 2 else []


def _parenthetical_content(verb: Token, sent: SpacySpan) -> list[Token]:
    """For "..., X said." or "X said" in the middle: the sentence minus the attribution clause."""
    attr = {t.i for t in verb.subtree}
    return [t for t in sent if t.i not in attr]


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
    if (
        not subj
        and lemma == "say"
        and verb.dep_ in ("advcl", "parataxis", "npadvmod")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        return None  # "Needless to say, X will ...", "that is to say": a discourse marker
    as_clause = any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
    as_agent = [c for c in verb.children if c.dep_ == "agent"] if as_clause and not subj else []
    if as_agent:
        # "As reported by Western Journalism, X did Y": the agent is the source of the clause.
        subj = [c for c in as_agent[0].children if c.dep_ == "pobj"]
    if not subj and as_clause:
        return None  # "As reported earlier, X did Y": the outlet refers to itself, X is no source
    climbed = not subj and verb.dep_ in ("conj", "advcl", "xcomp", "pcomp", "acl")
    if climbed:
        # "X criticised the plan and said ...", "X defended it, saying ...": X speaks.
        up = verb.head
        for _ in range(4):
            subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj or up.head.i == up.i:
                break
            up = up.head
    agent = [c for c in verb.children if c.dep_ == "agent"]
    # "Supplies are believed to have been blocked": the subject is what the unnamed believers
    # say something about, not one of them (unless it speaks itself: "is said to have denied").
    topic = [
        c for c in verb.children if c.dep_ == "xcomp" and c.lemma_.lower() not in REPORTING_LEMMAS
    ]
    passive_topic = False
    if subj and not agent and not inverted and not as_agent:
        # "Priebus was asked whether ...": the one asked is no source; "It was reported that
        # ...": nobody is named; "The email appears to contradict ...": the subject is the topic.
        # Likewise any passive without an agent ("Johnson was criticized for ..."): its subject
        # is the target, unless it speaks itself ("is said to have denied", "was heard saying").
        speaks = any(
            c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING_LEMMAS for c in verb.children
        )
        target = subj[0].dep_ == "nsubjpass" and lemma != "quote" and (not speaks or bool(topic))
        raising = subj[0].dep_ == "nsubj" and lemma in ("appear", "seem") and bool(topic)
        # "Asked whether ..., Priebus said": a passive participle's borrowed subject is its target.
        participle = climbed and verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl")
        passive_topic = target or raising or participle
    passive_subject = subj[:1] if subj and subj[0].dep_ == "nsubjpass" else []
    if agent and subj and subj[0].dep_ == "nsubjpass" and lemma != "quote":
        pobj = [c for c in agent[0].children if c.dep_ == "pobj"]
        subj = pobj or subj
    # "X was quoted as saying" / "reports quoted X as saying": the quoted one speaks.
    if lemma == "quote":
        obj = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if obj and any(c.lower_ == "as" for c in verb.children) or (obj and subj):
            via_tokens = _subtree(subj[0]) if subj else []
            src_tok = obj[0]
        elif subj and subj[0].dep_ == "nsubjpass":
            via_tokens = _subtree(agent[0]) if agent else []
            src_tok = subj[0]
        else:
            return None
    else:
        if not subj:
            return None
        src_tok = subj[0]
        via_tokens = []
    antecedent = _antecedent(src_tok, verb)
    if src_tok.lower_ in ("this", "that", "which", "there") and lemma != "read" and not antecedent:
        return None
    if src_tok.lower_ == "it" and lemma not in SPEECH_LEMMAS and lemma != "read":
        return None  # "it said" is an organisation or a document; "it seems" is nobody
    content = _content_tokens(verb, sent) if inverted is None else []
    if as_clause and not content and verb.dep_ == "advcl" and verb.head.i > verb.i:
        # "But as The Hill pointed out, X did Y": the main clause after it is what is said.
        last = max(t.i for t in verb.subtree)
        content = [t for t in _parenthetical_content(verb, sent) if t.i > last]
    if content_override is not None:
        content = content_override
    elif inverted is not None:
        content = [t for t in sent if t.i < verb.i - 1]
    as_saying = [c for c in verb.children if c.lower_ == "as"]
    if not content and as_saying:
        for c in as_saying[0].subtree:
            if c.lemma_ == "say":
                content = _content_tokens(c, sent)
    denied_target: str | None = None
    if lemma in DENIAL_LEMMAS:
        obj = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        if obj and not content:
            content = _subtree(obj[0])
            tgt = _tspan(content)
            denied_target = tgt.text if tgt else None
    quote = False
    extra_cue: list[Token] = []
    statement = True
    if not content and (learned or lemma in STANCE_LEMMAS and lemma not in SPEECH_LEMMAS):
        content, extra_cue = _complement_tokens(verb)
        if not content and learned and agent and passive_subject:
            # "Trump was supported by 42 percent of voters": what the agent holds is the subject.
            content = _subtree(passive_subject[0])
        if not content and verb.dep_ == "relcl":
            content = _relativised(verb)
        if content:
            statement = _is_proposition(content)
        elif not _quoting(verb, sent, ctx):
            return None
    if negated:
        statement = False  # "did not say that X", "did not think that X": nobody holds X
    if not content:
        if (
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
        ):
            content = _parenthetical_content(verb, sent)
        elif set_off := _set_off(verb, sent):
            content = set_off
        elif trailing := _before_trailing_speaker(verb, src_tok, sent):
            content = trailing
        elif lemma in WEAK_LEMMAS:
            # "asked about the deal", "described the plan as a failure": an object will do.
            content, extra_cue = _complement_tokens(verb)
            if content:
                statement = _is_proposition(content)
            elif not _quoting(verb, sent, ctx):
                return None
    if not content:
        # "X said in a statement." with the quote in the sentence: the quote is the content.
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
    content = _trim_dangling(_contiguous(content))
    if (
        content_override is None
        and [t.lower_ for t in content if not t.is_punct][-2:] == ["the", "following"]
        and sent.text.rstrip().endswith(":")
    ):
        return None  # "X tweeted the following:": what follows is said (see _introducer)
    inner: list[tuple[str, str]] = []
    if content and content[0].lemma_.lower() in ("quote", "cite") and content[0].tag_ == "VBG":
        # "reported, quoting local officials, that ...": the officials are the deeper source.
        part = content[0]
        objs = [o for o in part.children if o.dep_ in ("dobj", "obj")]
        if objs:
            inner.append(_name_of(_subtree(objs[0])))
            after = max(t.i for t in objs[0].subtree)
            content = [t for t in content if t.i > after and not (t.is_punct and t.i == after + 1)]
            if content and content[0].lower_ == "that":
                content = content[1:]
    cspan = _tspan(content)
    # "The ministry denied it": a denial of what was just said is short but not empty.
    denies_it = cspan is not None and lemma in DENIAL_LEMMAS and cspan.text.lower() == "it"
    if cspan is None or len(cspan.text) < 3 and not denies_it:
        return None
    if _inside(ctx.quotes, cspan.start, cspan.end) or cspan.text[:1] in QUOTE_OPEN:
        quote = True

    src_tokens = _source_tokens(src_tok)
    if inverted is not None:
        # '..." read a tweet from an account attributed to X.': the rest of the sentence.
        words = [t for t in sent if t.i >= src_tokens[0].i and not (t.is_punct or t.is_space)]
        src_tokens = list(verb.doc[src_tokens[0].i : words[-1].i + 1]) if words else src_tokens
    if len(subj) > 1 and src_tok.i == subj[0].i and all(t.i < verb.i for t in subj):
        # "The campaign and some experts have alleged": the parser split one coordinated
        # subject into two; the source is both.
        doc = verb.doc
        src_tokens = list(doc[src_tokens[0].i : max(t.i for t in subj[-1].subtree) + 1])
    # The source phrase never includes the content ("X, who said Y": keep X only).
    src_tokens = [t for t in src_tokens if t.i < content[0].i or t.i > content[-1].i] or [
        t
        for t in src_tokens
        if t.i <= src_tok.i  # keep "The Huffington Post", not "Post"
    ]
    src_span = _tspan(src_tokens)
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
    affiliation = _affiliation(src_tokens, speaker)
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
    # "X reported, quoting Y, that ...": the report rests on Y.
    for c in verb.children:
        if c.lemma_.lower() in ("quote", "cite") and c.tag_ == "VBG":
            # The first object is who is quoted; the parser may hang a later noun of the
            # content on the participle too ("quoting officials that ..., possibly the head").
            obj = next((o for o in c.children if o.dep_ in ("dobj", "obj")), None)
            if obj is not None:
                inner.append(_name_of(_source_tokens(obj)))
    chain_in_source = _chain_inside(src_tokens)
    if chain_in_source:
        via.append(speaker or "")
        speaker, kind = chain_in_source[-1]
        via.extend(n for n, _ in chain_in_source[:-1])
    elif inner and lemma != "quote":
        via.append(speaker or "")
        speaker, kind = inner[-1]
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
    hedging = _hedging(sent.text, via, kind)
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
    cue = _tspan(sorted(cue_toks, key=lambda t: t.i))
    if passive_topic:
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
