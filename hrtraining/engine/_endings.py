"""How each ending scores: the overall levels of the complete ways that really reach it.

``graph`` colours endings with it, so an author sees at a glance which endings only a
disengaging or perfectionist conversation reaches, which only a good one, and which both.
A way into an ending is a complete play from ``start``, with the meter conditions taken into
account: the exact reachable-meter search (``_reach_exact``) gives the (node, meter values)
states and, at each, the choices really offered and the ``next`` entry really followed, so an
ending that only low trust leads to is not credited with the perfect conversation that never
gets there. Along a way each decision adds its offered options' highest score to
``possible`` and the choice taken to ``points``, as the session does; the level is the
engine's own (``dimension_level``, the critical cap included) and the overall level is the
lowest of the required dimensions assessed.

Loops are cut as ``_analysis`` cuts them, on the state graph: a move back to a (node, meter
values) state already on the way adds nothing. When there are too many meter states for the
exact search (or no conditions at all), the node graph stands in, every choice offered and
conditions ignored; ``EndingLevels.exact`` says which.

Exact, without listing paths: one forward pass over the loop-free state graph keeps, per
state, the set of distinct (points, possible per required dimension, critical) totals that
reach it.
"""
from __future__ import annotations

from dataclasses import dataclass

from ._model import Scenario
from ._reach import reachable_states
from ._reach_model import CHOICE, StateGraph, _exits
from ._rubric import Rubric
from ._scoring import LEVEL_ORDER, dimension_level, lowest, possible_at

#: Past this many distinct totals at one state the pass stops (every ending's levels are
#: then unknown, "not worked out"); real scenarios hold a few hundred.
MAX_STATES = 50_000

#: What an ending's colour says, from the levels of the ways into it (see ``kind``).
GOOD, MIXED, DISENGAGEMENT = "good", "mixed", "disengagement"

@dataclass(frozen=True)
class EndingLevels:
    """Ending node id -> the overall levels (in ``LEVEL_ORDER``) of the complete ways into it:
    empty when no way in is assessed on a required dimension or none reaches it, None when
    there were too many totals to work them out. ``exact`` is False when conditions were
    ignored (no conditions, or too many meter states for the exact search)."""

    levels: dict[str, tuple[str, ...] | None]
    exact: bool

    def kind(self, ending: str) -> str | None:
        """What the ending says about the conversations that reach it, by the best of them:
        good when some way in scores good overall, mixed when the best way in scores fair,
        disengagement when every way in scores beginning; None when no way in is assessed
        (or worked out).

        By the best, not by all of them: almost every ending can also be reached by a
        conversation that scores beginning (a critical choice, or the safety question never
        asked, rarely changes where the client ends up), so "good only when every way in is
        good" would colour no shipped ending good. ``range`` shows the whole spread.
        """
        got = self.levels.get(ending)
        if not got:
            return None
        return {"good": GOOD, "fair": MIXED, "beginning": DISENGAGEMENT}[got[-1]]

    def range(self, ending: str) -> str:
        """The levels of the ways in, lowest to best: "beginning–good", "fair", or "" (none)."""
        got = self.levels.get(ending)
        if not got:
            return ""
        return got[0] if len(got) == 1 else f"{got[0]}–{got[-1]}"


def ending_levels(sc: Scenario, rubric: Rubric) -> EndingLevels:
    """The overall levels of the ways into each ending of ``sc`` (see the module doc)."""
    reach = reachable_states(sc, keep_graph=True)
    graph = reach.graph if reach.graph is not None else _node_graph(sc)
    exact = reach.exact  # a scenario without conditions is exact on the node graph too
    endings = [nid for nid, n in sc.nodes.items() if n.ending is not None]
    if not graph.nodes:
        return EndingLevels({nid: () for nid in endings}, exact)
    required = tuple(rubric.required)
    pack = _Packing(len(required))
    order, back = _cut_loops(graph)
    # per state: the totals reached with no critical choice on the way, and with one
    totals: dict[int, tuple[set[int], set[int]]] = {0: ({pack.start}, set())}
    found: dict[str, set[str]] = {nid: set() for nid in endings}
    for s in order:
        plain, critical = totals.pop(s, (set(), set()))
        node = sc.nodes[graph.nodes[s]]
        if node.ending is not None:
            found[node.id].update(_levels(pack, plain, False, required, rubric))
            found[node.id].update(_levels(pack, critical, True, required, rubric))
            continue
        moves = graph.out(s)
        by_index = {c.index: c for c in node.choices}
        offered = [by_index[e.index] for e, _ in moves if e.kind == CHOICE]
        weight = [possible_at(offered, d) for d in required]
        for m, (e, target) in enumerate(moves):
            if (s, m) in back:
                continue
            out_plain, out_critical = totals.setdefault(target, (set(), set()))
            if e.kind != CHOICE:
                out_plain |= plain
                out_critical |= critical
            else:
                choice = by_index[e.index]
                step = pack.step([choice.score.get(d, 0) for d in required], weight)
                (out_critical if choice.critical else out_plain).update(t + step for t in plain)
                out_critical.update(t + step for t in critical)
            if len(out_plain) + len(out_critical) > MAX_STATES:
                return EndingLevels({nid: None for nid in endings}, exact)
    return EndingLevels({nid: tuple(lv for lv in LEVEL_ORDER if lv in found[nid]) for nid in endings}, exact)


