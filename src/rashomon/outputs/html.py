"""``report.html``: one self-contained page (inline CSS, inline SVG, a little vanilla JS).

Everything is rendered here, in Python; the script only sorts and filters tables and
highlights the mention a link points to. Article text is untrusted: every piece of data goes
through :func:`_e` (``html.escape(..., quote=True)``) whether it lands in a text node or an
attribute, ids are reduced to ``[A-Za-z0-9_.-]``, links to article URLs are kept only for
http(s), and a Content-Security-Policy forbids any network access and any script but
:data:`SCRIPT` (allowed by its hash, :data:`SCRIPT_HASH`; the page has no inline handlers).

Anchors: ``#claim-<claim id>``, ``#<mention id>`` (``a<article>-m<n>``, the ``<mark>`` of the
mention in its article), ``#art-<article id>``, ``#ent-<entity id>``, ``#contra-<id>`` and
``#d-<article>-<start>-<end>`` for descriptors.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import (
    AnalysisResult,
    Article,
    Claim,
    ClaimMention,
    Contradiction,
    TimelineEntry,
    to_dict,
)
from ..story.events import date_note
from ..story.ledger import combine_stances, mention_stance, model_denials
from ..story.tracked import STANCE_ORDER
from .files import atomic_write_text
from .html_assets import CSP, SCRIPT, SCRIPT_HASH, STYLE
from .html_escape import aid as _aid
from .html_escape import e as _e
from .html_escape import short as _short
from .html_graph import MAX_GRAPH_EDGES, provenance_section
from .view import ResultView

__all__ = [
    "CSP",
    "SCRIPT",
    "SCRIPT_HASH",
    "STYLE",
    "claim_anchor",
    "descriptor_anchor",
    "mention_anchor",
    "render_html",
    "write_html",
]

STATUS_LABEL = {
    "corroborated": "corroborated",
    "conflicting": "conflicting",
    "disputed": "disputed",
    "single-source": "single source",
    "unverified": "unverified",
    "denied-only": "denied only",
}
STANCE_SYMBOL = {"supports": "✓", "reports": "~", "denies": "✗", "mixed": "±", "silent": ""}
STANCE_RANK = {"denies": 4, "mixed": 3, "supports": 2, "reports": 1, "silent": 0}

MAX_BRIEF_CLAIMS = 25
MAX_CARD_MENTIONS = 8  # statements listed openly per side of a claim card; the rest fold
MAX_MATRIX_ROWS = 400
MAX_MATRIX_SOURCES = 40


def claim_anchor(claim_id: str) -> str:
    return "claim-" + _aid(claim_id)


def mention_anchor(mention_id: str) -> str:
    return _aid(mention_id)


def descriptor_anchor(article_id: str, start: int, end: int) -> str:
    return "d-" + _aid(f"{article_id}-{start}-{end}")


def _href(anchor: str) -> str:
    return ' href="#' + _e(anchor) + '"'


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    u = url.strip()
    if re.match(r"(?i)^https?://[^\s\"'<>`]+$", u):
        return u
    return None


def _quote(text: str | None) -> str:
    return "“" + _e((text or "").strip().strip("“”\"'‘’").strip()) + "”"


# --------------------------------------------------------------------------------------------
# Context shared by the sections


class _Ctx(ResultView):
    """The result's view, HTML citations, and the descriptor spans the sections cite."""

    def __init__(self, result: AnalysisResult) -> None:
        super().__init__(result)
        self.desc_refs: set[tuple[str, int, int]] = set()

    def cite(self, m: ClaimMention) -> str:
        return f'<a class="cite"{_href(mention_anchor(m.id))}>[{_e(self.cite_label(m))}]</a>'

    def who(self, m: ClaimMention) -> str:
        outlet = _e(self.outlet(m.article_id))
        if m.speaker_kind == "outlet" or not m.speaker:
            base = f'<span class="who">{outlet}</span> <span class="dim">(own reporting)</span>'
        else:
            base = (
                f'<span class="who">{_e(m.speaker)}</span>'
                f' <span class="dim">({_e(m.speaker_kind)}) in {outlet}</span>'
            )
        if m.via:
            base += ' <span class="dim">via ' + " → ".join(_e(v) for v in m.via) + "</span>"
        if m.hedged:
            base += ' <span class="tag hedged">hedged</span>'
        return base


