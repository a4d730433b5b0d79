"""Plain value objects returned by the store. They hold no connection and are safe to keep."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

MODES = ("practice", "assessment")
SOURCES = ("game", "terminal", "workshop")
STATUSES = ("open", "finished", "abandoned")
LEVELS = ("beginning", "fair", "good")  # worst to best
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS, start=1)}


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    created_at: str


@dataclass(frozen=True)
class ChoiceRecord:
    """One choice taken in an attempt, as it was shown when it was made."""

    seq: int
    node_id: str
    choice_index: int
    choice_text: str
    score: dict[str, int]
    codes: list[str]
    critical: bool
    feedback: str
    made_at: str


@dataclass(frozen=True)
class DimensionScore:
    points: int
    best: int
    percent: float | None
    level: str


@dataclass(frozen=True)
class Attempt:
    """An attempt, pinned to the scenario version (hash) it was played on.

    ``choices`` is filled by :meth:`Store.attempt` and :meth:`Store.unfinished_attempts`;
    list queries leave it empty (see ``choice_count``). ``report`` is parsed on first use,
    so listing thousands of attempts does not parse thousands of JSON documents.
    """

    id: int
    profile: str
    scenario_id: str
    scenario_hash: str
    scenario_title: str
    mode: str
    source: str
    status: str  # 'open' | 'finished' | 'abandoned'
    started_at: str
    finished_at: str | None
    choice_count: int
    ending_id: str | None
    ending_title: str | None
    level: str | None
    critical: int | None
    workshop_room: str | None
    report_json: str | None = field(default=None, repr=False, compare=False)
    choices: tuple[ChoiceRecord, ...] = ()

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @cached_property
    def report(self) -> dict[str, Any] | None:
        """The engine's report dict as stored at finish, or None if unfinished."""
        return None if self.report_json is None else json.loads(self.report_json)

    @property
    def scores(self) -> dict[str, DimensionScore]:
        report = self.report or {}
        return {
            dim: DimensionScore(s["points"], s["best"], s.get("percent"), s["level"])
            for dim, s in report.get("scores", {}).items()
        }

    def is_outdated(self, current_hash: str | None) -> bool:
        return is_outdated(self, current_hash)


def is_outdated(attempt: Attempt, current_hash: str | None) -> bool:
    """True if ``attempt`` was played on another version of its scenario.

    ``current_hash`` is the hash of the scenario as it is now, or None if the scenario no
    longer exists; such attempts count as outdated (their record stays valid: it keeps the
    texts and scores as played).
    """
    return current_hash is None or attempt.scenario_hash != current_hash


class SeriesPoint(NamedTuple):
    """One attempt's result on one dimension, for the progress chart."""

    finished_at: str
    percent: float | None
    level: str
    scenario_id: str
    scenario_hash: str
    attempt_id: int
    points: int
    best: int


@dataclass(frozen=True)
class Room:
    code: str
    scenario_id: str
    scenario_hash: str
    scenario_title: str
    created_at: str
    closed_at: str | None


@dataclass(frozen=True)
class Vote:
    room_code: str
    decision_seq: int
    node_id: str
    participant: str
    nickname: str | None
    choice_index: int
    voted_at: str
