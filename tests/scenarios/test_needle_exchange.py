"""Golden paths through scenarios/needle-exchange.yaml (Tasha, who gets her own needles from the van now).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing, perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/needle-exchange.yaml"

# 1-based positions among the choices offered at each decision.
# say her news back and affirm it -> reflect Keisha's car, ask to share the cooker/cotton facts -> her plan
# for a whole set each -> the worry about the McDonald's bathroom, with permission and no condition ->
# a plan for double days -> strips: honest about what they can't tell -> reflect both sides of testing
# -> medication: both sides, no deciding today -> summary, door open
BEST = "2,4,4,1,2,4,3,4,2"
# Per decision (opening, clicked, works, kit, kit-info, strips, testing, dante, closing), what each skill
# could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: 2 + 2 + 0 + 1 + 0 + 0 + 1 + 0 + 2 = 8, all earned            -> 8/8 good
#   avoiding_perfectionism:  1 each except strips (0)     = 8, all earned                   -> 8/8 good
#   keeping_safe: opening 0 (the cooker fact blurted at once lands as a correction: neutral) + 2 + 2 + 3
#                 + 2 + 2 + 0 + 1 + 1 = 13, all earned                                      -> 13/13 good
#   listening: opening 1, clicked 2, works 2 (the "saved you the good part" reflection; the best plans, 1),
#              kit 0, kit-info 1, strips 1, testing 2, dante 2, closing 2 = 13; earned 12   -> 92% good
YES_BUT_AT_KIT = "2,4,4,2,3,2,4,3,4,2"   # "I'm glad you carry it. But ... promise me", then dropping the promise
NALOXONE_COVERS_YOU = "2,4,4,4,2,4,3,4,2"  # "Keep it on you every day and you'll be covered"
STRIP_STRENGTH = "2,4,4,1,2,1,3,4,2"    # "If one lights up fast, that's a strong batch"
DETOX_AT_ONCE = "3,2,4,4,1,2,4,3,4,2"   # detox first; she tells of an overdose; the tolerance fact and the question
DOUBTED = "1,1,4,4,1,2,4,3,4,4"         # "Every time?", the repair, the best path, the apology at the door
CRITICAL_AT_KIT = "2,4,4,3"             # detox before we keep meeting, when she says she uses alone
CRITICAL_AFTER_PROMISE = "2,4,4,2,2"
CRITICAL_AT_TESTING = "2,4,4,1,2,4,1"   # testing only if she agrees to detox
DOOR_PUSH = "2,4,4,1,2,4,3,4,3"         # "Why not today, while you're here?"
THURSDAY_THEN = "2,4,4,1,2,4,2,3,4,2"   # rushes the test, then "Would you be willing to do it Thursday, then?"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_her_coming_back(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "comes-back", dims=("recognizing_improvement", "avoiding_perfectionism"))
    assert (r["scores"]["keeping_safe"]["points"], r["scores"]["keeping_safe"]["possible"]) == (13, 13)
    assert (r["scores"]["listening"]["points"], r["scores"]["listening"]["possible"]) == (12, 13)
    for dim, level in levels(r).items():
        assert level in ("good", None), dim
    assert r["mi_non_adherent"] == 0
    # every piece of safety information is offered on the way
    for node in ("works", "kit-info", "alone-plan", "strips", "test-info", "dante-info"):
        assert node in r["path"], node
    assert "kit-guarded" not in r["path"]


def test_the_same_worry_as_a_yes_but_and_a_promise_lands_at_fair(play, levels):
    # perfectionism: 8 possible + 1 at the promise = 9; earned 8 - 2 (the "but": -1 where +1 was on offer)
    # + 1 (dropping the promise) = 7 -> 78% fair. The worry itself still earns: keeping_safe 13/15 good.
    r = play(YES_BUT_AT_KIT)
    assert "promise" in r["path"] and r["critical"] == 0
    assert (r["scores"]["avoiding_perfectionism"]["points"], r["scores"]["avoiding_perfectionism"]["possible"]) \
        == (7, 9)
    assert levels(r)["keeping_safe"] == "good"
    assert r["level"] == "fair"


def test_naloxone_as_cover_when_she_uses_alone_misses_the_danger(play, levels):
    # keeping_safe: 13 possible; earned 13 - 3 (the worry not voiced) - 1 (the false "covered") = 9 -> 69%
    r = play(NALOXONE_COVERS_YOU)
    assert r["scores"]["keeping_safe"]["points"] == 9
    assert levels(r)["keeping_safe"] == "fair"
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "fair"  # keeping people safe counts toward the level where it is asked


def test_a_strip_cannot_measure_strength(play, levels):
    # the wrong fact costs 2 where the honest answer earned 2: 13 - 4 = 9/13 -> fair
    r = play(STRIP_STRENGTH)
    assert r["scores"]["keeping_safe"]["points"] == 9
    assert r["level"] == "fair"


def test_an_overdose_told_as_a_joke_is_asked_about(play, levels):
    r = play(DETOX_AT_ONCE)
    assert "detox-pushback" in r["path"]
    # the tolerance fact and the direct question earn 3 on keeping_safe: 16 of 16 -> good
    assert (r["scores"]["keeping_safe"]["points"], r["scores"]["keeping_safe"]["possible"]) == (16, 16)
    # the detox push at the opening still costs: recognizing 5/8, perfectionism 6/9 -> fair
    assert levels(r)["recognizing_improvement"] == "fair"
    assert r["level"] == "fair"


def test_doubting_her_is_remembered_and_can_be_repaired(play, assert_repaired):
    r = play(DOUBTED)
    assert {"doubt", "kit-guarded"} <= set(r["path"])
    assert r["decisions"][-1]["choice"] == 3  # the apology at the door, offered only after she felt judged
    assert_repaired(r, "comes-back")


def test_detox_as_condition_when_she_uses_alone_ends_the_work(play, assert_critical_path):
    r = play(CRITICAL_AT_KIT)
    assert_critical_path(r, "tasha-leaves")
    assert r["path"][-2:] == ["kit", "tasha-leaves"]


def test_demanded_promise_then_detox_condition_ends_the_work(play, assert_critical_path):
    r = play(CRITICAL_AFTER_PROMISE)
    assert "promise" in r["path"]
    assert_critical_path(r, "tasha-leaves")


def test_late_critical_testing_on_condition_of_detox_caps_perfectionism(play, assert_caps_perfectionism,
                                                                        levels):
    r = play(CRITICAL_AT_TESTING)
    assert r["path"][-2:] == ["testing", "tasha-leaves"]
    assert_caps_perfectionism(r)
    assert levels(r)["keeping_safe"] == "good"  # 11/12: everything before it was safe
    assert r["level"] == "beginning"


def test_pushing_at_the_door_is_a_mixed_ending(play, assert_mixed_ending):
    r = play(DOOR_PUSH)
    assert_mixed_ending(r, "drifts")
    assert r["level"] == "fair"  # recognizing 6/8, perfectionism 6/8


def test_asking_politely_for_thursday_still_sets_her_timing(play, levels):
    r = play(THURSDAY_THEN)
    d = next(d for d in r["decisions"] if d["node"] == "test-pushed")
    assert d["scores"] == {"respecting_choice": -1, "avoiding_perfectionism": 0} and d["stronger"] == 0
    assert r["critical"] == 0
    assert levels(r)["keeping_safe"] == levels(r)["recognizing_improvement"] == "good"
    assert levels(r)["avoiding_perfectionism"] == "fair"  # 7/9
    assert r["level"] == "fair"
