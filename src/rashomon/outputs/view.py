"""What every output reads off an :class:`AnalysisResult` the same way: the claims ranked by
importance, the ``A3`` article labels, the ``[A3 §6]`` citation labels and the id lookups.

brief.md, report.html, the CSVs and rashomon.db all go through :class:`ResultView`, so they
cannot disagree on a rank or a label.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from ..model import AnalysisResult, Article, Claim, ClaimMention


def _notable(c: Claim) -> bool:
    """Seen in more than one article, or not single-source."""
    return c.status != "single-source" or c.article_count > 1


class ResultView:
    """Lookups and labels over one result (built once per output; the result is not copied)."""

    def __init__(self, result: AnalysisResult) -> None:
        self.result = result
        self.articles: dict[str, Article] = {a.id: a for a in result.articles}
        self.number: dict[str, int] = {a.id: i + 1 for i, a in enumerate(result.articles)}
        self.claims: dict[str, Claim] = {}  # claim id -> claim (the first one)
        self.claim_of: dict[str, Claim] = {}  # mention id -> its claim (the first one)
        self.mentions: dict[str, ClaimMention] = {}
        for c in result.claims:
            self.claims.setdefault(c.id, c)
            for m in c.mentions:
                self.claim_of.setdefault(m.id, c)
                self.mentions.setdefault(m.id, m)
        self.entity_names: dict[str, str] = {e.id: e.name for e in result.entities}

    # ---- ranking

    @cached_property
    def ranked(self) -> list[Claim]:
        """Claims by importance, the one order of every output: the pipeline's (it numbers
        claims by articles, independent origins, dispute and mentions), the main claims before
        those left out as not check-worthy, and in each the notable ones (seen in more than
        one article, or not single-source) first. The ``rank`` of
        claims.csv and rashomon.db, and the order of brief.md and report.html."""
        claims = self.result.claims
        main = [c for c in claims if not c.left_out]
        rest = [c for c in claims if c.left_out]
        return (
            [c for c in main if _notable(c)]
            + [c for c in main if not _notable(c)]
            + [c for c in rest if _notable(c)]
            + [c for c in rest if not _notable(c)]
        )

    @cached_property
    def main_claims(self) -> list[Claim]:
        """The ranked claims a reader should see first: those not left out (see
        ``Claim.left_out``: statements the check-worthiness model calls rhetoric, fragments
        or furniture)."""
        return [c for c in self.ranked if not c.left_out]

    # ---- labels

    def article_label(self, article_id: str) -> str:
        """ "A3" for the third article; "A?" for an id the result does not hold."""
        return f"A{self.number.get(article_id, '?')}"

    def cite_label(self, m: ClaimMention) -> str:
        """ "A3 §6": article 3, sentence 6 (without brackets); "§?" for an unknown article."""
        n = self.number.get(m.article_id)
        return f"A{n} §{m.sentence_index + 1}" if n else "§?"

    def article_name(self, article_id: str) -> str:
        """ "A3 (kabul.txt)": the label with the file's name, never the hash id."""
        a = self.articles.get(article_id)
        name = Path(a.path).name if a else ""
        return (
            f"{self.article_label(article_id)} ({name})" if name else self.article_label(article_id)
        )

    def outlet(self, article_id: str) -> str:
        """The article's outlet, or "A3 (kabul.txt)" when it names none."""
        a = self.articles.get(article_id)
        if a and a.outlet:
            return a.outlet
        return self.article_name(article_id)

    def origin_label(self, origin: str) -> str:
        """An origin as a reader knows it: "article a1b2c3" (an article's own reporting) by
        the article's label and file name."""
        if origin.startswith("article ") and origin[8:] in self.articles:
            return self.article_name(origin[8:])
        return origin

    def speaker_label(self, m: ClaimMention) -> str:
        """Who speaks in a statement: its speaker, or for the outlet's own reporting the
        outlet (or file) by name."""
        if m.speaker_kind == "outlet" or not m.speaker:
            return self.outlet(m.article_id)
        return m.speaker

    def sentence_label(self, article_id: str, sentence_index: int | None) -> str:
        """ "A3 §6" for a sentence of an article, "A3" when the sentence is unknown."""
        base = self.article_label(article_id)
        return f"{base} §{sentence_index + 1}" if sentence_index is not None else base

    def descriptor_label(self, ref: str) -> str | None:
        """ "a1b2c3:120-160" -> "A3 chars 120-160"; None for an article the result lacks."""
        art, _, span = ref.partition(":")
        return f"A{self.number[art]} chars {span}" if art in self.number else None
