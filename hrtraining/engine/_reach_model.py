"""What the reachable-meter searches share: the ways out of a node and what they find.

``_reach`` runs the searches (``_reach_exact``, ``_reach_intervals``) and turns their
findings into problems; all three import the values and graph helpers from here, so
the modules form no circle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from ._conditions import Condition
from ._model import Node, Scenario

CHOICE, BRANCH = "choice", "next"


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


@dataclass(frozen=True)
class StateGraph:
    """The exact search's (node, meter values) states and the moves between them.

    State ``k`` is at node ``nodes[k]``; its moves are ``moves[first[k]:first[k + 1]]``,
    each (exit, next state) in the order the exits are written, one per choice offered
    there or the one ``next`` entry followed. State 0 is the start. ``graph`` colours
    endings from it (``_endings``): which choices are really offered on a way into an
    ending, and which endings a way with these meter values can reach.
    """

    nodes: tuple[str, ...]
    first: tuple[int, ...]
    moves: tuple[tuple[Exit, int], ...]

    def out(self, k: int) -> tuple[tuple[Exit, int], ...]:
        """State ``k``'s moves: (exit, next state)."""
        return self.moves[self.first[k]:self.first[k + 1]]


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
    #: the exact search's state graph, when asked for (``reachable_states(keep_graph=True)``)
    graph: StateGraph | None = None

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
