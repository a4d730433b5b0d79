"""Title, the content-note briefing, the pause menu and the error screen."""
from __future__ import annotations

from typing import Any

import pygame

from ._chrome import backdrop, button_row, draw_buttons, hint_height, hints
from hrtraining.practice import Entry
from ._scene import Scene
from ._ui import ScrollView, Target, clipped

APP_TITLE = "Meeting people where they are"
APP_SUBTITLE = ("Practice harm reduction conversations: notice every step forward, "
                "and stay with the person when they are not ready to stop.")
#: Text role of the title's "Playing as NAME" button (small: it is not part of the main menu).
PROFILE_ROLE = "small"


class TitleScene(Scene):
    name = "title"
    speech_title = f"{APP_TITLE}. Title screen. Use the arrow keys or Tab to move, Enter to choose."

    def enter(self, **params: Any) -> None:
        super().enter()
        self.resumable = self._resumable()

    def _resumable(self) -> tuple[Entry, Any] | None:
        for a in self.app.recorder.unfinished():
            entry = self.app.library.by_id(a.scenario_id)
            # Something was done in it: a choice made, or own words written (write-first).
            if entry is not None and entry.content_hash == a.scenario_hash and (a.choice_count > 0 or a.replies):
                return entry, a
        return None

    def _buttons(self) -> list[tuple[str, str]]:
        out = []
        if self.resumable:
            out.append(("continue", f"Continue: {self.resumable[0].title}"))
        out += [("select", "Choose a scenario"), ("progress", "Your progress")]
        if self.app.workshop_available():
            out.append(("workshop-setup", "Run a workshop"))
        out += [("settings", "Settings"), ("quit", "Quit")]
        return out

    def _profile_label(self, width: int) -> str:
        """"Playing as NAME" and what the button does, the name shortened to fit one line."""
        rec = self.app.recorder
        tail = " · Change" if rec.available else " · progress is not being saved"
        font = self.ui.font(PROFILE_ROLE)
        room = width - 2 * self.app.theme.px(18) - self.app.theme.px(2) - font.size("Playing as " + tail)[0]
        return f"Playing as {self.ui.text.fit(rec.profile, font, max(8, room))}{tail}"

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(820))
        inner = w - 4 * th.pad
        specs = self._buttons()
        edge = th.px(8)
        room = th.height - hint_height(ui) - 2 * edge
        # The "Playing as" button: one line, under the menu, as wide as its label needs.
        prof_label = self._profile_label(inner)
        prof_w = min(inner, ui.font(PROFILE_ROLE).size(prof_label)[0] + 2 * th.px(18) + th.px(4))
        prof_h = ui.button_height(prof_label, prof_w, role=PROFILE_ROLE)
        # From roomiest to most compact; the first plan that fits the window between the top
        # edge and the key-hint strip wins (largest text, dyslexia font, a long Continue label).
        plans = []
        for fit, top_pad, space, cols in ((False, 2 * th.pad, th.px(10), 1), (True, 2 * th.pad, th.px(10), 1),
                                          (True, th.pad, th.px(6), 1), (True, th.pad, th.px(6), 2)):
            for title_role, sub_role in (("display", "body"), ("h1", "small"), ("h2", "")):
                plans.append((fit, top_pad, space, cols, title_role, sub_role))
        for fit, top_pad, space, cols, title_role, sub_role in plans:
            bw = min(inner, th.px(520)) if cols == 1 else (inner - th.gap) // 2
            title_h = ui.measure(APP_TITLE, title_role, inner, "bold")
            sub_h = ui.measure(APP_SUBTITLE, sub_role, inner) + th.pad if sub_role else 0
            # Rows of buttons; with two columns, Continue keeps a full-width row of its own.
            rows: list[list[tuple[str, str, int]]] = []
            rest = list(specs)
            if cols == 2 and rest and rest[0][0] == "continue":
                rows.append([(rest[0][0], rest[0][1], inner)])
                rest = rest[1:]
            rows += [[(tid, label, bw) for tid, label in rest[i:i + cols]] for i in range(0, len(rest), cols)]
            # Only the Continue label (a scenario title of any length) is shortened; the
            # fixed labels wrap instead, so none of them loses its meaning.
            rows = [[(tid, self._fit_label(label, w) if fit and tid == "continue" else label, w)
                     for tid, label, w in row] for row in rows]
            row_h = [max(ui.button_height(label, w, primary=True) for _, label, w in row) for row in rows]
            buttons_h = sum(row_h) + space * (len(rows) - 1)
            h = top_pad + title_h + th.gap + sub_h + buttons_h + th.gap + prof_h + th.pad
            if h <= room:
                break
        self.title_role, self.sub_role, self.top_pad = title_role, sub_role, top_pad
        self.card = pygame.Rect((th.width - w) // 2, edge + max(0, (room - h) // 2), w, h)
        y = self.card.y + top_pad + title_h + th.gap + sub_h
        targets = []
        for row, rh in zip(rows, row_h):
            x = self.card.centerx - (sum(bw_ for _, _, bw_ in row) + th.gap * (len(row) - 1)) // 2
            for tid, label, bw_ in row:
                targets.append(Target(tid, pygame.Rect(x, y, bw_, rh), label))
                x += bw_ + th.gap
            y += rh + space
        self.caption_y = y - space + th.gap
        targets.append(Target("profiles", pygame.Rect(self.card.centerx - prof_w // 2, self.caption_y, prof_w, prof_h),
                              prof_label))
        self.set_targets(targets)
        if self.focus is None:
            self.focus = targets[0].id if targets else None

    def _fit_label(self, label: str, bw: int) -> str:
        """The label shortened with … to one line of a ``bw`` wide button."""
        th = self.app.theme
        return self.ui.text.fit(label, self.ui.font("body", "bold"), bw - 2 * th.px(18) - th.px(2))

    def activate(self, target_id: str) -> None:
        if target_id == "continue" and self.resumable:
            self.app.resume(*self.resumable)
        elif target_id == "profiles":
            if self.app.recorder.available:
                self.app.switch("profiles")
            else:
                self.app.notify("Progress is not being saved on this computer, so there are no profiles "
                                "to switch to. You can still play.")
        elif target_id == "quit":
            self.app.quit()
        else:
            self.app.switch(target_id, back="title")

    def back(self) -> None:
        pass  # Escape on the title does nothing; Quit is one button away

    def draw(self, surf: pygame.Surface) -> None:
        ui, th = self.ui, self.app.theme
        backdrop(ui, surf, "default")
        ui.panel(surf, self.card)
        inner = pygame.Rect(self.card.x + 2 * th.pad, self.card.y + self.top_pad, self.card.w - 4 * th.pad, 0)
        inner.h = self.card.bottom - inner.y
        y = inner.y
        y += ui.para(surf, APP_TITLE, self.title_role, ui.pal.heading, inner, "bold", align="center") + th.gap
        if self.sub_role:
            ui.para(surf, APP_SUBTITLE, self.sub_role, ui.pal.muted, pygame.Rect(inner.x, y, inner.w, self.card.bottom - y))
        primary = "continue" if self.resumable else "select"
        draw_buttons(self, surf, [t for t in self.targets if t.id != "profiles"], primary=primary)
        for t in self.targets:
            if t.id == "profiles":
                hover, focus = self.is_hot(t.id)
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, role=PROFILE_ROLE)
        hints(ui, surf, "↑↓ move · Enter choose · F11 full screen · F3 author overlay")


class BriefingScene(Scene):
    """Before play: who the client is, the content notes with a way to skip, the mode."""

    name = "content-notes"
    back_to = "select"

    def announce(self) -> None:
        rows = " ".join(text for _, text, _ in self._text_rows())
        self.app.speak(f"{rows} Press P for practice, A for assessment, Enter to begin, S to skip.")

    def enter(self, **params: Any) -> None:
        super().enter()
        self.entry: Entry = params.get("entry") or self.app.library.entries[0]
        self.mode = self.app.settings.default_mode
        #: Own words first, for this play: None follows the setting (on in practice by default).
        self.write_first: bool | None = None
        self.focus = "begin"
        self.view = ScrollView()

    def _text_rows(self) -> list[tuple[str, str, str]]:
        info = self.entry.info
        assert info is not None
        rows = [("h", info.title, "h1")]
        rows.append(("client", info.client_name + (f" — {info.client_about}" if info.client_about else ""), "body"))
        if info.content_notes:
            rows.append(("notes", "Content notes: this conversation includes " + ", ".join(info.content_notes)
                         + ". It is fine to skip it and choose another.", "body"))
        else:
            rows.append(("text", "No content notes for this scenario.", "small"))
        rows.append(("text", "Practice shows a short coach note after each choice. Assessment saves all "
                             "feedback for the debrief at the end. Own words first: at each decision you write "
                             "what you would say before the options appear.", "small"))
        return rows

    @property
    def writes_first(self) -> bool:
        return self.app.write_first_for(self.mode, self.write_first)

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(1100))
        bottom = th.height - hint_height(ui) - th.gap
        self.card = pygame.Rect((th.width - w) // 2, th.margin, w, bottom - th.margin)
        port_w = round(self.card.w * 0.26) if th.width >= th.height * 1.2 else 0
        self.portrait_rect = pygame.Rect(self.card.x + th.pad, self.card.y + th.pad, port_w,
                                         round(port_w * 1.25))
        x = self.portrait_rect.right + (th.pad if port_w else 0)
        text_w = self.card.right - th.pad - x
        buttons = button_row(ui, [("skip", "Skip this scenario"), ("begin", "Begin")],
                             self.card.right - th.pad, self.card.bottom - th.pad, text_w)
        top = min(b.rect.top for b in buttons) - th.gap
        toggle_label = "✓ Own words first: write before the options appear"
        toggle_h = ui.button_height(toggle_label, text_w, primary=True)
        toggle = Target("write-first", pygame.Rect(x, top - toggle_h, text_w, toggle_h), "Own words first")
        top = toggle.rect.top - th.px(10)
        mode_h = max(ui.button_height("Practice", text_w // 2 - th.gap, primary=True),
                     ui.button_height("Assessment", text_w // 2 - th.gap, primary=True))
        mode_y = top - mode_h
        half = (text_w - th.gap) // 2
        modes = [Target("mode:practice", pygame.Rect(x, mode_y, half, mode_h), "Practice"),
                 Target("mode:assessment", pygame.Rect(x + half + th.gap, mode_y, half, mode_h), "Assessment"),
                 toggle]
        self.mode_label_y = mode_y - th.px(8) - ui.line_h("small")
        view = pygame.Rect(x, self.card.y + th.pad, text_w - th.px(12), self.mode_label_y - th.gap - self.card.y - th.pad)
        self.view.set(view, 0)  # the rows wrap to this view's width: set it before measuring them
        self.view.set(view, self._rows(None))
        self.set_targets(modes + buttons)

    def _rows(self, surf: pygame.Surface | None) -> int:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        w = self.view.view.w
        y = 0
        for kind, text, role in self._text_rows():
            style = "bold" if kind in ("h", "client") else "regular"
            pad = th.px(14) if kind == "notes" else 0
            h = ui.measure(text, role, w - 2 * pad, style) + 2 * pad
            if surf is not None:
                box = pygame.Rect(self.view.view.x, self.view.y(y), w, h)
                if kind == "notes":
                    pygame.draw.rect(surf, pal.warn_panel, box, border_radius=th.px(10))
                colour = {"h": pal.heading, "client": pal.client, "notes": pal.on_warn}.get(kind, pal.text)
                ui.para(surf, text, role, colour, box.inflate(-2 * pad, -2 * pad), style, vertical=False)
            y += h + th.gap
        return y - th.gap

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k == pygame.K_p:
            self.mode = "practice"
        elif k == pygame.K_a:
            self.mode = "assessment"
        elif k == pygame.K_s:
            self.activate("skip")
        elif k == pygame.K_w:
            self.activate("write-first")
        elif k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.view.page(1 if k == pygame.K_PAGEDOWN else -1)
        else:
            return False
        return True

    def on_wheel(self, dy: int) -> bool:
        return self.view.scroll(-dy * self.app.theme.px(60))

    def scroll_views(self):
        return [self.view]

    def activate(self, target_id: str) -> None:
        if target_id.startswith("mode:"):
            self.mode = target_id[5:]
        elif target_id == "write-first":
            self.write_first = not self.writes_first
        elif target_id == "skip":
            self.app.switch("select", entry=self.entry)
        elif target_id == "begin":
            self.app.start_play(self.entry, self.mode, self.writes_first)

    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        info = self.entry.info
        backdrop(ui, surf, info.setting if info else "default")
        ui.panel(surf, self.card)
        if self.portrait_rect.w and info is not None:
            pygame.draw.rect(surf, pal.panel_alt, self.portrait_rect, border_radius=th.radius)
            img = ui.assets.portrait(self.entry.path, info.portrait, self.portrait_rect.h - th.px(8), pal)
            r = img.get_rect(midbottom=self.portrait_rect.midbottom)
            with clipped(surf, self.portrait_rect):
                surf.blit(img, r)
        with clipped(surf, self.view.view):
            self._rows(surf)
        self.view.draw_bar(surf, ui)
        ui.label(surf, "How do you want to play?", "small", pal.muted,
                 pygame.Rect(self.view.view.x, self.mode_label_y, self.view.view.w, ui.line_h("small")), style="bold")
        for t in self.targets:
            hover, focus = self.is_hot(t.id)
            if t.id.startswith("mode:"):
                chosen = t.id == f"mode:{self.mode}"
                ui.button(surf, t.rect, ("✓ " if chosen else "") + t.label, hover=hover, focus=focus, primary=chosen)
            elif t.id == "write-first":
                on = self.writes_first
                label = ("✓ Own words first: write before the options appear" if on
                         else "Own words first: off (the options show at once)")
                ui.button(surf, t.rect, label, hover=hover, focus=focus, primary=on)
            else:
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id == "begin")
        hints(ui, surf, "Enter begin · P practice · A assessment · W own words first · S skip · Esc back")


#: The pause menu's keys (Scene.handle_event: arrows and Tab move, Enter takes; H and Esc its own).
PAUSE_HINTS = "↑↓ or Tab move · Enter choose · H history · Esc back to the conversation"


class PauseScene(Scene):
    name = "pause"
    back_to = "conversation"
    overlay = True
    speech_title = "Paused. Back to the conversation has the focus."
    coach = False

    def enter(self, coach: bool = False, **params: Any) -> None:
        """``coach``: passed on to the history (see ``BacklogScene.enter``)."""
        super().enter()
        self.focus = "resume"
        self.coach = coach

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        specs = [("resume", "Back to the conversation"), ("history", "History"), ("settings", "Settings"),
                 ("restart", "Start this scenario again"), ("leave", "Leave to the scenario list")]
        w = min(th.width - 2 * th.margin, th.px(560))
        bw = w - 2 * th.pad
        heights = [ui.button_height(label, bw, primary=True) for _, label in specs]
        title_h = ui.line_h("h1", "bold")
        h = 2 * th.pad + title_h + th.gap + sum(heights) + th.px(10) * (len(specs) - 1)
        room = th.height - hint_height(ui)  # the menu's own footer takes the bottom strip
        self.card = pygame.Rect((th.width - w) // 2, max(th.px(8), (room - h) // 2), w, h)
        y = self.card.y + th.pad + title_h + th.gap
        targets = []
        for (tid, label), bh in zip(specs, heights):
            targets.append(Target(tid, pygame.Rect(self.card.x + th.pad, y, bw, bh), label))
            y += bh + th.px(10)
        self.set_targets(targets)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key == pygame.K_h:
            self.activate("history")
            return True
        return False

    def activate(self, target_id: str) -> None:
        app = self.app
        if target_id == "resume":
            app.manager.pop()
        elif target_id == "history":
            app.manager.pop()
            app.manager.push("backlog", coach=self.coach)
        elif target_id == "settings":
            app.manager.push("settings", back="pause")
        elif target_id == "restart" and app.play is not None:
            app.start_play(app.play.entry, app.play.mode, app.play.write_first)
        elif target_id == "leave":
            entry = app.play.entry if app.play else None
            app.switch("select", entry=entry)

    def draw(self, surf: pygame.Surface) -> None:
        ui, th = self.ui, self.app.theme
        ui.modal(surf, self.card)
        ui.label(surf, "Paused", "h1", ui.pal.heading, pygame.Rect(self.card.x + th.pad, self.card.y + th.pad,
                                                                    self.card.w - 2 * th.pad, 10), style="bold")
        draw_buttons(self, surf, self.targets, primary="resume")
        # Its own footer on an opaque strip: the conversation's beneath ("1–4 choose…") lists
        # keys that do nothing while the menu is open.
        hints(ui, surf, PAUSE_HINTS, opaque=True)


class ErrorScene(Scene):
    """Shown instead of crashing when content or a scene fails."""

    name = "error"

    def enter(self, **params: Any) -> None:
        super().enter()
        self.title = params.get("title", "Something went wrong")
        self.message = params.get("message", "")
        self.details: list[str] = list(params.get("details", []))
        self.where = params.get("where", "")
        self.focus = "ok"
        self.view = ScrollView()

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        w = min(th.width - 2 * th.margin, th.px(960))
        self.card = pygame.Rect((th.width - w) // 2, th.margin, w, th.height - 2 * th.margin)
        self.set_targets(button_row(ui, [("title", "Title screen"), ("ok", "Back to scenarios")],
                                    self.card.right - th.pad, self.card.bottom - th.pad, w - 2 * th.pad))
        box = self.card.inflate(-2 * th.pad, -2 * th.pad)
        box.h = min(t.rect.top for t in self.targets) - th.gap - box.y
        box.w -= th.px(12)
        self.view.set(box, self._rows(None))

    def _texts(self) -> list[tuple[str, str, str, str, int]]:
        """(text, role, colour, style, space after) of the card's text, top to bottom."""
        th = self.app.theme
        out = [(self.title, "h1", "critical", "bold", th.gap), (self.message, "body", "text", "regular", th.gap),
               ("The game is still running. Your earlier choices are saved; nothing was lost except the step "
                "that failed.", "small", "muted", "regular", th.gap)]
        return out + [(ln, "caption", "muted", "regular", th.px(4)) for ln in self.details]

    def _rows(self, surf: pygame.Surface | None) -> int:
        """Draw the text (or only measure it, without ``surf``); returns its height."""
        ui, view = self.ui, self.view
        y = 0
        for text, role, colour, style, after in self._texts():
            h = ui.measure(text, role, view.view.w, style)
            if surf is not None:
                ui.para(surf, text, role, getattr(ui.pal, colour), pygame.Rect(view.view.x, view.y(y), view.view.w, h),
                        style, vertical=False)
            y += h + after
        return y

    def scroll_views(self):
        return [self.view]

    def on_wheel(self, dy: int) -> bool:
        return self.view.scroll(-dy * self.app.theme.px(60))

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.view.page(1 if event.key == pygame.K_PAGEDOWN else -1)
            return True
        return False

    def back(self) -> None:
        self.activate("ok")

    def announce(self) -> None:
        self.app.speak(f"{self.title}. {self.message}")

    def activate(self, target_id: str) -> None:
        self.app.play = None if self.where in ("conversation", "debrief") else self.app.play
        self.app.switch("title" if target_id == "title" else "select")

    def draw(self, surf: pygame.Surface) -> None:
        ui, pal = self.ui, self.ui.pal
        surf.fill(pal.backdrop)
        ui.panel(surf, self.card)
        with clipped(surf, self.view.view):
            self._rows(surf)
        self.view.draw_bar(surf, ui)
        draw_buttons(self, surf, self.targets, primary="ok")
