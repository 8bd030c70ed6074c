"""The claim ledger: where every article stands on every claim.

An article that states a claim supports it, reports it with a hedge, or denies it: that comes
from its own mentions. An article that never states the claim may still address it in other
words; for the main claims the trained stance model reads the whole article and says whether
it agrees, disagrees, discusses or does not address the claim (marked ``source="model"`` with
its probability, since it is a model's reading, not a citation).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Article, ArticleStance, Claim, ClaimMention

MODEL_TO_LEDGER = {
    "agree": "supports",
    "disagree": "denies",
    "discuss": "reports",
    "unrelated": "silent",
}


def mention_stance(m: ClaimMention) -> str:
    """``denies`` for a denial, ``reports`` for a hedged assertion, else ``supports``."""
    if m.polarity == "denies":
        return "denies"
    return "reports" if m.hedged else "supports"


def combine_stances(stances: Iterable[str]) -> str:
    """One stance for several mentions: a denial beside an assertion is ``mixed``."""
    found = set(stances)
    if not found:
        return "silent"
    if "denies" in found:
        return "mixed" if found & {"supports", "reports"} else "denies"
    return "supports" if "supports" in found else "reports"


def fill(
    claims: Sequence[Claim],
    articles: Sequence[Article],
    *,
    model: object | None = None,
    max_claims: int = 40,
    max_pairs: int = 4000,
) -> None:
    """Set ``claim.stances`` for every claim x article.

    ``model`` is a :class:`rashomon.story.stance.StanceModel` (or None: no model readings). Only the
    first ``max_claims`` claims (the list is ordered by importance) and at most ``max_pairs``
    (claim, article) pairs are read by the model, so a pile of thousands of articles stays fast;
    the rest are ``silent`` with ``source="none"``.
    """
    pending: list[tuple[ArticleStance, str, str]] = []
    for rank, c in enumerate(claims):
        per_art: dict[str, list[str]] = {}
        for m in c.mentions:
            per_art.setdefault(m.article_id, []).append(mention_stance(m))
        c.stances = []
        for a in articles:
            found = per_art.get(a.id)
            if found:
                c.stances.append(ArticleStance(a.id, combine_stances(found), 1.0, "mentions"))
                continue
            st = ArticleStance(a.id, "silent", 0.0, "none")
            c.stances.append(st)
            if model is not None and rank < max_claims and len(pending) < max_pairs:
                pending.append((st, c.summary, a.text))
    if pending and model is not None:
        preds = model.predict([(claim, text) for _, claim, text in pending])  # type: ignore[attr-defined]
        for (st, _, _), (label, prob) in zip(pending, preds):
            st.stance = MODEL_TO_LEDGER[label]
            st.probability = round(float(prob), 4)
            st.source = "model"
