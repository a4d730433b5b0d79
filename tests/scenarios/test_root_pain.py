"""Golden paths for scenarios/root-pain.yaml (Eli, who wants the root, not the pamphlet)."""
from hrtraining.cli import main

SCENARIO = "scenarios/root-pain.yaml"
BEST = "3,2,4,1,3,2,3"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_holds_root_and_harm_reduction(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "keeps-coming-back")
    # named his steps, refused the false choice, started trauma work without a sobriety condition, planned
    assert {"different-sunday", "both", "pace-it", "safer-tuesdays", "not-out"} <= set(r["path"])


def test_sobriety_before_trauma_work_is_critical_and_he_leaves(play, assert_critical_path):
    # debates skills -> pivots to quantity -> "yes, but" -> scaffolding -> "sober thirty days first"
    r = play("1,1,1,2,1")
    assert_critical_path(r, "eli-leaves")
    assert "thirty-days" in r["path"]


def test_late_discharge_threat_caps_perfectionism(play, levels, assert_caps_perfectionism):
    r = play("3,2,4,1,3,2,2")
    assert r["ending"] == "eli-leaves"
    assert_caps_perfectionism(r)
    assert levels(r)["recognizing_improvement"] == "good"
    assert "right-fit" in r["path"]


def test_abandoning_harm_reduction_leads_to_root_only_ending(play, levels):
    # agrees drinking will sort itself out, skips his steps, drops coping, "not what we're working on"
    r = play("2,4,2,3,4,4,3")
    assert r["ending"] == "root-only"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "beginning"
    assert r["scores"]["anticipating_continued_use"]["points"] < 0


def test_lecturing_is_remembered_and_unlocks_a_repair_choice(play):
    # judged >= 2 brings the callback and offers a 4th (repair) choice at the last decision
    r = play("1,1,1,2,2,3,4")
    assert "callback-judged" in r["path"]
    assert r["decisions"][-1]["choice"] == 3  # the conditional repair choice (0-based index)
    assert r["ending"] == "lukewarm"
    assert r["critical"] == 0


def test_repair_choice_is_not_offered_without_a_rupture(capsys):
    assert main(["playtest", SCENARIO, "--choices", "3,2,4,1,3,2,4", "--json"]) != 0
    capsys.readouterr()
