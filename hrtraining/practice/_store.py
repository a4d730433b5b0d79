"""What the practice layer needs of a store: three typed protocols (attempts, rooms, the xAPI outbox).

As Yarn Spinner's ``VariableStorage`` is an interface the game implements, these are the
interfaces a store implements. :class:`hrtraining.progress.Store` (SQLite) implements both;
:class:`~hrtraining.practice.MemoryStore` implements both in memory (author test plays, tests).
One contract test (``tests/practice/test_store_contract.py``) runs the same cases against each
and compares every method's signature with the protocol's, so neither can drift.

Methods raise :class:`~hrtraining.progress.StoreError` (``NotFoundError`` for an unknown id)
when a write cannot be done, and ``ValueError`` for arguments of the wrong shape.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from hrtraining.progress import (LEASE_SECONDS, Attempt, HandCount, Lease, OutboxItem, OutboxStatus, Profile, Room,
                                 SeriesPoint, Vote)

#: xAPI statements handed to a write method: they enter the outbox in the same transaction as
#: the record they describe (None: none; see docs/xapi.md).
Statements = Sequence[Mapping[str, Any]] | None


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
                      mode: str, *, source: str = "game", workshop_room: str | None = None,
                      registration: str | None = None, statements: Statements = None) -> int:
        """Open an attempt (with its xAPI ``registration``, made when None); returns its id."""

    def record_choice(self, attempt_id: int, seq: int, node_id: str, choice_index: int, choice_text: str, *,
                      score: Mapping[str, int], codes: list[str], critical: bool, feedback: str,
                      statements: Statements = None) -> None:
        """Store choice ``seq`` (0-based; it must be the next one) of an open attempt."""

    def truncate_choices(self, attempt_id: int, seq: int) -> int:
        """Delete choices ``seq`` and later of an open attempt; returns how many."""

    def finish_attempt(self, attempt_id: int, *, ending_id: str, ending_title: str,
                       report: Mapping[str, Any], statements: Statements = None) -> None:
        """Close an attempt with the engine's report (``Report.to_dict()``)."""

    def abandon_attempt(self, attempt_id: int) -> None:
        """Give up an open attempt; its choices stay."""

    def set_self_rating(self, attempt_id: int, level: str | None, *, statements: Statements = None) -> None:
        """The trainee's own rating of an attempt."""

    def start_replay(self, parent_attempt_id: int, from_decision: int, *, source: str = "game",
                     registration: str | None = None, statements: Statements = None) -> int:
        """Open a practice attempt replaying ``parent_attempt_id`` from its decision
        ``from_decision`` (1-based), with copies of the choices before it (and its own xAPI
        ``registration``, made when None); returns its id."""

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
                 limit: int | None = None, offset: int = 0, solo: bool = False,
                 whole: bool = False) -> list[Attempt]:
        """Attempts of ``profile`` (finished only by default), newest first, light; ``whole``
        leaves out replays from a decision."""

    def best_levels(self, profile: str, *, solo: bool = False) -> dict[str, str]:
        """Best level reached per scenario id (whole attempts only, not replays)."""

    def progress_summary(self, profile: str, scenario_id: str | None = None, *, limit: int | None = None,
                         solo: bool = False) -> dict[str, list[SeriesPoint]]:
        """Per dimension, the finished whole attempts' results in time order (no replays)."""

    def lease_attempt(self, attempt_id: int, *, seconds: float = LEASE_SECONDS, take_over: bool = False) -> Lease:
        """Hold an attempt for this window; LeasedError while another window holds it."""

    def lease_of(self, attempt_id: int) -> Lease | None:
        """Who holds an attempt now; None when nobody does (or the lease lapsed)."""

    def renew_leases(self, *, seconds: float = LEASE_SECONDS) -> int:
        """The heartbeat: extend every lease this store holds."""

    def release_lease(self, attempt_id: int) -> None:
        """Let go of one attempt."""

    def release_leases(self) -> None:
        """Let go of every attempt this store holds."""

    def close(self) -> None:
        """Release the store (and its leases)."""


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
                    choice_index: int, *, nickname: str | None = None, statements: Statements = None) -> None:
        """A participant's vote at one decision (replacing their earlier one there).

        ``participant`` is the phone's token; a store keeps only its hash
        (``hrtraining.progress.token_hash``) and :meth:`room_votes` returns that hash.
        """

    def record_votes(self, room_code: str, votes: Sequence[tuple[int, str, str, int, str | None]], *,
                     statements: Statements = None) -> None:
        """Many votes in one transaction, in order: (decision_seq, node_id, participant token,
        choice_index, nickname); all or none are stored, with their xAPI ``statements``."""

    def record_hands(self, room_code: str, decision_seq: int, node_id: str, counts: Mapping[int, int]) -> None:
        """The leader's show-of-hands counts at one decision (replacing earlier ones)."""

    def room_votes(self, room_code: str) -> list[Vote]:
        """All current votes of a room (each participant as the hash of their token)."""

    def room_hands(self, room_code: str) -> list[HandCount]:
        """All show-of-hands counts of a room."""

    def remove_vote(self, room_code: str, decision_seq: int, participant: str) -> int:
        """Drop one participant's vote at one decision (``participant``: the hash ``room_votes``
        gives); returns how many were removed (0 or 1)."""

    def set_room_locked(self, room_code: str, locked: bool) -> None:
        """Keep whether the leader locked the room (``room(code).locked`` gives it back)."""

    def remove_participants(self, room_code: str, participants: Sequence[str], *,
                            decision_seq: int | None = None) -> int:
        """Keep that the leader removed these participants (token hashes only: a raw token is
        refused); with ``decision_seq``, drop their votes there too, in the same transaction.
        Returns how many votes were dropped."""

    def room_removed(self, room_code: str) -> list[str]:
        """The token hashes of the participants removed from a room, oldest removal first
        (removals in the same millisecond by hash)."""

    def truncate_votes(self, room_code: str, decision_seq: int) -> int:
        """Drop the votes at ``decision_seq`` and later."""

    def truncate_hands(self, room_code: str, decision_seq: int) -> int:
        """Drop the hand counts at ``decision_seq`` and later."""


@runtime_checkable
class OutboxStore(Protocol):
    """The xAPI outbox: statements waiting for the Learning Record Store (``hrtraining.progress.outbox``)."""

    outbox_limit: int

    def outbox_claim(self, limit: int, owner: str, *, lease_seconds: float = 60.0,
                     due_only: bool = True) -> list[OutboxItem]:
        """Lease the oldest waiting statements to ``owner``."""

    def outbox_sent(self, seqs: Sequence[int]) -> None:
        """The LRS took these: remove them."""

    def outbox_failed(self, seqs: Sequence[int], error: str, *, retry_in: float = 0.0) -> None:
        """Sending failed for a reason that may pass: try again after ``retry_in`` seconds."""

    def outbox_reject(self, seqs: Sequence[int], reason: str) -> None:
        """The LRS refused these statements themselves: keep them aside."""

    def outbox_release(self, owner: str) -> int:
        """Give back ``owner``'s leases."""

    def outbox_retry_rejected(self) -> int:
        """Put refused statements back in line."""

    def outbox_status(self) -> OutboxStatus:
        """Counts and the last outcome of sending."""

    def outbox_rejected(self, limit: int = 20) -> list[tuple[str, str]]:
        """(statement id, reason) of refused statements, oldest first."""


class Store(AttemptStore, RoomStore, OutboxStore, Protocol):
    """All three: what the leader's game and the command line open."""
