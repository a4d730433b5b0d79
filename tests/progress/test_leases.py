"""One writer per open attempt: a second window can read it, never write into it while it is held."""
from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hrtraining.progress import LeasedError, Store, StoreError

ROOT = Path(__file__).resolve().parents[2]


def _choose(store, attempt, seq, text="t"):
    store.record_choice(attempt, seq, f"n{seq}", 0, text, score={}, codes=[], critical=False, feedback="")


def test_a_second_window_cannot_write_an_attempt_the_first_holds(tmp_path):
    with Store.open(tmp_path) as a, Store.open(tmp_path) as b:
        a.lease_label = "the game window (process 1)"
        attempt = a.start_attempt("Ana", "ray", "h", "Ray", "practice")
        a.lease_attempt(attempt)
        _choose(a, attempt, 0)
        with pytest.raises(LeasedError) as held:
            b.lease_attempt(attempt)
        assert held.value.holder == "the game window (process 1)" and held.value.seconds_left > 20
        for write in (lambda: _choose(b, attempt, 1), lambda: b.truncate_choices(attempt, 0),
                      lambda: b.abandon_attempt(attempt), lambda: b.set_self_rating(attempt, "good"),
                      lambda: b.finish_attempt(attempt, ending_id="e", ending_title="E", report={"scores": {}})):
            with pytest.raises(LeasedError):
                write()
        with pytest.raises(sqlite3.IntegrityError):  # even SQL that goes round the store's methods
            b._conn.execute("INSERT INTO choices VALUES (?, 1, 'x', 0, 'x', '{}', '[]', 0, '', 't')", (attempt,))
        assert b.attempt(attempt).choice_count == 1  # reading is fine
        assert b.lease_of(attempt).holder == "the game window (process 1)" and not b.lease_of(attempt).mine
        _choose(a, attempt, 1)                       # the holder goes on
        a.release_lease(attempt)                     # ... and closes it
        b.lease_attempt(attempt)
        _choose(b, attempt, 2)
        with pytest.raises(LeasedError):
            _choose(a, attempt, 3)                   # now it is b's
        assert [c.seq for c in b.attempt(attempt).choices] == [0, 1, 2]


def test_a_lease_lapses_when_its_window_stops_renewing_and_can_be_taken_over(tmp_path):
    with Store.open(tmp_path) as a, Store.open(tmp_path) as b:
        attempt = a.start_attempt("Ana", "ray", "h", "Ray", "practice")
        a.lease_attempt(attempt, seconds=0.3)
        assert a.renew_leases(seconds=0.3) == 1
        with pytest.raises(LeasedError):
            b.lease_attempt(attempt)
        time.sleep(0.45)                            # no heartbeat: as if the game was killed
        assert b.lease_of(attempt) is None
        b.lease_attempt(attempt)
        _choose(b, attempt, 0)
        with pytest.raises(LeasedError):
            _choose(a, attempt, 1)                   # the lapsed window's late write is refused
        b.release_leases()


def test_closing_a_store_lets_go_of_its_leases(tmp_path):
    a = Store.open(tmp_path)
    attempt = a.start_attempt("Ana", "ray", "h", "Ray", "practice")
    a.lease_attempt(attempt)
    a.close()
    with Store.open(tmp_path) as b:
        assert b.lease_of(attempt) is None
        b.lease_attempt(attempt)


WORKER = textwrap.dedent("""
    import json, os, sys, time, random
    from hrtraining.progress import LeasedError, Store
    data, log_path, profile, seed = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rng = random.Random(seed)
    store = Store.open(data)
    store.lease_label = f"worker {os.getpid()}"
    log = open(log_path, "a", buffering=1)
    while True:
        mine = None
        for a in store.unfinished_attempts(profile):
            try:
                store.lease_attempt(a.id, seconds=0.5)
                mine = a.id
                break
            except LeasedError:
                continue
        if mine is None:
            mine = store.start_attempt(profile, "ray", "h", "Ray", "practice")
            store.lease_attempt(mine, seconds=0.5)
        for _ in range(rng.randint(3, 8)):
            seq = store.attempt(mine).choice_count
            text = f"{os.getpid()}:{seq}"
            try:
                store.record_choice(mine, seq, f"n{seq}", 0, text, score={}, codes=[], critical=False, feedback="")
            except LeasedError:
                break                                  # taken over after a stall: never write into it
            log.write(json.dumps([mine, seq, text]) + "\\n")  # confirmed: on disk before we say so
            os.fsync(log.fileno())
            store.renew_leases(seconds=0.5)
            time.sleep(rng.uniform(0.0, 0.02))
        if rng.random() < 0.3:
            store.finish_attempt(mine, ending_id="e", ending_title="E", report={"scores": {}})
        else:
            store.release_lease(mine)
        if os.environ.get("ONE_ROUND"):
            break
""")


