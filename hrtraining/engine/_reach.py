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

:func:`reach_problems` turns them into :class:`~hrtraining.engine.Problem` values.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterable

from ._conditions import Condition, Tree
from ._errors import ERROR, WARNING, Problem
from ._limits import REACH_STATE_CAP
from ._model import Node, Scenario

CHOICE, BRANCH = "choice", "next"
NEVER, MAYBE, ALWAYS = 0, 1, 2
#: After this many widenings of one node's intervals, they jump to the meters' whole range.
_WIDEN_AFTER = 6


@dataclass(frozen=True)
class Exit:
    """One way out of a node: a choice (``kind`` CHOICE, ``index`` its stable index) or the
    ``index``-th entry (0-based) of a ``next`` list (``kind`` BRANCH)."""

    node: str
    kind: str
    index: int
    condition: Condition | None
    target: str
    line: int
    column: int

    def describe(self) -> str:
        what = f"choice {self.index + 1}" if self.kind == CHOICE else f"entry {self.index + 1} of the 'next' list"
        return f"{what} of node '{self.node}'"


@dataclass(frozen=True)
class Trap:
    """A reachable node from which no ending can be reached.

    ``example`` is a reachable meter state there (exact search) or the intervals
    (fallback), ``path`` the choices (1-based among those offered, as ``playtest
    --choices`` counts them) that lead there from the start (exact search only), and
    ``closed`` the ways towards an ending that are never open from the trap.
    """

    node: str
    example: dict[str, tuple[int, int]]
    path: tuple[int, ...] | None
    closed: tuple[Exit, ...]


@dataclass
class Reach:
    """What :func:`reachable_states` found for one scenario."""

    exact: bool
    #: (node, meter values) states explored (exact search), or nodes × meters (fallback)
    states: int
    #: the meters conditions read, in the order of ``ranges`` values
    meters: tuple[str, ...]
    #: node -> meter -> (lowest, highest) value a play can arrive with, for every node some
    #: play reaches (a node absent here is never reached) and, in the exact search, the
    #: meters that some condition still reads from that node on (the others do not matter
    #: any more there and are not tracked)
    ranges: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    #: ``if`` conditions no reachable state satisfies (at nodes some play reaches)
    never_holds: list[Exit] = field(default_factory=list)
    #: choices never offered and ``next`` entries never followed (at nodes some play
    #: reaches), whatever the reason: some are also in ``never_holds``
    never_taken: list[Exit] = field(default_factory=list)
    traps: list[Trap] = field(default_factory=list)

    @property
    def reachable(self) -> set[str]:
        """Nodes some play can arrive at, conditions taken into account."""
        return set(self.ranges)


def _exits(node: Node) -> list[Exit]:
    if node.choices:
        return [Exit(node.id, CHOICE, c.index, c.condition, c.next, *(c.if_at if c.condition else (c.line, 1)))
                for c in node.choices]
    return [Exit(node.id, BRANCH, k, b.condition, b.next, *(b.if_at if b.condition else b.at))
            for k, b in enumerate(node.branches)]


def reachable_states(sc: Scenario, cap: int = REACH_STATE_CAP) -> Reach:
    """Explore the meter values a play can reach at every node of ``sc`` (see the module doc).

    Exact breadth-first search over (node, meter values) while at most ``cap`` states
    exist, else one interval per meter and node. Fast: a scenario without conditions
    returns at once, and only meters that conditions read are tracked. ``sc`` must be a
    built scenario whose ``next`` targets all exist (the builder guarantees it).
    """
    conds = [c for n in sc.nodes.values() for c in
             [ch.condition for ch in n.choices] + [b.condition for b in n.branches] if c is not None]
    meters = tuple(sorted({m for c in conds for m in c.meters if m in sc.meters}))
    if not conds or sc.start not in sc.nodes:
        return _unconditional(sc, meters)
    reach = _exact(sc, meters, cap)
    return reach if reach is not None else _intervals(sc, meters)


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


# -- exact search ----------------------------------------------------------------------

