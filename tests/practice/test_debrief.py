"""The one debrief model: built from a report or a stored record, quoting the right choices."""
from __future__ import annotations

from pathlib import Path

import pytest

from hrtraining.engine import Session, StateError, load_rubric, load_scenario
from hrtraining.practice import Debrief, MemoryStore, skill_note
from hrtraining.practice.words import level_name

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
GOLDEN = FIXTURES / "golden.yaml"

# Decision 1 can only show recognizing improvement; decision 2 only self-care. The trainee's
# strongest skill is self-care, so its example must come from decision 2, never decision 1
# (which scored nothing for self-care: the bug this guards against).
STRENGTHS = """\
format: 1
id: strengths
title: Kim, two steps
client: {name: Kim}
start: one
nodes:
  one:
    text: I skipped the bar twice this week.
    choices:
      - text: Twice. That took something.
        next: two
        score: {recognizing_improvement: 1}
        codes: [affirm]
        feedback: Named the step.
      - text: You went the other nights, though?
        next: two
        score: {recognizing_improvement: 2}
        codes: [question]
        feedback: Careful, that is a yes-but in disguise, scored high only for this test.
  two:
    text: I have been sleeping badly.
    choices:
      - text: Sleep matters. What helps you rest?
        next: end
        score: {encouraging_self_care: 3}
        codes: [question]
        feedback: Self-care as a skill.
      - text: Let's stay on the drinking.
        next: end
        score: {encouraging_self_care: 0}
        codes: [persuade]
        feedback: Missed the opening.
  end:
    text: Thanks.
    ending: {title: Kim comes back}
"""


@pytest.fixture
def strengths(write_scenario):
    path = write_scenario(STRENGTHS, "strengths.yaml")
    rubric = load_rubric()
    return load_scenario(path, rubric), rubric


def _played(scenario, rubric, picks):
    s = Session(scenario, rubric)
    for p in picks:
        s.skip_to_decision()
        s.choose(p)
    return s.report()


def test_a_strength_quotes_a_choice_that_scored_on_that_skill(strengths):
    scenario, rubric = strengths
    d = Debrief.from_report(_played(scenario, rubric, [0, 0]), scenario, rubric)
    strength = d.summary[0]
    assert strength.title == "Strength: Encouraging self-care"
    assert "“Sleep matters. What helps you rest?”" in strength.text
    assert "Twice. That took something." not in strength.text


def test_try_next_quotes_an_option_that_scores_on_the_skill_it_names(strengths):
    scenario, rubric = strengths
    d = Debrief.from_report(_played(scenario, rubric, [0, 0]), scenario, rubric)
    titles = [p.title for p in d.summary]
    assert titles[-1] == "Try next: Recognizing improvement"
    assert "At decision 1, this would have shown it: “You went the other nights, though?”" in d.summary[-1].text
    one = d.decisions[0]
    assert one.verdict == "Another option was stronger" and one.stronger.text == "You went the other nights, though?"
    assert set(one.stronger_on) == {"recognizing_improvement"}


def test_skills_are_ordered_and_not_assessed_ones_are_named(strengths):
    scenario, rubric = strengths
    d = Debrief.from_report(_played(scenario, rubric, [1, 0]), scenario, rubric)
    assert [s.id for s in d.skills][:3] == ["avoiding_perfectionism", "keeping_safe",
                                            "recognizing_improvement"]  # required first, by name
    assert not d.skills[0].assessed  # nothing offered AP points on this path
    assert "Avoiding perfectionist rejection" in d.not_assessed_line()
    ri = next(s for s in d.skills if s.id == "recognizing_improvement")
    assert (ri.points, ri.possible, ri.percent, ri.level) == (2, 2, 1.0, "good")
    assert skill_note(ri) == "2 of 2 points · decides the overall level"
    assert d.overall_line() == "Overall: Good"
    assert d.with_rating("fair").overall_line() == \
        "Overall: Good. You rated it Fair; compare the two as you read the bars."
    assert d.with_rating("good").rating_line() == "You rated it Good; the game scored it Good."


