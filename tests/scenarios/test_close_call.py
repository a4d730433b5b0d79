"""Golden paths through scenarios/close-call.yaml (Renee, who uses fentanyl alone, after an overdose).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions that were assessed. Where scoring v1 (best = the best whole path) gives another
level, the assertion is marked ``# scoring v2``.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/close-call.yaml"

# 1-based positions among the choices offered at each decision.
# reflect the overdose -> ask directly about intent -> credit the four days, ask to explain tolerance
# -> credit smoking, correct the overdose myth -> worry about using alone, with permission -> offer a menu
# -> strips: honest about what they can't tell -> medication: her cousin's "seatbelt", no condition -> summary
BEST = "3,1,4,2,3,1,4,2,4"
# Per decision, the most each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: opening 1, tolerance 2, naloxone 1, closing 2            -> 6/6  = 100% good
#   avoiding_perfectionism:  opening, naloxone, not-alone, safety-plan, strips, treatment, closing 1 each
#                                                                                      -> 7/7  = 100% good
#   keeping_safe: 1 + 3 + 2 + 2 + 2 + 2 + 2 + 1 + 1 = 16, all earned               -> 16/16 good
#   listening: opening 2, ask-intent 1 (the reflection option), tolerance 1, not-alone 1, safety-plan 1,
#              treatment 1, closing 2 = 9; the best path asks instead of reflecting at ask-intent -> 8/9 = 89% good
EARLY_CRITICAL = "2,1"            # "time we talked about treatment", then "I'm not comfortable continuing ... unless"
LATE_CRITICAL = "3,1,4,2,3,1,4,3"  # best path, then buprenorphine or methadone "before we keep meeting"
DOOR_DISTRACTOR = "3,1,4,2,3,1,4,2,2"  # (its position did not move)  # best path, then "next time, let's set a goal for cutting down"
PUSHED_THEN_REPAIRED = "2,3,1,4,2,3,1,4,1,2,4"  # pushes treatment, owns it, and owns it again when she brings it up
PUSHED_THEN_OVER_APOLOGY = "2,4,1,4,2,3,1,4,1,2,4"  # ... "I'm so sorry ... we won't talk about it again"
PUSHED_THEN_SORRY_IF = "2,3,1,4,2,3,1,4,4,2,4"      # ... owns it once, then "sorry if it felt like pushing"
LEADING_QUESTION = "3,3,4,2,3,1,4,2,4"  # "You weren't trying to hurt yourself, though, right?"
# Three distractors that ask first and then do something weaker: "Can I put in a word for Narcan? It works on any
# kind of overdose" (a wrong fact), "Would you be willing to make that the rule" (her plan made your rule), "Can I be
# honest? ... whether you're ready to stop" (her question about strips left unanswered); then the push is defended
# when she names it, and medication is closed for her
ASKS_FIRST_THEN = "3,1,4,4,3,2,1,2,4,4"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_renee_coming_back(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "renee-comes-back", dims=("recognizing_improvement", "avoiding_perfectionism",
                                                   "keeping_safe"))
    assert r["scores"]["listening"]["points"] == 8 and r["scores"]["listening"]["possible"] == 9  # scoring v2
    lv = levels(r)
    for dim in ("recognizing_improvement", "avoiding_perfectionism", "keeping_safe", "listening",
                "respecting_choice", "anticipating_continued_use"):
        assert lv[dim] == "good", dim
    assert r["scores"]["recognizing_improvement"]["points"] == 6
    assert r["scores"]["keeping_safe"]["points"] == 16
    assert r["mi_non_adherent"] == 0
    # every piece of overdose prevention is on the way: intent asked, tolerance, naloxone, not alone, strips, MOUD
    for node in ("intent-asked", "tolerance-info", "narcan-info", "worry-told", "plan-menu", "strips-info",
                 "treatment-info"):
        assert node in r["path"], node


def test_treatment_as_a_condition_at_once_ends_the_work(play, assert_critical_path):
    r = play(EARLY_CRITICAL)
    assert_critical_path(r, "renee-leaves")
    assert r["path"][:3] == ["opening", "pushed-early", "renee-leaves"]


def test_medication_as_a_condition_of_care_caps_perfectionism(play, assert_critical_path, levels):
    r = play(LATE_CRITICAL)
    assert_critical_path(r, "renee-leaves")
    assert r["path"][-2:] == ["treatment", "renee-leaves"]
    # everything before it was strong; the cap still decides: recognizing 4/4 good, perfectionism capped
    assert levels(r)["recognizing_improvement"] == "good"  # scoring v2 (v1: 4/6, fair)


def test_a_plausible_yes_but_at_the_door_lands_at_fair(play, levels):
    # "Next time, let's set a goal together for cutting down" instead of her own summary:
    # recognizing 4/6 = 67% fair; perfectionism 6/7 = 86% good; overall fair
    r = play(DOOR_DISTRACTOR)
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "fair"
    assert r["level"] == "fair"
    assert r["ending"] == "renee-cancels"  # she felt pushed at the door and misses the next session


def test_renee_remembers_being_pushed_and_the_repair_counts(play, levels):
    r = play(PUSHED_THEN_REPAIRED)
    assert {"pushed-early", "treatment-guarded", "guarded-repaired"} <= set(r["path"])
    assert r["ending"] == "renee-comes-back"  # owning the push twice brings her back
    assert r["critical"] == 0
    # the opening push still costs: perfectionism 7/9 = 78%, since the -1 at the opening missed the +1 it
    # offered; each repair earns only what its own decision offers
    assert levels(r)["avoiding_perfectionism"] == "fair"  # scoring v2 (v1: good)
    assert r["level"] == "fair"  # scoring v2 (v1: good)


def test_apologies_that_do_not_own_the_push_are_the_weaker_repairs(play, levels):
    owned = play(PUSHED_THEN_REPAIRED)
    # an over-apology that closes the subject for good: it takes the push back, and decides for her
    over = play(PUSHED_THEN_OVER_APOLOGY)
    d = next(d for d in over["decisions"] if d["node"] == "pushed-early")
    assert d["scores"] == {"avoiding_perfectionism": 0, "respecting_choice": -1} and d["stronger"] == 2
    assert over["scores"]["avoiding_perfectionism"]["points"] < owned["scores"]["avoiding_perfectionism"]["points"]
    assert over["critical"] == 0 and over["level"] == "fair"
    # "sorry if it felt like pushing" when she names the push: weaker, and she cancels the next session
    sorry = play(PUSHED_THEN_SORRY_IF)
    d = next(d for d in sorry["decisions"] if d["node"] == "treatment-guarded")
    assert d["scores"] == {"avoiding_perfectionism": 0, "listening": 0} and d["stronger"] == 0
    assert "guarded-still" in sorry["path"] and sorry["ending"] == "renee-cancels"
    assert levels(sorry)["avoiding_perfectionism"] == "fair" and sorry["level"] == "fair"


def test_a_leading_question_about_intent_misses_the_risk(play, levels):
    r = play(LEADING_QUESTION)
    assert "intent-assumed" in r["path"] and "intent-asked" not in r["path"]
    # keeping_safe 16 - 3 (not earned) - 2 (the leading question) = 11/16 = 69%
    assert levels(r)["keeping_safe"] == "fair"
    # Recognizing and perfectionism are untouched, but keeping people safe counts wherever it is asked.
    assert r["level"] == "fair"


def test_wrong_facts_cost_on_keeping_safe(play):
    best = play(BEST)["scores"]["keeping_safe"]["points"]
    # "Can I put in a word for Narcan? It works on any kind of overdose" and "if it lights up strong, use less"
    # are both wrong
    r = play("3,1,4,4,3,1,2,2,4")
    assert {"narcan-any", "strips-wrong"} <= set(r["path"])
    assert r["scores"]["keeping_safe"]["points"] == best - 3 - 3


def test_asking_first_does_not_change_what_a_line_does(play, levels):
    r = play(ASKS_FIRST_THEN)
    d = {x["node"]: x for x in r["decisions"]}
    assert d["naloxone"]["scores"] == {"keeping_safe": -1} and d["naloxone"]["stronger"] == 1
    assert d["safety-plan"]["scores"] == {"keeping_safe": 1, "respecting_choice": -1}
    assert d["safety-plan"]["stronger"] == 0
    assert d["strips"]["scores"]["avoiding_perfectionism"] == -1 and d["strips"]["stronger"] == 3
    assert "treatment-guarded" in r["path"]  # the nudge toward stopping is remembered
    assert r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] == "beginning" and r["level"] == "beginning"
    assert r["ending"] == "renee-cancels"
