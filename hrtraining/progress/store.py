"""The progress store: one SQLite file, opened safely, with what it stores split by kind.

* ``attempts`` — profiles, attempts and their choices (:class:`AttemptsMixin`);
* ``rooms`` — workshop rooms, votes and show-of-hands counts (:class:`RoomsMixin`);
* ``leases`` — one writer per open attempt (:class:`LeasesMixin`);
* ``outbox`` — xAPI statements waiting for the Learning Record Store (:class:`OutboxMixin`).

:class:`Store` opens the file (``db``), owns the connection and its lock, and gives them all the
same two transactions. Every write is its own ``BEGIN IMMEDIATE`` ... ``COMMIT``, committed
before the method returns. ``BEGIN IMMEDIATE`` takes the write lock up front; a deferred
transaction that reads first and then writes can fail with "database is locked" without
waiting when another process committed in between (the busy timeout does not apply to that
upgrade), so writes never start deferred.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .attempts import AttemptsMixin
from .outbox import OutboxMixin
from .db import (
    FILENAME,
    Clock,
    StoreError,
    describe,
    open_database,
    private_folder,
    resolve_data_dir,
    utc_now,
)
from .leases import LEASED_MARK, LeasedError, LeasesMixin, default_label, install_guard
from .rooms import RoomsMixin


class Store(AttemptsMixin, RoomsMixin, LeasesMixin, OutboxMixin):
    """The progress database of one data folder. Thread-safe; one per process is enough.

    Open with :meth:`Store.open`; use as a context manager or call :meth:`close`. If the
    file could not be read it was kept aside and ``notice`` holds the text to show.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path,
        *,
        clock: Clock = utc_now,
        kept_aside: Path | None = None,
        unreadable_reason: str | None = None,
    ) -> None:
        self._conn = conn
        self._owner = install_guard(conn)
        #: Who holds this store's leases, as another window is told.
        self.lease_label = default_label()
        self._lock = threading.RLock()
        self._clock = clock
        self.path = path
        self.kept_aside = kept_aside
        self.unreadable_reason = unreadable_reason
        self.notice: str | None = None
        if kept_aside is not None:
            self.notice = (
                f"Your progress file could not be read; it was kept as {kept_aside} "
                "and a new one started."
            )

    @classmethod
    def open(
        cls,
        data_dir: Path | str | None = None,
        *,
        synchronous: str = "NORMAL",
        clock: Clock | None = None,
        damaged: str = "keep-aside",
    ) -> Store:
        """Open (creating if needed) ``<data dir>/progress.sqlite3``.

        The data dir is ``data_dir``, else ``$HRTRAINING_DATA_DIR``, else the platform's user
        data folder. Raises :class:`StoreError` only when the folder or file cannot be
        opened at all (permissions, newer schema); a corrupt file is kept aside instead (or,
        with ``damaged="raise"``, left alone and :class:`~hrtraining.progress.db.DamagedError`
        raised: for commands that only read it).
        """
        folder = resolve_data_dir(data_dir)
        try:
            created = not folder.exists()
            # Private by default: votes, nicknames and attempts are nobody else's business
            # on a shared computer (0700 folder, 0600 files; see db.private_file).
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the data folder {folder}: {error.strerror or error}"
            ) from error
        if created or _ours(folder):
            private_folder(folder)
        clock = clock or utc_now
        opened = open_database(folder / FILENAME, synchronous=synchronous, clock=clock, damaged=damaged)
        return cls(
            opened.conn,
            opened.path,
            clock=clock,
            kept_aside=opened.aside,
            unreadable_reason=opened.reason,
        )

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    def close(self) -> None:
        with self._lock:
            if self._conn is None:
                return
            try:
                self.release_leases()  # closing on purpose: another window may go on at once
            except StoreError:
                pass
            try:
                # Keeps the planner's statistics fresh; cheap when nothing changed.
                self._conn.execute("PRAGMA optimize")
            except sqlite3.Error:
                pass
            self._conn.close()
            self._conn = None  # type: ignore[assignment]

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction committed on exit; sqlite errors become StoreError."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                if LEASED_MARK in str(error):
                    raise LeasedError("this attempt is open in another window; nothing was written") from error
                raise StoreError(describe(error)) from error

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: several queries see one consistent snapshot."""
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN")
                try:
                    yield conn
                finally:
                    if conn.in_transaction:
                        conn.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(describe(error)) from error

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the progress store is closed")
        return self._conn

    def check(self) -> list[str]:
        """Run the full ``PRAGMA integrity_check``; ``["ok"]`` means healthy."""
        with self._read() as conn:
            return [row[0] for row in conn.execute("PRAGMA integrity_check")]


def _ours(folder: Path) -> bool:
    """Whether an existing ``folder`` is the progress file's own, to be made private: it holds the
    progress file already, or it is empty and the file is about to be created in it (an empty
    0755 folder made beforehand, by an installer or by hand, once stayed 0755). A folder that
    already holds other things is someone else's choice of place and keeps its mode; the file
    itself is 0600 there all the same."""
    try:
        return (folder / FILENAME).exists() or next(folder.iterdir(), None) is None
    except OSError:
        return False
