"""The runner: ingest -> nlp -> extract (per article) -> story (across articles).

Each stage is a function over typed data. The per-article stage, :func:`extract_article`,
gives a frozen :class:`ArticleAnalysis` that nothing downstream changes: the story stage,
:func:`analyze_story`, works on its own copies of the mentions and returns an
:class:`~rashomon.model.AnalysisResult`. :func:`analyze` runs the stages in order; the store
runs the same two, reusing the per-article results it keeps.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from . import ingest, nlp
from .extract import attribution, claims, event_frames, timex
from .model import (
    SCHEMA_VERSION,
    AnalysisResult,
    Article,
    ArticleCopy,
    Attribution,
    Claim,
    ClaimMention,
    Contradiction,
    DateAnchor,
    Entity,
    EventFrame,
    IngestResult,
    Sentence,
    Skipped,
    Summary,
    TimeExpression,
)
from .story import (
    alignment,
    contradictions,
    copies,
    dating,
    details,
    entities,
    events,
    ledger,
    provenance,
    tracked,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class ArticleAnalysis:
    """What one article yields on its own; safe to compute anywhere, store and ship back.

    ``failure`` says why extraction failed; the article then stays in the story (its
    sentences are cited) with no statements of its own.
    """

    article: Article
    sentences: list[Sentence]
    attributions: list[Attribution]
    mentions: list[ClaimMention]
    times: list[TimeExpression] = field(default_factory=list)
    frames: list[EventFrame] = field(default_factory=list)
    failure: str | None = None

    def notice(self) -> Skipped | None:
        """The notice a reader sees when this article's extraction failed."""
        return Skipped(self.article.path, self.failure) if self.failure else None


def analyze_article(article: Article, doc: Doc, lang: Language | None = None) -> ArticleAnalysis:
    """Attributions, claim mentions, times and event frames of one parsed article.

    ``lang`` parses statements on their own for their event frames (default
    :func:`rashomon.nlp.load`). Raises on a bug.
    """
    sents = nlp.sentences(article.id, doc)
    atts = attribution.extract(article, doc, sents)
    mentions = claims.extract(article, doc, sents, atts)
    times = timex.times_for_article(article, doc, sents)
    frames = event_frames.frames_for_article(mentions, lang or nlp.load())
    return ArticleAnalysis(article, sents, atts, mentions, times, frames)


def extract_article(article: Article, doc: Doc, lang: Language | None = None) -> ArticleAnalysis:
    """The per-article stage: :func:`analyze_article`, or, if it fails, the failure.

    One odd article must not sink the story: the failure is kept on the result, and
    :meth:`ArticleAnalysis.notice` reports it.
    """
    try:
        return analyze_article(article, doc, lang)
    except Exception as exc:  # noqa: BLE001 - any bug in one article, reported, not raised
        reason = f"analysis failed, article left out: {exc!r}"
        return ArticleAnalysis(article, nlp.sentences(article.id, doc), [], [], failure=reason)


def parse_articles(
    articles: Sequence[Article], *, lang: Language | None = None, progress: Progress | None = None
) -> list[Doc]:
    """The nlp stage: one Doc per article, in order, reported as ("annotate", done, total)."""
    done = 0

    def tick(_: int = 1) -> None:
        nonlocal done
        done += 1
        if progress:
            progress("annotate", done, len(articles))

    return list(nlp.annotate((a.text for a in articles), nlp=lang, progress=tick))


def analyze(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | IngestResult,
    *,
    progress: Progress | None = None,
    embed: Embed | None = None,
    stance: bool = True,
    track: Sequence[str] = (),
) -> AnalysisResult:
    """Analyse articles (paths, folders, or an :class:`IngestResult`) into a cited result.

    ``stance=False`` skips the stance model's reading of articles that never state a claim
    (the ledger then has only cited stances). ``track`` are claims of the user's to read
    against every article (:mod:`rashomon.story.tracked`).
    """
    if isinstance(inputs, IngestResult):
        read = inputs
    else:
        paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
        read = ingest.read_paths(paths)
    arts = read.articles
    docs = parse_articles(arts, progress=progress)
    per_article = [extract_article(a, d) for a, d in zip(arts, docs)]
    failures = [n for pa in per_article if (n := pa.notice())]
    story_read = IngestResult(arts, read.skipped, [*read.notices, *failures])
    return analyze_story(
        story_read, per_article, docs, progress=progress, embed=embed, stance=stance, track=track
    )


