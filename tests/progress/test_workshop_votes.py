"""Workshop rooms, votes and hand counts: one vote per participant per decision, and the
leader's show-of-hands counts, stored on arrival."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hrtraining.progress import NotFoundError, Store, StoreError, token_hash


def test_votes_upsert_per_participant_and_decision(data_dir: Path) -> None:
    ticks = iter(range(10_000))
    clock = lambda: datetime(2025, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=next(ticks))
    store = Store.open(data_dir, clock=clock)
    room = store.create_room("K7M2QX", "ray", "hash-1", "Ray")
    assert room.closed_at is None and store.room("K7M2QX") == room
    store.record_vote("K7M2QX", 0, "start", "tok-a", 1, nickname="Ana")
    store.record_vote("K7M2QX", 0, "start", "tok-b", 2)
    store.record_vote("K7M2QX", 0, "start", "tok-a", 3, nickname="Ana")  # re-vote replaces
    store.record_vote("K7M2QX", 1, "second", "tok-a", 0, nickname="  ")  # blank = anonymous
    votes = store.room_votes("K7M2QX")
    a, b = token_hash("tok-a"), token_hash("tok-b")  # only hashes are kept, never the token
    assert [(v.decision_seq, v.participant, v.choice_index, v.nickname) for v in votes] == [
        (0, b, 2, None), (0, a, 3, "Ana"), (1, a, 0, None)]
    assert store.room_votes("NOROOM") == []
    store.close()


def test_going_back_a_step_drops_later_votes(store: Store) -> None:
    store.create_room("ROOM01", "ray", "h", "Ray")
    for seq in range(3):
        for p in ("a", "b"):
            store.record_vote("ROOM01", seq, f"n{seq}", p, seq)
    assert store.truncate_votes("ROOM01", 1) == 4
    assert {v.decision_seq for v in store.room_votes("ROOM01")} == {0}
    store.record_vote("ROOM01", 1, "other-node", "a", 2)
    assert store.room_votes("ROOM01")[-1].node_id == "other-node"


def test_room_lifecycle_and_errors(store: Store) -> None:
    store.create_room("ROOM01", "ray", "h", "Ray")
    with pytest.raises(StoreError, match="taken"):
        store.create_room("ROOM01", "mia", "h", "Mia")
    store.create_room("ROOM02", "mia", "h", "Mia")
    store.close_room("ROOM01")
    store.close_room("ROOM01")
    assert [r.code for r in store.rooms(open_only=True)] == ["ROOM02"]
    assert {r.code for r in store.rooms()} == {"ROOM01", "ROOM02"}
    with pytest.raises(StoreError, match="closed"):
        store.record_vote("ROOM01", 0, "n", "p", 0)
    with pytest.raises(NotFoundError):
        store.record_vote("NOPE", 0, "n", "p", 0)
    with pytest.raises(NotFoundError):
        store.room("NOPE")
    with pytest.raises(NotFoundError):
        store.close_room("NOPE")
    for args in [("ROOM02", -1, "n", "p", 0), ("ROOM02", 0, "", "p", 0),
                 ("ROOM02", 0, "n", "", 0), ("ROOM02", 0, "n", "p", -2),
                 ("ROOM02", "0", "n", "p", 0), ("ROOM02", 0, "n", "p", True)]:
        with pytest.raises(ValueError):
            store.record_vote(*args)


def test_hand_counts_replace_per_decision_and_go_back_with_the_room(store: Store) -> None:
    store.create_room("ROOM01", "ray", "h", "Ray")
    store.record_hands("ROOM01", 0, "start", {1: 4, 0: 9})
    store.record_hands("ROOM01", 1, "middle", {2: 3})
    hands = store.room_hands("ROOM01")
    assert [(h.decision_seq, h.node_id, h.choice_index, h.count) for h in hands] == [
        (0, "start", 0, 9), (0, "start", 1, 4), (1, "middle", 2, 3)]
    assert all(h.room_code == "ROOM01" and h.counted_at for h in hands)
    # Typing the counts again replaces the decision's whole set, not just the choices given.
    store.record_hands("ROOM01", 0, "start", {2: 5})
    assert [(h.decision_seq, h.choice_index, h.count) for h in store.room_hands("ROOM01")] == [
        (0, 2, 5), (1, 2, 3)]
    store.record_hands("ROOM01", 1, "middle", {})  # all counts cleared
    assert [h.decision_seq for h in store.room_hands("ROOM01")] == [0]
    store.record_hands("ROOM01", 1, "middle", {0: 0, 1: 2})  # zero is a count too
    store.record_hands("ROOM01", 2, "late", {0: 1})
    assert store.truncate_hands("ROOM01", 1) == 3
    assert [h.decision_seq for h in store.room_hands("ROOM01")] == [0]
    assert store.room_hands("NOROOM") == []


def test_hand_count_errors(store: Store) -> None:
    store.create_room("ROOM01", "ray", "h", "Ray")
    store.record_hands("ROOM01", 0, "start", {0: 1})
    for args in [("ROOM01", -1, "n", {0: 1}), ("ROOM01", 0, "", {0: 1}),
                 ("", 0, "n", {0: 1}), ("ROOM01", 0, "n", {-1: 1}),
                 ("ROOM01", 0, "n", {0: -1}), ("ROOM01", 0, "n", {0: True}),
                 ("ROOM01", 0, "n", {"0": 1}), ("ROOM01", 0, "n", [(0, 1)]),
                 ("ROOM01", "0", "n", {0: 1})]:
        with pytest.raises(ValueError):
            store.record_hands(*args)
    assert [(h.choice_index, h.count) for h in store.room_hands("ROOM01")] == [(0, 1)]
    with pytest.raises(NotFoundError):
        store.record_hands("NOPE", 0, "n", {0: 1})
    with pytest.raises(NotFoundError):
        store.truncate_hands("NOPE", 0)
    with pytest.raises(ValueError):
        store.truncate_hands("ROOM01", -1)
    store.close_room("ROOM01")
    with pytest.raises(StoreError, match="closed"):
        store.record_hands("ROOM01", 0, "start", {0: 2})
    assert [(h.choice_index, h.count) for h in store.room_hands("ROOM01")] == [(0, 1)]


def test_votes_survive_the_leaders_game(data_dir: Path, run_python) -> None:
    """Votes and hand counts are committed on arrival: a new process sees them and can
    resume the room."""
    run_python(
        """
        import os, sys
        from hrtraining.progress import Store
        store = Store.open(sys.argv[1])
        store.create_room("CRASH1", "ray", "h", "Ray")
        store.start_attempt("Leader", "ray", "h", "Ray", "practice", source="workshop",
                            workshop_room="CRASH1")
        for i in range(25):
            store.record_vote("CRASH1", 0, "start", f"p{i}", i % 4)
        store.record_hands("CRASH1", 0, "start", {0: 3, 2: 5})  # the no-network fallback
        os._exit(0)  # no close(), like a crash
        """,
        str(data_dir),
    )
    with Store.open(data_dir) as store:
        [room] = store.rooms(open_only=True)
        assert room.code == "CRASH1"
        assert len(store.room_votes("CRASH1")) == 25
        assert {h.choice_index: h.count for h in store.room_hands("CRASH1")} == {0: 3, 2: 5}
        [attempt] = store.unfinished_attempts("Leader")
        assert attempt.workshop_room == "CRASH1" and attempt.source == "workshop"
        assert store.room_attempt("CRASH1") == attempt
        assert store.room_attempt("OTHER1") is None
