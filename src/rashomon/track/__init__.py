"""Finding stories in a stream of articles: online clustering (:mod:`.clustering`)."""

from __future__ import annotations

from .clustering import FEATURES, PairModel, Settings, Story, StoryTracker
from .naming import story_name

__all__ = ["FEATURES", "PairModel", "Settings", "Story", "StoryTracker", "story_name"]