def _exact(sc: Scenario, meters: tuple[str, ...], cap: int) -> Reach | None:
    """Breadth-first search over (node, meter values); None when more than ``cap`` states exist.

    Meter values are interned as small integers ("valuations"), and each condition and
    each choice's effects are evaluated once per valuation (memoized), so a state costs
    a few list and dict lookups however many conditions its node has. A meter that no
    condition reads from a node on (it is "dead" there) cannot change what happens, so
    states that differ only in dead meters are one state (its value is set to the
    meter's min): a meter read early on does not multiply the states of the ending.
    """
    nodes = sc.nodes
    ids = list(nodes)
    n_nodes = len(ids)
    ix = {nid: i for i, nid in enumerate(ids)}
    spec = [sc.meters[m] for m in meters]
    where = {m: i for i, m in enumerate(meters)}
    exits: list[Exit] = []            # every exit of every node, numbered
    tests: list = []                  # condition tests, numbered
    effects: list[tuple] = []         # ((meter position, delta, lo, hi), ...), numbered
    plans: list = []                  # per node: None (ending) or (is_choice, ((exit, test, effect, target), ...))
    for nid in ids:
        node = nodes[nid]
        if node.ending is not None:
            plans.append(None)
            continue
        rows = []
        for e in _exits(node):
            t = -1
            if e.condition is not None:
                t = len(tests)
                tests.append(e.condition.test)
            f = -1
            if e.kind == CHOICE:
                c = node.choices[len(rows)]
                eff = tuple((where[m], d, spec[where[m]].min, spec[where[m]].max)
                            for m, d in c.effects.items() if m in where and d)
                if eff:
                    f = len(effects)
                    effects.append(eff)
            rows.append((len(exits), t, f, ix[e.target]))
            exits.append(e)
        plans.append((bool(node.choices), tuple(rows)))
    live = _live_meters(sc, ids, ix, where)
    full = (1 << len(meters)) - 1
    canon_memo: dict[int, dict[int, int]] = {}  # live-mask -> valuation -> valuation with dead meters at min
    start_vals = tuple(m.start for m in spec)
    vals_of = [start_vals]
    vid_of = {start_vals: 0}
    test_memo: list[dict[int, bool]] = [{} for _ in tests]
    effect_memo: list[dict[int, int]] = [{} for _ in effects]
    held = bytearray(len(exits))      # the exit's condition was seen true
    used = bytearray(len(exits))      # the exit was offered (choice) or followed (next)
    start = ix[sc.start]
    index = {start: 0}                # state key (valuation * nodes + node) -> state number
    st_node, st_vid = [start], [0]
    parent, via = [-1], [0]           # previous state, 1-based choice number (0: a continue)
    succ: list[int] = []              # every state's successors, one after another
    first_succ: list[int] = []        # where each state's successors start in ``succ``
    k = 0
    while k < len(st_node):
        plan = plans[st_node[k]]
        v = st_vid[k]
        first_succ.append(len(succ))
        if plan is not None:
            is_choice, rows = plan
            holding = []
            for row in rows:
                t = row[1]
                if t >= 0:
                    memo = test_memo[t]
                    h = memo.get(v)
                    if h is None:
                        h = memo[v] = bool(tests[t](dict(zip(meters, vals_of[v]))))
                    if not h:
                        continue
                    held[row[0]] = 1
                holding.append(row)
            if is_choice:
                offered = holding or rows  # none holds: every choice is offered (Session.offered)
            else:
                offered = holding[:1]      # the first entry that holds (the last has no 'if')
            pos = 0
            for x, _, f, target in offered:
                pos += 1
                used[x] = 1
                nv = v
                if f >= 0:
                    memo = effect_memo[f]
                    nv = memo.get(v, -1)
                    if nv < 0:
                        lst = list(vals_of[v])
                        for i, d, lo, hi in effects[f]:
                            val = lst[i] + d
                            lst[i] = lo if val < lo else hi if val > hi else val
                        new = tuple(lst)
                        nv = vid_of.get(new, -1)
                        if nv < 0:
                            nv = vid_of[new] = len(vals_of)
                            vals_of.append(new)
                        memo[v] = nv
                mask = live[target]
                if mask != full:
                    memo = canon_memo.setdefault(mask, {})
                    cv = memo.get(nv, -1)
                    if cv < 0:
                        new = tuple(x if mask >> i & 1 else spec[i].min for i, x in enumerate(vals_of[nv]))
                        cv = vid_of.get(new, -1)
                        if cv < 0:
                            cv = vid_of[new] = len(vals_of)
                            vals_of.append(new)
                        memo[nv] = cv
                    nv = cv
                key = nv * n_nodes + target
                j = index.get(key)
                if j is None:
                    j = index[key] = len(st_node)
                    if j >= cap:
                        return None
                    st_node.append(target)
                    st_vid.append(nv)
                    parent.append(k)
                    via.append(pos if is_choice else 0)
                succ.append(j)
        k += 1
    reach = Reach(True, len(st_node), meters)
    lo_hi: dict[int, list[list[int]]] = {}
    for node_i, v in zip(st_node, st_vid):
        vals = vals_of[v]
        r = lo_hi.get(node_i)
        if r is None:
            lo_hi[node_i] = [[x, x] for x in vals]
        else:
            for pair, x in zip(r, vals):
                if x < pair[0]:
                    pair[0] = x
                elif x > pair[1]:
                    pair[1] = x
    reach.ranges = {ids[i]: {m: (p[0], p[1]) for j, (m, p) in enumerate(zip(meters, r)) if live[i] >> j & 1}
                    for i, r in sorted(lo_hi.items())}
    number = {(e.node, e.kind, e.index): x for x, e in enumerate(exits)}
    _closed_exits(sc, reach, lambda e: held[number[e.node, e.kind, e.index]],
                  lambda e: used[number[e.node, e.kind, e.index]])
    first_succ.append(len(succ))
    edges = [succ[first_succ[i]:first_succ[i + 1]] for i in range(len(st_node))]
    reach.traps = _exact_traps(sc, meters, ids, st_node, [vals_of[v] for v in st_vid], edges, parent, via)
    return reach


