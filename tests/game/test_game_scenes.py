"""The scene lifecycle around quitting."""
from __future__ import annotations


def test_quitting_shuts_every_scene_down_before_the_store_closes(make_app):
    """Scenes (e.g. the workshop projector) may still be writing when the game quits."""
    import pygame

    from hrtraining.game._scene import Scene

    app, _ = make_app()
    order: list[str] = []

    class Writer(Scene):
        name = "writer"

        def shutdown(self) -> None:
            order.append("writer")

    class Broken(Scene):
        name = "broken"

        def shutdown(self) -> None:
            order.append("broken")
            raise RuntimeError("a scene that fails to shut down must not stop the others")

    app.manager.add(Broken(app))
    app.manager.add(Writer(app))
    real_close = app.recorder.close
    app.recorder.close = lambda: (order.append("store"), real_close())
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    assert app.run() == 0
    assert order == ["broken", "writer", "store"]


def _to_conversation(app, d):
    import pygame

    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    assert d.scene_name == "conversation"


def test_history_and_pause_are_pushed_over_the_conversation_which_waits_unchanged(make_app, starter_dir):
    import pygame

    app, d = make_app([starter_dir])
    _to_conversation(app, d)
    conversation = app.manager.current
    entered = []
    real_enter = conversation.enter
    conversation.enter = lambda **p: (entered.append(p), real_enter(**p))
    d.key(pygame.K_ESCAPE)
    assert [s.name for s in app.manager.stack] == ["conversation", "pause"]
    assert [s.name for s in app.manager.showing()] == ["conversation", "pause"]  # the manager draws beneath
    d.click("settings")
    assert [s.name for s in app.manager.stack] == ["conversation", "pause", "settings"]
    assert [s.name for s in app.manager.showing()] == ["settings"]  # a full scene covers the rest
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "pause"
    d.click("history")
    assert [s.name for s in app.manager.stack] == ["conversation", "backlog"]
    d.key(pygame.K_h)
    assert [s.name for s in app.manager.stack] == ["conversation"] and entered == []  # never re-entered


def test_overlays_neither_reach_into_the_scene_beneath_nor_let_it_ghost_through(make_app, starter_dir, monkeypatch):
    import pygame

    app, d = make_app([starter_dir])
    _to_conversation(app, d)
    conversation = app.manager.current
    calls = []
    real_draw = type(conversation).draw
    monkeypatch.setattr(type(conversation), "draw", lambda self, surf: (calls.append(1), real_draw(self, surf)))
    for key in (pygame.K_h, pygame.K_ESCAPE):
        d.key(key)
        overlay = app.manager.current
        calls.clear()
        surf = app.render()
        assert calls == [1]  # drawn once, by the manager, beneath the overlay
        card = overlay.card
        # Inside the card, away from any text, the pixel is the card's own opaque colour.
        x, y = card.x + app.theme.px(8), card.centery  # in the left padding, clear of text and corners
        assert tuple(surf.get_at((x, y)))[:3] == tuple(app.ui.pal.panel[:3])
        d.key(pygame.K_ESCAPE)
        assert d.scene_name == "conversation"
