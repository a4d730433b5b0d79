"""Sending the outbox against a scripted LRS: every fault gets a clear message, play never waits,
nothing recorded is lost, and the credentials never appear in any text."""
from __future__ import annotations

import logging
import threading
import time
import types
import uuid

import pytest

from hrtraining.practice.xapi import LrsClient, Sender, send_outbox
from hrtraining.progress import Store

from lrs_helpers import FakeLrs

SECRETS = ("key-7f3a", "s3cret-9b2c", "a2V5LTdmM2E6czNjcmV0LTliMmM=")  # key, secret, their Basic token


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def fake():
    lrs = FakeLrs()
    yield lrs
    lrs.stop()


def fill(store, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    store.start_attempt("Ana", "ray", "h1", "Ray", "practice",
                        statements=[{"id": i, "verb": {"id": "http://adlnet.gov/expapi/verbs/responded"}} for i in ids])
    return ids


def no_secrets(*texts: str) -> None:
    for text in texts:
        for s in SECRETS:
            assert s not in text


def test_a_batch_is_sent_and_removed(store, fake):
    ids = fill(store, 7)
    result = send_outbox(store, LrsClient(fake.settings()), batch=3)
    assert (result.sent, result.batches, result.error) == (7, 3, None)
    assert list(fake.stored) == ids and fake.batches == [3, 3, 1]       # oldest first
    assert store.outbox_status().waiting == 0 and store.outbox_status().sent == 7
    assert fake.seen_auth[0] == "Basic " + SECRETS[2]


@pytest.mark.parametrize("status,kind,words", [
    (401, "auth", "refused the key and secret (401)"),
    (403, "forbidden", "may not write statements (403)"),
    (503, "server", "answered 503"),
    (500, "server", "answered 500"),
    (404, "not-lrs", "not an LRS"),
    (302, "not-lrs", "redirects (302)"),
])
def test_an_lrs_that_refuses_keeps_everything_waiting(store, status, kind, words, caplog):
    caplog.set_level(logging.DEBUG)
    fake = FakeLrs(lambda m, p, s: (status, {"Content-Type": "application/json", "Location": "https://x.example/"},
                                    b'{"detail": "key-7f3a is not allowed"}'))
    try:
        fill(store, 4)
        result = send_outbox(store, LrsClient(fake.settings()), batch=10, retry_in=60)
    finally:
        fake.stop()
    assert result.error.kind == kind and words in result.error.message and result.error.retry
    status_ = store.outbox_status()
    assert status_.waiting == 4 and status_.last_error == result.error.message and status_.next_try_at
    assert send_outbox(store, LrsClient(fake.settings()), batch=10).batches == 0    # backing off: not due yet
    no_secrets(result.error.message, caplog.text)


def test_a_web_page_is_not_an_lrs(store):
    fake = FakeLrs(lambda m, p, s: (200, {"Content-Type": "text/html"}, b"<!doctype html><h1>Welcome</h1>"))
    try:
        fill(store, 2)
        result = send_outbox(store, LrsClient(fake.settings()), batch=10)
    finally:
        fake.stop()
    assert result.error.kind == "not-lrs" and "a web page" in result.error.message
    assert store.outbox_status().waiting == 2


def test_nobody_listening_and_a_tls_mismatch(store, fake):
    fill(store, 2)
    port = fake.port
    fake.stop()                                                     # nothing listens there now
    result = send_outbox(store, LrsClient(fake.settings()), batch=10)
    assert result.error.kind == "network" and "refused the connection" in result.error.message
    again = FakeLrs()
    try:                                                            # https:// to a plain-HTTP server
        result = send_outbox(store, LrsClient(again.settings(url=f"https://127.0.0.1:{again.port}/xAPI/")),
                             batch=10, due_only=False)
    finally:
        again.stop()
    assert result.error.kind == "tls" and "TLS failure" in result.error.message
    assert store.outbox_status().waiting == 2 and port


def test_a_slow_lrs_times_out_and_play_does_not_wait(tmp_path):
    """The sender is stuck on an LRS that never answers in time; choices are written meanwhile
    at the usual speed, and the statements wait."""
    from hrtraining.practice import Recorder
    from hrtraining.practice.xapi import Link

    release = threading.Event()
    slow = FakeLrs(lambda m, p, s: (release.wait(5), (200, {"Content-Type": "application/json"}, b"[]"))[1])
    store = Store.open(tmp_path / "data")
    link = Link(slow.settings(), store)
    link.client.timeout = 0.5
    link.sender.client = link.client
    link.sender.start()
    try:
        fill(store, 3)
        link.poke()
        time.sleep(0.1)                                 # the sender is now waiting on the LRS
        assert link.sender.busy
        rec = Recorder(store, "Ana", xapi=link)
        sc = types.SimpleNamespace(id="ray", content_hash="h1", title="Ray", summary="", nodes={})
        rec.track(1, link.for_person("Ana", str(uuid.uuid4()), sc, "practice", "game"), sc)
        started = time.perf_counter()
        for _ in range(20):
            rec.self_rating(1, "fair")                   # a write with a statement each time
        assert (time.perf_counter() - started) / 20 < 0.05
        deadline = time.monotonic() + 5
        while store.outbox_status().last_error is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "did not answer within 0.5 s" in store.outbox_status().last_error
        assert store.outbox_status().waiting == 23
    finally:
        release.set()
        link.close(2)
        slow.stop()
        store.close()


def test_413_splits_the_batch_and_shrinks_it(store):
    fake = FakeLrs()
    fake.respond = lambda m, p, s: (413, {}, b"") if m == "POST" and len(s) > 3 else FakeLrs.accept(fake, m, p, s)
    try:
        ids = fill(store, 10)
        result = send_outbox(store, LrsClient(fake.settings()), batch=10)
    finally:
        fake.stop()
    assert result.error is None and result.sent == 10 and sorted(fake.stored) == sorted(ids)
    assert result.batch_size <= 3


def test_one_refused_statement_is_kept_aside_the_rest_go(store):
    fake = FakeLrs()
    ids = fill(store, 8)
    bad = ids[5]
    fake.respond = lambda m, p, s: (400, {"Content-Type": "application/json"}, b'{"detail": "invalid verb"}') \
        if any(x["id"] == bad for x in s or []) else FakeLrs.accept(fake, m, p, s)
    try:
        result = send_outbox(store, LrsClient(fake.settings()), batch=8)
    finally:
        fake.stop()
    assert (result.sent, result.rejected, result.error) == (7, 1, None)
    assert bad not in fake.stored and len(fake.stored) == 7
    assert store.outbox_rejected() == [(bad, "The LRS refused a statement (400): invalid verb.")]
    assert store.outbox_status().waiting == 0


def test_the_sender_backs_off_and_delivers_everything_once_when_the_lrs_returns(store):
    down = threading.Event()
    down.set()
    fake = FakeLrs()
    fake.respond = lambda m, p, s: (503, {}, b"") if down.is_set() else FakeLrs.accept(fake, m, p, s)
    sender = Sender(store, LrsClient(fake.settings()), batch=5, min_delay=0.05, max_delay=0.2).start()
    try:
        ids = fill(store, 12)
        sender.poke()
        time.sleep(0.5)
        assert sender.delay > 0 and store.outbox_status().waiting == 12 and fake.requests >= 2
        ids += fill(store, 3)                           # played meanwhile
        down.clear()
        deadline = time.monotonic() + 5
        while store.outbox_status().waiting and time.monotonic() < deadline:
            time.sleep(0.02)
        assert sorted(fake.stored) == sorted(ids) and store.outbox_status().sent == 15
        assert store.outbox_status().last_error is None
    finally:
        assert sender.close(2)
        fake.stop()


def test_the_settings_file_is_private_and_no_text_shows_the_secret(tmp_path, monkeypatch, capsys, cli):
    import os
    import stat

    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    from hrtraining.cli import build_parser
    from hrtraining.cli._lrs import cmd_set

    args = build_parser().parse_args(["lrs", "set", "http://127.0.0.1:9/xAPI/", "--key", "key-7f3a"])
    assert cmd_set(args, read_secret=lambda: "s3cret-9b2c") == 0
    path = tmp_path / "config" / "lrs.json"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    out = capsys.readouterr().out
    code, status_out, status_err = cli("lrs", "status")
    code2, sync_out, sync_err = cli("lrs", "sync")
    code3, test_out, test_err = cli("lrs", "test")
    assert code3 == 1 and "refused the connection" in test_err
    code4, export_out, _ = cli("export", "--format", "xapi")
    from hrtraining.practice.xapi import load_settings

    settings = load_settings()
    no_secrets(out, status_out, status_err, sync_out, sync_err, test_out, test_err, export_out, repr(settings))


def test_closing_waits_only_a_moment_for_a_batch_in_flight(tmp_path):
    from hrtraining.practice import Recorder
    from hrtraining.practice.xapi import Link

    release = threading.Event()
    slow = FakeLrs(lambda m, p, s: (release.wait(10), (200, {"Content-Type": "application/json"}, b"[]"))[1])
    store = Store.open(tmp_path / "data")
    link = Link(slow.settings(), store)
    link.sender.start()
    try:
        fill(store, 3)
        link.poke()
        deadline = time.monotonic() + 5
        while not link.sender.busy and time.monotonic() < deadline:
            time.sleep(0.01)
        rec = Recorder(store, "Ana", xapi=link)
        started = time.perf_counter()
        rec.close(wait=0.3)                             # the game quitting: the LRS has not answered
        assert time.perf_counter() - started < 1.0
        assert rec.store is None
    finally:
        release.set()
        slow.stop()
    with Store.open(tmp_path / "data") as again:         # the batch is still there for next time
        assert again.outbox_status().waiting == 3


def test_lrs_test_checks_the_version_header(monkeypatch, cli):
    json_type = {"Content-Type": "application/json"}

    def bare_answer(m, p, s):   # an LRS without the version header: /about and statements answer
        return 200, json_type, (b'{"version": ["1.0.3"]}' if p.endswith("/about") else b'{"statements": []}')

    def no_about(m, p, s):      # as Ralph 5.1: no /about; statements carry the header here
        if p.endswith("/about"):
            return 404, json_type, b'{"detail": "Not Found"}'
        return 200, {**json_type, "X-Experience-API-Version": "1.0.3"}, b'{"statements": [], "more": ""}'

    def nothing(m, p, s):       # not an LRS at all
        return 404, json_type, b'{"detail": "Not Found"}'

    def locked(status):         # /about missing, statements refuse the credentials
        return lambda m, p, s: (404, json_type, b"{}") if p.endswith("/about") else (status, json_type, b"{}")

    fakes = {"ok": FakeLrs(), "bare": FakeLrs(bare_answer), "no_about": FakeLrs(no_about),
             "nothing": FakeLrs(nothing), "401": FakeLrs(locked(401)), "403": FakeLrs(locked(403))}
    try:
        for name, value in (("HRTRAINING_LRS_URL", fakes["ok"].url), ("HRTRAINING_LRS_KEY", "key-7f3a"),
                            ("HRTRAINING_LRS_SECRET", "s3cret-9b2c")):
            monkeypatch.setenv(name, value)
        code, out, err = cli("lrs", "test")
        assert code == 0 and "Reachable: xAPI 1.0.3" in out and "Credentials accepted" in out
        assert err == ""
        seen = [(out, err)]
        monkeypatch.setenv("HRTRAINING_LRS_URL", fakes["bare"].url)
        code, out, err = cli("lrs", "test")     # a missing header is a warning, not a failure
        assert code == 0 and "warning" in err and "no X-Experience-API-Version header" in err
        assert "Credentials accepted" in out
        seen.append((out, err))
        monkeypatch.setenv("HRTRAINING_LRS_URL", fakes["no_about"].url)
        code, out, err = cli("lrs", "test")
        assert code == 0 and "Reachable: xAPI 1.0.3" in out and err == ""
        seen.append((out, err))
        monkeypatch.setenv("HRTRAINING_LRS_URL", fakes["nothing"].url)
        code, out, err = cli("lrs", "test")
        assert code == 1 and "not an LRS" in err
        seen.append((out, err))
        monkeypatch.setenv("HRTRAINING_LRS_URL", fakes["401"].url)
        code, out, err = cli("lrs", "test")
        assert code == 1 and "refused the key and secret (401)" in err and "not an LRS" not in err
        seen.append((out, err))
        monkeypatch.setenv("HRTRAINING_LRS_URL", fakes["403"].url)
        code, out, err = cli("lrs", "test")
        assert code == 0 and "may not read statements" in out
        seen.append((out, err))
        no_secrets(*(t for pair in seen for t in pair))
    finally:
        for fake in fakes.values():
            fake.stop()


def test_a_full_outbox_is_said_plainly():
    from hrtraining.practice.xapi import summary_line
    from hrtraining.progress import OutboxStatus

    full = OutboxStatus(waiting=5, rejected=0, dropped=2, sent=0, limit=5, last_error=None, last_error_at=None,
                        last_sent_at=None, next_try_at=None, oldest_at=None)
    assert summary_line(full).startswith("LRS: the outbox is full (5 results waiting); newer results are not")