def _badge(status: str) -> str:
    label = _short(STATUS_LABEL.get(status, status), 40)
    return f'<span class="badge st-{_e(_aid(status))}">{_e(label)}</span>'


# --------------------------------------------------------------------------------------------
# Sections


def _claim_card(ctx: _Ctx, c: Claim) -> str:
    out = [f'<article class="claim" id="{_e(claim_anchor(c.id))}" data-status="{_e(c.status)}">']
    out.append(f'<h3><span class="cid">{_e(c.id)}</span> {_badge(c.status)} {_e(c.summary)}</h3>')
    origins = ", ".join(_e(ctx.origin_label(o)) for o in c.origins) or "none asserting"
    out.append(
        f'<p class="meta">{c.independent_origins} independent origin(s): {origins}; '
        f"reported in {c.article_count} article(s), {len(c.mentions)} mention(s)"
    )
    ents = [e for e in c.entities if e in ctx.entity_names]
    if ents:
        out.append(
            " · "
            + ", ".join(
                f'<a class="ent"{_href("ent-" + _aid(e))}>{_e(ctx.entity_names[e])}</a>'
                for e in ents
            )
        )
    out.append("</p>")
    backing = set(c.supporting)
    sup = [m for m in c.mentions if m.polarity != "denies" and m.id in backing]
    quoted = [m for m in c.mentions if m.polarity != "denies" and m.id not in backing]
    den = [m for m in c.mentions if m.polarity == "denies"]
    groups = (
        ("Supported by", sup, "sup"),
        ("Quoted to be debunked (not support)", quoted, "den"),
        ("Denied by", den, "den"),
    )
    for label, group, cls in groups:
        if not group:
            continue
        out.append(f'<div class="{cls}"><h4>{label} ({len(group)})</h4><ul>')
        for i, m in enumerate(group):
            if i == MAX_CARD_MENTIONS and len(group) > MAX_CARD_MENTIONS + 2:
                out.append(f"</ul><details><summary>{len(group) - i} more</summary><ul>")
            out.append(
                f'<li class="stance-{mention_stance(m)}">{ctx.who(m)} {ctx.cite(m)}'
                f" {_quote(_short(m.text, 400))}</li>"
            )
        if len(group) > MAX_CARD_MENTIONS + 2:
            out.append("</ul></details></div>")
        else:
            out.append("</ul></div>")
    read = model_denials(c)
    if read:
        out.append(
            '<div class="den"><h4>Read as denying it by the stance model</h4>'
            '<p class="dim">A reading of the whole article, not a citation: check the '
            "sentence.</p><ul>"
        )
        for s in read:
            how = ", quotes it to debunk it" if s.debunks else ""
            out.append(
                f'<li class="stance-denies"><span class="who">{_e(ctx.article_name(s.article_id))}'
                f'</span> <span class="dim">p={s.probability:.2f}{how}</span> '
                f"{_quote(_short(s.evidence, 300))}</li>"
            )
        out.append("</ul></div>")
    out.append("</article>")
    return "\n".join(out)


