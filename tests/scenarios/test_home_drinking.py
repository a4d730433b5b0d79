"""Golden paths for scenarios/home-drinking.yaml (Dale, who moves his drinking out of the house).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing_improvement, avoiding_perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/home-drinking.yaml"
# name the push and his honesty -> the risk questions, asked plainly -> back his idea -> the drive and the door,
# with permission -> a door plan he carries -> someone of Lorraine's own, private -> "a real change" -> the porch
# -> plan Thanksgiving, his to carry -> the Home Depot story: a worry with permission, withdrawal and the truck
BEST = "2,3,4,1,1,4,2,4,1,4"
# Per decision, the most each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: opening 1, pattern 2, news-open 2, friday-choice 2                -> 7/7   good
#   avoiding_perfectionism:  opening, screen, news-open, thanksgiving, quit-question 1 each     -> 5/5   good
#   keeping_safe: opening 1, screen 3, getting-home 2, door-plan 2, lorraine-question 2, friday-choice 1,
#                 thanksgiving 2, quit-question 2                                              -> 15/15 good
#   listening: opening 2, pattern 1, lorraine-question 1, news-open 1, friday-choice 1, thanksgiving 1,
#              quit-question 1                                                                  -> 8/8   good
# ... -> "I can't keep working with you unless you stop completely" -> "that's my condition"
CRITICAL = "2,3,4,1,1,4,4,1"
TAKEN_BACK = "2,3,4,1,1,4,4,3,4,1,4"   # the condition, withdrawn out loud, then good play
MINIMISED = "3,3,4,1,1,4,2,3,1,4"      # "not like you hit her", then agreeing again when Dale quotes it back
CORRECTED = "3,3,4,1,1,4,2,2,1,4"      # ... and taking the minimizing back instead
JUDGED = "2,3,3,1,1,4,1,1,4,1,4"       # "that's just moving the drinking", then doubling down at session two
SCREEN_DEFERRED = "2,4,4,1,1,4,2,4,1,4"  # "we don't have to get into all of that today"
SCREEN_GRILLED = "2,2,4,1,1,4,3,4,1,4"   # the right questions, as a cross-examination
JOINT_SESSION = "2,3,4,1,1,1,2,4,1,4"    # "she could come in with you next time"
CALL_TOGETHER = "2,3,4,1,1,2,2,4,1,4"    # "the two of you could call it together"
QUIT_YES_BUT = "2,3,4,1,1,4,2,4,1,1"     # "a good start, but ... stopping is the only way to be sure"
JUDGED_REPAIRED = "2,3,3,1,1,4,1,2,4,1,4"      # the "but" twice, then "a month of calm nights ... I made it sound smaller"
JUDGED_OVER_APOLOGY = "2,3,3,1,1,4,1,3,4,1,4"  # the "but" twice, then "I'm so sorry ... I feel terrible"
BEFORE_THE_PUSH = "1,3,4,1,1,4,2,4,1,4"        # "what was going on for you in the moments before the push?"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(play, assert_good_path, levels):
    r = play(BEST)
    assert_good_path(r, "dale-keeps-coming", dims=("recognizing_improvement", "avoiding_perfectionism",
                                                    "keeping_safe", "listening"))
    assert r["scores"]["keeping_safe"]["points"] == 16  # 15, and the plan to drink out of the house (1)
    assert all(level == "good" for level in levels(r).values() if level)
    assert r["mi_non_adherent"] == 0
    # the risk screen, the shotgun stored away, safety planning for the door and Thanksgiving, Lorraine's own
    # support kept hers, the truck picked up; no minimizing along the way
    assert {"screen-answered", "shotgun-update", "door-plan", "lorraine-own", "lorraine-called",
            "friday-choice", "thanksgiving-plan", "quit-told"} <= set(r["path"])
    assert "friday-colluded" not in r["path"]


def test_abstinence_as_condition_of_care_ends_in_disengagement(play, assert_critical_path):
    r = play(CRITICAL)
    assert_critical_path(r, "dale-walks-out", critical=2)
    assert "dale-ultimatum" in r["path"]


def test_taking_the_condition_back_keeps_him_but_guarded(play, assert_caps_perfectionism):
    r = play(TAKEN_BACK)
    assert_caps_perfectionism(r)
    assert "dale-guarded" in r["path"]
    assert r["ending"] == "dale-mixed"


def test_the_risk_screen_asked_plainly_keeps_him_talking(play, levels):
    best = play(BEST)
    assert "shotgun-update" in best["path"]  # he named the shotgun, and it went to Rich's
    # put off for "when you're ready": keeping_safe 15 - 3 (not earned) - 2 = 10/15 = 67%
    deferred = play(SCREEN_DEFERRED)
    assert "screen-deferred" in deferred["path"] and "shotgun-update" not in deferred["path"]
    assert levels(deferred)["keeping_safe"] == "fair"
    assert levels(deferred)["recognizing_improvement"] == "good"
    assert deferred["level"] == "fair"
    # the same questions as a cross-examination: asked (1 of 3), but he says "no" to everything and feels judged
    grilled = play(SCREEN_GRILLED)
    assert "screen-grilled" in grilled["path"] and "shotgun-update" not in grilled["path"]
    assert "news-guarded" in grilled["path"]
    assert grilled["scores"]["keeping_safe"]["points"] == grilled["scores"]["keeping_safe"]["possible"] - 2


def test_minimising_the_push_is_quoted_back(play, levels):
    r = play(MINIMISED)
    assert "friday-colluded" in r["path"]
    assert r["ending"] == "dale-mixed"
    assert levels(r)["keeping_safe"] == "fair"
    # correcting it instead repairs the work
    fixed = play(CORRECTED)
    assert "friday-colluded" in fixed["path"]
    assert fixed["ending"] == "dale-keeps-coming"


def test_judgemental_remark_is_remembered(play):
    r = play(JUDGED)
    assert {"dale-digs-in", "news-guarded", "yes-but"} <= set(r["path"])
    assert r["ending"] == "dale-mixed"
    assert r["critical"] == 0
    assert r["level"] == "beginning"


def test_an_over_apology_that_names_no_progress_is_the_weaker_repair(play):
    repaired, sorry = play(JUDGED_REPAIRED), play(JUDGED_OVER_APOLOGY)
    real = next(d for d in repaired["decisions"] if d["node"] == "yes-but")
    over = next(d for d in sorry["decisions"] if d["node"] == "yes-but")
    assert real["scores"] == {"recognizing_improvement": 1, "avoiding_perfectionism": 1} and real["stronger"] is None
    assert over["scores"] == {"recognizing_improvement": 0, "avoiding_perfectionism": 0}
    assert over["stronger"] == 1  # the debrief holds up the apology that names the calm month
    for r in (repaired, sorry):
        assert r["critical"] == 0 and r["ending"] == "dale-mixed" and r["level"] == "beginning"
    assert (sorry["scores"]["recognizing_improvement"]["points"]
            < repaired["scores"]["recognizing_improvement"]["points"])


def test_asking_what_came_before_the_push_costs_on_safety(play):
    r = play(BEFORE_THE_PUSH)
    d = r["decisions"][0]
    assert d["node"] == "opening" and d["scores"]["keeping_safe"] == -1 and d["stronger"] == 1
    assert r["scores"]["keeping_safe"]["points"] < play(BEST)["scores"]["keeping_safe"]["points"]


def test_lorraine_can_reach_the_hotline_herself():
    # the number must not reach her only through Dale: the therapist says she can find them on her own
    from hrtraining.engine import load_scenario
    lines = [l.text for l in load_scenario(SCENARIO).nodes["lorraine-own"].lines if l.speaker == "you"]
    last = lines[-1]
    for fact in ("1-800-799-7233", "START to 88788", "thehotline.org", "whenever she chooses"):
        assert fact in last, fact


def test_lorraine_gets_someone_of_her_own_not_a_session_with_dale(play, levels):
    # a joint session is unsafe, not merely weaker: keeping_safe 15 - 2 - 2 = 11/15 = 73%
    joint = play(JOINT_SESSION)
    d = next(d for d in joint["decisions"] if d["node"] == "lorraine-question")
    assert d["scores"]["keeping_safe"] == -2 and d["stronger"] == 3
    assert levels(joint)["keeping_safe"] == "fair" and joint["level"] == "fair"
    assert "lorraine-called" not in joint["path"]
    # routing her call through Dale costs too
    together = play(CALL_TOGETHER)
    d = next(d for d in together["decisions"] if d["node"] == "lorraine-question")
    assert d["scores"]["keeping_safe"] == -1 and d["stronger"] == 3
    assert "lorraine-called" not in together["path"]


def test_a_worry_with_permission_beats_the_same_worry_as_a_yes_but(play):
    r = play(QUIT_YES_BUT)
    d = next(d for d in r["decisions"] if d["node"] == "quit-question")
    assert d["stronger"] == 3  # the debrief holds up the worry told with permission
    assert d["scores"]["avoiding_perfectionism"] == -1 and d["scores"]["keeping_safe"] == -1
    best = next(d for d in play(BEST)["decisions"] if d["node"] == "quit-question")
    assert best["scores"]["avoiding_perfectionism"] == 1 and best["scores"]["keeping_safe"] == 2
    # perfectionism 5 - 1 (not earned) - 1 = 3/5 = 60% fair; keeping_safe 15 - 2 - 1 = 12/15 = 80% good
    assert r["scores"]["avoiding_perfectionism"]["level"] == "fair"
    assert r["level"] == "fair"
    assert r["ending"] == "dale-mixed"  # the "but" is the last thing he hears
