"""The workshop's web server: the phone page and a WebSocket, in a background thread.

``WorkshopServer(workshop).start()`` runs an aiohttp application on its own
event loop in a daemon thread, so the game's loop never waits for the network;
``stop()`` closes every connection and the thread.

Routes (nothing else is served):

``GET /``            the phone page; ``?room=CODE`` pre-fills the room code
``GET /static/NAME`` only the files of this package's ``static/`` folder, looked
                     up by exact name in a table made at start-up (no paths are
                     ever joined, so no traversal is possible)
``GET /ws``          the WebSocket (protocol below)

Protocol, JSON text frames. Client to server::

    {"type": "join", "room": "K7M2QX", "nickname": "Ana"?, "token": "..."?}
    {"type": "vote", "decision": 0, "choice": 2}      # choice: the option's number (1-based)
    {"type": "ping"}

Server to client::

    {"type": "welcome", "token": "...", "room": "K7M2QX", "nickname": "Ana"}
    {"type": "state", "phase": "open", "decision": 0, "lines": [...], "options": [...],
     "voted": 12, "participants": 30, "your_vote": 2 | null, "distribution"?: [...], ...}
    {"type": "your_vote", "decision": 0, "choice": 2, "saved": true, "voted": 13, "participants": 30}
                                                       # the vote is counted and committed to the store
    {"type": "count", "decision": 0, "phase": "open", "voted": 14, "participants": 30}
    {"type": "summary", "level": ..., "scores": [...], "choices": [...]}   # private, at the end
    {"type": "error", "code": "...", "message": "..."}  # never echoes what the client sent
    {"type": "pong"}

A phone sends ``{"type": "ping"}`` every few seconds and treats a link that answers nothing
for 10 s as dead (it reconnects and says so); the server pings too (``HEARTBEAT``) and
drops phones that stopped answering, so "N connected" stays true. A vote shows as pending on
the phone until ``your_vote`` confirms it.

Other client messages: ``{"type": "step_out", "out": true}`` (the participant stops seeing
the story; ``false`` comes back). Server extras: ``{"type": "removed"}`` before the leader's
removal closes the socket.

Before any of this, every TCP connection passes the :mod:`._guard` (per-address limits,
slow-header and idle timeouts, a connection cap below the open-file limit); a WebSocket
that has not joined within ``JOIN_TIMEOUT`` seconds is closed, and its address's next
connections wait at the door for a cool-down; requests whose ``Host`` is not one of this
server's names are refused (DNS rebinding).

Every frame is validated; a bad one gets an ``error`` and the connection stays
open. Frames over ``SOFT_MAX_BYTES`` get an error; over ``HARD_MAX_BYTES``
aiohttp closes the connection (1009). Each connection has a token bucket
(``RATE`` per second, ``BURST`` at once); a client that keeps flooding after
``FLOOD_CLOSE`` dropped frames is disconnected (1008). New identities (a join
without a known token) are budgeted per remote address (:class:`JoinBudget`), so
one phone reconnecting without its token cannot cast vote after vote; someone
coming back with their token is never charged.

The full state is pushed to every phone when the phase changes; while votes
come in only a small ``count`` goes out, at most every ``COUNT_INTERVAL``
seconds (the projector does not wait for this: it reads the snapshot
directly). Broadcasts yield to the loop every ``BROADCAST_CHUNK`` phones so
arriving votes are counted meanwhile. Each connection has one sender task that
sends only the newest state and count, so a slow phone never holds up the others.
"""
from __future__ import annotations

import asyncio
import collections
import gc
import ipaddress
import json
import logging
import random
import socket
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, WSMsgType, web

from hrtraining.practice import normalize_code

from ._guard import (PER_ADDRESS, Gate, GuardedProtocol, Repeats, address_key, connection_cap,
                     is_local, loop_exception_handler, raise_file_limit)
from ._host import Workshop
from ._net import join_url, lan_address, local_addresses
from ._room import RoomError, valid_token

log = logging.getLogger("hrtraining.workshop")