def analyze_story(
    read: IngestResult,
    per_article: Sequence[ArticleAnalysis],
    docs: Sequence[Doc],
    *,
    progress: Progress | None = None,
    embed: Embed | None = None,
    stance: bool = True,
    track: Sequence[str] = (),
) -> AnalysisResult:
    """The story stage: entities across articles, then claims, ledger, contradictions, events.

    ``read`` gives the articles and the notices to report; ``per_article`` and ``docs`` are
    in the order of its articles. Nothing of ``per_article`` is changed.
    """
    if progress:
        progress("align", 0, 1)
    ents, index = entities.resolve([(pa.article.id, d) for pa, d in zip(per_article, docs)])
    result = cross_article(read, per_article, docs, ents, index, embed=embed, stance=stance)
    if track:
        from .story.stance import StanceModel

        result.tracked = tracked.track(
            track, read.articles, result.sentences, StanceModel.load(), result.copies
        )
    if progress:
        progress("align", 1, 1)
    return result


def cross_article(
    read: IngestResult,
    per_article: Sequence[ArticleAnalysis],
    docs: Sequence[Doc],
    ents: list,  # list[Entity]
    index: dict[str, str],
    *,
    embed: Embed | None = None,
    stance: bool = True,
) -> AnalysisResult:
    names = _StoryNames(ents, index)
    # Dates first: alignment holds apart mentions whose days lie far apart.
    anchors, times = dating.infer_undated(
        [pa.article for pa in per_article], {pa.article.id: pa.times for pa in per_article}
    )
    named = details.named_mid_sentence(docs, index)
    geography = details.story_geography(docs, index, ents)
    copy_list = copies.find(read.articles)
    own = _OwnReporting(read.articles, copy_list, names)
    read_out = _read_mentions(per_article, docs, names, times, named, own)
    claim_list = _build_claims(read_out.items, read_out.negated, embed)
    reported = _reported_days(claim_list, times, anchors)
    if reported:
        # Now that statements are grouped, an undated article cannot predate what it reports.
        anchors, times = dating.infer_undated(
            [pa.article for pa in per_article],
            {pa.article.id: pa.times for pa in per_article},
            reported=reported,
        )
    _fill_ledger(claim_list, per_article, stance)
    # Explanations name articles as a reader knows them: the outlet, else the file.
    outlet_of = {pa.article.id: _display_name(pa.article) for pa in per_article}
    contra = contradictions.find(
        claim_list,
        outlet_of,
        _mention_days(claim_list, times),
        places=read_out.places,
        agents=read_out.agents,
        geography=geography,
    )
    _mark_conflicting(claim_list, contra)
    _weigh_checkworthiness(claim_list)
    for x in entities.conflations(ents):
        # Entity contradictions cite descriptor spans ("article:start-end"), not claim mentions.
        x.id = f"x{len(contra) + 1}"
        contra.append(x)
    frames = [f for pa in per_article for f in pa.frames]
    event_list = events.extract_events(claim_list, times, read.articles, frames, entities=ents)
    return AnalysisResult(
        schema_version=SCHEMA_VERSION,
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        articles=read.articles,
        sentences=[s for pa in per_article for s in pa.sentences],
        skipped=read.skipped,
        notices=read.notices,
        entities=ents,
        claims=claim_list,
        contradictions=contra,
        events=event_list,
        timeline=events.timeline(event_list, claim_list),
        times=[t for pa in per_article for t in times.get(pa.article.id, [])],
        anchors=list(anchors.values()),
        summary=_story_summary(read, claim_list, contra),
        copies=copy_list,
    )


