"""An unreadable progress file is kept aside, never deleted, and a fresh one started."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pytest

from hrtraining.progress import FILENAME, LATEST_VERSION, Store
from hrtraining.progress import db

FIXED = datetime(2025, 6, 1, 12, 30, 45, tzinfo=timezone.utc)
ASIDE = f"{FILENAME}.corrupt-20250601T123045Z"


def _open_fixed(data_dir: Path) -> Store:
    return Store.open(data_dir, clock=lambda: FIXED)


def _assert_fresh_and_usable(store: Store) -> None:
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    assert store.profiles() == []
    attempt_id = store.start_attempt("New", "ray", "h", "Ray", "practice")
    store.record_choice(attempt_id, 0, "n", 0, "t", score={}, codes=[], critical=False,
                        feedback="")
    assert store.check() == ["ok"]


def test_garbage_file_is_kept_aside(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    garbage = b"this is not a database\x00\xff" * 500
    (data_dir / FILENAME).write_bytes(garbage)
    with _open_fixed(data_dir) as store:
        aside = data_dir / ASIDE
        assert store.kept_aside == aside
        assert aside.read_bytes() == garbage  # kept exactly as found
        assert store.notice == (
            f"Your progress file could not be read; it was kept as {aside} "
            "and a new one started."
        )
        assert "not a database" in store.unreadable_reason
        _assert_fresh_and_usable(store)
    with _open_fixed(data_dir) as store:  # the fresh file is fine next time
        assert store.notice is None
        assert [p.name for p in store.profiles()] == ["New"]


def test_damaged_pages_fail_the_check_and_are_kept_aside(data_dir: Path, play) -> None:
    with Store.open(data_dir) as store:
        for i in range(40):
            play(store, seed=i)
    path = data_dir / FILENAME
    page_size = 4096
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * page_size
    # Keep page 1 (header and schema) valid; scribble over the table and index pages.
    for offset in range(page_size, len(data), page_size):
        data[offset + 8 : offset + 200] = os.urandom(192)
    path.write_bytes(bytes(data))
    with _open_fixed(data_dir) as store:
        assert store.kept_aside == data_dir / ASIDE
        assert (data_dir / ASIDE).read_bytes() == bytes(data)
        _assert_fresh_and_usable(store)


def test_wal_and_shm_move_with_the_file(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / FILENAME).write_bytes(b"\x13" * 4096)
    (data_dir / f"{FILENAME}-wal").write_bytes(b"wal bytes")
    (data_dir / f"{FILENAME}-shm").write_bytes(b"shm bytes")
    with _open_fixed(data_dir) as store:
        assert store.notice is not None
        # SQLite deletes the WAL of a file it cannot read when it closes it; the WAL may
        # hold the newest commits, so it must still be kept, byte for byte.
        assert (data_dir / f"{ASIDE}-wal").read_bytes() == b"wal bytes"
        # The -shm is only an index SQLite rebuilds (and scribbles on); it moves along.
        assert (data_dir / f"{ASIDE}-shm").exists()
        assert not list(data_dir.glob("*.keep-*"))  # no snapshot links left behind
        _assert_fresh_and_usable(store)


def test_two_bad_files_in_one_second_get_distinct_names(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    for content in (b"first" * 1000, b"second" * 1000):
        (data_dir / FILENAME).write_bytes(content)
        _open_fixed(data_dir).close()
    assert (data_dir / ASIDE).read_bytes() == b"first" * 1000
    assert (data_dir / f"{ASIDE}-2").read_bytes() == b"second" * 1000


def test_another_programs_database_is_kept_aside(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    conn = sqlite3.connect(data_dir / FILENAME)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.commit()
    conn.close()
    with _open_fixed(data_dir) as store:
        assert "other program" in store.unreadable_reason
        kept = sqlite3.connect(data_dir / ASIDE)
        assert kept.execute("SELECT name FROM recipes").fetchall() == [("soup",)]
        kept.close()
        _assert_fresh_and_usable(store)


def test_empty_file_is_just_a_new_database(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / FILENAME).write_bytes(b"")
    with Store.open(data_dir) as store:
        assert store.notice is None
        _assert_fresh_and_usable(store)


def _error(cls: type[sqlite3.Error], message: str, code: int | None) -> sqlite3.Error:
    error = cls(message)
    if code is not None:
        error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "corrupt"),
    [
        (_error(sqlite3.DatabaseError, "file is not a database", 26), True),
        (_error(sqlite3.DatabaseError, "database disk image is malformed", 11), True),
        (_error(sqlite3.DatabaseError, "database disk image is malformed", 267), True),
        (_error(sqlite3.OperationalError, "database is locked", 5), False),
        (_error(sqlite3.OperationalError, "unable to open database file", 14), False),
        (_error(sqlite3.OperationalError, "disk I/O error", 10), False),
        # Python 3.10 has no error codes: fall back to the message.
        (_error(sqlite3.DatabaseError, "file is not a database", None), True),
        (_error(sqlite3.OperationalError, "database is locked", None), False),
    ],
)
def test_only_bad_bytes_count_as_corruption(error: sqlite3.Error, corrupt: bool) -> None:
    """A busy, locked or unopenable file must never be moved aside."""
    assert db.is_corruption(error) is corrupt


def test_move_aside_failure_deletes_nothing(data_dir: Path, monkeypatch) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / FILENAME).write_bytes(b"garbage" * 1000)

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(db.os, "rename", refuse)
    with pytest.raises(db.StoreError, match="nothing was deleted"):
        Store.open(data_dir)
    assert (data_dir / FILENAME).read_bytes() == b"garbage" * 1000
