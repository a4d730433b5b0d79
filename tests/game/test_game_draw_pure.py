""""draw must not change state" (the lifecycle in ``hrtraining/game/_scene.py``), enforced.

For every scene the driver walk (``visit_every_scene``) and both screenshot tools reach, the
scenes showing and the app are snapshotted, the frame is drawn twice, and nothing may have
changed but the caches listed in ``CACHES``. A second level is compared too (the attributes of
the objects a scene holds: its scroll views, its sub-views), so a draw that moves a scroll offset
or appends to a list is caught, not only one that rebinds an attribute.
"""
from __future__ import annotations

import copy

import pygame

from hrtraining.game._app import App
from hrtraining.game._scene import Scene

from test_game_layout import visit_every_scene

#: What drawing may change, by attribute name (on a scene, on the app, or on an object they hold).
#: Each is a cache: pure memoisation of what is drawn, or of what is read to draw it.
CACHES = {
    # ProjectorScene.roster(): the participant list, re-read from the room at most twice a second.
    "_roster",
    # The projector's QR code images, made once per address (QrCache).
    "qr",
    # Ui: panel surfaces keyed by size, radius and colour (cleared by Ui.rebuild).
    "_panels",
    # ConversationScene._static_layer: backdrop, panels and portrait composed once per layout,
    # keyed by window size, palette, fonts, scenario and the rectangles.
    "_static",
    # ConversationScene._fade: the gradient over text scrolled under the top edge, keyed by size
    # and palette.
    "_fade_key", "_fade_surf",
}


def _shallow(value):
    """A copy to compare with later: containers copied, Rects copied, surfaces left out."""
    if isinstance(value, pygame.Surface):
        return None
    if isinstance(value, pygame.Rect):
        return pygame.Rect(value)
    if isinstance(value, (list, dict, set)):
        return copy.copy(value)
    return value


def _holds(value) -> bool:
    """An object of the game's own whose attributes are compared one level down."""
    return (hasattr(value, "__dict__") and not isinstance(value, (Scene, App, type))
            and type(value).__module__.startswith("hrtraining.game"))


def snapshot(obj) -> dict:
    out = {}
    for k, v in vars(obj).items():
        if k in CACHES or isinstance(v, pygame.Surface):
            continue
        out[k] = _shallow(v)
        if _holds(v):
            for k2, v2 in vars(v).items():
                if k2 not in CACHES and not isinstance(v2, pygame.Surface):
                    out[f"{k}.{k2}"] = _shallow(v2)
    return out


def changed(before: dict, after: dict) -> list[str]:
    keys = set(before) | set(after)
    return sorted(k for k in keys if k not in before or k not in after or _differs(before[k], after[k]))


def _differs(a, b) -> bool:
    try:
        return bool(a != b)
    except Exception:  # values that cannot be compared (arrays): by identity
        return a is not b


def draw_changes(app: App, render=None) -> list[str]:
    """Draw the frame twice; what changed on the app or any scene showing (or on top)."""
    render = render or app.render
    scenes = list(app.manager.showing())

    def snap():
        return [snapshot(app)] + [snapshot(s) for s in scenes]

    before = snap()
    render()
    render()
    after = snap()
    names = ["app"] + [s.name for s in scenes]
    return [f"{n}.{k}" for n, b, a in zip(names, before, after) for k in changed(b, a)]


def test_drawing_changes_no_state_in_any_scene_the_driver_reaches(make_app, tmp_path):
    from test_game_layout import BROKEN
    from game_helpers import write_starter

    folder = tmp_path / "lib"
    write_starter(folder)
    (folder / "zz-broken.yaml").write_text(BROKEN, encoding="utf-8")
    app, d = make_app([folder], record=True)
    problems, seen = [], []
    real_render = app.render
    where = [""]

    def render():  # every frame the walk draws is checked, the first one after each change too
        problems.extend(f"{where[0]}: {c}" for c in draw_changes(app, real_render))
        return app.screen

    app.render = render
    for size in ((800, 600), (1280, 720)):
        app.resize(*size)
        where[0] = f"{size} start"
        for name in visit_every_scene(app, d):
            seen.append(name)
            where[0] = f"{size} after {name}"
    assert "debug-overlay" in seen and "backlog" in seen and "pause" in seen
    assert not problems, "\n".join(problems)


def _check_captures(monkeypatch) -> list[str]:
    """Make App.capture check the frame instead of writing a picture; returns the problems list."""
    problems: list[str] = []

    def capture(self, path) -> None:
        scene = self.manager.current
        problems.extend(f"{getattr(path, 'name', path)} ({scene.name if scene else '-'}): {c}"
                        for c in draw_changes(self))

    monkeypatch.setattr(App, "capture", capture)
    return problems


def test_drawing_changes_no_state_in_any_screenshot(monkeypatch, tmp_path, capsys):
    """Every picture ``game.py --screenshots`` takes (the game's whole tour)."""
    from hrtraining.game._screenshots import render_all

    problems = _check_captures(monkeypatch)
    assert render_all(str(tmp_path / "shots")) == 0
    assert not problems, "\n".join(problems)


def test_drawing_changes_no_state_on_the_workshop_wall(monkeypatch, tmp_path):
    """Every picture of the workshop projector the workshop screenshot tool takes."""
    from hrtraining.game._workshop_shots import capture

    problems = _check_captures(monkeypatch)
    capture(tmp_path / "wall")
    assert not problems, "\n".join(problems)
