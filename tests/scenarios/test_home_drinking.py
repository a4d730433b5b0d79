"""Golden paths for scenarios/home-drinking.yaml (Dale, who moves his drinking out of the house)."""
from hrtraining.cli import main

SCENARIO = "scenarios/home-drinking.yaml"
# name the push and his honesty -> back his idea -> the drive and the door, with permission -> a plan at the door
# with Lorraine's say -> accurate hotline info for Lorraine -> "a real change" -> the porch -> plan Thanksgiving
# -> quitting is his call, with withdrawal facts
BEST = "2,4,3,1,3,2,4,1,3"
# ... -> "I can't keep working with you unless you stop completely" -> "that's my condition"
CRITICAL = "2,4,3,1,3,4,2"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "dale-keeps-coming")
    # safety planning for the door and for Thanksgiving, and no minimising along the way
    assert {"door-plan", "lorraine-question", "friday-choice", "thanksgiving-plan"} <= set(r["path"])
    assert "friday-colluded" not in r["path"]


def test_abstinence_as_condition_of_care_ends_in_disengagement(play, assert_critical_path):
    r = play(CRITICAL)
    assert_critical_path(r, "dale-walks-out", critical=2)
    assert "dale-ultimatum" in r["path"]


def test_taking_the_condition_back_keeps_him_but_guarded(play, assert_caps_perfectionism):
    r = play("2,4,3,1,3,4,3,4,1,3")
    assert_caps_perfectionism(r)
    assert "dale-guarded" in r["path"]
    assert r["ending"] == "dale-mixed"


def test_minimising_the_push_is_quoted_back(play):
    # "not like you hit her" at the start -> Dale repeats it after the Friday night; agreeing again costs the ending
    r = play("3,4,3,1,3,2,3,1,3")
    assert "friday-colluded" in r["path"]
    assert r["ending"] == "dale-mixed"
    assert r["scores"]["anticipating_continued_use"]["level"] != "good"
    # correcting it instead repairs the work
    fixed = play("3,4,3,1,3,2,2,1,3")
    assert "friday-colluded" in fixed["path"]
    assert fixed["ending"] == "dale-keeps-coming"


def test_judgemental_remark_is_remembered(play):
    # "that's just moving the drinking somewhere else" -> Dale brings it up at session two
    r = play("2,3,3,1,3,2,3,4,1,3")
    assert {"dale-digs-in", "news-guarded", "yes-but"} <= set(r["path"])
    assert r["ending"] == "dale-mixed"
    assert r["critical"] == 0
