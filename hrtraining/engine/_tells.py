"""Tells: ways to pick the best option without reading the conversation (HR122-HR124, HR126, HR134).

At each decision reachable from ``start`` (every written choice counted, conditions
ignored), the **best option** is the one with the highest credit at that decision on
the required dimensions (the sum of its scores on them, as for the debrief's stronger
option). Decisions where several options share the highest credit are left out of
the tells and counted as ``tied``. Over the rest we count how often the best option
is the longest text (in characters), how often the shortest, and in which position
it is written. By chance, the best would be the longest in ``chance`` of the
decisions: the mean of 1/k over decisions of k options.

A tell is reported when at least ``MIN_DECISIONS`` decisions count and the rate is
at least ``RATE`` and at least ``FACTOR`` times chance.

Permission wording (HR134): an option *uses permission wording* when its text asks
first or hands the choice back (``PERMISSION_RE``, typographic apostrophes read as
plain ones). We count the decisions where the best option is the only one that does
(``permission_only``), and how many of the other options do. A trainee who picks the
line that asks first would win there without weighing the lines; the tell is
reported when it holds in at least ``PERMISSION_RATE`` of at least ``MIN_DECISIONS``
decisions (no chance factor: by chance no option need ask at all).

HR126 is a different kind of blind spot: a decision whose options differ on other
dimensions but all earn the same credit on the required ones (none critical), so
what the trainee chooses there cannot change the overall level.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from ._model import Node, Scenario
from ._scoring import credit

MIN_DECISIONS = 5
RATE = 0.5
FACTOR = 1.5
PERMISSION_RATE = (1, 3)  # a third, kept as a fraction so the threshold is exact

#: Asking first or handing the choice back (docs/analyze.md shows it; content checks use the same).
PERMISSION_RE = re.compile(
    r"\b(?:can|could|may) (?:i|we)\b"
    r"|\bshall we\b"
    r"|\bwould it be (?:ok|okay|alright|all right)\b"
    r"|\bis (?:it|that) (?:ok|okay|alright|all right)\b"
    r"|\b(?:do you )?mind if (?:i|we)\b"
    r"|\bwould you (?:like|want|be willing)\b"
    r"|\bdo you want\b"
    r"|\bwant me to\b"
    r"|(?:^|[.!?]\s+)want to\b"
    r"|\bif you(?:'d)? (?:like|want)\b"
    r"|\bhow would you feel about\b"
    r"|\b(?:your|her|his|their) call\b"
    r"|\bup to (?:you|her|him|them)\b"
    r"|\byou decide\b"
    r"|\byour (?:choice|decision)\b"
    r"|\byou(?:'d| would)? (?:choose|pick)\b"
    r"|\bwhat would you (?:like|want)\b",
    re.IGNORECASE)


def uses_permission(text: str) -> bool:
    """Whether an option's text asks permission or hands the choice back (see ``PERMISSION_RE``)."""
    return PERMISSION_RE.search(text.replace("\u2019", "'")) is not None


@dataclass
class Tells:
    decisions: int = 0        # decisions with a single best option
    tied: int = 0             # decisions left out: several options share the highest credit
    longest: int = 0
    shortest: int = 0
    chance: float = 0.0       # sum of 1/k, divided by ``decisions`` in the rates
    positions: Counter = field(default_factory=Counter)
    permission_only: int = 0  # the best option is the only one using permission wording
    others: int = 0           # options other than the best, over the same decisions
    others_permission: int = 0  # ... of them using permission wording
    best: dict[str, int] = field(default_factory=dict)  # node id -> the best option's index

    def rate(self, count: int) -> float | None:
        return None if not self.decisions else count / self.decisions

    @property
    def chance_rate(self) -> float | None:
        return None if not self.decisions else self.chance / self.decisions

    def to_dict(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)
        return {"decisions": self.decisions, "tied": self.tied,
                "best_is_longest_rate": r(self.rate(self.longest)),
                "best_is_shortest_rate": r(self.rate(self.shortest)),
                "chance_rate": r(self.chance_rate),
                "best_only_permission": self.permission_only,
                "best_only_permission_rate": r(self.rate(self.permission_only)),
                "other_options": self.others, "other_options_permission": self.others_permission,
                "best_position_counts": {str(p): self.positions[p] for p in sorted(self.positions)}}


