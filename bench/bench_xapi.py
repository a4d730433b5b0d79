"""xAPI benchmark: sending to a local Ralph LRS, and an LRS outage with a trainee playing.

* ``sync``: statements per second from the outbox to Ralph on loopback, by batch size. Each
  batch size gets a fresh Ralph data file: Ralph's ``fs`` backend reads its whole file on every
  POST (to find statements it already has), so its throughput falls as the file grows; an
  agency's ClickHouse or Elasticsearch backend does not.
* ``outage``: an LRS that is down for a while (connection refused: a proxy in front of Ralph
  that refuses until the outage ends) while a trainee plays the golden scenario again and again
  in a thread through the Recorder, as the window does. Measured: the slowest choice write during
  the outage (play must not wait on the network), the statements that waited, the time to drain
  once the LRS is back, and whether every statement reached Ralph exactly once.
  ``--outage 600`` is the real thing: 10 minutes down, the sender's own back-off (2 s doubling
  to 300 s); it takes ~15 minutes with the drain. A shorter ``--outage`` (default 60 s) stands
  in for it with the back-off bounds scaled by the same factor (60 s: min 0.2 s, max 30 s), so
  the sender makes the same number of tries. At the end every statement is looked for in one
  paged read of Ralph (pages of 5,000), not one query per attempt.

Needs Ralph in ``.venv-ralph`` (see tests/lrs_helpers.py). Run:
``.venv/bin/python bench/bench_xapi.py [--statements 2000] [--outage 60] [--docs]``.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from _common import emit, machine, update_docs  # noqa: E402

from hrtraining.practice.xapi import (AttemptStatements, Link, LrsClient, LrsSettings, Vocabulary,  # noqa: E402
                                      send_outbox)
from hrtraining.progress import Store  # noqa: E402

GOLDEN = HERE.parent / "tests" / "fixtures" / "valid" / "golden.yaml"


def statements_for(settings: LrsSettings, n: int) -> tuple[str, list[dict]]:
    v = Vocabulary(settings)
    reg = str(uuid.uuid4())
    st = AttemptStatements(v, v.person(uuid.uuid4().hex, "x"), reg, scenario_id="bench", scenario_hash="h",
                           scenario_title="Bench", mode="practice", source="game")
    return reg, [st.responded(i, f"n{i % 7}", i % 3, "A reply of ordinary length for a decision.",
                              score={"recognizing_improvement": 2, "avoiding_perfectionism": 1},
                              codes=["affirm", "complex-reflection"], critical=False) for i in range(n)]


def bench_sync(python: Path, n: int, batch: int, work: Path) -> dict:
    from lrs_helpers import Ralph

    ralph = Ralph(python, work / f"ralph-{batch}")
    try:
        settings = ralph.settings(batch=batch)
        reg, statements = statements_for(settings, n)
        with Store.open(work / f"data-{batch}") as store:
            store.start_attempt("Bench", "bench", "h", "Bench", "practice", registration=reg,
                                statements=statements)
            result = send_outbox(store, LrsClient(settings), batch=batch, due_only=False)
        stored = len(ralph.by_registration(reg))
    finally:
        ralph.stop()
    return emit({"bench": "sync", "statements": n, "batch": batch, "seconds": round(result.seconds, 3),
                 "per_second": round(n / result.seconds), "requests": result.batches, "stored": stored,
                 "ok": result.error is None and stored == n})


class Gate:
    """A TCP proxy to Ralph that refuses connections while ``down`` (the LRS unreachable)."""

    def __init__(self, upstream_port: int):
        self.upstream = upstream_port
        self.down = threading.Event()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.listen(64)
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if self.down.is_set():
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                client.close()  # reset: as good as refused for the sender
                continue
            up = socket.create_connection(("127.0.0.1", self.upstream))
            for a, b in ((client, up), (up, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def bench_outage(python: Path, outage: float, work: Path) -> dict:
    from hrtraining.practice import Entry, Recorder, Attempt
    from hrtraining.engine import check_file
    from lrs_helpers import Ralph

    # Ralph answers at most 100 statements a page unless told otherwise; the final check reads
    # every statement once, in pages of 5,000 (see all_ids).
    ralph = Ralph(python, work / "ralph-outage", env={"RALPH_RUNSERVER_MAX_SEARCH_HITS_COUNT": str(PAGE)})
    gate = Gate(ralph.port)
    settings = LrsSettings(url=f"http://127.0.0.1:{gate.port}/xAPI/", key=ralph.key, secret=ralph.secret,
                           home_page="https://agency.example.org")
    scale = outage / 600.0
    store = Store.open(work / "data-outage")
    link = Link(settings, store, send=False)
    from hrtraining.practice.xapi import Sender

    link.sender = Sender(store, link.client, batch=settings.batch, min_delay=max(0.05, 2.0 * scale),
                         max_delay=300.0 * scale).start()
    rec = Recorder(store, "Trainee", xapi=link)
    entry = Entry(check_file(str(GOLDEN)))
    writes: list[float] = []
    registrations: list[str] = []
    stop = threading.Event()

    def trainee() -> None:
        while not stop.is_set():
            a = Attempt.start(entry, "practice", rec, source="game")
            registrations.append(store.attempt(a.attempt_id).registration)
            while not a.finished:
                if a.beat.kind == "choice":
                    t = time.perf_counter()
                    a.choose(0)
                    writes.append(time.perf_counter() - t)
                    time.sleep(0.05)  # a fast trainee: 20 decisions a second
                else:
                    a.advance()
            a.finish()
            a.rate("fair")

    try:
        gate.down.set()
        player = threading.Thread(target=trainee, daemon=True)
        player.start()
        time.sleep(outage)
        stop.set()
        player.join(10)
        during = store.outbox_status()
        with store._read() as conn:  # the ids the LRS must end up with, each exactly once
            made = {r[0] for r in conn.execute("SELECT statement_id FROM xapi_outbox WHERE rejected IS NULL")}
        gate.down.clear()
        back = time.perf_counter()
        while store.outbox_status().waiting and time.perf_counter() - back < 600:
            time.sleep(0.05)
        drain = time.perf_counter() - back
        sent = store.outbox_status().sent
        check = time.perf_counter()
        ids = all_ids(ralph, set(registrations))
        check_s = time.perf_counter() - check
        expected = during.waiting
    finally:
        link.close(2)
        store.close()
        ralph.stop()
    return emit({"bench": "outage", "outage_s": outage,
                 "simulated": "real" if scale >= 1 else "600 s, back-off scaled",
                 "attempts_played": len(registrations), "choices": len(writes),
                 "choice_write_p50_ms": round(sorted(writes)[len(writes) // 2] * 1000, 2),
                 "choice_write_max_ms": round(max(writes) * 1000, 2),
                 "waiting_at_return": expected, "last_error": during.last_error,
                 "drain_s": round(drain, 2), "sent": sent, "in_lrs": len(ids),
                 "distinct_in_lrs": len(set(ids)), "duplicates": len(ids) - len(set(ids)),
                 "missing": len(made - set(ids)), "check_s": round(check_s, 1),
                 "exactly_once": len(ids) == len(set(ids)) == sent == len(made) and set(ids) == made})


PAGE = 5000


def all_ids(ralph: Any, registrations: set[str]) -> list[str]:
    """The ids of every statement of ``registrations`` in Ralph, in one paged read of the whole store.

    Asking once per attempt (``registration=``) made Ralph's fs backend read its whole file per
    attempt: thousands of full reads after a real 10-minute outage, which never finished. One
    paged read (``more`` links, ``PAGE`` statements a page) reads the file once per page.
    """
    return [s["id"] for s in ralph.statements(limit=PAGE)
            if s.get("context", {}).get("registration") in registrations]


def main() -> int:
    from lrs_helpers import ralph_python

    ap = argparse.ArgumentParser()
    ap.add_argument("--statements", type=int, default=2000)
    ap.add_argument("--batches", default="10,50,200")
    ap.add_argument("--outage", type=float, default=60.0)
    ap.add_argument("--docs", action="store_true")
    a = ap.parse_args()
    python = ralph_python()
    if python is None:
        print(json.dumps({"bench": "xapi", "error": "Ralph is not installed in .venv-ralph"}))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        syncs = [bench_sync(python, a.statements, int(b), work) for b in a.batches.split(",")]
        out = bench_outage(python, a.outage, work)
    if a.docs:
        md = [f"Machine: {machine()}. Run: `python bench/bench_xapi.py --outage {a.outage:g} --docs` "
              f"({time.strftime('%Y-%m-%d')}); "
              "Ralph 5.1.0, fs backend, on loopback.", "",
              "Sync throughput (outbox → Ralph; a fresh Ralph file per row):", "",
              "| statements | batch | requests | seconds | statements/s | all stored |", "|---|---|---|---|---|---|"]
        md += [f"| {r['statements']:,} | {r['batch']} | {r['requests']} | {r['seconds']} | {r['per_second']:,} | "
               f"{'yes' if r['ok'] else 'no'} |" for r in syncs]
        kind = ("a real 10-minute outage (the sender's own back-off: 2 s doubling to 5 minutes)"
                if out["simulated"] == "real" else
                f"an outage of {out['outage_s']:g} s real time standing in for 10 minutes (the sender's "
                "back-off bounds scaled by the same factor)")
        md += ["", f"LRS down for {kind}, a trainee playing throughout (`--outage {out['outage_s']:g}`):", "",
               "| attempts played | choices | choice write p50 / max (ms) | statements made (waiting at return) | "
               "drain after return (s) | in the LRS (distinct) | duplicates | missing | exactly once |",
               "|---|---|---|---|---|---|---|---|---|",
               f"| {out['attempts_played']:,} | {out['choices']:,} | {out['choice_write_p50_ms']} / "
               f"{out['choice_write_max_ms']} | {out['waiting_at_return']:,} | {out['drain_s']} | "
               f"{out['in_lrs']:,} ({out['distinct_in_lrs']:,}) | {out['duplicates']} | {out['missing']} | "
               f"{'yes' if out['exactly_once'] else 'NO'} |"]
        update_docs("xapi", "\n".join(md))
    return 0 if all(r["ok"] for r in syncs) and out["exactly_once"] else 1


if __name__ == "__main__":
    sys.exit(main())
