"""A user's corrections to the stories the finder made: merge and split.

The store moves the articles and re-analyses the stories (:func:`rashomon.store.tracking.regroup`,
all or nothing); the finder is then told, so the next ``rashomon track`` follows the user's
stories: after a merge, every finder story that fed the merged ones feeds the one they became;
after a split, the moved articles form a finder story of their own, so articles like them go
to the new story.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import AnalysisResult, Article
from ..store import Store, StoreError, UnknownStoryError
from ..store import tracking as saved
from .clustering import StoryTracker
from .features import featurize


def merge(store: Store, stories: Sequence[str], into: str) -> AnalysisResult:
    """Move every article of ``stories`` into ``into`` (one of them or a new name)."""
    names = list(dict.fromkeys(stories))
    for name in names:
        if store._story(name) is None:
            raise UnknownStoryError(store._unknown(name))
    ids = [a for name in names for a in store.article_ids(name)]
    if store._story(into) is not None and into not in names:
        names.append(into)
        ids = store.article_ids(into) + ids
    plan: dict[str, Sequence[str]] = {n: [] for n in names}
    plan[into] = list(dict.fromkeys(ids))
    state, keys = saved.load_state(store)
    finder = None
    if state is not None:
        finder = (state, {k: into if v in names else v for k, v in keys.items()})
    return saved.regroup(store, plan, finder)[into]


def _article_ids(held: Sequence[Article], story: str, articles: Sequence[str]) -> list[str]:
    """Ids of ``articles`` (ids, paths, or file names when unique) of ``story``, which holds
    ``held``, in the order given."""
    path_of = {a.id: a.path for a in held}
    by_path = {p: i for i, p in path_of.items()}
    by_name: dict[str, list[str]] = {}
    for i, p in path_of.items():
        by_name.setdefault(Path(p.split(":", 1)[0]).name, []).append(i)
    out = []
    for a in articles:
        named = by_name.get(a, [])
        found = a if a in path_of else by_path.get(a, named[0] if len(named) == 1 else None)
        if found is None:
            raise StoreError(f"story {story!r} holds no article {a!r}")
        out.append(found)
    return list(dict.fromkeys(out))


def split(
    store: Store, story: str, articles: Sequence[str], into: str
) -> tuple[AnalysisResult, AnalysisResult]:
    """Move ``articles`` (ids or paths) of ``story`` to the new story ``into``."""
    if store._story(story) is None:
        raise UnknownStoryError(store._unknown(story))
    if store._story(into) is not None:
        raise StoreError(f"a story named {into!r} already exists; split into a new name")
    held = [r.article for r in store._rows(store._story(story)[0])]  # type: ignore[index]
    moved = _article_ids(held, story, articles)
    kept = [a.id for a in held if a.id not in set(moved)]
    if not kept:
        raise StoreError("a split must leave at least one article in the story")
    rows = {a.id: a for a in held}
    state, names = saved.load_state(store)
    finder = None
    if state is not None:
        # The finder's new state is worked out first, and written with the stories.
        tracker = StoryTracker.from_state(state)
        by_key: dict[str, list] = {}
        for f in featurize([rows[i] for i in moved]):
            key = tracker.story_of(f.article_id)
            if key is not None:
                by_key.setdefault(key, []).append(f)
        for key, feats in by_key.items():
            names[tracker.split(key, feats)] = into
        finder = (tracker.to_state(), names)
    results = saved.regroup(store, {story: kept, into: moved}, finder)
    return results[story], results[into]
