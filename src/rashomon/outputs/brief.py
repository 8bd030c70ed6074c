"""Writing results: ``report.json`` (the versioned schema) and ``brief.md`` (for people)."""

from __future__ import annotations

import json
from pathlib import Path

from ..model import AnalysisResult, Claim, ClaimMention
from .files import atomic_write_text
from .html import write_html
from .tables import write_exports
from .view import ResultView

STATUS_LABEL = {
    "corroborated": "corroborated",
    "disputed": "DISPUTED",
    "single-source": "single source",
    "unverified": "unverified (only hedged reports)",
    "denied-only": "denied (no one asserts it here)",
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
        f"{s.single_source} single-source, {s.unverified} unverified, {s.denied_only} denied-only; "
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

    shown = view.ranked
    out.append("## Main claims")
    out.append("")
    for c in shown[:max_claims]:
        out.extend(_claim_block(c, cite, who))
    if len(result.claims) > max_claims:
        out.append(f"…and {len(result.claims) - max_claims} more claims in report.json.")
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
            out.append(f"  - {cite(a)} {_q(a.text)}")
            out.append(f"  - {cite(b)} {_q(b.text)}")
        out.append("")
    if result.timeline:
        from ..story.events import timeline_markdown

        out.append(timeline_markdown(result.timeline, result.events, escape=_md))
        out.append("")
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


def _claim_block(c: Claim, cite, who) -> list[str]:  # type: ignore[no-untyped-def]
    lines = [f"### {c.id}. {_md(c.summary)}", ""]
    origins = ", ".join(_md(o) for o in c.origins) or "none asserting"
    lines.append(
        f"**{STATUS_LABEL.get(c.status, c.status)}** — {c.independent_origins} independent "
        f"origin(s): {origins}; reported in {c.article_count} article(s)."
    )
    lines.append("")
    sup = [m for m in c.mentions if m.polarity == "asserts"]
    den = [m for m in c.mentions if m.polarity == "denies"]
    if sup:
        lines.append("Supported by:")
        lines.extend(f"- {who(m)} {cite(m)}: {_q(m.text)}" for m in sup)
    if den:
        lines.append("")
        lines.append("Denied by:")
        lines.extend(f"- {who(m)} {cite(m)}: {_q(m.text)}" for m in den)
    lines.append("")
    return lines