def _brief(ctx: _Ctx, max_claims: int) -> str:
    s = ctx.result.summary
    out = ['<section id="brief"><h2>Brief</h2>']
    out.append(
        f'<p class="lead">{s.articles} article(s) read ({s.skipped} skipped), '
        f"{s.claims} claims: <b>{s.corroborated}</b> corroborated by independent origins, "
        f"<b>{s.disputed}</b> disputed, <b>{s.conflicting}</b> conflicting on details, "
        f"{s.single_source} single-source; "
        f'<a href="#contradictions">{s.contradictions} contradiction(s)</a>.</p>'
    )
    out.append(
        '<p class="dim">Main claims by importance. Citations such as [A2 §5] open article 2, '
        "sentence 5, with the statement highlighted.</p>"
    )
    out.append(_tracked(ctx))
    main = ctx.main_claims[:max_claims]
    for c in main:
        out.append(_claim_card(ctx, c))
    out.append(_copies(ctx))
    out.append("</section>")
    shown = {c.id for c in main}
    rest = [c for c in ctx.ranked if c.id not in shown]
    if rest:
        out.append(f'<section id="more-claims"><h2>Other claims ({len(rest)})</h2>')
        out.append(
            '<p class="dim">Lower-ranked claims, then statements the check-worthiness model '
            "reads as rhetoric, fragments or background.</p>"
        )
        out.extend(_claim_card(ctx, c) for c in rest)
        out.append("</section>")
    return "\n".join(out)


def evidence_anchor(article_id: str, sentence_index: int) -> str:
    return f"ev-{_aid(article_id)}-{sentence_index}"


def _tracked(ctx: _Ctx) -> str:
    """The user's tracked claims: each article's stance on the model's reading, with evidence."""
    if not ctx.result.tracked:
        return ""
    out = ['<div id="tracked"><h3>Tracked claims</h3>']
    out.append(
        '<p class="dim">The stance model\'s reading of each article, with its probability and '
        "the sentence it rests on: a reading to check, not a citation.</p>"
    )
    for i, t in enumerate(ctx.result.tracked, 1):
        out.append(
            f'<article class="claim tracked" data-status="{_e(t.status)}"><h3>'
            f'<span class="cid">T{i}</span> {_badge(t.status)} {_e(t.claim)}</h3>'
            f'<p class="meta">{t.independent_origins} independent supporting origin(s)</p><ul>'
        )
        for a in sorted(t.articles, key=lambda a: (STANCE_ORDER[a.stance], -a.probability)):
            cls = {"supports": "asserts", "denies": "denies"}.get(a.stance, "hedged")
            where = _e(ctx.sentence_label(a.article_id, a.sentence_index))
            if a.sentence_index is not None:
                where = (
                    f'<a class="cite"{_href(evidence_anchor(a.article_id, a.sentence_index))}>'
                    f"[{where}]</a>"
                )
            evidence = "" if a.stance == "silent" else " " + _quote(_short(a.evidence, 300))
            out.append(
                f'<li class="stance-{cls}"><span class="who">'
                f"{_e(ctx.article_name(a.article_id))}</span> <b>{_e(a.stance)}</b> "
                f'<span class="dim">p={a.probability:.2f}</span> {where}{evidence}</li>'
            )
        out.append("</ul></article>")
    out.append("</div>")
    return "\n".join(out)


def _copies(ctx: _Ctx) -> str:
    if not ctx.result.copies:
        return ""
    out = ['<div id="copies"><h3>Copies</h3><ul>']
    for c in ctx.result.copies:
        what = "reprints" if c.kind == "reprint" else "shares a passage with"
        out.append(
            f"<li>{_e(ctx.article_name(c.article_id))} {what} "
            f"{_e(ctx.article_name(c.source_id))} ({c.shared:.0%} of its text): counted as one "
            "origin with it.</li>"
        )
    out.append("</ul></div>")
    return "\n".join(out)


def _source_key(m: ClaimMention, ctx: _Ctx) -> str:
    return ctx.origin_label(m.origin) if m.origin else ctx.speaker_label(m)


