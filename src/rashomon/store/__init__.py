"""The story store: named stories in one SQLite file, re-analysed incrementally.

A story is a list of articles (in the order they were added) and the analysis of all of them.
Each article row keeps what the article yields on its own -- the :class:`Article`, its
:class:`~rashomon.pipeline.ArticleAnalysis` as JSON and its spaCy ``Doc`` as bytes -- under
the version of rashomon and of the spaCy model that produced it (:func:`analysis_version`).
Adding articles parses only the new ones (and any row of another version); the story-level
stages (entities, claims, stances, statuses, contradictions, events) then run again over the
whole story, since one new article can change every claim.

Writes are all-or-nothing: everything is computed in memory first, then one
``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction (WAL journal) writes the new article rows and
the new analysis. A process killed at any point leaves the story as it was before, or as it
is after, never in between. The story's ``revision`` guards against a concurrent add: if it
moved while we computed, the add starts over on the new state.

Test hook: with ``RASHOMON_TEST_PAUSE=<point>`` in the environment the process prints
``rashomon-test-pause <point>`` on stderr and sleeps when it reaches that point, so a test
can kill it there. Points: ``after_parse``, ``before_begin``, ``in_transaction`` (some rows
written), ``before_commit`` (all written), ``after_commit``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from .. import __version__
from ..model import SCHEMA_VERSION, AnalysisResult, Article, IngestResult, Skipped, to_dict
from . import cache
from .codec import doc_from_bytes, doc_to_bytes, from_dict

__all__ = [
    "AddOutcome",
    "Prepared",
    "analyse",
    "InvalidStoryNameError",
    "Store",
    "StoreError",
    "StoryInfo",
    "UnknownStoryError",
    "STORY_NAME_RULE",
    "analysis_version",
    "check_story_name",
    "default_db_path",
    "from_dict",
]

APPLICATION_ID = 0x5253484D  # "RSHM": marks the file as a rashomon story store
STORE_FORMAT = 1  # PRAGMA user_version
PAUSE_ENV = "RASHOMON_TEST_PAUSE"
RETRIES = 3
#: One rule for story names, in the CLI, the web app and the API: a name is also a URL path
#: segment of ``rashomon serve`` (``/story/<name>``), so it never holds "/", "..", spaces or
#: characters a browser would rewrite.
STORY_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
STORY_NAME_RULE = "1 to 64 letters, digits, '-' or '_', starting with a letter or digit"

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    revision INTEGER NOT NULL,
    version TEXT NOT NULL,
    articles INTEGER NOT NULL,
    claims INTEGER NOT NULL,
    result TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS story_articles (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    added TEXT NOT NULL,
    version TEXT NOT NULL,
    article TEXT NOT NULL,
    notices TEXT NOT NULL,
    analysis TEXT NOT NULL,
    doc BLOB NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_position ON story_articles(story_id, position);
"""


class StoreError(Exception):
    """A problem to tell the user about (unreadable store, unknown story)."""


class UnknownStoryError(StoreError):
    pass


@dataclass
class StoryInfo:
    name: str
    articles: int
    claims: int
    created: str
    updated: str
    version: str


@dataclass
class AddOutcome:
    """What an add did: the story's analysis, and which articles were new."""

    result: AnalysisResult
    added: list[Article] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # inputs of this add that gave nothing
    duplicates: list[Skipped] = field(default_factory=list)  # already in the story
    parsed: int = 0  # articles run through spaCy (the new ones and any of another version)
    reused: int = 0  # articles whose stored analysis and Doc were reused
    changed: bool = True  # False: nothing new, the stored analysis was returned as it was


class InvalidStoryNameError(StoreError):
    pass


def check_story_name(name: str) -> str:
    """``name`` if it is a valid story name, else :class:`InvalidStoryNameError`.

    >>> check_story_name("panjshir-2021")
    'panjshir-2021'
    >>> STORY_NAME_RE.fullmatch("../evil") is None  # check_story_name raises
    True
    """
    if not STORY_NAME_RE.fullmatch(name):
        raise InvalidStoryNameError(f"invalid story name {name!r}: use {STORY_NAME_RULE}")
    return name