class _Packing:
    """Totals packed into one integer, so a move adds its scores with one addition: ``k``
    fields of points (each biased by ``BIAS``, as a choice may cost points) then ``k`` fields
    of possible, ``WIDTH`` bits each (far more than any scenario's totals need)."""

    WIDTH = 32
    BIAS = 1 << 30

    def __init__(self, k: int) -> None:
        self.k = k
        self.start = sum(self.BIAS << (self.WIDTH * i) for i in range(k))

    def step(self, gain: list[int], weight: list[int]) -> int:
        """What a choice adds: its points and the decision's possible, per required dimension."""
        w = self.WIDTH
        return sum(g << (w * i) for i, g in enumerate(gain)) + \
            sum(q << (w * (self.k + i)) for i, q in enumerate(weight))

    def unpack(self, t: int) -> tuple[list[int], list[int]]:
        """(points, possible) per required dimension."""
        mask = (1 << self.WIDTH) - 1
        fields = [(t >> (self.WIDTH * i)) & mask for i in range(2 * self.k)]
        return [f - self.BIAS for f in fields[:self.k]], fields[self.k:]


def _node_graph(sc: Scenario) -> StateGraph:
    """The node graph as a state graph, conditions ignored: every choice offered, and a
    ``next`` list followed to each entry up to the first without an ``if`` (which always holds)."""
    if sc.start not in sc.nodes:
        return StateGraph((), (0,), ())
    ids = [sc.start]
    number = {sc.start: 0}
    first: list[int] = []
    moves = []
    k = 0
    while k < len(ids):
        first.append(len(moves))
        node = sc.nodes[ids[k]]
        for e in ([] if node.ending is not None else _exits(node)):
            if e.target not in sc.nodes:
                continue
            if e.target not in number:
                number[e.target] = len(ids)
                ids.append(e.target)
            moves.append((e, number[e.target]))
            if e.kind != CHOICE and e.condition is None:
                break
        k += 1
    first.append(len(moves))
    return StateGraph(tuple(ids), tuple(first), tuple(moves))


def _cut_loops(graph: StateGraph) -> tuple[list[int], set[tuple[int, int]]]:
    """Reverse post-order of the states from state 0 (each after every state that leads to
    it once loops are cut), and the cut moves: (state, move number) that lead back to a state
    on the current walk, found depth-first with the moves in the order written."""
    post: list[int] = []
    back: set[tuple[int, int]] = set()
    on_walk = {0}
    done: set[int] = set()
    stack = [(0, iter(enumerate(graph.out(0))))]
    while stack:
        s, it = stack[-1]
        for m, (_, t) in it:
            if t in on_walk:
                back.add((s, m))
            elif t not in done:
                on_walk.add(t)
                stack.append((t, iter(enumerate(graph.out(t)))))
                break
        else:
            stack.pop()
            on_walk.discard(s)
            done.add(s)
            post.append(s)
    return post[::-1], back


def _levels(pack: _Packing, totals: set[int], critical: bool, required: tuple[str, ...],
            rubric: Rubric) -> set[str]:
    """The overall levels of these totals (those assessed on some required dimension)."""
    out: set[str] = set()
    for t in totals:
        pts, pos = pack.unpack(t)
        levels = []
        for d, p, q in zip(required, pts, pos):
            _, level, _ = dimension_level(rubric, d, p, q, critical)
            if level is not None:
                levels.append(level)
        if levels:
            out.add(lowest(levels))
    return out
