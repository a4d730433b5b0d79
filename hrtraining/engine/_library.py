"""Loading scenario files and folders, with a cache keyed by file content.

``check_file`` does everything for one file and never raises for bad content:
read, parse, build, graph checks. ``check_paths`` does it for files and folders
and adds the checks that need several files (duplicate ids); ``iter_checked``
hands out the per-file results one at a time for callers that stop early.

A cache of the per-file results, one small JSON file per key made of the file's
bytes, the rubric's bytes and the engine's cache version, lets a warm run skip
parsing entirely (the missing-asset warnings are rechecked on every run, as they
depend on the disk). It stores JSON, so a damaged or planted cache file can
never run code; an entry that cannot be read, does not parse (even JSON nested
too deep to parse) or has a field of the wrong type is a miss, and is rewritten.
Entries are never pruned: editing a file leaves its old entry behind (a few
hundred bytes each). Deleting the cache folder is always safe.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ._analysis import analyse, graph_problems
from ._build import Builder, missing_asset_message, resolve_asset
from ._coverage import coverage_problems
from ._errors import ERROR, WARNING, Problem, RubricError, ScenarioError
from ._model import Scenario
from ._rubric import REQUIRED_DIMENSIONS, Rubric, find_rubric, load_rubric
from ._similarity import duplicate_problems
from ._verdicts import safety_problems, zero_verdict_problems
from ._yaml import load_yaml, read_file, salvage

CACHE_VERSION = "6"  # 4: HR120 and HR121; 5: HR127-HR129; 6: misspellings, "did you mean >=", every syntax error
SCENARIO_SUFFIXES = (".yaml", ".yml")
NOT_SCENARIOS = ("rubric.yaml", "rubric.yml")


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


def default_cache_dir() -> Path:
    env = os.environ.get("HRTRAINING_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs  # imported late: only callers that cache need it

    return Path(platformdirs.user_cache_dir("hrtraining")) / "scenarios"


class Cache:
    """Per-file check results as small JSON files, named by content key."""

    def __init__(self, directory: str | Path | None = None):
        self.dir = Path(directory) if directory else default_cache_dir()

    def _file(self, key: str) -> Path:
        return self.dir / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None: missing, unreadable or damaged are all a miss."""
        try:
            with open(self._file(key), "rb") as f:
                entry = json.loads(f.read())
            return entry if isinstance(entry, dict) and entry.get("v") == CACHE_VERSION else None
        except Exception:  # any damage (even JSON nested too deep: RecursionError) is a miss
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(entry, f, separators=(",", ":"))
            os.replace(tmp, self._file(key))
        except OSError:
            pass  # a cache that cannot be written only costs speed


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
#: missing (a key, a node, a meter, feedback) may only mean it stood in a broken place that was
#: left out: those are not reported until the syntax is fixed.
ABSENCE_CODES = frozenset({"HR012", "HR020", "HR021", "HR022", "HR031", "HR062", "HR063", "HR065", "HR066"})


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
    """Check one scenario file; never raises for bad content."""
    path = str(path)
    data, problem = read_file(path)
    if problem:
        return FileResult(path, [problem])
    assert data is not None
    rubrics = _rubrics or _Rubrics(rubric)
    try:
        rub = rubrics.for_file(path)
    except RubricError as e:
        return FileResult(path, list(e.problems))
    digest = content_hash(data)
    key = content_hash(f"{CACHE_VERSION}:{digest}:{rub.content_hash}".encode())
    if cache is not None:
        entry = cache.get(key)
        if entry is not None:
            try:
                return _from_cache(path, entry, rub, digest, rubrics.assets)
            except Exception:
                pass  # a damaged entry is a miss
    result = _scan(path, data, rub, digest)
    if cache is not None:
        cache.put(key, _to_cache(result))
    return result


def _to_cache(r: FileResult) -> dict[str, Any]:
    info = r.info
    return {
        "v": CACHE_VERSION,
        # Missing-asset warnings depend on the disk, not the file: recheck them on every run.
        "problems": [[p.line, p.column, p.severity, p.code, p.message] for p in r.problems if p.code != "HR051"],
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
        info = ScenarioInfo(_str(i["id"]), _str(i["title"]), _str(i["summary"]), _str(i["client_name"]),
                            _str(i["client_about"]), _str(i["portrait"]), _str(i["setting"]),
                            tuple(_str(t) for t in _list(i["tags"])),
                            tuple(_str(n) for n in _list(i["content_notes"])))
    assets = []
    for row in _list(e["assets"]):
        line, col, rel = _row(row, 3)
        assets.append((_int(line), _int(col), _str(rel)))
    stats = {_str(k): _int(v) for k, v in _dict(e["stats"]).items()}
    for line, col, rel in assets:
        if resolve_asset(path, rel, memo) is None:
            problems.append(Problem(path, line, col, WARNING, "HR051", missing_asset_message(rel)))
    return FileResult(path, problems, stats, info, digest, None, rubric, assets)


def scenario_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Scenario files named directly, and every ``*.yaml``/``*.yml`` under named folders."""
    out: list[str] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(str(Path(root) / f) for f in sorted(files)
                           if f.endswith(SCENARIO_SUFFIXES) and f not in NOT_SCENARIOS)
        else:
            out.append(str(p))
    return out


def iter_checked(paths: Iterable[str | os.PathLike[str]], rubric: Rubric | None = None,
                 cache: Cache | None = None) -> Iterator[FileResult]:
    """Check the scenario files in ``paths`` one at a time, in order (no checks across files).

    For callers that may stop early, such as finding one scenario by its id.
    """
    rubrics = _Rubrics(rubric)
    for f in scenario_files(paths):
        yield check_file(f, cache=cache, _rubrics=rubrics)


def check_paths(paths: Iterable[str | os.PathLike[str]], rubric: Rubric | None = None,
                cache: Cache | None = None) -> list[FileResult]:
    """Check every scenario file in ``paths``, then the checks across files."""
    results = list(iter_checked(paths, rubric, cache))
    duplicate_ids(results)
    return results


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
