"""Schema versions: files made by the v1 and v2 DDL migrate to the latest and keep their data."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from hrtraining.progress import FILENAME, LATEST_VERSION, NewerVersionError, Store, schema, token_hash


def _make_v1_file(path: Path) -> None:
    """A progress file exactly as version 1 of the code wrote it (rollback journal)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for statement in schema.split_statements(schema.MIGRATIONS[0]):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        conn.execute("INSERT INTO profiles (id, name, created_at) VALUES (1, 'Old Timer', "
                     "'2024-01-01T10:00:00.000+00:00')")
        conn.execute("INSERT INTO settings VALUES ('last_profile', 'Old Timer')")
        report = {"scores": {"recognizing_improvement": {"points": 3, "best": 4,
                             "percent": 0.75, "level": "fair"}}, "level": "fair", "critical": 0}
        conn.execute(
            "INSERT INTO attempts (id, profile_id, scenario_id, scenario_hash, scenario_title, "
            "mode, source, status, started_at, finished_at, choice_count, ending_id, "
            "ending_title, level, critical) VALUES (7, 1, 'ray', 'old-hash', "
            "'Ray', 'practice', 'game', 'finished', '2024-01-01T10:01:00.000+00:00', "
            "'2024-01-01T10:05:00.000+00:00', 1, 'stays', 'Ray stays', 'fair', 0)"
        )
        conn.execute("INSERT INTO attempt_reports VALUES (7, ?)", (json.dumps(report),))
        conn.execute("INSERT INTO choices VALUES (7, 0, 'start', 1, 'Old wording', "
                     "'{\"recognizing_improvement\":3}', '[\"affirm\"]', 0, 'Nice.', "
                     "'2024-01-01T10:02:00.000+00:00')")
        conn.execute("INSERT INTO attempt_scores VALUES (1, '2024-01-01T10:05:00.000+00:00', 7, "
                     "0, 'recognizing_improvement', 3, 4, 0.75, 'fair')")
        conn.execute("INSERT INTO attempts (id, profile_id, scenario_id, scenario_hash, "
                     "scenario_title, mode, source, started_at) VALUES (8, 1, 'mia', 'h', "
                     "'Mia', 'assessment', 'terminal', '2024-01-02T10:00:00.000+00:00')")
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_migrates_a_v1_file_and_keeps_its_data(data_dir: Path) -> None:
    _make_v1_file(data_dir / FILENAME)
    with Store.open(data_dir) as store:
        assert store.notice is None
        conn = store._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.last_profile() == "Old Timer"
        [done] = store.attempts("Old Timer")
        assert (done.id, done.scenario_hash, done.level, done.workshop_room) == (
            7, "old-hash", "fair", None)
        assert store.attempt(7).choices[0].choice_text == "Old wording"
        assert store.attempt(7).report["level"] == "fair"
        assert store.best_levels("old timer") == {"ray": "fair"}
        assert [p.percent for p in store.progress_summary("Old Timer")[
            "recognizing_improvement"]] == [0.75]
        # The unfinished v1 attempt resumes on the new schema.
        [left] = store.unfinished_attempts("Old Timer")
        store.record_choice(left.id, 0, "n", 0, "t", score={}, codes=[], critical=False,
                            feedback="")
        # What v2 added works.
        store.create_room("ABCDEF", "ray", "h", "Ray")
        store.record_vote("ABCDEF", 0, "start", "tok", 1)
        room_attempt = store.start_attempt("Old Timer", "ray", "h", "Ray", "practice",
                                           source="workshop", workshop_room="ABCDEF")
        assert store.attempt(room_attempt).workshop_room == "ABCDEF"
        assert store.check() == ["ok"]
    with Store.open(data_dir) as store:  # reopening does not migrate again
        assert len(store.attempts("Old Timer", include_unfinished=True)) == 3


