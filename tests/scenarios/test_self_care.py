"""Golden paths for scenarios/self-care.yaml (Denise, who has started taking care of herself while still using)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/self-care.yaml"
# room and numbers first -> answer her "So" -> ask to share why the doctor should know -> plan to protect the room
# -> reflect wanting to protect it -> back her quitting, ask to share withdrawal safety -> her choice to drop the
# crystal -> make room for Jordan without a precondition -> summary of both truths
BEST = "1,3,4,2,1,4,3,2,1"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_grows_self_care_and_keeps_her_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "crowding-out"
    assert r["critical"] == 0
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism", "encouraging_self_care"):
        assert levels(r)[dim] == "good"
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # the withdrawal warning is given before she tries to stop
    assert {"doctor-info", "withdrawal-info", "evenings"} <= set(r["path"])
    assert "monday" not in r["path"]


def test_sobriety_required_program_ends_in_disengagement(capsys):
    # best path to the weekend, then "this program is for people working toward sobriety"
    r = run(capsys, "1,3,4,4")
    assert r["ending"] == "denise-leaves"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"


def test_late_critical_wash_my_hands_caps_perfectionism(capsys):
    # best path until she keeps the wine, then "if the wine's staying, I'm not sure what more I can do"
    r = run(capsys, "1,3,4,2,1,4,2")
    assert r["path"][-2:] == ["withdrawal-info", "denise-leaves"]
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"


def test_yes_but_is_remembered_and_can_be_repaired(capsys):
    # "138 is still above target" -> repair -> best path -> apology at the door
    r = run(capsys, "3,2,3,4,2,1,4,3,2,4")
    assert "deflate" in r["path"] and "weekend-guarded" in r["path"]
    assert r["ending"] == "crowding-out"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] != "good"


def test_cheering_cold_turkey_without_withdrawal_facts(capsys):
    # "That's fantastic! Monday it is." -> Tuesday withdrawal call
    safe = run(capsys, "1,3,4,2,1,1,4")
    assert safe["ending"] == "monday-safe"
    assert safe["scores"]["respecting_choice"]["level"] == "beginning"
    alone = run(capsys, "1,3,4,2,1,1,1")
    assert alone["ending"] == "monday-alone"
    assert alone["scores"]["anticipating_continued_use"]["points"] < 0


def test_yes_but_at_the_door_is_a_mixed_ending(capsys):
    # best path, then "let's see if we can get the drinking down a bit by then"
    r = run(capsys, "1,3,4,2,1,4,3,2,2")
    assert r["ending"] == "steady"
    assert r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] != "good"
