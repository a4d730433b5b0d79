"""The server's door: limits applied to every TCP connection before any HTTP is read.

One laptop on the room's Wi-Fi must not be able to shut the room out. aiohttp alone would
let it: sockets that never finish their headers are never timed out, connections are not
limited per address, and a full file table makes the accept loop spin. :class:`Gate` keeps
the books and :class:`GuardedProtocol` wraps each of aiohttp's connection handlers:

* **per address** (an IPv6 address counts by its /64, which one device usually holds
  whole): at most ``per_address`` open connections; more are closed at once;
* **slow headers**: a connection that has not sent a whole request head within
  ``header_timeout`` seconds is closed (the slowloris attack), and a plain HTTP connection
  (not a WebSocket) lives at most ``http_lifetime`` seconds;
* **a cap below the file limit**: at most ``cap`` connections in all; when full, the
  oldest connection that has not joined the room (an idle socket, a stalled page load) makes
  way for the new one, so phones still get in while sockets that never join fill the table;
* **a cool-down after a cut**: an address whose WebSocket was cut for never joining the room
  has its next connections *held* at the door, unread, for a while (``COOL_DOWN_FIRST`` seconds,
  doubling with each further cut, at most ``COOL_DOWN_MAX``), then let in one at a time
  (``RELEASE_EVERY``). A script that reconnects whatever is cut then costs an accept now and
  then instead of a request and a WebSocket upgrade each time (about 1 ms of the server's
  thread each: with 2,000 such sockets, a fifth of a processor); a phone that happens to share
  such an address is only delayed, never refused, and a socket that has joined is never touched;
* **trusted addresses** (the leader's own machine, a configured proxy) are not limited per
  address and get no cool-down: every phone may arrive through them. A room started with
  ``--shared-address`` (everyone behind one router address) has no per-address limits at all.

:func:`raise_file_limit` lifts the soft open-file limit to the hard one at start-up (macOS
gives a process 256, which let only 247 of 300 phones in), and :class:`Repeats` turns an
error that repeats (``EMFILE`` on accept, a broken client) into one log line with a count.
"""
from __future__ import annotations

import asyncio
import collections
import functools
import ipaddress
import logging
import time
from typing import Any, Callable

log = logging.getLogger("hrtraining.workshop")

HEADER_TIMEOUT = 10.0
HTTP_LIFETIME = 30.0
PER_ADDRESS = 50
#: New connections per address: a burst, then so many a second. A phone opens a handful (the
#: page, its files, the WebSocket, a reconnection now and then); a script reconnecting as fast
#: as it can is slowed to this.
NEW_BURST, NEW_PER_SECOND = 40.0, 5.0
#: An address whose socket was cut for not joining (or for a half-sent request head) has its
#: next connections held unread for COOL_DOWN_FIRST seconds, twice as long after each further
#: cut, at most COOL_DOWN_MAX (a phone's browser gives a WebSocket 20 s to open: Firefox), and
#: starts again at COOL_DOWN_FIRST once it has had no cut for STRIKES_FORGOTTEN seconds.
COOL_DOWN_FIRST, COOL_DOWN_MAX, STRIKES_FORGOTTEN = 2.0, 20.0, 120.0
#: Once the cool-down is over, an address's held connections are let in one every RELEASE_EVERY
#: seconds until it is cut again: a phone has its one or two at once, while a script holding dozens
#: gets a few upgrades a cycle instead of dozens at the same instant. Newest first: that is the
#: likeliest to be a person still waiting (a browser gives up on a WebSocket after 20 s and tries
#: again), the oldest what a script parked.
RELEASE_EVERY = 1.0
HELD_BYTES = 16 * 1024  # what a held connection may send before it is let through (a request head)
FILE_RESERVE = 96  # descriptors kept for the store, fonts, pipes and the game itself


# Cached: every connection asks both questions of its address several times (the door, the
# join budget, the trusted check), and parsing an address is most of what refusing one costs.
@functools.lru_cache(maxsize=4096)
def address_key(address: str) -> str:
    """What per-address limits count: an IPv4 address, or an IPv6 address's /64 network."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@functools.lru_cache(maxsize=4096)
def is_local(address: str) -> bool:
    """The leader's own machine: 127.0.0.1 or ::1 exactly (other loopback addresses count as others)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip in (ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("::1"))


