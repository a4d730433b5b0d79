"""``hrtraining play``: the plain-text player, driven by a fake ``read``."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from hrtraining.cli import build_parser, main
from hrtraining.cli._play import cmd_play

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
NO_NOTES = FIXTURES / "invalid" / "all-choices-conditional.yaml"  # plays fine; has no content notes


class Reader:
    """Answers prompts from a list and records them; raises EOFError when it runs out."""

    def __init__(self, *answers: str):
        self.answers = list(answers)
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)


@pytest.fixture(autouse=True)
def own_progress_file(tmp_path, monkeypatch):
    """Each test records into its own progress file, so no test resumes another's attempt."""
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def play(capsys, *argv: str, answers=()):
    args = build_parser().parse_args(["play", *map(str, argv)])
    read = Reader(*answers)
    rc = cmd_play(args, read=read)
    out, err = capsys.readouterr()
    return rc, out, err, read


def test_practice_mode_shows_feedback_after_each_choice(capsys):
    rc, out, err, read = play(capsys, GOLDEN, answers=["", "1", "1"])
    assert rc == 0
    assert read.prompts[0].startswith("Press Enter to begin, or type s to skip")
    assert "Content notes: test-note" in out
    assert "Mode: practice" in out
    assert "  1. Four nights instead of seven. That's a real change." in out
    assert "  3. Four nights is still too many. Stop, or we stop meeting." in out
    before_debrief = out.split("DEBRIEF")[0]
    assert "Coach: You named the step as progress." in before_debrief
    assert "Trust: 2 -> 3 (up)" in before_debrief
    assert "Ending: Jo stays" in out and "Overall: Good" in out
    assert "\x1b[" not in out  # plain text: no colour codes for screen readers


def test_assessment_mode_keeps_feedback_for_the_debrief(capsys):
    rc, out, _, _ = play(capsys, GOLDEN, "--mode", "assessment", answers=["", "1", "1"])
    assert rc == 0
    before, after = out.split("DEBRIEF")
    assert "Coach:" not in before
    assert "Coach: You named the step as progress." in after


def test_assessment_mode_prints_no_meter_change_and_no_score_before_the_debrief(capsys):
    """The terminal half of an honest assessment: what the client feels shows in what they say,
    not in "Trust: 2 -> 3" or a "+2" (the window hides meters and deltas the same way).
    ``hrtraining play`` reads whole lines, so it has no double-click race to guard against."""
    rc, out, _, _ = play(capsys, GOLDEN, "--mode", "assessment", answers=["", "1", "1"])
    assert rc == 0
    before = out.split("DEBRIEF")[0]
    for tell in ("->", "Trust:", "(up)", "(down)", "+1", "+2", "What you did", "Overall"):
        assert tell not in before, tell
    practice = play(capsys, GOLDEN, answers=["", "1", "1"])[1].split("DEBRIEF")[0]
    assert "Trust: 2 -> 3 (up)" in practice            # practice mode does show the change


def test_skipping_a_scenario_with_content_notes(capsys):
    rc, out, _, read = play(capsys, GOLDEN, answers=["s"])
    assert rc == 0
    assert "Skipped." in out
    assert "Jo sits down." not in out
    assert len(read.prompts) == 1


def test_no_content_notes_no_skip_prompt(capsys):
    rc, out, _, read = play(capsys, NO_NOTES, answers=["3", "2"])  # "Take a seat" keeps trust at 2
    assert rc == 0
    # The self-rating comes before the scores; the optional reflection after the debrief.
    assert read.prompts == ["> ", "> ", "1 Beginning, 2 Fair, 3 Good (Enter skips): ",
                            "\nWhat would you do differently with Sam? (optional; one line, Enter skips): "]
    assert "Content notes" not in out
    assert "  1. That's a real change." in out and "  2. Tell me more." in out  # the all-conditional fallback


@pytest.mark.parametrize("quit_word", ["q", "Q", "quit", "exit"])
def test_quitting(capsys, quit_word):
    rc, out, _, _ = play(capsys, GOLDEN, answers=["", "1", quit_word])
    assert rc == 0
    assert "Stopped. Run the same command to continue where you stopped." in out
    assert "DEBRIEF" not in out


def test_bad_answers_ask_again(capsys):
    rc, out, _, read = play(capsys, GOLDEN, answers=["", "0", "4", "two", "", "1", "9", "2"])
    assert rc == 0
    assert out.count("Type a number from 1 to 3, or q to stop.") == 4
    assert out.count("Type a number from 1 to 2, or q to stop.") == 1  # 'middle' offers 2 at trust 3
    assert "Ending: Jo stays" in out


def test_loop_and_critical_choice(capsys):
    rc, out, _, _ = play(capsys, GOLDEN, answers=["", "2", "3"])
    assert rc == 0
    assert out.count("Yes. Four. Is that not good enough?") == 1
    assert "Coach: This was a perfectionist rejection" in out
    assert "Ending: Jo walks out" in out


def test_end_of_input_stops_cleanly(capsys):
    """Input closing (Ctrl-D, or stdin at its end) once escaped as an EOFError traceback."""
    rc, out, err, _ = play(capsys, GOLDEN, answers=["", "1"])
    assert rc == 0
    assert "Stopped" in out
    rc, out, err, _ = play(capsys, GOLDEN, answers=[])  # at the content-note prompt
    assert rc == 0


def test_end_of_stdin_through_main(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("\n1\n"))
    rc = main(["play", str(GOLDEN)])
    out, err = capsys.readouterr()
    assert rc == 0 and "Traceback" not in err


