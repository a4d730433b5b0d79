"""hrtraining: a branching-dialogue training game for harm reduction therapy.

The engine (:mod:`hrtraining.engine`) loads, validates, plays and scores scenario
files and never imports pygame. The game window, the terminal player and the
workshop server are thin layers over it.
"""
from __future__ import annotations

__version__ = "0.1.0"
