"""What scoring version 2 can measure on each complete path (HR121, and ``analyze``).

A complete path runs from ``start`` to an ending, with loops cut as ``_analysis``
cuts them (a choice back to a node already on the way is not followed). Along a
path, each decision adds to ``possible`` the highest score on the dimension among
its options, or 0 (``offers``); conditions are ignored here, as for ``best``, so
every written choice counts as offered. The smallest and largest ``possible`` over
all complete paths come from one pass over the loop-free graph in post-order,
like ``best``; the smallest comes with a path that has it, for the message.

When a required dimension's smallest ``possible`` is 0 while some path does earn
it (``best`` > 0; otherwise HR064 already says so), a trainee who goes that way is
never assessed on it, and the overall level rests on the other required dimension
alone: HR121. Paths that take a critical choice are left out of that warning: the
critical choice already sets the overall level to beginning.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._analysis import Analysis
from ._errors import WARNING, Problem
from ._model import Node, Scenario


@dataclass(frozen=True)
class PossibleRange:
    """The range of ``possible`` on one dimension over the complete paths."""

    dimension: str
    low: int
    high: int
    low_path: tuple[str, ...]  # a complete path whose possible is ``low``

    def to_dict(self) -> dict:
        return {"min": self.low, "max": self.high}


def offers(node: Node, dimension: str) -> int:
    """What facing ``node`` adds to possible on ``dimension`` (every choice counted as offered)."""
    top = 0
    for c in node.choices:
        v = c.score.get(dimension, 0)
        if v > top:
            top = v
    return top


def possible_ranges(sc: Scenario, analysis: Analysis, dimensions: list[str],
                    skip_critical: bool = False) -> dict[str, PossibleRange]:
    """Per dimension, the smallest and largest ``possible`` over the complete paths.

    With ``skip_critical``, only paths that take no critical choice count. Empty when no
    complete path exists (a graph error, reported elsewhere).
    """
    nodes = sc.nodes
    back = analysis.back
    low: dict[str, list[int]] = {}
    high: dict[str, list[int]] = {}
    via: dict[str, list[str | None]] = {}  # for each node, per dimension, the next node of a lowest path
    k = len(dimensions)
    for nid in analysis.order:  # post-order: forward targets first
        node = nodes[nid]
        if node.ending is not None:
            low[nid], high[nid], via[nid] = [0] * k, [0] * k, [None] * k
            continue
        weight = [offers(node, d) for d in dimensions] if node.choices else [0] * k
        lo: list[float] = [float("inf")] * k
        hi: list[float] = [float("-inf")] * k
        nxt: list[str | None] = [None] * k
        found = False
        for e, target in enumerate(node.targets()):
            if (nid, e) in back or target not in low:
                continue
            if skip_critical and e < len(node.choices) and node.choices[e].critical:
                continue
            found = True
            tl, th = low[target], high[target]
            for i in range(k):
                if tl[i] < lo[i]:
                    lo[i], nxt[i] = tl[i], target
                if th[i] > hi[i]:
                    hi[i] = th[i]
        if not found:
            continue  # no complete path from here once loops are cut
        low[nid] = [int(lo[i]) + weight[i] for i in range(k)]
        high[nid] = [int(hi[i]) + weight[i] for i in range(k)]
        via[nid] = nxt
    if sc.start not in low:
        return {}
    out = {}
    for i, d in enumerate(dimensions):
        path = [sc.start]
        while (step := via[path[-1]][i]) is not None:
            path.append(step)
        out[d] = PossibleRange(d, low[sc.start][i], high[sc.start][i], tuple(path))
    return out


def coverage_problems(sc: Scenario, analysis: Analysis, required: tuple[str, ...]) -> list[Problem]:
    """HR121: a required dimension that some complete path never assesses (while others do)."""
    out: list[Problem] = []
    ranges = possible_ranges(sc, analysis, list(required), skip_critical=True)
    for d in required:
        r = ranges.get(d)
        if r is None or r.low > 0 or analysis.best.get(d, 0) <= 0:
            continue
        end = sc.nodes[r.low_path[-1]]
        out.append(Problem(
            sc.path, end.line, 1, WARNING, "HR121",
            f"'{d}' is never assessed on the way {_way(r.low_path)}: no choice along it scores above 0 on "
            f"'{d}', so a trainee who goes this way gets no level for it and the overall level rests on "
            "the other required dimension. Score a choice on it along this way"))
    return out


def _way(path: tuple[str, ...], keep: int = 6) -> str:
    shown = list(path) if len(path) <= keep else [*path[:3], "…", *path[-2:]]
    return " -> ".join(s if s == "…" else f"'{s}'" for s in shown)
