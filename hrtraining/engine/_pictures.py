"""A picture's size read from its header, before anything decodes it.

A picture file can be tiny and still ruin play: a 254-byte PNG of 60000×1 pixels made the
portrait's scaling ask for gigabytes (``pygame.error: Out of memory`` at the first frame), and a
109 KB PNG of 30000×30000 one-bit pixels took 4.5 GB and 18 s to decode. So ``validate`` reads the
header of each picture a scenario names and refuses sizes the game will not show (HR052), and the
game reads the same header before it loads a picture, drawing the stand-in instead.

Only the formats whose size this module can read are shown: PNG, JPEG, GIF, BMP and WebP. Any
other file (or a header cut short) is a picture the game does not open (HR053, a warning: the
stand-in is drawn). Standard library only; nothing here raises for any file content.
"""
from __future__ import annotations

import os
import struct
from typing import BinaryIO

from ._errors import HRTrainingError
from ._files import open_regular

#: The longest side, in pixels, of a picture the game shows: 4096×4096 is 64 MiB decoded, and
#: the shipped art is 1920×1080 (backgrounds) and 512×640 (portraits).
MAX_PICTURE_SIDE = 4096
#: How much longer one side may be than the other: a portrait is scaled to a height, a
#: background to cover the window, so a sliver would be scaled to an enormous other side.
MAX_PICTURE_RATIO = 4
FORMATS = "PNG, JPEG, GIF, BMP or WebP"
#: JPEG segments to walk before giving up on finding the frame header (real files have a dozen).
_MAX_JPEG_SEGMENTS = 4096
#: GIF extension blocks to skip before the first image (real files have one or two).
_MAX_GIF_BLOCKS = 4096


class PictureError(HRTrainingError, ValueError):
    """The file's header cannot be read as one of :data:`FORMATS` (the message says why)."""


def picture_size(path: str | os.PathLike[str]) -> tuple[str, int, int]:
    """``(format, width, height)`` from the header of the picture at ``path``.

    Raises :class:`PictureError` for a format the game does not show or a header cut short, and
    OSError / ValueError when the file cannot be opened (a named pipe is never waited on).
    """
    with open_regular(path) as f:
        head = f.read(32)
        for magic, reader in _READERS:
            if head.startswith(magic):
                return reader(f, head)
    raise PictureError(f"not a {FORMATS} picture")


def size_problem(width: int, height: int) -> str | None:
    """Why a picture of ``width``×``height`` pixels is not shown, or None when it is fine."""
    if width < 1 or height < 1:
        return f"is {width}×{height} pixels: it has no pixels to show"
    if max(width, height) > MAX_PICTURE_SIDE:
        return (f"is {width}×{height} pixels; the game shows pictures up to {MAX_PICTURE_SIDE} pixels a side. "
                "Scale it down in an image editor")
    if max(width, height) > MAX_PICTURE_RATIO * min(width, height):
        return (f"is {width}×{height} pixels; the game shows pictures at most {MAX_PICTURE_RATIO} times as wide "
                "as they are tall (or tall as wide). Crop it in an image editor")
    return None


