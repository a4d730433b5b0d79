"""Wrapping, the render cache and the overflow probe."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._text import PROBE, FontBook, TextCache, draw_block, fit_line, wrap
from hrtraining.game._theme import Theme


@pytest.fixture(scope="module")
def font():
    pygame.font.init()
    return FontBook(Theme()).font("body")


def test_wrap_fits_width_and_keeps_every_word(font):
    text = "Leaving before closing and no fights — that's a real change. " * 4 + "Supercalifragilistic" * 5
    lines = wrap(text, font, 300)
    assert all(font.size(ln)[0] <= 300 for ln in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_wrap_keeps_paragraph_breaks(font):
    assert wrap("one\ntwo", font, 500) == ["one", "two"]


def test_cache_renders_each_text_once(font):
    cache = TextCache()
    b1 = cache.block("Hello there, how are you today?", font, 200, (0, 0, 0))
    n = cache.renders
    b2 = cache.block("Hello there, how are you today?", font, 200, (0, 0, 0))
    assert b1 is b2 and cache.renders == n
    cache.block("Hello there, how are you today?", font, 200, (255, 0, 0))
    assert cache.renders > n  # another colour is another surface


def test_cache_is_bounded(font):
    cache = TextCache(max_items=10)
    for i in range(50):
        cache.line(str(i), font, (0, 0, 0))
    assert len(cache._items) == 10


def test_reveal_blits_a_prefix_without_rendering(font):
    cache = TextCache()
    block = cache.block("abcdefghij klmnopqrst", font, 1000, (0, 0, 0))
    n = cache.renders
    surf = pygame.Surface((1000, 100))
    draw_block(surf, block, 0, 0, surf.get_rect(), reveal=5)
    assert cache.renders == n


def test_probe_reports_text_outside_its_box(font):
    cache = TextCache()
    block = cache.block("a line much wider than its box", font, 2000, (0, 0, 0))
    surf = pygame.Surface((400, 100))
    PROBE.enabled, PROBE.problems = True, []
    try:
        draw_block(surf, block, 0, 0, pygame.Rect(0, 0, 50, 100))
        assert PROBE.problems
    finally:
        PROBE.enabled = False


def test_fit_line_adds_ellipsis(font):
    s = fit_line("A very long title that cannot fit", font, 120)
    assert s.endswith("…") and font.size(s)[0] <= 120


def test_missing_font_files_fall_back_to_pygames_font(tmp_path):
    pygame.font.init()
    book = FontBook(Theme(), font_dir=tmp_path)
    assert book.family == ""
    assert book.font("body").size("Hello")[0] > 0


def test_characters_a_font_lacks_are_replaced():
    from hrtraining.game._text import FAMILIES, FONT_DIR, glyph_safe
    path = FONT_DIR / FAMILIES["OpenDyslexic"]["regular"]
    if not path.is_file():
        pytest.skip("OpenDyslexic is not bundled")
    pygame.font.init()
    f = pygame.font.Font(str(path), 20)
    assert glyph_safe("↑↓ move", f) == "Up/Down move"
    assert glyph_safe("a ↑ b", f) == "a Up b"
    assert glyph_safe("plain text", f) == "plain text"
