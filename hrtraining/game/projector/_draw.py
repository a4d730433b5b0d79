"""Drawing pieces of the projector: the QR code, the join card, distribution bars.

Only the game's own helpers (``Ui``: panels, cached text, bars) and theme
colours are used, so the projector follows the high-contrast setting and the
text sizes like every other scene.
"""
from __future__ import annotations

import pygame

from .._ui import Ui

QUIET = 4  # modules of white around a QR code, as the standard asks


class QrCache:
    """The QR code of one address rendered once per size (a frame only blits it)."""

    def __init__(self) -> None:
        self._key: tuple[str, int] | None = None
        self._surface: pygame.Surface | None = None

    def surface(self, url: str, size: int) -> pygame.Surface:
        if self._key != (url, size) or self._surface is None:
            from hrtraining.workshop import qr_matrix
            rows = qr_matrix(url)
            n = len(rows) + 2 * QUIET
            module = max(1, size // n)
            side = module * n
            s = pygame.Surface((side, side))
            s.fill((255, 255, 255))  # QR codes need dark on light, whatever the theme
            for y, row in enumerate(rows):
                for x, dark in enumerate(row):
                    if dark:
                        s.fill((0, 0, 0), ((x + QUIET) * module, (y + QUIET) * module, module, module))
            self._key, self._surface = (url, size), s
        return self._surface


def number_chip(ui: Ui, surf: pygame.Surface, number: int, x: int, y: int, role: str = "body",
                dim: bool = False) -> int:
    """The option's number in a rounded square (what the leader's 1–4 keys pick); returns its width."""
    th, pal = ui.theme, ui.pal
    h = ui.line_h(role, "bold")
    w = max(h, ui.font(role, "bold").size(str(number))[0] + th.px(16))
    r = pygame.Rect(x, y, w, h)
    pygame.draw.rect(surf, pal.track if dim else pal.accent, r, border_radius=th.px(8))
    ui.label(surf, str(number), role, pal.text if dim else pal.on_accent, r, align="center", style="bold",
             valign="center")
    return w


def chip_width(ui: Ui, number: int, role: str = "body") -> int:
    h = ui.line_h(role, "bold")
    return max(h, ui.font(role, "bold").size(str(number))[0] + ui.theme.px(16))


def phase_banner(ui: Ui, surf: pygame.Surface, rect: pygame.Rect, text: str, strong: bool,
                 aside: str = "") -> None:
    """The line that says what the room is doing; filled with the accent while voting is open.

    ``aside`` is a short note at the right end (the room code when the join card is hidden).
    """
    th, pal = ui.theme, ui.pal
    if strong:
        pygame.draw.rect(surf, pal.accent, rect, border_radius=th.radius)
        colour = muted = pal.on_accent
    else:
        ui.panel(surf, rect, pal.panel_alt, shadow=False)
        pygame.draw.rect(surf, pal.accent, (rect.x, rect.y + th.px(8), th.px(6), rect.h - th.px(16)),
                         border_radius=th.px(3))
        colour, muted = pal.heading, pal.muted
    inner = rect.inflate(-2 * th.pad, 0)
    if aside:
        aw = ui.font("small", "bold").size(aside)[0]
        ui.label(surf, aside, "small", muted, pygame.Rect(inner.right - aw, inner.y, aw, inner.h), style="bold",
                 valign="center")
        inner.w -= aw + th.gap
    ui.label(surf, text, "h2", colour, inner, style="bold", valign="center")


def room_code(ui: Ui, surf: pygame.Surface, code: str, box: pygame.Rect, colour) -> int:
    """The code letter by letter, evenly spaced across ``box`` in the largest type that fits; returns height."""
    th = ui.theme
    for role in ("display", "h1", "h2"):
        font = ui.font(role, "bold")
        widths = [font.size(ch)[0] for ch in code]
        if sum(widths) + th.px(6) * (len(code) - 1) <= box.w:
            break
    cell = box.w / len(code)
    cell = min(cell, max(widths) + th.px(14))
    x0 = box.x
    for i, ch in enumerate(code):
        s = ui.text.line(ch, font, colour)
        surf.blit(s, s.get_rect(midtop=(round(x0 + cell * (i + 0.5)), box.y)))
    return font.get_height()


def code_height(ui: Ui, box_w: int, code: str) -> int:
    th = ui.theme
    for role in ("display", "h1", "h2"):
        font = ui.font(role, "bold")
        if sum(font.size(ch)[0] for ch in code) + th.px(6) * (len(code) - 1) <= box_w:
            return font.get_height()
    return ui.font("h2", "bold").get_height()


def vote_bar(ui: Ui, surf: pygame.Surface, rect: pygame.Rect, votes: int, total: int, grow: float,
             chosen: bool) -> None:
    """A distribution bar with its count and percent at the right."""
    th, pal = ui.theme, ui.pal
    share = votes / total if total else 0.0
    label = f"{votes}  ·  {round(100 * share)}%"
    lw = ui.font("small", "bold").size("000  ·  100%")[0] + th.px(12)
    bar = pygame.Rect(rect.x, rect.y + (rect.h - th.px(16)) // 2, max(th.px(20), rect.w - lw), th.px(16))
    ui.bar(surf, bar, share * grow, pal.accent if chosen else pal.meter)
    ui.label(surf, label, "small", pal.text, pygame.Rect(bar.right + th.px(12), rect.y, lw, rect.h),
             style="bold", valign="center")


def draw_question(ui: Ui, th, surf: pygame.Surface, title: str, text: str, hint: str) -> None:
    """A leader's yes/no question as a card over ``surf`` (the wall with no presenter, or the
    presenter window), centred and dimming what is under it."""
    pal = ui.pal
    width, height = surf.get_size()
    ui.scrim(surf, 150)
    w = min(width - 2 * th.margin, th.px(760))
    inner_w = w - 2 * th.pad
    h = 2 * th.pad + ui.line_h("h1", "bold") + th.gap + ui.measure(text, "body", inner_w) + th.gap \
        + ui.line_h("small")
    card = pygame.Rect((width - w) // 2, max(0, (height - h) // 2), w, h)
    ui.panel(surf, card)
    y = card.y + th.pad
    ui.label(surf, title, "h1", pal.heading, pygame.Rect(card.x + th.pad, y, inner_w, 1), style="bold")
    y += ui.line_h("h1", "bold") + th.gap
    y += ui.para(surf, text, "body", pal.text, pygame.Rect(card.x + th.pad, y, inner_w, card.bottom - y)) + th.gap
    ui.label(surf, hint, "small", pal.muted, pygame.Rect(card.x + th.pad, y, inner_w, 1), style="bold")


def draw_moment(ui: Ui, th, surf: pygame.Surface, text: str = "One moment…") -> None:
    """What the wall shows while the leader answers a question in the presenter view: a neutral
    word, nothing of the question (the room need not read whom the leader may remove)."""
    pal = ui.pal
    width, height = surf.get_size()
    w = min(width - 2 * th.margin, ui.font("h2", "bold").size(text)[0] + 2 * th.pad)
    h = ui.line_h("h2", "bold") + 2 * th.pad
    card = pygame.Rect((width - w) // 2, (height - h) // 2, w, h)
    ui.scrim(surf, 60)  # a light dimming: the room sees a pause, and can still read the story
    ui.panel(surf, card, colour=(*pal.panel[:3], 255))  # opaque: no story text through the word
    ui.label(surf, text, "h2", pal.heading, card.inflate(-2 * th.pad, -2 * th.pad), align="center",
             style="bold")
