"""Behaviour of the store through its public API, in one process."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hrtraining.progress import (
    FILENAME,
    LATEST_VERSION,
    NotFoundError,
    Store,
    StoreError,
    is_outdated,
    system_user_name,
)


class FakeClock:
    """Deterministic time: each call is one minute after the previous."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def test_open_location_from_argument_env_and_pragmas(tmp_path: Path, monkeypatch) -> None:
    with Store.open(tmp_path / "arg") as store:
        assert store.path == tmp_path / "arg" / FILENAME
        assert store.notice is None
        conn = store._conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "env"))
    with Store.open() as store:
        assert store.path == tmp_path / "env" / FILENAME
    monkeypatch.delenv("HRTRAINING_DATA_DIR")
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(tmp_path / "pd"))
    with Store.open() as store:
        assert store.path == tmp_path / "pd" / FILENAME


def test_full_synchronous_option(data_dir: Path) -> None:
    with Store.open(data_dir, synchronous="FULL") as store:
        assert store._conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    with pytest.raises(ValueError):
        Store.open(data_dir, synchronous="OFF")


def test_unusable_folder_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="data folder"):
        Store.open(blocker / "sub")


def test_profiles_and_default(store: Store, monkeypatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "sam")
    assert store.profiles() == []
    assert store.last_profile() == "sam"
    alice = store.profile("  Alice ")
    assert alice.name == "Alice"
    assert store.profile("alice") == alice  # case-insensitive, no duplicate
    assert store.last_profile() == "sam"  # creating is not using
    store.profile("Bob", remember=True)
    assert store.last_profile() == "Bob"
    store.start_attempt("alice", "ray", "h", "Ray", "practice")
    assert store.last_profile() == "Alice"  # starting an attempt remembers the profile
    assert [p.name for p in store.profiles()] == ["Alice", "Bob"]
    assert store.find_profile("BOB").name == "Bob"
    assert store.find_profile("Carol") is None
    for bad in ("", "   ", "x" * 101, "\x00", "Al\x00ice", "tab\there", "new\nline"):
        with pytest.raises(ValueError):
            store.profile(bad)


def test_system_user_name_falls_back(monkeypatch) -> None:
    def broken() -> str:
        raise OSError("no user")

    monkeypatch.setattr("getpass.getuser", broken)
    assert system_user_name() == "Trainee"
    monkeypatch.setattr("getpass.getuser", lambda: "")
    assert system_user_name() == "Trainee"


def test_attempt_round_trip(store: Store, report) -> None:
    attempt_id = store.start_attempt(
        "Alice", "ray", "hash-1", "Ray", "assessment", source="terminal"
    )
    store.record_choice(
        attempt_id, 0, "start", 2, "That's a real step, Ray.",
        score={"recognizing_improvement": 2}, codes=["affirm"], critical=False,
        feedback="Accept and respond to improvement.",
    )
    store.record_choice(
        attempt_id, 1, "push", 0, "Come back when you're sober.",
        score={"avoiding_perfectionism": -3}, codes=["confront"], critical=True,
        feedback="An ultimatum.",
    )
    [open_attempt] = store.unfinished_attempts("alice")
    assert open_attempt.id == attempt_id and open_attempt.status == "open"
    assert [c.seq for c in open_attempt.choices] == [0, 1]
    assert open_attempt.report is None

    rep = report(4)
    store.finish_attempt(attempt_id, ending_id="walks-out", ending_title="Ray walks out",
                         report=rep)
    assert store.unfinished_attempts("Alice") == []
    attempt = store.attempt(attempt_id)
    assert (attempt.profile, attempt.mode, attempt.source) == ("Alice", "assessment", "terminal")
    assert attempt.finished and attempt.finished_at >= attempt.started_at
    assert (attempt.ending_id, attempt.ending_title) == ("walks-out", "Ray walks out")
    assert attempt.report == rep
    assert attempt.level == rep["level"] and attempt.critical == rep["critical"]
    assert attempt.report["scores"]["recognizing_improvement"]["points"] == (
        rep["scores"]["recognizing_improvement"]["points"]
    )
    first, second = attempt.choices
    assert (first.node_id, first.choice_index, first.choice_text) == (
        "start", 2, "That's a real step, Ray."
    )
    assert first.score == {"recognizing_improvement": 2} and first.codes == ["affirm"]
    assert second.critical is True and second.feedback == "An ultimatum."
    datetime.fromisoformat(attempt.started_at)  # ISO 8601, parseable on Python 3.10


