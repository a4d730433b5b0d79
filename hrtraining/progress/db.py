"""Opening the progress database safely: location, pragmas, corruption handling.

Durability choices (why these pragmas):

* ``journal_mode=WAL``: a commit appends to the ``-wal`` file, readers never block the
  writer, and a process killed mid-write leaves only an incomplete tail in the WAL that
  SQLite ignores on the next open (every frame is checksummed). Committed transactions
  survive.
* ``synchronous=NORMAL``: in WAL mode the WAL is fsync'ed at checkpoints, not on every
  commit. A committed transaction has already been ``write()``-n to the OS, so it survives
  the *process* being killed (kill -9, a crash of the game): the kernel writes it out
  whether or not the process lives. Only an OS crash or power cut can lose commits, those
  the kernel had not yet flushed (typically the last seconds to half a minute), and even
  then the file stays consistent (never corrupt).
  ``synchronous=FULL`` (``Store.open(..., synchronous="FULL")``) also survives power loss at
  the price of an fsync per choice; the benchmark measures both.
* ``busy_timeout``: two game processes (or the game and ``hrtraining export``) share the
  file; a writer waits up to 5 s for the other instead of failing at once.
* ``foreign_keys=ON``: SQLite leaves foreign keys off by default; we want them enforced.

A file that is not a database, fails ``PRAGMA quick_check``, or is another program's
database is never deleted: it is renamed aside with its ``-wal``/``-shm`` files and a fresh
database is started (see :func:`open_database`).
"""

from __future__ import annotations

import logging
import os
import random
import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from hrtraining.engine import HRTrainingError

from .schema import ForeignDatabaseError, NewerSchemaError, migrate

log = logging.getLogger(__name__)

FILENAME = "progress.sqlite3"
ENV_VAR = "HRTRAINING_DATA_DIR"
BUSY_TIMEOUT_MS = 5000
SIDE_FILES = ("-wal", "-shm")
# quick_check verifies every page, b-tree and record format but skips cross-checking
# index contents against tables. It is O(file size) like integrity_check but several times
# faster, which matters because it runs each time the game starts. Store.check() runs the
# full integrity_check on demand.
OPEN_CHECK = "quick_check"

# Primary SQLite result codes that mean "the bytes are bad", as opposed to busy/locked,
# permission or I/O errors that say nothing about the file's content.
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

Clock = Callable[[], datetime]


class StoreError(HRTrainingError):
    """A failure of the progress store that the caller can show as one line."""


class NotFoundError(StoreError, LookupError):
    """No profile, attempt or room with that name or id."""


class NewerVersionError(StoreError):
    """The progress file was written by a newer hrtraining; it is left untouched."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds; fixed width, so text order is time order."""
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def resolve_data_dir(data_dir: Path | str | None = None) -> Path:
    """The data folder: the argument, else ``$HRTRAINING_DATA_DIR``, else the user's data dir."""
    if data_dir is not None and str(data_dir) != "":
        return Path(data_dir).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    # Imported here so merely importing the package stays cheap and dependency-light.
    import platformdirs

    return Path(platformdirs.user_data_dir("hrtraining", appauthor=False))


class _Unusable(Exception):
    """Internal: the file's content cannot be used; move it aside."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_corruption(error: sqlite3.Error) -> bool:
    """True if ``error`` says the file's bytes are bad (not busy, permissions or I/O)."""
    code = getattr(error, "sqlite_errorcode", None)  # Python >= 3.11
    if code is not None:
        return code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
    message = str(error).lower()
    return "not a database" in message or "malformed" in message or "corrupt" in message


def describe(error: BaseException) -> str:
    """One-line text for an sqlite error, with a hint for the common cases."""
    message = str(error) or type(error).__name__
    if "locked" in message or "busy" in message:
        return f"{message} (another hrtraining is using the progress file; try again)"
    return message


