"""Who says what: source, cue and content of every reported statement in an article.

Rule-based over the spaCy dependency parse. Handles "X said (that) ...", quotes with the speaker
after them, "according to X", "X told Outlet that ...", "X was quoted as saying", chains
("A reported, quoting B, ..."; "according to reports citing B"), pronoun speakers ("He said")
and quotes that run over several sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from .cue_model import CueModel, is_candidate
from .cue_refiner import States, TokenVectors
from .model import Article, Attribution, Sentence, Span

SPEECH_LEMMAS = frozenset(
    """say tell claim state announce add report confirm deny insist allege accuse tweet post write
    warn reject dismiss assert argue note explain admit acknowledge suggest indicate contend quote
    reveal stress urge declare maintain mention repeat inform vow boast concede testify emphasise
    emphasize disclose brief predict estimate term describe dispute refute rebut threaten promise
    cite recount recall reiterate complain conclude charge think believe ask respond reply assure
    joke hope fear worry expect show find insist elaborate shout scream yell whisper quip muse
    brag gush rant fume retort scoff sneer marvel opine posit theorize speculate implore swear
    confess aver""".split()
)
# Verbs that need a content clause to count (they are common with other meanings).
WEAK_LEMMAS = frozenset(
    """add note write post describe term charge cite recall promise think believe ask respond
    reply assure joke hope fear worry expect show find""".split()
)
# Stance verbs: PolNeAR counts beliefs, wishes, support and criticism as attributions too ("X
# called for a ban", "X supports the bill", "X wants to run"). Their content may be a plain object
# or prepositional complement, not only a clause. Chosen on PolNeAR train: each lemma kept had
# at least 6 candidates there that matched a gold cue, and at least 40% of all its candidates
# did (adding one with precision p raises F1 while p > F1 / 2). Some entries are spaCy
# lemmatiser quirks ("hop" for "hoped", "retweete"): they are what the model produces.
STANCE_LEMMAS = frozenset(
    """
    accept adopt advocate agree aim answer apologize appear applaud appoint attack back bemoan
    blame blast call cast caution challenge chant cheer compare condemn congratulate consider
    continue convince credit criticize decide decline decry deem defend demand denounce
    determine disagree discuss echo email embrace encourage endorse enjoy expose express favor
    file fire hail highlight hint hop identify ignore imply intend invoke issue knock know
    lament lash lay learn like list look mock name nominate offer oppose order pass persuade
    pivot plan plead pledge point portray praise prefer press project promote propose publish
    push question rail read recognize recommend refer reference refuse release remark remember
    remind retweete rule see seek seem share signal slam sound sue support talk thank tout
    understand view voice vote want welcome wonder forecast lecture""".split()
)
# Stance adjectives after a copula: "X was optimistic about Y", "X is confident that Y". Chosen on
# PolNeAR train like STANCE_LEMMAS (at least 6 matching candidates, precision at least 0.4).
STANCE_ADJECTIVES = frozenset("concerned confident critical eager quick worried".split())
# Noun cues with a possessive holder: "X's claim that Y", "X's support for Y". Chosen the same way.
STANCE_NOUNS = frozenset(
    """attack claim criticism contention argument assertion allegation accusation insistence
    promise pledge call demand warning belief view""".split()
)
DOCUMENT_HEADS = frozenset(
    """poll polls survey surveys study report interview statement letter post tweet editorial
    memo speech column book article op-ed filing complaint lawsuit ruling""".split()
)
KICKER = re.compile(
    r"^(?:also read|read more|read also|related|see also|watch|listen|photos?|videos?|updated?|"
    r"breaking(?: news)?|exclusive|live|opinion|analysis|editorial|explainer|factbox|timeline|"
    r"fact check|correction|byline|by|dateline|section|length|load-date|copyright|credits?|"
    r"caption|source|previously|update|email|share|tags?|topics?|filed under)$",
    re.I,
)
GATE = 0.2  # below this cue-model probability a stance word from the lists is not a cue
COPULAS = frozenset("be remain seem appear sound become feel".split())
# Prepositions that belong to a stance cue ("called for", "pushed for", "spoke about").
CUE_PREPS = frozenset("for about on against of to with as over at".split())
DENIAL_LEMMAS = frozenset("deny reject dismiss refute rebut dispute".split())
REPORTING_LEMMAS = SPEECH_LEMMAS | DENIAL_LEMMAS  # the subject of "is said to <these>" speaks
DENIAL_WORDS = re.compile(
    r"\b(lie|lies|lying|false|falsehood|fabricat\w*|baseless|groundless|propaganda|untrue|"
    r"not true|disinformation|misinformation|fake news|nonsense|hoax|no truth)\b",
    re.I,
)
HEDGE_WORDS = re.compile(
    r"\b(reportedly|allegedly|purportedly|apparently|unverified|unconfirmed|rumou?red|"
    r"if confirmed|if true|if (?:they|it) happened|(?:is|are|was|were) (?:\w+ )?(?:said|believed|"
    r"thought|understood|alleged|reported) to|some reports|it is claimed|"
    r"could not be (?:independently )?verified|cannot be (?:independently )?verified|possibly)\b",
    re.I,
)
ANONYMOUS_HEADS = frozenset(
    """source sources official officials report reports media commander commanders leader leaders
    resident residents witness witnesses people person account accounts spokesman spokesperson
    spokeswoman analyst analysts observer observers expert experts diplomat diplomats member
    members insider insiders journalist journalists outlet outlets agency news thread tweet post
    statement video message""".split()
)
MEDIA_HEADS = frozenset(
    "report reports media news outlet outlets agency tweet thread post statement video".split()
)
PRONOUNS = {"he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON", "they": "GROUP"}
QUOTE_OPEN = '"“«„'
QUOTE_CLOSE = '"”»“'


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
            if (ch in QUOTE_OPEN and ch != "”") or double_apostrophe:
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
        and tok.i < tok.head.i  # before its verb; after it ('said X, who ...') it stays
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


INSTITUTION_HEADS = frozenset(
    """ministry government army police military office council embassy command front party
    administration agency authority authorities presidency cabinet parliament court navy force
    forces movement group committee commission department service""".split()
)


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
    return []


ADDRESSEE_LEMMAS = frozenset(
    "tell ask warn remind urge press inform assure brief notify advise question caution".split()
)
ADDRESSEE_WORDS = frozenset("me you him her us them voters reporters supporters audience".split())


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
            pobj = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
                return _subtree(pobj[0])
    return []


# Objects that only carry a stance or a text; what they are about is what is held.
MEDIUM_OBJECTS = DOCUMENT_HEADS | frozenset(
    """support backing endorsement opposition wish hope concern concerns confidence praise
    criticism doubt doubts objection objections warning""".split()
)


def _held_topic(verb: Token, obj: Token) -> Token | None:
    """The preposition after a medium object: "a report on X", "his support behind X"."""
    if obj.dep_ not in ("dobj", "obj") or obj.lemma_.lower() not in MEDIUM_OBJECTS:
        return None
    for p in [*obj.children, *verb.children]:
        if (
            p.i > obj.i
            and p.dep_ == "prep"
            and p.lower_ in ("about", "on", "for", "against", "behind", "over", "regarding")
        ):
            pobj = [x for x in p.children if x.dep_ in ("pobj", "pcomp")]
            if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
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
                pobj = next(x for x in about.children if x.dep_ in ("pobj", "pcomp"))
                return _subtree(pobj), list(verb.doc[verb.i + 1 : about.i + 1])
            return _subtree(c), []
    for c in verb.children:
        mark = next((m for m in c.children if m.dep_ == "mark" and m.lower_ == "for"), None)
        if c.i > verb.i and c.dep_ == "advcl" and mark is not None:
            # "called for the president to resign": the parser makes "for" a clause marker.
            return [t for t in c.subtree if t.i != mark.i], [mark]
    for c in verb.children:
        if c.i > verb.i and c.dep_ == "prep" and c.lower_ in CUE_PREPS:
            pobj = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
            # "voted on Monday", "spoke at noon": a time says when, not what is held.
            if pobj and pobj[0].ent_type_ not in ("DATE", "TIME"):
                return _subtree(pobj[0]), [c]
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


_TRAILING_DEPS = frozenset("npadvmod advmod prep pobj det amod compound".split())


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
    after: set[int] = set()
    for c in verb.children:
        if c.i > verb.i and (c.dep_ in _TRAILING_DEPS or (c.dep_ == "advcl" and c.tag_ == "VBG")):
            after |= {t.i for t in c.subtree}
    return all(t.i in after for t in sent if t.i > verb.i and not (t.is_punct or t.is_space))


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


def _is_proposition(content: list[Token]) -> bool:
    """Content that is a clause ("that the plan failed"), not an object ("the plan")."""
    ids = {t.i for t in content}
    head = next((t for t in content if t.head.i not in ids or t.head.i == t.i), None)
    return head is not None and head.dep_ == "ccomp"


def _has_that(clause: Token) -> bool:
    return any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)


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
    if subj and inside_quote(ctx.quotes, subj[0]) and not inside_quote(ctx.quotes, verb):
        subj = []  # '"The army is not fighting us," read a tweet': the quote's subject is no source
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
    passive_topic = bool(
        subj and subj[0].dep_ == "nsubjpass" and not agent and lemma != "quote" and topic
    )
    if subj and not agent and not inverted and not as_agent:
        # "Priebus was asked whether ...": the one asked is no source; "It was reported that
        # ...": nobody is named; "The email appears to contradict ...": the subject is the topic.
        # Likewise any passive without an agent ("Johnson was criticized for ..."): its subject
        # is the target, unless it speaks itself ("is said to have denied", "was heard saying").
        speaks = any(
            c.dep_ == "xcomp" and c.lemma_.lower() in REPORTING_LEMMAS for c in verb.children
        )
        target = subj[0].dep_ == "nsubjpass" and lemma != "quote" and not speaks
        raising = subj[0].dep_ == "nsubj" and lemma in ("appear", "seem") and bool(topic)
        # "Asked whether ..., Priebus said": a passive participle's borrowed subject is its target.
        participle = climbed and verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl")
        passive_topic = passive_topic or target or raising or participle
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
            from .embeddings import default_embedder

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
                    taken.append((a.content.start, a.content.end))
                    if a.source is not None:
                        taken.append((a.source.start, a.source.end))
            for adj in _confirmed(_adjective_cues(sent, ctx.quotes), ctx, cues):
                if any(a <= adj.idx < b for a, b in taken):
                    continue
                a = _attribution_from_adjective(adj, sent, article, s.index, ctx)
                if a is not None:
                    atts.append(a)
                    taken.append((a.content.start, a.content.end))
            for noun in _confirmed(_noun_cues(sent, ctx.quotes), ctx, cues):
                if any(a <= noun.idx < b for a, b in taken):
                    continue
                a = _attribution_from_noun(noun, sent, article, s.index, ctx)
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
    if any(
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
    if not before or any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in before):
        return None
    if KICKER.match(" ".join(t.text for t in before)):
        return None  # "Also Read: ...", "Breaking: ...": page furniture, not a speaker
    if not any(t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP") for t in before):
        return None
    after = [t for t in sent if t.i > colon.i]
    if not any(t.pos_ in ("VERB", "AUX") for t in after):
        return None  # "Iowa: Results" is a label, not a statement
    content = _tspan(after)
    if _tspan(before) is None or content is None:
        return None
    return _colon_speaker(art, sidx, before, colon, content, sent.text)


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
        if not any(t.is_alpha for t in before):
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
            text = art.text[s.start : s.end]
            lead = len(text) - len(text.lstrip())
            body = text.strip()
            by_sentence[s.index] = [
                Attribution(
                    article_id=art.id,
                    sentence_index=s.index,
                    content=Span(s.start + lead, s.start + lead + len(body), body),
                    source=a.source,
                    cue=a.cue,
                    speaker=a.speaker,
                    speaker_kind=a.speaker_kind,
                    via=list(a.via),
                    affiliation=a.affiliation,
                    hedging=a.hedging,
                    polarity="denies" if DENIAL_WORDS.search(body) else "asserts",
                    quote=True,
                )
            ]
