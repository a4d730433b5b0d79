"""Loading scenario files and folders, with a cache keyed by file content.

``check_file`` does everything for one file and never raises for bad content:
read, parse, build, graph checks. ``check_paths`` does it for files and folders
and adds the checks that need several files (duplicate ids); ``iter_checked``
hands out the per-file results one at a time for callers that stop early.

A cache of the per-file results (``_cache``), one small JSON file per key made of
the file's bytes, the rubric's bytes and the checker's version, lets a warm run
skip parsing entirely (the asset problems are rechecked on every run, as they
depend on the disk). It may speed up a verdict but never decide one: see
``_cache`` for when an entry is trusted. It stores JSON, so a damaged or planted
cache file can never run code; an entry that cannot be read, does not parse (even
JSON nested too deep to parse), names another file, rubric or checker, or has a
field of the wrong type is a miss, and is rewritten. Entries are never pruned:
editing a file leaves its old entry behind (a few hundred bytes each).
"""
from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ._analysis import analyse, graph_problems
from ._assets import asset_problem
from ._build import Builder
from ._cache import CACHE_VERSION, Cache, checker_version, default_cache_dir  # noqa: F401 - re-exported
from ._chars import control_char
from ._coverage import coverage_problems
from ._errors import ERROR, WARNING, Problem, RubricError, ScenarioError
from ._model import Scenario
from ._parallel import scan_all
from ._reach import reach_problems, reachable_states
from ._rubric import REQUIRED_DIMENSIONS, Rubric, find_rubric, load_rubric
from ._similarity import duplicate_problems
from ._verdicts import safety_problems, zero_verdict_problems
from ._yaml import load_yaml, read_file, salvage

SCENARIO_SUFFIXES = (".yaml", ".yml")
NOT_SCENARIOS = ("rubric.yaml", "rubric.yml")
#: Problems that depend on the disk rather than the file (missing, escaping or unshowable assets).
DISK_CODES = ("HR051", "HR052", "HR053", "HR107")


@dataclass(frozen=True)
class ScenarioInfo:
    """What a menu needs to list a scenario without loading it."""

    id: str
    title: str
    summary: str
    client_name: str
    client_about: str
    portrait: str
    setting: str
    tags: tuple[str, ...]
    content_notes: tuple[str, ...]

    @classmethod
    def of(cls, sc: Scenario) -> ScenarioInfo:
        return cls(sc.id, sc.title, sc.summary, sc.client.name, sc.client.about, sc.client.portrait,
                   sc.setting, sc.tags, sc.content_notes)