class _StoryNames:
    """The story's entities, looked up by name: canonical names and the surnames of people."""

    def __init__(self, ents: list[Entity], index: dict[str, str]) -> None:
        self.index = index
        self.by_id = {e.id: e for e in ents}
        # Surnames of the people each article names: "Tavor said" after "Mireille Tavor" is
        # her, even where the tagger took the lone surname for a place.
        self.surnames: dict[tuple[str, str], set[str]] = {}
        for e in ents:
            if e.type == "PERSON" and " " in e.name.strip():
                last = e.name.split()[-1].lower()
                for em in e.mentions:
                    self.surnames.setdefault((em.article_id, last), set()).add(e.name)
        # The roles each article gives its people, where it gives them: "actress Lindsay
        # Lohan", "her spokesman, Steve Honig" -> (article, "actress") -> [(offset, name)].
        self.roles: dict[tuple[str, str], list[tuple[int, str]]] = {}
        for e in ents:
            if e.type != "PERSON":
                continue
            for d in e.descriptors:
                if d.kind not in ("office", "description"):
                    continue
                for word in set(re.findall(r"[a-z][a-z-]+", d.text.lower())):
                    self.roles.setdefault((d.article_id, word), []).append((d.start, e.name))

    def canonical(self, name: str) -> str:
        eid = entities.lookup(name, self.index)
        return self.by_id[eid].name if eid else name.strip()


class _OwnReporting:
    """Whose reporting a statement without a named source rests on, copies traced to source.

    A reprint repeats its source throughout; an article sharing a passage repeats it only in
    the sentences of that passage.
    """

    def __init__(
        self, articles: Sequence[Article], copy_list: Sequence[ArticleCopy], names: _StoryNames
    ) -> None:
        by_id = {a.id: a for a in articles}
        roots = copies.origin_map(copy_list)
        self.source: dict[str, str] = {}
        self.passage_of: dict[str, set[str]] = {}  # a passage copy -> its source's shingles
        for c in copy_list:
            root = by_id[roots[c.article_id]]
            self.source[c.article_id] = provenance.own_reporting(
                root.outlet, root.id, names.canonical
            )
            if c.kind != "reprint":
                self.passage_of[c.article_id] = copies.shingles(by_id[c.source_id].text)

    def of(self, m: ClaimMention) -> str | None:
        """The source's reporting, if the mention's article copies it there; else None."""
        label = self.source.get(m.article_id)
        grams = self.passage_of.get(m.article_id)
        if label and grams is not None and not copies.copied_sentence(m.sentence, grams):
            return None
        return label


@dataclass
class _MentionsRead:
    """What the story reads off every mention before aligning them."""

    items: list[alignment.AlignInput] = field(default_factory=list)
    negated: list[bool] = field(default_factory=list)
    places: dict[str, list[details.Place]] = field(default_factory=dict)
    agents: dict[str, details.Agent] = field(default_factory=dict)


def _read_mentions(
    per_article: Sequence[ArticleAnalysis],
    docs: Sequence[Doc],
    names: _StoryNames,
    times: dict[str, list[TimeExpression]],
    named: set[str],
    own: _OwnReporting,
) -> _MentionsRead:
    """Every mention of the story, settled (speaker, origin) and read for alignment."""
    out = _MentionsRead()
    for pa, doc in zip(per_article, docs):
        # Once per article, not per mention: a book-length article has ~10,000 of each.
        doc_names = _EntityIndex(doc)
        sentence_text = {s.index: s.text for s in pa.sentences}
        sentence_start = {s.index: s.start for s in pa.sentences}
        # The story's own copies: what it learns across articles (speaker, origin, polarity)
        # is written on these, never on the per-article result.
        for m in map(_story_copy, pa.mentions):
            out.negated.append(m.polarity == "asserts" and _negated_statement(doc, m.start, m.end))
            _settle_speaker(m, names)
            if pa.article.outlet and m.via:
                # "X told The Harbor Ledger" in The Harbor Ledger: the outlet is not a relay.
                host = names.canonical(pa.article.outlet)
                m.via = [v for v in m.via if names.canonical(v) != host]
            m.origin = provenance.origin_of(m, pa.article.outlet, names.canonical, own.of(m))
            start = sentence_start.get(m.sentence_index)
            described = _described_group(m, doc_names, names, start) or _described_person(
                m, names, start
            )
            if described is not None:
                m.origin = described
            m.entities = doc_names.ids_within(m.start, m.end, names.index)
            if m.polarity == "asserts":
                out.places[m.id] = details.event_places(
                    doc, m.start, m.end, names.index, names.by_id
                )
                agent = details.event_agent(doc, m.start, m.end, names.index, names.by_id, named)
                if agent is not None:
                    out.agents[m.id] = agent
            out.items.append(_align_input(m, doc, sentence_text, times, names.index))
    return out


