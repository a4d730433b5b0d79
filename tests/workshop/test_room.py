"""The room model: phases, one vote per person per decision, ties, going back, summaries, debrief."""
from __future__ import annotations

import pytest

from hrtraining.workshop import (NOTES, CLOSED, CODE_ALPHABET, ENDED, FEEDBACK, OPEN, REVEALED, WAITING, Room,
                                 RoomError, TieError, clean_nickname, group_debrief, leaderboard, new_code,
                                 normalize_code, private_summary)


def people(room: Room, n: int, **names) -> list[str]:
    return [room.join(None, names.get(str(i)))[0].token for i in range(n)]


def test_codes_are_unambiguous_and_normalised():
    for _ in range(200):
        code = new_code()
        assert len(code) == 6 and set(code) <= set(CODE_ALPHABET)
    assert not set("0O1IL5S2Z8B") & set(CODE_ALPHABET)
    assert normalize_code(" k7m-qx4 ") == "K7MQX4"
    for bad in ("K7MQX", "K7MQX44", "K0MQX4", "KIMQX4", 123456, None, "K7MQX4" * 10):
        assert normalize_code(bad) is None


def test_nicknames_are_cleaned_and_bounded():
    assert clean_nickname("  Ana\u200b \n Maria\x00 ") == "Ana Maria"
    assert clean_nickname(None) == "" and clean_nickname("") == ""
    assert clean_nickname("x" * 32) == "x" * 32
    with pytest.raises(RoomError, match="too long"):
        clean_nickname("x" * 33)
    with pytest.raises(RoomError):
        clean_nickname(42)
    assert clean_nickname("<img src=x onerror=alert(1)>") == "<img src=x onerror=alert(1)>"  # text, shown as text


def test_phases_in_order_and_refusals(golden):
    room = Room(*golden)
    a, b = people(room, 2)
    # The content notes come before the first line; the leader begins the story.
    assert room.phase == NOTES and room.notes == ("test-note",)
    with pytest.raises(RoomError, match="not opened yet"):
        room.vote(a, 0, 1)
    with pytest.raises(RoomError, match="content notes"):
        room.reveal()
    room.begin()
    with pytest.raises(RoomError, match="cannot begin"):
        room.begin()
    assert room.phase == WAITING and room.seq == 0 and room.step.node_id == "opening"
    with pytest.raises(RoomError, match="not opened yet"):
        room.vote(a, 0, 1)
    with pytest.raises(RoomError):
        room.close_vote()
    with pytest.raises(RoomError):
        room.reveal()
    room.open_vote()
    assert room.phase == OPEN
    room.vote(a, 0, 1)
    room.close_vote()
    assert room.phase == CLOSED
    with pytest.raises(RoomError, match="not open"):
        room.vote(b, 0, 2)
    room.open_vote()  # the leader may reopen a closed vote
    room.vote(b, 0, 1)
    room.reveal()  # reveal closes an open vote
    assert room.phase == REVEALED
    room.show_feedback()
    assert room.phase == FEEDBACK
    room.go_on()
    assert room.phase == WAITING and room.seq == 1 and room.step.node_id == "middle"


def test_one_vote_per_person_revote_replaces_and_counts_hide_choices(golden):
    room = Room(*golden)
    a, b, c = people(room, 3)
    room.open_vote()
    room.vote(a, 0, 1)
    room.vote(a, 0, 2)
    room.vote(a, 0, 2)
    room.vote(b, 0, 1)
    assert room.voted_count() == 2
    assert room.distribution() == {1: 1, 2: 1, 3: 0}
    assert room.vote_of(a) == 2 and room.vote_of(c) is None
    for seq, number, match in [(1, 1, "no such decision"), (-1, 1, "no such decision"), (0, 4, "no choice 4"),
                               (0, 0, "no choice 0"), ("0", 1, "whole number"), (0, "1", "whole number"),
                               (0, True, "whole number"), (0.0, 1, "whole number")]:
        with pytest.raises(RoomError, match=match):
            room.vote(c, seq, number)
    with pytest.raises(RoomError, match="join"):
        room.vote("unknown-token-123", 0, 1)
    room.reveal()
    room.go_on(2)  # the leader overrides the tie
    room.open_vote()
    with pytest.raises(RoomError, match="over"):
        room.vote(a, 0, 1)