@dataclass
class FileResult:
    """The outcome of checking one file."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    info: ScenarioInfo | None = None
    content_hash: str = ""
    scenario: Scenario | None = None  # None when loaded from the cache or broken
    rubric: Rubric | None = None
    #: (line, col, path) of the asset paths the file names, rechecked on every cached run
    assets: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def load(self) -> Scenario:
        """The scenario itself (parsed now if this result came from the cache)."""
        if self.scenario is None:
            if not self.ok:
                raise ScenarioError(self.problems)
            self.scenario = load_scenario(self.path, self.rubric)
        return self.scenario


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class _Rubrics:
    """What one run over a library shares: the rubric per folder, and asset lookups."""

    def __init__(self, explicit: Rubric | None):
        self.explicit = explicit
        self.loaded: dict[Path, Rubric | RubricError] = {}
        self.assets: dict = {}

    def for_file(self, path: str) -> Rubric:
        if self.explicit is not None:
            return self.explicit
        where = find_rubric(path)
        if where not in self.loaded:
            try:
                self.loaded[where] = load_rubric(where)
            except RubricError as e:
                self.loaded[where] = e
        r = self.loaded[where]
        if isinstance(r, RubricError):
            raise r
        return r


def _scan(path: str, data: bytes, rubric: Rubric, digest: str) -> FileResult:
    # Building a scenario makes many young containers and no garbage cycles; the
    # cyclic GC would walk them again and again (superlinear on big libraries).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _scan_now(path, data, rubric, digest)
    finally:
        if was_enabled:
            gc.enable()


#: After syntax errors the rest of a file is checked too, but a problem that says something is
#: missing (a key, a node, a meter, feedback, choices, an ending's title) may only mean it stood in
#: a broken place that was left out: those are not reported until the syntax is fixed.
ABSENCE_CODES = frozenset({"HR012", "HR020", "HR021", "HR022", "HR024", "HR027", "HR031", "HR062", "HR063", "HR065",
                           "HR066"})


def _scan_now(path: str, data: bytes, rubric: Rubric, digest: str) -> FileResult:
    value, problems = load_yaml(data, path)
    result = FileResult(path, problems, content_hash=digest, rubric=rubric)
    if problems:  # a null document (`~`) has no problems yet: the builder says it is not a mapping
        if problems[0].code == "HR001" and problems[0].message.startswith("YAML syntax"):
            rest, blanked = salvage(data, path)  # every problem in one run, where the parser can go on
            if rest is not None:
                builder = Builder(path, rubric)
                builder.build(rest)
                result.problems.extend(p for p in builder.problems
                                       if p.line not in blanked and p.code not in ABSENCE_CODES)
        return result
    builder = Builder(path, rubric)
    sc = builder.build(value)
    result.problems.extend(builder.problems)
    result.assets = list(builder.assets)
    if sc is None:
        return result
    sc.content_hash = digest
    analysis = analyse(sc, list(rubric.dimensions))
    # Only the two the game is about must be earnable on every path (HR064, HR121); a dimension
    # a rubric adds as required (keeping people safe) counts where a path assesses it.
    result.problems.extend(graph_problems(sc, analysis, REQUIRED_DIMENSIONS))
    if result.ok:  # meters and conditions: traps (HR104), ifs that never hold, exits never taken
        result.problems.extend(reach_problems(sc, reachable_states(sc)))
    # The cheap checks that `hrtraining analyze` also reports: they fail `validate --strict`.
    result.problems.extend(duplicate_problems(sc))
    result.problems.extend(coverage_problems(sc, analysis, REQUIRED_DIMENSIONS))
    result.problems.extend(zero_verdict_problems(sc))
    result.problems.extend(safety_problems(sc, analysis, list(rubric.dimensions)))
    result.stats = dict(analysis.stats)
    result.info = ScenarioInfo.of(sc)
    if result.ok:
        result.scenario = sc
    return result


def check_file(path: str | os.PathLike[str], rubric: Rubric | None = None,
               cache: Cache | None = None, *, _rubrics: _Rubrics | None = None) -> FileResult:
    """Check one scenario file; never raises for bad content.

    Whatever goes wrong with one file (even a bug of ours) becomes a problem of that
    file (HR000), so that a folder with one bad file still loads every other one.
    """
    path = os.fspath(path) if isinstance(path, os.PathLike) else str(path)
    try:
        return _check_file(path, rubric, cache, _rubrics)
    except Exception as e:  # noqa: BLE001 - isolation is the point: one file, one result
        return FileResult(path, [internal_problem(path, e)])


def internal_problem(path: str, e: BaseException) -> Problem:
    """HR000 for a file that could not be checked because of an unexpected error."""
    return Problem(path, 0, 0, ERROR, "HR000",
                   f"this file could not be checked ({type(e).__name__}: {str(e)[:200]}). The other files "
                   "are not affected; please report this as a bug in hrtraining, with the file")


@dataclass
class _Todo:
    """A file read and hashed, not in the cache: what scanning it needs."""

    path: str
    data: bytes
    rubric: Rubric
    digest: str
    key: str


def _check_file(path: str, rubric: Rubric | None, cache: Cache | None, _rubrics: _Rubrics | None) -> FileResult:
    todo = _prepare(path, _rubrics or _Rubrics(rubric), cache)
    return todo if isinstance(todo, FileResult) else _complete(todo, _scan(todo.path, todo.data, todo.rubric,
                                                                            todo.digest), cache)


def _scan_todo(todo: _Todo) -> FileResult:
    """Scan one file read earlier; never raises (the process pool calls it by name)."""
    try:
        return _scan(todo.path, todo.data, todo.rubric, todo.digest)
    except Exception as e:  # noqa: BLE001 - one file, one result
        return FileResult(todo.path, [internal_problem(todo.path, e)])


def _prepare(path: str, rubrics: _Rubrics, cache: Cache | None) -> FileResult | _Todo:
    """Read, hash and look the file up in the cache: a result when that settles it, else a _Todo."""
    data, problem = read_file(path)
    if problem:
        return FileResult(path, [problem])
    assert data is not None
    try:
        rub = rubrics.for_file(path)
    except RubricError as e:
        return FileResult(path, list(e.problems))
    digest = content_hash(data)
    checker = checker_version()
    key = content_hash(f"{checker}:{digest}:{rub.content_hash}".encode())
    if cache is not None:
        entry = cache.get(key)
        if entry is not None:
            try:
                if (entry.get("checker"), entry.get("file"), entry.get("rubric")) == (checker, digest,
                                                                                      rub.content_hash):
                    return _from_cache(path, entry, rub, digest, rubrics.assets)
            except Exception:
                pass  # a damaged entry is a miss
    return _Todo(path, data, rub, digest, key)


def _complete(todo: _Todo, result: FileResult, cache: Cache | None) -> FileResult:
    """A scanned result, stored in the cache."""
    result.rubric = todo.rubric
    if cache is not None:
        cache.put(todo.key, _to_cache(result, checker_version()))
    return result


def _to_cache(r: FileResult, checker: str) -> dict[str, Any]:
    info = r.info
    return {
        "v": CACHE_VERSION,
        # What the entry is about: a planted or stale entry for other content is never used.
        "checker": checker, "file": r.content_hash, "rubric": r.rubric.content_hash if r.rubric else "",
        # Asset problems depend on the disk, not the file: recheck them on every run.
        "problems": [[p.line, p.column, p.severity, p.code, p.message] for p in r.problems
                     if p.code not in DISK_CODES],
        "assets": [[line, col, rel] for line, col, rel in r.assets],
        "stats": r.stats,
        "info": None if info is None else {
            "id": info.id, "title": info.title, "summary": info.summary, "client_name": info.client_name,
            "client_about": info.client_about, "portrait": info.portrait, "setting": info.setting,
            "tags": list(info.tags), "content_notes": list(info.content_notes)},
    }


class _Damaged(ValueError):
    """A cache entry whose fields do not have the types ``_to_cache`` writes."""


def _str(v: Any) -> str:
    if type(v) is not str:
        raise _Damaged(f"expected text, not {type(v).__name__}")
    return v


def _shown(v: Any) -> str:
    """Text the game will show: the checker never writes control characters into it."""
    if control_char(_str(v), block=True) is not None:
        raise _Damaged("text with a control character")
    return v


def _int(v: Any) -> int:
    if type(v) is not int:  # not bool, not float
        raise _Damaged(f"expected a whole number, not {type(v).__name__}")
    return v


def _list(v: Any) -> list:
    if type(v) is not list:
        raise _Damaged(f"expected a list, not {type(v).__name__}")
    return v


def _dict(v: Any) -> dict:
    if type(v) is not dict:
        raise _Damaged(f"expected a mapping, not {type(v).__name__}")
    return v


def _row(v: Any, n: int) -> list:
    v = _list(v)
    if len(v) != n:
        raise _Damaged(f"expected {n} items, not {len(v)}")
    return v


def _from_cache(path: str, e: dict[str, Any], rubric: Rubric, digest: str, memo: dict | None = None) -> FileResult:
    """Rebuild a result from a cache entry, checking the type of every field.

    A planted or damaged entry must never hand the game a title that is a list or a
    count that is text: anything unexpected raises, and the caller treats it as a miss.
    """
    problems = []
    for row in _list(e["problems"]):
        line, col, severity, code, message = _row(row, 5)
        if _str(severity) not in (ERROR, WARNING):
            raise _Damaged(f"unknown severity {severity!r}")
        problems.append(Problem(path, _int(line), _int(col), severity, _str(code), _str(message)))
    info = None
    if e["info"] is not None:
        i = _dict(e["info"])
        info = ScenarioInfo(_shown(i["id"]), _shown(i["title"]), _shown(i["summary"]), _shown(i["client_name"]),
                            _shown(i["client_about"]), _shown(i["portrait"]), _shown(i["setting"]),
                            tuple(_shown(t) for t in _list(i["tags"])),
                            tuple(_shown(n) for n in _list(i["content_notes"])))
    assets = []
    for row in _list(e["assets"]):
        line, col, rel = _row(row, 3)
        assets.append((_int(line), _int(col), _str(rel)))
    stats = {_str(k): _int(v) for k, v in _dict(e["stats"]).items()}
    for line, col, rel in assets:
        problem = asset_problem(path, line, col, rel, memo)
        if problem is not None:
            problems.append(problem)
    return FileResult(path, problems, stats, info, digest, None, rubric, assets)


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Scenario files named directly, and every ``*.yaml``/``*.yml`` under named folders."""
    return [f for f, _ in _scenario_entries(paths)]


