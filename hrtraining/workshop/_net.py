"""The join address, the network pre-flight and the QR code.

Phones must be told an address of this machine on *their* network. A laptop often has
several (Wi-Fi, a wired port, a VPN, Docker's bridges), and the one that routes to the
internet is not always the room's: with a VPN up it is the VPN's, which phones on the
room's Wi-Fi cannot reach. So:

* :func:`interfaces` lists every IPv4 address with its interface's name (``ifaddr``), and
  flags the ones that look like a VPN or a virtual network;
* :func:`lan_address` picks the likeliest room address (a private address on a real
  interface, never a VPN's), and the leader can choose another (``--advertise``, the
  setup screen);
* :func:`self_test` fetches the phone page from the advertised address, so a wrong or
  unreachable choice is found before the room tries to join;
* :func:`join_sheet` makes a printable page with the QR code, the address and the code.

Nothing here sends traffic to the outside world.

The QR code is made with ``segno`` and handed over as a matrix of booleans (the
game draws it crisply at any size) or as PNG bytes (the headless leader, docs).
"""
from __future__ import annotations

import html
import io
import ipaddress
import socket
from dataclasses import dataclass
from typing import Callable

LOOPBACK = "127.0.0.1"
#: Interface names of VPN and tunnel software (WireGuard, OpenVPN, Tailscale, ZeroTier, macOS utun, PPP …).
VPN_NAMES = ("tun", "tap", "utun", "wg", "ppp", "ipsec", "tailscale", "zt", "nordlynx", "proton", "gpd", "vpn",
             "cscotun", "pangp", "wireguard", "openvpn", "anyconnect", "fortinet", "forti")
#: Virtual networks on this machine only (containers, virtual machines): no phone is on them.
VIRTUAL_NAMES = ("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "podman", "cni", "flannel",
                 "vethernet", "hyper-v", "virtualbox", "vmware")
CGNAT = ipaddress.ip_network("100.64.0.0/10")  # Tailscale and carrier NAT: never a room's Wi-Fi


@dataclass(frozen=True)
class Interface:
    """One IPv4 address of this machine, with what we can tell about its network."""

    name: str          # the interface's name, as the system shows it ("wlan0", "en0", "Wi-Fi")
    address: str
    prefix: int        # network prefix length (24 for a typical home or office Wi-Fi)
    vpn: bool          # looks like a VPN or tunnel: phones on the room's Wi-Fi cannot reach it
    virtual: bool      # a container's or virtual machine's network on this machine only

    @property
    def label(self) -> str:
        """``192.168.1.23 · wlan0`` (with a warning for a VPN or a virtual network)."""
        note = " · looks like a VPN: phones cannot reach it" if self.vpn else (
            " · virtual network on this computer" if self.virtual else "")
        return f"{self.address} · {self.name}{note}"


def _looks(name: str, words: tuple[str, ...]) -> bool:
    n = name.lower()
    return any(n.startswith(w) or (len(w) > 4 and w in n) for w in words)


def interfaces(adapters: Callable[[], list] | None = None) -> list[Interface]:
    """Every usable IPv4 address of this machine, the likeliest room address first."""
    try:
        if adapters is None:
            import ifaddr
            adapters = ifaddr.get_adapters
        found = []
        for a in adapters():
            name = str(getattr(a, "nice_name", "") or getattr(a, "name", ""))
            for ip in a.ips:
                addr = ip.ip if isinstance(ip.ip, str) else None
                if addr is None or not _usable(addr):
                    continue
                vpn = _looks(name, VPN_NAMES) or ipaddress.ip_address(addr) in CGNAT
                found.append(Interface(name, addr, int(ip.network_prefix), vpn, _looks(name, VIRTUAL_NAMES)))
    except Exception:  # no interface listing on this platform: fall back to what the host name says
        found = [Interface("", a, 24, False, False) for a in _resolved()]
    return sorted(found, key=_rank)