def test_many_windows_and_random_kills_lose_no_confirmed_choice_and_never_interleave(tmp_path):
    """Eight processes on three profiles, killed at random and restarted, for a few seconds."""
    script = tmp_path / "worker.py"
    script.write_text(WORKER)
    data = tmp_path / "data"
    Store.open(data).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(7)
    logs = [tmp_path / f"log{i}.jsonl" for i in range(8)]
    procs = {}

    def spawn(i: int, seed: int) -> None:
        procs[i] = subprocess.Popen([sys.executable, str(script), str(data), str(logs[i]), f"P{i % 3}", str(seed)],
                                    env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    for i in range(8):
        spawn(i, i)
    def confirmations() -> int:
        return sum(len(log.read_text().splitlines()) for log in logs if log.exists())

    # At least 4 s of kills, and on until 60 choices were confirmed (a loaded machine starts the
    # workers slowly), within a bound.
    start = time.monotonic()
    seed = 100
    while time.monotonic() - start < 4.0 or (confirmations() < 60 and time.monotonic() - start < 60):
        time.sleep(rng.uniform(0.1, 0.3))
        victim = rng.randrange(8)
        procs[victim].send_signal(signal.SIGKILL)
        procs[victim].wait()
        seed += 1
        spawn(victim, seed)
    for p in procs.values():
        p.send_signal(signal.SIGKILL)
        p.wait()
    # The killed workers' leases lapse; one more window per profile takes over what they left.
    time.sleep(0.6)
    for i in range(3):
        subprocess.run([sys.executable, str(script), str(data), str(logs[i]), f"P{i}", "999"],
                       env={**env, "ONE_ROUND": "1"}, check=True, timeout=60, stdout=subprocess.DEVNULL)
    confirmed = [json.loads(line) for log in logs if log.exists() for line in log.read_text().splitlines()]
    assert len(confirmed) >= 60
    with Store.open(data) as store:
        stored = {}
        for profile in ("P0", "P1", "P2"):
            for a in store.attempts(profile, include_unfinished=True):
                stored[a.id] = [c.choice_text for c in store.attempt(a.id).choices]
    for attempt, seq, text in confirmed:  # every confirmed choice is there, where it was confirmed
        assert stored[attempt][seq] == text
    taken_over = 0
    for attempt, texts in stored.items():
        # One writer at a time: the writer changes only at a take-over, and a writer never comes back
        # after another took over (its lease had lapsed: its late writes are refused).
        writers = [t.split(":")[0] for t in texts]
        runs = [w for k, w in enumerate(writers) if k == 0 or w != writers[k - 1]]
        assert len(runs) == len(set(runs)), (attempt, writers)
        assert [int(t.split(":")[1]) for t in texts] == list(range(len(texts)))
        taken_over += len(runs) > 1
    assert taken_over > 0  # the kills did leave attempts for other windows to take over
    with Store.open(data) as store:
        assert store.check() == ["ok"]


def test_a_leased_error_is_a_store_error():
    assert issubclass(LeasedError, StoreError)


def test_a_stalled_window_never_writes_after_another_took_over_even_once_that_one_let_go(tmp_path):
    with Store.open(tmp_path) as a, Store.open(tmp_path) as b, Store.open(tmp_path) as c:
        attempt = a.start_attempt("Ana", "ray", "h", "Ray", "practice")
        a.lease_attempt(attempt, seconds=0.2)
        _choose(a, attempt, 0)
        time.sleep(0.3)                  # a stalls past its lease
        _choose(a, attempt, 1)           # nobody took over: the late holder may still write
        b.lease_attempt(attempt)         # b takes over the lapsed lease
        _choose(b, attempt, 2)
        b.release_lease(attempt)         # ... and leaves it
        with pytest.raises(LeasedError):
            _choose(a, attempt, 3)       # a's lease is gone for good
        assert b.renew_leases() == 0     # a released lease is not brought back by the heartbeat
        c.lease_attempt(attempt)         # the next window takes it as usual
        _choose(c, attempt, 3)
        assert [x.seq for x in c.attempt(attempt).choices] == [0, 1, 2, 3]
