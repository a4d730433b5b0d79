"""Golden paths for scenarios/self-care.yaml (Denise, who has started taking care of herself while still using)."""
from hrtraining.cli import main

SCENARIO = "scenarios/self-care.yaml"
# room and numbers first -> answer her "So" -> ask to share why the doctor should know -> plan to protect the room
# -> reflect wanting to protect it -> back her quitting, ask to share withdrawal safety -> her choice to drop the
# crystal -> make room for Jordan without a precondition -> summary of both truths
BEST = "1,3,4,2,1,4,3,2,1"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_grows_self_care_and_keeps_her_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "crowding-out",
                     dims=("recognizing_improvement", "avoiding_perfectionism", "encouraging_self_care"))
    # the withdrawal warning is given before she tries to stop
    assert {"doctor-info", "withdrawal-info", "evenings"} <= set(r["path"])
    assert "monday" not in r["path"]


def test_sobriety_required_program_ends_in_disengagement(play, assert_critical_path):
    # best path to the weekend, then "this program is for people working toward sobriety"
    r = play("1,3,4,4")
    assert_critical_path(r, "denise-leaves")


def test_late_critical_wash_my_hands_caps_perfectionism(play, assert_caps_perfectionism):
    # best path until she keeps the wine, then "if the wine's staying, I'm not sure what more I can do"
    r = play("1,3,4,2,1,4,2")
    assert r["path"][-2:] == ["withdrawal-info", "denise-leaves"]
    assert_caps_perfectionism(r)


def test_yes_but_is_remembered_and_can_be_repaired(play, assert_repaired):
    # "138 is still above target" -> repair -> best path -> apology at the door
    r = play("3,2,3,4,2,1,4,3,2,4")
    assert "deflate" in r["path"] and "weekend-guarded" in r["path"]
    assert_repaired(r, "crowding-out")


def test_cheering_cold_turkey_without_withdrawal_facts(play):
    # "That's fantastic! Monday it is." -> Tuesday withdrawal call
    safe = play("1,3,4,2,1,1,4")
    assert safe["ending"] == "monday-safe"
    assert safe["scores"]["respecting_choice"]["level"] == "beginning"
    alone = play("1,3,4,2,1,1,1")
    assert alone["ending"] == "monday-alone"
    assert alone["scores"]["anticipating_continued_use"]["points"] < 0


def test_yes_but_at_the_door_is_a_mixed_ending(play, assert_mixed_ending):
    # best path, then "let's see if we can get the drinking down a bit by then"
    r = play("1,3,4,2,1,4,3,2,2")
    assert_mixed_ending(r, "steady")
