"""A workshop room with an LRS set up: the room (a Group), its decisions and every participant's
vote (pseudonymous per room) reach a real LRS (Ralph) as valid statements."""
from __future__ import annotations

import time

from hrtraining.practice.xapi import Link
from hrtraining.workshop import Workshop


def test_a_room_reaches_the_lrs(golden, store, lrs_env, xapi_validator):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    assert w.recorder.xapi is not None
    ana, _ = w.join(None, "Ana")
    bo, _ = w.join(None, None)
    w.open_vote()
    w.vote(ana.token, 0, 1).result(5)
    w.vote(bo.token, 0, 2).result(5)
    w.go_on(1)
    w.open_vote()
    w.vote(ana.token, 1, 1).result(5)
    w.go_on()
    while not w.room.finished:
        w.go_on(1)
    w.end()
    w.flush()
    deadline = time.monotonic() + 15
    while store.outbox_status().waiting and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.outbox_status().waiting == 0
    Link.forget(store)
    registration = store.room_attempt(w.room.code).registration
    got = lrs_env.by_registration(registration)
    group = [s for s in got if s["actor"]["objectType"] == "Group"]
    votes = [s for s in got if s["actor"]["objectType"] == "Agent"]
    assert group[0]["actor"]["name"] == f"Workshop room {w.room.code}"
    assert sorted(s["verb"]["id"].rsplit("/", 1)[-1] for s in group) == \
        ["completed", "initialized"] + ["responded"] * len(w.room.decided)
    assert len(votes) == 3 and all(s["context"]["team"] == group[0]["actor"] for s in votes)
    voters = {s["actor"]["account"]["name"] for s in votes}
    assert len(voters) == 2 and not {ana.token, bo.token} & voters          # tokens never leave
    assert "Ana" not in str(votes)                                          # nor nicknames
    assert all(s["context"]["instructor"]["account"]["name"] == store.profile("Leader").pseudonym for s in group)
    assert xapi_validator.problems(got) == {}
    w.close()