def test_a_stored_version_2_report_reads_back_as_the_same_debrief(strengths):
    """The progress screen shows what the window showed: same skills, decisions and summary."""
    scenario, rubric = strengths
    report = _played(scenario, rubric, [0, 0])
    store = MemoryStore()
    a = store.start_attempt("Ana", scenario.id, scenario.content_hash, scenario.title, "practice")
    for seq, o in enumerate(report.decisions):
        c = o.chosen
        store.record_choice(a, seq, o.node_id, c.index, c.text, score=dict(c.score), codes=list(c.codes),
                            critical=c.critical, feedback=c.feedback)
    store.finish_attempt(a, ending_id=report.ending_id, ending_title=report.ending_title, report=report.to_dict())
    stored = store.attempt(a)
    now = Debrief.from_report(report, scenario, rubric)
    later = Debrief.from_stored(stored.report, stored.choices, rubric=rubric, scenario=scenario)
    assert later.skills == now.skills and later.summary == now.summary and later.level == now.level
    assert [(d.number, d.chosen.text, d.verdict, d.prompt, d.stronger) for d in later.decisions] == \
        [(d.number, d.chosen.text, d.verdict, d.prompt, d.stronger) for d in now.decisions]
    bare = Debrief.from_stored(stored.report, stored.choices)  # the scenario is gone: the record alone
    assert [d.chosen.text for d in bare.decisions] == [d.chosen.text for d in now.decisions]
    assert bare.decisions[0].stronger is None and bare.level == now.level == "fair"  # RI 1 of 2


def test_a_stored_version_1_report_is_still_read():
    """Version 1 had `best` (any path's best total) where version 2 has `possible`."""
    v1 = {"scenario": "ray", "ending": "end", "ending_title": "Ray stays", "level": "fair", "critical": 0,
          "codes": {"affirm": 2}, "reflection_to_question": None, "percent_complex_reflections": None,
          "mi_adherent": 2, "mi_non_adherent": 0, "miti_levels": {},
          "scores": {"recognizing_improvement": {"points": 3, "best": 4, "percent": 0.75, "level": "fair"},
                     "avoiding_perfectionism": {"points": 4, "best": 4, "percent": 1.0, "level": "good"},
                     "encouraging_self_care": {"points": 0, "best": 0, "percent": 0.0, "level": "beginning"}}}
    d = Debrief.from_stored(v1, [], rubric=load_rubric())
    assert d.version == 1 and d.level == "fair"
    ri = next(s for s in d.skills if s.id == "recognizing_improvement")
    assert (ri.possible, ri.level, ri.required) == (4, "fair", True)
    self_care = next(s for s in d.skills if s.id == "encouraging_self_care")
    assert not self_care.assessed  # version 1 scored nothing here: not shown as Beginning
    assert d.miti.codes == {"Affirm": 2}


@pytest.mark.parametrize("version", [3, 0, "2", None])
def test_a_report_this_version_cannot_read_says_so(version):
    with pytest.raises(StateError, match="report version"):
        Debrief.from_stored({"version": version, "scores": {}}, [])
    if version == 3:
        with pytest.raises(StateError, match="update hrtraining"):
            Debrief.from_stored({"version": 3}, [])


def test_the_window_and_the_terminal_say_the_same_things(cli):
    """One model, two renderers: the terminal's debrief holds the sentences the window's pages hold."""
    from hrtraining.cli._text import debrief_text

    rubric = load_rubric()
    scenario = load_scenario(GOLDEN, rubric)
    d = Debrief.from_report(_played(scenario, rubric, [0, 0]), scenario, rubric)
    text = " ".join(debrief_text(d).split())
    for sentence in [d.overall_line(), *[p.text for p in d.summary], *[x.chosen.feedback for x in d.decisions],
                     *d.miti.lines()]:
        assert " ".join(sentence.split()) in text, sentence
    assert level_name(d.level) in text


