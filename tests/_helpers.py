"""Scenario texts shared by tests in more than one folder.

``tests/`` is on ``sys.path`` while the suite runs (pytest puts the folder of
``tests/conftest.py`` there), so test modules can ``from _helpers import ...``.
"""
from __future__ import annotations

# The nodes of a one-decision scenario, from ``start:`` on: one decision with one
# fully scored choice that leads to an ending. Put a head (format, id, title, client)
# in front of it.
ONE_DECISION_NODES = """\
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's a real change.
        next: done
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: You named the step.
  done:
    ending: {title: Done}
"""

# Continue nodes that loop: c's only way out needs trust 5, and meters cannot change
# without a decision. `validate` refuses it (HR067); a session built from it anyway must
# stop with an error when advancing from b, rather than spin forever.
LOOP = """\
format: 1
id: loop
title: Loop
client: {name: Sam}
meters:
  trust: {start: 0, min: 0, max: 5}
start: a
nodes:
  a:
    choices:
      - text: hi
        next: b
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: f
  b:
    text: round
    next: c
  c:
    text: and round
    next:
      - if: trust >= 5
        next: e
      - next: b
  e:
    ending: {title: E}
"""


def png_bytes(width: int, height: int) -> bytes:
    """A valid one-bit greyscale PNG of ``width``×``height`` pixels, all black: a few hundred bytes
    even for a picture whose decoded size is enormous (the audit's 60000×1 portrait was 254)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\0" + b"\0" * ((width + 7) // 8)  # filter byte "none", then the packed pixels
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))
