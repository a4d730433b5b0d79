"""Pictures are checked from their header: a tiny file must not be a huge picture.

The audit's failures: a valid 254-byte PNG of 60000×1 pixels as a portrait passed
``validate --strict`` and stopped every play (``pygame.error: Out of memory`` when the game
scaled it); a 109 KB PNG of 30000×30000 one-bit pixels took 4.5 GB and 18 s to decode.
``validate`` now reads each picture's header and refuses such sizes (HR052); a file it cannot read
as a picture is a warning (HR053: the game draws a stand-in).
"""
from __future__ import annotations

import base64
import struct

from hypothesis import given, settings, strategies as st
import pytest

from hrtraining.engine import MAX_PICTURE_RATIO, MAX_PICTURE_SIDE, check_file, picture_problem
from hrtraining.engine._pictures import picture_size

from _helpers import ONE_DECISION_NODES, png_bytes

HEAD = "format: 1\nid: t\ntitle: T\nclient: {name: Sam, portrait: portraits/sam.png}\n"


def with_portrait(tmp_path, data: bytes):
    picture = tmp_path / "assets" / "portraits" / "sam.png"
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(data)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(HEAD + ONE_DECISION_NODES, encoding="utf-8")
    return scenario


def problems(path, rubric):
    return [(p.code, p.severity, p.line, p.column) for p in check_file(path, rubric).problems]


def test_tiny_png_of_60000_by_1_pixels_is_refused_by_validate(tmp_path, rubric):
    data = png_bytes(60000, 1)
    assert len(data) < 300
    path = with_portrait(tmp_path, data)
    assert problems(path, rubric) == [("HR052", "error", 4, 31)]  # at the portrait path
    message = check_file(path, rubric).problems[0].message
    assert "'portraits/sam.png' is 60000×1 pixels" in message and "4096" in message


def test_png_bomb_of_30000_by_30000_pixels_is_refused_from_its_header(tmp_path, rubric):
    # The header alone: the real 109 KB file need not be written to prove the check never decodes.
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)
    head = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0"
    assert [c for c, *_ in problems(with_portrait(tmp_path, head), rubric)] == ["HR052"]


@pytest.mark.parametrize("size", [(MAX_PICTURE_SIDE + 1, MAX_PICTURE_SIDE), (100, 100 * MAX_PICTURE_RATIO + 1),
                                  (100 * MAX_PICTURE_RATIO + 1, 100)])
def test_too_large_or_too_thin_pictures_are_refused(size, tmp_path, rubric):
    assert [c for c, *_ in problems(with_portrait(tmp_path, png_bytes(*size)), rubric)] == ["HR052"]


@pytest.mark.parametrize("size", [(MAX_PICTURE_SIDE, MAX_PICTURE_SIDE), (100, 100 * MAX_PICTURE_RATIO), (512, 640)])
def test_pictures_at_the_limits_are_fine(size, tmp_path, rubric):
    assert problems(with_portrait(tmp_path, png_bytes(*size)), rubric) == []


def test_a_file_that_is_not_a_picture_is_a_warning(tmp_path, rubric):
    path = with_portrait(tmp_path, b"this is not a picture")
    assert [(c, s) for c, s, *_ in problems(path, rubric)] == [("HR053", "warning")]


# The formats the game shows, each from a small real file (ImageMagick's output for 300×200, or
# the well-known smallest files), read without a decoder.
GIF_1X1 = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
           b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
WEBP_LOSSLESS_1X1 = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")
WEBP_LOSSY_300X200 = (b"RIFF\xbe\x00\x00\x00WEBPVP8 \xb2\x00\x00\x00\xb0\x10\x00\x9d\x01\x2a\x2c\x01\xc8\x00"
                      + b"\0" * 170)
JPEG_300X200 = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
                b"\xff\xc2\x00\x11\x08\x00\xc8\x01\x2c\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xff\xd9")
BMP_3X2 = b"BM" + b"\0" * 12 + struct.pack("<Iii", 40, 3, -2) + b"\0" * 40


@pytest.mark.parametrize("data, expected", [
    (png_bytes(7, 3), ("PNG", 7, 3)),
    (GIF_1X1, ("GIF", 1, 1)),
    (GIF_1X1.replace(b",\x00\x00\x00\x00\x01\x00\x01\x00", b",\x00\x00\x00\x00\x30\x75\x01\x00"), ("GIF", 30000, 1)),
    (WEBP_LOSSLESS_1X1, ("WebP", 1, 1)),
    (WEBP_LOSSY_300X200, ("WebP", 300, 200)),
    (JPEG_300X200, ("JPEG", 300, 200)),
    (BMP_3X2, ("BMP", 3, 2)),
])
def test_picture_sizes_are_read_from_the_header(data, expected, tmp_path):
    path = tmp_path / "p"
    path.write_bytes(data)
    assert picture_size(path) == expected


@pytest.mark.parametrize("data", [b"", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"\xff\xd8\xff", b"BM", b"RIFF",
                                  b"\xff\xd8\xff\xe0\x00\x01", b"<svg width='99999' height='99999'/>"])
def test_cut_short_or_unknown_headers_are_a_format_problem(data, tmp_path):
    path = tmp_path / "p"
    path.write_bytes(data)
    assert picture_problem(path)[0] == "format"


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(prefix=st.sampled_from([b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM", b"RIFF"]),
       rest=st.binary(max_size=200))
def test_picture_problem_never_raises(prefix, rest, tmp_path_factory):
    path = tmp_path_factory.mktemp("pic") / "p"
    path.write_bytes(prefix + rest)
    result = picture_problem(path)
    assert result is None or result[0] in ("size", "format")
