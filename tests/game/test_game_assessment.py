"""Scores a supervisor can trust, in the window: an honest assessment mode, and no choice
taken that was never seen (a double-click that finished the text must not answer)."""
from __future__ import annotations

import pygame

from hrtraining.game._conversation import READY_SECONDS
from hrtraining.game._text import PROBE


def _start(make_app, folder, mode):
    app, d = make_app([folder])
    app.settings.text_speed = "slow"
    app.apply_settings(save=False)
    app.start_play(app.library.entries[0], mode)
    return app, d


def _texts(app) -> list[str]:
    PROBE.enabled = True
    try:
        PROBE.frame()
        app.render()
        return [what for what, _, _ in PROBE.boxes]
    finally:
        PROBE.enabled = False


def test_assessment_shows_no_meter_no_delta_and_no_coach_until_the_debrief(make_app, starter_dir):
    app, d = _start(make_app, starter_dir, "assessment")
    sc = d.scene
    for _ in range(50):
        if d.scene_name != "conversation":
            break
        d.finish_reveal()
        texts = _texts(app)
        assert sc.meter_rows == [] and not sc.meter_flash, "a meter in assessment mode"
        assert "Trust" not in texts and not any(t.startswith(("+", "−")) for t in texts)
        assert sc.phase != "coach" and "Coach" not in texts
        assert not any("trust" in ln.lower() or "+2" in ln for ln in sc.debug_lines())  # not in F3 either
        d.key(pygame.K_1 if app.play.beat.kind == "choice" else pygame.K_RETURN)
    assert d.scene_name == "debrief"


def test_practice_keeps_the_meters(make_app, starter_dir):
    app, d = _start(make_app, starter_dir, "practice")
    d.finish_reveal()
    assert [m.name for m, _, _ in d.scene.meter_rows] == ["trust"]
    d.key(pygame.K_1)
    assert d.scene.meter_flash and d.scene.phase == "coach" and "Trust" in _texts(app)


def _press(app, pos, down=True):
    app.feed(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))
    app.feed(pygame.event.Event(pygame.MOUSEBUTTONDOWN if down else pygame.MOUSEBUTTONUP, pos=pos, button=1))


def test_a_double_click_that_finishes_the_text_answers_nothing(make_app, starter_dir):
    app, d = _start(make_app, starter_dir, "assessment")
    sc = d.scene
    assert sc.phase == "reveal"
    # Where the first option will be once the text is shown.
    target = next(t for t in _layout_after_reveal(app, sc) if t.id == "choice:0").rect.center
    _press(app, target)
    _press(app, target, down=False)             # first click: finishes the text
    assert sc.phase == "choose" and app.play.decisions == 0
    app.step(0.12)                              # 120 ms later, the second click of the pair
    _press(app, target)
    _press(app, target, down=False)
    assert app.play.decisions == 0, "a choice was taken that was never read"
    d.key(pygame.K_1)                           # the keyboard waits the same 400 ms...
    assert app.play.decisions == 1              # ...which the driver, like a reader, lets pass


def test_the_keyboard_is_guarded_too_and_a_press_must_start_on_the_option(make_app, starter_dir):
    app, d = _start(make_app, starter_dir, "assessment")
    sc = d.scene
    app.feed(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_SPACE, mod=0, unicode=" ", scancode=0))
    app.feed(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_1, mod=0, unicode="1", scancode=0))
    assert sc.phase == "choose" and app.play.decisions == 0      # a held or repeated key answers nothing
    app.step(READY_SECONDS + 0.05)
    first = next(t for t in sc.targets if t.id == "choice:0").rect
    second = next(t for t in sc.targets if t.id == "choice:1").rect
    _press(app, second.center)
    _press(app, first.center, down=False)       # pressed on one option, released on another
    assert app.play.decisions == 0
    _press(app, first.center)
    _press(app, first.center, down=False)       # a whole click on an option, after the wait
    assert app.play.decisions == 1


def test_the_guard_starts_again_when_new_options_appear(make_app, starter_dir):
    app, d = _start(make_app, starter_dir, "practice")
    d.finish_reveal()
    d.key(pygame.K_1)
    sc = d.scene
    assert sc.phase == "coach" and sc.input_wait() > 0
    app.feed(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    assert sc.phase == "coach"                  # Continue is guarded as the options are
    app.step(READY_SECONDS + 0.05)
    app.feed(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    assert sc.phase != "coach"


def _layout_after_reveal(app, sc):
    """The targets the scene will have once its text is shown (without showing it)."""
    saved = (sc.phase, sc.revealed)
    sc.phase, sc.revealed = "choose", float(sc.total_chars)
    sc.layout()
    targets = list(sc.targets)
    sc.phase, sc.revealed = saved
    sc.layout()
    return targets