def default_db_path() -> Path:
    """``$RASHOMON_DB``, else ``stories.db`` in the user data folder."""
    env = os.environ.get("RASHOMON_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("rashomon")) / "stories.db"


# Row format 2: a row's notices are those of reading the article; a failed analysis is
# kept on the analysis itself (``ArticleAnalysis.failure``). Row format 3: the analysis keeps
# the article's event frames; older rows are re-analysed.
ROW_FORMAT = "rows 3"


def analysis_version(model_meta: dict[str, Any] | None = None) -> str:
    """What a stored per-article analysis depends on: rashomon, the schema, the spaCy model."""
    v = f"rashomon {__version__}; schema {SCHEMA_VERSION}; {ROW_FORMAT}"
    if model_meta is not None:
        v += f"; {model_meta.get('lang', '')}_{model_meta.get('name', '')} "
        v += str(model_meta.get("version", ""))
    return v


def _ingest_notices(row: _Row) -> list[Skipped]:
    """What reading the article said of it: rows keep these, and no failure of the analysis.

    Rows stored before row format 2 kept the failure notice with them; it is recomputed
    with the analysis (format 2 rows keep none, so dropping it there is harmless).
    """
    if ROW_FORMAT in row.version:
        return row.notices
    return [n for n in row.notices if not n.reason.startswith("analysis failed")]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _pause(point: str) -> None:
    """The test hook: stop here (until killed) when ``RASHOMON_TEST_PAUSE`` names this point."""
    if os.environ.get(PAUSE_ENV) == point:
        print(f"rashomon-test-pause {point}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


@dataclass
class _Pending:
    """What an add will write: the new and re-analysed article rows."""

    rows: list[_Row]
    new_ids: set[str]
    version: str
    revision: int | None  # the story's revision when read; None: a new story
    fresh: cache.Fresh = field(default_factory=cache.Fresh)  # vectors, readings to keep


@dataclass
class _Row:
    article: Article
    version: str
    notices: list[Skipped]
    analysis: str
    doc: bytes


@dataclass
class Prepared:
    """An add up to the story-level analysis (:meth:`Store.prepare`): what an engine needs to
    analyse the story anywhere, and what :meth:`Store.finish` writes."""

    name: str
    new: list[Article]
    skipped: list[Skipped]
    duplicates: list[Skipped]
    parsed: int = 0
    reused: int = 0
    unchanged: AnalysisResult | None = None  # nothing new: the stored analysis
    story_read: IngestResult | None = None
    per_article: list[Any] = field(default_factory=list)  # ArticleAnalysis, in story order
    docs: list[Doc | bytes] = field(default_factory=list)  # a Doc, or a stored one's bytes
    pending: _Pending | None = None

    def outcome(self, result: AnalysisResult) -> AddOutcome:
        changed = self.unchanged is None
        return AddOutcome(
            result, self.new, self.skipped, self.duplicates, self.parsed, self.reused, changed
        )


def analyse(
    prep: Prepared,
    db: str | os.PathLike[str],
    *,
    progress: Callable[[str, int, int], None] | None = None,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    conn: sqlite3.Connection | None = None,
) -> tuple[AnalysisResult, cache.Fresh]:
    """The story-level analysis of a prepared add, here or in an engine's worker: vectors and
    readings the store ``db`` keeps are read back (read-only), new ones returned to save."""
    from .. import nlp
    from ..pipeline import analyze_story

    assert prep.story_read is not None
    lang = nlp.load()
    docs = [d if isinstance(d, Doc) else doc_from_bytes(d, lang.vocab) for d in prep.docs]
    if embed is not None:
        result = analyze_story(
            prep.story_read, prep.per_article, docs, progress=progress, embed=embed
        )
        return result, cache.Fresh()
    from ..nlp.embeddings import default_embedder

    own = conn is None
    if own:
        uri = f"{Path(db).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30.0)
    try:
        # What earlier adds embedded and read is read back, not computed again.
        with cache.backed_by(default_embedder(), conn) as fresh:  # type: ignore[arg-type]
            result = analyze_story(prep.story_read, prep.per_article, docs, progress=progress)
    finally:
        if own:
            conn.close()  # type: ignore[union-attr]
    return result, fresh


class Store:
    """One story store file. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | os.PathLike[str], *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.exists():
            self.conn: sqlite3.Connection | None = None  # no file: an empty store
            return
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open story store {self.path}: {exc}") from exc
        self.conn = conn
        try:
            self._setup(create)
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(f"cannot read story store {self.path}: {exc}") from exc
        except StoreError:
            self.close()
            raise

    def _setup(self, create: bool) -> None:
        conn = self._conn()
        conn.execute("PRAGMA busy_timeout = 30000")
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        fmt = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app != APPLICATION_ID and (tables or app):
            raise StoreError(f"{self.path} is an SQLite file but not a rashomon story store")
        if fmt > STORE_FORMAT:
            raise StoreError(
                f"{self.path} was written by a newer rashomon (store format {fmt}); upgrade"
            )
        if app != APPLICATION_ID and not create:
            self.close()  # an empty file: an empty store, left as it is
            return
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        if app != APPLICATION_ID:
            # executescript commits any open transaction first: the script brings its own.
            try:
                conn.executescript(
                    "BEGIN IMMEDIATE;" + SCHEMA + f"PRAGMA application_id = {APPLICATION_ID};"
                    f"PRAGMA user_version = {STORE_FORMAT}; COMMIT;"
                )
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        # Added after format 1 was first written: a store of an earlier release gains it.
        conn.executescript(cache.SCHEMA)

    def _conn(self) -> sqlite3.Connection:
        assert self.conn is not None
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def stories(self) -> list[StoryInfo]:
        if self.conn is None:
            return []
        rows = self._query(
            "SELECT name, articles, claims, created, updated, version FROM stories ORDER BY name"
        )
        return [StoryInfo(*r) for r in rows]

    def result(self, name: str) -> AnalysisResult:
        """The stored analysis of a story."""
        rows = (
            []
            if self.conn is None
            else self._query("SELECT result FROM stories WHERE name = ?", (name,))
        )
        if not rows:
            raise UnknownStoryError(self._unknown(name))
        return from_dict(AnalysisResult, json.loads(rows[0][0]))

    def article_ids(self, name: str) -> list[str]:
        story = self._story(name)
        if story is None:
            raise UnknownStoryError(self._unknown(name))
        rows = self._query(
            "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY position",
            (story[0],),
        )
        return [r[0] for r in rows]

    def _query(self, sql: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self._conn().execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read story store {self.path}: {exc}") from exc

    def _story(self, name: str) -> tuple[int, int] | None:
        """(id, revision) of a story, or None."""
        if self.conn is None:
            return None
        rows = self._query("SELECT id, revision FROM stories WHERE name = ?", (name,))
        return (rows[0][0], rows[0][1]) if rows else None

    def _unknown(self, name: str) -> str:
        names = [s.name for s in self.stories()]
        known = ", ".join(names) if names else "none yet"
        return f"no story named {name!r} in {self.path} (stories: {known})"

    def _rows(self, story_id: int) -> list[_Row]:
        rows = self._query(
            "SELECT version, article, notices, analysis, doc FROM story_articles "
            "WHERE story_id = ? ORDER BY position",
            (story_id,),
        )
        return [
            _Row(
                from_dict(Article, json.loads(art)),
                version,
                [from_dict(Skipped, n) for n in json.loads(notices)],
                analysis,
                bytes(doc),
            )
            for version, art, notices, analysis, doc in rows
        ]

    # -- writing -----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One BEGIN IMMEDIATE ... COMMIT around the block; any error rolls it all back, and
        an SQLite error is told as a StoreError."""
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write story store {self.path}: {exc}") from exc

    def remove(self, name: str) -> None:
        if self.conn is None or self._story(name) is None:
            raise UnknownStoryError(self._unknown(name))
        with self.transaction() as conn:
            sid = conn.execute("SELECT id FROM stories WHERE name = ?", (name,)).fetchone()
            if sid is None:
                raise UnknownStoryError(self._unknown(name))
            conn.execute("DELETE FROM story_articles WHERE story_id = ?", (sid[0],))
            conn.execute("DELETE FROM stories WHERE id = ?", (sid[0],))

    def add(
        self,
        name: str,
        read: IngestResult,
        *,
        progress: Callable[[str, int, int], None] | None = None,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> AddOutcome:
        """Add the articles of ``read`` to the story ``name`` (created if new), re-analyse it.

        Articles already in the story (same content hash) are left out and listed in
        ``AddOutcome.duplicates``. With nothing new, and a stored analysis of this version,
        the stored analysis is returned and nothing is written.
        """
        if self._story(name) is None:
            # New stories follow the name rule; one stored before the rule stays usable.
            check_story_name(name)
        for _ in range(RETRIES):
            prep = self.prepare(name, read, progress=progress)
            if prep.unchanged is not None:
                return prep.outcome(prep.unchanged)
            result, fresh = analyse(
                prep, self.path, progress=progress, embed=embed, conn=self._conn()
            )
            outcome = self.finish(prep, result, fresh)
            if outcome is not None:
                return outcome
        raise StoreError(f"story {name!r} kept changing while this add ran; try again")

    def prepare(
        self,
        name: str,
        read: IngestResult,
        *,
        progress: Callable[[str, int, int], None] | None = None,
        parsed: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> Prepared:
        """Everything an add does before the story-level analysis: which articles are new,
        each one's per-article result (``parsed`` may give them, as (analysis JSON, Doc
        bytes) by article id, computed elsewhere: an engine's workers), the rows to write."""
        from .. import nlp
        from ..pipeline import ArticleAnalysis, extract_article, parse_articles

        story = self._story(name)
        revision = story[1] if story else None
        stored = self._rows(story[0]) if story else []
        first = {r.article.id: r.article.path for r in stored}
        new: list[Article] = []
        duplicates: list[Skipped] = []
        for a in read.articles:
            if a.id in first:
                duplicates.append(Skipped(a.path, f"already in story {name!r} as {first[a.id]}"))
            else:
                first[a.id] = a.path
                new.append(a)
        lang = nlp.load()
        version = analysis_version(lang.meta)
        stale = [r for r in stored if r.version != version]
        prep = Prepared(name, new, list(read.skipped), duplicates, reused=len(stored))
        if not new and not stale and story is not None:
            result = self.result(name)
            if result.schema_version == SCHEMA_VERSION and self._story_version(name) == version:
                prep.unchanged = result
                return prep
        notices_of: dict[str, list[Skipped]] = {a.id: [] for a in new}
        paths = {a.path: a.id for a in new}
        for n in read.notices:
            if n.path in paths:
                notices_of[paths[n.path]].append(n)
        # Articles to parse: stale rows (another version) in place, then the new ones.
        todo = [r.article for r in stale] + new
        for r in stale:
            notices_of[r.article.id] = _ingest_notices(r)
        given = parsed or {}
        to_parse = [a for a in todo if a.id not in given]
        fresh = dict(
            zip((a.id for a in to_parse), parse_articles(to_parse, lang=lang, progress=progress))
        )
        _pause("after_parse")
        rows: list[_Row] = []  # rows to write: new and re-analysed ones
        by_id = {r.article.id: r for r in stored}
        notices: list[Skipped] = []
        for art in [r.article for r in stored] + new:
            if art.id in fresh:
                doc: Doc | bytes = fresh[art.id]
                pa = extract_article(art, doc, lang)  # type: ignore[arg-type]
                analysis = json.dumps(to_dict(pa), ensure_ascii=False)
                rows.append(_Row(art, version, notices_of[art.id], analysis, doc_to_bytes(doc)))  # type: ignore[arg-type]
                notices += notices_of[art.id]
            elif art.id in given and art.id in notices_of:
                analysis, doc = given[art.id]
                pa = from_dict(ArticleAnalysis, json.loads(analysis))
                rows.append(_Row(art, version, notices_of[art.id], analysis, doc))
                notices += notices_of[art.id]
            else:
                row = by_id[art.id]
                doc = row.doc
                pa = from_dict(ArticleAnalysis, json.loads(row.analysis))
                notices += row.notices
            notices += [n for n in [pa.notice()] if n]
            prep.per_article.append(pa)
            prep.docs.append(doc)
        # Inputs skipped by this add are reported by it (AddOutcome), not kept with the story.
        prep.story_read = IngestResult([pa.article for pa in prep.per_article], [], notices)
        prep.parsed, prep.reused = len(todo), len(stored) - len(stale)
        prep.pending = _Pending(rows, {a.id for a in new}, version, revision)
        return prep

    def finish(
        self, prep: Prepared, result: AnalysisResult, fresh: cache.Fresh
    ) -> AddOutcome | None:
        """Commit an analysis of what :meth:`prepare` gathered; None when the story moved
        meanwhile (another add committed first): prepare again."""
        assert prep.pending is not None
        prep.pending.fresh = fresh
        if not self._commit(prep.name, result, prep.pending):
            return None
        _pause("after_commit")
        return prep.outcome(result)

    def _story_version(self, name: str) -> str | None:
        rows = self._query("SELECT version FROM stories WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def _commit(self, name: str, result: AnalysisResult, pending: _Pending) -> bool:
        """Write the analysis and rows in one transaction; False if the story moved meanwhile."""
        conn = self._conn()
        rows, new_ids, version, revision = (
            pending.rows,
            pending.new_ids,
            pending.version,
            pending.revision,
        )
        payload = json.dumps(to_dict(result), ensure_ascii=False)
        now = _now()
        _pause("before_begin")
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute("SELECT id, revision FROM stories WHERE name = ?", (name,))
                found = cur.fetchone()
                if (found[1] if found else None) != revision:
                    conn.execute("ROLLBACK")
                    return False
                counts = (len(result.articles), len(result.claims))
                if found is None:
                    sid = conn.execute(
                        "INSERT INTO stories (name, created, updated, revision, version, "
                        "articles, claims, result) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                        (name, now, now, version, *counts, payload),
                    ).lastrowid
                    base = 0
                else:
                    sid = found[0]
                    conn.execute(
                        "UPDATE stories SET updated = ?, revision = revision + 1, version = ?, "
                        "articles = ?, claims = ?, result = ? WHERE id = ?",
                        (now, version, *counts, payload, sid),
                    )
                    base = conn.execute(
                        "SELECT coalesce(max(position), -1) + 1 FROM story_articles "
                        "WHERE story_id = ?",
                        (sid,),
                    ).fetchone()[0]
                _pause("in_transaction")
                for row in rows:
                    values = (
                        row.version,
                        json.dumps(to_dict(row.article), ensure_ascii=False),
                        json.dumps([to_dict(n) for n in row.notices], ensure_ascii=False),
                        row.analysis,
                        row.doc,
                    )
                    if row.article.id in new_ids:
                        conn.execute(
                            "INSERT INTO story_articles (story_id, article_id, position, added, "
                            "version, article, notices, analysis, doc) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (sid, row.article.id, base, now, *values),
                        )
                        base += 1
                    else:
                        conn.execute(
                            "UPDATE story_articles SET version = ?, article = ?, notices = ?, "
                            "analysis = ?, doc = ? WHERE story_id = ? AND article_id = ?",
                            (*values, sid, row.article.id),
                        )
                cache.save(conn, pending.fresh)
                _pause("before_commit")
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write story store {self.path}: {exc}") from exc
        return True
