"""The settings screen: every change applies at once and is saved."""
from __future__ import annotations

from typing import Any

import pygame

from ._chrome import backdrop, button_row, draw_buttons, hint_height, hints
from ._scene import Scene
from ._theme import TEXT_SIZE_NAMES
from ._ui import ScrollView, Target, clipped

ROWS: tuple[tuple[str, str, str], ...] = (
    ("text_size", "Text size", "Bigger text for reading at a distance; layouts reflow to fit."),
    ("high_contrast", "High contrast", "Black and white with strong colours (at least 7:1 contrast)."),
    ("dyslexic_font", "Dyslexia-friendly font", "Uses OpenDyslexic for all text."),
    ("text_speed", "Text speed", "How fast lines appear. Any key shows the whole line at once."),
    ("reduced_motion", "Reduced motion", "Meters jump to their new value instead of sliding."),
    ("fullscreen", "Full screen", "Also F11 at any time."),
    ("default_mode", "Default mode", "Practice shows a coach note after each choice; assessment waits until the end."),
    ("write_first", "Own words first", "In practice, write what you would say before the options appear, then "
                                       "mark which option is closest. You can change it for each play."),
    ("share_replies", "Share my written replies with my agency's LRS",
     "Sends what you write with each choice. Only when this computer sends results to a Learning Record "
     "Store (hrtraining lrs set); otherwise nothing leaves it. Off: the LRS learns only that you wrote."),
    ("self_voicing", "Self-voicing", "Speaks what is on screen and what has the focus. V turns it on and off."),
    ("voice_rate", "Speech rate", "How fast self-voicing speaks."),
    ("voice", "Voice", "Which of this computer's voices speaks (self-voicing on first)."),
)


def value_text(settings: Any, key: str, voices: dict[str, str] | None = None) -> str:
    v = getattr(settings, key)
    if key == "text_size":
        return TEXT_SIZE_NAMES[v]
    if key == "voice":
        return (voices or {}).get(v, v or "Default")
    if isinstance(v, bool):
        return "On" if v else "Off"
    return str(v).capitalize()


