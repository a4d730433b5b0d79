"""The progress chart as figures: one line per scenario and mode, per skill (pygame-free).

A :class:`ProgressChart` is what the window's progress screen draws, what ``hrtraining
progress`` prints and what self-voicing reads out, so all three say the same. It is built from
the store's per-skill series (:meth:`~hrtraining.practice.Recorder.summary`) and the finished
attempts (which say each attempt's mode and title).

Why one line per scenario *and* mode: a trend joins like with like. A practice attempt with
the coach's notes at one client and an assessment at another are not two steps of one skill's
progress; the chart marks them apart, and its x axis is the attempt number over all of them,
so the lines still read in time order side by side.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .words import level_name, percent, plural

MODE_ORDER = ("practice", "assessment")


@dataclass(frozen=True)
class ChartPoint:
    """One attempt's result on one skill. ``n`` is its place (1-based) on the x axis."""

    n: int
    attempt_id: int
    when: str
    percent: float | None
    level: str | None
    scenario_id: str
    mode: str


@dataclass(frozen=True)
class ChartLine:
    """The attempts at one scenario in one mode, in time order."""

    scenario_id: str
    title: str
    mode: str
    points: tuple[ChartPoint, ...]

    @property
    def label(self) -> str:
        return f"{self.title} ({self.mode})"


@dataclass(frozen=True)
class SkillChart:
    """One skill: its lines, and the latest point over all of them."""

    id: str
    name: str
    required: bool
    lines: tuple[ChartLine, ...]

    @property
    def latest(self) -> ChartPoint | None:
        points = [p for line in self.lines for p in line.points]
        return max(points, key=lambda p: p.n) if points else None

    def text(self) -> list[str]:
        """The skill's figures in words: the latest result, then each line's attempts."""
        latest = self.latest
        head = f"{self.name}" + (" (decides the overall level)" if self.required else "")
        if latest is None:
            return [f"{head}: no attempts yet."]
        out = [f"{head}: latest {level_name(latest.level)}, {percent(latest.percent)}."]
        for line in self.lines:
            steps = ", ".join(f"{percent(p.percent)} {level_name(p.level)}" for p in line.points)
            out.append(f"{line.label}, {plural(len(line.points), 'attempt')}: {steps}.")
        return out


@dataclass(frozen=True)
class ProgressChart:
    """Every skill's chart over the same x axis (attempts 1..``attempts``, oldest first)."""

    skills: tuple[SkillChart, ...]
    attempts: int
    scenarios: tuple[tuple[str, str], ...]     # (id, title) of the scenarios charted, first played first
    thresholds: tuple[float, float]            # (fair, good): the level bands
    scenario_filter: str | None = None

    @classmethod
    def build(cls, series: Mapping[str, Sequence[Any]], attempts: Iterable[Any],
              names: Mapping[str, tuple[str, bool]] | None = None,
              thresholds: tuple[float, float] = (0.5, 0.8)) -> ProgressChart:
        """From the store's ``progress_summary`` (skill -> SeriesPoints in time order) and the
        finished attempts (any order; each has ``id``, ``mode``, ``scenario_id`` and
        ``scenario_title``). ``names``: skill id -> (name, required), from the rubric."""
        names = names or {}
        info = {a.id: a for a in attempts}
        order = sorted({p.attempt_id: p.finished_at for pts in series.values() for p in pts}.items(),
                       key=lambda kv: (kv[1], kv[0]))
        number = {attempt_id: n for n, (attempt_id, _) in enumerate(order, 1)}
        titles: dict[str, str] = {}
        for attempt_id, _ in order:
            a = info.get(attempt_id)
            sid = getattr(a, "scenario_id", None)
            if sid is not None and sid not in titles:
                titles[sid] = getattr(a, "scenario_title", "") or sid
        skills = []
        for dim, pts in series.items():
            by_line: dict[tuple[str, str], list[ChartPoint]] = {}
            for p in pts:
                a = info.get(p.attempt_id)
                mode = getattr(a, "mode", "practice") if a is not None else "practice"
                titles.setdefault(p.scenario_id, p.scenario_id)
                by_line.setdefault((p.scenario_id, mode), []).append(
                    ChartPoint(number[p.attempt_id], p.attempt_id, p.finished_at, p.percent, p.level or None,
                               p.scenario_id, mode))
            lines = tuple(ChartLine(sid, titles[sid], mode, tuple(sorted(points, key=lambda q: q.n)))
                          for (sid, mode), points in sorted(by_line.items(), key=lambda kv: (
                              list(titles).index(kv[0][0]), _mode_rank(kv[0][1]))))
            name, required = names.get(dim, (dim.replace("_", " ").capitalize(), False))
            skills.append(SkillChart(dim, name, required, lines))
        skills.sort(key=lambda s: (not s.required, s.name))
        return cls(tuple(skills), len(order), tuple(titles.items()), thresholds)

    def only(self, scenario_id: str | None) -> ProgressChart:
        """The same chart with only one scenario's lines (None: all of them)."""
        if scenario_id is None:
            return replace(self, scenario_filter=None)
        skills = tuple(replace(s, lines=tuple(line for line in s.lines if line.scenario_id == scenario_id))
                       for s in self.skills)
        return replace(self, skills=skills, scenario_filter=scenario_id)

    def skill(self, skill_id: str) -> SkillChart | None:
        return next((s for s in self.skills if s.id == skill_id), None)

    @property
    def empty(self) -> bool:
        return not any(s.lines for s in self.skills)

    def title_of(self, scenario_id: str) -> str:
        return dict(self.scenarios).get(scenario_id, scenario_id)

    def text(self) -> list[str]:
        """The whole chart in words, for a terminal or a screen reader."""
        if self.empty:
            return ["No finished attempts yet: play a scenario to the end and your levels will appear here."]
        fair, good = self.thresholds
        where = f" at {self.title_of(self.scenario_filter)}" if self.scenario_filter else ""
        out = [f"Your progress{where}: {plural(self.attempts, 'finished attempt')}, oldest first. Levels: "
               f"Beginning below {percent(fair)}, Fair from {percent(fair)}, Good from {percent(good)}."]
        for s in self.skills:
            if s.lines:
                out += s.text()
        return out


def _mode_rank(mode: str) -> int:
    return MODE_ORDER.index(mode) if mode in MODE_ORDER else len(MODE_ORDER)
