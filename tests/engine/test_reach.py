"""Reachable meter states: exact search, the interval fallback, and what they find."""
from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings

from hrtraining.engine import load_scenario, reachable_states, reach_problems

from _helpers import ONE_DECISION_NODES
from strategies import RUBRIC, Player, accepted, policies, scenario_texts

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
HEAD = "format: 1\nid: t\ntitle: T\nclient: {name: Sam}\n"
PROPERTY = settings(max_examples=int(os.environ.get("HRTRAINING_FUZZ_EXAMPLES", "30")), deadline=None,
                    derandomize="HRTRAINING_FUZZ_EXAMPLES" not in os.environ, database=None,
                    suppress_health_check=list(HealthCheck))


def built(path, rubric):
    """The scenario with every file check done but the meter analysis (it may find errors)."""
    from hrtraining.engine._build import Builder
    from hrtraining.engine._yaml import load_yaml

    value, problems = load_yaml(Path(path).read_bytes(), str(path))
    assert problems == []
    return Builder(str(path), rubric).build(value)


def test_a_scenario_without_conditions_is_exact_and_finds_nothing(rubric):
    sc = load_scenario(Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml", rubric)
    r = reachable_states(sc)
    assert r.exact and not r.never_holds and not r.never_taken and not r.traps
    assert r.reachable <= set(sc.nodes)


OVERSHOOT = HEAD + "meters: {trust: {start: 0, min: 0, max: 5}}\n" + """\
start: a
nodes:
  a:
    text: Hi.
    choices:
      - {text: A little., next: b, effects: {trust: 1}, score: {recognizing_improvement: 1}, codes: [affirm], feedback: f}
      - {text: A lot., next: b, effects: {trust: 3}, score: {recognizing_improvement: 1}, codes: [affirm], feedback: f}
  b:
    text: Well?
    next:
      - if: trust == 2
        next: done
      - next: a
  done:
    ending: {title: Done}
"""


def test_a_trap_that_only_some_meter_values_spring_is_found(write_scenario, rubric):
    """Choosing "A lot." first jumps trust past 2, and b's only way out needs exactly 2."""
    sc = built(write_scenario(OVERSHOOT), rubric)
    r = reachable_states(sc)
    assert r.exact and not r.never_holds  # 'trust == 2' does hold on some plays
    (trap,) = r.traps
    assert trap.node == "b" and trap.example == {"trust": (3, 3)} and trap.path == (2,)
    assert [(d.node, d.index) for d in trap.closed] == [("b", 0)]
    (p,) = reach_problems(sc, r)
    assert p.code == "HR104" and "from node 'b' (trust 3; after choosing 2)" in p.message
    assert (p.line, p.column) == (OVERSHOOT.splitlines().index("      - if: trust == 2") + 1, 13)


def test_the_interval_fallback_finds_the_impossible_exit(rubric):
    sc = built(INVALID / "player-trapped.yaml", rubric)
    exact, approx = reachable_states(sc), reachable_states(sc, cap=0)
    assert exact.exact and not approx.exact
    assert [t.node for t in exact.traps] == [t.node for t in approx.traps] == ["ask"]
    assert approx.ranges["round"] == {"trust": (3, 5)}  # 2 + 1, then widened round the loop
    assert approx.traps[0].path is None
    assert "trust 2" in reach_problems(sc, approx)[0].message


def test_ranges_are_the_values_a_play_can_arrive_with(write_scenario, rubric):
    sc = built(write_scenario(OVERSHOOT), rubric)
    r = reachable_states(sc)
    assert r.ranges["a"] == {"trust": (0, 5)} and r.ranges["b"] == {"trust": (1, 5)}
    assert r.ranges["done"] == {}  # no condition reads trust after an ending: it is not tracked there


def test_when_no_choice_holds_all_are_offered_so_none_is_never_offered(rubric):
    sc = load_scenario(INVALID / "all-choices-conditional.yaml", rubric)
    r = reachable_states(sc)
    assert not r.never_holds and not r.never_taken and not r.traps


def test_a_condition_that_never_holds_and_an_entry_never_followed(rubric):
    sc = load_scenario(INVALID / "condition-never-holds.yaml", rubric)
    (e,) = reachable_states(sc).never_holds
    assert (e.node, e.kind, e.index, e.condition.text) == ("opening", "choice", 1, "trust > 10")
    sc = load_scenario(INVALID / "next-entry-never-followed.yaml", rubric)
    r = reachable_states(sc)
    assert r.never_holds == [] and [(e.node, e.index) for e in r.never_taken] == [("after", 1)]
    assert "warm" in r.reachable and "cold" not in r.reachable


def test_only_meters_that_conditions_read_are_tracked(write_scenario, rubric):
    text = HEAD + "meters: {trust: 0, mood: 0}\n" + ONE_DECISION_NODES.replace(
        "        codes: [affirm]", "        codes: [affirm]\n        effects: {mood: 3}\n        if: trust >= 0")
    r = reachable_states(load_scenario(write_scenario(text), rubric))
    assert r.meters == ("trust",) and r.states == 2


@PROPERTY
@given(text=scenario_texts(max_nodes=8), policy=policies())
def test_the_fallback_never_says_more_than_the_exact_search(tmp_path_factory, text, policy):
    """Soundness of the intervals: every 'never' they report, the exact search reports too,
    and every value a play meets lies within both analyses' ranges."""
    result = accepted(text, tmp_path_factory.mktemp("reach", numbered=True))
    assume(result is not None)
    sc = result.load()
    exact, approx = reachable_states(sc), reachable_states(sc, cap=0)
    assume(exact.exact)
    key = lambda e: (e.node, e.kind, e.index)  # noqa: E731
    assert exact.reachable <= approx.reachable
    assert {key(e) for e in approx.never_holds} <= {key(e) for e in exact.never_holds}
    assert {key(e) for e in approx.never_taken} <= {key(e) for e in exact.never_taken}
    for nid, rng in exact.ranges.items():
        for m, (lo, hi) in rng.items():
            alo, ahi = approx.ranges[nid][m]
            assert alo <= lo <= hi <= ahi
    player = Player(sc, RUBRIC, policy, max_steps=60)
    for event in player.run():
        meters = player.session.state.meters
        node = player.session.state.node
        for m, (lo, hi) in exact.ranges[node].items():
            assert lo <= meters[m] <= hi, (node, m, meters[m], (lo, hi))
    assert not exact.traps  # validate accepted it