# Heads of descriptions that stand for a named armed or political group ("the militant group",
# "the terrorist organisation", "the insurgents"). "Forces" and "officials" are left out: they
# are as often the government's as the group's.
GROUP_HEADS = frozenset(
    """group organisation organization movement outfit militia faction insurgents militants
    rebels extremists jihadists regime""".split()
)


def _described_group(
    m: ClaimMention, doc_names: _EntityIndex, names: _StoryNames, sentence_start: int | None
) -> str | None:
    """The group an unnamed speaker describes: the organisation the article named most often
    before the sentence, the latest of equals ("The Taliban ... The militant group also
    conveyed that ..."), so that one side under a name and a description counts as one
    origin. The most named, not the last named: a place that spaCy typed ORG once in between
    is no speaker's group. None when the speaker is named, is no such description, or no
    organisation was named before it."""
    words = (m.speaker or "").lower().split()
    if m.speaker_kind not in ("organisation", "anonymous") or not words or sentence_start is None:
        return None
    if words[-1] not in GROUP_HEADS or entities.lookup(m.speaker, names.index):
        return None
    count: dict[str, tuple[int, int]] = {}
    for k, e in enumerate(doc_names.ents[: bisect_left(doc_names.starts, sentence_start)]):
        eid = names.index.get(entities.normalise(e.text))
        if eid and names.by_id[eid].type == "ORG":
            count[eid] = (count.get(eid, (0, 0))[0] + 1, k)
    if not count:
        return None
    return names.by_id[max(count, key=count.__getitem__)].name


def _described_person(
    m: ClaimMention, names: _StoryNames, sentence_start: int | None
) -> str | None:
    """The person an unnamed speaker's role stands for: "the actress said" after "actress
    Lindsay Lohan", "the spokesman said" after "her spokesman, Steve Honig", where the article
    gave that role, before the sentence, to exactly one person. Two people of that role (two
    spokesmen) leave the speaker unnamed: a guess would merge two origins."""
    words = (m.speaker or "").lower().split()
    if m.speaker_kind != "anonymous" or not words or sentence_start is None:
        return None
    if len(words) > 3 or entities.lookup(m.speaker, names.index):
        return None  # "a senior official in the ministry": a description, not a role
    definite = rf"\b(?:the|his|her|its|their)\s+{re.escape(m.speaker or '')}\b"
    if not re.search(definite, m.sentence, re.I):
        return None  # "an official said": someone else than the official named before
    role = words[-1]
    people = {
        name for start, name in names.roles.get((m.article_id, role), []) if start < sentence_start
    }
    return next(iter(people)) if len(people) == 1 else None


def _settle_speaker(m: ClaimMention, names: _StoryNames) -> None:
    """A lone surname speaking is the article's person of that name; people speak as people."""
    eid = entities.lookup(m.speaker, names.index)
    word = (m.speaker or "").strip()
    if word and " " not in word and (eid is None or names.by_id[eid].type != "PERSON"):
        people = names.surnames.get((m.article_id, word.lower()), set())
        if len(people) == 1:
            # Places and organisations do not speak: a lone word that is the surname of one
            # person of the article, as a speaker, is that person.
            m.speaker = next(iter(people))
            m.speaker_kind = "person"
            eid = entities.lookup(m.speaker, names.index)
    if (
        eid
        and names.by_id[eid].type == "PERSON"
        and m.speaker_kind in ("organisation", "anonymous")
    ):
        m.speaker_kind = "person"  # label vote across the story beats one NER guess


