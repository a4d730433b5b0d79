"""``hrtraining playtest``: headless golden playthroughs through ``main``."""
from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from _helpers import LOOP

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
RI, AP, RC = "recognizing_improvement", "avoiding_perfectionism", "respecting_choice"


def playtest_json(cli, choices: str):
    rc, out, err = cli("playtest", GOLDEN, "--choices", choices, "--json")
    return rc, json.loads(out), err


def test_golden_best_path_json(cli):
    rc, d, err = playtest_json(cli, "1,1")
    assert rc == 0 and err == ""
    assert d["scenario"] == "golden"
    assert d["ending"] == "stays" and d["ending_title"] == "Jo stays"
    assert d["path"] == ["opening", "middle", "check", "stays"]
    assert d["scores"][RI] == {"points": 4, "best": 4, "percent": 1.0, "level": "good"}
    assert d["scores"][AP] == {"points": 3, "best": 3, "percent": 1.0, "level": "good"}
    assert d["scores"][RC] == {"points": 1, "best": 1, "percent": 1.0, "level": "good"}
    assert d["scores"]["anticipating_continued_use"] == {"points": 0, "best": 0, "percent": 0.0,
                                                         "level": "beginning"}
    assert d["level"] == "good" and d["critical"] == 0
    assert d["codes"] == {"affirm": 1, "complex-reflection": 1, "question": 1, "emphasizing-autonomy": 1}
    assert d["reflection_to_question"] == 1.0 and d["percent_complex_reflections"] == 1.0
    assert d["mi_adherent"] == 2 and d["mi_non_adherent"] == 0


@pytest.mark.parametrize("choices,ending,path_len,ri,ap,level,critical", [
    ("1,2", "stays", 4, (3, 0.75, "fair"), (2, 0.6667, "fair"), "fair", 0),
    ("2,1,1", "stays", 6, (5, 1.0, "good"), (3, 1.0, "good"), "good", 0),         # loop: 5 > best 4, capped
    ("3", "walks-out", 2, (0, 0.0, "beginning"), (-3, 0.0, "beginning"), "beginning", 1),  # floored at 0
    ("2,2,1,2", "books", 8, (4, 1.0, "good"), (0, 0.0, "beginning"), "beginning", 0),  # conditional next
])
def test_golden_playthroughs_json(cli, choices, ending, path_len, ri, ap, level, critical):
    rc, d, _ = playtest_json(cli, choices)
    assert rc == 0
    assert d["ending"] == ending and len(d["path"]) == path_len
    assert (d["scores"][RI]["points"], d["scores"][RI]["percent"], d["scores"][RI]["level"]) == ri
    assert (d["scores"][AP]["points"], d["scores"][AP]["percent"], d["scores"][AP]["level"]) == ap
    assert d["scores"][RI]["best"] == 4 and d["scores"][AP]["best"] == 3
    assert d["level"] == level and d["critical"] == critical


def test_choice_numbers_count_only_offered_choices(cli):
    """At 'middle' with trust 2, choice 1 is hidden by its 'if': 2 means the third written choice."""
    rc, d, _ = playtest_json(cli, "2,2,1,2")
    assert d["decisions"][-1] == {"node": "middle", "choice": 2, "best": 1,
                                  "text": "Three is good, but none would be better for your liver."}


def test_text_transcript_and_debrief(cli):
    rc, out, err = cli("playtest", GOLDEN, "--choices", "1,1")
    assert rc == 0
    assert "(Jo sits down.)" in out
    assert "Jo: I only drank four nights this week." in out
    assert "You (1): Four nights instead of seven. That's a real change." in out
    assert "Coach: You named the step as progress." in out
    assert "Trust: 2 -> 3 (up)" in out and "Guardedness: 1 -> 0 (down)" in out
    assert "DEBRIEF" in out and "Ending: Jo stays" in out
    assert "Overall level: Good" in out
    assert "Recognizing improvement (required): 4/4 = 100%, Good" in out


def test_critical_in_text_debrief(cli):
    rc, out, _ = cli("playtest", GOLDEN, "--choices", "3")
    assert rc == 0
    assert "perfectionist rejection" in out
    assert "Critical choices (perfectionist rejection):" in out
    assert "Overall level: Beginning" in out
    assert "A stronger option:" in out


def test_too_few_choices_exit_3(cli):
    rc, out, err = cli("playtest", GOLDEN, "--choices", "1")
    assert rc == 3
    assert "stopped at node 'middle' after 1 decision" in err and "2 offered here" in err
    assert "DEBRIEF" not in out
    rc, out, err = cli("playtest", GOLDEN, "--choices", "1", "--json")
    assert rc == 3
    d = json.loads(out)
    assert d["ending"] is None and d["path"] == ["opening", "middle"]
    rc, _, err = cli("playtest", GOLDEN)  # no --choices at all
    assert rc == 3 and "stopped at node 'opening' after 0 decisions" in err


def test_choice_out_of_range_exit_1(cli):
    rc, out, err = cli("playtest", GOLDEN, "--choices", "1,3")  # only 2 offered at 'middle' (trust 3)
    assert rc == 1
    assert "decision 2 at node 'middle' offers 2 choices; 3 is not one of them" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("bad", ["0", "a", "1,-1", "1.5", "x,1"])
def test_bad_choices_text_exit_2(cli, bad):
    rc, _, err = cli("playtest", GOLDEN, "--choices", bad)
    assert rc == 2 and "--choices" in err


def test_spaces_and_empty_parts_in_choices(cli):
    rc, d, _ = playtest_json(cli, " 1, ,1 ")
    assert rc == 0 and d["ending"] == "stays"


def test_left_over_choices_are_mentioned(cli):
    rc, _, err = cli("playtest", GOLDEN, "--choices", "3,1,1")
    assert rc == 0 and "2 choices left over" in err


def test_invalid_scenario_exit_1_without_traceback(cli):
    rc, out, err = cli("playtest", FIXTURES / "invalid" / "next-unknown-target.yaml", "--choices", "1")
    assert rc == 1
    assert "HR021" in err and "Traceback" not in err


def test_missing_file_is_clear(cli, tmp_path):
    rc, out, err = cli("playtest", tmp_path / "nope.yaml", "--choices", "1")
    assert rc == 1 and "HR000" in err and "file not found" in err


def _alarm(seconds: int):
    def boom(*_):
        raise TimeoutError("playtest did not stop: it loops forever")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(seconds)
    return old


def test_a_loop_of_continue_nodes_ends_with_an_error(cli, write_scenario):
    """Such a file once validated clean, and playing it hung playtest (and play) forever.
    Now validate reports the loop (HR067) and playtest refuses the file at once."""
    f = write_scenario(LOOP)
    rc, out, _ = cli("validate", "--no-cache", f)
    assert rc == 1
    assert f"{f}:16:1: error HR067: continue nodes loop without a decision: 'b' -> 'c' -> 'b'." in out
    old = _alarm(20)
    try:
        rc, out, err = cli("playtest", f, "--choices", "1")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert rc == 1
    assert "HR067" in err
