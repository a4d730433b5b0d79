"""One laptop cannot shut the room out: per-address limits, slow headers, sockets that never join,
a cap below the file limit, Host checks, trusted proxies, and one log line for a repeated error."""
from __future__ import annotations

import asyncio
import json
import logging
import sys

import aiohttp
import pytest

from hrtraining.workshop import Workshop, WorkshopServer
from hrtraining.workshop import _guard
from hrtraining.workshop import _server as server_mod

from wshelpers import receive_type, run

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="binds 127.0.0.x source addresses")


@pytest.fixture
def small(golden):
    """A room whose door is small enough to fill in a test."""
    w = Workshop.create(*golden)
    srv = WorkshopServer(w, "127.0.0.1", 0, per_address=4)
    srv.gate.header_timeout = 0.5
    srv.start()
    yield w, srv
    srv.stop()
    w.close()


async def _open(port: int, source: str, data: bytes = b""):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    if data:
        writer.write(data)
        await writer.drain()
    return reader, writer


async def _closed(reader, timeout: float = 3.0) -> bool:
    """The server closed the connection (EOF or reset) within ``timeout``."""
    try:
        data = await asyncio.wait_for(reader.read(65536), timeout)
        while data:
            data = await asyncio.wait_for(reader.read(65536), timeout)
        return True
    except ConnectionError:
        return True
    except asyncio.TimeoutError:
        return False


async def _phone_joins(port: int, code: str, source: str = "127.0.0.1") -> dict:
    conn = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
    async with aiohttp.ClientSession(connector=conn) as s:
        ws = await s.ws_connect(f"http://127.0.0.1:{port}/ws")
        await ws.send_json({"type": "join", "room": code})
        welcome = await receive_type(ws, "welcome")
        await ws.close()
        return welcome


@linux_only
def test_one_address_gets_a_few_connections_and_the_room_still_joins(small):
    w, srv = small

    async def go():
        held = [await _open(srv.port, "127.0.0.2") for _ in range(4)]
        extra = [await _open(srv.port, "127.0.0.2") for _ in range(3)]
        assert all([await _closed(r, 1.0) for r, _ in extra])  # refused at the door
        assert srv.gate.refused["per-address"] >= 3
        assert (await _phone_joins(srv.port, w.room.code, "127.0.0.3"))["type"] == "welcome"
        for _, wr in held:
            wr.close()
    run(go())


@linux_only
def test_half_sent_headers_are_timed_out(small):
    w, srv = small

    async def go():
        r, wr = await _open(srv.port, "127.0.0.4", b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        assert await _closed(r, 3.0)  # closed after header_timeout (0.5 s here), never left open
        assert srv.gate.refused["slow-headers"] >= 1
        async with aiohttp.ClientSession() as s:  # the page still loads for everyone else
            async with s.get(f"http://127.0.0.1:{srv.port}/") as resp:
                assert resp.status == 200
        wr.close()
    run(go())


def test_a_websocket_that_never_joins_is_closed(small, monkeypatch):
    w, srv = small
    monkeypatch.setattr(server_mod, "JOIN_TIMEOUT", 0.3)

    async def go():
        async with aiohttp.ClientSession() as s:
            idle = await s.ws_connect(f"http://127.0.0.1:{srv.port}/ws")
            msg = await idle.receive(timeout=5)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED)
            assert idle.closed  # cut without a closing handshake (a silent client would never answer one)
            assert srv.unjoined_closed == 1
    run(go())


@linux_only
def test_a_full_table_evicts_sockets_that_never_joined_not_phones(small):
    w, srv = small
    srv.gate.cap = 6

    async def go():
        phone = aiohttp.ClientSession()
        ws = await phone.ws_connect(f"http://127.0.0.1:{srv.port}/ws")
        await ws.send_json({"type": "join", "room": w.room.code, "nickname": "Ana"})
        await receive_type(ws, "welcome")
        idle = [await _open(srv.port, f"127.0.0.{10 + i}") for i in range(8)]  # fills the table, and more
        await asyncio.sleep(0.3)  # the server's loop accepts them
        assert srv.gate.refused["evicted"] >= 3 and len(srv.gate.open) <= 6
        assert (await _phone_joins(srv.port, w.room.code, "127.0.0.30"))["type"] == "welcome"
        await ws.send_json({"type": "ping"})
        assert (await receive_type(ws, "pong"))["type"] == "pong"  # the joined phone was never evicted
        for _, wr in idle:
            wr.close()
        await ws.close()
        await phone.close()
    run(go())


def test_a_foreign_host_name_is_refused(live):
    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.get(f"{live.http}/", headers={"Host": "evil.example"}) as r:
                assert r.status == 421
            async with s.get(f"{live.http}/", headers={"Host": f"localhost:{live.server.port}"}) as r:
                assert r.status == 200
    run(go())


