"""Profiles, attempts and their choices: the trainee's own records, as a mixin of
:class:`~hrtraining.progress.Store`.

Every write is its own ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction (see ``store``), committed
before the method returns: a choice is on disk (in the WAL) once ``record_choice`` returns, so a
crash or kill -9 loses at most the choice being made. The trainee's own words at a decision
(``record_reply``) are committed the same way when they are submitted, before any option is
shown, so a kill -9 between writing and choosing loses nothing written.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Callable

from .checks import (MAX_REFLECTION, MAX_REPLY, check_codes, check_long_text, check_registration, check_report,
                     check_score, check_seconds, check_start, check_statements, clean_name, require_int,
                     require_text, system_user_name)
from .db import NotFoundError, StoreError, iso
from .models import (
    LEVEL_RANK,
    SELF_RATINGS,
    SOURCES,
    Attempt,
    ChoiceRecord,
    Profile,
    ReplyRecord,
    SeriesPoint,
)

if TYPE_CHECKING:
    from datetime import datetime

_LAST_PROFILE_KEY = "last_profile"

_ATTEMPT_COLUMNS = (
    "a.id, p.name, a.scenario_id, a.scenario_hash, a.scenario_title, a.mode, a.source, "
    "a.status, a.started_at, a.finished_at, a.choice_count, a.ending_id, a.ending_title, "
    "a.level, a.critical, a.workshop_room, a.self_rating, a.registration, a.parent_attempt_id, a.from_decision"
)
# Detailed attempts also carry the report.
_DETAILED_FROM = (
    "FROM attempts a JOIN profiles p ON p.id = a.profile_id "
    "LEFT JOIN attempt_reports r ON r.attempt_id = a.id"
)
_CHOICE_COLUMNS = (
    "seq, node_id, choice_index, choice_text, score_json, codes_json, critical, feedback, "
    "made_at"
)


_REPLY_COLUMNS = (
    "seq, node_id, reply_text, skipped, seconds, written_at, closeness, closest_index, "
    "closest_text, marked_at"
)


def _reply(row: tuple[Any, ...]) -> ReplyRecord:
    seq, node_id, text, skipped, seconds, written_at, closeness, index, closest, marked = row
    return ReplyRecord(seq, node_id, text, bool(skipped), float(seconds), written_at, closeness,
                       index, closest, marked)


def _choice(row: tuple[Any, ...]) -> ChoiceRecord:
    seq, node_id, index, text, score_json, codes_json, critical, feedback, made_at = row
    return ChoiceRecord(
        seq, node_id, index, text, json.loads(score_json), json.loads(codes_json),
        bool(critical), feedback, made_at,
    )


class AttemptsMixin:
    """Profiles and attempts: what one person played, choice by choice."""

    # Provided by Store (``_enqueue`` by the outbox mixin).
    _enqueue: Callable[[sqlite3.Connection, Sequence[tuple[str, str]]], None]
    _clock: Callable[[], datetime]
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _read: Callable[[], AbstractContextManager[sqlite3.Connection]]

    # -- profiles -------------------------------------------------------------------

    def profile(self, name: str, *, remember: bool = False) -> Profile:
        """The profile called ``name`` (case-insensitive), created if missing.

        ``remember=True`` also makes it the default for next time (``last_profile``).
        """
        name = clean_name(name)
        with self._write() as conn:
            profile = self._ensure_profile(conn, name)
            if remember:
                self._remember(conn, profile.name)
        return profile

    def find_profile(self, name: str) -> Profile | None:
        """The profile called ``name``, or None; never creates one."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT id, name, created_at, pseudonym FROM profiles WHERE name = ?", (name.strip(),)
            ).fetchone()
        return None if row is None else Profile(*row)

    def profiles(self) -> list[Profile]:
        with self._read() as conn:
            rows = conn.execute(
                "SELECT id, name, created_at, pseudonym FROM profiles ORDER BY name COLLATE NOCASE, id"
            ).fetchall()
        return [Profile(*row) for row in rows]

    def last_profile(self) -> str:
        """Default profile name: the last one used, else the system user name."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT p.name FROM settings s JOIN profiles p ON p.name = s.value "
                "WHERE s.key = ?",
                (_LAST_PROFILE_KEY,),
            ).fetchone()
        return row[0] if row else system_user_name()

    def _ensure_profile(self, conn: sqlite3.Connection, name: str) -> Profile:
        conn.execute(
            "INSERT INTO profiles (name, created_at, pseudonym) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO NOTHING",
            (name, iso(self._clock()), uuid.uuid4().hex),
        )
        row = conn.execute(
            "SELECT id, name, created_at, pseudonym FROM profiles WHERE name = ?", (name,)
        ).fetchone()
        return Profile(*row)

    def _remember(self, conn: sqlite3.Connection, name: str) -> None:
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_LAST_PROFILE_KEY, name),
        )

    def _profile_id(self, conn: sqlite3.Connection, name: str) -> int | None:
        row = conn.execute("SELECT id FROM profiles WHERE name = ?", (name.strip(),)).fetchone()
        return None if row is None else row[0]

    # -- attempts: writing ----------------------------------------------------------

    def start_attempt(
        self,
        profile: str,
        scenario_id: str,
        scenario_hash: str,
        scenario_title: str,
        mode: str,
        *,
        source: str = "game",
        workshop_room: str | None = None,
        registration: str | None = None,
        statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> int:
        """Begin an attempt and return its id. Creates and remembers the profile.

        ``registration`` is the attempt's xAPI registration (a UUID; one is made when None).
        ``statements`` (xAPI statements, see docs/xapi.md) go to the outbox in the same
        transaction, as with every write method below.
        """
        name, registration, queued = check_start(profile, scenario_id, scenario_hash, scenario_title, mode, source,
                                                 workshop_room, registration, statements)
        with self._write() as conn:
            owner = self._ensure_profile(conn, name)
            self._remember(conn, owner.name)
            cursor = conn.execute(
                "INSERT INTO attempts (profile_id, scenario_id, scenario_hash, scenario_title, "
                "mode, source, workshop_room, started_at, registration) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (owner.id, scenario_id, scenario_hash, scenario_title, mode, source,
                 workshop_room, iso(self._clock()), registration),
            )
            self._enqueue(conn, queued)
            return int(cursor.lastrowid)

    def _open_attempt(self, conn: sqlite3.Connection, attempt_id: int) -> int:
        """Check that the attempt exists and is open; return its choice count."""
        row = conn.execute(
            "SELECT status, choice_count FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no attempt {attempt_id}")
        if row[0] != "open":
            raise StoreError(f"attempt {attempt_id} is {row[0]}; it cannot be changed")
        return int(row[1])

    def record_choice(
        self,
        attempt_id: int,
        seq: int,
        node_id: str,
        choice_index: int,
        choice_text: str,
        *,
        score: Mapping[str, int],
        codes: list[str],
        critical: bool,
        feedback: str,
        statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Store the ``seq``-th (0-based) choice of an attempt; committed on return.

        ``seq`` must be the next one (the attempt's ``choice_count``): re-recording or
        skipping a step is an error. To go back, call :meth:`truncate_choices` first.
        """
        require_int("seq", seq, minimum=0)
        require_text("node_id", node_id)
        require_int("choice_index", choice_index, minimum=0)
        require_text("choice_text", choice_text, empty_ok=True)
        require_text("feedback", feedback, empty_ok=True)
        score = check_score(score)
        codes = check_codes(codes)
        queued = check_statements(statements)
        row = (
            attempt_id, seq, node_id, choice_index, choice_text,
            json.dumps(dict(score), ensure_ascii=False, separators=(",", ":")),
            json.dumps(list(codes), ensure_ascii=False, separators=(",", ":")),
            1 if critical else 0, feedback, iso(self._clock()),
        )
        with self._write() as conn:
            expected = self._open_attempt(conn, attempt_id)
            if seq != expected:
                hint = " (call truncate_choices to go back)" if seq < expected else ""
                raise StoreError(
                    f"attempt {attempt_id} expects choice {expected} next, not {seq}{hint}"
                )
            conn.execute(
                f"INSERT INTO choices (attempt_id, {_CHOICE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            conn.execute(
                "UPDATE attempts SET choice_count = ? WHERE id = ?", (seq + 1, attempt_id)
            )
            self._enqueue(conn, queued)

    def truncate_choices(self, attempt_id: int, seq: int) -> int:
        """Undo: delete choices ``seq`` and later of an open attempt; return how many.

        The trainee's own words at decisions after ``seq`` go too (those decisions are no longer
        on the path); the words at decision ``seq`` itself stay, because that decision is
        offered again at the same node (the choices before it are unchanged).
        """
        require_int("seq", seq, minimum=0)
        with self._write() as conn:
            count = self._open_attempt(conn, attempt_id)
            removed = conn.execute(
                "DELETE FROM choices WHERE attempt_id = ? AND seq >= ?", (attempt_id, seq)
            ).rowcount
            conn.execute("DELETE FROM replies WHERE attempt_id = ? AND seq > ?", (attempt_id, seq))
            conn.execute(
                "UPDATE attempts SET choice_count = ? WHERE id = ?",
                (min(count, seq), attempt_id),
            )
            return removed

    def finish_attempt(
        self,
        attempt_id: int,
        *,
        ending_id: str,
        ending_title: str,
        report: Mapping[str, Any],
        statements: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        """Close an attempt with the engine's report (stored whole, plus per-dimension rows).

        The report is validated before anything is written; a bad one raises ValueError
        and leaves the attempt open.
        """
        # Empty is allowed: a caller may finish a story that stopped without an ending node.
        require_text("ending_id", ending_id, empty_ok=True)
        require_text("ending_title", ending_title, empty_ok=True)
        rows, level, critical, report_json = check_report(report)
        queued = check_statements(statements)
        finished_at = iso(self._clock())
        with self._write() as conn:
            self._open_attempt(conn, attempt_id)
            if critical is None:  # older engines: count the recorded critical choices
                critical = conn.execute(
                    "SELECT count(*) FROM choices WHERE attempt_id = ? AND critical = 1",
                    (attempt_id,),
                ).fetchone()[0]
            conn.execute(
                "UPDATE attempts SET status = 'finished', finished_at = ?, ending_id = ?, "
                "ending_title = ?, level = ?, critical = ? WHERE id = ?",
                (finished_at, ending_id, ending_title, level, critical, attempt_id),
            )
            conn.execute(
                "INSERT INTO attempt_reports (attempt_id, report_json) VALUES (?, ?)",
                (attempt_id, report_json),
            )
            profile_id = conn.execute(
                "SELECT profile_id FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()[0]
            conn.executemany(
                "INSERT INTO attempt_scores (profile_id, finished_at, attempt_id, position, "
                "dimension, points, best, percent, level) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(profile_id, finished_at, attempt_id, *row) for row in rows],
            )
            self._enqueue(conn, queued)

    def abandon_attempt(self, attempt_id: int) -> None:
        """Give up an open attempt (e.g. restarted because the scenario changed).

        Its choices are kept; it just no longer appears in ``unfinished_attempts``.
        """
        with self._write() as conn:
            self._open_attempt(conn, attempt_id)
            conn.execute("UPDATE attempts SET status = 'abandoned' WHERE id = ?", (attempt_id,))

    def set_self_rating(self, attempt_id: int, level: str | None, *,
                        statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        """Store the trainee's own rating of an attempt ('beginning', 'fair' or 'good').

        The debrief asks for it before showing any score, after the attempt is finished,
        so any attempt can be rated; a new rating replaces the old one and None clears it.
        """
        require_int("attempt_id", attempt_id)
        if level is not None and level not in SELF_RATINGS:
            raise ValueError(
                f"self_rating must be one of {', '.join(SELF_RATINGS)} or None, not {level!r}"
            )
        queued = check_statements(statements)
        with self._write() as conn:
            cursor = conn.execute(
                "UPDATE attempts SET self_rating = ? WHERE id = ?", (level, attempt_id)
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no attempt {attempt_id}")
            self._enqueue(conn, queued)

    def start_replay(self, parent_attempt_id: int, from_decision: int, *, source: str = "game",
                     registration: str | None = None,
                     statements: Sequence[Mapping[str, Any]] | None = None) -> int:
        """Open a practice attempt that replays ``parent_attempt_id`` from its decision
        ``from_decision`` (1-based); returns its id.

        The new attempt belongs to the parent's profile and scenario version, and starts with
        copies of the parent's first ``from_decision - 1`` choices (the state it had there), in
        the same transaction. The parent is never changed, whatever its mode or status. The
        decision must be one the parent made; workshop rooms are not replayed. The replay has its
        own xAPI ``registration`` (made when None); ``statements`` go to the outbox with it.
        """
        require_int("parent_attempt_id", parent_attempt_id)
        require_int("from_decision", from_decision, minimum=1)
        if source not in SOURCES or source == "workshop":
            raise ValueError(f"source must be 'game' or 'terminal', not {source!r}")
        registration, queued = check_registration(registration), check_statements(statements)
        with self._write() as conn:
            row = conn.execute(
                "SELECT profile_id, scenario_id, scenario_hash, scenario_title, choice_count, "
                "source FROM attempts WHERE id = ?", (parent_attempt_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no attempt {parent_attempt_id}")
            profile_id, scenario_id, scenario_hash, title, count, parent_source = row
            if parent_source == "workshop":
                raise StoreError(f"attempt {parent_attempt_id} is a workshop room's; replay it alone instead")
            if from_decision > count:
                raise StoreError(
                    f"attempt {parent_attempt_id} made {count} decision(s); it has no decision {from_decision}"
                )
            copied = from_decision - 1
            attempt_id = int(conn.execute(
                "INSERT INTO attempts (profile_id, scenario_id, scenario_hash, scenario_title, mode, "
                "source, started_at, choice_count, parent_attempt_id, from_decision, registration) "
                "VALUES (?, ?, ?, ?, 'practice', ?, ?, ?, ?, ?, ?)",
                (profile_id, scenario_id, scenario_hash, title, source, iso(self._clock()), copied,
                 parent_attempt_id, from_decision, registration),
            ).lastrowid)
            conn.execute(
                f"INSERT INTO choices (attempt_id, {_CHOICE_COLUMNS}) SELECT ?, {_CHOICE_COLUMNS} "
                "FROM choices WHERE attempt_id = ? AND seq < ?",
                (attempt_id, parent_attempt_id, copied),
            )
            self._enqueue(conn, queued)
            return attempt_id

    def record_reply(self, attempt_id: int, seq: int, node_id: str, text: str, *, seconds: float,
                     skipped: bool = False) -> None:
        """Store what the trainee wrote at decision ``seq`` before its options were shown;
        committed on return.

        ``seq`` is the decision being faced (the attempt's next choice). Writing again at the
        same decision replaces the reply and clears its closeness mark. A skipped reply has
        ``text`` "" (the skip itself is what is kept).
        """
        require_int("seq", seq, minimum=0)
        require_text("node_id", node_id)
        check_long_text("reply", text, MAX_REPLY)
        seconds = check_seconds(seconds)
        if skipped and text:
            raise ValueError("a skipped reply has no text")
        with self._write() as conn:
            expected = self._open_attempt(conn, attempt_id)
            if seq != expected:
                raise StoreError(f"attempt {attempt_id} faces decision {expected} now, not {seq}; "
                                 "a reply is stored before its choice")
            conn.execute(
                f"INSERT OR REPLACE INTO replies ({_REPLY_COLUMNS}, attempt_id) "
                "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?)",
                (seq, node_id, text, 1 if skipped else 0, seconds, iso(self._clock()), attempt_id),
            )

    def mark_closeness(self, attempt_id: int, seq: int, closest_index: int | None, *,
                       closest_text: str = "") -> None:
        """The trainee's own mark of which offered option was closest to their reply at decision
        ``seq`` (``closest_index``, the scenario's index, and its text), or None for "none of
        these". Marked before choosing; a new mark replaces the old one."""
        require_int("seq", seq, minimum=0)
        if closest_index is not None:
            require_int("closest_index", closest_index, minimum=0)
            require_text("closest_text", closest_text, empty_ok=True)
        with self._write() as conn:
            expected = self._open_attempt(conn, attempt_id)
            if seq != expected:
                raise StoreError(f"attempt {attempt_id} faces decision {expected} now, not {seq}; "
                                 "the closeness mark comes before the choice")
            row = conn.execute(
                "SELECT skipped FROM replies WHERE attempt_id = ? AND seq = ?", (attempt_id, seq)
            ).fetchone()
            if row is None or row[0]:
                raise StoreError(f"attempt {attempt_id} has no written reply at decision {seq} to compare")
            conn.execute(
                "UPDATE replies SET closeness = ?, closest_index = ?, closest_text = ?, marked_at = ? "
                "WHERE attempt_id = ? AND seq = ?",
                ("none" if closest_index is None else "option", closest_index,
                 None if closest_index is None else closest_text, iso(self._clock()), attempt_id, seq),
            )

    def set_reflection(self, attempt_id: int, text: str | None) -> None:
        """The trainee's written reflection on an attempt (any status); a new one replaces the
        old, and None or blank text removes it."""
        require_int("attempt_id", attempt_id)
        if text is not None:
            check_long_text("reflection", text, MAX_REFLECTION)
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM attempts WHERE id = ?", (attempt_id,)).fetchone() is None:
                raise NotFoundError(f"no attempt {attempt_id}")
            if text is None or not text.strip():
                conn.execute("DELETE FROM attempt_reflections WHERE attempt_id = ?", (attempt_id,))
                return
            conn.execute(
                "INSERT INTO attempt_reflections (attempt_id, reflection, written_at) VALUES (?, ?, ?) "
                "ON CONFLICT (attempt_id) DO UPDATE SET reflection = excluded.reflection, "
                "written_at = excluded.written_at",
                (attempt_id, text, iso(self._clock())),
            )

    # -- attempts: reading ----------------------------------------------------------

    def attempt(self, attempt_id: int) -> Attempt:
        """One attempt with its choices in order and its report."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS}, r.report_json {_DETAILED_FROM} WHERE a.id = ?",
                (attempt_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"no attempt {attempt_id}")
            return self._detailed(conn, row)

    def _detailed(self, conn: sqlite3.Connection, row: tuple[Any, ...]) -> Attempt:
        choices = conn.execute(
            f"SELECT {_CHOICE_COLUMNS} FROM choices WHERE attempt_id = ? ORDER BY seq",
            (row[0],),
        ).fetchall()
        replies = conn.execute(
            f"SELECT {_REPLY_COLUMNS} FROM replies WHERE attempt_id = ? ORDER BY seq", (row[0],)
        ).fetchall()
        reflection = conn.execute(
            "SELECT reflection FROM attempt_reflections WHERE attempt_id = ?", (row[0],)
        ).fetchone()
        return Attempt(*row[:-1], choices=tuple(_choice(c) for c in choices),
                       replies=tuple(_reply(r) for r in replies),
                       reflection=reflection[0] if reflection else None,
                       report_json=row[-1], detailed=True)

    def unfinished_attempts(self, profile: str, *, solo: bool = False) -> list[Attempt]:
        """Open attempts of ``profile`` with their choices, newest first (for Resume).

        ``solo`` leaves out workshop rooms (the room's path, not the person's own play).
        """
        with self._read() as conn:
            profile_id = self._profile_id(conn, profile)
            if profile_id is None:
                return []
            rows = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS}, r.report_json {_DETAILED_FROM} "
                "WHERE a.profile_id = ? AND a.status = 'open' "
                + ("AND a.source != 'workshop' " if solo else "")
                + "ORDER BY a.started_at DESC, a.id DESC",
                (profile_id,),
            ).fetchall()
            return [self._detailed(conn, row) for row in rows]

    def room_attempt(self, code: str) -> Attempt | None:
        """The attempt recording workshop room ``code``'s path (newest if several), detailed."""
        with self._read() as conn:
            row = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS}, r.report_json {_DETAILED_FROM} "
                "WHERE a.workshop_room = ? ORDER BY a.started_at DESC, a.id DESC LIMIT 1",
                (code,),
            ).fetchone()
            return None if row is None else self._detailed(conn, row)

    def attempts(
        self,
        profile: str,
        scenario_id: str | None = None,
        *,
        include_unfinished: bool = False,
        limit: int | None = None,
        offset: int = 0,
        solo: bool = False,
        whole: bool = False,
    ) -> list[Attempt]:
        """Attempts of ``profile`` (finished only by default), newest first.

        Light attempts: no choices and no report (use :meth:`attempt` for those).
        ``limit``/``offset`` page through a long history. ``solo`` leaves out workshop
        rooms (the room's path, not the person's own play); ``whole`` leaves out replays from
        a decision (in the query, so a page of replays cannot hide the last whole attempt).
        """
        sql = (
            f"SELECT {_ATTEMPT_COLUMNS} FROM attempts a JOIN profiles p ON p.id = a.profile_id "
            "WHERE a.profile_id = ?"
        )
        params: list[Any] = []
        if not include_unfinished:
            sql += " AND a.status = 'finished'"
        if scenario_id is not None:
            sql += " AND a.scenario_id = ?"
            params.append(scenario_id)
        if solo:
            sql += " AND a.source != 'workshop'"
        if whole:
            sql += " AND a.parent_attempt_id IS NULL"
        sql += " ORDER BY a.started_at DESC, a.id DESC"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else require_int("limit", limit, minimum=0),
                       require_int("offset", offset, minimum=0)]
        with self._read() as conn:
            profile_id = self._profile_id(conn, profile)
            if profile_id is None:
                return []
            rows = conn.execute(sql, [profile_id, *params]).fetchall()
        return [Attempt(*row) for row in rows]

    def best_levels(self, profile: str, *, solo: bool = False) -> dict[str, str]:
        """Best level reached per scenario id over finished whole attempts (any version; a
        replay from a decision is not a whole attempt).

        ``solo`` leaves out workshop rooms (the room's path, not the person's own play).
        """
        with self._read() as conn:
            profile_id = self._profile_id(conn, profile)
            if profile_id is None:
                return {}
            # DISTINCT on the covering index: a handful of rows, ranked in Python so an
            # unexpected level string cannot break the query.
            rows = conn.execute(
                "SELECT DISTINCT scenario_id, level FROM attempts "
                "WHERE profile_id = ? AND status = 'finished' AND parent_attempt_id IS NULL "
                "AND level IS NOT NULL"
                + (" AND source != 'workshop'" if solo else ""),
                (profile_id,),
            ).fetchall()
        best: dict[str, str] = {}
        for scenario_id, level in rows:
            current = best.get(scenario_id)
            if current is None or LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(current, 0):
                best[scenario_id] = level
        return dict(sorted(best.items()))

    def progress_summary(
        self, profile: str, scenario_id: str | None = None, *, limit: int | None = None,
        solo: bool = False,
    ) -> dict[str, list[SeriesPoint]]:
        """Per dimension, the finished whole attempts' results in time order (for the chart;
        replays from a decision are left out: they repeat part of an earlier attempt).

        Dimensions come in report order. ``limit`` keeps only the last N finished attempts
        (a chart rarely shows more); ``scenario_id`` keeps one scenario's attempts.
        """
        with self._read() as conn:
            profile_id = self._profile_id(conn, profile)
            if profile_id is None:
                return {}
            # Two range reads instead of one join: the per-attempt strings (time, scenario,
            # hash) are read once per attempt, not once per dimension, and neither query
            # touches the attempts table itself (covering index + clustered score rows).
            sql = (
                "SELECT id, finished_at, scenario_id, scenario_hash FROM attempts "
                "INDEXED BY attempts_whole_finished WHERE profile_id = ? AND status = 'finished' "
                "AND parent_attempt_id IS NULL"
            )
            params: list[Any] = [profile_id]
            if scenario_id is not None:
                sql += " AND scenario_id = ?"
                params.append(scenario_id)
            if solo:  # leave out workshop rooms: the room's path, not the person's own play
                sql += " AND source != 'workshop'"
            if limit is not None:
                sql += " ORDER BY finished_at DESC, id DESC LIMIT ?"
                params.append(require_int("limit", limit, minimum=0))
            meta = {row[0]: row[1:] for row in conn.execute(sql, params)}
            if not meta:
                return {}
            first = min(value[0] for value in meta.values())
            scores = conn.execute(
                "SELECT attempt_id, dimension, percent, level "
                "FROM attempt_scores WHERE profile_id = ? AND finished_at >= ? "
                "ORDER BY finished_at, attempt_id, position",
                (profile_id, first),
            ).fetchall()
        summary: dict[str, list[SeriesPoint]] = {}
        new, point = tuple.__new__, SeriesPoint
        get = meta.get
        for attempt_id, dim, percent, level in scores:
            info = get(attempt_id)
            if info is None:  # filtered out by scenario_id or limit
                continue
            series = summary.get(dim)
            if series is None:
                series = summary[dim] = []
            finished_at, scenario, scenario_hash = info
            series.append(
                new(point, (finished_at, percent, level, scenario, scenario_hash, attempt_id))
            )
        return summary
