"""The branch graph as Mermaid or Graphviz DOT, endings and critical choices marked.

With a rubric, each ending is coloured by how the conversations that really reach it score
(``_endings``: meter conditions counted, the best of them decides): green good (a
conversation that scores good can end here), amber mixed (fair at best), red disengagement
(every way in scores beginning), grey when no way in is assessed or none reaches it. Its
label adds the spread of levels ("beginning–good"), and a legend names the colours. Without
a rubric, endings are all one colour.
"""
from __future__ import annotations

from ._endings import DISENGAGEMENT, GOOD, MIXED, EndingLevels, ending_levels
from ._model import Scenario
from ._rubric import Rubric

#: Ending colours by kind: (fill, stroke), told apart by lightness too, and named in a legend.
ENDING_COLOURS = {GOOD: ("#d8f0dd", "#1e7b34"), MIXED: ("#fff1c7", "#9a6a00"),
                  DISENGAGEMENT: ("#f9dcd8", "#b03a2e"), None: ("#e8e8e8", "#666666")}
ENDING_WORDS = {GOOD: "good: a conversation that scores good can end here",
                MIXED: "mixed: the best conversation that ends here scores fair",
                DISENGAGEMENT: "disengagement: every conversation that ends here scores beginning",
                None: "not assessed: no way in is scored (or none reaches it)"}


def _ending_levels(sc: Scenario, rubric: Rubric | None) -> EndingLevels | None:
    return None if rubric is None else ending_levels(sc, rubric)


def _kinds(sc: Scenario, levels: EndingLevels) -> list[str | None]:
    """The kinds of ending ``sc`` has, in legend order."""
    had = {levels.kind(nid) for nid, n in sc.nodes.items() if n.ending is not None}
    return [k for k in (GOOD, MIXED, DISENGAGEMENT, None) if k in had]


def _legend(sc: Scenario, levels: EndingLevels) -> str:
    how = "meter conditions counted" if levels.exact else \
        "meter conditions ignored: too many meter values to follow them exactly"
    return (f"endings coloured by how the conversations that really reach them score ({how}); "
            "each label ends with the levels of the ways in: "
            + "; ".join(f"{ENDING_WORDS[k]} {ENDING_COLOURS[k][1]}" for k in _kinds(sc, levels)))


def _ending_label(nid: str, title: str, levels: EndingLevels | None) -> str:
    spread = levels.range(nid) if levels is not None else ""
    return f"{nid}: {_short(title)}" + (f" ({spread})" if spread else "")


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
    ``rubric``, endings coloured by how the conversations that reach them score, and a legend."""
    levels = _ending_levels(sc, rubric)
    out = ["flowchart TD"] + ([f"  %% {_legend(sc, levels)}"] if levels else [])
    _mid = _mermaid_ids(sc).__getitem__
    critical_edges: list[int] = []
    edge = 0
    for nid, node in sc.nodes.items():
        label = _mermaid_text(nid)
        if node.ending is not None:
            out.append(f'  {_mid(nid)}(["{_mermaid_text(_ending_label(nid, node.ending.title, levels))}"])')
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
                fill, stroke = ENDING_COLOURS[levels.kind(nid)]
                out.append(f"  style {_mid(nid)} fill:{fill},stroke:{stroke},stroke-width:2px")
    for e in critical_edges:
        out.append(f"  linkStyle {e} stroke:#c0392b,stroke-width:2px")
    if levels is not None:
        out.extend(_mermaid_legend(sc, levels))
    return "\n".join(out) + "\n"


def _mermaid_legend(sc: Scenario, levels: EndingLevels) -> list[str]:
    """A drawn legend: one box per colour the graph uses. Its ids (``legend``, ``legend0``...)
    cannot clash with the nodes' (``n0``, ``n1``...), and it adds no edge, so the critical
    edges' ``linkStyle`` numbers stay right."""
    out = ['  subgraph legend["Endings: how the conversations that reach them score"]', "    direction LR"]
    styles = []
    for k, kind in enumerate(_kinds(sc, levels)):
        out.append(f'    legend{k}(["{_mermaid_text(ENDING_WORDS[kind])}"])')
        fill, stroke = ENDING_COLOURS[kind]
        styles.append(f"  style legend{k} fill:{fill},stroke:{stroke},stroke-width:2px")
    return out + ["  end"] + styles


def _dot(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(sc: Scenario, rubric: Rubric | None = None) -> str:
    """A Graphviz digraph: endings as double octagons, critical choices red and bold; with a
    ``rubric``, endings filled by how the conversations that reach them score, and a legend."""
    levels = _ending_levels(sc, rubric)
    out = [f"digraph {_dot(sc.id)} {{", "  rankdir=TB;", '  node [fontname="Helvetica"];']
    if levels:
        out.append(f"  // {_legend(sc, levels)}")
    for nid, node in sc.nodes.items():
        if node.ending is not None:
            colour = ""
            if levels is not None:
                fill, stroke = ENDING_COLOURS[levels.kind(nid)]
                colour = f', style=filled, fillcolor="{fill}", color="{stroke}", penwidth=2'
                spread = levels.range(nid)
                title = node.ending.title + (f" ({spread})" if spread else "")
            else:
                title = node.ending.title
            out.append(f"  {_dot(nid)} [shape=doubleoctagon, label={_dot(nid + chr(10) + title)}{colour}];")
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
    if levels is not None:
        out.extend(_dot_legend(sc, levels))
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_legend(sc: Scenario, levels: EndingLevels) -> list[str]:
    """A drawn legend: a cluster with one box per colour the graph uses. Its node names hold
    a space and a colon, which no node id may, so they cannot clash with the scenario's."""
    out = ["  subgraph cluster_legend {", f"    label={_dot('Endings: how the conversations that reach them score')};"]
    for kind in _kinds(sc, levels):
        fill, stroke = ENDING_COLOURS[kind]
        out.append(f"    {_dot('legend: ' + str(kind))} [shape=box, style=filled, fillcolor=\"{fill}\", "
                   f"color=\"{stroke}\", penwidth=2, label={_dot(ENDING_WORDS[kind])}];")
    return out + ["  }"]