def _matrix(ctx: _Ctx, max_rows: int, max_sources: int) -> str:
    cells: dict[tuple[str, str], list[ClaimMention]] = defaultdict(list)
    claims_per_source: dict[str, set[str]] = defaultdict(set)
    speakers: dict[str, Counter[str]] = defaultdict(Counter)
    for c in ctx.result.claims:
        for m in c.mentions:
            src = _source_key(m, ctx)
            cells[(c.id, src)].append(m)
            claims_per_source[src].add(c.id)
            speakers[src][ctx.speaker_label(m)] += 1
    sources = sorted(claims_per_source, key=lambda s: (-len(claims_per_source[s]), s.lower()))
    hidden_sources = len(sources) - max_sources
    sources = sources[:max_sources]
    rows = ctx.ranked[:max_rows]
    out = ['<section id="matrix"><h2>Claims × sources</h2>']
    out.append(
        '<p class="dim">Rows are claims, columns the origins of their statements (the root of '
        "each provenance chain). ✓ supports · ~ reports (hedged) · ✗ denies · ± both · blank: "
        "silent. Click a header to sort, a cell to read the statement.</p>"
    )
    notes = []
    if hidden_sources > 0:
        notes.append(f"{hidden_sources} less frequent source(s) not shown")
    if len(ctx.ranked) > max_rows:
        notes.append(f"{len(ctx.ranked) - max_rows} lower-ranked claim(s) not shown")
    if notes:
        out.append('<p class="dim">' + _e("; ".join(notes)) + ".</p>")
    out.append(
        '<div class="controls"><input type="search" '
        'placeholder="Filter by claim, source, outlet or entity…" '
        'data-filter="matrix-table" aria-label="Filter claims">'
        '<select data-status-filter="matrix-table" aria-label="Status">'
        '<option value="">all statuses</option><option value="disputed">disputed</option>'
        '<option value="corroborated">corroborated</option>'
        '<option value="conflicting">conflicting</option>'
        '<option value="single-source">single source</option>'
        '<option value="unverified">unverified</option>'
        '<option value="denied-only">denied only</option></select></div>'
    )
    out.append(
        '<div class="scroll tall"><table id="matrix-table" class="sortable matrix"><thead><tr>'
    )
    out.append('<th data-type="num" class="num">#</th><th data-type="str">claim</th>')
    out.append('<th data-type="str">status</th><th data-type="num" class="num">orig.</th>')
    out.append('<th data-type="num" class="num">art.</th>')
    for src in sources:
        tip = ", ".join(f"{k} ({v})" for k, v in speakers[src].most_common(6))
        out.append(
            f'<th data-type="num" class="src" title="{_e(tip)}"><span>{_e(_short(src, 34))}'
            "</span></th>"
        )
    out.append("</tr></thead><tbody>")
    for rank, c in enumerate(rows, start=1):
        # The filter box also finds a claim by who states it, where, and whom it names.
        search = {ctx.speaker_label(m) for m in c.mentions}
        search |= {ctx.origin_label(m.origin) for m in c.mentions}
        search |= {ctx.outlet(m.article_id) for m in c.mentions}
        search |= {ctx.entity_names[e] for e in c.entities if e in ctx.entity_names}
        out.append(
            f'<tr data-status="{_e(c.status)}" data-search="{_e(" | ".join(sorted(search)))}">'
        )
        out.append(f'<td class="num">{rank}</td>')
        out.append(
            f'<td class="cl" data-v="{_e(c.summary)}"><a{_href(claim_anchor(c.id))}>'
            f"{_e(c.id)}</a> {_e(_short(c.summary, 110))}</td>"
        )
        out.append(f'<td data-v="{_e(c.status)}">{_badge(c.status)}</td>')
        out.append(f'<td class="num">{c.independent_origins}</td>')
        out.append(f'<td class="num">{c.article_count}</td>')
        for src in sources:
            ms = cells.get((c.id, src))
            if not ms:
                out.append('<td class="c" data-v="0"></td>')
                continue
            stance = combine_stances(mention_stance(m) for m in ms)
            tip = "; ".join(
                f"{mention_stance(m)}: {ctx.speaker_label(m)} in {ctx.article_label(m.article_id)}"
                for m in ms[:6]
            )
            out.append(
                f'<td class="c h-{stance}" data-v="{STANCE_RANK[stance]}" title="{_e(tip)}">'
                f"<a{_href(mention_anchor(ms[0].id))}>{STANCE_SYMBOL[stance]}"
                f"{len(ms) if len(ms) > 1 else ''}</a></td>"
            )
        out.append("</tr>")
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _parse_ref(ref: str) -> tuple[str, int, int] | None:
    m = re.match(r"^(.*):(\d+)-(\d+)$", ref or "")
    if not m:
        return None
    return m.group(1), int(m.group(2)), int(m.group(3))


