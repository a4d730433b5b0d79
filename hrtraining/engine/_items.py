"""Item analysis of recorded play: how real trainees answered each decision (HR130-HR133).

The input is plain records (one attempt, or one workshop participant's votes, or one
show-of-hands count): the decisions faced, each with the option chosen and the
options offered. Reading stores and export files is the command line's job; this
module never touches them.

Per decision node, over every time it was faced (a decision faced twice in one
attempt, round a loop, counts twice):

* ``n`` — how many times it was faced; ``chosen_counts`` — per option index;
* ``difficulty`` — the share who chose a best option (highest credit on the
  required dimensions among those offered, as in ``_tells``); 1.0 is easy;
* ``discrimination`` — the point-biserial correlation between choosing a best
  option (1/0) and the rest of that attempt's percent: its points on the required
  dimensions at its *other* decisions ÷ what those decisions offered on them
  (scoring version 2). Near +1: the trainees who do well elsewhere get this one
  right; negative: they get it wrong, so the "best" answer may be the wrong key.
  None when it cannot be computed (fewer than two values of either);
* ``endings`` — the endings reached by the attempts that faced it.

With fewer than ``MIN_N`` observations the numbers are too few to read
(``too_few``), and no finding is made from them.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from ._model import Scenario
from ._rubric import Rubric
from ._scoring import credit, possible_at
from ._session import Session

MIN_N = 10
EASY = 0.95
NEGATIVE = -0.2


@dataclass(frozen=True)
class Faced:
    """One decision faced: the node, the choice index taken and the indices offered."""

    node: str
    chosen: int
    offered: tuple[int, ...]


@dataclass(frozen=True)
class Record:
    """One attempt (or one participant's votes, or one show-of-hands count of ``weight`` people)."""

    decisions: tuple[Faced, ...]
    ending: str | None = None
    weight: int = 1


def replay_record(sc: Scenario, rubric: Rubric, taken: Sequence[tuple[str, int]],
                  ending: str | None = None) -> Record | None:
    """A record from the (node, choice index) pairs of an attempt, with the options offered
    rebuilt by replaying it; None when it no longer fits the scenario."""
    from ._errors import SessionError, StateError

    try:
        s = Session.replay(sc, rubric, list(taken))
    except (StateError, SessionError):
        return None
    return Record(tuple(Faced(o.node_id, o.choice.index, o.offered) for o in s.outcomes), ending)


@dataclass
class Item:
    node: str
    n: int = 0
    chosen: Counter = field(default_factory=Counter)
    offered: Counter = field(default_factory=Counter)   # per option: how often it was offered
    best_hits: int = 0
    chance: float = 0.0    # expected best hits if choosing at random among the offered
    pairs: list[tuple[int, float, int]] = field(default_factory=list)  # (chose best, rest percent, weight)
    endings: Counter = field(default_factory=Counter)
    blind: bool = True     # every time, all offered options had the same credit

    @property
    def difficulty(self) -> float | None:
        return None if not self.n else self.best_hits / self.n

    @property
    def discrimination(self) -> float | None:
        return point_biserial(self.pairs)

    @property
    def too_few(self) -> bool:
        return self.n < MIN_N

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)
        return {"node": self.node, "n": self.n,
                "chosen_counts": {str(k): self.chosen[k] for k in sorted(self.offered)},
                "difficulty": r(self.difficulty), "discrimination": r(self.discrimination),
                "chance": r(self.chance / self.n if self.n else None),
                "too_few": self.too_few, "endings": dict(self.endings.most_common())}


def point_biserial(pairs: Iterable[tuple[int, float, int]]) -> float | None:
    """Pearson's r between a 0/1 variable and a number, each pair counted ``weight`` times."""
    n = sx = sy = sxx = syy = sxy = 0.0
    for x, y, w in pairs:
        n += w
        sx += w * x
        sy += w * y
        sxx += w * x * x
        syy += w * y * y
        sxy += w * x * y
    if n < 2:
        return None
    vx, vy = sxx - sx * sx / n, syy - sy * sy / n
    if vx <= 1e-12 or vy <= 1e-12:
        return None
    return (sxy - sx * sy / n) / math.sqrt(vx * vy)


def item_analysis(sc: Scenario, rubric: Rubric, records: Iterable[Record]) -> list[Item]:
    """Per decision node, in the order of the file, the item statistics of ``records``."""
    required = rubric.required
    items: dict[str, Item] = {}
    for rec in records:
        rows = []
        for f in rec.decisions:
            node = sc.nodes.get(f.node)
            if node is None or not node.choices:
                continue
            offered = [node.choices[i] for i in f.offered if 0 <= i < len(node.choices)]
            if not offered or not 0 <= f.chosen < len(node.choices):
                continue
            credits = {c.index: credit(c, required) for c in offered}
            top = max(credits.values())
            pts = credits.get(f.chosen, credit(node.choices[f.chosen], required))
            poss = sum(possible_at(offered, d) for d in required)
            rows.append((f, credits, top, pts, poss))
        tot_pts = sum(r[3] for r in rows)
        tot_poss = sum(r[4] for r in rows)
        for f, credits, top, pts, poss in rows:
            it = items.setdefault(f.node, Item(f.node))
            w = rec.weight
            hit = int(credits.get(f.chosen) == top)
            it.n += w
            it.chosen[f.chosen] += w
            for i in credits:
                it.offered[i] += w
            it.best_hits += w * hit
            it.chance += w * sum(1 for v in credits.values() if v == top) / len(credits)
            it.blind = it.blind and len(set(credits.values())) == 1
            it.endings[rec.ending or "no ending"] += w
            rest_poss = tot_poss - poss
            if rest_poss > 0:
                it.pairs.append((hit, max(0, tot_pts - pts) / rest_poss, w))
    order = {nid: k for k, nid in enumerate(sc.nodes)}
    return sorted(items.values(), key=lambda it: order.get(it.node, len(order)))


def item_findings(items: Iterable[Item], source: str) -> list[tuple[str, str, str]]:
    """(code, node id, message) for items with enough observations to read."""
    out = []
    for it in items:
        if it.too_few:
            continue
        where = f"at '{it.node}' ({source}, n = {it.n})"
        for i in sorted(it.offered):
            if it.offered[i] >= MIN_N and it.chosen[i] == 0:
                out.append(("HR130", it.node, f"{where}, option {i + 1} was offered {it.offered[i]} times and "
                                              "never chosen: it persuades nobody. Make it a choice a kind, "
                                              "well-trained counsellor could make"))
        d = it.discrimination
        if d is not None and d <= NEGATIVE:
            out.append(("HR131", it.node, f"{where}, those who did well elsewhere chose the best option here "
                                          f"less often (discrimination {d:.2f}): check that the best-scored "
                                          "option is the one you mean to teach"))
        diff = it.difficulty
        if it.blind or diff is None:
            continue
        chance = it.chance / it.n
        if diff >= EASY:
            out.append(("HR132", it.node, f"{where}, {diff:.0%} chose the best option: almost nobody is "
                                          "tempted. Make the other options harder to tell apart from it"))
        elif diff < chance:
            out.append(("HR133", it.node, f"{where}, only {diff:.0%} chose the best option, fewer than "
                                          f"choosing at random would ({chance:.0%}): the decision may be "
                                          "unclear, or its scoring may not match what you teach"))
    return out
