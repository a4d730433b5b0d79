"""The progress screen's chart: one skill at a time, axes with levels and percentages, a line
per scenario and mode, a legend, a scenario filter and the figures as text; by keys and pointer."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._text import PROBE
from hrtraining.practice import MemoryStore, Recorder


def _finished(store, scenario, title, mode, pct):
    a = store.start_attempt("Tester", scenario, "h", title, mode)
    level = "good" if pct >= 0.8 else "fair" if pct >= 0.5 else "beginning"
    store.finish_attempt(a, ending_id="e", ending_title="End", report={
        "version": 2, "level": level, "scores": {
            "recognizing_improvement": {"points": 1, "possible": 2, "percent": pct, "level": level},
            "avoiding_perfectionism": {"points": 1, "possible": 2, "percent": pct, "level": level}}})


def _app_with_attempts(make_app, starter_dir):
    app, d = make_app([starter_dir])
    store = MemoryStore()
    for scenario, title, mode, pct in (("sam", "Sam", "practice", 0.3), ("walt", "Walt", "assessment", 0.9),
                                       ("sam", "Sam", "practice", 0.6), ("sam", "Sam", "assessment", 0.55)):
        _finished(store, scenario, title, mode, pct)
    app.recorder = Recorder(store, "Tester")
    app.switch("progress")
    return app, d


def _drawn(app) -> list[str]:
    PROBE.enabled = True
    try:
        PROBE.frame()
        app.render()
        return [what for what, _, _ in PROBE.boxes]
    finally:
        PROBE.enabled = False


def test_the_chart_has_axes_a_legend_and_a_line_per_scenario_and_mode(make_app, starter_dir, monkeypatch):
    from hrtraining.game import _chart_view

    app, d = _app_with_attempts(make_app, starter_dir)
    lines = []
    real = _chart_view.ChartView._line
    monkeypatch.setattr(_chart_view.ChartView, "_line", lambda self, ui, surf, line, colour: (
        lines.append((line.scenario_id, line.mode, [p.n for p in line.points])), real(self, ui, surf, line, colour)))
    drawn = _drawn(app)
    assert lines == [("sam", "practice", [1, 3]), ("sam", "assessment", [4]), ("walt", "assessment", [2])]
    for text in ("0%", "50%", "Beginning", "Fair", "Good", "1", "4", "Attempt, oldest first",
                 "Sam (practice)", "Sam (assessment)", "Walt (assessment)", "All scenarios"):
        assert text in drawn, text
    assert any(t.startswith("Avoiding perfectionist rejection (1 of 2)") for t in drawn)


def test_skill_filter_and_text_by_keys_and_by_pointer(make_app, starter_dir):
    app, d = _app_with_attempts(make_app, starter_dir)
    sc = d.scene
    assert sc.skill.id == "avoiding_perfectionism"          # required skills first, by name
    d.key(pygame.K_RIGHT)
    assert sc.skill.id == "recognizing_improvement"
    d.click("skill:prev")
    assert sc.skill.id == "avoiding_perfectionism"
    d.key(pygame.K_f)
    assert sc.filter == "sam" and [ln.scenario_id for ln in sc.skill.lines] == ["sam", "sam"]
    d.click("scenario:next")
    assert sc.filter == "walt"
    d.click("scenario:next")
    assert sc.filter is None
    d.key(pygame.K_t)
    assert sc.as_text
    drawn = _drawn(app)
    assert any(t.startswith("Your progress: 4 finished attempts") for t in drawn)
    assert "Sam (practice), 2 attempts: 30% Beginning, 60% Fair." in drawn
    d.click("as-text")
    assert not sc.as_text
    d.key(pygame.K_DOWN)                                     # the list still moves with the arrows
    d.key(pygame.K_RETURN)
    assert sc.opened is not None


def test_no_attempts_shows_no_chart_buttons(make_app, starter_dir):
    app, d = make_app([starter_dir])
    app.switch("progress")
    assert [t.id for t in d.scene.targets] == ["back"]
    assert any("No finished attempts yet" in t for t in _drawn(app))


def test_escape_leaves_the_debrief_in_one_press(make_app, starter_dir):
    from hrtraining.game._driver import best_pick

    app, d = make_app([starter_dir])
    app.start_play(app.library.entries[0], "practice")
    d.play_conversation(best_pick)
    d.key(pygame.K_2)
    d.key(pygame.K_RIGHT)
    assert d.scene_name == "debrief" and d.scene.current == "scores"
    d.key(pygame.K_LEFT)                                     # the arrows still step through the pages
    assert d.scene.current == "decisions"
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "select"


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("text_size", ["standard", "largest"])
def test_the_chart_keeps_its_axes_levels_and_percentages_readable(make_app, starter_dir, size, text_size):
    """At the largest text in the dyslexia-friendly face the plot was squeezed to ~95 px, and
    the 100% and 80% ticks and the Fair and Good band names dropped out. The plot never goes
    below the height at which they all read; the chart's panel scrolls instead, with a cue."""
    from hrtraining.game._chart_view import ChartView

    app, d = make_app([starter_dir], size=size)
    app.settings.text_size, app.settings.dyslexic_font = text_size, True
    app.apply_settings(save=False)
    store = MemoryStore()
    for pct in (0.6, 0.35):
        _finished(store, "sam", "Sam, who cut down", "practice", pct)
    app.recorder = Recorder(store, "Tester")
    app.switch("progress")
    sc = d.scene
    assert sc.chart_view.plot.h >= ChartView.min_plot_h(app.ui, sc.chart), (sc.chart_view.plot, sc.chart_rect)
    seen: set[str] = set()
    PROBE.enabled, PROBE.problems = True, []
    try:
        for _ in range(10):                                  # down the chart's page, a screen at a time
            PROBE.frame()
            app.render()
            where = f"{size} {text_size} offset {sc.chart_page.offset}"
            assert not PROBE.problems and not PROBE.uncued(), (where, PROBE.problems, PROBE.uncued())
            seen |= {what for what, _, _ in PROBE.boxes}
            if not sc.chart_page.more_below:
                break
            d.key(pygame.K_PAGEDOWN)
        else:
            raise AssertionError("the chart's page never reached its end")
    finally:
        PROBE.enabled = False
    for text in ("0%", "50%", "80%", "100%", "Beginning", "Fair", "Good", "Attempt, oldest first"):
        assert text in seen, f"{size} {text_size}: {text!r} not shown"
    if sc.chart_page.max_offset:
        assert "PgUp/PgDn scroll the chart" in sc.hint_text()
