"""Scoring rules: best totals, percent, levels, the critical cap and MITI summaries."""
from __future__ import annotations

import pytest

from hrtraining.engine import Session, analyse, load_scenario, lowest
from hrtraining.engine._scoring import MITI_MIN, miti_summary

RI, AP = "recognizing_improvement", "avoiding_perfectionism"
ADHERENCE = {"affirm": "adherent", "emphasizing-autonomy": "adherent", "seeking-collaboration": "adherent",
             "simple-reflection": "neutral", "complex-reflection": "neutral", "question": "neutral",
             "giving-information": "neutral", "persuade-with-permission": "neutral",
             "persuade": "non-adherent", "confront": "non-adherent"}


def scenario(nodes: str, meters: str = "") -> str:
    return f"format: 1\nid: t\ntitle: T\nclient: {{name: Sam}}\n{meters}start: a\nnodes:\n{nodes}"


def run(sc, rubric, picks):
    s = Session(sc, rubric)
    for p in picks:
        s.skip_to_decision()
        s.choose(p - 1)
    s.skip_to_decision()
    return s.report()


CRITICAL = scenario("""\
  a:
    text: I cut down to weekends.
    choices:
      - text: Great progress. And if you drink again before next week, don't come back.
        next: b
        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}
        codes: [affirm, confront]
        critical: true
        feedback: Affirming, then an ultimatum.
      - text: Great progress.
        next: b
        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: Affirming.
  b:
    text: Okay.
    choices:
      - text: What would help you keep it up?
        next: e
        score: {recognizing_improvement: 1, avoiding_perfectionism: 2}
        codes: [question]
        feedback: Curious.
  e:
    ending: {title: End}
""")


def test_critical_caps_avoiding_perfectionism_even_with_full_points(write_scenario, rubric):
    sc = load_scenario(write_scenario(CRITICAL), rubric)
    r = run(sc, rubric, [1, 1])
    ap = r.scores[AP]
    # possible AP: 1 at a (both options score 1) + 2 at b = 3
    assert (ap.points, ap.possible, ap.percent) == (3, 3, 1.0)
    assert ap.level == "beginning" and ap.capped
    assert r.scores[RI].level == "good" and not r.scores[RI].capped  # only avoiding_perfectionism is capped
    assert r.level == "beginning"
    assert r.critical == 1
    # The same points without the critical choice: good.
    r = run(sc, rubric, [2, 1])
    assert (r.scores[AP].level, r.scores[AP].capped, r.level, r.critical) == ("good", False, "good", 0)


def test_critical_count_and_reported_choices(write_scenario, rubric):
    sc = load_scenario(write_scenario(CRITICAL), rubric)
    r = run(sc, rubric, [1, 1])
    assert [c.node_id for c in r.critical_choices] == ["a"]
    assert r.to_dict()["critical"] == 1


BEST = scenario("""\
  a:
    text: Start.
    choices:
      - text: Never offered (trust cannot reach 99), but it counts for best.
        if: trust >= 99
        next: e
        score: {recognizing_improvement: 5, avoiding_perfectionism: 5}
        codes: [affirm]
        feedback: Unreachable in play.
      - text: Go round.
        next: back
        score: {recognizing_improvement: 3, avoiding_perfectionism: 3}
        codes: [simple-reflection]
        feedback: A detour.
      - text: Plain.
        next: e
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [question]
        feedback: Plain.
  back:
    text: Back to the start.
    next: a
  e:
    ending: {title: End}
""", meters="meters:\n  trust: {start: 0, min: 0, max: 5}\n")


def test_best_ignores_conditions_and_cuts_loops(write_scenario, rubric):
    """best (the author-side figure) = the largest total on any path start -> ending with
    conditions ignored; an edge back to a node on the current depth-first walk (choices in
    written order) is cut, so a detour that returns to an earlier point adds nothing to best."""
    sc = load_scenario(write_scenario(BEST), rubric)
    a = analyse(sc, list(rubric.dimensions))
    assert a.best[RI] == 5 and a.best[AP] == 5  # the never-offered choice counts
    assert a.longest_decisions == 1
    assert "back" in a.reachable


def test_v2_counts_what_was_offered_not_best(write_scenario, rubric):
    """Scoring v2 ignores best: the conditional choice (RI 5) is never offered (trust 0), so each
    time 'a' is faced it adds max(3, 1) = 3 to possible."""
    sc = load_scenario(write_scenario(BEST), rubric)
    # Round the loop twice, then plain: points 3 + 3 + 1 = 7 of possible 3 + 3 + 3 = 9.
    r = run(sc, rubric, [1, 1, 2])
    assert (r.scores[RI].points, r.scores[RI].possible) == (7, 9)
    assert r.scores[RI].percent == pytest.approx(7 / 9) and r.scores[RI].level == "fair"
    # Plain at once: 1 of 3.
    r = run(sc, rubric, [2])
    assert (r.scores[RI].points, r.scores[RI].possible) == (1, 3)
    assert r.scores[RI].percent == pytest.approx(1 / 3)
    assert r.scores[RI].level == "beginning"
    # Going round earns 3 of 3 each time, but the way out (plain) costs: never over 100%.
    r = run(sc, rubric, [1] * 5 + [2])
    assert (r.scores[RI].points, r.scores[RI].possible) == (16, 18)


