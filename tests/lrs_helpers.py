"""A real Learning Record Store for the tests: Ralph (fs backend) on a loopback port, and Learning
Locker's xAPI validator run with Node.

Both are installed by ``.ci/run`` inside the clone (``.venv-ralph`` for Ralph, whose pins must not
touch the project's own environment; ``.cache/node`` for the validator). When either is missing the
tests that need it are skipped with the command that installs it.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RALPH_VENV = Path(os.environ.get("HRTRAINING_RALPH_VENV", REPO / ".venv-ralph"))
NODE_DIR = Path(os.environ.get("HRTRAINING_XAPI_VALIDATOR", REPO / ".cache" / "node"))
VALIDATE_JS = Path(__file__).resolve().parent / "xapi" / "validate.js"
INSTALL_RALPH = ("python3 -m venv .venv-ralph && .venv-ralph/bin/pip install "
                 "'ralph-malph[lrs,cli]==5.1.0' requests   (or run .ci/run)")
INSTALL_VALIDATOR = "npm install --prefix .cache/node @learninglocker/xapi-validation@4.0.0   (or run .ci/run)"


def ralph_python() -> Path | None:
    py = RALPH_VENV / ("Scripts" if os.name == "nt" else "bin") / "python"
    if not py.exists():
        return None
    ok = subprocess.run([str(py), "-c", "import ralph.cli, ralph.backends.lrs.fs, uvicorn, bcrypt, fastapi"],
                        capture_output=True)
    return py if ok.returncode == 0 else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Ralph:
    """A Ralph LRS started in ``root`` (its auth file and its statements file)."""

    def __init__(self, python: Path, root: Path, env: dict[str, str] | None = None):
        self.root = root
        self.key = "hrtraining-tests"
        self.secret = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        (root / "data").mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, "RALPH_APP_DIR": str(root), "RALPH_RUNSERVER_BACKEND": "fs",
                    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(root / "data"),
                    "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(root / "data"), **(env or {})}
        ralph = python.parent / "ralph"
        # Credentials made by Ralph's own command, as an agency's administrator would.
        subprocess.run([str(ralph), "auth", "-u", self.key, "-p", self.secret, "-s", "all",
                        "-A", "lrs-admin", "https://agency.example.org", "-w"],
                       env=self.env, check=True, capture_output=True, timeout=120)
        self.log = open(root / "ralph.log", "wb")
        self.process = subprocess.Popen(
            [str(python), "-m", "uvicorn", "ralph_app:app", "--app-dir", str(VALIDATE_JS.parent),
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"], env=self.env, stdout=self.log, stderr=subprocess.STDOUT, cwd=root)
        self._wait()

    def _wait(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph stopped: {(self.root / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("Ralph did not start within a minute")

    def settings(self, **changes: Any) -> Any:
        from hrtraining.practice.xapi import LrsSettings

        return LrsSettings(url=self.url, key=self.key, secret=self.secret,
                           home_page="https://agency.example.org", **changes)

    def env_vars(self) -> dict[str, str]:
        return {"HRTRAINING_LRS_URL": self.url, "HRTRAINING_LRS_KEY": self.key, "HRTRAINING_LRS_SECRET": self.secret,
                "HRTRAINING_LRS_HOME_PAGE": "https://agency.example.org"}

    def statements(self, **params: Any) -> list[dict[str, Any]]:
        """Every statement matching ``params``, read through the xAPI API (following ``more``)."""
        from hrtraining.practice.xapi import LrsClient

        client = LrsClient(self.settings())
        page = client.get_statements({"limit": 100, **params})
        out = list(page["statements"])
        while page.get("more"):
            page = client.follow(page["more"])
            out += page["statements"]
        return out

    def by_registration(self, registration: str) -> list[dict[str, Any]]:
        return self.statements(registration=registration)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class Validator:
    """Learning Locker's validator, one Node process per call."""

    def __init__(self, node: str):
        self.node = node

    def problems(self, statements: list[dict[str, Any]]) -> dict[str, list[str]]:
        """{statement id: [problem, ...]} for the statements that are not valid xAPI."""
        text = "".join(json.dumps(s) + "\n" for s in statements)
        done = subprocess.run([self.node, str(VALIDATE_JS), str(NODE_DIR)], input=text, capture_output=True,
                              text=True, timeout=120, check=True)
        out = {}
        for line in done.stdout.splitlines():
            row = json.loads(line)
            if row["problems"]:
                out[row["id"]] = row["problems"]
        return out


def validator() -> Validator | None:
    node = shutil.which("node")
    if node is None or not (NODE_DIR / "node_modules" / "@learninglocker" / "xapi-validation").is_dir():
        return None
    return Validator(node)




class FakeLrs:
    """A scripted xAPI endpoint on a loopback port for the fault tests.

    ``respond(method, path, statements)`` returns (status, headers, body bytes); the default
    stores the statements by id (once each, as an LRS does) and answers their ids. ``stored``
    holds what was taken, ``requests`` counts POSTs, ``seen_auth`` the Authorization headers.
    """

    def __init__(self, respond=None):
        import http.server
        import threading

        self.stored: dict[str, dict] = {}
        self.requests = 0
        self.batches: list[int] = []
        self.seen_auth: list[str] = []
        self.respond = respond or self.accept
        fake = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                n = int(self.headers.get("Content-Length") or 0)
                data = json.loads(self.rfile.read(n) or b"[]")
                fake.requests += 1
                fake.batches.append(len(data))
                fake.seen_auth.append(self.headers.get("Authorization", ""))
                try:
                    self._answer(*fake.respond("POST", self.path, data))
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_GET(self):
                self._answer(*fake.respond("GET", self.path, None))

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/xAPI/"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def accept(self, method, path, statements):
        if method == "GET":
            if path.endswith("/about"):
                return 200, {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}, \
                    b'{"version": ["1.0.3"]}'
            return 200, {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}, \
                b'{"statements": [], "more": ""}'
        ids = []
        for s in statements:
            if s["id"] not in self.stored:
                self.stored[s["id"]] = s
                ids.append(s["id"])
        if not ids:
            return 204, {"X-Experience-API-Version": "1.0.3"}, b""
        return 200, {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}, \
            json.dumps(ids).encode()

    def settings(self, url=None, **changes):
        from hrtraining.practice.xapi import LrsSettings

        return LrsSettings(url=url or self.url, key="key-7f3a", secret="s3cret-9b2c",
                           home_page="https://agency.example.org", **changes)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


__all__ = ["Ralph", "Validator", "FakeLrs", "ralph_python", "validator", "INSTALL_RALPH", "INSTALL_VALIDATOR"]
