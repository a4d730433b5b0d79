"""Two windows, one profile: the second is told the attempt is open elsewhere and never writes it."""
from __future__ import annotations

from pathlib import Path

import pytest

from hrtraining.engine import check_file
from hrtraining.practice import Attempt, AttemptInUse, Entry, Recorder
from hrtraining.progress import Store

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"


@pytest.fixture
def entry():
    return Entry(check_file(GOLDEN))


def _first_decision(attempt):
    while attempt.beat.kind == "continue":
        attempt.advance()
    attempt.choose(0)


def test_resuming_an_attempt_open_in_another_window_is_refused(tmp_path, entry):
    one, two = Recorder(Store.open(tmp_path), "Ana"), Recorder(Store.open(tmp_path), "Ana")
    try:
        one.store.lease_label = "the game window"
        playing = Attempt.start(entry, "practice", one)
        _first_decision(playing)
        (stored,) = two.unfinished("golden")
        with pytest.raises(AttemptInUse) as in_use:
            Attempt.resume(entry, stored, two)
        assert in_use.value.holder == "the game window"
        # A new attempt in the second window leaves the first one's attempt open and untouched.
        fresh = Attempt.start(entry, "practice", two)
        assert fresh.attempt_id != playing.attempt_id
        assert two.store.attempt(playing.attempt_id).status == "open"
        _first_decision(playing)                               # the first window goes on writing
        assert one.store.attempt(playing.attempt_id).choice_count == 2
        playing.leave()                                        # ... until it leaves the attempt
        resumed = Attempt.resume(entry, two.attempt(playing.attempt_id), two)
        assert resumed.decisions == 2
        assert not one.choice(playing.attempt_id, playing.path() + playing.path()[:1])  # refused now
        assert "Another window has taken over" in one.take_notice()
    finally:
        one.close()
        two.close()


def test_the_terminal_offers_to_watch_start_anew_or_take_over(tmp_path, capsys, monkeypatch):
    from hrtraining.cli import build_parser
    from hrtraining.cli._play import cmd_play

    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path))
    other = Recorder(Store.open(tmp_path), "Ana")
    other.store.lease_label = "the game window on the desk"
    try:
        playing = Attempt.start(Entry(check_file(GOLDEN)), "practice", other)
        _first_decision(playing)
        answers = iter(["", "y", "w", "t", "n", "q"])
        args = build_parser().parse_args(["play", str(GOLDEN), "--profile", "Ana"])
        assert cmd_play(args, read=lambda prompt: next(answers)) == 0
        out = capsys.readouterr().out
        assert "That attempt is open in another window: the game window on the desk." in out
        assert "Jo: I only drank four nights this week." in out          # watching: what was played
        assert "(1 decision so far, in the other window.)" in out
        assert "is still playing it" in out                              # no take-over while it lives
        assert other.store.attempt(playing.attempt_id).status == "open"  # never written by the terminal
        assert other.store.attempt(playing.attempt_id).choice_count == 1
    finally:
        other.close()
