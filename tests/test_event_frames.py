"""Event frames: the per-article reading of who did what where, and the story settling it."""

from __future__ import annotations

import json

from rashomon.extract import event_frames
from rashomon.model import ClaimMention, EventFrame, to_dict
from rashomon.store.codec import from_dict
from rashomon.story import events


def _mention(mid: str, text: str, sentence: str | None = None, **kw) -> ClaimMention:
    sentence = sentence or text
    start = sentence.index(text)
    fields = dict(
        id=mid, article_id="a", sentence_index=0, sentence=sentence, start=start,
        end=start + len(text), text=text, orig_start=start, orig_end=start + len(text),
        speaker=None, speaker_kind="outlet", via=[], cue=None, hedged=False, hedging="asserted",
        polarity="asserts", origin="a",
    )  # fmt: skip
    fields.update(kw)
    return ClaimMention(**fields)


def test_frame_reads_actor_target_and_place(nlp):
    m = _mention("m1", "Rebel fighters shelled an army checkpoint near Mereth on Sunday")
    (f,) = event_frames.frames_for_article([m], nlp)
    assert f.mention_id == "m1" and f.event_type == "shelling"
    assert any(a.noun and a.noun.lower() == "rebel fighters" for a in f.actors)
    assert f.targets[0].startswith("army checkpoint")  # the parse may keep "near Mereth"
    assert "Mereth" in [p.text for p in f.places]


def test_passive_agent_is_the_actor(nlp):
    m = _mention("m1", "A bomb was planted by KLF sympathisers in the market of Veyla")
    (f,) = event_frames.frames_for_article([m], nlp)
    nouns = [a.noun for a in f.actors if a.noun]
    assert any("sympathisers" in n for n in nouns)


def test_no_frame_for_negated_intended_or_proposed_events(nlp):
    texts = [
        "The army did not attack the village",  # negated
        "The rebels want to seize the road",  # an intention
        "The minister proposed talks in Maravel",  # proposed, not held
        "The weather in Veyla was mild",  # no event of the ontology
    ]
    ms = [_mention(f"m{i}", t) for i, t in enumerate(texts)]
    assert event_frames.frames_for_article(ms, nlp) == []


def test_a_date_is_no_target(nlp):
    m = _mention("m1", "Drones struck the depot on Sunday")
    (f,) = event_frames.frames_for_article([m], nlp)
    assert f.targets == ["depot"]


def test_statement_places_come_before_sentence_places(nlp):
    sentence = "In Brenmark, officials said the militants shelled the market"
    m = _mention("m1", "the militants shelled the market", sentence)
    (f,) = event_frames.frames_for_article([m], nlp)
    assert f.places == []  # the statement names no place ...
    assert "Brenmark" in [p.text for p in f.sentence_places]  # ... its sentence does


def test_frames_survive_json_like_the_store_keeps_them(nlp):
    m = _mention("m1", "Government troops shelled the town of Veyla on Monday")
    frames = event_frames.frames_for_article([m], nlp)
    back = [from_dict(EventFrame, json.loads(json.dumps(to_dict(f)))) for f in frames]
    assert back == frames


def test_story_settles_possessive_actor_to_the_speakers_side():
    m = _mention("m1", "His fighters captured the pass", speaker="Tarin Vos", affiliation="KLF")
    frame = EventFrame("m1", "capture", [event_frames.ActorCandidate([], True, "fighters")])
    names = events._Names([])
    assert names.actor(frame.actors[0], m) == ["KLF"]
    alone = _mention("m2", "His fighters captured the pass")
    assert names.actor(frame.actors[0], alone) == ["fighters"]


def test_story_type_outvotes_a_sentence_ner_label():
    from rashomon.model import Entity, PlaceCandidate

    ents = [Entity("E1", "Mereth", "GPE", aliases=[])]
    names = events._Names(ents)
    cands = [PlaceCandidate("Mereth", "DATE"), PlaceCandidate("Sunday", None)]
    assert names.places(cands, actors=[]) == ["Mereth"]
    assert names.places(cands, actors=["Mereth"]) == []
