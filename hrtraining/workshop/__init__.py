"""Workshop mode: a room plays one client together, voting from their phones.

The leader's machine runs everything, on the local network only:

* :class:`Room` (``_room``) — pure logic: the shared engine session, the
  decision phases, one vote per participant per decision, majority and ties,
  going back, show-of-hands counts, each participant's private summary and the
  group debrief.
* :class:`Workshop` (``_host``) — the room behind a lock, every vote written to
  the progress store as it arrives, immutable :class:`RoomView` snapshots for
  the projector, resumable from the store after a crash.
* :class:`WorkshopServer` (``_server``) — aiohttp in a background thread: the
  phone page, its static files and a validated WebSocket protocol.
* ``_guard``: the door every TCP connection passes (per-address limits, slow headers,
  a connection cap below the open-file limit, a cool-down for an address whose socket was cut
  for not joining, repeated errors logged once).
* ``lan_address``, ``interfaces``, ``self_test``, ``join_sheet``, ``join_url``, ``qr_matrix``,
  ``qr_png`` (``_net``): the network pre-flight and the join address.
* ``presenter`` (``_presenter``): what only the leader sees, as text for a window or a terminal.
* ``save_report``, ``ranked`` (``_report``): the leader's report (CSV, printable HTML) and
  leaderboard ranks that ties share.

Participants are known by the hash of the token their phone holds (``progress.token_hash``):
nothing kept on the leader's side lets anyone rejoin as someone else.

This package never imports pygame, the game or the command line (the import contracts in
pyproject.toml check it): the projector that draws a room lives with the rest of the drawing,
in the game package, and talks to this package only through :class:`Workshop`'s public API.
It may import ``engine``, ``progress`` and ``practice``.
"""
from __future__ import annotations

from hrtraining.practice import CODE_ALPHABET, normalize_code

from ._commands import LEADER_COMMANDS, Command, keys_hint
from ._commands import run as run_command
from ._host import MAX_PARTICIPANTS, Joined, OptionView, RosterEntry, RoomView, Workshop, find_room_attempt
from ._presenter import Presenter, presenter, roster_lines
from ._report import ranked, save_report
from ._net import Interface, interfaces, join_sheet, join_url, lan_address, qr_matrix, qr_png, qr_text, self_test
from ._results import GroupDebrief, RoomDecision, RoomOption
from ._results import debrief as group_debrief
from ._results import leaderboard
from ._results import summary as private_summary
from ._room import (NOTES, CLOSED, ENDED, FEEDBACK, OPEN, PHASES, REVEALED, WAITING, Decided, Participant, Room, RoomError,
                    Step, TieError, clean_nickname, new_code)
from ._server import WorkshopServer

__all__ = [
    "Workshop", "RoomView", "OptionView", "Joined", "RosterEntry", "Presenter", "presenter", "roster_lines",
    "ranked", "save_report", "find_room_attempt", "WorkshopServer", "MAX_PARTICIPANTS",
    "LEADER_COMMANDS", "Command", "keys_hint", "run_command", "GroupDebrief", "RoomDecision", "RoomOption", "group_debrief", "private_summary", "leaderboard",
    "join_url", "lan_address", "Interface", "interfaces", "join_sheet", "self_test", "qr_matrix", "qr_png", "qr_text",
    "Room", "RoomError", "TieError", "Step", "Decided", "Participant", "clean_nickname", "new_code",
    "normalize_code", "CODE_ALPHABET", "PHASES", "NOTES", "WAITING", "OPEN", "CLOSED", "REVEALED", "FEEDBACK", "ENDED",
]
