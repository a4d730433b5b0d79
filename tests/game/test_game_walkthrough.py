"""Fixes from the new-user walkthrough: the title menu at large text, debrief wording, the
self-rating start, the F3 author overlay and provisional MITI thresholds."""
from __future__ import annotations

import re

import pygame
import pytest

from hrtraining.game._chrome import hint_height
from hrtraining.practice.words import plural, quoted
from hrtraining.game._driver import best_pick
from hrtraining.game._settings_scene import ROWS
from hrtraining.game._theme import TEXT_SIZES
from hrtraining.game._ui import Ui

from game_helpers import SHIPPED, write_starter

SIZES = [(1280, 720), (800, 600)]


@pytest.fixture
def shown(monkeypatch):
    """Every string drawn through the Ui helpers (labels, paragraphs, buttons), in order."""
    seen: list[str] = []

    def spy_for(name, original):
        # ``button(surf, rect, text, ...)``; ``label``/``para(surf, text, ...)``
        def spy(self, surf, *args, **kw):
            seen.append(args[1] if name == "button" else args[0])
            return original(self, surf, *args, **kw)
        return spy

    for name in ("label", "para", "button"):
        monkeypatch.setattr(Ui, name, spy_for(name, getattr(Ui, name)))
    return seen


def _use(app, text_size="standard", dyslexic=False, high_contrast=False):
    app.settings.text_size = text_size
    app.settings.dyslexic_font = dyslexic
    app.settings.high_contrast = high_contrast
    app.apply_settings(save=False)


def _resumable(app, d, entry):
    """Leave an unfinished attempt (one choice made), so the title offers Continue."""
    app.start_play(entry, "assessment")
    d.finish_reveal()
    d.key(pygame.K_1)
    app.switch("title")


# -- 1. the title menu and settings at every text size ----------------------------------------

@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "800x600"])
@pytest.mark.parametrize("text_size", list(TEXT_SIZES))
@pytest.mark.parametrize("dyslexic", [False, True], ids=["sans", "dyslexic"])
@pytest.mark.parametrize("resume", [False, True], ids=["fresh", "continue"])
def test_title_menu_fits_above_the_footer(make_app, size, text_size, dyslexic, resume):
    app, d = make_app([SHIPPED], size=size, record=resume)
    _use(app, text_size, dyslexic)
    if resume:
        # The longest title makes the longest Continue label.
        _resumable(app, d, max((e for e in app.library.entries if e.ok), key=lambda e: len(e.title)))
    app.render()
    sc = app.manager.current
    assert sc.name == "title"
    ids = [t.id for t in sc.targets]
    assert ids[-2:] == ["quit", "profiles"] and ("continue" in ids) == resume
    footer = size[1] - hint_height(app.ui)
    window = pygame.Rect((0, 0), size)
    for t in sc.targets:
        assert window.contains(t.rect), f"{t.id} {tuple(t.rect)} is off screen"
        assert t.rect.bottom <= footer, f"{t.id} {tuple(t.rect)} is under the footer at y={footer}"
    # The "Playing as" button is one of the targets above; everything is inside the card.
    assert sc.card.bottom <= footer and sc.card.top >= 0
    for t in sc.targets:
        assert sc.card.contains(t.rect)
    # Keyboard focus reaches every button, each one visible.
    for _ in ids:
        d.key(pygame.K_DOWN)
        t = d.target(sc.focus)
        assert t is not None and t.rect.bottom <= footer


def _row_fully_visible(sc) -> bool:
    keys = [k for k, _, _ in ROWS]
    y, h = sc.rows[keys.index(sc.focus[4:])]
    row = pygame.Rect(sc.view.view.x, sc.view.y(y), sc.view.view.w, h)
    return sc.view.view.contains(row)


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "800x600"])
@pytest.mark.parametrize("dyslexic", [False, True], ids=["sans", "dyslexic"])
def test_focused_settings_row_is_fully_in_view(make_app, size, dyslexic):
    app, d = make_app([SHIPPED], size=size)
    _use(app, "largest", dyslexic)
    app.switch("settings")
    sc = d.scene
    for key in [pygame.K_DOWN] * (len(ROWS) + 1) + [pygame.K_UP] * (len(ROWS) + 1):
        d.key(key)
        app.render()
        if sc.focus.startswith("row:"):
            assert _row_fully_visible(sc), f"{sc.focus} is cut off"
    # Changing a setting on a scrolled row reflows every row: the focused one stays in view.
    while sc.focus != "row:dyslexic_font":
        d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)
    assert app.settings.dyslexic_font is not dyslexic
    assert _row_fully_visible(sc)
    while sc.focus != "row:default_mode":
        d.key(pygame.K_DOWN)
    # Coming back to Settings starts at the top, with its focused first row in view.
    d.key(pygame.K_ESCAPE)
    app.switch("settings")
    assert sc.focus == "row:text_size" and _row_fully_visible(sc)


# -- 2. debrief wording -----------------------------------------------------------------------

def test_plural_and_quoted_helpers():
    assert plural(1, "decision") == "1 decision" and plural(2, "decision") == "2 decisions"
    assert quoted("out of it.") == "“out of it.”"
    assert quoted("out of it") == "“out of it.”"
    assert quoted("How did you do it?") == "“How did you do it?”"


def _critical_second(text: str) -> str:
    return text.replace("codes: [confront]", "codes: [confront]\n        critical: true")


def _debrief_after(app, d, picks: list[int]):
    app.start_play(app.library.entries[0], "practice")
    it = iter(picks)
    d.play_conversation(lambda play: next(it))
    assert d.scene_name == "debrief"


