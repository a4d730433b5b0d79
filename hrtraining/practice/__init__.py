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
* :class:`Reply` (``_reply``) — the trainee's own words at a decision, written before the
  options are shown (write-first), and their closeness mark; :func:`clean_text`.
* :class:`Branches`, :class:`Preview` (``_replay``) — a played path's decisions: what each
  offered and where another option would have led (recorded nowhere).
* :func:`stored_debrief`, :func:`played_entry`, :func:`stored_branches`, :func:`supervision_page`
  (``_records``) — a stored attempt's debrief, whether it can be replayed, and the HTML file
  to take to supervision (:func:`supervision_html`, ``_supervision``).
* :class:`ProgressChart` (``_chart``) — the progress chart as figures (one line per scenario and
  mode, per skill) that the window draws, ``hrtraining progress`` prints and self-voicing reads.
* ``speak_*`` and :func:`spoken` (``_speech``) — what self-voicing says for a beat, an option,
  a coach note, a debrief page or the chart.

It may import ``engine`` and ``progress``; the workshop, the game and the command line
import it. It never imports pygame (the import contracts in pyproject.toml check both).
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Public names, by the module that defines them. They load on first use (PEP 562), so a command
# that needs only the words or the library (``validate``, ``playtest``) does not pay for the
# progress store's import.
_WHERE = {
    "_attempt": ("MODES", "Attempt", "AttemptInUse", "HistoryItem", "unfinished"),
    "_chart": ("ChartLine", "ChartPoint", "ProgressChart", "SkillChart"),
    "_debrief": ("OLDEST_READABLE", "Debrief", "Decision", "Miti", "Point", "Skill", "skill_json", "skill_note"),
    "_feedback": ("CoachNote", "coach_note"),
    "_library": ("CODE_ALPHABET", "CODE_LENGTH", "DEFAULT_DIR", "Entry", "Library", "NotInLibrary", "find_scenario",
                 "load", "normalize_code", "room_code", "scenario_for_room"),
    "_memory": ("MemoryStore",),
    "_recorder": ("Recorder", "Step"),
    "_records": ("played_entry", "stored_branches", "stored_debrief", "supervision_page"),
    "_replay": ("Branches", "Preview"),
    "_reply": ("MAX_REFLECTION", "MAX_REPLY", "Reply", "clean_text"),
    "_speech": ("speak_chart", "speak_choices", "speak_coach", "speak_debrief", "speak_ending", "speak_lines",
                "speak_option", "speak_rating_question", "spoken"),
    "_store": ("AttemptStore", "OutboxStore", "RoomStore", "Store"),
    "_supervision": ("About", "supervision_filename", "supervision_html"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'hrtraining.practice' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)


if TYPE_CHECKING:  # for type checkers and readers: the same names, imported plainly
    # ruff: noqa: F401
    from ._attempt import MODES, Attempt, AttemptInUse, HistoryItem, unfinished
    from ._chart import ChartLine, ChartPoint, ProgressChart, SkillChart
    from ._debrief import OLDEST_READABLE, Debrief, Decision, Miti, Point, Skill, skill_json, skill_note
    from ._feedback import CoachNote, coach_note
    from ._library import (CODE_ALPHABET, CODE_LENGTH, DEFAULT_DIR, Entry, Library, NotInLibrary, find_scenario, load,
                           normalize_code, room_code, scenario_for_room)
    from ._memory import MemoryStore
    from ._recorder import Recorder, Step
    from ._records import played_entry, stored_branches, stored_debrief, supervision_page
    from ._replay import Branches, Preview
    from ._reply import MAX_REFLECTION, MAX_REPLY, Reply, clean_text
    from ._speech import (speak_chart, speak_choices, speak_coach, speak_debrief, speak_ending, speak_lines,
                          speak_option, speak_rating_question, spoken)
    from ._store import AttemptStore, OutboxStore, RoomStore, Store
    from ._supervision import About, supervision_filename, supervision_html
