"""Shared fixtures: the pipeline runs once per session on the demo corpus (and the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def demo_result():
    from rashomon import analyze
    from rashomon.demo import article_paths

    return analyze(article_paths())


@pytest.fixture(scope="session")
def seeds_result():
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} not present: the seed articles live in ../shared beside the checkout")
    from rashomon import analyze

    return analyze([seeds])


@pytest.fixture(scope="session")
def nlp():
    from rashomon.nlp import load

    return load()