def _scenario_entries(paths: Iterable[str | os.PathLike[str]]) -> list[tuple[str, Problem | None]]:
    """Like :func:`scenario_files`, with a problem for each folder that could not be listed."""
    out: list[tuple[str, Problem | None]] = []
    for p in paths:
        p = os.fspath(p)
        try:
            is_dir = os.path.isdir(p)
        except (OSError, ValueError):  # e.g. a NUL in the path: reading it reports it
            is_dir = False
        if not is_dir:
            out.append((p, None))
            continue
        failed: list[OSError] = []
        for root, dirs, files in os.walk(p, onerror=failed.append):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            out.extend((os.path.join(root, f), None) for f in sorted(files)
                       if f.endswith(SCENARIO_SUFFIXES) and f not in NOT_SCENARIOS)
        for e in failed:
            where = e.filename if isinstance(e.filename, str) else p
            out.append((where, Problem(where, 0, 0, ERROR, "HR000",
                                       f"cannot list this folder: {e.strerror or e}; its scenarios were skipped")))
    return out


def iter_checked(paths: Iterable[str | os.PathLike[str]], rubric: Rubric | None = None,
                 cache: Cache | None = None) -> Iterator[FileResult]:
    """Check the scenario files in ``paths`` one at a time, in order (no checks across files).

    For callers that may stop early, such as finding one scenario by its id.
    """
    rubrics = _Rubrics(rubric)
    for f, problem in _scenario_entries(paths):
        yield FileResult(f, [problem]) if problem else check_file(f, cache=cache, _rubrics=rubrics)


