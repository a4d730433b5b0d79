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
                 "debrief-2", "debrief-3", "debrief-4", "settings", "progress", "high-contrast", "largest-text"):
        assert any(part in n for n in names), part
    img = pygame.image.load(str(out / names[0]))
    assert img.get_size() == (1280, 720)
