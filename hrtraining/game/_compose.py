"""Own words first: a text box pushed over the conversation at each decision of a write-first play.

"What would you say to <client>?" — with what the client just said above it and the options
still hidden. The trainee writes (multi-line; Enter makes a new line) and submits with
**Ctrl+Enter** or the **Submit** button, or **Skip**s (kept as skipped). Tab moves between the
box and the buttons; Esc opens the pause menu. The words are stored when submitted
(:meth:`hrtraining.practice.Attempt.write`), then the closeness step follows
(:mod:`~hrtraining.game._closeness`) and the conversation shows the options.

The same scene, with ``purpose="reflection"``, takes the debrief's written reflection
("What would you do differently with <client>?"): **Save** (Ctrl+Enter) or **Cancel** (Esc).

It is a full scene (not an overlay): nothing of the options beneath shows through.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import NARRATOR
from hrtraining.practice import MAX_REFLECTION, MAX_REPLY

from ._chrome import backdrop, button_row, hint_height, hints
from ._scene import ACTIVATE_KEYS, Scene
from ._textbox import CTRL, TextBox
from ._ui import ScrollView, Target, clipped

SUBMIT_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)


class ComposeScene(Scene):
    name = "compose"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.box = TextBox()
        self.context = ScrollView()
        self.purpose = "reply"
        self.message = ""
        self.started = 0.0
        self._context_at_end = False

    # -- lifecycle -----------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter()
        play = self.app.play
        if play is None:
            raise RuntimeError("there is no play to write for")
        self.purpose = params.get("purpose", "reply")
        client = play.scenario.client.name
        if self.purpose == "reflection":
            self.title = f"What would you do differently with {client}?"
            self.intro = ("Optional, and kept with this attempt (it goes into the file you can take to "
                          "supervision). Ctrl+Enter saves; Enter starts a new line.")
            self.box = TextBox(play.reflection or "", MAX_REFLECTION)
            self.buttons = [("cancel", "Cancel"), ("submit", "Save")]
            self.lines: list[tuple[str, str, bool]] = []
        else:
            self.title = f"What would you say to {client}?"
            self.intro = ("In your own words, before you see the options. Ctrl+Enter or Submit when you are done; "
                          "Enter starts a new line.")
            self.box = TextBox("", MAX_REPLY)
            self.buttons = [("skip", "Skip"), ("submit", "Submit")]
            self.lines = [(ln.name, ln.text, ln.speaker == NARRATOR) for ln in play.beat.lines]
        self.message = ""
        self.started = self.app.clock
        self.focus = "box"
        self.context.offset = 0
        self._context_at_end = True  # the last thing said is what the trainee answers
        pygame.key.start_text_input()

    def exit(self) -> None:
        pygame.key.stop_text_input()

    @property
    def takes_text(self) -> bool:  # type: ignore[override]
        """While the box has focus, V (and every other letter) is typing, not self-voicing's key."""
        return self.focus == "box"

    # -- layout --------------------------------------------------------------------
    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(1060))
        self.card = pygame.Rect((th.width - w) // 2, th.px(16), w, th.height - th.px(16) - hint_height(ui) - th.gap)
        inner_w = self.card.w - 2 * th.pad
        x = self.card.x + th.pad
        y = self.card.y + th.pad
        self.title_h = ui.measure(self.title, "h1", inner_w, "bold")
        y += self.title_h + th.px(6)
        self.intro_h = ui.measure(self.intro, "small", inner_w)
        y += self.intro_h + th.gap
        buttons = button_row(ui, self.buttons, self.card.right - th.pad, self.card.bottom - th.pad, inner_w)
        bottom = min(b.rect.top for b in buttons) - th.gap
        self.info_y = bottom - ui.line_h("small")
        bottom = self.info_y - th.px(8)
        # What the client just said: up to a third of the room, scrolling when longer.
        context_h = self._context_height(inner_w - th.px(12))
        room = bottom - y
        shown_h = min(context_h, room * 2 // 5) if self.lines else 0
        self.context_rect = pygame.Rect(x, y, inner_w, shown_h)
        self.context.set(pygame.Rect(x, y, inner_w - th.px(12), shown_h), context_h)
        if self._context_at_end:
            self.context.to_end()
            self._context_at_end = False
        if shown_h:
            y += shown_h + th.gap
        self.box.layout(ui, pygame.Rect(x, y, inner_w, max(ui.line_h("body") * 2, bottom - y)))
        self.set_targets([Target("box", self.box.rect, "")] + buttons)
        self._ime()

    def _context_height(self, w: int) -> int:
        ui, th = self.ui, self.app.theme
        h = 0
        for name, text, narrator in self.lines:
            if name and not narrator:
                h += ui.line_h("small", "bold") + th.px(2)
            h += ui.measure(text, "body", w, "italic" if narrator else "regular") + th.px(8)
        return max(0, h - th.px(8))

    def _ime(self) -> None:
        if self.focus == "box":
            pygame.key.set_text_input_rect(self.box.ime_rect())

    # -- input ---------------------------------------------------------------------
    @property
    def seconds(self) -> float:
        return max(0.0, self.app.clock - self.started)

    def handle_event(self, event: pygame.event.Event) -> None:
        et = event.type
        if et == pygame.KEYDOWN:
            if event.key in SUBMIT_KEYS and event.mod & CTRL:
                self.activate("submit")
                return
            if event.key == pygame.K_ESCAPE:
                self.back()
                return
            if event.key == pygame.K_TAB:
                self.move_focus(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return
            if self.focus == "box":
                if self.box.handle_event(event):
                    self.message = ""
                    self._ime()
                return
            if event.key in ACTIVATE_KEYS and self.focus:
                self.activate(self.focus)
            elif event.key in (pygame.K_LEFT, pygame.K_UP):
                self.move_focus(-1)
            elif event.key in (pygame.K_RIGHT, pygame.K_DOWN):
                self.move_focus(1)
            return
        if et in (pygame.TEXTINPUT, pygame.TEXTEDITING):
            if et == pygame.TEXTINPUT and event.text == " " and self.focus != "box":
                return  # the space that pressed a focused button, not typing
            if et == pygame.TEXTINPUT or self.focus == "box":
                self.focus = "box"  # typing goes to the box, wherever the focus was
                self.box.handle_event(event)
                self.message = ""
                self._ime()
            return
        if et == pygame.MOUSEWHEEL:
            if self.context_rect.collidepoint(self.app.mouse_pos):
                self.context.scroll(-event.y * self.app.theme.px(60))
            else:
                self.box.view.scroll(-event.y * self.box.line_h)
            return
        if et == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.box.rect.collidepoint(event.pos):
            self.focus = "box"
            self.box.handle_event(event)
            self._ime()
            return
        super().handle_event(event)

    def activate(self, target_id: str) -> None:
        play = self.app.play
        if target_id == "box":
            self.focus = "box"
        elif target_id == "submit":
            if self.purpose == "reflection":
                play.set_reflection(self.box.edit.text)
                self.app.manager.pop()
            elif self.box.edit.blank:
                self.message = "Write what you would say first, or choose Skip."
                self.focus = "box"
            else:
                play.write(self.box.edit.text, self.seconds)
                self._done()
        elif target_id == "skip":
            play.skip_writing(self.seconds)
            self._done()
        elif target_id == "cancel":
            self.app.manager.pop()

    def _done(self) -> None:
        """Stored: back to the conversation, through the closeness mark when there is one to give."""
        manager = self.app.manager
        manager.pop()
        if self.app.play.needs_closeness:
            manager.push("closeness")

    def back(self) -> None:
        if self.purpose == "reflection":
            self.app.manager.pop()
        else:
            self.app.manager.push("pause")  # the conversation's Esc: the text box waits, as written

    # -- drawing -------------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        play = self.app.play
        backdrop(ui, surf, play.scenario.setting or "default")
        ui.panel(surf, self.card, (*pal.panel[:3], 255))
        x, y, w = self.card.x + th.pad, self.card.y + th.pad, self.card.w - 2 * th.pad
        ui.para(surf, self.title, "h1", pal.heading, pygame.Rect(x, y, w, self.title_h), "bold", vertical=False)
        y += self.title_h + th.px(6)
        ui.para(surf, self.intro, "small", pal.muted, pygame.Rect(x, y, w, self.intro_h), vertical=False)
        if self.context_rect.h:
            self._draw_context(surf)
        self.box.draw(surf, self.focus == "box",
                      placeholder="Type here…" if self.purpose == "reply" else "")
        e = self.box.edit
        info = self.message or e.notice or f"{len(e.text):,} of {e.limit:,} characters"
        colour = pal.critical if (self.message or e.notice) else pal.muted
        ui.label(surf, info, "small", colour, pygame.Rect(x, self.info_y, w, ui.line_h("small")))
        for t in self.targets:
            if t.id == "box":
                continue
            hover, focus = self.is_hot(t.id)
            ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id == "submit")
        hints(ui, surf, "Ctrl+Enter " + ("save" if self.purpose == "reflection" else "submit")
              + " · Enter new line · Tab buttons · Esc " + ("cancel" if self.purpose == "reflection" else "menu"))

    def _draw_context(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        view = self.context.view
        pygame.draw.rect(surf, pal.panel_alt[:3], self.context_rect.inflate(th.px(12), th.px(12)),
                         border_radius=th.px(10))
        y = 0
        with clipped(surf, view):
            for name, text, narrator in self.lines:
                if name and not narrator:
                    ui.label(surf, name, "small", pal.client, pygame.Rect(view.x, self.context.y(y), view.w, 1),
                             style="bold")
                    y += ui.line_h("small", "bold") + th.px(2)
                role_style = "italic" if narrator else "regular"
                h = ui.measure(text, "body", view.w, role_style)
                ui.para(surf, text, "body", pal.narrator if narrator else pal.text,
                        pygame.Rect(view.x, self.context.y(y), view.w, h), role_style, vertical=False)
                y += h + th.px(8)
        self.context.draw_bar(surf, ui)
