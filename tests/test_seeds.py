"""Real behaviour on the five reference articles in ../shared/data/seeds (skipped if absent)."""

from __future__ import annotations


def test_seeds_read_and_analysed(seeds_result):
    assert len(seeds_result.articles) == 5
    assert seeds_result.summary.claims > 10
    published = {a.published for a in seeds_result.articles}
    assert "2021-09-03T13:43" in published and "2021-09-06T11:43" in published


def test_taliban_denial_attaches_to_the_drone_strike_claim(seeds_result):
    drone = [
        c
        for c in seeds_result.claims
        if any("drones" in m.text.lower() and "Panjshir" in m.text for m in c.mentions)
    ]
    assert drone, "no drone-strike claim"
    disputed = [c for c in drone if c.status == "disputed"]
    assert disputed, "the Taliban's denial of the strikes was not linked"
    deniers = {m.speaker for c in disputed for m in c.mentions if m.polarity == "denies"}
    assert "Taliban" in deniers
    assert max(c.independent_origins for c in drone) >= 2


def test_pronoun_and_reported_speakers(seeds_result):
    mentions = [m for c in seeds_result.claims for m in c.mentions]
    hand = [m for m in mentions if "working hand in hand" in m.text]
    assert hand and hand[0].speaker == "Ahmad Massoud"  # "He said that ..."
    told = [m for m in mentions if "smart bombs" in m.text]
    assert told and told[0].speaker == "Zia Arianjad" and told[0].hedged
    assert "Aamaj News" in told[0].via


def test_resistance_denies_the_conquest(seeds_result):
    denials = [m for c in seeds_result.claims for m in c.mentions if m.polarity == "denies"]
    assert any("conquered" in (m.denied_target or m.text) for m in denials)


def test_the_conquest_is_disputed_by_a_negated_account(seeds_result):
    conquest = [
        c
        for c in seeds_result.claims
        if any("conquered the Panjshir Valley" in m.text for m in c.mentions)
    ]
    assert conquest and conquest[0].status == "disputed"
    mentions = conquest[0].mentions
    assert any(m.polarity == "denies" and m.speaker == "Ahmad Massoud" for m in mentions)
