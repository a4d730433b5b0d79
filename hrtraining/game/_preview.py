""""Where would the other option go?": a look down a branch not taken, from the debrief.

Pushed over the debrief (or the progress screen's) with the played path (``branches``) and a
decision number. It plays the other option on a throwaway session to the next decision or an
ending and shows what would have been said: nothing is recorded, the attempt is unchanged.
When the decision offered more than one other option, ← → (or "Another option") step through
them. Esc, Enter or "Close" return.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import NARRATOR, HRTrainingError

from ._chrome import button_row, hint_height, hints
from ._scene import Scene
from ._ui import ScrollView, clipped


class PreviewScene(Scene):
    name = "preview"
    overlay = True

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()

    def enter(self, **params: Any) -> None:
        super().enter()
        self.branches = params["branches"]
        self.number = int(params["number"])
        self.client = params.get("client", "the client")
        self.others = self.branches.others(self.number)
        if not self.others:
            raise RuntimeError(f"decision {self.number} offered no other option")
        self.index = 0
        self._load()
        self.focus = "close"

    def _load(self) -> None:
        choice = self.others[self.index]
        try:
            self.preview = self.branches.preview(self.number, choice.index)
            self.problem = ""
        except HRTrainingError as e:  # a loop of continue nodes, say: say so, never crash
            self.preview, self.problem = None, str(e)
        self.view.offset = 0

    # -- layout ----------------------------------------------------------------------
    def _rows(self) -> list[tuple[str, str, str, str]]:
        """(title, text, colour, style) rows of the card's scrolling part."""
        choice = self.others[self.index]
        rows = [("If you had said", choice.text, "you", "regular")]
        if choice.feedback:
            rows.append(("Coach", choice.feedback, "text", "regular"))
        if self.preview is None:
            return rows + [("It could not be previewed", self.problem, "critical", "regular")]
        for ln in self.preview.lines:
            narrator = ln.speaker == NARRATOR
            rows.append(("" if narrator else ln.name, ln.text, "narrator" if narrator else "text",
                         "italic" if narrator else "regular"))
        rows.append(("", self.preview.summary, "heading", "bold"))
        for n, text in enumerate(self.preview.next_options, 1):
            rows.append(("", f"{n}. {text}", "muted", "regular"))
        return rows

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(980))
        self.card = pygame.Rect((th.width - w) // 2, th.px(16), w, th.height - th.px(16) - hint_height(ui) - th.gap)
        inner = self.card.w - 2 * th.pad
        many = len(self.others) > 1
        self.title = f"Decision {self.number}: where the other option goes"
        self.sub = (f"Option {self.index + 1} of {len(self.others)} not taken. A look only: nothing is recorded."
                    if many else "A look only: nothing is recorded, and your attempt stays as it was.")
        specs = ([("next", "Another option")] if many else []) + [("close", "Close")]
        buttons = button_row(ui, specs, self.card.right - th.pad, self.card.bottom - th.pad, inner)
        top = self.card.y + th.pad + ui.measure(self.title, "h1", inner, "bold") + th.px(6) + \
            ui.measure(self.sub, "small", inner) + th.gap
        view = pygame.Rect(self.card.x + th.pad, top, inner - th.px(12), min(b.rect.top for b in buttons) - th.gap - top)
        self.pos: list[tuple[int, int, int]] = []
        y = 0
        for title, text, _, style in self._rows():
            th_h = ui.line_h("small", "bold") + th.px(2) if title else 0
            h = ui.measure(text, "body", view.w, style)
            self.pos.append((y, th_h, h))
            y += th_h + h + th.gap
        self.view.set(view, max(0, y - th.gap))
        self.set_targets(buttons)

    # -- input -----------------------------------------------------------------------
    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k in (pygame.K_LEFT, pygame.K_RIGHT) and len(self.others) > 1:
            self.step(1 if k == pygame.K_RIGHT else -1)
        elif k in (pygame.K_DOWN, pygame.K_UP, pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            big = k in (pygame.K_PAGEDOWN, pygame.K_PAGEUP)
            amount = self.view.view.h - self.app.theme.px(40) if big else self.app.theme.px(60)
            self.view.scroll(amount if k in (pygame.K_DOWN, pygame.K_PAGEDOWN) else -amount)
        else:
            return False
        return True

    def on_wheel(self, dy: int) -> bool:
        return self.view.scroll(-dy * self.app.theme.px(60))

    def step(self, by: int) -> None:
        self.index = (self.index + by) % len(self.others)
        self._load()
        self.layout()

    def activate(self, target_id: str) -> None:
        if target_id == "next":
            self.step(1)
        elif target_id == "close":
            self.app.manager.pop()

    # -- drawing -----------------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        ui.modal(surf, self.card)
        x, y, w = self.card.x + th.pad, self.card.y + th.pad, self.card.w - 2 * th.pad
        y += ui.para(surf, self.title, "h1", pal.heading, pygame.Rect(x, y, w, 1), "bold", vertical=False) + th.px(6)
        ui.para(surf, self.sub, "small", pal.muted, pygame.Rect(x, y, w, 1), vertical=False)
        view = self.view.view
        with clipped(surf, view):
            for (title, text, colour, style), (cy, title_h, h) in zip(self._rows(), self.pos):
                sy = self.view.y(cy)
                if sy > view.bottom or sy + title_h + h < view.top:
                    continue
                if title:
                    ui.label(surf, title, "small", pal.client if colour == "text" else pal.heading,
                             pygame.Rect(view.x, sy, view.w, 1), style="bold")
                ui.para(surf, text, "body", getattr(pal, colour), pygame.Rect(view.x, sy + title_h, view.w, h),
                        style, vertical=False)
        self.view.draw_bar(surf, ui)
        for t in self.targets:
            hover, focus = self.is_hot(t.id)
            ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id == "close")
        hints(ui, surf, ("← → other options · " if len(self.others) > 1 else "") + "↑↓ scroll · Enter/Esc close",
              opaque=True)  # an overlay: the footer of the page beneath must not show through
