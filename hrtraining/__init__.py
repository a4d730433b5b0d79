"""hrtraining: a branching-dialogue training game for harm reduction therapy.

The engine (:mod:`hrtraining.engine`) loads, validates, plays and scores scenario
files and never imports pygame. The game window, the terminal player and the
workshop server are thin layers over it.
"""
from __future__ import annotations

import logging

__version__ = "0.1.0"

# A library's loggers get a NullHandler (the logging HOWTO's convention): without one, a warning
# from a background thread (the LRS sender refusing a statement) reached Python's last-resort
# handler and was printed to stderr in the middle of the terminal player's prompt. What the LRS
# says is shown by `hrtraining lrs status` and the progress screen. An application that wants the
# log records configures logging itself: `hrtraining` and the game print warnings on stderr but
# leave the sender's (``hrtraining.xapi``) out.
logging.getLogger("hrtraining").addHandler(logging.NullHandler())
