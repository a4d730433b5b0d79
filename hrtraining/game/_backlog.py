"""The history (backlog): everything said so far, the trainee's choices included.

Review only: nothing here can change a choice. Pushed over the conversation (which
waits beneath, dimmed) with H, PgUp, the History button or the mouse wheel, or from the
pause menu; closed with H, Escape, the Close button, a right click or by scrolling past
the end.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import NARRATOR

from ._chrome import button_row, draw_buttons, hint_height, hints
from ._scene import Scene
from ._ui import ScrollView, clipped


class BacklogScene(Scene):
    """Everything said so far, the trainee's choices included. Review only."""

    name = "backlog"
    back_to = "conversation"
    overlay = True
    speech_title = "History. Review only. H or Escape closes it."

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()
        self.coach = False

    def enter(self, coach: bool = False, **params: Any) -> None:
        """``coach``: the conversation beneath shows a coach's note, so the lines after the last
        choice are not shown yet (the scene that pushes the history says so; this one never reads
        the scenes beneath it)."""
        super().enter()
        self._at_end = True
        self.coach = coach

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(1000))
        self.card = pygame.Rect((th.width - w) // 2, th.margin // 2, w, th.height - th.margin // 2 - hint_height(ui) - th.gap)
        title_h = ui.line_h("h1", "bold")
        buttons = button_row(ui, [("close", "Close")], self.card.right - th.pad, self.card.bottom - th.pad,
                             self.card.w - 2 * th.pad)
        view = pygame.Rect(self.card.x + th.pad, self.card.y + th.pad + title_h + th.gap,
                           self.card.w - 2 * th.pad - th.px(12), 0)
        view.h = min(b.rect.top for b in buttons) - th.gap - view.y
        self.rows: list[tuple[int, int, int]] = []
        y = 0
        for item in self._items():
            nh = ui.line_h("small", "bold") + th.px(4) if item.name else 0
            indent = th.px(14) if item.kind == "choice" else 0
            h = ui.measure(item.text, "body", view.w - indent, "italic" if item.speaker == NARRATOR else "regular")
            self.rows.append((y, nh, h))
            y += nh + h + th.gap
        self.view.set(view, max(0, y - th.gap))
        if self._at_end:
            self.view.to_end()
            self._at_end = False
        self.set_targets(buttons)

    def _items(self) -> list:
        """What was said so far, as far as the trainee has seen it: during the coach's note the
        session has already moved on, but the next lines have not been shown yet."""
        items = list(self.app.play.history()) if self.app.play else []
        if self.coach:
            last = max((i for i, it in enumerate(items) if it.kind == "choice"), default=len(items) - 1)
            items = items[:last + 1]
        return items

    def activate(self, target_id: str) -> None:
        if target_id == "close":
            self.app.manager.pop()

    def scroll_views(self):
        return [self.view]

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        page = self.view.view.h - self.app.theme.px(40)
        if k in (pygame.K_h, pygame.K_ESCAPE):
            self.app.manager.pop()
        elif k == pygame.K_PAGEUP:
            self.view.scroll(-page)
        elif k == pygame.K_PAGEDOWN:
            if self.view.offset >= self.view.max_offset:
                self.app.manager.pop()
            self.view.scroll(page)
        elif k == pygame.K_UP:
            self.view.scroll(-self.app.theme.px(60))
        elif k == pygame.K_DOWN:
            self.view.scroll(self.app.theme.px(60))
        elif k == pygame.K_HOME:
            self.view.offset = 0
        elif k == pygame.K_END:
            self.view.to_end()
        else:
            return False
        return True

    def on_wheel(self, dy: int) -> bool:
        if dy < 0 and self.view.offset >= self.view.max_offset:
            self.app.manager.pop()  # wheel down past the end closes the history
            return True
        return self.view.scroll(-dy * self.app.theme.px(60))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.MOUSEBUTTONUP and event.button == 3:
            self.app.manager.pop()
            return
        super().handle_event(event)

    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        ui.modal(surf, self.card)
        ui.label(surf, "History", "h1", pal.heading, pygame.Rect(self.card.x + th.pad, self.card.y + th.pad,
                                                                  self.card.w - 2 * th.pad, 1), style="bold")
        view = self.view.view
        items = self._items()
        with clipped(surf, view):
            for item, (y, nh, h) in zip(items, self.rows):
                sy = self.view.y(y)
                if sy > view.bottom or sy + nh + h < view.top:
                    continue
                if nh:
                    colour = pal.you if item.kind == "choice" else pal.client if item.speaker == "client" else pal.other
                    name = "You chose" if item.kind == "choice" else item.name
                    ui.label(surf, name, "small", colour, pygame.Rect(view.x, sy, view.w, nh), style="bold")
                x = view.x
                if item.kind == "choice":
                    pygame.draw.rect(surf, pal.you, (view.x, sy + nh, th.px(4), h), border_radius=th.px(2))
                    x += th.px(14)
                style = "italic" if item.speaker == NARRATOR else "bold" if item.kind == "ending" else "regular"
                colour = pal.narrator if item.speaker == NARRATOR else pal.text
                ui.para(surf, item.text, "body", colour, pygame.Rect(x, sy + nh, view.right - x, h), style,
                        vertical=False)
        self.view.draw_bar(surf, ui)
        draw_buttons(self, surf, self.targets, primary="close")
        # An opaque strip: the conversation's footer beneath must not show through this one.
        hints(ui, surf, "Wheel or PgUp/PgDn scroll · H or Esc close · review only", opaque=True)
