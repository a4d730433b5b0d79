"""An author's test play (``game.py --scenario FILE``) stays out of the trainee's progress."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._app import App, Options
from hrtraining.game._driver import Driver, best_pick
from hrtraining.game._progress_scene import version_note
from hrtraining.game._text import PROBE
from hrtraining.progress import Store

from game_helpers import write_starter


@pytest.fixture
def author_app(tmp_path):
    made = []

    def make(path, **kw):
        app = App(Options(scenario=str(path), data_dir=str(tmp_path / "data"), profile="Ana", **kw))
        made.append(app)
        return app, Driver(app)

    yield make
    for app in made:
        app.recorder.close()


def _stored(tmp_path) -> list:
    with Store.open(tmp_path / "data") as store:
        return store.attempts("Ana", include_unfinished=True)


def test_scenario_play_and_f5_reloads_record_nowhere(author_app, tmp_path):
    path = write_starter(tmp_path / "lib")
    app, d = author_app(path)
    assert app.author and not app.recorder.keeps
    assert d.scene_name == "content-notes"
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    d.key(pygame.K_1)
    path.write_text(path.read_text().replace("Honestly I slept better.", "Honestly I slept much better."))
    d.key(pygame.K_F5)                          # a changed file: a fresh attempt, in memory
    d.key(pygame.K_F5)
    assert "Reload" in d.scene.hint_text() or "F5" in d.scene.hint_text()
    assert any(t.id == "reload" for t in d.scene.targets)   # and a button for it
    d.play_conversation(best_pick)
    d.key(pygame.K_2)
    assert _stored(tmp_path) == []              # nothing in the trainee's file, not even "abandoned"
    app.switch("progress")
    assert len(d.scene.attempts) == 1           # this session's test play is still shown
    PROBE.enabled = True
    try:
        PROBE.frame()
        app.render()
        assert not any("older version" in what for what, _, _ in PROBE.boxes)
    finally:
        PROBE.enabled = False


def test_record_puts_author_plays_in_the_progress_file(author_app, tmp_path):
    path = write_starter(tmp_path / "lib")
    app, d = author_app(path, record_author=True)
    assert app.recorder.keeps
    d.key(pygame.K_RETURN)
    d.play_conversation(best_pick)
    app.recorder.close()
    assert [a.status for a in _stored(tmp_path)] == ["finished"]


def test_attempts_at_scenarios_outside_the_library_are_not_called_older(make_app, tmp_path, starter_dir):
    with Store.open(tmp_path / "data") as store:
        a = store.start_attempt("Tester", "someone-else", "h1", "Another client", "practice")
        store.finish_attempt(a, ending_id="e", ending_title="End", report={
            "version": 2, "level": "fair", "scores": {"recognizing_improvement": {
                "points": 1, "possible": 2, "percent": 0.5, "level": "fair"}}})
    app, d = make_app([starter_dir], record=True)
    entry = app.library.entries[0]
    listed = app.recorder.attempts()
    assert version_note(listed[0], None) == ""                  # not in this library: no claim
    assert version_note(listed[0], entry) == "older version"     # same id, changed content: older
    app.switch("progress")
    PROBE.enabled = True
    try:
        PROBE.frame()
        app.render()
        assert not any("older version" in what for what, _, _ in PROBE.boxes)
        d.click("attempt:0")
        assert not any("older version" in r.text for r in d.scene._detail_rows())
    finally:
        PROBE.enabled = False


@pytest.mark.parametrize("size", [(800, 600), (1280, 720)])
def test_an_author_session_progress_screen_says_nothing_is_recorded(author_app, tmp_path, size):
    """The progress screen of a ``--scenario`` session never reads "Ana · 0 finished attempts"
    (Ana may have many, recorded in other sessions): it says this is an author's session that
    records nothing, and its empty-chart and empty-list texts sit padded inside their panels."""
    path = write_starter(tmp_path / "lib")
    with Store.open(tmp_path / "data") as store:   # Ana has progress of her own, from other sessions
        store.start_attempt("Ana", "sam", "h1", "Sam", "practice")
    app, d = author_app(path, size=size)
    app.settings.text_size, app.settings.dyslexic_font = "largest", True
    app.apply_settings(save=False)
    app.switch("progress")
    sub = d.scene.sub_text()
    assert "finished attempts" not in sub and "nothing from it is recorded" in sub and "Ana" in sub
    PROBE.enabled, PROBE.problems = True, []
    try:
        PROBE.frame()
        app.render()
        assert not PROBE.problems, PROBE.problems
        assert not PROBE.shortened, PROBE.shortened
        drawn = {what: r for what, r, _box in PROBE.boxes}
        assert any("nothing from it is recorded" in what for what in drawn)
        pad = app.theme.px(12)
        for start, panel in (("No test play", d.scene.chart_rect), ("This session's", d.scene.list_rect)):
            lines = [r for what, r in ((w, r) for w, r, _ in PROBE.boxes) if what.startswith(start)]
            assert lines, f"{start}…: not drawn"
            for r in lines:
                assert r.left >= panel.left + pad and r.top >= panel.top + pad, \
                    f"{start}…: {tuple(r)} flush against its panel {tuple(panel)}"
    finally:
        PROBE.enabled = False
