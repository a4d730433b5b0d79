"""Durability across processes: persistence, kill -9 mid-attempt, concurrent writers."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from hrtraining.progress import FILENAME, LATEST_VERSION, Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


def test_persists_across_processes(data_dir: Path, run_python, play) -> None:
    run_python(
        """
        import sys
        from hrtraining.progress import Store
        with Store.open(sys.argv[1]) as store:
            a = store.start_attempt("Dana", "ray", "h1", "Ray", "practice")
            store.record_choice(a, 0, "start", 1, "Tell me more.", score={"d": 1},
                                codes=["question"], critical=False, feedback="Good.")
            store.finish_attempt(a, ending_id="stays", ending_title="Stays",
                                 report={"scores": {"d": {"points": 1, "best": 1,
                                         "percent": 1.0, "level": "good"}}, "level": "good"})
            b = store.start_attempt("Dana", "mia", "h2", "Mia", "assessment")
            store.record_choice(b, 0, "open", 0, "Hello", score={}, codes=[],
                                critical=False, feedback="")
        """,
        str(data_dir),
    )
    with Store.open(data_dir) as store:
        [done] = store.attempts("Dana")
        assert done.scenario_id == "ray" and done.level == "good"
        assert store.attempt(done.id).choices[0].choice_text == "Tell me more."
        [left] = store.unfinished_attempts("Dana")
        assert left.scenario_id == "mia" and len(left.choices) == 1
        assert store.last_profile() == "Dana"
        play(store, "Eve")  # and back the other way
    out = run_python(
        """
        import json, sys
        from hrtraining.progress import Store
        with Store.open(sys.argv[1]) as store:
            print(json.dumps({p.name: len(store.attempts(p.name, include_unfinished=True))
                              for p in store.profiles()}))
        """,
        str(data_dir),
    ).stdout
    assert json.loads(out) == {"Dana": 2, "Eve": 1}


# The victim writes attempts forever and prints a line after each commit returns.
VICTIM = """
import sys
from hrtraining.progress import Store
store = Store.open(sys.argv[1])
def report(a):
    return {"scores": {"d": {"points": a % 5, "best": 4, "percent": (a % 5) / 4,
                             "level": "good"}}, "level": "good", "critical": 0}
while True:
    a = store.start_attempt("Kim", "scn", "h", "Scenario", "practice")
    print(f"start {a}", flush=True)
    for seq in range(5):
        store.record_choice(a, seq, f"node{seq}", seq % 3, f"choice {a}-{seq}",
                            score={"d": seq}, codes=["affirm"], critical=False,
                            feedback="x" * 200)
        print(f"choice {a} {seq}", flush=True)
    store.finish_attempt(a, ending_id="end", ending_title="End", report=report(a))
    print(f"finished {a}", flush=True)
