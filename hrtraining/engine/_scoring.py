"""The debrief's numbers: per-dimension levels, critical choices and MITI counts.

For each dimension, ``points`` is the sum over the choices taken, ``best`` the
largest total any path could earn (see ``_analysis``), ``percent`` is
points / best floored at 0 and capped at 1 (0 when best is 0), and ``level`` is
good / fair / beginning by the rubric. A critical choice (an ultimatum, a
discharge threat, abstinence as a condition of care) caps
``avoiding_perfectionism`` at beginning. The overall level is the lowest level
of the required dimensions.

MITI 4.2.1 summary scores come from the codes of the choices taken:
R:Q = (SR + CR) / Q and %CR = CR / (SR + CR), with MITI's provisional
thresholds (R:Q fair 1, good 2; %CR fair 40%, good 50%) once at least
``MITI_MIN`` reflections and questions were coded.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ._model import Choice

from ._rubric import LEVELS as LEVEL_ORDER  # noqa: E402  (one definition, in the rubric)
MITI_MIN = 4
CAPPED_DIMENSION = "avoiding_perfectionism"


@dataclass(frozen=True, slots=True)
class DimensionScore:
    id: str
    name: str
    points: int
    best: int
    percent: float
    level: str
    required: bool = False
    capped: bool = False  # level lowered to beginning by a critical choice

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "best": self.best, "percent": round(self.percent, 4), "level": self.level}


@dataclass(frozen=True, slots=True)
class DecisionReview:
    """One decision of the path, for the debrief's replay."""

    number: int                  # 1-based decision count
    node_id: str
    prompt: str                  # the last thing said before the decision
    chosen: Choice
    best: Choice | None          # the best alternative offered, None when the choice was (one of) the best
    discussion: str = ""


@dataclass(frozen=True)
class Report:
    """What a finished (or stopped) session earned; ``to_dict`` is the JSON shape."""

    scenario_id: str
    ending_id: str | None
    ending_title: str
    ending_debrief: str
    path: tuple[str, ...]
    scores: dict[str, DimensionScore]
    level: str
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
        return {
            "scenario": self.scenario_id,
            "ending": self.ending_id,
            "ending_title": self.ending_title,
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
                {"node": r.node_id, "choice": r.chosen.index, "text": r.chosen.text,
                 "best": None if r.best is None else r.best.index} for r in self.decisions
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
