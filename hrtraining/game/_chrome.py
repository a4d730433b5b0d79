"""Pieces of screen every menu-like scene shares: backdrop, header, key hints, button rows."""
from __future__ import annotations

from collections.abc import Sequence

import pygame

from hrtraining.practice.words import level_name  # noqa: F401  (the scenes take it from here)

from ._text import glyph_safe
from ._ui import Target, Ui


def backdrop(ui: Ui, surf: pygame.Surface, setting: str = "default") -> None:
    """The setting's picture (or a gradient) filling the window."""
    surf.blit(ui.assets.background(setting, surf.get_size(), ui.pal), (0, 0))


def header_height(ui: Ui, title: str, subtitle: str, width: int) -> int:
    th = ui.theme
    h = ui.measure(title, "h1", width, "bold")
    if subtitle:
        h += th.px(6) + ui.measure(subtitle, "small", width)
    return h + 2 * th.px(18)


def header(ui: Ui, surf: pygame.Surface, title: str, subtitle: str = "") -> int:
    """A title card across the top; returns the y just below it."""
    th = ui.theme
    w = th.width - 2 * th.margin
    inner = w - 2 * th.pad
    h = header_height(ui, title, subtitle, inner)
    rect = pygame.Rect(th.margin, th.margin, w, h)
    ui.panel(surf, rect)
    y = rect.y + th.px(18)
    y += ui.para(surf, title, "h1", ui.pal.heading, pygame.Rect(rect.x + th.pad, y, inner, h), "bold")
    if subtitle:
        y += th.px(6)
        ui.para(surf, subtitle, "small", ui.pal.muted, pygame.Rect(rect.x + th.pad, y, inner, rect.bottom - y))
    return rect.bottom


def hint_height(ui: Ui) -> int:
    return ui.line_h("caption") + ui.theme.px(14)


def _rank(item: str, position: int, order: Sequence[str]) -> tuple[int, int]:
    """How important a hint is: its place in ``order`` (item prefixes, most important first),
    then, for items ``order`` does not name, after all of those, by position."""
    for i, prefix in enumerate(order):
        if item.startswith(prefix):
            return i, position
    return len(order), position


def fit_hints(ui: Ui, text: str, width: int, order: Sequence[str] = ()) -> str:
    """The key hints that fit one line of ``width``: ``text`` is " · "-separated items in the
    order they read. The least important item is dropped whole (never cut in the middle of a
    word) until the rest fit: by default the last; ``order`` (prefixes of items, most
    important first) ranks them otherwise, so a hint that matters now ("PgDn more choices")
    is kept over one that reads before it. What is kept keeps its reading order."""
    font = ui.font("caption")
    items = text.split(" · ")
    kept = list(range(len(items)))
    # Measured as drawn: a face without arrows shows "Up/Down" for "↑↓" (glyph_safe), wider.
    while len(kept) > 1 and font.size(glyph_safe(" · ".join(items[i] for i in kept), font))[0] > width:
        kept.remove(max(kept, key=lambda i: _rank(items[i], i, order)))
    return " · ".join(items[i] for i in kept)


def hints(ui: Ui, surf: pygame.Surface, text: str, buttons: list[Target] | None = None,
          scene=None, order: Sequence[str] = (), opaque: bool = False) -> None:
    """Key hints along the bottom edge, on a slim strip so they read over any picture.

    ``text`` lists the keys that work *now*; what does not fit is left out whole, the least
    important first (see :func:`fit_hints` and its ``order``). ``buttons`` (from
    :func:`footer_buttons`) sit at the right end of the strip and do by pointer what the keys
    do (Ren'Py's quick menu); ``scene`` draws their hover. An overlay passes ``opaque``: its
    strip then hides the footer of the scene beneath, which lists keys that do not work now.
    """
    th = ui.theme
    h = hint_height(ui)
    rect = pygame.Rect(0, th.height - h, th.width, h)
    ui.panel(surf, rect, (*ui.pal.panel[:3], 255) if opaque else None, radius=0, edge=False, shadow=False)
    box = rect.inflate(-2 * th.margin, 0)
    align = "center"
    if buttons:
        box.w = min(b.rect.left for b in buttons) - th.gap - box.x
        align = "left"
        for b in buttons:
            hover, focus = scene.is_hot(b.id) if scene is not None else (False, False)
            ui.button(surf, b.rect, b.label, hover=hover, focus=focus, role="caption")
    if box.w > 0:
        ui.label(surf, fit_hints(ui, text, box.w, order), "caption", ui.pal.muted, box, align=align, valign="center")


def footer_buttons(ui: Ui, specs: list[tuple[str, str]]) -> list[Target]:
    """Small buttons at the right end of the key-hint strip, laid right to left."""
    th = ui.theme
    h = hint_height(ui)
    bh = h - th.px(6)
    x = th.width - th.margin
    out = []
    for tid, label in reversed(specs):
        w = ui.font("caption").size(label)[0] + 2 * th.px(18) + th.px(2)
        out.append(Target(tid, pygame.Rect(x - w, th.height - h + (h - bh) // 2, w, bh), label))
        x -= w + th.px(8)
    out.reverse()
    return out


def button_row(ui: Ui, specs: list[tuple[str, str]], right: int, bottom: int, max_w: int,
               role: str = "body") -> list[Target]:
    """Targets for buttons laid right-to-left ending at (right, bottom); wraps upward if needed."""
    th = ui.theme
    out: list[Target] = []
    x, y = right, bottom
    row_h = ui.line_h(role, "bold") + 2 * th.px(12)
    for tid, label in reversed(specs):
        w = min(max_w, ui.font(role, "bold").size(label)[0] + 2 * th.px(24))
        if x - w < right - max_w:
            x, y = right, y - row_h - th.gap
        h = ui.button_height(label, w, role, primary=True)
        out.append(Target(tid, pygame.Rect(x - w, y - h, w, h), label))
        x -= w + th.gap
    out.reverse()
    return out


def draw_buttons(scene, surf: pygame.Surface, targets: list[Target], primary: str = "",
                 role: str = "body") -> None:
    for t in targets:
        hover, focus = scene.is_hot(t.id)
        scene.ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id == primary, role=role)

