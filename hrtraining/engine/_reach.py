"""Reachable meter states: which meter values the player can arrive at each node with.

Meters change only at decisions (a choice's ``effects``, clamped to min..max), and
conditions decide which choices are offered and which ``next`` entry is followed,
exactly as :class:`~hrtraining.engine.Session` does:

* a choice is offered when its ``if`` holds, and *every* choice is offered when
  none holds (``Session.offered``);
* a continue node follows the first ``next`` entry whose ``if`` holds (the last
  entry has none, so one always does).

:func:`reachable_states` explores the (node, meter values) states a play can reach,
breadth-first and exactly, while there are at most ``cap`` of them; only the meters
some condition reads are part of a state (the others never change which way the
story goes). Beyond the cap it falls back to one interval per meter and node, an
over-approximation: what it says can *never* happen never can, but it may miss a
finding the exact search would make.

It finds (see :class:`Reach`):

* ``never_holds`` — an ``if`` that no reachable state satisfies (HR105, warning);
* ``never_taken`` — a choice that is never offered, or a ``next`` entry never
  followed, for another reason than its own ``if`` (HR106, warning);
* ``traps`` — a reachable node from which no ending can be reached however the
  player chooses: every way out is guarded by conditions that no reachable state
  satisfies, so the player would go round forever (HR104, error).

:func:`reach_problems` turns them into :class:`~hrtraining.engine.Problem` values. The
exact search is in ``_reach_exact``, the interval fallback in ``_reach_intervals``, and the
values they share in ``_reach_model``.
"""
from __future__ import annotations

from ._errors import ERROR, WARNING, Problem
from ._limits import REACH_STATE_CAP
from ._model import Scenario
from ._reach_exact import exact_reach
from ._reach_intervals import interval_reach
from ._reach_model import CHOICE, Exit, Reach, StateGraph, Trap

__all__ = ["Exit", "Reach", "StateGraph", "Trap", "reach_problems", "reachable_states"]

def reachable_states(sc: Scenario, cap: int = REACH_STATE_CAP, keep_graph: bool = False) -> Reach:
    """Explore the meter values a play can reach at every node of ``sc`` (see the module doc).

    Exact breadth-first search over (node, meter values) while at most ``cap`` states
    exist, else one interval per meter and node. Fast: a scenario without conditions
    returns at once, and only meters that conditions read are tracked. ``sc`` must be a
    built scenario whose ``next`` targets all exist (the builder guarantees it). With
    ``keep_graph``, an exact search keeps its state graph in ``Reach.graph`` (None for a
    scenario without conditions, where the node graph is the state graph, and for the fallback).
    """
    conds = [c for n in sc.nodes.values() for c in
             [ch.condition for ch in n.choices] + [b.condition for b in n.branches] if c is not None]
    meters = tuple(sorted({m for c in conds for m in c.meters if m in sc.meters}))
    if not conds or sc.start not in sc.nodes:
        return _unconditional(sc, meters)
    reach = exact_reach(sc, meters, cap, keep_graph)
    return reach if reach is not None else interval_reach(sc, meters)


def _unconditional(sc: Scenario, meters: tuple[str, ...]) -> Reach:
    """No conditions: every node the graph reaches is reachable, nothing is ever closed."""
    seen, todo = set(), [sc.start] if sc.start in sc.nodes else []
    while todo:
        nid = todo.pop()
        if nid in seen or nid not in sc.nodes:
            continue
        seen.add(nid)
        todo.extend(sc.nodes[nid].targets())
    return Reach(True, len(seen), meters, {nid: {} for nid in seen})


# -- problems ----------------------------------------------------------------------------

def _values(example: dict[str, tuple[int, int]]) -> str:
    parts = [f"{m} {lo}" if lo == hi else f"{m} {lo} to {hi}" for m, (lo, hi) in example.items()]
    return ", ".join(parts)


def _door(d: Exit) -> str:
    if d.condition is not None:
        return f"{d.describe()} needs '{d.condition.text}'"
    return f"{d.describe()} is never {'offered' if d.kind == CHOICE else 'followed'}"


def reach_problems(sc: Scenario, reach: Reach) -> list[Problem]:
    """HR104 (a trap, error), HR105 (an ``if`` that never holds) and HR106 (a way out never
    taken) for what :func:`reachable_states` found. A condition named in a trap's error is
    not also warned about."""
    out: list[Problem] = []
    named: set[tuple[str, str, int]] = set()
    for t in reach.traps:
        node = sc.nodes[t.node]
        when = [_values(t.example)] if t.example else []
        if t.path == ():
            when.append("at the start")
        elif t.path:
            when.append(f"after choosing {', '.join(map(str, t.path))}")
        state = f" ({'; '.join(when)})" if when else ""
        if len(t.closed) == 1:
            d = t.closed[0]
            why = (f"The way towards an ending is closed: {_door(d)}"
                   + (", which no reachable meter values satisfy" if d.condition is not None else ""))
        elif t.closed:
            more = f"; and {len(t.closed) - 3} more" if len(t.closed) > 3 else ""
            why = ("The ways towards an ending are closed for every reachable meter value: "
                   + "; ".join(_door(d) for d in t.closed[:3]) + more)
        else:  # pragma: no cover - a node that can reach an ending has a way towards it
            why = "Every way on leads back round"
        line, col = (t.closed[0].line, t.closed[0].column) if t.closed else (node.line, 1)
        named.update((d.node, d.kind, d.index) for d in t.closed)
        out.append(Problem(sc.path, line, col, ERROR, "HR104",
                           f"the player can be trapped: from node '{t.node}'{state} no ending can be reached. "
                           f"{why}, so the player would go round forever. Change the condition, the "
                           "effects, or the meters' min and max"))
    for e in reach.never_holds:
        if (e.node, e.kind, e.index) in named:
            continue
        rng = reach.ranges.get(e.node, {})
        vals = f" (there: {_values({m: rng[m] for m in sorted(e.condition.meters) if m in rng})})" \
            if e.condition is not None and rng else ""
        out.append(Problem(sc.path, e.line, e.column, WARNING, "HR105",
                           f"the 'if' of {e.describe()}, '{e.condition.text}', can never hold{vals}: no "
                           "play reaches the node with meter values that satisfy it. Fix the condition or "
                           "the meters"))
        named.add((e.node, e.kind, e.index))
    for e in reach.never_taken:
        if (e.node, e.kind, e.index) in named:
            continue  # its own 'if' is the reason, already reported
        if e.kind == CHOICE:  # pragma: no cover - a choice whose 'if' can hold is offered then
            msg = f"{e.describe()} is never offered"
        else:
            msg = (f"{e.describe()} is never followed: an earlier entry's 'if' always holds when the story "
                   "gets here")
        out.append(Problem(sc.path, e.line, e.column, WARNING, "HR106",
                           f"{msg}. Change the conditions, or remove it"))
    return out
