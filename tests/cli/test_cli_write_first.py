"""``hrtraining play --write-first`` and ``hrtraining export --attempt ID --format html``."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from hrtraining.cli import build_parser
from hrtraining.cli._play import cmd_play
from hrtraining.progress import Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"


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
def data(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def play(capsys, *argv: str, answers=()):
    args = build_parser().parse_args(["play", *map(str, argv)])
    read = Reader(*answers)
    rc = cmd_play(args, read=read)
    out, err = capsys.readouterr()
    return rc, out, err, read


def the_attempt(data: Path):
    with Store.open(data) as store:
        [a] = store.attempts(store.last_profile(), include_unfinished=True)
        return store.attempt(a.id)


def test_write_first_asks_for_words_then_the_closest_option_then_the_choice(capsys, data):
    answers = ["",                                   # begin
               "=SUM(A1) four nights is a real change", "1", "1",     # words, closest, choice
               "", "1",                              # decision 2: skip writing, choose
               "3",                                  # self-rating
               "Ask before advising."]               # reflection
    rc, out, _, read = play(capsys, GOLDEN, "--write-first", answers=answers)
    assert rc == 0
    first = out.index("What would you say to Jo?")
    assert first < out.index("  1. Four nights instead of seven.")  # the options come after the words
    assert read.prompts[1] == "Your words: "
    assert read.prompts[2].startswith("Which option is closest to what you wrote? 1 to 3, or 0 for none")
    assert read.prompts[3] == "> "
    assert "Skipped writing; that is kept as skipped." in out
    assert read.prompts[5] == "> "  # a skip needs no closeness mark
    debrief = out.split("DEBRIEF")[1]
    assert "Your words: =SUM(A1) four nights is a real change" in debrief
    assert "Closest option, in your judgement: “Four nights instead of seven." in debrief
    assert "You skipped writing at this decision." in debrief
    assert "The option you chose was the strongest one offered here." in debrief
    assert "Your reflection is saved with this attempt." in out
    stored = the_attempt(data)
    assert [(r.seq, r.text, r.skipped, r.closeness) for r in stored.replies] == [
        (0, "=SUM(A1) four nights is a real change", False, "option"), (1, "", True, None)]
    assert all(r.seconds >= 0 for r in stored.replies)
    assert stored.reflection == "Ask before advising." and stored.source == "terminal"


def test_none_of_these_and_a_resume_after_the_words_were_kept(capsys, data):
    rc, out, _, _ = play(capsys, GOLDEN, "--write-first", answers=["", "My own words", "q"])
    assert rc == 0 and "Stopped." in out
    assert [r.text for r in the_attempt(data).replies] == ["My own words"]
    rc, out, _, read = play(capsys, GOLDEN, answers=["", "y", "0", "1", "q"])
    assert rc == 0
    assert "Your words: My own words" in out                 # shown again, not asked again
    assert read.prompts[2].startswith("Which option is closest") and read.prompts[3] == "> "
    assert read.prompts[4] == "Your words: "                 # it goes on writing first at the next decision
    assert the_attempt(data).replies[0].closeness == "none"


def test_a_long_reply_is_cut_and_the_terminal_says_so(capsys, data):
    long = "I hear how much has changed for you. " * 140       # 5,180 characters pasted on one line
    rc, out, _, _ = play(capsys, GOLDEN, "--write-first", answers=["", long, "q"])
    assert rc == 0
    assert "Kept the first 2,000 characters." in out
    assert len(the_attempt(data).replies[0].text) == 2000
    rc, out, _, _ = play(capsys, GOLDEN, "--write-first", "--mode", "practice", answers=["", "n", "Short words.", "q"])
    assert "Kept the first" not in out                       # nothing cut, nothing said


def test_without_the_flag_nothing_is_asked(capsys, data):
    rc, out, _, read = play(capsys, GOLDEN, answers=["", "1", "1"])
    assert rc == 0 and "What would you say" not in out and the_attempt(data).replies == ()


def _finished_attempt(capsys, words: str) -> int:
    rc, *_ = play(capsys, GOLDEN, "--write-first", "--scenarios", GOLDEN.parent,
                  answers=["", words, "2", "1", words, "0", "1", "2", "<b>Reflect</b> & =cmd|' /C calc'!A0"])
    assert rc == 0
    return the_attempt(Path(__import__("os").environ["HRTRAINING_DATA_DIR"])).id


def test_export_html_is_one_self_contained_escaped_page(capsys, cli, data, tmp_path):
    words = '<script>alert("x")</script> I hear <i>four</i> nights & "progress"'
    attempt_id = _finished_attempt(capsys, words)
    page_file = tmp_path / "debrief.html"
    rc, out, err = cli("export", "--attempt", attempt_id, "--format", "html", "--scenarios", GOLDEN.parent,
                       "-o", page_file)
    assert rc == 0, err
    page = page_file.read_text(encoding="utf-8")
    assert "<script" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Reflect&lt;/b&gt; &amp; =cmd|&#x27; /C calc&#x27;!A0" in page
    for loads in (r"\bsrc\s*=", r"\bhref\s*=", r"url\(", r"@import", r"<link\b", r"<img\b", r"<iframe\b"):
        assert not re.search(loads, page, re.I), loads
    for part in ("Jo, who cut down", "Your words, written before the options were shown", "You chose",
                 "The strongest option", "Coach", "Skills", "Motivational interviewing counts (MITI 4.2.1)",
                 "What would you do differently with Jo?", "Notes from supervision", "I only drank four nights"):
        assert part in page, part
    rc, out, _ = cli("export", "--attempt", attempt_id, "--format", "html")  # to standard output
    assert rc == 0 and out.startswith("<!DOCTYPE html>") and "Jo, who cut down" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--format", "html"], "add --attempt ID"),
    (["--format", "csv", "--attempt", "1"], "--attempt is for --format html"),
    (["--format", "html", "--attempt", "1", "--choices"], "--choices do not apply"),
    (["--format", "html", "--attempt", "99"], "no attempt 99"),
])
def test_export_html_usage_problems_are_one_line(cli, data, argv, message):
    with Store.open(data) as store:
        store.start_attempt("Ana", "golden", "h", "Jo", "practice")
    rc, out, err = cli("export", *argv)
    assert rc == 1 and message in err and "Traceback" not in err and out == ""


def test_an_unfinished_attempt_has_no_html_debrief(cli, data):
    with Store.open(data) as store:
        a = store.start_attempt("Ana", "golden", "h", "Jo", "practice")
    rc, _, err = cli("export", "--attempt", a, "--format", "html")
    assert rc == 1 and f"attempt {a} is open, not finished" in err


def test_csv_and_json_exports_carry_the_words_marks_and_reflection(capsys, cli, data):
    _finished_attempt(capsys, "-1 night is progress")
    rc, out, _ = cli("export", "--format", "csv", "--choices")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["reply_text"], r["reply_skipped"], r["closeness"], r["closest_index"]) for r in rows] == [
        ("'-1 night is progress", "false", "option", "1"), ("'-1 night is progress", "false", "none", "")]
    assert float(rows[0]["reply_seconds"]) >= 0
    assert rows[0]["closest_text"] == "Four nights, you said?"
    rc, out, _ = cli("export", "--format", "csv")
    [attempt] = list(csv.DictReader(io.StringIO(out)))
    assert attempt["reflection"] == "<b>Reflect</b> & =cmd|' /C calc'!A0"  # not at the start: left as it is
    assert attempt["report_version"] == "2" and attempt["parent_attempt_id"] == ""
    assert "recognizing_improvement_possible" in attempt and "recognizing_improvement_best" not in attempt
    rc, out, _ = cli("export", "--format", "json", "--choices")
    document = json.loads(out)
    assert document["version"] == 2
    assert document["choices"][0]["reply_text"] == "-1 night is progress"  # JSON keeps text exactly
    assert document["choices"][0]["reply_skipped"] is False


def test_analyze_leaves_replays_out_of_recorded_play(cli, data):
    from hrtraining.practice import Attempt, Library, Recorder

    recorder = Recorder(Store.open(data), "Ana")
    entry = Library([str(GOLDEN)]).by_id("golden")
    whole = Attempt.start(entry, "practice", recorder)
    for pick in (0, 0):
        whole.choose(pick)
        while not whole.finished and whole.beat.kind == "continue":
            whole.advance()
    whole.finish()
    replay = whole.replay(2)
    replay.choose(1)
    while not replay.finished and replay.beat.kind == "continue":
        replay.advance()
    replay.finish()
    recorder.close()
    rc, out, err = cli("analyze", GOLDEN, "--attempts", data, "--format", "json")
    assert rc in (0, 1), err
    assert json.loads(out)["attempts"]["counted"] == 1  # the replay's copied first choice is not counted again