def test_majority_ties_and_overrides(golden):
    room = Room(*golden)
    a, b, c = people(room, 3)
    room.open_vote()
    with pytest.raises(TieError, match="nobody has voted") as e:
        room.go_on()
    assert e.value.tied == (1, 2, 3)
    room.vote(a, 0, 1)
    room.vote(b, 0, 2)
    with pytest.raises(TieError, match="tied between 1 and 2") as e:
        room.go_on()
    assert e.value.tied == (1, 2) and room.tie == (1, 2) and room.step.node_id == "opening"
    decided, _ = room.go_on(1)
    assert decided.how == "tie" and room.step.node_id == "middle"
    room.back()
    room.vote(c, 0, 1) if room.phase == OPEN else None
    room.open_vote()
    room.vote(c, 0, 2)
    decided, _ = room.go_on()
    assert decided.number == 2 and decided.how == "majority"
    room.back()
    decided, _ = room.go_on(1)  # the leader may override the room's majority at any time
    assert decided.how == "leader"


def test_show_of_hands_adds_to_phone_votes(golden):
    room = Room(*golden)
    a, = people(room, 1)
    room.open_vote()
    room.vote(a, 0, 3)
    room.set_hands({1: 4, 2: 1})
    assert room.distribution() == {1: 4, 2: 1, 3: 1}
    room.set_hands({2: 7})  # replaces the earlier counts
    assert room.distribution() == {1: 0, 2: 7, 3: 1}
    with pytest.raises(RoomError):
        room.set_hands({5: 1})
    with pytest.raises(RoomError):
        room.set_hands({1: -1})
    assert room.go_on()[0].number == 2


def test_back_undoes_keeps_votes_there_and_drops_later_ones(golden):
    room = Room(*golden)
    a, b = people(room, 2)
    with pytest.raises(RoomError, match="first decision"):
        room.back()
    room.open_vote()
    room.vote(a, 0, 2)  # "Four nights, you said?" -> ask-again (a continue node) -> opening again
    room.vote(b, 0, 2)
    room.go_on()
    assert room.seq == 1 and room.step.node_id == "opening"
    assert [l.text for l in room.step.lines][:2] == ["Four nights, you said?", "Yes. Four. Is that not good enough?"]
    room.open_vote()
    room.vote(a, 1, 1)
    assert room.back() == 0
    assert room.seq == 0 and room.phase == CLOSED and room.distribution() == {1: 0, 2: 2, 3: 0}
    assert 1 not in room.votes
    assert room.session.state.node == "opening" and len(room.session.state.taken) == 0


def test_story_end_and_leader_end(golden):
    room = Room(*golden)
    a, = people(room, 1)
    room.open_vote()
    room.vote(a, 0, 3)  # the critical ultimatum: Jo walks out
    room.go_on()
    assert room.finished and room.phase == ENDED and not room.step.options
    with pytest.raises(RoomError, match="ended"):
        room.go_on(1)
    room.back()
    assert room.phase == CLOSED and not room.finished
    room.end()
    assert room.ended and room.phase == ENDED


def test_private_summary_replays_when_the_votes_form_a_path(golden):
    room = Room(*golden)
    a, b = people(room, 2)
    room.open_vote()
    room.vote(a, 0, 1)
    room.vote(b, 0, 3)  # b wanted the ultimatum; the leader took a's choice
    room.go_on(1)
    room.open_vote()
    room.vote(a, 1, 2)
    room.vote(b, 1, 1)
    room.go_on(2)
    sa, sb = private_summary(room, a), private_summary(room, b)
    assert sa["method"] == "replay" and sa["voted"] == 2 and sa["decisions"] == 2
    scores = {d["id"]: d for d in sa["scores"]}
    # scoring v2: opening offered RI 2 (a took 2), middle at trust 3 offered RI 2 (a took 1)
    assert scores["recognizing_improvement"]["points"] == 3 and scores["recognizing_improvement"]["possible"] == 4
    # b's first choice leads to 'walks-out', not to the room's second decision: summed instead.
    assert sb["method"] == "sum" and sb["critical"] == 1
    sb_scores = {d["id"]: d for d in sb["scores"]}
    assert sb_scores["avoiding_perfectionism"]["level"] == "beginning"  # the critical cap
    # Summed against what the room was offered at each decision: RI 0 + 2 of 2 + 2 (not 2 of 2,
    # which counting only b's own choices as "offered" would give).
    assert (sb_scores["recognizing_improvement"]["points"], sb_scores["recognizing_improvement"]["possible"]) == (2, 4)
    assert [c["same"] for c in sb["choices"]] == [False, False]
    # only the dimensions a's decisions assessed are listed (no choice offered scores the others)
    assert {d["id"] for d in sa["scores"]} == {"recognizing_improvement", "avoiding_perfectionism",
                                               "respecting_choice"}
    assert all(d["level"] is not None and "best" not in d for d in sa["scores"])
    # someone who never voted gets an empty, honest summary
    c, _ = room.join()
    assert private_summary(room, c.token)["voted"] == 0