def check_paths(paths: Iterable[str | os.PathLike[str]], rubric: Rubric | None = None,
                cache: Cache | None = None, *, jobs: int | None = 1) -> list[FileResult]:
    """Check every scenario file in ``paths``, then the checks across files.

    ``jobs`` processes scan the files the cache does not know (None: one per core,
    when there is enough to scan for a pool to pay off, see ``_parallel``); results
    come back in the same order either way. Results scanned in another process hold
    no ``scenario`` (``FileResult.load()`` parses it again when asked).
    """
    rubrics = _Rubrics(rubric)
    results: list[FileResult | None] = []
    todos: list[tuple[int, _Todo]] = []
    was_enabled = gc.isenabled()
    gc.disable()  # see _scan: nothing here makes garbage cycles, and the results stay alive
    try:
        for f, problem in _scenario_entries(paths):
            if problem is not None:
                results.append(FileResult(f, [problem]))
                continue
            try:
                ready = _prepare(f, rubrics, cache)
            except Exception as e:  # noqa: BLE001 - one file, one result
                ready = FileResult(f, [internal_problem(f, e)])
            if isinstance(ready, _Todo):
                todos.append((len(results), ready))
                results.append(None)
            else:
                results.append(ready)
        scanned = scan_all([t for _, t in todos], _scan_todo, jobs)
        for (i, todo), result in zip(todos, scanned):
            results[i] = _complete(todo, result, cache)
    finally:
        if was_enabled:
            gc.enable()
    done = [r for r in results if r is not None]
    duplicate_ids(done)
    return done


def duplicate_ids(results: list[FileResult]) -> None:
    """Add HR070 to every file whose id another file already uses."""
    first: dict[str, str] = {}
    for r in results:
        if r.info is None:
            continue
        other = first.setdefault(r.info.id, r.path)
        if other != r.path:
            r.problems.append(Problem(r.path, 1, 1, ERROR, "HR070",
                                      f"id '{r.info.id}' is already used by {other}; ids must be unique "
                                      "in a library"))
            r.scenario = None


def load_scenario(path: str | os.PathLike[str], rubric: Rubric | None = None) -> Scenario:
    """Load one scenario, or raise :class:`ScenarioError` listing every error."""
    r = check_file(path, rubric)
    if not r.ok or r.scenario is None:
        raise ScenarioError(r.problems)
    return r.scenario
