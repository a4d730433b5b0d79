"""Golden paths through scenarios/given-up.yaml (Walt, 61: grief, heavy drinking, suicide risk)."""
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


def test_validates_strict(capsys):
    assert main(["validate", "--strict", "--no-cache", SCENARIO]) == 0


def test_best_path_keeps_walt_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "walt-comes-back")
    # every skill the path assesses is at 100% (the rubric's keeping_safe and listening are not scored here yet)
    assert all(s["percent"] == 1.0 for s in r["scores"].values() if s["assessed"])
    assert r["mi_non_adherent"] == 0
    # the safety steps are all on the way: the direct question, the means plan, the plan made together
    for node in ("yes-thinks", "means-full", "means-plan", "sleepers-info", "withdrawal-talk", "plan-together"):
        assert node in r["path"]


def test_sending_him_away_to_sober_up_is_critical(play, assert_critical_path):
    r = play(SEND_AWAY)
    assert_critical_path(r, "walt-leaves")


def test_postponing_the_suicide_conversation_until_sober_is_critical(play, assert_caps_perfectionism):
    r = play(WAIT_TILL_SOBER)
    assert r["ending"] == "walt-leaves"
    assert r["path"][-2:] == ["leaves-tomorrow", "walt-leaves"]
    assert_caps_perfectionism(r)


def test_not_asking_directly_misses_the_risk(play):
    r = play(MISSED)
    assert r["ending"] == "walt-says-thanks"
    assert "yes-thinks" not in r["path"]
    assert r["critical"] == 0


def test_no_suicide_promise_is_not_a_safety_plan(play):
    r = play(PROMISE)
    assert r["ending"] == "walt-uncertain"
    assert "plan-together" not in r["path"]
    # v2: the promise path was offered self-care points at its decisions and missed some
    assert r["scores"]["encouraging_self_care"]["points"] < r["scores"]["encouraging_self_care"]["possible"]


def test_walt_remembers_being_judged(play):
    r = play(LECTURED)
    assert "guarded" in r["path"]             # the earlier lecture comes back when you ask about means
    assert r["ending"] == "walt-leaves"       # a second lecture and he goes
    assert r["path"][-2] == "leaves-lectured"
    assert r["critical"] == 0
