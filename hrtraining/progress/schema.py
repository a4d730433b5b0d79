"""Schema of the progress database and the migrations that build it.

The schema version lives in ``PRAGMA user_version`` (0 = empty file). ``MIGRATIONS[i]``
takes a database from version ``i`` to ``i + 1``. Migrations are append-only: a shipped
migration is never edited, because users' files were built by it (a test pins their text).

Each migration runs in the same ``BEGIN IMMEDIATE`` transaction as the ``user_version``
bump, so a crash mid-migration leaves the old version intact, and two processes opening a
fresh file at once cannot both migrate it (the second waits, then sees the new version).
"""

from __future__ import annotations

import sqlite3

from hrtraining.engine import HRTrainingError

from .checks import token_hash

# Version 1: profiles, settings, attempts with their choices and denormalised scores.
V1 = """
CREATE TABLE profiles (
    id          INTEGER PRIMARY KEY,
    -- NOCASE: `--profile alice` and the menu's "Alice" are the same person.
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
    created_at  TEXT NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT
);

CREATE TABLE attempts (
    id              INTEGER PRIMARY KEY,
    profile_id      INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    -- Pinned to the scenario version played: results never depend on the current file.
    scenario_id     TEXT NOT NULL,
    scenario_hash   TEXT NOT NULL,
    scenario_title  TEXT NOT NULL,
    mode            TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
    source          TEXT NOT NULL CHECK (source IN ('game', 'terminal', 'workshop')),
    status          TEXT NOT NULL DEFAULT 'open'
                    CHECK (status IN ('open', 'finished', 'abandoned')),
    started_at      TEXT NOT NULL,           -- ISO 8601 UTC
    finished_at     TEXT,                    -- set only when status = 'finished'
    -- Kept equal to the number of rows in `choices`; makes the next seq a single lookup.
    choice_count    INTEGER NOT NULL DEFAULT 0,
    ending_id       TEXT,
    ending_title    TEXT,
    level           TEXT,                    -- overall level from the report
    critical        INTEGER                  -- number of critical choices, from the report
);

-- History lists and exports, newest or oldest first.
CREATE INDEX attempts_by_profile ON attempts (profile_id, started_at);
-- Progress chart: finished attempts in time order; covering, so the chart's per-attempt
-- part is read from the index alone.
CREATE INDEX attempts_finished ON attempts (profile_id, finished_at, id, scenario_id,
                                            scenario_hash)
    WHERE status = 'finished';
-- Best level per scenario and per-scenario history; covering for best_levels().
CREATE INDEX attempts_finished_by_scenario ON attempts (profile_id, scenario_id, level)
    WHERE status = 'finished';
-- Resume screen.
CREATE INDEX attempts_open ON attempts (profile_id, started_at)
    WHERE status = 'open';

-- The engine's whole report, kept out of `attempts` so listing 10,000 attempts reads
-- small rows.
CREATE TABLE attempt_reports (
    attempt_id   INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    report_json  TEXT NOT NULL
);

CREATE TABLE choices (
    attempt_id    INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq >= 0),
    node_id       TEXT NOT NULL,
    choice_index  INTEGER NOT NULL,
    choice_text   TEXT NOT NULL,   -- kept so an edited scenario cannot change the record
    score_json    TEXT NOT NULL,   -- {dimension: points}
    codes_json    TEXT NOT NULL,   -- [code, ...]
    critical      INTEGER NOT NULL CHECK (critical IN (0, 1)),
    feedback      TEXT NOT NULL,
    made_at       TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq)
) WITHOUT ROWID;

-- One row per dimension of a finished attempt: what the chart and export read, so
-- neither has to parse 10,000 report documents. profile_id and finished_at are copied
-- from the attempt (both fixed once it is finished) so that the rows are stored in chart
-- order: one profile's whole chart is a single range read of this table.
CREATE TABLE attempt_scores (
    profile_id   INTEGER NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    finished_at  TEXT NOT NULL,
    attempt_id   INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,  -- order of the dimension in the report
    dimension    TEXT NOT NULL,
    points       INTEGER NOT NULL,
    best         INTEGER NOT NULL,
    percent      REAL,              -- NULL when the engine had no percent (best = 0)
    level        TEXT NOT NULL,
    PRIMARY KEY (profile_id, finished_at, attempt_id, position),
    UNIQUE (attempt_id, dimension)
) WITHOUT ROWID;
"""

