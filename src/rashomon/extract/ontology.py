"""The fixed event ontology: ACLED-like types with their PLOVER and CAMEO codes.

Documented in ``docs/ontology.md``; :mod:`rashomon.story.events` files every event under one
of these types and re-exports :data:`ONTOLOGY`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


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
    # "shot" alone is an attack that may have killed no one: the label says both.
    EventType("killing", "Attack / killing", "Violence against civilians", "Attack", "ASSAULT",
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
