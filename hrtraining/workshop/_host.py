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
resumed with :meth:`Workshop.resume`. The leader's lock and removals go the same way
(see :meth:`Workshop._save_guard`), so a resumed room stays locked and keeps removed
phones out. Votes that arrive while the writer is busy are committed together, in one transaction (``record_votes``): 500 phones voting at once
cost a handful of commits, not 500, and leave the server thread the processor.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import functools
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

import secrets

from hrtraining.engine import Rubric, Scenario, ShownLine
from hrtraining.practice import Recorder, Step, Store, normalize_code
from hrtraining.practice.xapi import Link
from hrtraining.progress import Attempt as StoredAttempt
from hrtraining.progress import token_hash

from . import _results
from ._room import ENDED, FEEDBACK, NOTES, OPEN, REVEALED, Decided, Room, RoomError, new_code, valid_token

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
    debrief: _results.GroupDebrief | None = None
    leaders: tuple[tuple[str, float, str], ...] = ()
    ending_debrief: str = ""      # the ending's own debrief text, once the story reached one
    notes: tuple[str, ...] = ()   # the scenario's content notes (shown first, in the notes phase)
    paused: bool = False          # the leader's "take care" pause is up
    locked: bool = False          # nobody new may join
    prompt: str = ""              # the decision's discussion prompt, for the leader (presenter) at any phase
    opened_at: float | None = None  # time.monotonic() when the current vote was opened (the leader's timer)
    stepped_out: int = 0          # participants who chose not to see the story now
    joined: int = 0               # counted in N, or stepped out (each person once): the wall's "joined"
    choices: int = 0              # options at the current decision, even while the notes hide them
    stamp: float = field(default_factory=time.perf_counter)


@dataclass(frozen=True)
class Joined:
    """A participant as the server hands them to their phone: the token only the phone keeps."""

    token: str          # what the phone holds and sends back; the room knows only its hash
    key: str            # token_hash(token): the room's and the store's name for them
    nickname: str
    number: int


@dataclass(frozen=True)
class RosterEntry:
    """One line of the leader's participant list (the presenter view)."""

    key: str
    label: str          # nickname, or "Anonymous N"
    online: bool
    voted: bool         # at the current decision
    stepped_out: bool
    present: bool       # counted in "M of N"


