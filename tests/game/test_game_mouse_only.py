"""Mouse-only (and touch-screen) play: every action the keyboard has, the pointer has.

No key event is sent in these tests: a person with only a mouse, a trackpad or a finger
reaches the debrief and the progress screen of every shipped scenario, opens the history and
the menu from the conversation's buttons, drags scroll bars and leaves.
"""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._driver import best_pick

from game_helpers import SHIPPED


@pytest.fixture
def no_keys(monkeypatch):
    """Fails the test on any key or text event reaching the game."""
    from hrtraining.game._app import App

    real = App.feed
    sent: list[int] = []

    def feed(self, event):
        sent.append(event.type)
        assert event.type not in (pygame.KEYDOWN, pygame.KEYUP, pygame.TEXTINPUT), "a key was sent"
        real(self, event)

    monkeypatch.setattr(App, "feed", feed)
    return sent


PAGED: list[str] = []  # how often an option had to be brought into view (the tests use it)


def click_option(d, position: int) -> None:
    """Click an option, bringing it into view with the "More below" cue or the scroll bar."""
    sc = d.scene
    tid = f"choice:{position}"
    for _ in range(40):
        t = d.target(tid)
        y, h = sc.item_pos[position], sc.items[position][2]
        whole = sc.area.offset <= y and y + h <= sc.area.offset + sc.area.view.h
        if t is not None and whole:
            d.click_at(t.rect.center)
            return
        PAGED.append(tid)
        if sc.area.more_below and sc.area.offset < y:
            d.click_at(sc.area.cue_rect(d.app.ui, "More below").center)
        else:  # above: a click on the bar's track above the thumb pages up
            thumb = sc.area.thumb(d.app.theme)
            d.click_at((thumb.centerx, sc.area.view.y + 1 if thumb.top > sc.area.view.y else thumb.top))
    raise AssertionError(f"option {position + 1} never came into view")


def play_by_mouse(d, pick) -> None:
    for _ in range(400):
        if d.scene_name != "conversation":
            return
        sc = d.scene
        if sc.phase == "reveal":
            d.click_at(sc.dialog_rect.center)      # a click finishes the text
        elif sc.phase == "coach":
            d.click("next")
        elif d.app.play.beat.kind == "choice":
            click_option(d, pick(d.app.play))
        else:
            d.click(sc.fixed.id)
    raise AssertionError("the conversation did not end")


@pytest.mark.parametrize("mode", ["practice", "assessment"])
def test_every_shipped_scenario_by_mouse_alone_to_the_debrief_and_progress(make_app, no_keys, mode):
    app, d = make_app([SHIPPED], size=(1280, 720), record=True)
    app.settings.text_size = "large"               # more to scroll: the cue and the bar get used
    app.settings.text_speed = "slow"
    app.apply_settings(save=False)
    played = 0
    PAGED.clear()
    for i, entry in enumerate(app.library.entries):
        if not entry.ok:
            continue
        app.switch("title")
        d.click("select")
        d.click_at(_card(d, i).center)
        d.click("play")
        d.click(f"mode:{mode}")
        d.click("begin")
        assert d.scene_name == "conversation"
        play_by_mouse(d, best_pick)
        assert d.scene_name == "debrief"
        d.click("rate:fair")
        while d.scene.current != "summary":
            d.click("next")
        d.click("progress")
        assert d.scene_name == "progress" and d.target("attempt:0") is not None
        d.click("attempt:0")
        assert d.scene.opened is not None
        d.click("back")
        d.click("back")
        played += 1
    assert played == len([e for e in app.library.entries if e.ok]) >= 7
    assert pygame.MOUSEBUTTONUP in no_keys and PAGED   # some options were scrolled into view


def _card(d, i: int) -> pygame.Rect:
    sc = d.scene
    sc.list_view.show(*(lambda y, h: (y, y + h))(*sc.cards[i]))
    sc.after_scroll()
    return d.target(f"card:{i}").rect


def test_conversation_buttons_open_history_and_menu_and_leave(make_app, no_keys, starter_dir):
    app, d = make_app([starter_dir], record=True)
    app.switch("title")
    d.click("select")
    d.click("play")
    d.click("begin")
    d.click("history")                              # even while the text appears
    assert d.scene_name == "backlog"
    d.click("close")
    assert d.scene_name == "conversation"
    d.click("menu")
    assert d.scene_name == "pause"
    d.click("settings")
    d.click("done")
    d.click("resume")
    assert d.scene_name == "conversation"
    d.click_at(d.scene.dialog_rect.center)
    click_option(d, 0)
    d.click("leave")
    assert d.scene_name == "select"
    assert d.target("resume") is not None           # the attempt waits to be resumed
    d.click("resume")
    assert d.scene_name == "conversation" and app.play.decisions == 1


def test_scroll_bars_drag_and_page(make_app, no_keys, starter_dir):
    app, d = make_app([starter_dir], size=(800, 600))
    app.settings.text_size = "largest"
    app.apply_settings(save=False)
    app.start_play(app.library.entries[0], "practice")
    app.switch("settings", back="title")
    sc = d.scene
    view = sc.view
    assert view.max_offset > 0
    thumb = view.thumb(app.theme)
    d.move(thumb.center)
    app.feed(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=thumb.center, button=1))
    to = (thumb.centerx, view.view.bottom + 50)
    app.feed(pygame.event.Event(pygame.MOUSEMOTION, pos=to, rel=(0, 0), buttons=(1, 0, 0)))
    assert view.offset == view.max_offset           # dragged to the end
    app.feed(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=to, button=1))
    assert not view.dragging and d.scene_name == "settings"
    d.click_at((thumb.centerx, view.view.y + 2))    # a click on the track above the thumb pages up
    assert view.offset < view.max_offset
    # The targets follow the scroll: the Done button and every visible row can be clicked.
    assert all(view.view.colliderect(t.rect) for t in sc.targets if t.id.startswith("row:"))


def test_settings_values_step_both_ways_by_pointer(make_app, no_keys):
    app, d = make_app()
    app.switch("settings", back="title")
    sc = d.scene
    t = d.target("row:text_size")
    y, h = sc.rows[0]
    pill = sc._pill(pygame.Rect(sc.view.view.x, sc.view.y(y), sc.view.view.w, h))
    d.click_at((pill.right - 4, pill.centery))      # "›": the next size
    assert app.settings.text_size == "large"
    d.click_at((pill.x + 4, pill.centery))          # "‹": back again
    assert app.settings.text_size == "standard"
    d.click_at(t.rect.midleft)                      # anywhere else on the row: the next one
    assert app.settings.text_size == "large"