# Version 2: workshop rooms and votes (issue 6), and the room an attempt was played in.
V2 = """
ALTER TABLE attempts ADD COLUMN workshop_room TEXT;

CREATE INDEX attempts_by_room ON attempts (workshop_room)
    WHERE workshop_room IS NOT NULL;

CREATE TABLE workshop_rooms (
    code            TEXT PRIMARY KEY,   -- unique for all time, so exports are unambiguous
    scenario_id     TEXT NOT NULL,
    scenario_hash   TEXT NOT NULL,
    scenario_title  TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    closed_at       TEXT
);

CREATE TABLE workshop_votes (
    room_code     TEXT NOT NULL REFERENCES workshop_rooms (code) ON DELETE CASCADE,
    decision_seq  INTEGER NOT NULL CHECK (decision_seq >= 0),
    node_id       TEXT NOT NULL,
    participant   TEXT NOT NULL,       -- random token held by the phone
    nickname      TEXT,                -- optional; anonymous by default
    choice_index  INTEGER NOT NULL CHECK (choice_index >= 0),
    voted_at      TEXT NOT NULL,
    -- One vote per participant per decision: a re-vote replaces it (upsert).
    PRIMARY KEY (room_code, decision_seq, participant)
) WITHOUT ROWID;
"""

# Version 3: show-of-hands counts typed in by a workshop leader (the fallback without a
# network), and the trainee's own rating of an attempt, given in the debrief before any score.
V3 = """
ALTER TABLE attempts ADD COLUMN self_rating TEXT
    CHECK (self_rating IS NULL OR self_rating IN ('beginning', 'fair', 'good'));

CREATE TABLE workshop_hands (
    room_code     TEXT NOT NULL REFERENCES workshop_rooms (code) ON DELETE CASCADE,
    decision_seq  INTEGER NOT NULL CHECK (decision_seq >= 0),
    node_id       TEXT NOT NULL,
    choice_index  INTEGER NOT NULL CHECK (choice_index >= 0),
    count         INTEGER NOT NULL CHECK (count >= 0),
    counted_at    TEXT NOT NULL,
    -- One count per choice per decision; the leader typing the counts again replaces the
    -- decision's whole set (see Store.record_hands).
    PRIMARY KEY (room_code, decision_seq, choice_index)
) WITHOUT ROWID;
"""

# Version 4: xAPI statements for a Learning Record Store (docs/xapi.md). Each profile gets a
# stable random pseudonym (the statements' actor, never the name), each attempt a registration
# (the UUID that groups its statements), and the outbox keeps every statement, written in the
# same transaction as the choice it describes, until the LRS has taken it.
V4 = """
ALTER TABLE profiles ADD COLUMN pseudonym TEXT;

UPDATE profiles SET pseudonym = lower(hex(randomblob(16))) WHERE pseudonym IS NULL;

CREATE UNIQUE INDEX profiles_by_pseudonym ON profiles (pseudonym);

ALTER TABLE attempts ADD COLUMN registration TEXT;

CREATE TABLE xapi_outbox (
    seq           INTEGER PRIMARY KEY,     -- creation order: the oldest is sent first
    statement_id  TEXT NOT NULL UNIQUE,    -- a UUID fixed at creation: a resend is idempotent
    body          TEXT NOT NULL,           -- the statement as it is sent, byte for byte
    created_at    TEXT NOT NULL,
    tries         INTEGER NOT NULL DEFAULT 0,
    next_try_at   TEXT,                    -- back-off: not before this time (NULL: now)
    lease_until   TEXT,                    -- a sender has it in flight until then
    lease_owner   TEXT,
    rejected      TEXT                     -- why the LRS refused this statement for good
);

CREATE INDEX xapi_outbox_waiting ON xapi_outbox (seq) WHERE rejected IS NULL;
"""

