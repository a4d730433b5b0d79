"""How each ending scores: the best overall level a trainee can reach on a way into it.

``graph`` colours endings with it, so an author sees at a glance which endings only a
disengaging or perfectionist conversation reaches. A way into an ending is a complete path
from ``start`` with loops cut as ``_analysis`` cuts them and conditions ignored (as for
``best``); along it each decision adds its options' highest score to ``possible`` (every
written choice counted as offered, as ``_coverage`` does) and the choice taken to ``points``;
the level is the engine's own (``dimension_level``, the critical cap included) and the overall
level is the lowest of the required dimensions assessed.

Exact, without listing paths: one forward pass over the loop-free graph keeps, per node, the
set of distinct (points, possible per required dimension, critical) states that reach it.
"""
from __future__ import annotations

from ._analysis import Analysis, analyse
from ._coverage import offers
from ._model import Scenario
from ._rubric import Rubric
from ._scoring import dimension_level, lowest

LEVEL_RANK = {"beginning": 0, "fair": 1, "good": 2}
#: Past this many distinct states at one node the pass stops (an ending's level is then None,
#: "not worked out"); real scenarios hold a few hundred.
MAX_STATES = 50_000

State = tuple[tuple[int, ...], tuple[int, ...], bool]


def ending_levels(sc: Scenario, rubric: Rubric, analysis: Analysis | None = None) -> dict[str, str | None]:
    """Ending node id -> the best overall level reachable into it (None: not assessed on any
    way in, or not reachable)."""
    analysis = analysis or analyse(sc, list(rubric.dimensions))
    required = tuple(rubric.required)
    k = len(required)
    nodes = sc.nodes
    states: dict[str, set[State]] = {sc.start: {((0,) * k, (0,) * k, False)}} if sc.start in nodes else {}
    best: dict[str, str | None] = {nid: None for nid, n in nodes.items() if n.ending is not None}
    for nid in reversed(analysis.order):  # reverse post-order: every node after all that lead to it
        here = states.pop(nid, set())
        if not here:
            continue
        node = nodes[nid]
        if node.ending is not None:
            best[nid] = _best(here, required, rubric)
            continue
        weight = tuple(offers(node, d) for d in required) if node.choices else (0,) * k
        for e, target in enumerate(node.targets()):
            if (nid, e) in analysis.back or target not in nodes:
                continue
            choice = node.choices[e] if e < len(node.choices) else None
            gain = tuple(choice.score.get(d, 0) for d in required) if choice is not None else (0,) * k
            crit = bool(choice is not None and choice.critical)
            out = states.setdefault(target, set())
            for pts, pos, c in here:
                out.add((tuple(a + b for a, b in zip(pts, gain)), tuple(a + b for a, b in zip(pos, weight)),
                         c or crit))
            if len(out) > MAX_STATES:
                return {nid: None for nid in best}
    return best


def _best(states: set[State], required: tuple[str, ...], rubric: Rubric) -> str | None:
    top: str | None = None
    for pts, pos, crit in states:
        levels = []
        for d, p, q in zip(required, pts, pos):
            _, level, _ = dimension_level(rubric, d, p, q, crit)
            if level is not None:
                levels.append(level)
        level = lowest(levels) if levels else None
        if level is not None and (top is None or LEVEL_RANK[level] > LEVEL_RANK[top]):
            top = level
    return top
