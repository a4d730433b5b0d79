"""The fail-safe recorder over the store: a failed write costs nothing later."""

from __future__ import annotations

import sqlite3

import pytest

from hrtraining.engine import Choice
from hrtraining.practice import Recorder
from hrtraining.progress import Store


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path) as s:
        yield s


def _step(n: int) -> tuple[str, Choice]:
    return f"node{n}", Choice(n % 3, f"choice {n}", "next", {"d": n}, ("affirm",), {}, f"feedback {n}")


class Flaky:
    """A real store whose ``record_choice`` fails for the listed calls (1-based)."""

    def __init__(self, store: Store, fail_calls: set[int]):
        self.store, self.fail_calls, self.calls = store, fail_calls, 0

    def record_choice(self, *a, **k):
        self.calls += 1
        if self.calls in self.fail_calls:
            raise sqlite3.OperationalError("database is locked")
        return self.store.record_choice(*a, **k)

    def __getattr__(self, name):
        return getattr(self.store, name)


def _play(rec: Recorder, attempt_id: int, n: int) -> list[tuple[str, Choice]]:
    path: list[tuple[str, Choice]] = []
    for seq in range(n):
        path.append(_step(seq))
        rec.choice(attempt_id, path)
    return path


def test_a_failed_choice_write_is_caught_up_by_the_next(store):
    attempt_id = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    rec = Recorder(Flaky(store, {2}), "Ana")  # the second choice fails once
    _play(rec, attempt_id, 10)
    assert rec.failures == 1 and "database is locked" in rec.take_notice()
    stored = store.attempt(attempt_id).choices
    assert [c.seq for c in stored] == list(range(10))
    assert [c.choice_text for c in stored] == [f"choice {n}" for n in range(10)]
    assert [c.node_id for c in stored] == [f"node{n}" for n in range(10)]


def test_several_failures_in_a_row_are_all_caught_up(store):
    attempt_id = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    rec = Recorder(Flaky(store, {1, 2, 3, 5}), "Ana")  # choice 0 and both retries fail, then one more
    _play(rec, attempt_id, 6)
    assert [c.choice_text for c in store.attempt(attempt_id).choices] == [f"choice {n}" for n in range(6)]


def test_the_store_being_unreadable_while_behind_does_not_raise(store, monkeypatch):
    attempt_id = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    flaky = Flaky(store, {1})
    rec = Recorder(flaky, "Ana")
    path = _play(rec, attempt_id, 1)
    real_attempt = store.attempt
    monkeypatch.setattr(store, "attempt", lambda *_: (_ for _ in ()).throw(sqlite3.OperationalError("locked")))
    path.append(_step(1))
    assert rec.choice(attempt_id, path) is False  # cannot even ask: tries next time
    monkeypatch.setattr(store, "attempt", real_attempt)
    path.append(_step(2))
    assert rec.choice(attempt_id, path) is True
    assert [c.seq for c in store.attempt(attempt_id).choices] == [0, 1, 2]


def test_a_step_taken_back_whose_write_failed_is_dropped_by_the_next_sync(store, monkeypatch):
    """The stored path is made equal to the played one: what differs is dropped, not kept."""
    attempt_id = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    rec = Recorder(store, "Ana")
    path = _play(rec, attempt_id, 3)
    monkeypatch.setattr(store, "truncate_choices", lambda *_: (_ for _ in ()).throw(OSError("disk full")))
    rec.take_back(attempt_id, 2)                     # fails: the store still holds choice 2
    monkeypatch.undo()
    other = ("node2", Choice(1, "another choice", "next", {"d": 9}, (), {}, ""))
    assert rec.choice(attempt_id, path[:2] + [other]) is True
    assert [c.choice_text for c in store.attempt(attempt_id).choices] == ["choice 0", "choice 1", "another choice"]


