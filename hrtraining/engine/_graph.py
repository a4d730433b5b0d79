"""The branch graph as Mermaid or Graphviz DOT, endings and critical choices marked.

With a rubric, each ending is coloured by how it scores: the best overall level a trainee can
reach on a way into it (``_endings``): green good, amber fair (a mixed conversation), red
beginning (an ending only disengagement or perfectionist rejection reaches), grey when no
way into it is assessed. Without one, endings are all one colour.
"""
from __future__ import annotations

from ._model import Scenario
from ._rubric import Rubric

#: Ending colours by level: (fill, stroke), told apart by lightness too, and named in a legend.
ENDING_COLOURS = {"good": ("#d8f0dd", "#1e7b34"), "fair": ("#fff1c7", "#9a6a00"),
                  "beginning": ("#f9dcd8", "#b03a2e"), None: ("#e8e8e8", "#666666")}
ENDING_WORDS = {"good": "good", "fair": "fair (mixed)", "beginning": "beginning (disengagement)",
                None: "not assessed"}


def _ending_levels(sc: Scenario, rubric: Rubric | None) -> dict[str, str | None] | None:
    if rubric is None:
        return None
    from ._endings import ending_levels

    return ending_levels(sc, rubric)


def _legend(levels: dict[str, str | None]) -> str:
    shown = [lv for lv in ("good", "fair", "beginning", None) if lv in levels.values()]
    return "endings coloured by the best level reachable into them: " + ", ".join(
        f"{ENDING_WORDS[lv]} {ENDING_COLOURS[lv][1]}" for lv in shown)


def _mermaid_ids(sc: Scenario) -> dict[str, str]:
    """``n0``, ``n1``, ... in file order: always safe in Mermaid, and unique (``a-b`` and ``a_b``
    once both became ``n_a_b``). Each node's label shows its real id."""
    ids = {nid: f"n{k}" for k, nid in enumerate(sc.nodes)}
    for node in sc.nodes.values():  # a target that is not a node (only in an unchecked scenario)
        for t in node.targets():
            ids.setdefault(t, f"n{len(ids)}")
    return ids


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _mermaid_text(text: str) -> str:
    """Label text that cannot end a Mermaid label early; Mermaid shows #gt; as '>' and so on."""
    return (text.replace("#", "#35;").replace('"', "#quot;").replace("|", "#124;")
            .replace("<", "#lt;").replace(">", "#gt;"))


def to_mermaid(sc: Scenario, rubric: Rubric | None = None) -> str:
    """A ``flowchart TD`` with endings as rounded nodes and critical choices in red; with a
    ``rubric``, endings coloured by the best level reachable into them."""
    levels = _ending_levels(sc, rubric)
    out = ["flowchart TD"] + ([f"  %% {_legend(levels)}"] if levels else [])
    _mid = _mermaid_ids(sc).__getitem__
    critical_edges: list[int] = []
    edge = 0
    for nid, node in sc.nodes.items():
        label = _mermaid_text(nid)
        if node.ending is not None:
            out.append(f'  {_mid(nid)}(["{label}: {_mermaid_text(_short(node.ending.title))}"])')
        elif node.choices:
            out.append(f'  {_mid(nid)}{{"{label}"}}')
        else:
            out.append(f'  {_mid(nid)}["{label}"]')
    for nid, node in sc.nodes.items():
        for c in node.choices:
            mark = "⚠ " if c.critical else ""
            out.append(f'  {_mid(nid)} -->|"{mark}{c.index + 1}. {_mermaid_text(_short(c.text))}"| {_mid(c.next)}')
            if c.critical:
                critical_edges.append(edge)
            edge += 1
        for b in node.branches:
            cond = f'|"{_mermaid_text(b.condition.text)}"|' if b.condition else ""
            out.append(f"  {_mid(nid)} -.->{cond} {_mid(b.next)}")
            edge += 1
    out.append(f"  style {_mid(sc.start)} stroke-width:3px")
    for nid, node in sc.nodes.items():
        if node.ending is not None:
            if levels is None:
                out.append(f"  style {_mid(nid)} fill:#e8f4ea")
            else:
                fill, stroke = ENDING_COLOURS[levels.get(nid)]
                out.append(f"  style {_mid(nid)} fill:{fill},stroke:{stroke},stroke-width:2px")
    for e in critical_edges:
        out.append(f"  linkStyle {e} stroke:#c0392b,stroke-width:2px")
    return "\n".join(out) + "\n"


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(sc: Scenario, rubric: Rubric | None = None) -> str:
    """A Graphviz digraph: endings as double octagons, critical choices red and bold; with a
    ``rubric``, endings filled by the best level reachable into them."""
    levels = _ending_levels(sc, rubric)
    out = [f"digraph {_dot(sc.id)} {{", "  rankdir=TB;", '  node [fontname="Helvetica"];']
    if levels:
        out.append(f"  // {_legend(levels)}")
    for nid, node in sc.nodes.items():
        if node.ending is not None:
            colour = ""
            if levels is not None:
                fill, stroke = ENDING_COLOURS[levels.get(nid)]
                colour = f', style=filled, fillcolor="{fill}", color="{stroke}", penwidth=2'
            out.append(f"  {_dot(nid)} [shape=doubleoctagon, label={_dot(nid + chr(10) + node.ending.title)}{colour}];")
        elif node.choices:
            pen = ", penwidth=3" if nid == sc.start else ""
            out.append(f"  {_dot(nid)} [shape=diamond{pen}];")
        else:
            out.append(f"  {_dot(nid)} [shape=box];")
    for nid, node in sc.nodes.items():
        for c in node.choices:
            style = ", color=red, fontcolor=red, style=bold" if c.critical else ""
            out.append(f"  {_dot(nid)} -> {_dot(c.next)} [label={_dot(f'{c.index + 1}. ' + _short(c.text))}{style}];")
        for b in node.branches:
            label = f" [style=dashed, label={_dot(b.condition.text)}]" if b.condition else " [style=dashed]"
            out.append(f"  {_dot(nid)} -> {_dot(b.next)}{label};")
    out.append("}")
    return "\n".join(out) + "\n"
