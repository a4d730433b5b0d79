"""Playing the golden scenario through :class:`Session` directly.

Golden facts about ``tests/fixtures/valid/golden.yaml`` (see the comment at its top):
best recognizing_improvement 4, avoiding_perfectionism 3, respecting_choice 1 (author-side).

Scoring version 2 counts what each decision faced offered (max(0, the highest score among
the options offered), summed over the decisions faced). In golden.yaml:

* ``opening`` (no conditions) adds RI 2, AP 1, RC 0 to ``possible`` every time it is faced;
* ``middle`` with trust >= 3 offers choices 1 and 2: RI 2, AP 2, RC 1;
  with trust < 3 it offers choices 2 and 3: RI 1, AP 1, RC 0.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from hrtraining.engine import (ScenarioError, Session, SessionError, SessionState, StateError,
                               load_scenario)
from hrtraining.engine._session import MAX_ADVANCE

from _helpers import LOOP

VALID = Path(__file__).resolve().parents[1] / "fixtures" / "valid"
INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
GOLDEN = VALID / "golden.yaml"
RI, AP, RC = "recognizing_improvement", "avoiding_perfectionism", "respecting_choice"


@pytest.fixture(scope="module")
def golden(rubric):
    return load_scenario(GOLDEN, rubric)


def play(sc, rubric, picks: list[int]) -> Session:
    """Choose by 1-based position among the offered choices, passing continue nodes."""
    s = Session(sc, rubric)
    for pick in picks:
        s.skip_to_decision()
        s.choose(pick - 1)
    s.skip_to_decision()
    return s


def summary(report) -> dict:
    return {d: (s.points, s.possible, None if s.percent is None else round(s.percent, 4), s.level)
            for d, s in report.scores.items() if d in (RI, AP, RC)}


def test_first_beat(golden, rubric):
    s = Session(golden, rubric)
    b = s.beat()
    assert b.node_id == "opening" and b.kind == "choice"
    assert [(l.speaker, l.name, l.text) for l in b.lines] == [
        ("narrator", "", "Jo sits down."), ("client", "Jo", "I only drank four nights this week.")]
    assert [(o.number, o.choice_index) for o in b.options] == [(1, 0), (2, 1), (3, 2)]
    assert b.discussion == "What has Jo already changed?"
    assert dict(s.meters) == {"trust": 2, "guard": 1}
    assert not s.finished
    assert s.beat() == b  # reading changes nothing


@pytest.mark.parametrize("picks,path,scores,level,critical,ending", [
    # opening 1 (RI 2, AP 1) -> middle at trust 3, choice 1 (RI 2, AP 2, RC 1): the most each offered
    ([1, 1], ["opening", "middle", "check", "stays"],
     {RI: (4, 4, 1.0, "good"), AP: (3, 3, 1.0, "good"), RC: (1, 1, 1.0, "good")}, "good", 0, "stays"),
    # middle choice 2 (RI 1, AP 1, RC 0) where RI 2, AP 2, RC 1 was offered
    ([1, 2], ["opening", "middle", "check", "stays"],
     {RI: (3, 4, 0.75, "fair"), AP: (2, 3, 0.6667, "fair"), RC: (0, 1, 0.0, "beginning")}, "fair", 0, "stays"),
    # round the ask-again loop: opening is faced twice, so possible is RI 2+2+2 = 6, AP 1+1+2 = 4;
    # points RI 1+2+2 = 5 (0.8333, good), AP 0+1+2 = 3 (0.75, fair): going round costs
    ([2, 1, 1], ["opening", "ask-again", "opening", "middle", "check", "stays"],
     {RI: (5, 6, 0.8333, "good"), AP: (3, 4, 0.75, "fair"), RC: (1, 1, 1.0, "good")}, "fair", 0, "stays"),
    # the critical ultimatum: negative points floor at 0; RC was never offered: not assessed
    ([3], ["opening", "walks-out"],
     {RI: (0, 2, 0.0, "beginning"), AP: (-3, 1, 0.0, "beginning"), RC: (0, 0, None, None)},
     "beginning", 1, "walks-out"),
    # twice round the loop (trust 2 -> 1 -> 0), then opening 1 (trust 2, guard 0): middle at trust 2
    # offers choices 2 and 3 (RI 1, AP 1, RC 0); choice 3 takes AP -1. RI 1+1+2+0 = 4 of 2+2+2+1 = 7;
    # AP 0+0+1-1 = 0 of 1+1+1+1 = 4; the conditional next then goes to 'books'
    ([2, 2, 1, 2], ["opening", "ask-again", "opening", "ask-again", "opening", "middle", "check", "books"],
     {RI: (4, 7, 0.5714, "fair"), AP: (0, 4, 0.0, "beginning"), RC: (0, 0, None, None)},
     "beginning", 0, "books"),
])
def test_golden_playthroughs(golden, rubric, picks, path, scores, level, critical, ending):
    s = play(golden, rubric, picks)
    assert s.finished
    r = s.report()
    assert list(r.path) == path
    assert summary(r) == scores
    assert r.level == level
    assert r.critical == critical
    assert r.ending_id == ending and r.finished
    acu = r.scores["anticipating_continued_use"]  # no choice scores it: never assessed
    assert (acu.possible, acu.percent, acu.level, acu.assessed) == (0, None, None, False)


def test_overall_level_is_the_lowest_required(golden, rubric):
    r = play(golden, rubric, [1, 2]).report()
    # respecting_choice is beginning, but it is not required: overall is fair.
    assert r.scores[RC].level == "beginning" and not r.scores[RC].required
    assert r.scores[RI].required and r.scores[AP].required
    assert r.level == "fair"
    r = play(golden, rubric, [1, 1]).report()
    assert (r.scores[RI].level, r.scores[AP].level, r.level) == ("good", "good", "good")
    r = play(golden, rubric, [2, 1, 1]).report()  # the lower of good (RI) and fair (AP)
    assert (r.scores[RI].level, r.scores[AP].level, r.level) == ("good", "fair", "fair")
    r = play(golden, rubric, [2, 2, 1, 2]).report()
    assert (r.scores[RI].level, r.scores[AP].level, r.level) == ("fair", "beginning", "beginning")


def test_codes_and_miti_on_golden(golden, rubric):
    r = play(golden, rubric, [1, 1]).report()
    assert r.codes == {"affirm": 1, "complex-reflection": 1, "question": 1, "emphasizing-autonomy": 1}
    assert r.reflection_to_question == 1.0 and r.percent_complex_reflections == 1.0
    assert (r.mi_adherent, r.mi_non_adherent) == (2, 0)
    assert r.miti_levels == {"reflection_to_question": None, "percent_complex_reflections": None}
    r = play(golden, rubric, [2, 2, 1, 2]).report()
    assert r.codes == {"simple-reflection": 2, "affirm": 1, "complex-reflection": 1, "persuade": 1}
    assert r.reflection_to_question is None  # no questions
    assert round(r.percent_complex_reflections, 4) == 0.3333
    assert (r.mi_adherent, r.mi_non_adherent) == (1, 1)
    # Three times round the loop: 3 SR + 2 CR = 5 reflections >= MITI_MIN, so levels are given.
    r = play(golden, rubric, [2, 2, 2, 1, 1]).report()
    assert r.codes["simple-reflection"] == 3 and r.codes["complex-reflection"] == 2
    assert r.miti_levels == {"reflection_to_question": "good", "percent_complex_reflections": "fair"}


def test_meters_move_and_clamp(golden, rubric):
    s = Session(golden, rubric)
    o = s.choose(0)
    # trust 2 + 2 clamps at max 3; guard 1 - 1 = 0
    assert dict(o.meter_changes) == {"trust": (2, 3), "guard": (1, 0)}
    assert dict(s.meters) == {"trust": 3, "guard": 0}
    s.skip_to_decision()
    o = s.choose(0)  # guard 0 - 1 clamps at min 0: no change is reported
    assert dict(o.meter_changes) == {}
    assert dict(s.meters) == {"trust": 3, "guard": 0}


def test_meters_clamp_at_min(golden, rubric):
    s = play(golden, rubric, [2, 2])
    assert s.meters["trust"] == 0
    o = s.choose(1)  # ask again once more: trust stays at 0
    assert dict(o.meter_changes) == {}
    assert s.meters["trust"] == 0


def test_if_hides_choices(golden, rubric):
    s = play(golden, rubric, [1])  # trust 3
    assert s.state.node == "middle"
    assert [o.choice_index for o in s.beat().options] == [0, 1]
    s = play(golden, rubric, [2, 2, 1])  # trust 0 -> 2
    assert s.meters["trust"] == 2
    assert [(o.number, o.choice_index) for o in s.beat().options] == [(1, 1), (2, 2)]
    # position 2 is the third written choice now
    assert s.choose(1).choice.index == 2


def test_choose_index_must_be_offered(golden, rubric):
    s = play(golden, rubric, [1])
    with pytest.raises(SessionError):
        s.choose_index(2)  # hidden by its 'if'
    with pytest.raises(SessionError):
        s.choose_index(99)
    assert s.choose_index(1).choice.index == 1


def test_choice_out_of_range(golden, rubric):
    s = Session(golden, rubric)
    for bad in (-1, 3, 100):
        with pytest.raises(SessionError):
            s.choose(bad)
    assert s.state.taken == []


def test_continue_and_ending_refuse_the_wrong_action(golden, rubric):
    s = Session(golden, rubric)
    with pytest.raises(SessionError):
        s.advance()  # a decision, not a continue
    s.choose(1)
    assert s.beat().kind == "continue"
    with pytest.raises(SessionError):
        s.choose(0)
    assert s.advance() == "opening"
    s.choose(2)
    assert s.finished and s.beat().kind == "ending"
    assert s.beat().ending.title == "Jo walks out"
    with pytest.raises(SessionError):
        s.advance()
    with pytest.raises(SessionError):
        s.choose(0)


def test_all_conditional_fallback(rubric):
    """No 'if' holds at 'opening' while trust is 2: every choice is offered."""
    sc = load_scenario(INVALID / "all-choices-conditional.yaml", rubric)
    s = Session(sc, rubric)
    s.choose(2)  # "Take a seat": trust stays 2
    assert [o.choice_index for o in s.beat().options] == [0, 1]
    assert s.choose(1).choice.text == "Tell me more."


def test_undo(golden, rubric):
    s = Session(golden, rubric)
    assert s.undo() is False
    s.choose(0)
    s.skip_to_decision()
    assert s.state.node == "middle" and s.meters["trust"] == 3
    assert s.undo() is True
    assert s.state.node == "opening"
    assert dict(s.meters) == {"trust": 2, "guard": 1}
    assert s.state.path == ["opening"] and s.state.taken == [] and s.outcomes == []
    # Undo goes back to just after the decision before: here the continue node
    # 'ask-again', whose line is shown again before the decision at 'opening'.
    s = play(golden, rubric, [2, 1])
    assert s.undo() is True
    assert s.state.node == "ask-again" and s.state.path == ["opening", "ask-again"]
    s.skip_to_decision()
    assert s.state.node == "opening" and s.state.path == ["opening", "ask-again", "opening"]
    assert s.meters["trust"] == 1
    assert s.report().scores[RI].points == 1


def test_state_round_trip(golden, rubric):
    s = play(golden, rubric, [2, 1])
    d = s.state.to_dict()
    assert json.loads(json.dumps(d)) == d  # plain JSON
    assert d["version"] == 1 and d["scenario_id"] == "golden" and d["taken"] == [["opening", 1], ["opening", 0]]
    state = SessionState.from_dict(json.loads(json.dumps(d)))
    assert state == s.state
    again = Session.restore(golden, rubric, state)
    assert again.state.to_dict() == d
    assert again.report().to_dict() == s.report().to_dict()


def _good_state(golden, rubric) -> dict:
    return play(golden, rubric, [1]).state.to_dict()


@pytest.mark.parametrize("breakage", [
    lambda d: None,
    lambda d: [],
    lambda d: "state",
    lambda d: {},
    lambda d: {k: v for k, v in d.items() if k != "taken"},
    lambda d: {**d, "version": 2},
    lambda d: {**d, "version": None},
    lambda d: {**d, "taken": [["opening"]]},
    lambda d: {**d, "taken": [["opening", "x"]]},
    lambda d: {**d, "taken": 5},
    lambda d: {**d, "meters": []},
    lambda d: {**d, "meters": {"trust": "high"}},
    lambda d: {**d, "path": 3},
])
def test_malformed_state(breakage, golden, rubric):
    with pytest.raises(StateError):
        SessionState.from_dict(breakage(copy.deepcopy(_good_state(golden, rubric))))


def test_state_for_another_scenario(golden, rubric):
    state = SessionState.from_dict({**_good_state(golden, rubric), "scenario_id": "other"})
    with pytest.raises(StateError):
        Session.restore(golden, rubric, state)


@pytest.fixture
def changed(tmp_path, rubric):
    """The golden scenario with the ask-again detour removed (choice 2 now ends the talk)."""
    text = GOLDEN.read_text().replace("next: ask-again", "next: books")
    p = tmp_path / "golden.yaml"
    p.write_text(text)
    sc = load_scenario(p, rubric)
    assert "ask-again" in sc.nodes  # still there, but unreachable
    return sc


def test_replay_of_a_changed_scenario(golden, changed, rubric):
    taken = play(golden, rubric, [2, 1, 1]).state.taken
    again = Session.replay(golden, rubric, taken)
    assert again.state.node == "check"  # replay stops right after the last decision
    again.skip_to_decision()
    assert again.state.node == "stays"
    with pytest.raises(StateError):
        Session.replay(changed, rubric, taken)  # decision 2 was at 'opening', now it is 'books'
    with pytest.raises(StateError):
        Session.restore(changed, rubric, SessionState("golden", "", "stays", {}, [], list(taken)))


def test_replay_unknown_choice_is_a_state_error(golden, rubric):
    with pytest.raises(StateError):
        Session.replay(golden, rubric, [("opening", 7)])
    with pytest.raises(StateError):
        Session.replay(golden, rubric, [("middle", 0)])  # decision 1 is at opening


def test_replay_longest(golden, changed, rubric):
    taken = play(golden, rubric, [2, 1, 1]).state.taken
    s, n = Session.replay_longest(changed, rubric, taken)
    assert n == 1  # the first decision still fits; it now leads to 'books'
    assert s.state.node == "books" and s.finished
    s, n = Session.replay_longest(golden, rubric, taken)
    assert n == 3 and s.state.node == "check"
    s, n = Session.replay_longest(golden, rubric, [("nowhere", 0)])
    assert n == 0 and s.state.node == "opening"


def test_decision_reviews(golden, rubric):
    r = play(golden, rubric, [1, 2]).report()
    assert [d.node_id for d in r.decisions] == ["opening", "middle"]
    first, second = r.decisions
    assert first.best is None                 # choice 1 was already the best
    assert first.prompt == "I only drank four nights this week."
    assert first.discussion == "What has Jo already changed?"
    assert second.best is not None and second.best.index == 0  # the conditional choice was better
    r = play(golden, rubric, [3]).report()
    assert r.decisions[0].best.index == 0
    assert [c.chosen.index for c in r.critical_choices] == [2]
    assert r.to_dict()["decisions"] == [{"number": 1, "node": "opening", "choice": 2,
                                         "text": r.decisions[0].chosen.text, "offered": [0, 1, 2],
                                         "stronger": 0, "critical": True,
                                         "scores": {"avoiding_perfectionism": -3}}]


def test_report_before_the_end(golden, rubric):
    s = Session(golden, rubric)
    r = s.report()
    assert not r.finished and r.ending_id is None and r.ending_title == ""
    # No decision faced yet: nothing was possible, so nothing is assessed, not even overall.
    assert r.scores[RI].points == 0 and r.scores[RI].possible == 0 and not r.scores[RI].assessed
    assert r.level is None


def test_report_to_dict_shape(golden, rubric):
    d = play(golden, rubric, [1, 1]).report().to_dict()
    for key in ("scenario", "ending", "path", "scores", "level", "critical", "codes",
                "reflection_to_question", "percent_complex_reflections"):
        assert key in d
    assert d["version"] == 2 and "best" not in json.dumps(d["scores"])
    assert d["scores"][RI] == {"name": "Recognizing improvement", "points": 4, "possible": 4, "percent": 1.0,
                               "level": "good", "assessed": True, "required": True, "capped": False}
    assert d["scores"]["anticipating_continued_use"]["percent"] is None
    assert d["scores"]["anticipating_continued_use"]["assessed"] is False
    assert d["ending_debrief"] == "Jo felt heard and set a goal."
    assert [x["offered"] for x in d["decisions"]] == [[0, 1, 2], [0, 1]]  # trust 3 at middle hides 3
    assert [x["scores"] for x in d["decisions"]] == [
        {RI: 2, AP: 1}, {RI: 2, AP: 2, RC: 1}]
    assert json.loads(json.dumps(d)) == d


def test_a_loop_of_continue_nodes_stops(write_scenario, rubric):
    """Continue nodes that loop (their exit needs trust 5; meters cannot change without a
    decision) fail validation (HR067); should such a scenario be built anyway, advance()
    must still stop rather than spin forever."""
    from hrtraining.engine._build import Builder
    from hrtraining.engine._yaml import load_yaml

    path = write_scenario(LOOP)
    with pytest.raises(ScenarioError) as e:
        load_scenario(path, rubric)
    assert [p.code for p in e.value.problems] == ["HR067"]
    value, problems = load_yaml(LOOP.encode(), str(path))
    sc = Builder(str(path), rubric).build(value)  # the file's own checks only, not the graph's
    assert problems == [] and sc is not None
    s = Session(sc, rubric)
    s.choose(0)
    with pytest.raises(SessionError):
        for _ in range(MAX_ADVANCE + 2):
            s.advance()
    with pytest.raises(SessionError):
        Session.replay(sc, rubric, [("a", 0), ("b", 0)])


# A decision that can loop back to itself: "tell me more" returns to the same question.
SELF_LOOP = """\
format: 1
id: self-loop
title: Self loop
client: {name: Sam}
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's a real change.
        next: done
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: You named the step.
      - text: Tell me more about that?
        next: opening
        score: {recognizing_improvement: 1}
        codes: [question]
        feedback: Curious, but it asks the same again.
  done:
    ending: {title: Done}
