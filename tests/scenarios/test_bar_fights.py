"""Golden paths for scenarios/bar-fights.yaml (Ray, who fights when he drinks out and starts drinking at home)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/bar-fights.yaml"
# what he wants -> staying home is his idea -> buy ahead, don't drive -> "21 days is real" -> the wallet trick
# -> quitting is his call, with withdrawal facts -> plan the wedding -> menu with permission -> thanks for honesty
# -> name the walk to the parking lot
BEST = "3,4,2,1,3,2,4,1,3,2"
# ... -> "if your drinking keeps going up, I can't keep seeing you" -> "that's my condition"
CRITICAL = "3,4,2,2,3"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "ray-keeps-coming"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # staying home recognised, then a plan for the night he still goes out, and the plan holds
    assert {"news-open", "wedding-plan", "ray-picks", "after-wedding"} <= set(r["path"])
    assert "rough-wedding" not in r["path"]


def test_discharge_threat_over_drinking_ends_in_disengagement(capsys):
    r = run(capsys, CRITICAL)
    assert r["ending"] == "ray-walks-out"
    assert r["critical"] == 2
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"
    assert "ultimatum" in r["path"]


def test_late_critical_letter_condition_caps_perfectionism(capsys):
    # good play until the wedding, then "I can't in good conscience write that letter"
    r = run(capsys, "3,4,2,1,3,2,2")
    assert r["ending"] == "ray-walks-out"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert "letter-reaction" in r["path"]


def test_taking_the_threat_back_keeps_him_but_guarded(capsys):
    r = run(capsys, "3,4,2,2,2,3,2,4,1,3,2")
    assert r["critical"] == 1
    assert "ray-guarded" in r["path"]
    assert r["ending"] == "ray-drifts"
    assert levels(r)["avoiding_perfectionism"] == "beginning"


def test_judgemental_remark_is_remembered(capsys):
    # "drinking alone is a sign things are getting worse" -> Ray brings it up at session two
    repaired = run(capsys, "3,1,2,3,3,2,4,1,3,2")
    assert "home-doubt" in repaired["path"] and "news-guarded" in repaired["path"]
    assert repaired["ending"] == "ray-keeps-coming"
    # ... and doubling down on it ("I stand by it") loses him
    doubled = run(capsys, "3,1,2,4,2,3,2,4,1,3,2")
    assert {"news-guarded", "yes-but"} <= set(doubled["path"])
    assert doubled["ending"] == "ray-drifts"
    assert doubled["critical"] == 0
    assert levels(doubled)["recognizing_improvement"] == "beginning"


def test_no_plan_for_going_out_means_a_rough_wedding(capsys):
    # "you'll handle it" instead of planning -> the shove at the cake table
    r = run(capsys, "3,4,2,1,3,2,3,4")
    assert "rough-wedding" in r["path"] and "wedding-plan" not in r["path"]
    assert r["scores"]["anticipating_continued_use"]["level"] != "good"
