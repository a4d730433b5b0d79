"""The interval fallback of the reachable-meter analysis: one interval per meter and node.

Used by :func:`~hrtraining.engine._reach.reachable_states` when the exact search would
pass its cap. An over-approximation: every value a play can arrive with lies in the
intervals, so what they say can *never* happen (a condition that never holds, an exit
never taken, a node from which no ending can be reached) never can.
"""
from __future__ import annotations

import heapq

from ._conditions import Tree
from ._model import Node, Scenario
from ._reach_model import Exit, Reach, Trap, _closed_exits, _doors, _exits, _graph_can_end

NEVER, MAYBE, ALWAYS = 0, 1, 2
#: After this many widenings of one node's intervals, they jump to the meters' whole range.
_WIDEN_AFTER = 6

def _eval3(tree: Tree, box: dict[str, tuple[int, int]]) -> int:
    """NEVER, MAYBE or ALWAYS: whether ``tree`` holds for values within ``box``."""
    kind = tree[0]
    if kind == "cmp":
        _, name, op, v = tree
        lo, hi = box.get(name, (0, 0))
        if op == "<":
            return ALWAYS if hi < v else NEVER if lo >= v else MAYBE
        if op == "<=":
            return ALWAYS if hi <= v else NEVER if lo > v else MAYBE
        if op == ">":
            return ALWAYS if lo > v else NEVER if hi <= v else MAYBE
        if op == ">=":
            return ALWAYS if lo >= v else NEVER if hi < v else MAYBE
        if op == "==":
            return ALWAYS if lo == hi == v else NEVER if v < lo or v > hi else MAYBE
        return NEVER if lo == hi == v else ALWAYS if v < lo or v > hi else MAYBE  # !=
    if kind == "not":
        return 2 - _eval3(tree[1], box)
    parts = [_eval3(t, box) for t in tree[1]]
    return min(parts) if kind == "and" else max(parts)


_FLIP = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def _refine(tree: Tree, box: dict[str, tuple[int, int]], holds: bool) -> dict[str, tuple[int, int]] | None:
    """``box`` narrowed to the values where ``tree`` is ``holds``; None when none are left.

    Narrows comparisons and what ``and`` (when it holds) and ``or`` (when it does not)
    combine; anything else keeps the box, which stays sound (an over-approximation).
    """
    kind = tree[0]
    if kind == "not":
        return _refine(tree[1], box, not holds)
    if kind == "cmp":
        _, name, op, v = tree
        if name not in box:
            return box
        if not holds:
            op = _FLIP[op]
        lo, hi = box[name]
        if op == "<":
            hi = min(hi, v - 1)
        elif op == "<=":
            hi = min(hi, v)
        elif op == ">":
            lo = max(lo, v + 1)
        elif op == ">=":
            lo = max(lo, v)
        elif op == "==":
            lo, hi = max(lo, v), min(hi, v)
        elif lo == hi == v:  # != on a single value
            return None
        if lo > hi:
            return None
        out = dict(box)
        out[name] = (lo, hi)
        return out
    if (kind == "and") == holds:  # every part has the same outcome
        out: dict[str, tuple[int, int]] | None = box
        for t in tree[1]:
            out = _refine(t, out, holds) if out is not None else None
        return out
    return box if _eval3(tree, box) != (NEVER if holds else ALWAYS) else None


def _rpo(sc: Scenario) -> dict[str, int]:
    """Each node's place in reverse post-order from start (targets after sources, loops aside)."""
    nodes = sc.nodes
    order: list[str] = []
    seen = {sc.start}
    stack = [(sc.start, iter(nodes[sc.start].targets()))]
    while stack:
        nid, it = stack[-1]
        for t in it:
            if t not in seen and t in nodes:
                seen.add(t)
                stack.append((t, iter(nodes[t].targets())))
                break
        else:
            stack.pop()
            order.append(nid)
    return {nid: k for k, nid in enumerate(reversed(order))}


