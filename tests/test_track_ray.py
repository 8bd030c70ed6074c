"""The Ray engine gives the same stories and analyses as the local one (a 2-worker local Ray)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_track_clustering import FERRY

from rashomon.model import to_dict
from rashomon.store import Store
from rashomon.track.run import track


def _desk(db: Path, **engine: object) -> dict[str, dict]:
    from rashomon.demo import article_paths
    from rashomon.ingest import read_paths

    folder = db.parent / "ferry"
    folder.mkdir(exist_ok=True)
    paths = list(article_paths())
    for i, (title, text) in enumerate(FERRY):
        (folder / f"f{i}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
        paths.append(folder / f"f{i}.txt")
    read = read_paths(paths)
    with Store(db) as store:
        out = track(store, read, **engine)  # type: ignore[arg-type]
        assert sum(len(c.added) for c in out.changes) == len(read.articles) == 10
        results = {s.name: to_dict(store.result(s.name)) for s in store.stories()}
    for r in results.values():
        r.pop("generated_at")
    return results


def test_ray_and_local_engines_give_the_same_stories_and_analyses(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install rashomon[ray]")
    local = _desk(tmp_path / "local.db")
    try:
        distributed = _desk(tmp_path / "ray.db", engine="ray", workers=2)
    finally:
        ray.shutdown()
    assert sorted(distributed) == sorted(local) and len(local) >= 2
    for name in local:
        assert distributed[name] == local[name], name
