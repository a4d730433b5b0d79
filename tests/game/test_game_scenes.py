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
