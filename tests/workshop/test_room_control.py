"""The leader's control of the room: content notes first, pause, lock, remove, step out, honest
counts, an ended room reopened for its debrief, the leader's report and tied ranks."""
from __future__ import annotations

import csv
import io

import pytest

from hrtraining.progress import token_hash
from hrtraining.workshop import (MAX_PARTICIPANTS, NOTES, WAITING, RoomError, Workshop, presenter, ranked,
                                 roster_lines, save_report)
from hrtraining.workshop import _report


def test_content_notes_come_before_the_first_line_everywhere(golden):
    w = Workshop.create(*golden)
    v = w.snapshot
    assert v.phase == NOTES and v.notes == ("test-note",)
    assert v.lines == () and v.options == () and v.choices == 3  # the story is not shown yet
    state = w.public_state()
    assert state["notes"] == ["test-note"] and state["lines"] == [] and state["options"] == []
    assert "Enter begins the story" in presenter(v).next_step
    w.begin()
    v = w.snapshot
    assert v.phase == WAITING and v.lines and len(v.options) == 3
    assert w.public_state()["lines"][0]["text"]
    w.close()


def test_pause_lock_and_the_presenter_flags(golden):
    w = Workshop.create(*golden)
    assert w.toggle_pause() and w.snapshot.paused and w.public_state()["paused"]
    assert any("Paused" in f for f in presenter(w.snapshot).flags)
    assert not w.toggle_pause() and not w.snapshot.paused
    ana, _ = w.join(None, "Ana")
    assert w.toggle_lock()
    with pytest.raises(RoomError, match="locked"):
        w.join(None, "Late")
    again, new = w.join(ana.token, None)  # someone coming back is let in
    assert not new and again.key == ana.key
    assert any("locked" in f for f in presenter(w.snapshot).flags)
    w.close()


def test_the_leader_removes_a_ballot_stuffer(golden, store):
    w = Workshop.create(*golden, store, "Leader")
    real, _ = w.join(None, "Ana")
    fakes = [w.join(None, None)[0] for _ in range(3)]
    w.open_vote()
    w.vote(real.token, 0, 1)
    for f in fakes:
        w.vote(f.token, 0, 2).result(5)
    assert w.room.distribution() == {1: 1, 2: 3, 3: 0}
    roster = w.roster()
    assert [e.label for e in roster] == ["Ana", "Anonymous 2", "Anonymous 3", "Anonymous 4"]
    assert roster_lines(roster)[0] == "1. Ana · here · voted"
    for e in roster[1:]:
        assert w.remove(e.key).startswith("Anonymous")
    w.flush()
    assert w.room.distribution() == {1: 1, 2: 0, 3: 0} and w.snapshot.voted == 1
    assert [v.participant for v in store.room_votes(w.room.code)] == [real.key]  # gone from the record too
    assert w.removed(fakes[0].token)
    with pytest.raises(RoomError, match="removed"):
        w.join(fakes[0].token, None)
    with pytest.raises(RoomError, match="removed"):
        w.vote(fakes[0].token, 0, 2)
    assert [e.label for e in w.roster()] == ["Ana"]
    w.close()


def test_removing_someone_later_never_changes_how_an_earlier_decision_was_made(golden):
    """Their vote at the current decision goes; earlier decisions keep theirs (the room went on
    with them): the counts, the report and how each decision was made stay as they were."""
    w = Workshop.create(*golden)
    w.begin()
    ana, bo, cy = (w.join(None, n)[0] for n in ("Ana", "Bo", "Cy"))
    w.open_vote()
    for p, n in ((ana, 1), (bo, 1), (cy, 2)):
        w.vote(p.token, 0, n).result(5)
    w.go_on(1)
    before = (w.room.distribution(0), [d.how for d in w.room.decided])
    w.remove(bo.key)
    w.flush()
    assert (w.room.distribution(0), [d.how for d in w.room.decided]) == before
    assert before[0][1] == 2
    w.close()


def test_counts_leave_out_people_who_left_for_a_whole_decision_and_who_stepped_out(golden):
    w = Workshop.create(*golden)
    people = [w.join(None, None)[0] for _ in range(4)]
    w.open_vote()
    w.vote(people[0].token, 0, 1)
    w.step_out(people[1].token)
    assert w.stepped_out(people[1].token) and w.snapshot.stepped_out == 1
    assert (w.snapshot.voted, w.snapshot.participants) == (1, 3)  # stepping out takes you out of "of N"
    w.step_out(people[1].token, False)
    w.leave(people[2].token)  # a phone that locks its screen still counts for now
    w.leave(people[3].token)
    assert w.snapshot.participants == 4 and w.snapshot.connected == 2
    w.go_on(1)
    assert w.snapshot.participants == 4  # gone during the decision before: still counted
    w.go_on(1)
    # Gone for a whole decision: no longer counted, and (never having voted) forgotten.
    assert w.snapshot.participants == 2
    assert token_hash(people[3].token) not in w.room.participants
    assert token_hash(people[0].token) in w.room.participants  # they voted: kept for their summary
    w.close()


def test_a_full_room_counts_only_people_present(golden, monkeypatch):
    from hrtraining.workshop import _host
    monkeypatch.setattr(_host, "MAX_PARTICIPANTS", 3)
    w = Workshop.create(*golden)
    ghosts = [w.join(None, None)[0] for _ in range(3)]
    with pytest.raises(RoomError, match="full"):
        w.join(None, None)
    for g in ghosts:
        w.leave(g.token)
    w.go_on(1)
    w.go_on(1)
    assert w.join(None, "Latecomer")[0].nickname == "Latecomer"  # the ghosts no longer hold the room
    assert MAX_PARTICIPANTS >= 200
    w.close()


