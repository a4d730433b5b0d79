"""The text box's wrapping keeps every character's place, and fits the box."""
from __future__ import annotations

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hrtraining.game._textbox import Widths, wrap_exact

TEXTS = ["", "one", "one two three four five six seven", "  leading and trailing  ", "a\n\nb\n",
         "x" * 300, "word " * 60, "日本語のテキストも折り返す" * 8, "tab\tand  double  spaces " * 10]


@pytest.fixture(scope="module")
def font():
    pygame.font.init()
    return pygame.font.Font(None, 24)


def _check(text: str, font, width: int) -> None:
    lines = wrap_exact(text, font, width, Widths(font))
    # Contiguous: each line starts where the last ended (or just after a newline), and every
    # character is in exactly one line.
    pos = 0
    for ln in lines:
        assert ln.start in (pos, pos + 1) and (ln.start == pos or text[pos] == "\n")
        assert ln.start <= ln.end and "\n" not in text[ln.start:ln.end]
        pos = ln.end
    assert pos == len(text)
    assert len(lines) == text.count("\n") + 1 + sum(1 for a, b in zip(lines, lines[1:]) if a.end == b.start)
    for ln in lines:  # what is drawn (the line without its trailing spaces) fits, but for a lone character
        drawn = text[ln.start:ln.end].rstrip()
        assert font.size(drawn)[0] <= width + 2 or len(drawn) <= 1


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [8, 60, 200, 640])
def test_wrapping_keeps_every_character_and_fits(font, text, width):
    _check(text, font, width)


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t "), max_size=300),
       width=st.integers(8, 400))
def test_wrapping_any_text(font, text, width):
    _check(text, font, width)