STATIC_DIR = Path(__file__).resolve().parent / "static"
SOFT_MAX_BYTES = 2048
HARD_MAX_BYTES = 64 * 1024
RATE, BURST = 8.0, 16.0
FLOOD_CLOSE = 200
COUNT_INTERVAL = 0.5
BROADCAST_CHUNK = 64  # phones served before letting waiting votes in
MAX_CONNECTIONS = 4000
SEND_TIMEOUT = 10.0
JOIN_TIMEOUT = 10.0   # a WebSocket that has not joined by then is closed
HEARTBEAT = 8.0       # the server pings; no pong within half of it closes the socket
KEEPALIVE = 5.0       # idle HTTP keep-alive (a phone's page load) is closed after this
HOSTS_REFRESH = 30.0  # seconds between listings of this machine's addresses (the Host check)
ACCEPT_BATCH = 16     # connections accepted per turn of the event loop
LISTEN_BACKLOG = 1024
# New identities per remote address: JOIN_BURST at once, then JOIN_REFILL_PER_MINUTE.
# Phones on the leader's own network each have their own address, but a whole class can
# reach the server through one address (a router doing NAT, a guest network, a proxy or
# tunnel), and they all join in the first minute or two. The burst is sized for such a
# class joining at once, and it refills, so latecomers behind that address still get in;
# a phone reconnecting again and again without its token gets at most these many
# identities (and votes) instead of one per reconnection. Loopback peers are not
# counted: that is the leader's own machine, or a proxy or tunnel in front of the
# server through which every phone arrives, where no per-address budget could tell
# the phones apart (the whole room would be refused after the burst).
JOIN_BURST = 12
JOIN_REFILL_PER_MINUTE = 6.0
# A whole class behind one address (``shared_address=True``, ``--shared-address``) lifts the
# per-address limits to these: the room's size, not one phone's.
SHARED_BURST = 400.0
SHARED_REFILL_PER_MINUTE = 200.0
JOIN_ADDRESSES_KEPT = 4096  # addresses remembered; full buckets are forgotten first

CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8", ".png": "image/png",
                 ".svg": "image/svg+xml", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8"}

