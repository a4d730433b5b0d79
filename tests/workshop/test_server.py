"""The server on 127.0.0.1, driven by scripted aiohttp WebSocket clients."""
from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from hrtraining.workshop import OPEN, TieError
from hrtraining.workshop import _server as server_mod

from wshelpers import receive_state, receive_type, run


async def join(session, live, nickname=None, token=None):
    ws = await session.ws_connect(live.ws_url)
    await ws.send_json({"type": "join", "room": live.code, "nickname": nickname, "token": token})
    welcome = await receive_type(ws, "welcome")
    return ws, welcome


def test_page_prefills_the_code_and_sends_security_headers(live):
    async def go():
        async with aiohttp.ClientSession() as s:
            r = await s.get(f"{live.http}/?room={live.code.lower()}")
            body = await r.text()
            assert r.status == 200 and f'name="room" value="{live.code}"' in body
            csp = r.headers["Content-Security-Policy"]
            assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert r.headers["Cache-Control"] == "no-store"
            # Anything that is not a well-formed code is not put in the page at all.
            r = await s.get(f"{live.http}/", params={"room": '"><script>alert(1)</script>'})
            body = await r.text()
            assert "alert(1)" not in body and 'name="room" value=""' in body
            # No external requests: every src/href is local.
            assert "http" not in body.split("<body>")[0].replace('http-equiv', '')
            for name, ctype in [("app.js", "text/javascript"), ("app.css", "text/css")]:
                r = await s.get(f"{live.http}/static/{name}")
                assert r.status == 200 and r.headers["Content-Type"].startswith(ctype)
                assert "Content-Security-Policy" in r.headers
            r = await s.get(f"{live.http}/nothing-here")
            assert r.status == 404 and "Content-Security-Policy" in r.headers
            r = await s.post(f"{live.http}/", data="x")
            assert r.status == 405
    run(go())