def test_play_by_id_from_a_folder(capsys, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(GOLDEN, lib / "some-file-name.yaml")
    rc, out, _, _ = play(capsys, "golden", "--scenarios", lib, answers=["", "3"])
    assert rc == 0 and "Jo, who cut down" in out


def test_play_unknown_id_exit_2(capsys, tmp_path):
    rc, _, err, _ = play(capsys, "no-such-scenario", "--scenarios", tmp_path)
    assert rc == 2 and "no scenario file or id 'no-such-scenario'" in err


def test_play_invalid_file_exit_1(capsys):
    rc = main(["play", str(FIXTURES / "invalid" / "next-unknown-target.yaml")])
    _, err = capsys.readouterr()
    assert rc == 1 and "HR021" in err and "Traceback" not in err


def test_every_choice_is_recorded_and_a_stopped_attempt_resumes(capsys, own_progress_file):
    from hrtraining.progress import Store

    rc, out, _, _ = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "q"])
    assert rc == 0 and "as Ana" in out
    with Store.open(own_progress_file) as store:
        (open_attempt,) = store.unfinished_attempts("Ana")
        assert open_attempt.source == "terminal" and len(open_attempt.choices) == 1
    rc, out, _, read = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "y", "1"])
    assert rc == 0
    assert read.prompts[1].startswith("Continue your unfinished attempt (1 decision made")
    assert "Ending: Jo stays" in out
    with Store.open(own_progress_file) as store:
        assert store.unfinished_attempts("Ana") == []
        (done,) = store.attempts("Ana")
        assert done.id == open_attempt.id and done.level == "good"
        assert [c.choice_index for c in store.attempt(done.id).choices] == [0, 0]


def test_declining_to_resume_starts_fresh_and_no_record_stores_nothing(capsys, own_progress_file):
    from hrtraining.progress import Store

    play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "q"])
    rc, out, _, _ = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "n", "1", "1"])
    assert rc == 0 and "Ending: Jo stays" in out
    play(capsys, GOLDEN, "--profile", "Ana", "--no-record", answers=["", "1", "1"])
    with Store.open(own_progress_file) as store:
        assert store.unfinished_attempts("Ana") == []
        finished = store.attempts("Ana")
        assert len(finished) == 1 and len(store.attempt(finished[0].id).choices) == 2


@pytest.mark.parametrize("answer", ["q", "quit", "exit", None])  # None: the input closes (EOF)
def test_stopping_at_the_resume_question_keeps_the_attempt_open(capsys, own_progress_file, answer):
    """q (or the end of input) at "Continue your unfinished attempt?" once abandoned it."""
    from hrtraining.progress import Store

    play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "q"])
    with Store.open(own_progress_file) as store:
        (before,) = store.unfinished_attempts("Ana")
    rc, out, _, read = play(capsys, GOLDEN, "--profile", "Ana", answers=["", answer] if answer else [""])
    assert rc == 0
    assert read.prompts[1].startswith("Continue your unfinished attempt")
    assert "Stopped." in out and "Jo sits down." not in out.split("Continue")[-1]
    with Store.open(own_progress_file) as store:
        (after,) = store.unfinished_attempts("Ana")
        assert after.id == before.id and len(after.choices) == 1
        assert store.attempts("Ana") == []
    # and it can still be continued
    rc, out, _, _ = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "y", "1"])
    assert rc == 0 and "Ending: Jo stays" in out
    with Store.open(own_progress_file) as store:
        (done,) = store.attempts("Ana")
        assert done.id == before.id


def test_an_unclear_answer_at_the_resume_question_asks_again(capsys, own_progress_file):
    from hrtraining.progress import Store

    play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "q"])
    rc, out, _, read = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "maybe", "no", "1", "1"])
    assert rc == 0 and "Ending: Jo stays" in out
    assert read.prompts[2].startswith("Type y to continue it, n to start again, or q to stop")
    with Store.open(own_progress_file) as store:
        assert store.unfinished_attempts("Ana") == []
        assert len(store.attempts("Ana")) == 1  # the old one was abandoned, the new one finished


def test_every_choice_is_stored_after_a_failed_write(capsys, own_progress_file, monkeypatch):
    """One failed write ("database is locked") once made every later choice fail too."""
    from hrtraining.progress import Store

    real = Store.record_choice
    calls = []

    def flaky(self, attempt_id, seq, *a, **k):
        calls.append(seq)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database is locked")
        return real(self, attempt_id, seq, *a, **k)

    monkeypatch.setattr(Store, "record_choice", flaky)
    rc, out, _, _ = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "1"])
    assert rc == 0 and "Progress could not be saved: database is locked" in out
    assert "Ending: Jo stays" in out
    assert calls == [0, 0, 1]  # the failed first choice is written again before the second
    with Store.open(own_progress_file) as store:
        (done,) = store.attempts("Ana")
        assert [c.choice_index for c in store.attempt(done.id).choices] == [0, 0]


def test_the_trainee_rates_the_play_before_seeing_the_scores(capsys, own_progress_file):
    from hrtraining.progress import Store

    rc, out, _, read = play(capsys, GOLDEN, "--profile", "Ana", answers=["", "1", "1", "x", "2"])
    assert rc == 0
    assert out.index("how do you think it went?") < out.index("DEBRIEF")
    assert "Type 1, 2 or 3, or press Enter to skip." in out
    assert "You rated it Fair; the game scored it Good." in out
    with Store.open(own_progress_file) as store:
        (done,) = store.attempts("Ana")
        assert done.self_rating == "fair"
