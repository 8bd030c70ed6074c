"""Claim mentions: the check-worthy statements of one article, each with its attribution.

A reported statement (from :mod:`rashomon.extract.attribution`) is a claim when its content says
something checkable; an unattributed sentence is the outlet's own claim when it reports an
event, an action, a number or an accusation rather than a heading, boilerplate or opinion.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..model import Article, Attribution, ClaimMention, Sentence, Span
from .attribution import HEDGE_WORDS
from .attribution.lexicon import FIRST_PERSON

OPINION_MODALS = frozenset("must should ought shall".split())
BOILERPLATE = re.compile(
    r"^(also read|read more|related|advertisement|subscribe|sign up|follow us|click here|share"
    r"|photo|image|video|watch|listen|copyright|©|all rights reserved|posted on|published on)\b",
    re.I,
)
CHECKABLE_ENTS = frozenset(
    "PERSON ORG GPE NORP LOC FAC EVENT DATE CARDINAL MONEY QUANTITY PERCENT".split()
)


def is_checkworthy(sent: SpacySpan) -> bool:
    """An unattributed sentence states a checkable fact (not a heading, question or opinion)."""
    text = sent.text.strip()
    words = [t for t in sent if t.is_alpha]
    if len(words) < 6 or text.endswith("?") or BOILERPLATE.search(text):
        return False
    if not any(
        t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG" or t.dep_ == "ROOT" and t.pos_ == "VERB"
        for t in sent
    ):
        return False
    root = sent.root
    if root.tag_ == "VB" and not any(c.dep_.startswith("nsubj") for c in root.children):
        return False  # imperative: "Follow us on ...", "Read the full statement here."
    modals = {c.lower_ for c in root.children if c.tag_ == "MD"}
    if modals & OPINION_MODALS:
        return False  # "The world must not look away." is a call, not a claim
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    if (
        subj
        and subj[0].lower_ in FIRST_PERSON
        and not any(e.label_ in CHECKABLE_ENTS for e in sent.ents)
    ):
        return False
    if root.lower_ in ("needless", "needlessly") or text.lower().startswith("needless"):
        return False
    return bool(sent.ents) or any(t.like_num for t in sent) or root.pos_ == "VERB"


GENERIC_DENIAL = re.compile(r"^[A-Za-z’'-]+(?:\s+[A-Za-z’'-]+)?$")
# A short denial content starting with one of these refers to something said before ("denied
# it", "rejected the accusations", "dismissed reports"): it is linked to that claim.
REFERRING = frozenset(
    """the this that these those such its their his her our my your a an it them all everything
    report reports claim claims allegation allegations accusation accusations rumour rumours rumor
    rumors charge charges story stories news""".split()
)


def _content_is_claim(att: Attribution) -> bool:
    if att.polarity == "denies":
        # A denial matters even when it only names what it denies ("denied the attack"), but
        # not when it denies something in general ("claiming victories and denying defeats").
        text = att.content.text.strip()
        bare = GENERIC_DENIAL.match(text) and text.split()[0].lower() not in REFERRING
        return not bare
    words = re.findall(r"[A-Za-z]+", att.content.text)
    return len(words) >= 4


def _wraps_another(a: Attribution, atts: list[Attribution]) -> bool:
    """ "According to J's post, K told him that X": K's statement (via J) is the claim; J's
    outer one only carries it, and counting both would make one source look like two."""
    return any(
        b is not a
        and a.content.start <= b.content.start
        and b.content.end <= a.content.end
        and (b.content.start, b.content.end) != (a.content.start, a.content.end)
        for b in atts
    )


def extract(
    article: Article, doc: Doc, sentences: list[Sentence], attributions: list[Attribution]
) -> list[ClaimMention]:
    """All claim mentions of one article, in text order."""
    by_sentence: dict[int, list[Attribution]] = {}
    for a in attributions:
        by_sentence.setdefault(a.sentence_index, []).append(a)
    outlet = article.outlet or f"article {article.id}"
    out: list[ClaimMention] = []
    for s in sentences:
        if s.is_heading:
            continue
        atts = by_sentence.get(s.index, [])
        if any(a.statement or a.polarity == "denies" for a in atts):
            for a in atts:
                if not _content_is_claim(a) or _wraps_another(a, atts):
                    continue
                if not a.statement and a.polarity != "denies":
                    continue
                out.append(_mention(article, s, a.content.start, a.content.end, a, len(out)))
            continue
        # No attribution here puts a proposition forward ("WikiLeaks released the emails",
        # "voters backed Trump"): the sentence is the outlet's own report.
        span = doc.char_span(s.start, s.end, alignment_mode="expand")
        if span is None or not is_checkworthy(span):
            continue
        own = Attribution(
            article_id=article.id,
            sentence_index=s.index,
            content=_trim(article, s),
            speaker=outlet,
            speaker_kind="outlet",
            hedging=_own_hedging(s.text),  # type: ignore[arg-type]
        )
        out.append(_mention(article, s, own.content.start, own.content.end, own, len(out)))
    return out


def _trim(article: Article, s: Sentence) -> Span:
    text = article.text[s.start : s.end].rstrip(" .")
    return Span(s.start, s.start + len(text), text)


def _own_hedging(text: str) -> str:
    return "hedged" if HEDGE_WORDS.search(text) else "asserted"


def _mention(
    article: Article, s: Sentence, start: int, end: int, a: Attribution, n: int
) -> ClaimMention:
    ostart, oend = article.original_span(start, end)
    return ClaimMention(
        id=f"{article.id}-m{n + 1}",
        article_id=article.id,
        sentence_index=s.index,
        sentence=s.text,
        start=start,
        end=end,
        text=article.text[start:end],
        orig_start=ostart,
        orig_end=oend,
        speaker=a.speaker,
        speaker_kind=a.speaker_kind,
        via=list(a.via),
        cue=a.cue.text if a.cue else None,
        hedged=a.hedging == "hedged",
        hedging=a.hedging,
        polarity=a.polarity,
        origin="",  # filled by provenance, which sees all articles
        denied_target=a.denied_target,
        affiliation=a.affiliation,
    )