def test_debrief_path_distribution_and_hardest(golden):
    room = Room(*golden)
    ts = people(room, 4)
    room.open_vote()
    for t, n in zip(ts, [1, 1, 1, 2]):
        room.vote(t, 0, n)
    room.go_on()
    room.open_vote()
    for t, n in zip(ts, [1, 2, 1, 2]):
        room.vote(t, 1, n)
    room.go_on(1)
    d = group_debrief(room)
    assert [p.chosen for p in d.decisions] == [1, 1]
    assert d.decisions[0].options[0].votes == 3 and d.decisions[0].votes == 4
    assert d.hardest == (1,)  # 50/50 split the room; 75/25 is a clear majority
    assert [p.how_label for p in d.decisions] == ["majority", "tie — leader picked"]
    assert d.finished and d.ending_title


def test_leaderboard_is_off_by_default_and_shows_only_nicknames(golden):
    room = Room(*golden)
    ana, _ = room.join(None, "Ana")
    anon, _ = room.join(None, None)
    room.open_vote()
    room.vote(ana.token, 0, 1)
    room.vote(anon.token, 0, 1)
    assert leaderboard(room) == []
    room.leaderboard = True
    assert [r[0] for r in leaderboard(room)] == ["Ana"]


def test_join_with_a_token_is_the_same_person(golden):
    room = Room(*golden)
    p, new = room.join(None, "Ana")
    assert new
    again, new = room.join(p.token, None)
    assert again is p and not new and again.nickname == "Ana"
    renamed, _ = room.join(p.token, "Ana B")
    assert renamed.nickname == "Ana B"
    stranger, new = room.join("made-up-token-xyz", None)
    assert new and stranger.token != "made-up-token-xyz"


def test_restore_rebuilds_path_votes_and_participants(golden):
    sc, rubric = golden
    room = Room(sc, rubric)
    a, b = people(room, 2)
    room.open_vote()
    room.vote(a, 0, 1)
    room.vote(b, 0, 1)
    room.go_on()
    room.open_vote()
    room.vote(a, 1, 2)
    taken = list(room.session.state.taken)
    votes = [(seq, room.steps[seq].node_id, t, "Ana" if t == a else None, i)
             for seq, by in room.votes.items() for t, i in by.items()]
    back = Room.restore(sc, rubric, room.code, taken, votes)
    assert back.seq == 1 and back.step.node_id == "middle"
    assert back.vote_of(a) == 2 and back.participants[a].nickname == "Ana"
    assert back.decided[0].how == "majority" and back.phase == CLOSED


def looping(golden):
    """The golden scenario with its "ask again" continue node pointing at itself: choice 2 at the
    opening leads into continue nodes that loop with no decision (a validator error soon, HR067;
    a room playing such a file must still not break)."""
    from dataclasses import replace

    from hrtraining.engine import Branch
    sc, rubric = golden
    nodes = dict(sc.nodes)
    nodes["ask-again"] = replace(nodes["ask-again"], branches=(Branch("ask-again"),))
    return replace(sc, nodes=nodes, _analysis=None), rubric


def test_a_choice_into_a_continue_loop_is_refused_and_changes_nothing(golden):
    room = Room(*looping(golden))
    a, b = people(room, 2)
    room.open_vote()
    room.vote(a, 0, 2)
    room.reveal()
    version = room.version
    with pytest.raises(RoomError, match="choice 2 cannot be played.*loops.*stays at decision 1"):
        room.go_on()  # the majority leads into the loop
    assert room.seq == 0 and room.decided == [] and len(room.steps) == 1 and room.phase == REVEALED
    assert room.session.state.taken == [] and room.session.state.node == "opening"
    assert room.vote_of(a) == 2 and room.version == version
    with pytest.raises(RoomError, match="choice 2 cannot be played"):
        room.go_on(2)  # again: still refused, still nothing changed
    decided, outcome = room.go_on(1)  # the room goes on by another choice
    assert decided.number == 1 and outcome.choice.next == "middle"
    assert room.seq == 1 and room.step.node_id == "middle" and room.phase == WAITING
    assert room.back() == 0 and room.step.node_id == "opening"


