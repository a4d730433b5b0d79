"""The join address and its QR code.

Finding the machine's LAN address sends no traffic: first the addresses the
host name resolves to (``getaddrinfo(gethostname())``), preferring private
IPv4 ones; failing that, a UDP socket ``connect`` to a private address, which
only asks the kernel for a route and sends no packet; else ``127.0.0.1``.

The QR code is made with ``segno`` and handed over as a matrix of booleans (the
game draws it crisply at any size) or as PNG bytes (the headless leader, docs).
"""
from __future__ import annotations

import io
import ipaddress
import socket
from typing import Callable

LOOPBACK = "127.0.0.1"


def _usable(addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified)


def lan_address(resolve: Callable[..., list] = socket.getaddrinfo,
                hostname: Callable[[], str] = socket.gethostname) -> str:
    """The IPv4 address phones on the same network can reach, or 127.0.0.1."""
    candidates: list[str] = []
    try:
        for info in resolve(hostname(), None, socket.AF_INET, socket.SOCK_STREAM):
            addr = info[4][0]
            if _usable(addr) and addr not in candidates:
                candidates.append(addr)
    except (OSError, UnicodeError):
        pass
    private = [a for a in candidates if ipaddress.ip_address(a).is_private]
    if private or candidates:
        return (private or candidates)[0]
    try:  # no packet is sent: connect() on UDP only picks the outgoing interface
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("10.254.254.254", 9))
            addr = s.getsockname()[0]
            if _usable(addr):
                return addr
    except OSError:
        pass
    return LOOPBACK


def join_url(host: str, port: int, code: str) -> str:
    """The address a phone opens, with the room code filled in."""
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?room={code}"


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code of ``text`` as rows of dark (True) / light modules, quiet zone not included."""
    import segno

    qr = segno.make(text, error="m", micro=False)
    return [[bool(v) for v in row] for row in qr.matrix]


def qr_png(text: str, scale: int = 8, border: int = 4) -> bytes:
    """The QR code of ``text`` as PNG bytes (black on white, with a quiet zone)."""
    import segno

    buf = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buf, kind="png", scale=scale, border=border)
    return buf.getvalue()


def qr_text(text: str) -> str:
    """The QR code drawn with block characters, for a terminal (the headless leader)."""
    rows = qr_matrix(text)
    n = len(rows[0]) if rows else 0
    pad = [[False] * (n + 4)] * 2
    grid = pad + [[False, False] + r + [False, False] for r in rows] + pad
    out = []
    for y in range(0, len(grid), 2):  # two rows per character cell
        top, bottom = grid[y], grid[y + 1] if y + 1 < len(grid) else [False] * len(grid[y])
        out.append("".join(" " if t and b else "▄" if t else "▀" if b else "█"
                           for t, b in zip(top, bottom)))
    return "\n".join(out)
