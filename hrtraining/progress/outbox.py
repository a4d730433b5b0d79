"""The xAPI outbox, as a mixin of :class:`~hrtraining.progress.Store`: statements waiting for
the Learning Record Store.

Statements enter only through the write methods of ``attempts`` and ``rooms`` (their
``statements=`` argument), in the same transaction as the choice, vote or rating they
describe, so a statement exists exactly when its record does. A sender takes the oldest ones
in batches (:meth:`outbox_claim` leases them, so two senders, say the game and ``hrtraining
lrs sync``, never post the same batch at once), and reports back: taken
(:meth:`outbox_sent`, the rows are deleted), failed (:meth:`outbox_failed`, tried again later)
or refused for good (:meth:`outbox_reject`, kept aside with the reason).

The outbox is capped (``outbox_limit``): when it is full the *newest* statements are not
kept (the oldest are what an agency is missing longest), the choice itself is still
recorded, and the count of statements not kept is shown by ``lrs status``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import TYPE_CHECKING, Callable

from .checks import require_count, require_text
from .db import iso
from .models import OutboxItem, OutboxStatus

if TYPE_CHECKING:
    from datetime import datetime

#: Statements waiting at most; about 2 KB each, so ~200 MB at the cap. A trainee playing all
#: day offline makes a few hundred.
OUTBOX_LIMIT = 100_000

_SENT, _SENT_AT, _DROPPED = "xapi.sent", "xapi.sent_at", "xapi.dropped"
_ERROR, _ERROR_AT = "xapi.error", "xapi.error_at"


class OutboxMixin:
    """The outbox table and the sending state kept in ``settings``."""

    # Provided by Store.
    _clock: Callable[[], datetime]
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[[], AbstractContextManager[sqlite3.Connection]]

    #: The cap; a store may be given a smaller one (tests, a small disk).
    outbox_limit: int = OUTBOX_LIMIT

    # -- adding (inside another write's transaction) ---------------------------------------
    def _enqueue(self, conn: sqlite3.Connection, rows: Sequence[tuple[str, str]]) -> None:
        """Add checked ``(statement id, body)`` rows; what does not fit under the cap is counted
        as dropped. A statement id already in the outbox is not added twice."""
        if not rows:
            return
        room = self._outbox_room(conn, len(rows))
        if room:
            now = iso(self._clock())
            conn.executemany(
                "INSERT INTO xapi_outbox (statement_id, body, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT (statement_id) DO NOTHING",
                [(sid, body, now) for sid, body in rows[:room]],
            )
        if room < len(rows):
            _bump(conn, _DROPPED, len(rows) - room)

    def _outbox_room(self, conn: sqlite3.Connection, wanted: int) -> int:
        """How many of ``wanted`` new statements fit. The seq range is an upper bound on the
        count read from the primary key alone; the exact count (a scan) only near the cap."""
        lo, hi = conn.execute("SELECT min(seq), max(seq) FROM xapi_outbox").fetchone()
        if lo is None or hi - lo + 1 + wanted <= self.outbox_limit:
            return wanted
        count = conn.execute(
            "SELECT count(*) FROM xapi_outbox WHERE rejected IS NULL"
        ).fetchone()[0]
        return max(0, min(wanted, self.outbox_limit - count))

    # -- sending ------------------------------------------------------------------------------
    def outbox_claim(self, limit: int, owner: str, *, lease_seconds: float = 60.0,
                     due_only: bool = True) -> list[OutboxItem]:
        """Lease the oldest waiting statements (at most ``limit``) to ``owner``.

        Leased statements are not handed to another sender until the lease ends (a sender
        that was killed mid-batch loses its lease after ``lease_seconds``). ``due_only``
        skips those still backing off after a failure.
        """
        require_count("limit", limit)
        require_text("owner", owner)
        now = self._clock()
        stamp, until = iso(now), iso(now + timedelta(seconds=lease_seconds))
        due = "AND (next_try_at IS NULL OR next_try_at <= :now) " if due_only else ""
        with self._write() as conn:
            rows = conn.execute(
                "SELECT seq, statement_id, body, tries FROM xapi_outbox "
                "WHERE rejected IS NULL AND (lease_until IS NULL OR lease_until <= :now) "
                f"{due}ORDER BY seq LIMIT :limit",
                {"now": stamp, "limit": limit},
            ).fetchall()
            conn.executemany(
                "UPDATE xapi_outbox SET lease_until = ?, lease_owner = ? WHERE seq = ?",
                [(until, owner, row[0]) for row in rows],
            )
        return [OutboxItem(*row) for row in rows]

    def outbox_sent(self, seqs: Sequence[int]) -> None:
        """The LRS took these statements: remove them and note the success."""
        with self._write() as conn:
            _delete(conn, seqs)
            _bump(conn, _SENT, len(seqs))
            _put(conn, _SENT_AT, iso(self._clock()))
            _put(conn, _ERROR, None)
            _put(conn, _ERROR_AT, None)

    def outbox_failed(self, seqs: Sequence[int], error: str, *, retry_in: float = 0.0) -> None:
        """Sending failed for a reason that may pass (network, 5xx, credentials): try these
        again after ``retry_in`` seconds. ``error`` is shown to the trainee as it is."""
        require_text("error", error)
        now = self._clock()
        with self._write() as conn:
            conn.executemany(
                "UPDATE xapi_outbox SET tries = tries + 1, next_try_at = ?, lease_until = NULL, "
                "lease_owner = NULL WHERE seq = ?",
                [(iso(now + timedelta(seconds=retry_in)), seq) for seq in seqs],
            )
            _put(conn, _ERROR, error)
            _put(conn, _ERROR_AT, iso(now))

    def outbox_reject(self, seqs: Sequence[int], reason: str) -> None:
        """The LRS refused these statements themselves (400, 409): keep them aside, not resent."""
        require_text("reason", reason)
        with self._write() as conn:
            conn.executemany(
                "UPDATE xapi_outbox SET rejected = ?, lease_until = NULL, lease_owner = NULL "
                "WHERE seq = ?",
                [(reason, seq) for seq in seqs],
            )

    def outbox_release(self, owner: str) -> int:
        """Give back every lease ``owner`` holds (a sender stopping); returns how many."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE xapi_outbox SET lease_until = NULL, lease_owner = NULL "
                "WHERE lease_owner = ?", (owner,)
            ).rowcount

    def outbox_retry_rejected(self) -> int:
        """Put the refused statements back in line (after the LRS was fixed); returns how many."""
        with self._write() as conn:
            return conn.execute(
                "UPDATE xapi_outbox SET rejected = NULL, next_try_at = NULL "
                "WHERE rejected IS NOT NULL"
            ).rowcount

    def outbox_status(self) -> OutboxStatus:
        """Counts and the last outcome of sending."""
        with self._read() as conn:
            waiting, next_try, oldest = conn.execute(
                "SELECT count(*), min(next_try_at), min(created_at) FROM xapi_outbox "
                "WHERE rejected IS NULL"
            ).fetchone()
            rejected = conn.execute(
                "SELECT count(*) FROM xapi_outbox WHERE rejected IS NOT NULL"
            ).fetchone()[0]
            values = dict(conn.execute(
                "SELECT key, value FROM settings WHERE key LIKE 'xapi.%'"
            ).fetchall())
        return OutboxStatus(
            waiting=waiting, rejected=rejected, dropped=int(values.get(_DROPPED) or 0),
            sent=int(values.get(_SENT) or 0), limit=self.outbox_limit,
            last_error=values.get(_ERROR), last_error_at=values.get(_ERROR_AT),
            last_sent_at=values.get(_SENT_AT), next_try_at=next_try, oldest_at=oldest,
        )

    def outbox_rejected(self, limit: int = 20) -> list[tuple[str, str]]:
        """(statement id, reason) of refused statements, oldest first."""
        require_count("limit", limit)
        with self._read() as conn:
            return [tuple(r) for r in conn.execute(
                "SELECT statement_id, rejected FROM xapi_outbox WHERE rejected IS NOT NULL "
                "ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()]


def _delete(conn: sqlite3.Connection, seqs: Sequence[int]) -> None:
    conn.executemany("DELETE FROM xapi_outbox WHERE seq = ?", [(s,) for s in seqs])


def _bump(conn: sqlite3.Connection, key: str, n: int) -> None:
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET "
        "value = CAST(coalesce(value, '0') AS INTEGER) + excluded.value",
        (key, n),
    )


def _put(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM settings WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
