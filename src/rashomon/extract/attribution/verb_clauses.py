"""The clauses around a cue verb: what it says by its grammar (its clause, complement or
object), what is set off around it, and where the parser put its source.

:mod:`.verbs` builds an attribution from these pieces and keeps the order its rules run in.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from .lexicon import (
    _TRAILING_DEPS,
    ADDRESSEE_LEMMAS,
    ADDRESSEE_WORDS,
    CUE_PREPS,
    MEDIUM_OBJECTS,
    QUOTE_CLOSE,
    SPEECH_LEMMAS,
)
from .spans import (
    _Context,
    _has_that,
    _opens_quote_after,
    _quote_just_after,
    _quote_just_before,
    _source_tokens,
    _subtree,
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
