"""``rashomon track``: a stream of articles sorted into stories, each story's analysis kept
current in the story store.

One run: the finder (:class:`~rashomon.track.clustering.StoryTracker`, its state read back from
the store) assigns each article to a story, naming new stories after their main actors and
places; every story that received articles is re-analysed by the store's own add (only the
new articles are parsed); then the finder's state is saved, and the desk is exported as Parquet.

A run killed half-way loses nothing that was committed: each story's add is its own
transaction, and the finder's state is saved last. Run again on the same input, the finder
sends each article to the same story (an article it has seen goes where it went before) and
the store skips what it already holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import AnalysisResult, Article, IngestResult, Skipped
from ..store import AddOutcome, Store
from ..store import tracking as saved
from .clustering import StoryTracker

Progress = Callable[[str, int, int], None]


@dataclass
class StoryChange:
    """What one run did to one story."""

    story: str
    new: bool  # the story was not in the store before this run
    added: list[str] = field(default_factory=list)  # paths of the articles added
    duplicates: int = 0  # articles the story already held
    articles: int = 0  # in the story after the run
    claims: int = 0
    # Summaries of claims now disputed or conflicting that were not before this run.
    newly_disputed: list[str] = field(default_factory=list)


@dataclass
class TrackOutcome:
    """What a run did: the stories touched, and the inputs that gave no article."""

    changes: list[StoryChange]
    skipped: list[Skipped]
    stories: int  # in the store after the run
    parquet: dict[str, Path] = field(default_factory=dict)
    parquet_note: str | None = None  # why no Parquet was written


# What a desk wants to hear about first: a claim someone denies, or whose sources disagree on
# its details.
IN_DISPUTE = ("disputed", "conflicting")


def _disputed(result: AnalysisResult | None) -> set[str]:
    if result is None:
        return set()
    return {c.summary for c in result.claims if c.status in IN_DISPUTE}


def _notices_for(read: IngestResult, articles: list[Article]) -> list[Skipped]:
    paths = {a.path for a in articles}
    return [n for n in read.notices if n.path in paths]


def assign(store: Store, read: IngestResult) -> tuple[StoryTracker, dict[str, str], dict]:
    """The finder, its key -> story names, and each story's new articles in stream order.

    Nothing is written: a new story gets its name here and is created by its first add.
    """
    state, names = saved.load_state(store)
    tracker = StoryTracker.from_state(state) if state else StoryTracker()
    taken = {s.name for s in store.stories()} | set(names.values())
    groups: dict[str, list[Article]] = {}
    for article, key in zip(read.articles, tracker.assign_many(read.articles)):
        if key not in names:
            names[key] = tracker.story_name(key, taken)
            taken.add(names[key])
        groups.setdefault(names[key], []).append(article)
    return tracker, names, groups


def track(
    store: Store,
    read: IngestResult,
    *,
    progress: Progress | None = None,
    on_story: Callable[[StoryChange], None] | None = None,
    parquet: Path | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    workers: int | None = None,
) -> TrackOutcome:
    """Sort ``read``'s articles into the store's stories and re-analyse the stories touched.

    ``engine`` is "local" (this process) or "ray" (:mod:`rashomon.track.engines`; a local Ray
    with ``workers`` CPUs, or the cluster at ``ray_address``); both give the same stories.
    """
    tracker, names, groups = assign(store, read)
    reads = {n: IngestResult(arts, [], _notices_for(read, arts)) for n, arts in groups.items()}
    changes: list[StoryChange] = []
    if progress:
        progress("stories", 0, len(reads))

    def done(name: str, before: AnalysisResult | None, outcome: AddOutcome) -> None:
        result = outcome.result
        change = StoryChange(
            story=name,
            new=before is None,
            added=[a.path for a in outcome.added],
            duplicates=len(outcome.duplicates),
            articles=len(result.articles),
            claims=len(result.claims),
            newly_disputed=sorted(_disputed(result) - _disputed(before)),
        )
        changes.append(change)
        if progress:
            progress("stories", len(changes), len(reads))
        if on_story:
            on_story(change)

    if engine == "ray":
        from .engines import RayEngine

        quiet = progress is None
        RayEngine(ray_address, workers).run(store, reads, done, quiet=quiet)
    elif engine == "local":
        from .engines import run_local

        run_local(store, reads, done)
    else:
        raise ValueError(f"unknown engine {engine!r}: local or ray")
    saved.save_state(store, tracker.to_state(), names)
    out = TrackOutcome(changes, list(read.skipped), len(store.stories()))
    if parquet is not None:
        out.parquet, out.parquet_note = export_parquet(store, parquet)
    return out


def story_rows(store: Store) -> Any:
    """(story row, analysis) for each story of the store, one at a time."""
    for info in store.stories():
        result = store.result(info.name)
        # The label: the three entities the story mentions most.
        top = sorted(result.entities, key=lambda e: -len(e.mentions))[:3]
        label = ", ".join(e.name for e in top)
        row = {
            "name": info.name,
            "label": label,
            "articles": info.articles,
            "claims": info.claims,
            "disputed": len(_disputed(result)),
            "created": info.created,
            "updated": info.updated,
        }
        yield row, result


def export_parquet(store: Store, outdir: Path) -> tuple[dict[str, Path], str | None]:
    """Every story of the store as Parquet tables; ({}, why) when pyarrow is missing."""
    from ..outputs.parquet import ParquetMissingError, write_parquet

    try:
        return write_parquet(story_rows(store), outdir), None
    except ParquetMissingError as exc:
        return {}, str(exc)


def default_parquet_dir(db: Path) -> Path:
    """Beside the store: ``stories.db`` -> ``stories-parquet/``."""
    return db.with_name(f"{db.stem}-parquet")
