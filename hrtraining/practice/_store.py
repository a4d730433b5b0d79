"""What the practice layer needs of a store: two typed protocols.

As Yarn Spinner's ``VariableStorage`` is an interface the game implements, these are the
interfaces a store implements. :class:`hrtraining.progress.Store` (SQLite) implements both;
:class:`~hrtraining.practice.MemoryStore` implements both in memory (author test plays, tests).
One contract test (``tests/practice/test_store_contract.py``) runs the same cases against each
and compares every method's signature with the protocol's, so neither can drift.

Methods raise :class:`~hrtraining.progress.StoreError` (``NotFoundError`` for an unknown id)
when a write cannot be done, and ``ValueError`` for arguments of the wrong shape.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from hrtraining.progress import Attempt, HandCount, Profile, Room, SeriesPoint, Vote


@runtime_checkable
class AttemptStore(Protocol):
    """Profiles and attempts: one person's play, choice by choice."""

    def profile(self, name: str, *, remember: bool = False) -> Profile:
        """The profile called ``name`` (case-insensitive), created if missing."""

    def profiles(self) -> list[Profile]:
        """Every profile, by name."""

    def last_profile(self) -> str:
        """The profile used last, else the system's user name."""

    def start_attempt(self, profile: str, scenario_id: str, scenario_hash: str, scenario_title: str,
                      mode: str, *, source: str = "game", workshop_room: str | None = None) -> int:
        """Open an attempt; returns its id."""

    def record_choice(self, attempt_id: int, seq: int, node_id: str, choice_index: int, choice_text: str, *,
                      score: Mapping[str, int], codes: list[str], critical: bool, feedback: str) -> None:
        """Store choice ``seq`` (0-based; it must be the next one) of an open attempt."""

    def truncate_choices(self, attempt_id: int, seq: int) -> int:
        """Delete choices ``seq`` and later of an open attempt; returns how many."""

    def finish_attempt(self, attempt_id: int, *, ending_id: str, ending_title: str,
                       report: Mapping[str, Any]) -> None:
        """Close an attempt with the engine's report (``Report.to_dict()``)."""

    def abandon_attempt(self, attempt_id: int) -> None:
        """Give up an open attempt; its choices stay."""

    def set_self_rating(self, attempt_id: int, level: str | None) -> None:
        """The trainee's own rating of an attempt."""

    def start_replay(self, parent_attempt_id: int, from_decision: int, *, source: str = "game") -> int:
        """Open a practice attempt replaying ``parent_attempt_id`` from its decision
        ``from_decision`` (1-based), with copies of the choices before it; returns its id."""

    def record_reply(self, attempt_id: int, seq: int, node_id: str, text: str, *, seconds: float,
                     skipped: bool = False) -> None:
        """The trainee's own words at decision ``seq`` (the one faced now), before its options."""

    def mark_closeness(self, attempt_id: int, seq: int, closest_index: int | None, *,
                       closest_text: str = "") -> None:
        """Which offered option was closest to the reply at decision ``seq`` (None: none was)."""

    def set_reflection(self, attempt_id: int, text: str | None) -> None:
        """The trainee's written reflection on an attempt; None or blank removes it."""

    def attempt(self, attempt_id: int) -> Attempt:
        """One attempt with its choices, replies, reflection and report (a detailed record)."""

    def unfinished_attempts(self, profile: str, *, solo: bool = False) -> list[Attempt]:
        """Open attempts of ``profile``, newest first, detailed."""

    def room_attempt(self, code: str) -> Attempt | None:
        """The attempt recording workshop room ``code``'s path, detailed."""

    def attempts(self, profile: str, scenario_id: str | None = None, *, include_unfinished: bool = False,
                 limit: int | None = None, offset: int = 0, solo: bool = False) -> list[Attempt]:
        """Attempts of ``profile`` (finished only by default), newest first, light."""

    def best_levels(self, profile: str, *, solo: bool = False) -> dict[str, str]:
        """Best level reached per scenario id (whole attempts only, not replays)."""

    def progress_summary(self, profile: str, scenario_id: str | None = None, *, limit: int | None = None,
                         solo: bool = False) -> dict[str, list[SeriesPoint]]:
        """Per dimension, the finished whole attempts' results in time order (no replays)."""

    def close(self) -> None:
        """Release the store."""


@runtime_checkable
class RoomStore(Protocol):
    """Workshop rooms: their votes and show-of-hands counts."""

    def create_room(self, code: str, scenario_id: str, scenario_hash: str, scenario_title: str) -> Room:
        """Create a room; a taken code raises StoreError."""

    def room(self, code: str) -> Room:
        """The room ``code``; NotFoundError when there is none."""

    def rooms(self, *, open_only: bool = False) -> list[Room]:
        """Rooms, newest first."""

    def close_room(self, code: str) -> None:
        """Mark the room finished."""

    def record_vote(self, room_code: str, decision_seq: int, node_id: str, participant: str,
                    choice_index: int, *, nickname: str | None = None) -> None:
        """A participant's vote at one decision (replacing their earlier one there)."""

    def record_hands(self, room_code: str, decision_seq: int, node_id: str, counts: Mapping[int, int]) -> None:
        """The leader's show-of-hands counts at one decision (replacing earlier ones)."""

    def room_votes(self, room_code: str) -> list[Vote]:
        """All current votes of a room."""

    def room_hands(self, room_code: str) -> list[HandCount]:
        """All show-of-hands counts of a room."""

    def truncate_votes(self, room_code: str, decision_seq: int) -> int:
        """Drop the votes at ``decision_seq`` and later."""

    def truncate_hands(self, room_code: str, decision_seq: int) -> int:
        """Drop the hand counts at ``decision_seq`` and later."""


class Store(AttemptStore, RoomStore, Protocol):
    """Both at once: what the leader's game and the command line open."""