def _align_input(
    m: ClaimMention,
    doc: Doc,
    sentence_text: dict[int, str],
    times: dict[str, list[TimeExpression]],
    index: dict[str, str],
) -> alignment.AlignInput:
    """What alignment compares of one settled mention."""
    window = range(m.sentence_index - 3, m.sentence_index + 1)
    before = [sentence_text[k] for k in window if k in sentence_text]
    party = frozenset(
        x for x in (entities.lookup(m.speaker, index), entities.lookup(m.affiliation, index)) if x
    )
    # A date read against a guessed anchor (an undated article) is too weak to part two
    # accounts; the contradiction ledger still compares it.
    dates = [d for d in _dates_of(m, times) if d[3] != "inferred"]
    return alignment.AlignInput(
        m,
        frozenset(m.entities),
        " ".join(before),
        frozenset(contradictions.casualty_counts(m.text)),
        party,
        _lemmas(doc, m.start, m.end),
        # Two accounts of one event name the same kind of event ("violence", "capture"); a
        # capture and an attack told with the same actors are two.
        family=events.event_family(m.text),
        # The whole stretch its dates cover: penalise only dates that cannot meet.
        days=(min(d[0] for d in dates), max(d[1] for d in dates)) if dates else None,
    )


def _build_claims(
    items: list[alignment.AlignInput], negated: list[bool], embed: Embed | None
) -> list[Claim]:
    """Aligned mentions as claims, most important first, numbered c1, c2, ..."""
    if embed is None:
        from .nlp.embeddings import default_embedder

        embed = default_embedder().embed
    groups = alignment.align(items, embed)
    for g in groups:
        _implicit_denials(
            [items[k].mention for k in g], [negated[k] for k in g], [items[k].family for k in g]
        )
    claim_list = [_claim(i, [items[k].mention for k in g]) for i, g in enumerate(groups)]
    claim_list.sort(key=_importance, reverse=True)
    for i, c in enumerate(claim_list):
        c.id = f"c{i + 1}"
    return claim_list


def _fill_ledger(
    claim_list: list[Claim], per_article: Sequence[ArticleAnalysis], stance: bool
) -> None:
    """Each article's stance toward each claim, and the claims' status with it."""
    stance_model = None
    if stance:
        from .story.stance import StanceModel

        stance_model = StanceModel.load()
    ledger.fill(claim_list, [pa.article for pa in per_article], model=stance_model)
    for c in claim_list:
        ledger.settle(c)
    # A claim the model's readings made disputed ranks as disputed; ids follow the new order.
    claim_list.sort(key=_importance, reverse=True)
    for i, c in enumerate(claim_list):
        c.id = f"c{i + 1}"


def _story_summary(read: IngestResult, claim_list: list[Claim], contra: list) -> Summary:
    return Summary(
        articles=len(read.articles),
        skipped=len(read.skipped),
        claims=len(claim_list),
        corroborated=sum(c.status == "corroborated" for c in claim_list),
        disputed=sum(c.status == "disputed" for c in claim_list),
        single_source=sum(c.status == "single-source" for c in claim_list),
        unverified=sum(c.status == "unverified" for c in claim_list),
        denied_only=sum(c.status == "denied-only" for c in claim_list),
        conflicting=sum(c.status == "conflicting" for c in claim_list),
        contradictions=len(contra),
    )


# A dispute is what a reader needs most, whatever its wording: these always stay main claims.
_ALWAYS_MAIN = ("disputed", "conflicting", "denied-only")
# The check-worthiness model learned on debates; on news it scores low (its own threshold,
# chosen on ClaimBuster dev, keeps only a quarter of FNC-1's 1,648 train headlines, which are
# all claims news reports). Only a claim under the score that 95% of those headlines reach is
# left out of the main claims, and only one that a single article states.
NEWS_FLOOR = 0.02


