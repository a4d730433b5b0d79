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

    none = lambda: []  # noqa: E731  (no interface listing: the host name decides)
    assert lan_address(resolving("127.0.1.1", "192.168.4.7"), lambda: "h", none) == "192.168.4.7"
    assert lan_address(resolving("127.0.0.1", "8.8.4.4"), lambda: "h", none) == "8.8.4.4"

    def broken(*a):
        raise socket.gaierror("no name")

    addr = lan_address(broken, lambda: "h", none)
    assert addr == _net.LOOPBACK or _net._usable(addr)


def test_join_url_and_qr():
    assert join_url("192.168.1.5", 8765, "K7MQX4") == "http://192.168.1.5:8765/?room=K7MQX4"
    assert join_url("fe80::1", 80, "K7MQX4") == "http://[fe80::1]:80/?room=K7MQX4"
    m = qr_matrix("http://192.168.1.5:8765/?room=K7MQX4")
    assert len(m) == len(m[0]) >= 21 and all(isinstance(v, bool) for v in m[0])
    assert m[0][:7] == [True] * 7  # a finder pattern
    assert qr_png("x").startswith(b"\x89PNG")
    assert "█" in qr_text("x")


class _Adapter:
    def __init__(self, name, *ips):
        self.nice_name = name
        self.ips = [type("IP", (), {"ip": ip, "network_prefix": 24})() for ip in ips]


def test_the_room_address_is_never_a_vpn_and_every_address_is_listed_with_its_interface():
    """With a VPN up, the address that routes outside is the VPN's: phones on the Wi-Fi cannot reach it."""
    adapters = lambda: [_Adapter("lo", "127.0.0.1"), _Adapter("tun0", "10.8.0.6"),  # noqa: E731
                        _Adapter("docker0", "172.17.0.1"), _Adapter("wlan0", "192.168.1.23"),
                        _Adapter("tailscale0", "100.101.102.103"), _Adapter("eth1", "10.20.0.5", ("fe80::1", 0, 0))]
    found = _net.interfaces(adapters)
    assert [i.address for i in found][:2] == ["192.168.1.23", "10.20.0.5"]  # Wi-Fi first, then wired
    by = {i.name: i for i in found}
    assert by["tun0"].vpn and by["tailscale0"].vpn and by["docker0"].virtual and not by["wlan0"].vpn
    assert "looks like a VPN" in by["tun0"].label and by["wlan0"].label == "192.168.1.23 · wlan0"
    assert "lo" not in by  # loopback is never a room address
    assert lan_address(listing=lambda: found) == "192.168.1.23"
    only_vpn = [i for i in found if i.vpn]
    assert lan_address(lambda *a: [], lambda: "h", lambda: only_vpn) != "10.8.0.6"


def test_the_join_sheet_is_a_printable_page_with_qr_address_and_code():
    page = _net.join_sheet("http://192.168.1.23:8765/?room=K7MQX4", "K7MQX4", "Ray <bar fights>")
    assert "<svg" in page and "192.168.1.23:8765" in page and "K7MQX4" in page
    assert "Ray &lt;bar fights&gt;" in page and "<bar" not in page
