"""``hrtraining analyze``: what an author or trainer can learn about a scenario.

Static, from the file alone: per dimension the range of ``possible`` over complete
paths and the best total over any path (``_coverage``, ``_analysis``); tells
(``_tells``); naive players (``_naive``); and every warning and error ``validate``
reports for the file, so new checks there show up here too. Dynamic, from recorded
play handed in as :class:`~._items.Record` values: item analysis per decision
(``_items``). Findings carry stable codes (HR120-HR139, documented in
docs/authoring.md); ``AnalysisReport.to_dict`` is the JSON shape in docs/analyze.md.
"""
from __future__ import annotations

import bisect
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from ._analysis import analyse
from ._coverage import possible_ranges
from ._errors import ERROR, WARNING
from ._items import Item, Record, item_analysis, item_findings
from ._library import Cache, FileResult, check_file
from ._model import Scenario
from ._naive import RANDOM_PLAYS, SEED, STRATEGY_HOW, Compiled, naive_players
from ._parallel import pool_size, scan_all
from ._rubric import Rubric
from ._similarity import near_duplicates
from ._tells import Tells, level_blind, tell_findings, tells

ANALYZE_VERSION = 2  # 2: the permission tell (tells.best_only_permission*, other_options*) and naive asks-permission


@dataclass(frozen=True)
class Finding:
    """Something to look at: a stable ``code``, the node it is about (or None), a message."""

    code: str
    node: str | None
    message: str
    severity: str = WARNING
    line: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "node": self.node, "message": self.message,
                "severity": self.severity, "line": self.line}


@dataclass
class Attempts:
    """Recorded play for one scenario: attempts, and workshop votes and hands (their own source)."""

    records: list[Record] = field(default_factory=list)
    workshop: list[Record] = field(default_factory=list)
    other_versions: int = 0     # attempts on another content hash, not counted
    not_replayable: int = 0     # attempts on this hash that no longer replay (should not happen)
    sources: list[str] = field(default_factory=list)


@dataclass
class AnalysisReport:
    path: str
    result: FileResult
    scenario: Scenario | None = None
    rubric: Rubric | None = None
    dimensions: dict[str, dict[str, Any]] = field(default_factory=dict)
    tells: Tells | None = None
    near_duplicates: list[dict[str, Any]] = field(default_factory=list)
    naive: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    attempts: Attempts | None = None
    items: list[Item] = field(default_factory=list)
    workshop_items: list[Item] = field(default_factory=list)
    #: Kept apart from ``scenario``, which a report analyzed in another process comes without
    #: (the HTML report, which draws the graph, is made in one process).
    scenario_id: str | None = None
    scenario_title: str | None = None
    loaded: bool = False

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "version": ANALYZE_VERSION,
            "scenario": {"path": self.path, "id": self.scenario_id, "title": self.scenario_title,
                         "content_hash": self.result.content_hash or None, "loaded": self.loaded,
                         **{k: self.result.stats.get(k) for k in ("nodes", "decisions", "choices", "endings",
                                                                  "longest_decisions")}},
            "dimensions": self.dimensions,
            "tells": None if self.tells is None else {**self.tells.to_dict(),
                                                      "near_duplicates": self.near_duplicates},
            "naive": self.naive,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.attempts is not None:
            a = self.attempts
            d["attempts"] = {"counted": sum(r.weight for r in a.records),
                             "workshop_votes": sum(r.weight for r in a.workshop),
                             "other_versions": a.other_versions, "not_replayable": a.not_replayable,
                             "sources": list(a.sources)}
            d["items"] = [it.to_dict() for it in self.items]
            d["workshop_items"] = [it.to_dict() for it in self.workshop_items]
        return d


def node_at(sc: Scenario, line: int) -> str | None:
    """The node whose text holds ``line`` (the last node starting at or before it)."""
    starts = sorted((n.line, n.id) for n in sc.nodes.values() if n.line)
    k = bisect.bisect_right(starts, (line, "\U0010ffff")) - 1
    return starts[k][1] if k >= 0 and line > 0 else None


def naive_message(strategy: str) -> str:
    """HR125's message for a naive strategy that reaches good, with the fix that fits it."""
    fix = ("Give a tempting option permission wording too, or let the best line do without it"
           if strategy == "asks-permission" else "Make the best option vary in length and position")
    return (f"a naive strategy reaches good ({STRATEGY_HOW[strategy]}): a trainee can score well without "
            f"reading the conversation. {fix}")


AttemptsFor = Callable[[Scenario, Rubric], Attempts]


