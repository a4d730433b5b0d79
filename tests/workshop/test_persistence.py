"""Votes and hand counts reach the progress store as they arrive; a crashed room resumes; the
export has both."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hrtraining.progress import Store, export_rows, token_hash
from hrtraining.workshop import CLOSED, RoomError, Workshop, find_room_attempt

from wshelpers import GOLDEN


def test_each_vote_and_decision_is_stored_on_arrival(golden, store):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    a, _ = w.join(None, "Ana")
    b, _ = w.join(None, None)
    w.open_vote()
    w.vote(a.token, 0, 1).result(5)  # the future resolves once the vote is committed
    # The store keeps the token's hash (the room's key for Ana), never the token her phone holds.
    assert [(v.participant, v.choice_index, v.nickname) for v in store.room_votes(w.room.code)] == \
        [(a.key, 0, "Ana")]
    assert a.key == token_hash(a.token) and a.token not in {v.participant for v in store.room_votes(w.room.code)}
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
        ana = token_hash(ts[0])  # the room knows participants by their token's hash
        assert len(r.participants) == 3 and r.participants[ana].nickname == "Ana"
        assert r.vote_of(ana) == 2 and r.voted_count() == 2 and back.your_vote(ts[0]) == 2
        assert back.knows(ts[0]) and not back.knows(ana)  # the stored hash is no way back in
        assert "Resumed room" in back.snapshot.notice
        back.reveal()
        back.go_on(2)
        back.end()
        back.flush()
        assert store.room(code).closed_at is not None
        with pytest.raises(RoomError, match="ended"):
            Workshop.resume(sc, rubric, store, code)
        back.close()


def _hands(store, code):
    return [(h.decision_seq, h.node_id, h.choice_index, h.count) for h in store.room_hands(code)]


def test_show_of_hands_counts_are_stored_and_survive_a_resume(golden, tmp_path):
    sc, rubric = golden
    data = tmp_path / "data"
    with Store.open(data) as store:
        w = Workshop.create(sc, rubric, store, "Leader")
        code = w.room.code
        ana = w.join(None, "Ana")[0].token
        w.open_vote()
        w.vote(ana, 0, 3)
        w.close_vote()
        first = w.room.step
        w.set_hands({1: 2, 2: 5}).result(5)  # the future resolves once the counts are committed
        assert _hands(store, code) == [(0, first.node_id, first.option(1).choice_index, 2),
                                       (0, first.node_id, first.option(2).choice_index, 5)]
        w.set_hands({1: 3}).result(5)  # typed again: the decision's counts are replaced
        assert _hands(store, code) == [(0, first.node_id, first.option(1).choice_index, 3)]
        w.go_on()  # Ana's phone vote against 3 raised hands: the hands decide
        assert w.room.decided[0].number == 1 and w.room.decided[0].how == "majority"
        second = w.room.step
        w.set_hands({2: 4})
        w.flush()
        w.close()  # the game stops here without ending the room
    with Store.open(data) as store:
        back = Workshop.resume(sc, rubric, store, code)
        r = back.room
        assert r.seq == 1 and r.phase == CLOSED  # counts at the current decision: ready to reveal
        assert r.hands == {0: {first.option(1).choice_index: 3}, 1: {second.option(2).choice_index: 4}}
        assert back.snapshot.hands == {2: 4}
        assert r.distribution(0) == {1: 3, 2: 0, 3: 1}
        # Without the counts the room's choice would look like the leader overriding Ana's vote.
        assert r.decided[0].how == "majority"
        back.back()  # going back drops the counts after the decision returned to
        back.flush()
        assert [seq for seq, *_ in _hands(store, code)] == [0]
        assert back.room.hands == {0: {first.option(1).choice_index: 3}}
        back.set_hands({2: 1}).result(5)
        assert _hands(store, code) == [(0, first.node_id, first.option(2).choice_index, 1)]
        back.close()


def test_hand_counts_of_a_changed_path_are_ignored_on_resume(golden, store):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store)
    code, node = w.room.code, w.room.step.node_id
    w.close()
    store.record_hands(code, 0, "not-" + node, {0: 3})  # a node the path does not reach
    store.record_hands(code, 5, node, {0: 3})           # a decision the room never got to
    back = Workshop.resume(sc, rubric, store, code)
    assert back.room.hands == {} and back.room.phase == "notes"  # nothing played yet: the notes again
    back.close()


def test_the_room_attempt_is_found_by_its_code(golden, store):
    """The host asks the store for the room's attempt instead of scanning every profile."""
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    code = w.room.code
    store.start_attempt("Someone Else", sc.id, sc.content_hash, sc.title, "practice")
    w.close()

    class LookupOnly:  # profiles() / unfinished_attempts() are gone: only the lookup by code
        def room_attempt(self, room_code):
            return store.room_attempt(room_code)
    found = find_room_attempt(LookupOnly(), code)
    assert found is not None and found.workshop_room == code and found.profile == "Leader"
    assert find_room_attempt(LookupOnly(), "NOROOM") is None
    # A room whose attempt was finished but which was never closed (the game stopped between
    # the two writes) resumes with a new attempt, as before.
    store.finish_attempt(found.id, ending_id="", ending_title="", report={"scores": {}})
    assert find_room_attempt(store, code) is None
    back = Workshop.resume(sc, rubric, store, code)
    assert back.attempt_id != found.id and store.attempt(back.attempt_id).status == "open"
    assert find_room_attempt(store, code).id == back.attempt_id
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
w.set_hands({3: 4}).result(5)             # and the leader's show of hands
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
        assert w.room.voted_count() == 12 and w.room.distribution() == {1: 6, 2: 6, 3: 4}
        assert set(w.room.participants) == {token_hash(t) for t in tokens}
        w.close()


