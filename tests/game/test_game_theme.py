"""WCAG contrast of every text/background pair the theme draws."""
from __future__ import annotations

import pytest

from hrtraining.game._theme import (DEFAULT, HIGH_CONTRAST, TEXT_SIZES, Theme, contrast_ratio,
                                    worst_contrast)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast_ratio((255, 255, 255), (255, 255, 255)) == pytest.approx(1.0)
    # #767676 on white is the well-known 4.54:1 AA boundary grey.
    assert contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("what,fg,bg", HIGH_CONTRAST.text_pairs(), ids=lambda v: v if isinstance(v, str) else "")
def test_high_contrast_theme_is_at_least_7_to_1(what, fg, bg):
    assert worst_contrast(fg, bg) >= 7.0, what


@pytest.mark.parametrize("what,fg,bg", DEFAULT.text_pairs(), ids=lambda v: v if isinstance(v, str) else "")
def test_default_theme_meets_aa(what, fg, bg):
    # Translucent panels are judged over the worst backdrop, black or white.
    assert worst_contrast(fg, bg) >= 4.5, what


def test_focus_ring_and_meters_are_visible_on_panels():
    for pal in (DEFAULT, HIGH_CONTRAST):
        panel = pal.panel[:3]
        assert contrast_ratio(pal.focus, panel) >= 3.0  # WCAG non-text contrast
        assert contrast_ratio(pal.meter, pal.track) >= 1.5


def test_text_sizes_grow_and_scale_with_window():
    small = Theme(width=800, height=600)
    big = Theme(width=1920, height=1080)
    assert small.font_px("body") < big.font_px("body")
    sizes = []
    for name, k in TEXT_SIZES.items():
        t = Theme(width=1280, height=720, text_scale=k)
        sizes.append(t.font_px("body"))
    assert sizes == sorted(sizes) and len(set(sizes)) == 3
