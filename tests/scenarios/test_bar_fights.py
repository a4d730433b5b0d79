"""Golden paths for scenarios/bar-fights.yaml (Ray, who fights when he drinks out and starts drinking at home).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing_improvement, avoiding_perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/bar-fights.yaml"
# what he wants -> staying home is his idea -> the truck and the thirty-rack, with permission -> "21 days is real"
# -> the wallet trick -> a worry about twelve a night, with permission and no condition -> quitting is his call,
# with the withdrawal facts -> plan the wedding -> a menu with permission -> thanks for the honesty -> name the walk
# to the parking lot
BEST = "2,1,3,1,2,4,3,2,3,3,1"
# Per decision, the most each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: fight-nights 2, news-open 2, how-it-worked 1, the-count 1, ray-picks 1,
#                            after-wedding 2                                                  -> 9/9 good
#   avoiding_perfectionism:  opening, news-open, the-count, wedding, ray-picks, after-wedding 1 each -> 6/6 good
#   keeping_safe: home-idea 2, the-count 1, quit-question 1, wedding 1, wedding-plan 2         -> 7/7 good
#   listening: opening 1, fight-nights 1, home-idea 1, news-open 2 (the complex reflection; the best earns 1),
#              how-it-worked 1, the-count 1, quit-question 1, wedding 1, after-wedding 1       -> 9/10 good
# ... -> "cutting it in half, or we talk about whether this is the right program" -> "that's my condition"
CRITICAL = "2,1,3,2,3"
LETTER = "2,1,3,1,2,4,3,3"                  # good play until the wedding, then the lawyer's letter as a lever
TAKEN_BACK = "2,1,3,2,1,2,4,3,2,3,3,1"      # the discharge threat, taken back out loud, then good play
MISTIMED_REPAIRED = "2,4,3,4,2,4,3,2,3,3,1"  # "drinking alone is a sign things are getting worse", then the repair
MISTIMED_DOUBLED = "2,4,3,1,3,2,4,3,2,3,3,1"  # ... and "I stand by it" at session two, then the real repair
SORRY_IF = "2,4,3,1,1,2,4,3,2,3,3,1"          # ... "I stand by it", then "sorry if that came across the wrong way"
ASKED_TO_STOP_OWNED = "4,4,1,3,4,2,4,3,2,3,3,1"  # "can I ask you to stop drinking", then "I jumped ahead"
ASKED_TO_STOP_SORRY_IF = "4,3,1,3,4,2,4,3,2,3,3,1"  # ... then "sorry if that came out wrong", the goal kept
CONCERN_AS_YES_BUT = "2,1,3,1,2,3,3,2,3,3,1"  # the same worry about twelve a night, as "I'm glad, but..."
COUNT_WAVED_AWAY = "2,1,3,1,2,2,3,2,3,3,1"    # "I wouldn't lose sleep over the count"
NO_PLAN = "2,1,3,1,2,4,3,1,4"                # "you'll handle it" -> the shove, named honestly
SHOVE_AS_PROGRESS = "2,1,3,1,2,4,3,1,1"      # "you'll handle it" -> "compared with March, that's progress"
WRITTEN_PLAN = "2,1,3,1,2,4,3,2,1,3,1"       # "two drinks, max; leave after the speech; ... Deal?"


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_keeps_him_coming_back(play, assert_good_path, levels):
    r = play(BEST)
    assert_good_path(r, "ray-keeps-coming", dims=("recognizing_improvement", "avoiding_perfectionism",
                                                   "keeping_safe"))
    assert r["scores"]["keeping_safe"]["points"] == 7
    assert (r["scores"]["listening"]["points"], r["scores"]["listening"]["possible"]) == (9, 10)
    assert all(level == "good" for level in levels(r).values() if level)
    assert r["mi_non_adherent"] == 0
    # staying home recognized, the truck and the rack named, the concern told, then a plan for the night out
    assert {"home-plan", "news-open", "concern-told", "wedding-plan", "ray-picks", "after-wedding"} <= set(r["path"])
    assert "rough-wedding" not in r["path"]


def test_discharge_threat_over_drinking_ends_in_disengagement(play, assert_critical_path):
    r = play(CRITICAL)
    assert_critical_path(r, "ray-walks-out", critical=2)
    assert "ultimatum" in r["path"]


def test_late_critical_letter_condition_caps_perfectionism(play, assert_caps_perfectionism, levels):
    r = play(LETTER)
    assert r["ending"] == "ray-walks-out"
    assert_caps_perfectionism(r)
    assert "letter-reaction" in r["path"]
    assert levels(r)["recognizing_improvement"] == "good"  # everything before it was strong; the cap decides


def test_taking_the_threat_back_keeps_him_but_guarded(play, assert_caps_perfectionism):
    r = play(TAKEN_BACK)
    assert_caps_perfectionism(r)
    assert "ray-guarded" in r["path"]
    assert r["ending"] == "ray-drifts"  # he remembers the threat


def test_a_true_risk_marker_said_too_early_is_remembered(play, levels):
    # "Drinking alone at home is often a sign things are getting worse" is true, and mistimed: it costs on
    # recognizing improvement (-1 where +2 was offered), not on keeping people safe, and Ray brings it up later
    repaired = play(MISTIMED_REPAIRED)
    assert {"home-doubt", "news-guarded"} <= set(repaired["path"])
    first = repaired["decisions"][1]
    assert first["node"] == "fight-nights" and first["scores"] == {"recognizing_improvement": -1,
                                                                   "avoiding_perfectionism": 0}
    assert repaired["ending"] == "ray-keeps-coming"  # owning it in a sentence, then naming the 21 days
    # recognizing 9 - 2 (not earned) - 1 = 6/9 = 67%: the repair earns its own decision, not the one it missed
    assert levels(repaired)["recognizing_improvement"] == "fair"
    assert repaired["level"] == "fair"
    # ... and doubling down on it ("I stand by it") loses him
    doubled = play(MISTIMED_DOUBLED)
    assert {"news-guarded", "yes-but"} <= set(doubled["path"])
    assert doubled["ending"] == "ray-drifts"
    assert doubled["critical"] == 0
    assert levels(doubled)["recognizing_improvement"] == "beginning"
    assert next(d for d in doubled["decisions"] if d["node"] == "yes-but")["stronger"] is None  # the real repair


def test_a_sorry_if_that_names_no_progress_is_the_weaker_repair(play):
    # at the second "but", the real apology names the progress; "sorry if it came across the wrong way" does not
    r = play(SORRY_IF)
    d = next(d for d in r["decisions"] if d["node"] == "yes-but")
    assert d["scores"] == {"recognizing_improvement": 0, "avoiding_perfectionism": 0}
    assert d["stronger"] == 2  # the debrief holds up "Fair. No fights, no police, your mom crying ..."
    assert r["ending"] == "ray-drifts" and r["critical"] == 0
    assert r["scores"]["recognizing_improvement"]["points"] < play(MISTIMED_DOUBLED)["scores"][
        "recognizing_improvement"]["points"]


def test_owning_the_early_condition_beats_a_sorry_if_that_keeps_it(play, levels):
    owned = play(ASKED_TO_STOP_OWNED)
    sorry = play(ASKED_TO_STOP_SORRY_IF)
    for r in (owned, sorry):
        assert {"ray-bristles", "what-he-wants"} <= set(r["path"])
        assert r["ending"] == "ray-keeps-coming" and r["critical"] == 0
        # the opening ask cost its point on perfectionism: 5/7 (owned) and 4/7 (sorry-if), both fair
        assert levels(r)["avoiding_perfectionism"] == "fair"
        assert r["level"] == "fair"
    d = next(d for d in sorry["decisions"] if d["node"] == "ray-bristles")
    assert d["scores"] == {"avoiding_perfectionism": 0, "respecting_choice": -1} and d["stronger"] == 3
    assert (sorry["scores"]["avoiding_perfectionism"]["points"]
            < owned["scores"]["avoiding_perfectionism"]["points"])


def test_concern_with_permission_beats_the_same_worry_as_a_yes_but(play, levels):
    best = play(BEST)
    told = next(d for d in best["decisions"] if d["node"] == "the-count")
    assert told["scores"]["avoiding_perfectionism"] == 1 and told["scores"]["keeping_safe"] == 1
    r = play(CONCERN_AS_YES_BUT)
    assert "count-but" in r["path"]
    but = next(d for d in r["decisions"] if d["node"] == "the-count")
    assert but["stronger"] == 3  # the debrief holds up the worry told with permission
    # recognizing 9 - 1 - 1 = 7/9 = 78%; perfectionism 6 - 1 - 1 = 4/6 = 67%; keeping_safe 6/7 = 86%
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "fair"
    assert r["level"] == "fair"
    assert r["ending"] == "ray-drifts"  # he felt judged


def test_waving_the_count_away_minimizes_a_danger(play, levels):
    r = play(COUNT_WAVED_AWAY)
    assert "count-minimized" in r["path"]
    # keeping_safe 7 - 1 (not earned) - 1 = 5/7 = 71%; the core skills stay good
    assert levels(r)["keeping_safe"] == "fair"
    assert levels(r)["recognizing_improvement"] == levels(r)["avoiding_perfectionism"] == "good"
    assert r["level"] == "fair"


def test_no_plan_for_going_out_means_a_rough_wedding(play, levels):
    r = play(NO_PLAN)
    assert "rough-wedding" in r["path"] and "wedding-plan" not in r["path"]
    assert levels(r)["anticipating_continued_use"] == "beginning"
    # "you'll handle it" minimized the night: keeping_safe = home-idea 2 + the-count 1 + quit-question 1
    # + wedding -1 (where +1 was offered) + rough-wedding 2 = 5 of 7 = 71%
    assert levels(r)["keeping_safe"] == "fair"
    assert r["level"] == "fair"


def test_a_shove_that_hurt_someone_is_never_called_progress(play, levels):
    r = play(SHOVE_AS_PROGRESS)
    assert "keith-minimized" in r["path"]
    shove = next(d for d in r["decisions"] if d["node"] == "rough-wedding")
    assert shove["scores"]["keeping_safe"] == -2 and shove["stronger"] == 3
    assert levels(r)["keeping_safe"] == "beginning"
    assert r["level"] == "beginning"
    assert r["ending"] == "ray-drifts"  # not "Ray keeps coming back": the harm to Keith was waved away
    # no option at the rough wedding lets the shove read as fine: every one but the honest one costs
    for choice in ("1", "2", "3"):
        d = next(d for d in play(NO_PLAN[:-1] + choice)["decisions"] if d["node"] == "rough-wedding")
        assert sum(v for k, v in d["scores"].items()
                   if k in ("recognizing_improvement", "avoiding_perfectionism", "keeping_safe")) < 0


def test_a_plan_written_for_him_is_the_weaker_line(play):
    r = play(WRITTEN_PLAN)
    plan = next(d for d in r["decisions"] if d["node"] == "wedding-plan")
    # a minus and a plus do not cancel into "no harm done": it nets -1, and the menu is held up as stronger
    assert sum(plan["scores"].values()) < 0
    assert plan["stronger"] == 2
    assert r["scores"]["keeping_safe"]["points"] == r["scores"]["keeping_safe"]["possible"] - 1
