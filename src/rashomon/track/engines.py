"""Where a tracked run's work happens: in this process (the default), or on a Ray cluster.

Both engines run the same stages and write through the same store, so they give the same
stories and analyses. With Ray (``pip install rashomon[ray]``):

* per-article work (spaCy, then the per-article extraction) runs as Ray Data ``map_batches``
  over a pool of actors, each loading spaCy and the ONNX models once;
* each story's analysis runs as a Ray task; a task reads the vectors and stance readings the
  store keeps (read-only: the store file must be reachable from the workers, as on one machine
  or a shared disk) and returns what it computed;
* this process alone writes: it commits each story as its task finishes, in the store's
  all-or-nothing transaction. A story another writer changed meanwhile is added again here.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..model import AnalysisResult, Article, IngestResult, to_dict
from ..store import AddOutcome, Prepared, Store, analyse
from ..store.codec import doc_to_bytes, from_dict

ENGINES = ("local", "ray")
Done = Callable[[str, AnalysisResult | None, AddOutcome], None]


class EngineMissingError(RuntimeError):
    """Ray is not installed: say how to get it."""


# New articles parsed together by the local engine: from 200 texts on, annotate parses on a
# pool of processes; a bounded chunk keeps only its own Docs in memory.
PARSE_CHUNK = 256


def new_articles(store: Store, groups: Mapping[str, IngestResult]) -> list[Article]:
    """The articles of ``groups`` their stories do not hold yet, each once."""
    held = {n: set(store.article_ids(n)) for n in groups if store._story(n) is not None}
    todo = [a for n, r in groups.items() for a in r.articles if a.id not in held.get(n, ())]
    return list({a.id: a for a in todo}.values())


def per_article(articles: Sequence[Article]) -> dict[str, tuple[str, bytes]]:
    """Each article's per-article result and Doc, as the store keeps them, by id."""
    from .. import nlp
    from ..pipeline import extract_article, parse_articles

    lang = nlp.load()
    out: dict[str, tuple[str, bytes]] = {}
    for art, doc in zip(articles, parse_articles(articles, lang=lang)):
        pa = extract_article(art, doc, lang)
        out[art.id] = (json.dumps(to_dict(pa), ensure_ascii=False), doc_to_bytes(doc))
    return out


def _chunks(groups: Mapping[str, IngestResult], size: int) -> list[list[str]]:
    """Story names in order, in runs holding at least ``size`` articles (the last may hold
    fewer)."""
    out: list[list[str]] = [[]]
    count = 0
    for name, read in groups.items():
        if count >= size:
            out.append([])
            count = 0
        out[-1].append(name)
        count += len(read.articles)
    return [c for c in out if c]


def _prepare(
    store: Store, name: str, read: IngestResult, parsed: Mapping[str, tuple[str, bytes]], done: Done
) -> tuple[Prepared, AnalysisResult | None] | None:
    """A story's add up to its analysis, and its analysis before; None (and ``done`` told)
    when the story has nothing new."""
    before = store.result(name) if store._story(name) is not None else None
    prep = store.prepare(name, read, parsed=parsed)
    if prep.unchanged is not None:
        done(name, before, prep.outcome(prep.unchanged))
        return None
    return prep, before


def run_local(store: Store, groups: Mapping[str, IngestResult], done: Done) -> None:
    """In this process: a chunk of stories' new articles parsed together (on annotate's
    process pool when there are enough), then each story analysed and committed in turn."""
    for chunk in _chunks(groups, PARSE_CHUNK):
        part = {n: groups[n] for n in chunk}
        parsed = per_article(new_articles(store, part))
        for name, read in part.items():
            if (started := _prepare(store, name, read, parsed, done)) is None:
                continue
            prep, before = started
            result, fresh = analyse(prep, store.path, conn=store._conn())
            # None: another writer changed the story meanwhile; add it again from scratch.
            done(name, before, store.finish(prep, result, fresh) or store.add(name, read))


class ArticleWorker:
    """A Ray Data actor: spaCy and the models loaded once, then articles parsed and extracted
    in batches; returns each article's per-article result and Doc as the store keeps them."""

    def __init__(self) -> None:
        from .. import nlp

        nlp.load()  # once per actor: per_article's later loads are cached

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, list[Any]]:
        articles = [from_dict(Article, json.loads(str(x))) for x in batch["article"]]
        done = per_article(articles)
        return {
            "id": [a.id for a in articles],
            "analysis": [done[a.id][0] for a in articles],
            "doc": [done[a.id][1] for a in articles],
        }


def _analyse_task(prep: Prepared, db: str) -> tuple[AnalysisResult, Any]:
    return analyse(prep, db)


class RayEngine:
    """The Ray engine: a local Ray on this machine, or the cluster at ``address``."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise EngineMissingError("--engine ray needs Ray: pip install 'rashomon[ray]'") from exc
        self.ray = ray
        self.workers = workers
        if not ray.is_initialized():
            quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
            if address:
                ray.init(address=address, **quiet)
            else:
                ray.init(num_cpus=workers, include_dashboard=False, **quiet)
        self.pool = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))

    def parse(
        self, articles: Sequence[Article], quiet: bool = True
    ) -> dict[str, tuple[str, bytes]]:
        """Per-article results of ``articles`` by id, computed by the actor pool."""
        if not articles:
            return {}
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = not quiet
        if quiet:
            logging.getLogger("ray.data").setLevel(logging.WARNING)
        items = [{"article": json.dumps(to_dict(a), ensure_ascii=False)} for a in articles]
        ds = ray.data.from_items(items, override_num_blocks=min(len(items), self.pool * 4))
        pool = ray.data.ActorPoolStrategy(size=self.pool)
        rows = ds.map_batches(ArticleWorker, batch_size=4, compute=pool, num_cpus=1).take_all()
        return {str(r["id"]): (str(r["analysis"]), bytes(r["doc"])) for r in rows}

    def run(
        self, store: Store, groups: Mapping[str, IngestResult], done: Done, quiet: bool = True
    ) -> None:
        """Parse every new article on the pool, analyse each story as a task, commit here."""
        parsed = self.parse(new_articles(store, groups), quiet)
        task = self.ray.remote(num_cpus=1)(_analyse_task)
        pending: dict[Any, tuple[str, Prepared, AnalysisResult | None]] = {}
        for name, read in groups.items():
            if (started := _prepare(store, name, read, parsed, done)) is None:
                continue
            prep, before = started
            slim = dataclasses.replace(prep, pending=None)  # the rows to write stay here
            pending[task.remote(slim, str(store.path))] = (name, prep, before)
        while pending:
            ready, _ = self.ray.wait(list(pending), num_returns=1)
            name, prep, before = pending.pop(ready[0])
            result, fresh = self.ray.get(ready[0])
            outcome = store.finish(prep, result, fresh)
            if outcome is None:  # another writer changed the story meanwhile: redo it here
                outcome = store.add(name, groups[name])
            done(name, before, outcome)
