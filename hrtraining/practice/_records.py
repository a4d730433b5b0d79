"""Stored attempts, looked at again: their debrief, and whether they can be replayed.

The progress screen, ``hrtraining export --format html`` and the terminal all open a stored
attempt the same way: its debrief comes from the stored report, choices and the trainee's own
words (:meth:`Debrief.from_stored`), quoting prompts and stronger options when the scenario *as
played* (same content hash) is still in the library; replaying it or previewing its other
options needs that version too (:func:`played_entry`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hrtraining.engine import HRTrainingError

from ._debrief import Debrief
from ._library import Entry, Library
from ._replay import Branches

if TYPE_CHECKING:
    from hrtraining.progress import Attempt as AttemptRecord


def played_entry(record: AttemptRecord, library: Library | None) -> Entry | None:
    """The library's entry of the scenario exactly as ``record`` was played, or None (gone,
    edited since, or now broken)."""
    entry = library.by_id(record.scenario_id) if library is not None else None
    if entry is None or not entry.ok or entry.content_hash != record.scenario_hash:
        return None
    return entry


def _rubric(record: AttemptRecord, library: Library | None) -> Any:
    """A rubric to name the skills by: the scenario's own (any version), else the library's first."""
    if library is None:
        return None
    entry = library.by_id(record.scenario_id)
    if entry is not None and entry.result.rubric is not None:
        return entry.result.rubric
    return next((e.result.rubric for e in library.entries if e.result.rubric is not None), None)


def stored_debrief(record: AttemptRecord, library: Library | None = None) -> Debrief:
    """The debrief of a stored, detailed attempt. Raises :class:`~hrtraining.engine.StateError`
    for a report this version cannot read."""
    scenario = rubric = None
    entry = played_entry(record, library)
    if entry is not None:
        try:
            scenario, rubric = entry.load()
        except HRTrainingError:
            scenario = None
    return Debrief.from_stored(record.report or {}, record.choices, rubric=rubric or _rubric(record, library),
                               scenario=scenario, self_rating=record.self_rating, replies=record.replies,
                               reflection=record.reflection, from_decision=record.from_decision)


def stored_branches(record: AttemptRecord, library: Library | None) -> Branches | None:
    """The stored path over the scenario as played, for replays and previews; None when that
    version is not in the library (or the path no longer fits it)."""
    entry = played_entry(record, library)
    if entry is None:
        return None
    try:
        scenario, rubric = entry.load()
        return Branches(scenario, rubric, [(c.node_id, c.choice_index) for c in record.choices])
    except HRTrainingError:
        return None


def supervision_page(record: AttemptRecord, library: Library | None = None) -> tuple[str, str]:
    """A stored, detailed attempt as the HTML file to take to supervision: (page, file name).
    Raises :class:`~hrtraining.engine.StateError` for a report this version cannot read."""
    from ._supervision import About, supervision_filename, supervision_html

    about = About(record.scenario_title or record.scenario_id, record.profile,
                  record.finished_at or record.started_at, record.mode, record.id,
                  outdated=played_entry(record, library) is None)
    return supervision_html(stored_debrief(record, library), about), supervision_filename(about)
