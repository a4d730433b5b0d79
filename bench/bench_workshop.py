"""Workshop load benchmark: many phones voting at once on loopback.

``python bench/bench_workshop.py [--participants 500] [--docs]``

Two processes, as in a real room where the phones are other machines:

* the **leader** (this process): the workshop server in its background thread
  with its own event loop, exactly as the game runs it, a real progress store in
  a temporary folder, and a "projector" thread that — like the game loop —
  wakes on the server's change notification and reads the room's snapshot;
* the **phones**: one child process running N aiohttp WebSocket clients on one
  event loop.

Both use ``time.perf_counter`` (CLOCK_MONOTONIC on Linux, shared by processes).
For each round the leader opens the vote; every phone waits until it sees the
vote open, then votes once at a random moment within the round's window
(0 s = all at once). Measured:

* **lost votes** — phones whose vote is missing from the room or from the
  store after the round (goal 0);
* **vote → projector** — for the k-th vote sent, the time until the projector
  thread first read a snapshot counting at least k votes (counts only grow
  during a round, so this is the latency of "N have voted" on the wall; goal
  p95 ≤ 50 ms);
* **phase fan-out** — from the leader opening the vote to each phone having
  the new state.

With ``--idle N --slow M`` (default 2000 and 200) a third process plays a hostile
laptop while the room votes: N WebSockets that never join and M sockets that send
their request head a byte at a time, each from one of several loopback addresses
(127.0.1.x, 127.0.2.x; Linux routes all of 127/8 to the loopback), reconnecting
whenever the server closes them, so that many stay open all along. The phones come
from addresses of their own (127.0.3.x–127.0.4.x, two per address, as phones on a
Wi-Fi each have one). Measured besides: whether every phone joined, and how many
hostile sockets were open when the votes were cast.

``--door SECONDS`` runs the hostile laptop alone (no phones) and reports the server thread's
processor time over that long: what its reconnections cost once the door's cool-downs (see
``hrtraining/workshop/_guard.py``) have come round, which the vote rounds end before.

Everything is bounded: a fixed number of phones and rounds, per-step timeouts
and an overall deadline; the script stops by itself and prints JSON lines.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._common import emit as emit_result, machine, percentile, update_docs  # noqa: E402

DEADLINE = 240.0  # seconds for the whole benchmark, whatever happens
STEP_TIMEOUT = 60.0


def emit(**fields) -> dict:
    """The runner's JSON line (bench._common.emit), written with keywords."""
    return emit_result(fields)


def pin(cpu: int) -> None:
    """Keep this process on one processor (Linux), so that the phones and the hostile laptop,
    which in a real room are other machines, do not take the leader's processor from it."""
    try:
        cpus = sorted(os.sched_getaffinity(0))
        if len(cpus) > 1:
            os.sched_setaffinity(0, {cpus[cpu % len(cpus)]})
    except (AttributeError, OSError):
        pass


