"""A picture never stops play: the game reads its header first and draws a stand-in.

The audit's failures: a valid 254-byte PNG of 60000×1 pixels as a portrait gave the error screen
at the first frame (``pygame.error: Out of memory`` from smoothscale), and with memory capped a
picture whose convert failed stayed 8-bit and smoothscale raised ``ValueError: Only 24-bit or
32-bit surfaces can be smoothly scaled``.
"""
from __future__ import annotations

import pygame

from hrtraining.game import _assets
from hrtraining.game._assets import Assets
from hrtraining.game._theme import DEFAULT

from _helpers import png_bytes
from game_helpers import write_starter


def portrait_setup(tmp_path, data: bytes):
    folder = tmp_path / "lib"
    path = write_starter(folder, "sam", lambda t: t.replace("# portrait: portraits/sam.png",
                                                             "portrait: portraits/sam.png"))
    picture = folder / "assets" / "portraits" / "sam.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(data)
    return path


def test_tiny_png_of_60000_by_1_pixels_draws_the_stand_in_not_out_of_memory(make_app, tmp_path):
    make_app()  # a display mode, as in the game
    path = portrait_setup(tmp_path, png_bytes(60000, 1))
    assets = Assets()
    out = assets.portrait(str(path), "portraits/sam.png", 500, DEFAULT)
    assert out.get_height() == 500 and out.get_width() < 1000
    assert "portraits/sam.png" in assets.missing


def test_the_header_is_read_before_the_picture_is_decoded(make_app, tmp_path, monkeypatch):
    """A picture the header check refuses is never handed to the decoder (a bomb costs nothing)."""
    make_app()
    path = portrait_setup(tmp_path, png_bytes(5000, 5000))
    loaded = []
    monkeypatch.setattr(_assets.pygame.image, "load", lambda p: loaded.append(p) or pygame.Surface((1, 1)))
    Assets().portrait(str(path), "portraits/sam.png", 300, DEFAULT)
    assert not any("sam.png" in str(p) for p in loaded)


class _NoConvert(pygame.Surface):
    """An 8-bit picture whose convert fails, as it does when memory runs out."""

    def convert_alpha(self, *args):
        raise pygame.error("Out of memory")

    def convert(self, *args):
        raise pygame.error("Out of memory")


def test_8_bit_picture_whose_convert_fails_draws_the_stand_in_not_a_smoothscale_error(make_app, tmp_path,
                                                                                     monkeypatch):
    make_app()
    path = portrait_setup(tmp_path, png_bytes(40, 50))
    monkeypatch.setattr(_assets.pygame.image, "load", lambda p: _NoConvert((40, 50), depth=8))
    assets = Assets(tmp_path / "no-project-assets")
    out = assets.portrait(str(path), "portraits/sam.png", 200, DEFAULT)
    assert out.get_height() == 200
    assert "portraits/sam.png" in assets.missing


def test_a_background_that_cannot_be_scaled_is_the_gradient(make_app, tmp_path, monkeypatch):
    make_app()
    (tmp_path / "backgrounds").mkdir()
    (tmp_path / "backgrounds" / "default.png").write_bytes(png_bytes(40, 30))

    def fail(*args):
        raise MemoryError

    monkeypatch.setattr(_assets.pygame.transform, "smoothscale", fail)
    out = Assets(tmp_path).background("office", (320, 200), DEFAULT)
    assert out.get_size() == (320, 200)


def test_a_wide_portrait_file_is_refused_in_the_menu_and_the_folder_still_plays(make_app, tmp_path):
    path = portrait_setup(tmp_path, png_bytes(60000, 1))
    app, d = make_app([path.parent])
    (entry,) = app.library.entries
    assert not entry.ok and "HR052" in entry.first_errors()[0]