def test_a_continue_loop_keeps_the_workshop_and_its_record_consistent(golden, store):
    from hrtraining.workshop import Workshop, find_room_attempt
    w = Workshop.create(*looping(golden), store)
    with pytest.raises(RoomError, match="cannot be played"):
        w.go_on(2)
    assert "cannot be played" in w.snapshot.notice and w.snapshot.seq == 0
    w.go_on(1)
    w.flush()
    assert [(c.node_id, c.choice_index) for c in find_room_attempt(store, w.room.code).choices] == \
        [("opening", 0)]
    assert w.write_failures == 0 and w.snapshot.node_id == "middle"
    w.close()


def test_the_headless_leader_survives_a_continue_loop(golden):
    import io

    from hrtraining.cli._workshop import headless
    from hrtraining.workshop import Workshop
    w = Workshop.create(*looping(golden))

    class Server:
        base_url, url = "http://127.0.0.1:1/", "http://127.0.0.1:1/?room=" + w.room.code
    keys = iter(["2\n", "2\n", "1\n", "q\n", "y\n"])
    out = io.StringIO()
    assert headless(w, Server(), lambda: next(keys), out) == 0
    text = out.getvalue()
    assert text.count("! choice 2 cannot be played") == 2 and "Decision 2" in text
    assert w.room.step.node_id == "middle"
    w.close()


def test_hands_alone_make_a_closed_vote(golden):
    room = Room(*golden)
    room.set_hands({1: 1, 2: 5, 3: 0})
    assert room.phase == CLOSED and room.hands_count() == 6
    room.reveal()
    assert room.distribution() == {1: 1, 2: 5, 3: 0}
    room.show_feedback()
    decided, _ = room.go_on()
    assert decided.number == 2 and decided.how == "majority"
    # all zeros is no vote: the room still waits
    room.set_hands({1: 0, 2: 0})
    assert room.phase == WAITING
    # hands typed while the phone vote is open keep it open, and add to it
    a, = people(room, 1)
    room.open_vote()
    room.vote(a, 1, 1)
    room.set_hands({2: 2})
    assert room.phase == OPEN and room.distribution()[2] == 2 and room.distribution()[1] == 1


def test_how_each_decision_was_made_is_labelled_truthfully(golden):
    room = Room(*golden)
    a, b, c = people(room, 3)
    decided, _ = room.go_on(2)  # nobody voted: the leader chose
    assert decided.how == "none"
    room.back()
    room.open_vote()
    room.vote(a, 0, 1)
    room.vote(b, 0, 1)
    room.vote(c, 0, 2)
    decided, _ = room.go_on(2)  # against a 2–1 majority
    assert decided.how == "leader"
    room.back()
    room.open_vote()
    room.vote(c, 0, 3)  # 2–0–1... make it a tie 1–1–1
    room.vote(b, 0, 2)
    decided, _ = room.go_on(3)
    assert decided.how == "tie"
    from hrtraining.practice.words import HOW_LABELS
    assert set(HOW_LABELS.values()) == {"majority", "tie — leader picked", "leader's choice (override)",
                                        "leader's choice (no votes)"}


def test_hardest_marks_only_really_split_decisions(golden):
    from hrtraining.workshop._results import debrief
    room = Room(*golden)
    ts = people(room, 6)
    room.open_vote()
    for t, n in zip(ts, [1, 1, 1, 1, 1, 2]):  # 5–1: a clear majority
        room.vote(t, 0, n)
    room.go_on()
    d = debrief(room)
    assert d.hardest == () and d.decisions[0].how_label == "majority"
    room.back()
    room.open_vote()
    for t, n in zip(ts, [1, 1, 1, 2, 2, 3]):  # 3–2–1: 50% top share, split
        room.vote(t, 0, n)
    room.go_on()
    assert debrief(room).hardest == (0,)
    room.back()
    room.open_vote()
    for t, n in zip(ts, [1, 2, 2, 2, 1, 1]):  # 3-3: a tie
        room.vote(t, 0, n)
    room.go_on(2)
    room.open_vote()
    room.vote(ts[0], 1, 1)  # one vote is never "hardest"
    room.go_on()
    d = debrief(room)
    assert d.hardest == (0,) and d.decisions[0].how_label == "tie — leader picked"


def test_people_tied_with_the_last_leaderboard_place_are_all_on_it(golden):
    room = Room(*golden)
    room.leaderboard = True
    people = [room.join(None, f"P{i}")[0] for i in range(7)]
    room.open_vote()
    for p in people:
        room.vote(p.token, 0, 1)  # everyone chose alike: seven people tied
    assert len(leaderboard(room, limit=5)) == 7