def analyze_file(path: str, rubric: Rubric | None = None, attempts: Attempts | AttemptsFor | None = None, *,
                 plays: int = RANDOM_PLAYS, seed: int = SEED, cache: Cache | None = None,
                 result: FileResult | None = None) -> AnalysisReport:
    """Analyze one scenario file; never raises for bad content (its problems become findings).

    ``attempts`` is recorded play for this scenario, or a function that gathers it once the
    scenario is loaded (it needs the scenario to replay attempts and check their hash).
    """
    result = result or check_file(path, rubric, cache)
    report = AnalysisReport(str(path), result)
    sc = result.load() if result.ok and result.rubric is not None else None
    for p in sorted(result.problems, key=lambda p: (p.line, p.column, p.code)):
        report.findings.append(Finding(p.code, node_at(sc, p.line) if sc else None, p.message, p.severity, p.line))
    if sc is None or result.rubric is None:
        return report
    rub = result.rubric
    report.scenario, report.rubric = sc, rub
    report.scenario_id, report.scenario_title, report.loaded = sc.id, sc.title, True
    if callable(attempts):
        attempts = attempts(sc, rub)
    report.attempts = attempts
    dims = list(rub.dimensions)
    analysis = analyse(sc, dims)
    ranges = possible_ranges(sc, analysis, dims)
    for d, dim in rub.dimensions.items():
        r = ranges.get(d)
        report.dimensions[d] = {"name": dim.name, "required": d in rub.required,
                                "possible": None if r is None else r.to_dict(),
                                "best": analysis.best.get(d, 0)}
    t = tells(sc, rub.required, analysis.reachable)
    report.tells = t
    # A tell is about the whole file: it points at line 1, so an editor can jump to it
    # (file:line:col, like every other message; 0:0 reads as a fault of the tool).
    for code, message in tell_findings(t):
        report.findings.append(Finding(code, None, message, line=1))
    for node in sc.nodes.values():
        if node.id in analysis.reachable and len(node.choices) > 1:
            for i, j, sim in near_duplicates(node):
                report.near_duplicates.append({"node": node.id, "choices": [i + 1, j + 1],
                                               "similarity": round(sim, 4)})
    for nid, message in level_blind(sc, rub.required, analysis.reachable):
        report.findings.append(Finding("HR126", nid, message, line=sc.nodes[nid].line))
    report.naive = naive_players(sc, rub, plays, seed, Compiled(sc, rub.required))
    for name, res in report.naive.items():
        if res["level"] == "good":
            report.findings.append(Finding("HR125", None, naive_message(name), line=1))
    if attempts is not None:
        report.items = item_analysis(sc, rub, attempts.records)
        report.workshop_items = item_analysis(sc, rub, attempts.workshop)
        for items, source in ((report.items, "attempts"), (report.workshop_items, "workshop votes")):
            for code, nid, message in item_findings(items, source):
                report.findings.append(Finding(code, nid, message, line=sc.nodes[nid].line))
    return report


def analyze_paths(paths: Iterable[str], rubric: Rubric | None = None, *, jobs: int | None = 1,
                  **kwargs: Any) -> list[AnalysisReport]:
    """Analyze several files (``scenario_files`` expands folders); duplicate ids are reported too.

    ``jobs`` as for ``check_paths`` (None: every core when there is enough to do). Files
    analyzed in other processes come back without ``scenario`` and ``rubric`` (everything
    the text and JSON reports need is there); recorded attempts are read in this process, so
    with ``attempts`` every file is analyzed here.
    """
    from ._library import check_paths, scenario_files

    files = scenario_files(paths)
    cache = kwargs.pop("cache", None)
    if kwargs.get("attempts") is None:
        cache_dir = cache.dir if cache is not None else None
        todos = [_AnalyzeTodo(f, rubric, cache_dir, kwargs.get("plays", RANDOM_PLAYS), kwargs.get("seed", SEED),
                              _file_size(f)) for f in files]
        if pool_size(todos, jobs) > 1:
            reports = scan_all(todos, _analyze_todo, jobs)
            _cross_file(reports)
            return reports
    results = check_paths(files, rubric, cache)
    return [analyze_file(r.path, rubric, result=r, **kwargs) for r in results]


@dataclass
class _AnalyzeTodo:
    """One file to analyze in a worker process: what it needs, all of it picklable; ``size``
    (bytes) is what the pool weighs the work by."""

    path: str
    rubric: Rubric | None
    cache_dir: Any
    plays: int
    seed: int
    size: int


def _file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _analyze_todo(todo: _AnalyzeTodo) -> AnalysisReport:
    """In a worker: check and analyze one file (its own cache handle); never raises."""
    from ._library import internal_problem

    try:
        cache = Cache(todo.cache_dir) if todo.cache_dir is not None else None
        report = analyze_file(todo.path, todo.rubric, plays=todo.plays, seed=todo.seed, cache=cache)
    except Exception as e:  # noqa: BLE001 - one file, one result
        report = AnalysisReport(todo.path, FileResult(todo.path, [internal_problem(todo.path, e)]))
        report.findings.append(Finding("HR000", None, report.result.problems[0].message, ERROR))
    report.result.scenario = None  # compiled conditions do not pickle; the report keeps what it needs
    report.result.rubric = None
    return report


def _cross_file(reports: list[AnalysisReport]) -> None:
    """The check across files (HR070, a duplicate id): a file whose id another file already
    uses is reported with its problems only, as :func:`analyze_paths` does in one process."""
    from ._library import duplicate_ids

    results = [r.result for r in reports]
    before = [len(r.problems) for r in results]
    duplicate_ids(results)
    for i, (result, n) in enumerate(zip(results, before)):
        if len(result.problems) > n:
            reports[i] = analyze_file(result.path, result=result)
