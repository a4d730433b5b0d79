"""The conversation reflows: a bigger window shows more, and the largest text in the
dyslexia-friendly face still shows the current line, two options and the coach's note."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._chrome import fit_hints
from hrtraining.engine import YOU
from hrtraining.game._conversation import MIN_COACH_LINES, MIN_DIALOG_LINES, MIN_OPTIONS
from hrtraining.game._driver import best_pick
from hrtraining.game._text import PROBE, line_step

from game_helpers import SHIPPED


def _inside(inner: pygame.Rect, outer: pygame.Rect) -> bool:
    return outer.top <= inner.top and inner.bottom <= outer.bottom


def _current_line_box(sc) -> pygame.Rect:
    y, nh, h = sc.line_pos[-1]
    return pygame.Rect(sc.dialog.view.x, sc.dialog.y(y), sc.dialog.view.w, nh + h)


def _option_boxes(sc) -> list[pygame.Rect]:
    return [pygame.Rect(sc.area.view.x, sc.area.y(y), sc.area.view.w, h)
            for (kind, _, h), y in zip(sc.items, sc.item_pos) if kind == "button"]


def test_a_bigger_window_shows_more_text_not_bigger_text(make_app, starter_dir):
    app, d = make_app([starter_dir], size=(1280, 720))
    body = app.theme.font_px("body")
    app.start_play(app.library.entries[0], "practice")
    d.finish_reveal()
    small_view = app.manager.current.dialog_rect.h
    app.resize(1920, 1080)
    assert app.theme.font_px("body") == body       # the same size of text...
    assert app.manager.current.dialog_rect.h > small_view * 1.3   # ...and much more room for it
    app.resize(800, 600)
    assert app.theme.font_px("body") < body        # a smaller window still shrinks to fit


@pytest.mark.parametrize("size", [(1280, 720)])
def test_largest_dyslexic_text_shows_the_line_two_options_and_five_coach_lines(make_app, size):
    """Every decision of every shipped scenario, the best path, in practice mode (800×600 at the
    largest size is test_game_layout's ``test_shipped_scenarios_conversation_fits_at_every_size``).
    Under the coach's note the conversation keeps the client's last line (at least its first
    lines, with a cue) beside the note's first five lines: never an empty strip."""
    app, d = make_app([SHIPPED], size=size)
    app.settings.text_size, app.settings.dyslexic_font = "largest", True
    app.apply_settings(save=False)
    coach_font = app.ui.font("small")
    decisions = 0
    PROBE.enabled, PROBE.problems = True, []
    try:
        for entry in [e for e in app.library.entries if e.ok]:
            app.start_play(entry, "practice")
            for _ in range(300):
                if d.scene_name != "conversation":
                    break
                d.finish_reveal()
                sc = app.manager.current
                where = f"{entry.id} {size} at {app.play.session.state.node}"
                if sc.line_pos:
                    assert _inside(_current_line_box(sc), sc.dialog.view), f"{where}: the current line is cut"
                if app.play.beat.kind == "choice":
                    decisions += 1
                    boxes = _option_boxes(sc)
                    for box in boxes[:MIN_OPTIONS]:
                        assert _inside(box, sc.area.view), f"{where}: an option of the first two is cut"
                    PROBE.frame()
                    app.render()
                    if not all(_inside(b, sc.area.view) for b in boxes):
                        assert (tuple(sc.area.view), True) in PROBE.cues, f"{where}: hidden options, no cue"
                    assert not PROBE.problems and not PROBE.uncued(), (where, PROBE.problems, PROBE.uncued())
                    d.key(pygame.K_1 + best_pick(app.play))
                    head = app.ui.line_h("h2", "bold") + app.ui.line_h("small", "bold")
                    five = head + line_step(coach_font) * (MIN_COACH_LINES - 1) + coach_font.get_height()
                    assert sc.phase == "coach" and sc.area.view.h >= min(five, sc.area.content_h), where
                    _assert_client_line_readable(app, sc, where)
                    assert all(kind != "button" for kind, _, _ in sc.items), where  # none above the note
                d.key(pygame.K_RETURN)
    finally:
        PROBE.enabled = False
    assert decisions > 20


def _assert_client_line_readable(app, sc, where):
    """Under the coach's note the conversation panel shows the line the trainee answered:
    whole, or its first MIN_DIALOG_LINES lines with a cue that there is more."""
    assert sc.display[-1].speaker == YOU, where
    y, nh, h = sc.line_pos[-2 if len(sc.line_pos) > 1 else -1]  # a beat of options alone: the answer
    font = app.ui.font("body")
    least = min(h, line_step(font) * (MIN_DIALOG_LINES - 1) + font.get_height())
    top = sc.dialog.y(y + nh)
    view = sc.dialog.view
    assert view.top - 1 <= top and top + least <= view.bottom + 1, \
        f"{where}: the client's last line is not in view under the coach's note ({top}..{top + least} in {tuple(view)})"
    PROBE.frame()
    app.render()
    if top + h > view.bottom + 1 or sc.dialog.max_offset > sc.dialog.offset:
        assert (tuple(view), True) in PROBE.cues, f"{where}: the conversation is cut with no cue"


def test_the_footer_names_the_keys_that_work_now(make_app, starter_dir):
    app, d = make_app([starter_dir])
    app.settings.text_speed = "slow"
    app.start_play(app.library.entries[0], "practice")
    sc = app.manager.current
    assert sc.phase == "reveal" and sc.hint_text().startswith("Any key or click")
    d.key(pygame.K_SPACE)
    assert "choose" in sc.hint_text() and "Tab" in sc.hint_text() and "Esc menu" in sc.hint_text()
    d.key(pygame.K_1)
    assert sc.phase == "coach"
    text = sc.hint_text()
    assert text.startswith("Enter or Space continue") and "choose" not in text and "H history" in text
    assert "F5" not in text                        # author keys only in an author's test play
    app.resize(800, 600)
    app.settings.text_size = "largest"
    app.apply_settings(save=False)
    width = min(t.rect.left for t in sc.footer) - app.theme.gap - app.theme.margin
    shown = fit_hints(app.ui, sc.hint_text(), width)
    # What does not fit is left out whole, most useful first, never cut with an ellipsis.
    assert sc.hint_text().startswith(shown)
    assert app.ui.font("caption").size(shown)[0] <= width and shown.startswith("Enter or Space continue")
    narrow = app.ui.font("caption").size("Enter or Space continue · PgDn more")[0] + 4
    assert fit_hints(app.ui, sc.hint_text(), narrow) == "Enter or Space continue · PgDn more"
