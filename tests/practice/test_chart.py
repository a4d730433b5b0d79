"""The progress chart's figures: a line per scenario and mode, never one trend across both."""
from __future__ import annotations

from hrtraining.practice import MemoryStore, ProgressChart

NAMES = {"recognizing_improvement": ("Recognizing improvement", True), "listening": ("Listening", False)}


def _attempt(store, scenario, title, mode, pct, listening=None):
    a = store.start_attempt("Ana", scenario, "h", title, mode)
    scores = {"recognizing_improvement": {"points": 1, "possible": 2, "percent": pct,
                                          "level": "good" if pct >= 0.8 else "fair" if pct >= 0.5 else "beginning"}}
    if listening is not None:
        scores["listening"] = {"points": 1, "possible": 1, "percent": listening, "level": "good"}
    store.finish_attempt(a, ending_id="e", ending_title="End", report={"version": 2, "level": "fair", "scores": scores})
    return a


def _chart(store) -> ProgressChart:
    return ProgressChart.build(store.progress_summary("Ana"), store.attempts("Ana"), NAMES, (0.5, 0.8))


def test_practice_and_assessment_at_different_clients_are_separate_lines():
    store = MemoryStore()
    _attempt(store, "bar-fights", "Ray", "practice", 0.3)
    _attempt(store, "given-up", "Walt", "assessment", 0.9)
    _attempt(store, "bar-fights", "Ray", "practice", 0.6, listening=1.0)
    _attempt(store, "bar-fights", "Ray", "assessment", 0.55)
    chart = _chart(store)
    assert chart.attempts == 4 and chart.scenarios == (("bar-fights", "Ray"), ("given-up", "Walt"))
    skill = chart.skill("recognizing_improvement")
    assert [(line.scenario_id, line.mode, [p.n for p in line.points]) for line in skill.lines] == [
        ("bar-fights", "practice", [1, 3]), ("bar-fights", "assessment", [4]), ("given-up", "assessment", [2])]
    assert skill.latest.n == 4 and skill.latest.mode == "assessment"
    assert [s.id for s in chart.skills] == ["recognizing_improvement", "listening"]   # required first
    assert [p.n for p in chart.skill("listening").lines[0].points] == [3]


def test_a_filter_keeps_one_scenario_and_the_x_axis():
    store = MemoryStore()
    _attempt(store, "bar-fights", "Ray", "practice", 0.3)
    _attempt(store, "given-up", "Walt", "practice", 0.9)
    only = _chart(store).only("given-up")
    assert only.attempts == 2 and [line.title for line in only.skill("recognizing_improvement").lines] == ["Walt"]
    assert only.text()[0].startswith("Your progress at Walt:")
    assert _chart(store).only(None).scenario_filter is None


def test_the_figures_in_words_name_levels_percentages_and_modes():
    store = MemoryStore()
    _attempt(store, "bar-fights", "Ray", "practice", 0.3)
    _attempt(store, "bar-fights", "Ray", "assessment", 0.85)
    text = _chart(store).text()
    assert text[0] == ("Your progress: 2 finished attempts, oldest first. Levels: Beginning below 50%, "
                       "Fair from 50%, Good from 80%.")
    assert "Recognizing improvement (decides the overall level): latest Good, 85%." in text
    assert "Ray (practice), 1 attempt: 30% Beginning." in text
    assert "Ray (assessment), 1 attempt: 85% Good." in text


def test_no_attempts_says_so():
    chart = ProgressChart.build({}, [], NAMES)
    assert chart.empty and chart.attempts == 0 and "No finished attempts yet" in chart.text()[0]
