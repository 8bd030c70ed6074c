"""Online clustering of a stream of articles into stories (after Miranda et al. 2018).

Each article is compared with a few candidate stories only: those sharing one of its rarest
names or words (an inverted index over open stories) and the few nearest by embedding. A
small logistic model turns (embedding, word and name similarity, time gap, story size) into the
probability that the article belongs to the story; below the threshold it starts a new story.
Stories that go quiet close (by date, or for undated streams after a number of articles), so
the cost of an assignment depends on the open stories, never on the stream's length.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Article
from .features import Features, featurize, sublinear
from .naming import story_name

WEIGHTS = "story-tracker.json"
FEATURES = ("embedding_cos", "token_cos", "name_cos", "name_overlap", "log_gap_days", "log_size")
DIM = 384


@dataclass
class Settings:
    """How far the tracker looks; defaults chosen on the dev splits (see the README)."""

    close_after_days: float = 7.0
    close_after_articles: int = 2000
    index_candidates: int = 10  # stories from the inverted index, best idf overlap first
    embedding_candidates: int = 5  # plus the nearest open stories by embedding
    query_terms: int = 10  # an article's rarest words (and, as many, names) looked up
    # Documents assumed seen before the stream, containing none of its words: early in a stream
    # every word of its first story is in every article, and without a prior the words that
    # make the story would weigh least.
    idf_prior_docs: int = 1000


@dataclass
class PairModel:
    """Logistic regression over :data:`FEATURES`, on standardised inputs."""

    weights: list[float]
    bias: float
    mean: list[float]
    scale: list[float]
    threshold: float = 0.5
    features: list[str] = field(default_factory=lambda: list(FEATURES))

    def probability(self, x: np.ndarray) -> np.ndarray:
        z = ((x - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights)
        return 1.0 / (1.0 + np.exp(-(z + self.bias)))

    @classmethod
    def load(cls, path: Path | None = None) -> tuple[PairModel, Settings]:
        """The shipped weights (``resources/story-tracker.json``) or those at ``path``."""
        if path is None:
            text = (resources.files("rashomon") / "resources" / WEIGHTS).read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        data = json.loads(text)
        return cls(**data["model"]), Settings(**data.get("settings", {}))


@dataclass
class Story:
    """A cluster: summed embeddings, summed (sublinear) word and name counts, span and size."""

    key: str
    centroid: np.ndarray
    tokens: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    articles: list[str] = field(default_factory=list)
    first_day: int | None = None
    last_day: int | None = None
    last_seq: int = 0
    indexed: set[str] = field(default_factory=set)
    open: bool = True
    # TF-IDF norms of the word and name vectors, under the IDF of the story's last update
    # (recomputing them for every comparison would cost the story's whole vocabulary each time).
    token_norm: float = 0.0
    name_norm: float = 0.0

    @property
    def size(self) -> int:
        return len(self.articles)


class StoryTracker:
    """Assigns articles to stories, one at a time, keeping only what the next one needs."""

    def __init__(
        self,
        model: PairModel | None = None,
        settings: Settings | None = None,
        embed: Callable[[list[str]], np.ndarray] | None = None,
    ) -> None:
        if model is None:
            model, shipped = PairModel.load()
            settings = settings or shipped
        self.model = model
        self.settings = settings or Settings()
        self.embed = embed
        self.stories: dict[str, Story] = {}
        self.df_tokens: Counter[str] = Counter()
        self.df_names: Counter[str] = Counter()
        self.seen = 0  # articles observed
        self.max_day: int | None = None
        self.fingerprints: dict[str, str] = {}
        self._next = 1
        self._story_of: dict[str, str] = {}  # article id -> story key: a re-run changes nothing
        self._open: OrderedDict[str, None] = OrderedDict()  # least recently updated first
        self._index: dict[str, set[str]] = {}
        self._rows: dict[str, int] = {}  # open story -> row of _mat
        self._row_keys: list[str] = []
        self._mat = np.zeros((0, DIM), dtype=np.float32)
        self.candidates_scored = 0
        self.assign_seconds = 0.0

    # ---------------------------------------------------------------- the public interface

    def assign(self, article: Article) -> str:
        """The key of the story ``article`` joins (a new story's, when none fits)."""
        return self.assign_many([article])[0]

    def assign_many(self, articles: Sequence[Article]) -> list[str]:
        """:meth:`assign` for each article in order, embedding them in one batch."""
        return [self.assign_features(f) for f in featurize(articles, self.embed)]

    def assign_features(self, f: Features) -> str:
        if f.article_id in self._story_of:
            return self._story_of[f.article_id]  # seen before: counted once, where it went
        start = time.perf_counter()
        self.observe(f)
        key = self.fingerprints.get(f.fingerprint) if f.fingerprint else None
        if key is None:
            found = self.candidates(f)
            self.candidates_scored += len(found)
            if found:
                probs = self.model.probability(np.array([x for _, x in found]))
                best = int(np.argmax(probs))
                if probs[best] >= self.model.threshold:
                    key = found[best][0]
        key = self.add(f, key)
        self.assign_seconds += time.perf_counter() - start
        return key

    def story_of(self, article_id: str) -> str | None:
        """The key of the story an article was assigned to, if it was."""
        return self._story_of.get(article_id)

    def story_articles(self) -> dict[str, list[str]]:
        """Story key -> its article ids, in arrival order (open and closed stories)."""
        return {k: list(s.articles) for k, s in self.stories.items()}

    def story_name(self, key: str, existing: Collection[str] = ()) -> str:
        """A readable name for story ``key`` from its rarest frequent names, unique."""
        s = self.stories[key]
        names = {w: c * self._idf(w, self.df_names) for w, c in s.names.items()}
        tokens = {w: c * self._idf(w, self.df_tokens) for w, c in s.tokens.items()}
        return story_name(names, tokens, existing)

    def split(self, key: str, moved: Sequence[Features]) -> str:
        """Move these articles of story ``key`` to a new story (a user's split); its key.

        Their share of the old story's vectors is taken out, so the next article like them
        goes to the new story, and reprints of them follow.
        """
        old = self.stories[key]
        ids = {f.article_id for f in moved if f.article_id in set(old.articles)}
        for f in moved:
            if f.article_id in ids:
                old.centroid = old.centroid - f.embedding
                old.tokens.subtract(sublinear(f.tokens))
                old.names.subtract(sublinear(f.names))
        # Float sums leave crumbs where a word's weight went to zero.
        old.tokens = Counter({w: c for w, c in old.tokens.items() if c > 1e-9})
        old.names = Counter({w: c for w, c in old.names.items() if c > 1e-9})
        old.articles = [a for a in old.articles if a not in ids]
        old.token_norm = self._norm(old.tokens, self.df_tokens)
        old.name_norm = self._norm(old.names, self.df_names)
        if old.key in self._rows:
            self._touch(old, ())  # its embedding row, without the moved articles
        new: str | None = None
        for f in moved:
            if f.article_id in ids:
                new = self.add(f, new)
                if f.fingerprint:
                    self.fingerprints[f.fingerprint] = new
        if new is None:
            raise ValueError(f"story {key!r} holds none of the articles to move")
        return new

    # ---------------------------------------------------------------- the steps of assign

    def observe(self, f: Features) -> None:
        """Count the article into document frequencies and the clock; close quiet stories."""
        self.seen += 1
        self.df_tokens.update(f.tokens.keys())
        self.df_names.update(f.names.keys())
        if f.day is not None:
            self.max_day = f.day if self.max_day is None else max(self.max_day, f.day)
        self._close_quiet()

    def candidates(self, f: Features) -> list[tuple[str, np.ndarray]]:
        """(story key, pair features) for the open stories worth scoring."""
        keys = self._index_candidates(f)
        if len(self._row_keys):
            sims = self._mat @ f.embedding
            n = min(self.settings.embedding_candidates, len(sims))
            rows = np.argpartition(-sims, n - 1)[:n]
            for row in sorted(rows, key=lambda r: (-float(sims[r]), self._row_keys[r])):
                if self._row_keys[row] not in keys:
                    keys.append(self._row_keys[row])
        return [(k, self.pair_features(f, self.stories[k])) for k in keys]

    def add(self, f: Features, key: str | None) -> str:
        """Put the article into story ``key`` (a new story when None or unknown)."""
        story = self.stories.get(key) if key is not None else None
        if story is None:
            key = key or f"s{self._next}"
            self._next += 1
            story = self.stories[key] = Story(key, np.zeros(DIM, dtype=np.float32))
        if not story.open:
            story.open = True  # a reprint of an old article reopens its story
        story.centroid = story.centroid + f.embedding
        story.tokens.update(sublinear(f.tokens))
        story.names.update(sublinear(f.names))
        story.articles.append(f.article_id)
        self._story_of[f.article_id] = story.key
        story.last_seq = self.seen
        story.token_norm = self._norm(story.tokens, self.df_tokens)
        story.name_norm = self._norm(story.names, self.df_names)
        if f.day is not None:
            story.first_day = f.day if story.first_day is None else min(story.first_day, f.day)
            story.last_day = f.day if story.last_day is None else max(story.last_day, f.day)
        if f.fingerprint:
            self.fingerprints.setdefault(f.fingerprint, story.key)
        self._touch(story, self._query_terms(f))
        return story.key

    def pair_features(self, f: Features, s: Story) -> np.ndarray:
        """The model's inputs for (article, story), in the order of :data:`FEATURES`."""
        norm = float(np.linalg.norm(s.centroid)) or 1.0
        gap = 0.0
        if f.day is not None and s.first_day is not None and s.last_day is not None:
            gap = max(0, s.first_day - f.day, f.day - s.last_day)
        return np.array(
            [
                float(f.embedding @ s.centroid) / norm,
                self._cosine(f.tokens, s.tokens, s.token_norm, self.df_tokens),
                self._cosine(f.names, s.names, s.name_norm, self.df_names),
                self._overlap(f.names, s.names, self.df_names),
                math.log1p(gap),
                math.log1p(s.size),
            ],
            dtype=np.float64,
        )

    # ---------------------------------------------------------------- internals

    def _idf(self, term: str, df: Counter[str]) -> float:
        n = self.seen + self.settings.idf_prior_docs
        return math.log((n + 1) / (df.get(term, 0) + 1)) + 1.0

    def _norm(self, weights: Counter[str], df: Counter[str]) -> float:
        return math.sqrt(sum((w * self._idf(t, df)) ** 2 for t, w in weights.items()))

    def _cosine(
        self, counts: Counter[str], story: Counter[str], story_norm: float, df: Counter[str]
    ) -> float:
        """TF-IDF cosine: the article's side under today's IDF, the story's norm as cached."""
        if not counts or not story or story_norm <= 0:
            return 0.0
        a = {t: w * self._idf(t, df) for t, w in sublinear(counts).items()}
        dot = sum(w * story.get(t, 0.0) * self._idf(t, df) for t, w in a.items())
        na = math.sqrt(sum(w * w for w in a.values()))
        return min(1.0, dot / (na * story_norm)) if dot > 0 else 0.0

    def _overlap(self, counts: Counter[str], story: Counter[str], df: Counter[str]) -> float:
        """The IDF-weighted share of the article's names the story has named before: a new
        development brings new names, but keeps most of the old ones."""
        total = sum(self._idf(t, df) for t in counts)
        shared = sum(self._idf(t, df) for t in counts if t in story)
        return shared / total if total else 0.0

    def _query_terms(self, f: Features) -> list[str]:
        """The article's rarest words and names, as index keys ("n:" names, "t:" words)."""
        k = self.settings.query_terms
        toks = sorted(f.tokens, key=lambda t: (-self._idf(t, self.df_tokens) * f.tokens[t], t))
        nams = sorted(f.names, key=lambda t: (-self._idf(t, self.df_names) * f.names[t], t))
        return [f"t:{t}" for t in toks[:k]] + [f"n:{t}" for t in nams[:k]]

    def _index_candidates(self, f: Features) -> list[str]:
        hits: Counter[str] = Counter()
        for term in self._query_terms(f):
            df = self.df_names if term.startswith("n:") else self.df_tokens
            for key in self._index.get(term, ()):
                hits[key] += self._idf(term[2:], df)
        # Ties broken by key, never by set order (which changes between processes).
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))
        return [k for k, _ in ranked[: self.settings.index_candidates]]

    def _touch(self, story: Story, terms: Iterable[str]) -> None:
        """Mark ``story`` as just updated: index its new terms, refresh its embedding row."""
        self._open[story.key] = None
        self._open.move_to_end(story.key)
        for term in terms:
            if term not in story.indexed:
                story.indexed.add(term)
                self._index.setdefault(term, set()).add(story.key)
        norm = float(np.linalg.norm(story.centroid)) or 1.0
        row = self._rows.get(story.key)
        if row is None:
            row = self._rows[story.key] = len(self._row_keys)
            self._row_keys.append(story.key)
            self._mat = np.vstack([self._mat, np.zeros((1, DIM), dtype=np.float32)])
        self._mat[row] = story.centroid / norm

    def _is_quiet(self, s: Story) -> bool:
        if self.seen - s.last_seq > self.settings.close_after_articles:
            return True
        return (
            s.last_day is not None
            and self.max_day is not None
            and self.max_day - s.last_day > self.settings.close_after_days
        )

    def _close_quiet(self) -> None:
        """Close stories from the least recently updated on, while they are quiet."""
        while self._open:
            key = next(iter(self._open))
            story = self.stories[key]
            if not self._is_quiet(story):
                return
            self._close(story)

    def _close(self, story: Story) -> None:
        story.open = False
        self._open.pop(story.key, None)
        for term in story.indexed:
            keys = self._index.get(term)
            if keys is not None:
                keys.discard(story.key)
                if not keys:
                    del self._index[term]
        story.indexed.clear()
        row = self._rows.pop(story.key)
        last = len(self._row_keys) - 1
        if row != last:  # move the last row into the hole
            moved = self._row_keys[last]
            self._mat[row] = self._mat[last]
            self._row_keys[row] = moved
            self._rows[moved] = row
        self._row_keys.pop()
        self._mat = self._mat[:last]

    # ---------------------------------------------------------------- saving and loading

    def to_state(self) -> dict[str, Any]:
        """Everything needed to carry on later, as JSON-safe values."""
        return {
            "version": 1,
            "model": asdict(self.model),
            "settings": asdict(self.settings),
            "seen": self.seen,
            "max_day": self.max_day,
            "next": self._next,
            "df_tokens": dict(self.df_tokens),
            "df_names": dict(self.df_names),
            "fingerprints": dict(self.fingerprints),
            "open": list(self._open),  # least recently updated first
            "stories": [_story_state(s) for s in self.stories.values()],
        }

    @classmethod
    def from_state(
        cls, state: dict[str, Any], embed: Callable[[list[str]], np.ndarray] | None = None
    ) -> StoryTracker:
        """The tracker :meth:`to_state` saved; it assigns exactly as the saved one would."""
        t = cls(PairModel(**state["model"]), Settings(**state["settings"]), embed)
        t.seen, t.max_day, t._next = state["seen"], state["max_day"], state["next"]
        t.df_tokens = Counter(state["df_tokens"])
        t.df_names = Counter(state["df_names"])
        t.fingerprints = dict(state["fingerprints"])
        for d in state["stories"]:
            s = _story_from_state(d)
            t.stories[s.key] = s
            t._story_of.update(dict.fromkeys(s.articles, s.key))
        for key in state["open"]:
            s = t.stories[key]
            terms, s.indexed = sorted(s.indexed), set()
            t._touch(s, terms)
        return t


def _story_state(s: Story) -> dict[str, Any]:
    return {
        "key": s.key,
        "centroid": [float(x) for x in s.centroid],
        "tokens": dict(s.tokens),
        "names": dict(s.names),
        "articles": list(s.articles),
        "first_day": s.first_day,
        "last_day": s.last_day,
        "last_seq": s.last_seq,
        "indexed": sorted(s.indexed),
        "open": s.open,
        "token_norm": s.token_norm,
        "name_norm": s.name_norm,
    }


def _story_from_state(d: dict[str, Any]) -> Story:
    return Story(
        key=d["key"],
        centroid=np.asarray(d["centroid"], dtype=np.float32),
        tokens=Counter(d["tokens"]),
        names=Counter(d["names"]),
        articles=list(d["articles"]),
        first_day=d["first_day"],
        last_day=d["last_day"],
        last_seq=d["last_seq"],
        indexed=set(d["indexed"]),
        open=d["open"],
        token_norm=d["token_norm"],
        name_norm=d["name_norm"],
    )