def connect(path: Path, synchronous: str = "NORMAL") -> sqlite3.Connection:
    """Open, check and migrate ``path``; raise :class:`_Unusable` if its content is bad."""
    if synchronous not in ("NORMAL", "FULL"):
        raise ValueError("synchronous must be 'NORMAL' or 'FULL'")
    try:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves (BEGIN IMMEDIATE for writes),
        # check_same_thread=False: the workshop server writes votes from its own thread;
        # the Store serialises access with a lock.
        conn = sqlite3.connect(
            str(path),
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {describe(error)}") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Read-only check before anything writes to the file, so a bad file is kept
        # aside exactly as it was found.
        rows = conn.execute(f"PRAGMA {OPEN_CHECK}").fetchall()
        if rows != [("ok",)]:
            first = "; ".join(str(row[0]) for row in rows[:3])
            raise _Unusable(f"integrity check failed: {first}")
        mode = _enable_wal(conn)
        if mode != "wal":
            # E.g. some network file systems; still correct, just without WAL's benefits.
            log.warning("progress database is in %s mode, not WAL", mode)
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
        return conn
    except ForeignDatabaseError as error:
        conn.close()
        raise _Unusable(str(error)) from error
    except NewerSchemaError as error:
        conn.close()
        raise NewerVersionError(str(error)) from error
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_corruption(error):
            raise _Unusable(str(error)) from error
        raise StoreError(f"cannot open {path}: {describe(error)}") from error
    except BaseException:
        conn.close()
        raise


def _enable_wal(conn: sqlite3.Connection) -> str:
    """Switch to WAL (persistent, so a no-op after the first time); return the mode.

    Switching a brand-new file needs an exclusive lock, and when several processes create
    the file at once SQLite reports "database is locked" at once instead of waiting (the
    busy handler is skipped to avoid a deadlock). So retry, with jitter, up to the timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) and "busy" not in str(error):
                raise
            if time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.03))


def aside_name(path: Path, moment: datetime) -> Path:
    """A free ``<name>.corrupt-<UTC timestamp>`` path next to ``path``."""
    stamp = moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    base = f"{path.name}.corrupt-{stamp}"
    candidate, n = path.with_name(base), 1
    # Never overwrite an earlier kept file (two bad files within one second).
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *SIDE_FILES)):
        n += 1
        candidate = path.with_name(f"{base}-{n}")
    return candidate


def _snapshot_side_files(path: Path) -> dict[str, Path]:
    """Hard-link the ``-wal``/``-shm`` files to temporary names before SQLite sees them.

    When SQLite finds the main file unusable it may still delete the WAL on close, and the
    WAL can hold the newest committed choices. The extra link keeps that data reachable so
    it can be kept aside with the file. Costs one link() per open; removed right after.
    """
    snapshots: dict[str, Path] = {}
    for suffix in SIDE_FILES:
        source = Path(f"{path}{suffix}")
        if not source.exists():
            continue
        keep = Path(f"{source}.keep-{os.getpid()}-{random.randrange(1 << 30):x}")
        try:
            os.link(source, keep)
        except OSError:  # no hard links on this file system: copy instead
            try:
                shutil.copy2(source, keep)
            except OSError:
                continue
        snapshots[suffix] = keep
    return snapshots


def move_aside(path: Path, moment: datetime, snapshots: dict[str, Path] | None = None) -> Path:
    """Rename ``path`` and its ``-wal``/``-shm`` to a timestamped name; return the new path.

    The WAL is moved along with the file and keeps the matching name (``<aside>-wal``), so
    the pair can still be opened together for recovery; and no stale WAL is left behind
    to be replayed into the fresh database. A side file SQLite already removed is restored
    from its snapshot (see :func:`_snapshot_side_files`).
    """
    snapshots = snapshots or {}
    target = aside_name(path, moment)
    try:
        for suffix in ("", *SIDE_FILES):
            source = Path(f"{path}{suffix}")
            if not source.exists() and suffix in snapshots and snapshots[suffix].exists():
                source = snapshots[suffix]
            if source.exists():
                os.rename(source, f"{target}{suffix}")
    except OSError as error:
        raise StoreError(
            f"the progress file {path} could not be read and could not be moved aside "
            f"({error.strerror or error}); nothing was deleted"
        ) from error
    return target


@dataclass
class Opened:
    conn: sqlite3.Connection
    path: Path
    aside: Path | None = None
    reason: str | None = None


def private_folder(folder: Path) -> None:
    """Make ``folder`` readable by its owner only (0700), as every data folder is created.

    An existing folder made by an older version (0755) is fixed when the store opens it.
    The user's home folder is never changed, whatever ``--data-dir`` says. Best effort: a
    file system without POSIX permissions (Windows, some shares) is left as it is.
    """
    if os.name != "posix":
        return
    try:
        if folder.resolve() == Path.home().resolve():
            return
        mode = folder.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(folder, mode & 0o700 or 0o700)
    except OSError as error:
        log.warning("could not make %s private: %s", folder, error)


def private_file(path: Path) -> None:
    """Create ``path`` (if missing) and its ``-wal``/``-shm`` readable by the owner only (0600).

    SQLite gives its side files the main file's permissions, so creating the main file 0600
    before SQLite first opens it is enough for new files; existing ones are fixed here too.
    """
    if os.name != "posix":
        return
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError:
        return  # connect() reports why the file cannot be opened
    for suffix in ("", *SIDE_FILES):
        side = Path(f"{path}{suffix}")
        try:
            if side.exists() and side.stat().st_mode & 0o077:
                os.chmod(side, 0o600)
        except OSError as error:
            log.warning("could not make %s private: %s", side, error)


def open_database(path: Path, *, synchronous: str = "NORMAL", clock: Clock = utc_now) -> Opened:
    """Open ``path`` (owner-only permissions); if its content is unusable, keep it aside and
    start a fresh file."""
    snapshots = _snapshot_side_files(path)
    private_file(path)
    try:
        try:
            return Opened(connect(path, synchronous), path)
        except _Unusable as bad:
            aside = move_aside(path, clock(), snapshots)
            reason = bad.reason
        log.warning("progress file %s unusable (%s); kept as %s", path, reason, aside)
        private_file(path)
        try:
            conn = connect(path, synchronous)
        except _Unusable as again:  # pragma: no cover - a fresh file cannot be corrupt
            raise StoreError(f"cannot create a new progress file at {path}: {again}") from again
        return Opened(conn, path, aside, reason)
    finally:
        for keep in snapshots.values():
            try:
                keep.unlink()
            except OSError:  # already moved aside, or gone
                pass
