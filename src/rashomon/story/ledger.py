"""The claim ledger: where every article stands on every claim.

An article that states a claim supports it, reports it with a hedge, or denies it: that comes
from its own mentions. An article that never states the claim may still address it in other
words; for the main claims the trained stance model reads the whole article and says whether
it agrees, disagrees, discusses or does not address the claim (marked ``source="model"`` with
its probability and evidence sentence, since it is a model's reading, not a citation). A
confident denial in the model's reading counts against the claim (:func:`settle`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..model import Article, ArticleStance, Claim, ClaimMention
from .provenance import count_origins
from .tracked import DENIAL_THRESHOLD, StanceReader, article_stance

# Overruling what an article's own statements say takes the threshold at which denials were
# right four times in five on the FNC-1 dev stories (precision 0.83 at 0.75; ARC dev: 0.59).
DEBUNK_THRESHOLD = 0.75


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
    model: StanceReader | None = None,
    max_claims: int = 40,
    max_pairs: int = 4000,
    threshold: float = DENIAL_THRESHOLD,
    debunk_threshold: float = DEBUNK_THRESHOLD,
) -> None:
    """Set ``claim.stances``: every article that states the claim or that the model read
    for it; an article not listed is silent on it.

    ``model`` is a :class:`rashomon.story.stance.StanceModel` (or None: no model readings).
    Only the first ``max_claims`` claims (the list is ordered by importance) and at most
    ``max_pairs`` (claim, article) pairs are read by the model, so a pile of thousands of
    articles stays fast; the rest keep what their mentions say, or ``silent`` with
    ``source="none"``.

    The model reads articles that state the claim too: one that quotes a claim only to
    debunk it ("The lie is this: that ...") reads as denying it as a whole; overruling the
    article's own words takes more confidence (``debunk_threshold``). It is marked
    ``debunks`` (see :func:`settle`).
    """
    pending: list[tuple[ArticleStance, str, str]] = []
    for rank, c in enumerate(claims):
        per_art: dict[str, list[str]] = {}
        for m in c.mentions:
            per_art.setdefault(m.article_id, []).append(mention_stance(m))
        c.stances = []
        for a in articles:
            found = per_art.get(a.id)
            read = model is not None and rank < max_claims and len(pending) < max_pairs
            if found:
                st = ArticleStance(a.id, combine_stances(found), 1.0, "mentions")
            elif read:
                st = ArticleStance(a.id, "silent", 0.0, "none")  # until the model reads it
            else:
                # Silent, and nobody read it: left out, so the ledger grows with what the
                # articles say, not with claims x articles (7,806 x 300 on 300 PolNeAR
                # articles made a 500 MB report.json).
                continue
            c.stances.append(st)
            if read:
                pending.append((st, c.summary, a.text))
    if not pending or model is None:
        return
    readings = model.read([(claim, text) for _, claim, text in pending])
    for (st, _, _), r in zip(pending, readings):
        stance, prob = article_stance(r, threshold)
        if st.source == "mentions":
            # Its own words decide, unless, read whole, it denies what it states: against its
            # statements alone that takes more confidence; beside a denial of its own
            # ("mixed"), its statements of the claim are the quotes it denies.
            strong = stance == "denies" and prob >= debunk_threshold
            if (strong and st.stance in ("supports", "reports")) or (
                stance == "denies" and st.stance == "mixed"
            ):
                st.stance, st.debunks = "denies", True
                st.probability, st.source, st.evidence = round(prob, 4), "model", r.evidence
            continue
        st.stance, st.probability, st.source = stance, round(prob, 4), "model"
        st.evidence = r.evidence


def weighs_readings(claim: Claim) -> bool:
    """Whether the model's readings count toward this claim's status.

    Only for claims that two or more articles state: the stance model was trained on a
    story's headline claim against whole articles, and reads an article's stance on the
    story, not on each of its sentences. A claim several outlets carry is such a claim; one
    article's background or rhetoric is not (on a real story, the articles debunking the
    story were read as "denying" the other side's description of the valley, and their own
    rhetoric), so there a reading is shown in the ledger but changes nothing.
    """
    return claim.article_count >= 2


def model_denials(claim: Claim) -> list[ArticleStance]:
    """The model's readings that deny the claim and count (see :func:`weighs_readings`)."""
    if not weighs_readings(claim):
        return []
    return [s for s in claim.stances if s.source == "model" and s.stance == "denies"]


def settle(claim: Claim) -> None:
    """A claim's status and supporters with the model's confident denials counted.

    A denying article's reading is evidence against the claim: beside any support the claim
    is disputed. The statements of a debunking article are quotes of what it debunks, so they
    no longer support the claim or count as its origins.
    """
    denials = model_denials(claim)
    if not denials:
        return
    debunking = {s.article_id for s in denials if s.debunks}
    asserting = [
        m for m in claim.mentions if m.polarity == "asserts" and m.article_id not in debunking
    ]
    origins = count_origins(asserting)
    claim.supporting = [m.id for m in asserting]
    claim.origins, claim.independent_origins = origins, len(origins)
    claim.status = "disputed" if asserting else "denied-only"  # type: ignore[assignment]
