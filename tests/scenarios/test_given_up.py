"""Golden paths through scenarios/given-up.yaml (Walt, 61: grief, heavy drinking, suicide risk).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing_improvement, avoiding_perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/given-up.yaml"

# 1-based positions among the choices offered at each decision.
# welcome -> reflect "what the pills are keeping you going for" -> ask, in the office -> stay with it, with
# permission -> someone he trusts holds the rifle, pills out -> the pills and the whiskey, and the bottle by the
# bed -> back his wish to stop, with the withdrawal fact -> name his self-care, the pharmacist -> 988 together now,
# a same-day evaluation, then the plan
BEST = "3,1,4,2,4,3,1,3,2"
# Per decision, the most each required skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: opening 1, heart 2, closing 1                               -> 4/4   good
#   avoiding_perfectionism:  opening 1, marlene 1, yes-thinks 1, pour-it-out 1             -> 4/4   good
#   keeping_safe: marlene 1, ask 3, yes-thinks 2, means 3, sleepers 3, pour-it-out 2, heart 1, closing 3
#                                                                                           -> 18/18 good
#   listening: marlene 2, yes-thinks 1, sleepers 1, pour-it-out 1, heart 1                -> 6/6   good
SEND_AWAY = "1"                     # "come back Thursday, before you've had anything" (critical)
WAIT_TILL_SOBER = "3,1,4,4"         # suicide disclosed, then "come back tomorrow before you've had a drink" (critical)
MISSED = "3,1,1,1"                  # leading question ("nothing stupid?"), then move on to the drinking
MYTH_THEN_REPAIR = "3,1,3,2,2,4,3,1,3,2"  # "I don't want to put ideas in your head", then ask again, in private;
                                          # the rest as the best path
PROMISE = "3,1,4,2,4,3,1,3,1"       # all good, but a no-suicide promise instead of a plan
# "I won't dig unless you want me to", then "it's your call. Can we talk about the drinking?": the question that was
# the therapist's to ask, handed to Walt twice
HANDED_BACK = "3,1,3,1"
# Every step sound, none the strongest: asked at the lunch table, the rifle locked at home, "never both" as a
# rule, a plan and a first 988 call but no one seeing him before Thursday.
#   keeping_safe: 1 + 2 + 2 + 2 + 2 + 2 + 1 + 2 = 14 of 18 = 78% fair; the other required skills are at 100%.
GOOD_ENOUGH = "3,1,2,2,3,1,1,3,3"
LECTURED = "3,2,2,2,2,2"            # lecture about the pills, ask at the table, defend when called on it, lecture
                                    # about drinking


def test_validates_strict(capsys):
    assert main(["validate", "--strict", "--no-cache", SCENARIO]) == 0


def test_best_path_keeps_walt_coming_back(play, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "walt-comes-back", dims=("recognizing_improvement", "avoiding_perfectionism",
                                                  "keeping_safe", "listening"))
    # every skill the path assesses is at 100%
    assert all(s["percent"] == 1.0 for s in r["scores"].values() if s["assessed"])
    assert r["scores"]["keeping_safe"]["points"] == 18
    assert r["mi_non_adherent"] == 0
    # the safety steps are all on the way: asked in private, the means plan, the pills at the bedside, withdrawal,
    # a same-day evaluation through 988, the plan made together
    for node in ("office", "yes-thinks", "means-full", "means-plan", "sleepers-info", "withdrawal-talk",
                 "crisis-call", "plan-together"):
        assert node in r["path"], node


def test_sending_him_away_to_sober_up_is_critical(play, assert_critical_path):
    r = play(SEND_AWAY)
    assert_critical_path(r, "walt-leaves")


def test_postponing_the_suicide_conversation_until_sober_is_critical(play, assert_caps_perfectionism):
    r = play(WAIT_TILL_SOBER)
    assert r["ending"] == "walt-leaves"
    assert r["path"][-2:] == ["leaves-tomorrow", "walt-leaves"]
    assert_caps_perfectionism(r)
    assert r["level"] == "beginning"


def test_not_asking_directly_misses_the_risk(play, levels):
    r = play(MISSED)
    assert r["ending"] == "walt-says-thanks"
    assert "yes-thinks" not in r["path"]
    assert r["critical"] == 0
    # keeping_safe: marlene 1, ask -2 of 3, second-chance -2 of 3: below zero, shown as 0%
    assert r["scores"]["keeping_safe"]["possible"] == 7
    assert levels(r)["keeping_safe"] == "beginning"
    assert r["level"] == "beginning"


def test_the_myth_is_repaired_by_asking_in_private(play):
    r = play(MYTH_THEN_REPAIR)
    assert r["path"][:5] == ["opening", "marlene", "ask", "second-chance", "office"]
    assert "yes-thinks" in r["path"]
    assert r["ending"] == "walt-comes-back"
    # the repair earns what its own decision offers; the myth already missed the 3 the first decision offered:
    # keeping_safe 18 + 3 (second-chance) = 21 possible, 21 - 3 (missed at ask) - 2 (the myth) = 16 points, 76% fair
    ks = r["scores"]["keeping_safe"]
    assert (ks["points"], ks["possible"]) == (16, 21)
    assert ks["level"] == "fair"


def test_asking_at_the_lunch_table_hears_less(play):
    # the same good choices, but the question asked where Irene can hear: he leaves out the night in March
    r = play("3,1,2,2,4,3,1,3,2")
    assert "means-partial" in r["path"] and "means-full" not in r["path"]
    assert r["scores"]["keeping_safe"]["points"] == r["scores"]["keeping_safe"]["possible"] - 1


def test_no_suicide_promise_is_not_a_safety_plan(play, levels):
    r = play(PROMISE)
    assert r["ending"] == "walt-uncertain"
    assert "plan-together" not in r["path"]
    # keeping_safe 18 - 3 (not earned) - 2 (the promise) = 13/18 = 72%
    assert r["scores"]["keeping_safe"]["points"] == 13
    assert levels(r)["keeping_safe"] == "fair"
    assert r["level"] == "fair"


def test_a_sound_but_not_strongest_safety_path_lands_at_fair(play, levels):
    r = play(GOOD_ENOUGH)
    assert r["critical"] == 0
    assert r["scores"]["keeping_safe"]["points"] == 14 and r["scores"]["keeping_safe"]["possible"] == 18
    assert levels(r)["keeping_safe"] == "fair"
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "fair"
    # the rifle stays in the house and the sleeping pills by the bed: he doesn't come on Thursday
    assert r["ending"] == "walt-uncertain"
    assert "crisis-call" not in r["path"]


def test_never_both_is_sound_advice_not_a_bad_answer(play):
    r = play(GOOD_ENOUGH)
    sleepers = next(d for d in r["decisions"] if d["node"] == "sleepers")
    assert sleepers["scores"]["keeping_safe"] == 2  # of the 3 the decision offers: the bottle by the bed is missed


def test_walt_remembers_being_judged(play):
    r = play(LECTURED)
    assert "guarded" in r["path"]             # the earlier lecture comes back when you ask about means
    assert r["ending"] == "walt-leaves"       # a second lecture and he goes
    assert r["path"][-2] == "leaves-lectured"
    assert r["critical"] == 0


def test_handing_the_suicide_question_back_to_walt_misses_it(play, levels):
    r = play(HANDED_BACK)
    assert r["ending"] == "walt-says-thanks"
    assert "yes-thinks" not in r["path"] and "office" not in r["path"]
    assert r["critical"] == 0
    second = next(d for d in r["decisions"] if d["node"] == "second-chance")
    assert second["scores"] == {"keeping_safe": -2, "respecting_choice": -1} and second["stronger"] == 1
    # keeping_safe: marlene 1, ask -2 of 3, second-chance -2 of 3
    assert r["scores"]["keeping_safe"]["possible"] == 7
    assert levels(r)["keeping_safe"] == "beginning"
    assert r["level"] == "beginning"