def test_seq_rules_and_truncate(store: Store, play) -> None:
    attempt_id = play(store, choices=3, finish=False)
    kwargs = dict(score={}, codes=[], critical=False, feedback="")
    with pytest.raises(StoreError, match="truncate_choices"):
        store.record_choice(attempt_id, 1, "again", 0, "again", **kwargs)
    with pytest.raises(StoreError, match="expects choice 3"):
        store.record_choice(attempt_id, 5, "skip", 0, "skip", **kwargs)
    assert store.truncate_choices(attempt_id, 1) == 2
    store.record_choice(attempt_id, 1, "other", 1, "another way", **kwargs)
    attempt = store.attempt(attempt_id)
    assert [(c.seq, c.node_id) for c in attempt.choices] == [(0, "node0"), (1, "other")]
    assert attempt.choice_count == 2
    assert store.truncate_choices(attempt_id, 7) == 0
    assert store.attempt(attempt_id).choice_count == 2


def test_finished_and_abandoned_attempts_are_closed(store: Store, play, report) -> None:
    done = play(store)
    kwargs = dict(score={}, codes=[], critical=False, feedback="")
    with pytest.raises(StoreError, match="finished"):
        store.record_choice(done, 3, "late", 0, "late", **kwargs)
    with pytest.raises(StoreError, match="finished"):
        store.finish_attempt(done, ending_id="e", ending_title="", report=report())
    with pytest.raises(StoreError):
        store.truncate_choices(done, 0)
    left = play(store, finish=False)
    store.abandon_attempt(left)
    assert store.unfinished_attempts("Alice") == []
    assert store.attempt(left).status == "abandoned"
    assert len(store.attempt(left).choices) == 3  # choices are kept
    with pytest.raises(NotFoundError):
        store.attempt(9999)
    with pytest.raises(NotFoundError):
        store.record_choice(9999, 0, "n", 0, "t", **kwargs)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"scores": []},
        {"scores": {"d": {"points": 1, "best": 2}}},
        {"scores": {"d": {"points": "1", "best": 2, "percent": 0.5, "level": "fair"}}},
        {"scores": {"d": {"points": 1, "best": 2, "percent": float("nan"), "level": "fair"}}},
        {"scores": {}, "extra": {1, 2}},
        {"scores": {}, "critical": -1},
    ],
)
def test_bad_reports_are_refused_and_leave_attempt_open(store: Store, play, bad) -> None:
    attempt_id = play(store, finish=False)
    with pytest.raises(ValueError):
        store.finish_attempt(attempt_id, ending_id="e", ending_title="E", report=bad)
    assert store.attempt(attempt_id).status == "open"


def test_critical_defaults_to_recorded_critical_choices(store: Store, play) -> None:
    attempt_id = play(store, choices=3, finish=False)  # seq 2 is critical
    # An empty ending id is accepted (a story stopped without an ending node).
    store.finish_attempt(attempt_id, ending_id="", ending_title="", report={"scores": {}})
    assert store.attempt(attempt_id).critical == 1


def test_argument_validation(store: Store) -> None:
    with pytest.raises(ValueError, match="mode"):
        store.start_attempt("A", "s", "h", "T", "exam")
    with pytest.raises(ValueError, match="source"):
        store.start_attempt("A", "s", "h", "T", "practice", source="phone")
    with pytest.raises(ValueError, match="workshop_room"):
        store.start_attempt("A", "s", "h", "T", "practice", workshop_room="ROOM")
    attempt_id = store.start_attempt("A", "s", "h", "T", "practice")
    with pytest.raises(ValueError):
        store.record_choice(attempt_id, -1, "n", 0, "t", score={}, codes=[], critical=False,
                            feedback="")
    with pytest.raises(ValueError):
        store.record_choice(attempt_id, 0, "n", 0, "t", score={"d": 1.5}, codes=[],
                            critical=False, feedback="")
    with pytest.raises(ValueError):
        store.record_choice(attempt_id, 0, "n", 0, "t", score={}, codes="affirm",
                            critical=False, feedback="")


