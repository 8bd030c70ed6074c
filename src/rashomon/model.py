"""The typed data every pipeline stage reads and writes.

Everything here is a plain dataclass of JSON-friendly values, so a stage can run in
another process (or on another machine) and hand its output back as ``to_dict()``.
Character offsets (``start``/``end``) always index :attr:`Article.text`, the
normalised text; :meth:`Article.original_span` maps them back to the characters of
the text as read (``Article.source_text``).
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.1"

Polarity = Literal["asserts", "denies"]
Hedging = Literal["asserted", "reported", "hedged"]
ClaimStatus = Literal[
    "corroborated", "conflicting", "single-source", "disputed", "unverified", "denied-only"
]


_PLAIN = (str, int, float, bool, type(None))
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def to_dict(obj: Any) -> Any:
    """Recursively turn dataclasses (and lists of them) into JSON-ready values.

    Runs over every value of a story (report.json, the store), so plain values return first
    and each class's field names are looked up once.
    """
    if isinstance(obj, _PLAIN):
        return obj
    if isinstance(obj, (list, tuple)):
        return [to_dict(x) for x in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    cls = type(obj)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
            return obj
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(obj))
    return {name: to_dict(getattr(obj, name)) for name in names}


@dataclass
class Article:
    """One news article, read and normalised."""

    id: str
    path: str
    text: str
    source_text: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    published_from: str | None = None  # "metadata", "text" or None
    url: str | None = None
    format: str = "txt"
    # (normalised index, original index) anchors; between anchors the two advance together.
    offset_anchors: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_original(self, index: int) -> int:
        """Map an index into ``text`` to the matching index into ``source_text``."""
        if not self.offset_anchors:
            return index
        keys = [a[0] for a in self.offset_anchors]
        i = bisect.bisect_right(keys, index) - 1
        if i < 0:
            return index
        norm, orig = self.offset_anchors[i]
        return orig + (index - norm)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


@dataclass
class Skipped:
    """An input that produced no article, or a part of one that was dropped."""

    path: str
    reason: str
    line: int | None = None


@dataclass
class IngestResult:
    articles: list[Article]
    skipped: list[Skipped] = field(default_factory=list)
    notices: list[Skipped] = field(default_factory=list)  # read, but with a caveat


@dataclass
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str
    is_heading: bool = False


@dataclass
class Span:
    start: int
    end: int
    text: str


@dataclass
class Attribution:
    """Who says what in one sentence: source, cue, content, and how it reached the article."""

    article_id: str
    sentence_index: int
    content: Span
    source: Span | None = None
    cue: Span | None = None
    speaker: str | None = None  # the resolved name of the source (pronouns replaced)
    speaker_kind: str = "outlet"  # person, organisation, media, anonymous, document, outlet
    affiliation: str | None = None  # the group a speaker speaks for ("KLF spokesman X" -> KLF)
    via: list[str] = field(default_factory=list)  # outer to inner: outlet -> report -> source
    hedging: Hedging = "asserted"
    polarity: Polarity = "asserts"
    denied_target: str | None = None  # what a denial names ("the attack", "the allegations")
    quote: bool = False
    # False when the content is the object of an act or a stance ("released the emails",
    # "supports the bill"), not a proposition the source puts forward: the sentence is then
    # the outlet's own report about the source, not the source's claim.
    statement: bool = True


@dataclass
class EntityMention:
    article_id: str
    start: int
    end: int
    text: str


@dataclass
class Descriptor:
    """A fact an article states about an entity: an office, a status, a relation.

    ``start``/``end`` index the article's text and cover the descriptor itself ("the head of
    the army", "the late", "was killed in 2016"); ``sentence`` is the whole sentence it was
    read from. ``kind`` is "office", "status" (death), "relation" (kinship), "activity" (the
    entity speaks or acts in the article) or "description" (any other apposition).
    """

    text: str
    article_id: str
    start: int
    end: int
    sentence: str
    kind: str


@dataclass
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)


@dataclass
class ClaimMention:
    """One statement of a claim in one article."""

    id: str
    article_id: str
    sentence_index: int
    sentence: str
    start: int
    end: int
    text: str
    orig_start: int
    orig_end: int
    speaker: str | None
    speaker_kind: str
    via: list[str]
    cue: str | None
    hedged: bool
    hedging: Hedging
    polarity: Polarity
    origin: str  # the root of the provenance chain, used to count independent origins
    affiliation: str | None = None
    entities: list[str] = field(default_factory=list)  # entity ids
    denied_target: str | None = None


@dataclass
class ArticleStance:
    """Where one article stands on one claim (a cell of the claim x article ledger)."""

    article_id: str
    stance: str  # supports, reports (hedged or discussed), denies, mixed, silent
    probability: float  # 1.0 when read from the article's own mentions
    source: str  # "mentions" (cited statements), "model" (the stance model), "none"
    evidence: str = ""  # for a model reading: the article's sentence most about the claim
    debunks: bool = False  # the article quotes the claim but, read whole, denies it


@dataclass
class Claim:
    id: str
    summary: str
    status: ClaimStatus
    independent_origins: int
    origins: list[str]
    article_count: int
    mentions: list[ClaimMention]
    supporting: list[str] = field(default_factory=list)  # mention ids
    denying: list[str] = field(default_factory=list)  # mention ids
    entities: list[str] = field(default_factory=list)
    stances: list[ArticleStance] = field(default_factory=list)  # one per article
    checkworthy: float | None = None  # the check-worthiness model's probability for the summary
    left_out: str = ""  # why the claim is not among the main claims ("" when it is)


@dataclass
class TrackedArticle:
    """Where one article stands on a claim the user asked about, as the stance model reads it."""

    article_id: str
    path: str
    stance: str  # supports, denies, reports, silent
    probability: float  # the model's probability of that stance
    evidence: str  # the article's sentence most about the claim: what to check the label on
    sentence_index: int | None = None  # that sentence in the article, to cite it
    p_denies: float = 0.0  # the model's probability that the article disagrees


@dataclass
class TrackedClaim:
    """A claim the user gave (``--claim``), read against every article of the story."""

    claim: str
    status: str  # disputed, denied-only, corroborated, single-source, unverified, not-addressed
    independent_origins: int  # supporting articles, a copy and its source counted once
    articles: list[TrackedArticle] = field(default_factory=list)


@dataclass
class ArticleCopy:
    """An article that reprints another, whole or in part (wire copy, re-posted paragraphs)."""

    article_id: str
    source_id: str  # the article it copies: the earlier published, else the first read
    kind: str  # "reprint" (most of the article) or "shared passage"
    similarity: float  # estimated Jaccard similarity of the two texts' word 5-grams
    shared: float = 0.0  # share of the copy's word 5-grams found in the source


@dataclass
class Contradiction:
    id: str
    kind: str  # "denial", "conflicting detail", "entity"
    # "" for kind "entity"; mention_a/mention_b then cite descriptors as "article_id:start-end"
    claim_id: str
    mention_a: str  # for a conflicting detail: the first two accounts that disagree
    mention_b: str
    explanation: str
    attribute: str = ""  # what a conflicting detail is about: killed, wounded, date, place, ...
    values: list[DetailValue] = field(default_factory=list)  # every value given, with sources


@dataclass
class DetailValue:
    """One value of a disputed detail ("19 killed") and the accounts that give it."""

    value: str
    mention_ids: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # who gives it, as the reader knows them


@dataclass
class Summary:
    articles: int
    skipped: int
    claims: int
    corroborated: int
    disputed: int
    single_source: int
    contradictions: int
    unverified: int = 0
    denied_only: int = 0
    conflicting: int = 0  # independent origins that disagree on a detail (toll, place, ...)


@dataclass
class AnalysisResult:
    schema_version: str
    generated_at: str
    articles: list[Article]
    sentences: list[Sentence]
    skipped: list[Skipped]
    notices: list[Skipped]
    entities: list[Entity]
    claims: list[Claim]
    contradictions: list[Contradiction]
    events: list[Event]
    timeline: list[TimelineEntry]
    summary: Summary
    times: list[TimeExpression] = field(default_factory=list)
    anchors: list[DateAnchor] = field(default_factory=list)
    tracked: list[TrackedClaim] = field(default_factory=list)
    copies: list[ArticleCopy] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = to_dict(self)
        for art in data["articles"]:
            # The report cites the normalised text; the anchors are an internal detail.
            art.pop("offset_anchors", None)
        return data

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def mention(self, mention_id: str) -> ClaimMention:
        for c in self.claims:
            for m in c.mentions:
                if m.id == mention_id:
                    return m
        raise KeyError(mention_id)


@dataclass
class TimeExpression:
    """A date or period an article mentions, normalised against an anchor.

    ``start``/``end`` index :attr:`Article.text` like every other span; ``value_start`` and
    ``value_end`` are the ISO dates (inclusive) it stands for, ``None`` while unresolved.
    ``anchor`` says what the value rests on: "published" (the article's date), "inferred"
    (a date window guessed for an undated article), "absolute" (the text names the date),
    "event" (a dated event it is relative to) or ``None`` (unresolved).
    """

    id: str
    article_id: str
    start: int
    end: int
    text: str
    sentence_index: int
    kind: str  # weekday, relative_day, month_day, month, year, past_period, weekend, ...
    granularity: str | None  # day, week, month, year, range
    value_start: str | None = None
    value_end: str | None = None
    anchor: str | None = None
    anchor_date: str | None = None
    confidence: float = 0.0
    modifier: str | None = None  # since, until, before, after, early, mid, late
    time_of_day: str | None = None  # morning, afternoon, evening, night
    orig_start: int = 0
    orig_end: int = 0
    params: dict[str, Any] = field(default_factory=dict)  # what re-resolving it needs
    note: str = ""


@dataclass
class DateAnchor:
    """The publication date an article's relative dates are read against, and how sure it is."""

    article_id: str
    anchor: str  # "published", "inferred" or "none"
    start: str | None  # ISO date; for "inferred" the window [start, end]
    end: str | None
    confidence: float
    basis: list[str] = field(default_factory=list)


@dataclass
class ActorCandidate:
    """One phrase that may name who acted, as the parse of a statement gives it.

    The story stage turns it into names: ``names`` (entities inside the phrase) by their
    canonical names; else, for a possessive ("his fighters"), the speaker's side; else ``noun``
    ("rebels"), as written.
    """

    names: list[str] = field(default_factory=list)
    possessive: bool = False
    noun: str | None = None


@dataclass
class PlaceCandidate:
    """A phrase that may name where an event happened: an entity with its NER label, or a
    proper noun after a place preposition ("in Veyla"; ``label`` None)."""

    text: str
    label: str | None = None


@dataclass
class Toll:
    """A statement's figure of one kind (killed, wounded, displaced, missing, arrested)."""

    low: int
    high: int | None  # None: open-ended ("at least 40")
    qualifier: str
    text: str  # the words that report it
    counted: str = "number"  # or "victims": counted from the victims it names


@dataclass
class EventFrame:
    """Who did what to whom and where, as one statement's own parse tells it.

    Made per article (the parse is per article work, kept with the article's results); the
    story stage settles names against the story's entities (:mod:`rashomon.story.events`).
    ``sentence_places`` are the places of the whole sentence, used when the statement
    itself names none.
    """

    mention_id: str
    event_type: str
    actors: list[ActorCandidate] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    places: list[PlaceCandidate] = field(default_factory=list)
    sentence_places: list[PlaceCandidate] = field(default_factory=list)
    tolls: dict[str, Toll] = field(default_factory=dict)  # kind -> the statement's figure


@dataclass
class ReportedNumber:
    """One source's figure for a count (killed, wounded), kept as reported."""

    low: int
    high: int | None  # None: open-ended ("at least 40", "more than 6,000")
    qualifier: str  # "", "at least", "more than", "about", "dozens", ...
    text: str
    mention_id: str
    article_id: str
    speaker: str | None
    # "number" (a figure: "12 were killed") or "victims" (counted from the victims named:
    # "a guard was killed" is 1), which an event keeps only when no source gives a number.
    counted: str = "number"


@dataclass
class Event:
    """Something that happened (or is said to have), merged over every article that reports it."""

    id: str
    event_type: str  # key of rashomon.story.events.ONTOLOGY
    actors: list[str]
    targets: list[str]
    location: str | None
    locations: list[str]
    country: str | None
    date_start: str | None
    date_end: str | None
    date_granularity: str | None
    date_text: str | None
    date_confidence: float
    killed: list[ReportedNumber]
    wounded: list[ReportedNumber]
    displaced: list[ReportedNumber]
    claim_ids: list[str]
    mention_ids: list[str]
    article_ids: list[str]
    speakers: list[str]
    status: str  # confirmed, disputed, single-origin
    origins: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    responds_to: str | None = None  # for a denial or claim: the event it answers
    summary: str = ""
    notes: list[str] = field(default_factory=list)
    # What the date rests on: "stated" (the text names it), "publication" (relative to the
    # article's date), "event" (relative to another dated event), "inferred" (an undated
    # article's window), or None while undated. ``date_confidence`` is how sure that is.
    date_basis: str | None = None
    # Kept apart from the dead and wounded: people reported missing, and people arrested.
    missing: list[ReportedNumber] = field(default_factory=list)
    arrested: list[ReportedNumber] = field(default_factory=list)


@dataclass
class TimelineEntry:
    """One dated (or undated) event on the story's day-by-day timeline."""

    date: str | None  # ISO day, or None for the undated tail
    date_end: str | None
    granularity: str | None
    event_id: str
    event_type: str
    label: str
    status: str  # confirmed, conflicting, disputed, single-origin
    claim_ids: list[str]
    sources: list[str]
    date_basis: str | None = None  # as :attr:`Event.date_basis`
    date_confidence: float = 0.0
    date_text: str | None = None  # the words the date was read from