def _contra_side(ctx: _Ctx, ref: str) -> str:
    m = ctx.mentions.get(ref)
    if m is not None:
        return (
            f'<div class="side stance-{mention_stance(m)}"><div>{ctx.who(m)}</div>'
            f"<blockquote>{_quote(m.text)}</blockquote>"
            f'<div class="dim">{ctx.cite(m)} {_e(_short(m.sentence, 300))}</div></div>'
        )
    parsed = _parse_ref(ref)
    if parsed and parsed[0] in ctx.articles:
        art_id, start, end = parsed
        art = ctx.articles[art_id]
        start, end = max(0, min(start, len(art.text))), max(0, min(end, len(art.text)))
        ctx.desc_refs.add((art_id, start, end))
        text = art.text[start:end]
        return (
            f'<div class="side"><div class="who">{_e(ctx.outlet(art_id))}</div>'
            f"<blockquote>{_quote(text)}</blockquote>"
            f'<div class="dim"><a class="cite"{_href(descriptor_anchor(art_id, start, end))}>'
            f"[{ctx.article_label(art_id)} chars {start}-{end}]</a></div></div>"
        )
    return f'<div class="side"><div class="dim">{_e(ref)}</div></div>'


def _contra_values(ctx: _Ctx, x: Contradiction) -> str:
    """Every value of a disputed detail, each with the statements that give it."""
    if len(x.values) < 2:
        return ""
    rows = []
    for v in x.values:
        cites = " ".join(
            ctx.cite(ctx.mentions[mid]) for mid in v.mention_ids if mid in ctx.mentions
        )
        rows.append(f"<li><b>{_e(v.value)}</b> — {_e(', '.join(v.sources))} {cites}</li>")
    return f'<ul class="values">{"".join(rows)}</ul>'


def _contradictions(ctx: _Ctx) -> str:
    xs = ctx.result.contradictions
    out = [f'<section id="contradictions"><h2>Contradictions ({len(xs)})</h2>']
    if not xs:
        out.append('<p class="dim">None found.</p>')
    for x in xs:
        claim = ""
        c = ctx.claims.get(x.claim_id) if x.claim_id else None
        if c is not None:
            claim = (
                f" on <a{_href(claim_anchor(c.id))}>{_e(c.id)}</a> "
                f'<span class="dim">{_e(_short(c.summary, 120))}</span>'
            )
        out.append(
            f'<div class="contra" id="contra-{_e(_aid(x.id))}"><h3><span class="kind">'
            f"{_e(x.kind)}</span>{claim}</h3>"
            f'<p class="dim">{_e(_short(x.explanation, 600))}</p><div class="pair">'
            f"{_contra_side(ctx, x.mention_a)}{_contra_side(ctx, x.mention_b)}</div>"
            f"{_contra_values(ctx, x)}</div>"
        )
    out.append("</section>")
    return "\n".join(out)


