"""The story tracker: demo articles are one story, unrelated news another; state round-trips."""

from __future__ import annotations

import json
import re

import pytest

from rashomon.model import Article
from rashomon.track import StoryTracker, story_name
from rashomon.track.features import names, words

# An unrelated story (invented): a ferry fire in a harbour, told by three outlets.
FERRY = [
    (
        "Ferry fire in Lindholm harbour forces evacuation of 300 passengers",
        "A fire broke out on the passenger ferry Nordlys Star in Lindholm harbour on Tuesday "
        "morning, forcing the evacuation of about 300 passengers and crew, the Lindholm port "
        "authority said. Firefighters from Lindholm and nearby Brekke brought the blaze in the "
        "engine room under control after two hours. Eleven people were treated for smoke "
        "inhalation. The ferry operator, Skagen Line, said the cause was under investigation.",
    ),
    (
        "Skagen Line suspends Nordlys Star sailings after engine-room blaze",
        "Skagen Line has suspended all sailings of the Nordlys Star after a blaze in its engine "
        "room in Lindholm harbour. The port authority in Lindholm said the ferry's 300 "
        "passengers were taken ashore by lifeboat and tug. Investigators from the maritime "
        "accident board arrived in Lindholm on Wednesday to examine the ferry's engines, "
        "and the operator said replacement ferries would run to Brekke from Friday.",
    ),
    (
        "Investigators board fire-damaged Lindholm ferry",
        "Maritime accident investigators boarded the fire-damaged ferry Nordlys Star in "
        "Lindholm on Wednesday. The Skagen Line vessel caught fire in the engine room as it "
        "prepared to sail for Brekke; all passengers were evacuated and eleven were treated "
        "for smoke inhalation, according to the Lindholm port authority. A fuel leak near a "
        "generator is one line of inquiry, a spokeswoman for the investigators said.",
    ),
]


@pytest.fixture(scope="module")
def demo_articles() -> list[Article]:
    from rashomon.demo import article_paths
    from rashomon.ingest import read_paths

    return read_paths(article_paths()).articles


def ferry_articles() -> list[Article]:
    return [
        Article(id=f"ferry-{i}", path=f"ferry-{i}", text=text, source_text=text, title=title)
        for i, (title, text) in enumerate(FERRY)
    ]


def test_cheap_features() -> None:
    text = "Officials said the Taliban took Panjshir. Ahmad Massoud denied it. The Taliban's claim"
    assert "officials" not in names(text)  # a sentence's first word, no name elsewhere
    assert {"taliban", "panjshir", "massoud"} <= set(names(text))
    assert "said" not in words(text) and "panjshir" in words(text)


def test_demo_threads_are_stories_of_their_own(demo_articles: list[Article]) -> None:
    """Stories are as narrow as the training stories (one event or claim each, as FNC-1 and
    ECB+ define them): the demo's drone strike reports are one story, the reports of the rebel
    commander's death one story; a desk following the whole conflict merges them
    (``rashomon merge``)."""
    keys = StoryTracker().assign_many(demo_articles)
    drone = {k for a, k in zip(demo_articles, keys) if "drone" in (a.title or "").lower()}
    death = {k for a, k in zip(demo_articles, keys) if "Brodny" in (a.title or "")}
    assert len(drone) == 1 and len(death) == 1
    assert len(set(keys)) <= 2


def test_two_unrelated_stories_split(demo_articles: list[Article]) -> None:
    ferry = ferry_articles()
    stream = [*demo_articles[:3], ferry[0], *demo_articles[3:], *ferry[1:]]
    tracker = StoryTracker()
    keys = dict(zip([a.id for a in stream], tracker.assign_many(stream)))
    demo_keys = {keys[a.id] for a in demo_articles}
    ferry_keys = {keys[a.id] for a in ferry}
    assert len(ferry_keys) == 1
    assert not demo_keys & ferry_keys  # no story mixes the two events
    assert len(demo_keys) <= 2  # (see test_demo_threads_are_stories_of_their_own)
    listed = tracker.story_articles()
    assert sorted(listed[ferry_keys.pop()]) == sorted(a.id for a in ferry)


def test_reprint_joins_its_original() -> None:
    ferry = ferry_articles()
    tracker = StoryTracker()
    first = tracker.assign(ferry[0])
    tracker.assign(Article(id="other", path="o", text="Stock markets rose.", source_text=""))
    reprint = Article(
        id="reprint",
        path="r",
        text=ferry[0].text + " Reporting by staff; editing by the desk.",
        source_text="",
        outlet="Another Paper",
    )
    assert tracker.assign(reprint) == first


def test_state_round_trip_gives_identical_assignments(demo_articles: list[Article]) -> None:
    ferry = ferry_articles()
    stream = [*demo_articles, *ferry]
    first, rest = stream[:4], stream[4:]
    tracker = StoryTracker()
    tracker.assign_many(first)
    state = json.loads(json.dumps(tracker.to_state()))  # must be JSON-safe
    restored = StoryTracker.from_state(state)
    assert restored.to_state() == tracker.to_state()
    assert restored.assign_many(rest) == tracker.assign_many(rest)
    assert restored.story_articles() == tracker.story_articles()


def test_quiet_stories_close_and_candidates_stay_few() -> None:
    from dataclasses import replace

    tracker = StoryTracker()
    tracker.settings = replace(tracker.settings, close_after_days=3)
    tracker.model = replace(tracker.model, threshold=1.01)  # every article a story of its own
    for i in range(30):  # 30 different one-article stories, one a day
        day = i + 1
        text = f"Zorblax{i} Quintor{i} announced the Vellum{i} accord in Harth{i}."
        a = Article(id=f"a{i}", path="", text=text, source_text="", published=f"2024-01-{day:02d}")
        tracker.assign(a)
    open_stories = [s for s in tracker.stories.values() if s.open]
    assert len(tracker.stories) == 30
    assert len(open_stories) <= 4  # only those updated within the last three days
    assert tracker.candidates_scored <= 30 * 5


def test_story_names_are_readable_and_unique(demo_articles: list[Article]) -> None:
    tracker = StoryTracker()
    key = tracker.assign_many(demo_articles)[0]
    name = tracker.story_name(key)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", name)
    assert tracker.story_name(key, existing={name}) == f"{name}-2"
    assert story_name({"Ahmad Massoud": 3.0, "Taliban": 5.0}, {}, ()) == "taliban-ahmad-massoud"
    assert story_name({}, {}, {"story"}) == "story-2"
    long = story_name({"x" * 80: 1.0}, {}, {"x" * 64})
    assert len(long) <= 64 and long.endswith("-2")
