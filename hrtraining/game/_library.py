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
                               ScenarioInfo, check_file, duplicate_ids, internal_problem, iter_checked)

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
        # The engine turns whatever goes wrong with one file into that file's problem; the
        # guard here is per path, so even a failure of ours marks only that path broken.
        results: list[FileResult] = []
        for path in self.paths:
            try:
                results.extend(iter_checked([path], cache=self.cache))
            except Exception as e:  # pragma: no cover - iter_checked isolates files itself
                results.append(FileResult(path, [internal_problem(path, e)]))
        duplicate_ids(results)
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