class SettingsScene(Scene):
    name = "settings"
    speech_title = "Settings. Up and down move, left and right change."

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()
        self.return_to = "title"

    def enter(self, **params: Any) -> None:
        super().enter()
        self.return_to = params.get("back", "title")
        self.focus = "row:text_size"
        self.view.offset = 0

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(1000))
        self.card = pygame.Rect((th.width - w) // 2, th.px(16), w, th.height - th.px(16) - hint_height(ui) - th.gap)
        buttons = button_row(ui, [("done", "Done")], self.card.right - th.pad, self.card.bottom - th.pad,
                             self.card.w - 2 * th.pad)
        title_h = ui.line_h("h1", "bold")
        top = self.card.y + th.pad + title_h + th.gap
        view = pygame.Rect(self.card.x + th.pad, top, self.card.w - 2 * th.pad - th.px(12),
                           buttons[0].rect.top - th.gap - top)
        self.value_w = min(view.w // 3, max(ui.font("body", "bold").size(s)[0] for s in
                                            ("Standard", "Largest", "Assessment", "Instant")) + th.px(100))
        text_w = view.w - self.value_w - th.gap - 2 * th.px(14)
        self.rows: list[tuple[int, int]] = []
        y = 0
        for key, label, desc in ROWS:
            h = max(ui.measure(label, "body", text_w, "bold") + th.px(4) + ui.measure(desc, "caption", text_w),
                    ui.line_h("body", "bold") + 2 * th.px(12)) + 2 * th.px(12)
            self.rows.append((y, h))
            y += h + th.px(8)
        self.view.set(view, y - th.px(8))
        self.text_w = text_w
        self._place(buttons)
        if self.focus and self.focus.startswith("row:"):
            # Row heights change with text size and font: keep the focused row fully in view.
            self.on_focus(self.focus)

    def _place(self, buttons: list[Target] | None = None) -> None:
        if buttons is None:
            buttons = [t for t in self.targets if t.id == "done"]
        targets = []
        for (key, label, _), (y, h) in zip(ROWS, self.rows):
            r = pygame.Rect(self.view.view.x, self.view.y(y), self.view.view.w, h)
            if r.colliderect(self.view.view):
                targets.append(Target(f"row:{key}", r.clip(self.view.view), label))
        self.set_targets(targets + buttons)

    def _pill(self, row: pygame.Rect) -> pygame.Rect:
        """The value pill at the right of a row: "‹ value ›"."""
        ui, th = self.ui, self.app.theme
        h = ui.line_h("body", "bold") + 2 * th.px(10)
        return pygame.Rect(row.right - th.px(14) - self.value_w, row.centery - h // 2, self.value_w, h)

    def handle_event(self, event: pygame.event.Event) -> None:
        # A click on the "‹" end of a value steps back, as the left arrow does; anywhere else on
        # the row steps forward, as Enter and the right arrow do.
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and self._pressed \
                and self._pressed.startswith("row:"):
            t = self.target_at(event.pos)
            if t is not None and t.id == self._pressed:
                y, h = self.rows[self._row_index(t.id)]
                pill = self._pill(pygame.Rect(self.view.view.x, self.view.y(y), self.view.view.w, h))
                if pill.collidepoint(event.pos) and event.pos[0] < pill.x + pill.w // 3:
                    self._pressed = None
                    self.focus = None
                    self.change(t.id[4:], -1)
                    return
        super().handle_event(event)

    def _row_index(self, target_id: str) -> int:
        return [k for k, _, _ in ROWS].index(target_id[4:])

    def on_focus(self, target_id: str) -> None:
        if target_id.startswith("row:"):
            i = [k for k, _, _ in ROWS].index(target_id[4:])
            y, h = self.rows[i]
            self.view.show(y, y + h)
            self._place()

    def move_focus(self, step: int) -> None:
        # Move through every row, even ones scrolled out of view.
        ids = [f"row:{k}" for k, _, _ in ROWS] + ["done"]
        i = ids.index(self.focus) if self.focus in ids else -1
        self.focus = ids[(i + step) % len(ids)]
        self.on_focus(self.focus)
        self.say_focus()

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k in (pygame.K_LEFT, pygame.K_RIGHT) and self.focus and self.focus.startswith("row:"):
            self.change(self.focus[4:], 1 if k == pygame.K_RIGHT else -1)
            return True
        if k == pygame.K_UP:
            self.move_focus(-1)
            return True
        if k == pygame.K_DOWN:
            self.move_focus(1)
            return True
        return False

    def on_wheel(self, dy: int) -> bool:
        self.view.scroll(-dy * self.app.theme.px(60))
        self._place()
        return True

    def scroll_views(self):
        return [self.view]

    def after_scroll(self) -> None:
        self._place()

    def change(self, key: str, step: int = 1) -> None:
        voices = tuple(v for v, _ in self.app.voice.voices) if self.app.voice is not None else ()
        self.app.settings.cycle(key, step, voices)
        self.app.apply_settings()
        self.say_focus(f"row:{key}")  # the new value, in the voice (if self-voicing is on now)

    def describe(self, target_id: str) -> str:
        if target_id.startswith("row:"):
            key = target_id[4:]
            label = next(label for k, label, _ in ROWS if k == key)
            return f"{label}: {value_text(self.app.settings, key, self._voice_names())}"
        return super().describe(target_id)

    def _voice_names(self) -> dict[str, str]:
        return dict(self.app.voice.voices) if self.app.voice is not None else {}

    def activate(self, target_id: str) -> None:
        if target_id.startswith("row:"):
            self.change(target_id[4:])
        elif target_id == "done":
            self.back()

    def back(self) -> None:
        self.back_to = self.return_to  # pushed from the pause menu: pop back to it; else go there
        super().back()

    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        backdrop(ui, surf, "default")
        ui.panel(surf, self.card)
        ui.label(surf, "Settings", "h1", pal.heading, pygame.Rect(self.card.x + th.pad, self.card.y + th.pad,
                                                                   self.card.w - 2 * th.pad, 1), style="bold")
        view = self.view.view
        s = self.app.settings
        with clipped(surf, view):
            for (key, label, desc), (y, h) in zip(ROWS, self.rows):
                r = pygame.Rect(view.x, self.view.y(y), view.w, h)
                if not r.colliderect(view):
                    continue
                hover, focus = self.is_hot(f"row:{key}")
                pygame.draw.rect(surf, pal.button_hover if hover or focus else pal.panel_alt, r,
                                 border_radius=th.px(12))
                if focus:
                    pygame.draw.rect(surf, pal.focus, r, th.px(3), border_radius=th.px(12))
                x = r.x + th.px(14)
                ty = r.y + th.px(12)
                ty += ui.para(surf, label, "body", pal.text, pygame.Rect(x, ty, self.text_w, h), "bold",
                              vertical=False) + th.px(4)
                ui.para(surf, desc, "caption", pal.muted, pygame.Rect(x, ty, self.text_w, h), vertical=False)
                vr = self._pill(r)
                pygame.draw.rect(surf, pal.accent, vr, border_radius=vr.h // 2)
                ui.label(surf, f"‹  {value_text(s, key, self._voice_names())}  ›", "body", pal.on_accent, vr.inflate(-th.px(12), 0),
                         align="center", style="bold", valign="center")
        self.view.draw_bar(surf, ui)
        draw_buttons(self, surf, [t for t in self.targets if t.id == "done"], primary="done")
        hints(ui, surf, "↑↓ choose · ← → or Enter change (or click ‹ ›) · Esc done")
