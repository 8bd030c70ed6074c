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

import base64
import hashlib
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import AnalysisResult, Article, Claim, ClaimMention, to_dict
from .tables import atomic_write_text, claim_rank, combine_stances, mention_stance

STATUS_LABEL = {
    "corroborated": "corroborated",
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
MAX_GRAPH_EDGES = 80
MAX_GRAPH_DEPTH = 4


def _e(value: Any) -> str:
    """Escape anything for a text node or a quoted attribute."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True)


_ID_BAD = re.compile(r"[^A-Za-z0-9_.-]")


def _aid(value: str) -> str:
    """An id (and fragment) safe anywhere: letters, digits, ``_ . -``."""
    return _ID_BAD.sub("_", str(value)) or "_"


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


def _short(text: str | None, n: int) -> str:
    t = " ".join((text or "").split())
    return t if len(t) <= n else t[: n - 1].rstrip() + "…"


def _quote(text: str | None) -> str:
    return "“" + _e((text or "").strip().strip("“”\"'‘’").strip()) + "”"


# --------------------------------------------------------------------------------------------
# Context shared by the sections


@dataclass
class _Ctx:
    result: AnalysisResult
    arts: dict[str, Article]
    number: dict[str, int]
    claim_of: dict[str, Claim]
    mentions: dict[str, ClaimMention]
    ranked: list[Claim]
    ent_names: dict[str, str]
    desc_refs: set[tuple[str, int, int]] = field(default_factory=set)

    def cite(self, m: ClaimMention) -> str:
        n = self.number.get(m.article_id)
        label = f"A{n} §{m.sentence_index + 1}" if n else "§?"
        return f'<a class="cite"{_href(mention_anchor(m.id))}>[{_e(label)}]</a>'

    def outlet(self, article_id: str) -> str:
        a = self.arts.get(article_id)
        if a and a.outlet:
            return a.outlet
        return f"article A{self.number.get(article_id, '?')}"

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


def _ctx(result: AnalysisResult) -> _Ctx:
    claim_of: dict[str, Claim] = {}
    mentions: dict[str, ClaimMention] = {}
    for c in result.claims:
        for m in c.mentions:
            claim_of.setdefault(m.id, c)
            mentions.setdefault(m.id, m)
    return _Ctx(
        result=result,
        arts={a.id: a for a in result.articles},
        number={a.id: i + 1 for i, a in enumerate(result.articles)},
        claim_of=claim_of,
        mentions=mentions,
        ranked=claim_rank(result),
        ent_names={e.id: e.name for e in result.entities},
    )


def _badge(status: str) -> str:
    label = _short(STATUS_LABEL.get(status, status), 40)
    return f'<span class="badge st-{_e(_aid(status))}">{_e(label)}</span>'


# --------------------------------------------------------------------------------------------
# Sections


def _claim_card(ctx: _Ctx, c: Claim) -> str:
    out = [f'<article class="claim" id="{_e(claim_anchor(c.id))}" data-status="{_e(c.status)}">']
    out.append(f'<h3><span class="cid">{_e(c.id)}</span> {_badge(c.status)} {_e(c.summary)}</h3>')
    origins = ", ".join(_e(o) for o in c.origins) or "none asserting"
    out.append(
        f'<p class="meta">{c.independent_origins} independent origin(s): {origins}; '
        f"reported in {c.article_count} article(s), {len(c.mentions)} mention(s)"
    )
    ents = [e for e in c.entities if e in ctx.ent_names]
    if ents:
        out.append(
            " · "
            + ", ".join(
                f'<a class="ent"{_href("ent-" + _aid(e))}>{_e(ctx.ent_names[e])}</a>' for e in ents
            )
        )
    out.append("</p>")
    sup = [m for m in c.mentions if m.polarity != "denies"]
    den = [m for m in c.mentions if m.polarity == "denies"]
    for label, group, cls in (("Supported by", sup, "sup"), ("Denied by", den, "den")):
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
    out.append("</article>")
    return "\n".join(out)


def _brief(ctx: _Ctx, max_claims: int) -> str:
    s = ctx.result.summary
    out = ['<section id="brief"><h2>Brief</h2>']
    out.append(
        f'<p class="lead">{s.articles} article(s) read ({s.skipped} skipped), '
        f"{s.claims} claims: <b>{s.corroborated}</b> corroborated by independent origins, "
        f"<b>{s.disputed}</b> disputed, {s.single_source} single-source; "
        f'<a href="#contradictions">{s.contradictions} contradiction(s)</a>.</p>'
    )
    out.append(
        '<p class="dim">Main claims by importance. Citations such as [A2 §5] open article 2, '
        "sentence 5, with the statement highlighted.</p>"
    )
    for c in ctx.ranked[:max_claims]:
        out.append(_claim_card(ctx, c))
    out.append("</section>")
    rest = ctx.ranked[max_claims:]
    if rest:
        out.append(f'<section id="more-claims"><h2>Other claims ({len(rest)})</h2>')
        out.extend(_claim_card(ctx, c) for c in rest)
        out.append("</section>")
    return "\n".join(out)


def _source_key(m: ClaimMention, ctx: _Ctx) -> str:
    return m.origin or m.speaker or ctx.outlet(m.article_id)


def _matrix(ctx: _Ctx, max_rows: int, max_sources: int) -> str:
    cells: dict[tuple[str, str], list[ClaimMention]] = defaultdict(list)
    claims_per_source: dict[str, set[str]] = defaultdict(set)
    speakers: dict[str, Counter[str]] = defaultdict(Counter)
    for c in ctx.result.claims:
        for m in c.mentions:
            src = _source_key(m, ctx)
            cells[(c.id, src)].append(m)
            claims_per_source[src].add(c.id)
            speakers[src][m.speaker or ctx.outlet(m.article_id)] += 1
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
        search = {m.speaker or "" for m in c.mentions} | {m.origin for m in c.mentions}
        search |= {ctx.outlet(m.article_id) for m in c.mentions}
        search |= {ctx.ent_names[e] for e in c.entities if e in ctx.ent_names}
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
                f"{mention_stance(m)}: {m.speaker or ctx.outlet(m.article_id)} in "
                f"A{ctx.number.get(m.article_id, '?')}"
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
    if parsed and parsed[0] in ctx.arts:
        art_id, start, end = parsed
        art = ctx.arts[art_id]
        start, end = max(0, min(start, len(art.text))), max(0, min(end, len(art.text)))
        ctx.desc_refs.add((art_id, start, end))
        text = art.text[start:end]
        n = ctx.number[art_id]
        return (
            f'<div class="side"><div class="who">{_e(ctx.outlet(art_id))}</div>'
            f"<blockquote>{_quote(text)}</blockquote>"
            f'<div class="dim"><a class="cite"{_href(descriptor_anchor(art_id, start, end))}>'
            f"[A{n} chars {start}-{end}]</a></div></div>"
        )
    return f'<div class="side"><div class="dim">{_e(ref)}</div></div>'


def _contradictions(ctx: _Ctx) -> str:
    xs = ctx.result.contradictions
    out = [f'<section id="contradictions"><h2>Contradictions ({len(xs)})</h2>']
    if not xs:
        out.append('<p class="dim">None found.</p>')
    for x in xs:
        claim = ""
        if x.claim_id and any(c.id == x.claim_id for c in ctx.result.claims):
            c = ctx.result.claim(x.claim_id)
            claim = (
                f" on <a{_href(claim_anchor(c.id))}>{_e(c.id)}</a> "
                f'<span class="dim">{_e(_short(c.summary, 120))}</span>'
            )
        out.append(
            f'<div class="contra" id="contra-{_e(_aid(x.id))}"><h3><span class="kind">'
            f"{_e(x.kind)}</span>{claim}</h3>"
            f'<p class="dim">{_e(_short(x.explanation, 600))}</p><div class="pair">'
            f"{_contra_side(ctx, x.mention_a)}{_contra_side(ctx, x.mention_b)}</div></div>"
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
            if d.article_id not in ctx.arts:
                continue
            art = ctx.arts[d.article_id]
            start = max(0, min(d.start, len(art.text)))
            end = max(0, min(d.end, len(art.text)))
            ctx.desc_refs.add((d.article_id, start, end))
            descs.append(
                f'<li><span class="tag">{_e(d.kind)}</span> {_e(_short(d.text, 160))} '
                f'<a class="cite"{_href(descriptor_anchor(d.article_id, start, end))}>'
                f"[A{ctx.number[d.article_id]}]</a></li>"
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
# Provenance graph (inline SVG)


def _node_key(name: str) -> str:
    k = " ".join(name.lower().split())
    return k[4:] if k.startswith("the ") else k


def _provenance(ctx: _Ctx, max_edges: int) -> str:
    outlets = {_node_key(a.outlet) for a in ctx.result.articles if a.outlet}
    label: dict[str, str] = {}
    kind: dict[str, str] = {}
    edges: Counter[tuple[str, str]] = Counter()
    via_edges: set[tuple[str, str]] = set()
    for c in ctx.result.claims:
        for m in c.mentions:
            if m.speaker_kind == "outlet" and not m.via:
                continue
            chain = [ctx.outlet(m.article_id), *m.via]
            if m.speaker and m.speaker_kind != "outlet":
                chain.append(m.speaker)
            keys = []
            for i, name in enumerate(chain):
                k = _node_key(name)
                if not k or (keys and keys[-1] == k):
                    continue
                keys.append(k)
                label.setdefault(k, name)
                if k in outlets:
                    kind[k] = "outlet"
                elif i == len(chain) - 1 and m.speaker:
                    kind.setdefault(k, m.speaker_kind)
                else:
                    kind[k] = "report"
            for a, b in zip(keys, keys[1:]):
                edges[(a, b)] += 1
                if m.via:
                    via_edges.add((a, b))
    out = ['<section id="provenance"><h2>Provenance</h2>']
    if not edges:
        out.append('<p class="dim">No statement is attributed to a source.</p></section>')
        return "\n".join(out)
    ordered = sorted(edges, key=lambda e: (e not in via_edges, -edges[e], e))
    shown = ordered[:max_edges]
    dropped = len(ordered) - len(shown)
    out.append(
        '<p class="dim">Who relays whom: outlets (left) → reports they cite → the sources '
        "quoted. Chains through another report are drawn in orange; line width grows with "
        "the number of statements."
        + (f" {dropped} weaker link(s) not drawn." if dropped else "")
        + "</p>"
    )
    # Layers: the longest chain leading to a node (an outlet nobody cites is layer 0), with
    # the sources nobody is relayed through (sinks) in the last column. A cycle stops at
    # MAX_GRAPH_DEPTH and its closing link is drawn as a loop.
    nodes = {k for e in shown for k in e}
    layer = dict.fromkeys(nodes, 0)
    for _ in range(MAX_GRAPH_DEPTH):
        changed = False
        for a, b in shown:
            if layer[b] < layer[a] + 1 <= MAX_GRAPH_DEPTH:
                layer[b] = layer[a] + 1
                changed = True
        if not changed:
            break
    has_out = {a for a, _ in shown}
    last = max(layer.values())
    for k in nodes:
        if k not in has_out:
            layer[k] = last
    depth = max(layer.values()) + 1
    cols: dict[int, list[str]] = defaultdict(list)
    for k in sorted(nodes, key=lambda k: label[k].lower()):
        cols[layer[k]].append(k)
    # Order each column by the mean position of its parents (fewer crossings).
    pos: dict[str, float] = {}
    for li in range(depth):
        col = cols[li]
        if li:

            def bary(k: str) -> float:
                ps = [pos[a] for a, b in shown if b == k and a in pos]
                return sum(ps) / len(ps) if ps else 1e9

            col.sort(key=bary)
        for i, k in enumerate(col):
            pos[k] = i
    row_h, col_w, box_w, pad = 26, 250, 190, 40
    height = pad * 2 + row_h * max(len(c) for c in cols.values())
    width = pad * 2 + col_w * (depth - 1) + box_w
    xy = {}
    for li, col in cols.items():
        off = (height - 2 * pad - row_h * len(col)) / 2
        for i, k in enumerate(col):
            xy[k] = (pad + li * col_w, pad + off + i * row_h)
    svg = [
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{int(height)}" viewBox="0 0 {width} {int(height)}" role="img" '
        'aria-label="Provenance graph">'
    ]
    for a, b in shown:
        (x1, y1), (x2, y2) = xy[a], xy[b]
        w = 1 + math.log2(edges[(a, b)])
        sx, sy = x1 + box_w, y1 + row_h / 2 - 2
        tx, ty = x2, y2 + row_h / 2 - 2
        if tx <= sx:  # a link within a column or back (a cycle): a loop on the left
            sx, sy = x1, y1 + row_h / 2 - 2
            bend = 30 + abs(ty - sy) / 4
            path = (
                f"M{sx:.0f},{sy:.0f} C{sx - bend:.0f},{sy:.0f} "
                f"{tx - bend:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
            )
        else:
            mx = (sx + tx) / 2
            path = f"M{sx:.0f},{sy:.0f} C{mx:.0f},{sy:.0f} {mx:.0f},{ty:.0f} {tx:.0f},{ty:.0f}"
        cls = "e via" if (a, b) in via_edges else "e"
        svg.append(
            f'<path class="{cls}" d="{path}" stroke-width="{w:.1f}"><title>'
            f"{_e(label[a])} → {_e(label[b])}: {edges[(a, b)]} statement(s)</title></path>"
        )
    for k in sorted(nodes):
        x, y = xy[k]
        svg.append(
            f'<g class="n k-{_e(_aid(kind.get(k, "other")))}"><title>{_e(label[k])} '
            f"({_e(kind.get(k, ''))})</title>"
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{box_w}" height="{row_h - 4}" rx="4"/>'
            f'<text x="{x + 6:.0f}" y="{y + row_h / 2 + 2:.0f}">{_e(_short(label[k], 28))}'
            "</text></g>"
        )
    svg.append("</svg>")
    out.append('<div class="scroll">' + "".join(svg) + "</div>")
    out.append(
        '<p class="legend"><span class="k k-outlet"></span>outlet in the corpus '
        '<span class="k k-report"></span>cited report <span class="k k-person"></span>person '
        '<span class="k k-organisation"></span>organisation <span class="k k-anonymous"></span>'
        "anonymous / other</p></section>"
    )
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Timeline (rendered from whatever the timeline items are)

_DATE_KEYS = ("date", "event_date", "day", "when", "start", "time")
_LABEL_KEYS = ("label", "summary", "title", "text", "description", "event", "notes")


def _pick(d: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        v = d.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def _plain(value: Any) -> str:
    if isinstance(value, dict):
        v = _pick(value, ("name", "label", "text", "id"))
        if v is not None:
            return _plain(v)
        return ", ".join(f"{k}: {_plain(x)}" for k, x in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return "" if value is None else str(value)


def _refs(ctx: _Ctx, d: dict[str, Any]) -> str:
    """Links to the claims and mentions a timeline item names, if any."""
    links = []
    claim_ids = {c.id for c in ctx.result.claims}
    for key in ("claim_id", "claim", "claims", "claim_ids"):
        v = d.get(key)
        for cid in v if isinstance(v, (list, tuple)) else [v]:
            if isinstance(cid, str) and cid in claim_ids:
                links.append(f"<a{_href(claim_anchor(cid))}>{_e(cid)}</a>")
    for key in ("mention", "mentions", "mention_id", "mention_ids"):
        v = d.get(key)
        for mid in v if isinstance(v, (list, tuple)) else [v]:
            if isinstance(mid, dict):
                mid = mid.get("id")
            if isinstance(mid, str) and mid in ctx.mentions:
                links.append(ctx.cite(ctx.mentions[mid]))
    return " ".join(dict.fromkeys(links))


def _timeline(ctx: _Ctx) -> str:
    items = [to_dict(x) for x in (ctx.result.timeline or [])]
    if not items:
        return ""
    out = [f'<section id="timeline"><h2>Timeline ({len(items)})</h2>']
    per_day: Counter[str] = Counter()
    rows = []
    for d in items:
        if not isinstance(d, dict):
            d = {"label": d}
        date = _plain(_pick(d, _DATE_KEYS))
        day = date[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", date) else ""
        if day:
            per_day[day] += 1
        status = _plain(d.get("status"))
        label = _plain(_pick(d, _LABEL_KEYS)) or _short(_plain(d), 200)
        rows.append(
            f'<tr><td data-v="{_e(date)}">{_e(date) or "<span class=dim>undated</span>"}</td>'
            f"<td>{_e(_short(label, 300))}</td>"
            f"<td>{_badge(status) if status else ''}</td><td>{_refs(ctx, d)}</td></tr>"
        )
    if per_day:
        out.append(_day_chart(per_day))
    out.append(
        '<div class="scroll"><table class="sortable" id="timeline-table"><thead><tr>'
        '<th data-type="str">date</th><th data-type="str">event</th>'
        '<th data-type="str">status</th><th>cited</th></tr></thead><tbody>'
    )
    out.extend(rows)
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
    title = f"{c.id} · {mention_stance(m)} · {m.speaker or 'own reporting'}"
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
    out = [f'<section id="articles"><h2>Articles ({len(ctx.result.articles)})</h2>']
    out.append(
        '<p class="dim">Highlighted: statements of claims (green supports, amber hedged, red '
        "denies); underlined: descriptors of entities. The small label after a statement "
        "opens its claim.</p>"
    )
    for a in ctx.result.articles:
        n = ctx.number[a.id]
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
        out.append(
            f'<article class="art" id="art-{_e(_aid(a.id))}"><h3><span class="cid">A{n}</span> '
            f'{_e(a.title or "(untitled)")}</h3><p class="meta">{" · ".join(bits)}</p>{warn}'
            f'<div class="text">{_article_body(ctx, a, per_art.get(a.id, []))}</div></article>'
        )
    out.append("</section>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Page

STYLE = """
:root{--fg:#1d2330;--dim:#5d6676;--bg:#fff;--panel:#f5f6f8;--line:#dfe2e8;--acc:#2357c6;
--sup:#2e9e5b;--rep:#d99a1e;--den:#d2413a;--mix:#8a4fc7}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
header.top{position:sticky;top:0;z-index:5;background:#1d2330;color:#fff;padding:8px 20px;
display:flex;gap:18px;align-items:baseline;flex-wrap:wrap}
header.top h1{font-size:17px;margin:0}
header.top nav a{color:#cfe0ff;margin-right:12px;text-decoration:none;font-size:14px}
header.top nav a:hover{text-decoration:underline}
main{max-width:1280px;margin:0 auto;padding:10px 20px 80px}
section{margin:28px 0}
h2{font-size:21px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:16px;margin:0 0 4px}
h4{font-size:13px;margin:6px 0 2px;text-transform:uppercase;letter-spacing:.04em;color:var(--dim)}
a{color:var(--acc)}
.dim{color:var(--dim)} .lead{font-size:16px}
.meta{color:var(--dim);font-size:13px;margin:0 0 6px}
.cid{display:inline-block;min-width:2.2em;font:600 12px/1.6 ui-monospace,monospace;color:var(--dim)}
.badge{display:inline-block;font-size:11px;font-weight:600;padding:0 7px;border-radius:9px;
vertical-align:1px;white-space:nowrap;background:#e4e7ec;color:#3c4452}
.st-corroborated{background:#d7f0e0;color:#196a3a}.st-disputed{background:#fbdcda;color:#9b211b}
.st-unverified{background:#fbefd3;color:#7a5410}.st-denied-only{background:#f3e1f5;color:#6b2277}
.tag{font-size:11px;background:#eef0f4;border-radius:4px;padding:0 5px;color:#4a5262}
.tag.hedged{background:#fbefd3;color:#7a5410}
.claim{border:1px solid var(--line);border-left:4px solid #aab1bd;border-radius:6px;
padding:10px 14px;margin:10px 0;background:#fff}
.claim[data-status=disputed]{border-left-color:var(--den)}
.claim[data-status=corroborated]{border-left-color:var(--sup)}
.claim ul{margin:2px 0;padding-left:18px}.claim li{margin:3px 0}
.claim details summary{cursor:pointer;color:var(--acc);font-size:13px}
.who{font-weight:600}
a.cite{font-size:12px;text-decoration:none;white-space:nowrap}
:target{scroll-margin-top:60px}
.claim:target,.contra:target,tr:target{outline:3px solid #ffd24d}
.controls{margin:6px 0;display:flex;gap:8px}
.controls input,.controls select{font:inherit;padding:3px 8px;border:1px solid var(--line);
border-radius:5px}.controls input{width:320px}
.scroll{overflow:auto;max-width:100%}
table{border-collapse:collapse;font-size:13px}
th,td{border:1px solid var(--line);padding:3px 6px;vertical-align:top;text-align:left}
th{background:var(--panel);cursor:pointer;user-select:none;position:sticky;top:0}
th.sorted-asc::after{content:" ▲";font-size:9px}th.sorted-desc::after{content:" ▼";font-size:9px}
td.num,th.num{text-align:right}
#entity-table ul{margin:0;padding-left:16px}
.matrix{table-layout:auto}
.matrix td.cl{min-width:340px;max-width:520px}
.matrix th.src{vertical-align:bottom;padding:4px 2px;width:30px;height:170px}
.matrix th.src span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;
display:inline-block;max-height:165px;overflow:hidden;text-overflow:ellipsis}
.matrix td.c{text-align:center;padding:0;min-width:28px;vertical-align:middle}
.matrix td.c a{display:block;padding:3px 0;text-decoration:none;color:inherit;font-weight:700}
.matrix td.c[data-v="0"]{background:#fafbfc}
.scroll.tall{max-height:85vh}
.h-supports{background:#bfe6cc;color:#14502c}.h-reports{background:#f8e2b2;color:#6b4a07}
.h-denies{background:#f5b7b2;color:#7d1510}.h-mixed{background:#dcc8f2;color:#4b2378}
.contra{border:1px solid var(--line);border-radius:6px;padding:10px 14px;margin:12px 0}
.contra .kind{text-transform:uppercase;font-size:12px;letter-spacing:.05em;color:var(--den);
margin-right:6px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.side{background:var(--panel);border-radius:6px;padding:8px 12px;border-top:3px solid #aab1bd}
.side.stance-supports{border-top-color:var(--sup)}.side.stance-reports{border-top-color:var(--rep)}
.side.stance-denies{border-top-color:var(--den)}
blockquote{margin:6px 0;font-size:15px}
.graph .e{fill:none;stroke:#9aa6b8;stroke-opacity:.7}.graph .e.via{stroke:#e07b24;stroke-opacity:.9}
.graph rect{fill:#eef0f4;stroke:#aab1bd}.graph text{font-size:12px;fill:#1d2330}
.graph .k-outlet rect,.legend .k-outlet{fill:#d6e4ff;background:#d6e4ff;stroke:#2357c6}
.graph .k-report rect,.legend .k-report{fill:#ffe3c9;background:#ffe3c9;stroke:#e07b24}
.graph .k-person rect,.legend .k-person{fill:#e2f3e6;background:#e2f3e6}
.graph .k-organisation rect,.graph .k-media rect,.legend .k-organisation{fill:#f1e6fa;
background:#f1e6fa}
.graph .k-anonymous rect,.legend .k-anonymous{fill:#eef0f4;background:#eef0f4}
.legend{font-size:12px;color:var(--dim)}
.legend .k{display:inline-block;width:12px;height:12px;border:1px solid #aab1bd;
border-radius:3px;margin:0 4px 0 12px;vertical-align:-2px}
.chart rect{fill:#2357c6}.chart text{font-size:11px;fill:#5d6676}.chart .v{text-anchor:middle}
.art{border-top:1px solid var(--line);padding:14px 0}
.art .text{white-space:pre-wrap;max-width:820px;font-size:15px;line-height:1.65;
font-family:Georgia,"Times New Roman",serif}
.warn{color:#8a5a00;font-size:13px}
mark.m{background:#d7f0e0;color:inherit;border-radius:2px;padding:0 1px}
mark.m mark.m{background:#b5e2c4}
mark.stance-reports{background:#fbefd3}mark.stance-denies{background:#fbdcda}
mark.m:target,mark.m.hl{background:#ffd24d!important;box-shadow:0 0 0 2px #ffd24d}
.desc{text-decoration:underline dotted #8a4fc7 2px;text-underline-offset:3px}
.desc:target,.desc.hl{background:#ecdffb}
sup.cl{font:600 10px ui-monospace,monospace;margin:0 2px}
sup.cl a{text-decoration:none;color:var(--dim)}
#nav-m{position:fixed;right:16px;bottom:16px;background:#1d2330;color:#fff;border-radius:8px;
padding:6px 10px;font-size:13px;display:none;gap:8px;align-items:center;z-index:9}
#nav-m.on{display:flex}#nav-m a{color:#cfe0ff;text-decoration:none;padding:0 4px}
.hidden{display:none}
@media (max-width:800px){.pair{grid-template-columns:1fr}}
@media print{header.top,#nav-m,.controls{display:none}}
"""

# The only script in the page. It reads the DOM the server rendered; it never builds HTML
# from strings (textContent and attributes only).
SCRIPT = r"""
(function () {
  'use strict';
  document.documentElement.setAttribute('data-js', 'ok');
  function cellValue(row, i) {
    var c = row.cells[i];
    if (!c) return '';
    return c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent.trim();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    Array.prototype.forEach.call(head.cells, function (th, i) {
      th.addEventListener('click', function () {
        var num = th.getAttribute('data-type') === 'num';
        var desc = !th.classList.contains('sorted-desc');
        if (th.classList.contains('sorted-asc') || th.classList.contains('sorted-desc')) {
          desc = th.classList.contains('sorted-asc');
        } else if (!num) {
          desc = false;
        }
        Array.prototype.forEach.call(head.cells, function (h) {
          h.classList.remove('sorted-asc', 'sorted-desc');
        });
        th.classList.add(desc ? 'sorted-desc' : 'sorted-asc');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, i), y = cellValue(b, i), r;
          if (num) { r = (parseFloat(x) || 0) - (parseFloat(y) || 0); }
          else { r = x.localeCompare(y, undefined, {numeric: true, sensitivity: 'base'}); }
          return desc ? -r : r;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function applyFilters(id) {
    var table = document.getElementById(id);
    if (!table) return;
    var q = document.querySelector('[data-filter="' + id + '"]');
    var s = document.querySelector('[data-status-filter="' + id + '"]');
    var text = q ? q.value.trim().toLowerCase() : '';
    var status = s ? s.value : '';
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      var hay = (r.textContent + ' ' + (r.getAttribute('data-search') || '')).toLowerCase();
      var ok = (!text || hay.indexOf(text) >= 0) &&
               (!status || r.getAttribute('data-status') === status);
      r.classList.toggle('hidden', !ok);
    });
  }
  document.querySelectorAll('[data-filter]').forEach(function (el) {
    el.addEventListener('input', function () { applyFilters(el.getAttribute('data-filter')); });
  });
  document.querySelectorAll('[data-status-filter]').forEach(function (el) {
    el.addEventListener('change', function () {
      applyFilters(el.getAttribute('data-status-filter'));
    });
  });
  // Highlight navigation: every segment of the target mention, and prev/next in its claim.
  var byClaim = {};
  document.querySelectorAll('mark.m[id]').forEach(function (m) {
    var c = m.getAttribute('data-c');
    (byClaim[c] = byClaim[c] || []).push(m.id);
  });
  var nav = document.getElementById('nav-m');
  var label = document.getElementById('nav-label');
  var prev = document.getElementById('nav-prev');
  var next = document.getElementById('nav-next');
  var up = document.getElementById('nav-claim');
  var lit = [];
  function onHash() {
    lit.forEach(function (el) { el.classList.remove('hl'); });
    lit = [];
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || !el.hasAttribute('data-m')) { nav.classList.remove('on'); return; }
    document.querySelectorAll('[data-m]').forEach(function (x) {
      if (x.getAttribute('data-m') === id) { x.classList.add('hl'); lit.push(x); }
    });
    var c = el.getAttribute('data-c');
    var list = c ? byClaim[c] || [] : [];
    var i = list.indexOf(id);
    if (i < 0) { nav.classList.remove('on'); return; }
    label.textContent = c.replace(/^claim-/, '') + ': ' + (i + 1) + ' of ' + list.length;
    prev.setAttribute('href', '#' + list[(i + list.length - 1) % list.length]);
    next.setAttribute('href', '#' + list[(i + 1) % list.length]);
    up.setAttribute('href', '#' + c);
    nav.classList.add('on');
  }
  window.addEventListener('hashchange', onHash);
  onHash();
})();
"""

#: The CSP source that allows exactly :data:`SCRIPT` (its text between the tags, as UTF-8)
#: and no other inline script: no injected <script>, no on...= attribute, no javascript: URL.
SCRIPT_HASH = "'sha256-{}'".format(
    base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
)
#: The report's policy: no network at all, only our own script.
CSP = (
    f"default-src 'none'; style-src 'unsafe-inline'; script-src {SCRIPT_HASH}; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)


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
    ctx = _ctx(result)
    # Sections that cite descriptors run before the articles, which anchor them.
    brief = _brief(ctx, max_brief_claims)
    matrix = _matrix(ctx, max_matrix_rows, max_matrix_sources)
    contra = _contradictions(ctx)
    ents = _entities(ctx)
    prov = _provenance(ctx, max_graph_edges)
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