def test_analysis_is_cached_on_the_scenario(write_scenario, rubric):
    sc = load_scenario(write_scenario(BEST), rubric)
    assert analyse(sc, list(rubric.dimensions)) is analyse(sc, list(rubric.dimensions))


NEGATIVE = scenario("""\
  a:
    text: Start.
    choices:
      - text: Bad.
        next: e
        score: {recognizing_improvement: -2, avoiding_perfectionism: -2}
        codes: [confront]
        feedback: Bad.
      - text: Worse.
        next: e
        score: {recognizing_improvement: -5, avoiding_perfectionism: -1}
        codes: [persuade]
        feedback: Worse.
  e:
    ending: {title: End}
""")


def test_best_can_be_negative_and_nothing_is_then_assessed(write_scenario, rubric):
    from hrtraining.engine import check_file

    r = check_file(write_scenario(NEGATIVE), rubric)
    # no path earns any points: HR064 only (HR121, "not assessed on some path", would repeat it)
    assert sorted(p.code for p in r.problems) == ["HR064", "HR064"]
    sc = r.scenario
    a = analyse(sc, list(rubric.dimensions))
    assert a.best[RI] == -2 and a.best[AP] == -1
    rep = run(sc, rubric, [1])
    # possible = max(0, max(-2, -5)) = 0 on RI and max(0, max(-2, -1)) = 0 on AP: not assessed
    assert (rep.scores[RI].points, rep.scores[RI].possible) == (-2, 0)
    assert rep.scores[RI].percent is None and rep.scores[RI].level is None
    assert not rep.scores[AP].assessed
    assert rep.level is None  # no required dimension assessed: no overall level


@pytest.mark.parametrize("percent,level", [
    (0.0, "beginning"), (0.4999, "beginning"), (0.5, "fair"), (0.7999, "fair"), (0.8, "good"), (1.0, "good"),
])
def test_rubric_levels(percent, level, rubric):
    assert (rubric.good, rubric.fair) == (0.8, 0.5)
    assert rubric.level(percent) == level


def test_lowest():
    assert lowest(["good", "fair"]) == "fair"
    assert lowest(["good", "beginning", "fair"]) == "beginning"
    assert lowest(["good"]) == "good"
    assert lowest([]) == "beginning"


@pytest.mark.parametrize("codes,rq,pcr,levels", [
    ({}, None, None, (None, None)),
    # fewer than MITI_MIN reflections + questions: no levels
    ({"simple-reflection": 1, "question": 1}, 1.0, 0.0, (None, None)),
    ({"complex-reflection": 2, "question": 1}, 2.0, 1.0, (None, None)),
    # enough: R:Q good >= 2, fair >= 1; %CR good >= 50%, fair >= 40%
    ({"simple-reflection": 2, "complex-reflection": 2, "question": 2}, 2.0, 0.5, ("good", "good")),
    ({"simple-reflection": 3, "complex-reflection": 2, "question": 5}, 1.0, 0.4, ("fair", "fair")),
    ({"simple-reflection": 3, "complex-reflection": 1, "question": 5}, 0.8, 0.25, ("beginning", "beginning")),
    ({"question": 4}, 0.0, None, ("beginning", None)),
    # reflections but no questions: R:Q is undefined (None) but counts as good
    ({"simple-reflection": 3, "complex-reflection": 2}, None, 0.4, ("good", "fair")),
])
def test_miti_summary(codes, rq, pcr, levels):
    m = miti_summary(codes, ADHERENCE)
    assert m["reflection_to_question"] == (pytest.approx(rq) if rq is not None else None)
    assert m["percent_complex_reflections"] == (pytest.approx(pcr) if pcr is not None else None)
    assert (m["miti_levels"]["reflection_to_question"], m["miti_levels"]["percent_complex_reflections"]) == levels


def test_miti_min_is_four():
    assert MITI_MIN == 4
    just_under = miti_summary({"simple-reflection": 2, "question": 1}, ADHERENCE)
    just_at = miti_summary({"simple-reflection": 2, "question": 2}, ADHERENCE)
    assert just_under["miti_levels"]["reflection_to_question"] is None
    assert just_at["miti_levels"]["reflection_to_question"] == "fair"


def test_adherent_and_non_adherent_counts():
    m = miti_summary({"affirm": 2, "emphasizing-autonomy": 1, "seeking-collaboration": 1, "question": 5,
                      "persuade": 1, "confront": 2, "persuade-with-permission": 3, "unknown": 9}, ADHERENCE)
    assert (m["mi_adherent"], m["mi_non_adherent"]) == (4, 3)


def test_project_rubric_follows_miti(rubric):
    adherence = {c.id: c.adherence for c in rubric.codes.values()}
    assert {c for c, a in adherence.items() if a == "non-adherent"} == {"persuade", "confront"}
    for c in ("affirm", "simple-reflection", "complex-reflection", "question", "giving-information",
              "seeking-collaboration", "emphasizing-autonomy", "persuade-with-permission"):
        assert adherence[c] in ("adherent", "neutral")
    # The two the game is about, then keeping people safe, which counts wherever a path asks it.
    assert rubric.required == (RI, AP, "keeping_safe")
    for d in rubric.dimensions.values():
        assert d.name and d.principle and d.description
