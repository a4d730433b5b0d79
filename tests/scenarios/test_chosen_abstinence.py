"""Golden paths for scenarios/chosen-abstinence.yaml (Carmen, abstinent by her own choice)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/chosen-abstinence.yaml"
BEST = "2,3,1,4,2,3,2,3"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_her_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "keeps-coming-back"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # supports her goal and plans for the morning after, with overdose information given with permission
    assert {"with-you", "two-plans", "naloxone", "door-open"} <= set(r["path"])


def test_early_critical_threat_of_residential_ends_in_disengagement(capsys):
    # what went wrong -> "yes, but" -> reset to day six -> "another slip and you need residential"
    r = run(capsys, "1,2,4,2")
    assert r["ending"] == "carmen-leaves"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"
    assert "residential" in r["path"]


def test_late_critical_caps_perfectionism_even_after_good_play(capsys):
    # the best path until the last decision, then "outpatient only works if you're staying sober"
    r = run(capsys, "2,3,1,4,2,3,2,2")
    assert r["ending"] == "carmen-leaves"
    assert r["critical"] == 1
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert "strike-three" in r["path"]


def test_pushing_moderation_is_remembered_and_costs(capsys):
    # moderation pitch at her goal, then "whatever goal you land on" at the door
    r = run(capsys, "2,3,1,1,2,3,2,2,4")
    assert "callback-overruled" in r["path"] and "repair" in r["path"]
    assert r["ending"] == "comes-back-guarded"
    assert r["scores"]["respecting_choice"]["points"] < 0


def test_shaming_remark_is_remembered_and_can_be_repaired(capsys):
    r = run(capsys, "1,3,1,4,2,3,2,2,3")
    assert "callback-shamed" in r["path"]
    assert r["ending"] == "keeps-coming-back"
    assert r["critical"] == 0


def test_dodging_the_door_question_is_a_mixed_ending(capsys):
    r = run(capsys, "2,3,1,4,2,3,2,1")
    assert r["ending"] == "comes-back-when-good"
    assert r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] != "good"
