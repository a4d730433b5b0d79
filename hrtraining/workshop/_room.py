"""The workshop room: one shared story, many voters, one leader. Pure logic, no I/O.

A :class:`Room` wraps one engine :class:`~hrtraining.engine.Session` that the whole
room plays together. Each decision goes through phases the leader drives::

    (notes) -> waiting -> open -> closed -> revealed -> feedback -> (go on) -> next decision: waiting
                            ^--------'  (the leader may reopen a closed vote)

* A scenario with content notes starts in **notes**: the notes are shown before the
  first line, on the wall and on every phone, until the leader begins (:meth:`Room.begin`;
  opening the vote or going on begins too).
* The leader may **pause** at any moment (a "take care" screen over everything) and
  **lock** the room (nobody new may join; people coming back still can).

* While the vote is **open** anyone may see *how many* voted, never *what*; a
  participant's re-vote replaces their earlier one.
* On **reveal** the distribution is shown (phone votes plus any show-of-hands
  counts the leader typed in).
* **Go on** takes the majority; on a tie (or no votes at all) the leader must
  pick, and the leader may override the room at any time.
* **Back** undoes the last decision (``Session.undo``); the votes cast at the
  decision the room returns to are kept, so the leader can reveal them again and
  explore the other branch.

Everything here runs under the caller's lock (see ``_host``); this module never
touches threads, sockets or the database, so the tests drive it directly.
"""
from __future__ import annotations

import secrets
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from hrtraining.engine import (YOU, HRTrainingError, Beat, Option, Outcome, Report, Rubric, Scenario, Session, SessionError,
                               ShownLine, StateError)
from hrtraining.practice import CODE_ALPHABET, CODE_LENGTH

NICKNAME_MAX = 32
TOKEN_MAX = 64

NOTES = "notes"
WAITING, OPEN, CLOSED, REVEALED, FEEDBACK, ENDED = "waiting", "open", "closed", "revealed", "feedback", "ended"
PHASES = (NOTES, WAITING, OPEN, CLOSED, REVEALED, FEEDBACK, ENDED)
PHASE_WORDS = {NOTES: "the content notes are showing", WAITING: "the vote has not been opened",
               OPEN: "the vote is open", CLOSED: "the vote is closed",
               REVEALED: "the votes are already revealed", FEEDBACK: "the feedback is showing",
               ENDED: "the story has ended"}


class RoomError(HRTrainingError):
    """A request the room refuses; the message is safe to show to the person who asked."""


class TieError(RoomError):
    """Going on with the majority needs the leader: the vote is tied or empty."""

    def __init__(self, message: str, tied: tuple[int, ...]):
        super().__init__(message)
        self.tied = tied  # option numbers the leader should choose between


