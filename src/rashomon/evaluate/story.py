"""Story-level verdicts on FNC-1-format data: does the tracked claim come out right?

A story is a headline with at least three paired bodies, at least one of them related; its
articles are all the bodies paired with it (off-topic ones included, as in a real folder), and
the headline is the tracked claim. Gold, per article: agree -> supports, disagree -> denies,
discuss -> reports, unrelated -> silent; per story: disputed when any body disagrees.

Scores over a seeded sample of stories (half of them with a disagreeing body, where the data
has enough):

- ``ledger_macro_f1``: the four article stances, macro-F1;
- ``denial_precision`` / ``denial_recall``: articles read as denying;
- ``dispute_f1``: stories whose tracked claim comes out disputed or denied-only.

``split="dev"`` keeps only the bodies the shipped stance model held out (its dev share, split
by body as ``rashomon train stance`` splits them), so the figures are not read off training
bodies. Headlines may still have been seen with other bodies in training.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Article
from ..story import copies, tracked
from .stance import class_prf, read_dataset

STANCES = ("supports", "denies", "reports", "silent")
DISPUTED = ("disputed", "denied-only")
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.1, 0.96, 0.05))


@dataclass
class Story:
    headline: str
    bodies: list[tuple[str, str]]  # (body id, FNC-1 stance)

    @property
    def disputed(self) -> bool:
        return any(s == "disagree" for _, s in self.bodies)


def build_stories(
    rows: Sequence[tuple[str, str, str]], keep: set[str] | None = None, min_bodies: int = 3
) -> list[Story]:
    """Headlines with at least ``min_bodies`` bodies (of ``keep``, if given), one related."""
    by_head: dict[str, list[tuple[str, str]]] = {}
    for head, body, stance in rows:
        if keep is None or body in keep:
            by_head.setdefault(head, []).append((body, stance))
    return [
        Story(h, list(dict.fromkeys(bs)))
        for h, bs in by_head.items()
        if len(set(bs)) >= min_bodies and any(s != "unrelated" for _, s in bs)
    ]


def sample(stories: Sequence[Story], n: int, seed: int) -> list[Story]:
    """``n`` stories, half with a disagreeing body where there are enough, in a seeded order."""
    rng = np.random.default_rng(seed)
    pos = [stories[i] for i in rng.permutation(len(stories)) if stories[i].disputed]
    neg = [stories[i] for i in rng.permutation(len(stories)) if not stories[i].disputed]
    half = min(n // 2, len(pos))
    return pos[:half] + neg[: n - half]


def dev_bodies(
    bodies: Sequence[str], dataset: str, seed: int = 0, fraction: float = 0.1
) -> set[str]:
    """The body ids ``rashomon train stance`` held out as dev for ``dataset`` ("fnc1", "arc")."""
    from ..train.stance import dev_body_ids

    return dev_body_ids(bodies, dataset, fraction, seed)


def score(
    stories: Sequence[Story], readings: dict[tuple[str, str], Any], threshold: float
) -> dict[str, Any]:
    """The story metrics at one denial threshold, from the model's readings of every pair."""
    gold_art: list[str] = []
    pred_art: list[str] = []
    gold_story: list[bool] = []
    pred_story: list[bool] = []
    for st in stories:
        stances = []
        for body, stance in st.bodies:
            label, _ = tracked.article_stance(readings[(st.headline, body)], threshold)
            stances.append(label)
            gold_art.append(tracked.LEDGER[stance])
            pred_art.append(label)
        supporting = {b for (b, _), s in zip(st.bodies, stances) if s == "supports"}
        verdict = tracked.status(stances, len(supporting))
        gold_story.append(st.disputed)
        pred_story.append(verdict in DISPUTED)
    per_class = {c: class_prf(gold_art, pred_art, c)[2] for c in STANCES}
    den_p, den_r, den_f = class_prf(gold_art, pred_art, "denies")
    _, _, dispute = class_prf(gold_story, pred_story, True)
    return {
        "threshold": threshold,
        "stories": len(stories),
        "disputed_stories": sum(gold_story),
        "articles": len(gold_art),
        "ledger_macro_f1": round(sum(per_class.values()) / len(per_class), 4),
        "ledger_f1": {c: round(v, 4) for c, v in per_class.items()},
        "denial_precision": round(den_p, 4),
        "denial_recall": round(den_r, 4),
        "denial_f1": round(den_f, 4),
        "dispute_f1": round(dispute, 4),
    }


