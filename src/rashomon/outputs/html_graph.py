"""report.html's provenance graph: who relays whom, drawn as inline SVG."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .html_escape import aid as _aid
from .html_escape import e as _e
from .html_escape import short as _short
from .view import ResultView

MAX_GRAPH_EDGES = 80
MAX_GRAPH_DEPTH = 4


def _node_key(name: str) -> str:
    k = " ".join(name.lower().split())
    return k[4:] if k.startswith("the ") else k


@dataclass
class _Graph:
    """Who relays whom: node key -> label and kind, (from, to) -> statements, links via reports."""

    label: dict[str, str]
    kind: dict[str, str]
    edges: Counter[tuple[str, str]]
    via_edges: set[tuple[str, str]]


def _provenance_graph(ctx: ResultView) -> _Graph:
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
    return _Graph(label, kind, edges, via_edges)


_ROW_H, _BOX_W = 26, 190  # a node's box: row height and width


def _layout(
    shown: list[tuple[str, str]], label: dict[str, str]
) -> tuple[dict[str, tuple[float, float]], int, float]:
    """Node key -> (x, y) of its box, and the drawing's width and height."""
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
    row_h, col_w, box_w, pad = _ROW_H, 250, _BOX_W, 40
    height = pad * 2 + row_h * max(len(c) for c in cols.values())
    width = pad * 2 + col_w * (depth - 1) + box_w
    xy = {}
    for li, col in cols.items():
        off = (height - 2 * pad - row_h * len(col)) / 2
        for i, k in enumerate(col):
            xy[k] = (pad + li * col_w, pad + off + i * row_h)
    return xy, width, height


def _graph_svg(g: _Graph, shown: list[tuple[str, str]]) -> str:
    label, kind, edges, via_edges = g.label, g.kind, g.edges, g.via_edges
    row_h, box_w = _ROW_H, _BOX_W
    nodes = {k for e in shown for k in e}
    xy, width, height = _layout(shown, label)
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
    return "".join(svg)


def provenance_section(ctx: ResultView, max_edges: int) -> str:
    g = _provenance_graph(ctx)
    edges, via_edges = g.edges, g.via_edges
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
    out.append('<div class="scroll">' + _graph_svg(g, shown) + "</div>")
    out.append(
        '<p class="legend"><span class="k k-outlet"></span>outlet in the corpus '
        '<span class="k k-report"></span>cited report <span class="k k-person"></span>person '
        '<span class="k k-organisation"></span>organisation <span class="k k-anonymous"></span>'
        "anonymous / other</p></section>"
    )
    return "\n".join(out)
