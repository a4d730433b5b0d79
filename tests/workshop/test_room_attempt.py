"""The room's group attempt is started, finished and abandoned through the practice layer's
Recorder, as every front end's attempt is: the host never writes those rows to the store itself."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

import hrtraining.practice._recorder as recorder_module
from hrtraining.progress import Store
from hrtraining.workshop import Workshop, find_room_attempt

RECORDER = str(Path(recorder_module.__file__).resolve())
WATCHED = ("start_attempt", "finish_attempt", "abandon_attempt")


class Watched(Store):
    """A real store that notes each attempt write and whether a Recorder method made it."""

    calls: list[tuple[str, bool]]

    def _note(self, name: str) -> None:
        frame, via = sys._getframe(2), False
        while frame is not None:
            if str(Path(frame.f_code.co_filename).resolve()) == RECORDER:
                via = True
                break
            frame = frame.f_back
        self.calls.append((name, via))

    def start_attempt(self, *a, **k):
        self._note("start_attempt")
        return super().start_attempt(*a, **k)

    def finish_attempt(self, *a, **k):
        self._note("finish_attempt")
        return super().finish_attempt(*a, **k)

    def abandon_attempt(self, *a, **k):
        self._note("abandon_attempt")
        return super().abandon_attempt(*a, **k)


@pytest.fixture
def watched(tmp_path):
    s = Watched.open(tmp_path / "data")
    s.calls = []
    yield s
    s.close()


def _play_to_the_end(w: Workshop) -> None:
    while not w.room.finished:
        w.go_on(1)


def test_a_finished_room_starts_and_finishes_its_attempt_through_the_recorder(golden, watched):
    w = Workshop.create(*golden, watched, "Leader")
    _play_to_the_end(w)
    w.end()
    assert w.flush()
    assert watched.calls == [("start_attempt", True), ("finish_attempt", True)]
    record = watched.attempt(w.attempt_id)
    assert (record.status, record.source, record.workshop_room, record.profile, record.mode) == \
        ("finished", "workshop", w.room.code, "Leader", "practice")
    assert record.ending_id == w.room.step.node_id and record.registration  # registered even without an LRS
    assert watched.lease_of(w.attempt_id) is None  # a room's attempt is never leased
    w.close()


def test_a_room_ended_early_abandons_its_attempt_through_the_recorder(golden, watched):
    w = Workshop.create(*golden, watched, "Leader")
    w.go_on(1)
    w.end()
    assert w.flush()
    assert watched.calls == [("start_attempt", True), ("abandon_attempt", True)]
    assert watched.attempt(w.attempt_id).status == "abandoned"
    assert watched.lease_of(w.attempt_id) is None
    w.close()


def test_a_resumed_room_without_an_open_attempt_starts_one_through_the_recorder(golden, watched):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, watched, "Leader")
    code, first = w.room.code, w.attempt_id
    w.close()
    watched.abandon_attempt(first)  # (the test's own write) the game stopped before closing the room
    watched.calls.clear()
    back = Workshop.resume(sc, rubric, watched, code.lower())
    assert watched.calls == [("start_attempt", True)]
    assert back.attempt_id != first and find_room_attempt(watched, code).id == back.attempt_id
    assert watched.lease_of(back.attempt_id) is None
    back.close()


def test_a_failed_finish_is_shown_to_the_leader(golden, watched, monkeypatch):
    """The recorder raises for the room (strict): the writer reports it, as before."""
    w = Workshop.create(*golden, watched, "Leader")
    _play_to_the_end(w)

    def locked(*a, **k):
        raise RuntimeError("database is locked")
    monkeypatch.setattr(watched, "finish_attempt", locked)
    w.end()
    w.flush()
    assert w.write_failures == 1 and "database is locked" in w.snapshot.store_problem
    assert watched.attempt(w.attempt_id).status == "open"
    w.close()
