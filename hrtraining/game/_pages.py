"""Scrolling pages of rows: headings, paragraphs, score bars and warning boxes.

The debrief and the progress detail are long, text-heavy pages whose length
depends on the scenario and the text size. They are built as a list of
:class:`Row` values, measured once per layout, and drawn inside a
:class:`ScrollView` so nothing ever overflows: a page simply scrolls.

A ``buttons`` row holds buttons that scroll with the page ("Replay from here");
:meth:`Page.targets` gives the scene their rectangles where they are in view (a
button scrolled out of view keeps an empty rectangle, so the keyboard still
reaches it and the scene scrolls it into view).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pygame

from ._chrome import level_name
from ._ui import ScrollView, Target, Ui, clipped


@dataclass
class Row:
    kind: str                 # h, p, bar, warn, chips, buttons
    text: str = ""
    title: str = ""
    colour: str = "text"      # a Palette attribute
    role: str = "body"
    style: str = "regular"
    card: int | None = None   # rows with the same card number share a soft background
    data: Any = None          # bar: (name, percent, level, note); buttons: [(target id, label), ...]


class Page:
    """Measures and draws rows inside a scroll view."""

    def __init__(self) -> None:
        self.rows: list[Row] = []
        self.pos: list[tuple[int, int]] = []
        self.view = ScrollView()
        #: Per ``buttons`` row (by index): (target id, label, rect relative to the row's top-left).
        self.buttons: dict[int, list[tuple[str, str, pygame.Rect]]] = {}

    def set(self, ui: Ui, rows: list[Row], view: pygame.Rect, keep_offset: bool = True) -> None:
        th = ui.theme
        self.rows = rows
        self.pos = []
        self.buttons = {}
        y = 0
        last_card = None
        for r in rows:
            if r.card != last_card:
                if last_card is not None:
                    y += th.pad // 2 + th.gap  # close the previous card
                if r.card is not None:
                    y += th.pad // 2
                last_card = r.card
            w = view.w - self._indent(ui, r) * 2
            if r.kind == "buttons":
                self.buttons[len(self.pos)] = self._button_layout(ui, r.data, w)
                h = max((b.bottom for _, _, b in self.buttons[len(self.pos)]), default=0)
            else:
                h = self._height(ui, r, w)
            self.pos.append((y, h))
            y += h + th.px(10)
        if last_card is not None:
            y += th.pad // 2
        if not keep_offset:
            self.view.offset = 0
        self.view.set(view, max(0, y - th.px(10)))

    @staticmethod
    def _button_layout(ui: Ui, specs: list[tuple[str, str]], w: int) -> list[tuple[str, str, pygame.Rect]]:
        """Buttons left to right, wrapping onto a new line when the next does not fit."""
        th = ui.theme
        out, x, y, row_h = [], 0, 0, 0
        for tid, label in specs:
            bw = min(w, ui.font("small", "bold").size(label)[0] + 2 * th.px(22))
            bh = ui.button_height(label, bw, "small", primary=True)
            if x and x + bw > w:
                x, y, row_h = 0, y + row_h + th.px(8), 0
            out.append((tid, label, pygame.Rect(x, y, bw, bh)))
            x += bw + th.px(10)
            row_h = max(row_h, bh)
        return out

    def targets(self, ui: Ui) -> list[Target]:
        """The page's buttons, placed where they are now (empty rectangles out of view)."""
        out = []
        view = self.view.view
        for i, specs in self.buttons.items():
            y = self.view.y(self.pos[i][0])
            ind = self._indent(ui, self.rows[i])
            for tid, label, r in specs:
                rect = r.move(view.x + ind, y)
                out.append(Target(tid, rect.clip(view) if rect.colliderect(view) else pygame.Rect(rect.x, view.y, 0, 0),
                                  label))
        return out

    def content_span(self, target_id: str) -> tuple[int, int] | None:
        """(top, bottom) of a button in content coordinates, to scroll it into view."""
        for i, specs in self.buttons.items():
            for tid, _, r in specs:
                if tid == target_id:
                    return self.pos[i][0] + r.top, self.pos[i][0] + r.bottom
        return None

    def _indent(self, ui: Ui, r: Row) -> int:
        if r.kind == "warn":
            return ui.theme.px(14) + (ui.theme.gap if r.card is not None else 0)
        return ui.theme.gap if r.card is not None else 0

    def _height(self, ui: Ui, r: Row, w: int) -> int:
        th = ui.theme
        if r.kind == "h":
            return ui.measure(r.text, "h2", w, "bold")
        if r.kind == "bar":
            return ui.line_h("body", "bold") + th.px(8) + th.px(16) + (
                th.px(6) + ui.measure(r.data[3], "caption", w) if r.data[3] else 0)
        h = ui.measure(r.text, r.role, w, r.style) if r.text else 0
        if r.title:
            h += ui.measure(r.title, "small", w, "bold") + th.px(4)
        if r.kind == "warn":
            h += 2 * th.px(12)
        return h

    def draw(self, ui: Ui, surf: pygame.Surface, hot: Any = None, bar: bool = True) -> None:
        """The rows in view; ``hot(target_id) -> (hover, focus)`` for ``buttons`` rows;
        ``bar=False`` leaves the scroll bar and cue to the caller (who draws more into the
        page first)."""
        th, pal = ui.theme, ui.pal
        view = self.view.view
        with clipped(surf, view):
            # Card backgrounds first, spanning their rows.
            spans: dict[int, list[int]] = {}
            for r, (y, h) in zip(self.rows, self.pos):
                if r.card is not None:
                    s = spans.setdefault(r.card, [y, y + h])
                    s[1] = y + h
            for top, bottom in spans.values():
                rect = pygame.Rect(view.x, self.view.y(top) - th.pad // 2, view.w, bottom - top + th.pad)
                if rect.colliderect(view):
                    pygame.draw.rect(surf, pal.panel_alt, rect, border_radius=th.px(12))
                    pygame.draw.rect(surf, pal.panel_edge, rect, max(1, th.px(1.5)), border_radius=th.px(12))
            for i, (r, (y, h)) in enumerate(zip(self.rows, self.pos)):
                sy = self.view.y(y)
                if sy > view.bottom or sy + h < view.top:
                    continue
                ind = self._indent(ui, r)
                if r.kind == "buttons":
                    for tid, label, b in self.buttons.get(i, []):
                        hover, focus = hot(tid) if hot else (False, False)
                        ui.button(surf, b.move(view.x + ind, sy), label, hover=hover, focus=focus, role="small")
                    continue
                self._draw_row(ui, surf, r, pygame.Rect(view.x + ind, sy, view.w - 2 * ind, h))
        if bar:
            self.view.draw_bar(surf, ui)

    def _draw_row(self, ui: Ui, surf: pygame.Surface, r: Row, box: pygame.Rect) -> None:
        th, pal = ui.theme, ui.pal
        colour = getattr(pal, r.colour, pal.text)
        if r.kind == "h":
            ui.para(surf, r.text, "h2", colour, box, "bold", vertical=False)
            return
        if r.kind == "bar":
            name, percent, level, note = r.data[:4]
            lh = ui.line_h("body", "bold")
            chip_text = level_name(level)
            cw = ui.chip_width(chip_text)
            pct = f"{round(percent * 100)}%"
            pw = ui.font("body", "bold").size(pct)[0]
            ui.label(surf, name, "body", pal.text, pygame.Rect(box.x, box.y, box.w - cw - pw - 2 * th.gap, lh),
                     style="bold")
            ui.label(surf, pct, "body", pal.text, pygame.Rect(box.right - cw - pw - th.gap, box.y, pw, lh),
                     style="bold")
            on = (0, 0, 0) if pal.name == "high-contrast" else pal.on_accent
            ui.chip(surf, chip_text, box.right - cw, box.y + th.px(2), cw, pal.level(level), on)
            bar = pygame.Rect(box.x, box.y + lh + th.px(8), box.w, th.px(16))
            ui.bar(surf, bar, percent, pal.level(level), marks=r.data[4] if len(r.data) > 4 else ())
            if note:
                ui.para(surf, note, "caption", pal.muted, pygame.Rect(box.x, bar.bottom + th.px(6), box.w, 1),
                        vertical=False)
            return
        if r.kind == "warn":
            pygame.draw.rect(surf, pal.warn_panel, box.inflate(2 * th.px(14), 0), border_radius=th.px(10))
            colour = pal.on_warn
            box = box.inflate(0, -2 * th.px(12))
        y = box.y
        if r.title:
            tcol = colour if r.kind == "warn" else getattr(pal, "heading")
            y += ui.para(surf, r.title, "small", tcol, pygame.Rect(box.x, y, box.w, 1), "bold",
                         vertical=False) + th.px(4)
        if r.text:
            ui.para(surf, r.text, r.role, colour, pygame.Rect(box.x, y, box.w, 1), r.style, vertical=False)
