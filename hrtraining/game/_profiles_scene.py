"""Who is playing: switch to another profile or create one, from the title screen.

Two states in one card. The list shows every stored profile (choose one to play as
it) with "New profile…" and "Back" under it. "New profile…" swaps the list for a
text field fed by pygame ``TEXTINPUT`` events: Enter confirms, Esc cancels. A name
is trimmed and must be 1–40 characters without control characters; a name that
already exists (in any letter case) switches to that profile. Switching goes
through the recorder, so the store remembers it as the last profile used.
"""
from __future__ import annotations

import unicodedata
from typing import Any

import pygame

from ._chrome import backdrop, button_row, draw_buttons, hint_height, hints
from ._scene import Scene
from ._ui import ScrollView, Target, clipped

MAX_NAME = 40
#: More than this many characters in the field are dropped (a paste, a held key).
FIELD_LIMIT = 200
TITLE = "Who is playing?"
INTRO = "Attempts and progress are kept under each person's name. Choose yours, or make a new one."
NEW_TITLE = "New profile"
NEW_INTRO = f"Type your name (up to {MAX_NAME} characters), then press Enter. Esc cancels."


def name_problem(text: str) -> str:
    """Why ``text`` cannot be a profile name, or "" when it can (it is trimmed first)."""
    name = text.strip()
    if not name:
        return "Type a name first."
    if len(name) > MAX_NAME:
        return f"That name is {len(name)} characters long; use at most {MAX_NAME}."
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        return "A name cannot contain control characters."
    return ""


