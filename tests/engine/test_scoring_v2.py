"""Scoring version 2, on small fixtures whose numbers are worked out by hand below.

For each dimension, over the decisions the trainee actually faced:
points = the chosen option's score summed; possible = max(0, the highest score among the
options offered there) summed; percent = max(0, points) / possible, or not assessed (None)
when possible is 0; level by the rubric (good >= 0.8, fair >= 0.5). RI is
recognizing_improvement, AP avoiding_perfectionism, ESC encouraging_self_care.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from hrtraining.engine import REPORT_VERSION, Session, analyse, check_file, load_scenario

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
RI, AP, ESC = "recognizing_improvement", "avoiding_perfectionism", "encouraging_self_care"


def play(name_or_path, rubric, picks: list[int]):
    path = name_or_path if isinstance(name_or_path, Path) else VALID / f"{name_or_path}.yaml"
    sc = load_scenario(path, rubric)
    s = Session(sc, rubric)
    for p in picks:
        s.skip_to_decision()
        s.choose(p - 1)
    s.skip_to_decision()
    assert s.finished
    return s.report()


def numbers(report, dim):
    s = report.scores[dim]
    return s.points, s.possible, None if s.percent is None else round(s.percent, 4), s.level


def test_repair_trap_the_clean_path_is_not_punished(rubric):
    # clean: opening offers RI max(1, 1, 0) = 1, AP max(1, 0, -3) = 1; the clean answer takes both.
    clean = play("repair-trap", rubric, [1])
    assert numbers(clean, RI) == (1, 1, 1.0, "good")
    assert numbers(clean, AP) == (1, 1, 1.0, "good")
    assert clean.level == "good"
    # repair: "yes, but" (RI 1 of 1, AP 0 of 1), then the apology (RI 2 of 2, AP 2 of 2):
    # RI 3 of 3 = 100%; AP 2 of 3 = 0.6667, fair. Both paths reach 100% on RI, and the
    # repair cannot outscore never erring: its overall level is fair, the clean path's good.
    repair = play("repair-trap", rubric, [2, 1])
    assert numbers(repair, RI) == (3, 3, 1.0, "good")
    assert numbers(repair, AP) == (2, 3, 0.6667, "fair")
    assert repair.level == "fair"
    # The old author-side figure, still computed for `analyze`: best RI 1+2 = 3, AP 0+2 = 2.
    best = analyse(load_scenario(VALID / "repair-trap.yaml", rubric), list(rubric.dimensions)).best
    assert (best[RI], best[AP]) == (3, 2)
    # Doubling down: RI 1 of 1 + 0 of 2 = 1 of 3 (0.3333); AP 0 + -1 = -1 -> 0 of 3: beginning.
    doubled = play("repair-trap", rubric, [2, 2])
    assert numbers(doubled, RI) == (1, 3, 0.3333, "beginning")
    assert numbers(doubled, AP) == (-1, 3, 0.0, "beginning")


def test_a_shorter_good_branch_is_100_percent(rubric):
    # short: opening offers RI 2, AP 1 and the short answer takes both; then the ending.
    short = play("short-branch", rubric, [2])
    assert numbers(short, RI) == (2, 2, 1.0, "good")
    assert numbers(short, AP) == (1, 1, 1.0, "good")
    assert short.level == "good"
    # long: RI 2 + 2 of 2 + 2, AP 1 + 2 of 1 + 2: also 100%.
    long = play("short-branch", rubric, [1, 1])
    assert numbers(long, RI) == (4, 4, 1.0, "good")
    assert numbers(long, AP) == (3, 3, 1.0, "good")
    # long, then the "next step is cutting down": RI 2 of 4 = 0.5 fair, AP 1 - 1 = 0 of 3.
    pushed = play("short-branch", rubric, [1, 2])
    assert numbers(pushed, RI) == (2, 4, 0.5, "fair")
    assert numbers(pushed, AP) == (0, 3, 0.0, "beginning")
    assert pushed.level == "beginning"


def test_a_dimension_not_assessed_on_a_path(rubric):
    # check-in: nothing offered on ESC at 'opening' or 'check-in': possible 0, not assessed.
    check_in = play("not-assessed", rubric, [2, 1])
    assert numbers(check_in, ESC) == (0, 0, None, None)
    assert not check_in.scores[ESC].assessed
    # RI 1 + 0 of 2 + 0 = 0.5 fair; AP 1 + 1 of 1 + 1 = 100%
    assert numbers(check_in, RI) == (1, 2, 0.5, "fair")
    assert numbers(check_in, AP) == (2, 2, 1.0, "good")
    assert check_in.level == "fair"
    d = check_in.to_dict()["scores"][ESC]
    assert (d["percent"], d["level"], d["assessed"]) == (None, None, False)
    # plan: 'plan' offers ESC 2, and the self-care answer takes it: 2 of 2.
    plan = play("not-assessed", rubric, [1, 1])
    assert numbers(plan, ESC) == (2, 2, 1.0, "good")
    # plan, then "eating won't fix it": ESC 0 of 2 is assessed, and it is 0%.
    dismissed = play("not-assessed", rubric, [1, 2])
    assert numbers(dismissed, ESC) == (0, 2, 0.0, "beginning")


def test_the_critical_cap(rubric):
    # The ultimatum scores RI 2, AP 1 = the most offered at 'opening'; then RI 1, AP 2 of 1, 2:
    # 100% on both, but AP is capped at beginning, and so is the overall level.
    r = play("critical-cap", rubric, [2, 1])
    assert numbers(r, RI) == (3, 3, 1.0, "good")
    assert numbers(r, AP) == (3, 3, 1.0, "beginning")
    assert r.scores[AP].capped and not r.scores[RI].capped
    assert r.level == "beginning" and r.critical == 1
    # The same numbers without the ultimatum: good.
    r = play("critical-cap", rubric, [1, 1])
    assert numbers(r, AP) == (3, 3, 1.0, "good") and not r.scores[AP].capped
    assert r.level == "good"


CRITICAL_NOT_ASSESSED = """\
format: 1
id: critical-not-assessed
title: AP is never offered here
client: {name: Sam}
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's real progress.
        next: done
        score: {recognizing_improvement: 2}
        codes: [affirm]
        feedback: Named.
      - text: That's real progress. Now stop completely, or we stop meeting.
        next: done
        score: {recognizing_improvement: 2, avoiding_perfectionism: -2}
        codes: [affirm, confront]
        critical: true
        feedback: An ultimatum.
  done:
    ending: {title: Done}
