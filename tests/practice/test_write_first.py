"""The practice layer's write-first attempts, replays, previews and reflections (no window)."""
from __future__ import annotations

import pytest

from hrtraining.engine import SessionError, StateError
from hrtraining.practice import (MAX_REPLY, Attempt, Branches, Library, Recorder, clean_text, stored_branches,
                                 stored_debrief)
from hrtraining.progress import Store

FIXTURES = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "valid"


@pytest.fixture
def library() -> Library:
    return Library([str(FIXTURES / "golden.yaml")])


@pytest.fixture
def recorder(tmp_path):
    rec = Recorder(Store.open(tmp_path / "data"), "Ana")
    yield rec
    rec.close()


def _to_decision(a: Attempt) -> None:
    while not a.finished and a.beat.kind == "continue":
        a.advance()


def play_through(a: Attempt, picks: list[int], words=lambda n: f"My words at decision {n}.",
                 closest=lambda n: 0) -> None:
    for n, pick in enumerate(picks, 1):
        _to_decision(a)
        if a.needs_reply:
            text = words(n)
            a.write(text, seconds=n * 1.5)
            if text.strip():
                a.mark_closest(closest(n))
        a.choose(pick)
    _to_decision(a)


def test_write_first_asks_for_words_then_a_mark_before_any_choice(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder, write_first=True)
    assert a.needs_reply and not a.needs_closeness
    with pytest.raises(SessionError, match="before choosing"):
        a.choose(0)
    reply = a.write("  Four nights is a change.\r\nWhat helped?  ", seconds=7.25)
    assert (reply.seq, reply.node_id, reply.text, reply.skipped) == (0, "opening", "  Four nights is a change.\nWhat "
                                                                     "helped?  ", False)
    assert not a.needs_reply and a.needs_closeness
    with pytest.raises(SessionError, match="before choosing"):
        a.choose(0)
    with pytest.raises(SessionError, match="not offered"):
        a.mark_closest(7)
    marked = a.mark_closest(1)
    assert (marked.closeness, marked.closest_index, marked.closest_text) == ("option", 1, "Four nights, you said?")
    a.choose(0)
    stored = recorder.attempt(a.attempt_id)
    [r] = stored.replies
    assert (r.text, r.seconds, r.closeness, r.closest_index) == (reply.text, 7.25, "option", 1)
    assert [c.choice_index for c in stored.choices] == [0]


def test_blank_words_are_a_skip_and_skipping_needs_no_mark(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder, write_first=True)
    reply = a.write(" \n\t ", seconds=2)
    assert reply.skipped and reply.text == "" and not a.needs_closeness
    with pytest.raises(SessionError, match="nothing was written"):
        a.mark_closest(None)
    a.choose(0)
    _to_decision(a)
    assert a.skip_writing(0.5).skipped
    assert [(r.seq, r.skipped) for r in recorder.attempt(a.attempt_id).replies] == [(0, True), (1, True)]


def test_without_write_first_nothing_is_asked(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder)
    assert not a.needs_reply and not a.needs_closeness
    a.choose(0)
    assert recorder.attempt(a.attempt_id).replies == ()


def test_clean_text_keeps_newlines_drops_controls_and_cuts_at_the_limit():
    assert clean_text("a\r\nb\rc\x00d\x1b[31m\te") == ("a\nb\ncd[31m\te", False)
    text, cut = clean_text("x" * (MAX_REPLY + 5))
    assert len(text) == MAX_REPLY and cut


def test_the_debrief_shows_own_words_closeness_and_the_reflection(library, recorder):
    a = Attempt.start(library.by_id("golden"), "assessment", recorder, write_first=True)
    play_through(a, [1, 0, 1], closest=lambda n: None if n == 2 else 0)  # ask-again loops back to opening
    a.finish()
    assert a.set_reflection("  Ask first,\nthen reflect.  ") == "Ask first,\nthen reflect."
    d = a.debrief()
    assert [x.own_words for x in d.decisions] == ["My words at decision 1.", "My words at decision 2.",
                                                  "My words at decision 3."]
    assert d.decisions[0].closeness.startswith("Closest option, in your judgement: “Four nights instead")
    assert d.decisions[1].closeness == "None of the options was close to what you wrote, in your judgement."
    assert d.reflection == "Ask first,\nthen reflect." and d.wrote_first
    # The same from the store, as the progress screen and the HTML export read it.
    s = stored_debrief(recorder.attempt(a.attempt_id), library)
    assert [x.own_words for x in s.decisions] == [x.own_words for x in d.decisions]
    assert [x.closeness for x in s.decisions] == [x.closeness for x in d.decisions]
    assert s.reflection == d.reflection
    assert a.set_reflection("   ") is None and recorder.attempt(a.attempt_id).reflection is None


def test_taking_back_keeps_the_words_and_mark_at_that_decision(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder, write_first=True)
    play_through(a, [0])
    a.write("second decision words", 1)
    a.mark_closest(None)
    a.choose(1)
    assert a.take_back()
    assert a.decisions == 1 and a.beat.node_id == "middle"
    assert not a.needs_reply and not a.needs_closeness  # the words and mark at decision 2 stay
    assert sorted(a.replies) == [0, 1]
    stored = recorder.attempt(a.attempt_id)
    assert [c.seq for c in stored.choices] == [0] and [r.seq for r in stored.replies] == [0, 1]
    a.choose(0)
    assert [c.choice_index for c in recorder.attempt(a.attempt_id).choices] == [0, 0]


def test_assessment_choices_are_never_taken_back(library, recorder):
    a = Attempt.start(library.by_id("golden"), "assessment", recorder)
    a.choose(0)
    assert not a.take_back() and a.decisions == 1


