"""Graph-wide facts and checks: reachability, dead ends and best totals.

``best`` for a dimension is the largest total on any path from a node to an
ending, conditions ignored. It is an author-side figure (``hrtraining analyze``
shows it, HR064 warns when it is 0): the trainee's score is measured against the
decisions they faced (scoring version 2, see ``_scoring``), never against ``best``.

Scenarios may loop ("ask again" detours), and the longest path through a graph
with loops is unbounded, so we first cut loops:
a depth-first walk from ``start`` (choices in the order written) marks every
edge that leads back to a node on the current walk as a back edge, and best
totals are computed on what is left, which has no loops. In words for authors:
a choice that returns to an earlier point of the conversation adds nothing to
``best``. Points earned by going round a loop can exceed ``best``. ``Analysis.back`` keeps the cut edges: the debrief never holds up
a choice that loops back as "a stronger option", and ``_coverage`` cuts the same
loops to enumerate complete paths.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._errors import ERROR, WARNING, Problem
from ._limits import MAX_CONTINUE_RUN
from ._model import Scenario

NEG = float("-inf")


@dataclass
class Analysis:
    """Facts about a scenario's graph, computed once per loaded scenario."""

    best: dict[str, int]                        # per dimension, from start
    best_from: dict[str, dict[str, float]]      # node -> dimension -> best total from there
    longest_decisions: int
    reachable: set[str]
    stats: dict[str, int] = field(default_factory=dict)
    #: The edges cut to break loops, as (node id, edge number in ``Node.targets()``); a
    #: choice's edge number is its ``index``. They add nothing to ``best``.
    back: set[tuple[str, int]] = field(default_factory=set)
    #: Post-order of the nodes reachable from start (every forward target before its source).
    order: list[str] = field(default_factory=list)
    #: What scoring needs of a decision, by (node, offered indices, rubric dimensions and
    #: required ones): filled as sessions meet them (``_session.Session._facts``), so a
    #: report costs a lookup per decision instead of a pass over every option and dimension.
    decisions: dict[tuple, Any] = field(default_factory=dict)


def _dfs_order(sc: Scenario) -> tuple[list[str], set[tuple[str, int]]]:
    """Post-order of nodes reachable from start, and the back edges (node, edge number)."""
    nodes = sc.nodes
    order: list[str] = []
    back: set[tuple[str, int]] = set()
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    if sc.start not in nodes:
        return order, back
    stack = [(sc.start, iter(enumerate(nodes[sc.start].targets())))]
    state[sc.start] = 1
    while stack:
        nid, it = stack[-1]
        for k, target in it:
            s = state.get(target)
            if s == 1:
                back.add((nid, k))
            elif s is None and target in nodes:
                state[target] = 1
                stack.append((target, iter(enumerate(nodes[target].targets()))))
                break
        else:
            stack.pop()
            state[nid] = 2
            order.append(nid)
    return order, back


def analyse(sc: Scenario, dimensions: list[str]) -> Analysis:
    """Compute (and cache on the scenario) best totals, reachability and stats."""
    if sc._analysis is not None:
        return sc._analysis
    nodes = sc.nodes
    order, back = _dfs_order(sc)
    best_from: dict[str, dict[str, float]] = {}
    longest: dict[str, float] = {}
    for nid in order:  # post-order: every forward target is done before its source
        node = nodes[nid]
        if node.ending is not None:
            best_from[nid] = {d: 0 for d in dimensions}
            longest[nid] = 0
            continue
        totals = {d: NEG for d in dimensions}
        deepest = NEG
        weights = [c.score for c in node.choices] + [None] * len(node.branches)
        for k, (target, score) in enumerate(zip(node.targets(), weights)):
            if (nid, k) in back or target not in best_from:
                continue
            tb = best_from[target]
            for d in dimensions:
                v = tb[d] + (score.get(d, 0) if score else 0)
                if v > totals[d]:
                    totals[d] = v
            if longest[target] > deepest:
                deepest = longest[target]
        best_from[nid] = totals
        longest[nid] = deepest + (1 if node.choices else 0)
    start = best_from.get(sc.start, {})
    best = {d: int(start[d]) if start.get(d, NEG) != NEG else 0 for d in dimensions}
    top = longest.get(sc.start, NEG)
    stats = {
        "nodes": len(nodes),
        "decisions": sum(1 for n in nodes.values() if n.choices),
        "choices": sum(len(n.choices) for n in nodes.values()),
        "endings": sum(1 for n in nodes.values() if n.ending is not None),
        "longest_decisions": int(top) if top != NEG else 0,
    }
    result = Analysis(best, best_from, stats["longest_decisions"], set(order), stats, back, order)
    sc._analysis = result
    return result


