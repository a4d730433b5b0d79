"""The cool-down at the door: an address whose WebSocket was cut for never joining has its next
connections held unread for a while (then let in), so a script that reconnects whatever is cut
costs an accept instead of a request and an upgrade; phones that joined, trusted addresses and a
room behind one shared address are never held."""
from __future__ import annotations

import asyncio
import sys
import time

import aiohttp
import pytest

from hrtraining.workshop import Workshop, WorkshopServer
from hrtraining.workshop import _guard
from hrtraining.workshop import _server as server_mod

from wshelpers import receive_type, run

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="binds 127.0.0.x source addresses")


@pytest.fixture
def door(golden, monkeypatch):
    """A room whose unjoined sockets are cut after 0.3 s and whose cool-down starts at 1 s."""
    monkeypatch.setattr(server_mod, "JOIN_TIMEOUT", 0.3)
    made = []

    def make(**kw) -> tuple[Workshop, WorkshopServer]:
        w = Workshop.create(*golden)
        srv = WorkshopServer(w, "127.0.0.1", 0, **kw)
        srv.gate.cool_first = 1.0
        srv.start()
        made.append((w, srv))
        return w, srv
    yield make
    for w, srv in made:
        srv.stop()
        w.close()


async def _cut_unjoined(port: int, source: str) -> float:
    """Open a WebSocket from ``source`` that never joins; returns when the server has cut it."""
    conn = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
    async with aiohttp.ClientSession(connector=conn) as s:
        idle = await s.ws_connect(f"http://127.0.0.1:{port}/ws", heartbeat=None)
        msg = await idle.receive(timeout=5)
        assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
    return time.monotonic()


