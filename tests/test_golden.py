"""Every output, on the demo and the seeds, is what main wrote before the redesign.

See ``golden_outputs.py`` for what is normalised, how to see a difference, and how to record
new digests after a deliberate fix.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from golden_outputs import DIGESTS, corpus, normalised, variant

from rashomon.outputs import write_all


def _check(result, name: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))[variant(name)]
    write_all(result, tmp_path)
    texts = normalised(tmp_path, corpus(name))
    now = {f: hashlib.sha256(t.encode("utf-8")).hexdigest() for f, t in texts.items()}
    changed = sorted(f for f in recorded if now.get(f) != recorded[f])
    assert not changed, (
        f"{name}: {', '.join(changed)} differ from the recorded outputs "
        "(see tests/golden_outputs.py to diff them)"
    )
    assert set(now) == set(recorded)


def test_demo_outputs_are_unchanged(demo_result, tmp_path: Path) -> None:
    _check(demo_result, "demo", tmp_path)


def test_seed_outputs_are_unchanged(seeds_result, tmp_path: Path) -> None:
    _check(seeds_result, "seeds", tmp_path)


def test_normalising_hides_only_time_paths_and_float_noise(tmp_path: Path) -> None:
    from golden_outputs import _normal

    folder = tmp_path / "corpus"
    text = f'{{"path": "{folder}/a.txt", "at": "2026-12-04T18:34:11+00:00", "p": 0.12345678912}}'
    assert _normal(text, folder) == '{"path": "<corpus>/a.txt", "at": "<time>", "p": 0.123457}'
    # Counts, short decimals and dates in the text itself are kept as they are.
    assert _normal("12 killed on 2021-09-06, 0.5 km", folder) == "12 killed on 2021-09-06, 0.5 km"
    with pytest.raises(ValueError):
        corpus("elsewhere")
