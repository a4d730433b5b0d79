"""A layered drawing of a scenario's graph, as inline SVG (no scripts, no network).

Layers by depth: loops are cut as ``_analysis`` cuts them, and each node goes one
layer below the deepest node that leads to it (the longest way from ``start``), so
the conversation reads from top to bottom. Nodes no path reaches go in a last
layer. Within a layer, nodes are ordered by the mean position of the nodes that
lead to them (two sweeps of the barycentre heuristic), which keeps most edges short.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hrtraining.engine import Scenario, analyse

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 150, 34, 24, 46, 12


@dataclass(frozen=True)
class Placed:
    id: str
    x: float
    y: float
    kind: str


def anchor(prefix: str, node_id: str) -> str:
    """An HTML id for a node: letters, digits, '-' and '_' kept, anything else as _hex_."""
    return prefix + "node-" + re.sub(r"[^A-Za-z0-9_-]", lambda m: f"_{ord(m.group()):x}_", node_id)


def layout(sc: Scenario, dimensions: list[str]) -> tuple[dict[str, Placed], list[tuple[str, str, bool]], float, float]:
    """Positions of every node, the edges (source, target, cut), and the drawing's width and height."""
    a = analyse(sc, dimensions)
    depth: dict[str, int] = {sc.start: 0} if sc.start in sc.nodes else {}
    edges: list[tuple[str, str, bool]] = []
    for nid, node in sc.nodes.items():
        for e, t in enumerate(node.targets()):
            if t in sc.nodes:
                edges.append((nid, t, (nid, e) in a.back))
    for nid in reversed(a.order):  # reverse post-order: a node before every forward target
        node = sc.nodes[nid]
        for e, t in enumerate(node.targets()):
            if (nid, e) not in a.back and t in sc.nodes:
                depth[t] = max(depth.get(t, 0), depth[nid] + 1)
    last = max(depth.values(), default=-1) + 1
    layers: dict[int, list[str]] = {}
    for nid in sc.nodes:
        layers.setdefault(depth.get(nid, last), []).append(nid)
    preds: dict[str, list[str]] = {}
    for s, t, cut in edges:
        if not cut:
            preds.setdefault(t, []).append(s)
    pos: dict[str, float] = {}
    for _ in range(2):
        for k in sorted(layers):
            row = layers[k]
            if k:
                row.sort(key=lambda n: (sum(pos.get(p, 0) for p in preds.get(n, [])) / len(preds[n])
                                        if preds.get(n) else float("inf")))
            for i, n in enumerate(row):
                pos[n] = i
    widest = max((len(r) for r in layers.values()), default=1)
    width = 2 * PAD + widest * BOX_W + (widest - 1) * GAP_X
    placed: dict[str, Placed] = {}
    for row_no, k in enumerate(sorted(layers)):
        row = layers[k]
        span = len(row) * BOX_W + (len(row) - 1) * GAP_X
        x0 = (width - span) / 2
        for i, nid in enumerate(row):
            node = sc.nodes[nid]
            placed[nid] = Placed(nid, x0 + i * (BOX_W + GAP_X), PAD + row_no * (BOX_H + GAP_Y), node.kind)
    height = 2 * PAD + len(layers) * BOX_H + max(0, len(layers) - 1) * GAP_Y
    return placed, edges, width, height


def difficulty_colour(d: float | None) -> str:
    """Red (nobody chose a best option) through amber to green (everybody did)."""
    if d is None:
        return "#ffffff"
    d = min(1.0, max(0.0, d))
    hue = 120 * d
    return f"hsl({hue:.0f}, 70%, 78%)"


KIND_FILL = {"choice": "#e8f0fb", "continue": "#ffffff", "ending": "#eeeeee"}


def svg(sc: Scenario, dimensions: list[str], prefix: str, difficulty: dict[str, tuple[float | None, bool]],
        flagged: set[str]) -> str:
    """The graph as inline SVG; nodes link to their rows (``#prefix-node-ID``)."""
    placed, edges, width, height = layout(sc, dimensions)
    out = [f'<svg class="graph" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
           f'role="img" aria-label="{html.escape(sc.title)}: branch graph" xmlns="http://www.w3.org/2000/svg">',
           '<defs><marker id="' + prefix + 'arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7" '
           'markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#555"/></marker>'
           '<pattern id="' + prefix + 'few" width="6" height="6" patternUnits="userSpaceOnUse" '
           'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
           '<line x1="0" y1="0" x2="0" y2="6" stroke="#bbb" stroke-width="2"/></pattern></defs>']
    for s, t, cut in edges:
        a, b = placed[s], placed[t]
        x1, y1 = a.x + BOX_W / 2, a.y + BOX_H
        x2, y2 = b.x + BOX_W / 2, b.y
        if cut or y2 <= y1:  # a loop back up: curve round the side
            x1, y1, x2, y2 = a.x + BOX_W, a.y + BOX_H / 2, b.x + BOX_W, b.y + BOX_H / 2
            bend = max(x1, x2) + 40
            d = f"M{x1:.0f},{y1:.0f} C{bend:.0f},{y1:.0f} {bend:.0f},{y2:.0f} {x2:.0f},{y2:.0f}"
            style = ' stroke-dasharray="5,4"'
        else:
            mid = (y1 + y2) / 2
            d = f"M{x1:.0f},{y1:.0f} C{x1:.0f},{mid:.0f} {x2:.0f},{mid:.0f} {x2:.0f},{y2:.0f}"
            style = ""
        out.append(f'<path d="{d}" fill="none" stroke="#555" stroke-width="1.2"{style} '
                   f'marker-end="url(#{prefix}arrow)"/>')
    for p in placed.values():
        diff = difficulty.get(p.id)
        if diff is None:
            fill = KIND_FILL.get(p.kind, "#fff")
        elif diff[1]:
            fill = f"url(#{prefix}few)"
        else:
            fill = difficulty_colour(diff[0])
        stroke = "#b00020" if p.id in flagged else "#333"
        width_ = 2.5 if p.id in flagged else 1
        label = p.id if len(p.id) <= 20 else p.id[:19] + "…"
        tip = p.id + ("" if diff is None or diff[0] is None else f" — difficulty {diff[0]:.0%}"
                      + (" (too few)" if diff[1] else ""))
        rx = 16 if p.kind == "ending" else 4
        out.append(f'<a href="#{anchor(prefix, p.id)}"><title>{html.escape(tip)}</title>'
                   f'<rect x="{p.x:.0f}" y="{p.y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="{rx}" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="{width_}"/>'
                   f'<text x="{p.x + BOX_W / 2:.0f}" y="{p.y + BOX_H / 2 + 4:.0f}" text-anchor="middle" '
                   f'font-size="12">{html.escape(label)}</text></a>')
    out.append("</svg>")
    return "\n".join(out)