def test_listing_best_levels_and_summary(data_dir: Path, play) -> None:
    with Store.open(data_dir, clock=FakeClock()) as store:
        ids = [play(store, "Alice", "ray" if i % 2 else "mia", seed=i) for i in range(6)]
        play(store, "Alice", "ray", finish=False)
        play(store, "Bob", "ray", seed=2)
        newest_first = store.attempts("Alice")
        assert [a.id for a in newest_first] == ids[::-1]
        assert all(a.choices == () and a.choice_count == 3 for a in newest_first)
        assert len(store.attempts("Alice", include_unfinished=True)) == 7
        assert {a.scenario_id for a in store.attempts("Alice", "ray")} == {"ray"}
        assert store.attempts("Nobody") == []

        # seed % 3 -> level: 0 beginning, 1 fair, 2 good; mia has seeds 0, 2, 4.
        assert store.best_levels("Alice") == {"mia": "good", "ray": "good"}
        assert store.best_levels("Bob") == {"ray": "good"}
        assert store.best_levels("Nobody") == {}

        summary = store.progress_summary("Alice")
        assert list(summary) == ["recognizing_improvement", "avoiding_perfectionism",
                                 "respecting_choice"]
        series = summary["recognizing_improvement"]
        assert [p.attempt_id for p in series] == ids  # oldest first
        assert [p.finished_at for p in series] == sorted(p.finished_at for p in series)
        first = series[0]
        assert (first.scenario_id, first.scenario_hash, first.level) == ("mia", "hash-1",
                                                                          "beginning")
        assert first.percent == 0.0
        assert [p.scenario_id for p in store.progress_summary("Alice", "ray")[
            "respecting_choice"]] == ["ray"] * 3

        # Paging for screens that show the recent part of a long history.
        assert [a.id for a in store.attempts("Alice", limit=2)] == ids[:-3:-1]
        assert [a.id for a in store.attempts("Alice", limit=2, offset=4)] == ids[1::-1]
        assert [p.attempt_id for p in store.progress_summary("Alice", limit=2)[
            "recognizing_improvement"]] == ids[-2:]
        assert [p.attempt_id for p in store.progress_summary("Alice", "mia", limit=2)[
            "avoiding_perfectionism"]] == [ids[2], ids[4]]
        assert store.progress_summary("Alice", "nothing") == {}


def test_listed_attempts_are_light(store: Store, play) -> None:
    play(store)
    [listed] = store.attempts("Alice")
    assert listed.choices == () and listed.choice_count == 3
    with pytest.raises(LookupError, match="store.attempt"):
        listed.report
    detailed = store.attempt(listed.id)
    assert detailed == listed.__class__(**{**_fields(listed), "choices": detailed.choices})
    assert detailed.report["scores"] and len(detailed.choices) == 3


def _fields(attempt) -> dict:
    from dataclasses import fields

    return {f.name: getattr(attempt, f.name) for f in fields(attempt) if f.init}


