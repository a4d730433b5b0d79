"""One contract, two stores: the SQLite store and the in-memory one behave the same.

Every case runs against both; the signature test holds each method of each store to the
protocol in ``hrtraining.practice._store`` (names, parameter kinds and defaults), so a change
to the store's API that the other store or the protocol does not follow fails here first.
"""
from __future__ import annotations

import inspect
from datetime import datetime, timedelta, timezone

import pytest

from hrtraining.practice import AttemptStore, MemoryStore, OutboxStore, RoomStore
from hrtraining.progress import NotFoundError, Store, StoreError, token_hash


class Clock:
    """A clock that moves one second per reading, so time order is well defined in both stores."""

    def __init__(self) -> None:
        self.t = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.t += timedelta(seconds=1)
        return self.t


@pytest.fixture(params=["sqlite", "memory"])
def store(request, tmp_path):
    s = Store.open(tmp_path / "data", clock=Clock()) if request.param == "sqlite" else MemoryStore(Clock())
    yield s
    s.close()


def _signature(fn) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(fn).parameters.values()]


@pytest.mark.parametrize("impl", [Store, MemoryStore])
@pytest.mark.parametrize("protocol", [AttemptStore, RoomStore, OutboxStore])
def test_every_protocol_method_has_the_protocols_signature(impl, protocol):
    names = [n for n, v in vars(protocol).items() if callable(v) and not n.startswith("_")]
    assert names
    for name in names:
        assert hasattr(impl, name), f"{impl.__name__} lacks {name}"
        assert _signature(getattr(impl, name)) == _signature(getattr(protocol, name)), \
            f"{impl.__name__}.{name} differs from {protocol.__name__}.{name}"


def test_both_are_instances_of_both_protocols(store):
    assert isinstance(store, AttemptStore) and isinstance(store, RoomStore) and isinstance(store, OutboxStore)


def _report(level="good", percent=0.9) -> dict:
    return {"version": 2, "level": level, "critical": 0,
            "scores": {"recognizing_improvement": {"points": 9, "possible": 10, "percent": percent,
                                                   "level": level},
                       "listening": {"points": 0, "possible": 0, "percent": None, "level": None}}}


def _choose(store, attempt, seq, index=0):
    store.record_choice(attempt, seq, f"n{seq}", index, f"text {seq}", score={"recognizing_improvement": 1},
                        codes=["affirm"], critical=False, feedback="fb")


def test_profiles_are_case_insensitive_and_remembered(store):
    assert store.profile("  Ana ").name == "Ana"
    assert store.profile("ana").name == "Ana"
    store.profile("Bo", remember=True)
    assert [p.name for p in store.profiles()] == ["Ana", "Bo"] and store.last_profile() == "Bo"
    for bad in ("", " ", "a\x00b", "x" * 101):
        with pytest.raises(ValueError):
            store.profile(bad)