def _make_v2_file(path: Path) -> None:
    """A progress file exactly as version 2 of the code wrote it: a workshop room in play."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for script in schema.MIGRATIONS[:2]:
            for statement in schema.split_statements(script):
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 2")
        conn.execute("INSERT INTO profiles (id, name, created_at) VALUES (1, 'Leader', "
                     "'2025-03-01T09:00:00.000+00:00')")
        conn.execute("INSERT INTO workshop_rooms VALUES ('K7M2QX', 'ray', 'h', 'Ray', "
                     "'2025-03-01T09:00:00.000+00:00', NULL)")
        conn.execute(
            "INSERT INTO attempts (id, profile_id, scenario_id, scenario_hash, scenario_title, "
            "mode, source, status, started_at, choice_count, workshop_room) VALUES (3, 1, 'ray', "
            "'h', 'Ray', 'practice', 'workshop', 'open', '2025-03-01T09:00:01.000+00:00', 1, "
            "'K7M2QX')"
        )
        conn.execute("INSERT INTO choices VALUES (3, 0, 'start', 1, 'Tell me more', '{}', '[]', "
                     "0, '', '2025-03-01T09:05:00.000+00:00')")
        conn.execute("INSERT INTO workshop_votes VALUES ('K7M2QX', 0, 'start', 'tok-a', 'Ana', "
                     "1, '2025-03-01T09:04:00.000+00:00')")
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_migrates_a_v2_file_to_the_latest(data_dir: Path) -> None:
    _make_v2_file(data_dir / FILENAME)
    with Store.open(data_dir) as store:
        assert store.notice is None
        conn = store._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        # v2's data is intact and readable through the v3 API.
        attempt = store.room_attempt("K7M2QX")
        assert attempt is not None and attempt.id == 3 and attempt.self_rating is None
        assert [c.choice_text for c in attempt.choices] == ["Tell me more"]
        # v4 keeps tokens only as hashes: the stored one was hashed in place.
        assert [(v.participant, v.nickname) for v in store.room_votes("K7M2QX")] == [
            (token_hash("tok-a"), "Ana")]
        assert not conn.execute("SELECT 1 FROM workshop_votes WHERE participant = 'tok-a'").fetchone()
        assert store.room_hands("K7M2QX") == []
        # What v3 added works on the migrated file.
        store.record_hands("K7M2QX", 1, "middle", {0: 4, 2: 7})
        assert [(h.decision_seq, h.choice_index, h.count) for h in store.room_hands("K7M2QX")] \
            == [(1, 0, 4), (1, 2, 7)]
        store.finish_attempt(3, ending_id="e", ending_title="E", report={"scores": {}})
        store.set_self_rating(3, "good")
        assert store.attempt(3).self_rating == "good"
        # The column's CHECK holds even for SQL that bypasses the store's validation.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE attempts SET self_rating = 'excellent' WHERE id = 3")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO workshop_hands VALUES ('NOROOM', 0, 'n', 0, 1, 't')")
        assert store.check() == ["ok"]
    with Store.open(data_dir) as store:  # reopening does not migrate again
        assert store.attempt(3).self_rating == "good"
        assert len(store.room_hands("K7M2QX")) == 2


def _make_v3_file(path: Path) -> None:
    """A progress file exactly as version 3 of the code wrote it: two finished attempts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for script in schema.MIGRATIONS[:3]:
            for statement in schema.split_statements(script):
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 3")
        conn.execute("INSERT INTO profiles (id, name, created_at) VALUES (1, 'Ana', "
                     "'2026-01-01T09:00:00.000+00:00')")
        for attempt_id, minute, percent, level in ((1, 10, 0.5, "fair"), (2, 20, 0.9, "good")):
            finished = f"2026-01-01T09:{minute}:00.000+00:00"
            conn.execute(
                "INSERT INTO attempts (id, profile_id, scenario_id, scenario_hash, scenario_title, mode, "
                "source, status, started_at, finished_at, choice_count, ending_id, ending_title, level, "
                "critical, self_rating) VALUES (?, 1, 'ray', 'h', 'Ray', 'practice', 'game', 'finished', "
                "?, ?, 1, 'e', 'E', ?, 0, 'fair')", (attempt_id, finished, finished, level))
            conn.execute("INSERT INTO choices VALUES (?, 0, 'start', 1, 'Tell me more', '{}', '[]', 0, '', ?)",
                         (attempt_id, finished))
            conn.execute("INSERT INTO attempt_reports VALUES (?, ?)", (attempt_id, json.dumps(
                {"version": 2, "scores": {"d": {"points": 1, "possible": 2, "percent": percent,
                                                "level": level}}, "level": level})))
            conn.execute("INSERT INTO attempt_scores VALUES (1, ?, ?, 0, 'd', 1, 2, ?, ?)",
                         (finished, attempt_id, percent, level))
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_migrates_a_v3_file_to_v4(data_dir: Path) -> None:
    _make_v3_file(data_dir / FILENAME)
    with Store.open(data_dir) as store:
        conn = store._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        indexes = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"attempts_whole_finished", "attempts_whole_by_scenario", "attempts_by_parent"} <= indexes
        assert not {"attempts_finished", "attempts_finished_by_scenario"} & indexes
        # v3's attempts are whole attempts, charted and ranked as before.
        assert [a.is_replay for a in store.attempts("Ana")] == [False, False]
        assert [p.percent for p in store.progress_summary("Ana")["d"]] == [0.5, 0.9]
        assert store.best_levels("Ana") == {"ray": "good"}
        assert store.attempt(1).replies == () and store.attempt(1).reflection is None
        # What v4 added works on the migrated file.
        replay = store.start_replay(2, 1)
        store.record_reply(replay, 0, "start", "What matters most to you now?", seconds=4.2)
        store.mark_closeness(replay, 0, None)
        store.set_reflection(2, "Ask first.")
        assert store.attempt(replay).reply(0).closeness == "none"
        assert store.attempt(2).reflection == "Ask first."
        assert [p.attempt_id for p in store.progress_summary("Ana")["d"]] == [1, 2]
        # The chart still reads its index, as it read v1's before.
        plan = " ".join(row[-1] for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id, finished_at, scenario_id, scenario_hash FROM attempts "
            "INDEXED BY attempts_whole_finished WHERE profile_id = 1 AND status = 'finished' "
            "AND parent_attempt_id IS NULL"))
        assert "USING INDEX attempts_whole_finished" in plan
        with pytest.raises(sqlite3.IntegrityError):  # the CHECKs hold for SQL that bypasses the store
            conn.execute("UPDATE replies SET closeness = 'option' WHERE attempt_id = ?", (replay,))
        assert store.check() == ["ok"]


