"""A fail-safe adapter over an :class:`AttemptStore` for every way of playing.

The window, the terminal player and the workshop record attempts and choices through this
class. Storage is a convenience to the trainee, never a reason to stop playing: when the store
cannot be opened or a call fails, the recorder logs it, keeps a one-line ``notice`` to show,
and carries on. No choice confirmed on screen is lost because of one failed write: the next
write first makes the stored path equal to the played one (:meth:`Recorder.sync`).

With a Learning Record Store set up (:mod:`hrtraining.practice.xapi`), each write also hands
the store the xAPI statement that describes it (``statements=``): the attempt started, each
decision, the ending with the debrief's figures, the self-rating. They enter the store's outbox
in the same transaction as the record, and the link's sender thread posts them later. Without
an LRS no statement is built.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from hrtraining.engine import Choice

if TYPE_CHECKING:
    from hrtraining.progress import Attempt as AttemptRecord
    from hrtraining.progress import SeriesPoint

    from ._store import AttemptStore

if TYPE_CHECKING:
    from .xapi import AttemptStatements, Link, WrittenReply

log = logging.getLogger("hrtraining.practice")
T = TypeVar("T")
#: One decision of a path as the store keeps it: the node and the scenario's choice taken there.
Step = tuple[str, Choice]


class Recorder:
    """Records attempts when a store is available; otherwise every call is a no-op."""

    #: The progress screen shows the latest attempts; 10,000 stored ones would cost
    #: ~100 ms to turn into objects, the latest 200 cost ~1 ms.
    RECENT = 200

    def __init__(self, store: AttemptStore | None = None, profile: str = "Trainee", notice: str = "",
                 xapi: Link | None = None, *, leases: bool = True):
        self.store = store
        #: Whether this recorder holds its attempts' leases (one window per attempt). A workshop
        #: room's recorder does not: a room's attempt is never leased, so whichever process
        #: resumes the room may write to it (see :mod:`hrtraining.progress.leases`).
        self.leases = leases
        self.profile = profile
        self.notice = notice
        self.failures = 0
        #: Attempts whose last write failed: the store may hold fewer choices than were made.
        self._behind: set[int] = set()
        #: Attempts another window took over (our lease lapsed): nothing more is written to them.
        self._lost: set[int] = set()
        self._heartbeat: threading.Thread | None = None
        self._stop = threading.Event()
        #: The store's link to the LRS (None: no LRS set up, no statements built).
        self.xapi = xapi
        #: Per attempt: its statement builder and the scenario (for the decisions' options).
        self._xapi_attempts: dict[int, tuple[AttemptStatements, Any]] = {}

    @classmethod
    def open(cls, data_dir: str | None = None, profile: str | None = None) -> Recorder:
        """Open the progress store in ``data_dir`` (default: the store's own choice); never raises."""
        try:
            from hrtraining.progress import Store  # late: importing practice must stay cheap

            store = Store.open(data_dir)
        except Exception as e:
            log.warning("could not open the progress store: %s", e)
            return cls(None, profile or "Trainee", f"Progress is not being saved: {e}")
        rec = cls(store, "Trainee", getattr(store, "notice", None) or "")
        try:
            name = profile or store.last_profile()
            store.profile(name, remember=True)
            rec.profile = name
        except Exception as e:
            rec._failed(e)
            rec.profile = profile or "Trainee"
        rec.xapi, problem = _link_for(store)
        if problem:
            rec.notice = " ".join(n for n in (rec.notice, problem) if n)
        return rec

    @classmethod
    def nowhere(cls, profile: str | None = None) -> Recorder:
        """A recorder that keeps attempts in memory only: an author's test play, ``--no-record``."""
        from ._memory import MemoryStore

        return cls(MemoryStore(), profile or "Trainee")

    @property
    def available(self) -> bool:
        return self.store is not None

    @property
    def keeps(self) -> bool:
        """Whether what is recorded outlives this process (False in memory or without a store)."""
        from ._memory import MemoryStore

        return self.store is not None and not isinstance(self.store, MemoryStore)

    def _failed(self, e: BaseException) -> None:
        self.failures += 1
        log.warning("progress store call failed: %s", e)
        self.notice = f"Progress could not be saved: {e}"

    def _call(self, default: T, fn: Callable[[], T], strict: bool = False) -> T:
        """``fn()``, or ``default`` without a store. A failure is kept as the notice and gives
        ``default``; with ``strict`` it is raised instead (the workshop's writer reports it)."""
        if self.store is None:
            return default
        if strict:
            return fn()
        try:
            return fn()
        except Exception as e:  # any store failure: keep playing, record nothing
            self._failed(e)
            return default

    def _track(self, attempt_id: int, st: AttemptStatements | None, scenario: Any) -> None:
        """Keep the new attempt's statement maker (None: no LRS) and wake the sender for its
        ``initialized`` statement."""
        if st is not None and self.xapi is not None:
            self._xapi_attempts[attempt_id] = (st, scenario)
            self.xapi.poke()

    # -- leases: one writer per open attempt ------------------------------------
    def lease(self, attempt_id: int | None, *, take_over: bool = False) -> None:
        """Hold ``attempt_id`` for this window while it plays, renewed by a heartbeat thread.

        Raises :class:`~hrtraining.progress.LeasedError` when another window holds it (the
        caller offers to watch, start a new attempt, or take over once it lapses). Any other
        store failure only costs the lease (a notice), never the play.
        """
        if attempt_id is None or self.store is None or not self.leases:
            return
        from hrtraining.progress import LeasedError

        try:
            self.store.lease_attempt(attempt_id, take_over=take_over)
        except LeasedError:
            raise
        except Exception as e:
            self._failed(e)
            return
        self._lost.discard(attempt_id)
        self._start_heartbeat()

    def holder(self, attempt_id: int) -> str | None:
        """Who else holds ``attempt_id`` now (their label), or None when it is free or ours."""
        lease = self._call(None, lambda: self.store.lease_of(attempt_id))
        return lease.holder if lease is not None and not lease.mine else None

    def release(self, attempt_id: int | None) -> None:
        """This window is done with ``attempt_id`` (finished, abandoned or left)."""
        if attempt_id is not None and self.store is not None and self.leases:
            self._call(None, lambda: self.store.release_lease(attempt_id))

    def _start_heartbeat(self) -> None:
        if self._heartbeat is not None and self._heartbeat.is_alive():
            return
        from hrtraining.progress import LEASE_SECONDS

        def beat() -> None:
            while not self._stop.wait(LEASE_SECONDS / 3):
                store = self.store
                if store is None:
                    return
                try:
                    store.renew_leases()
                except Exception as e:  # a locked moment: the next beat tries again
                    log.info("lease renewal failed: %s", e)

        self._heartbeat = threading.Thread(target=beat, name="hrtraining-lease", daemon=True)
        self._heartbeat.start()

    def _lost_lease(self, attempt_id: int) -> None:
        self._lost.add(attempt_id)
        self.notice = ("Another window has taken over this attempt, so choices made here are no longer "
                       "saved. Start a new attempt to keep a record.")

    def take_notice(self) -> str:
        n, self.notice = self.notice, ""
        return n

    # -- profiles -----------------------------------------------------------
    def profiles(self) -> list[str]:
        """Names of every stored profile (sorted by the store); [] without a store."""
        return self._call([], lambda: [p.name for p in self.store.profiles()])

    def switch_profile(self, name: str) -> bool:
        """Play as ``name`` from now on, created if missing and remembered as the last used.

        An existing name matches case-insensitively and keeps its stored spelling. False,
        with ``profile`` unchanged, without a store, for a name the store refuses (empty,
        too long, control characters: no notice, the caller checks names) or when the
        store fails (with a notice).
        """
        if self.store is None:
            return False
        try:
            profile = self.store.profile(name, remember=True)
        except ValueError as e:
            log.info("profile name refused: %s", e)
            return False
        except Exception as e:
            self._failed(e)
            return False
        self.profile = profile.name
        return True

    # -- writing ------------------------------------------------------------
    def start(self, scenario: Any, mode: str, source: str = "game", workshop_room: str | None = None) -> int | None:
        """Open an attempt, held by this window (see :meth:`lease`); ``source`` is ``game``,
        ``terminal`` or ``workshop``."""
        def start() -> int:
            st = registration = None
            if self.xapi is not None:
                registration = self.xapi.new_registration()
                st = self.xapi.for_person(self.profile, registration, scenario, mode, source)
            return self._open(self.profile, scenario, mode, source, workshop_room, registration, st)
        attempt_id = self._call(None, start)
        self.lease(attempt_id)  # a brand-new attempt, held by this window: nobody else can hold it
        return attempt_id

    def start_room(self, scenario: Any, code: str, leader: str, *, strict: bool = False) -> int | None:
        """Open workshop room ``code``'s group attempt: practice mode, under the ``leader``'s
        profile, its statements the room's Group's (:meth:`Link.for_room
        <hrtraining.practice.xapi.Link.for_room>`). It always has a registration, LRS or not (the
        room's Group is named by it if an LRS is set up later), and it is not leased (see
        ``leases``). None without a store; ``strict`` raises the store's error."""
        def start() -> int:
            from .xapi import Link

            registration = Link.new_registration()
            st = self.xapi.for_room(code, registration, scenario, leader) if self.xapi is not None else None
            return self._open(leader, scenario, "practice", "workshop", code, registration, st)
        return self._call(None, start, strict)

    def _open(self, profile: str, scenario: Any, mode: str, source: str, workshop_room: str | None,
              registration: str | None, st: AttemptStatements | None) -> int:
        """Store a new attempt with its ``initialized`` statement (``st``: None without an LRS)."""
        attempt_id = self.store.start_attempt(
            profile, scenario.id, scenario.content_hash, scenario.title, mode, source=source,
            workshop_room=workshop_room, registration=registration,
            statements=[st.initialized()] if st else None)
        self._track(attempt_id, st, scenario)
        return attempt_id

    # -- xAPI -----------------------------------------------------------------
    def bind(self, attempt_id: int | None, scenario: Any) -> None:
        """An attempt this recorder did not start (resumed): build its statements from the
        stored record (its registration, mode and source). Without an LRS, nothing."""
        if self.xapi is None or attempt_id is None or attempt_id in self._xapi_attempts:
            return
        record = self._call(None, lambda: self.store.attempt(attempt_id))
        if record is not None:
            try:
                self._xapi_attempts[attempt_id] = (self.xapi.for_record(record, scenario), scenario)
            except Exception as e:  # a statement must never stop play
                self._failed(e)

    def track(self, attempt_id: int, statements: AttemptStatements, scenario: Any) -> None:
        """Use ``statements`` for ``attempt_id`` (an attempt stored without this recorder)."""
        self._xapi_attempts[attempt_id] = (statements, scenario)

    def statements_of(self, attempt_id: int | None) -> AttemptStatements | None:
        """The statement builder of ``attempt_id``, or None (no LRS, or an attempt not bound)."""
        if attempt_id is None or self.xapi is None:
            return None
        found = self._xapi_attempts.get(attempt_id)
        return found[0] if found else None

    def _responded(self, attempt_id: int, seq: int, step: Step, reply: WrittenReply | None) -> list | None:
        found = self._xapi_attempts.get(attempt_id) if self.xapi is not None else None
        if found is None:
            return None
        from .xapi import Option

        st, scenario = found
        node_id, c = step
        node = scenario.nodes.get(node_id) if scenario is not None else None
        options = [Option(o.index, o.text) for o in node.choices] if node is not None else []
        return [st.responded(seq, node_id, c.index, c.text, score=dict(c.score), codes=list(c.codes),
                             critical=bool(c.critical), options=options, reply=reply)]

    def vote_statements(self, attempt_id: int | None, seq: int, node_id: str, choice: Any,
                        participant: str) -> list | None:
        """The statement of a workshop participant's vote (pseudonymous per room; the room's
        Group as the team), or None without an LRS."""
        found = self._xapi_attempts.get(attempt_id) if self.xapi is not None and attempt_id is not None else None
        if found is None:
            return None
        from .xapi import Option

        st, scenario = found
        node = scenario.nodes.get(node_id)
        options = [Option(o.index, o.text) for o in node.choices] if node is not None else []
        who = st.v.participant(st.registration, participant)
        return [st.responded(seq, node_id, choice.index, choice.text, score=dict(choice.score),
                             codes=list(choice.codes), critical=bool(choice.critical), options=options,
                             actor=who, team=st.actor, vote=True)]

    def poke(self) -> None:
        """Statements were written: wake the sender."""
        if self.xapi is not None:
            self.xapi.poke()

    def lrs_status(self) -> str:
        """One line on the statements waiting for the LRS ("" without an LRS)."""
        if self.xapi is None or self.store is None:
            return ""
        from .xapi import summary_line

        status = self._call(None, lambda: self.store.outbox_status())
        return summary_line(status) if status is not None else ""

    def choice(self, attempt_id: int | None, path: Sequence[Step], *, reply: WrittenReply | None = None) -> bool:
        """Store the newest decision of ``path`` (the attempt's decisions so far, in order).

        The cheap case is one write. After a failed write the recorder is *behind* and
        :meth:`sync` first brings the stored path level with ``path``. False (with a notice)
        when the store fails; the next call tries again. ``reply`` is the trainee's written
        reply at this decision, for its statement (see :class:`~hrtraining.practice.xapi.WrittenReply`).
        """
        if attempt_id is None or self.store is None or not path or attempt_id in self._lost:
            return attempt_id not in self._lost
        if attempt_id not in self._behind:
            if self._write(attempt_id, len(path) - 1, path[-1], reply):
                return True
            self._behind.add(attempt_id)
            return False
        return self.sync(attempt_id, path)

    def sync(self, attempt_id: int | None, path: Sequence[Step], *, strict: bool = False) -> bool:
        """Make the stored choices of ``attempt_id`` exactly ``path``: what differs is dropped
        (a step taken back whose write failed), what is missing is written, in order.

        The store takes choice ``seq`` only when it holds exactly ``seq`` choices, so writing
        just the newest would fail for ever after one failed write. ``strict`` raises the
        store's error instead of keeping a notice (the workshop's writer reports it itself).
        """
        if attempt_id is None or self.store is None:
            return True
        if attempt_id in self._lost:
            return False
        from hrtraining.progress import LeasedError

        store = self.store
        try:
            stored = store.attempt(attempt_id).choices
            keep = 0
            for have, (node_id, choice) in zip(stored, path):
                if (have.node_id, have.choice_index) != (node_id, choice.index):
                    break
                keep += 1
            if keep < len(stored):
                store.truncate_choices(attempt_id, keep)
            for seq in range(keep, len(path)):
                self._put(attempt_id, seq, path[seq])
        except LeasedError:
            self._lost_lease(attempt_id)
            if strict:
                raise
            return False
        except Exception as e:
            self._behind.add(attempt_id)
            if strict:
                raise
            self._failed(e)
            return False
        self._behind.discard(attempt_id)
        return True

    def _put(self, attempt_id: int, seq: int, step: Step, reply: WrittenReply | None = None) -> None:
        node_id, c = step
        statements = self._responded(attempt_id, seq, step, reply)
        self.store.record_choice(attempt_id, seq, node_id, c.index, c.text, score=dict(c.score),
                                 codes=list(c.codes), critical=bool(c.critical), feedback=c.feedback,
                                 statements=statements)
        if statements:
            self.xapi.poke()

    def _write(self, attempt_id: int, seq: int, step: Step, reply: WrittenReply | None = None) -> bool:
        from hrtraining.progress import LeasedError

        try:
            self._put(attempt_id, seq, step, reply)
            return True
        except LeasedError:
            self._lost_lease(attempt_id)
            return False
        except Exception as e:  # any store failure: keep playing; the next write catches up
            self._failed(e)
            return False

    def take_back(self, attempt_id: int | None, seq: int) -> None:
        """Drop stored choices ``seq`` and later (practice mode's "try that again")."""
        if attempt_id is None:
            return
        if self._call(None, lambda: self.store.truncate_choices(attempt_id, seq)) is None:
            self._behind.add(attempt_id)  # the next write syncs the whole path

    def start_replay(self, parent_attempt_id: int | None, from_decision: int, source: str = "game",
                     scenario: Any = None) -> int | None:
        """Open a practice attempt replaying ``parent_attempt_id`` from decision ``from_decision``
        (1-based); None without a store, for an unrecorded parent, or when the store fails.

        With an LRS (and the engine ``scenario``), the replay has its own registration and an
        ``initialized`` statement marked as a replay of the parent; its own decisions follow as
        any attempt's do. The decisions copied from the parent are not sent again.
        """
        if parent_attempt_id is None:
            return None

        def start() -> int:
            st = registration = None
            if self.xapi is not None and scenario is not None:
                parent = self.store.attempt(parent_attempt_id)
                registration = self.xapi.new_registration()
                st = self.xapi.for_replay(parent, registration, scenario, from_decision, source)
            attempt_id = self.store.start_replay(parent_attempt_id, from_decision, source=source,
                                                 registration=registration,
                                                 statements=[st.initialized()] if st else None)
            self._track(attempt_id, st, scenario)
            return attempt_id
        attempt_id = self._call(None, start)
        self.lease(attempt_id)  # a brand-new attempt, held by this window like any other
        return attempt_id

    def reply(self, attempt_id: int | None, reply: Any, path: Sequence[Step] = ()) -> bool:
        """Store the trainee's own words (a :class:`~hrtraining.practice.Reply`) as submitted.

        The store takes a reply only for the decision faced now, so after an earlier failed
        write the stored choices are first made equal to ``path`` (the decisions so far). False
        (with a notice) when the store fails: the words stay in the attempt and its debrief.
        """
        if attempt_id is None or self.store is None:
            return True
        if attempt_id in self._behind and not self.sync(attempt_id, path):
            return False
        return self._call(False, lambda: self.store.record_reply(
            attempt_id, reply.seq, reply.node_id, reply.text, seconds=reply.seconds, skipped=reply.skipped) or True)

    def closeness(self, attempt_id: int | None, reply: Any, path: Sequence[Step] = ()) -> bool:
        """Store the trainee's closeness mark of a marked :class:`~hrtraining.practice.Reply`
        (synced first, as :meth:`reply`)."""
        if attempt_id is None or self.store is None:
            return True
        if attempt_id in self._behind and not self.sync(attempt_id, path):
            return False
        return self._call(False, lambda: self.store.mark_closeness(
            attempt_id, reply.seq, reply.closest_index, closest_text=reply.closest_text or "") or True)

    def reflection(self, attempt_id: int | None, text: str | None) -> bool:
        """Store the trainee's written reflection on the attempt (None or blank removes it)."""
        if attempt_id is None:
            return True
        return self._call(False, lambda: self.store.set_reflection(attempt_id, text) or True)

    def finish(self, attempt_id: int | None, report: Any, *, strict: bool = False) -> bool:
        """Store the attempt's ending and report (an engine report), with its ``completed``
        statement; ``strict`` raises the store's error instead of keeping a notice."""
        if attempt_id is None or attempt_id in self._lost:
            return False
        data = report.to_dict()
        st = self.statements_of(attempt_id)
        statements = [st.completed(data, finished_path(data))] if st else None
        done = self._call(False, lambda: self.store.finish_attempt(
            attempt_id, ending_id=report.ending_id or "", ending_title=report.ending_title,
            report=data, statements=statements) or True, strict)
        if done and statements:
            self.xapi.poke()
        self.release(attempt_id)
        return done

    def self_rating(self, attempt_id: int | None, level: str) -> None:
        """Store the trainee's own rating of the attempt ('beginning', 'fair' or 'good')."""
        if attempt_id is None:
            return
        st = self.statements_of(attempt_id)
        statements = [st.rated(level)] if st else None
        self._call(None, lambda: self.store.set_self_rating(attempt_id, level, statements=statements))
        if statements:
            self.xapi.poke()

    def abandon(self, attempt_id: int | None, *, strict: bool = False) -> None:
        """Give up an open attempt. One another window is playing (a live lease) is left as it
        is; one a window left or lost is taken over first (only a lease holder may change it).
        A recorder without leases (a workshop room's) abandons it at once. ``strict`` raises the
        store's error instead of keeping a notice."""
        if attempt_id is None or attempt_id in self._lost or self.store is None:
            return
        from hrtraining.progress import LeasedError

        if self.leases:
            try:
                self.store.lease_attempt(attempt_id)
            except LeasedError:
                return
            except Exception as e:
                if strict:
                    raise
                self._failed(e)
                return
        self._call(None, lambda: self.store.abandon_attempt(attempt_id), strict)
        self.release(attempt_id)

    # -- reading ------------------------------------------------------------
    # The reading methods show the person's own play: a workshop room is recorded under the
    # leader's profile, but resuming it alone would write solo choices into the room's path.
    def unfinished(self, scenario_id: str | None = None) -> list[AttemptRecord]:
        """Open attempts this person can resume (never a workshop room), newest first."""
        items = self._call([], lambda: list(self.store.unfinished_attempts(self.profile, solo=True)))
        return [a for a in items if scenario_id is None or a.scenario_id == scenario_id]

    def best_levels(self) -> dict[str, str]:
        return self._call({}, lambda: dict(self.store.best_levels(self.profile, solo=True)))

    def attempts(self, scenario_id: str | None = None, limit: int | None = RECENT, *,
                 whole: bool = False) -> list[AttemptRecord]:
        """Finished attempts, newest first (at most ``limit``; ``whole``: no replays)."""
        return self._call([], lambda: list(self.store.attempts(self.profile, scenario_id, limit=limit,
                                                               solo=True, whole=whole)))

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        return self._call(None, lambda: self.store.attempt(attempt_id))

    def summary(self, limit: int | None = RECENT) -> dict[str, list[SeriesPoint]]:
        """Per dimension, the chart series of the latest ``limit`` finished attempts."""
        return self._call({}, lambda: dict(self.store.progress_summary(self.profile, limit=limit, solo=True)))

    def close(self, wait: float = 1.0) -> None:
        """Stop the lease heartbeat and the LRS sender (waiting at most ``wait`` seconds for a batch in
        flight: what it does not finish is sent next time), and close the store (its leases go)."""
        self._stop.set()
        if self.xapi is not None:
            from .xapi import Link

            Link.forget(self.store, wait)
            self.xapi = None
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                pass
            self.store = None


def finished_path(report: dict[str, Any]) -> list[tuple[str, int]]:
    """The (node id, choice index) path of a report (version 2: its ``decisions``)."""
    return [(str(d.get("node")), int(d.get("choice", 0))) for d in report.get("decisions") or []
            if isinstance(d, dict)]


def _link_for(store: Any) -> tuple[Link | None, str]:
    """The store's LRS link, or (None, why not) when the settings cannot be used."""
    from .xapi import SettingsError  # (loads only the settings module: see xapi.__init__)
    from .xapi import load_settings as load

    try:
        settings = load()  # cheap: most machines have no LRS, and then nothing more is imported
        if settings is None:
            return None, ""
        from .xapi import Link

        return Link.for_store(store), ""  # (it decides which stores send: never one kept in memory)
    except SettingsError as e:
        log.warning("LRS settings unusable: %s", e)
        return None, f"Results are not being sent to the LRS: {e}"
    except Exception as e:  # never stop play for the LRS
        log.warning("LRS link failed: %s", e)
        return None, f"Results are not being sent to the LRS: {e}"
