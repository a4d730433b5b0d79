"""Golden paths through scenarios/chosen-abstinence.yaml (Carmen, abstinent by her own choice).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing, perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/chosen-abstinence.yaml"

# 1-based positions among the choices offered at each decision.
# she told you at once -> a different morning-after -> the voice, and what argued back -> ask plainly
# whether it goes as far as not wanting to be alive -> her goal is hers, and one night doesn't cancel it
# -> the life she built -> a plan for Thanksgiving and for the morning after -> the worry about the car,
# with permission and no condition -> no strike three
BEST = "2,4,1,3,2,1,3,4,1"
# Per decision (opening, saturday, garbage, loud-nights, her-goal, what-helps, plan-ahead, safety, door),
# what each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: 2 + 3 + 1 + 0 + 1 + 2 + 1 + 0 + 1 = 11, all earned            -> 11/11 good
#   avoiding_perfectionism:  1 + 1 + 2 + 1 + 2 + 0 + 1 + 1 + 2 = 11, all earned           -> 11/11 good
#   keeping_safe: loud-nights 3 + safety 3 = 6, all earned                                -> 6/6 good
#   listening: 2 + 2 + 2 + 1 + 1 + 2 = 10 at the first six, all earned                    -> 10/10 good
SOME_THINGS = "2,4,1,4,2,1,3,4,1"       # "What kinds of things did it say?": open, but the question unasked
SAFE_NOW = "2,4,1,1,2,1,3,4,1"          # "You're safe now, though": the hint closed
YOU_GOT_LUCKY = "2,4,1,3,2,1,3,1,2,1"   # the overdose worry as a scolding; she names it; the repair
CRITICAL_EARLY = "1,1,4,3,1"            # what went wrong, yes-but, reset, then "another slip and residential"
CRITICAL_AT_THE_DOOR = "2,4,1,3,2,1,3,4,4"  # "outpatient only works if you're staying sober"
DOOR_DODGED = "2,4,1,3,2,1,3,4,2"       # "let's not think about that right now"
MODERATION = "2,4,1,3,3,1,3,4,2,3"      # a moderation pitch, then "whatever goal you land on"
SHAMED_THEN_REPAIRED = "1,1,1,3,2,1,3,4,2,1"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_backs_her_goal_and_keeps_her_safe(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "keeps-coming-back", dims=("recognizing_improvement", "avoiding_perfectionism",
                                                   "keeping_safe", "listening"))
    for dim, level in levels(r).items():
        assert level == "good", dim
    assert r["mi_non_adherent"] == 0
    # supports her goal, asks about suicide, plans for the morning after, overdose facts given with permission
    assert {"voice-asked", "with-you", "two-plans", "naloxone", "door-open"} <= set(r["path"])


def test_an_open_question_that_leaves_the_suicide_question_unasked_lands_at_fair(play, levels):
    # keeping_safe: 1 at loud-nights where 3 was on offer, 3 at the car -> 4/6 = 67%
    r = play(SOME_THINGS)
    assert "voice-unasked" in r["path"]
    assert levels(r)["keeping_safe"] == "fair"
    assert r["level"] == "fair"


def test_closing_the_hint_with_reassurance_misses_the_risk(play, levels):
    # keeping_safe: -2 at loud-nights, 3 at the car -> 1/6 = 17%; recognizing is untouched (11/11)
    r = play(SAFE_NOW)
    assert "voice-closed" in r["path"]
    assert r["scores"]["keeping_safe"]["points"] == 1
    assert levels(r)["keeping_safe"] == "beginning"
    assert levels(r)["recognizing_improvement"] == "good"
    assert r["level"] == "beginning"  # a warm session that let a suicide hint pass is not a good one


def test_the_overdose_worry_as_a_scolding_is_remembered_and_lands_at_fair(play, levels):
    # "You got lucky": keeping_safe 1 where 3 was on offer -> 4/6; she names it and the repair is offered
    r = play(YOU_GOT_LUCKY)
    assert {"lucky", "callback-shamed", "repair"} <= set(r["path"])
    assert levels(r)["keeping_safe"] == "fair"
    assert r["ending"] == "keeps-coming-back"
    assert r["level"] == "fair"


def test_early_critical_threat_of_residential_ends_the_work(play, assert_critical_path):
    r = play(CRITICAL_EARLY)
    assert_critical_path(r, "carmen-leaves")
    assert "residential" in r["path"]


def test_late_critical_caps_perfectionism_even_after_good_play(play, levels, assert_caps_perfectionism):
    r = play(CRITICAL_AT_THE_DOOR)
    assert r["ending"] == "carmen-leaves" and "strike-three" in r["path"]
    assert_caps_perfectionism(r)
    assert levels(r)["recognizing_improvement"] == levels(r)["keeping_safe"] == "good"
    assert r["level"] == "beginning"


def test_dodging_the_door_question_is_a_mixed_ending(play, assert_mixed_ending):
    r = play(DOOR_DODGED)
    assert_mixed_ending(r, "comes-back-when-good")
    assert r["level"] == "fair"  # perfectionism 8/11: -1 at the door where +2 was on offer


def test_pushing_moderation_is_remembered_and_costs(play):
    r = play(MODERATION)
    assert {"moderation-pitch", "callback-overruled", "repair", "whatever-goal"} <= set(r["path"])
    assert r["ending"] == "comes-back-guarded"
    assert r["scores"]["respecting_choice"]["points"] < 0


def test_shaming_remark_is_remembered_and_can_be_repaired(play):
    r = play(SHAMED_THEN_REPAIRED)
    assert "callback-shamed" in r["path"]
    assert r["ending"] == "keeps-coming-back"
    assert r["critical"] == 0