def _make_v7_file(path: Path) -> None:
    """A progress file exactly as version 7 of the code wrote it: a room in play, with votes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    # v6 hashes stored tokens with the function migrate() registers (none are stored yet here).
    conn.create_function("hrtraining_token_hash", 1, token_hash, deterministic=True)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        for script in schema.MIGRATIONS[:7]:
            for statement in schema.split_statements(script):
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 7")
        conn.execute("INSERT INTO workshop_rooms VALUES ('K7M2QX', 'ray', 'h', 'Ray', "
                     "'2026-02-01T09:00:00.000+00:00', NULL)")
        conn.execute("INSERT INTO workshop_rooms VALUES ('OLDONE', 'ray', 'h', 'Ray', "
                     "'2026-01-01T09:00:00.000+00:00', '2026-01-01T10:00:00.000+00:00')")
        for who, index in (("tok-aaaaaaaa", 1), ("tok-bbbbbbbb", 0)):
            conn.execute("INSERT INTO workshop_votes VALUES ('K7M2QX', 0, 'start', ?, NULL, ?, "
                         "'2026-02-01T09:04:00.000+00:00')", (token_hash(who), index))
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_migrates_a_v7_file_to_v8_and_rooms_start_unlocked_with_nobody_removed(data_dir: Path) -> None:
    _make_v7_file(data_dir / FILENAME)
    ana, bo = token_hash("tok-aaaaaaaa"), token_hash("tok-bbbbbbbb")
    with Store.open(data_dir) as store:
        conn = store._conn
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        # v7's rooms and votes are intact; the rooms were never locked, nobody was removed.
        assert [(r.code, r.locked, r.closed_at is None) for r in store.rooms()] == [
            ("K7M2QX", False, True), ("OLDONE", False, False)]
        assert {v.participant for v in store.room_votes("K7M2QX")} == {ana, bo}
        assert store.room_removed("K7M2QX") == []
        # What v8 added works on the migrated file.
        store.set_room_locked("K7M2QX", True)
        assert store.remove_participants("K7M2QX", [bo], decision_seq=0) == 1
        assert store.room("K7M2QX").locked and store.room_removed("K7M2QX") == [bo]
        assert [v.participant for v in store.room_votes("K7M2QX")] == [ana]
        # The CHECKs and the foreign key hold for SQL that bypasses the store.
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE workshop_rooms SET locked = 2 WHERE code = 'K7M2QX'")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO workshop_removed VALUES ('NOROOM', 'x', 't')")
        assert store.check() == ["ok"]
    with Store.open(data_dir) as store:  # reopening does not migrate again
        assert store.room("K7M2QX").locked and store.room_removed("K7M2QX") == [bo]


def test_shipped_migrations_are_never_edited() -> None:
    """Users' files were built by these exact scripts: change the schema with a new one."""
    # sha256 prefixes of MIGRATIONS[0], MIGRATIONS[1], ... as shipped.
    pinned = ["4cb7615e92e1d192", "d91fa596aa638641", "2f81d74c608765fc", "6cf2b4fffd54818e",
              "38e2644ec462d17a", "ee6fbcb2fcc2cceb", "93148ca3dadbb423", "0c9880e6578a7c23"]
    digests = [hashlib.sha256(m.encode()).hexdigest()[:16] for m in schema.MIGRATIONS]
    assert digests[: len(pinned)] == pinned, (
        "a shipped migration changed; add a new migration instead"
    )


