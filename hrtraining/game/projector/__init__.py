"""The workshop's screens in the game window (this is the only workshop module that uses pygame).

``register(app)`` adds two scenes to the game's scene manager:

* ``"workshop-setup"`` — “Run a workshop”: choose a scenario or resume a room;
* ``"workshop"`` — the projector: ``app.switch("workshop", entry=ENTRY)`` (a game
  library entry), ``path=FILE_OR_ID``, ``resume=CODE``, or ``workshop=`` +
  ``server=`` to show a room that is already running.

``run_window(...)`` opens the game straight on these screens for
``hrtraining workshop`` without ``--headless``.
"""
from __future__ import annotations

import sys
from typing import Any

from ._scene import DEFAULT_PORT, WAKE, ProjectorScene, start_server
from ._setup import WorkshopSetupScene

__all__ = ["register", "run_window", "ProjectorScene", "WorkshopSetupScene", "start_server", "WAKE",
           "DEFAULT_PORT"]


def register(app: Any) -> None:
    """Add the workshop scenes to ``app.manager`` (the game calls this once at start-up)."""
    for cls in (WorkshopSetupScene, ProjectorScene):
        if cls.name not in app.manager.scenes:
            app.manager.add(cls(app))


def _room_scenario(code: str, data_dir: str | None) -> str | None:
    """The scenario id of a stored workshop room, or None (no such room, or no store)."""
    from hrtraining.progress import Store

    try:
        with Store.open(data_dir) as store:
            room = store.room(code)
    except Exception:  # an unreadable store is reported the same way: nothing to resume
        return None
    return None if room is None else room.scenario_id


def run_window(scenario: str | None = None, scenario_dirs: list[str] | None = None, host: str = "0.0.0.0",
               port: int = DEFAULT_PORT, data_dir: str | None = None, profile: str | None = None,
               resume: str | None = None, record: bool = True) -> int:
    """Open the game window on the workshop: the projector for ``scenario``, else the chooser.

    ``record=False`` keeps votes out of the progress store (a rehearsal).
    """
    from .._app import App, Options
    from hrtraining.workshop import normalize_code

    # Codes are stored as the projector shows them; people type them any way (k7m-2qx).
    resume = (normalize_code(resume) or resume.strip()) if resume else resume
    if resume and not scenario:
        # Say so where the leader typed the command, before a window opens on nothing.
        scenario = _room_scenario(resume, data_dir)
        if scenario is None:
            print(f"hrtraining workshop: there is no workshop room {resume} in this progress file "
                  "(see `hrtraining export --format csv --votes` for rooms)", file=sys.stderr)
            return 2
    app = App(Options(scenario_dirs=list(scenario_dirs or []), data_dir=data_dir, profile=profile,
                      record=record))
    register(app)
    entry = app.library.by_id(scenario) if scenario else None
    if scenario:
        app.switch("workshop", **({"entry": entry} if entry else {"path": scenario}), resume=resume,
                   host=host, port=port)
    else:
        app.switch("workshop-setup")
    try:
        return app.run()
    finally:
        scene = app.manager.scenes.get("workshop")
        if isinstance(scene, ProjectorScene):
            scene.leave(switch=False)