def new_code(rng: secrets.SystemRandom | None = None) -> str:
    """A fresh random room code from :data:`CODE_ALPHABET`."""
    pick = (rng or secrets.SystemRandom()).choice
    return "".join(pick(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_nickname(text: object) -> str:
    """A nickname as shown: control and format characters removed, spaces collapsed.

    Raises :class:`RoomError` for a non-string or one longer than :data:`NICKNAME_MAX`
    characters. The empty string means anonymous. The result is still untrusted
    text: every screen shows it as text, never as markup.
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise RoomError("nickname must be text")
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or not unicodedata.category(ch).startswith("C"))
    name = " ".join(kept.split())
    if len(name) > NICKNAME_MAX:
        raise RoomError(f"nickname is too long (at most {NICKNAME_MAX} characters)")
    return name


def valid_token(token: object) -> bool:
    """Tokens are what :func:`secrets.token_urlsafe` makes; anything else is refused."""
    return (isinstance(token, str) and 8 <= len(token) <= TOKEN_MAX
            and all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in token))


@dataclass
class Participant:
    """Someone in the room, known only by a random token (and a nickname if they gave one).

    ``token`` is the room's key for them. The workshop host keys participants by the hash of
    the token their phone holds (``progress.token_hash``), so the room, the store and any
    export never hold a token a phone could rejoin with.
    """

    token: str
    nickname: str = ""
    number: int = 0              # 1, 2, … in the order they joined: "Anonymous 7" on the leader's list
    seen: int = 0                # the last decision (seq) during which they were connected or voted
    stepped_out: bool = False    # they chose to stop seeing the story (content notes, take care)
    removed: bool = False        # the leader removed them: their votes no longer count, no rejoining

    @property
    def label(self) -> str:
        """How the leader's list names them: the nickname, else "Anonymous N"."""
        return self.nickname or f"Anonymous {self.number}"


@dataclass(frozen=True)
class Step:
    """One decision the room reached: what was said on the way, and what it could say."""

    seq: int                          # 0-based decision number in the room's path
    node_id: str
    lines: tuple[ShownLine, ...]      # said since the previous decision (the room's choice first)
    options: tuple[Option, ...]       # offered here; empty at an ending
    discussion: str = ""

    def option(self, number: int) -> Option | None:
        return next((o for o in self.options if o.number == number), None)

    def number_of(self, choice_index: int) -> int | None:
        return next((o.number for o in self.options if o.choice_index == choice_index), None)


@dataclass(frozen=True)
class Decided:
    """How the room left one decision."""

    seq: int
    node_id: str
    choice_index: int
    number: int
    text: str
    #: "majority"; "tie" (the leader broke a tie); "leader" (the leader overrode a majority);
    #: "none" (nobody voted, the leader chose). See ``practice.words.HOW_LABELS``.
    how: str


@dataclass
class Room:
    """The shared story and everyone's votes. Not thread-safe: the host holds a lock."""

    scenario: Scenario
    rubric: Rubric
    code: str = field(default_factory=new_code)
    leaderboard: bool = False

    def __post_init__(self) -> None:
        self.session = Session(self.scenario, self.rubric)
        self.participants: dict[str, Participant] = {}
        self.votes: dict[int, dict[str, int]] = {}       # seq -> token -> choice index
        self.hands: dict[int, dict[int, int]] = {}       # seq -> choice index -> raised hands
        try:
            self.steps: list[Step] = [self._walk(self.session, ())]
        except SessionError as e:  # the story's start loops through continue nodes
            raise RoomError(f"this scenario cannot be played in a room: {e}") from None
        self.decided: list[Decided] = []
        self.notes: tuple[str, ...] = tuple(self.scenario.content_notes)
        self.phase = ENDED if self.session.finished else NOTES if self.notes else WAITING
        self.tie: tuple[int, ...] = ()
        self.ended = False  # the leader closed the room (the story may be unfinished)
        self.paused = False  # the leader's "take care" screen is up
        self.locked = False  # nobody new may join
        self.joined = 0      # participants ever added (numbers them)
        self.version = 0

    # -- building steps ----------------------------------------------------------
    @staticmethod
    def _walk(s: Session, prefix: tuple[ShownLine, ...]) -> Step:
        """Pass ``s`` through continue nodes up to the next decision or ending, collecting their lines.

        Raises :class:`SessionError` when the continue nodes loop without a decision.
        """
        lines = list(prefix)
        while True:
            beat: Beat = s.beat()
            lines.extend(beat.lines)
            if beat.kind != "continue":
                return Step(len(s.state.taken), beat.node_id, tuple(lines), beat.options, beat.discussion)
            s.advance()

    # -- reading -------------------------------------------------------------------
    @property
    def step(self) -> Step:
        """The decision (or ending) the room is at now."""
        return self.steps[-1]

    @property
    def seq(self) -> int:
        return self.step.seq

    @property
    def finished(self) -> bool:
        """The story reached an ending."""
        return self.session.finished

    def voted_count(self, seq: int | None = None) -> int:
        return len(self.votes.get(self.seq if seq is None else seq, {}))

    def vote_of(self, token: str, seq: int | None = None) -> int | None:
        """The option number ``token`` voted for at ``seq`` (default: now), or None."""
        seq = self.seq if seq is None else seq
        index = self.votes.get(seq, {}).get(token)
        if index is None:
            return None
        step = self.steps[seq] if seq < len(self.steps) else None
        return step.number_of(index) if step else None

    def distribution(self, seq: int | None = None) -> dict[int, int]:
        """Option number -> phone votes plus raised hands, for every option of ``seq``."""
        seq = self.seq if seq is None else seq
        step = self.steps[seq]
        counts = {o.number: 0 for o in step.options}
        by_index = {o.choice_index: o.number for o in step.options}
        for token, index in self.votes.get(seq, {}).items():
            if index in by_index:
                counts[by_index[index]] += 1
        for index, n in self.hands.get(seq, {}).items():
            if index in by_index:
                counts[by_index[index]] += n
        return counts

    def majority(self, seq: int | None = None) -> tuple[int | None, tuple[int, ...]]:
        """(winning option number or None, the tied numbers when there is no single winner)."""
        dist = self.distribution(seq)
        top = max(dist.values(), default=0)
        if top == 0:
            return None, tuple(dist)
        leaders = tuple(n for n, c in dist.items() if c == top)
        return (leaders[0], ()) if len(leaders) == 1 else (None, leaders)

    # -- participants ----------------------------------------------------------------
    def join(self, token: str | None = None, nickname: object = None) -> tuple[Participant, bool]:
        """Enter the room; returns (participant, is_new).

        A known ``token`` is the same person coming back (phone locked, Wi-Fi dropped):
        they keep their votes. An unknown or malformed one gets a fresh token, so a
        client can never choose its own identity.
        """
        name = clean_nickname(nickname) if nickname is not None else None
        if token is not None and token in self.participants:
            p = self.participants[token]
            if p.removed:
                raise RoomError("the leader has removed you from this room")
            if name is not None:
                p.nickname = name
            p.seen = max(p.seen, self.seq)
            return p, False
        while True:
            fresh = secrets.token_urlsafe(16)
            if fresh not in self.participants:
                break
        return self.add(fresh, name), True

    def add(self, key: str, nickname: object = None) -> Participant:
        """A new participant under ``key`` (the host's hash of a token it just made).

        Raises :class:`RoomError` when the leader has locked the room.
        """
        if self.locked:
            raise RoomError("the room is locked: ask the leader to let you in")
        if key in self.participants:
            raise RoomError("that participant is already in the room")
        name = clean_nickname(nickname) if nickname is not None else ""
        self.joined += 1
        p = self.participants[key] = Participant(key, name, self.joined, self.seq)
        self._changed()
        return p

    def remove(self, token: str) -> Participant:
        """The leader removes someone: their vote at the current decision goes, they cannot rejoin.

        Their votes at earlier decisions stay in the record (the room went on with them).
        """
        p = self.participants.get(token)
        if p is None:
            raise RoomError("there is no such participant")
        self._mark_removed(p)
        self._changed()
        return p

    def _mark_removed(self, p: Participant) -> None:
        """The one rule for a removal: they cannot rejoin, and their vote at the current decision
        goes. Earlier decisions keep their votes (the room went on with them), so how an earlier
        decision was made never changes after the fact, live or on resume."""
        p.removed = True
        self.votes.get(self.seq, {}).pop(p.token, None)

    def step_out(self, token: str, out: bool = True) -> None:
        """A participant stops (or starts again) seeing the story on their phone; nobody is told."""
        p = self.participants.get(token)
        if p is None:
            raise RoomError("join the room first")
        p.stepped_out = bool(out)
        self._changed()

    def expire_idle(self) -> int:
        """Forget participants who never voted and were not seen for a whole decision.

        They hold a place in a full room for nothing; coming back, they join as someone new.
        Returns how many were forgotten (the caller passes over the connected ones).
        """
        # A removed participant is never forgotten: their entry is what refuses their token
        # (forgotten, they would come back in as someone new).
        gone = [k for k, p in self.participants.items()
                if p.seen < self.seq - 1 and not p.removed and not any(k in by for by in self.votes.values())]
        for k in gone:
            del self.participants[k]
        if gone:
            self._changed()
        return len(gone)

    # -- votes -------------------------------------------------------------------------
    def vote(self, token: str, seq: object, number: object) -> Option:
        """Record ``token``'s vote for option ``number`` at decision ``seq``; returns the option.

        A second vote at the same decision replaces the first while the vote is open.
        Raises :class:`RoomError` with a message for the participant otherwise.
        """
        if token not in self.participants:
            raise RoomError("join the room before voting")
        if self.participants[token].removed:
            raise RoomError("the leader has removed you from this room")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise RoomError("decision must be a whole number")
        if not isinstance(number, int) or isinstance(number, bool):
            raise RoomError("choice must be a whole number")
        if seq != self.seq:
            if 0 <= seq < self.seq:
                raise RoomError("voting on that decision is over")
            raise RoomError("there is no such decision")
        if self.phase != OPEN:
            raise RoomError("voting has not opened yet" if self.phase in (NOTES, WAITING) else "voting is not open")
        option = self.step.option(number)
        if option is None:
            raise RoomError(f"there is no choice {number} here; pick 1 to {len(self.step.options)}")
        self.votes.setdefault(seq, {})[token] = option.choice_index
        self.participants[token].seen = seq
        self._changed()
        return option

    def set_hands(self, counts: Mapping[int, int]) -> None:
        """The leader's show-of-hands counts (option number -> hands) for the current decision.

        They replace earlier hand counts and are added to the phone votes; a room
        without network votes this way only. Counts typed before any vote was opened
        make a closed vote, so the leader can reveal them and show the feedback at once.
        """
        if not self.step.options:
            raise RoomError("there is no decision to count hands for")
        self._leave_notes()
        out: dict[int, int] = {}
        for number, n in counts.items():
            option = self.step.option(number)
            if option is None:
                raise RoomError(f"there is no choice {number} here")
            if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 100_000:
                raise RoomError("a count of hands must be a whole number from 0")
            if n:
                out[option.choice_index] = n
        self.hands[self.seq] = out
        if self.phase == WAITING and out:
            self.phase = CLOSED  # a show of hands is a vote taken and closed
            self.tie = ()
        self._changed()

    def hands_count(self, seq: int | None = None) -> int:
        """Raised hands typed in for ``seq`` (default: now)."""
        return sum(self.hands.get(self.seq if seq is None else seq, {}).values())

    # -- the leader's phases ---------------------------------------------------------------
    def _need(self, *phases: str, what: str) -> None:
        if self.phase not in phases:
            raise RoomError(f"cannot {what} now: {PHASE_WORDS[self.phase]}")

    def begin(self) -> None:
        """Leave the content notes: the story's first lines show."""
        self._need(NOTES, what="begin the story")
        self.phase = WAITING
        self._changed()

    def _leave_notes(self) -> None:
        """Opening a vote or going on from the notes begins the story first."""
        if self.phase == NOTES:
            self.phase = WAITING

    def set_paused(self, paused: bool) -> None:
        """The leader's "take care" pause: the wall and every phone show it, votes wait."""
        self.paused = bool(paused)
        self._changed()

    def set_locked(self, locked: bool) -> None:
        self.locked = bool(locked)
        self._changed()

    def open_vote(self) -> None:
        self._leave_notes()
        self._need(WAITING, CLOSED, what="open the vote")
        self.phase = OPEN
        self.tie = ()
        self._changed()

    def close_vote(self) -> None:
        self._need(OPEN, what="close the vote")
        self.phase = CLOSED
        self._changed()

    def reveal(self) -> None:
        """Show the distribution (closing the vote first if it is still open)."""
        self._need(OPEN, CLOSED, REVEALED, what="reveal the votes")
        self.phase = REVEALED
        self._changed()

    def show_feedback(self) -> None:
        """Show the coach's feedback for every option and the discussion prompt."""
        self._need(OPEN, CLOSED, REVEALED, FEEDBACK, what="show the feedback")
        self.phase = FEEDBACK
        self._changed()

    def go_on(self, number: int | None = None) -> tuple[Decided, Outcome]:
        """Take the room's majority, or option ``number`` when the leader picks or overrides.

        Raises :class:`TieError` (with the tied numbers) when there is no single
        majority and no ``number``.
        """
        if self.ended or self.finished:
            raise RoomError("the story has ended")
        self._leave_notes()
        step = self.step
        winner, tied = self.majority()
        if number is None:
            if winner is None:
                self.tie = tied
                self._changed()
                msg = ("nobody has voted yet: pick a choice" if not self.voted_count() and not self.hands.get(self.seq)
                       else "the vote is tied between " + " and ".join(map(str, tied)) + ": pick one")
                raise TieError(msg, tied)
            number, how = winner, "majority"
        else:
            how = self._how(number)
        option = step.option(number)
        if option is None:
            raise RoomError(f"there is no choice {number} here")
        # Play the choice on a copy of the session first: if the story cannot go on from it
        # (continue nodes that loop without a decision), the room stays exactly as it was.
        trial = Session.replay(self.scenario, self.rubric, list(self.session.state.taken))
        try:
            trial.skip_to_decision()
            outcome = trial.choose_index(option.choice_index)
            nxt = self._walk(trial, (ShownLine(YOU, "You", option.text),))
        except SessionError as e:
            raise RoomError(f"choice {number} cannot be played: {e}. The room stays at decision "
                            f"{step.seq + 1}; pick another choice (the scenario needs fixing)") from None
        self.session = trial
        decided = Decided(step.seq, step.node_id, option.choice_index, number, option.text, how)
        self.decided.append(decided)
        self.steps.append(nxt)
        self.phase = ENDED if self.finished else WAITING
        self.tie = ()
        self._changed()
        return decided, outcome

    def _how(self, number: int, seq: int | None = None) -> str:
        """How option ``number`` was taken at ``seq``: see :attr:`Decided.how`."""
        dist = self.distribution(seq)
        winner, _ = self.majority(seq)
        if winner == number:
            return "majority"
        if not any(dist.values()):
            return "none"
        return "tie" if winner is None else "leader"

    def back(self) -> int:
        """Undo the last decision; returns the decision number the room is at again.

        The votes at the decision being returned to are kept (the leader can reveal
        them again); votes after it are dropped. Raises :class:`RoomError` at the start.
        """
        if self.ended:
            raise RoomError("the room has been closed")
        if not self.session.undo():
            raise RoomError("this is the first decision; there is nothing to go back to")
        self.steps.pop()
        self.decided.pop()
        seq = self.seq
        for later in [s for s in self.votes if s > seq]:
            del self.votes[later]
        for later in [s for s in self.hands if s > seq]:
            del self.hands[later]
        # undo() replays to just after the previous decision: pass continue nodes again.
        self.session.skip_to_decision()
        self.phase = CLOSED if self.votes.get(seq) or self.hands.get(seq) else WAITING
        self.tie = ()
        self._changed()
        return seq

    def end(self) -> None:
        """The leader ends the session: the group debrief and everyone's summary follow."""
        self.ended = True
        self.phase = ENDED
        self._changed()

    def _changed(self) -> None:
        self.version += 1

    # -- results -----------------------------------------------------------------------
    def group_report(self) -> Report:
        """The engine's report for the path the room took."""
        return self.session.report()

    def participant_choices(self, token: str) -> list[tuple[int, str, int]]:
        """(seq, node id, choice index) of ``token``'s votes along the room's path, in order."""
        out = []
        for seq, step in enumerate(self.steps):
            index = self.votes.get(seq, {}).get(token)
            if index is not None and step.options:
                out.append((seq, step.node_id, index))
        return out

    # -- resuming --------------------------------------------------------------------------
    @classmethod
    def restore(cls, scenario: Scenario, rubric: Rubric, code: str, taken: Iterable[tuple[str, int]],
                votes: Iterable[tuple[int, str, str, str | None, int]],
                hands: Iterable[tuple[int, str, int, int]] = (), *, locked: bool = False,
                removed: Iterable[str] = ()) -> Room:
        """The room as stored: the path the room took, every vote (seq, node, token, nickname,
        index), the leader's show-of-hands counts (seq, node, index, count), whether the leader
        had locked it and whom they had removed (participant keys: they stay out).

        Raises :class:`StateError` when the path no longer fits the scenario. Votes and
        counts whose node does not match the path (a changed scenario) are ignored.
        """
        room = cls(scenario, rubric, code)
        for n, (node, index) in enumerate(taken):
            if room.step.node_id != node:
                raise StateError(f"decision {n + 1} was made at '{node}', but the scenario now reaches "
                                 f"'{room.step.node_id}' there; it has changed since")
            number = room.step.number_of(index)
            if number is None:
                raise StateError(f"decision {n + 1} at '{node}': choice #{index} is not offered now")
            room.go_on(number)
        for seq, node, token, nickname, index in votes:
            if not valid_token(token) or seq >= len(room.steps) or room.steps[seq].node_id != node:
                continue
            if room.steps[seq].number_of(index) is None:
                continue
            p = room.participants.get(token)
            if p is None:
                room.joined += 1
                p = room.participants[token] = Participant(token, "", room.joined)
            p.seen = max(p.seen, seq)
            if nickname:
                try:
                    p.nickname = clean_nickname(nickname)
                except RoomError:
                    pass
            room.votes.setdefault(seq, {})[token] = index
        for seq, node, index, n in hands:
            if seq >= len(room.steps) or room.steps[seq].node_id != node:
                continue
            if room.steps[seq].number_of(index) is None or n <= 0:
                continue
            room.hands.setdefault(seq, {})[index] = n
        for token in removed:
            p = room.participants.get(token)
            if p is None:  # removed before they ever voted: kept so their token is still refused
                room.joined += 1
                p = room.participants[token] = Participant(token, "", room.joined, room.seq)
            room._mark_removed(p)
        room.locked = bool(locked)
        # Re-derive how each decision was made from the votes and hand counts now known.
        for i, d in enumerate(room.decided):
            room.decided[i] = Decided(d.seq, d.node_id, d.choice_index, d.number, d.text,
                                      room._how(d.number, d.seq))
        if not room.finished:
            room.phase = CLOSED if room.votes.get(room.seq) or room.hands.get(room.seq) else WAITING
            if room.phase == WAITING and not room.decided and room.notes:
                room.phase = NOTES  # nothing was played yet: the notes come first again
        room._changed()
        return room
