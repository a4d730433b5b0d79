"""Golden paths through scenarios/root-pain.yaml (Eli, who wants the root, not the pamphlet).

Expected levels are worked out by hand from scoring v2: per dimension, points = the chosen options'
scores; possible = for each decision faced, max(0, the best score offered there); good >= 80%,
fair >= 50%; a critical choice caps avoiding_perfectionism at beginning; overall = the lowest of the
required dimensions (recognizing, perfectionism, keeping_safe) that were assessed.
"""
from hrtraining.cli import main

SCENARIO = "scenarios/root-pain.yaml"

# 1-based positions among the choices offered at each decision.
# reflect his goal -> grief and fear knotted together -> the truck and Maya's Sundays are the root at work
# -> the root and, meanwhile, what protects him -> start the work, with the worry about the nights after
# voiced with permission -> "what's even the point": ask about suicide directly -> a plan for rough nights
# that he builds -> "you're not out"
BEST = "3,2,4,1,2,3,1,2"
# Per decision (opening, under-it, small-steps, crowding-out, emdr, hard-nights, nights-plan, closing), what
# each skill could earn (v2 "possible") and what the best path earns:
#   recognizing_improvement: 0 + 0 + 3 + 1 + 0 + 1 (the plan-now option; the best asks) + 1 + 0 = 6;
#                            earned 5                                                      -> 83% good
#   avoiding_perfectionism:  1 + 1 + 1 + 1 + 2 + 1 + 0 + 2 = 9, all earned                 -> 9/9 good
#   keeping_safe: small-steps 1 + emdr 2 + hard-nights 3 + nights-plan 2 = 8, all earned  -> 8/8 good
#   listening: 2 + 2 + 1 + 2 + 0 + 1 = 8, all earned                                      -> 8/8 good
#   anticipating_continued_use: crowding 2 + emdr 2 + hard-nights 2 + nights-plan 2 + closing 2 = 10;
#                               earned 8                                                   -> 80% good
PLAN_BEFORE_ASKING = "3,2,4,1,2,4,2"    # "Then we plan for it now", over "what's even the point"
GRIEF_NORMALIZED = "3,2,4,1,2,2,1,2"    # "That's grief. Almost everybody has nights like that"
CUT_BACK_FIRST = "3,2,4,1,3,3,1,2"      # the worry about the nights as "I'd feel better if you cut back first"
CRITICAL_THIRTY_DAYS = "3,2,4,1,1"      # thirty days sober before trauma work
EARLY_CRITICAL = "1,3,1,2,1"            # debates skills, asks how much, yes-but, scaffolding, thirty days
LATE_CRITICAL = "3,2,4,1,2,3,1,1"       # "whether this program is the right fit"
ROOT_ONLY = "2,2,2,4,4,2,3,3"           # agrees the drinking will sort itself out, and looks away from it
LECTURED = "1,3,1,2,3,1,2,4"            # four lectures; he names it; the repair at the door


def test_validates_strictly(capsys):
    assert main(["validate", "--strict", SCENARIO]) == 0


def test_best_path_holds_root_and_steps_and_asks(play, levels, assert_good_path):
    r = play(BEST)
    assert_good_path(r, "keeps-coming-back", dims=("avoiding_perfectionism", "keeping_safe", "listening"))
    assert (r["scores"]["recognizing_improvement"]["points"],
            r["scores"]["recognizing_improvement"]["possible"]) == (5, 6)
    for dim, level in levels(r).items():
        assert level == "good", dim
    assert r["mi_non_adherent"] == 0
    # named his steps, refused the false choice, started the work with the worry voiced, asked, planned
    assert {"different-sunday", "both", "pace-it", "eli-asked", "safer-tuesdays", "not-out"} <= set(r["path"])


def test_planning_over_what_s_the_point_lands_at_fair(play, levels):
    # keeping_safe: small-steps 1 + emdr 2 + hard-nights 3 = 6 possible (the plan is made here, so there is no
    # nights-plan decision); earned 1 + 2 + 1 = 4 -> 67%
    r = play(PLAN_BEFORE_ASKING)
    assert "eli-asked" not in r["path"] and "safer-tuesdays" in r["path"]
    assert (r["scores"]["keeping_safe"]["points"], r["scores"]["keeping_safe"]["possible"]) == (4, 6)
    assert r["level"] == "fair"


def test_normalizing_the_dark_nights_misses_the_risk(play, levels):
    # keeping_safe: -2 at hard-nights where 3 was on offer: 1 + 2 - 2 + 2 = 3/8 -> 38%
    r = play(GRIEF_NORMALIZED)
    assert "point-passed" in r["path"]
    assert levels(r)["keeping_safe"] == "beginning"
    assert r["level"] == "beginning"


def test_the_same_worry_as_a_yes_but_lands_at_fair(play, levels):
    # emdr: "cut back first" is -1 on perfectionism where +2 was on offer, 0 on safety where 2 was:
    # perfectionism 6/9 = 67%, keeping_safe 6/8 = 75%
    r = play(CUT_BACK_FIRST)
    assert "cut-back-first" in r["path"] and r["critical"] == 0
    assert levels(r)["avoiding_perfectionism"] == levels(r)["keeping_safe"] == "fair"
    assert r["level"] == "fair"


def test_sobriety_before_trauma_work_is_critical_and_he_leaves(play, assert_critical_path):
    r = play(CRITICAL_THIRTY_DAYS)
    assert_critical_path(r, "eli-leaves")
    assert "thirty-days" in r["path"]
    r = play(EARLY_CRITICAL)
    assert_critical_path(r, "eli-leaves")


def test_late_discharge_threat_caps_perfectionism(play, levels, assert_caps_perfectionism):
    r = play(LATE_CRITICAL)
    assert r["ending"] == "eli-leaves" and "right-fit" in r["path"]
    assert_caps_perfectionism(r)
    assert levels(r)["recognizing_improvement"] == levels(r)["keeping_safe"] == "good"


def test_abandoning_harm_reduction_leads_to_root_only_ending(play, levels):
    r = play(ROOT_ONLY)
    assert r["ending"] == "root-only"
    assert r["critical"] == 0
    assert levels(r)["recognizing_improvement"] == "beginning"
    assert r["scores"]["anticipating_continued_use"]["points"] < 0
    assert r["scores"]["keeping_safe"]["points"] < 0


def test_lecturing_is_remembered_and_unlocks_a_repair_choice(play):
    # judged >= 2 brings the callback and offers a 4th (repair) choice at the last decision
    r = play(LECTURED)
    assert "callback-judged" in r["path"]
    assert r["decisions"][-1]["choice"] == 3  # the conditional repair choice (0-based index)
    assert r["ending"] == "lukewarm"
    assert r["critical"] == 0


def test_repair_choice_is_not_offered_without_a_rupture(capsys):
    assert main(["playtest", SCENARIO, "--choices", BEST[:-1] + "4", "--json"]) != 0
    capsys.readouterr()