def graph_problems(sc: Scenario, analysis: Analysis, required: tuple[str, ...]) -> list[Problem]:
    """Problems only the whole graph shows: no way to an ending, continue loops, unreachable
    nodes, best of 0."""
    out: list[Problem] = []
    nodes = sc.nodes
    # Reverse reachability from every ending: a node no ending can be reached from traps the player.
    incoming: dict[str, list[str]] = {n: [] for n in nodes}
    for nid, node in nodes.items():
        for t in node.targets():
            if t in incoming:
                incoming[t].append(nid)
    can_end = {nid for nid, n in nodes.items() if n.ending is not None}
    todo = list(can_end)
    while todo:
        for src in incoming[todo.pop()]:
            if src not in can_end:
                can_end.add(src)
                todo.append(src)
    for nid, node in nodes.items():
        if nid not in can_end:
            out.append(Problem(sc.path, node.line, 1, ERROR, "HR060",
                               f"no ending can be reached from node '{nid}': every way on from it loops "
                               "back without reaching an ending. Add a choice that leads towards an ending"))
    for nid, node in nodes.items():
        if nid not in analysis.reachable:
            out.append(Problem(sc.path, node.line, 1, WARNING, "HR061",
                               f"node '{nid}' cannot be reached from start '{sc.start}'; link to it or remove it"))
    loops = continue_loops(sc)
    out.extend(loops)
    if not loops:  # a run is only measured where continue nodes cannot loop
        out.extend(continue_runs(sc))
    for d in required:
        if analysis.best.get(d, 0) <= 0:
            out.append(Problem(sc.path, 1, 1, WARNING, "HR064",
                               f"no path through the scenario earns any '{d}' points, so the trainee cannot "
                               "show this skill here; score some choices on it"))
    return out


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of ``graph`` that hold a cycle (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(graph[root]))]
        while work:
            v, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(graph[w])))
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            else:
                work.pop()
                if work:
                    u = work[-1][0]
                    low[u] = min(low[u], low[v])
                if low[v] == index[v]:
                    component = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        component.append(w)
                        if w == v:
                            break
                    if len(component) > 1 or v in graph[v]:
                        found.append(component)
    return found


def continue_loops(sc: Scenario) -> list[Problem]:
    """HR067: continue nodes (``next``, no choices) that lead round to themselves.

    Meters change only at decisions, so inside such a loop nothing changes: the
    first ``next`` whose condition holds is the same every time round. A loop that
    is entered once is never left (the player would wait forever), so each one is
    an error, reported at its first node in the file with the loop's node ids.
    """
    nodes = sc.nodes
    graph = {nid: [b.next for b in n.branches if b.next in nodes and nodes[b.next].branches]
             for nid, n in nodes.items() if n.branches}
    out: list[Problem] = []
    order = {nid: k for k, nid in enumerate(nodes)}
    for component in sorted(_cycles(graph), key=lambda c: min(order[n] for n in c)):
        members = set(component)
        first = min(component, key=order.__getitem__)
        # A shortest way round from the first node back to it, for the message.
        came_from: dict[str, str] = {}
        todo, k, last = [first], 0, first
        while k < len(todo):
            v = todo[k]
            k += 1
            if first in graph[v]:
                last = v
                break
            for w in graph[v]:
                if w in members and w not in came_from and w != first:
                    came_from[w] = v
                    todo.append(w)
        way = [last]
        while way[-1] != first:
            way.append(came_from[way[-1]])
        loop = " -> ".join(f"'{n}'" for n in [*reversed(way), first])
        out.append(Problem(sc.path, nodes[first].line, 1, ERROR, "HR067",
                           f"continue nodes loop without a decision: {loop}. Meters change only at "
                           "decisions, so a way out not taken the first time round never is, and the "
                           "story would go round forever. Put a decision (choices) in the loop"))
    return out


def continue_runs(sc: Scenario, limit: int = MAX_CONTINUE_RUN) -> list[Problem]:
    """HR103: more than ``limit`` continue nodes in a row without a decision.

    The session passes at most that many in a row (the same constant), so a longer
    run would stop the game with an error. Reported at the head of each such run.
    Call only when there are no continue loops (HR067).
    """
    nodes = sc.nodes
    succ = {nid: [b.next for b in n.branches if b.next in nodes and nodes[b.next].branches]
            for nid, n in nodes.items() if n.branches}
    if len(succ) <= limit:  # too few continue nodes to make a run that long
        return []
    indegree = dict.fromkeys(succ, 0)
    for targets in succ.values():
        for t in targets:
            indegree[t] += 1
    order = [n for n, d in indegree.items() if d == 0]
    remaining = dict(indegree)
    for v in order:  # Kahn's topological order (the list grows as we go)
        for t in succ[v]:
            remaining[t] -= 1
            if remaining[t] == 0:
                order.append(t)
    if len(order) != len(succ):  # pragma: no cover - loops are reported as HR067 instead
        return []
    run: dict[str, int] = {}
    for v in reversed(order):  # continue nodes from v on, along the longest way
        run[v] = 1 + max((run[t] for t in succ[v]), default=0)
    fed = {t for v, targets in succ.items() if run[v] > limit for t in targets}
    out = []
    for nid in nodes:  # file order
        if run.get(nid, 0) > limit and nid not in fed:
            out.append(Problem(sc.path, nodes[nid].line, 1, ERROR, "HR103",
                               f"{run[nid]:,} continue nodes follow one another from node '{nid}' without a "
                               f"decision; the most is {limit:,}. Put a decision (choices) in between, or "
                               "join the nodes: one node can hold many lines"))
    return out