def _all_pages(app, d, shown) -> str:
    d.key(pygame.K_1)                           # rate first
    text = []
    for _ in range(3):
        shown.clear()
        app.render()
        d.key(pygame.K_PAGEDOWN)
        app.render()
        d.key(pygame.K_PAGEDOWN)
        app.render()
        text.append("\n".join(shown))
        d.key(pygame.K_RIGHT)
    return "\n".join(text)


def test_one_decision_is_singular(make_app, tmp_path, shown):
    folder = tmp_path / "lib"
    write_starter(folder)
    app, d = make_app([folder])
    _debrief_after(app, d, [1])                 # the "but" answer: one decision, no strength
    text = _all_pages(app, d, shown)
    assert "You worked through 1 decision with" in text
    assert not re.search(r"\b1 decisions\b", text)
    assert "(s)" not in text


def test_quoted_sentences_have_one_full_stop(make_app, tmp_path, shown):
    folder = tmp_path / "lib"
    write_starter(folder, text_edit=_critical_second)
    app, d = make_app([folder])
    _debrief_after(app, d, [1])                 # a critical choice whose text ends in "."
    text = _all_pages(app, d, shown)
    assert "two nights too many.”" in text
    assert not re.search(r"[.!?]”\.", text), re.search(r".{40}[.!?]”\..{10}", text)


def test_rating_labels_and_summary_wording(make_app, tmp_path, shown):
    folder = tmp_path / "lib"
    write_starter(folder)
    app, d = make_app([folder], record=True)
    _debrief_after(app, d, [1])
    shown.clear()
    app.render()
    ratings = [s for s in shown if " — " in s and s.split(" — ")[0] in
               ("Still finding my feet", "Getting there", "It went well")]
    assert "Getting there — some good moments, some I would take back." in ratings
    for label in ratings:
        after = label.split(" — ", 1)[1]
        assert after[0].islower() or after.startswith("I "), label
    d.key(pygame.K_2)
    for _ in range(2):
        d.key(pygame.K_RIGHT)
    assert d.scene.current == "summary"
    shown.clear()
    app.render()
    d.key(pygame.K_PAGEDOWN)
    app.render()
    summary = "\n".join(dict.fromkeys(shown))    # each string once, though drawn twice
    assert summary.count("in the other mode") <= 1
    assert not re.search(r"(?:^|\n)(?:Coach|Why|Strength|Try next)[^\n]*: [a-z]", summary)


# -- 3. the self-rating starts with nothing chosen --------------------------------------------

def test_self_rating_needs_a_deliberate_choice(make_app, tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder)
    app, d = make_app([folder])
    _debrief_after(app, d, [0, 0])
    sc = d.scene
    assert sc.current == "rate" and sc.focus is None
    d.key(pygame.K_RETURN)
    d.key(pygame.K_SPACE)
    assert sc.current == "rate" and app.play.self_rating is None
    d.key(pygame.K_DOWN)                        # into the options: the first, not the middle
    assert sc.focus == "rate:beginning" and app.play.self_rating is None
    d.key(pygame.K_DOWN)
    d.key(pygame.K_RETURN)
    assert app.play.self_rating == "fair" and sc.current == "decisions"


# -- 4. the F3 author overlay -----------------------------------------------------------------

def test_author_overlay_reads_like_the_screen(make_app, tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder)
    app, d = make_app([folder])
    app.start_play(app.library.entries[0], "practice")
    d.finish_reveal()
    d.key(pygame.K_F3)
    lines = d.scene.debug_lines()
    text = "\n".join(lines)
    assert "1. +2 recognizing improvement, +1 avoiding perfectionism · codes: affirm, question" in text
    assert "2. −1 recognizing improvement, −1 avoiding perfectionism · codes: confront" in text
    assert "#0" not in text and "score={" not in text and "codes=[" not in text
    app.render()
    from hrtraining.game._overlays import debug_box
    rect, _ = debug_box(app)  # where draw_debug puts it (a pure function: drawing changes nothing)
    assert not rect.colliderect(d.scene.bar), "the overlay covers the scenario title"
    assert rect.bottom <= app.theme.height - hint_height(app.ui)
    # After a choice the last choice is described the same way.
    d.key(pygame.K_1)
    assert any(ln.startswith("last choice (at opening): +2 recognizing improvement") for ln in d.scene.debug_lines())


def test_critical_choices_are_flagged_in_the_overlay(make_app, tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder, text_edit=_critical_second)
    app, d = make_app([folder])
    app.start_play(app.library.entries[0], "practice")
    d.finish_reveal()
    line = next(ln for ln in d.scene.debug_lines() if ln.strip().startswith("2."))
    assert "codes: confront · effects: trust −1 · critical" in line


# -- 5. provisional MITI thresholds -----------------------------------------------------------

def test_miti_levels_are_called_provisional(make_app, shown):
    app, d = make_app([SHIPPED])
    app.start_play(app.library.entries[0], "practice")
    d.play_conversation(best_pick)
    assert d.scene.report.miti_levels
    d.key(pygame.K_3)
    d.key(pygame.K_RIGHT)
    assert d.scene.current == "scores"
    shown.clear()
    for _ in range(6):
        app.render()
        d.key(pygame.K_PAGEDOWN)
    text = "\n".join(shown)
    for line in text.splitlines():
        if line.startswith(("Reflections to questions (R:Q)", "Complex reflections (%CR)")) and " — " in line:
            assert line.endswith("(provisional thresholds)"), line
    assert "Reflections to questions (R:Q)" in text and "(provisional thresholds)" in text
    assert "Provisional MITI 4.2.1 thresholds" in text
