"""A hostile author's files at the command line: a report, never a traceback, never a raw escape.

Each test is named after a failure a hostile-author audit found: every one of them
reproduced on the code before these fixes.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hrtraining.cli import build_parser
from hrtraining.cli._play import cmd_play

from _helpers import ONE_DECISION_NODES

REPO = Path(__file__).resolve().parents[2]
STARTER = REPO / "hrtraining" / "cli" / "starter.yaml"
ESC = "\x1b"


def starter(**replace: str) -> str:
    """The ``hrtraining new`` starter (it validates clean) with lines replaced: {old: new}."""
    text = STARTER.read_text(encoding="utf-8").replace("id: starter-id", "id: sam")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


NUL_PORTRAIT = starter(**{"  # portrait: portraits/sam.png": '  portrait: "x\\0"'})
# A title that would clear the screen, set the window title and print a fake verdict. Control
# characters are refused by validate (HR100), so the same title is tried with a bidi override
# (U+202E), which validate allows in text but a terminal must never receive raw.
ESCAPE_TITLE = 'title: "\\e[2J\\e]0;pwned\\aALL GOOD"'
BIDI = "\u202e"


def assert_no_raw_controls(text: str) -> None:
    assert ESC not in text and "\x07" not in text and "\x00" not in text and BIDI not in text, repr(text)


def test_nul_in_portrait_is_reported_by_validate_playtest_and_graph(write_scenario, cli):
    path = write_scenario(NUL_PORTRAIT, "sam.yaml")
    rc, out, err = cli("validate", "--no-cache", path)
    assert rc == 1 and "HR100" in out and "Traceback" not in out + err
    rc, out, err = cli("playtest", path, "--choices", "1,1")
    assert rc == 1 and "HR100" in err
    rc, out, err = cli("graph", path)
    assert rc == 1 and "HR100" in err


def test_nul_portrait_in_a_folder_does_not_stop_playing_another_by_id(tmp_path, capsys, monkeypatch):
    """``hrtraining play bar-fights --scenarios DIR`` once crashed on a broken file in DIR."""
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a-broken.yaml").write_text(NUL_PORTRAIT, encoding="utf-8")
    args = build_parser().parse_args(["play", "bar-fights", "--scenarios", str(lib), "--no-record"])
    answers = iter(["q"])
    rc = cmd_play(args, read=lambda prompt: next(answers))
    out, _ = capsys.readouterr()
    assert rc == 0 and "Ray" in out


def test_validate_of_a_folder_reports_the_bad_file_and_checks_the_rest(tmp_path, cli):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a-nul.yaml").write_text(NUL_PORTRAIT, encoding="utf-8")
    shutil.copy(REPO / "scenarios" / "bar-fights.yaml", lib / "bar-fights.yaml")
    rc, out, err = cli("validate", "--no-cache", lib)
    assert rc == 1
    assert [line.split(":")[0] for line in out.splitlines()] == [str(lib / "a-nul.yaml")]
    assert "2 files checked: 1 error" in err


def test_play_prints_the_title_escaped(tmp_path, write_scenario, capsys, monkeypatch):
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    path = write_scenario(starter(**{"title: Sam, who cut down": f"title: Sam{BIDI}, who cut down"}))
    args = build_parser().parse_args(["play", str(path), "--no-record"])
    answers = iter(["", "q"])
    assert cmd_play(args, read=lambda prompt: next(answers)) == 0
    out, _ = capsys.readouterr()
    assert_no_raw_controls(out)
    assert "Sam\\u202e, who cut down" in out


def test_validate_refuses_a_title_with_terminal_escapes(write_scenario, cli):
    path = write_scenario(starter(**{"title: Sam, who cut down": ESCAPE_TITLE}))
    rc, out, err = cli("validate", "--no-cache", path)
    assert rc == 1 and "HR100" in out and "U+001B ESCAPE" in out
    assert_no_raw_controls(out + err)


def test_playtest_prints_speaker_names_escaped(write_scenario, cli):
    path = write_scenario(starter(**{"      - client: So...": f"      - Sam{BIDI}'s sister: So..."}))
    rc, out, err = cli("playtest", path, "--choices", "1,1")
    assert rc == 0, err
    assert_no_raw_controls(out + err)
    assert "Sam\\u202e's sister: So..." in out
    rc, out, err = cli("playtest", path, "--choices", "1,1", "--json")
    assert rc == 0
    assert_no_raw_controls(out)
    assert json.loads(out)["scenario"] == "sam"


def test_validate_echoes_author_keys_escaped(write_scenario, cli):
    path = write_scenario(starter(**{"setting: office": 'setting: office\n"\\e]0;pwned\\a\\e[2J": 1'}))
    rc, out, err = cli("validate", "--no-cache", path)
    assert rc == 1 and "HR013" in out
    assert_no_raw_controls(out + err)
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in out


def test_graph_prints_labels_escaped(write_scenario, cli):
    path = write_scenario(starter(**{"      - text: Great. Next step": f"      - text: Great{BIDI}. Next step"}))
    rc, out, _ = cli("graph", path)
    assert rc == 0
    assert_no_raw_controls(out)
    assert "Great\\u202e" in out


def test_new_prints_its_folder_escaped(tmp_path, cli):
    rc, out, _ = cli("new", "sam", "--dir", tmp_path / f"dir{BIDI}")
    assert rc == 0
    assert_no_raw_controls(out)


@pytest.mark.parametrize("score", ["-1" + "0" * 400, str(2 ** 63)])
def test_huge_scores_are_refused_before_they_reach_playtest(score, write_scenario, cli):
    """-10^400 raised OverflowError in playtest; 2^63 could never be stored in SQLite."""
    text = starter(**{"score: {recognizing_improvement: 2, avoiding_perfectionism: 1}":
                      f"score: {{recognizing_improvement: {score}, avoiding_perfectionism: 1}}"})
    path = write_scenario(text)
    rc, out, _ = cli("validate", "--no-cache", path)
    assert rc == 1 and "HR102" in out
    rc, _, err = cli("playtest", path, "--choices", "1,1")
    assert rc == 1 and "HR102" in err


def test_id_with_a_trailing_newline_is_refused(write_scenario, cli):
    path = write_scenario('format: 1\nid: "bar-fights\\n"\ntitle: T\nclient: {name: Sam}\n' + ONE_DECISION_NODES)
    rc, out, _ = cli("validate", "--no-cache", path)
    assert rc == 1 and "HR015" in out and "bar-fights\\n" in out