def test_a_workshop_room_is_never_offered_for_solo_resume(tmp_path):
    """A room is recorded under the leader's profile; 'Continue' must not turn it into solo play."""
    with Store.open(tmp_path) as store:
        store.profile("Lee", remember=True)
        store.start_attempt("Lee", "bar-fights", "h", "Ray", "practice", source="workshop")
        solo = store.start_attempt("Lee", "given-up", "h", "Walt", "practice")
    rec = Recorder.open(str(tmp_path), "Lee")
    try:
        assert [a.id for a in rec.unfinished()] == [solo]
        assert rec.unfinished("bar-fights") == []
    finally:
        rec.close()


def test_a_room_attempt_is_started_and_abandoned_without_a_lease(store):
    """A workshop room's recorder holds no leases: whichever process resumes the room writes to it."""
    sc = type("Sc", (), {"id": "ray", "content_hash": "h1", "title": "Ray", "nodes": {}})()
    rec = Recorder(store, leases=False)
    room = rec.start_room(sc, "K7MQX4", "Lee")
    record = store.attempt(room)
    assert (record.profile, record.mode, record.source, record.workshop_room) == ("Lee", "practice", "workshop",
                                                                                  "K7MQX4")
    assert record.registration and store.lease_of(room) is None
    other = Recorder(store, "Ana")                       # a window that leases its attempts
    solo = other.start(sc, "practice")
    assert store.lease_of(solo) is not None
    rec.abandon(room)
    assert store.attempt(room).status == "abandoned" and store.lease_of(room) is None
    other.close()


def test_strict_room_writes_raise_instead_of_keeping_a_notice():
    """The workshop's writer reports a failed write itself (strict); the default keeps a notice."""
    sc = type("Sc", (), {"id": "ray", "content_hash": "h1", "title": "Ray", "nodes": {}})()
    rec = Recorder(Broken(), leases=False)
    with pytest.raises(sqlite3.OperationalError):
        rec.start_room(sc, "K7MQX4", "Lee", strict=True)
    with pytest.raises(sqlite3.OperationalError):
        rec.abandon(3, strict=True)
    assert rec.failures == 0
    assert rec.start_room(sc, "K7MQX4", "Lee") is None and rec.failures == 1


# -- profiles ---------------------------------------------------------------------------------

class Broken:
    """A store whose every call fails, as a locked or vanished database would."""

    def __getattr__(self, name):
        def fail(*a, **k):
            raise sqlite3.OperationalError("database is locked")
        return fail


def test_profiles_lists_names_and_switch_profile_remembers_the_last(store):
    store.profile("Bo")
    rec = Recorder(store, "Bo")
    assert rec.profiles() == ["Bo"]
    assert rec.switch_profile("  Ana  ") is True                # created, trimmed
    assert rec.profile == "Ana" and rec.profiles() == ["Ana", "Bo"]
    assert store.last_profile() == "Ana"
    assert rec.switch_profile("bo") is True                     # an existing name, any case
    assert rec.profile == "Bo" and rec.profiles() == ["Ana", "Bo"]
    assert store.last_profile() == "Bo"
    assert rec.failures == 0 and rec.take_notice() == ""


def test_switch_profile_refuses_bad_names_without_a_notice(store):
    rec = Recorder(store, "Ana")
    for bad in ("", "   ", "a\x07b", "x" * 101, None):
        assert rec.switch_profile(bad) is False
    assert rec.profile == "Ana" and rec.profiles() == [] and rec.take_notice() == ""


def test_profile_calls_are_fail_safe_without_or_with_a_broken_store():
    rec = Recorder(None, "Ana")
    assert rec.profiles() == [] and rec.switch_profile("Bo") is False and rec.profile == "Ana"
    rec = Recorder(Broken(), "Ana")
    assert rec.profiles() == []
    assert rec.switch_profile("Bo") is False and rec.profile == "Ana"
    assert rec.failures == 2 and "database is locked" in rec.take_notice()
