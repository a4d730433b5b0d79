"""The engine's exception tree and the :class:`Problem` value.

Everything the project raises on purpose derives from :class:`HRTrainingError`, the one
root (as httpx has one), so callers (the game, the CLI, the workshop) catch one type and
show its message. The engine's own errors are here; the layers above add theirs under the
same root::

    HRTrainingError
    ├── ScenarioError      a scenario file could not be loaded; carries Problems
    ├── RubricError        the rubric file could not be loaded; carries Problems
    ├── SessionError       a play action that is not possible now (bad choice, finished)
    ├── StateError         saved session state or a report that does not fit (or is too new)
    ├── progress.StoreError        the progress store failed (one line to show)
    │   ├── NotFoundError          no such profile, attempt or room (also a LookupError)
    │   └── NewerVersionError      the file was written by a newer hrtraining
    ├── progress.SchemaError       the file is a database this code cannot use
    └── workshop.RoomError         a room refused a request (safe to show to whoever asked)
        └── TieError               going on needs the leader's pick
"""
from __future__ import annotations

from dataclasses import dataclass

from ._chars import printable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an author's file, with where it is and what to do.

    ``line`` and ``column`` are 1-based; 0 means "the file as a whole".
    """

    path: str
    line: int
    column: int
    severity: str  # ERROR or WARNING
    code: str      # stable code such as "HR021", listed in docs/authoring.md
    message: str

    def format(self) -> str:
        """``FILE:LINE:COL: error CODE: message``, the shape editors understand, on one line.

        A message that quotes the author's text may hold a line break (a key such as
        "a\\nb") or a terminal escape; :func:`printable` shows them as ``\\n`` or
        ``\\x1b``, so that the problem stays on one line and is safe to print.
        """
        return (f"{printable(self.path)}:{self.line}:{self.column}: {self.severity} {self.code}: "
                f"{printable(self.message)}")

    def to_dict(self) -> dict:
        return {"code": self.code, "line": self.line, "column": self.column, "message": self.message}

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class HRTrainingError(Exception):
    """Base of every error the engine raises on purpose."""


class _ProblemsError(HRTrainingError):
    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.is_error] or self.problems
        head = errors[0].format() if errors else "unknown problem"
        more = len(errors) - 1
        super().__init__(head + (f" (and {more} more)" if more > 0 else ""))


class ScenarioError(_ProblemsError):
    """A scenario file has errors; ``problems`` lists every one found."""


class RubricError(_ProblemsError):
    """The rubric file has errors; ``problems`` lists every one found."""


class SessionError(HRTrainingError):
    """A play action that is not possible in the session's current state."""


class StateError(HRTrainingError):
    """Saved session state does not fit this scenario (changed or wrong version)."""
