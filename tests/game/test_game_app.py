"""The event-driven loop, the command line and the screenshot tool."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game import main


def test_idle_loop_waits_for_events_instead_of_spinning(make_app, starter_dir, monkeypatch):
    app, d = make_app([starter_dir])
    waits: list[int] = []
    renders = [0]
    real_render = app.render

    def render():
        renders[0] += 1
        return real_render()

    def wait(timeout=0):
        waits.append(timeout)
        return [pygame.event.Event(pygame.QUIT)] if len(waits) >= 5 else []

    monkeypatch.setattr(app, "render", render)
    monkeypatch.setattr(app, "wait_for_events", wait)
    assert app.run() == 0
    assert len(waits) == 5 and all(w >= 100 for w in waits)
    assert renders[0] == 1                       # nothing changed: drawn once, then only waited


def test_wait_for_events_returns_posted_events_and_times_out(make_app, starter_dir):
    app, d = make_app([starter_dir])
    pygame.event.clear()
    assert app.wait_for_events(20) == []
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_a, mod=0, unicode="a", scancode=0))
    got = app.wait_for_events(1000)
    assert [e.type for e in got] == [pygame.KEYDOWN]


def test_loop_handles_posted_input_and_quits(make_app, starter_dir):
    app, d = make_app([starter_dir])
    pygame.event.clear()
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0))
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert app.run() == 0
    assert d.scene_name == "select"


def test_animation_keeps_the_loop_ticking(make_app, starter_dir, monkeypatch):
    app, d = make_app([starter_dir])
    app.start_play(app.library.entries[0], "practice")
    assert app.animating()                        # text is appearing
    ticks = [0]

    def get(*a, **k):
        ticks[0] += 1
        return [pygame.event.Event(pygame.QUIT)] if ticks[0] > 3 else []

    monkeypatch.setattr(pygame.event, "get", get)
    monkeypatch.setattr(app, "wait_for_events", lambda timeout=0: pytest.fail("waited while animating"))
    app.run()
    assert d.scene.revealed > 0


def test_cli_usage_errors(capsys):
    assert main(["--size", "huge"]) == 2
    assert main(["--scenario", "/no/such/file.yaml"]) == 2
    assert main(["--scenarios", "/no/such/dir"]) == 2
    assert main(["--help"]) == 0
    assert "--screenshots" in capsys.readouterr().out


def test_screenshots_render_every_scene(tmp_path, starter_dir):
    out = tmp_path / "shots"
    assert main(["--screenshots", str(out), "--scenario", str(starter_dir / "sam.yaml")]) == 0
    names = sorted(p.name for p in out.glob("*.png"))
    for part in ("title", "select", "content-notes", "conversation", "coach", "history", "debrief-1",
                 "debrief-2", "debrief-3", "debrief-4", "settings", "progress", "high-contrast", "largest-text",
                 "write-first-text-box", "write-first-closeness", "debrief-own-words", "debrief-reflection",
                 "progress-replay-under-its-attempt"):
        assert any(part in n for n in names), part
    img = pygame.image.load(str(out / names[0]))
    assert img.get_size() == (1280, 720)


def test_a_notice_leaves_after_its_seconds_even_while_idle(make_app, starter_dir, monkeypatch):
    """The loop capped each step at 0.1 s for the notice clock too, but an idle wait lasts
    up to 2 s: a 6-second notice stayed up for about two minutes. Drive the loop's
    timing (time.perf_counter / time.sleep in _app) with a fake clock."""
    from hrtraining.game import _app

    app, d = make_app([starter_dir])
    pygame.event.clear()
    seen: dict[str, float] = {}

    class FakeTime:
        now = 1000.0

        def perf_counter(self):
            return self.now

        def sleep(self, seconds):
            self.now += seconds
            if not app.notice and "gone" not in seen:
                seen["gone"] = self.now - 1000.0
            if self.now - 1000.0 > 30 and not pygame.event.peek(pygame.QUIT):
                pygame.event.post(pygame.event.Event(pygame.QUIT))

    steps: list[float] = []
    real_update = app.manager.update

    def update(dt):
        steps.append(dt)
        real_update(dt)

    monkeypatch.setattr(_app, "time", FakeTime())
    monkeypatch.setattr(app.manager, "update", update)
    app.notify("Saved.")
    assert app.run() == 0
    assert "gone" in seen, f"notice still up after 30 s (clock {app.clock:.1f} s)"
    assert _app.NOTICE_SECONDS <= seen["gone"] <= _app.NOTICE_SECONDS + 0.1
    assert app.clock >= 30                        # the clock followed the real time
    assert steps and max(steps) <= _app.MAX_DT    # animations still step at most 0.1 s


def test_the_frame_that_ends_an_animation_is_drawn(make_app, starter_dir, monkeypatch):
    """The last text frame is drawn before the loop goes idle: a stale "click to show all of it"
    over live, unseen options let a click choose a line the trainee never saw."""
    app, d = make_app([starter_dir])
    app.settings.text_speed = "fast"
    app.apply_settings(save=False)
    app.start_play(app.library.entries[0], "practice")
    assert app.animating()
    drawn: list[bool] = []        # for each frame drawn: was the text still appearing?
    real_render = app.render

    def render():
        drawn.append(app.animating())
        return real_render()

    def idle(timeout=0):          # the loop went idle: the animation is over; stop here
        app.running = False
        return []

    monkeypatch.setattr(app, "render", render)
    monkeypatch.setattr(app, "wait_for_events", idle)
    app.run()
    assert drawn and drawn[0] is True
    assert drawn[-1] is False, "the screen was left showing a frame of the animation"