class Workshop:
    """A room in play, safe to drive from the game thread and the server thread at once."""

    def __init__(self, room: Room, store: Store | None = None, attempt_id: int | None = None):
        self.room = room
        self.store = store
        self.attempt_id = attempt_id
        #: Keeps the room's path in the store (one path, rewritten to match after a failure), and
        #: with an LRS set up builds the room's xAPI statements (docs/xapi.md). It starts, finishes
        #: and abandons the room's attempt too; a room's attempt is never leased.
        self.recorder = Recorder(store, xapi=_link(store), leases=False)
        self.recorder.bind(attempt_id, room.scenario)
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._depth = 0                          # nesting of _changing (under the lock)
        self._pending: list[str] = []            # kinds published, to notify once unlocked
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="workshop-store")
        self._connected: dict[str, int] = {}  # participant key -> open connections
        self._online = 0                         # keys with at least one
        self._present = 0                        # counted in "M of N voted" (see _count_present)
        self._stepped = 0                        # stepped out (not counted, unless they voted here)
        self._joined = 0                         # in N or stepped out, each once (the wall's "joined")
        self._opened_at: float | None = None     # when the current vote was opened
        self.read_only = False                   # a finished room reopened for its debrief: nothing is written
        self._batch: _Batch | None = None        # votes waiting for the writer (see _write_vote)
        self._batch_lock = threading.Lock()
        self._notice = ""
        self._store_problem = ""
        self._results: tuple[tuple, Any, tuple] | None = None  # (key, debrief, leaders)
        self.write_failures = 0
        self._guard_unsaved = False              # a lock or removal write failed (see _save_guard)
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
        w = cls(Room(scenario, rubric, try_code), store)
        w.attempt_id = w.recorder.start_room(scenario, try_code, profile or store.last_profile(), strict=True)
        return w

    @classmethod
    def resume(cls, scenario: Scenario, rubric: Rubric, store: Store, code: str) -> Workshop:
        """The room ``code`` as the store has it: its path, participants, votes and hand counts.

        ``code`` is read the way people type it (any case, spaces, dashes). Raises
        :class:`RoomError` when it cannot be a room code, the room is closed or was played on
        another version of the scenario, :class:`~hrtraining.engine.StateError` when its path
        no longer fits.
        """
        room, attempt = _load_room(store, scenario, rubric, code, resuming=True)
        w = cls(room, store, attempt.id if attempt else None)
        if attempt is None:
            w.attempt_id = w.recorder.start_room(scenario, room.code, store.last_profile(), strict=True)
        with w._changing():
            w._notice = f"Resumed room {room.code}: {len(room.decided)} decisions, {len(room.participants)} participants."
            w._publish("phase")
        return w

    @classmethod
    def review(cls, scenario: Scenario, rubric: Rubric, store: Store, code: str) -> Workshop:
        """An ended room reopened from the store for its debrief, report and summaries.

        Nothing is written (``read_only``): the record stays as the room left it. Phones that
        come back with their token get their private summary again.
        """
        room, attempt = _load_room(store, scenario, rubric, code, resuming=False)
        room.end()
        w = cls(room, store, attempt.id if attempt else None)
        w.read_only = True
        with w._changing():
            w._notice = f"Room {room.code} reopened for its debrief (it has ended; nothing is changed)."
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
        if phase != OPEN:
            self._opened_at = None
        elif self._opened_at is None:
            self._opened_at = time.monotonic()
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
        notes = phase == NOTES  # nothing of the story shows before the leader begins
        return RoomView(
            version=r.version, code=r.code, title=r.scenario.title, client=r.scenario.client.name,
            phase=phase, seq=r.seq, node_id=step.node_id, lines=() if notes else step.lines,
            options=() if notes else options,
            discussion=step.discussion if phase == FEEDBACK else "", voted=self._voted(),
            participants=self._present, connected=self._online,
            hands=hands, tie=r.tie, path=tuple(r.decided), finished=r.finished, ended=r.ended,
            ending_title=(ending.title if ending else ""), ending_debrief=(ending.debrief if ending else ""),
            leaderboard=r.leaderboard, notice=self._notice, store_problem=self._store_problem,
            debrief=self._results_for(done)[0], leaders=self._results_for(done)[1],
            notes=r.notes, paused=r.paused, locked=r.locked, prompt=step.discussion, opened_at=self._opened_at,
            stepped_out=self._stepped, joined=self._joined, choices=len(step.options),
        )

    def _voted(self) -> int:
        """Votes that count at the current decision (a removed participant's never do)."""
        return self.room.voted_count()

    def _count_present(self) -> int:
        """Participants counted in "M of N voted" (see :meth:`_counted`)."""
        r = self.room
        votes, recent = r.votes.get(r.seq, {}), r.seq - 1
        return sum(1 for k, p in r.participants.items() if self._counted(k, p, votes, recent))

    def _counted(self, key: str, p: Any, votes: Mapping[str, int], recent: int) -> bool:
        """Is this participant one of the N in "M of N voted"?

        Not removed, and either voted at this decision or present: not stepped out, and
        connected now or seen during this decision or the one before (a phone that locks its
        screen for a minute still counts; someone gone for a whole decision no longer does).
        Someone who voted here and then stepped out or went quiet still counts: their vote is
        in the tally the room sees, so M (every vote at this decision, see :meth:`_voted`) is
        always among the N and the wall can never read "2 of 0 voted".
        """
        if p.removed:
            return False
        if key in votes:
            return True
        return not p.stepped_out and bool(self._connected.get(key) or p.seen >= recent)

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
        if kind != "vote":  # a vote changes nobody's presence: not recounted
            self._present = self._count_present()
            stepped = [k for k, p in r.participants.items() if p.stepped_out and not p.removed]
            self._stepped = len(stepped)
            here = r.votes.get(r.seq, {})  # a voter who stepped out is already among the N
            self._joined = self._present + sum(1 for k in stepped if k not in here)
        if kind in ("count", "vote") and old is not None and old.phase == r.phase and old.seq == r.seq \
                and r.phase not in (REVEALED, FEEDBACK, ENDED):
            # A shallow copy with five numbers changed: dataclasses.replace would run __init__
            # over all thirty-odd fields, once per vote.
            new = object.__new__(RoomView)
            values = new.__dict__
            values.update(old.__dict__)
            values.update(version=r.version, voted=self._voted(), participants=self._present,
                          connected=self._online, stepped_out=self._stepped, joined=self._joined,
                          stamp=time.perf_counter())
            self.snapshot = new
            kind = "count"
        else:
            self.snapshot = self._view()
        self._pending.append("count" if kind == "vote" else kind)

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
    def begin(self) -> None:
        """Leave the content notes: the story starts on the wall and the phones."""
        self._act("phase", self.room.begin)

    def set_paused(self, paused: bool) -> None:
        """The leader's "pause · take care" screen, on the wall and every phone."""
        self._act("phase", lambda: self.room.set_paused(paused))

    def toggle_pause(self) -> bool:
        with self._lock:
            paused = not self.room.paused
        self.set_paused(paused)
        return paused

    def set_locked(self, locked: bool) -> None:
        """Lock the room: nobody new may join (people coming back with their token still can).

        Takes effect at once; the store is told after, through the writer (see :meth:`_save_guard`).
        """
        def step() -> None:
            self.room.set_locked(locked)
            self._save_guard()
        self._act("phase", step)

    def toggle_lock(self) -> bool:
        with self._lock:
            locked = not self.room.locked
        self.set_locked(locked)
        return locked

    def remove(self, key: str) -> str:
        """The leader removes a participant (by :attr:`RosterEntry.key`): their vote here no
        longer counts, their phone is disconnected and cannot rejoin. Returns their label."""
        def step() -> str:
            p = self.room.remove(key)
            # Kept in the store (with their stored vote at this decision dropped, as the room no
            # longer counts it), so a resumed room still refuses their token.
            self._save_guard(key)
            return p.label
        return self._act("phase", step)

    def _save_guard(self, removed_now: str | None = None) -> None:
        """Queue the room's lock and removals for the store (under the lock, in a leader's action).

        Like a vote, the action has already taken effect in the room; a failed write does not
        undo it, it shows as the store problem. Each write carries the whole state (the lock,
        every removal so far), so the next lock or removal makes good one that failed; until
        then, a decision the room moves on to retries it (see :meth:`go_on`).
        ``removed_now``: the participant just removed, whose vote at this decision goes too.
        """
        r = self.room
        code, seq, locked = r.code, r.seq, r.locked
        earlier = [k for k, p in r.participants.items() if p.removed and k != removed_now]

        def persist() -> None:
            self._guard_unsaved = True  # until every part below is committed
            if removed_now is not None:
                self.store.remove_participants(code, [removed_now], decision_seq=seq)
            if earlier:  # again: harmless when stored, and makes good a write that failed
                self.store.remove_participants(code, earlier)
            self.store.set_room_locked(code, locked)
            self._guard_unsaved = False
        self._write(self.store and persist)

    def roster(self) -> list[RosterEntry]:
        """The leader's participant list: present people first, then by join order."""
        with self._lock:
            r = self.room
            here = r.votes.get(r.seq, {})
            recent = r.seq - 1
            out = [RosterEntry(k, p.label, bool(self._connected.get(k)), k in here, p.stepped_out,
                               self._counted(k, p, here, recent))
                   for k, p in r.participants.items() if not p.removed]
        out.sort(key=lambda e: (not e.present, not e.online))
        return out

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
            self._new_decision()
            path, attempt = self._path(), self.attempt_id
            self._write(self.store and attempt is not None and (lambda: self._record_path(attempt, path)))
            if self._guard_unsaved:  # a lock or removal whose write failed: try it again
                self._save_guard()
            return decided
        return self._act("phase", step)

    def _new_decision(self) -> None:
        """The room reached its next decision: whoever is connected is seen there, and people
        who never voted and have been gone for a whole decision are forgotten (a full room
        makes space; coming back, they join as someone new)."""
        r = self.room
        for k in self._connected:
            p = r.participants.get(k)
            if p is not None and self._connected[k]:
                p.seen = r.seq
        r.expire_idle()

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
                        self.recorder.finish(attempt, report, strict=True)
                    else:
                        self.recorder.abandon(attempt, strict=True)
                self.store.close_room(room.code)
            self._write(self.store and persist)
        self._act("phase", step)

    # -- participants (server thread) ---------------------------------------------------------
    # Phones hold a random token; the room, the store and every export know only its hash
    # (the participant's "key"), so nothing kept on the leader's side lets anyone rejoin as
    # someone else and read their private summary.
    @staticmethod
    def key_of(token: object) -> str | None:
        """The room's key for a phone's ``token`` (None for anything that cannot be a token)."""
        return _key(token) if isinstance(token, str) else None

    def knows(self, token: str | None) -> bool:
        """``token`` is a participant of this room (someone coming back, not someone new)."""
        key = self.key_of(token)
        if key is None:
            return False
        with self._lock:
            return key in self.room.participants

    def join(self, token: str | None, nickname: object) -> tuple[Joined, bool]:
        """A phone joins: with a token the room knows, as the same person; else as someone new
        with a fresh token (a client never chooses its own identity). Returns (joined, is_new).

        Raises :class:`RoomError` when the room has ended (for strangers), is full or locked,
        or the leader removed this participant.
        """
        key = self.key_of(token)
        with self._changing():
            known = key is not None and key in self.room.participants
            if self.room.ended and not known:
                raise RoomError("this workshop has ended")
            if not known and self._present >= MAX_PARTICIPANTS:
                raise RoomError("the room is full")
            if known:
                assert token is not None and key is not None
                p, new = self.room.join(key, nickname)
            else:
                token = secrets.token_urlsafe(16)
                key = token_hash(token)
                p, new = self.room.add(key, nickname), True
            n = self._connected.get(key, 0)
            self._connected[key] = n + 1
            self._online += n == 0
            self._publish("count")
            return Joined(token, key, p.nickname, p.number), new

    def leave(self, token: str) -> None:
        """A connection of ``token`` closed (the participant and their votes stay)."""
        key = self.key_of(token)
        with self._changing():
            n = self._connected.get(key, 0) if key else 0
            if n:
                self._connected[key] = n - 1
                if n == 1:
                    del self._connected[key]
                    self._online -= 1
                    p = self.room.participants.get(key)
                    if p is not None:
                        p.seen = max(p.seen, self.room.seq)
                self.room.version += 1
                self._publish("count")

    def step_out(self, token: str, out: bool = True) -> None:
        """A participant stops (or resumes) seeing the story on their phone; nobody else is told
        who, the leader's list only shows that someone stepped out."""
        key = self.key_of(token)
        with self._changing():
            self.room.step_out(key or "", out)
            self._publish("count")

    def stepped_out(self, token: str) -> bool:
        key = self.key_of(token)
        with self._lock:
            p = self.room.participants.get(key or "")
            return bool(p and p.stepped_out)

    def removed(self, token: str) -> bool:
        """The leader removed this participant (their phone is disconnected)."""
        key = self.key_of(token)
        with self._lock:
            p = self.room.participants.get(key or "")
            return bool(p and p.removed)

    def vote(self, token: str, seq: object, number: object) -> concurrent.futures.Future:
        """Count a vote now and queue its commit; returns the commit's future.

        Raises :class:`RoomError` when the vote is refused.
        """
        key = self.key_of(token) or ""
        with self._changing():
            r = self.room
            p = r.participants.get(key)
            # A vote from someone not yet among the N (stepped out, or back after a long gap)
            # adds them to it: only then is presence recounted, not on every vote.
            counted = p is not None and self._counted(key, p, r.votes.get(r.seq, {}), r.seq - 1)
            option = r.vote(key, seq, number)
            p = r.participants[key]
            node = r.step.node_id
            self._publish("vote" if counted else "count")
            assert isinstance(seq, int)
            choice = self.room.scenario.nodes[node].choices[option.choice_index]
            if not self.store or self.read_only:
                return self._write(None)
            statements = self.recorder.vote_statements(self.attempt_id, seq, node, choice, token)
            return self._write_vote((seq, node, token, option.choice_index, p.nickname or None), statements)

    def report(self) -> tuple[list[dict[str, Any]], str, str, dict[str, Any] | None]:
        """The leader's report rows (see ``_report``), the title, the room code and the debrief."""
        from . import _report
        with self._lock:
            r = self.room
            return _report.rows(r), r.scenario.title, r.code, _results.debrief(r) if r.decided else None

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
            "notes": list(v.notes), "paused": v.paused,
        }
        if v.phase in (REVEALED, FEEDBACK, ENDED) and v.options:
            out["distribution"] = [{"number": o.number, "votes": o.votes or 0} for o in v.options]
        if v.phase == FEEDBACK:
            out["feedback"] = [{"number": o.number, "text": o.feedback} for o in v.options]
            out["discussion"] = v.discussion
        return out

    def your_vote(self, token: str) -> int | None:
        key = self.key_of(token)
        with self._lock:
            return self.room.vote_of(key) if key else None

    def summary(self, token: str) -> dict[str, Any] | None:
        """The participant's private summary once the room has ended, else None."""
        key = self.key_of(token)
        with self._lock:
            if not self.room.ended or key not in self.room.participants:
                return None
            return {"type": "summary", **_results.summary(self.room, key)}

    # -- persistence -------------------------------------------------------------------------
    def _write(self, job: Any) -> concurrent.futures.Future:
        """Queue a store write (in order); a falsy job (no store) completes at once."""
        with self._batch_lock:
            if self._batch is not None:
                self._batch.closed = True  # later votes go after this write, never before it
                self._batch = None
        if not job or self.read_only:
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

    def _write_vote(self, row: tuple, statements: list | None = None) -> concurrent.futures.Future:
        """Queue one vote for the writer: it joins the batch not yet written, or starts one.

        Called under the room's lock (so batches keep the order votes were counted in). A
        batch is closed when the writer takes it, or when any other write is queued after it
        (so nothing is reordered around the leader's actions).
        """
        done: concurrent.futures.Future = concurrent.futures.Future()
        with self._batch_lock:
            batch = self._batch
            if batch is None or batch.closed:
                batch = self._batch = _Batch(self.room.code)
                self._writer.submit(self._flush_votes, batch)
            batch.rows.append(row)
            batch.statements.extend(statements or ())
            batch.futures.append(done)
        return done

    def _flush_votes(self, batch: _Batch) -> None:
        """Writer thread: commit one batch of votes in one transaction, then answer each vote."""
        with self._batch_lock:
            batch.closed = True
            if self._batch is batch:
                self._batch = None
        try:
            self.store.record_votes(batch.code, batch.rows, statements=batch.statements or None)
            if batch.statements:
                self.recorder.poke()  # xAPI: the LRS sender has new statements
        except Exception as e:  # the room goes on; the leader sees the problem
            self.write_failures += 1
            log.error("workshop store write failed: %s", e)
            with self._changing():
                self._store_problem = f"Votes are not being saved: {e}"
                self.room.version += 1
                self._publish("phase")
            for f in batch.futures:
                f.set_exception(e)
            return
        for f in batch.futures:
            f.set_result(None)

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