def _entities(ctx: _Ctx) -> str:
    ents = sorted(
        ctx.result.entities,
        key=lambda e: (-len({m.article_id for m in e.mentions}), -len(e.mentions), e.name),
    )
    out = [f'<section id="entities"><h2>Entities ({len(ents)})</h2>']
    out.append(
        '<div class="controls"><input type="search" placeholder="Filter entities…" '
        'data-filter="entity-table" aria-label="Filter entities"></div>'
    )
    out.append(
        '<div class="scroll"><table id="entity-table" class="sortable"><thead><tr>'
        '<th data-type="str">name</th><th data-type="str">type</th>'
        '<th data-type="num" class="num">art.</th><th data-type="num" class="num">ment.</th>'
        '<th data-type="str">aliases</th><th data-type="str">descriptors</th>'
        "</tr></thead><tbody>"
    )
    for e in ents:
        descs = []
        for d in e.descriptors:
            if d.article_id not in ctx.articles:
                continue
            art = ctx.articles[d.article_id]
            start = max(0, min(d.start, len(art.text)))
            end = max(0, min(d.end, len(art.text)))
            ctx.desc_refs.add((d.article_id, start, end))
            descs.append(
                f'<li><span class="tag">{_e(d.kind)}</span> {_e(_short(d.text, 160))} '
                f'<a class="cite"{_href(descriptor_anchor(d.article_id, start, end))}>'
                f"[{ctx.article_label(d.article_id)}]</a></li>"
            )
        aliases = ", ".join(_e(a) for a in dict.fromkeys(e.aliases) if a != e.name)
        out.append(
            f'<tr id="ent-{_e(_aid(e.id))}"><td><b>{_e(e.name)}</b></td><td>{_e(e.type)}</td>'
            f'<td class="num">{len({m.article_id for m in e.mentions})}</td>'
            f'<td class="num">{len(e.mentions)}</td><td>{aliases}</td>'
            f"<td>{'<ul>' + ''.join(descs) + '</ul>' if descs else ''}</td></tr>"
        )
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Timeline


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _timeline_row(ctx: _Ctx, entry: TimelineEntry) -> str:
    date = entry.date or ""
    label = entry.label or _short(
        ", ".join(f"{k}: {_plain(v)}" for k, v in to_dict(entry).items()), 200
    )
    refs = " ".join(
        dict.fromkeys(
            f"<a{_href(claim_anchor(cid))}>{_e(cid)}</a>"
            for cid in entry.claim_ids
            if cid in ctx.claims
        )
    )
    basis = entry.date_basis or ""
    how = (
        f'<td data-v="{_e(basis)}" title="{_e(_short(date_note(entry), 300))}">'
        f"{_e(basis)} <span class=dim>{entry.date_confidence:.2f}</span></td>"
        if entry.date
        else '<td data-v=""></td>'
    )
    return (
        f'<tr><td data-v="{_e(date)}">{_e(date) or "<span class=dim>undated</span>"}</td>'
        f"{how}<td>{_e(_short(label, 300))}</td>"
        f"<td>{_badge(entry.status) if entry.status else ''}</td><td>{refs}</td></tr>"
    )


def _timeline(ctx: _Ctx) -> str:
    entries = ctx.result.timeline
    if not entries:
        return ""
    out = [f'<section id="timeline"><h2>Timeline ({len(entries)})</h2>']
    per_day = Counter(e.date[:10] for e in entries if re.match(r"^\d{4}-\d{2}-\d{2}", e.date or ""))
    if per_day:
        out.append(_day_chart(per_day))
    out.append(
        '<div class="scroll"><table class="sortable" id="timeline-table"><thead><tr>'
        '<th data-type="str">date</th>'
        '<th data-type="str" title="what the date rests on: stated in the text, relative to '
        "the publication date or to another dated event, or inferred for an undated article; "
        'then its confidence">date basis</th><th data-type="str">event</th>'
        '<th data-type="str">status</th><th>cited</th></tr></thead><tbody>'
    )
    out.extend(_timeline_row(ctx, e) for e in entries)
    out.append("</tbody></table></div></section>")
    return "\n".join(out)


def _day_chart(per_day: Counter[str]) -> str:
    days = sorted(per_day)
    bar_w, gap, h, top, bottom = 26, 6, 120, 16, 84
    width = 100 + len(days) * (bar_w + gap)
    peak = max(per_day.values())
    svg = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{h + top + bottom}" role="img" aria-label="Timeline entries per day">'
    ]
    for i, day in enumerate(days):
        n = per_day[day]
        bh = max(2, h * n / peak)
        x = 30 + i * (bar_w + gap)
        y = top + h - bh
        svg.append(
            f'<rect x="{x}" y="{y:.0f}" width="{bar_w}" height="{bh:.0f}"><title>{_e(day)}: '
            f"{n}</title></rect>"
            f'<text class="v" x="{x + bar_w / 2:.0f}" y="{y - 3:.0f}">{n}</text>'
            f'<text class="d" transform="translate({x + bar_w / 2 + 4:.0f},{top + h + 6}) '
            f'rotate(60)">{_e(day)}</text>'
        )
    svg.append("</svg>")
    return '<div class="scroll">' + "".join(svg) + "</div>"


