"""The key-hint strip shows the keys that work *now*: on the progress screen as it changes, on
the overlays (pause, history) over an opaque strip of their own, and with the most important
hints kept when the conversation's footer buttons leave little room."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._app import App, Options
from hrtraining.game._chrome import fit_hints, hint_height
from hrtraining.game._driver import Driver
from hrtraining.game._text import PROBE
from hrtraining.practice import MemoryStore, Recorder

from game_helpers import SHIPPED

LOOK = {"text_size": "largest", "dyslexic_font": True}


def _footer_text(app) -> str:
    """What the strip at the bottom says this frame (the last text drawn inside it)."""
    strip = pygame.Rect(0, app.theme.height - hint_height(app.ui), app.theme.width, hint_height(app.ui))
    PROBE.enabled = True
    try:
        PROBE.frame()
        app.render()
        buttons = {t.label for t in app.manager.current.targets if strip.contains(t.rect)}
        inside = [what for what, drawn, _box in PROBE.boxes if strip.contains(drawn) and what not in buttons]
    finally:
        PROBE.enabled = False
    return inside[-1] if inside else ""


def _finished(store, scenario, title, pct):
    a = store.start_attempt("Tester", scenario, "h", title, "practice")
    store.finish_attempt(a, ending_id="e", ending_title="End", report={
        "version": 2, "level": "fair", "scores": {
            "recognizing_improvement": {"points": 1, "possible": 2, "percent": pct, "level": "fair"},
            "avoiding_perfectionism": {"points": 1, "possible": 2, "percent": pct, "level": "fair"}}})


def test_the_progress_footer_follows_the_screen(make_app, starter_dir):
    """It once said "T as text" with the text shown and listed the chart's and list's keys on
    an empty screen."""
    app, d = make_app([starter_dir])
    app.recorder = Recorder(MemoryStore(), "Tester")
    app.switch("progress")
    empty = d.scene.hint_text()
    assert empty == "Esc back", empty                       # nothing to move through, open or chart
    store = MemoryStore()
    for scenario, title, pct in (("sam", "Sam", 0.3), ("walt", "Walt", 0.9)):
        _finished(store, scenario, title, pct)
    app.recorder = Recorder(store, "Tester")
    app.switch("progress")
    chart = d.scene.hint_text()
    assert "↑↓ attempts" in chart and "T as text" in chart and "F scenario" in chart and "← → skill" in chart
    d.key(pygame.K_t)
    as_text = d.scene.hint_text()
    assert "T as a chart" in as_text and "T as text" not in as_text
    d.key(pygame.K_t)
    d.click("attempt:0")
    assert d.scene.opened is not None
    assert d.scene.hint_text().endswith("Esc back to the list")
    assert _footer_text(app).startswith("↑↓ PgUp/PgDn scroll")


def _strip_is_opaque(app, scene_footer: str) -> list[str]:
    """Pixels of the footer strip that are neither the strip's own colour nor inside the
    overlay's own hint text: what shows through from the scene beneath."""
    th, ui = app.theme, app.ui
    strip = pygame.Rect(0, th.height - hint_height(ui), th.width, hint_height(ui))
    PROBE.enabled = True
    try:
        PROBE.frame()
        surf = app.render()
        own = [drawn for what, drawn, _box in PROBE.boxes if what == scene_footer]
    finally:
        PROBE.enabled = False
    assert own, f"the overlay drew no footer of its own ({scene_footer!r})"
    colour = tuple(ui.pal.panel[:3])
    odd = []
    for x in range(strip.x, strip.right, 3):
        for y in range(strip.y, strip.bottom, 3):
            if any(r.collidepoint(x, y) for r in own):
                continue
            if tuple(surf.get_at((x, y)))[:3] != colour:
                odd.append(f"({x}, {y}) {tuple(surf.get_at((x, y)))[:3]}")
    return odd


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
def test_pause_and_history_draw_their_own_footer_over_an_opaque_strip(make_app, size):
    """The pause menu had no footer (the conversation's dimmed "1–4 choose…" showed under it)
    and the history's strip let the conversation's footer ghost through."""
    from hrtraining.game._menus import PAUSE_HINTS

    app, d = make_app([SHIPPED], size=size)
    for key, value in LOOK.items():
        setattr(app.settings, key, value)
    app.apply_settings(save=False)
    app.start_play(app.library.by_id("chosen-abstinence"), "practice")
    d.finish_reveal()
    d.click("menu")
    assert d.scene_name == "pause"
    strip_top = app.theme.height - hint_height(app.ui)
    assert d.scene.card.bottom <= strip_top, "the pause menu's card runs under its footer"
    shown = fit_hints(app.ui, PAUSE_HINTS, app.theme.width - 2 * app.theme.margin)
    assert shown.startswith("↑↓") and "choose" in shown
    odd = _strip_is_opaque(app, shown)
    assert not odd, f"pause: the conversation shows through its footer at {odd[:5]}"
    d.click("history")
    assert d.scene_name == "backlog"
    text = "Wheel or PgUp/PgDn scroll · H or Esc close · review only"
    odd = _strip_is_opaque(app, fit_hints(app.ui, text, app.theme.width - 2 * app.theme.margin))
    assert not odd, f"history: the conversation shows through its footer at {odd[:5]}"


