"""Writing results: ``report.json`` (the versioned schema) and ``brief.md`` (for people)."""

from __future__ import annotations

import json
from pathlib import Path

from ..model import AnalysisResult, Claim, ClaimMention
from ..story.ledger import model_denials
from ..story.tracked import STANCE_ORDER
from .files import atomic_write_text
from .html import write_html
from .tables import write_exports
from .view import ResultView

STATUS_LABEL = {
    "corroborated": "corroborated",
    "conflicting": "CONFLICTING (independent accounts disagree on details)",
    "disputed": "DISPUTED",
    "single-source": "single source",
    "unverified": "unverified (only hedged reports)",
    "denied-only": "denied (no one asserts it here)",
    "not-addressed": "not addressed by any article",
}


def write_json(result: AnalysisResult, path: Path) -> None:
    atomic_write_text(path, json.dumps(result.to_dict(), ensure_ascii=False, indent=2))


def write_brief(result: AnalysisResult, path: Path, *, max_claims: int = 40) -> None:
    atomic_write_text(path, brief(result, max_claims=max_claims))


def write_all(result: AnalysisResult, outdir: Path) -> dict[str, Path]:
    """Write every output into ``outdir``; returns name -> path.

    report.json, brief.md, report.html, claims.csv, mentions.csv, events.csv, rashomon.db.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    files = {
        "report.json": outdir / "report.json",
        "brief.md": outdir / "brief.md",
        "report.html": outdir / "report.html",
    }
    write_json(result, files["report.json"])
    write_brief(result, files["brief.md"])
    write_html(result, files["report.html"])
    files.update(write_exports(result, outdir))
    return files


def _md(text: str) -> str:
    """Article text in Markdown: neutralise markup so quoted text cannot inject HTML or links."""
    text = " ".join(text.split())
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _q(text: str) -> str:
    """A quoted statement, without the quotation marks it may carry from the article."""
    return "“" + _md(text.strip().strip("“”\"'‘’").strip()) + "”"


def brief(result: AnalysisResult, *, max_claims: int = 40) -> str:
    view = ResultView(result)
    s = result.summary
    out: list[str] = ["# Brief", ""]
    out.append(
        f"{s.articles} articles read ({s.skipped} skipped), {s.claims} claims: "
        f"{s.corroborated} corroborated by independent origins, {s.disputed} disputed, "
        f"{s.single_source} single-source, {s.unverified} unverified, {s.denied_only} denied-only, "
        f"{s.conflicting} conflicting on details; "
        f"{s.contradictions} contradictions."
    )
    out.append("")
    out.append("Citations such as [A2 §5] point to article 2 (listed at the end), sentence 5.")
    out.append("")

    def cite(m: ClaimMention) -> str:
        return f"[{view.cite_label(m)}]"

    def who(m: ClaimMention) -> str:
        outlet = view.outlet(m.article_id)
        if m.speaker_kind == "outlet":
            base = f"{_md(outlet)} (own reporting)"
        else:
            base = f"{_md(m.speaker or 'unnamed source')} in {_md(outlet)}"
        if m.via:
            base += " via " + " → ".join(_md(v) for v in m.via)
        if m.hedged:
            base += ", hedged"
        return base

    out.extend(_tracked(view))
    shown = view.main_claims
    out.append("## Main claims")
    out.append("")
    for c in shown[:max_claims]:
        out.extend(_claim_block(c, cite, who, view))
    if len(shown) > max_claims:
        out.append(f"…and {len(shown) - max_claims} more main claims in report.json.")
        out.append("")
    left_out = len(result.claims) - len(shown)
    if left_out:
        out.append(
            f"{left_out} more statement(s) are not shown here: the check-worthiness model reads "
            "them as rhetoric, fragments or background (report.json keeps each, with its "
            "`left_out` reason)."
        )
        out.append("")
    if result.contradictions:
        out.append("## Contradictions")
        out.append("")
        for x in result.contradictions:
            if x.kind == "entity":
                refs = [view.descriptor_label(r) or _md(r) for r in (x.mention_a, x.mention_b)]
                out.append(f"- **entity** ({' / '.join(refs)}): {_md(x.explanation)}")
                continue
            a, b = view.mentions[x.mention_a], view.mentions[x.mention_b]
            out.append(f"- **{x.kind}** ({x.claim_id}): {_md(x.explanation)}")
            if len(x.values) >= 2:
                for v in x.values:
                    cites = " ".join(
                        cite(view.mentions[mid]) for mid in v.mention_ids if mid in view.mentions
                    )
                    out.append(f"  - {_md(v.value)}: {cites}")
                continue
            out.append(f"  - {cite(a)} {_q(a.text)}")
            out.append(f"  - {cite(b)} {_q(b.text)}")
        out.append("")
    if result.timeline:
        from ..story.events import timeline_markdown

        out.append(timeline_markdown(result.timeline, result.events, escape=_md))
        out.append("")
    out.extend(_copies(view))
    out.append("## Articles")
    out.append("")
    for a in result.articles:
        bits = [view.article_label(a.id), _md(a.title or "(untitled)")]
        if a.outlet:
            bits.append(_md(a.outlet))
        bits.append(a.published or "date unknown")
        out.append(f"- {' — '.join(bits)} (`{_md(a.path)}`)")
    if result.skipped:
        out.append("")
        out.append("## Skipped inputs")
        out.append("")
        for sk in result.skipped:
            line = f" line {sk.line}" if sk.line else ""
            out.append(f"- `{_md(sk.path)}`{line}: {_md(sk.reason)}")
    out.append("")
    return "\n".join(out)


def _claim_block(c: Claim, cite, who, view: ResultView) -> list[str]:  # type: ignore[no-untyped-def]
    lines = [f"### {c.id}. {_md(c.summary)}", ""]
    origins = ", ".join(_md(view.origin_label(o)) for o in c.origins) or "none asserting"
    lines.append(
        f"**{STATUS_LABEL.get(c.status, c.status)}** — {c.independent_origins} independent "
        f"origin(s): {origins}; reported in {c.article_count} article(s)."
    )
    lines.append("")
    backing = set(c.supporting)
    sup = [m for m in c.mentions if m.polarity == "asserts" and m.id in backing]
    quoted = [m for m in c.mentions if m.polarity == "asserts" and m.id not in backing]
    den = [m for m in c.mentions if m.polarity == "denies"]
    if sup:
        lines.append("Supported by:")
        lines.extend(f"- {who(m)} {cite(m)}: {_q(m.text)}" for m in sup)
    if quoted:
        lines.append("")
        lines.append("Quoted to be debunked (not support):")
        lines.extend(f"- {who(m)} {cite(m)}: {_q(m.text)}" for m in quoted)
    if den:
        lines.append("")
        lines.append("Denied by:")
        lines.extend(f"- {who(m)} {cite(m)}: {_q(m.text)}" for m in den)
    read = model_denials(c)
    if read:
        lines.append("")
        lines.append(
            "Read as denying it by the stance model (a reading of the whole article, not a "
            "citation; the sentence most about the claim):"
        )
        for s in read:
            how = ", quotes it to debunk it" if s.debunks else ""
            lines.append(
                f"- {_md(view.article_name(s.article_id))} (p={s.probability:.2f}{how}): "
                f"{_q(s.evidence)}"
            )
    lines.append("")
    return lines


def _tracked(view: ResultView) -> list[str]:
    """The user's tracked claims first: where each article stands, on the model's reading."""
    tracked = view.result.tracked
    if not tracked:
        return []
    out = ["## Tracked claims", ""]
    out.append(
        "Where each article stands on the claims you asked about, as the stance model reads "
        "it: a model's reading with its probability and the sentence it rests on, not a "
        "citation of the article saying so. Check the evidence before you rely on it."
    )
    out.append("")
    for i, t in enumerate(tracked, 1):
        out.append(f"### T{i}. {_md(t.claim)}")
        out.append("")
        counts = {k: sum(a.stance == k for a in t.articles) for k in STANCE_ORDER}
        out.append(
            f"**{STATUS_LABEL.get(t.status, t.status)}** — {counts['supports']} article(s) "
            f"support it ({t.independent_origins} independent origin(s)), "
            f"{counts['denies']} deny it, {counts['reports']} report it without endorsing, "
            f"{counts['silent']} do not address it."
        )
        out.append("")
        for a in sorted(t.articles, key=lambda a: (STANCE_ORDER[a.stance], -a.probability)):
            if a.stance == "silent":
                continue
            where = view.sentence_label(a.article_id, a.sentence_index)
            out.append(
                f"- {_md(view.article_name(a.article_id))} **{a.stance}** "
                f"(p={a.probability:.2f}) [{where}]: {_q(a.evidence)}"
            )
        silent = [view.article_label(a.article_id) for a in t.articles if a.stance == "silent"]
        if silent:
            out.append(f"- not addressed in: {', '.join(silent)}")
        out.append("")
    return out


def _copies(view: ResultView) -> list[str]:
    """Reprints and shared passages: each copy counts as one origin with its source."""
    if not view.result.copies:
        return []
    out = ["## Copies", ""]
    for c in view.result.copies:
        what = "reprints" if c.kind == "reprint" else "shares a passage with"
        out.append(
            f"- {_md(view.article_name(c.article_id))} {what} "
            f"{_md(view.article_name(c.source_id))} ({c.shared:.0%} of its text): its "
            "own reporting there counts as one origin with its source."
        )
    out.append("")
    return out