TRAVERSALS = [
    "/static/../../etc/passwd",
    "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/%252e%252e%252f%252e%252e%252fetc%252fpasswd",
    "/static/..%5c..%5cetc%5cpasswd",
    "/static/..\\..\\etc\\passwd",
    "/static//etc/passwd",
    "/static/%2fetc%2fpasswd",
    "/static/app.js%00.png",
    "/static/../_server.py",
    "/static/..%2f_server.py",
    "/static/index.html/../../_room.py",
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_no_path_traversal(live, path):
    """Raw requests, so no client library normalises the path before it reaches the server."""
    async def go():
        reader, writer = await asyncio.open_connection("127.0.0.1", live.server.port)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
        writer.close()
        return data
    data = run(go())
    status = int(data.split(b" ", 2)[1])
    assert status in (400, 404), (path, data[:200])
    assert b"root:" not in data and b"import " not in data


def test_join_vote_revote_counts_never_leak_choices(live):
    w = live.workshop

    async def go():
        async with aiohttp.ClientSession() as s:
            a, wa = await join(s, live, "Ana")
            b, wb = await join(s, live)
            assert wa["nickname"] == "Ana" and wb["nickname"] == "" and wa["token"] != wb["token"]
            w.open_vote()
            await receive_state(a, lambda st: st["phase"] == OPEN)
            await receive_state(b, lambda st: st["phase"] == OPEN)
            await a.send_json({"type": "vote", "decision": 0, "choice": 1})
            ack = await receive_type(a, "your_vote")  # sent once the vote is committed
            assert ack == {"type": "your_vote", "decision": 0, "choice": 1, "saved": True, "voted": 1,
                           "participants": 2}
            assert [(v.choice_index, v.nickname) for v in w.store.room_votes(live.code)] == [(0, "Ana")]
            await a.send_json({"type": "vote", "decision": 0, "choice": 2})  # a re-vote replaces
            assert (await receive_type(a, "your_vote"))["choice"] == 2
            count = await receive_type(b, "count")
            # how many, never what
            assert count == {"type": "count", "decision": 0, "phase": "open", "voted": 1, "participants": 2}
            assert w.snapshot.voted == 1
            w.reveal()
            st = await receive_state(b, lambda st: st["phase"] == "revealed")
            assert {d["number"]: d["votes"] for d in st["distribution"]} == {1: 0, 2: 1, 3: 0}
            await a.close()
            await b.close()
    run(go())
    votes = live.workshop.store.room_votes(live.code)
    assert [(v.decision_seq, v.choice_index, v.nickname) for v in votes] == [(0, 1, "Ana")]


def test_reconnect_with_token_keeps_identity_and_votes(live):
    w = live.workshop

    async def go():
        async with aiohttp.ClientSession() as s:
            a, welcome = await join(s, live, "Ana")
            w.open_vote()
            await a.send_json({"type": "vote", "decision": 0, "choice": 3})
            await receive_type(a, "your_vote")
            await a.close()  # the phone locks
            await asyncio.sleep(0.05)
            assert w.snapshot.connected == 0 and w.snapshot.participants == 1
            again, welcome2 = await join(s, live, token=welcome["token"])
            assert welcome2["token"] == welcome["token"] and welcome2["nickname"] == "Ana"
            st = await receive_type(again, "state")
            assert st["your_vote"] == 3 and st["participants"] == 1
            await again.send_json({"type": "vote", "decision": 0, "choice": 1})
            assert (await receive_type(again, "your_vote"))["choice"] == 1
            # a forged token is not adopted: the client gets a fresh identity
            other, w3 = await join(s, live, token="not-a-real-token-at-all")
            assert w3["token"] not in (welcome["token"], "not-a-real-token-at-all")
            await other.close()
            await again.close()
    run(go())
    assert w.room.distribution() == {1: 1, 2: 0, 3: 0}


BAD = [
    ("not json", "bad-json"),
    ("[1, 2]", "bad-message"),
    ('{"no": "type"}', "bad-message"),
    ('{"type": 5}', "bad-message"),
    ('{"type": "hack"}', "unknown-type"),
    ('{"type": "vote", "decision": 0, "choice": 1}', "not-joined"),
    ('{"type": "join", "room": "ZZZZZZ"}', "bad-room"),
    ('{"type": "join", "room": 123456}', "bad-room"),
    ('{"type": "join", "room": null}', "bad-room"),
    ('{"type": "join", "room": "@CODE@", "nickname": 7}', "bad-nickname"),
    ('{"type": "join", "room": "@CODE@", "nickname": "' + "x" * 40 + '"}', "refused"),
    ('{"type": "join", "room": "@CODE@", "token": ["x"]}', "bad-token"),
    ('{"type": "' + "x" * 3000 + '"}', "too-large"),
    ("[" * 100000 + "]" * 100000, None),  # over the hard limit: closed by aiohttp, checked below
]


def test_every_bad_message_gets_an_error_and_never_an_echo(live, monkeypatch):
    monkeypatch.setattr(server_mod, "BURST", 1000.0)  # many bad messages in a row; the flood test covers limits

    async def go():
        async with aiohttp.ClientSession() as s:
            ws = await s.ws_connect(live.ws_url)
            for text, code in BAD[:-1]:
                await ws.send_str(text.replace("@CODE@", live.code))
                err = await receive_type(ws, "error")
                assert err["code"] == code, (text[:60], err)
                assert "x" * 20 not in err["message"] and "hack" not in err["message"]
            await ws.send_bytes(b"\x00\x01")
            assert (await receive_type(ws, "error"))["code"] == "bad-frame"
            await ws.send_str('{"type": "<script>alert(1)</script>"}')
            err = await receive_type(ws, "error")
            assert "<script" not in json.dumps(err) and "alert" not in err["message"]
            # joined: votes with unknown decisions, choices and wrong types
            await ws.send_json({"type": "join", "room": live.code})
            await receive_type(ws, "welcome")
            live.workshop.open_vote()
            for decision, choice, what in [(5, 1, "no such decision"), (0, 9, "no choice 9"),
                                           ("0", 1, "whole number"), (0, [1], "whole number"),
                                           (None, None, "whole number"), (0, 1.5, "whole number")]:
                await ws.send_json({"type": "vote", "decision": decision, "choice": choice})
                err = await receive_type(ws, "error")
                assert err["code"] == "bad-vote" and what in err["message"], err
            await ws.send_json({"type": "join", "room": live.code, "token": "someone-elses-token"})
            assert (await receive_type(ws, "error"))["code"] == "already-joined"
            await ws.send_json({"type": "ping"})
            assert (await receive_type(ws, "pong"))["type"] == "pong"  # still open after all that
            # Over the hard limit aiohttp closes with 1009; the server carries on.
            await ws.send_str(BAD[-1][0])
            msg = await ws.receive(timeout=5)
            while msg.type == aiohttp.WSMsgType.TEXT:
                msg = await ws.receive(timeout=5)
            assert msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING)
            assert ws.close_code == aiohttp.WSCloseCode.MESSAGE_TOO_BIG
            ok, _ = await join(s, live)
            await ok.send_json({"type": "vote", "decision": 0, "choice": 1})
            await receive_type(ok, "your_vote")
    run(go())
    assert live.server.running