class ProfilesScene(Scene):
    name = "profiles"
    back_to = "title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.view = ScrollView()
        self.names: list[str] = []
        self.editing = False
        self.text = ""
        self.error = ""
        self.rows: list[tuple[int, int]] = []

    # -- lifecycle -------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter()
        rec = self.app.recorder
        self.names = rec.profiles()
        self.editing, self.text, self.error = False, "", ""
        self.view.offset = 0
        cur = self._index(rec.profile)
        self.focus = f"profile:{cur}" if cur is not None else "new"

    def _index(self, name: str) -> int | None:
        low = name.strip().casefold()
        for i, n in enumerate(self.names):
            if n.casefold() == low:
                return i
        return None

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(760))
        top = th.px(16)
        self.card = pygame.Rect((th.width - w) // 2, top, w, th.height - top - hint_height(ui) - th.gap)
        inner_w = self.card.w - 2 * th.pad
        title, intro = (NEW_TITLE, NEW_INTRO) if self.editing else (TITLE, INTRO)
        self.title_h = ui.measure(title, "h1", inner_w, "bold")
        self.intro_h = ui.measure(intro, "small", inner_w)
        body_top = self.card.y + th.pad + self.title_h + th.px(6) + self.intro_h + th.gap
        if self.editing:
            specs = [("cancel", "Cancel"), ("create", "Create")]
        elif self.app.recorder.available:
            specs = [("new", "New profile…"), ("back", "Back")]
        else:
            specs = [("back", "Back")]
        buttons = button_row(ui, specs, self.card.right - th.pad, self.card.bottom - th.pad, inner_w)
        self.buttons = buttons
        bottom = min(b.rect.top for b in buttons) - th.gap
        if self.editing:
            fh = ui.line_h("body") + 2 * th.px(12)
            self.field = pygame.Rect(self.card.x + th.pad, body_top, inner_w, fh)
            self.error_y = self.field.bottom + th.px(8)
            try:
                pygame.key.set_text_input_rect(self.field)
            except pygame.error:
                pass
            self.set_targets([Target("field", self.field, "Name")] + buttons)
            return
        view = pygame.Rect(self.card.x + th.pad, body_top, inner_w - th.px(12), max(th.px(8), bottom - body_top))
        self.view.set(view, self.view.content_h)  # row labels are fitted to this width
        self.rows = []
        y = 0
        for i, n in enumerate(self.names):
            h = ui.button_height(self._row_label(i), view.w, primary=True)
            self.rows.append((y, h))
            y += h + th.px(8)
        self.view.set(view, max(0, y - th.px(8)))
        self._place()
        if self.focus and self.focus.startswith("profile:"):
            self.on_focus(self.focus)  # row heights change with text size: keep it in view

    def _row_label(self, i: int) -> str:
        """The name on one line (shortened with … when it is too long), marked when current."""
        th = self.app.theme
        font = self.ui.font("body", "bold")
        current = self._is_current(i)
        extra = "✓  (playing now)" if current else ""
        room = self.view.view.w - 2 * th.px(18) - th.px(4) - (font.size(extra)[0] if extra else 0)
        name = self.ui.text.fit(self.names[i], font, max(8, room))
        return f"✓ {name} (playing now)" if current else name

    def _is_current(self, i: int) -> bool:
        return self.names[i].casefold() == self.app.recorder.profile.casefold()

    def _place(self) -> None:
        """Targets for the rows fully inside the view (a cut-off row is not clickable,
        unless it is taller than the whole view)."""
        targets = []
        view = self.view.view
        for i, (y, h) in enumerate(self.rows):
            r = pygame.Rect(view.x, self.view.y(y), view.w, h)
            if view.contains(r) or (h > view.h and r.colliderect(view)):
                targets.append(Target(f"profile:{i}", r.clip(view), self._row_label(i)))
        self.set_targets(targets + self.buttons)

    @property
    def takes_text(self) -> bool:  # type: ignore[override]
        """While a name is typed, V is a letter, not self-voicing's key."""
        return self.editing

    # -- focus -------------------------------------------------------------------
    def _focus_ids(self) -> list[str]:
        if self.editing:
            return ["field"] + [b.id for b in self.buttons]
        return [f"profile:{i}" for i in range(len(self.names))] + [b.id for b in self.buttons]

    def move_focus(self, step: int) -> None:
        # Through every row, even those scrolled out of view (focusing one scrolls to it).
        ids = self._focus_ids()
        if not ids:
            return
        i = ids.index(self.focus) if self.focus in ids else (-1 if step > 0 else 0)
        self.focus = ids[(i + step) % len(ids)]
        self.on_focus(self.focus)

    def on_focus(self, target_id: str) -> None:
        if not self.editing and target_id.startswith("profile:"):
            y, h = self.rows[int(target_id[8:])]
            self.view.show(y, y + h)
            self._place()

    def on_wheel(self, dy: int) -> bool:
        if self.editing:
            return False
        self.view.scroll(-dy * self.app.theme.px(60))
        self._place()
        return True

    # -- input -------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            if self.editing and self.focus in ("field", None):
                self.text = (self.text + event.text)[:FIELD_LIMIT]
                self.error = ""
            return
        super().handle_event(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if not self.editing:
            if k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.view.scroll(self.view.view.h // 2 * (1 if k == pygame.K_PAGEDOWN else -1))
                self._place()
                return True
            if k == pygame.K_n:
                self.activate("new")
                return True
            return False
        # Typing: the characters arrive as TEXTINPUT events; keys only edit and move.
        if k == pygame.K_ESCAPE:
            self.cancel()
        elif k == pygame.K_BACKSPACE:
            if self.focus in ("field", None):
                self.text = self.text[:-1]
                self.error = ""
        elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.activate("cancel" if self.focus == "cancel" else "create")
        elif k == pygame.K_SPACE:
            if self.focus in ("create", "cancel"):
                self.activate(self.focus)
        elif k in (pygame.K_UP, pygame.K_DOWN, pygame.K_TAB):
            return False
        return True

    def scroll_views(self):
        return [] if self.editing else [self.view]

    def after_scroll(self) -> None:
        self._place()

    def activate(self, target_id: str) -> None:
        rec = self.app.recorder
        if target_id.startswith("profile:"):
            self.choose(self.names[int(target_id[8:])])
        elif target_id == "new" and rec.available:
            self.editing, self.text, self.error = True, "", ""
            self.focus = "field"
            pygame.key.start_text_input()
            self.layout()
        elif target_id == "field":
            self.focus = "field"
        elif target_id == "create":
            self.confirm()
        elif target_id == "cancel":
            self.cancel()
        elif target_id == "back":
            self.back()

    def cancel(self) -> None:
        self.editing, self.text, self.error = False, "", ""
        self.focus = "new"
        self.layout()

    def confirm(self) -> None:
        problem = name_problem(self.text)
        if problem:
            self.error = problem
            return
        i = self._index(self.text)
        self.choose(self.names[i] if i is not None else self.text.strip())

    def choose(self, name: str) -> None:
        """Play as ``name`` (created if new) and go back to the title."""
        if self.app.recorder.switch_profile(name):
            self.app.switch("title")
        else:
            self.error = "That profile could not be opened. Try again, or keep playing as " \
                         f"{self.app.recorder.profile}."
            if not self.editing:
                self.app.notify(self.error)

    # -- drawing -----------------------------------------------------------------
    def _field_text(self, width: int) -> str:
        """The end of the typed text that fits ``width`` (… in front of what is cut)."""
        font = self.ui.font("body")
        if font.size(self.text)[0] <= width:
            return self.text
        lo, hi = 0, len(self.text)
        while lo < hi:  # the fewest characters dropped from the front so that it fits
            mid = (lo + hi) // 2
            if font.size("…" + self.text[mid:])[0] <= width:
                hi = mid
            else:
                lo = mid + 1
        return "…" + self.text[lo:]

    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        backdrop(ui, surf, "default")
        ui.panel(surf, self.card)
        inner_w = self.card.w - 2 * th.pad
        title, intro = (NEW_TITLE, NEW_INTRO) if self.editing else (TITLE, INTRO)
        y = self.card.y + th.pad
        y += ui.para(surf, title, "h1", pal.heading, pygame.Rect(self.card.x + th.pad, y, inner_w, self.title_h),
                     "bold") + th.px(6)
        ui.para(surf, intro, "small", pal.muted, pygame.Rect(self.card.x + th.pad, y, inner_w, self.intro_h))
        if self.editing:
            self._draw_field(surf)
            draw_buttons(self, surf, self.buttons, primary="create")
            hints(ui, surf, "Type a name · Enter create · Esc cancel · Tab move")
            return
        view = self.view.view
        if not self.names:
            msg = ("No profiles yet: make one with New profile…" if self.app.recorder.available else
                   "Progress is not being saved on this computer, so there are no profiles to choose from.")
            ui.para(surf, msg, "body", pal.text, view)
        with clipped(surf, view):
            for i, (ry, h) in enumerate(self.rows):
                r = pygame.Rect(view.x, self.view.y(ry), view.w, h)
                if not r.colliderect(view):
                    continue
                hover, focus = self.is_hot(f"profile:{i}")
                ui.button(surf, r, self._row_label(i), hover=hover, focus=focus, primary=self._is_current(i))
        self.view.draw_bar(surf, ui)
        draw_buttons(self, surf, self.buttons)
        hints(ui, surf, "↑↓ move · Enter choose · N new profile · Esc back")

    def _draw_field(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        f = self.field
        hover, focus = self.is_hot("field")
        pygame.draw.rect(surf, pal.panel_alt, f, border_radius=th.px(10))
        edge = pal.focus if focus or self.focus is None else (pal.accent if hover else pal.panel_edge)
        pygame.draw.rect(surf, edge, f, th.px(3) if focus else max(1, th.px(2)), border_radius=th.px(10))
        box = f.inflate(-2 * th.px(14), 0)
        caret_w = max(2, th.px(2))
        shown = self._field_text(box.w - caret_w - th.px(4))
        r = ui.label(surf, shown, "body", pal.text, box, valign="center") if shown else \
            pygame.Rect(box.x, box.centery, 0, 0)
        if focus or self.focus is None:
            lh = ui.line_h("body")
            pygame.draw.rect(surf, pal.text, (r.right + th.px(2), f.centery - lh // 2, caret_w, lh))
        if self.error:
            ui.para(surf, self.error, "small", pal.critical,
                    pygame.Rect(f.x, self.error_y, f.w, max(1, min(b.rect.top for b in self.buttons) - self.error_y)))
