"""The debrief's numbers (scoring version 2): per-dimension levels, critical choices, MITI counts.

Scoring is measured against the decisions the trainee actually faced, with the
options actually offered there (conditions applied), never against another path:

* ``points``   = the sum of the chosen option's score on the dimension;
* ``possible`` = the sum over the decisions faced of max(0, the highest score on the
  dimension among the options offered at that decision);
* ``percent``  = max(0, points) / possible, capped at 1; **not assessed** (None)
  when ``possible`` is 0 on this path (no decision offered anything on it);
* ``level``    = good / fair / beginning by the rubric's thresholds (None when not
  assessed).

So a perfect run is 100% on every path, a shorter good branch is not punished for
having fewer decisions, and a repair branch (make the mistake, then apologise well)
cannot outscore never making the mistake. A critical choice (an ultimatum, a discharge
threat, abstinence as a condition of care) caps ``avoiding_perfectionism`` at
beginning; on a path where that dimension is otherwise not assessed, the critical
choice itself assesses it: percent 0, level beginning, ``capped``. So a critical
choice can never leave a trainee at good. The overall level is the lowest level among
the required dimensions that were assessed, and None ("not assessed") when none was
(only possible before the first decision, or on a path whose decisions offer nothing
on the required dimensions, which ``validate`` warns about: HR121).

The "stronger option" at a decision is local, like the score: an offered,
non-critical option whose credit at this decision (the sum of its scores on the
required dimensions) beats the chosen one's; on a tie, none. A choice that loops back
to an earlier point of the conversation (a back edge of ``_analysis``) is never held
up as stronger: going round again is not a better answer.

MITI 4.2.1 summary scores come from the codes of the choices taken:
R:Q = (SR + CR) / Q and %CR = CR / (SR + CR), with MITI's provisional
thresholds (R:Q fair 1, good 2; %CR fair 40%, good 50%) once at least
``MITI_MIN`` reflections and questions were coded.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ._model import Choice
from ._rubric import LEVELS as LEVEL_ORDER  # one definition, in the rubric

#: The report's shape: 2 is scoring version 2 (``possible``); 1 had ``best`` (any path's best total).
REPORT_VERSION = 2
#: The oldest report shape this code still reads (stored attempts keep the score they were given).
REPORT_OLDEST_READABLE = 1

MITI_MIN = 4
CAPPED_DIMENSION = "avoiding_perfectionism"


@dataclass(frozen=True, slots=True)
class DimensionScore:
    """One dimension of a report. ``percent`` and ``level`` are None when not assessed."""

    id: str
    name: str
    points: int
    possible: int
    percent: float | None
    level: str | None
    required: bool = False
    capped: bool = False  # level lowered to beginning by a critical choice

    @property
    def assessed(self) -> bool:
        """True when this path gave the trainee a chance on the dimension (or a critical
        choice assessed it)."""
        return self.level is not None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "points": self.points, "possible": self.possible,
                "percent": None if self.percent is None else round(self.percent, 4),
                "level": self.level, "assessed": self.assessed, "required": self.required,
                "capped": self.capped}


@dataclass(frozen=True, slots=True)
class DecisionReview:
    """One decision of the path, for the debrief's replay."""

    number: int                  # 1-based decision count
    node_id: str
    prompt: str                  # the last thing said before the decision
    chosen: Choice
    best: Choice | None          # the stronger option offered (local credit), None when there is none
    discussion: str = ""
    offered: tuple[Choice, ...] = ()  # the options offered at this decision, in the order shown

    def stronger_on(self, dimension: str) -> Choice | None:
        """See :func:`stronger_on`: the option to hold up for ``dimension`` at this decision."""
        return stronger_on(self.chosen.score.get(dimension, 0), self.offered, dimension)


def stronger_on(mine: int, offered: Iterable[Choice], dimension: str) -> Choice | None:
    """An offered, non-critical option that *earned* points on ``dimension`` (above 0) and more
    than the chosen one's ``mine``: the highest such, first shown on a tie; None when there is none.

    Above 0, not only above ``mine``: when the chosen line lost a point on a skill, an option
    that merely scores nothing there does not show that skill, and the debrief must never quote
    it as the line that "would have shown it".
    """
    top, found = max(mine, 0), None
    for c in offered:
        v = c.score.get(dimension, 0)
        if v > top and not c.critical:
            top, found = v, c
    return found


def credit(choice: Choice, dimensions: Iterable[str]) -> int:
    """A choice's credit at its decision: the sum of its scores on ``dimensions``."""
    score = choice.score
    return sum(score.get(d, 0) for d in dimensions)


