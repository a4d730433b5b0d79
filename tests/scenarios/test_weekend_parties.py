"""Golden paths through scenarios/weekend-parties.yaml (Theo, 20: molly, coke and drinking at parties).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions that were assessed. Where scoring v1 (best = the best whole path) gives another
level, the assertion is marked ``# scoring v2``.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/weekend-parties.yaml"

# 1-based positions among the choices offered at each decision.
# hear Jonah first -> reflect the fear -> credit the group, ask about the water -> summarize the night, voice
# the worry with permission -> ask plainly about sex and when -> PEP inside 72 hours -> plan Friday with him
# -> the ride home: reflect, ask, let them decide -> his goals in his words -> summary, door open
BEST = "2,4,2,3,2,4,1,3,4,2"
# Per decision, the most each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: water 1, goals 1, closing 2                                   -> 4/4 good
#   avoiding_perfectionism:  jonah, water, mixing, weekend-plan, goals, closing 1 each     -> 6/6 good
#   keeping_safe: jonah 1 (the overheating-signs option; the best reflects instead), water 2, mixing 2,
#                 hookup 3, pep 2, weekend-plan 2, ride 2, closing 1 = 15; earned 14     -> 93% good
#   listening: opening 2, jonah 2, water 1, mixing 1, hookup 1 (the reflection option; the best asks),
#              ride 1, goals 2, closing 2 = 12; earned 11                                  -> 92% good
CRITICAL = "2,4,2,3,2,4,3"         # best path, then "this probably isn't the right service for you"
NO_PEP = "2,4,2,3,1,1,3,4,1"       # "that's your private business", and a friendly goodbye: the window passes
LATE_CATCH = "2,4,2,3,1,1,3,4,2"   # the same, but at the door: "I want to go back to Saturday night"
WATER_YES_BUT = "2,4,4,3,2,4,1,3,4,2"  # "Water helps. But doesn't it worry you ... the drug that put your friend in the ICU?"
SHRUNK_GOAL = "2,4,2,3,2,4,1,3,3,2"    # "Why not start with just the coke ... before you try a whole month?"
LECTURED = "3,1,2,3,2,4,1,3,4,2"       # names molly before he does, then "that should be a wake-up call"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_theo_coming_back(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "theo-comes-back")
    lv = levels(r)
    for dim in ("keeping_safe", "listening", "respecting_choice", "anticipating_continued_use"):
        assert lv[dim] == "good", dim
    assert (r["scores"]["keeping_safe"]["points"], r["scores"]["keeping_safe"]["possible"]) == (14, 15)  # scoring v2
    assert (r["scores"]["listening"]["points"], r["scores"]["listening"]["possible"]) == (11, 12)  # scoring v2
    assert r["mi_non_adherent"] == 0
    # the safety information is all on the way: water and heat, mixing, PEP, the plan, the ride
    for node in ("water-info", "mixing-info", "pep", "pep-info", "plan-made", "ride-info", "goals-his"):
        assert node in r["path"], node


def test_a_discharge_threat_dressed_as_policy_ends_the_work(play, assert_critical_path):
    r = play(CRITICAL)
    assert_critical_path(r, "theo-leaves")
    assert r["path"][-2:] == ["weekend-plan", "theo-leaves"]


def test_not_asking_about_saturday_night_lets_the_72_hours_pass(play, levels):
    r = play(NO_PEP)
    assert r["ending"] == "theo-no-pep"
    assert "pep" not in r["path"] and "pep-late" not in r["path"]
    # keeping_safe: possible jonah 1 + water 2 + mixing 2 + hookup 3 + weekend-plan 2 + ride 2 + the late
    # catch offered at the door 2 = 14; earned 0 + 2 + 2 - 2 + 2 + 2 + 0 = 6 -> 43%
    assert levels(r)["keeping_safe"] == "beginning"
    # Recognizing (2/2) and perfectionism (5/5) were met at the decisions faced, but keeping people safe
    # counts toward the overall level wherever it is asked: a missed PEP window is not a good session.
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "beginning"


def test_going_back_at_the_door_still_catches_the_window(play, levels):
    r = play(LATE_CATCH)
    assert "pep-late" in r["path"]
    assert r["ending"] == "theo-comes-back"
    # the late catch earns its own 2, not the 3 + 2 missed earlier: 8/14 = 57%
    assert levels(r)["keeping_safe"] == "fair"


def test_a_yes_but_about_the_water_lands_at_fair(play, levels):
    # recognizing: -1 (water) + 1 (goals) + 2 (closing) = 2/4 = 50%; perfectionism 4/6 = 67%
    r = play(WATER_YES_BUT)
    assert "water-yes-but" in r["path"]
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "fair"
    assert levels(r)["avoiding_perfectionism"] == "fair"
    assert r["level"] == "fair"


def test_shrinking_his_own_goal_lands_at_fair(play, levels):
    # recognizing 3/4 = 75% fair; perfectionism 5/6 = 83% good; overall fair
    r = play(SHRUNK_GOAL)
    assert "goals-shrunk" in r["path"]
    assert levels(r)["recognizing_improvement"] == "fair"
    assert r["level"] == "fair"


def test_theo_remembers_being_lectured(play, levels):
    r = play(LECTURED)
    assert {"assumed", "jonah-lectured", "goals-guarded"} <= set(r["path"])
    assert r["ending"] == "theo-drifts"  # the best answers afterwards don't undo two lectures
    assert r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] == "fair"  # 4/6: the wake-up call cost the 1 it could have earned
