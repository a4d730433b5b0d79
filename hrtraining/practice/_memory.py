"""A store that keeps everything in memory: for plays that must leave no trace, and for tests.

It implements :class:`~hrtraining.practice.AttemptStore` and :class:`RoomStore` with the same
rules as the SQLite store (the same checks from :mod:`hrtraining.progress.checks`, the same
errors), and the contract test runs the same cases against both. An author's test play
(``--scenario`` and F5 reloads) records here, so nothing reaches the trainee's progress file.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Callable

from hrtraining.progress import (LEASE_SECONDS, SOURCES, Attempt, ChoiceRecord, HandCount, Lease,
                                 NotFoundError, Profile, Room, SeriesPoint, StoreError, Vote)
from hrtraining.progress.checks import (MAX_REFLECTION, MAX_REPLY, check_codes, check_long_text, check_registration,
                                        check_report, check_score, check_seconds, check_start, check_statements, check_votes,
                                        clean_name, require_count, require_int, require_text, require_token_hash,
                                        system_user_name, token_hash)
from hrtraining.progress.models import ReplyRecord
from hrtraining.progress.db import iso, utc_now
from hrtraining.progress.models import LEVEL_RANK, SELF_RATINGS

from ._memory_outbox import MemoryOutbox


class MemoryStore(MemoryOutbox):
    """Profiles, attempts, rooms and the xAPI outbox in dictionaries. Thread-safe, like the
    SQLite store."""

    def __init__(self, clock: Callable[[], Any] = utc_now) -> None:
        self._clock = clock
        self._lock = threading.RLock()
        self._profiles: dict[str, Profile] = {}        # lower-cased name -> profile
        self._last: str | None = None
        self._attempts: dict[int, Attempt] = {}        # id -> light record (no choices)
        self._choices: dict[int, list[ChoiceRecord]] = {}
        self._replies: dict[int, dict[int, ReplyRecord]] = {}   # id -> seq -> reply
        self._reflections: dict[int, str] = {}
        self._reports: dict[int, str] = {}             # id -> report JSON
        self._scores: dict[int, list[tuple[Any, ...]]] = {}
        self._rooms: dict[str, Room] = {}
        self._votes: dict[tuple[str, int, str], Vote] = {}
        self._hands: dict[tuple[str, int, int], HandCount] = {}
        self._removed: dict[str, dict[str, str]] = {}  # room code -> token hash -> removed at (in order)
        self._leases: set[int] = set()
        self.notice: str | None = None
        self.closed = False
        MemoryOutbox._init_outbox(self)  # not through self: subclasses may trap attribute reads

    def _now(self) -> str:
        return iso(self._clock())

    def _check_open(self) -> None:
        if self.closed:
            raise StoreError("the progress store is closed")

    # -- profiles ----------------------------------------------------------------------------
    def profile(self, name: str, *, remember: bool = False) -> Profile:
        name = clean_name(name)
        with self._lock:
            self._check_open()
            p = self._ensure(name)
            if remember:
                self._last = p.name
            return p

    def _ensure(self, name: str) -> Profile:
        p = self._profiles.get(name.lower())
        if p is None:
            p = self._profiles[name.lower()] = Profile(len(self._profiles) + 1, name, self._now(),
                                                     uuid.uuid4().hex)
        return p

    def profiles(self) -> list[Profile]:
        with self._lock:
            return sorted(self._profiles.values(), key=lambda p: (p.name.lower(), p.id))

    def last_profile(self) -> str:
        with self._lock:
            return self._last or system_user_name()

    # -- attempts: writing ---------------------------------------------------------------------
    def start_attempt(self, profile: str, scenario_id: str, scenario_hash: str, scenario_title: str,
                      mode: str, *, source: str = "game", workshop_room: str | None = None,
                      registration: str | None = None, statements: Sequence[Mapping[str, Any]] | None = None
                      ) -> int:
        name, registration, queued = check_start(profile, scenario_id, scenario_hash, scenario_title, mode, source,
                                                 workshop_room, registration, statements)
        with self._lock:
            self._check_open()
            owner = self._ensure(name)
            self._last = owner.name
            attempt_id = len(self._attempts) + 1
            self._attempts[attempt_id] = Attempt(
                attempt_id, owner.name, scenario_id, scenario_hash, scenario_title, mode, source, "open",
                self._now(), None, 0, None, None, None, None, workshop_room, registration=registration)
            self._choices[attempt_id] = []
            self._replies[attempt_id] = {}
            self._enqueue(queued)
            return attempt_id

    def _open(self, attempt_id: int) -> Attempt:
        a = self._attempts.get(attempt_id)
        if a is None:
            raise NotFoundError(f"no attempt {attempt_id}")
        if a.status != "open":
            raise StoreError(f"attempt {attempt_id} is {a.status}; it cannot be changed")
        return a

    def record_choice(self, attempt_id: int, seq: int, node_id: str, choice_index: int, choice_text: str, *,
                      score: Mapping[str, int], codes: list[str], critical: bool, feedback: str,
                      statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        require_count("seq", seq)
        require_text("node_id", node_id)
        require_count("choice_index", choice_index)
        require_text("choice_text", choice_text, empty_ok=True)
        require_text("feedback", feedback, empty_ok=True)
        record = ChoiceRecord(seq, node_id, choice_index, choice_text, check_score(score), check_codes(codes),
                              bool(critical), feedback, self._now())
        queued = check_statements(statements)
        with self._lock:
            self._check_open()
            a = self._open(attempt_id)
            if seq != a.choice_count:
                hint = " (call truncate_choices to go back)" if seq < a.choice_count else ""
                raise StoreError(f"attempt {attempt_id} expects choice {a.choice_count} next, not {seq}{hint}")
            self._choices[attempt_id].append(record)
            self._attempts[attempt_id] = replace(a, choice_count=seq + 1)
            self._enqueue(queued)

    def truncate_choices(self, attempt_id: int, seq: int) -> int:
        require_count("seq", seq)
        with self._lock:
            self._check_open()
            a = self._open(attempt_id)
            kept = self._choices[attempt_id][:seq]
            removed = len(self._choices[attempt_id]) - len(kept)
            self._choices[attempt_id] = kept
            # The words at decision ``seq`` stay: that decision is offered again.
            self._replies[attempt_id] = {k: r for k, r in self._replies[attempt_id].items() if k <= seq}
            self._attempts[attempt_id] = replace(a, choice_count=len(kept))
            return removed

    def finish_attempt(self, attempt_id: int, *, ending_id: str, ending_title: str,
                       report: Mapping[str, Any], statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        require_text("ending_id", ending_id, empty_ok=True)
        require_text("ending_title", ending_title, empty_ok=True)
        rows, level, critical, report_json = check_report(report)
        queued = check_statements(statements)
        with self._lock:
            self._check_open()
            a = self._open(attempt_id)
            if critical is None:
                critical = sum(1 for c in self._choices[attempt_id] if c.critical)
            self._attempts[attempt_id] = replace(a, status="finished", finished_at=self._now(), ending_id=ending_id,
                                                 ending_title=ending_title, level=level, critical=critical)
            self._reports[attempt_id] = report_json
            self._scores[attempt_id] = rows
            self._enqueue(queued)

    def abandon_attempt(self, attempt_id: int) -> None:
        with self._lock:
            self._check_open()
            self._attempts[attempt_id] = replace(self._open(attempt_id), status="abandoned")

    def set_self_rating(self, attempt_id: int, level: str | None, *,
                        statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        require_int("attempt_id", attempt_id)
        if level is not None and level not in SELF_RATINGS:
            raise ValueError(f"self_rating must be one of {', '.join(SELF_RATINGS)} or None, not {level!r}")
        queued = check_statements(statements)
        with self._lock:
            self._check_open()
            a = self._attempts.get(attempt_id)
            if a is None:
                raise NotFoundError(f"no attempt {attempt_id}")
            self._attempts[attempt_id] = replace(a, self_rating=level)
            self._enqueue(queued)

    def start_replay(self, parent_attempt_id: int, from_decision: int, *, source: str = "game",
                     registration: str | None = None, statements: Sequence[Mapping[str, Any]] | None = None) -> int:
        require_int("parent_attempt_id", parent_attempt_id)
        require_int("from_decision", from_decision, minimum=1)
        if source not in SOURCES or source == "workshop":
            raise ValueError(f"source must be 'game' or 'terminal', not {source!r}")
        registration, queued = check_registration(registration), check_statements(statements)
        with self._lock:
            self._check_open()
            parent = self._attempts.get(parent_attempt_id)
            if parent is None:
                raise NotFoundError(f"no attempt {parent_attempt_id}")
            if parent.source == "workshop":
                raise StoreError(f"attempt {parent_attempt_id} is a workshop room's; replay it alone instead")
            if from_decision > parent.choice_count:
                raise StoreError(f"attempt {parent_attempt_id} made {parent.choice_count} decision(s); it has no "
                                 f"decision {from_decision}")
            copied = self._choices[parent_attempt_id][:from_decision - 1]
            attempt_id = len(self._attempts) + 1
            self._attempts[attempt_id] = Attempt(
                attempt_id, parent.profile, parent.scenario_id, parent.scenario_hash, parent.scenario_title,
                "practice", source, "open", self._now(), None, len(copied), None, None, None, None, None,
                registration=registration, parent_attempt_id=parent_attempt_id, from_decision=from_decision)
            self._choices[attempt_id] = list(copied)
            self._replies[attempt_id] = {}
            self._enqueue(queued)
            return attempt_id

    def record_reply(self, attempt_id: int, seq: int, node_id: str, text: str, *, seconds: float,
                     skipped: bool = False) -> None:
        require_count("seq", seq)
        require_text("node_id", node_id)
        check_long_text("reply", text, MAX_REPLY)
        seconds = check_seconds(seconds)
        if skipped and text:
            raise ValueError("a skipped reply has no text")
        with self._lock:
            self._check_open()
            a = self._open(attempt_id)
            if seq != a.choice_count:
                raise StoreError(f"attempt {attempt_id} faces decision {a.choice_count} now, not {seq}; "
                                 "a reply is stored before its choice")
            self._replies[attempt_id][seq] = ReplyRecord(seq, node_id, text, bool(skipped), seconds, self._now())

    def mark_closeness(self, attempt_id: int, seq: int, closest_index: int | None, *,
                       closest_text: str = "") -> None:
        require_count("seq", seq)
        if closest_index is not None:
            require_count("closest_index", closest_index)
            require_text("closest_text", closest_text, empty_ok=True)
        with self._lock:
            self._check_open()
            a = self._open(attempt_id)
            if seq != a.choice_count:
                raise StoreError(f"attempt {attempt_id} faces decision {a.choice_count} now, not {seq}; "
                                 "the closeness mark comes before the choice")
            reply = self._replies[attempt_id].get(seq)
            if reply is None or reply.skipped:
                raise StoreError(f"attempt {attempt_id} has no written reply at decision {seq} to compare")
            self._replies[attempt_id][seq] = replace(
                reply, closeness="none" if closest_index is None else "option", closest_index=closest_index,
                closest_text=None if closest_index is None else closest_text, marked_at=self._now())

    def set_reflection(self, attempt_id: int, text: str | None) -> None:
        require_int("attempt_id", attempt_id)
        if text is not None:
            check_long_text("reflection", text, MAX_REFLECTION)
        with self._lock:
            self._check_open()
            if attempt_id not in self._attempts:
                raise NotFoundError(f"no attempt {attempt_id}")
            if text is None or not text.strip():
                self._reflections.pop(attempt_id, None)
            else:
                self._reflections[attempt_id] = text

    # -- attempts: reading -----------------------------------------------------------------------
    def _detailed(self, a: Attempt) -> Attempt:
        replies = tuple(r for _, r in sorted(self._replies[a.id].items()))
        return replace(a, choices=tuple(self._choices[a.id]), replies=replies,
                       reflection=self._reflections.get(a.id), report_json=self._reports.get(a.id), detailed=True)

    def attempt(self, attempt_id: int) -> Attempt:
        with self._lock:
            a = self._attempts.get(attempt_id)
            if a is None:
                raise NotFoundError(f"no attempt {attempt_id}")
            return self._detailed(a)

    def _mine(self, profile: str, solo: bool) -> list[Attempt]:
        """``profile``'s attempts, newest first (ids grow with time, as SQLite's rowids do)."""
        p = self._profiles.get(profile.strip().lower())
        if p is None:
            return []
        return [a for a in sorted(self._attempts.values(), key=lambda a: (a.started_at, a.id), reverse=True)
                if a.profile == p.name and not (solo and a.source == "workshop")]

    def unfinished_attempts(self, profile: str, *, solo: bool = False) -> list[Attempt]:
        with self._lock:
            return [self._detailed(a) for a in self._mine(profile, solo) if a.status == "open"]

    def room_attempt(self, code: str) -> Attempt | None:
        with self._lock:
            found = [a for a in self._attempts.values() if a.workshop_room == code]
            if not found:
                return None
            return self._detailed(max(found, key=lambda a: (a.started_at, a.id)))

    def attempts(self, profile: str, scenario_id: str | None = None, *, include_unfinished: bool = False,
                 limit: int | None = None, offset: int = 0, solo: bool = False,
                 whole: bool = False) -> list[Attempt]:
        if limit is not None:
            require_count("limit", limit)
        require_count("offset", offset)
        with self._lock:
            found = [a for a in self._mine(profile, solo)
                     if (include_unfinished or a.status == "finished")
                     and (scenario_id is None or a.scenario_id == scenario_id)
                     and not (whole and a.is_replay)]
        return found[offset:None if limit is None else offset + limit]

    def best_levels(self, profile: str, *, solo: bool = False) -> dict[str, str]:
        best: dict[str, str] = {}
        with self._lock:
            for a in self._mine(profile, solo):
                if a.status != "finished" or a.level is None or a.is_replay:
                    continue
                current = best.get(a.scenario_id)
                if current is None or LEVEL_RANK.get(a.level, 0) > LEVEL_RANK.get(current, 0):
                    best[a.scenario_id] = a.level
        return dict(sorted(best.items()))

    def progress_summary(self, profile: str, scenario_id: str | None = None, *, limit: int | None = None,
                         solo: bool = False) -> dict[str, list[SeriesPoint]]:
        if limit is not None:
            require_count("limit", limit)
        with self._lock:
            done = [a for a in self._mine(profile, solo) if a.status == "finished" and not a.is_replay
                    and (scenario_id is None or a.scenario_id == scenario_id)]
            done.sort(key=lambda a: (a.finished_at, a.id), reverse=True)
            if limit is not None:
                done = done[:limit]
            summary: dict[str, list[SeriesPoint]] = {}
            for a in sorted(done, key=lambda a: (a.finished_at, a.id)):
                for _, dim, _, _, percent, level in self._scores.get(a.id, []):
                    summary.setdefault(dim, []).append(
                        SeriesPoint(a.finished_at or "", percent, level, a.scenario_id, a.scenario_hash, a.id))
        return summary

    # -- leases: one process holds this store, so every lease is its own -----------------------
    def lease_attempt(self, attempt_id: int, *, seconds: float = LEASE_SECONDS, take_over: bool = False) -> Lease:
        require_int("attempt_id", attempt_id)
        with self._lock:
            if attempt_id not in self._attempts:
                raise NotFoundError(f"no attempt {attempt_id}")
            self._leases.add(attempt_id)
        return Lease(attempt_id, "this window", True, float(seconds))

    def lease_of(self, attempt_id: int) -> Lease | None:
        with self._lock:
            return Lease(attempt_id, "this window", True, LEASE_SECONDS) if attempt_id in self._leases else None

    def renew_leases(self, *, seconds: float = LEASE_SECONDS) -> int:
        with self._lock:
            return len(self._leases)

    def release_lease(self, attempt_id: int) -> None:
        with self._lock:
            self._leases.discard(attempt_id)

    def release_leases(self) -> None:
        with self._lock:
            self._leases.clear()

    def close(self) -> None:
        self.release_leases()
        self.closed = True

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- rooms -----------------------------------------------------------------------------------
    def create_room(self, code: str, scenario_id: str, scenario_hash: str, scenario_title: str) -> Room:
        require_text("code", code)
        require_text("scenario_id", scenario_id)
        require_text("scenario_hash", scenario_hash)
        if not isinstance(scenario_title, str):
            raise ValueError("scenario_title must be a string")
        with self._lock:
            self._check_open()
            if code in self._rooms:
                raise StoreError(f"room code {code!r} is already taken")
            room = self._rooms[code] = Room(code, scenario_id, scenario_hash, scenario_title, self._now(), None)
            return room

    def room(self, code: str) -> Room:
        with self._lock:
            if code not in self._rooms:
                raise NotFoundError(f"no workshop room {code!r}")
            return self._rooms[code]

    def rooms(self, *, open_only: bool = False) -> list[Room]:
        with self._lock:
            found = [r for r in self._rooms.values() if not open_only or r.closed_at is None]
        # Newest first, then by code: a stable sort by the second key, then by the first.
        return sorted(sorted(found, key=lambda r: r.code), key=lambda r: r.created_at, reverse=True)

    def close_room(self, code: str) -> None:
        with self._lock:
            self._check_open()
            room = self.room(code)
            if room.closed_at is None:
                self._rooms[code] = replace(room, closed_at=self._now())

    def _open_room(self, code: str) -> None:
        room = self._rooms.get(code)
        if room is None:
            raise NotFoundError(f"no workshop room {code!r}")
        if room.closed_at is not None:
            raise StoreError(f"workshop room {code!r} is closed")

    def record_vote(self, room_code: str, decision_seq: int, node_id: str, participant: str,
                    choice_index: int, *, nickname: str | None = None,
                    statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        self.record_votes(room_code, [(decision_seq, node_id, participant, choice_index, nickname)],
                          statements=statements)

    def record_votes(self, room_code: str, votes: Sequence[tuple[int, str, str, int, str | None]], *,
                     statements: Sequence[Mapping[str, Any]] | None = None) -> None:
        require_text("room_code", room_code)
        rows = check_votes(votes)
        queued = check_statements(statements)
        with self._lock:
            self._check_open()
            self._open_room(room_code)
            for decision_seq, node_id, participant, choice_index, nickname in rows:
                key = token_hash(participant)  # as the SQLite store: never the token itself
                self._votes[(room_code, decision_seq, key)] = Vote(
                    room_code, decision_seq, node_id, key, nickname, choice_index, self._now())
            self._enqueue(queued)

    def record_hands(self, room_code: str, decision_seq: int, node_id: str, counts: Mapping[int, int]) -> None:
        require_text("room_code", room_code)
        require_count("decision_seq", decision_seq)
        require_text("node_id", node_id)
        if not isinstance(counts, Mapping):
            raise ValueError("counts must map choice indexes to counts")
        rows = [(require_count("choice_index", i), require_count("count", n)) for i, n in sorted(counts.items())]
        with self._lock:
            self._check_open()
            self._open_room(room_code)
            self._truncate(self._hands, room_code, decision_seq, only=True)
            now = self._now()
            for index, n in rows:
                self._hands[(room_code, decision_seq, index)] = HandCount(room_code, decision_seq, node_id, index,
                                                                          n, now)

    def remove_vote(self, room_code: str, decision_seq: int, participant: str) -> int:
        require_text("participant", participant)
        require_count("decision_seq", decision_seq)
        with self._lock:
            return 1 if self._votes.pop((room_code, decision_seq, participant), None) is not None else 0

    def set_room_locked(self, room_code: str, locked: bool) -> None:
        require_text("room_code", room_code)
        if not isinstance(locked, bool):
            raise ValueError("locked must be True or False")
        with self._lock:
            self._check_open()
            self._open_room(room_code)
            self._rooms[room_code] = replace(self._rooms[room_code], locked=locked)

    def remove_participants(self, room_code: str, participants: Sequence[str], *,
                            decision_seq: int | None = None) -> int:
        require_text("room_code", room_code)
        if isinstance(participants, str) or not isinstance(participants, Sequence):
            raise ValueError("participants must be a sequence of token hashes")
        keys = [require_token_hash("participant", p) for p in participants]
        if decision_seq is not None:
            require_count("decision_seq", decision_seq)
        with self._lock:
            self._check_open()
            self._open_room(room_code)
            removed = self._removed.setdefault(room_code, {})
            now = self._now()
            for key in keys:
                removed.setdefault(key, now)  # removed again: the first time is kept
            if decision_seq is None:
                return 0
            return sum(self._votes.pop((room_code, decision_seq, key), None) is not None for key in keys)

    def room_removed(self, room_code: str) -> list[str]:
        with self._lock:
            found = list(self._removed.get(room_code, {}).items())
        return [key for key, _ in sorted(found, key=lambda kv: (kv[1], kv[0]))]

    def room_votes(self, room_code: str) -> list[Vote]:
        with self._lock:
            found = [v for (code, _, _), v in self._votes.items() if code == room_code]
        return sorted(found, key=lambda v: (v.decision_seq, v.voted_at, v.participant))

    def room_hands(self, room_code: str) -> list[HandCount]:
        with self._lock:
            found = [h for (code, _, _), h in self._hands.items() if code == room_code]
        return sorted(found, key=lambda h: (h.decision_seq, h.choice_index))

    def truncate_votes(self, room_code: str, decision_seq: int) -> int:
        return self._truncate(self._votes, room_code, decision_seq)

    def truncate_hands(self, room_code: str, decision_seq: int) -> int:
        return self._truncate(self._hands, room_code, decision_seq)

    def _truncate(self, table: dict, room_code: str, decision_seq: int, only: bool = False) -> int:
        """Delete a room's rows from ``decision_seq`` on (``only``: at that decision alone)."""
        require_count("decision_seq", decision_seq)
        with self._lock:
            self._check_open()
            if room_code not in self._rooms:
                raise NotFoundError(f"no workshop room {room_code!r}")
            gone = [k for k in table if k[0] == room_code and (k[1] == decision_seq if only else k[1] >= decision_seq)]
            for k in gone:
                del table[k]
            return len(gone)