class Gate:
    """Open connections per address and in all; which ones may be evicted to make way; which
    addresses are cooling down after a cut (their new connections are held at the door)."""

    def __init__(self, cap: int, per_address: int = PER_ADDRESS, trusted: Callable[[str], bool] = is_local,
                 header_timeout: float = HEADER_TIMEOUT, http_lifetime: float = HTTP_LIFETIME, *,
                 shared: bool = False, clock: Callable[[], float] = time.monotonic):
        """``shared``: the whole room comes through one address (``--shared-address``), so nothing
        is limited or held per address: the attacker and the phones would be the same to it."""
        self.cap = cap
        self.per_address = per_address
        self.trusted = trusted
        self.header_timeout = header_timeout
        self.http_lifetime = http_lifetime
        self.shared = shared
        self.clock = clock
        self.by_address: collections.Counter[str] = collections.Counter()
        self.open: dict[int, GuardedProtocol] = {}   # id -> protocol, oldest first
        self.refused = collections.Counter()        # reason -> connections closed at the door
        self.holds = 0                              # connections held at the door so far (a running count)
        self.new_burst, self.new_rate = NEW_BURST, NEW_PER_SECOND
        self.cool_first, self.cool_max, self.strikes_forgotten = COOL_DOWN_FIRST, COOL_DOWN_MAX, STRIKES_FORGOTTEN
        self.release_every = RELEASE_EVERY
        self._arrivals: dict[str, tuple[float, float]] = {}  # address -> (tokens, when)
        self._strikes: dict[str, tuple[int, float, float]] = {}  # address -> (cuts, last cut, cooling until)
        self._held: dict[str, collections.deque[GuardedProtocol]] = {}  # address -> held, newest last
        self._release_timers: dict[str, asyncio.TimerHandle] = {}       # address -> its next release

    def admit(self, guard: GuardedProtocol) -> str | None:
        """Register ``guard``'s connection; a reason string when it must be closed instead."""
        key = guard.key
        if not self.shared and not self.trusted(guard.address):
            if self.by_address[key] >= self.per_address:
                self.refused["per-address"] += 1
                return "per-address"
            if not self._arrival(key):
                self.refused["too-fast"] += 1
                return "too-fast"
        if len(self.open) >= self.cap:
            victim = next((g for g in self.open.values() if not g.joined), None)
            if victim is None:
                self.refused["full"] += 1
                return "full"
            self.refused["evicted"] += 1
            victim.close("evicted")
            self.release(victim)  # off the books now: its connection_lost comes later
        self.by_address[key] += 1
        self.open[id(guard)] = guard
        return None

    def _arrival(self, key: str) -> bool:
        """Spend one of ``key``'s new-connection tokens (a bucket per address)."""
        now = self.clock()
        tokens, when = self._arrivals.get(key, (self.new_burst, now))
        tokens = min(self.new_burst, tokens + (now - when) * self.new_rate)
        if tokens < 1:
            self._arrivals[key] = (tokens, now)
            return False
        if len(self._arrivals) > 8192:  # bounded: forget the addresses that have refilled
            self._arrivals = {a: v for a, v in self._arrivals.items()
                              if v[0] + (now - v[1]) * self.new_rate < self.new_burst}
        self._arrivals[key] = (tokens - 1, now)
        return True

    # -- the cool-down ----------------------------------------------------------------------------
    def strike(self, address: str) -> float:
        """A socket from ``address`` was cut for never joining (or never finishing its request
        head): its next connections are held until the returned moment (0: not held, for a
        trusted address or a shared one)."""
        if self.shared or self.trusted(address):
            return 0.0
        key = address_key(address)
        now = self.clock()
        cuts, last, until = self._strikes.get(key, (0, now, 0.0))
        if now - last > self.strikes_forgotten:
            cuts = 0  # quiet for long enough: a first offence again
        cuts += 1
        until = max(until, now + min(self.cool_max, self.cool_first * 2 ** min(cuts - 1, 16)))
        if key not in self._strikes and len(self._strikes) >= 8192:  # bounded: forget the quiet ones
            self._strikes = {a: v for a, v in self._strikes.items()
                             if v[2] > now or now - v[1] <= self.strikes_forgotten}
        self._strikes[key] = (cuts, now, until)
        return until

    def cooling_until(self, key: str) -> float:
        """When ``key``'s cool-down ends (0 when it is not cooling down)."""
        entry = self._strikes.get(key)
        if entry is None or entry[2] <= self.clock():
            return 0.0
        return entry[2]

    def hold(self, guard: GuardedProtocol, until: float) -> None:
        """Keep ``guard``'s connection unread at the door; it is let in after ``until``, in turn."""
        self.holds += 1
        queue = self._held.setdefault(guard.key, collections.deque())
        queue.append(guard)
        if guard.key not in self._release_timers:
            self._schedule_release(guard.key, until - self.clock())

    def _schedule_release(self, key: str, delay: float) -> None:
        loop = asyncio.get_running_loop()
        self._release_timers[key] = loop.call_later(max(0.0, delay), self._release_next, key)

    def _release_next(self, key: str) -> None:
        """Timer: let ``key``'s newest held connection in, unless the address was cut again meanwhile."""
        self._release_timers.pop(key, None)
        queue = self._held.get(key)
        if not queue:
            self._held.pop(key, None)
            return
        until = self.cooling_until(key)
        if until:
            self._schedule_release(key, until - self.clock())
            return
        queue.pop().let_in()  # newest first (see RELEASE_EVERY)
        if queue:
            self._schedule_release(key, self.release_every)
        else:
            del self._held[key]

    def unhold(self, guard: GuardedProtocol) -> None:
        """``guard``'s connection closed while held: off the queue (at most ``per_address`` long)."""
        queue = self._held.get(guard.key)
        if queue is not None and guard in queue:
            queue.remove(guard)
            if not queue:
                del self._held[guard.key]
                timer = self._release_timers.pop(guard.key, None)
                if timer is not None:
                    timer.cancel()

    def close_held(self) -> None:
        """The server is stopping: close what is still waiting at the door (aiohttp never saw it)."""
        for timer in self._release_timers.values():
            timer.cancel()
        self._release_timers.clear()
        for queue in list(self._held.values()):
            for guard in list(queue):
                guard.close("server stopping")
        self._held.clear()

    def release(self, guard: GuardedProtocol) -> None:
        if self.open.pop(id(guard), None) is not None:
            self.by_address[guard.key] -= 1
            if self.by_address[guard.key] <= 0:
                del self.by_address[guard.key]

    def find(self, transport: Any) -> GuardedProtocol | None:
        """The guard of an aiohttp request's transport (to mark it a WebSocket, or joined)."""
        proto = transport.get_protocol() if transport is not None else None
        return proto if isinstance(proto, GuardedProtocol) else None