async def _get_page(port: int, source: str) -> tuple[float, bytes]:
    """A raw GET / from ``source``: (when the first byte of the answer came, the answer's first line)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    writer.write(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    line = await asyncio.wait_for(reader.readline(), 10)
    when = time.monotonic()
    writer.close()
    return when, line


async def _join(port: int, code: str, source: str, token: str | None = None):
    conn = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
    session = aiohttp.ClientSession(connector=conn)
    ws = await session.ws_connect(f"http://127.0.0.1:{port}/ws", heartbeat=None)
    await ws.send_json({"type": "join", "room": code, "token": token})
    welcome = await receive_type(ws, "welcome", timeout=10)
    return session, ws, welcome


def test_each_cut_cools_an_address_down_longer_up_to_a_bound():
    now = [100.0]
    gate = _guard.Gate(cap=100, clock=lambda: now[0])
    gate.cool_first, gate.cool_max, gate.strikes_forgotten = 2.0, 20.0, 120.0
    assert gate.cooling_until("10.0.0.9") == 0.0
    waits = [gate.strike("10.0.0.9") - now[0] for _ in range(6)]
    assert waits == [2.0, 4.0, 8.0, 16.0, 20.0, 20.0]  # doubling, never past the bound
    assert gate.cooling_until("10.0.0.9") == now[0] + 20.0
    assert gate.cooling_until("10.0.0.10") == 0.0  # another address is not touched
    now[0] += 20.5
    assert gate.cooling_until("10.0.0.9") == 0.0  # over
    now[0] += 120.0
    assert gate.strike("10.0.0.9") - now[0] == 2.0  # quiet for long enough: a first offence again
    # IPv6: the whole /64 cools down together (one device holds it).
    gate.strike("2001:db8:1:2::1")
    assert gate.cooling_until(_guard.address_key("2001:db8:1:2::ffff")) > now[0]


def test_trusted_and_shared_addresses_never_cool_down():
    gate = _guard.Gate(cap=100, trusted=lambda a: _guard.is_local(a) or a == "10.0.0.1")
    assert gate.strike("127.0.0.1") == 0.0 and gate.strike("::1") == 0.0  # the leader's machine
    assert gate.strike("10.0.0.1") == 0.0                                 # a configured proxy
    assert gate.cooling_until("127.0.0.1") == 0.0 and gate.cooling_until("10.0.0.1") == 0.0
    shared = _guard.Gate(cap=100, shared=True)  # --shared-address: the whole room is one address
    assert shared.strike("192.168.1.1") == 0.0 and shared.cooling_until("192.168.1.1") == 0.0


@linux_only
def test_an_address_cut_while_unjoined_is_held_at_the_door_then_let_in(door):
    w, srv = door()

    async def go():
        cut = await _cut_unjoined(srv.port, "127.0.0.41")
        assert srv.unjoined_closed == 1
        page = asyncio.ensure_future(_get_page(srv.port, "127.0.0.41"))
        # Meanwhile another address is served at once, and a phone from it joins.
        t = time.monotonic()
        when, line = await _get_page(srv.port, "127.0.0.42")
        assert line.startswith(b"HTTP/1.1 200") and when - t < 0.7
        session, ws, _ = await _join(srv.port, w.room.code, "127.0.0.42")
        await ws.close()
        await session.close()
        assert srv.gate.holds == 1  # the page request of the cut address waits at the door ...
        when, line = await page
        assert line.startswith(b"HTTP/1.1 200")  # ... and is answered once the cool-down is over
        assert when - cut >= 0.7, f"answered {when - cut:.2f} s after the cut: it was not held"
    run(go())


@linux_only
def test_a_phone_that_joined_is_never_cut_or_held_and_comes_back_with_its_token(door):
    w, srv = door()

    async def go():
        session, phone, welcome = await _join(srv.port, w.room.code, "127.0.0.43")
        await _cut_unjoined(srv.port, "127.0.0.43")  # another socket from the same address
        assert srv.gate.cooling_until("127.0.0.43") > 0
        await asyncio.sleep(0.5)  # past the join deadline: the joined socket is not cut
        await phone.send_json({"type": "ping"})
        assert (await receive_type(phone, "pong"))["type"] == "pong"
        assert srv.unjoined_closed == 1 and w.snapshot.participants == 1
        # The phone reloads during the cool-down: delayed at the door, never refused.
        await phone.close()
        await session.close()
        again, ws, back = await _join(srv.port, w.room.code, "127.0.0.43", token=welcome["token"])
        assert back["token"] == welcome["token"] and w.snapshot.participants == 1
        assert srv.gate.refused.total() == 0 and srv.gate.holds >= 1
        await ws.close()
        await again.close()
    run(go())


@linux_only
def test_a_room_behind_one_shared_address_is_never_held_or_slowed(door):
    w, srv = door(shared_address=True)
    phones = int(_guard.NEW_BURST) + 10  # more than one address may open at once otherwise

    async def go():
        await _cut_unjoined(srv.port, "127.0.0.44")
        assert srv.gate.cooling_until("127.0.0.44") == 0.0
        joined = await asyncio.gather(*(_join(srv.port, w.room.code, "127.0.0.44") for _ in range(phones)))
        assert len({welcome["token"] for _, _, welcome in joined}) == phones
        assert srv.gate.holds == 0 and not srv.gate.refused
        for session, ws, _ in joined:
            await ws.close()
            await session.close()
    run(go())


@linux_only
def test_connections_still_held_are_closed_when_the_server_stops(door):
    w, srv = door()
    srv.gate.cool_first = 30.0

    async def go():
        await _cut_unjoined(srv.port, "127.0.0.45")
        reader, writer = await asyncio.open_connection("127.0.0.1", srv.port, local_addr=("127.0.0.45", 0))
        writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        await writer.drain()
        for _ in range(100):
            if srv.gate.holds:
                break
            await asyncio.sleep(0.02)
        assert srv.gate.holds == 1
        await asyncio.get_running_loop().run_in_executor(None, srv.stop)
        try:  # closed (a reset or an end), nothing answered
            assert await asyncio.wait_for(reader.read(), 5) == b""
        except ConnectionResetError:
            pass
        writer.close()
    run(go())


class _Transport:
    """Just enough of an asyncio transport for the door (the peer is 192.0.2.7)."""

    def __init__(self):
        self.paused, self.closing = False, False

    def get_extra_info(self, name):
        return ("192.0.2.7", 5000) if name == "peername" else None

    def pause_reading(self):
        self.paused = True

    def resume_reading(self):
        self.paused = False

    def is_closing(self):
        return self.closing

    def abort(self):
        self.closing = True


class _Inner(asyncio.Protocol):
    """Stands in for aiohttp's handler: notes what it was given."""

    def __init__(self):
        self.got: list[bytes] = []
        self.made = False

    def connection_made(self, transport):
        self.made = True

    def data_received(self, data):
        self.got.append(data)


