"""Golden paths for scenarios/bar-fights.yaml (Ray, who fights when he drinks out and starts drinking at home)."""
from hrtraining.cli import main

SCENARIO = "scenarios/bar-fights.yaml"
# what he wants -> staying home is his idea -> buy ahead, don't drive -> "21 days is real" -> the wallet trick
# -> quitting is his call, with withdrawal facts -> plan the wedding -> menu with permission -> thanks for honesty
# -> name the walk to the parking lot
BEST = "3,4,2,1,3,2,4,1,3,2"
# ... -> "if your drinking keeps going up, I can't keep seeing you" -> "that's my condition"
CRITICAL = "3,4,2,2,3"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "ray-keeps-coming")
    # staying home recognised, then a plan for the night he still goes out, and the plan holds
    assert {"news-open", "wedding-plan", "ray-picks", "after-wedding"} <= set(r["path"])
    assert "rough-wedding" not in r["path"]


def test_discharge_threat_over_drinking_ends_in_disengagement(play, assert_critical_path):
    r = play(CRITICAL)
    assert_critical_path(r, "ray-walks-out", critical=2)
    assert "ultimatum" in r["path"]


def test_late_critical_letter_condition_caps_perfectionism(play, assert_caps_perfectionism):
    # good play until the wedding, then "I can't in good conscience write that letter"
    r = play("3,4,2,1,3,2,2")
    assert r["ending"] == "ray-walks-out"
    assert_caps_perfectionism(r)
    assert "letter-reaction" in r["path"]


def test_taking_the_threat_back_keeps_him_but_guarded(play, assert_caps_perfectionism):
    r = play("3,4,2,2,2,3,2,4,1,3,2")
    assert_caps_perfectionism(r)
    assert "ray-guarded" in r["path"]
    assert r["ending"] == "ray-drifts"


def test_judgemental_remark_is_remembered(play, levels):
    # "drinking alone is a sign things are getting worse" -> Ray brings it up at session two
    repaired = play("3,1,2,3,3,2,4,1,3,2")
    assert "home-doubt" in repaired["path"] and "news-guarded" in repaired["path"]
    assert repaired["ending"] == "ray-keeps-coming"
    # ... and doubling down on it ("I stand by it") loses him
    doubled = play("3,1,2,4,2,3,2,4,1,3,2")
    assert {"news-guarded", "yes-but"} <= set(doubled["path"])
    assert doubled["ending"] == "ray-drifts"
    assert doubled["critical"] == 0
    assert levels(doubled)["recognizing_improvement"] == "beginning"


def test_no_plan_for_going_out_means_a_rough_wedding(play):
    # "you'll handle it" instead of planning -> the shove at the cake table
    r = play("3,4,2,1,3,2,3,4")
    assert "rough-wedding" in r["path"] and "wedding-plan" not in r["path"]
    assert r["scores"]["anticipating_continued_use"]["level"] != "good"