def best_options(node: Node, required: Iterable[str]) -> list[int]:
    """The indices of the options with the highest credit on the required dimensions."""
    credits = [credit(c, required) for c in node.choices]
    top = max(credits)
    return [i for i, v in enumerate(credits) if v == top]


def tells(sc: Scenario, required: tuple[str, ...], reachable: set[str]) -> Tells:
    t = Tells()
    for node in sc.nodes.values():
        if len(node.choices) < 2 or node.id not in reachable:
            continue
        bests = best_options(node, required)
        if len(bests) > 1:
            t.tied += 1
            continue
        b = bests[0]
        lengths = [len(c.text) for c in node.choices]
        t.decisions += 1
        t.chance += 1 / len(lengths)
        t.longest += lengths[b] == max(lengths)
        t.shortest += lengths[b] == min(lengths)
        t.positions[b + 1] += 1
        t.best[node.id] = b
        asks = [uses_permission(c.text) for c in node.choices]
        t.permission_only += asks[b] and sum(asks) == 1
        t.others += len(asks) - 1
        t.others_permission += sum(asks) - asks[b]
    return t


def tell_findings(t: Tells) -> list[tuple[str, str]]:
    """(code, message) for each tell strong enough to report."""
    out: list[tuple[str, str]] = []
    chance = t.chance_rate
    if t.decisions < MIN_DECISIONS or chance is None:
        return out

    def strong(count: int) -> bool:
        rate = count / t.decisions
        return rate >= RATE and rate >= FACTOR * chance

    if strong(t.longest):
        out.append(("HR122", f"the best option is the longest in {t.longest} of {t.decisions} decisions "
                             f"({t.longest / t.decisions:.0%}; by chance about {chance:.0%}): a trainee can "
                             "pick by length. Vary which option is longest"))
    if strong(t.shortest):
        out.append(("HR123", f"the best option is the shortest in {t.shortest} of {t.decisions} decisions "
                             f"({t.shortest / t.decisions:.0%}; by chance about {chance:.0%}): a trainee can "
                             "pick by length. Vary which option is shortest"))
    position, count = max(t.positions.items(), key=lambda kv: (kv[1], -kv[0]))
    if strong(count):
        out.append(("HR124", f"the best option is written in position {position} in {count} of {t.decisions} "
                             f"decisions ({count / t.decisions:.0%}; by chance about {chance:.0%}): a trainee "
                             "can pick by position. Vary where the best option stands"))
    out.extend(permission_finding(t))
    return out


def permission_finding(t: Tells) -> list[tuple[str, str]]:
    """HR134, when the best option is the only one asking permission in a third of the decisions."""
    n, d = t.permission_only, t.decisions
    num, den = PERMISSION_RATE
    if d < MIN_DECISIONS or den * n < num * d:
        return []
    return [("HR134", f"the best option is the only one using permission wording (asking first, or handing the "
                      f"choice back) in {n} of {d} decisions ({n / d:.0%}): a trainee can pick by the phrase. "
                      "Give a tempting option permission wording too — a line that asks first and then lectures "
                      "or sets a condition — or let the best line do without it")]


def level_blind(sc: Scenario, required: tuple[str, ...], reachable: set[str]) -> list[tuple[str, str]]:
    """(node id, message) for HR126: decisions whose choice the overall level cannot see."""
    out = []
    for node in sc.nodes.values():
        if len(node.choices) < 2 or node.id not in reachable or any(c.critical for c in node.choices):
            continue
        if len({credit(c, required) for c in node.choices}) > 1:
            continue
        other = sorted({d for c in node.choices for d in c.score if d not in required
                        and len({x.score.get(d, 0) for x in node.choices}) > 1})
        if other:
            out.append((node.id, f"at '{node.id}' the options differ on {', '.join(other)} but all earn the "
                                 "same on the required dimensions, so what the trainee chooses here cannot "
                                 "change the overall level. If this decision matters (safety, say), score it "
                                 "on a required dimension too"))
    return out
