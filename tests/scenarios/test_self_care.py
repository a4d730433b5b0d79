"""Golden paths through scenarios/self-care.yaml (Denise, who has started taking care of herself while still using).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing, perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/self-care.yaml"

# 1-based positions among the choices offered at each decision.
# the key and the numbers first -> answer her "So" -> ask to share why the doctor should know -> the worry
# about Saturday, for her heart and the room, with permission and no condition -> reflect wanting to
# protect something -> back her quitting, ask to share the withdrawal fact -> her choice to drop the
# crystal, and "company" heard -> room for Jordan without a precondition -> summary of both truths
BEST = "3,2,4,4,3,1,3,2,1"
# Per decision (opening, pride, origin, weekend, saturday, quit-idea, withdrawal-info, evenings, closing),
# what each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: 2 + 2 + 0 + 0 + 2 + 0 + 1 + 0 + 2 = 9, all earned           -> 9/9 good
#   avoiding_perfectionism:  1 at each decision but saturday = 8, all earned              -> 8/8 good
#   keeping_safe: origin 1, weekend 2, saturday 1 (the safer-use question; the best reflects), quit-idea 3,
#                 closing 1 = 8; earned 7                                                -> 88% good
#   listening: opening 1, pride 2, origin 2 (the mother reflection; the best asks, 1), saturday 2,
#              withdrawal-info 2, evenings 2, closing 2 = 13; earned 12                   -> 92% good
#   encouraging_self_care: 1 + 2 + 1 + 1 + 2 + 1 + 1 + 1 + 2 = 12, all earned             -> good
YES_BUT_SATURDAY = "3,2,4,3,3,1,3,2,1"  # "But with your pressure, the crystal really has to stop"
ROOM_ONLY = "3,2,4,2,3,1,3,2,1"         # plans for the room and leaves her heart out
CHEERED = "3,2,4,4,3,2,4"               # "Monday it is!", then the withdrawal call, handled well
CHEERED_THEN_PUSH = "3,2,4,4,3,2,3"     # "Monday it is!", then "push through"
CRITICAL_AT_WEEKEND = "3,2,4,1"         # "this program is for people working toward sobriety"
CRITICAL_AFTER_CHOICE = "3,2,4,4,3,1,4"  # "if the wine's staying, I'm not sure what more I can do"
DOOR_YES_BUT = "3,2,4,4,3,1,3,2,2"      # "let's see if we can get the drinking down a bit by then"
YES_BUT_REPAIRED = "4,1,2,4,4,3,1,3,2,4"  # "138 is still above target", repair, best path, apology at the door
DOUBT_AS_HER_DECISION = "3,2,4,4,3,4,2,3,2,1"  # "That's a big step, and it's your decision. What's different this time?"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_grows_self_care_and_keeps_her_coming_back(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "crowding-out",
                     dims=("recognizing_improvement", "avoiding_perfectionism", "encouraging_self_care"))
    assert (r["scores"]["keeping_safe"]["points"], r["scores"]["keeping_safe"]["possible"]) == (7, 8)
    assert (r["scores"]["listening"]["points"], r["scores"]["listening"]["possible"]) == (12, 13)
    for dim, level in levels(r).items():
        assert level == "good", dim
    # the worry about her heart and the withdrawal warning both come before Saturday and Monday
    assert {"doctor-info", "weekend-info", "withdrawal-info", "evenings"} <= set(r["path"])
    assert "monday" not in r["path"]


def test_the_same_worry_as_a_yes_but_lands_at_fair(play, levels):
    # perfectionism: -1 where +1 was on offer -> 6/8 = 75%; keeping_safe: 1 where 2 was -> 6/8 = 75%
    r = play(YES_BUT_SATURDAY)
    assert "weekend-info" not in r["path"]
    assert levels(r)["avoiding_perfectionism"] == levels(r)["keeping_safe"] == "fair"
    assert r["level"] == "fair"


def test_planning_for_the_room_alone_misses_her_heart(play, levels):
    # keeping_safe: 0 at the weekend where 2 was on offer -> 5/8 = 62%; the other required skills stay good
    r = play(ROOM_ONLY)
    assert levels(r)["keeping_safe"] == "fair"
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "fair"


def test_cheering_cold_turkey_without_the_withdrawal_fact(play, levels):
    # keeping_safe: possible 1 + 2 + 1 + 3 (quit-idea) + 3 (the call) = 10; earned 1 + 2 + 0 - 2 + 3 = 4 -> 40%.
    # Getting her to a doctor on Tuesday earns its own 3; it cannot undo sending her into Monday unwarned.
    safe = play(CHEERED)
    assert safe["ending"] == "monday-safe"
    assert safe["scores"]["keeping_safe"]["points"] == 4
    assert levels(safe)["keeping_safe"] == "beginning"
    assert safe["level"] == "beginning"
    alone = play(CHEERED_THEN_PUSH)
    assert alone["ending"] == "monday-alone"
    assert alone["scores"]["keeping_safe"]["points"] < 0


def test_sobriety_required_program_ends_the_work(play, assert_critical_path):
    r = play(CRITICAL_AT_WEEKEND)
    assert_critical_path(r, "denise-leaves")


def test_late_critical_wash_my_hands_caps_perfectionism(play, assert_caps_perfectionism):
    r = play(CRITICAL_AFTER_CHOICE)
    assert r["path"][-2:] == ["withdrawal-info", "denise-leaves"]
    assert_caps_perfectionism(r)
    assert r["level"] == "beginning"


def test_yes_but_at_the_door_is_a_mixed_ending(play, assert_mixed_ending):
    r = play(DOOR_YES_BUT)
    assert_mixed_ending(r, "steady")
    assert r["level"] == "fair"  # recognizing 6/9, perfectionism 6/8


def test_yes_but_is_remembered_and_can_be_repaired(play, assert_repaired):
    r = play(YES_BUT_REPAIRED)
    assert {"deflate", "weekend-guarded"} <= set(r["path"])
    assert r["decisions"][-1]["choice"] == 3  # the apology at the door, offered only after she felt judged
    assert_repaired(r, "crowding-out")


def test_its_your_decision_then_doubt_is_weaker_than_backing_her(play, levels):
    r = play(DOUBT_AS_HER_DECISION)
    d = next(d for d in r["decisions"] if d["node"] == "quit-idea")
    assert d["scores"] == {"respecting_choice": -1, "keeping_safe": 0} and d["stronger"] == 0
    assert "quit-deflated" in r["path"] and "withdrawal-info" in r["path"]  # the repair still gets her the facts
    assert r["critical"] == 0
    assert levels(r)["keeping_safe"] == "fair"  # 6/10: the 3 the announcement offered is missed
    assert r["level"] == "fair"
