"""Tracked claims: the user's own question ("did X happen?"), read against every article.

``rashomon analyze --claim "TEXT"`` names a claim to follow. The stance model reads it against
each article and gives, per article, supports / denies / reports / silent, the probability of
that reading and the evidence sentence it rests on, so a reader can check it. The claim's
status then follows from the readings:

- **disputed**: at least one article supports it and one denies it;
- **denied-only**: denied, and supported by none;
- **corroborated**: supported by two or more independent origins (a copy and its source,
  :mod:`rashomon.story.copies`, are one), denied by none;
- **single-source**: supported by one origin;
- **unverified**: only reported (discussed, hedged) and never stated as fact;
- **not-addressed**: no article speaks of it.

A model reading is not a citation, so a denial is read at a threshold: an article counts as
denying when the model gives "disagree" a probability of at least :data:`DENIAL_THRESHOLD`
(chosen on the stance model's dev bodies by ``rashomon evaluate story --tune``); a likeliest
"disagree" under it counts as reporting the claim, and the reading keeps its probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..model import Article, ArticleCopy, Sentence, TrackedArticle, TrackedClaim
from .copies import origin_map

# Chosen on the stance model's dev bodies of FNC-1 and ARC together (``rashomon evaluate story
# --split fnc1|arc --tune``, 100 stories each): the best mean of denial F1 and ledger macro-F1
# over the two. FNC-1 alone preferred 0.10, which on ARC read a third of all articles as
# denials (precision 0.35); 0.35 holds on both. See the README, "Tracked claims".
DENIAL_THRESHOLD = 0.35
LEDGER = {"agree": "supports", "disagree": "denies", "discuss": "reports", "unrelated": "silent"}
# The order a reader sees a tracked claim's articles in: denials first, silence last.
STANCE_ORDER = {"denies": 0, "supports": 1, "reports": 2, "silent": 3}


class _Reading(Protocol):
    evidence: str

    @property
    def label(self) -> str: ...

    def p(self, label: str) -> float: ...


class StanceReader(Protocol):
    def read(self, pairs: Sequence[tuple[str, str]]) -> Sequence[_Reading]: ...


def article_stance(reading: _Reading, threshold: float = DENIAL_THRESHOLD) -> tuple[str, float]:
    """The ledger stance of one reading and its probability.

    A denial is read at the threshold, whatever label is likeliest: "disagree" at 0.4 beside
    "agree" at 0.45 is still an article that may deny, and a missed denial hides a dispute. A
    likeliest "disagree" under the threshold only reports the claim.
    """
    if reading.p("disagree") >= threshold:
        return "denies", reading.p("disagree")
    label = reading.label
    if label == "disagree":
        return "reports", reading.p("disagree") + reading.p("discuss")
    return LEDGER[label], reading.p(label)


def status(stances: Sequence[str], supporting_origins: int) -> str:
    """A tracked claim's status from its articles' stances (see the module's list)."""
    found = set(stances)
    if "denies" in found:
        return "disputed" if "supports" in found else "denied-only"
    if supporting_origins >= 2:
        return "corroborated"
    if supporting_origins == 1:
        return "single-source"
    return "unverified" if "reports" in found else "not-addressed"


def track(
    claims: Sequence[str],
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    model: StanceReader,
    copy_list: Sequence[ArticleCopy] = (),
    *,
    threshold: float = DENIAL_THRESHOLD,
) -> list[TrackedClaim]:
    """Each claim of ``claims`` read against every article, with its status."""
    claims = [c.strip() for c in claims if c.strip()]
    if not claims or not articles:
        return [TrackedClaim(c, "not-addressed", 0) for c in claims]
    readings = model.read([(c, a.text) for c in claims for a in articles])
    by_article: dict[str, list[Sentence]] = {}
    for s in sentences:
        by_article.setdefault(s.article_id, []).append(s)
    root = origin_map(copy_list)
    out = []
    for i, claim in enumerate(claims):
        rows = []
        for a, r in zip(articles, readings[i * len(articles) : (i + 1) * len(articles)]):
            stance, prob = article_stance(r, threshold)
            where = _sentence_of(a, by_article.get(a.id, []), r.evidence)
            rows.append(
                TrackedArticle(
                    a.id,
                    a.path,
                    stance,
                    round(prob, 4),
                    r.evidence,
                    where,
                    round(r.p("disagree"), 4),
                )  # fmt: skip
            )
        origins = {root.get(t.article_id, t.article_id) for t in rows if t.stance == "supports"}
        out.append(
            TrackedClaim(claim, status([t.stance for t in rows], len(origins)), len(origins), rows)
        )
    return out


def _sentence_of(article: Article, sentences: list[Sentence], evidence: str) -> int | None:
    """The index of the article's sentence holding the evidence (its start), if found."""
    at = article.text.find(evidence[:80]) if evidence else -1
    if at < 0:
        return None
    for s in sentences:
        if s.start <= at < s.end:
            return s.index
    return None