@dataclass
class _Batch:
    """Votes the writer commits together."""

    code: str
    rows: list = field(default_factory=list)
    statements: list = field(default_factory=list)  # xAPI, written with the votes
    futures: list = field(default_factory=list)
    closed: bool = False


@functools.lru_cache(maxsize=8192)
def _key(token: str) -> str | None:
    """token -> its hash, remembered: a phone's every vote would otherwise hash it again."""
    return token_hash(token) if valid_token(token) else None


def _room_exists(store: Store, code: str) -> bool:
    """The store has a room ``code`` (other store errors propagate)."""
    from hrtraining.progress import NotFoundError
    try:
        store.room(code)
    except NotFoundError:
        return False
    return True


def _link(store: Store) -> Link | None:
    """The store's LRS link; None without one, or when its settings are unusable (the room goes on)."""
    try:
        return Link.for_store(store)
    except Exception as e:
        log.warning("workshop statements are not being sent to the LRS: %s", e)
        return None


def _load_room(store: Store, scenario: Scenario, rubric: Rubric, code: str, *,
               resuming: bool) -> tuple[Room, StoredAttempt | None]:
    """Room ``code`` rebuilt from the store (its path, votes, hand counts, lock and removals),
    with the attempt that records its path: the open one when ``resuming`` (None: finished or
    abandoned), else whichever the room has.

    ``code`` is read the way people type it (any case, spaces, dashes). Raises
    :class:`RoomError` when it cannot be a room code, was played on another version of the
    scenario, or (``resuming``) has ended; NotFoundError for an unknown room.
    """
    typed, code = code, normalize_code(code)
    if code is None:
        raise RoomError(f"'{str(typed)[:32]}' is not a room code (6 letters and digits)")
    info = store.room(code)  # NotFoundError when unknown
    if resuming and info.closed_at is not None:
        raise RoomError(f"room {code} has ended; it cannot be resumed")
    if info.scenario_id != scenario.id or info.scenario_hash != scenario.content_hash:
        raise RoomError(f"room {code} was played on another version of '{info.scenario_id}'")
    attempt = find_room_attempt(store, code) if resuming else store.room_attempt(code)
    taken = [(c.node_id, c.choice_index) for c in attempt.choices] if attempt else []
    votes = [(v.decision_seq, v.node_id, v.participant, v.nickname, v.choice_index)
             for v in store.room_votes(code)]
    hands = [(h.decision_seq, h.node_id, h.choice_index, h.count) for h in store.room_hands(code)]
    # The leader's lock and removals hold across the crash: a removed phone stays out (and, in
    # a review, out of the debrief's counts, with no summary).
    room = Room.restore(scenario, rubric, code, taken, votes, hands, locked=info.locked,
                        removed=store.room_removed(code))
    return room, attempt


def find_room_attempt(store: Store, code: str) -> StoredAttempt | None:
    """The open workshop attempt that records room ``code``'s path, with its choices.

    None when the room's attempt is finished or abandoned (e.g. the game stopped between
    finishing it and closing the room): resuming then starts a new attempt, as before.
    """
    attempt = store.room_attempt(code)
    return attempt if attempt is not None and attempt.status == "open" else None


__all__ = ["Workshop", "RoomView", "OptionView", "find_room_attempt", "MAX_PARTICIPANTS"]
