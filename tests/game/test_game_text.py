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
    surf = pygame.Surface((400, 200))
    b1 = cache.block("Hello there, how are you today?", font, 200, (0, 0, 0))
    draw_block(surf, b1, 0, 0, surf.get_rect())
    n = cache.renders
    assert n == len(b1.lines) > 1
    b2 = cache.block("Hello there, how are you today?", font, 200, (0, 0, 0))
    draw_block(surf, b2, 0, 0, surf.get_rect())
    assert b1 is b2 and cache.renders == n
    draw_block(surf, cache.block("Hello there, how are you today?", font, 200, (255, 0, 0)), 0, 0, surf.get_rect())
    assert cache.renders == 2 * n  # another colour is another surface


def test_a_megabyte_of_text_renders_only_what_is_in_view(font):
    """A 1 MB line froze the game for 9.5 s at start and 11.8 s on opening the history:
    every one of its ~16,000 wrapped lines was rendered (and kept) before the first frame."""
    cache = TextCache()
    text = " ".join(["Leaving before closing, and no fights: a real change."] * 20_000)
    assert len(text) > 1_000_000
    block = cache.block(text, font, 600, (0, 0, 0))
    assert len(block.lines) > 5_000 and cache.renders == 0     # wrapped, nothing rendered yet
    assert cache.measure(text, font, 600) == block.height       # measuring wraps nothing again
    view = pygame.Surface((640, 400))
    view.set_clip(pygame.Rect(0, 100, 640, 200))
    for scrolled in (0, -block.height // 2, -block.height + 300):
        cache.renders = 0
        draw_block(view, block, 0, scrolled, pygame.Rect(0, scrolled, 640, block.height))
        assert 0 < cache.renders <= 200 // block.line_height + 2  # only the lines the clip shows
    assert len(block._surfaces) <= 3 * (200 // block.line_height + 3)


def test_cache_is_bounded(font):
    cache = TextCache(max_items=10)
    for i in range(50):
        cache.line(str(i), font, (0, 0, 0))
    assert len(cache._items) == 10


def test_reveal_blits_a_prefix_without_rendering(font):
    cache = TextCache()
    block = cache.block("abcdefghij klmnopqrst", font, 1000, (0, 0, 0))
    surf = pygame.Surface((1000, 100))
    draw_block(surf, block, 0, 0, surf.get_rect(), reveal=1)  # the line is rendered once, whole
    n = cache.renders
    assert n == 1
    for shown in range(2, 21):
        draw_block(surf, block, 0, 0, surf.get_rect(), reveal=shown)
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


class CountingFont:
    """A real font that counts ``size`` calls and fails past ``budget`` (so a slow
    algorithm fails at once instead of hanging the test run)."""

    def __init__(self, font, budget: int = 10**9):
        self.font, self.budget, self.calls = font, budget, 0

    def size(self, text):
        self.calls += 1
        assert self.calls <= self.budget, f"font.size called more than {self.budget} times"
        return self.font.size(text)

    def __getattr__(self, name):
        return getattr(self.font, name)


def test_a_huge_unbroken_word_wraps_with_few_measurements(font):
    """A 20,000-character word (author text, or a language without spaces) used to be
    shortened one character at a time: millions of measurements, minutes of frozen game."""
    word = "Supercalifragilisticexpialidocious" * 600
    width = 300
    counting = CountingFont(font, budget=100_000)
    lines = wrap(f"Before {word} after", counting, width)
    assert all(font.size(ln)[0] <= width for ln in lines)
    assert "".join(lines).replace(" ", "") == f"Before{word}after"
    assert len(lines) > 100
    # Each broken line costs about 2*log2(its length) measurements of short pieces.
    assert counting.calls <= 20 * len(lines), counting.calls


def test_a_word_wider_than_a_tiny_box_still_progresses(font):
    lines = wrap("WWWW", font, 1)                # narrower than one letter: one letter a line
    assert lines == ["W", "W", "W", "W"]


def test_fit_line_and_wrap_share_the_galloping_search(font):
    from hrtraining.game._text import longest_prefix
    text = "An unusually long scenario title about a night out " * 40
    counting = CountingFont(font)
    s = fit_line(text, counting, 200)
    longest = next(k for k in range(len(text)) if font.size(text[:k + 1].rstrip() + "…")[0] > 200)
    assert s == text[:longest].rstrip() + "…" and font.size(s)[0] <= 200   # the longest that fits
    assert counting.calls <= 30
    n = longest_prefix("abcdefgh", font, font.size("abcd")[0])
    assert n == 4
    assert longest_prefix("abc", font, 0) == 0


def test_labels_are_shortened_once_not_every_frame(font):
    """Ui.label used to re-measure its text (a bisection of font.size calls) every frame."""
    from hrtraining.game._ui import Ui

    counting = CountingFont(font)

    class Book:
        def font(self, role, style="regular"):
            return counting

    ui = Ui(Theme(), Book())
    surf = pygame.Surface((400, 100))
    box = pygame.Rect(0, 0, 120, 30)
    ui.label(surf, "A very long title that cannot fit", "body", (0, 0, 0), box)
    ui.chip(surf, "A chip whose text is far too long", 0, 40, 100)
    first = counting.calls
    assert first > 0
    for _ in range(5):                          # five more frames
        ui.label(surf, "A very long title that cannot fit", "body", (0, 0, 0), box)
        ui.chip(surf, "A chip whose text is far too long", 0, 40, 100)
    assert counting.calls - first <= 5 * 1        # only the chip's own width, never a re-fit


def test_toggling_the_dyslexia_font_never_reuses_another_fonts_glyph_answers(make_app, starter_dir):
    """Glyph answers were keyed by id(font): after Ui.rebuild a new font at a recycled
    address inherited the old one's answers (OpenDyslexic then drew an arrow as a box, or
    Inter showed "Up" for one), and the table kept growing with every rebuild."""
    from hrtraining.game import _text
    from hrtraining.game._text import FAMILIES, FONT_DIR, glyph_safe
    if not all((FONT_DIR / FAMILIES[f]["regular"]).is_file() for f in ("Inter", "OpenDyslexic")):
        pytest.skip("Inter and OpenDyslexic are not both bundled")
    app, d = make_app([starter_dir])
    assert app.ui.fonts.family == "Inter"
    for i in range(24):
        dyslexic = app.settings.dyslexic_font
        f = app.ui.font("body")
        assert glyph_safe("a ↑ b", f) == ("a Up b" if dyslexic else "a ↑ b"), (i, app.ui.fonts.family)
        del f
        app.settings.dyslexic_font = not dyslexic
        app.apply_settings(save=False)
        live = list(app.ui.fonts._fonts.values())
        # Only the fonts now in use have answers cached; the old ones' went with them.
        assert all(any(k is f2 for f2 in live) for k in list(_text._GLYPHS.keys())), i


def test_a_line_of_only_zero_width_characters_draws_as_an_empty_line():
    """A long word wrapped after a zero-width joiner left a line SDL_ttf refused to draw
    ("Text has zero width"), and the conversation showed the error screen instead."""
    font = pygame.font.Font(None, 24)
    cache = TextCache()
    block = cache.block("\u200d " + "x" * 400 + " end", font, 200, (0, 0, 0))
    assert block.lines[0] == "\u200d" and block.surface(0).get_width() == 0
    assert cache.line("\u200b\u2060", font, (0, 0, 0)).get_width() == 0


def test_a_1mb_line_neither_freezes_the_conversation_nor_the_history(make_app, tmp_path):
    """A client line of about 1 MB (as long as a file may be) froze the game for 9.5 s when it
    came on screen and 11.8 s when the history opened: all ~16,000 wrapped lines were rendered
    first. Now only what is in view is rendered, there and in the history, scrolled or not."""
    from game_helpers import write_starter

    big = " ".join(["Leaving before closing, and no fights, a real change."] * 19_000)
    write_starter(tmp_path / "lib", "huge", lambda t: t.replace("Honestly I slept better.", big))
    app, d = make_app([tmp_path / "lib"])
    (entry,) = app.library.entries
    assert entry.ok
    app.start_play(entry, "practice")
    for _ in range(20):
        d.finish_reveal()
        app.render()
        if any(len(ln.text) > 500_000 for ln in app.play.beat.lines):
            break
        d.key(pygame.K_1 if app.play.beat.kind == "choice" else pygame.K_RETURN)
        d.key(pygame.K_RETURN)
    assert any(len(ln.text) > 500_000 for ln in app.play.beat.lines)
    screenful = app.theme.height // app.ui.line_h("caption") + 1
    app.ui.text.renders = 0
    app.render()
    d.key(pygame.K_h)
    assert d.scene_name == "backlog"
    for _ in range(3):
        app.render()
        d.key(pygame.K_PAGEUP)
    d.key(pygame.K_HOME)
    app.render()
    assert app.ui.text.renders < 8 * screenful, app.ui.text.renders


def test_a_block_wholly_outside_the_clip_draws_nothing_and_still_reports_to_the_probe(font):
    cache = TextCache()
    block = cache.block("one two three four five six seven eight nine ten", font, 80, (0, 0, 0))
    surf = pygame.Surface((200, 200))
    surf.set_clip(pygame.Rect(0, 100, 200, 50))
    PROBE.enabled, PROBE.cut = True, []
    try:
        for y in (-10_000, 10_000):                # far above the clip, far below it
            cache.renders = 0
            draw_block(surf, block, 0, y, pygame.Rect(0, y, 200, block.height))
            assert cache.renders == 0
        assert {side for _, _, side in PROBE.cut} == {"above", "below"}  # hidden text is still known
    finally:
        PROBE.enabled = False