def interval_reach(sc: Scenario, meters: tuple[str, ...]) -> Reach:
    nodes = sc.nodes
    spec = {m: sc.meters[m] for m in meters}
    exits_of = {nid: _exits(n) for nid, n in nodes.items()}
    boxes: dict[str, dict[str, tuple[int, int]]] = {sc.start: {m: (spec[m].start, spec[m].start) for m in meters}}
    grown: dict[str, int] = {}
    # A node is (re)visited after the nodes before it in reverse post-order, so most nodes
    # are visited once their incoming intervals are complete.
    rank = _rpo(sc)
    todo = [(0, sc.start)]
    queued = {sc.start}
    while todo:
        _, nid = heapq.heappop(todo)
        queued.discard(nid)
        for target, box, _ in _abstract_edges(nodes[nid], boxes[nid], spec, exits_of[nid]):
            old = boxes.get(target)
            new = box if old is None else {m: (min(old[m][0], box[m][0]), max(old[m][1], box[m][1]))
                                           for m in meters}
            if new == old:
                continue
            if old is not None:
                grown[target] = grown.get(target, 0) + 1
                if grown[target] > _WIDEN_AFTER:  # widen: loops with effects converge at once
                    new = {m: (spec[m].min if new[m][0] < old[m][0] else new[m][0],
                               spec[m].max if new[m][1] > old[m][1] else new[m][1]) for m in meters}
            boxes[target] = new
            if target not in queued:
                queued.add(target)
                heapq.heappush(todo, (rank[target], target))
    reach = Reach(False, len(boxes) * max(1, len(meters)), meters, dict(boxes))
    edges: dict[str, list[str]] = {}
    taken: set[tuple[str, str, int]] = set()
    for nid, box in boxes.items():
        edges[nid] = []
        for target, _, e in _abstract_edges(nodes[nid], box, spec, exits_of[nid]):
            edges[nid].append(target)
            taken.add((e.node, e.kind, e.index))
    _closed_exits(sc, reach,
                  lambda e: _eval3(e.condition.tree, boxes[e.node]) != NEVER,
                  lambda e: (e.node, e.kind, e.index) in taken)
    reach.traps = _interval_traps(sc, boxes, edges)
    return reach


def _abstract_edges(node: Node, box: dict[str, tuple[int, int]], spec,
                    exits: list[Exit]) -> list[tuple[str, dict, Exit]]:
    """(target, box on arrival, exit) for every way out of ``node`` some state in ``box`` may take."""
    out: list[tuple[str, dict, Exit]] = []
    if node.ending is not None:
        return out
    if node.choices:
        status = [ALWAYS if c.condition is None else _eval3(c.condition.tree, box) for c in node.choices]
        none_may_hold = all(s != ALWAYS for s in status) and all(c.condition is not None for c in node.choices)
        for c, s, e in zip(node.choices, status, exits):
            if s == NEVER and not none_may_hold:
                continue
            b = box
            if s != NEVER and c.condition is not None and not none_may_hold:
                b = _refine(c.condition.tree, box, True) or box
            arrived = dict(b)
            for m, d in c.effects.items():
                if m in arrived and d:
                    lo, hi = arrived[m]
                    arrived[m] = (spec[m].clamp(lo + d), spec[m].clamp(hi + d))
            out.append((c.next, arrived, e))
        return out
    rest: dict[str, tuple[int, int]] | None = box
    for b, e in zip(node.branches, exits):
        if rest is None:
            break
        if b.condition is None:
            out.append((b.next, rest, e))
            break
        s = _eval3(b.condition.tree, rest)
        if s != NEVER:
            out.append((b.next, _refine(b.condition.tree, rest, True) or rest, e))
        if s == ALWAYS:
            break
        rest = _refine(b.condition.tree, rest, False)
    return out


def _interval_traps(sc: Scenario, boxes: dict, edges: dict[str, list[str]]) -> list[Trap]:
    preds: dict[str, list[str]] = {n: [] for n in edges}
    for src, targets in edges.items():
        for t in targets:
            preds.setdefault(t, []).append(src)
    ok = {nid for nid in edges if sc.nodes[nid].ending is not None}
    todo = list(ok)
    while todo:
        for src in preds.get(todo.pop(), ()):
            if src not in ok:
                ok.add(src)
                todo.append(src)
    can_end = _graph_can_end(sc)
    trapped = [nid for nid in sc.nodes if nid in edges and nid not in ok and nid in can_end]
    if not trapped:
        return []
    traps, seen = [], set()
    inside = set(trapped)
    for nid in trapped:  # file order; report where a trap is entered from outside it
        if any(p not in inside for p in preds.get(nid, ())) or nid == sc.start:
            region = _node_region(nid, edges)
            doors = _doors(sc, region, can_end)
            key = tuple((d.node, d.kind, d.index) for d in doors) or (nid,)
            if key not in seen:
                seen.add(key)
                traps.append(Trap(nid, dict(boxes[nid]), None, doors))
    return traps


def _node_region(nid: str, edges: dict[str, list[str]]) -> set[str]:
    seen, todo = {nid}, [nid]
    while todo:
        for t in edges.get(todo.pop(), ()):
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen
