"""A fail-safe adapter over an :class:`AttemptStore` for every way of playing.

The window, the terminal player and the workshop record attempts and choices through this
class. Storage is a convenience to the trainee, never a reason to stop playing: when the store
cannot be opened or a call fails, the recorder logs it, keeps a one-line ``notice`` to show,
and carries on. No choice confirmed on screen is lost because of one failed write: the next
write first makes the stored path equal to the played one (:meth:`Recorder.sync`).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from hrtraining.engine import Choice

if TYPE_CHECKING:
    from hrtraining.progress import Attempt as AttemptRecord
    from hrtraining.progress import SeriesPoint

    from ._store import AttemptStore

log = logging.getLogger("hrtraining.practice")
T = TypeVar("T")
#: One decision of a path as the store keeps it: the node and the scenario's choice taken there.
Step = tuple[str, Choice]


class Recorder:
    """Records attempts when a store is available; otherwise every call is a no-op."""

    #: The progress screen shows the latest attempts; 10,000 stored ones would cost
    #: ~100 ms to turn into objects, the latest 200 cost ~1 ms.
    RECENT = 200

    def __init__(self, store: AttemptStore | None = None, profile: str = "Trainee", notice: str = ""):
        self.store = store
        self.profile = profile
        self.notice = notice
        self.failures = 0
        #: Attempts whose last write failed: the store may hold fewer choices than were made.
        self._behind: set[int] = set()

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

    def _call(self, default: T, fn: Callable[[], T]) -> T:
        if self.store is None:
            return default
        try:
            return fn()
        except Exception as e:  # any store failure: keep playing, record nothing
            self._failed(e)
            return default

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
        """Open an attempt; ``source`` is ``game``, ``terminal`` or ``workshop``."""
        return self._call(None, lambda: self.store.start_attempt(
            self.profile, scenario.id, scenario.content_hash, scenario.title, mode, source=source,
            workshop_room=workshop_room))

    def choice(self, attempt_id: int | None, path: Sequence[Step]) -> bool:
        """Store the newest decision of ``path`` (the attempt's decisions so far, in order).

        The cheap case is one write. After a failed write the recorder is *behind* and
        :meth:`sync` first brings the stored path level with ``path``. False (with a notice)
        when the store fails; the next call tries again.
        """
        if attempt_id is None or self.store is None or not path:
            return True
        if attempt_id not in self._behind:
            if self._write(attempt_id, len(path) - 1, path[-1]):
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
        except Exception as e:
            self._behind.add(attempt_id)
            if strict:
                raise
            self._failed(e)
            return False
        self._behind.discard(attempt_id)
        return True

    def _put(self, attempt_id: int, seq: int, step: Step) -> None:
        node_id, c = step
        self.store.record_choice(attempt_id, seq, node_id, c.index, c.text, score=dict(c.score),
                                 codes=list(c.codes), critical=bool(c.critical), feedback=c.feedback)

    def _write(self, attempt_id: int, seq: int, step: Step) -> bool:
        return self._call(False, lambda: self._put(attempt_id, seq, step) or True)

    def take_back(self, attempt_id: int | None, seq: int) -> None:
        """Drop stored choices ``seq`` and later (practice mode's "try that again")."""
        if attempt_id is None:
            return
        if self._call(None, lambda: self.store.truncate_choices(attempt_id, seq)) is None:
            self._behind.add(attempt_id)  # the next write syncs the whole path

    def start_replay(self, parent_attempt_id: int | None, from_decision: int, source: str = "game") -> int | None:
        """Open a practice attempt replaying ``parent_attempt_id`` from decision ``from_decision``
        (1-based); None without a store, for an unrecorded parent, or when the store fails."""
        if parent_attempt_id is None:
            return None
        return self._call(None, lambda: self.store.start_replay(parent_attempt_id, from_decision, source=source))

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

    def finish(self, attempt_id: int | None, report: Any) -> bool:
        if attempt_id is None:
            return False
        return self._call(False, lambda: self.store.finish_attempt(
            attempt_id, ending_id=report.ending_id or "", ending_title=report.ending_title,
            report=report.to_dict()) or True)

    def self_rating(self, attempt_id: int | None, level: str) -> None:
        """Store the trainee's own rating of the attempt ('beginning', 'fair' or 'good')."""
        if attempt_id is None:
            return
        self._call(None, lambda: self.store.set_self_rating(attempt_id, level))

    def abandon(self, attempt_id: int | None) -> None:
        if attempt_id is None:
            return
        self._call(None, lambda: self.store.abandon_attempt(attempt_id))

    # -- reading ------------------------------------------------------------
    # The reading methods show the person's own play: a workshop room is recorded under the
    # leader's profile, but resuming it alone would write solo choices into the room's path.
    def unfinished(self, scenario_id: str | None = None) -> list[AttemptRecord]:
        """Open attempts this person can resume (never a workshop room), newest first."""
        items = self._call([], lambda: list(self.store.unfinished_attempts(self.profile, solo=True)))
        return [a for a in items if scenario_id is None or a.scenario_id == scenario_id]

    def best_levels(self) -> dict[str, str]:
        return self._call({}, lambda: dict(self.store.best_levels(self.profile, solo=True)))

    def attempts(self, scenario_id: str | None = None, limit: int | None = RECENT) -> list[AttemptRecord]:
        """Finished attempts, newest first (at most ``limit``)."""
        return self._call([], lambda: list(self.store.attempts(self.profile, scenario_id, limit=limit,
                                                               solo=True)))

    def attempt(self, attempt_id: int) -> AttemptRecord | None:
        return self._call(None, lambda: self.store.attempt(attempt_id))

    def summary(self, limit: int | None = RECENT) -> dict[str, list[SeriesPoint]]:
        """Per dimension, the chart series of the latest ``limit`` finished attempts."""
        return self._call({}, lambda: dict(self.store.progress_summary(self.profile, limit=limit, solo=True)))

    def close(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                pass
            self.store = None
