"""What ``rashomon track`` keeps in a story store beside the stories: the story finder's state,
and the user's corrections to what it found (rename, merge, split).

* ``tracker``: one row, the :class:`~rashomon.track.clustering.StoryTracker` state as JSON, so
  the next run goes on from where the last one stopped.
* ``tracked``: the finder's story key -> the story's name in the store. A user renames a
  story, and the finder keeps sending its articles there.

Merging and splitting move articles between stories. As for an add, everything is computed in
memory first (each story touched re-analysed from its stored rows: nothing is parsed again),
then one transaction moves the rows, writes the new analyses and deletes the stories left
empty. A process killed at any point leaves the stories as they were or as they are after.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import AnalysisResult, IngestResult, to_dict
from . import (
    Prepared,
    Store,
    StoreError,
    UnknownStoryError,
    _now,
    analyse,
    analysis_version,
    cache,
    check_story_name,
)
from .codec import from_dict

SCHEMA = """
CREATE TABLE IF NOT EXISTS tracker (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    state TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tracked (
    key TEXT PRIMARY KEY,
    story TEXT NOT NULL
);
"""


def _write(store: Store, work: Any) -> Any:
    """Run ``work(conn)`` in one of the store's transactions, the tables made first."""
    try:
        store._conn().executescript(SCHEMA)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write story store {store.path}: {exc}") from exc
    with store.transaction() as conn:
        return work(conn)


def load_state(store: Store) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """The finder's saved state (None before the first run) and its key -> story names."""
    if store.conn is None:
        return None, {}
    store._conn().executescript(SCHEMA)
    row = store._query("SELECT state FROM tracker WHERE id = 1")
    names = dict(store._query("SELECT key, story FROM tracked"))
    return (json.loads(row[0][0]) if row else None), names


def _write_state(
    conn: sqlite3.Connection, state: Mapping[str, Any], names: Mapping[str, str]
) -> None:
    conn.execute(
        "INSERT INTO tracker (id, state, updated) VALUES (1, ?, ?) ON CONFLICT(id) DO "
        "UPDATE SET state = excluded.state, updated = excluded.updated",
        (json.dumps(state, ensure_ascii=False), _now()),
    )
    conn.execute("DELETE FROM tracked")
    conn.executemany("INSERT INTO tracked (key, story) VALUES (?, ?)", list(names.items()))


def save_state(store: Store, state: Mapping[str, Any], names: Mapping[str, str]) -> None:
    """Replace the finder's state and key -> name map, in one transaction."""
    _write(store, lambda conn: _write_state(conn, state, names))


def rename(store: Store, old: str, new: str) -> None:
    """Give a story a new name; the finder keeps sending its articles to it."""
    check_story_name(new)
    if store._story(old) is None:
        raise UnknownStoryError(store._unknown(old))

    def work(conn: sqlite3.Connection) -> None:
        if conn.execute("SELECT 1 FROM stories WHERE name = ?", (new,)).fetchone():
            raise StoreError(f"a story named {new!r} already exists")
        conn.execute("UPDATE stories SET name = ? WHERE name = ?", (new, old))
        conn.execute("UPDATE tracked SET story = ? WHERE story = ?", (new, old))

    _write(store, work)


def _analyse(store: Store, rows: Sequence[Any]) -> tuple[AnalysisResult, cache.Fresh]:
    """A story's analysis from stored article rows: their parses reused, as an add reuses
    them (:func:`rashomon.store.analyse`), with what it computed that the store lacks."""
    from ..pipeline import ArticleAnalysis

    per_article = [from_dict(ArticleAnalysis, json.loads(r.analysis)) for r in rows]
    notices = [n for r in rows for n in r.notices]
    notices += [n for pa in per_article for n in [pa.notice()] if n]
    prep = Prepared("", [], [], [], per_article=per_article, docs=[r.doc for r in rows])
    prep.story_read = IngestResult([pa.article for pa in per_article], [], notices)
    return analyse(prep, store.path, conn=store._conn())


def regroup(
    store: Store,
    plan: Mapping[str, Sequence[str]],
    finder: tuple[Mapping[str, Any], Mapping[str, str]] | None = None,
) -> dict[str, AnalysisResult]:
    """Make each story of ``plan`` hold exactly the listed article ids, re-analysed.

    Articles are taken from any story of the plan; a story listed with no ids is deleted; a
    new name makes a new story. Every article of the stories named must be placed somewhere.
    ``finder`` (its state and key -> name map) is written in the same transaction.
    """
    for name in plan:
        if store._story(name) is None:
            check_story_name(name)
    from .. import nlp

    rows: dict[str, Any] = {}
    held = 0
    for name in plan:
        story = store._story(name)
        if story is not None:
            ids = store.article_ids(name)
            rows.update(zip(ids, store._rows(story[0])))
            held += len(ids)
    wanted = [a for ids in plan.values() for a in ids]
    if held != len(rows) or sorted(wanted) != sorted(rows):
        raise StoreError("a merge or split must place every article of its stories exactly once")
    version = analysis_version(nlp.load().meta)
    if any(r.version != version for r in rows.values()):
        raise StoreError("re-analyse these stories first (rashomon add STORY, no files)")
    analysed = {n: _analyse(store, [rows[a] for a in ids]) for n, ids in plan.items() if ids}
    results = {n: result for n, (result, _) in analysed.items()}

    def work(conn: sqlite3.Connection) -> None:
        now = _now()
        names = ",".join("?" * len(plan))
        for name, ids in plan.items():
            if not ids:
                continue
            found = conn.execute("SELECT id FROM stories WHERE name = ?", (name,)).fetchone()
            result = results[name]
            values = (now, version, len(result.articles), len(result.claims))
            payload = json.dumps(to_dict(result), ensure_ascii=False)
            if found is None:
                sid = conn.execute(
                    "INSERT INTO stories (name, created, updated, revision, version, articles, "
                    "claims, result) VALUES (?, ?, ?, 1, ?, ?, ?, ?)",
                    (name, now, *values, payload),
                ).lastrowid
            else:
                sid = found[0]
                conn.execute(
                    "UPDATE stories SET updated = ?, revision = revision + 1, version = ?, "
                    "articles = ?, claims = ?, result = ? WHERE id = ?",
                    (*values, payload, sid),
                )
            for position, article_id in enumerate(ids):
                # Positions are made negative first: (story, article) is the key, and a row
                # moving in may meet one of the story's own still at its old position.
                conn.execute(
                    "UPDATE story_articles SET story_id = ?, position = ? "
                    "WHERE article_id = ? AND story_id IN (SELECT id FROM stories WHERE "
                    f"name IN ({names}))",
                    (sid, -1 - position, article_id, *plan),
                )
            conn.execute(
                "UPDATE story_articles SET position = -1 - position WHERE story_id = ?", (sid,)
            )
        # Last: deleting a story deletes the rows still in it (ON DELETE CASCADE).
        emptied = [n for n, ids in plan.items() if not ids]
        conn.executemany("DELETE FROM stories WHERE name = ?", [(n,) for n in emptied])
        if finder is not None:
            _write_state(conn, *finder)
        for _, fresh in analysed.values():
            cache.save(conn, fresh)  # kept for the next add, as an add keeps them

    _write(store, work)
    return results