def possible_at(offered: Sequence[Choice], dimension: str) -> int:
    """What a decision with these options offered adds to ``possible`` on ``dimension``."""
    top = 0
    for c in offered:
        v = c.score.get(dimension, 0)
        if v > top:
            top = v
    return top


def percent_of(points: int, possible: int) -> float | None:
    """max(0, points) / possible capped at 1, or None when nothing was possible."""
    if possible <= 0:
        return None
    return min(1.0, max(0, points) / possible)


def dimension_level(rubric: Any, dimension: str, points: int, possible: int,
                    critical: bool) -> tuple[float | None, str | None, bool]:
    """(percent, level, capped) for one dimension, the critical cap included."""
    pct = percent_of(points, possible)
    level = None if pct is None else rubric.level(pct)
    if dimension == CAPPED_DIMENSION and critical:
        if level is None:  # not assessed otherwise: the critical choice assesses it
            return 0.0, "beginning", True
        if level != "beginning":
            return pct, "beginning", True
    return pct, level, False


def overall_level(scores: Mapping[str, DimensionScore], required: Iterable[str]) -> str | None:
    """The lowest level among the required dimensions that were assessed; None if none was."""
    levels = [scores[d].level for d in required if d in scores and scores[d].level is not None]
    return lowest(levels) if levels else None


@dataclass(frozen=True)
class Report:
    """What a finished (or stopped) session earned; ``to_dict`` is the JSON shape (version 2)."""

    scenario_id: str
    ending_id: str | None
    ending_title: str
    ending_debrief: str
    path: tuple[str, ...]
    scores: dict[str, DimensionScore]
    level: str | None
    critical: int
    critical_choices: tuple[DecisionReview, ...]
    codes: dict[str, int]
    reflection_to_question: float | None
    percent_complex_reflections: float | None
    mi_adherent: int
    mi_non_adherent: int
    miti_levels: dict[str, str | None] = field(default_factory=dict)
    decisions: tuple[DecisionReview, ...] = ()

    @property
    def finished(self) -> bool:
        return self.ending_id is not None

    def to_dict(self) -> dict[str, Any]:
        """Everything a debrief needs, as plain JSON data; ``version`` is 2."""
        return {
            "version": REPORT_VERSION,
            "scenario": self.scenario_id,
            "ending": self.ending_id,
            "ending_title": self.ending_title,
            "ending_debrief": self.ending_debrief,
            "path": list(self.path),
            "scores": {d: s.to_dict() for d, s in self.scores.items()},
            "level": self.level,
            "critical": self.critical,
            "codes": dict(self.codes),
            "reflection_to_question": _round(self.reflection_to_question),
            "percent_complex_reflections": _round(self.percent_complex_reflections),
            "mi_adherent": self.mi_adherent,
            "mi_non_adherent": self.mi_non_adherent,
            "miti_levels": dict(self.miti_levels),
            "decisions": [
                {"number": r.number, "node": r.node_id, "choice": r.chosen.index, "text": r.chosen.text,
                 "offered": [c.index for c in r.offered],
                 "stronger": None if r.best is None else r.best.index,
                 "critical": r.chosen.critical,
                 "scores": {d: v for d, v in r.chosen.score.items()}} for r in self.decisions
            ],
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def lowest(levels: list[str]) -> str:
    """The lowest of several levels (``beginning`` < ``fair`` < ``good``)."""
    return min(levels, key=LEVEL_ORDER.index) if levels else "beginning"


def miti_summary(codes: dict[str, int], adherence: dict[str, str]) -> dict[str, Any]:
    """R:Q, %CR, adherent and non-adherent totals and their provisional levels."""
    sr, cr, q = codes.get("simple-reflection", 0), codes.get("complex-reflection", 0), codes.get("question", 0)
    r = sr + cr
    rq = r / q if q else None
    pcr = cr / r if r else None
    enough = r + q >= MITI_MIN
    levels: dict[str, str | None] = {"reflection_to_question": None, "percent_complex_reflections": None}
    if enough:
        ratio = rq if rq is not None else float("inf")
        levels["reflection_to_question"] = "good" if ratio >= 2 else "fair" if ratio >= 1 else "beginning"
        if pcr is not None:
            levels["percent_complex_reflections"] = "good" if pcr >= 0.5 else "fair" if pcr >= 0.4 else "beginning"
    return {
        "reflection_to_question": rq,
        "percent_complex_reflections": pcr,
        "mi_adherent": sum(n for c, n in codes.items() if adherence.get(c) == "adherent"),
        "mi_non_adherent": sum(n for c, n in codes.items() if adherence.get(c) == "non-adherent"),
        "miti_levels": levels,
    }


def as_plain(report: Report) -> dict[str, Any]:  # pragma: no cover - convenience for debugging
    return asdict(report)