def test_an_attempt_records_choices_in_order_and_finishes_once(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    _choose(store, a, 0)
    _choose(store, a, 1, index=2)
    with pytest.raises(StoreError, match="expects choice 2 next"):
        _choose(store, a, 5)
    assert store.truncate_choices(a, 1) == 1
    _choose(store, a, 1, index=1)
    got = store.attempt(a)
    assert [(c.seq, c.choice_index) for c in got.choices] == [(0, 0), (1, 1)] and got.choice_count == 2
    assert got.status == "open" and got.report is None
    store.finish_attempt(a, ending_id="end", ending_title="The end", report=_report())
    done = store.attempt(a)
    assert done.status == "finished" and done.level == "good" and done.report["version"] == 2
    with pytest.raises(StoreError):
        _choose(store, a, 2)
    with pytest.raises(StoreError):
        store.finish_attempt(a, ending_id="end", ending_title="The end", report=_report())
    with pytest.raises(NotFoundError):
        store.attempt(999)


def test_bad_arguments_are_refused_before_anything_is_written(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    with pytest.raises(ValueError):
        store.start_attempt("Ana", "ray", "h1", "Ray", "sometimes")
    with pytest.raises(ValueError):
        store.record_choice(a, 0, "n", 0, "t", score={"d": 1.5}, codes=[], critical=False, feedback="")
    with pytest.raises(ValueError):
        store.finish_attempt(a, ending_id="e", ending_title="", report={"scores": {"d": {"points": 1}}})
    with pytest.raises(ValueError):
        store.set_self_rating(a, "superb")
    assert store.attempt(a).choice_count == 0 and store.attempt(a).status == "open"


def test_lists_are_newest_first_and_solo_leaves_out_rooms(store):
    first = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    room = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", source="workshop", workshop_room="K7MQX4")
    second = store.start_attempt("Ana", "walt", "h2", "Walt", "assessment")
    assert [a.id for a in store.unfinished_attempts("Ana")] == [second, room, first]
    assert [a.id for a in store.unfinished_attempts("ana", solo=True)] == [second, first]
    assert store.room_attempt("K7MQX4").id == room and store.room_attempt("NOPE") is None
    store.finish_attempt(first, ending_id="e", ending_title="E", report=_report("fair", 0.6))
    store.finish_attempt(second, ending_id="e", ending_title="E", report=_report("good", 0.9))
    store.abandon_attempt(room)
    assert [a.id for a in store.attempts("Ana")] == [second, first]
    assert [a.id for a in store.attempts("Ana", "ray")] == [first]
    assert [a.id for a in store.attempts("Ana", include_unfinished=True, limit=2, offset=1)] == [room, first]
    assert store.best_levels("Ana") == {"ray": "fair", "walt": "good"}
    series = store.progress_summary("Ana")
    assert list(series) == ["recognizing_improvement"]  # a dimension not assessed has no point
    assert [(p.attempt_id, p.percent, p.level) for p in series["recognizing_improvement"]] == \
        [(first, 0.6, "fair"), (second, 0.9, "good")]
    assert store.attempts("Nobody") == [] and store.progress_summary("Nobody") == {}


def test_self_rating_is_kept_and_cleared(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    store.set_self_rating(a, "fair")
    assert store.attempt(a).self_rating == "fair"
    store.set_self_rating(a, None)
    assert store.attempt(a).self_rating is None
    with pytest.raises(NotFoundError):
        store.set_self_rating(999, "good")


def test_rooms_votes_and_hands(store):
    store.create_room("K7MQX4", "ray", "h1", "Ray")
    with pytest.raises(StoreError, match="already taken"):
        store.create_room("K7MQX4", "ray", "h1", "Ray")
    store.record_vote("K7MQX4", 0, "n0", "tok-aaaaaaaa", 1, nickname=" Hana ")
    store.record_vote("K7MQX4", 0, "n0", "tok-aaaaaaaa", 2)            # a re-vote replaces
    store.record_vote("K7MQX4", 1, "n1", "tok-bbbbbbbb", 0)
    # Both stores keep only the token's hash.
    assert [(v.decision_seq, v.participant, v.choice_index) for v in store.room_votes("K7MQX4")] == \
        [(0, token_hash("tok-aaaaaaaa"), 2), (1, token_hash("tok-bbbbbbbb"), 0)]
    # Votes that arrive together are stored in one transaction, in order; a bad one stores none.
    store.record_votes("K7MQX4", [(2, "n2", "tok-dddddddd", 0, None), (2, "n2", "tok-dddddddd", 1, "Dee")])
    with pytest.raises(ValueError):
        store.record_votes("K7MQX4", [(2, "n2", "tok-eeeeeeee", 0, None), (-1, "n2", "tok-ffffffff", 0, None)])
    assert [(v.choice_index, v.nickname) for v in store.room_votes("K7MQX4") if v.decision_seq == 2] == [(1, "Dee")]
    store.truncate_votes("K7MQX4", 2)
    # The leader removed someone: their vote at that decision goes (named by the stored hash).
    store.record_vote("K7MQX4", 1, "n1", "tok-cccccccc", 2)
    assert store.remove_vote("K7MQX4", 1, token_hash("tok-cccccccc")) == 1
    assert store.remove_vote("K7MQX4", 1, token_hash("tok-cccccccc")) == 0
    assert len(store.room_votes("K7MQX4")) == 2
    store.record_hands("K7MQX4", 1, "n1", {0: 3, 2: 5})
    store.record_hands("K7MQX4", 1, "n1", {1: 4})                       # typed again: replaces the set
    assert [(h.choice_index, h.count) for h in store.room_hands("K7MQX4")] == [(1, 4)]
    assert store.truncate_votes("K7MQX4", 1) == 1 and store.truncate_hands("K7MQX4", 1) == 1
    assert [r.code for r in store.rooms(open_only=True)] == ["K7MQX4"]
    store.close_room("K7MQX4")
    store.close_room("K7MQX4")                                          # twice is harmless
    assert store.rooms(open_only=True) == [] and store.room("K7MQX4").closed_at is not None
    with pytest.raises(StoreError, match="closed"):
        store.record_vote("K7MQX4", 0, "n0", "tok-aaaaaaaa", 1)
    with pytest.raises(NotFoundError):
        store.room("NOPE")
    with pytest.raises(NotFoundError):
        store.truncate_votes("NOPE", 0)


def test_the_rooms_lock_and_removals_are_kept(store):
    """What the leader did to guard a room survives in the store, by token hash only."""
    store.create_room("K7MQX4", "ray", "h1", "Ray")
    assert store.room("K7MQX4").locked is False and store.room_removed("K7MQX4") == []
    store.set_room_locked("K7MQX4", True)
    assert store.room("K7MQX4").locked is True
    assert [r.locked for r in store.rooms()] == [True]
    ana, bo = token_hash("tok-aaaaaaaa"), token_hash("tok-bbbbbbbb")
    store.record_vote("K7MQX4", 0, "n0", "tok-aaaaaaaa", 1)
    store.record_vote("K7MQX4", 1, "n1", "tok-aaaaaaaa", 2)
    store.record_vote("K7MQX4", 1, "n1", "tok-bbbbbbbb", 0)
    # Removed at decision 1: the vote there goes, in the same write; the one at 0 stays.
    assert store.remove_participants("K7MQX4", [ana], decision_seq=1) == 1
    assert [(v.decision_seq, v.participant) for v in store.room_votes("K7MQX4")] == [(0, ana), (1, bo)]
    assert store.remove_participants("K7MQX4", [bo, ana]) == 0     # again: kept once, first time
    assert store.room_removed("K7MQX4") == [ana, bo]
    with pytest.raises(ValueError, match="token hash"):             # a raw token is never stored
        store.remove_participants("K7MQX4", ["tok-cccccccc"])
    with pytest.raises(ValueError):
        store.remove_participants("K7MQX4", ana)                     # one string is not a list
    with pytest.raises(ValueError):
        store.set_room_locked("K7MQX4", 1)
    assert store.room_removed("K7MQX4") == [ana, bo]
    store.set_room_locked("K7MQX4", False)
    assert store.room("K7MQX4").locked is False
    with pytest.raises(NotFoundError):
        store.set_room_locked("NOPE", True)
    with pytest.raises(NotFoundError):
        store.remove_participants("NOPE", [ana])
    assert store.room_removed("NOPE") == []
    store.close_room("K7MQX4")
    with pytest.raises(StoreError, match="closed"):
        store.set_room_locked("K7MQX4", True)
    with pytest.raises(StoreError, match="closed"):
        store.remove_participants("K7MQX4", [token_hash("tok-dddddddd")])
    assert store.room_removed("K7MQX4") == [ana, bo] and store.room("K7MQX4").locked is False


# -- the xAPI outbox ------------------------------------------------------------------------------
def _st(n: int) -> dict:
    return {"id": f"00000000-0000-4000-8000-{n:012d}", "verb": {"id": "http://adlnet.gov/expapi/verbs/responded"}}


def test_profiles_have_stable_pseudonyms_and_attempts_a_registration(store):
    ana = store.profile("Ana")
    assert len(ana.pseudonym) == 32 and ana.pseudonym != store.profile("Bo").pseudonym
    assert store.profile("ana").pseudonym == ana.pseudonym
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    b = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", registration="6A0B5C2E-0000-4000-8000-000000000001")
    assert len(store.attempt(a).registration) == 36
    assert store.attempt(b).registration == "6a0b5c2e-0000-4000-8000-000000000001"
    with pytest.raises(ValueError, match="registration must be a UUID"):
        store.start_attempt("Ana", "ray", "h1", "Ray", "practice", registration="room-1")


def test_statements_enter_the_outbox_with_their_record_and_only_then(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", statements=[_st(1)])
    store.record_choice(a, 0, "n0", 0, "t", score={}, codes=[], critical=False, feedback="", statements=[_st(2)])
    with pytest.raises(StoreError):  # a refused write keeps its statements out too
        store.record_choice(a, 5, "n5", 0, "t", score={}, codes=[], critical=False, feedback="", statements=[_st(3)])
    with pytest.raises(ValueError):
        store.record_choice(a, 1, "n1", 0, "t", score={}, codes=[], critical=False, feedback="",
                            statements=[{"verb": "no id"}])
    store.finish_attempt(a, ending_id="e", ending_title="E", report=_report(), statements=[_st(4)])
    store.set_self_rating(a, "fair", statements=[_st(5)])
    store.create_room("K7MQX4", "ray", "h1", "Ray")
    store.record_vote("K7MQX4", 0, "n0", "tok-aaaaaaaa", 1, statements=[_st(6), _st(6)])  # one id, kept once
    items = store.outbox_claim(10, "me")
    assert [json_id(i.body) for i in items] == [_st(n)["id"] for n in (1, 2, 4, 5, 6)]
    assert [i.statement_id for i in items] == [_st(n)["id"] for n in (1, 2, 4, 5, 6)]
    assert store.outbox_status().waiting == 5


def json_id(body: str) -> str:
    import json
    return json.loads(body)["id"]


def test_the_outbox_leases_backs_off_rejects_and_counts(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", statements=[_st(n) for n in range(1, 6)])
    assert a
    first = store.outbox_claim(2, "game")
    assert [i.seq for i in first] == sorted(i.seq for i in first) and len(first) == 2
    second = store.outbox_claim(10, "sync")            # the game's lease holds: the other three
    assert len(second) == 3 and not {i.seq for i in first} & {i.seq for i in second}
    assert store.outbox_claim(10, "third") == []
    store.outbox_sent([i.seq for i in first])
    store.outbox_failed([second[0].seq], "The LRS answered 503", retry_in=600)
    store.outbox_reject([second[1].seq], "400: bad statement")
    assert store.outbox_release("sync") == 1            # the last one, still leased
    status = store.outbox_status()
    assert (status.waiting, status.rejected, status.sent) == (2, 1, 2)
    assert status.last_error == "The LRS answered 503" and status.next_try_at is not None
    assert [i.statement_id for i in store.outbox_claim(10, "x")] == [second[2].statement_id]  # not due yet
    assert len(store.outbox_claim(10, "y", due_only=False)) == 1   # the one backing off, when asked now
    assert store.outbox_rejected() == [(second[1].statement_id, "400: bad statement")]
    assert store.outbox_retry_rejected() == 1 and store.outbox_status().rejected == 0
    store.outbox_sent([])
    assert store.outbox_status().last_error is None


def test_a_full_outbox_keeps_the_oldest_and_counts_the_rest(store):
    store.outbox_limit = 3
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", statements=[_st(1), _st(2)])
    store.record_choice(a, 0, "n0", 0, "t", score={}, codes=[], critical=False, feedback="",
                        statements=[_st(3), _st(4)])
    store.record_choice(a, 1, "n1", 0, "t", score={}, codes=[], critical=False, feedback="", statements=[_st(5)])
    assert store.attempt(a).choice_count == 2                       # play is recorded all the same
    status = store.outbox_status()
    assert (status.waiting, status.dropped, status.full) == (3, 2, True)
    assert [i.statement_id for i in store.outbox_claim(10, "me")] == [_st(n)["id"] for n in (1, 2, 3)]


# -- the trainee's own words, replays and reflections (schema v4) ------------------------------

def test_a_reply_is_stored_before_its_choice_and_marked_before_choosing(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    store.record_reply(a, 0, "n0", "Four nights is a real change.\nTell me more?", seconds=12.5)
    with pytest.raises(StoreError, match="faces decision 0"):
        store.record_reply(a, 1, "n1", "too early", seconds=1)
    store.mark_closeness(a, 0, 2, closest_text="Option two")
    [reply] = store.attempt(a).replies
    assert (reply.seq, reply.node_id, reply.text, reply.skipped, reply.seconds) == \
        (0, "n0", "Four nights is a real change.\nTell me more?", False, 12.5)
    assert (reply.closeness, reply.closest_index, reply.closest_text) == ("option", 2, "Option two")
    assert reply.marked_at is not None and store.attempt(a).reply(0) == reply
    store.mark_closeness(a, 0, None)                                     # "none of these" replaces it
    assert (store.attempt(a).reply(0).closeness, store.attempt(a).reply(0).closest_text) == ("none", None)
    store.record_reply(a, 0, "n0", "Said again", seconds=3)              # writing again clears the mark
    assert (store.attempt(a).reply(0).text, store.attempt(a).reply(0).closeness) == ("Said again", None)
    _choose(store, a, 0)
    with pytest.raises(StoreError, match="comes before the choice"):
        store.mark_closeness(a, 0, 1, closest_text="late")               # the choice is made: no mark now
    with pytest.raises(StoreError, match="faces decision 1"):
        store.record_reply(a, 0, "n0", "rewritten after the feedback", seconds=1)


def test_a_skipped_reply_is_kept_as_skipped_and_cannot_be_marked(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    store.record_reply(a, 0, "n0", "", seconds=0.4, skipped=True)
    reply = store.attempt(a).reply(0)
    assert (reply.text, reply.skipped, reply.closeness) == ("", True, None)
    with pytest.raises(StoreError, match="no written reply"):
        store.mark_closeness(a, 0, None)
    with pytest.raises(StoreError, match="no written reply"):
        store.mark_closeness(store.start_attempt("Bo", "ray", "h1", "Ray", "practice"), 0, 1)


def test_bad_replies_are_refused(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    for text, kw in (("x" * 2001, {}), ("bell\x07", {}), ("words", {"skipped": True}), (3, {})):
        with pytest.raises(ValueError):
            store.record_reply(a, 0, "n0", text, seconds=1, **kw)
    for seconds in (-1, float("nan"), float("inf"), True, "2"):
        with pytest.raises(ValueError):
            store.record_reply(a, 0, "n0", "ok", seconds=seconds)
    store.record_reply(a, 0, "n0", "x" * 2000, seconds=1)                  # the limit itself is fine
    store.record_reply(a, 0, "n0", "tabs\tand\nnewlines", seconds=1)
    with pytest.raises(NotFoundError):
        store.record_reply(999, 0, "n0", "who?", seconds=1)
    store.finish_attempt(a, ending_id="e", ending_title="E", report=_report())
    with pytest.raises(StoreError, match="finished"):
        store.record_reply(a, 0, "n0", "after the end", seconds=1)


def test_taking_a_choice_back_keeps_the_words_at_that_decision_and_drops_later_ones(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    store.record_reply(a, 0, "n0", "first words", seconds=1)
    _choose(store, a, 0)
    store.record_reply(a, 1, "n1", "second words", seconds=1)
    _choose(store, a, 1)
    store.record_reply(a, 2, "n2", "third words", seconds=1)
    assert store.truncate_choices(a, 1) == 1
    assert [(r.seq, r.text) for r in store.attempt(a).replies] == [(0, "first words"), (1, "second words")]


def test_a_replay_is_a_new_practice_attempt_from_a_decision_of_its_parent(store):
    parent = store.start_attempt("Ana", "ray", "h1", "Ray", "assessment")
    for seq in range(3):
        _choose(store, parent, seq, index=seq)
    store.finish_attempt(parent, ending_id="e", ending_title="E", report=_report("fair", 0.6))
    replay = store.start_replay(parent, 3)
    got = store.attempt(replay)
    assert (got.profile, got.scenario_id, got.scenario_hash, got.mode, got.status) == \
        ("Ana", "ray", "h1", "practice", "open")
    assert (got.parent_attempt_id, got.from_decision, got.is_replay) == (parent, 3, True)
    assert [(c.seq, c.node_id, c.choice_index) for c in got.choices] == [(0, "n0", 0), (1, "n1", 1)]
    assert got.choice_count == 2
    _choose(store, replay, 2, index=1)                                   # it goes on from decision 3
    store.finish_attempt(replay, ending_id="e", ending_title="E", report=_report("good", 0.95))
    before = store.attempt(parent)
    assert before.mode == "assessment" and [c.choice_index for c in before.choices] == [0, 1, 2]
    assert not before.is_replay
    # The list shows both; the chart and the best levels count whole attempts only.
    assert [a.id for a in store.attempts("Ana")] == [replay, parent]
    assert [a.id for a in store.attempts("Ana", "ray", limit=1, whole=True)] == [parent]
    assert [p.attempt_id for p in store.progress_summary("Ana")["recognizing_improvement"]] == [parent]
    assert store.best_levels("Ana") == {"ray": "fair"}
    assert store.start_replay(parent, 1, source="terminal") > replay    # from the first decision: no copies
    assert store.attempt(store.start_replay(replay, 1)).parent_attempt_id == replay


def test_a_replay_needs_a_decision_its_parent_made(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "practice")
    _choose(store, a, 0)
    with pytest.raises(StoreError, match="no decision 2"):
        store.start_replay(a, 2)
    for bad in (0, -1, "1"):
        with pytest.raises(ValueError):
            store.start_replay(a, bad)
    with pytest.raises(ValueError):
        store.start_replay(a, 1, source="workshop")
    with pytest.raises(NotFoundError):
        store.start_replay(999, 1)
    room = store.start_attempt("Ana", "ray", "h1", "Ray", "practice", source="workshop", workshop_room="K7MQX4")
    _choose(store, room, 0)
    with pytest.raises(StoreError, match="workshop"):
        store.start_replay(room, 1)


def test_a_reflection_is_kept_replaced_and_cleared(store):
    a = store.start_attempt("Ana", "ray", "h1", "Ray", "assessment")
    assert store.attempt(a).reflection is None
    store.finish_attempt(a, ending_id="e", ending_title="E", report=_report())
    store.set_reflection(a, "I would ask before advising.")             # after the end, like the rating
    assert store.attempt(a).reflection == "I would ask before advising."
    store.set_reflection(a, "Slow down.\nReflect first.")
    assert store.attempt(a).reflection == "Slow down.\nReflect first."
    store.set_reflection(a, "   ")
    assert store.attempt(a).reflection is None
    store.set_reflection(a, "again")
    store.set_reflection(a, None)
    assert store.attempt(a).reflection is None
    with pytest.raises(ValueError):
        store.set_reflection(a, "x" * 4001)
    with pytest.raises(NotFoundError):
        store.set_reflection(999, "who?")
