"""The scenario library the menu lists.

Listing uses the engine's :class:`~hrtraining.engine.Cache` keyed by file
content, so a warm start reads small JSON entries instead of parsing YAML; a
scenario is parsed only when it is played (``Entry.load``). Broken files stay
in the list with their first errors so authors see what to fix.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hrtraining.engine import (PROJECT_ROOT, Cache, FileResult, HRTrainingError, Rubric, Scenario,
                               ScenarioInfo, check_file, check_paths)

DEFAULT_DIR = PROJECT_ROOT / "scenarios"


@dataclass
class Entry:
    """One file of the library, playable or broken."""

    result: FileResult

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def ok(self) -> bool:
        return self.result.ok and self.result.info is not None

    @property
    def info(self) -> ScenarioInfo | None:
        return self.result.info

    @property
    def id(self) -> str:
        return self.info.id if self.info else Path(self.path).stem

    @property
    def title(self) -> str:
        return self.info.title if self.info and self.info.title else Path(self.path).name

    @property
    def content_hash(self) -> str:
        return self.result.content_hash

    def first_errors(self, n: int = 3) -> list[str]:
        out = []
        for p in self.result.errors[:n]:
            where = f"line {p.line}" if p.line else "file"
            out.append(f"{where}: {p.message} ({p.code})")
        return out

    def load(self) -> tuple[Scenario, Rubric]:
        """Parse the scenario now (raises :class:`HRTrainingError` when it cannot be played)."""
        sc = self.result.load()
        if self.result.rubric is None:  # pragma: no cover - check_file always sets it when ok
            raise HRTrainingError("no rubric for this scenario")
        return sc, self.result.rubric


class Library:
    """Every scenario file under the given paths, playable ones first."""

    def __init__(self, paths: list[str | Path] | None = None, cache: Cache | None = None):
        self.paths = [str(p) for p in (paths or [DEFAULT_DIR])]
        self.cache = cache if cache is not None else Cache()
        self.entries: list[Entry] = []
        self.refresh()

    def refresh(self) -> None:
        try:
            results = check_paths(self.paths, cache=self.cache)
        except Exception as e:  # an unreadable folder must not stop the menu
            results = [FileResult(p, []) for p in self.paths]
            for r in results:
                from hrtraining.engine import ERROR, Problem
                r.problems.append(Problem(r.path, 0, 0, ERROR, "HR000", f"could not read: {e}"))
        entries = [Entry(r) for r in results]
        entries.sort(key=lambda e: (not e.ok, e.title.lower()))
        self.entries = entries

    def by_id(self, scenario_id: str) -> Entry | None:
        return next((e for e in self.entries if e.ok and e.id == scenario_id), None)

    def reload(self, entry: Entry) -> Entry:
        """Check one file again from disk (F5); replaces it in the list."""
        fresh = Entry(check_file(entry.path, cache=self.cache))
        if fresh.result.ok and fresh.result.scenario is None:
            try:
                fresh.result.load()
            except HRTrainingError:
                pass
        for i, e in enumerate(self.entries):
            if e.path == entry.path:
                self.entries[i] = fresh
        return fresh
