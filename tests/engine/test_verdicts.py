"""Zero is not a verdict (HR127-HR129), worked out by hand on small scenarios.

The fixtures in tests/fixtures/invalid/ show each code once; these tests pin the edges of each
rule: what counts as a verdict (an explicit 0 on safety, a minus on another skill), which content
notes make a scenario a risk scenario, and the three forms of HR129.
"""
from __future__ import annotations

import pytest

from hrtraining.engine import check_file, load_scenario
from hrtraining.engine._verdicts import risk_notes

HEAD = """\
format: 1
id: s
title: S
client: {name: Sam}
"""


def choice(text: str, score: str, codes: str = "question", nxt: str = "done") -> str:
    return (f"      - text: {text}\n        next: {nxt}\n        score: {score}\n"
            f"        codes: [{codes}]\n        feedback: f\n")


def scenario(notes: str, *choices: str) -> str:
    return (HEAD + f"content_notes: {notes}\nstart: opening\nnodes:\n  opening:\n    text: hi\n    choices:\n"
            + "".join(choices) + "  done:\n    ending: {title: Done}\n")


GOOD = choice("best", "{recognizing_improvement: 2, avoiding_perfectionism: 1, keeping_safe: 2}")


def problems(write_scenario, rubric, text: str) -> list[tuple[str, int]]:
    return sorted((p.code, p.line) for p in check_file(write_scenario(text), rubric).problems)


@pytest.mark.parametrize("notes,expected", [
    ('["suicide (asked about)", overdose]', ["suicide", "overdose"]),
    ("[Suicidal thoughts, self harm]", ["suicide", "self-harm"]),
    ('["overdose risk (discussed)", "family violence (mentioned)"]', ["overdose", "violence"]),
    ("[domestic abuse, violence]", ["domestic abuse", "violence"]),
    ("[Violent partner, Overdoses]", ["violence", "overdose"]),
    # a story, not a risk in the room; and words that merely contain a stem do not count
    ('["childhood abuse (mentioned, not described)", grief, housing insecurity]', []),
    ("[nonviolent protest, alcohol withdrawal and seizure]", []),
    ("[]", []),
])
def test_risk_notes_match_word_starts(notes, expected, write_scenario, rubric):
    sc = load_scenario(write_scenario(scenario(notes, GOOD)), rubric)
    assert risk_notes(sc) == expected


def test_zero_verdict_flags_reflections_and_pushes_only(write_scenario, rubric):
    text = scenario(
        "[]", GOOD,
        choice("a", "{listening: 0}", "simple-reflection"),                       # line 16: HR127
        choice("b", "{listening: 0, respecting_choice: 0}", "complex-reflection, affirm"),  # 21: HR127
        choice("c", "{avoiding_perfectionism: 0}", "confront"),                     # 26: HR127
        choice("d", "{avoiding_perfectionism: 0}", "question"),                     # neutral question
        choice("e", "{avoiding_perfectionism: 0}", "persuade-with-permission"),     # not one of the four
        choice("f", "{listening: 1}", "simple-reflection"),                         # a verdict
        choice("g", "{avoiding_perfectionism: -1}", "persuade"),                    # a verdict
    )
    assert problems(write_scenario, rubric, text) == [("HR127", 16), ("HR127", 21), ("HR127", 26)]


def test_a_choice_with_no_score_is_hr063_not_hr127(write_scenario, rubric):
    text = scenario("[]", GOOD, "      - text: x\n        next: done\n        codes: [simple-reflection]\n"
                                "        feedback: f\n")
    assert [c for c, _ in problems(write_scenario, rubric, text)] == ["HR063"]


def test_no_safety_verdict_at_a_safety_decision(write_scenario, rubric):
    text = scenario(
        "[overdose]", GOOD,                                                         # line 11
        choice("a", "{listening: 2, avoiding_perfectionism: 1}", "complex-reflection"),  # 16: HR128
        choice("b", "{keeping_safe: 0, listening: 0}"),                             # an explicit 0 is a verdict
        choice("c", "{recognizing_improvement: 1, respecting_choice: -1}"),        # marked weak elsewhere
        choice("d", "{keeping_safe: -2}"),                                          # a verdict
        choice("e", "{recognizing_improvement: 0}"),                                # 36: HR128, all zero
    )
    assert problems(write_scenario, rubric, text) == [("HR128", 16), ("HR128", 36)]


