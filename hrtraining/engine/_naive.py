"""Naive players: strategies that do not read the conversation, scored by scoring version 2.

A sound scenario leaves every one of them below ``good``: always the longest option,
always the first, always the last, asks-permission (the first option that uses
permission wording, ``_tells.uses_permission``; the last when none does), and
uniformly random choices (2,000 seeded plays). They play by the game's own rules
(conditions, the all-offered fallback, meters clamped, continue nodes) and are scored
as ``Session.report`` scores: points and ``possible`` per required dimension over the
decisions faced, the critical cap, the lowest assessed required level (``_scoring``).

Random plays are many, so they are not run one :class:`Session` at a time. Plays
are exchangeable: two plays at the same node with the same meters and the same
points, ``possible`` and critical flag so far have the same future. So the plays
travel as a count per such state; at each decision the count is split among the
options offered by drawing one uniform choice per play (``Random.choices``), and
states that meet again are merged. The result is exactly that of playing each one
alone, at a fraction of the cost (a test checks it against ``Session``).
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from ._model import Scenario
from ._rubric import Rubric
from ._scoring import LEVEL_ORDER, dimension_level
from ._tells import uses_permission

RANDOM_PLAYS = 2000
SEED = 20240601
STRATEGIES = ("always-longest", "always-first", "always-last", "asks-permission", "random")
#: How each strategy plays, in words for findings (the CLI has its own short names).
STRATEGY_HOW = {"always-longest": "always choosing the longest option",
                "always-first": "always choosing the first option",
                "always-last": "always choosing the last option",
                "asks-permission": "choosing the first option that asks permission or hands the choice "
                                   "back, else the last",
                "random": "the median of random plays"}
NOT_ASSESSED, NO_ENDING = "not assessed", "no ending"


@dataclass
class _Option:
    condition: Callable[[Any], bool] | None
    target: int
    scores: tuple[int, ...]      # on the required dimensions
    critical: bool
    effects: tuple[tuple[int, int], ...]  # (meter position, delta)
    length: int
    permission: bool             # the text uses permission wording


@dataclass
class _Node:
    id: str
    ending: bool = False
    options: list[_Option] = field(default_factory=list)
    branches: list[tuple[Callable[[Any], bool] | None, int]] = field(default_factory=list)
    unconditional: bool = True   # no option has a condition: the offered set never changes


class Compiled:
    """A scenario turned into lists for fast play; built once per analysis."""

    def __init__(self, sc: Scenario, required: Sequence[str]):
        self.required = tuple(required)
        self.meter_names = list(sc.meters)
        self.bounds = [(sc.meters[m].min, sc.meters[m].max) for m in self.meter_names]
        self.start_meters = tuple(sc.meters[m].start for m in self.meter_names)
        index = {nid: k for k, nid in enumerate(sc.nodes)}
        pos = {m: k for k, m in enumerate(self.meter_names)}
        self.nodes: list[_Node] = []
        for nid, node in sc.nodes.items():
            n = _Node(nid, ending=node.ending is not None)
            for c in node.choices:
                n.options.append(_Option(
                    c.condition.test if c.condition is not None else None, index[c.next],
                    tuple(c.score.get(d, 0) for d in self.required), c.critical,
                    tuple((pos[m], v) for m, v in c.effects.items() if m in pos), len(c.text),
                    uses_permission(c.text)))
            n.unconditional = all(o.condition is None for o in n.options)
            n.branches = [(b.condition.test if b.condition is not None else None, index[b.next])
                          for b in node.branches]
            self.nodes.append(n)
        self.start = index[sc.start]
        self.decisions = sum(1 for n in self.nodes if n.options)

    def meters(self, values: tuple[int, ...]) -> dict[str, int]:
        return dict(zip(self.meter_names, values))


Picker = Callable[[list[_Option], int], list[tuple[int, int]]]  # (offered, plays) -> [(position, plays)]


def pick_first(offered: list[_Option], n: int) -> list[tuple[int, int]]:
    return [(0, n)]


def pick_last(offered: list[_Option], n: int) -> list[tuple[int, int]]:
    return [(len(offered) - 1, n)]


def pick_longest(offered: list[_Option], n: int) -> list[tuple[int, int]]:
    """The longest text (in characters); the first shown on a tie."""
    top = max(o.length for o in offered)
    return [(next(k for k, o in enumerate(offered) if o.length == top), n)]


def pick_permission(offered: list[_Option], n: int) -> list[tuple[int, int]]:
    """The first option that uses permission wording; the last when none does."""
    return [(next((k for k, o in enumerate(offered) if o.permission), len(offered) - 1), n)]


def random_picker(seed: int = SEED) -> Picker:
    rng = random.Random(seed)

    def pick(offered: list[_Option], n: int) -> list[tuple[int, int]]:
        k = len(offered)
        if k == 1:
            return [(0, n)]
        return sorted(Counter(rng.choices(range(k), k=n)).items())

    return pick


@dataclass
class Outcome:
    """Where some plays ended: ``ending`` is None when they never reached one (a loop)."""

    ending: str | None
    points: tuple[int, ...]
    possible: tuple[int, ...]
    critical: bool
    decisions: int
    plays: int


def simulate(c: Compiled, picker: Picker, plays: int = 1, max_rounds: int | None = None) -> list[Outcome]:
    """Play ``plays`` times with ``picker``; the outcomes, with how many plays had each."""
    k = len(c.required)
    zero = (0,) * k
    rounds = max_rounds if max_rounds is not None else max(200, 4 * c.decisions)
    states: dict[tuple, int] = {(c.start, c.start_meters, zero, zero, False): plays}
    done: Counter = Counter()
    limit = len(c.nodes) + 1
    for depth in range(rounds + 1):
        if not states:
            break
        nxt: dict[tuple, int] = {}
        for (at, meters, pts, poss, crit), count in states.items():
            node = c.nodes[at]
            view = None
            for _ in range(limit):  # continue nodes: meters cannot change, so this ends or loops
                if node.options or node.ending:
                    break
                view = view or c.meters(meters)
                at = next(t for cond, t in node.branches if cond is None or cond(view))
                node = c.nodes[at]
            if node.ending:
                done[(node.id, pts, poss, crit, depth)] += count
                continue
            if not node.options or depth == rounds:
                done[(None, pts, poss, crit, depth)] += count
                continue
            if node.unconditional:
                offered = node.options
            else:
                view = view or c.meters(meters)
                offered = [o for o in node.options if o.condition is None or o.condition(view)] or node.options
            gain = tuple(max(0, max(o.scores[i] for o in offered)) for i in range(k))
            poss2 = tuple(poss[i] + gain[i] for i in range(k))
            for position, n in picker(offered, count):
                o = offered[position]
                m = meters
                if o.effects:
                    values = list(meters)
                    for p, delta in o.effects:
                        lo, hi = c.bounds[p]
                        values[p] = min(hi, max(lo, values[p] + delta))
                    m = tuple(values)
                key = (o.target, m, tuple(pts[i] + o.scores[i] for i in range(k)), poss2, crit or o.critical)
                nxt[key] = nxt.get(key, 0) + n
        states = nxt
    return [Outcome(e, p, q, cr, d, n) for (e, p, q, cr, d), n in done.items()]


def outcome_level(o: Outcome, rubric: Rubric, required: Sequence[str]) -> tuple[str, dict[str, float | None]]:
    """The overall level of an outcome (or ``no ending`` / ``not assessed``) and the percents."""
    percents: dict[str, float | None] = {}
    levels = []
    for i, d in enumerate(required):
        pct, level, _ = dimension_level(rubric, d, o.points[i], o.possible[i], o.critical)
        percents[d] = pct
        if level is not None:
            levels.append(level)
    if o.ending is None:
        return NO_ENDING, percents
    return (min(levels, key=LEVEL_ORDER.index) if levels else NOT_ASSESSED), percents


def naive_players(sc: Scenario, rubric: Rubric, plays: int = RANDOM_PLAYS, seed: int = SEED,
                  compiled: Compiled | None = None) -> dict[str, dict[str, Any]]:
    """Per strategy: the level it reaches (``level``); for ``random`` the share of plays at each
    level, the median level and the endings reached."""
    c = compiled or Compiled(sc, rubric.required)
    out: dict[str, dict[str, Any]] = {}
    for name, picker in (("always-longest", pick_longest), ("always-first", pick_first),
                         ("always-last", pick_last), ("asks-permission", pick_permission)):
        (o,) = simulate(c, picker, 1)
        level, percents = outcome_level(o, rubric, c.required)
        out[name] = {"level": level, "ending": o.ending, "decisions": o.decisions,
                     "percent": {d: None if p is None else round(p, 4) for d, p in percents.items()}}
    outcomes = simulate(c, random_picker(seed), plays)
    counts: Counter = Counter()
    endings: Counter = Counter()
    for o in outcomes:
        counts[outcome_level(o, rubric, c.required)[0]] += o.plays
        endings[o.ending if o.ending is not None else NO_ENDING] += o.plays
    order = [NO_ENDING, NOT_ASSESSED, *LEVEL_ORDER]
    median = _median(counts, order, plays)
    out["random"] = {"level": median, "plays": plays, "seed": seed,
                     "levels": {lv: round(counts[lv] / plays, 4) for lv in order if counts[lv]},
                     "endings": {e: round(n / plays, 4) for e, n in endings.most_common()}}
    return out


def _median(counts: Counter, order: list[str], total: int) -> str:
    """The level of the middle play when all are sorted from no ending up to good."""
    seen = 0
    for level in order:
        seen += counts[level]
        if 2 * seen >= total:
            return level
    return order[-1]