def _rank(i: Interface) -> tuple:
    ip = ipaddress.ip_address(i.address)
    wireless = _looks(i.name, ("wl", "wi-fi", "wifi", "wlan", "airport"))
    return (i.vpn, i.virtual, not ip.is_private, not wireless, i.address)


def local_addresses() -> list[str]:
    """Every address of this machine (IPv4 and IPv6), for checking a request's Host."""
    out = []
    try:
        import ifaddr
        for a in ifaddr.get_adapters():
            for ip in a.ips:
                out.append(ip.ip if isinstance(ip.ip, str) else ip.ip[0])
    except Exception:
        out = _resolved()
    return out


def _resolved(resolve: Callable[..., list] = socket.getaddrinfo,
              hostname: Callable[[], str] = socket.gethostname) -> list[str]:
    candidates: list[str] = []
    try:
        for info in resolve(hostname(), None, socket.AF_INET, socket.SOCK_STREAM):
            addr = info[4][0]
            if _usable(addr) and addr not in candidates:
                candidates.append(addr)
    except (OSError, UnicodeError):
        pass
    return candidates


def _usable(addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified)


def lan_address(resolve: Callable[..., list] = socket.getaddrinfo,
                hostname: Callable[[], str] = socket.gethostname,
                listing: Callable[[], list[Interface]] | None = None) -> str:
    """The IPv4 address phones on the room's network most likely reach, or 127.0.0.1.

    The interface list comes first (a real interface's private address, never a VPN's or a
    virtual network's); then what the host name resolves to; then the routing table.
    """
    listed = (listing or interfaces)()
    best = [i for i in listed if not i.vpn and not i.virtual]
    if best:
        return best[0].address
    candidates = _resolved(resolve, hostname)
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


def self_test(url: str, timeout: float = 3.0) -> tuple[bool, str]:
    """Fetch the phone page at ``url`` (the advertised address) from this machine.

    Returns (ok, what to tell the leader). It proves the server answers at that address; a
    phone can still be kept off by a network that isolates its devices (many guest Wi-Fis),
    so the message says to try one phone too.
    """
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "hrtraining-self-test"}),
                                    timeout=timeout) as r:
            body = r.read(65536)
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        return False, (f"The phone page did not answer at {url} ({reason}). Choose another address "
                       "(a VPN's cannot work), or use a phone hotspot.")
    if b"Join the room" not in body:
        return False, f"Something else answered at {url}: is another program using the port?"
    return True, (f"The phone page answers at {url}. Try one phone now: a guest Wi-Fi that keeps "
                  "devices apart would still block the room.")


def join_sheet(url: str, code: str, title: str) -> str:
    """A printable HTML page: the QR code, the address and the room code, large."""
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buf, kind="svg", scale=10, border=4, xmldecl=False,
                                                 svgns=True)
    svg = buf.getvalue().decode("utf-8")
    base = url.split("?", 1)[0].removeprefix("http://").rstrip("/")
    e = html.escape
    return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
            f"<title>Join the workshop · {e(code)}</title>"
            "<style>body{font:20px/1.4 system-ui,sans-serif;text-align:center;margin:2rem;color:#000}"
            "h1{font-size:2rem;margin:.2rem}.qr svg{width:14cm;height:14cm}.code{font:700 3.4rem/1.1 monospace;"
            "letter-spacing:.4rem}.url{font:700 1.6rem monospace}@media print{body{margin:0}}</style>"
            f"<h1>Join the workshop on your phone</h1><p>{e(title)}</p><div class=\"qr\">{svg}</div>"
            f"<p>Scan the code with your phone's camera, or open</p><p class=\"url\">{e(base)}</p>"
            f"<p>and type the room code</p><p class=\"code\">{e(code)}</p>"
            "<p>Your phone must be on the same Wi-Fi as the leader's laptop. No account, no app.</p></html>\n")