"""


def _kill_after(spawn, data_dir: Path, lines_before_kill: int) -> list[str]:
    """Run the victim, SIGKILL it after it printed ``lines_before_kill`` lines.

    Returns every line it printed (the pipe keeps what was written before the kill, so
    this is exactly the set of commits the victim saw return).
    """
    proc = spawn(VICTIM, str(data_dir))
    lines: list[str] = []
    try:
        while len(lines) < lines_before_kill:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"victim died early: {proc.stderr.read()}")
            lines.append(line.strip())
        os.kill(proc.pid, signal.SIGKILL)
        # Read through the same buffered file object (communicate() would bypass what
        # readline() has already buffered).
        rest = proc.stdout.read()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return lines + [line for line in rest.splitlines() if line]


def test_sigkill_mid_attempt_keeps_every_commit(data_dir: Path, spawn) -> None:
    printed: list[str] = []
    # Several kills at different points, on the same file: each later run also recovers
    # from the previous kill's WAL.
    for lines_before_kill in (3, 17, 60, 131, 250):
        printed += _kill_after(spawn, data_dir, lines_before_kill)

    choices_seen = {tuple(map(int, l.split()[1:])) for l in printed if l.startswith("choice")}
    finished_seen = {int(l.split()[1]) for l in printed if l.startswith("finished")}
    assert finished_seen and choices_seen

    conn = sqlite3.connect(data_dir / FILENAME)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        stored = {
            (a, s): (node, text)
            for a, s, node, text in conn.execute(
                "SELECT attempt_id, seq, node_id, choice_text FROM choices")
        }
        # Every choice whose record_choice returned is there, with its content.
        for a, s in choices_seen:
            assert stored[(a, s)] == (f"node{s}", f"choice {a}-{s}")
        # Every finished attempt is intact: status, report and per-dimension scores.
        for a in finished_seen:
            status, report_json, count = conn.execute(
                "SELECT status, report_json, choice_count FROM attempts "
                "JOIN attempt_reports ON attempt_id = id WHERE id = ?", (a,)
            ).fetchone()
            assert status == "finished" and count == 5
            assert json.loads(report_json)["scores"]["d"]["points"] == a % 5
            assert conn.execute("SELECT points FROM attempt_scores WHERE attempt_id = ?",
                                (a,)).fetchone() == (a % 5,)
        # No half-written state anywhere: contiguous seqs matching choice_count, and
        # every finished attempt has its score rows (finish is one transaction).
        for a, count, status in conn.execute("SELECT id, choice_count, status FROM attempts"):
            seqs = [s for (s,) in conn.execute(
                "SELECT seq FROM choices WHERE attempt_id = ? ORDER BY seq", (a,))]
            assert seqs == list(range(count))
            if status == "finished":
                assert conn.execute("SELECT count(*) FROM attempt_scores WHERE attempt_id = ?",
                                    (a,)).fetchone()[0] == 1
                assert conn.execute("SELECT count(*) FROM attempt_reports WHERE attempt_id = ?",
                                    (a,)).fetchone()[0] == 1
        # At most the choice being made is lost: each killed attempt holds at least the
        # choices printed for it, and at most one more (committed, not yet printed).
        for a in {a for a, _ in choices_seen} - finished_seen:
            printed_count = max(s for b, s in choices_seen if b == a) + 1
            assert printed_count <= len([k for k in stored if k[0] == a]) <= printed_count + 1
    finally:
        conn.close()

    with Store.open(data_dir) as store:
        assert store.notice is None
        assert store.check() == ["ok"]
        assert {a.id for a in store.attempts("Kim")} >= finished_seen
    assert not list(data_dir.glob("*.keep-*"))  # WAL snapshot links are cleaned up


# Dies inside a write transaction: the choice row is written, the count not yet updated.
HALFWAY = """
import sys, time
from hrtraining.progress import Store
store = Store.open(sys.argv[1])
a = store.start_attempt("Lee", "scn", "h", "T", "practice")
store.record_choice(a, 0, "n0", 0, "kept", score={}, codes=[], critical=False, feedback="")
with store._write() as conn:
    conn.execute("INSERT INTO choices VALUES (?, 1, 'n1', 0, 'lost', '{}', '[]', 0, '', 'now')",
                 (a,))
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Ghost', 'now')")
    print("inside", flush=True)
    time.sleep(60)
"""


def test_sigkill_inside_a_transaction_rolls_it_back(data_dir: Path, spawn) -> None:
    proc = spawn(HALFWAY, str(data_dir))
    try:
        assert proc.stdout.readline().strip() == "inside", proc.stderr.read()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    with Store.open(data_dir) as store:
        assert store.notice is None and store.check() == ["ok"]
        [attempt] = store.unfinished_attempts("Lee")
        assert [c.choice_text for c in attempt.choices] == ["kept"]
        assert attempt.choice_count == 1
        assert store.find_profile("Ghost") is None
        # The attempt goes on where it stopped.
        store.record_choice(attempt.id, 1, "n1", 2, "again", score={}, codes=[],
                            critical=False, feedback="")


WRITER = """
import sys, time
from pathlib import Path
from hrtraining.progress import Store
data_dir, name, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
while not go.exists():
    time.sleep(0.001)
with Store.open(data_dir) as store:
    for i in range(60):
        a = store.start_attempt(name, f"scn{i % 3}", "h", "T", "practice")
        for seq in range(3):
            store.record_choice(a, seq, f"n{seq}", 0, f"{name} {i} {seq}", score={"d": 1},
                                codes=[], critical=False, feedback="")
        store.finish_attempt(a, ending_id="e", ending_title="E", report={"scores": {
            "d": {"points": 3, "best": 3, "percent": 1.0, "level": "good"}}, "level": "good"})
        store.progress_summary(name)  # readers interleave with the other writers
print("ok", flush=True)
"""


@pytest.mark.parametrize("fresh", [True, False], ids=["fresh-file", "existing-file"])
def test_concurrent_writers_all_succeed(data_dir: Path, tmp_path: Path, spawn,
                                        fresh: bool) -> None:
    """Several game processes write at once; on a fresh file they also race to create it."""
    if not fresh:
        Store.open(data_dir).close()
    go = tmp_path / "go"
    names = ["P1", "P2", "P3"]
    procs = [spawn(WRITER, str(data_dir), name, str(go)) for name in names]
    time.sleep(0.5)  # let every interpreter start and wait for the signal
    go.touch()
    results = [proc.communicate(timeout=120) for proc in procs]
    for proc, (out, err) in zip(procs, results):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    with Store.open(data_dir) as store:
        assert store.notice is None
        for name in names:
            attempts = store.attempts(name)
            assert len(attempts) == 60
            assert all(a.choice_count == 3 for a in attempts)
        assert store.check() == ["ok"]
        assert store._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
