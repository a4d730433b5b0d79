"""The decisions of a played path, looked at again: "Replay from here" and "Where would the other
option go?".

:class:`Branches` holds a path as the store keeps it (node id, choice index per decision) over
the scenario *as played*. It answers what each decision offered, and previews where another
option would have led: the lines that follow it up to the next decision or an ending. A preview
plays a throwaway :class:`~hrtraining.engine.Session` and is recorded nowhere. Starting a replay
is :meth:`hrtraining.practice.Attempt.replay` (a new practice attempt, linked to its parent).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hrtraining.engine import Choice, Rubric, Scenario, Session, SessionError, ShownLine, StateError

Taken = Sequence[tuple[str, int]]


@dataclass(frozen=True)
class Preview:
    """Where option ``choice`` at decision ``number`` would have led, as far as the next decision
    or an ending: the lines said on the way, then the next decision's options or the ending."""

    number: int
    choice: Choice
    lines: tuple[ShownLine, ...]
    ends: str                          # "decision" or "ending"
    next_options: tuple[str, ...] = ()
    ending_title: str = ""

    @property
    def summary(self) -> str:
        """``Then the next decision, with 3 options.`` / ``Then the ending: “Ray stays”.``"""
        if self.ends == "ending":
            return f"Then the ending: “{self.ending_title}”." if self.ending_title else "Then the conversation ends."
        n = len(self.next_options)
        return f"Then the next decision, with {n} option{'s' if n != 1 else ''}."


class Branches:
    """A played path (``taken``) over ``scenario``; raises :class:`StateError` when the scenario
    no longer fits the path (it was edited since)."""

    def __init__(self, scenario: Scenario, rubric: Rubric, taken: Taken):
        self.scenario = scenario
        self.rubric = rubric
        self.taken = [(str(n), int(i)) for n, i in taken]
        Session.replay(scenario, rubric, self.taken)  # fits, or StateError now rather than later

    @property
    def decisions(self) -> int:
        return len(self.taken)

    def _check(self, number: int) -> None:
        if not 1 <= number <= len(self.taken):
            raise SessionError(f"there is no decision {number}; this path made {len(self.taken)}")

    def before(self, number: int) -> Session:
        """A throwaway session standing at decision ``number`` (1-based) with the state it had."""
        self._check(number)
        session = Session.replay(self.scenario, self.rubric, self.taken[:number - 1])
        session.skip_to_decision()
        if session.state.node != self.taken[number - 1][0]:  # pragma: no cover - replay() checked the path
            raise StateError(f"decision {number} is no longer at '{self.taken[number - 1][0]}'")
        return session

    def offered(self, number: int) -> list[Choice]:
        """The options decision ``number`` offered, in the order shown."""
        return self.before(number).offered()

    def chosen(self, number: int) -> int:
        """The scenario's index of the choice made at decision ``number``."""
        self._check(number)
        return self.taken[number - 1][1]

    def others(self, number: int) -> list[Choice]:
        """The options offered at decision ``number`` that were not chosen."""
        chosen = self.chosen(number)
        return [c for c in self.offered(number) if c.index != chosen]

    def preview(self, number: int, choice_index: int) -> Preview:
        """Where the option with scenario index ``choice_index`` at decision ``number`` leads."""
        session = self.before(number)
        outcome = session.choose_index(choice_index)
        lines: list[ShownLine] = []
        while True:
            beat = session.beat()
            lines.extend(beat.lines)
            if beat.kind != "continue":
                break
            session.advance()
        if beat.kind == "ending":
            title = beat.ending.title if beat.ending is not None else ""
            return Preview(number, outcome.choice, tuple(lines), "ending", ending_title=title)
        return Preview(number, outcome.choice, tuple(lines), "decision", tuple(o.text for o in beat.options))