def test_the_choose_footer_keeps_more_choices_beside_the_reload_button(tmp_path):
    """In an author's test play the Reload button narrows the strip; "PgDn more choices" was
    dropped (by position) while options lay hidden below. Hints are now dropped by importance."""
    app = App(Options(scenario=str(SHIPPED / "chosen-abstinence.yaml"), data_dir=str(tmp_path / "data"),
                      profile="Ana", size=(1280, 720)))
    try:
        d = Driver(app)
        for key, value in LOOK.items():
            setattr(app.settings, key, value)
        app.apply_settings(save=False)
        d.key(pygame.K_RETURN)
        d.finish_reveal()
        sc = d.scene
        assert any(t.id == "reload" for t in sc.footer)
        assert sc.area.max_offset > 0, "this beat's options must not all fit, for the test to mean anything"
        footer = _footer_text(app)
        assert "PgDn more choices" in footer, footer
        assert footer.startswith("1–"), footer               # the phase's own key first, as it reads
    finally:
        app.recorder.close()


def test_fit_hints_drops_the_least_important_first_and_keeps_the_reading_order(make_app, starter_dir):
    app, _d = make_app([starter_dir])
    font = app.ui.font("caption")
    text = "1–4 choose · ↑↓ move · PgDn more choices · Esc menu"
    width = font.size("1–4 choose · PgDn more choices")[0] + 2
    assert fit_hints(app.ui, text, width) == "1–4 choose · ↑↓ move"           # by position
    assert fit_hints(app.ui, text, width, order=("1", "PgDn")) == "1–4 choose · PgDn more choices"


def test_fit_hints_measures_what_a_face_without_arrows_draws(make_app, starter_dir):
    """OpenDyslexic has no arrows: "↑↓" is drawn "Up/Down", wider than the arrows measured, so
    the progress footer once ended "Esc ba…". The fitted hints are measured as drawn."""
    from hrtraining.game._text import glyph_safe

    app, _d = make_app([starter_dir])
    app.settings.text_size, app.settings.dyslexic_font = "largest", True
    app.apply_settings(save=False)
    font = app.ui.font("caption")
    text = "↑↓ attempts · Enter open · ← → skill · T as text · PgUp/PgDn scroll the chart · Esc back"
    for width in range(200, 1300, 25):
        shown = fit_hints(app.ui, text, width, order=("Esc",))
        assert font.size(glyph_safe(shown, font))[0] <= width or " · " not in shown, (width, shown)
