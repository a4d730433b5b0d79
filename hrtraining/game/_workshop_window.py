"""The game window opened straight on the workshop: ``hrtraining workshop`` without ``--headless``."""
from __future__ import annotations

import sys

from .projector import DEFAULT_PORT, ProjectorScene, register


def run_window(scenario: str | None = None, scenario_dirs: list[str] | None = None, host: str = "0.0.0.0",
               port: int = DEFAULT_PORT, data_dir: str | None = None, profile: str | None = None,
               resume: str | None = None, record: bool = True, advertise: str | None = None,
               review: str | None = None, presenter: str = "auto", server_options: dict | None = None) -> int:
    """Open the game window on the workshop: the projector for ``scenario``, else the chooser.

    ``record=False`` keeps votes out of the progress store (a rehearsal); ``advertise`` is the
    address phones are given; ``review`` reopens an ended room's debrief; ``presenter`` is
    "auto" (a second display gets the presenter window, else this terminal shows it),
    "window", "terminal" or "off".
    """
    from hrtraining.practice import room_code, scenario_for_room
    from hrtraining.progress import Store

    from ._app import App, Options

    resume = room_code(resume) if resume else resume  # codes are stored as the projector shows them
    review = room_code(review) if review else review
    if (resume or review) and not scenario:
        # Say so where the leader typed the command, before a window opens on nothing.
        try:
            with Store.open(data_dir) as store:
                scenario = scenario_for_room(store, resume or review)
        except Exception as e:  # NotInLibrary; an unreadable store has nothing to resume either
            print(f"hrtraining workshop: {e}", file=sys.stderr)
            return 2
    app = App(Options(scenario_dirs=list(scenario_dirs or []), data_dir=data_dir, profile=profile,
                      record=record))
    register(app)
    app.presenter_terminal = True  # started from a terminal: it can show the presenter view
    app.workshop_advertise = advertise
    app.workshop_advertise_given = advertise  # the setup screen keeps it as its own address row
    entry = app.library.by_id(scenario) if scenario else None
    if scenario:
        app.switch("workshop", **({"entry": entry} if entry else {"path": scenario}), resume=resume,
                   review=review, host=host, port=port, advertise=advertise, presenter=presenter,
                   server_options=server_options)
    else:
        app.switch("workshop-setup")
    try:
        return app.run()
    finally:
        scene = app.manager.scenes.get("workshop")
        if isinstance(scene, ProjectorScene):
            scene.leave(switch=False)