SECURITY_HEADERS = {
    # Everything comes from this server; nothing is fetched from elsewhere, no inline code.
    "Content-Security-Policy": ("default-src 'self'; base-uri 'none'; form-action 'self'; "
                                "frame-ancestors 'none'; object-src 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def load_static(folder: Path = STATIC_DIR) -> dict[str, tuple[bytes, str]]:
    """The servable files: exact file names of ``folder`` (no sub-folders) -> (bytes, type)."""
    table = {}
    for p in sorted(folder.iterdir()):
        if p.is_file() and not p.is_symlink() and p.suffix in CONTENT_TYPES:
            table[p.name] = (p.read_bytes(), CONTENT_TYPES[p.suffix])
    return table


def _dumps(obj: Any) -> str:
    # ensure_ascii: any text a participant typed reaches other screens as \\u escapes.
    # <, > and & as escapes too: even a page that wrongly used innerHTML would get no markup.
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _forget_traceback(exc: BaseException | None) -> None:
    """Drop what a connection's last error keeps alive.

    A socket cut under aiohttp (not joined in time, evicted, gone) makes it try to send a close
    frame, fail, and keep that error on the response: its traceback holds the frames, which
    hold the response, which holds the error. About fifty objects per connection that only the
    cyclic collector can free; with thousands of sockets cut, its passes took 10-20 ms (a full
    one 190 ms) in the middle of a vote. Without the traceback the whole connection is freed at
    once when its handler returns.
    """
    seen = 0
    while exc is not None and seen < 8:  # a chain is short; never loop on a strange one
        following = exc.__context__ or exc.__cause__
        exc.__traceback__, exc.__context__, exc.__cause__ = None, None, None
        exc, seen = following, seen + 1


def error(code: str, message: str) -> str:
    return _dumps({"type": "error", "code": code, "message": message})


class JoinBudget:
    """How many new identities each remote address may still create (a token bucket per address).

    ``take(address)`` spends one (False when the address has none left), ``refund`` gives
    it back (the join turned out to be someone returning, or was refused). Only the
    server's event loop uses it, so it needs no lock.
    """

    def __init__(self, burst: float = JOIN_BURST, per_minute: float = JOIN_REFILL_PER_MINUTE,
                 clock: Any = time.monotonic, kept: int = JOIN_ADDRESSES_KEPT, exempt_loopback: bool = True):
        self.exempt_loopback = exempt_loopback
        self.burst = float(burst)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.kept = kept
        self._buckets: dict[str, tuple[float, float]] = {}  # address -> (tokens, when)

    def _level(self, address: str, now: float) -> float:
        tokens, when = self._buckets.get(address, (self.burst, now))
        return min(self.burst, tokens + (now - when) * self.rate)

    def exempt(self, address: str) -> bool:
        """The leader's own machine (127.0.0.1, ::1; see ``JOIN_BURST``) is never charged unless
        ``exempt_loopback`` is off. Other loopback addresses count like any other address."""
        return self.exempt_loopback and is_local(address)

    def take(self, address: str) -> bool:
        if self.exempt(address):
            return True
        address = address_key(address)  # an IPv6 device holds a whole /64: one budget for it
        now = self.clock()
        tokens = self._level(address, now)
        if tokens < 1:
            self._buckets[address] = (tokens, now)
            return False
        if address not in self._buckets and len(self._buckets) >= self.kept:
            self._forget_full(now)
        self._buckets[address] = (tokens - 1, now)
        return True

    def refund(self, address: str) -> None:
        if self.exempt(address):
            return
        address = address_key(address)
        now = self.clock()
        self._buckets[address] = (min(self.burst, self._level(address, now) + 1), now)

    def _forget_full(self, now: float) -> None:
        """Bound memory: drop addresses whose bucket has refilled (they behave as new ones)."""
        for address in [a for a in self._buckets if self._level(a, now) >= self.burst]:
            del self._buckets[address]
        if len(self._buckets) >= self.kept:  # all still spending: forget the oldest
            oldest = sorted(self._buckets, key=lambda a: self._buckets[a][1])
            for address in oldest[:len(oldest) - self.kept + 1]:
                del self._buckets[address]


class _Conn:
    """One WebSocket: its participant, rate limit and outgoing queue."""

    def __init__(self, ws: web.WebSocketResponse, remote: str = ""):
        self.ws = ws
        self.remote = remote               # the peer's address, for the budget of new identities
        self.token: str | None = None
        self.guard: GuardedProtocol | None = None  # the TCP connection's door keeper
        self.tokens = BURST
        self.last = time.monotonic()
        self.dropped = 0
        self.warned_at = 0.0
        self.outbox: collections.deque[str] = collections.deque(maxlen=64)
        self.state: str | None = None      # newest full state not yet sent
        self.count: str | None = None      # newest vote count not yet sent
        self.version = -1                  # room version of the newest state/count given
        self.summary_sent = False
        self.wake = asyncio.Event()
        self.sending = False               # the pump is writing; closing now would cut it off

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.last) * RATE)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def push(self, text: str) -> None:
        self.outbox.append(text)
        self.wake.set()

    def push_state(self, text: str, version: int) -> None:
        """Queue a full state; an older one (a broadcast still under way) never overtakes it."""
        if version < self.version:
            return
        self.version = version
        self.state, self.count = text, None  # the state carries the counts too
        self.wake.set()

    def push_count(self, text: str, version: int) -> None:
        if version <= self.version:
            return
        self.version = version
        self.count = text
        self.wake.set()

    @property
    def settled(self) -> bool:
        """Nothing is queued or being written (or the socket is gone)."""
        return self.ws.closed or not (self.sending or self.outbox or self.state or self.count)

    async def pump(self) -> None:
        """Send queued messages in order, then the newest state; ends when the socket closes."""
        ws = self.ws
        while not ws.closed:
            await self.wake.wait()
            self.wake.clear()
            self.sending = True
            try:
                while self.outbox and not ws.closed:
                    await asyncio.wait_for(ws.send_str(self.outbox.popleft()), SEND_TIMEOUT)
                if self.state is not None and not ws.closed:
                    text, self.state = self.state, None
                    await asyncio.wait_for(ws.send_str(text), SEND_TIMEOUT)
                if self.count is not None and not ws.closed:
                    text, self.count = self.count, None
                    await asyncio.wait_for(ws.send_str(text), SEND_TIMEOUT)
            except (ConnectionError, asyncio.TimeoutError, RuntimeError):
                await ws.close(code=WSCloseCode.GOING_AWAY)
                return
            finally:
                self.sending = False