def test_a_trusted_proxy_names_the_phone_and_others_cannot(golden):
    w = Workshop.create(*golden)
    srv = WorkshopServer(w, "127.0.0.1", 0, trusted_proxies=("10.0.0.1",))

    class Req:
        def __init__(self, remote, forwarded):
            self.remote = remote
            self.headers = {"X-Forwarded-For": forwarded}
    assert srv.remote_of(Req("10.0.0.1", "203.0.113.9, 192.168.1.40")) == "192.168.1.40"
    assert srv.remote_of(Req("10.0.0.1", "192.168.1.40, 10.0.0.1")) == "192.168.1.40"
    assert srv.remote_of(Req("10.0.0.1", "not an address")) == "10.0.0.1"
    assert srv.remote_of(Req("192.168.1.77", "1.2.3.4")) == "192.168.1.77"  # only the proxy is believed
    assert srv.gate.trusted("10.0.0.1") and not srv.gate.trusted("10.0.0.2")
    w.close()


def test_the_open_file_limit_is_raised_and_the_cap_stays_below_it():
    limits = _guard.raise_file_limit()
    if limits is not None:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        assert soft == hard or hard == resource.RLIM_INFINITY or soft >= 10240
    assert _guard.connection_cap(4000, (256, 256)) == 256 - _guard.FILE_RESERVE
    assert _guard.connection_cap(4000, (100_000, 100_000)) == 4000
    assert _guard.connection_cap(4000, None) == 4000


def test_a_repeated_error_is_logged_once_with_a_count(caplog):
    now = [0.0]
    repeats = _guard.Repeats(every=30, clock=lambda: now[0])
    logger = logging.getLogger("hrtraining.test.repeats")
    logger.addFilter(repeats)
    try:
        with caplog.at_level(logging.ERROR, "hrtraining.test.repeats"):
            for _ in range(1000):
                try:
                    raise OSError(24, "Too many open files")
                except OSError:
                    logger.exception("accept failed")
            now[0] = 31
            try:
                raise OSError(24, "Too many open files")
            except OSError:
                logger.exception("accept failed")
    finally:
        logger.removeFilter(repeats)
    lines = [r for r in caplog.records if r.name == "hrtraining.test.repeats"]
    assert len(lines) == 2 and lines[0].exc_info is None
    assert "999 more like it" in lines[1].getMessage() and lines[1].exc_info is None


def test_address_keys_group_ipv6_by_64():
    assert _guard.address_key("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert _guard.address_key("::ffff:192.168.1.9") == "192.168.1.9"
    assert _guard.is_local("127.0.0.1") and _guard.is_local("::1") and not _guard.is_local("127.0.0.2")


def test_step_out_and_removal_over_the_socket(live):
    w = live.workshop

    async def go():
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(live.ws_url)
            await ws.send_json({"type": "join", "room": live.code, "nickname": "Ana"})
            welcome = await receive_type(ws, "welcome")
            await ws.send_json({"type": "step_out", "out": True})
            st = await receive_type(ws, "state")
            while not st.get("stepped_out"):
                st = await receive_type(ws, "state")
            assert w.snapshot.stepped_out == 1
            await ws.send_json({"type": "step_out", "out": "yes"})
            assert (await receive_type(ws, "error"))["code"] == "bad-message"
            key = next(e.key for e in w.roster())
            w.remove(key)
            assert (await receive_type(ws, "removed"))["type"] == "removed"
            msg = await ws.receive(timeout=5)
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive(timeout=5)
            assert ws.close_code == aiohttp.WSCloseCode.POLICY_VIOLATION
            again = await s.ws_connect(live.ws_url)
            await again.send_json({"type": "join", "room": live.code, "token": welcome["token"]})
            err = await receive_type(again, "error")
            assert err["code"] == "refused" and "removed" in err["message"]
    run(go())


def test_the_server_notices_a_dead_phone_within_ten_seconds():
    # aiohttp closes a socket whose pong has not come within half the heartbeat.
    assert server_mod.HEARTBEAT * 1.5 <= 12 and server_mod.JOIN_TIMEOUT <= 10
    assert json.loads(server_mod._dumps({"type": "pong"})) == {"type": "pong"}


def test_an_address_reconnecting_as_fast_as_it_can_is_slowed_at_the_door():
    gate = _guard.Gate(cap=100, per_address=100)
    gate.new_burst, gate.new_rate = 3, 0.0
    assert [gate._arrival("10.0.0.9") for _ in range(4)] == [True, True, True, False]
    assert gate._arrival("10.0.0.10")  # another address has its own budget