def test_a_flooding_client_is_limited_then_dropped(live):
    async def go():
        async with aiohttp.ClientSession() as s:
            flood, _ = await join(s, live)
            for _ in range(400):
                await flood.send_str('{"type":"ping"}')
            kinds, codes = [], []
            while True:
                msg = await flood.receive(timeout=5)
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                data = json.loads(msg.data)
                kinds.append(data["type"])
                codes.append(data.get("code"))
            assert "rate-limited" in codes
            assert kinds.count("pong") <= server_mod.BURST + 2
            assert flood.close_code == aiohttp.WSCloseCode.POLICY_VIOLATION
            calm, _ = await join(s, live)  # others are unaffected
            await calm.send_json({"type": "ping"})
            await receive_type(calm, "pong")
    run(go())


def test_cross_site_websocket_is_refused(live):
    async def go():
        async with aiohttp.ClientSession() as s:
            with pytest.raises(aiohttp.WSServerHandshakeError) as e:
                await s.ws_connect(live.ws_url, headers={"Origin": "http://evil.example"})
            assert e.value.status == 403
            ws = await s.ws_connect(live.ws_url, headers={"Origin": live.http})
            await ws.close()
    run(go())


def test_leader_flow_and_private_summaries_at_the_end(live):
    w = live.workshop

    async def go():
        async with aiohttp.ClientSession() as s:
            a, wa = await join(s, live, "Ana")
            b, _ = await join(s, live)
            w.open_vote()
            for ws, n in ((a, 1), (b, 3)):
                await receive_state(ws, lambda st: st["phase"] == OPEN)
                await ws.send_json({"type": "vote", "decision": 0, "choice": n})
                await receive_type(ws, "your_vote")
            w.close_vote()
            with pytest.raises(TieError):
                w.go_on()
            w.show_feedback()
            st = await receive_state(a, lambda st: st["phase"] == "feedback")
            assert st["discussion"] and len(st["feedback"]) == 3
            w.go_on(1)
            st = await receive_state(a, lambda st: st["decision"] == 1)
            assert st["lines"][0]["speaker"] == "you" and st["phase"] == "waiting"
            w.open_vote()
            await a.send_json({"type": "vote", "decision": 1, "choice": 2})
            await receive_type(a, "your_vote")
            w.go_on()
            w.end()
            seen = []  # the phone learns that the room ended (state and summary), not just a closed socket
            while "summary" not in seen:
                msg = await a.receive_json(timeout=5)
                if msg["type"] == "state" and msg["ended"]:
                    seen.append("ended-state")
                elif msg["type"] == "summary":
                    seen.append("summary")
                    sa = msg
            assert "ended-state" in seen or (await receive_state(a, lambda st: st["ended"]))["ended"]
            sb = await receive_type(b, "summary")
            assert sa["voted"] == 2 and sa["nickname"] == "Ana" and sa["method"] == "replay"
            assert sb["voted"] == 1 and sb["critical"] == 1 and sb["choices"][0]["same"] is False
            # Someone reconnecting after the end gets their summary again; strangers are refused.
            again, _ = await join(s, live, token=wa["token"])
            assert (await receive_type(again, "summary"))["voted"] == 2
            late = await s.ws_connect(live.ws_url)
            await late.send_json({"type": "join", "room": live.code})
            assert (await receive_type(late, "error"))["code"] == "refused"
    run(go())
    w.flush()
    assert live.workshop.store.room(live.code).closed_at is not None


