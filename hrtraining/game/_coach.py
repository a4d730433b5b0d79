"""The practice-mode coach panel, as rows the conversation scene lays out.

The words are the practice layer's :class:`~hrtraining.practice.CoachNote` (the terminal prints
the same note); this module only arranges them as (kind, title, text) rows.
"""
from __future__ import annotations

from typing import Any

from hrtraining.engine import Outcome
from hrtraining.practice import coach_note


def coach_rows(play: Any, outcome: Outcome) -> list[tuple[str, str, str]]:
    """(kind, title, text) rows of the practice coach panel; chips are joined by '|'."""
    note = coach_note(outcome, play.scenario, play.rubric)
    return [
        ("head", "Coach", "Critical choice" if note.critical else ""),
        ("text", note.felt_title, note.felt),
        ("text", note.principle_title, note.principle),
        ("chips", "What you did", "|".join(note.chips) if note.chips else "Not coded"),
    ]
