"""Show of hands: the fallback without a network, typed in by the leader.

H opens a small panel over the projector with one count per choice. Digits
type into the highlighted row, ↑/↓ or Tab move, Backspace deletes, Enter saves
(the counts are added to any phone votes), Esc cancels. Those keys are listed in
the presenter view, not on the wall, which shows only the choices and the counts.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ._draw import number_chip

if TYPE_CHECKING:
    from hrtraining.workshop import RoomView

    from ._scene import ProjectorScene

MAX_DIGITS = 4
#: The keys, for the leader's presenter view (the wall shows only the counts being typed).
HINT = "Show of hands: type the counts · digits type · ↑↓ move · Enter save · Esc cancel"


class HandsEntry:
    def __init__(self, scene: ProjectorScene, view: RoomView):
        self.scene = scene
        self.numbers = [o.number for o in view.options]
        self.texts = {o.number: o.text for o in view.options}
        self.counts = {n: str(view.hands.get(n, "")) if view.hands.get(n) else "" for n in self.numbers}
        self.row = 0

    def key(self, event: pygame.event.Event) -> None:
        k = event.key
        n = self.numbers[self.row]
        if k == pygame.K_ESCAPE:
            self.scene.hands = None
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.scene.save_hands({m: int(c) for m, c in self.counts.items() if c})
        elif k in (pygame.K_DOWN, pygame.K_TAB):
            up = k == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT
            self.row = (self.row + (-1 if up else 1)) % len(self.numbers)
        elif k == pygame.K_UP:
            self.row = (self.row - 1) % len(self.numbers)
        elif k == pygame.K_BACKSPACE:
            self.counts[n] = self.counts[n][:-1]
        else:
            digit = (event.unicode or "")[:1]
            if digit.isdigit() and len(self.counts[n]) < MAX_DIGITS:
                self.counts[n] = (self.counts[n] + digit).lstrip("0") or "0"

    def draw(self, surf: pygame.Surface) -> None:
        scene = self.scene
        ui, th, pal = scene.ui, scene.app.theme, scene.ui.pal
        ui.scrim(surf, 150)
        w = min(th.width - 2 * th.margin, th.px(860))
        row_h = ui.line_h("body", "bold") + 2 * th.px(10)
        h = 2 * th.pad + ui.line_h("h1", "bold") + th.px(6) + ui.line_h("small") + th.gap \
            + len(self.numbers) * (row_h + th.px(8)) - th.px(8)
        card = pygame.Rect((th.width - w) // 2, max(th.px(8), (th.height - h) // 2), w, h)
        ui.panel(surf, card)
        x, inner_w = card.x + th.pad, card.w - 2 * th.pad
        y = card.y + th.pad
        ui.label(surf, "Show of hands", "h1", pal.heading, pygame.Rect(x, y, inner_w, 1), style="bold")
        y += ui.line_h("h1", "bold") + th.px(6)
        # For the room (the leader's keys are in the presenter view: HINT).
        ui.label(surf, "Hands up for the choice you would make.", "small", pal.muted,
                 pygame.Rect(x, y, inner_w, 1))
        y += ui.line_h("small") + th.gap
        field_w = ui.font("body", "bold").size("0000")[0] + 2 * th.px(14)
        for i, n in enumerate(self.numbers):
            r = pygame.Rect(x, y, inner_w, row_h)
            hot = i == self.row
            pygame.draw.rect(surf, pal.button_hover if hot else pal.panel_alt[:3], r, border_radius=th.px(10))
            if hot:
                pygame.draw.rect(surf, pal.focus, r, th.px(3), border_radius=th.px(10))
            cw = number_chip(ui, surf, n, r.x + th.px(12), r.y + th.px(10))
            box = pygame.Rect(r.right - th.px(12) - field_w, r.y + th.px(6), field_w, row_h - th.px(12))
            tx = r.x + th.px(12) + cw + th.px(12)
            ui.label(surf, self.texts[n], "small", pal.text, pygame.Rect(tx, r.y, box.x - th.px(12) - tx, r.h),
                     valign="center")
            pygame.draw.rect(surf, pal.panel[:3], box, border_radius=th.px(8))
            pygame.draw.rect(surf, pal.accent if hot else pal.panel_edge, box, th.px(2), border_radius=th.px(8))
            shown = self.counts[n] or ("" if hot else "0")
            caret = th.px(8) if hot else 0
            r_text = ui.label(surf, shown or " ", "body", pal.text, box.inflate(-th.px(12) - 2 * caret, 0),
                              align="right", style="bold", valign="center")
            if hot:  # a drawn caret: the reading fonts have no cursor glyph
                cx = r_text.right + th.px(3)
                pygame.draw.line(surf, pal.accent, (cx, r_text.top + th.px(2)), (cx, r_text.bottom - th.px(2)),
                                 max(2, th.px(2)))
            y += row_h + th.px(8)