def test_export_includes_the_workshop_votes(golden, store, cli, tmp_path):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    a, _ = w.join(None, "=cmd|' /C calc'!A0")  # a hostile nickname must not become a formula
    w.open_vote()
    w.vote(a.token, 0, 1)
    w.set_hands({2: 3})
    w.go_on()
    w.flush()
    rows = export_rows(store)
    # Decisions and choices count from 1 in exports, as on the wall.
    assert [(r["room_code"], r["decision"], r["choice"]) for r in rows.votes] == [(w.room.code, 1, 1)]
    assert [(r["room_code"], r["decision"], r["choice"], r["count"]) for r in rows.hands] == \
        [(w.room.code, 1, 2, 3)]
    code, out, err = cli("export", "--format", "json", "--data-dir", store.data_dir)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["votes"][0]["participant"] == "P1" and a.token not in out and a.key not in out
    assert "calc" not in out  # nicknames are not next to votes
    assert [(h["node_id"], h["count"]) for h in doc["hands"]] == [("opening", 3)]
    assert any(r["source"] == "workshop" and r["workshop_room"] == w.room.code for r in doc["attempts"])
    code, out, err = cli("export", "--format", "csv", "--votes", "--data-dir", store.data_dir)
    assert code == 0, err
    assert w.room.code in out and "\n=cmd" not in out and ",=cmd" not in out
    code, out, err = cli("export", "--format", "csv", "--hands", "--data-dir", store.data_dir)
    assert code == 0, err
    assert out.splitlines()[1].startswith(f"{w.room.code},{sc.id},")
    w.close()


class FakeStore:
    """Just what Workshop.create needs; ``create_room`` fails as told."""

    def __init__(self, fail, taken=()):
        self.fail, self.taken, self.tried, self.created = fail, set(taken), [], []

    def create_room(self, code, *_):
        from hrtraining.progress import StoreError
        self.tried.append(code)
        if code in self.taken:
            raise StoreError(f"room code {code!r} is already taken")
        if self.fail:
            raise StoreError("database is locked")
        self.created.append(code)

    def room(self, code):
        from hrtraining.progress import NotFoundError
        if code not in self.taken and code not in self.created:
            raise NotFoundError(code)
        return object()

    def last_profile(self):
        return "Leader"

    def start_attempt(self, *_, **__):
        return 1