def _weigh_checkworthiness(claim_list: list[Claim]) -> None:
    """Score each claim's summary for check-worthiness; leave clear rhetoric and fragments of
    one article out of the main claims, with the reason (report.json keeps them)."""
    if not claim_list:
        return
    from .extract.checkworthy import CheckWorthiness

    model = CheckWorthiness.load()
    for c, p in zip(claim_list, model.score([c.summary for c in claim_list])):
        c.checkworthy = round(float(p), 4)
        if p < NEWS_FLOOR and c.article_count < 2 and c.status not in _ALWAYS_MAIN:
            c.left_out = (
                f"not check-worthy: the model gives {p:.3f}, under {NEWS_FLOOR} (a score 95% "
                "of news headlines reach)"
            )


def _mark_conflicting(claim_list: list[Claim], contra: list[Contradiction]) -> None:
    """Accounts from independent origins that disagree on a detail (12 vs 19 killed, an air
    strike vs his own men) do not corroborate each other: such a claim is ``conflicting``."""
    disputed_detail = {x.claim_id for x in contra if x.kind == "conflicting detail"}
    for c in claim_list:
        if c.id in disputed_detail and c.status == "corroborated":
            c.status = "conflicting"  # type: ignore[assignment]


def _display_name(article: Article) -> str:
    return article.outlet or os.path.basename(article.path) or article.id


def _story_copy(m: ClaimMention) -> ClaimMention:
    return replace(m, via=list(m.via), entities=list(m.entities))


def _mention_days(
    claim_list: list[Claim], times: dict[str, list[TimeExpression]]
) -> dict[str, tuple[str, str, str]]:
    """mention id -> (first day, last day, text) of the date its own words give the event.

    Only plain day-level dates count: "since Saturday" or "before Monday" bound a period and
    say nothing against another account's day.
    """
    out: dict[str, tuple[str, str, str]] = {}
    for c in claim_list:
        for m in c.mentions:
            # A day inferred for an undated article is a guess from the story's window: it can
            # place an event on the timeline, labelled so, but never contradict a stated day.
            dates = [d for d in _dates_of(m, times) if d[3] != "inferred"]
            if dates:
                out[m.id] = dates[0][:3]
    return out


def _reported_days(
    claim_list: list[Claim], times: dict[str, list[TimeExpression]], anchors: dict[str, DateAnchor]
) -> dict[str, list[date]]:
    """Undated article id -> the days of the claims it reports, as dated articles date them.

    Only a day a dated article states or reckons from its own date, and not after that date
    (a scheduled event is no evidence); where dated articles disagree, the earliest counts.
    """
    undated = {k for k, a in anchors.items() if a.anchor != "published"}
    out: dict[str, list[date]] = {}
    for c in claim_list:
        days = [
            first
            for m in c.mentions
            if m.article_id not in undated and m.article_id in anchors
            for first, _last, _text, how in _dates_of(m, times)
            if how in ("absolute", "published") and first <= str(anchors[m.article_id].end)
        ]
        day = timex.parse_date(min(days)) if days else None
        if day is None:
            continue
        for m in c.mentions:
            if m.article_id in undated:
                out.setdefault(m.article_id, []).append(day)
    return out


def _dates_of(
    m: ClaimMention, times: dict[str, list[TimeExpression]]
) -> list[tuple[str, str, str, str]]:
    """(first day, last day, text, anchor) of each plain day-level date in a mention."""
    return [
        (t.value_start, t.value_end or t.value_start, t.text, t.anchor or "")
        for t in timex.covering(times.get(m.article_id, []), m.start, m.end)
        if t.granularity == "day" and t.value_start and not t.modifier and t.confidence >= 0.5
    ]


CONTENT_POS = frozenset(("NOUN", "PROPN", "VERB", "NUM", "ADJ"))


def _lemmas(doc: Doc, start: int, end: int) -> frozenset[str]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return frozenset()
    return frozenset(t.lemma_.lower() for t in span if t.pos_ in CONTENT_POS and not t.is_stop)