def test_no_safety_rules_without_a_risk_note(write_scenario, rubric):
    # The same decision in a scenario about grief: nothing on safety is asked of it.
    text = scenario("[grief]", GOOD, choice("a", "{listening: 2, avoiding_perfectionism: 1}", "complex-reflection"))
    assert problems(write_scenario, rubric, text) == []
    # Nor when nothing in it scores safety at all.
    text = scenario("[grief]", choice("a", "{recognizing_improvement: 1, avoiding_perfectionism: 1}"))
    assert problems(write_scenario, rubric, text) == []


def test_a_rubric_without_keeping_safe_skips_the_safety_rules(write_scenario, tmp_path):
    from hrtraining.engine import load_rubric

    rub = (tmp_path / "r.yaml")
    rub.write_text("format: 1\ndimensions:\n"
                   "  recognizing_improvement: {name: R, required: true}\n"
                   "  avoiding_perfectionism: {name: A, required: true}\n"
                   "  listening: {name: L}\n"
                   "codes:\n  question: {name: Q, adherence: neutral}\n"
                   "  complex-reflection: {name: C, adherence: neutral}\n")
    text = scenario("[suicide]", choice("a", "{recognizing_improvement: 1, avoiding_perfectionism: 1}"))
    assert [p.code for p in check_file(write_scenario(text), load_rubric(rub)).problems] == []


def test_a_risk_scenario_that_never_scores_safety_is_flagged_once_at_line_1(write_scenario, rubric):
    text = scenario('["suicide (asked about)"]', choice("a", "{recognizing_improvement: 1, avoiding_perfectionism: 1}"),
                    choice("b", "{recognizing_improvement: 0, avoiding_perfectionism: -1}"))
    (p,) = check_file(write_scenario(text), rubric).problems
    assert (p.code, p.line) == ("HR129", 1)
    assert "warn of suicide" in p.message and "no decision offers 'keeping_safe' points" in p.message


def test_a_way_without_safety_is_flagged_at_its_ending(write_scenario, rubric):
    # opening -> early (no safety on the way) and opening -> ask -> done (safety offered at ask).
    text = (HEAD + "content_notes: [overdose]\nstart: opening\nnodes:\n  opening:\n    text: hi\n    choices:\n"
            + choice("a", "{recognizing_improvement: 1, avoiding_perfectionism: 1}", nxt="ask")
            + choice("b", "{recognizing_improvement: 1, avoiding_perfectionism: 1}", nxt="early")
            + "  ask:\n    text: so?\n    choices:\n"
            + choice("c", "{keeping_safe: 2}")
            + "  early:\n    ending: {title: Early}\n"                                # line 29
            + "  done:\n    ending: {title: Done}\n")
    (p,) = check_file(write_scenario(text), rubric).problems
    assert (p.code, p.line) == ("HR129", 29)
    assert "'opening' -> 'early'" in p.message


def test_a_critical_way_without_safety_is_not_flagged(write_scenario, rubric):
    # The only way that misses safety takes a critical choice, which sets the level already.
    text = (HEAD + "content_notes: [overdose]\nstart: opening\nnodes:\n  opening:\n    text: hi\n    choices:\n"
            + choice("a", "{recognizing_improvement: 1, avoiding_perfectionism: 1, keeping_safe: 1}")
            + choice("b", "{avoiding_perfectionism: -3}", "confront", nxt="gone").replace(
                "        feedback: f\n", "        feedback: f\n        critical: true\n")
            + "  gone:\n    ending: {title: Gone}\n  done:\n    ending: {title: Done}\n")
    assert problems(write_scenario, rubric, text) == []


def test_safety_that_can_only_be_lost_flags_the_node(write_scenario, rubric):
    text = scenario("[violence]", choice("a", "{keeping_safe: 2, recognizing_improvement: 1, "
                                              "avoiding_perfectionism: 1}", nxt="mid"))
    text = text.replace("  done:\n", "  mid:\n    text: so?\n    choices:\n"
                        + choice("b", "{keeping_safe: -1, avoiding_perfectionism: 1}")
                        + choice("c", "{keeping_safe: 0, recognizing_improvement: 1}")
                        + "  done:\n")
    # mid is on line 16; its decision can lose safety and cannot earn it. An explicit 0 beside a
    # minus is not "earning", so it does not quiet the finding.
    assert problems(write_scenario, rubric, text) == [("HR129", 16)]
