"""One writer per open attempt: leases, as a mixin of :class:`~hrtraining.progress.Store`.

Two windows (or a window and a terminal) on one profile used to interleave: both resumed the
same attempt, and the stored path became one's choice and then the other's. Now the process
that opens an attempt *leases* it for a short time and renews the lease while it lives (a
heartbeat: see ``practice.Recorder``); a crashed or killed process stops renewing, and its
lease lapses. Another process may read the attempt, start a new one, or take over once the
lease has lapsed, but never write into it while it is held.

The rule is enforced in the database, not only by politeness: each connection has its own
owner id in a TEMP table, and TEMP triggers refuse any change to a leased attempt's choices or
row by a connection that is not its *last holder* (``RAISE(ABORT, 'hrtraining-leased ...')``),
which the store turns into :class:`LeasedError`. A lease that lapses or is released keeps its
holder until another window takes it: so a window that stalled past its lease may still write
if nobody took over, but never after someone did (even once that someone let go). An attempt
that was never leased is open to any writer (the workshop's rooms, scripts). Times are SQLite's
own clock (unix seconds), so all processes on the machine agree; a released lease has
``until`` 0, which the heartbeat leaves alone.
"""

from __future__ import annotations

import os
import secrets
import socket
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from .checks import require_int
from .db import NotFoundError, StoreError

#: How long a lease lasts without a heartbeat; holders renew every third of it.
LEASE_SECONDS = 30.0
_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
LEASED_MARK = "hrtraining-leased"


class LeasedError(StoreError):
    """The attempt is open in another window, which holds its lease; nothing was written."""

    def __init__(self, message: str, holder: str = "", seconds_left: float = 0.0) -> None:
        super().__init__(message)
        self.holder = holder
        self.seconds_left = seconds_left


@dataclass(frozen=True)
class Lease:
    attempt_id: int
    holder: str           # the label of whoever holds it
    mine: bool
    seconds_left: float   # until it lapses (0 or less: lapsed)


def default_label() -> str:
    """Who holds a lease, as another window is told: the program, the machine and the process."""
    try:
        host = socket.gethostname()
    except OSError:
        host = "this computer"
    return f"hrtraining on {host} (process {os.getpid()})"


def install_guard(conn: sqlite3.Connection) -> str:
    """Give ``conn`` an owner id and the TEMP triggers that keep it out of others' leased attempts.

    TEMP objects live only in this connection, so another process's connection has its own id
    and its own triggers. Returns the owner id.
    """
    owner = secrets.token_hex(16)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS lease_owner (owner TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.lease_owner")
    conn.execute("INSERT INTO temp.lease_owner (owner) VALUES (?)", (owner,))
    held_by_other = (
        "EXISTS (SELECT 1 FROM main.attempt_leases l WHERE l.attempt_id = {id} "
        "AND l.owner != (SELECT owner FROM temp.lease_owner))"
    )
    for name, event, table, ref in (
        ("lease_guard_choice_insert", "INSERT", "choices", "NEW.attempt_id"),
        ("lease_guard_choice_delete", "DELETE", "choices", "OLD.attempt_id"),
        ("lease_guard_attempt_update", "UPDATE", "attempts", "OLD.id"),
    ):
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS {name} BEFORE {event} ON main.{table} "
            f"WHEN {held_by_other.format(id=ref)} "
            f"BEGIN SELECT RAISE(ABORT, '{LEASED_MARK}: this attempt is open in another window'); END"
        )
    return owner


class LeasesMixin:
    """Leasing attempts (see the module docstring)."""

    # Provided by Store.
    _owner: str
    lease_label: str
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[[], AbstractContextManager[sqlite3.Connection]]

    def lease_attempt(self, attempt_id: int, *, seconds: float = LEASE_SECONDS, take_over: bool = False) -> Lease:
        """Hold ``attempt_id`` for ``seconds`` (renewing a lease this store already holds).

        Raises :class:`LeasedError` while another process holds a live lease, unless
        ``take_over`` (the person chose to, once told who holds it; use it only after the
        lease lapsed or when the other window is known to be gone), and NotFoundError for
        an unknown attempt.
        """
        require_int("attempt_id", attempt_id)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,)).fetchone() is None:
                raise NotFoundError(f"no attempt {attempt_id}")
            row = conn.execute(
                f"SELECT owner, label, until - {_NOW} FROM attempt_leases WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()
            if row is not None and row[0] != self._owner and row[2] > 0 and not take_over:
                raise LeasedError(f"this attempt is open in {row[1]}; its lease lapses in {row[2]:.0f} s "
                                  "unless that window is still playing", row[1], float(row[2]))
            conn.execute(
                "INSERT INTO attempt_leases (attempt_id, owner, label, until) "
                f"VALUES (?, ?, ?, {_NOW} + ?) ON CONFLICT (attempt_id) DO UPDATE SET "
                "owner = excluded.owner, label = excluded.label, until = excluded.until",
                (attempt_id, self._owner, self.lease_label, float(seconds)),
            )
        return Lease(attempt_id, self.lease_label, True, float(seconds))

    def lease_of(self, attempt_id: int) -> Lease | None:
        """Who holds ``attempt_id`` now (None: nobody, or the lease lapsed)."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT owner, label, until - {_NOW} FROM attempt_leases WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()
        if row is None or row[2] <= 0:
            return None
        return Lease(attempt_id, row[1], row[0] == self._owner, float(row[2]))

    def renew_leases(self, *, seconds: float = LEASE_SECONDS) -> int:
        """The heartbeat: extend every lease this store holds and has not released; returns how many."""
        with self._write() as conn:
            return conn.execute(
                f"UPDATE attempt_leases SET until = {_NOW} + ? WHERE owner = ? AND until > 0",
                (float(seconds), self._owner),
            ).rowcount

    def release_lease(self, attempt_id: int) -> None:
        """Let go of ``attempt_id`` (the window left it): another window may take it at once."""
        with self._write() as conn:
            conn.execute("UPDATE attempt_leases SET until = 0 WHERE attempt_id = ? AND owner = ?",
                         (attempt_id, self._owner))

    def release_leases(self) -> None:
        """Let go of every lease this store holds (it is closing)."""
        with self._write() as conn:
            conn.execute("UPDATE attempt_leases SET until = 0 WHERE owner = ?", (self._owner,))
