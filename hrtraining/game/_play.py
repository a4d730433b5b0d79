"""One play of one scenario: the engine's session plus what the window adds.

The engine keeps every rule; this class only joins a :class:`Session` to the
recorder (each choice is stored as it is made), the chosen mode, and the
history the backlog shows (rebuilt from the session's path, so reloading or
resuming never needs a separate log).
"""
from __future__ import annotations

from dataclasses import dataclass

from hrtraining.engine import (NARRATOR, YOU, HRTrainingError, Outcome, Report, Rubric, Scenario,
                               Session, StateError, store_report)

from ._library import Entry, Library
from hrtraining.progress.recorder import Recorder


@dataclass(frozen=True)
class HistoryItem:
    """One entry of the backlog: a line said, or a choice the trainee made."""

    kind: str      # "line", "choice" or "ending"
    speaker: str   # client / you / narrator / a name
    name: str
    text: str


class Play:
    """A scenario being played in ``mode`` (practice or assessment)."""

    def __init__(self, entry: Entry, scenario: Scenario, rubric: Rubric, mode: str,
                 recorder: Recorder, session: Session | None = None, attempt_id: int | None = None):
        self.entry = entry
        self.scenario = scenario
        self.rubric = rubric
        self.mode = mode
        self.recorder = recorder
        self.session = session or Session(scenario, rubric)
        self.attempt_id = attempt_id
        self.finished_recorded = False
        self.self_rating: str | None = None
        # Set once the debrief has shown the scores: a rating changed after that is no
        # longer the trainee's own view, so it is not stored (see DebriefScene.activate).
        self.scores_shown = False
        self._history: tuple[int, list[HistoryItem]] = (-1, [])

    @classmethod
    def start(cls, entry: Entry, mode: str, recorder: Recorder) -> Play:
        """A fresh attempt (older unfinished attempts of the scenario are abandoned)."""
        scenario, rubric = entry.load()
        for old in recorder.unfinished(scenario.id):
            recorder.abandon(old.id)
        attempt = recorder.start(scenario, mode)
        return cls(entry, scenario, rubric, mode, recorder, attempt_id=attempt)

    @classmethod
    def resume(cls, entry: Entry, attempt, recorder: Recorder) -> Play:
        """Continue a stored unfinished attempt; raises StateError when it no longer fits."""
        scenario, rubric = entry.load()
        if attempt.scenario_hash != scenario.content_hash:
            raise StateError("the scenario has changed since this attempt was started")
        taken = [(c.node_id, c.choice_index) for c in attempt.choices]
        session = Session.replay(scenario, rubric, taken)
        mode = attempt.mode if attempt.mode in ("practice", "assessment") else "practice"
        return cls(entry, scenario, rubric, mode, recorder, session=session, attempt_id=attempt.id)

    # -- reading --------------------------------------------------------------
    @property
    def beat(self):
        return self.session.beat()

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def decisions(self) -> int:
        return len(self.session.state.taken)

    def history(self) -> list[HistoryItem]:
        """Everything said so far, with the trainee's choices, in order."""
        path = self.session.state.path
        if self._history[0] == len(path):
            return self._history[1]
        out: list[HistoryItem] = []
        outcomes = iter(self.session.outcomes)
        nodes = self.scenario.nodes
        for i, nid in enumerate(path):
            node = nodes[nid]
            for ln in node.lines:
                out.append(HistoryItem("line", ln.speaker, self.scenario.speaker_name(ln.speaker), ln.text))
            if node.choices and i < len(path) - 1:
                o = next(outcomes, None)
                if o is not None:
                    out.append(HistoryItem("choice", YOU, "You", o.choice.text))
            if node.ending is not None:
                out.append(HistoryItem("ending", NARRATOR, "", node.ending.title))
        self._history = (len(path), out)
        return out

    # -- acting ---------------------------------------------------------------
    def choose(self, position: int) -> Outcome:
        seq = len(self.session.state.taken)
        outcome = self.session.choose(position)
        self.recorder.choice(self.attempt_id, seq, outcome, earlier=self.session.outcomes)
        return outcome

    def advance(self) -> None:
        self.session.advance()

    def report(self) -> Report:
        return self.session.report()

    def finish(self) -> Report:
        """The report; stored once when the scenario has ended."""
        report = self.session.report()
        if report.finished and not self.finished_recorded:
            self.recorder.finish(self.attempt_id, store_report(report))
            self.finished_recorded = True
        return report

    def reload(self, library: Library) -> str:
        """F5: read the file again and return to the same node, or the nearest valid one.

        Returns a notice for the screen. When the file now has errors the play
        goes on with the version already loaded.
        """
        fresh = library.reload(self.entry)
        try:
            scenario, rubric = fresh.load()
        except HRTrainingError as e:
            errs = fresh.first_errors(1)
            return "Reload failed; still playing the loaded version. " + (errs[0] if errs else str(e))
        taken = list(self.session.state.taken)
        node_before = self.session.state.node
        old_path = list(self.session.state.path)
        session, kept = Session.replay_longest(scenario, rubric, taken)
        # Replaying stops right after the last decision; walk the continue nodes
        # the player had already passed, as long as they still lead the same way.
        new_path = session.state.path
        if kept == len(taken) and old_path[:len(new_path)] == new_path:
            for expected in old_path[len(new_path):]:
                if session.node.kind != "continue" or session.advance() != expected:
                    break
        changed = scenario.content_hash != self.scenario.content_hash
        self.entry, self.scenario, self.rubric, self.session = fresh, scenario, rubric, session
        self._history = (-1, [])
        if changed and not self.finished_recorded:
            # Attempts are pinned to the content they were played on: start a new one.
            self.recorder.abandon(self.attempt_id)
            self.attempt_id = self.recorder.start(scenario, self.mode)
            for seq, o in enumerate(session.outcomes):
                self.recorder.choice(self.attempt_id, seq, o)
        if kept == len(taken) and session.state.node == node_before:
            return f"Reloaded {fresh.path}" + ("" if changed else " (no changes)")
        return (f"Reloaded. The scenario changed: kept {kept} of {len(taken)} decisions and returned to "
                f"'{session.state.node}'.")