class WorkshopServer:
    """Serves one :class:`Workshop` room on ``host:port`` from a background thread."""

    def __init__(self, workshop: Workshop, host: str = "0.0.0.0", port: int = 0,
                 public_host: str | None = None, static_dir: Path = STATIC_DIR, *,
                 trusted_proxies: tuple[str, ...] = (), shared_address: bool = False,
                 per_address: int = PER_ADDRESS):
        """``public_host`` is the address in the join URL and QR code (``--advertise``);
        ``trusted_proxies`` are addresses of reverse proxies whose ``X-Forwarded-For`` names
        the phone; ``shared_address`` lifts the per-address limits for a room that reaches
        this machine through one address (a router doing NAT, a guest Wi-Fi)."""
        self.workshop = workshop
        self.host = host
        self.requested_port = port
        self.port = 0
        self.public_host = public_host or (lan_address() if host in ("0.0.0.0", "", "::") else host)
        self.static = load_static(static_dir)
        self._conns: set[_Conn] = set()
        self.trusted_proxies = frozenset(address_key(a) for a in trusted_proxies)
        self.shared_address = shared_address
        self.join_budget = (JoinBudget(SHARED_BURST, SHARED_REFILL_PER_MINUTE) if shared_address
                            else JoinBudget())
        self.gate = Gate(MAX_CONNECTIONS, MAX_CONNECTIONS if shared_address else per_address,
                         trusted=self._trusted, shared=shared_address)
        self.repeats = Repeats()
        self.file_limits: tuple[int, int] | None = None
        self._hosts: tuple[float, set[str], str] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._count_timer: asyncio.TimerHandle | None = None
        self._loop_thread = 0
        self._listening: asyncio.AbstractServer | None = None
        self.broadcasts = 0
        self.unjoined_closed = 0
        self._acks: collections.deque = collections.deque()  # (conn, decision, choice, future) to answer
        self._ack_wake = False

    # -- addresses ---------------------------------------------------------------------------
    def _trusted(self, address: str) -> bool:
        """Not limited per address: the leader's own machine and configured proxies."""
        return is_local(address) or address_key(address) in self.trusted_proxies

    def remote_of(self, request: web.Request) -> str:
        """The phone's address: the peer, or (behind a trusted proxy) the last address the
        proxy added to ``X-Forwarded-For`` that is not itself a trusted proxy."""
        peer = request.remote or ""
        if not self.trusted_proxies or address_key(peer) not in self.trusted_proxies:
            return peer
        hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
        for hop in reversed(hops):
            try:
                ipaddress.ip_address(hop.split("%", 1)[0])
            except ValueError:
                return peer  # a malformed header: trust nothing in it
            if address_key(hop) not in self.trusted_proxies:
                return hop
        return peer

    def allowed_hosts(self) -> set[str]:
        """Host names a request may carry: the advertised address and this machine's own.

        Listing the interfaces costs far more than a request, so it is done at most every
        ``HOSTS_REFRESH`` seconds (a Wi-Fi that changes address is picked up then).
        """
        now = time.monotonic()
        if self._hosts is None or now - self._hosts[0] > HOSTS_REFRESH or self._hosts[2] != self.public_host:
            names = {self.public_host, "localhost", "127.0.0.1", "::1", self.host, *local_addresses()}
            self._hosts = (now, {n.lower().strip("[]") for n in names if n and n not in ("0.0.0.0", "::")},
                           self.public_host)
        return self._hosts[1]

    @property
    def url(self) -> str:
        """The join address with the room code, for the QR code and the projector."""
        return join_url(self.public_host, self.port, self.workshop.room.code)

    @property
    def base_url(self) -> str:
        host = f"[{self.public_host}]" if ":" in self.public_host else self.public_host
        return f"http://{host}:{self.port}/"

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> WorkshopServer:
        """Bind and serve; returns once listening. Raises ``OSError`` if the port cannot be bound."""
        if self._thread is not None:
            return self
        # What exists now (the game, its fonts, the scenario) lives as long as the room:
        # park it outside the cyclic collector, so a full collection during a burst of
        # votes scans only the room's own objects (it was 40-70 ms with 500 phones).
        gc.collect()
        gc.freeze()
        self._thread = threading.Thread(target=self._run, name="workshop-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise OSError("the workshop server did not start in time")
        if self._error is not None:
            self._thread.join(1)
            self._thread = None
            raise self._error
        self.workshop.add_listener(self._on_change)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Close every connection and end the server thread (safe to call twice)."""
        self.workshop.remove_listener(self._on_change)
        loop, thread = self._loop, self._thread
        if loop is not None and thread is not None and thread.is_alive() and self._stop is not None:
            loop.call_soon_threadsafe(self._stop.set)
            thread.join(timeout)
        if self._thread is not None:
            gc.unfreeze()  # the room's garbage becomes collectable again
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._loop_thread = threading.get_ident()
        try:
            loop.run_until_complete(self._serve())
        except BaseException as e:  # surfaced to start() when it happens while binding
            if not self._ready.is_set():
                self._error = e
                self._ready.set()
            else:
                log.exception("workshop server stopped with an error")
        finally:
            loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.set_exception_handler(loop_exception_handler(self.repeats))
        for name in ("aiohttp.server", "aiohttp.web", "aiohttp.access", "aiohttp.websocket", "asyncio"):
            logging.getLogger(name).addFilter(self.repeats)
        self.file_limits = raise_file_limit()
        self.gate.cap = connection_cap(MAX_CONNECTIONS, self.file_limits)
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False,
                               shutdown_timeout=1.0, keepalive_timeout=KEEPALIVE)
        await runner.setup()
        try:
            factory = runner.server
            assert factory is not None
            # asyncio accepts up to `backlog` connections in one go when the socket is ready: a
            # storm of reconnecting sockets would stall every vote behind 1,000 accepts. So the
            # accept loop takes ACCEPT_BATCH at a time (votes are read in between), while the
            # kernel's queue stays long (listen again), so a room joining at once loses nothing.
            host = self.host or ""
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            listener = socket.create_server((host, self.requested_port), family=family, backlog=LISTEN_BACKLOG)
            server = await loop.create_server(lambda: GuardedProtocol(factory, self.gate),
                                              sock=listener, backlog=ACCEPT_BATCH)
            listener.listen(LISTEN_BACKLOG)  # asyncio set the kernel's queue to ACCEPT_BATCH: long again
            self._listening = server
            self.port = server.sockets[0].getsockname()[1] if server.sockets else self.requested_port
            self._ready.set()
            await self._stop.wait()
            await self._flush_before_closing()
            server.close()
            for conn in list(self._conns):
                await conn.ws.close(code=WSCloseCode.GOING_AWAY, message=b"workshop ended")
        finally:
            self.gate.close_held()
            await runner.cleanup()
            for name in ("aiohttp.server", "aiohttp.web", "aiohttp.access", "aiohttp.websocket", "asyncio"):
                logging.getLogger(name).removeFilter(self.repeats)

    async def _flush_before_closing(self, timeout: float = 2.0) -> None:
        """Give every phone what it is still owed (the last state, its private summary) before hanging up.

        The leader often ends the room and quits at once; without this, a phone whose
        summary was queued but not yet written would lose it.
        """
        v = self.workshop.snapshot
        common = _dumps(self.workshop.public_state())
        for conn in list(self._conns):
            self._send_state(conn, common, v.version)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not all(c.settled for c in list(self._conns)) and loop.time() < deadline:
            await asyncio.sleep(0.01)

    # -- the application -----------------------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024, middlewares=[self._check_host])
        app.router.add_get("/", self._index)
        app.router.add_get("/static/{name}", self._static_file)
        app.router.add_get("/ws", self._websocket)
        app.on_response_prepare.append(self._headers)
        return app

    @web.middleware
    async def _check_host(self, request: web.Request, handler: Any) -> web.StreamResponse:
        """Refuse a ``Host`` that is not this server's (a web page elsewhere rebinding its name to
        this laptop must not reach the room)."""
        host = urlsplit("//" + request.host).hostname or ""
        if host.lower() not in self.allowed_hosts():
            raise web.HTTPMisdirectedRequest(text="this server answers only at its own address")
        return await handler(request)

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)

    async def _index(self, request: web.Request) -> web.Response:
        body, ctype = self.static["index.html"]
        # Pre-fill only a well-formed code: it is then letters and digits of the
        # code alphabet, so nothing from the URL can reach the page as markup.
        code = normalize_code(request.query.get("room", "")) or ""
        if code:
            body = body.replace(b'name="room" value=""', f'name="room" value="{code}"'.encode(), 1)
        return web.Response(body=body, headers={"Content-Type": ctype, "Cache-Control": "no-store"})

    async def _static_file(self, request: web.Request) -> web.Response:
        entry = self.static.get(request.match_info.get("name", ""))
        if entry is None or entry is self.static.get("index.html"):
            raise web.HTTPNotFound(text="not found")
        body, ctype = entry
        return web.Response(body=body, headers={"Content-Type": ctype, "Cache-Control": "no-cache"})

    # -- the WebSocket -------------------------------------------------------------------------
    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin and urlsplit(origin).netloc.lower() != request.host.lower():
            raise web.HTTPForbidden(text="cross-site connections are refused")
        ws = web.WebSocketResponse(max_msg_size=HARD_MAX_BYTES, heartbeat=HEARTBEAT, compress=False)
        await ws.prepare(request)
        conn = _Conn(ws, self.remote_of(request))
        conn.guard = self.gate.find(request.transport)
        if conn.guard is not None:
            conn.guard.mark_websocket()
        self._conns.add(conn)
        pump = asyncio.ensure_future(conn.pump())
        # A socket that never joins holds a file and a place for nothing: closed within
        # JOIN_TIMEOUT, at a moment spread over its last quarter, so that sockets opened together
        # (by one script) are not all cut, and all back, in the same instant.
        unjoined = asyncio.get_running_loop().call_later(JOIN_TIMEOUT * random.uniform(0.75, 1.0),
                                                         self._close_unjoined, conn)
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_text(conn, msg.data)
                elif msg.type == WSMsgType.BINARY:
                    if self._admit(conn):
                        conn.push(error("bad-frame", "send JSON text frames"))
                elif msg.type == WSMsgType.ERROR:
                    break
                if conn.dropped > FLOOD_CLOSE:
                    pump.cancel()  # what it had queued is dropped; say why, then hang up
                    await ws.send_str(error("rate-limited", "too many messages; disconnected"))
                    await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"too many messages")
                    break
        finally:
            unjoined.cancel()
            self._conns.discard(conn)
            conn.wake.set()
            pump.cancel()
            if conn.token is not None:
                self.workshop.leave(conn.token)
            _forget_traceback(ws.exception())
        return ws

    def _close_unjoined(self, conn: _Conn) -> None:
        """A socket that never joined: cut at once (no closing handshake to wait for from a
        client that does not answer), which ends its handler. Its address cools down: what it
        opens next waits at the door (see ``_guard``), so a script that reconnects whatever is
        cut costs an accept, not a request and an upgrade, each time."""
        if conn.token is None and not conn.ws.closed:
            self.unjoined_closed += 1
            if conn.guard is not None:
                self.gate.strike(conn.guard.address)
                conn.guard.close("unjoined")
            else:
                asyncio.ensure_future(conn.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"join within 10 s"))

    def _admit(self, conn: _Conn) -> bool:
        """Rate limit: False (and at most one warning a second) when the bucket is empty."""
        if conn.allow():
            conn.dropped = 0
            return True
        conn.dropped += 1
        now = time.monotonic()
        if now - conn.warned_at >= 1.0:
            conn.warned_at = now
            conn.push(error("rate-limited", "too many messages; slow down"))
        return False

    async def _on_text(self, conn: _Conn, data: str) -> None:
        if not self._admit(conn):
            return
        if len(data) > SOFT_MAX_BYTES:
            conn.push(error("too-large", f"message too large (at most {SOFT_MAX_BYTES} bytes)"))
            return
        try:
            msg = json.loads(data)
        except (ValueError, RecursionError):
            conn.push(error("bad-json", "not valid JSON"))
            return
        if not isinstance(msg, dict):
            conn.push(error("bad-message", "a message must be a JSON object"))
            return
        kind = msg.get("type")
        if kind == "join":
            self._join(conn, msg)
        elif kind == "vote":
            await self._vote(conn, msg)
        elif kind == "ping":
            conn.push(_dumps({"type": "pong"}))
        elif kind == "step_out":
            self._step_out(conn, msg)
        elif isinstance(kind, str):
            conn.push(error("unknown-type", "unknown message type"))
        else:
            conn.push(error("bad-message", "a message needs a \"type\" string"))

    def _step_out(self, conn: _Conn, msg: dict) -> None:
        if conn.token is None:
            conn.push(error("not-joined", "join the room first"))
            return
        out = msg.get("out", True)
        if not isinstance(out, bool):
            conn.push(error("bad-message", "out must be true or false"))
            return
        try:
            self.workshop.step_out(conn.token, out)
        except RoomError as e:
            conn.push(error("refused", str(e)))
            return
        self._send_state(conn, _dumps(self.workshop.public_state()), self.workshop.snapshot.version, force=True)

    def _join(self, conn: _Conn, msg: dict) -> None:
        room, nickname, token = msg.get("room"), msg.get("nickname"), msg.get("token")
        if not isinstance(room, str):
            conn.push(error("bad-room", "room must be the 6-character code"))
            return
        if normalize_code(room) != self.workshop.room.code:
            conn.push(error("bad-room", "there is no room with that code here"))
            return
        if nickname is not None and not isinstance(nickname, str):
            conn.push(error("bad-nickname", "nickname must be text"))
            return
        if token is not None and not isinstance(token, str):
            conn.push(error("bad-token", "token must be text"))
            return
        if conn.token is not None and token != conn.token:
            conn.push(error("already-joined", "this connection has already joined"))
            return
        token = token if valid_token(token) else None
        # Someone coming back (this socket's own token, or one the room knows) costs nothing;
        # a new identity is paid for from the address's budget (see JOIN_BURST).
        charged = conn.token is None and not self.workshop.knows(token)
        if charged and not self.join_budget.take(conn.remote):
            conn.push(error("refused", "too many people joined from this device or network just now; "
                                       "wait a minute and try again"))
            return
        try:
            if conn.token is not None:  # same person again on the same socket: maybe a new nickname
                self.workshop.leave(conn.token)
            p, new = self.workshop.join(token, nickname)
        except RoomError as e:
            if charged:
                self.join_budget.refund(conn.remote)
            conn.push(error("refused", str(e)))
            return
        if charged and not new:  # the token became known meanwhile: nothing was created
            self.join_budget.refund(conn.remote)
        conn.token = p.token
        if conn.guard is not None:
            conn.guard.joined = True  # a phone in the room: never evicted to make way
        conn.push(_dumps({"type": "welcome", "token": p.token, "room": self.workshop.room.code,
                          "nickname": p.nickname}))
        self._send_state(conn, _dumps(self.workshop.public_state()), self.workshop.snapshot.version)

    async def _vote(self, conn: _Conn, msg: dict) -> None:
        if conn.token is None:
            conn.push(error("not-joined", "join the room before voting"))
            return
        seq, number = msg.get("decision"), msg.get("choice")
        try:
            saved = self.workshop.vote(conn.token, seq, number)
        except RoomError as e:
            conn.push(error("bad-vote", str(e)))
            return
        # One acknowledgement, once the vote is committed (the full state follows with the
        # next broadcast). The writer commits votes in batches and answers a whole batch at
        # once: its callbacks only queue the acks and wake this loop once (see _acks_due).
        saved.add_done_callback(lambda f: self._ack_later(conn, seq, number, f))

    def _ack_later(self, conn: _Conn, seq: Any, number: Any, saved: Any) -> None:
        """Any thread: queue the acknowledgement of a committed (or failed) vote."""
        self._acks.append((conn, seq, number, saved))
        if not self._ack_wake:
            self._ack_wake = True
            loop = self._loop
            if loop is None or loop.is_closed():
                return
            if threading.get_ident() == self._loop_thread:
                loop.call_soon(self._acks_due)
            else:
                try:
                    loop.call_soon_threadsafe(self._acks_due)
                except RuntimeError:  # the loop is closing
                    pass

    def _acks_due(self) -> None:
        """Loop thread: send every queued acknowledgement (a vote that could not be stored
        still counts in the room; the phone is told)."""
        self._ack_wake = False
        v = self.workshop.snapshot
        while self._acks:
            conn, seq, number, saved = self._acks.popleft()
            ok = saved.exception() is None
            if not ok:
                conn.push(error("not-saved", "your vote is counted but could not be saved; tell the leader"))
            conn.push(_dumps({"type": "your_vote", "decision": seq, "choice": number, "saved": ok,
                              "voted": v.voted, "participants": v.participants}))

    def _send_state(self, conn: _Conn, common: str, version: int, force: bool = False) -> None:
        """The shared state plus this participant's own vote and whether they stepped out (and
        their summary at the end)."""
        token = conn.token
        if token is None:
            return
        if self.workshop.removed(token):
            conn.push(_dumps({"type": "removed", "message": "The leader has removed you from this room."}))
            asyncio.ensure_future(self._hang_up(conn))
            return
        mine = self.workshop.your_vote(token)
        out = "true" if self.workshop.stepped_out(token) else "false"
        if force:
            conn.version = min(conn.version, version - 1)
        conn.push_state('{"your_vote":' + _dumps(mine) + ',"stepped_out":' + out + "," + common[1:], version)
        if self.workshop.snapshot.ended and not conn.summary_sent:
            summary = self.workshop.summary(token)
            if summary is not None:
                conn.summary_sent = True
                conn.push(_dumps(summary))

    async def _hang_up(self, conn: _Conn) -> None:
        """Close after what is queued (the "removed" notice) has been written."""
        loop = asyncio.get_running_loop()
        end = loop.time() + 2.0
        while not conn.settled and loop.time() < end:
            await asyncio.sleep(0.02)
        await conn.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"removed by the leader")

    # -- pushing changes ---------------------------------------------------------------------------
    def _on_change(self, kind: str) -> None:
        """Called by the workshop from any thread after a change."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        if threading.get_ident() == self._loop_thread:
            self._schedule(kind)  # a vote, on the server's own loop: no need to wake it
            return
        try:
            loop.call_soon_threadsafe(self._schedule, kind)
        except RuntimeError:  # the loop is closing
            pass

    def _schedule(self, kind: str) -> None:
        if kind == "phase":
            if self._count_timer is not None:
                self._count_timer.cancel()
                self._count_timer = None
            if self.workshop.snapshot.phase == "open" and self.workshop.snapshot.voted == 0:
                # Votes are about to pour in: collect now, while nobody waits, and park the
                # phones' connections too (see start); unfrozen when the server stops.
                gc.collect()
                gc.freeze()
            asyncio.ensure_future(self._broadcast(full=True))
        elif self._count_timer is None:
            self._count_timer = asyncio.get_running_loop().call_later(
                COUNT_INTERVAL, lambda: asyncio.ensure_future(self._broadcast(full=False)))

    async def _broadcast(self, full: bool) -> None:
        """Push the state (or just the counts) to every phone, a chunk at a time.

        Yielding between chunks lets votes that arrive meanwhile be counted at once
        instead of waiting for 500 messages to be queued.
        """
        if not full:
            self._count_timer = None
        self.broadcasts += 1
        v = self.workshop.snapshot
        if full:
            common = _dumps(self.workshop.public_state())
        else:
            count = _dumps({"type": "count", "decision": v.seq, "phase": v.phase, "voted": v.voted,
                            "participants": v.participants})
        for i, conn in enumerate(list(self._conns)):
            if i and i % BROADCAST_CHUNK == 0:
                await asyncio.sleep(0)
            if conn.token is None:
                continue
            if full:
                self._send_state(conn, common, v.version)
            else:
                conn.push_count(count, v.version)
