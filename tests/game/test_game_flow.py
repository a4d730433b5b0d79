"""Scripted key and mouse events play scenarios from the title screen to the debrief."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._driver import best_pick, first_pick

from game_helpers import SHIPPED


def _to_conversation_by_keys(d, mode: str = "practice", index: int = 0) -> None:
    assert d.scene_name == "title"
    d.key(pygame.K_RETURN)                      # "Choose a scenario" has focus
    assert d.scene_name == "select"
    for _ in range(index):
        d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)
    assert d.scene_name == "content-notes"
    d.key(pygame.K_a if mode == "assessment" else pygame.K_p)
    d.key(pygame.K_RETURN)
    assert d.scene_name == "conversation"
    assert d.app.play.mode == mode


def _debrief_by_keys(d) -> None:
    assert d.scene_name == "debrief"
    assert d.scene.current == "rate"            # self-rating comes first (PEARLS)
    d.key(pygame.K_2)
    for page in ("decisions", "scores", "summary"):
        assert d.scene.current == page
        d.app.render()
        d.key(pygame.K_RIGHT)
    assert d.scene.current == "summary"


def test_keyboard_only_title_to_debrief_practice(make_app, starter_dir):
    app, d = make_app([starter_dir])
    app.render()
    _to_conversation_by_keys(d, "practice")
    coach_seen = False
    for _ in range(100):
        if d.scene_name != "conversation":
            break
        sc = d.scene
        app.render()
        if sc.phase == "reveal":
            d.key(pygame.K_SPACE)               # any key finishes the reveal
            assert sc.phase != "reveal"
        elif sc.phase == "coach":
            coach_seen = True
            d.key(pygame.K_RETURN)
        elif app.play.beat.kind == "choice":
            d.key(pygame.K_DOWN)                # arrows move the focus...
            d.key(pygame.K_RETURN)              # ...and Enter takes it
        else:
            d.key(pygame.K_RETURN)
    assert coach_seen
    _debrief_by_keys(d)
    report = d.scene.report
    assert report.finished and report.decisions


def test_keyboard_assessment_shows_no_feedback_until_the_end(make_app, starter_dir):
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d, "assessment")
    phases = set()
    for _ in range(100):
        if d.scene_name != "conversation":
            break
        phases.add(d.scene.phase)
        if d.scene.phase == "reveal":
            d.key(pygame.K_SPACE)
        elif app.play.beat.kind == "choice":
            d.key(pygame.K_1)
        else:
            d.key(pygame.K_RETURN)
    assert "coach" not in phases
    _debrief_by_keys(d)


def _click_through_menus(d, mode: str) -> None:
    d.click("select")
    assert d.scene_name == "select"
    d.click("card:0")
    d.click("play")
    assert d.scene_name == "content-notes"
    d.click(f"mode:{mode}")
    d.click("begin")
    assert d.scene_name == "conversation"


def _debrief_by_mouse(d) -> None:
    d.click("rate:good")
    for _ in range(3):
        assert d.scene.current in ("decisions", "scores", "summary")
        if d.scene.current == "summary":
            break
        d.click("next")
    assert d.scene.current == "summary"
    d.click("progress")
    assert d.scene_name == "progress"
    d.click("back")


@pytest.mark.parametrize("mode", ["practice", "assessment"])
def test_mouse_only_title_to_debrief(make_app, starter_dir, mode):
    app, d = make_app([starter_dir])
    _click_through_menus(d, mode)
    d.play_conversation(best_pick, mouse=True)
    assert d.scene_name == "debrief"
    _debrief_by_mouse(d)


@pytest.mark.parametrize("mode", ["practice", "assessment"])
@pytest.mark.parametrize("index", range(len([p for p in SHIPPED.glob("*.yaml") if p.name != "rubric.yaml"])))
def test_every_shipped_scenario_plays_with_keys_and_with_mouse(make_app, mode, index):
    app, d = make_app([SHIPPED])
    entries = app.library.entries
    if index >= len(entries) or not entries[index].ok:
        pytest.skip("not a playable scenario")
    # Keyboard, always the first option offered.
    _to_conversation_by_keys(d, mode, index)
    d.play_conversation(first_pick)
    assert d.scene_name == "debrief"
    d.key(pygame.K_1)
    # Mouse, the best option each time, from the debrief's "Play again".
    d.key(pygame.K_RIGHT)
    d.key(pygame.K_RIGHT)
    d.click("again")
    d.click(f"mode:{mode}")
    d.click("begin")
    d.play_conversation(best_pick, mouse=True)
    assert d.scene_name == "debrief"
    app.render()


def test_history_backlog_scrolls_and_includes_choices(make_app, starter_dir):
    app, d = make_app([starter_dir], size=(800, 600))
    _to_conversation_by_keys(d, "assessment")
    d.finish_reveal()
    chosen = app.play.beat.options[0].text
    d.key(pygame.K_1)
    d.finish_reveal()
    d.key(pygame.K_h)
    assert d.scene_name == "backlog"
    texts = [(h.kind, h.text) for h in app.play.history()]
    assert ("choice", chosen) in texts
    app.render()
    d.key(pygame.K_PAGEUP)
    d.wheel(1)
    assert d.scene.view.offset == 0
    app.render()
    d.key(pygame.K_END)
    d.key(pygame.K_PAGEDOWN)                    # PgDn past the end closes the history
    assert d.scene_name == "conversation"
    # The mouse wheel up opens it too; review only: no choice can be changed there.
    d.wheel(1, (5, 5))
    assert d.scene_name == "backlog"
    assert [t.id for t in d.scene.targets] == ["close"]   # nothing to change a choice with
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "conversation"


def test_history_during_the_coach_note_stops_at_the_choice(make_app, starter_dir):
    """The session has moved on during the coach's note, but the next lines are not shown yet:
    the history (opened with H, or from the pause menu) ends at the choice. The conversation
    says so when it pushes them; the history never reads the scene beneath it."""
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d, "practice")
    d.finish_reveal()
    chosen = app.play.beat.options[0].text
    d.key(pygame.K_1)
    assert d.scene.phase == "coach"
    assert app.play.history()[-1].kind != "choice"  # the next node's lines, not shown yet
    d.key(pygame.K_h)
    assert d.scene_name == "backlog"
    last = d.scene._items()[-1]
    assert (last.kind, last.text) == ("choice", chosen)
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "pause"
    d.key(pygame.K_h)
    assert d.scene_name == "backlog"
    last = d.scene._items()[-1]
    assert (last.kind, last.text) == ("choice", chosen)
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_RETURN)  # on to the next lines: now they are in the history
    d.finish_reveal()
    d.key(pygame.K_h)
    assert d.scene._items() == app.play.history()


def test_reveal_runs_on_update_and_any_key_finishes_it(make_app, starter_dir):
    app, d = make_app([starter_dir])
    app.settings.text_speed = "slow"
    _to_conversation_by_keys(d, "practice")
    sc = d.scene
    assert sc.phase == "reveal" and sc.animating()
    before = sc.revealed
    d.step(0.1)
    assert sc.revealed > before
    d.key(pygame.K_x)
    assert sc.phase == "choose"
    assert not sc.animating() or sc.meter_flash


def test_meter_animates_and_reduced_motion_jumps(make_app, starter_dir):
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d, "practice")
    d.finish_reveal()
    d.key(pygame.K_1)                           # the first option raises trust
    sc = d.scene
    assert sc.meter_flash and sc.animating()
    shown = sc.meter_shown["trust"]
    assert shown < app.play.session.meters["trust"]
    d.step(0.1)
    assert shown < sc.meter_shown["trust"] <= app.play.session.meters["trust"]
    d.step(3.0, 2)
    assert not sc.animating()
    app.settings.reduced_motion = True
    app.apply_settings(save=False)
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    d.key(pygame.K_1)
    d.step(0.01)
    assert sc.meter_shown["trust"] == app.play.session.meters["trust"]


def test_escape_opens_pause_and_settings_return_there(make_app, starter_dir):
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d)
    d.key(pygame.K_ESCAPE)                      # even while text is still appearing
    assert d.scene_name == "pause"
    d.click("settings")
    assert d.scene_name == "settings"
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "pause"
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "conversation"
    d.key(pygame.K_ESCAPE)
    d.click("leave")
    assert d.scene_name == "select"


def test_debug_overlay_shows_node_and_scores(make_app, starter_dir):
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d)
    d.key(pygame.K_F3)
    assert app.debug
    lines = d.scene.debug_lines()
    assert any("node: opening" in ln for ln in lines)
    assert any("+2 recognizing improvement" in ln for ln in lines)
    assert any("trust 2" in ln for ln in lines)
    app.render()


def test_history_during_the_coach_note_holds_only_what_was_shown(make_app, starter_dir):
    """The session moves on when a choice is made, but the next lines come after the coach's
    note: the history must not show them early."""
    app, d = make_app([starter_dir])
    _to_conversation_by_keys(d, "practice")
    d.finish_reveal()
    d.key(pygame.K_1)
    assert d.scene.phase == "coach"
    upcoming = [ln.text for ln in app.play.beat.lines]
    d.key(pygame.K_h)
    shown = [it.text for it in d.scene._items()]
    assert shown[-1] == app.play.session.outcomes[-1].choice.text
    assert upcoming and not any(t in shown for t in upcoming)
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_RETURN)                      # past the note: now the lines are in the history
    d.key(pygame.K_h)
    assert [it.text for it in d.scene._items()][-len(upcoming):] == upcoming