def test_a_choice_that_ties_on_the_level_but_misses_another_skill_is_not_called_strong(strengths):
    """Both options at decision 2 score nothing on the skills that decide the level; one shows
    self-care. Choosing the other must not read "A strong choice" above a coach note saying the
    opposite."""
    scenario, rubric = strengths
    d = Debrief.from_report(_played(scenario, rubric, [0, 1]), scenario, rubric)
    two = d.decisions[1]
    assert two.stronger is None and set(two.stronger_on) == {"encouraging_self_care"}
    assert two.verdict == "Another option showed more encouraging self-care" and two.tone == "fair"
    assert d.decisions[0].verdict == "Another option was stronger"
    best = Debrief.from_report(_played(scenario, rubric, [1, 0]), scenario, rubric)
    assert [x.verdict for x in best.decisions] == ["A strong choice", "A strong choice"]


# The chosen line lost a point on keeping people safe; the other option at that decision scores
# nothing there. That option does not "show" safety: the one to hold up is at decision 2.
LOST_A_POINT = """\
format: 1
id: lost-a-point
title: Bo, two questions
client: {name: Bo}
start: one
nodes:
  one:
    text: I use less now.
    choices:
      - text: Less is less. Nothing to worry about, then.
        next: two
        score: {recognizing_improvement: 2, keeping_safe: -1}
        feedback: Minimised the danger.
      - text: Less. What changed?
        next: two
        score: {recognizing_improvement: 1}
        feedback: Fine, and no verdict on safety.
  two:
    text: Anything else?
    choices:
      - text: Who is with you when you use?
        next: end
        score: {keeping_safe: 2}
        feedback: The safety question.
      - text: Tell me about your week.
        next: end
        score: {listening: 1}
        feedback: Kept him talking.
  end:
    text: Bye.
    ending: {title: Bo comes back}
"""

# After an ultimatum, the line held up as "another way" must have earned points on avoiding
# perfectionist rejection, not only more on the other skills.
ULTIMATUM = """\
format: 1
id: ultimatum
title: Cy, one question
client: {name: Cy}
start: one
nodes:
  one:
    text: I still drink.
    choices:
      - text: Then come back when you have stopped.
        next: gone
        critical: true
        score: {recognizing_improvement: 2, keeping_safe: 1}
        feedback: An ultimatum.
      - text: You still drink, and you came anyway.
        next: stays
        score: {avoiding_perfectionism: 1, listening: 1}
        feedback: No condition.
      - text: Does anyone drive you home?
        next: stays
        score: {recognizing_improvement: 2, keeping_safe: 2}
        feedback: Safety first.
  gone:
    text: Bye.
    ending: {title: Cy leaves}
  stays:
    text: Okay.
    ending: {title: Cy stays}
"""


def test_an_option_that_scores_nothing_on_a_skill_is_never_held_up_for_it(write_scenario):
    rubric = load_rubric()
    scenario = load_scenario(write_scenario(LOST_A_POINT, "lost-a-point.yaml"), rubric)
    d = Debrief.from_report(_played(scenario, rubric, [0, 1]), scenario, rubric)
    assert "keeping_safe" not in d.decisions[0].stronger_on           # 0 does not "show" safety
    assert d.decisions[1].stronger_on["keeping_safe"].text == "Who is with you when you use?"
    text = " ".join(p.text for p in d.summary)
    assert "“Less. What changed?”" not in text


def test_after_an_ultimatum_another_way_quotes_a_line_without_conditions(write_scenario):
    rubric = load_rubric()
    scenario = load_scenario(write_scenario(ULTIMATUM, "ultimatum.yaml"), rubric)
    d = Debrief.from_report(_played(scenario, rubric, [0]), scenario, rubric)
    [point] = [p for p in d.summary if p.title == "Try next"]
    assert "Another way: “You still drink, and you came anyway.”" in point.text
    assert "Does anyone drive you home?" not in point.text
