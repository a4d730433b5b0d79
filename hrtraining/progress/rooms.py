"""Workshop rooms, votes and show-of-hands counts, as a mixin of
:class:`~hrtraining.progress.Store`.

Every vote, and every set of hand counts the leader types in, is committed when it
arrives, so a crash of the leader's game loses none and a room can be resumed. The
workshop server calls these from its own thread; the Store's lock serialises them with the
game thread.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Callable

from .checks import require_count as _count
from .checks import check_statements, check_votes, require_text, require_token_hash, token_hash
from .db import NotFoundError, StoreError, iso
from .models import HandCount, Room, Vote

if TYPE_CHECKING:
    from datetime import datetime

_ROOM_COLUMNS = "code, scenario_id, scenario_hash, scenario_title, created_at, closed_at, locked"
_VOTE_COLUMNS = (
    "room_code, decision_seq, node_id, participant, nickname, choice_index, voted_at"
)
_HAND_COLUMNS = "room_code, decision_seq, node_id, choice_index, count, counted_at"


class RoomsMixin:
    # Provided by Store.
    _clock: Callable[[], datetime]
    _enqueue: Callable[[sqlite3.Connection, Sequence[tuple[str, str]]], None]
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def create_room(
        self, code: str, scenario_id: str, scenario_hash: str, scenario_title: str
    ) -> Room:
        """Create a room. Codes are unique for all time: a taken code raises StoreError,
        and the workshop draws another."""
        require_text("code", code)
        require_text("scenario_id", scenario_id)
        require_text("scenario_hash", scenario_hash)
        if not isinstance(scenario_title, str):
            raise ValueError("scenario_title must be a string")
        now = iso(self._clock())
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM workshop_rooms WHERE code = ?", (code,)).fetchone():
                raise StoreError(f"room code {code!r} is already taken")
            conn.execute(
                f"INSERT INTO workshop_rooms ({_ROOM_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, 0)",
                (code, scenario_id, scenario_hash, scenario_title, now),
            )
        return Room(code, scenario_id, scenario_hash, scenario_title, now, None)

    def room(self, code: str) -> Room:
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_ROOM_COLUMNS} FROM workshop_rooms WHERE code = ?", (code,)
            ).fetchone()
        if row is None:
            raise NotFoundError(f"no workshop room {code!r}")
        return _room(row)

    def rooms(self, *, open_only: bool = False) -> list[Room]:
        """Rooms, newest first; ``open_only`` lists the ones a crashed game can resume."""
        where = "WHERE closed_at IS NULL" if open_only else ""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_ROOM_COLUMNS} FROM workshop_rooms {where} "
                "ORDER BY created_at DESC, code"
            ).fetchall()
        return [_room(row) for row in rows]

    def close_room(self, code: str) -> None:
        """Mark the room finished; later votes are refused. Closing twice is harmless."""
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE workshop_rooms SET closed_at = coalesce(closed_at, ?) WHERE code = ?",
                (iso(self._clock()), code),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no workshop room {code!r}")

    def set_room_locked(self, room_code: str, locked: bool) -> None:
        """Keep whether the leader locked the room (nobody new may join), for a resume.

        The room must exist and be open. Committed on return; setting the same value again is
        harmless (the workshop writes the whole state each time, see ``Workshop.set_locked``).
        """
        require_text("room_code", room_code)
        if not isinstance(locked, bool):
            raise ValueError("locked must be True or False")
        with self._write() as conn:
            self._open_room(conn, room_code)
            conn.execute("UPDATE workshop_rooms SET locked = ? WHERE code = ?", (int(locked), room_code))

    def remove_participants(
        self, room_code: str, participants: Sequence[str], *, decision_seq: int | None = None
    ) -> int:
        """Keep that the leader removed these participants, so they stay out after a resume.

        ``participants`` are token hashes (as :meth:`room_votes` gives them; a raw token is
        refused with ValueError, never stored). Removing someone again keeps the first time.
        With ``decision_seq``, their votes at that decision are dropped in the same transaction
        (a removed participant's vote at the current decision stops counting). The room must
        exist and be open. Returns how many votes were dropped.
        """
        require_text("room_code", room_code)
        if isinstance(participants, str) or not isinstance(participants, Sequence):
            raise ValueError("participants must be a sequence of token hashes")
        keys = [require_token_hash("participant", p) for p in participants]
        if decision_seq is not None:
            _count("decision_seq", decision_seq)
        now = iso(self._clock())
        with self._write() as conn:
            self._open_room(conn, room_code)
            conn.executemany(
                "INSERT INTO workshop_removed (room_code, participant, removed_at) VALUES (?, ?, ?) "
                "ON CONFLICT (room_code, participant) DO NOTHING",
                [(room_code, key, now) for key in keys],
            )
            if decision_seq is None:
                return 0
            dropped = 0
            for key in keys:
                dropped += conn.execute(
                    "DELETE FROM workshop_votes WHERE room_code = ? AND decision_seq = ? "
                    "AND participant = ?", (room_code, decision_seq, key),
                ).rowcount
            return dropped

    def room_removed(self, room_code: str) -> list[str]:
        """The token hashes of the participants the leader removed from a room, oldest removal
        first (removals in the same millisecond by hash)."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT participant FROM workshop_removed WHERE room_code = ? "
                "ORDER BY removed_at, participant",
                (room_code,),
            ).fetchall()
        return [row[0] for row in rows]

    def record_vote(
        self,
        room_code: str,
        decision_seq: int,
        node_id: str,
        participant: str,
        choice_index: int,
        *,
        nickname: str | None = None,
        statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Store a participant's vote at one decision, replacing their earlier vote there.

        ``decision_seq`` is the 0-based index of the decision in the room's path (the same
        numbering as ``record_choice``'s ``seq``). ``participant`` is the phone's token: only
        its hash (:func:`~hrtraining.progress.checks.token_hash`) is stored, and
        :meth:`room_votes` gives that hash back. ``statements`` (xAPI) enter the outbox in the
        same transaction. Committed before returning.
        """
        self.record_votes(room_code, [(decision_seq, node_id, participant, choice_index, nickname)],
                          statements=statements)

    def record_votes(
        self,
        room_code: str,
        votes: Sequence[tuple[int, str, str, int, str | None]],
        *,
        statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Store many votes in one transaction, in order (a later one replaces an earlier one of
        the same participant at the same decision): (decision_seq, node_id, participant token,
        choice_index, nickname). All or none are stored; each is checked as :meth:`record_vote`
        checks one. The workshop writes the votes that arrive together this way (one commit,
        not one per vote), with their xAPI ``statements``."""
        require_text("room_code", room_code)
        now = iso(self._clock())
        rows = [(room_code, seq, node_id, token_hash(participant), nickname, index, now)
                for seq, node_id, participant, index, nickname in check_votes(votes)]
        queued = check_statements(statements)
        if not rows:
            return
        with self._write() as conn:
            self._open_room(conn, room_code)
            conn.executemany(
                f"INSERT INTO workshop_votes ({_VOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (room_code, decision_seq, participant) DO UPDATE SET "
                "node_id = excluded.node_id, nickname = excluded.nickname, "
                "choice_index = excluded.choice_index, voted_at = excluded.voted_at",
                rows,
            )
            self._enqueue(conn, queued)

    @staticmethod
    def _open_room(conn: sqlite3.Connection, room_code: str) -> None:
        """Raise unless room ``room_code`` exists and is still open."""
        row = conn.execute(
            "SELECT closed_at FROM workshop_rooms WHERE code = ?", (room_code,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no workshop room {room_code!r}")
        if row[0] is not None:
            raise StoreError(f"workshop room {room_code!r} is closed")

    def record_hands(
        self, room_code: str, decision_seq: int, node_id: str, counts: Mapping[int, int]
    ) -> None:
        """Store the leader's show-of-hands counts (choice index -> hands) at one decision.

        They replace every count stored earlier for that decision (the leader typed them
        again), in one transaction; empty ``counts`` clears them. Committed on return.
        """
        require_text("room_code", room_code)
        _count("decision_seq", decision_seq)
        require_text("node_id", node_id)
        if not isinstance(counts, Mapping):
            raise ValueError("counts must map choice indexes to counts")
        rows = [
            (room_code, decision_seq, node_id, _count("choice_index", index),
             _count("count", n))
            for index, n in sorted(counts.items())
        ]
        now = iso(self._clock())
        with self._write() as conn:
            self._open_room(conn, room_code)
            conn.execute(
                "DELETE FROM workshop_hands WHERE room_code = ? AND decision_seq = ?",
                (room_code, decision_seq),
            )
            conn.executemany(
                f"INSERT INTO workshop_hands ({_HAND_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                [(*row, now) for row in rows],
            )

    def room_hands(self, room_code: str) -> list[HandCount]:
        """All stored show-of-hands counts of a room, by decision then choice."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_HAND_COLUMNS} FROM workshop_hands WHERE room_code = ? "
                "ORDER BY decision_seq, choice_index",
                (room_code,),
            ).fetchall()
        return [HandCount(*row) for row in rows]

    def truncate_hands(self, room_code: str, decision_seq: int) -> int:
        """Drop the hand counts at ``decision_seq`` and later (the leader went back a step).

        Returns the number of counts removed.
        """
        return self._truncate("workshop_hands", room_code, decision_seq)

    def remove_vote(self, room_code: str, decision_seq: int, participant: str) -> int:
        """Drop one participant's vote at ``decision_seq`` (the leader removed them from the room).

        ``participant`` is the stored hash, as :meth:`room_votes` gives it. Returns how many
        votes were removed (0 or 1).
        """
        require_text("participant", participant)
        _count("decision_seq", decision_seq)
        with self._write() as conn:
            cursor = conn.execute(
                "DELETE FROM workshop_votes WHERE room_code = ? AND decision_seq = ? AND participant = ?",
                (room_code, decision_seq, participant),
            )
            return cursor.rowcount

    def truncate_votes(self, room_code: str, decision_seq: int) -> int:
        """Drop the votes at ``decision_seq`` and later (the leader went back a step).

        Returns the number of votes removed.
        """
        return self._truncate("workshop_votes", room_code, decision_seq)

    def _truncate(self, table: str, room_code: str, decision_seq: int) -> int:
        """Delete a room's rows of ``table`` from ``decision_seq`` on; the room must exist."""
        assert table in ("workshop_hands", "workshop_votes")  # never a name from outside
        _count("decision_seq", decision_seq)
        with self._write() as conn:
            if not conn.execute(
                "SELECT 1 FROM workshop_rooms WHERE code = ?", (room_code,)
            ).fetchone():
                raise NotFoundError(f"no workshop room {room_code!r}")
            cursor = conn.execute(
                f"DELETE FROM {table} WHERE room_code = ? AND decision_seq >= ?",
                (room_code, decision_seq),
            )
            return cursor.rowcount

    def room_votes(self, room_code: str) -> list[Vote]:
        """All current votes of a room, by decision then time of voting (participants hashed)."""
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_VOTE_COLUMNS} FROM workshop_votes WHERE room_code = ? "
                "ORDER BY decision_seq, voted_at, participant",
                (room_code,),
            ).fetchall()
        return [Vote(*row) for row in rows]


def _room(row: Sequence[Any]) -> Room:
    """A ``workshop_rooms`` row (columns as ``_ROOM_COLUMNS``) as a :class:`Room`."""
    *head, locked = row
    return Room(*head, locked=bool(locked))