# --------------------------------------------------------------------------------------------
# Articles with their mentions highlighted


@dataclass
class _Span:
    start: int
    end: int
    anchor: str
    kind: str  # "mention" or "desc"
    mention: ClaimMention | None = None
    claim: Claim | None = None


def _article_body(ctx: _Ctx, art: Article, spans: list[_Span]) -> str:
    text = art.text
    n = len(text)
    seen: set[str] = set()
    clean: list[_Span] = []
    points: dict[int, list[_Span]] = defaultdict(list)
    for sp in spans:
        s, e = max(0, min(sp.start, n)), max(0, min(sp.end, n))
        if sp.anchor in seen:
            continue
        seen.add(sp.anchor)
        sp.start, sp.end = s, e
        if e <= s:
            points[s].append(sp)  # an empty anchor, so links still land somewhere
        else:
            clean.append(sp)
    bounds = sorted({0, n, *points, *(sp.start for sp in clean), *(sp.end for sp in clean)})
    starts: dict[int, list[_Span]] = defaultdict(list)
    for sp in clean:
        starts[sp.start].append(sp)
    active: list[_Span] = []
    out: list[str] = []
    for i, pos in enumerate(bounds):
        for sp in points.get(pos, []):
            out.append(_open(ctx, sp, first=True) + _close(sp) + _after(ctx, sp))
        if i + 1 == len(bounds):
            break
        nxt = bounds[i + 1]
        active = [sp for sp in active if sp.end > pos] + starts.get(pos, [])
        active.sort(key=lambda sp: (sp.start, -sp.end, sp.kind != "desc", sp.anchor))
        if pos == nxt:
            continue
        seg = _e(text[pos:nxt])
        opening = "".join(_open(ctx, sp, first=sp.start == pos) for sp in active)
        closing = "".join(_close(sp) for sp in reversed(active))
        out.append(opening + seg + closing)
        for sp in active:
            if sp.end == nxt:
                out.append(_after(ctx, sp))
    return "".join(out)


def _open(ctx: _Ctx, sp: _Span, *, first: bool) -> str:
    idattr = f' id="{_e(sp.anchor)}"' if first else ""
    if sp.kind == "desc":
        return f'<span class="desc" data-m="{_e(sp.anchor)}"{idattr}>'
    m, c = sp.mention, sp.claim
    assert m is not None and c is not None
    title = f"{c.id} · {mention_stance(m)} · {ctx.speaker_label(m)}"
    return (
        f'<mark class="m stance-{mention_stance(m)}" data-m="{_e(sp.anchor)}" '
        f'data-c="{_e(claim_anchor(c.id))}" title="{_e(title)}"{idattr}>'
    )


def _close(sp: _Span) -> str:
    return "</span>" if sp.kind == "desc" else "</mark>"


def _after(ctx: _Ctx, sp: _Span) -> str:
    if sp.kind != "mention" or sp.claim is None:
        return ""
    return f'<sup class="cl"><a{_href(claim_anchor(sp.claim.id))}>{_e(sp.claim.id)}</a></sup>'


