"""The xAPI outbox of :class:`~hrtraining.practice.MemoryStore`, with the SQLite outbox's rules
(``hrtraining.progress.outbox``): the same cap, leases, back-off and counters."""
from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable

from hrtraining.progress import OUTBOX_LIMIT, OutboxItem, OutboxStatus
from hrtraining.progress.checks import require_count, require_text
from hrtraining.progress.db import iso


@dataclass
class _Row:
    seq: int
    statement_id: str
    body: str
    created_at: str
    tries: int = 0
    next_try_at: str | None = None
    lease_until: str | None = None
    lease_owner: str | None = None
    rejected: str | None = None


class MemoryOutbox:
    """Statements waiting for the LRS, in a dict ordered by creation."""

    _clock: Callable[[], Any]
    _lock: threading.RLock
    outbox_limit: int = OUTBOX_LIMIT

    def _init_outbox(self) -> None:
        self._outbox: dict[int, _Row] = {}
        self._outbox_ids: set[str] = set()
        self._outbox_next = 1
        self._xapi: dict[str, Any] = {"sent": 0, "dropped": 0, "error": None, "error_at": None, "sent_at": None}

    def _enqueue(self, rows: Sequence[tuple[str, str]]) -> None:
        """Add checked rows (under the caller's lock, after its checks passed)."""
        waiting = sum(1 for r in self._outbox.values() if r.rejected is None)
        room = max(0, min(len(rows), self.outbox_limit - waiting))
        now = iso(self._clock())
        for sid, body in rows[:room]:
            if sid in self._outbox_ids:
                continue
            self._outbox_ids.add(sid)
            self._outbox[self._outbox_next] = _Row(self._outbox_next, sid, body, now)
            self._outbox_next += 1
        self._xapi["dropped"] += len(rows) - room

    def outbox_claim(self, limit: int, owner: str, *, lease_seconds: float = 60.0,
                     due_only: bool = True) -> list[OutboxItem]:
        require_count("limit", limit)
        require_text("owner", owner)
        now = self._clock()
        stamp, until = iso(now), iso(now + timedelta(seconds=lease_seconds))
        out: list[OutboxItem] = []
        with self._lock:
            for r in self._outbox.values():
                if len(out) >= limit:
                    break
                if r.rejected is not None or (r.lease_until is not None and r.lease_until > stamp):
                    continue
                if due_only and r.next_try_at is not None and r.next_try_at > stamp:
                    continue
                r.lease_until, r.lease_owner = until, owner
                out.append(OutboxItem(r.seq, r.statement_id, r.body, r.tries))
        return out

    def outbox_sent(self, seqs: Sequence[int]) -> None:
        with self._lock:
            for s in seqs:
                r = self._outbox.pop(s, None)
                if r is not None:
                    self._outbox_ids.discard(r.statement_id)
            self._xapi.update(sent=self._xapi["sent"] + len(seqs), sent_at=iso(self._clock()), error=None,
                              error_at=None)

    def outbox_failed(self, seqs: Sequence[int], error: str, *, retry_in: float = 0.0) -> None:
        require_text("error", error)
        now = self._clock()
        with self._lock:
            for s in seqs:
                r = self._outbox.get(s)
                if r is not None:
                    r.tries += 1
                    r.next_try_at = iso(now + timedelta(seconds=retry_in))
                    r.lease_until = r.lease_owner = None
            self._xapi.update(error=error, error_at=iso(now))

    def outbox_reject(self, seqs: Sequence[int], reason: str) -> None:
        require_text("reason", reason)
        with self._lock:
            for s in seqs:
                r = self._outbox.get(s)
                if r is not None:
                    r.rejected, r.lease_until, r.lease_owner = reason, None, None

    def outbox_release(self, owner: str) -> int:
        with self._lock:
            mine = [r for r in self._outbox.values() if r.lease_owner == owner]
            for r in mine:
                r.lease_until = r.lease_owner = None
            return len(mine)

    def outbox_retry_rejected(self) -> int:
        with self._lock:
            refused = [r for r in self._outbox.values() if r.rejected is not None]
            for r in refused:
                r.rejected = r.next_try_at = None
            return len(refused)

    def outbox_status(self) -> OutboxStatus:
        with self._lock:
            waiting = [r for r in self._outbox.values() if r.rejected is None]
            x = self._xapi
            return OutboxStatus(
                waiting=len(waiting), rejected=len(self._outbox) - len(waiting), dropped=x["dropped"],
                sent=x["sent"], limit=self.outbox_limit, last_error=x["error"], last_error_at=x["error_at"],
                last_sent_at=x["sent_at"],
                next_try_at=min((r.next_try_at for r in waiting if r.next_try_at), default=None),
                oldest_at=min((r.created_at for r in waiting), default=None))

    def outbox_rejected(self, limit: int = 20) -> list[tuple[str, str]]:
        require_count("limit", limit)
        with self._lock:
            return [(r.statement_id, r.rejected) for r in self._outbox.values() if r.rejected is not None][:limit]