def test_what_a_held_connection_sends_early_reaches_aiohttp_when_it_is_let_in():
    # Python 3.10 delivers data that came at once even to a transport paused in connection_made.
    async def go():
        gate = _guard.Gate(cap=10)
        gate.strike("192.0.2.7")
        inner = _Inner()
        guard = _guard.GuardedProtocol(lambda: inner, gate)
        transport = _Transport()
        guard.connection_made(transport)
        assert guard.held and transport.paused and not inner.made
        guard.data_received(b"GET / HTTP/1.1\r\n")
        guard.data_received(b"Host: x\r\n\r\n")
        assert inner.got == []
        gate._strikes.clear()  # the cool-down is over
        guard.let_in()
        assert inner.made and b"".join(inner.got) == b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        assert guard.headers_done and not transport.paused
        guard.connection_lost(None)
        gate.close_held()
    run(go())


def test_held_connections_are_let_in_one_at_a_time_newest_first_until_the_next_cut():
    async def go():
        gate = _guard.Gate(cap=10)
        gate.cool_first, gate.release_every = 0.3, 0.6
        gate.strike("192.0.2.7")
        guards = []
        for _ in range(4):
            guard = _guard.GuardedProtocol(_Inner, gate)
            guard.connection_made(_Transport())
            guards.append(guard)
        assert all(g.held for g in guards) and gate.holds == 4
        await asyncio.sleep(0.6)   # the cool-down is over: one is let in, the newest
        assert [g.held for g in guards] == [True, True, True, False]
        await asyncio.sleep(0.6)   # a turn later, the next one
        assert [g.held for g in guards] == [True, True, False, False]
        gate.strike("192.0.2.7")   # cut again: the rest wait for the new cool-down (0.6 s now)
        await asyncio.sleep(0.25)
        assert [g.held for g in guards] == [True, True, False, False]
        guards[0].close("gone")    # one leaves while held: off the queue
        guards[0].connection_lost(None)
        await asyncio.sleep(0.8)
        assert [g.held for g in guards] == [False, False, False, False]
        assert not gate._held and not gate._release_timers
        for g in guards[1:]:
            g.connection_lost(None)
        assert not gate.open
    run(go())


def test_a_cut_connections_error_no_longer_keeps_the_connection_alive():
    # aiohttp keeps the error of a cut socket on the response, and the error's traceback holds
    # the frames that hold the response: garbage only the cyclic collector could free.
    import gc
    import weakref

    class Response:
        def __init__(self):
            self.error: BaseException | None = None

        def close(self):
            try:
                try:
                    raise EOFError("peer gone")
                except EOFError:
                    raise ConnectionResetError("cannot write to closing transport")
            except ConnectionResetError as exc:
                self.error = exc  # as aiohttp does: its frame (with `self`) is in the traceback

    def cut(forget: bool) -> weakref.ref:
        response = Response()
        response.close()
        if forget:
            server_mod._forget_traceback(response.error)
        return weakref.ref(response)

    gc.disable()
    try:
        assert cut(forget=False)() is not None  # a cycle: alive until the collector finds it
        gone = cut(forget=True)
        assert gone() is None                   # freed at once, by reference counting
    finally:
        gc.enable()
        gc.collect()