class _EntityIndex:
    """A Doc's named entities, found by character range in logarithmic time.

    ``doc.ents`` builds a Span per entity on each access; scanning it per mention made a long
    article quadratic (12,000 mentions x 31,000 entities in a 1 MB text).
    """

    def __init__(self, doc: Doc) -> None:
        self.ents = list(doc.ents)  # in text order, never overlapping
        self.starts = [e.start_char for e in self.ents]

    def ids_within(self, start: int, end: int, index: dict[str, str]) -> list[str]:
        """Story entity ids of the names wholly inside [start, end), first mention first."""
        found: dict[str, None] = {}
        for e in self.ents[bisect_left(self.starts, start) :]:
            if e.start_char >= end:
                break
            if e.end_char <= end and (eid := index.get(entities.normalise(e.text))):
                found.setdefault(eid, None)
        return list(found)


def claim_status(mentions: list[ClaimMention], origins: int) -> str:
    """What the evidence says of a claim.

    disputed: asserted and denied; denied-only: only denials reach us (what is denied was never
    reported as such); unverified: every assertion is hedged ("reportedly", "unverified
    reports"); corroborated: two or more independent origins; single-source: one origin.
    """
    asserting = [m for m in mentions if m.polarity == "asserts"]
    denying = [m for m in mentions if m.polarity == "denies"]
    if asserting and denying:
        return "disputed"
    if denying:
        return "denied-only"
    if all(m.hedged for m in asserting):
        return "unverified"
    return "corroborated" if origins >= 2 else "single-source"


NEGATIONS = frozenset("not n't never no cannot".split())


def _negated_statement(doc: Doc, start: int, end: int) -> bool:
    """Whether a statement's main verb is negated ("the Taliban cannot take the valley")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    head = root.head if root.dep_ in ("xcomp", "ccomp") and root.head in span else root
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in (*root.children, *head.children))


def _implicit_denials(
    mentions: list[ClaimMention], negated: list[bool], families: list[str]
) -> None:
    """In one claim, a negated account of the same event from another origin denies it.

    "They have conquered the valley" (the Taliban) and "the Taliban cannot take over the
    valley" (Massoud) group as one proposition; the second is a denial even without a denial
    word. Both must report the same kind of event of the ontology (here a capture): on
    general news a negation is far more often a different statement ("we can't afford to be
    politically correct" agrees with "the time for political correctness is over").
    """
    plain = {
        (m.origin, fam)
        for m, neg, fam in zip(mentions, negated, families, strict=True)
        if m.polarity == "asserts" and not neg and fam
    }
    for m, neg, fam in zip(mentions, negated, families, strict=True):
        if not (neg and fam and m.polarity == "asserts"):
            continue
        if any(f == fam and origin != m.origin for origin, f in plain):
            m.polarity = "denies"  # type: ignore[assignment]


def _claim(i: int, mentions: list[ClaimMention]) -> Claim:
    mentions = sorted(mentions, key=lambda m: (m.article_id, m.sentence_index))
    origins = provenance.count_origins(mentions)
    supporting = [m.id for m in mentions if m.polarity == "asserts"]
    denying = [m.id for m in mentions if m.polarity == "denies"]
    status = claim_status(mentions, len(origins))
    ents: dict[str, None] = {}
    for m in mentions:
        for e in m.entities:
            ents.setdefault(e, None)
    return Claim(
        id=f"c{i + 1}",
        summary=_summary(mentions),
        status=status,  # type: ignore[arg-type]
        independent_origins=len(origins),
        origins=origins,
        article_count=len({m.article_id for m in mentions}),
        mentions=mentions,
        supporting=supporting,
        denying=denying,
        entities=list(ents),
    )


def _summary(mentions: list[ClaimMention]) -> str:
    """The clearest statement of the claim: an unhedged assertion, full but not too long."""
    pool = [m for m in mentions if m.polarity == "asserts"] or mentions

    def rank(m: ClaimMention) -> tuple[int, int, int]:
        n = len(m.text)
        return (m.hedged, 0 if 40 <= n <= 220 else 1, abs(n - 120))

    text = min(pool, key=rank).text.strip().strip("“”\"'").strip()
    text = text[0].upper() + text[1:] if text else text
    return text if len(text) <= 240 else text[:237].rsplit(" ", 1)[0] + "…"


def _importance(c: Claim) -> tuple[int, int, int, int]:
    return (c.article_count, c.independent_origins, int(c.status == "disputed"), len(c.mentions))