def _live_meters(sc: Scenario, ids: list[str], ix: dict[str, int], where: dict[str, int]) -> list[int]:
    """Per node, a bit mask of the meters some condition reads at that node or after it."""
    nodes = sc.nodes
    live = [0] * len(ids)
    preds: list[list[int]] = [[] for _ in ids]
    for i, nid in enumerate(ids):
        node = nodes[nid]
        for c in [ch.condition for ch in node.choices] + [b.condition for b in node.branches]:
            if c is not None:
                for m in c.meters:
                    if m in where:
                        live[i] |= 1 << where[m]
        for t in node.targets():
            preds[ix[t]].append(i)
    todo = [i for i in range(len(ids)) if live[i]]
    while todo:  # spread each node's meters back to every node that can lead to it
        i = todo.pop()
        for p in preds[i]:
            merged = live[p] | live[i]
            if merged != live[p]:
                live[p] = merged
                todo.append(p)
    return live


def _closed_exits(sc: Scenario, reach: Reach, holds, taken) -> None:
    """Fill ``never_holds`` and ``never_taken`` for the nodes a play reaches."""
    for nid in sc.nodes:
        if nid not in reach.ranges:
            continue
        for e in _exits(sc.nodes[nid]):
            if e.condition is not None and not holds(e):
                reach.never_holds.append(e)
            if not taken(e):
                reach.never_taken.append(e)


def _exact_traps(sc: Scenario, meters: tuple[str, ...], ids: list[str], st_node: list[int],
                 st_vals: list[tuple[int, ...]], edges: list[list[int]], parent: list[int],
                 via: list[int]) -> list[Trap]:
    n = len(st_node)
    preds: list[list[int]] = [[] for _ in range(n)]
    for i, targets in enumerate(edges):
        for j in targets:
            preds[j].append(i)
    ending = [sc.nodes[nid].ending is not None for nid in ids]
    ok = [ending[node] for node in st_node]
    todo = [i for i in range(n) if ok[i]]
    while todo:
        for i in preds[todo.pop()]:
            if not ok[i]:
                ok[i] = True
                todo.append(i)
    if all(ok):
        return []
    states = [(ids[node], vals) for node, vals in zip(st_node, st_vals)]
    can_end = _graph_can_end(sc)
    traps: list[Trap] = []
    seen_doors: set[tuple] = set()
    for i in range(n):  # breadth-first order: the first state of a trap has the shortest path
        before = parent[i]
        if ok[i] or (before >= 0 and not ok[before]) or states[i][0] not in can_end:
            continue  # not trapped, trapped already a step before, or no ending at all (HR060)
        region = _region(i, edges)
        doors = _doors(sc, {states[j][0] for j in region}, can_end)
        key = tuple((d.node, d.kind, d.index) for d in doors) or (states[i][0],)
        if key in seen_doors:
            continue
        seen_doors.add(key)
        path = []
        j = i
        while j > 0:
            if via[j]:
                path.append(via[j])
            j = parent[j]
        nid, vals = states[i]
        traps.append(Trap(nid, {m: (v, v) for m, v in zip(meters, vals)}, tuple(reversed(path)), doors))
    return traps


def _region(i: int, edges: list[list[int]]) -> set[int]:
    seen, todo = {i}, [i]
    while todo:
        for j in edges[todo.pop()]:
            if j not in seen:
                seen.add(j)
                todo.append(j)
    return seen


def _graph_can_end(sc: Scenario) -> set[str]:
    """Nodes from which an ending can be reached when conditions are ignored."""
    incoming: dict[str, list[str]] = {n: [] for n in sc.nodes}
    for nid, node in sc.nodes.items():
        for t in node.targets():
            if t in incoming:
                incoming[t].append(nid)
    can = {nid for nid, n in sc.nodes.items() if n.ending is not None}
    todo = list(can)
    while todo:
        for src in incoming[todo.pop()]:
            if src not in can:
                can.add(src)
                todo.append(src)
    return can


def _doors(sc: Scenario, region: Iterable[str], can_end: set[str]) -> tuple[Exit, ...]:
    """The ways out of ``region`` towards an ending (all closed from inside it), in file order."""
    inside = set(region)
    out = []
    for nid in sc.nodes:  # file order
        if nid not in inside:
            continue
        for e in _exits(sc.nodes[nid]):
            if e.target in can_end and e.target not in inside:
                out.append(e)
    return tuple(out)


# -- interval fallback -----------------------------------------------------------------

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


def _intervals(sc: Scenario, meters: tuple[str, ...]) -> Reach:
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
