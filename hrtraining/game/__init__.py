"""The Pygame window: a polished, accessible branching-dialogue simulator.

Public names: ``main(argv) -> int`` (``python game.py`` calls it) and ``run_workshop(...)``
(``hrtraining workshop`` without ``--headless``). Everything else is drawing: scenes on a stack
(``_scene``), the theme and text (``_theme``, ``_text``, ``_ui``), and the workshop's projector
(``projector/``), which talks to :mod:`hrtraining.workshop` only through its public API.

It draws what the layers below hand it and keeps no rules of its own: attempts, recording,
the library and the debrief's words come from :mod:`hrtraining.practice`. It may import
``engine``, ``progress``, ``practice`` and ``workshop``; only ``cli`` imports it. pygame is
imported only when the game runs, so importing this package stays cheap.
"""
from __future__ import annotations

from typing import Sequence

__all__ = ["main", "run_workshop"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the game (or ``--screenshots DIR``); returns the exit code."""
    from ._cli import main as _main

    return _main(argv)


def run_workshop(**options) -> int:
    """Open the window on the workshop (see ``_workshop_window.run_window`` for the options)."""
    from ._workshop_window import run_window

    return run_window(**options)
