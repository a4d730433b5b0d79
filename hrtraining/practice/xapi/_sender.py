"""Sending the outbox: batches, retries with back-off, and a daemon thread that never blocks play.

:func:`send_outbox` is one pass (``hrtraining lrs sync`` calls it directly); :class:`Sender` runs
passes in a daemon thread, woken when a statement is written, and backs off (2 s doubling to 5
minutes, with jitter) while the LRS is down, slow, refusing the credentials or answering 5xx.
Play never waits on it: the window's loop and the terminal's prompt only write to the outbox.

What happens to a batch the LRS does not take:

* 413 (too large): split in halves, each sent on its own; the sender's batch size shrinks;
* 400 or 409 (a statement refused): split until the refused statement is alone, which is
  kept aside in the outbox with the LRS's reason (``lrs status`` shows it) and not resent;
* anything else (network, TLS, timeout, 401/403, an HTML page, 5xx): the batch waits and is
  tried again after the back-off; nothing is lost.

A process killed mid-batch leaves its statements leased; the lease ends and they are sent again.
Statement ids are fixed at creation, so the LRS stores a statement it already has only once.
"""
from __future__ import annotations

import logging
import os
import random
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ._client import LrsClient, LrsError

log = logging.getLogger("hrtraining.xapi")

MIN_DELAY, MAX_DELAY = 2.0, 300.0
IDLE_POLL = 30.0          # look at the outbox now and then (another process may have written)
LEASE = 90.0              # longer than two requests at the 30 s timeout


def owner_name() -> str:
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass
class SyncResult:
    """What one pass did."""

    sent: int = 0            # statements the LRS took (or already had)
    rejected: int = 0        # statements it refused, kept aside
    batches: int = 0         # requests made
    error: LrsError | None = None   # why the pass stopped early (statements still waiting)
    seconds: float = 0.0
    batch_size: int = 0      # the size the next pass starts with (smaller after a 413)

    @property
    def ok(self) -> bool:
        return self.error is None


class _Stop(Exception):
    def __init__(self, error: LrsError):
        self.error = error


@dataclass
class _Pass:
    store: Any
    client: LrsClient
    result: SyncResult
    retry_in: float
    batch: int
    unsettled: set[int] = field(default_factory=set)

    def deliver(self, items: list) -> None:
        """Send ``items`` (splitting them as the LRS's answers require) and record the outcome."""
        seqs = [i.seq for i in items]
        self.result.batches += 1
        try:
            self.client.post_statements([i.body for i in items])
        except LrsError as e:
            if e.kind == "too-large" and len(items) > 1:
                self.batch = max(1, min(self.batch, len(items)) // 2)
                self._halves(items)
            elif e.kind in ("refused", "conflict", "too-large"):
                if len(items) > 1:
                    self._halves(items)
                else:
                    reason = e.message if e.kind != "too-large" else "The LRS refused this statement as too large (413)."
                    self.store.outbox_reject(seqs, reason)
                    self.unsettled.difference_update(seqs)
                    self.result.rejected += 1
                    log.warning("LRS refused statement %s: %s", items[0].statement_id, reason)
            else:
                raise _Stop(e) from None
            return
        self.store.outbox_sent(seqs)
        self.unsettled.difference_update(seqs)
        self.result.sent += len(items)

    def _halves(self, items: list) -> None:
        mid = len(items) // 2
        self.deliver(items[:mid])
        self.deliver(items[mid:])


def send_outbox(store: Any, client: LrsClient, *, batch: int, owner: str | None = None, due_only: bool = True,
                retry_in: float = MIN_DELAY, stop: threading.Event | None = None,
                max_batches: int | None = None) -> SyncResult:
    """Send waiting statements, oldest first, until none is left, the LRS fails, or ``stop``.

    Raises only the store's errors (the store closed under us); LRS failures are in the result,
    and the statements involved are back in line for ``retry_in`` seconds.
    """
    owner = owner or owner_name()
    started = time.perf_counter()
    result = SyncResult(batch_size=batch)
    p = _Pass(store, client, result, retry_in, batch)
    try:
        while not (stop is not None and stop.is_set()):
            if max_batches is not None and result.batches >= max_batches:
                break
            items = store.outbox_claim(p.batch, owner, lease_seconds=LEASE, due_only=due_only)
            if not items:
                break
            p.unsettled = {i.seq for i in items}
            try:
                p.deliver(items)
            except _Stop as s:
                result.error = s.error
                store.outbox_failed(sorted(p.unsettled), s.error.message, retry_in=retry_in)
                p.unsettled.clear()
                break
    finally:
        if p.unsettled:  # an exception from the store: give the leases back if we still can
            try:
                store.outbox_release(owner)
            except Exception:
                pass
    result.seconds = time.perf_counter() - started
    result.batch_size = p.batch
    return result


class Sender:
    """A daemon thread that sends the outbox whenever there is something to send."""

    def __init__(self, store: Any, client: LrsClient, *, batch: int, clock: Callable[[], float] = time.monotonic,
                 min_delay: float = MIN_DELAY, max_delay: float = MAX_DELAY):
        self.store, self.client, self.batch = store, client, batch
        self.min_delay, self.max_delay = min_delay, max_delay
        self.owner = owner_name()
        self._clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.delay = 0.0
        self.last: SyncResult | None = None
        self.busy = False

    def start(self) -> Sender:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="xapi-sender", daemon=True)
            self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def poke(self) -> None:
        """Something was written: send soon (unless backing off after a failure)."""
        self._wake.set()

    def _run(self) -> None:
        next_try = 0.0
        while not self._stop.is_set():
            if self.delay:  # backing off: the LRS was failing moments ago; a poke does not hurry it
                self._stop.wait(max(0.0, next_try - self._clock()))
            else:
                self._wake.wait(IDLE_POLL)
            self._wake.clear()
            if self._stop.is_set():
                break
            retry = min(self.max_delay, max(self.min_delay, self.delay * 2)) * random.uniform(0.8, 1.2)
            try:
                self.busy = True
                result = send_outbox(self.store, self.client, batch=self.batch, owner=self.owner,
                                     retry_in=retry, stop=self._stop)
            except Exception as e:  # the store closed or failed: stop quietly, nothing is lost
                log.info("xAPI sender stopped: %s", e)
                break
            finally:
                self.busy = False
            self.last = result
            self.batch = max(1, result.batch_size)
            if result.error is not None and result.error.retry:
                self.delay = retry
                next_try = self._clock() + retry
                log.info("LRS unavailable, next try in %.0f s: %s", retry, result.error.message)
            else:
                self.delay = 0.0

    def close(self, timeout: float = 1.0) -> bool:
        """Stop; wait at most ``timeout`` for a batch in flight. True when the thread ended."""
        self._stop.set()
        self._wake.set()
        if self._thread is None:
            return True
        self._thread.join(timeout)
        done = not self._thread.is_alive()
        if done:
            try:
                self.store.outbox_release(self.owner)
            except Exception:
                pass
        return done
