"""One attempt: a person playing one scenario once, recorded as it happens.

An :class:`Attempt` joins the engine's :class:`~hrtraining.engine.Session` (which keeps every
rule) to a :class:`Recorder` (each choice is stored as it is made), the mode, and the
trainee's own rating. The window, ``hrtraining play`` and the workshop's rooms all start,
resume, record and finish attempts through it, so none of them writes that logic again.

Lifecycle::

    attempt = Attempt.start(entry, "practice", recorder)     # or Attempt.resume(entry, stored, recorder)
    while not attempt.finished:
        beat = attempt.beat                                   # cached until the state changes
        attempt.choose(0) if beat.kind == "choice" else attempt.advance()
    report = attempt.finish()                                 # stored once
    attempt.rate("fair")                                      # only before any score is shown
    debrief = attempt.debrief()

Write-first (``write_first=True``): at each decision the trainee's own words come first. While
``needs_reply`` the front end asks "What would you say to <client>?" and calls ``write(text,
seconds)`` (blank text, or ``skip_writing``, is recorded as skipped); then, while
``needs_closeness``, it shows the options and calls ``mark_closest(position or None)``; only then
does ``choose`` take a choice. Each step is stored as it is made.

Replays: ``attempt.replay(number)`` (or :meth:`Attempt.replay_record` for a stored attempt) starts
a new practice attempt at decision ``number`` with the state it had there, linked to its parent,
which is never changed. ``attempt.branches()`` previews where the other options would have led.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hrtraining.engine import (NARRATOR, YOU, Beat, HRTrainingError, Outcome, Report, Rubric, Scenario, Session,
                               SessionError, StateError)

from ._debrief import Debrief
from ._library import Entry, Library
from ._recorder import Recorder, Step
from ._replay import Branches, Taken
from ._reply import Reply, clean_text

if TYPE_CHECKING:
    from hrtraining.progress import Attempt as AttemptRecord

MODES = ("practice", "assessment")


class AttemptInUse(HRTrainingError):
    """The attempt is open in another window (it holds the lease); nothing was changed.

    ``holder`` says which window; ``seconds_left`` how long until its lease lapses if that
    window has gone. The front end offers to watch, to start a new attempt, or to take over.
    """

    def __init__(self, message: str, holder: str = "", seconds_left: float = 0.0):
        super().__init__(message)
        self.holder = holder
        self.seconds_left = seconds_left


@dataclass(frozen=True)
class HistoryItem:
    """One entry of the history: a line said, a choice the trainee made, or the ending."""

    kind: str      # "line", "choice" or "ending"
    speaker: str   # client / you / narrator / a name
    name: str
    text: str


class Attempt:
    """A scenario being played in ``mode`` (practice or assessment) by the recorder's profile."""

    def __init__(self, entry: Entry, scenario: Scenario, rubric: Rubric, mode: str, recorder: Recorder,
                 session: Session | None = None, attempt_id: int | None = None, source: str = "game",
                 write_first: bool = False, share_replies: bool = False):
        if mode not in MODES:
            raise SessionError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.entry = entry
        self.scenario = scenario
        self.rubric = rubric
        self.mode = mode
        self.source = source
        self.recorder = recorder
        self.session = session or Session(scenario, rubric)
        self.attempt_id = attempt_id
        self.finished_recorded = False
        self.self_rating: str | None = None
        #: Set once any score has been shown: the self-rating is locked from then on, so what
        #: is stored is what the trainee said before seeing the scores.
        self.scores_shown = False
        self._beat: tuple[tuple, Beat] | None = None
        self._history: tuple[int, list[HistoryItem]] = (-1, [])
        #: Write-first: the trainee's own words come before each decision's options.
        self.write_first = write_first
        #: The trainee's own words per decision (0-based seq), as written and marked.
        self.replies: dict[int, Reply] = {}
        self.reflection: str | None = None
        #: Whether the trainee allowed their written words to go to the agency's LRS with their
        #: choices: the game's setting or ``hrtraining play --share-replies``, off unless they
        #: turn it on. Read at each choice, so turning it off mid-attempt holds from then on.
        self.share_replies = share_replies
        #: A replay's parent attempt and the decision (1-based) it started from; None otherwise.
        self.parent_attempt_id: int | None = None
        self.from_decision: int | None = None

    # -- starting ---------------------------------------------------------------
    @classmethod
    def start(cls, entry: Entry, mode: str, recorder: Recorder, source: str = "game",
              write_first: bool = False, *, share_replies: bool = False) -> Attempt:
        """A fresh attempt; older unfinished attempts of the scenario are abandoned (one open
        attempt per scenario, so "Continue" is never ambiguous)."""
        scenario, rubric = entry.load()
        for old in recorder.unfinished(scenario.id):
            recorder.abandon(old.id)  # one being played in another window stays open (its lease)
        attempt_id = recorder.start(scenario, mode, source)
        return cls(entry, scenario, rubric, mode, recorder, attempt_id=attempt_id, source=source,
                   write_first=write_first, share_replies=share_replies)

    @classmethod
    def resume(cls, entry: Entry, stored: AttemptRecord, recorder: Recorder, write_first: bool | None = None, *,
               take_over: bool = False, share_replies: bool = False) -> Attempt:
        """Continue a stored unfinished attempt, held by this window from now on.

        Its own words come back with it; ``write_first`` None goes on writing first when the
        attempt already has any. Raises :class:`StateError` when it no longer fits the scenario,
        and :class:`AttemptInUse` while another window holds it (``take_over`` takes it anyway:
        only once that window is gone).
        """
        from hrtraining.progress import LeasedError

        scenario, rubric = entry.load()
        if stored.scenario_hash != scenario.content_hash:
            raise StateError("the scenario has changed since this attempt was started")
        try:
            recorder.lease(stored.id, take_over=take_over)
        except LeasedError as e:
            raise AttemptInUse(f"this attempt is open in another window ({e.holder})", e.holder,
                               e.seconds_left) from None
        if not stored.detailed:
            stored = recorder.attempt(stored.id) or stored
        taken = [(c.node_id, c.choice_index) for c in stored.choices]
        session = Session.replay(scenario, rubric, taken)
        mode = stored.mode if stored.mode in MODES else "practice"
        recorder.bind(stored.id, scenario)  # its xAPI statements go on under its registration
        replies = {r.seq: Reply.from_record(r) for r in stored.replies if r.seq <= len(taken)}
        attempt = cls(entry, scenario, rubric, mode, recorder, session=session, attempt_id=stored.id,
                      source=stored.source, write_first=bool(replies) if write_first is None else write_first,
                      share_replies=share_replies)
        attempt.replies = replies
        attempt.reflection = stored.reflection
        attempt.parent_attempt_id, attempt.from_decision = stored.parent_attempt_id, stored.from_decision
        return attempt

    @classmethod
    def replay_path(cls, entry: Entry, taken: Taken, number: int, recorder: Recorder, *,
                    parent_attempt_id: int | None, scenario_hash: str | None = None, source: str = "game",
                    write_first: bool = False, share_replies: bool = False) -> Attempt:
        """A new practice attempt that starts at decision ``number`` (1-based) of the path
        ``taken`` with the state it had there, linked to ``parent_attempt_id`` (never changed).

        Raises :class:`StateError` when the scenario is not the version the path was played on
        (``scenario_hash``) or no longer fits it.
        """
        scenario, rubric = entry.load()
        if scenario_hash is not None and scenario_hash != scenario.content_hash:
            raise StateError("the scenario has changed since that attempt was played")
        session = Branches(scenario, rubric, taken).before(number)
        for old in recorder.unfinished(scenario.id):
            recorder.abandon(old.id)
        attempt_id = recorder.start_replay(parent_attempt_id, number, source, scenario)
        attempt = cls(entry, scenario, rubric, "practice", recorder, session=session, attempt_id=attempt_id,
                      source=source, write_first=write_first, share_replies=share_replies)
        attempt.parent_attempt_id, attempt.from_decision = parent_attempt_id, number
        return attempt

    @classmethod
    def replay_record(cls, entry: Entry, record: AttemptRecord, number: int, recorder: Recorder, *,
                      source: str = "game", write_first: bool = False, share_replies: bool = False) -> Attempt:
        """"Replay from here" on a stored attempt (the progress screen, the terminal)."""
        if not record.detailed:
            record = recorder.attempt(record.id) or record
        taken = [(c.node_id, c.choice_index) for c in record.choices]
        return cls.replay_path(entry, taken, number, recorder, parent_attempt_id=record.id,
                               scenario_hash=record.scenario_hash, source=source, write_first=write_first,
                               share_replies=share_replies)

    def replay(self, number: int, *, write_first: bool | None = None) -> Attempt:
        """"Replay from here": a new practice attempt from decision ``number`` of this one (which,
        finished or not, practice or assessment, is left as it is)."""
        return Attempt.replay_path(self.entry, list(self.session.state.taken), number, self.recorder,
                                   parent_attempt_id=self.attempt_id, scenario_hash=self.scenario.content_hash,
                                   source=self.source if self.source != "workshop" else "game",
                                   write_first=self.write_first if write_first is None else write_first,
                                   share_replies=self.share_replies)

    def branches(self) -> Branches:
        """This path's decisions, to preview where the other options would have led."""
        return Branches(self.scenario, self.rubric, list(self.session.state.taken))

    # -- reading ----------------------------------------------------------------
    def _key(self) -> tuple:
        st = self.session.state
        return st.node, len(st.path), len(st.taken)

    @property
    def beat(self) -> Beat:
        """What to show now; computed once per state (the screen asks for it on every key)."""
        key = self._key()
        if self._beat is None or self._beat[0] != key:
            self._beat = (key, self.session.beat())
        return self._beat[1]

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def decisions(self) -> int:
        return len(self.session.state.taken)

    def path(self) -> list[Step]:
        """The decisions so far as the store keeps them: (node id, choice taken)."""
        return [(o.node_id, o.choice) for o in self.session.outcomes]

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

    # -- write first ------------------------------------------------------------
    @property
    def reply_now(self) -> Reply | None:
        """The trainee's own words at the decision faced now (None: not written, or no decision)."""
        if self.finished or self.beat.kind != "choice":
            return None
        return self.replies.get(self.decisions)

    @property
    def needs_reply(self) -> bool:
        """Write-first, at a decision, and nothing written (or skipped) for it yet."""
        return (self.write_first and not self.finished and self.beat.kind == "choice"
                and self.decisions not in self.replies)

    @property
    def needs_closeness(self) -> bool:
        """Words were written for this decision and not yet compared with its options."""
        reply = self.reply_now
        return reply is not None and not reply.skipped and not reply.marked

    def write(self, text: str, seconds: float) -> Reply:
        """The trainee's own words at the decision faced now, stored before this returns.

        Blank text is a skip. Text is cleaned as a text box would keep it (:func:`clean_text`);
        the reply's ``cut`` says whether it was longer than ``MAX_REPLY`` and cut to that.
        Writing again before choosing replaces the words and their closeness mark.
        """
        beat = self.beat
        if self.finished or beat.kind != "choice":
            raise SessionError("there is no decision to write for now")
        text, cut = clean_text(text)
        skipped = not text.strip()
        reply = Reply(self.decisions, beat.node_id, "" if skipped else text, skipped, max(0.0, float(seconds)),
                      cut=cut and not skipped)
        self.replies[reply.seq] = reply
        self.recorder.reply(self.attempt_id, reply, self.path())
        return reply

    def skip_writing(self, seconds: float) -> Reply:
        """The trainee chose not to write at this decision (kept as skipped)."""
        return self.write("", seconds)

    def mark_closest(self, position: int | None) -> Reply:
        """The trainee's own judgement of which offered option (0-based ``position`` among those
        shown) is closest to what they wrote; None for "none of these". Stored before it returns."""
        reply = self.reply_now
        if reply is None or reply.skipped:
            raise SessionError("nothing was written at this decision to compare with its options")
        if position is None:
            marked = reply.marked_as(None)
        else:
            options = self.beat.options
            if not 0 <= position < len(options):
                raise SessionError(f"option {position + 1} is not offered here; pick 1 to {len(options)}")
            marked = reply.marked_as(options[position].choice_index, options[position].text)
        self.replies[reply.seq] = marked
        self.recorder.closeness(self.attempt_id, marked, self.path())
        return marked

    # -- acting -----------------------------------------------------------------
    def choose(self, position: int) -> Outcome:
        """Take the offered choice at 0-based ``position``; it is stored before this returns.

        Write-first: the trainee's words (or a skip) and their closeness mark come first. The
        words reach the agency's LRS with the choice only when the trainee allowed sharing them
        (``share_replies``).
        """
        if self.needs_reply or self.needs_closeness:
            raise SessionError("write what you would say (or skip), then mark the closest option, before choosing")
        reply = self.replies.get(self.decisions)
        shared = None
        if reply is not None and not reply.skipped and reply.text:
            from .xapi import WrittenReply

            shared = WrittenReply(reply.text, self.share_replies)
        outcome = self.session.choose(position)
        self.recorder.choice(self.attempt_id, self.path(), reply=shared)
        return outcome

    def advance(self) -> None:
        self.session.advance()

    def take_back(self) -> bool:
        """Practice mode: take the last choice back and offer that decision again ("Try that
        again").

        Assessment attempts are never changed (False), nor the decisions a replay copied from its
        parent. The stored choice is removed too; the trainee's words at that decision stay.
        """
        if self.mode != "practice" or self.finished_recorded or not self.session.state.taken:
            return False
        seq = len(self.session.state.taken) - 1
        if self.from_decision is not None and seq < self.from_decision - 1:
            return False  # a replay starts at its decision: what came before is its parent's
        if not self.session.undo():
            return False
        self.session.skip_to_decision()
        # The words written at this decision stay (it is offered again); later ones go.
        self.replies = {k: r for k, r in self.replies.items() if k <= seq}
        self.recorder.take_back(self.attempt_id, seq)
        return True

    def report(self) -> Report:
        return self.session.report()

    def finish(self) -> Report:
        """The report; stored once, when the scenario has ended."""
        report = self.session.report()
        if report.finished and not self.finished_recorded:
            self.recorder.sync(self.attempt_id, self.path())  # a write that failed earlier, first
            self.recorder.finish(self.attempt_id, report)
            self.finished_recorded = True
        return report

    def rate(self, level: str) -> bool:
        """The trainee's own rating, asked before any score is shown; False once scores were seen
        (the rating is then locked: the debrief and the record keep the first one)."""
        if self.scores_shown:
            return False
        self.self_rating = level
        self.recorder.self_rating(self.attempt_id, level)
        return True

    def show_scores(self) -> None:
        """The debrief is about to show a score: lock the self-rating from now on."""
        self.scores_shown = True

    def debrief(self, lock: bool = True) -> Debrief:
        """The debrief of this attempt so far. With ``lock`` (the default) its scores are about to
        be shown, so the self-rating locks; a screen that shows the decisions before the scores
        passes False and calls :meth:`show_scores` itself.

        Improvement is recognised against the last finished attempt at the same scenario.
        """
        if lock:
            self.show_scores()
        return Debrief.from_report(self.report(), self.scenario, self.rubric, self_rating=self.self_rating,
                                   previous=self.previous_percents(), replies=self.replies,
                                   reflection=self.reflection, from_decision=self.from_decision)

    def set_reflection(self, text: str | None) -> str | None:
        """The trainee's written reflection ("What would you do differently?"), stored at once;
        blank or None removes it. Returns what is kept."""
        from ._reply import MAX_REFLECTION

        cleaned = clean_text(text or "", MAX_REFLECTION)[0].strip() or None
        self.reflection = cleaned
        self.recorder.reflection(self.attempt_id, cleaned)
        return cleaned

    def previous_percents(self) -> dict[str, float | None]:
        """Per skill, the percent of this person's last finished whole attempt at this scenario
        ({} if none; replays from a decision are not compared)."""
        earlier = [a for a in self.recorder.attempts(self.scenario.id, limit=2, whole=True)
                   if a.id != self.attempt_id]
        last = self.recorder.attempt(earlier[0].id) if earlier else None
        try:
            scores = (last.report or {}).get("scores", {}) if last is not None else {}
            return {dim: s.get("percent") for dim, s in scores.items() if isinstance(s, dict)}
        except Exception:  # a damaged record: nothing to compare with
            return {}

    def abandon(self) -> None:
        if not self.finished_recorded:
            self.recorder.abandon(self.attempt_id)

    def leave(self) -> None:
        """This window stops playing the attempt (it stays open to continue later, anywhere)."""
        if not self.finished_recorded:
            self.recorder.release(self.attempt_id)

    def reload(self, library: Library) -> str:
        """F5: read the file again and return to the same node, or the nearest valid one.

        Returns a notice for the screen. When the file now has errors the play goes on with
        the version already loaded.
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
        # Replaying stops right after the last decision; walk the continue nodes the player
        # had already passed, as long as they still lead the same way.
        new_path = session.state.path
        if kept == len(taken) and old_path[:len(new_path)] == new_path:
            for expected in old_path[len(new_path):]:
                if session.node.kind != "continue" or session.advance() != expected:
                    break
        changed = scenario.content_hash != self.scenario.content_hash
        self.entry, self.scenario, self.rubric, self.session = fresh, scenario, rubric, session
        self.replies = {k: r for k, r in self.replies.items() if k < kept or (k == kept and
                                                                            session.state.node == r.node_id)}
        self._history, self._beat = (-1, []), None
        if changed and not self.finished_recorded:
            # Attempts are pinned to the content they were played on: start a new one.
            self.recorder.abandon(self.attempt_id)
            self.attempt_id = self.recorder.start(scenario, self.mode, self.source)
            self.recorder.sync(self.attempt_id, self.path())
            now = self.replies.get(len(self.session.state.taken))
            if now is not None:  # words written at the decision faced now go with it
                self.recorder.reply(self.attempt_id, now, self.path())
                if now.marked:
                    self.recorder.closeness(self.attempt_id, now, self.path())
        if kept == len(taken) and session.state.node == node_before:
            return f"Reloaded {fresh.path}" + ("" if changed else " (no changes)")
        return (f"Reloaded. The scenario changed: kept {kept} of {len(taken)} decisions and returned to "
                f"'{session.state.node}'.")


def unfinished(recorder: Recorder, scenario: Scenario) -> tuple[list[AttemptRecord], list[AttemptRecord]]:
    """This person's unfinished attempts at ``scenario``, newest first: (those that can be
    continued, those played on an earlier version of the file, which cannot)."""
    fits, outdated = [], []
    for a in recorder.unfinished(scenario.id):
        (fits if a.scenario_hash == scenario.content_hash else outdated).append(a)
    return fits, outdated
