"""The hrtraining engine: scenario format v1, loader, validator, session and scoring.

The first layer: it imports nothing of the project's and never pygame (the import
contracts in pyproject.toml and a fresh-interpreter test check it); every other layer
draws on what this package hands them. Scoring is version 2 (``_scoring``); the one
exception root, :class:`HRTrainingError`, is here (``_errors``).

Public names::

    load_scenario(path, rubric=None) -> Scenario          raises ScenarioError
    check_file(path, rubric=None, cache=None) -> FileResult   never raises for bad content
    check_paths(paths, rubric=None, cache=None) -> list[FileResult]
    iter_checked(paths, rubric=None, cache=None) -> FileResults one at a time (may stop early)
    duplicate_ids(results)  adds HR070 across files (check_paths does it for you)
    printable(text, multiline=False) -> text safe to print on a terminal (escapes shown)
    load_rubric(path=None) -> Rubric / find_rubric(scenario_path) -> Path
    Session(scenario, rubric) .beat() .choose(i) .advance() .undo() .report()
    Session.replay(scenario, rubric, taken) / Session.restore(scenario, rubric, state)
    to_mermaid(scenario) / to_dot(scenario)
    analyze_file(path, rubric=None, attempts=None) -> AnalysisReport   (``hrtraining analyze``)
    reachable_states(scenario) -> Reach: meter values per node, traps, ifs that never hold
"""
from __future__ import annotations

from ._analysis import Analysis, analyse
from ._analyze import AnalysisReport, Attempts, Finding, analyze_file, analyze_paths
from ._items import Faced, Record, replay_record
from ._conditions import Condition, ConditionError, parse_condition
from ._errors import (ERROR, WARNING, HRTrainingError, Problem, RubricError, ScenarioError,
                      SessionError, StateError)
from ._graph import to_dot, to_mermaid
from ._files import NotRegularFile, open_regular
from ._header import read_header
from ._library import (Cache, FileResult, ScenarioInfo, check_file, check_paths, content_hash,
                       duplicate_ids, internal_problem, iter_checked, load_scenario, scenario_files)
from ._assets import PROJECT_ASSETS, resolve_asset
from ._chars import json_printable, printable
from ._pictures import MAX_PICTURE_RATIO, MAX_PICTURE_SIDE, picture_problem
from ._reach import Exit, Reach, Trap, reach_problems, reachable_states
from ._model import CLIENT, MAX_METERS, NARRATOR, YOU, Branch, Choice, Client, Ending, Line, Meter, Node, Scenario
from ._rubric import LEVELS, PROJECT_ROOT, REQUIRED_DIMENSIONS, Code, Dimension, Rubric, find_rubric, load_rubric
from ._scoring import CAPPED_DIMENSION, REPORT_OLDEST_READABLE, REPORT_VERSION, DecisionReview, DimensionScore, Report, lowest, stronger_on
from ._session import Beat, Option, Outcome, Session, SessionState, ShownLine

__all__ = [
    "Analysis", "analyse", "AnalysisReport", "Attempts", "Finding", "analyze_file", "analyze_paths",
    "Faced", "Record", "replay_record", "Condition", "ConditionError", "parse_condition",
    "ERROR", "WARNING", "HRTrainingError", "Problem", "RubricError", "ScenarioError", "SessionError",
    "StateError", "to_dot", "to_mermaid", "Cache", "FileResult", "ScenarioInfo", "check_file",
    "check_paths", "content_hash", "duplicate_ids", "internal_problem", "read_header", "iter_checked",
    "printable", "json_printable", "MAX_PICTURE_RATIO", "MAX_PICTURE_SIDE", "picture_problem", "NotRegularFile", "open_regular", "load_scenario", "scenario_files", "resolve_asset", "PROJECT_ASSETS",
    "CLIENT", "MAX_METERS", "NARRATOR", "YOU", "Branch", "Choice", "Client", "Ending", "Line", "Meter", "Node",
    "Scenario", "LEVELS", "PROJECT_ROOT", "REQUIRED_DIMENSIONS", "Code", "Dimension", "Rubric", "find_rubric",
    "load_rubric", "CAPPED_DIMENSION", "REPORT_OLDEST_READABLE", "REPORT_VERSION", "DecisionReview", "DimensionScore", "Report", "lowest",
    "stronger_on",
    "Exit", "Reach", "Trap", "reach_problems", "reachable_states",
    "Beat", "Option", "Outcome", "Session", "SessionState", "ShownLine",
]