def test_one_phone_cannot_make_identity_after_identity(live):
    """Reconnecting without a token makes a new participant; an address has a budget of those."""
    w = live.workshop
    w.open_vote()
    live.server.join_budget = server_mod.JoinBudget(exempt_loopback=False)  # the test's phone is local
    tries = server_mod.JOIN_BURST + 20

    async def go():
        async with aiohttp.ClientSession() as s:
            welcomed, refused, first = 0, [], None
            for _ in range(tries):
                ws = await s.ws_connect(live.ws_url)
                await ws.send_json({"type": "join", "room": live.code})
                while True:
                    data = json.loads((await ws.receive(timeout=5)).data)
                    if data["type"] in ("welcome", "error"):
                        break
                if data["type"] == "welcome":
                    welcomed += 1
                    first = first or data["token"]
                    await ws.send_json({"type": "vote", "decision": 0, "choice": 1})
                    await receive_type(ws, "your_vote")
                else:
                    refused.append(data)
                await ws.close()
            # Someone coming back with their token is never charged, even from a spent address.
            again, welcome = await join(s, live, token=first)
            assert welcome["token"] == first
            await again.close()
            return welcomed, refused
    welcomed, refused = run(go())
    assert welcomed <= server_mod.JOIN_BURST + 1  # +1: the budget refills while the test runs
    assert len(refused) == tries - welcomed and refused[0]["code"] == "refused"
    assert "wait a minute" in refused[0]["message"]
    assert w.room.voted_count() == welcomed and len(w.room.participants) == welcomed


def test_the_join_budget_refills_and_is_per_address():
    now = [0.0]
    budget = server_mod.JoinBudget(burst=3, per_minute=6, clock=lambda: now[0], kept=2)
    assert [budget.take("a") for _ in range(4)] == [True, True, True, False]
    # The leader's own machine, or a proxy every phone comes through, is not counted.
    for local in ("127.0.0.1", "::1", "::ffff:127.0.0.1"):
        assert all(budget.take(local) for _ in range(10))
    lan = server_mod.JoinBudget(burst=1, per_minute=0, clock=lambda: now[0])
    assert lan.take("192.168.1.23") and not lan.take("192.168.1.23") and lan.take("192.168.1.24")
    assert budget.take("b")  # another address has its own
    now[0] += 9.0
    assert not budget.take("a")  # 6 a minute: one every 10 s
    now[0] += 1.0
    assert budget.take("a") and not budget.take("a")
    budget.refund("a")  # a join that created nobody gives its token back
    assert budget.take("a")
    now[0] += 3600
    assert [budget.take("a") for _ in range(4)] == [True, True, True, False]  # never above the burst
    budget.take("c")  # memory stays bounded: full buckets are forgotten first
    assert len(budget._buckets) <= 2
    # One address cannot make dozens of voting identities at once (ballot stuffing); a class
    # that really comes through one address (NAT, guest Wi-Fi) is started with --shared-address.
    assert server_mod.JOIN_BURST <= 12 and server_mod.JOIN_REFILL_PER_MINUTE <= 6
    assert server_mod.SHARED_BURST >= 200
    # IPv6: one device holds a whole /64, so it has one budget for all its addresses.
    v6 = server_mod.JoinBudget(burst=2, per_minute=0, clock=lambda: now[0])
    assert v6.take("2001:db8:1:2::1") and v6.take("2001:db8:1:2::ffff") and not v6.take("2001:db8:1:2:abcd::9")
    assert v6.take("2001:db8:1:3::1")  # another /64 is another device
    # Only the leader's own 127.0.0.1 and ::1 are exempt: other loopback addresses count.
    other = server_mod.JoinBudget(burst=1, per_minute=0, clock=lambda: now[0])
    assert other.take("127.0.0.9") and not other.take("127.0.0.9")