def test_create_gives_up_at_once_on_a_store_error(golden):
    from hrtraining.progress import StoreError
    store = FakeStore(fail=True)
    with pytest.raises(StoreError, match="locked"):
        Workshop.create(*golden, store)
    assert len(store.tried) == 1  # not 50 tries, each after a busy timeout


def test_create_draws_another_code_only_when_the_code_is_taken(golden, monkeypatch):
    from hrtraining.progress import StoreError
    from hrtraining.workshop import _host
    codes = iter(["AAAAAA", "CCCCCC", "DDDDDD"])
    monkeypatch.setattr(_host, "new_code", lambda: next(codes))
    store = FakeStore(fail=False, taken={"AAAAAA", "CCCCCC"})
    w = Workshop.create(*golden, store)
    assert w.room.code == "DDDDDD" and store.tried == ["AAAAAA", "CCCCCC", "DDDDDD"]
    w.close()
    with pytest.raises(StoreError, match="taken"):  # a code the caller insisted on: no other
        Workshop.create(*golden, FakeStore(fail=False, taken={"AAAAAA"}), code="AAAAAA")


def test_resume_reads_the_code_the_way_people_type_it(golden, store):
    w = Workshop.create(*golden, store)
    code = w.room.code
    w.close()
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    back = Workshop.resume(*golden, store, typed)
    assert back.room.code == code
    back.close()
    with pytest.raises(RoomError, match="not a room code"):
        Workshop.resume(*golden, store, "no!")


class FailsOnce:
    """The real store, except that the first ``method`` call fails (a locked database, say)."""

    def __init__(self, store, method):
        self._store, self._method, self.failed = store, method, 0

    def __getattr__(self, name):
        real = getattr(self._store, name)
        if name != self._method or self.failed:
            return real

        def fail(*a, **k):
            from hrtraining.progress import StoreError
            self.failed += 1
            raise StoreError("database is locked")
        return fail


def test_a_failed_decision_write_is_made_good_by_the_next(golden, tmp_path):
    """One failed record_choice must not make every later one fail (and lose the votes on resume)."""
    sc, rubric = golden
    data = tmp_path / "data"
    with Store.open(data) as real:
        store = FailsOnce(real, "record_choice")
        w = Workshop.create(sc, rubric, store, "Leader")
        code = w.room.code
        ana = w.join(None, "Ana")[0].token
        w.open_vote()
        w.vote(ana, 0, 2)
        w.go_on()                 # "ask again": its record fails
        w.flush()
        assert store.failed == 1 and w.write_failures == 1
        w.open_vote()
        w.vote(ana, 1, 1)
        w.go_on()                 # writes the missing decision first, then this one
        w.open_vote()
        w.vote(ana, 2, 2)
        w.flush()
        assert w.write_failures == 1
        taken = [(c.seq, c.node_id, c.choice_index) for c in find_room_attempt(real, code).choices]
        assert taken == [(0, "opening", 1), (1, "opening", 0)]
        w.close()
    with Store.open(data) as real:
        back = Workshop.resume(sc, rubric, real, code)
        r = back.room
        assert r.seq == 2 and r.step.node_id == "middle"
        assert [r.vote_of(token_hash(ana), s) for s in range(3)] == [2, 1, 2]  # no vote past a failed write is lost
        back.close()


def test_a_failed_back_write_is_made_good_by_the_next_decision(golden, store):
    """The stored path follows the room's even when truncating it failed."""
    flaky = FailsOnce(store, "truncate_choices")
    w = Workshop.create(*golden, flaky, "Leader")
    w.go_on(1)
    w.flush()
    w.back()                      # truncating the record fails: it still says "opening 0"
    w.flush()
    assert flaky.failed == 1
    w.go_on(2)                    # the room went another way
    w.go_on(1)
    w.end()
    w.flush()
    attempt = store.attempt(w.attempt_id)
    assert [(c.node_id, c.choice_index) for c in attempt.choices] == [("opening", 1), ("opening", 0)]
    assert attempt.status == "abandoned"
    w.close()


