"""Golden paths through scenarios/given-up.yaml (Walt, 61: grief, heavy drinking, suicide risk)."""
import json

from hrtraining.cli import main

SCENARIO = "scenarios/given-up.yaml"

# 1-based positions among the choices offered at each decision.
BEST = "3,2,2,1,1,3,3,2,2"          # welcome, reflect, ask directly, stay with it, means plan, sleepers info,
                                    # back his wish to stop safely, name self-care, safety plan + 988 together
SEND_AWAY = "1"                     # "come back Thursday, before you've had anything" (critical)
WAIT_TILL_SOBER = "3,2,2,3"         # suicide disclosed, then "come back tomorrow before you've had a drink" (critical)
MISSED = "3,2,1,1"                  # leading question ("nothing stupid?"), then move on to the drinking
PROMISE = "3,2,2,1,1,3,3,2,1"       # all good, but a no-suicide promise instead of a plan
LECTURED = "3,1,2,1,1,1"            # lecture about pills, defend when called on it, lecture about drinking


def run(capsys, choices):
    assert main(["playtest", SCENARIO, "--choices", choices, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_validates_strict(capsys):
    assert main(["validate", "--strict", "--no-cache", SCENARIO]) == 0


def test_best_path_keeps_walt_coming_back(capsys):
    r = run(capsys, BEST)
    assert r["ending"] == "walt-comes-back"
    assert r["critical"] == 0
    for dim in ("recognizing_improvement", "avoiding_perfectionism"):
        assert r["scores"][dim]["level"] == "good"
    assert all(s["percent"] == 1.0 for s in r["scores"].values())
    assert r["level"] == "good"
    assert r["mi_non_adherent"] == 0
    # the safety steps are all on the way: the direct question, the means plan, the plan made together
    for node in ("yes-thinks", "means-full", "means-plan", "sleepers-info", "withdrawal-talk", "plan-together"):
        assert node in r["path"]


def test_sending_him_away_to_sober_up_is_critical(capsys):
    r = run(capsys, SEND_AWAY)
    assert r["ending"] == "walt-leaves"
    assert r["critical"] == 1
    assert r["scores"]["avoiding_perfectionism"]["level"] == "beginning"
    assert r["level"] == "beginning"


def test_postponing_the_suicide_conversation_until_sober_is_critical(capsys):
    r = run(capsys, WAIT_TILL_SOBER)
    assert r["ending"] == "walt-leaves"
    assert r["path"][-2:] == ["leaves-tomorrow", "walt-leaves"]
    assert r["critical"] == 1
    assert r["scores"]["avoiding_perfectionism"]["level"] == "beginning"


def test_not_asking_directly_misses_the_risk(capsys):
    r = run(capsys, MISSED)
    assert r["ending"] == "walt-says-thanks"
    assert "yes-thinks" not in r["path"]
    assert r["critical"] == 0


def test_no_suicide_promise_is_not_a_safety_plan(capsys):
    r = run(capsys, PROMISE)
    assert r["ending"] == "walt-uncertain"
    assert "plan-together" not in r["path"]
    assert r["scores"]["encouraging_self_care"]["points"] < r["scores"]["encouraging_self_care"]["best"]


def test_walt_remembers_being_judged(capsys):
    r = run(capsys, LECTURED)
    assert "guarded" in r["path"]             # the earlier lecture comes back when you ask about means
    assert r["ending"] == "walt-leaves"       # a second lecture and he goes
    assert r["path"][-2] == "leaves-lectured"
    assert r["critical"] == 0