def test_replay_starts_a_linked_practice_attempt_at_each_decision_with_its_state(library, recorder):
    parent = Attempt.start(library.by_id("golden"), "assessment", recorder, write_first=True)
    play_through(parent, [1, 0, 0])  # opening (ask again) -> opening -> middle -> ...
    parent.finish()
    before = recorder.attempt(parent.attempt_id)
    taken = list(parent.session.state.taken)
    for number in range(1, len(taken) + 1):
        replay = parent.replay(number)
        assert (replay.mode, replay.parent_attempt_id, replay.from_decision) == ("practice", parent.attempt_id, number)
        assert replay.decisions == number - 1 and replay.beat.node_id == taken[number - 1][0]
        expected = Branches(parent.scenario, parent.rubric, taken).before(number)
        assert dict(replay.session.meters) == dict(expected.meters)
        stored = recorder.attempt(replay.attempt_id)
        assert (stored.mode, stored.parent_attempt_id, stored.from_decision) == ("practice", parent.attempt_id, number)
        assert [(c.node_id, c.choice_index) for c in stored.choices] == taken[:number - 1]
        assert not replay.take_back()  # the copied decisions are the parent's
        assert replay.needs_reply      # a write-first parent replays write-first
    after = recorder.attempt(parent.attempt_id)
    assert (after.mode, after.status, after.choices, after.replies) == (before.mode, before.status, before.choices,
                                                                         before.replies)


def test_a_finished_replay_is_not_charted_and_not_compared_with(library, recorder):
    entry = library.by_id("golden")
    first = Attempt.start(entry, "practice", recorder)
    play_through(first, [0, 1])
    first.finish()
    replay = Attempt.replay_record(entry, recorder.attempt(first.attempt_id), 2, recorder)
    replay.choose(0)
    _to_decision(replay)
    replay.finish()
    assert recorder.attempt(replay.attempt_id).finished
    assert [p.attempt_id for p in next(iter(recorder.summary().values()))] == [first.attempt_id]
    for _ in range(10):  # a page of replays must not hide the last whole attempt
        more = Attempt.replay_record(entry, recorder.attempt(first.attempt_id), 2, recorder)
        more.choose(0)
        _to_decision(more)
        more.finish()
    again = Attempt.start(entry, "practice", recorder)
    play_through(again, [0, 0])
    again.finish()
    # "Better than last time" compares with the last whole attempt, not the replays.
    assert again.previous_percents() == {k: v["percent"] for k, v in
                                         recorder.attempt(first.attempt_id).report["scores"].items()}


def test_a_replay_of_an_edited_scenario_is_refused(library, recorder, tmp_path):
    a = Attempt.start(library.by_id("golden"), "practice", recorder)
    a.choose(0)
    record = recorder.attempt(a.attempt_id)
    record.scenario_hash = "an-older-version"
    with pytest.raises(StateError, match="changed"):
        Attempt.replay_record(library.by_id("golden"), record, 1, recorder)
    assert stored_branches(record, library) is None


def test_previews_go_to_the_next_decision_or_an_ending_and_record_nothing(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder)
    play_through(a, [0, 1])
    a.finish()
    before = recorder.attempt(a.attempt_id)
    count = len(recorder.attempts(limit=None))
    b = a.branches()
    assert [c.text for c in b.others(1)] == ["Four nights, you said?",
                                             "Four nights is still too many. Stop, or we stop meeting."]
    loop = b.preview(1, 1)
    assert loop.ends == "decision" and [ln.text for ln in loop.lines] == [
        "Yes. Four. Is that not good enough?", "Jo sits down.", "I only drank four nights this week."]
    assert loop.summary == "Then the next decision, with 3 options."
    walks = b.preview(1, 2)
    assert walks.ends == "ending" and walks.ending_title == "Jo walks out" and walks.choice.critical
    assert walks.summary == "Then the ending: “Jo walks out”."
    for number in (1, 2):
        for other in b.others(number):
            assert b.preview(number, other.index).lines
    with pytest.raises(SessionError):
        b.preview(3, 0)
    assert recorder.attempt(a.attempt_id) == before and len(recorder.attempts(limit=None)) == count


def test_resuming_brings_the_words_back(library, recorder):
    a = Attempt.start(library.by_id("golden"), "practice", recorder, write_first=True)
    a.write("Written, then the game stopped.", seconds=3)
    resumed = Attempt.resume(library.by_id("golden"), recorder.unfinished("golden")[0], recorder)
    assert resumed.write_first and not resumed.needs_reply and resumed.needs_closeness
    assert resumed.reply_now.text == "Written, then the game stopped."
    plain = Attempt.start(library.by_id("golden"), "practice", recorder)
    assert not Attempt.resume(library.by_id("golden"), recorder.unfinished("golden")[0], recorder).write_first
    assert plain.attempt_id != a.attempt_id


def test_an_authors_reload_keeps_the_words_of_the_decision_faced_now(tmp_path, recorder):
    path = tmp_path / "golden.yaml"
    path.write_text((FIXTURES / "golden.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    library = Library([str(path)])
    a = Attempt.start(library.by_id("golden"), "practice", recorder, write_first=True)
    a.write("Words before the file changed.", 2)
    a.mark_closest(None)
    first = a.attempt_id
    path.write_text(path.read_text(encoding="utf-8").replace("Jo sits down.", "Jo sits down slowly."),
                    encoding="utf-8")
    assert "Reloaded" in a.reload(library)
    assert a.attempt_id != first and not a.needs_reply and not a.needs_closeness
    [reply] = recorder.attempt(a.attempt_id).replies  # the new attempt (pinned to the new content) has them
    assert (reply.text, reply.closeness) == ("Words before the file changed.", "none")
