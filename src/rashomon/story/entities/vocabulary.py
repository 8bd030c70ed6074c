"""The word lists and patterns entity resolution reads: entity labels, titles and ranks,
organisation heads and sub-units, demonyms, pronouns, kinship, death and office words."""

from __future__ import annotations

import re

LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "NORP": "NORP",
    "LOC": "LOC",
    "FAC": "FAC",
    "EVENT": "EVENT",
}
_TITLE_WORDS = (
    r"mr|mrs|ms|miss|dr|prof|professor|sir|dame|lord|lady|sheikh|sheik|mullah|imam|ayatollah|"
    r"rev|reverend|father|pope|king|queen|prince|princess|emir|sultan|"
    r"gen|general|lt|lieut|lieutenant|col|colonel|maj|major|capt|captain|cpl|corporal|sgt|"
    r"sergeant|pvt|private|adm|admiral|brig|brigadier|cmdr|commander|cdr|marshal|field marshal|"
    r"gov|governor|sen|senator|rep|representative|judge|justice|mayor|ambassador|"
    r"president|vice president|vice-president|prime minister|deputy prime minister|"
    r"foreign minister|defence minister|defense minister|interior minister|minister|"
    r"chancellor|secretary|secretary of state|spokesman|spokeswoman|spokesperson|"
    r"chairman|chairwoman|chief|director|journalist|former|late|acting|deputy|commander-in-chief"
)
TITLES = re.compile(rf"^(?:(?:{_TITLE_WORDS})\.?(?:\s+|-(?=\w)))+", re.I)
_ORG_HEADS = frozenset(
    "agency front party army ministry council brigade brigades committee organisation "
    "organization association university bank company corp corporation inc ltd group "
    "movement union forces force commission institute foundation federation league alliance "
    "police service services department office bureau court parliament assembly network "
    "press news times post agency network club church school college hospital airline "
    "airlines authority board fund society center centre".split()
)
# Words after a name that make a different organisation: "Hamas armed wing", "X Youth".
_SUBUNITS = frozenset(
    "wing wings branch branches brigade brigades battalion regiment unit units division "
    "faction command youth women office bureau department ministry committee council "
    "forces force cell cells section chapter affiliate".split()
)
# "anti-Taliban" is not the Taliban.
_NEGATORS = frozenset("anti pro non ex post pre neo counter former".split())
_STOP = frozenset("of the and for de du des la le al el der von van di da & in on at to".split())
_DEMONYMS = {
    "american": "united states",
    "americans": "united states",
    "us": "united states",
    "british": "britain",
    "briton": "britain",
    "britons": "britain",
    "english": "england",
    "scottish": "scotland",
    "scots": "scotland",
    "welsh": "wales",
    "irish": "ireland",
    "french": "france",
    "dutch": "netherlands",
    "swiss": "switzerland",
    "greek": "greece",
    "greeks": "greece",
    "turkish": "turkey",
    "turks": "turkey",
    "spanish": "spain",
    "spaniards": "spain",
    "polish": "poland",
    "poles": "poland",
    "danish": "denmark",
    "danes": "denmark",
    "swedish": "sweden",
    "swedes": "sweden",
    "finnish": "finland",
    "finns": "finland",
    "norwegian": "norway",
    "norwegians": "norway",
    "german": "germany",
    "germans": "germany",
    "czech": "czech republic",
    "slovak": "slovakia",
    "afghan": "afghanistan",
    "afghans": "afghanistan",
    "filipino": "philippines",
    "filipinos": "philippines",
    "thai": "thailand",
    "saudi": "saudi arabia",
    "saudis": "saudi arabia",
    "emirati": "united arab emirates",
    "chinese": "china",
    "japanese": "japan",
    "lebanese": "lebanon",
    "vietnamese": "vietnam",
    "sudanese": "sudan",
    "portuguese": "portugal",
    "ukrainian": "ukraine",
    "ukrainians": "ukraine",
    "iranian": "iran",
    "iranians": "iran",
    "israeli": "israel",
    "israelis": "israel",
    "pakistani": "pakistan",
    "pakistanis": "pakistan",
    "iraqi": "iraq",
    "iraqis": "iraq",
    "kuwaiti": "kuwait",
    "yemeni": "yemen",
    "yemenis": "yemen",
    "omani": "oman",
    "qatari": "qatar",
    "bangladeshi": "bangladesh",
    "nepalese": "nepal",
    "nepali": "nepal",
    "somali": "somalia",
    "somalis": "somalia",
    "tajik": "tajikistan",
    "uzbek": "uzbekistan",
    "kazakh": "kazakhstan",
    "peruvian": "peru",
    "belgian": "belgium",
    "egyptian": "egypt",
    "egyptians": "egypt",
    "mexican": "mexico",
    "mexicans": "mexico",
    "canadian": "canada",
    "canadians": "canada",
    "brazilian": "brazil",
    "argentine": "argentina",
    "argentinian": "argentina",
    "venezuelan": "venezuela",
    "colombian": "colombia",
    "chilean": "chile",
    "indian": "india",
    "indians": "india",
    "korean": "korea",
    "north korean": "north korea",
    "south korean": "south korea",
    "new zealander": "new zealand",
    "kiwi": "new zealand",
}
_DEMONYM_SUFFIXES = (
    ("ians", ("ia", "ie", "e", "")),
    ("ian", ("ia", "ie", "e", "")),
    ("ans", ("a", "", "istan")),
    ("an", ("a", "", "istan")),
    ("ese", ("", "a", "on")),
    ("is", ("", "istan")),
    ("i", ("", "istan")),
    ("ish", ("", "ey", "land")),
)
_PRONOUNS = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
    "it": "n",
    "its": "n",
    "itself": "n",
    "they": "p",
    "them": "p",
    "their": "p",
    "theirs": "p",
    "themselves": "p",
    "who": "w",
    "whom": "w",
    "whose": "w",
    "which": "w",
    "that": "w",
    "i": "1",
    "me": "1",
    "my": "1",
    "myself": "1",
    "we": "1p",
    "us": "1p",
    "our": "1p",
    "ourselves": "1p",
}
_KIN = frozenset(
    "brother sister son daughter father mother wife husband widow widower nephew niece cousin "
    "uncle aunt grandson granddaughter grandfather grandmother stepson stepfather in-law "
    "brother-in-law son-in-law".split()
)
_DEATH = re.compile(
    r"\b(?:late|slain|dead|deceased|died|dies|killed|assassinated|executed|murdered|death|"
    r"funeral|buried|martyred)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:(?:vice|deputy|assistant|acting|former|ex)[\s-]+)?(?:(?:prime|foreign|defen[cs]e|"
    r"interior|finance|health|justice|information)\s+)?(?:president|minister|premier|"
    r"chancellor|spokes(?:man|woman|person)|commander(?:-in-chief)?|general|colonel|"
    r"governor|mayor|senator|ambassador|secretary|director|chairman|chairwoman|chair|ceo|"
    r"leader|head|chief|founder|king|queen|emir|judge|editor|correspondent|reporter|"
    r"officer|official|envoy|adviser|advisor|member|lawyer|attorney|prosecutor|coach|"
    r"captain|manager|actor|actress|singer|mp|lawmaker|legislator|councill?or)\b",
    re.I,
)
# Offices too generic to contradict another: a spokesman is also a member and an official.
_GENERIC_ROLES = frozenset(
    "leader head chief member official officer founder adviser advisor director manager".split()
)
_ACTIVITY_VERBS = frozenset(
    "say tell announce tweet deny claim confirm insist add vow warn state urge accuse call "
    "reject dismiss write speak order lead visit meet sign threaten promise declare".split()
)