def test_an_ended_room_can_be_reopened_for_its_debrief_and_report(golden, store, tmp_path):
    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    ana, _ = w.join(None, "Ana")
    w.open_vote()
    w.vote(ana.token, 0, 1)
    w.go_on()
    w.end()
    w.flush()
    code = w.room.code
    w.close()
    with pytest.raises(RoomError, match="ended"):
        Workshop.resume(sc, rubric, store, code)
    again = Workshop.review(sc, rubric, store, code.lower())
    assert again.snapshot.debrief is not None and again.snapshot.ended and again.read_only
    assert again.summary(ana.token)["voted"] == 1  # Ana's phone can have her summary again
    before = len(store.room_votes(code))
    again.toggle_leaderboard()
    again.flush()
    assert len(store.room_votes(code)) == before
    paths = save_report(again, tmp_path / "reports")
    assert [p.suffix for p in paths] == [".csv", ".html"]
    rows = list(csv.DictReader(io.StringIO(paths[0].read_text("utf-8-sig"))))
    assert rows[0]["decision"] == "1" and rows[0]["choice"] == "1" and rows[0]["taken"] == "yes"
    assert rows[0]["votes"] == "1" and rows[0]["percent"] == "100" and rows[0]["how"] == "majority"
    page = paths[1].read_text()
    assert "Decision 1 · majority · 1 vote" in page and "Decision 0" not in page and "never who voted what" in page
    paths[0].chmod(0o644)                         # a copy someone opened up, saved over again
    assert save_report(again, tmp_path / "reports") == paths
    assert paths[0].stat().st_mode & 0o777 == 0o600 and rows == list(csv.DictReader(
        io.StringIO(paths[0].read_text("utf-8-sig"))))
    assert not list((tmp_path / "reports").glob(".*.tmp"))
    again.close()


def test_the_report_says_how_each_decision_was_made_and_numbers_from_one(golden):
    w = Workshop.create(*golden)
    a, b = (w.join(None, n)[0] for n in ("=HYPERLINK()", "Bo"))
    w.open_vote()
    w.vote(a.token, 0, 1)
    w.vote(b.token, 0, 2)
    w.set_hands({3: 2})
    w.go_on(1)  # 3 had most (2 hands): the leader overrode it
    report, title, code, _ = w.report()
    assert {r["decision"] for r in report} == {1}
    third = next(r for r in report if r["choice"] == 3)
    assert (third["votes"], third["hands"], third["phone_votes"], third["percent"]) == (2, 2, 0, 50)
    assert {r["how"] for r in report} == {"leader's choice (override)"}
    text = _report.to_csv(report)
    assert "=HYPERLINK" not in text  # no participant's text is in it at all
    html = _report.to_html(report, "<Jo>", code)
    assert "&lt;Jo&gt;" in html and "<Jo>" not in html
    w.close()


def test_people_with_the_same_percent_share_a_rank():
    rows = [("Ana", 0.42, "fair"), ("Bo", 0.421, "fair"), ("Cy", 0.4199, "fair"), ("Di", 0.30, "beginning"),
            ("Ed", 0.30, "beginning"), ("Flo", 0.10, "beginning")]
    assert [r[0] for r in ranked(rows)] == [1, 1, 1, 4, 4, 6]


def test_m_of_n_voted_never_exceeds_n_when_voters_step_out_or_are_removed(golden):
    w = Workshop.create(*golden)
    a, b, c = (w.join(None, n)[0] for n in ("A", "B", "C"))
    w.begin()
    w.open_vote()
    w.vote(a.token, 0, 1)
    w.vote(b.token, 0, 2)
    w.step_out(a.token)
    w.step_out(b.token)  # they voted, then stepped out: their votes are in the tally, so in N too
    v = w.snapshot
    assert (v.voted, v.participants) == (2, 3)
    assert v.joined == 3 and v.stepped_out == 2  # the wall's "joined" counts each person once
    assert w.public_state()["voted"] <= w.public_state()["participants"]
    assert "2 of 3 voted" in presenter(v).counts
    w.step_out(c.token)
    w.vote(c.token, 0, 3)  # a stepped-out phone's vote brings it into N at once
    assert (w.snapshot.voted, w.snapshot.participants) == (3, 3)
    w.remove(w.key_of(c.token))  # a removed person's vote goes, and so do they
    assert (w.snapshot.voted, w.snapshot.participants) == (2, 2)
    assert sum(e.present for e in w.roster()) == 2  # the leader's list marks the same people
    w.go_on(1)
    assert (w.snapshot.voted, w.snapshot.participants) == (0, 0)  # a new decision: stepped out, not counted
    w.close()


def test_the_summary_never_says_more_votes_than_decisions(golden):
    w = Workshop.create(*golden)
    p = w.join(None, "A")[0]
    w.begin()
    w.open_vote()
    w.vote(p.token, 0, 1)
    w.go_on(1)
    w.open_vote()
    w.vote(p.token, 1, 1)
    w.end()  # ended with the vote at the second decision still open
    s = w.summary(p.token)
    assert (s["voted"], s["decisions"]) == (2, 2)
    rows_decisions = {r["decision"] for r in w.report()[0]}
    assert len(rows_decisions) == s["decisions"]  # the leader's report counts the same decisions
    w.close()