def test_the_lock_and_removals_survive_a_crash_and_resume(golden, tmp_path):
    """The leader locked the room and removed two people; the game died without closing
    anything. Resumed, the room is still locked, the removed tokens are refused (even once it is
    unlocked again) and a kept participant comes back as themselves."""
    sc, rubric = golden
    data = tmp_path / "data"
    store = Store.open(data)
    w = Workshop.create(sc, rubric, store, "Leader")
    code = w.room.code
    ana, bo, cy = (w.join(None, n)[0] for n in ("Ana", "Bo", "Cy"))
    w.open_vote()
    w.vote(ana.token, 0, 1)
    w.vote(bo.token, 0, 2)
    assert w.remove(bo.key) == "Bo"       # voted here: the vote goes too
    assert w.remove(cy.key) == "Cy"       # never voted: nothing of them is in the votes
    w.set_locked(True)
    assert w.flush()
    # Kept by hash only (the key), never the token the phone holds.
    assert set(store.room_removed(code)) == {bo.key, cy.key} and store.room(code).locked
    assert [v.participant for v in store.room_votes(code)] == [ana.key]
    store.close()  # the crash: the Workshop is dropped, never closed or ended
    del w

    with Store.open(data) as store:
        back = Workshop.resume(sc, rubric, store, code)
        assert back.room.locked and back.snapshot.locked
        with pytest.raises(RoomError, match="locked"):
            back.join(None, "Stranger")
        for gone in (bo, cy):
            with pytest.raises(RoomError, match="removed"):
                back.join(gone.token, None)
            assert back.removed(gone.token)
        again, new = back.join(ana.token, None)
        assert not new and again.key == ana.key and again.nickname == "Ana"
        assert back.room.voted_count() == 1 and back.room.distribution() == {1: 1, 2: 0, 3: 0}
        assert [e.label for e in back.roster()] == ["Ana"]
        back.set_locked(False)        # unlocked: strangers may come, the removed still may not
        back.join(None, "Dee")
        with pytest.raises(RoomError, match="removed"):
            back.join(cy.token, None)
        back.flush()
        assert not store.room(code).locked
        back.close()
    with Store.open(data) as store:   # the unlock was kept too
        again = Workshop.resume(sc, rubric, store, code)
        assert not again.room.locked and again.removed(bo.token) and again.removed(cy.token)
        again.close()


def test_a_removed_participant_who_never_voted_is_not_forgotten(golden, store):
    """Idle participants are forgotten after a whole decision; a removed one must not be, or
    their phone would come back in as someone new."""
    w = Workshop.create(*golden, store, "Leader")
    cy = w.join(None, "Cy")[0]
    w.leave(cy.token)
    w.remove(cy.key)
    for _ in range(2):
        w.go_on(2)   # "ask again" loops to the same decision
    with pytest.raises(RoomError, match="removed"):
        w.join(cy.token, None)
    w.close()


def test_a_failed_lock_or_removal_write_keeps_the_leaders_action_and_is_made_good(golden, tmp_path):
    sc, rubric = golden
    data = tmp_path / "data"
    with Store.open(data) as real:
        store = FailsOnce(real, "set_room_locked")
        w = Workshop.create(sc, rubric, store, "Leader")
        code = w.room.code
        bo = w.join(None, "Bo")[0]
        w.remove(bo.key)              # its write fails at the lock, after the removal is stored
        w.flush()
        assert store.failed == 1 and w.write_failures == 1 and w.snapshot.store_problem
        with pytest.raises(RoomError, match="removed"):   # the leader's action stands
            w.join(bo.token, None)
        w.set_locked(True)
        w.flush()
        assert real.room(code).locked and real.room_removed(code) == [bo.key]
        w.close()

    with Store.open(data) as real:  # a removal whose write fails, in a fresh room
        store = FailsOnce(real, "remove_participants")
        w = Workshop.create(sc, rubric, store, "Leader")
        code = w.room.code
        cy = w.join(None, "Cy")[0]
        w.remove(cy.key)              # not stored: the write failed
        w.flush()
        assert store.failed == 1 and real.room_removed(code) == []
        assert w.removed(cy.token)
        w.go_on(2)                    # the next decision writes it again
        w.flush()
        assert real.room_removed(code) == [cy.key] and w.write_failures == 1
        w.close()