def test_failed_migration_changes_nothing(data_dir: Path, monkeypatch) -> None:
    Store.open(data_dir).close()
    broken = "CREATE TABLE half_done (x INTEGER);\nSELECT * FROM no_such_table;\n"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    conn = sqlite3.connect(data_dir / FILENAME, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            schema.migrate(conn, target=LATEST_VERSION + 1)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
        assert conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").fetchone()[0] == 0
    finally:
        conn.close()


def test_newer_schema_is_refused_and_left_untouched(data_dir: Path) -> None:
    Store.open(data_dir).close()
    conn = sqlite3.connect(data_dir / FILENAME)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    conn.close()
    before = (data_dir / FILENAME).read_bytes()
    with pytest.raises(NewerVersionError, match="newer"):
        Store.open(data_dir)
    assert (data_dir / FILENAME).read_bytes() == before
    assert not list(data_dir.glob("*.corrupt-*"))


def test_split_statements_rejects_incomplete_sql() -> None:
    with pytest.raises(ValueError):
        schema.split_statements("CREATE TABLE t (x INTEGER)")


def test_the_self_rating_check_allows_exactly_the_engines_levels(tmp_path):
    """The levels are defined once, in the engine; the shipped migration's CHECK (whose text
    can never change) must keep allowing exactly those, in any order."""
    import re

    from hrtraining.engine import LEVELS
    from hrtraining.progress.schema import V3

    allowed = re.search(r"self_rating IN \(([^)]*)\)", V3).group(1)
    assert sorted(v.strip(" '") for v in allowed.split(",")) == sorted(LEVELS)


def test_version_4_gives_existing_profiles_a_pseudonym_each(data_dir: Path) -> None:
    """Profiles made before xAPI get a random pseudonym in the migration, distinct and kept."""
    path = data_dir / FILENAME
    data_dir.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    for script in schema.MIGRATIONS[:3]:
        for statement in schema.split_statements(script):
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO profiles (name, created_at) VALUES ('Ana', 'x'), ('Bo', 'y')")
    conn.close()
    with Store.open(data_dir) as store:
        names = {p.name: p.pseudonym for p in store.profiles()}
        assert len(set(names.values())) == 2 and all(len(v) == 32 for v in names.values())
    with Store.open(data_dir) as store:
        assert {p.name: p.pseudonym for p in store.profiles()} == names


def test_the_data_folder_and_file_are_private(tmp_path: Path) -> None:
    """New folders are 0700 and files 0600; ones an older version made (0755/0644) are fixed on open."""
    import os
    import stat

    folder = tmp_path / "fresh"
    with Store.open(folder) as store:
        store.create_room("K7M2QX", "ray", "h", "Ray")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for f in folder.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f
    os.chmod(folder, 0o755)
    os.chmod(folder / FILENAME, 0o644)
    with Store.open(folder):
        pass
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / FILENAME).stat().st_mode) == 0o600


def test_an_existing_empty_0755_data_folder_is_made_private_when_the_database_is_first_created(tmp_path: Path) -> None:
    import os
    import stat

    folder = tmp_path / "made-beforehand"
    folder.mkdir()
    os.chmod(folder, 0o755)
    with Store.open(folder):
        pass
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / FILENAME).stat().st_mode) == 0o600


def test_an_existing_folder_holding_other_things_keeps_its_mode(tmp_path: Path) -> None:
    """``--data-dir`` pointed at a folder in use for other things: only the file is made private."""
    import os
    import stat

    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / "notes.txt").write_text("x")
    os.chmod(folder, 0o755)
    with Store.open(folder):
        pass
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / FILENAME).stat().st_mode) == 0o600
