"""The workshop's screens in the game window: the projector (the wall) and its setup screen.

This is drawing, so it lives in the game layer (``engine`` → ``progress`` → ``practice`` →
``workshop`` → ``game`` → ``cli``). It may import pygame, the game's own modules
(``hrtraining.game``: scenes, ui, chrome), and the layers below through their public
packages: ``hrtraining.workshop`` (the room, its server and the host's API, which run with
no display and never import this), ``hrtraining.practice`` and ``hrtraining.engine``.
Never ``hrtraining.cli``, and nothing below the game imports it (import-linter checks the
layers, and that a ``_private`` module is imported only from inside its own package).

``register(app)`` adds two scenes to the game's scene manager:

* ``"workshop-setup"`` — “Run a workshop”: choose a scenario or resume a room;
* ``"workshop"`` — the projector: ``app.switch("workshop", entry=ENTRY)`` (a game
  library entry), ``path=FILE_OR_ID``, ``resume=CODE``, or ``workshop=`` +
  ``server=`` to show a room that is already running.

``hrtraining.game.run_workshop(...)`` opens the game straight on these screens for
``hrtraining workshop`` without ``--headless``.
"""
from __future__ import annotations

from typing import Any

from ._scene import DEFAULT_PORT, WAKE, ProjectorScene, start_server
from ._setup import WorkshopSetupScene

__all__ = ["register", "ProjectorScene", "WorkshopSetupScene", "start_server", "WAKE",
           "DEFAULT_PORT"]


def register(app: Any) -> None:
    """Add the workshop scenes to ``app.manager`` (the game calls this once at start-up)."""
    for cls in (WorkshopSetupScene, ProjectorScene):
        if cls.name not in app.manager.scenes:
            app.manager.add(cls(app))
