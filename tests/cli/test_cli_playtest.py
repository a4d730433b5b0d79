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
    assert d["version"] == 2
    # scoring v2: possible = what the decisions faced offered (opening RI 2 AP 1; middle at trust 3
    # RI 2 AP 2 RC 1), so the best path is 100% of it (see tests/engine/test_session.py)
    scored = {k: d["scores"][k] for k in (RI, AP, RC)}
    assert {k: (s["points"], s["possible"], s["percent"], s["level"], s["assessed"], s["capped"])
            for k, s in scored.items()} == {RI: (4, 4, 1.0, "good", True, False),
                                            AP: (3, 3, 1.0, "good", True, False),
                                            RC: (1, 1, 1.0, "good", True, False)}
    assert d["scores"]["anticipating_continued_use"] == {
        "name": "Anticipating continued use", "points": 0, "possible": 0, "percent": None, "level": None,
        "assessed": False, "required": False, "capped": False}
    assert d["level"] == "good" and d["critical"] == 0
    assert d["codes"] == {"affirm": 1, "complex-reflection": 1, "question": 1, "emphasizing-autonomy": 1}
    assert d["reflection_to_question"] == 1.0 and d["percent_complex_reflections"] == 1.0
    assert d["mi_adherent"] == 2 and d["mi_non_adherent"] == 0


# (points, possible, percent, level) per required dimension; worked out in tests/engine/test_session.py
@pytest.mark.parametrize("choices,ending,path_len,ri,ap,level,critical", [
    ("1,2", "stays", 4, (3, 4, 0.75, "fair"), (2, 3, 0.6667, "fair"), "fair", 0),
    ("2,1,1", "stays", 6, (5, 6, 0.8333, "good"), (3, 4, 0.75, "fair"), "fair", 0),  # the loop costs
    ("3", "walks-out", 2, (0, 2, 0.0, "beginning"), (-3, 1, 0.0, "beginning"), "beginning", 1),  # floored at 0
    ("2,2,1,2", "books", 8, (4, 7, 0.5714, "fair"), (0, 4, 0.0, "beginning"), "beginning", 0),  # conditional next
])
def test_golden_playthroughs_json(cli, choices, ending, path_len, ri, ap, level, critical):
    rc, d, _ = playtest_json(cli, choices)
    assert rc == 0
    assert d["ending"] == ending and len(d["path"]) == path_len
    for dim, want in ((RI, ri), (AP, ap)):
        s = d["scores"][dim]
        assert (s["points"], s["possible"], s["percent"], s["level"]) == want
        assert "best" not in s
    assert d["level"] == level and d["critical"] == critical


def test_choice_numbers_count_only_offered_choices(cli):
    """At 'middle' with trust 2, choice 1 is hidden by its 'if': 2 means the third written choice."""
    rc, d, _ = playtest_json(cli, "2,2,1,2")
    assert d["decisions"][-1] == {"number": 4, "node": "middle", "choice": 2, "stronger": 1,
                                  "text": "Three is good, but none would be better for your liver.",
                                  "offered": [1, 2], "critical": False,
                                  "scores": {"avoiding_perfectionism": -1}}


def test_text_transcript_and_debrief(cli):
    rc, out, err = cli("playtest", GOLDEN, "--choices", "1,1")
    assert rc == 0
    assert "(Jo sits down.)" in out
    assert "Jo: I only drank four nights this week." in out
    assert "You (1): Four nights instead of seven. That's a real change." in out
    assert "Coach: You named the step as progress." in out
    assert "Trust: 2 -> 3 (up)" in out and "Guardedness: 1 -> 0 (down)" in out
    assert "DEBRIEF" in out and "Ending: Jo stays" in out
    assert "Overall: Good" in out
    assert "- Recognizing improvement: 100%, Good (4 of 4 points · decides the overall level)" in " ".join(out.split())


def test_critical_in_text_debrief(cli):
    rc, out, _ = cli("playtest", GOLDEN, "--choices", "3")
    assert rc == 0
    assert "perfectionist rejection" in out
    assert "Critical choices (perfectionist rejection):" in out
    assert "Overall: Beginning" in out
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
