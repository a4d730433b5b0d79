"""The exact reachable-meter search: breadth-first over (node, meter values) states.

Used by :func:`~hrtraining.engine._reach.reachable_states` while the states stay
under its cap; see ``_reach`` for what is searched for and why.
"""
from __future__ import annotations

from ._model import Scenario
from ._reach_model import CHOICE, Exit, Reach, StateGraph, Trap, _closed_exits, _doors, _exits, _graph_can_end

def exact_reach(sc: Scenario, meters: tuple[str, ...], cap: int, keep_graph: bool = False) -> Reach | None:
    """Breadth-first search over (node, meter values); None when more than ``cap`` states exist.

    With ``keep_graph``, ``Reach.graph`` keeps the states and the moves between them.

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
    succ_exit: list[int] = []         # the exit each successor is reached by (the same order)
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
                succ_exit.append(x)
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
    if keep_graph:
        reach.graph = StateGraph(tuple(ids[i] for i in st_node), tuple(first_succ),
                                 tuple((exits[x], j) for x, j in zip(succ_exit, succ)))
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
