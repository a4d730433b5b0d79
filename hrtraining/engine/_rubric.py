"""The rubric: score dimensions, response codes and level thresholds.

A scenario names dimensions and codes; the rubric says what they mean. The
project's own rubric is ``scenarios/rubric.yaml``; an author may keep one beside
their scenario files or pass ``--rubric``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ._errors import ERROR, Problem, RubricError
from ._yaml import YMap, load_yaml, pos_of, read_file

REQUIRED_DIMENSIONS = ("recognizing_improvement", "avoiding_perfectionism")
#: The levels a skill is scored at, worst to best: the one definition every layer uses (the
#: progress file's CHECK constraint repeats it in SQL; a test holds the two together).
LEVELS = ("beginning", "fair", "good")
ADHERENCE = ("adherent", "neutral", "non-adherent")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
PROJECT_RUBRIC = PROJECT_ROOT / "scenarios" / "rubric.yaml"


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    required: bool = False
    principle: str = ""
    source: str = ""
    description: str = ""


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    name: str
    adherence: str = "neutral"


@dataclass(frozen=True)
class Rubric:
    dimensions: Mapping[str, Dimension]
    codes: Mapping[str, Code]
    good: float = 0.8
    fair: float = 0.5
    path: str = ""
    content_hash: str = ""
    required: tuple[str, ...] = field(default=REQUIRED_DIMENSIONS)

    def level(self, percent: float) -> str:
        """``good``, ``fair`` or ``beginning`` for a fraction 0..1."""
        if percent >= self.good:
            return "good"
        if percent >= self.fair:
            return "fair"
        return "beginning"


def find_rubric(scenario_path: str | Path | None = None) -> Path:
    """The rubric for a scenario: ``rubric.yaml`` beside it, else the project's."""
    if scenario_path is not None:
        p = Path(scenario_path)
        here = (p if p.is_dir() else p.parent) / "rubric.yaml"
        if here.is_file():
            return here
    return PROJECT_RUBRIC


def load_rubric(path: str | Path | None = None) -> Rubric:
    """Load and check a rubric file; raises :class:`RubricError` listing every problem."""
    path = str(path or PROJECT_RUBRIC)
    data, problem = read_file(path)
    if problem:
        raise RubricError([problem])
    assert data is not None
    value, problems = load_yaml(data, path)
    if problems:
        raise RubricError(problems)
    rubric, problems = _build(value, path, hashlib.blake2b(data, digest_size=16).hexdigest())
    if rubric is None or any(p.is_error for p in problems):
        raise RubricError(problems)
    return rubric


def _build(value: object, path: str, digest: str) -> tuple[Rubric | None, list[Problem]]:
    problems: list[Problem] = []

    def err(pos: tuple[int, int], msg: str) -> None:
        problems.append(Problem(path, pos[0], pos[1], ERROR, "HR090", msg))

    if not isinstance(value, YMap):
        err((1, 1), "the rubric must be a mapping with dimensions, codes and levels")
        return None, problems
    for key in value:
        if key not in ("format", "dimensions", "codes", "levels"):
            err(value.key_pos(key), f"unknown key '{key}' in the rubric")
    dims: dict[str, Dimension] = {}
    raw = value.get("dimensions")
    if not isinstance(raw, YMap) or not raw:
        err(value.key_pos("dimensions"), "'dimensions' must be a mapping of dimension ids")
        raw = YMap()
    for did, d in raw.items():
        if not isinstance(d, YMap) or not isinstance(d.get("name"), str):
            err(raw.value_pos(did), f"dimension '{did}' needs at least a 'name'")
            continue
        dims[str(did)] = Dimension(str(did), d["name"], bool(d.get("required", False)),
                                   str(d.get("principle", "")), str(d.get("source", "")),
                                   str(d.get("description", "")))
    for req in REQUIRED_DIMENSIONS:
        if req not in dims:
            err(pos_of(raw, value.key_pos("dimensions")), f"the rubric must define the dimension '{req}'")
    codes: dict[str, Code] = {}
    raw = value.get("codes")
    if not isinstance(raw, YMap) or not raw:
        err(value.key_pos("codes"), "'codes' must be a mapping of response code ids")
        raw = YMap()
    for cid, c in raw.items():
        if not isinstance(c, YMap) or c.get("adherence", "neutral") not in ADHERENCE:
            err(raw.value_pos(cid), f"code '{cid}' needs 'adherence' set to one of {', '.join(ADHERENCE)}")
            continue
        codes[str(cid)] = Code(str(cid), str(c.get("name", cid)), c.get("adherence", "neutral"))
    levels = value.get("levels", {})
    good, fair = 0.8, 0.5
    if isinstance(levels, dict):
        good, fair = levels.get("good", good), levels.get("fair", fair)
    if not all(isinstance(x, (int, float)) and not isinstance(x, bool) and 0 <= x <= 1 for x in (good, fair)) \
            or fair > good:
        err(value.key_pos("levels"), "'levels' needs good and fair as fractions from 0 to 1, fair <= good")
        good, fair = 0.8, 0.5
    # The two the game is about always decide the overall level; a rubric may add others with
    # `required: true` (the project's adds keeping people safe). Under scoring version 2 a
    # required dimension counts only on a path that assessed it.
    required = tuple(REQUIRED_DIMENSIONS) + tuple(d for d, dim in dims.items()
                                                  if dim.required and d not in REQUIRED_DIMENSIONS)
    return Rubric(dims, codes, float(good), float(fair), path, digest, required), problems
