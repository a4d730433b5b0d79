"""The running workshop: the room behind a lock, its votes persisted, snapshots for the screen.

Two threads touch a room: the game thread (the leader's keys, the projector
drawing every frame) and the server thread (participants' messages). The
hand-off is a lock plus an immutable snapshot:

* every change happens under ``self._lock`` (``with self._changing()``) and ends
  by building a new :class:`RoomView` (frozen, plain values) and replacing
  ``self.snapshot`` in one reference assignment, so the projector reads a
  consistent picture each frame without ever taking the lock;
* listeners (the server's broadcaster, the projector's wake-up) are called after
  the lock is released (see :meth:`Workshop._changing`), with the kind of change
  (``"count"`` or ``"phase"``). So a listener may take its time or wait for another
  thread that needs the room without stalling voters or deadlocking. Notices from
  two threads may arrive in either order; that is harmless because a listener reads
  the newest snapshot, never the one that was current when the change was made.

Persistence goes through one writer thread, in order: votes (and the leader's
show-of-hands counts) are counted on the screen at once and committed to the
progress store right after (the voter's acknowledgement waits for the commit), so a
crash of the leader's game loses at most the vote being written, and the room can be
resumed with :meth:`Workshop.resume`.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import logging
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterator, Mapping

from hrtraining.engine import Rubric, Scenario, ShownLine
from hrtraining.practice import Recorder, Step, Store, normalize_code
from hrtraining.practice.xapi import Link

from . import _results
from ._room import ENDED, FEEDBACK, REVEALED, Decided, Participant, Room, RoomError, new_code

log = logging.getLogger("hrtraining.workshop")

#: Largest room the server accepts; a bound on memory, far above any workshop.
MAX_PARTICIPANTS = 2000
Listener = Callable[[str], None]


@dataclass(frozen=True)
class OptionView:
    number: int
    text: str
    votes: int | None = None      # None until revealed
    feedback: str = ""            # only in the feedback phase
    critical: bool = False


@dataclass(frozen=True)
class RoomView:
    """What the projector draws, as plain immutable values (one per change)."""

    version: int
    code: str
    title: str
    client: str
    phase: str
    seq: int
    node_id: str
    lines: tuple[ShownLine, ...]
    options: tuple[OptionView, ...]
    discussion: str
    voted: int
    participants: int
    connected: int
    hands: Mapping[int, int]
    tie: tuple[int, ...]
    path: tuple[Decided, ...]
    finished: bool
    ended: bool
    ending_title: str
    leaderboard: bool
    notice: str = ""
    store_problem: str = ""
    debrief: Mapping[str, Any] | None = None
    leaders: tuple[tuple[str, float, str], ...] = ()
    ending_debrief: str = ""      # the ending's own debrief text, once the story reached one
    stamp: float = field(default_factory=time.perf_counter)


class Workshop:
    """A room in play, safe to drive from the game thread and the server thread at once."""

    def __init__(self, room: Room, store: Store | None = None, attempt_id: int | None = None):
        self.room = room
        self.store = store
        self.attempt_id = attempt_id
        #: Keeps the room's path in the store (one path, rewritten to match after a failure), and
        #: with an LRS set up builds the room's xAPI statements (docs/xapi.md).
        self.recorder = Recorder(store, xapi=_link(store))
        self.recorder.bind(attempt_id, room.scenario)
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._depth = 0                          # nesting of _changing (under the lock)
        self._pending: list[str] = []            # kinds published, to notify once unlocked
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="workshop-store")
        self._connected: dict[str, int] = {}  # token -> open connections
        self._online = 0                         # tokens with at least one
        self._notice = ""
        self._store_problem = ""
        self._results: tuple[tuple, Any, tuple] | None = None  # (key, debrief, leaders)
        self.write_failures = 0
        self.snapshot: RoomView = self._view()

    # -- making and resuming rooms ---------------------------------------------------------
    @classmethod
    def create(cls, scenario: Scenario, rubric: Rubric, store: Store | None = None, profile: str | None = None,
               code: str | None = None) -> Workshop:
        """A new room. With a store, the room and the group's attempt are recorded at once."""
        if store is None:
            return cls(Room(scenario, rubric, code or new_code()))
        from hrtraining.progress import StoreError
        for _ in range(50):
            try_code = code or new_code()
            try:
                store.create_room(try_code, scenario.id, scenario.content_hash, scenario.title)
                break
            except StoreError:
                # Only a code that is already taken is worth another draw. Anything else (the
                # database is locked, the disk is full) would fail the same way 50 times, each
                # after the store's busy timeout: say so at once.
                if code or not _room_exists(store, try_code):
                    raise
        else:  # pragma: no cover - 25^6 codes
            raise RoomError("could not find a free room code")
        attempt = _start_room_attempt(store, scenario, try_code, profile or store.last_profile())
        return cls(Room(scenario, rubric, try_code), store, attempt)

    @classmethod
    def resume(cls, scenario: Scenario, rubric: Rubric, store: Store, code: str) -> Workshop:
        """The room ``code`` as the store has it: its path, participants, votes and hand counts.

        ``code`` is read the way people type it (any case, spaces, dashes). Raises
        :class:`RoomError` when it cannot be a room code, the room is closed or was played on
        another version of the scenario, :class:`~hrtraining.engine.StateError` when its path
        no longer fits.
        """
        typed, code = code, normalize_code(code)
        if code is None:
            raise RoomError(f"'{str(typed)[:32]}' is not a room code (6 letters and digits)")
        info = store.room(code)  # NotFoundError when unknown
        if info.closed_at is not None:
            raise RoomError(f"room {code} has ended; it cannot be resumed")
        if info.scenario_id != scenario.id or info.scenario_hash != scenario.content_hash:
            raise RoomError(f"room {code} was played on another version of '{info.scenario_id}'")
        attempt = find_room_attempt(store, code)
        taken = [(c.node_id, c.choice_index) for c in attempt.choices] if attempt else []
        votes = [(v.decision_seq, v.node_id, v.participant, v.nickname, v.choice_index)
                 for v in store.room_votes(code)]
        hands = [(h.decision_seq, h.node_id, h.choice_index, h.count) for h in store.room_hands(code)]
        room = Room.restore(scenario, rubric, code, taken, votes, hands)
        if attempt is None:
            attempt_id = _start_room_attempt(store, scenario, code, store.last_profile())
        else:
            attempt_id = attempt.id
        w = cls(room, store, attempt_id)
        with w._changing():
            w._notice = f"Resumed room {code}: {len(room.decided)} decisions, {len(room.participants)} participants."
            w._publish("phase")
        return w

    # -- listeners and snapshots -----------------------------------------------------------
    def add_listener(self, fn: Listener) -> None:
        """``fn(kind)`` after every change, from whichever thread made it; keep it quick."""
        self._listeners.append(fn)

    def remove_listener(self, fn: Listener) -> None:
        if fn in self._listeners:
            self._listeners.remove(fn)

    def _view(self) -> RoomView:
        r = self.room
        step = r.step
        phase = r.phase
        show_votes = phase in (REVEALED, FEEDBACK, ENDED)
        dist = r.distribution() if step.options and show_votes else {}
        nodes = r.scenario.nodes[step.node_id].choices
        options = tuple(OptionView(o.number, o.text, dist.get(o.number, 0) if show_votes else None,
                                   nodes[o.choice_index].feedback if phase == FEEDBACK else "",
                                   nodes[o.choice_index].critical if phase == FEEDBACK else False)
                        for o in step.options)
        hands = {step.number_of(i) or 0: n for i, n in r.hands.get(r.seq, {}).items()}
        ending = r.scenario.nodes[step.node_id].ending if r.finished else None
        done = r.ended  # the story's ending shows first; the debrief once the leader ends the room
        return RoomView(
            version=r.version, code=r.code, title=r.scenario.title, client=r.scenario.client.name,
            phase=phase, seq=r.seq, node_id=step.node_id, lines=step.lines, options=options,
            discussion=step.discussion if phase == FEEDBACK else "", voted=r.voted_count(),
            participants=len(r.participants), connected=self._online,
            hands=hands, tie=r.tie, path=tuple(r.decided), finished=r.finished, ended=r.ended,
            ending_title=(ending.title if ending else ""), ending_debrief=(ending.debrief if ending else ""),
            leaderboard=r.leaderboard, notice=self._notice, store_problem=self._store_problem,
            debrief=self._results_for(done)[0], leaders=self._results_for(done)[1],
        )

    def _results_for(self, done: bool) -> tuple[Any, tuple]:
        """The debrief and leaderboard, computed once per ending (phones leaving do not redo them)."""
        if not done:
            return None, ()
        r = self.room
        key = (r.ended, r.finished, r.leaderboard, len(r.decided), len(r.participants))
        if self._results is None or self._results[0] != key:
            self._results = (key, _results.debrief(r), tuple(_results.leaderboard(r)))
        return self._results[1], self._results[2]

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Hold the lock for one change; the listeners hear of it after the lock is released.

        Changes publish with :meth:`_publish` inside the block; the kinds are collected
        and the listeners called once the outermost block has let go of the lock.
        """
        kinds: list[str] = []
        try:
            with self._lock:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                    if self._depth == 0:
                        kinds, self._pending = self._pending, []
        finally:  # a refusal (RoomError) is published too, and must be heard
            for kind in dict.fromkeys(kinds):  # each kind once, in order
                self._notify(kind)

    def _notify(self, kind: str) -> None:
        """Call every listener (never under the lock: see :meth:`_changing`)."""
        for fn in list(self._listeners):
            try:
                fn(kind)
            except Exception:  # a listener must never break the room
                log.exception("workshop listener failed")

    def _publish(self, kind: str) -> None:
        """Build the new snapshot; the caller is inside :meth:`_changing`, which notifies.

        A ``"count"`` change (someone joined, left or voted while the vote is open)
        only touches the counters, so the previous snapshot is copied with new
        numbers instead of being rebuilt: this runs once per vote.
        """
        r = self.room
        old = self.snapshot if hasattr(self, "snapshot") else None
        if kind == "count" and old is not None and old.phase == r.phase and old.seq == r.seq \
                and r.phase not in (REVEALED, FEEDBACK, ENDED):
            self.snapshot = replace(old, version=r.version, voted=r.voted_count(), participants=len(r.participants),
                                    connected=self._online,
                                    stamp=time.perf_counter())
        else:
            self.snapshot = self._view()
        self._pending.append(kind)

    def _act(self, kind: str, fn: Callable[[], Any]) -> Any:
        """Run one change under the lock, publish, and turn refusals into the leader's notice."""
        with self._changing():
            self._notice = ""
            try:
                result = fn()
            except RoomError as e:
                self._notice = str(e)
                self.room.version += 1
                self._publish("phase")
                raise
            self._publish(kind)
            return result

    # -- the leader's actions (game thread) ----------------------------------------------------
    def open_vote(self) -> None:
        self._act("phase", self.room.open_vote)

    def close_vote(self) -> None:
        self._act("phase", self.room.close_vote)

    def reveal(self) -> None:
        self._act("phase", self.room.reveal)

    def show_feedback(self) -> None:
        self._act("phase", self.room.show_feedback)

    def toggle_leaderboard(self) -> bool:
        def flip() -> bool:
            self.room.leaderboard = not self.room.leaderboard
            self.room.version += 1
            return self.room.leaderboard
        return self._act("phase", flip)

    def set_hands(self, counts: Mapping[int, int]) -> concurrent.futures.Future:
        """The leader's show-of-hands counts (option number -> hands) for the current decision.

        Shown at once; returns the future of their commit (they replace the decision's
        earlier counts in the store too).
        """
        def step() -> concurrent.futures.Future:
            self.room.set_hands(counts)
            r = self.room
            code, seq, node, by_index = r.code, r.seq, r.step.node_id, dict(r.hands[r.seq])
            return self._write(self.store and (lambda: self.store.record_hands(code, seq, node, by_index)))
        return self._act("phase", step)

    def go_on(self, number: int | None = None) -> Decided:
        """Go on with the majority (or ``number``); raises :class:`TieError` when the leader must pick."""
        def step() -> Decided:
            decided, _ = self.room.go_on(number)
            path, attempt = self._path(), self.attempt_id
            self._write(self.store and attempt is not None and (lambda: self._record_path(attempt, path)))
            return decided
        return self._act("phase", step)

    def _path(self) -> list[Step]:
        """The room's decisions as the store keeps them: (node id, the scenario's choice)."""
        nodes = self.room.scenario.nodes
        return [(d.node_id, nodes[d.node_id].choices[d.choice_index]) for d in self.room.decided]

    def _record_path(self, attempt: int, path: list[Step]) -> None:
        """Writer thread: make the attempt's stored choices the room's ``path`` (what differs is
        dropped, what is missing written: see :meth:`Recorder.sync`). Raises on failure, so the
        leader sees that votes are not being saved."""
        self.recorder.sync(attempt, path, strict=True)

    def back(self) -> int:
        def step() -> int:
            seq = self.room.back()
            code, attempt = self.room.code, self.attempt_id

            def persist() -> None:
                if attempt is not None:
                    self.store.truncate_choices(attempt, seq)
                self.store.truncate_votes(code, seq + 1)
                self.store.truncate_hands(code, seq + 1)
            self._write(self.store and persist)
            return seq
        return self._act("phase", step)

    def end(self) -> None:
        """Close the room: the group's attempt is finished (or abandoned if the story is not)."""
        def step() -> None:
            self.room.end()
            room, attempt = self.room, self.attempt_id
            report, path = room.group_report(), self._path()

            def persist() -> None:
                if attempt is not None:
                    self._record_path(attempt, path)  # any decision whose write failed, first
                    if room.finished:
                        data = report.to_dict()
                        self.store.finish_attempt(attempt, ending_id=report.ending_id or room.step.node_id,
                                                  ending_title=report.ending_title, report=data,
                                                  statements=self.recorder.finish_statements(attempt, data))
                        self.recorder.poke()
                    else:
                        self.store.abandon_attempt(attempt)
                self.store.close_room(room.code)
            self._write(self.store and persist)
        self._act("phase", step)

    # -- participants (server thread) ---------------------------------------------------------
    def knows(self, token: str | None) -> bool:
        """``token`` is a participant of this room (someone coming back, not someone new)."""
        if token is None:
            return False
        with self._lock:
            return token in self.room.participants

    def join(self, token: str | None, nickname: object) -> tuple[Participant, bool]:
        with self._changing():
            if self.room.ended:
                known = token in self.room.participants if token else False
                if not known:
                    raise RoomError("this workshop has ended")
            if (token not in self.room.participants) and len(self.room.participants) >= MAX_PARTICIPANTS:
                raise RoomError("the room is full")
            p, new = self.room.join(token, nickname)
            n = self._connected.get(p.token, 0)
            self._connected[p.token] = n + 1
            self._online += n == 0
            self._publish("count")
            return p, new

    def leave(self, token: str) -> None:
        """A connection of ``token`` closed (the participant and their votes stay)."""
        with self._changing():
            n = self._connected.get(token, 0)
            if n:
                self._connected[token] = n - 1
                self._online -= n == 1
                self.room.version += 1
                self._publish("count")

    def vote(self, token: str, seq: object, number: object) -> concurrent.futures.Future:
        """Count a vote now and queue its commit; returns the commit's future.

        Raises :class:`RoomError` when the vote is refused.
        """
        with self._changing():
            option = self.room.vote(token, seq, number)
            p = self.room.participants[token]
            code, node = self.room.code, self.room.step.node_id
            self._publish("count")
            assert isinstance(seq, int)
            choice = self.room.scenario.nodes[node].choices[option.choice_index]
            statements = self.recorder.vote_statements(self.attempt_id, seq, node, choice, token)

            def persist() -> None:
                self.store.record_vote(code, seq, node, token, option.choice_index, nickname=p.nickname or None,
                                       statements=statements)
                self.recorder.poke()
            return self._write(self.store and persist)

    def public_state(self) -> dict[str, Any]:
        """The state every phone sees (no one's vote in it)."""
        v = self.snapshot
        out: dict[str, Any] = {
            "type": "state", "version": v.version, "room": v.code, "title": v.title, "client": v.client,
            "phase": v.phase, "decision": v.seq,
            "lines": [{"speaker": l.speaker, "name": l.name, "text": l.text} for l in v.lines],
            "options": [{"number": o.number, "text": o.text} for o in v.options],
            "voted": v.voted, "participants": v.participants,
            "ended": v.ended, "finished": v.finished, "ending_title": v.ending_title,
        }
        if v.phase in (REVEALED, FEEDBACK, ENDED) and v.options:
            out["distribution"] = [{"number": o.number, "votes": o.votes or 0} for o in v.options]
        if v.phase == FEEDBACK:
            out["feedback"] = [{"number": o.number, "text": o.feedback} for o in v.options]
            out["discussion"] = v.discussion
        return out

    def your_vote(self, token: str) -> int | None:
        with self._lock:
            return self.room.vote_of(token)

    def summary(self, token: str) -> dict[str, Any] | None:
        """The participant's private summary once the room has ended, else None."""
        with self._lock:
            if not self.room.ended or token not in self.room.participants:
                return None
            return {"type": "summary", **_results.summary(self.room, token)}

    # -- persistence -------------------------------------------------------------------------
    def _write(self, job: Any) -> concurrent.futures.Future:
        """Queue a store write (in order); a falsy job (no store) completes at once."""
        if not job:
            done: concurrent.futures.Future = concurrent.futures.Future()
            done.set_result(None)
            return done

        def run() -> None:
            try:
                job()
            except Exception as e:  # the room goes on; the leader sees the problem
                self.write_failures += 1
                log.error("workshop store write failed: %s", e)
                with self._changing():
                    self._store_problem = f"Votes are not being saved: {e}"
                    self.room.version += 1
                    self._publish("phase")
                raise
        return self._writer.submit(run)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued write is committed; False on timeout."""
        try:
            self._writer.submit(lambda: None).result(timeout)
            return True
        except concurrent.futures.TimeoutError:
            return False

    def close(self) -> None:
        """Finish the queued writes and stop the writer (the store stays open: not ours)."""
        self._writer.shutdown(wait=True)


def _room_exists(store: Any, code: str) -> bool:
    """The store has a room ``code`` (other store errors propagate)."""
    from hrtraining.progress import NotFoundError
    try:
        store.room(code)
    except NotFoundError:
        return False
    return True


def _link(store: Any) -> Link | None:
    """The store's LRS link; None without one, or when its settings are unusable (the room goes on)."""
    try:
        return Link.for_store(store)
    except Exception as e:
        log.warning("workshop statements are not being sent to the LRS: %s", e)
        return None


def _start_room_attempt(store: Any, scenario: Scenario, code: str, leader: str) -> int:
    """Open the room's group attempt, with its ``initialized`` statement when an LRS is set up."""
    link = _link(store)
    registration = Link.new_registration()
    st = link.for_room(code, registration, scenario, leader) if link is not None else None
    return store.start_attempt(leader, scenario.id, scenario.content_hash, scenario.title, "practice",
                               source="workshop", workshop_room=code, registration=registration,
                               statements=[st.initialized()] if st is not None else None)


def find_room_attempt(store: Any, code: str) -> Any | None:
    """The open workshop attempt that records room ``code``'s path, with its choices.

    None when the room's attempt is finished or abandoned (e.g. the game stopped between
    finishing it and closing the room): resuming then starts a new attempt, as before.
    """
    attempt = store.room_attempt(code)
    return attempt if attempt is not None and attempt.status == "open" else None


__all__ = ["Workshop", "RoomView", "OptionView", "find_room_attempt", "MAX_PARTICIPANTS"]
