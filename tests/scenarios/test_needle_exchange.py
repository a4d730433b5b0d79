"""Golden paths for scenarios/needle-exchange.yaml (Tasha, who gets her own needles from the van now)."""
from hrtraining.cli import main

SCENARIO = "scenarios/needle-exchange.yaml"
# affirm the needles -> ask to share the cooker/cotton facts -> her plan for her own set -> naloxone "catch"
# -> not using alone -> strips where they help -> testing fear -> treatment options, no pressure -> summary
BEST = "3,1,2,4,1,3,4,2,1"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_her_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "comes-back")
    # every piece of safety information is offered on the way
    assert {"works", "kit-info", "strips", "test-info", "dante"} <= set(r["path"])
    assert "kit-guarded" not in r["path"]


def test_detox_as_condition_when_she_uses_alone_ends_in_disengagement(play, assert_critical_path):
    # best path to the naloxone, then "I'd need you to go into detox before we keep meeting"
    r = play("3,1,2,1")
    assert_critical_path(r, "tasha-leaves")


def test_demanded_promise_then_detox_condition_ends_in_disengagement(play, assert_caps_perfectionism):
    r = play("3,1,2,3,3")
    assert "promise" in r["path"]
    assert r["ending"] == "tasha-leaves"
    assert_caps_perfectionism(r)


def test_late_critical_testing_on_condition_of_detox_caps_perfectionism(play, assert_caps_perfectionism):
    r = play("3,1,2,4,1,3,2")
    assert r["path"][-2:] == ["testing", "tasha-leaves"]
    assert_caps_perfectionism(r)


def test_doubting_her_is_remembered_and_can_be_repaired(play, assert_repaired):
    # "every time? or most of the time?" -> apology -> best path -> apology again at the door
    r = play("1,1,1,2,4,1,3,4,2,4")
    assert "doubt" in r["path"] and "kit-guarded" in r["path"]
    assert_repaired(r, "comes-back")


def test_pushing_at_the_door_is_a_mixed_ending(play, assert_mixed_ending):
    # best path, then "Thursday has a way of turning into never. Why not today?"
    r = play("3,1,2,4,1,3,4,2,2")
    assert_mixed_ending(r, "drifts")
