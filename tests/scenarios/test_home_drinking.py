"""Golden paths for scenarios/home-drinking.yaml (Dale, who moves his drinking out of the house)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/home-drinking.yaml"
# name the push and his honesty -> back his idea -> the drive and the door, with permission -> a plan at the door
# with Lorraine's say -> accurate hotline info for Lorraine -> "a real change" -> the porch -> plan Thanksgiving
# -> quitting is his call, with withdrawal facts
BEST = "2,4,3,1,3,2,4,1,3"
# ... -> "I can't keep working with you unless you stop completely" -> "that's my condition"
CRITICAL = "2,4,3,1,3,4,2"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "dale-keeps-coming"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # safety planning for the door and for Thanksgiving, and no minimising along the way
    assert {"door-plan", "lorraine-question", "friday-choice", "thanksgiving-plan"} <= set(r["path"])
    assert "friday-colluded" not in r["path"]


def test_abstinence_as_condition_of_care_ends_in_disengagement(capsys):
    r = run(capsys, CRITICAL)
    assert r["ending"] == "dale-walks-out"
    assert r["critical"] == 2
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"
    assert "dale-ultimatum" in r["path"]


def test_taking_the_condition_back_keeps_him_but_guarded(capsys):
    r = run(capsys, "2,4,3,1,3,4,3,4,1,3")
    assert r["critical"] == 1
    assert "dale-guarded" in r["path"]
    assert r["ending"] == "dale-mixed"
    assert levels(r)["avoiding_perfectionism"] == "beginning"


def test_minimising_the_push_is_quoted_back(capsys):
    # "not like you hit her" at the start -> Dale repeats it after the Friday night; agreeing again costs the ending
    r = run(capsys, "3,4,3,1,3,2,3,1,3")
    assert "friday-colluded" in r["path"]
    assert r["ending"] == "dale-mixed"
    assert r["scores"]["anticipating_continued_use"]["level"] != "good"
    # correcting it instead repairs the work
    fixed = run(capsys, "3,4,3,1,3,2,2,1,3")
    assert "friday-colluded" in fixed["path"]
    assert fixed["ending"] == "dale-keeps-coming"


def test_judgemental_remark_is_remembered(capsys):
    # "that's just moving the drinking somewhere else" -> Dale brings it up at session two
    r = run(capsys, "2,3,3,1,3,2,3,4,1,3")
    assert {"dale-digs-in", "news-guarded", "yes-but"} <= set(r["path"])
    assert r["ending"] == "dale-mixed"
    assert r["critical"] == 0