def _articles(ctx: _Ctx) -> str:
    per_art: dict[str, list[_Span]] = defaultdict(list)
    for c in ctx.result.claims:
        for m in c.mentions:
            per_art[m.article_id].append(
                _Span(m.start, m.end, mention_anchor(m.id), "mention", m, c)
            )
    for art_id, s, e in sorted(ctx.desc_refs):
        per_art[art_id].append(_Span(s, e, descriptor_anchor(art_id, s, e), "desc"))
    sentences = {(x.article_id, x.index): x for x in ctx.result.sentences}
    for t in ctx.result.tracked:
        for a in t.articles:
            x = sentences.get((a.article_id, a.sentence_index))  # type: ignore[arg-type]
            if x is not None and a.stance != "silent":
                anchor = evidence_anchor(a.article_id, x.index)
                per_art[a.article_id].append(_Span(x.start, x.end, anchor, "desc"))
    out = [f'<section id="articles"><h2>Articles ({len(ctx.result.articles)})</h2>']
    out.append(
        '<p class="dim">Highlighted: statements of claims (green supports, amber hedged, red '
        "denies); underlined: descriptors of entities. The small label after a statement "
        "opens its claim.</p>"
    )
    for a in ctx.result.articles:
        bits = []
        if a.outlet:
            bits.append(f"<b>{_e(a.outlet)}</b>")
        bits.append(_e(a.published or "date unknown"))
        url = _safe_url(a.url)
        if url:
            bits.append(
                f'<a class="ext" href="{_e(url)}" rel="noopener noreferrer nofollow" '
                f'target="_blank">{_e(_short(url, 80))}</a>'
            )
        elif a.url:
            bits.append(f'<span class="dim">{_e(_short(a.url, 80))}</span>')
        bits.append(f"<code>{_e(_short(a.path, 80))}</code>")
        count = sum(1 for sp in per_art.get(a.id, []) if sp.kind == "mention")
        bits.append(f"{count} statement(s)")
        warn = ""
        if a.warnings:
            warn = '<p class="warn">' + "; ".join(_e(w) for w in a.warnings) + "</p>"
        label = ctx.article_label(a.id)
        out.append(
            f'<article class="art" id="art-{_e(_aid(a.id))}"><h3><span class="cid">{label}</span> '
            f'{_e(a.title or "(untitled)")}</h3><p class="meta">{" · ".join(bits)}</p>{warn}'
            f'<div class="text">{_article_body(ctx, a, per_art.get(a.id, []))}</div></article>'
        )
    out.append("</section>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Page


def render_html(
    result: AnalysisResult,
    *,
    title: str = "rashomon report",
    max_brief_claims: int = MAX_BRIEF_CLAIMS,
    max_matrix_rows: int = MAX_MATRIX_ROWS,
    max_matrix_sources: int = MAX_MATRIX_SOURCES,
    max_graph_edges: int = MAX_GRAPH_EDGES,
) -> str:
    """The whole report as one HTML document."""
    ctx = _Ctx(result)
    # Sections that cite descriptors run before the articles, which anchor them.
    brief = _brief(ctx, max_brief_claims)
    matrix = _matrix(ctx, max_matrix_rows, max_matrix_sources)
    contra = _contradictions(ctx)
    ents = _entities(ctx)
    prov = provenance_section(ctx, max_graph_edges)
    timeline = _timeline(ctx)
    arts = _articles(ctx)
    nav = [
        ("brief", "Brief"),
        ("matrix", "Matrix"),
        ("contradictions", "Contradictions"),
        ("entities", "Entities"),
        ("provenance", "Provenance"),
    ]
    if timeline:
        nav.append(("timeline", "Timeline"))
    nav.append(("articles", "Articles"))
    head_title = _e(title)
    page = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{head_title}</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<header class="top"><h1>{head_title}</h1><nav>'
        + "".join(f'<a href="#{k}">{v}</a>' for k, v in nav)
        + f'</nav><span class="dim">generated {_e(_short(result.generated_at, 40))} · schema '
        f"{_e(_short(result.schema_version, 20))}</span></header>",
        "<main>",
        brief,
        matrix,
        contra,
        ents,
        prov,
        timeline,
        arts,
        "</main>",
        '<div id="nav-m" role="navigation" aria-label="Statements of this claim">'
        '<a id="nav-prev" href="#brief" title="previous statement">◀</a>'
        '<span id="nav-label"></span>'
        '<a id="nav-next" href="#brief" title="next statement">▶</a>'
        '<a id="nav-claim" href="#brief" title="the claim">claim ↑</a></div>',
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    out = "\n".join(p for p in page if p)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a JSON input
        out = "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in out)
    return out


def write_html(result: AnalysisResult, path: Path, **kwargs: Any) -> None:
    atomic_write_text(Path(path), render_html(result, **kwargs))
