"""The host's threading contract: listeners are called after the lock is released."""
from __future__ import annotations

import threading

import pytest

from hrtraining.workshop import RoomError, Workshop


class FailingVotes:
    """The real store, except that recording a vote fails."""

    def __init__(self, store):
        self._store = store

    def __getattr__(self, name):
        return getattr(self._store, name)

    def record_vote(self, *a, **k):
        from hrtraining.progress import StoreError
        raise StoreError("disk I/O error")

    record_votes = record_vote  # the host writes votes in batches


def test_listeners_run_after_the_lock_is_released(golden, store):
    w = Workshop.create(*golden, FailingVotes(store))
    heard: list[tuple[str, bool]] = []

    def lock_is_free() -> bool:
        """Another thread can take the room's lock now (a listener waiting on one must not hang)."""
        got: list[bool] = []

        def probe() -> None:
            ok = w._lock.acquire(timeout=0.5)
            if ok:
                w._lock.release()
            got.append(ok)
        t = threading.Thread(target=probe)
        t.start()
        t.join()
        return got[0]

    w.add_listener(lambda kind: heard.append((kind, lock_is_free())))
    a, _ = w.join(None, "Ana")                       # a participant (server thread)
    w.open_vote()                                    # a leader's action
    with pytest.raises(RoomError):
        w.open_vote()                                # a refusal: published as the leader's notice
    from hrtraining.progress import StoreError
    with pytest.raises(StoreError):
        w.vote(a.token, 0, 1).result(5)              # counted; the failed write is published too
    w.flush()
    w.leave(a.token)
    # (the vote's notice and the writer's may come in either order: both threads publish)
    assert sorted(k for k, _ in heard) == sorted(["count", "phase", "phase", "count", "phase", "count"])
    assert all(free for _, free in heard), heard
    assert w.snapshot.store_problem and w.write_failures == 1
    w.close()