"""


def test_a_loop_back_choice_is_never_a_stronger_option(write_scenario, rubric):
    """The stronger option is local (its credit at this decision on the required dimensions),
    and a choice on a back edge is never held up: going round again is not a better answer."""
    sc = load_scenario(write_scenario(SELF_LOOP), rubric)
    perfect = play(sc, rubric, [1]).report()
    assert sc._analysis.back == {("opening", 1)}  # the cut edge: opening's second choice
    assert perfect.scores[RI].percent == 1.0 and perfect.scores[AP].percent == 1.0
    (review,) = perfect.decisions
    assert review.best is None
    looped = play(sc, rubric, [2, 1]).report()
    assert [d.best.index if d.best else None for d in looped.decisions] == [0, None]



def test_a_higher_scoring_loop_back_choice_is_still_not_a_stronger_option(write_scenario, rubric):
    """Here 'tell me more' loops back and earns more at the decision (credit RI 2 + AP 1 = 3)
    than the way on (RI 1 + AP 1 = 2). Holding it up would tell the trainee to go round
    forever; so the way on has no stronger option, although v2 scores it 1 of 2 on RI."""
    text = SELF_LOOP.replace("""        score: {recognizing_improvement: 1}
        codes: [question]""", """        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}
        codes: [question]""")
    sc = load_scenario(write_scenario(text), rubric)
    r = play(sc, rubric, [1]).report()
    assert r.decisions[0].best is None
    assert (r.scores[RI].points, r.scores[RI].possible, r.scores[AP].points, r.scores[AP].possible) == (1, 2, 1, 1)
    # The same choice without the loop (it leads on) is held up.
    sc = load_scenario(write_scenario(text.replace("next: opening", "next: done"), "no-loop.yaml"), rubric)
    r = play(sc, rubric, [1]).report()
    assert r.decisions[0].best is not None and r.decisions[0].best.index == 1


def test_decision_review_offers_and_stronger_per_dimension(golden, rubric):
    r = play(golden, rubric, [1, 2]).report()
    second = r.decisions[1]
    assert [c.index for c in second.offered] == [0, 1]  # trust 3: the third is hidden
    assert second.stronger_on(RC).index == 0       # RC 1 beats the chosen 0
    assert second.stronger_on("encouraging_self_care") is None  # nobody scores it: none
    r = play(golden, rubric, [3]).report()
    (first,) = r.decisions
    assert [c.index for c in first.offered] == [0, 1, 2]
    assert first.stronger_on(RI).index == 0 and first.stronger_on(AP).index == 0


def test_stronger_option_ties_are_none(write_scenario, rubric):
    """Two options with the same credit on the required dimensions: neither is 'stronger'."""
    text = SELF_LOOP.replace("next: opening", "next: done").replace(
        "score: {recognizing_improvement: 1}\n", "score: {recognizing_improvement: 2}\n")
    sc = load_scenario(write_scenario(text), rubric)
    for pick in (1, 2):
        r = play(sc, rubric, [pick]).report()
        assert r.decisions[0].best is None, pick


def test_state_from_a_newer_game_is_refused_with_a_way_forward(golden, rubric):
    from hrtraining.engine._session import OLDEST_STATE_VERSION, STATE_VERSION

    good = _good_state(golden, rubric)
    assert SessionState.from_dict({**good, "version": OLDEST_STATE_VERSION}).taken == SessionState.from_dict(good).taken
    with pytest.raises(StateError, match=f"reads {OLDEST_STATE_VERSION} to {STATE_VERSION}; update hrtraining"):
        SessionState.from_dict({**good, "version": STATE_VERSION + 1})
    with pytest.raises(StateError, match="True"):
        SessionState.from_dict({**good, "version": True})
