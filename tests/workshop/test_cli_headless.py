"""``hrtraining workshop --headless``: a terminal leader driving a real server and a phone client."""
from __future__ import annotations

import io
import queue
import re
import threading

import aiohttp

from hrtraining.cli import build_parser
from hrtraining.cli._workshop import cmd_workshop

from wshelpers import GOLDEN, receive_state, receive_type, run


class Keyboard:
    """stdin for the headless leader: ``readline`` blocks until the test types a line."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()

    def type(self, *lines: str) -> None:
        for ln in lines:
            self.lines.put(ln + "\n")

    def close(self) -> None:
        self.lines.put("")

    def readline(self) -> str:
        return self.lines.get(timeout=30)


class Screen(io.StringIO):
    """stdout that lets the test wait for a line to appear."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = threading.Condition()

    def write(self, s: str) -> int:
        with self.changed:
            n = super().write(s)
            self.changed.notify_all()
            return n

    def wait_for(self, pattern: str, timeout: float = 10) -> re.Match:
        with self.changed:
            ok = self.changed.wait_for(lambda: re.search(pattern, self.getvalue()) is not None, timeout)
            assert ok, f"{pattern!r} never appeared in:\n{self.getvalue()}"
            return re.search(pattern, self.getvalue())


def test_headless_leader_runs_a_whole_room(tmp_path):
    args = build_parser().parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1", "--port", "0",
                                      "--data-dir", str(tmp_path / "data"), "--profile", "Leader"])
    keys, screen = Keyboard(), Screen()
    result: list[int] = []
    t = threading.Thread(target=lambda: result.append(cmd_workshop(args, stdin=keys, out=screen)))
    t.start()
    try:
        m = screen.wait_for(r"Or open (http://127\.0\.0\.1:(\d+)/\?room=([A-Z0-9]{6}))")
        port, code = m.group(2), m.group(3)

        async def phone():
            async with aiohttp.ClientSession() as s:
                ws = await s.ws_connect(f"http://127.0.0.1:{port}/ws")
                await ws.send_json({"type": "join", "room": code, "nickname": "Ana"})
                await receive_type(ws, "welcome")
                keys.type("o")
                await receive_state(ws, lambda st: st["phase"] == "open")
                await ws.send_json({"type": "vote", "decision": 0, "choice": 1})
                await receive_type(ws, "your_vote")
                keys.type("s", "h 0 1 0", "r")   # one more by show of hands: a tie
                await receive_state(ws, lambda st: st["phase"] == "revealed")
                keys.type("")                    # Enter: tied, the leader must pick
                screen.wait_for(r"! the vote is tied between 1 and 2")
                keys.type("1", "o")
                await receive_state(ws, lambda st: st["decision"] == 1 and st["phase"] == "open")
                await ws.send_json({"type": "vote", "decision": 1, "choice": 2})
                await receive_type(ws, "your_vote")
                keys.type("f", "", "e")
                screen.wait_for(r"Type y to end")   # ending asks first; anything else keeps going
                keys.type("y")
                summary = await receive_type(ws, "summary")
                assert summary["voted"] == 2 and summary["nickname"] == "Ana"
                await ws.close()
                # Ended, the server still serves the phones' summaries until the leader stops it,
                # and stopping warns that the phones' page goes with it.
                screen.wait_for(r"Leave this running while people save or print it")
                async with s.get(f"http://127.0.0.1:{port}/?room={code}") as r:
                    assert r.status == 200
                keys.type("q")
                screen.wait_for(r"Phones lose this page")
                keys.type("y")
        run(phone())
        t.join(15)
        assert result == [0]
        out = screen.getvalue()
        assert "Group debrief" in out and "Decision 1: chose 1 (tie — leader picked)" in out and "coach:" in out
    finally:
        keys.close()
        t.join(5)
    # the room was recorded and closed
    from hrtraining.progress import Store
    with Store.open(tmp_path / "data") as store:
        room = store.room(code)
        assert room.closed_at is not None and len(store.room_votes(code)) == 2


def test_headless_resume_and_usage_errors(tmp_path, capsys):
    data = str(tmp_path / "data")
    parser = build_parser()
    keys, screen = Keyboard(), Screen()
    keys.type("o", "q", "y")
    args = parser.parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data])
    assert cmd_workshop(args, stdin=keys, out=screen) == 0
    code = re.search(r"--resume ([A-Z0-9]{6})", screen.getvalue()).group(1)
    keys2, screen2 = Keyboard(), Screen()
    keys2.close()
    args = parser.parse_args(["workshop", "--resume", code, "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data, "--scenarios", str(GOLDEN.parent)])
    assert cmd_workshop(args, stdin=keys2, out=screen2) == 0
    assert f"Resumed room {code}" in screen2.getvalue()
    args = parser.parse_args(["workshop", "no-such-scenario", "--headless", "--data-dir", data])
    assert cmd_workshop(args, out=io.StringIO()) == 2
    assert "no scenario" in capsys.readouterr().err
    args = parser.parse_args(["workshop", "--resume", "ZZZZZZ", "--headless", "--data-dir", data])
    assert cmd_workshop(args, out=io.StringIO()) == 2
    err = capsys.readouterr().err
    assert "there is no workshop room ZZZZZZ in this progress file" in err and "--votes" in err
    assert "give a scenario file" not in err
    # with a scenario named too, an unknown room is still said plainly
    args = parser.parse_args(["workshop", str(GOLDEN), "--resume", "QQQQQQ", "--headless", "--data-dir", data])
    assert cmd_workshop(args, out=io.StringIO()) == 2
    assert "there is no workshop room QQQQQQ" in capsys.readouterr().err


def test_busy_port_is_reported(tmp_path, capsys):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        args = build_parser().parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1",
                                          "--port", str(port), "--no-store"])
        assert cmd_workshop(args, stdin=io.StringIO(""), out=io.StringIO()) == 1
    assert "cannot listen" in capsys.readouterr().err