# Version 5: one writer per open attempt. A window (or terminal) that opens an attempt leases it
# and renews the lease while it lives; another process may read the attempt but not write it
# until the lease lapses (see ``leases``: per-connection triggers enforce it).
V5 = """
CREATE TABLE attempt_leases (
    attempt_id  INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    owner       TEXT NOT NULL,     -- a random id per open store: one process, one window
    label       TEXT NOT NULL,     -- what another window is told: "hrtraining on HOST (process 812)"
    until       REAL NOT NULL,     -- unix time; a lease not renewed by then has lapsed
    host        TEXT NOT NULL,     -- the holder's machine and process: a holder that is gone
    pid         INTEGER NOT NULL   -- (same machine, no such process) is not waited for
);
"""

# Version 6: participants' tokens are kept only as hashes (``checks.token_hash``, registered as
# the SQL function ``hrtraining_token_hash`` by :func:`migrate`). Anyone holding the file can
# no longer rejoin a room as a participant and read their private summary.
V6 = """
UPDATE workshop_votes SET participant = hrtraining_token_hash(participant);
"""


# Version 7: the trainee's own words at each decision (write-first practice), the closeness mark
# they gave, replays of a practice attempt from one of its decisions, and the written reflection.
V7 = """
-- A replay is a new practice attempt that starts at decision `from_decision` (1-based) of its
-- parent with the state the parent had there; its first from_decision - 1 choices are copies
-- of the parent's. Both NULL for a whole attempt.
ALTER TABLE attempts ADD COLUMN parent_attempt_id INTEGER REFERENCES attempts (id);
ALTER TABLE attempts ADD COLUMN from_decision INTEGER
    CHECK (from_decision IS NULL OR from_decision >= 1);

CREATE INDEX attempts_by_parent ON attempts (parent_attempt_id)
    WHERE parent_attempt_id IS NOT NULL;
-- The progress chart and best levels count whole attempts only. These replace v1's two
-- partial indexes (same columns, narrower condition); nothing else used those.
CREATE INDEX attempts_whole_finished ON attempts (profile_id, finished_at, id, scenario_id,
                                                  scenario_hash)
    WHERE status = 'finished' AND parent_attempt_id IS NULL;
CREATE INDEX attempts_whole_by_scenario ON attempts (profile_id, scenario_id, level)
    WHERE status = 'finished' AND parent_attempt_id IS NULL;
DROP INDEX attempts_finished;
DROP INDEX attempts_finished_by_scenario;

-- What the trainee wrote at a decision before seeing its options. Stored when submitted (its
-- own transaction), before the choice exists: `seq` is the decision's (0-based, as in
-- `choices`). The closeness mark is the trainee's own judgement of which offered option was
-- closest to their words ('option', with the scenario's choice index and its text as shown)
-- or that none was ('none'); NULL until marked, and never for a skipped reply.
CREATE TABLE replies (
    attempt_id     INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL CHECK (seq >= 0),
    node_id        TEXT NOT NULL,
    reply_text     TEXT NOT NULL,
    skipped        INTEGER NOT NULL CHECK (skipped IN (0, 1)),
    seconds        REAL NOT NULL CHECK (seconds >= 0),
    written_at     TEXT NOT NULL,
    closeness      TEXT CHECK (closeness IS NULL OR closeness IN ('option', 'none')),
    closest_index  INTEGER,
    closest_text   TEXT,
    marked_at      TEXT,
    CHECK (skipped = 0 OR (reply_text = '' AND closeness IS NULL)),
    CHECK (CASE WHEN closeness = 'option'
                THEN closest_index IS NOT NULL AND closest_index >= 0 AND closest_text IS NOT NULL
                ELSE closest_index IS NULL AND closest_text IS NULL END),
    CHECK ((closeness IS NULL) = (marked_at IS NULL)),
    PRIMARY KEY (attempt_id, seq)
) WITHOUT ROWID;

-- The trainee's written reflection on an attempt ("What would you do differently?"), kept out
-- of `attempts` so history lists read small rows.
CREATE TABLE attempt_reflections (
    attempt_id   INTEGER PRIMARY KEY REFERENCES attempts (id) ON DELETE CASCADE,
    reflection   TEXT NOT NULL CHECK (length(trim(reflection)) > 0),
    written_at   TEXT NOT NULL
);
"""

