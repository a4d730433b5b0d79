"""Golden paths for scenarios/chosen-abstinence.yaml (Carmen, abstinent by her own choice)."""
from hrtraining.cli import main

SCENARIO = "scenarios/chosen-abstinence.yaml"
BEST = "2,3,1,4,2,3,2,3"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_her_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "keeps-coming-back")
    # supports her goal and plans for the morning after, with overdose information given with permission
    assert {"with-you", "two-plans", "naloxone", "door-open"} <= set(r["path"])


def test_early_critical_threat_of_residential_ends_in_disengagement(play, assert_critical_path):
    # what went wrong -> "yes, but" -> reset to day six -> "another slip and you need residential"
    r = play("1,2,4,2")
    assert_critical_path(r, "carmen-leaves")
    assert "residential" in r["path"]


def test_late_critical_caps_perfectionism_even_after_good_play(play, levels, assert_caps_perfectionism):
    # the best path until the last decision, then "outpatient only works if you're staying sober"
    r = play("2,3,1,4,2,3,2,2")
    assert r["ending"] == "carmen-leaves"
    assert_caps_perfectionism(r)
    assert levels(r)["recognizing_improvement"] == "good"
    assert "strike-three" in r["path"]


def test_pushing_moderation_is_remembered_and_costs(play):
    # moderation pitch at her goal, then "whatever goal you land on" at the door
    r = play("2,3,1,1,2,3,2,2,4")
    assert "callback-overruled" in r["path"] and "repair" in r["path"]
    assert r["ending"] == "comes-back-guarded"
    assert r["scores"]["respecting_choice"]["points"] < 0


def test_shaming_remark_is_remembered_and_can_be_repaired(play):
    r = play("1,3,1,4,2,3,2,2,3")
    assert "callback-shamed" in r["path"]
    assert r["ending"] == "keeps-coming-back"
    assert r["critical"] == 0


def test_dodging_the_door_question_is_a_mixed_ending(play, assert_mixed_ending):
    r = play("2,3,1,4,2,3,2,1")
    assert_mixed_ending(r, "comes-back-when-good")