def test_headless_resume_takes_the_code_as_typed(tmp_path):
    data = str(tmp_path / "data")
    parser = build_parser()
    keys, screen = Keyboard(), Screen()
    keys.type("q", "y")
    args = parser.parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data])
    assert cmd_workshop(args, stdin=keys, out=screen) == 0
    code = re.search(r"--resume ([A-Z0-9]{6})", screen.getvalue()).group(1)
    keys2, screen2 = Keyboard(), Screen()
    keys2.close()
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    args = parser.parse_args(["workshop", "--resume", typed, "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data, "--scenarios", str(GOLDEN.parent)])
    assert cmd_workshop(args, stdin=keys2, out=screen2) == 0
    assert f"Resumed room {code}" in screen2.getvalue()


class _FakeServer:
    base_url = "http://127.0.0.1:1/"
    url = "http://127.0.0.1:1/?room=QQQQQQ"


def _drive(*lines: str) -> str:
    from hrtraining.cli._workshop import headless
    from hrtraining.engine import find_rubric, load_rubric, load_scenario
    from hrtraining.workshop import Workshop
    rubric = load_rubric(find_rubric(GOLDEN))
    w = Workshop.create(load_scenario(GOLDEN, rubric), rubric)
    keys, screen = Keyboard(), Screen()
    keys.type(*lines)
    keys.close()
    try:
        assert headless(w, _FakeServer(), keys.readline, screen) == 0
    finally:
        w.close()
    return screen.getvalue()


def test_headless_show_of_hands_is_confirmed_and_can_be_revealed():
    out = _drive("h", "h 1 5", "h 1 x 0", "h 1 5 0", "r", "f", "q")
    errors = [ln for ln in out.splitlines() if ln.startswith("! show of hands")]
    assert len(errors) == 3 and all("3 here" in ln and "e.g. h 3 5 0" in ln for ln in errors)
    assert "Show of hands at decision 1: 1: 1, 2: 5, 3: 0 (6 hands)" in out
    assert "-- Decision 1 · closed · 0 of 0 voted + 6 hands" in out
    assert "-- Decision 1 · revealed · 6 hands" in out and "not been opened" not in out
    assert "-- Decision 1 · feedback · 6 hands" in out and "coach:" in out


def test_headless_shows_the_ending_not_a_decision_that_does_not_exist():
    out = _drive("1", "h 9 0", "", "q")
    last = out.split("-- Decision 2", 1)[1]
    assert "== Ending: " in last and "Decision 3" not in last
    from hrtraining.engine import find_rubric, load_rubric, load_scenario
    rubric = load_rubric(find_rubric(GOLDEN))
    endings = {n.ending.title: n.ending.debrief for n in load_scenario(GOLDEN, rubric).nodes.values() if n.ending}
    title = re.search(r"== Ending: (.+) ==", out).group(1)
    assert endings[title] and endings[title] in out
    assert "e ends the workshop" in out


def test_report_and_debrief_of_an_ended_room_from_the_command_line(tmp_path, capsys):
    data = str(tmp_path / "data")
    parser = build_parser()
    keys, screen = Keyboard(), Screen()
    keys.type("o", "1", "e", "y", "q", "y")
    args = parser.parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data])
    assert cmd_workshop(args, stdin=keys, out=screen) == 0
    code = re.search(r"--debrief ([A-Z0-9]{6})", screen.getvalue()).group(1)
    out = io.StringIO()
    args = parser.parse_args(["workshop", "--report", code.lower(), "--data-dir", data,
                              "--scenarios", str(GOLDEN.parent)])
    assert cmd_workshop(args, out=out) == 0
    assert "Report saved:" in out.getvalue()
    from pathlib import Path
    assert Path(data, f"room-{code}-report.csv").read_text("utf-8-sig").startswith("decision,prompt,choice")
    keys2, screen2 = Keyboard(), Screen()
    keys2.close()
    args = parser.parse_args(["workshop", "--debrief", code, "--headless", "--host", "127.0.0.1", "--port", "0",
                              "--data-dir", data, "--scenarios", str(GOLDEN.parent)])
    assert cmd_workshop(args, stdin=keys2, out=screen2) == 0
    assert "Group debrief" in screen2.getvalue() and "reopened for its debrief" not in capsys.readouterr().err


def test_headless_quit_warns_that_phones_lose_the_page_and_asks():
    out = _drive("q", "n", "q")
    assert out.count("Phones lose this page") == 2 and "Still running." in out
    assert "save" in out.split("Phones lose this page", 1)[1].split("\n", 1)[0]


def test_headless_j_saves_a_printable_join_sheet(tmp_path):
    data = tmp_path / "data"
    keys, screen = Keyboard(), Screen()
    keys.type("j", "q", "y")
    args = build_parser().parse_args(["workshop", str(GOLDEN), "--headless", "--host", "127.0.0.1", "--port", "0",
                                      "--data-dir", str(data)])
    assert cmd_workshop(args, stdin=keys, out=screen) == 0
    path = re.search(r"Join sheet saved: (\S+)", screen.getvalue()).group(1)
    from pathlib import Path
    sheet = Path(path).read_text("utf-8")
    code = re.search(r"--resume ([A-Z0-9]{6})", screen.getvalue()).group(1)
    assert Path(path).parent == data and code in sheet and "<svg" in sheet and "j join sheet" in screen.getvalue()
