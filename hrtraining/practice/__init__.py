"""The practice layer: what the window, the terminal and the workshop share (pygame-free).

* :class:`Attempt` (``_attempt``) — start or resume an attempt, ``choose()`` that stores each
  choice as it is made, ``finish()``, the trainee's own rating (locked once scores are
  shown), taking a choice back in practice mode, F5 reload, and the history.
* :class:`Recorder` (``_recorder``) — the fail-safe adapter over a store: storage never stops
  play, and one failed write is made good by the next (:meth:`Recorder.sync`).
* :class:`AttemptStore`, :class:`RoomStore`, :class:`OutboxStore` (``_store``) — the typed protocols a store
  implements: :class:`hrtraining.progress.Store` (SQLite) and :class:`MemoryStore` (nothing
  kept: author test plays and tests). One contract test holds both to the protocols.
* :class:`Library`, :class:`Entry`, :func:`find_scenario`, :func:`scenario_for_room`
  (``_library``) — the scenarios on disk, found by id or path, and a room's scenario.
* :mod:`hrtraining.practice.xapi` — xAPI statements for a Learning Record Store: the recorder
  and the workshop hand them to the store's writes (the outbox, same transaction) and a sender
  thread posts them (docs/xapi.md).
* :class:`Debrief` (``_debrief``) — one model of what an attempt earned, built from the
  engine's report (or a stored one of any version), that every front end renders; the
  words it uses live in :mod:`hrtraining.practice.words`.

It may import ``engine`` and ``progress``; the workshop, the game and the command line
import it. It never imports pygame (the import contracts in pyproject.toml check both).
"""
from __future__ import annotations

from ._attempt import MODES, Attempt, HistoryItem, unfinished
from ._library import (CODE_ALPHABET, CODE_LENGTH, DEFAULT_DIR, Entry, Library, NotInLibrary, find_scenario, load,
                       normalize_code, room_code, scenario_for_room)
from ._memory import MemoryStore
from ._recorder import Recorder, Step
from ._store import AttemptStore, OutboxStore, RoomStore, Store

__all__ = [
    "MODES", "Attempt", "HistoryItem", "unfinished",
    "CODE_ALPHABET", "CODE_LENGTH", "DEFAULT_DIR", "Entry", "Library", "NotInLibrary", "find_scenario", "load",
    "normalize_code", "room_code", "scenario_for_room",
    "MemoryStore", "Recorder", "Step", "AttemptStore", "OutboxStore", "RoomStore", "Store",
]