"""


def test_a_critical_choice_assesses_a_dimension_that_was_not(write_scenario, rubric):
    path = write_scenario(CRITICAL_NOT_ASSESSED)
    assert {p.code for p in check_file(path, rubric).problems} == {"HR064"}  # AP can never be earned
    # Without the ultimatum: AP max(0, 0, -2) = 0 is not assessed; the overall level is the
    # lowest of the assessed required dimensions, RI alone: 2 of 2, good.
    r = play(path, rubric, [1])
    assert numbers(r, AP) == (0, 0, None, None)
    assert numbers(r, RI) == (2, 2, 1.0, "good")
    assert r.level == "good"
    # With it: RI is still 2 of 2, but the critical choice assesses AP at beginning (percent 0,
    # capped), so a critical choice can never leave the trainee at good.
    r = play(path, rubric, [2])
    assert numbers(r, AP) == (-2, 0, 0.0, "beginning")
    assert r.scores[AP].capped and r.scores[AP].assessed
    assert r.level == "beginning"


def test_a_perfect_run_is_100_percent_on_every_path(rubric):
    """On each fixture, taking at every decision an option that scores the most offered on
    both required dimensions gives 100% on every assessed dimension."""
    for name, picks in [("repair-trap", [1]), ("short-branch", [2]), ("short-branch", [1, 1]),
                        ("not-assessed", [1, 1]), ("critical-cap", [1, 1])]:
        r = play(name, rubric, picks)
        for s in r.scores.values():
            assert s.percent in (None, 1.0), (name, picks, s)
        assert r.level == "good"


@pytest.mark.parametrize("name", ["repair-trap", "short-branch", "not-assessed", "critical-cap"])
def test_report_to_dict_is_version_2(name, rubric):
    d = play(name, rubric, [1, 1] if name != "repair-trap" else [1]).to_dict()
    assert d["version"] == REPORT_VERSION == 2
    for s in d["scores"].values():
        assert set(s) == {"name", "points", "possible", "percent", "level", "assessed", "required", "capped"}
    for dec in d["decisions"]:
        assert set(dec) == {"number", "node", "choice", "text", "offered", "stronger", "critical", "scores"}
        assert dec["choice"] in dec["offered"]