def evaluate(
    bodies_csv: str | Path,
    stances_csv: str | Path,
    *,
    stories: int = 100,
    seed: int = 0,
    split: str | None = None,
    threshold: float = tracked.DENIAL_THRESHOLD,
    tune: bool = False,
    free: int = 0,
    model: Any = None,
) -> dict[str, Any]:
    """Score tracked claims on a sample of FNC-1-format stories (see the module docstring).

    ``split`` names the dataset ("fnc1" or "arc") whose stance-model dev bodies to keep;
    ``tune`` scores every threshold of :data:`THRESHOLDS` too; ``free`` runs
    :func:`free_mode` on the first ``free`` stories of the sample (the whole pipeline: slow).
    """
    from ..story.stance import StanceModel

    bodies, rows = read_dataset(Path(bodies_csv), Path(stances_csv))
    keep = dev_bodies(sorted({b for _, b, _ in rows}), split) if split else None
    chosen = sample(build_stories(rows, keep), stories, seed)
    model = model or StanceModel.load()
    pairs = [(st.headline, b) for st in chosen for b, _ in st.bodies]
    read = model.read([(h, bodies[b]) for h, b in pairs])
    readings = dict(zip(pairs, read))
    out = score(chosen, readings, threshold)
    out["copies_found"] = _copies_found(chosen, bodies)
    if tune:
        out["by_threshold"] = [score(chosen, readings, t) for t in THRESHOLDS]
    if free:
        # Disputed and undisputed stories alternate, so a short run keeps the balance.
        pos = [st for st in chosen if st.disputed]
        neg = [st for st in chosen if not st.disputed]
        mixed = [st for pair in zip(pos, neg) for st in pair] + pos[len(neg) :] + neg[len(pos) :]
        out["free_mode"] = free_mode(mixed[:free], bodies)
    return out


def free_mode(
    stories: Sequence[Story], bodies: dict[str, str], progress: Any = None
) -> dict[str, Any]:
    """No claim given: the whole pipeline runs on each story, and the extracted claim most
    similar to the headline is scored as the tracked claim would be.

    ``dispute_f1`` counts a story disputed when that claim is disputed or denied-only;
    ``dispute_f1_mentions_only`` does the same with the status its cited statements alone
    give (without the stance model's readings), to show what the readings add.
    """
    from ..model import IngestResult
    from ..nlp.embeddings import default_embedder
    from ..pipeline import analyze, claim_status

    embed = default_embedder().embed
    gold, pred, pred_mentions, matched = [], [], [], []
    for n, st in enumerate(stories):
        arts = [
            Article(id=f"b{b}", path=f"body-{b}.txt", text=bodies[b], source_text=bodies[b])
            for b, _ in st.bodies
        ]
        result = analyze(IngestResult(arts), embed=embed)
        best, sim = None, -1.0
        if result.claims:
            texts = [c.summary for c in result.claims]
            sims = embed(texts) @ embed([st.headline])[0]
            i = int(np.argmax(sims))
            best, sim = result.claims[i], float(sims[i])
        gold.append(st.disputed)
        pred.append(best is not None and best.status in DISPUTED)
        if best is not None:
            own = claim_status(best.mentions, 2)
            pred_mentions.append(own in DISPUTED)
        else:
            pred_mentions.append(False)
        matched.append(round(sim, 3))
        if progress:
            progress(n + 1, len(stories))
    precision, recall, f1 = class_prf(gold, pred, True)
    return {
        "stories": len(stories),
        "disputed_stories": sum(gold),
        "dispute_precision": round(precision, 4),
        "dispute_recall": round(recall, 4),
        "dispute_f1": round(f1, 4),
        "dispute_f1_mentions_only": round(class_prf(gold, pred_mentions, True)[2], 4),
        "mean_match_similarity": round(float(np.mean(matched)) if matched else 0.0, 4),
    }


def _copies_found(stories: Sequence[Story], bodies: dict[str, str]) -> int:
    """How many bodies the copy detector calls a reprint of another body of their story."""
    n = 0
    for st in stories:
        arts = [Article(id=b, path=b, text=bodies[b], source_text=bodies[b]) for b, _ in st.bodies]
        n += sum(c.kind == "reprint" for c in copies.find(arts))
    return n
