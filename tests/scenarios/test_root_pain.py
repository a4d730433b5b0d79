"""Golden paths for scenarios/root-pain.yaml (Eli, who wants the root, not the pamphlet)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/root-pain.yaml"
BEST = "3,2,4,1,3,2,3"


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def levels(result):
    return {d: s["level"] for d, s in result["scores"].items()}


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_holds_root_and_harm_reduction(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "keeps-coming-back"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "good"
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert r["scores"][dim]["points"] == r["scores"][dim]["best"] > 0
    # named his steps, refused the false choice, started trauma work without a sobriety condition, planned
    assert {"different-sunday", "both", "pace-it", "safer-tuesdays", "not-out"} <= set(r["path"])


def test_sobriety_before_trauma_work_is_critical_and_he_leaves(capsys):
    # debates skills -> pivots to quantity -> "yes, but" -> scaffolding -> "sober thirty days first"
    r = run(capsys, "1,1,1,2,1")
    assert r["ending"] == "eli-leaves"
    assert r["critical"] == 1
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert r["level"] == "beginning"
    assert "thirty-days" in r["path"]


def test_late_discharge_threat_caps_perfectionism(capsys):
    r = run(capsys, "3,2,4,1,3,2,2")
    assert r["ending"] == "eli-leaves"
    assert r["critical"] == 1
    assert levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "beginning"
    assert "right-fit" in r["path"]


def test_abandoning_harm_reduction_leads_to_root_only_ending(capsys):
    # agrees drinking will sort itself out, skips his steps, drops coping, "not what we're working on"
    r = run(capsys, "2,4,2,3,4,4,3")
    assert r["ending"] == "root-only"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "beginning"
    assert r["scores"]["anticipating_continued_use"]["points"] < 0


def test_lecturing_is_remembered_and_unlocks_a_repair_choice(capsys):
    # judged >= 2 brings the callback and offers a 4th (repair) choice at the last decision
    r = run(capsys, "1,1,1,2,2,3,4")
    assert "callback-judged" in r["path"]
    assert r["decisions"][-1]["choice"] == 3  # the conditional repair choice (0-based index)
    assert r["ending"] == "lukewarm"
    assert r["critical"] == 0


def test_repair_choice_is_not_offered_without_a_rupture(capsys):
    assert main(["playtest", SCENARIO, "--choices", "3,2,4,1,3,2,4", "--json"]) != 0
    capsys.readouterr()