def test_self_rating_is_stored_after_the_attempt_is_finished(store: Store, play) -> None:
    """The debrief asks "how do you think it went?" once the attempt is already finished."""
    attempt_id = play(store, seed=1)
    assert store.attempt(attempt_id).self_rating is None
    store.set_self_rating(attempt_id, "good")
    assert store.attempt(attempt_id).self_rating == "good"
    [listed] = store.attempts("Alice")  # light attempts carry it too (the list is one query)
    assert listed.self_rating == "good" and listed.level == "fair"
    store.set_self_rating(attempt_id, "beginning")  # a new rating replaces the old one
    assert store.attempt(attempt_id).self_rating == "beginning"
    store.set_self_rating(attempt_id, None)
    assert store.attempt(attempt_id).self_rating is None
    unfinished = play(store, finish=False)
    store.set_self_rating(unfinished, "fair")
    assert store.unfinished_attempts("Alice")[0].self_rating == "fair"
    for bad in ("Good", "excellent", "", 3):
        with pytest.raises(ValueError):
            store.set_self_rating(attempt_id, bad)
    with pytest.raises(ValueError):
        store.set_self_rating("1", "good")
    with pytest.raises(NotFoundError):
        store.set_self_rating(999, "good")
    assert store.attempt(attempt_id).self_rating is None  # refused calls changed nothing


def test_outdated_attempts_keep_their_record(store: Store, play) -> None:
    attempt = store.attempt(play(store, scenario_hash="v1"))
    assert not is_outdated(attempt, "v1")
    assert is_outdated(attempt, "v2") and attempt.is_outdated("v2")
    assert is_outdated(attempt, None)  # the scenario was deleted
    assert attempt.choices[0].choice_text.startswith("choice 0")


def test_committed_choice_is_visible_to_another_connection(store: Store, data_dir: Path,
                                                           play) -> None:
    attempt_id = play(store, choices=1, finish=False)
    raw = sqlite3.connect(data_dir / FILENAME)
    try:
        assert raw.execute("SELECT count(*) FROM choices WHERE attempt_id = ?",
                           (attempt_id,)).fetchone()[0] == 1
    finally:
        raw.close()


def test_threads_share_one_store(store: Store, play) -> None:
    """The game thread and the workshop server thread write through the same Store."""
    store.create_room("ROOM01", "ray", "h", "Ray")
    errors: list[BaseException] = []

    def game() -> None:
        try:
            for i in range(30):
                play(store, seed=i)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def server() -> None:
        try:
            for i in range(200):
                store.record_vote("ROOM01", i % 5, f"n{i % 5}", f"p{i}", i % 3)
        except BaseException as error:  # pragma: no cover
            errors.append(error)

    threads = [threading.Thread(target=game), threading.Thread(target=server)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.attempts("Alice")) == 30
    assert len(store.room_votes("ROOM01")) == 200


def test_closed_store_refuses_calls(data_dir: Path) -> None:
    store = Store.open(data_dir)
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.profiles()


def test_package_does_not_import_pygame(run_python) -> None:
    code = """
        import sys
        import hrtraining.progress, hrtraining.progress.export
        assert "pygame" not in sys.modules, sorted(m for m in sys.modules if "pygame" in m)
    """
    run_python(code)  # a clean interpreter: nothing else has imported pygame yet


def test_solo_views_leave_out_workshop_rooms(store: Store) -> None:
    """A leader's room is recorded under their profile, but it is not their own practice."""
    report = {"level": "good", "critical": 0,
              "scores": {"recognizing_improvement": {"points": 2, "best": 2, "percent": 1.0, "level": "good"}}}
    solo = store.start_attempt("Ana", "bar-fights", "h1", "Ray", "practice")
    room = store.start_attempt("Ana", "bar-fights", "h1", "Ray", "practice", source="workshop")
    open_room = store.start_attempt("Ana", "given-up", "h2", "Walt", "practice", source="workshop")
    for attempt_id in (solo, room):
        store.finish_attempt(attempt_id, ending_id="end", ending_title="End", report=report)
    assert {a.id for a in store.attempts("Ana")} == {solo, room}
    assert [a.id for a in store.attempts("Ana", solo=True)] == [solo]
    assert [a.id for a in store.unfinished_attempts("Ana")] == [open_room]
    assert store.unfinished_attempts("Ana", solo=True) == []
    assert store.best_levels("Ana", solo=True) == {"bar-fights": "good"}
    series = store.progress_summary("Ana", solo=True)["recognizing_improvement"]
    assert [p.attempt_id for p in series] == [solo]
    assert len(store.progress_summary("Ana")["recognizing_improvement"]) == 2
