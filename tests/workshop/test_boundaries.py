"""The split: the workshop package never uses pygame (the projector is drawing, in the game);
the join address and QR helpers."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

from hrtraining.workshop import _net, join_url, lan_address, qr_matrix, qr_png, qr_text

PACKAGE = Path(__file__).resolve().parents[2] / "hrtraining" / "workshop"


def test_workshop_package_never_imports_pygame():
    code = ("import sys; import hrtraining.workshop, hrtraining.workshop._server, hrtraining.cli._workshop; "
            "from hrtraining.cli import main; "
            "assert 'pygame' not in sys.modules, sorted(m for m in sys.modules if 'pygame' in m); print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr


def test_no_workshop_module_mentions_pygame_or_the_game():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+pygame", text, re.M), path
        assert "hrtraining.game" not in text and "from .projector" not in text, path


def test_static_files_use_no_inner_html_and_no_external_urls():
    js = (PACKAGE / "static" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js.replace("never innerHTML", "") and "outerHTML" not in js
    assert "eval(" not in js and "document.write" not in js
    for name in ("index.html", "app.css", "app.js"):
        text = (PACKAGE / "static" / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
    html = (PACKAGE / "static" / "index.html").read_text(encoding="utf-8")
    assert 'name="room" value=""' in html  # the server's pre-fill marker
    tags = re.findall(r"<[^>]+>", html)
    # No inline code or styles (the CSP would block them): scripts by src only, no on*= handlers.
    assert all("src=" in t for t in tags if t.startswith("<script"))
    assert not [t for t in tags if re.search(r"\s(on\w+|style)\s*=", t)]


def test_lan_address_prefers_private_ipv4_and_falls_back():
    def resolving(*addrs):
        return lambda host, port, fam, kind: [(socket.AF_INET, kind, 6, "", (a, 0)) for a in addrs]

    assert lan_address(resolving("127.0.1.1", "192.168.4.7"), lambda: "h") == "192.168.4.7"
    assert lan_address(resolving("127.0.0.1", "8.8.4.4"), lambda: "h") == "8.8.4.4"

    def broken(*a):
        raise socket.gaierror("no name")

    addr = lan_address(broken, lambda: "h")
    assert addr == _net.LOOPBACK or _net._usable(addr)


def test_join_url_and_qr():
    assert join_url("192.168.1.5", 8765, "K7MQX4") == "http://192.168.1.5:8765/?room=K7MQX4"
    assert join_url("fe80::1", 80, "K7MQX4") == "http://[fe80::1]:80/?room=K7MQX4"
    m = qr_matrix("http://192.168.1.5:8765/?room=K7MQX4")
    assert len(m) == len(m[0]) >= 21 and all(isinstance(v, bool) for v in m[0])
    assert m[0][:7] == [True] * 7  # a finder pattern
    assert qr_png("x").startswith(b"\x89PNG")
    assert "█" in qr_text("x")
