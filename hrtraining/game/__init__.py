"""The Pygame window: a polished, accessible branching-dialogue simulator.

``main(argv) -> int`` is the only public name; ``python game.py`` calls it.
The game draws what the engine (:mod:`hrtraining.engine`) hands it and keeps no
rules of its own. pygame is imported only when the game runs, so importing
this package stays cheap for the command line and the tests of other layers.
"""
from __future__ import annotations

from typing import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the game (or ``--screenshots DIR``); returns the exit code."""
    from ._cli import main as _main

    return _main(argv)
