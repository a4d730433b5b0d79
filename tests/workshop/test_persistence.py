"""Votes reach the progress store as they arrive; a crashed room resumes; the export has the votes."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from hrtraining.progress import Store, export_rows
from hrtraining.workshop import CLOSED, RoomError, Workshop, find_room_attempt

from wshelpers import GOLDEN


def test_each_vote_and_decision_is_stored_on_arrival(golden, store):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    a, _ = w.join(None, "Ana")
    b, _ = w.join(None, None)
    w.open_vote()
    w.vote(a.token, 0, 1).result(5)  # the future resolves once the vote is committed
    assert [(v.participant, v.choice_index, v.nickname) for v in store.room_votes(w.room.code)] == \
        [(a.token, 0, "Ana")]
    w.vote(a.token, 0, 2).result(5)
    w.vote(b.token, 0, 2).result(5)
    assert sorted(v.choice_index for v in store.room_votes(w.room.code)) == [1, 1]
    w.go_on()
    w.flush()
    attempt = find_room_attempt(store, w.room.code)
    assert attempt is not None and attempt.source == "workshop" and attempt.profile == "Leader"
    assert [(c.node_id, c.choice_index) for c in attempt.choices] == [("opening", 1)]
    w.back()  # going back truncates the record too
    w.flush()
    assert find_room_attempt(store, w.room.code).choices == ()
    assert {v.decision_seq for v in store.room_votes(w.room.code)} == {0}
    w.close()


def test_resume_rebuilds_the_room_from_the_store(golden, tmp_path):
    sc, rubric = golden
    data = tmp_path / "data"
    with Store.open(data) as store:
        w = Workshop.create(sc, rubric, store, "Leader")
        code = w.room.code
        ts = [w.join(None, n)[0].token for n in ("Ana", None, "Sam")]
        w.open_vote()
        for t in ts:
            w.vote(t, 0, 1)
        w.go_on()
        w.open_vote()
        w.vote(ts[0], 1, 2)
        w.vote(ts[2], 1, 1)
        w.flush()
        w.close()
    with Store.open(data) as store:  # a new process would see exactly this
        assert [r.code for r in store.rooms(open_only=True)] == [code]
        back = Workshop.resume(sc, rubric, store, code)
        r = back.room
        assert r.seq == 1 and r.step.node_id == "middle" and r.phase == CLOSED
        assert len(r.participants) == 3 and r.participants[ts[0]].nickname == "Ana"
        assert r.vote_of(ts[0]) == 2 and r.voted_count() == 2
        assert "Resumed room" in back.snapshot.notice
        back.reveal()
        back.go_on(2)
        back.end()
        back.flush()
        assert store.room(code).closed_at is not None
        with pytest.raises(RoomError, match="ended"):
            Workshop.resume(sc, rubric, store, code)
        back.close()


def test_a_changed_scenario_cannot_be_resumed(golden, store):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store)
    w.close()
    store_room = store.room(w.room.code)
    from dataclasses import replace
    edited = replace(sc, content_hash="something-else")
    with pytest.raises(RoomError, match="another version"):
        Workshop.resume(edited, rubric, store, store_room.code)


CRASH = """
import os, sys
from pathlib import Path
from hrtraining.engine import find_rubric, load_rubric, load_scenario
from hrtraining.progress import Store
from hrtraining.workshop import Workshop
path = sys.argv[2]
rubric = load_rubric(find_rubric(path))
sc = load_scenario(path, rubric)
store = Store.open(sys.argv[1])
w = Workshop.create(sc, rubric, store, "Leader")
tokens = [w.join(None, f"p{i}")[0].token for i in range(12)]
w.open_vote()
for i, t in enumerate(tokens):
    w.vote(t, 0, 1 + (i % 2)).result(5)   # committed, as the server waits before acking
print(w.room.code, flush=True)
print(",".join(tokens), flush=True)
import time
time.sleep(60)   # killed with SIGKILL here: no close, no flush
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_leader_loses_no_acknowledged_vote(golden, tmp_path):
    data = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(CRASH), str(data), str(GOLDEN)],
                            stdout=subprocess.PIPE, text=True, env=env)
    try:
        code = proc.stdout.readline().strip()
        tokens = proc.stdout.readline().strip().split(",")
        assert len(code) == 6 and len(tokens) == 12
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    sc, rubric = golden
    with Store.open(data) as store:
        assert store.check() == ["ok"]
        assert len(store.room_votes(code)) == 12
        w = Workshop.resume(sc, rubric, store, code)
        assert w.room.voted_count() == 12 and w.room.distribution() == {1: 6, 2: 6, 3: 0}
        assert set(w.room.participants) == set(tokens)
        w.close()


def test_export_includes_the_workshop_votes(golden, store, cli, tmp_path):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    a, _ = w.join(None, "=cmd|' /C calc'!A0")  # a hostile nickname must not become a formula
    w.open_vote()
    w.vote(a.token, 0, 1)
    w.go_on()
    w.flush()
    rows = export_rows(store)
    assert [(r["room_code"], r["decision_seq"], r["choice_index"]) for r in rows.votes] == [(w.room.code, 0, 0)]
    code, out, err = cli("export", "--format", "json", "--data-dir", store.data_dir)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["votes"][0]["participant"] == a.token
    assert any(r["source"] == "workshop" and r["workshop_room"] == w.room.code for r in doc["attempts"])
    code, out, err = cli("export", "--format", "csv", "--votes", "--data-dir", store.data_dir)
    assert code == 0, err
    assert w.room.code in out and "\n=cmd" not in out and ",=cmd" not in out
    w.close()