class GuardedProtocol(asyncio.Protocol):
    """aiohttp's connection handler behind the :class:`Gate`'s rules (everything else is passed on).

    ``make_inner`` makes aiohttp's handler, only for a connection that is let in: one refused or
    held at the door costs no handler (a storm of reconnections costs accepts and little else).
    """

    def __init__(self, make_inner: Callable[[], asyncio.Protocol], gate: Gate):
        self.make_inner = make_inner
        self.inner: asyncio.Protocol | None = None
        self.gate = gate
        self.transport: asyncio.Transport | None = None
        self.address = ""
        self.key = ""
        self.joined = False       # a WebSocket that joined the room: never evicted, never held
        self.websocket = False    # upgraded: the HTTP lifetime no longer applies
        self.headers_done = False
        self.held = False         # waiting at the door for its address's cool-down to end
        self._held_data: list[bytes] = []
        self._tail = b""
        self._timers: list[asyncio.TimerHandle] = []
        self._started = False     # aiohttp's handler saw connection_made

    # -- the door --------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if isinstance(peer, tuple) and peer else ""
        self.key = address_key(self.address)
        if self.gate.admit(self) is not None:
            transport.abort()  # nothing read, nothing answered: the cheapest refusal
            return
        until = self.gate.cooling_until(self.key)
        if until:
            # The request it sent waits in the kernel: nothing is read, parsed or answered.
            self.held = True
            transport.pause_reading()  # type: ignore[attr-defined]
            self.gate.hold(self, until)
            return
        self._start()

    def let_in(self) -> None:
        """The address's cool-down is over: hand the held connection to aiohttp after all."""
        if not self.held or self.transport is None or self.transport.is_closing():
            return
        self.held = False
        early, self._held_data = self._held_data, []
        self._start()
        for chunk in early:
            self.data_received(chunk)
        if not self.transport.is_closing():
            self.transport.resume_reading()

    def _start(self) -> None:
        """Hand the connection to aiohttp, with the timers that bound a request head and a page load."""
        self._started = True
        loop = asyncio.get_running_loop()
        self._timers = [loop.call_later(self.gate.header_timeout, self._check_headers),
                        loop.call_later(self.gate.http_lifetime, self._check_lifetime)]
        self.inner = self.make_inner()
        self.inner.connection_made(self.transport)  # type: ignore[arg-type]

    def _check_headers(self) -> None:
        if not self.headers_done:
            self.gate.refused["slow-headers"] += 1
            self.close("slow headers")

    def _check_lifetime(self) -> None:
        if not self.websocket:
            self.close("http lifetime")

    def close(self, why: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.abort()

    def mark_websocket(self) -> None:
        self.websocket = True

    # -- passed on -------------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if self.held:
            # Reading is paused while held; Python 3.10 may still deliver what came at once.
            self._held_data.append(data)
            if sum(map(len, self._held_data)) > HELD_BYTES:
                self.close("too much while held")
            return
        if not self.headers_done:
            # Only the end of the first request head matters; keep the last 3 bytes across reads.
            probe = self._tail + data[:16384]
            if b"\r\n\r\n" in probe:
                self.headers_done = True
                self._tail = b""
            else:
                self._tail = probe[-3:]
        if self.inner is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        if self.inner is None:
            return False  # gone before it was let in: close
        return self.inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        for t in self._timers:
            t.cancel()
        self._timers = []
        self.gate.release(self)  # a no-op when it was already released (evicted)
        if self.held:
            self.held = False
            self.gate.unhold(self)
        if self._started and self.inner is not None:
            self._started = False
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.inner is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.inner is not None:
            self.inner.resume_writing()


def raise_file_limit() -> tuple[int, int] | None:
    """Lift the soft open-file limit to the hard one (where the platform has one); returns
    (soft, hard) after, or None where there is no such limit (Windows)."""
    try:
        import resource
    except ImportError:  # Windows: no per-process soft limit of this kind
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if want > soft:
        for target in (want, 10240):  # macOS refuses more than OPEN_MAX (10240) for an "unlimited" hard limit
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                break
            except (ValueError, OSError):
                continue
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def connection_cap(wanted: int, limits: tuple[int, int] | None) -> int:
    """At most ``wanted`` connections, and always fewer than the open-file limit allows."""
    if limits is None:
        return wanted
    soft = limits[0]
    if soft <= 0:
        return wanted
    return max(16, min(wanted, soft - FILE_RESERVE))


class Repeats(logging.Filter):
    """Let the first record of each kind through, then one summary per ``every`` seconds.

    A flood of the same error (a full file table, a broken client) prints one line with a
    count, never hundreds of thousands of tracebacks.
    """

    def __init__(self, every: float = 30.0, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.every = every
        self.clock = clock
        self.seen: dict[tuple, list[float]] = {}  # kind -> [count since last shown, last shown]

    def kind(self, record: logging.LogRecord) -> tuple:
        exc = record.exc_info[1] if record.exc_info else None
        return (record.name, str(record.msg)[:80], type(exc).__name__ if exc else "")

    def filter(self, record: logging.LogRecord) -> bool:
        kind = self.kind(record)
        now = self.clock()
        entry = self.seen.get(kind)
        if entry is None:
            if len(self.seen) > 256:
                self.seen.clear()
            self.seen[kind] = [0, now]
            record.exc_info, record.exc_text, record.stack_info = None, None, None  # one line, no traceback
            return True
        entry[0] += 1
        if now - entry[1] >= self.every:
            record.msg = f"{record.getMessage()} (and {int(entry[0]) - 1} more like it in the last {self.every:.0f} s)"
            record.args = None
            record.exc_info, record.exc_text, record.stack_info = None, None, None
            entry[:] = [0, now]
            return True
        return False


def loop_exception_handler(repeats: Repeats) -> Callable[[asyncio.AbstractEventLoop, dict], None]:
    """An event-loop handler that logs through :class:`Repeats` (asyncio's own logs a traceback each time)."""
    def handle(loop: asyncio.AbstractEventLoop, context: dict) -> None:
        exc = context.get("exception")
        message = str(context.get("message", "event loop error"))
        record = logging.LogRecord("asyncio", logging.ERROR, __file__, 0, message, None,
                                   (type(exc), exc, exc.__traceback__) if exc else None)
        if repeats.filter(record):
            log.error("%s%s", record.getMessage(), f" ({exc.__class__.__name__}: {exc})" if exc else "")
    return handle
