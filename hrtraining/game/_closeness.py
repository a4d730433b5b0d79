"""The closeness mark: after writing, the options appear, and the trainee marks which one is
closest to what they wrote, or "None of these", before choosing.

It is the trainee's own judgement (nothing scores free text). Their words stay on screen above
the options. **1–9** mark an option, **0** or **N** "None of these"; arrows or Tab and Enter work
too, and so does the mouse. The mark is stored at once
(:meth:`hrtraining.practice.Attempt.mark_closest`), then the conversation shows the options to
choose from. A full scene pushed over the conversation; Esc opens the pause menu.
"""
from __future__ import annotations

from typing import Any

import pygame

from ._chrome import backdrop, hint_height, hints
from ._scene import Scene
from ._ui import ScrollView, Target, clipped


class ClosenessScene(Scene):
    name = "closeness"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()

    def enter(self, **params: Any) -> None:
        super().enter()
        play = self.app.play
        if play is None or play.reply_now is None:
            raise RuntimeError("there are no written words to compare with the options")
        self.words = play.reply_now.text
        self.options = [o.text for o in play.beat.options]
        self.focus = None
        self.view.offset = 0

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(1060))
        self.card = pygame.Rect((th.width - w) // 2, th.px(16), w, th.height - th.px(16) - hint_height(ui) - th.gap)
        inner = self.card.w - 2 * th.pad
        self.title = "Which option is closest to what you wrote?"
        self.intro = ("Your own judgement: nothing here scores your words. Then you choose what to say, and your "
                      "words stay in the debrief next to the strongest option.")
        top = self.card.y + th.pad
        # "None of these" is pinned under the list, so it is always in view however long the options.
        none = "None of these is close to what I wrote"
        none_h = ui.button_height(none, inner, number=True)
        self.none = Target("closest:none", pygame.Rect(self.card.x + th.pad, self.card.bottom - th.pad - none_h,
                                                       inner, none_h), none)
        view = pygame.Rect(self.card.x + th.pad, top, inner - th.px(12), self.none.rect.top - th.gap - top)
        # Content (heading, intro, your words, then one button per option), in content coordinates.
        self.rows: list[tuple[str, Any, int, int]] = []  # (kind, payload, y, h)
        y = 0

        def add(kind: str, payload: Any, h: int, gap: int) -> None:
            nonlocal y
            self.rows.append((kind, payload, y, h))
            y += h + gap

        add("h", self.title, ui.measure(self.title, "h1", view.w, "bold"), th.px(6))
        add("intro", self.intro, ui.measure(self.intro, "small", view.w), th.gap)
        add("label", "You wrote", ui.line_h("small", "bold"), th.px(4))
        add("words", self.words, ui.measure(self.words, "body", view.w - 2 * th.px(14)) + 2 * th.px(10), th.gap)
        for i, text in enumerate(self.options):
            add("button", (f"closest:{i}", text, str(i + 1)), ui.button_height(text, view.w, number=True), th.px(10))
        self.view.set(view, y - th.px(10))
        self._place()

    def _place(self) -> None:
        targets = []
        for kind, payload, y, h in self.rows:
            if kind == "button":
                r = pygame.Rect(self.view.view.x, self.view.y(y), self.view.view.w, h)
                targets.append(Target(payload[0], r.clip(self.view.view), payload[1]))
        self.set_targets(targets + [self.none])

    # -- input -----------------------------------------------------------------------
    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k == pygame.K_ESCAPE:
            self.app.manager.push("pause")
        elif pygame.K_1 <= k <= pygame.K_9 and k - pygame.K_1 < len(self.options):
            self.activate(f"closest:{k - pygame.K_1}")
        elif k in (pygame.K_0, pygame.K_n):
            self.activate("closest:none")
        elif k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.view.scroll((self.view.view.h // 2) * (1 if k == pygame.K_PAGEDOWN else -1))
            self._place()
        elif k == pygame.K_BACKSPACE:
            return True  # no "back" here: the mark comes before the choice
        else:
            return False
        return True

    def on_focus(self, target_id: str) -> None:
        for kind, payload, y, h in self.rows:
            if kind == "button" and payload[0] == target_id:
                self.view.show(y, y + h)
        self._place()

    def on_wheel(self, dy: int) -> bool:
        self.view.scroll(-dy * self.app.theme.px(60))
        self._place()
        return True

    def activate(self, target_id: str) -> None:
        if not target_id.startswith("closest:"):
            return
        which = target_id[8:]
        self.app.play.mark_closest(None if which == "none" else int(which))
        self.app.manager.pop()

    # -- drawing -----------------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        backdrop(ui, surf, self.app.play.scenario.setting or "default")
        ui.panel(surf, self.card, (*pal.panel[:3], 255))
        view = self.view.view
        with clipped(surf, view):
            for kind, payload, y, h in self.rows:
                sy = self.view.y(y)
                if sy > view.bottom or sy + h < view.top:
                    continue
                box = pygame.Rect(view.x, sy, view.w, h)
                if kind == "h":
                    ui.para(surf, payload, "h1", pal.heading, box, "bold", vertical=False)
                elif kind == "intro":
                    ui.para(surf, payload, "small", pal.muted, box, vertical=False)
                elif kind == "label":
                    ui.label(surf, payload, "small", pal.heading, box, style="bold")
                elif kind == "words":
                    pygame.draw.rect(surf, pal.panel_alt[:3], box, border_radius=th.px(10))
                    pygame.draw.rect(surf, pal.you, (box.x, box.y, th.px(4), box.h), border_radius=th.px(2))
                    ui.para(surf, payload, "body", pal.text, box.inflate(-2 * th.px(14), -2 * th.px(10)),
                            vertical=False)
                else:
                    tid, text, number = payload
                    hover, focus = self.is_hot(tid)
                    ui.button(surf, box, text, hover=hover, focus=focus, number=number, align="left")
        self.view.draw_bar(surf, ui)
        hover, focus = self.is_hot(self.none.id)
        ui.button(surf, self.none.rect, self.none.label, hover=hover, focus=focus, number="0", align="left")
        hints(ui, surf, "1–9 closest option · 0 none of these · ↑↓ Enter choose · Esc menu")
