"""A thin, fail-safe adapter over the progress store for every way of playing.

The game window, the terminal player and the workshop record attempts and
choices through this class. Storage is a convenience to the trainee, never a
reason to stop playing: when the database cannot be opened or a call fails,
the adapter logs it, keeps a one-line ``notice`` to show, and carries on
recording nothing.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Sequence, TypeVar

from .models import is_outdated  # noqa: F401  (the game's progress screen imports it from here)

log = logging.getLogger("hrtraining.progress")
T = TypeVar("T")


def _store_class() -> Any:
    from .store import Store  # late: importing the recorder must stay cheap

    return Store


class Recorder:
    """Records attempts when a store is available; otherwise every call is a no-op."""

    def __init__(self, store: Any = None, profile: str = "Trainee", notice: str = ""):
        self.store = store
        self.profile = profile
        self.notice = notice
        self.failures = 0
        #: Attempts whose last choice write failed: the store may hold fewer choices than
        #: were made, and it takes them only in order, so the next write catches up first.
        self._behind: set[int] = set()

    @classmethod
    def open(cls, data_dir: str | None = None, profile: str | None = None) -> Recorder:
        """Open the store in ``data_dir`` (default: the store's own choice); never raises."""
        store_cls = _store_class()
        if store_cls is None:
            return cls(None, profile or "Trainee", "")
        try:
            store = store_cls.open(data_dir)
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

    @property
    def available(self) -> bool:
        return self.store is not None

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
    def start(self, scenario: Any, mode: str, source: str = "game") -> int | None:
        """Open an attempt; ``source`` is ``game``, ``terminal`` or ``workshop``."""
        return self._call(None, lambda: self.store.start_attempt(
            self.profile, scenario.id, scenario.content_hash, scenario.title, mode, source=source))

    def choice(self, attempt_id: int | None, seq: int, outcome: Any,
               earlier: Sequence[Any] = ()) -> None:
        """Store decision ``seq`` (0-based) of an attempt.

        The store takes choices only in order (``seq`` must be its ``choice_count``), so
        one failed write (say "database is locked") would make every later one fail too.
        After a failure the recorder asks the store how many choices it holds and first
        writes the missing ones from ``earlier``: the attempt's outcomes in order, whose
        first ``seq`` items are the earlier decisions (pass ``session.outcomes``).
        """
        if attempt_id is None or self.store is None:
            return
        if attempt_id in self._behind:
            have = self._call(None, lambda: int(self.store.attempt(attempt_id).choice_count))
            if have is None:
                return  # the store still fails; the next choice tries again
            for k in range(have, min(seq, len(earlier))):
                if not self._write_choice(attempt_id, k, earlier[k]):
                    return
            self._behind.discard(attempt_id)
        if not self._write_choice(attempt_id, seq, outcome):
            self._behind.add(attempt_id)

    def _write_choice(self, attempt_id: int, seq: int, outcome: Any) -> bool:
        """Write one choice; False (and a notice) when the store fails."""
        c = outcome.choice
        return self._call(False, lambda: self.store.record_choice(
            attempt_id, seq, outcome.node_id, c.index, c.text, score=dict(c.score), codes=list(c.codes),
            critical=bool(c.critical), feedback=c.feedback) or True)

    def finish(self, attempt_id: int | None, report: Any) -> None:
        if attempt_id is None:
            return
        self._call(None, lambda: self.store.finish_attempt(
            attempt_id, ending_id=report.ending_id or "", ending_title=report.ending_title,
            report=report.to_dict()))

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
    def unfinished(self, scenario_id: str | None = None) -> list[Any]:
        """Open attempts this person can resume (never a workshop room), newest first."""
        items = self._call([], lambda: list(self.store.unfinished_attempts(self.profile, solo=True)))
        return [a for a in items if scenario_id is None or a.scenario_id == scenario_id]

    def best_levels(self) -> dict[str, str]:
        return self._call({}, lambda: dict(self.store.best_levels(self.profile, solo=True)))

    #: The progress screen shows the latest attempts; 10,000 stored ones would cost
    #: ~100 ms to turn into objects, the latest 200 cost ~1 ms.
    RECENT = 200

    def attempts(self, scenario_id: str | None = None, limit: int | None = RECENT) -> list[Any]:
        """Finished attempts, newest first (at most ``limit``)."""
        return self._call([], lambda: list(self.store.attempts(self.profile, scenario_id, limit=limit,
                                                               solo=True)))

    def attempt(self, attempt_id: int) -> Any:
        return self._call(None, lambda: self.store.attempt(attempt_id))

    def summary(self, limit: int | None = RECENT) -> dict[str, list[Any]]:
        """Per dimension, the chart series of the latest ``limit`` finished attempts."""
        return self._call({}, lambda: dict(self.store.progress_summary(self.profile, limit=limit,
                                                                       solo=True)))

    def close(self) -> None:
        if self.store is not None:
            try:
                self.store.close()
            except Exception:
                pass
            self.store = None