# Version 8: what the leader did to guard a room, so a crashed room resumes as it was left: the
# lock (nobody new may join) and the participants the leader removed. A removed participant is
# kept by the hash of their token only (``checks.token_hash``, as in ``workshop_votes``): the
# hash refuses their phone's token on rejoining and cannot itself be used to rejoin.
V8 = """
ALTER TABLE workshop_rooms ADD COLUMN locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1));

CREATE TABLE workshop_removed (
    room_code     TEXT NOT NULL REFERENCES workshop_rooms (code) ON DELETE CASCADE,
    participant   TEXT NOT NULL,       -- token_hash of the phone's token, never the token
    removed_at    TEXT NOT NULL,
    -- Removing someone twice keeps the first time (see Store.remove_participants).
    PRIMARY KEY (room_code, participant)
) WITHOUT ROWID;
"""

MIGRATIONS: tuple[str, ...] = (V1, V2, V3, V4, V5, V6, V7, V8)
LATEST_VERSION = len(MIGRATIONS)


def _hash_or_null(value: object) -> str | None:
    return token_hash(value) if isinstance(value, str) else None


class SchemaError(HRTrainingError):
    """The file is a SQLite database but not one this code can use."""


class ForeignDatabaseError(SchemaError):
    """The file holds tables but no schema version: some other program's database."""


class NewerSchemaError(SchemaError):
    """The file was written by a newer hrtraining; opening it could damage it."""


def split_statements(script: str) -> list[str]:
    """Split a migration script into complete statements.

    ``executescript`` would be simpler but commits any open transaction first, which would
    break the one-transaction-per-migration guarantee.
    """
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            if pending.strip():
                statements.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in migration: {pending.strip()[:60]!r}")
    return statements


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> tuple[int, int]:
    """Bring the database to version ``target``; return (version before, version after).

    ``conn`` must be in autocommit mode (``isolation_level=None``). Raises
    :class:`NewerSchemaError` or :class:`ForeignDatabaseError` without changing the file.
    """
    # Migrations may call Python: V4 hashes stored tokens with the stores' own function.
    conn.create_function("hrtraining_token_hash", 1, _hash_or_null, deterministic=True)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read the version inside the write transaction: another process may have just
        # migrated the file while we waited for the lock.
        before = conn.execute("PRAGMA user_version").fetchone()[0]
        if before > LATEST_VERSION:
            raise NewerSchemaError(
                f"the progress file has schema version {before}, newer than this "
                f"hrtraining understands ({LATEST_VERSION}); please update hrtraining"
            )
        if before == 0:
            tables = {
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                )
            }
            if tables:
                raise ForeignDatabaseError(
                    "the file is a SQLite database of some other program "
                    f"(tables: {', '.join(sorted(tables)[:5])})"
                )
        for version in range(before, target):
            for statement in split_statements(MIGRATIONS[version]):
                conn.execute(statement)
            # user_version is part of the database header, so it commits atomically
            # with the DDL above.
            conn.execute(f"PRAGMA user_version = {version + 1}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return before, max(before, target)