def picture_problem(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """``("size", why)`` for a picture too large or too thin to show, ``("format", why)`` for a
    file whose header cannot be read, or None for a picture the game may load. Never raises."""
    try:
        _, width, height = picture_size(path)
    except PictureError as e:
        return "format", str(e)
    except (OSError, ValueError, struct.error) as e:  # struct.error: a belt to the readers' braces
        return "format", f"cannot be read ({getattr(e, 'strerror', None) or e})"
    problem = size_problem(width, height)
    return ("size", problem) if problem else None


def _exact(f: BinaryIO, n: int) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise PictureError("its header is cut short")
    return data


def _png(f: BinaryIO, head: bytes) -> tuple[str, int, int]:
    # Signature (8 bytes), then the first chunk, which must be IHDR: length, type, width, height.
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise PictureError("a PNG without its IHDR header")
    width, height = struct.unpack(">II", head[16:24])
    return "PNG", width, height


def _gif(f: BinaryIO, head: bytes) -> tuple[str, int, int]:
    # The logical screen, then the first image's own size and place: the decoder makes a
    # surface for the frame, which may be larger than the screen it claims to fit in.
    if len(head) < 13:
        raise PictureError("its header is cut short")
    width, height, flags = struct.unpack("<HHB", head[6:11])
    f.seek(13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0))
    budget = _MAX_GIF_BLOCKS  # extensions and their sub-blocks together: a crafted file stays cheap
    in_extension = False
    while budget > 0:
        budget -= 1
        if in_extension:  # an extension's sub-blocks, up to an empty one
            size = _exact(f, 1)[0]
            if size:
                f.seek(size, os.SEEK_CUR)
            else:
                in_extension = False
            continue
        kind = _exact(f, 1)
        if kind == b"\x2c":  # image descriptor: left, top, width, height
            left, top, fw, fh = struct.unpack("<HHHH", _exact(f, 8))
            return "GIF", max(width, left + fw), max(height, top + fh)
        if kind != b"\x21":  # only extension blocks may come before the first image
            break
        _exact(f, 1)  # the extension's label
        in_extension = True
    raise PictureError("a GIF without an image")


def _bmp(f: BinaryIO, head: bytes) -> tuple[str, int, int]:
    if len(head) < 26:
        raise PictureError("its header is cut short")
    (info_size,) = struct.unpack("<I", head[14:18])
    if info_size == 12:  # the old OS/2 header: 16-bit sizes
        width, height = struct.unpack("<HH", head[18:22])
    else:  # a negative height means rows stored top-down
        width, height = struct.unpack("<ii", head[18:26])
    return "BMP", abs(width), abs(height)


def _webp(f: BinaryIO, head: bytes) -> tuple[str, int, int]:
    if len(head) < 30 or head[8:12] != b"WEBP":
        raise PictureError("a RIFF file that is not WebP")
    chunk, body = head[12:16], head[20:30]
    if chunk == b"VP8 " and body[3:6] == b"\x9d\x01\x2a":  # lossy: 14-bit sizes after the start code
        width, height = struct.unpack("<HH", body[6:10])
        return "WebP", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and body[0] == 0x2F:  # lossless: 14 bits each, less one
        bits = int.from_bytes(body[1:5], "little")
        return "WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: the canvas, 24 bits each, less one
        return "WebP", int.from_bytes(body[4:7], "little") + 1, int.from_bytes(body[7:10], "little") + 1
    raise PictureError("a WebP whose header cannot be read")


def _jpeg(f: BinaryIO, head: bytes) -> tuple[str, int, int]:
    # Walk the segments after SOI to the first frame header (SOF0-SOF15 but DHT, JPG and DAC),
    # which holds precision, height and width. Markers may be padded with 0xFF fill bytes.
    f.seek(2)
    for _ in range(_MAX_JPEG_SEGMENTS):
        byte = _exact(f, 1)
        if byte != b"\xff":
            raise PictureError("a JPEG whose segments cannot be read")
        marker = _exact(f, 1)[0]
        while marker == 0xFF:
            marker = _exact(f, 1)[0]
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:  # markers without a length
            continue
        if marker in (0xD9, 0xDA):  # end of image, or the picture data before any frame header
            break
        (length,) = struct.unpack(">H", _exact(f, 2))
        if length < 2:
            raise PictureError("a JPEG whose segments cannot be read")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">xHH", _exact(f, 5))
            return "JPEG", width, height
        f.seek(length - 2, os.SEEK_CUR)
    raise PictureError("a JPEG without a frame header")


_READERS = (
    (b"\x89PNG\r\n\x1a\n", _png),
    (b"\xff\xd8\xff", _jpeg),
    (b"GIF87a", _gif),
    (b"GIF89a", _gif),
    (b"BM", _bmp),
    (b"RIFF", _webp),
)
