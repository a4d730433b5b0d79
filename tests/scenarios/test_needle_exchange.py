"""Golden paths for scenarios/needle-exchange.yaml (Tasha, who gets her own needles from the van now)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/needle-exchange.yaml"
# affirm the needles -> ask to share the cooker/cotton facts -> her plan for her own set -> naloxone "catch"
# -> not using alone -> strips where they help -> testing fear -> treatment options, no pressure -> summary
BEST = "3,1,2,4,1,3,4,2,1"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_her_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "comes-back"
    assert r["critical"] == 0
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert levels(r)[dim] == "good"
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # every piece of safety information is offered on the way
    assert {"works", "kit-info", "strips", "test-info", "dante"} <= set(r["path"])
    assert "kit-guarded" not in r["path"]


def test_detox_as_condition_when_she_uses_alone_ends_in_disengagement(capsys):
    # best path to the naloxone, then "I'd need you to go into detox before we keep meeting"
    r = run(capsys, "3,1,2,1")
    assert r["ending"] == "tasha-leaves"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"


def test_demanded_promise_then_detox_condition_ends_in_disengagement(capsys):
    r = run(capsys, "3,1,2,3,3")
    assert "promise" in r["path"]
    assert r["ending"] == "tasha-leaves"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"


def test_late_critical_testing_on_condition_of_detox_caps_perfectionism(capsys):
    r = run(capsys, "3,1,2,4,1,3,2")
    assert r["path"][-2:] == ["testing", "tasha-leaves"]
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"


def test_doubting_her_is_remembered_and_can_be_repaired(capsys):
    # "every time? or most of the time?" -> apology -> best path -> apology again at the door
    r = run(capsys, "1,1,1,2,4,1,3,4,2,4")
    assert "doubt" in r["path"] and "kit-guarded" in r["path"]
    assert r["ending"] == "comes-back"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] != "good"


def test_pushing_at_the_door_is_a_mixed_ending(capsys):
    # best path, then "Thursday has a way of turning into never. Why not today?"
    r = run(capsys, "3,1,2,4,1,3,4,2,2")
    assert r["ending"] == "drifts"
    assert r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] != "good"
