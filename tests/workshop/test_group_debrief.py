"""The group debrief as a typed model: built from a room, with the sentences every front end lays out."""
from __future__ import annotations

import dataclasses

import pytest

from hrtraining.practice import Skill
from hrtraining.workshop import GroupDebrief, RoomDecision, Room, group_debrief
from hrtraining.workshop._report import rows, to_html


def people(room: Room, n: int) -> list[str]:
    return [room.join(None, None)[0].token for _ in range(n)]


def finished_room(golden) -> Room:
    room = Room(*golden)
    ts = people(room, 4)
    room.open_vote()
    for t, n in zip(ts, [1, 1, 1, 2]):  # 75/25: a clear majority
        room.vote(t, 0, n)
    room.go_on()
    room.open_vote()
    for t, n in zip(ts, [1, 2, 1, 2]):  # 50/50: a tie the leader breaks, the hardest
        room.vote(t, 1, n)
    room.go_on(1)
    return room


def test_built_from_a_room_it_is_frozen_and_typed(golden):
    room = finished_room(golden)
    d = group_debrief(room)
    assert isinstance(d, GroupDebrief) and d == GroupDebrief.from_room(room)
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.title = "x"  # type: ignore[misc]
    assert all(isinstance(p, RoomDecision) for p in d.decisions)
    assert d.title == room.scenario.title and d.client == room.scenario.client.name and d.participants == 4
    # the skills are the engine's one shape, only those that decide the level
    assert d.skills and all(isinstance(s, Skill) and s.required for s in d.skills)
    assert [p.hardest for p in d.decisions] == [False, True] and d.hardest_decisions == (d.decisions[1],)
    first = d.decisions[0]
    assert [o.chosen for o in first.options] == [o.number == first.chosen for o in first.options]
    assert first.options[0].share == pytest.approx(0.75)


def test_its_sentences(golden):
    d = group_debrief(finished_room(golden))
    assert d.finished and d.ending_title
    assert d.ending_line() == f"Ending: {d.ending_title}"
    assert d.ending_phrase == f"ending: {d.ending_title}"
    assert d.subtitle == f"4 took part · 2 decisions · ending: {d.ending_title}"
    assert d.facts_line == f"4 participants · ending: {d.ending_title}"
    first, second = d.decisions
    assert first.title == "Decision 1 · majority · 4 votes"
    assert first.line == "Decision 1: chose 1 (majority), 4 votes"
    assert second.line == "Decision 2: chose 1 (tie — leader picked), 4 votes  (hardest)"
    assert second.split_line == "Decision 2: split 50% / 50%"
    assert first.options[0].line.endswith("  ✓ the room's choice") and not first.options[1].line.endswith("choice")
    assert d.skill_lines == tuple(f"{s.name}: {s.level.capitalize()}" for s in d.assessed)


def test_a_room_stopped_before_an_ending(golden):
    room = Room(*golden)
    (t,) = people(room, 1)
    room.open_vote()
    room.vote(t, 0, 1)
    room.go_on()
    d = group_debrief(room)
    assert not d.finished and d.ending_title == "" and d.hardest == ()
    assert d.ending_line() == "The conversation was stopped before an ending."
    assert d.subtitle == "1 took part · 1 decision · stopped before an ending"
    assert d.decisions[0].line == "Decision 1: chose 1 (majority), 1 vote"
    page = to_html(rows(room), d.title, room.code, d)
    assert "<p>1 participant · stopped before an ending</p>" in page