def _raise_fd_limit(n: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = min(hard, max(soft, 2 * n + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


# -- the phones (child process) ------------------------------------------------------------------

def phone_address(i: int) -> str:
    """Phone ``i``'s own loopback address: two phones per address, from 127.0.3.1 on."""
    k = i // 2
    return f"127.0.{3 + k // 250}.{1 + k % 250}"


def phones_main(conn, port: int, code: str, n: int, seed: int, pinned: bool = False) -> None:
    """Entry of the phones' process: obeys ``conn`` (a Pipe) round by round."""
    _raise_fd_limit(n)
    if pinned:
        pin(1)
    try:
        asyncio.run(_phones(conn, port, code, n, seed))
    except Exception as e:  # report, never hang the leader
        conn.send({"error": f"{e.__class__.__name__}: {e}"})


async def _phones(conn, port: int, code: str, n: int, seed: int) -> None:
    import aiohttp

    rng = random.Random(seed)
    seen_open: dict[int, dict[int, float]] = {}   # decision -> phone -> when it saw the vote open
    saved: dict[int, asyncio.Event] = {}
    tokens: dict[int, str] = {}
    errors = [0]

    async def read(i: int, ws) -> None:
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            data = json.loads(msg.data)
            kind = data.get("type")
            if kind == "state" and data["phase"] == "open":
                seen_open.setdefault(data["decision"], {}).setdefault(i, time.perf_counter())
            elif kind == "your_vote" and data.get("saved"):
                saved[i].set()
            elif kind == "welcome":
                tokens[i] = data["token"]
            elif kind == "error":
                errors[0] += 1

    loop = asyncio.get_running_loop()

    async def ask() -> dict:
        return await loop.run_in_executor(None, conn.recv)

    sessions: dict[str, aiohttp.ClientSession] = {}

    def session_for(i: int) -> aiohttp.ClientSession:
        addr = phone_address(i)
        if addr not in sessions:
            sessions[addr] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, local_addr=(addr, 0)))
        return sessions[addr]

    try:
        sem = asyncio.Semaphore(100)  # joins in waves, like a room scanning a QR code
        sockets = [None] * n
        readers = []

        async def join(i: int) -> None:
            async with sem:
                ws = await session_for(i).ws_connect(f"http://127.0.0.1:{port}/ws", heartbeat=None)
                sockets[i] = ws
                saved[i] = asyncio.Event()
                readers.append(asyncio.ensure_future(read(i, ws)))
                await ws.send_json({"type": "join", "room": code, "nickname": f"p{i}" if i % 3 == 0 else None})
        t = time.perf_counter()
        await asyncio.gather(*(join(i) for i in range(n)))
        while len(tokens) < n and time.perf_counter() - t < STEP_TIMEOUT:
            await asyncio.sleep(0.01)
        conn.send({"joined": len(tokens), "seconds": time.perf_counter() - t, "tokens": tokens})
        while True:
            cmd = await ask()
            if cmd.get("stop"):
                break
            seq, options, window = cmd["decision"], cmd["options"], cmd["window"]
            end = time.perf_counter() + STEP_TIMEOUT
            while len(seen_open.get(seq, {})) < n and time.perf_counter() < end:
                await asyncio.sleep(0.002)
            for ev in saved.values():
                ev.clear()
            choices = {i: rng.randint(1, options) for i in range(n)}
            sent: dict[int, float] = {}

            async def cast(i: int, delay: float) -> None:
                await asyncio.sleep(delay)
                sent[i] = time.perf_counter()
                await sockets[i].send_str(json.dumps({"type": "vote", "decision": seq, "choice": choices[i]}))
            await asyncio.gather(*(cast(i, rng.uniform(0, window)) for i in range(n)))
            try:
                await asyncio.wait_for(asyncio.gather(*(saved[i].wait() for i in range(n))), STEP_TIMEOUT)
            except asyncio.TimeoutError:
                pass
            conn.send({"sent": sent, "choices": choices, "opened_seen": seen_open.get(seq, {}),
                       "acked": sum(ev.is_set() for ev in saved.values()), "errors": errors[0]})
        for ws in sockets:
            await ws.close()
        for r in readers:
            r.cancel()
    finally:
        for s in sessions.values():
            await s.close()


# -- the hostile laptop (a third process) --------------------------------------------------------

def attackers_main(conn, port: int, idle: int, slow: int, pinned: bool = False) -> None:
    """Keep ``idle`` unjoined WebSockets and ``slow`` slow-header sockets open until told to stop."""
    _raise_fd_limit(idle + slow)
    if pinned:
        pin(1)
    try:
        asyncio.run(_attackers(conn, port, idle, slow))
    except Exception as e:
        conn.send({"error": f"{e.__class__.__name__}: {e}"})


async def _attackers(conn, port: int, idle: int, slow: int) -> None:
    open_now = {"idle": 0, "slow": 0}
    counts = {"idle_connects": 0, "slow_connects": 0, "refused": 0}
    stop = asyncio.Event()
    upgrade = (f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode()

    async def hold(kind: str, source: str) -> None:
        while not stop.is_set():
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
            except OSError:
                counts["refused"] += 1
                await asyncio.sleep(0.5)
                continue
            counts[kind + "_connects"] += 1
            open_now[kind] += 1
            try:
                if kind == "idle":
                    writer.write(upgrade)          # a WebSocket that never says a word
                    await writer.drain()
                    while await reader.read(4096):
                        pass
                else:
                    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head, never finished
                    await writer.drain()
                    while not stop.is_set():
                        done = asyncio.ensure_future(reader.read(1))
                        await asyncio.wait([done], timeout=2.0)
                        if done.done():
                            if not done.result():
                                break
                        else:
                            done.cancel()
                            writer.write(b"X")  # one more byte every 2 s
                            await writer.drain()
            except (OSError, asyncio.CancelledError):
                pass
            finally:
                open_now[kind] -= 1
                writer.close()
            await asyncio.sleep(0.05)

    tasks = [asyncio.ensure_future(hold("idle", f"127.0.1.{1 + i % 60}")) for i in range(idle)]
    tasks += [asyncio.ensure_future(hold("slow", f"127.0.2.{1 + i % 20}")) for i in range(slow)]
    loop = asyncio.get_running_loop()
    while True:
        cmd = await loop.run_in_executor(None, conn.recv)
        if cmd.get("stop"):
            break
        conn.send({**open_now, **counts})
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    conn.send({**open_now, **counts})


# -- the leader (this process) ---------------------------------------------------------------------

class Projector(threading.Thread):
    """Stands in for the game loop: wakes on change, reads the snapshot, notes when the count grows."""

    def __init__(self, workshop):
        super().__init__(daemon=True, name="projector")
        self.workshop = workshop
        self.wake = threading.Event()
        self.stop = False
        self.seen: list[tuple[float, int]] = []
        workshop.add_listener(lambda kind: self.wake.set())

    def run(self) -> None:
        last = -1
        while not self.stop:
            self.wake.wait(0.5)
            self.wake.clear()
            v = self.workshop.snapshot
            if v.voted != last:
                last = v.voted
                self.seen.append((time.perf_counter(), v.voted))


def latencies(sends: list[float], seen: list[tuple[float, int]]) -> list[float]:
    """k-th vote sent -> first projector read counting >= k votes."""
    out, j = [], 0
    for k, t_send in enumerate(sorted(sends), 1):
        while j < len(seen) and seen[j][1] < k:
            j += 1
        if j < len(seen):
            out.append(max(0.0, seen[j][0] - t_send))
    return out


def ms(prefix: str, values: list[float]) -> dict:
    """Flat ``{prefix}_p50_ms``, ``_p95_ms``, ``_max_ms`` fields (one table column each)."""
    if not values:
        return {f"{prefix}_p95_ms": None}
    return {f"{prefix}_p50_ms": round(1000 * percentile(values, 50), 2),
            f"{prefix}_p95_ms": round(1000 * percentile(values, 95), 2),
            f"{prefix}_max_ms": round(1000 * max(values), 2)}


def run_bench(args: argparse.Namespace) -> list[dict]:
    from hrtraining.engine import PROJECT_ROOT, find_rubric, load_rubric, load_scenario
    from hrtraining.progress import Store, token_hash
    from hrtraining.workshop import Workshop, WorkshopServer

    path = PROJECT_ROOT / "scenarios" / "bar-fights.yaml"
    rubric = load_rubric(find_rubric(path))
    scenario = load_scenario(path, rubric)
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="hrtraining-bench-") as tmp, Store.open(tmp) as store:
        workshop = Workshop.create(scenario, rubric, store, "Bench")
        workshop.begin()  # past the content notes
        server = WorkshopServer(workshop, "127.0.0.1", 0).start()
        projector = Projector(workshop)
        projector.start()
        ctx = mp.get_context("spawn")  # never fork a process that runs threads
        hostile = None
        if args.idle or args.slow:
            bad_here, bad_there = ctx.Pipe()
            hostile = ctx.Process(target=attackers_main,
                                  args=(bad_there, server.port, args.idle, args.slow, args.pin), daemon=True)
            hostile.start()
            deadline = time.perf_counter() + 60
            while time.perf_counter() < deadline:  # until (nearly) all hostile sockets are open
                bad_here.send({})
                st = bad_here.recv()
                if st["idle"] >= 0.95 * args.idle and st["slow"] >= 0.95 * args.slow:
                    break
                time.sleep(0.5)
            results.append(emit(bench="workshop_hostile_open", **st))
        here, there = ctx.Pipe()
        child = ctx.Process(target=phones_main, args=(there, server.port, workshop.room.code, args.participants,
                                                      args.seed, args.pin), daemon=True)
        child.start()
        try:
            def reply() -> dict:
                if not here.poll(STEP_TIMEOUT + 30):
                    raise TimeoutError("the phones' process stopped answering")
                msg = here.recv()
                if "error" in msg:
                    raise RuntimeError(f"phones' process: {msg['error']}")
                return msg
            joined = reply()
            tokens = joined["tokens"]
            results.append(emit(bench="workshop_join", participants=workshop.snapshot.participants,
                                joined=joined["joined"], wanted=args.participants,
                                seconds=round(joined["seconds"], 3)))
            for window in args.windows:
                seq, n_opts = workshop.snapshot.seq, len(workshop.snapshot.options)
                projector.seen = []
                here.send({"decision": seq, "options": n_opts, "window": window})
                opened = time.perf_counter()
                workshop.open_vote()
                r = reply()
                hostile_now = {}
                if hostile is not None:
                    bad_here.send({})
                    hostile_now = bad_here.recv()
                time.sleep(0.2)  # the projector's last look
                workshop.flush(30)
                room = workshop.room
                step = room.steps[seq]
                stored = {v.participant: v.choice_index for v in store.room_votes(room.code) if v.decision_seq == seq}
                choices = {int(i): c for i, c in r["choices"].items()}
                # The room and the store know each phone by its token's hash.
                keys = {i: token_hash(t) for i, t in ((int(i), t) for i, t in tokens.items())}
                lost_room = sum(1 for i, c in choices.items() if room.vote_of(keys[i], seq) != c)
                lost_store = sum(1 for i, c in choices.items() if step.number_of(stored.get(keys[i], -1)) != c)
                fan = [t - opened for t in r["opened_seen"].values()]
                lat = latencies(list(r["sent"].values()), projector.seen)
                results.append(emit(
                    bench="workshop_vote", participants=args.participants, window_s=window, votes=len(choices),
                    acked=r["acked"], errors=r["errors"], lost_in_room=lost_room, lost_in_store=lost_store,
                    lost=max(lost_room, lost_store), projector_updates=len(projector.seen),
                    hostile_idle_open=hostile_now.get("idle"), hostile_slow_open=hostile_now.get("slow"),
                    **ms("vote_to_projector", lat), **ms("phase_fanout", fan)))
                workshop.reveal()
                workshop.go_on(room.majority()[0] or 1)
            here.send({"stop": True})
            child.join(30)
            if hostile is not None:
                bad_here.send({"stop": True})
                final = bad_here.recv() if bad_here.poll(30) else {}
                results.append(emit(bench="workshop_hostile_total", **final,
                                    refused_at_door=dict(server.gate.refused), held_at_door=server.gate.holds,
                                    unjoined_closed=server.unjoined_closed, cap=server.gate.cap))
                hostile.join(30)
        finally:
            if child.is_alive():
                child.terminate()
                child.join(5)
            if hostile is not None and hostile.is_alive():
                hostile.terminate()
                hostile.join(5)
            projector.stop = True
            projector.wake.set()
            server.stop()
            workshop.close()
    return results


def thread_cpu_seconds(name: str) -> float | None:
    """Processor time (user + system) used so far by this process's thread called ``name`` (Linux)."""
    thread = next((t for t in threading.enumerate() if t.name == name), None)
    if thread is None or thread.native_id is None:
        return None
    try:
        with open(f"/proc/self/task/{thread.native_id}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_door(args: argparse.Namespace) -> list[dict]:
    """No phones: the server thread's processor time while the hostile laptop is held off for
    ``args.door`` seconds. The vote rounds are over before the first cool-downs end, so this is
    what its reconnections cost in the long run."""
    from hrtraining.engine import PROJECT_ROOT, find_rubric, load_rubric, load_scenario
    from hrtraining.workshop import Workshop, WorkshopServer

    path = PROJECT_ROOT / "scenarios" / "bar-fights.yaml"
    rubric = load_rubric(find_rubric(path))
    scenario = load_scenario(path, rubric)
    workshop = Workshop.create(scenario, rubric, None, "Bench")
    server = WorkshopServer(workshop, "127.0.0.1", 0).start()
    here, there = mp.get_context("spawn").Pipe()
    hostile = mp.get_context("spawn").Process(target=attackers_main,
                                              args=(there, server.port, args.idle, args.slow, args.pin), daemon=True)
    hostile.start()
    try:
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            here.send({})
            st = here.recv()
            if st["idle"] >= 0.95 * args.idle and st["slow"] >= 0.95 * args.slow:
                break
            time.sleep(0.5)
        cpu0, t0 = thread_cpu_seconds("workshop-server"), time.perf_counter()
        time.sleep(args.door)
        cpu1, t1 = thread_cpu_seconds("workshop-server"), time.perf_counter()
        here.send({})
        st = here.recv()
        percent = None if cpu0 is None or cpu1 is None else round(100 * (cpu1 - cpu0) / (t1 - t0), 1)
        result = emit(bench="workshop_door", seconds=round(t1 - t0, 1), server_thread_cpu_percent=percent,
                      unjoined_closed=server.unjoined_closed, held_at_door=server.gate.holds,
                      refused_at_door=dict(server.gate.refused), hostile_idle_open=st["idle"],
                      hostile_slow_open=st["slow"], idle_connects=st["idle_connects"],
                      slow_connects=st["slow_connects"])
        here.send({"stop": True})
        if here.poll(30):
            here.recv()
        hostile.join(30)
    finally:
        if hostile.is_alive():
            hostile.terminate()
            hostile.join(5)
        server.stop()
        workshop.close()
    return [result]


def to_markdown(results: list[dict], participants: int, hostile: bool) -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    title = (f"### Workshop: {participants} phones on loopback, with a hostile laptop" if hostile
             else f"### Workshop: {participants} phones on loopback")
    lines = [title, "",
             f"Machine: {machine()}; load average at the end {load} (other jobs share the machine). The "
             "leader's process runs the server thread, the store's writer and the projector's reader; the "
             "phones run in a second process" + (", the hostile laptop in a third" if hostile else "")
             + ". `python bench/bench_workshop.py" + ("" if hostile else " --idle 0 --slow 0") + " --docs`.", "",
             "| votes sent over | lost | acked | vote → projector p50 / p95 / max (ms) | phase fan-out p95 (ms) |"
             + (" hostile sockets open (idle / slow) |" if hostile else ""),
             "| --- | --- | --- | --- | --- |" + (" --- |" if hostile else "")]
    for r in results:
        if r["bench"] != "workshop_vote":
            continue
        g = r.get
        when = "all at once" if r["window_s"] == 0 else f"{r['window_s']:g} s"
        row = (f"| {when} | {r['lost']} | {r['acked']}/{r['votes']} | {g('vote_to_projector_p50_ms')} / "
               f"{g('vote_to_projector_p95_ms')} / {g('vote_to_projector_max_ms')} | {g('phase_fanout_p95_ms')} |")
        if hostile:
            row += f" {g('hostile_idle_open')} / {g('hostile_slow_open')} |"
        lines.append(row)
    join = next((r for r in results if r["bench"] == "workshop_join"), None)
    if join:
        lines += ["", f"{join['joined']} of {join['wanted']} phones joined, in {join['seconds']} s. Goals: every "
                      "phone joins; 0 lost votes; p95 from vote to the count on the projector ≤ 50 ms."]
    total = next((r for r in results if r["bench"] == "workshop_hostile_total"), None)
    if total:
        lines += [f"The hostile laptop opened {total['idle_connects']} idle WebSockets and {total['slow_connects']} "
                  f"slow-header sockets in all (reconnecting as the server cut them); the server cut "
                  f"{total['unjoined_closed']} sockets that never joined; held at the door (their address "
                  f"cooling down after a cut): {total.get('held_at_door', 0)}; refused at the door: "
                  f"{total['refused_at_door'] or 'none'}; connection cap {total['cap']}."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--participants", type=int, default=500)
    p.add_argument("--windows", type=float, nargs="+", default=[10.0, 3.0, 1.0, 0.0],
                   help="seconds over which each round's votes are spread (0: all at once)")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--pin", action="store_true",
                   help="give the leader's process a processor of its own (the phones and the hostile laptop "
                        "get the other): closer to a room of separate machines on an idle computer, worse on a "
                        "busy one, where other jobs may crowd that processor")
    p.add_argument("--idle", type=int, default=2000, help="hostile WebSockets that never join (0: none)")
    p.add_argument("--slow", type=int, default=200, help="hostile sockets sending their headers slowly (0: none)")
    p.add_argument("--door", type=float, default=0, metavar="SECONDS",
                   help="no phones: the server thread's processor time while the hostile laptop is held off "
                        "for SECONDS (its cost in the long run, after the cool-downs have come round)")
    p.add_argument("--docs", action="store_true", help="write the results into docs/benchmarks.md")
    args = p.parse_args(argv)
    if args.door:
        if not 0 < args.door <= 180 or not (args.idle or args.slow) or args.docs:
            p.error("--door: 1 to 180 seconds, with a hostile laptop, without --docs")
        _raise_fd_limit(args.idle + args.slow)
        emit(bench="workshop_machine", machine=machine())
        run_door(args)
        return 0
    if not 1 <= args.participants <= 2000:
        p.error("--participants must be 1 to 2000")
    if len(args.windows) > 8 or any(not 0 <= w <= 60 for w in args.windows):
        p.error("--windows: at most 8 rounds of 0 to 60 seconds")
    _raise_fd_limit(args.participants + args.idle + args.slow)
    if args.pin:
        pin(0)  # the leader's laptop: one processor of its own (its threads share it, as on a laptop)
    emit(bench="workshop_machine", machine=machine())
    box: list = []
    worker = threading.Thread(target=lambda: box.append(run_bench(args)), daemon=True)
    worker.start()
    worker.join(DEADLINE)
    if worker.is_alive() or not box:
        emit(bench="workshop", error=f"did not finish within the {DEADLINE:.0f} s deadline")
        return 1
    results = box[0]
    if args.docs:
        hostile = bool(args.idle or args.slow)
        update_docs("workshop-hostile" if hostile else "workshop", to_markdown(results, args.participants, hostile))
    joined = all(r.get("joined", r.get("wanted")) == r.get("wanted") for r in results if r["bench"] == "workshop_join")
    return 0 if joined and all(r.get("lost", 0) == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
