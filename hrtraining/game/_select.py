"""The scenario select screen: the library with best levels, details and broken files."""
from __future__ import annotations

from typing import Any

import pygame

from ._chrome import (backdrop, button_row, draw_buttons, header, header_height, hint_height, hints,
                      level_name)
from hrtraining.practice import Entry
from ._scene import Scene
from ._ui import ScrollView, Target, clipped

SELECT_TITLE = "Choose a scenario"
SELECT_SUB = "Each is one client over one or more sessions. Pick one to see what it covers."


class SelectScene(Scene):
    name = "select"
    back_to = "title"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.selected = 0
        self.list_view = ScrollView()
        self.detail_view = ScrollView()
        self.best: dict[str, str] = {}
        self.unfinished: dict[str, Any] = {}

    def enter(self, **params: Any) -> None:
        super().enter()
        self.best = self.app.recorder.best_levels()
        self.unfinished = {}
        for a in self.app.recorder.unfinished():
            self.unfinished.setdefault(a.scenario_id, a)
        entries = self.app.library.entries
        if "entry" in params and params["entry"] in entries:
            self.selected = entries.index(params["entry"])
        self.selected = max(0, min(self.selected, len(entries) - 1))

    @property
    def entry(self) -> Entry | None:
        entries = self.app.library.entries
        return entries[self.selected] if entries else None

    # -- layout ---------------------------------------------------------------
    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        top = th.margin + header_height(ui, SELECT_TITLE, SELECT_SUB, th.width - 2 * th.margin - 2 * th.pad) + th.gap
        bottom = th.height - hint_height(ui) - th.gap
        body_w = th.width - 2 * th.margin
        list_w = round(body_w * 0.4)
        self.list_rect = pygame.Rect(th.margin, top, list_w, bottom - top)
        self.detail_rect = pygame.Rect(th.margin + list_w + th.gap, top, body_w - list_w - th.gap, bottom - top)
        # Cards of the list, in content coordinates.
        inner_w = self.list_rect.w - 2 * th.gap - th.px(12)
        self.cards: list[tuple[int, int]] = []
        y = 0
        for e in self.app.library.entries:
            h = self._card_height(e, inner_w)
            self.cards.append((y, h))
            y += h + th.px(10)
        view = self.list_rect.inflate(-2 * th.gap, -2 * th.gap)
        self.list_view.set(view, y - th.px(10))
        if self.cards:  # coming back from a play (or resizing) keeps the chosen card in sight
            y0, h0 = self.cards[min(self.selected, len(self.cards) - 1)]
            self.list_view.show(y0, y0 + h0)
        self._layout_detail()

    def _card_height(self, e: Entry, w: int) -> int:
        ui, th = self.ui, self.app.theme
        text_w = w - 2 * th.gap
        h = ui.measure(e.title, "body", text_w, "bold") + th.px(6)
        h += ui.line_h("caption") + th.px(8) + ui.line_h("caption") + th.px(6)
        return h + 2 * th.px(12)

    def _layout_detail(self) -> None:
        ui, th = self.ui, self.app.theme
        e = self.entry
        r = self.detail_rect
        specs: list[tuple[str, str]] = []
        if e is not None and e.ok:
            if e.id in self.unfinished:
                a = self.unfinished[e.id]
                specs.append(("resume", "Resume" if a.scenario_hash == e.content_hash else "Start again (changed)"))
            specs.append(("play", "Play"))
        specs.append(("back", "Back"))
        buttons = button_row(ui, specs, r.right - th.pad, r.bottom - th.pad, r.w - 2 * th.pad)
        top_buttons = min(b.rect.top for b in buttons)
        self.detail_view.set(pygame.Rect(r.x + th.pad, r.y + th.pad, r.w - 2 * th.pad - th.px(12),
                                         top_buttons - th.gap - r.y - th.pad), self._detail_height())
        targets = []
        for i, (y, h) in enumerate(self.cards):
            rect = pygame.Rect(self.list_view.view.x, self.list_view.y(y), self.list_view.view.w - th.px(12), h)
            if rect.colliderect(self.list_view.view):
                targets.append(Target(f"card:{i}", rect.clip(self.list_view.view), ""))
        self.set_targets(targets + buttons)

    def _detail_height(self) -> int:
        return self._draw_detail(None)

    def _detail_lines(self) -> list[tuple[str, str, str]]:
        """(kind, text, role) rows of the detail panel."""
        e = self.entry
        if e is None:
            return [("text", "No scenarios found. Add .yaml files to the scenarios folder.", "body")]
        info = e.info
        rows: list[tuple[str, str, str]] = [("title", e.title, "h1")]
        if not e.ok:
            rows.append(("warn", "This scenario has errors and cannot be played yet. First problems:", "body"))
            rows += [("error", msg, "small") for msg in e.first_errors(3)]
            rows.append(("muted", e.path, "caption"))
            return rows
        assert info is not None
        about = f"{info.client_name}" + (f" — {info.client_about}" if info.client_about else "")
        rows.append(("client", about, "body"))
        if info.summary:
            rows.append(("text", info.summary, "body"))
        if info.tags:
            rows.append(("tags", " · ".join(info.tags), "caption"))
        if info.content_notes:
            rows.append(("notes", "Content notes: " + ", ".join(info.content_notes), "small"))
        best = self.best.get(e.id)
        rows.append(("best", f"Your best so far: {level_name(best)}" if best else "Not played yet", "small"))
        if e.id in self.unfinished:
            a = self.unfinished[e.id]
            if a.scenario_hash == e.content_hash:
                rows.append(("muted", f"You have an unfinished attempt ({a.choice_count} choices made, "
                                      f"{a.mode}). Resume to carry on where you stopped.", "small"))
            else:
                rows.append(("muted", "Your unfinished attempt was made on an older version of this "
                                      "scenario; it can't be resumed.", "small"))
        return rows

    def _draw_detail(self, surf: pygame.Surface | None) -> int:
        """Draws the detail rows (or only measures them when ``surf`` is None)."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        view = self.detail_view.view
        w = view.w
        y = 0
        for kind, text, role in self._detail_lines():
            style = "bold" if kind in ("title", "client") else "regular"
            colour = {"title": pal.heading, "client": pal.client, "warn": pal.critical, "error": pal.text,
                      "muted": pal.muted, "best": pal.muted, "tags": pal.on_chip, "notes": pal.on_warn}.get(kind, pal.text)
            pad = th.px(12) if kind in ("notes", "tags") else 0
            h = ui.measure(text, role, w - 2 * pad, style) + 2 * pad
            if surf is not None:
                sy = self.detail_view.y(y)
                if sy < view.bottom and sy + h > view.top:
                    box = pygame.Rect(view.x, sy, w, h)
                    if kind == "notes":
                        pygame.draw.rect(surf, pal.warn_panel, box, border_radius=th.px(10))
                    elif kind == "tags":
                        pygame.draw.rect(surf, pal.chip, box, border_radius=th.px(10))
                    ui.para(surf, text, role, colour, box.inflate(-2 * pad, -2 * pad), style, vertical=False)
            y += h + (th.gap if kind != "title" else th.px(8))
        return y

    # -- self-voicing -----------------------------------------------------------
    def announce(self) -> None:
        n = len(self.app.library.entries)
        self.app.speak(f"{SELECT_TITLE}. {n} scenarios; up and down choose, Enter plays.")
        if self.entry is not None:
            self.app.speak_then(self.describe(f"card:{self.selected}"))

    def describe(self, target_id: str) -> str:
        if target_id.startswith("card:"):
            e = self.app.library.entries[int(target_id[5:])]
            if not e.ok or e.info is None:
                return f"{e.title}: this scenario has errors and cannot be played yet."
            best = self.best.get(e.id)
            about = f", {e.info.client_about}" if e.info.client_about else ""
            return (f"{e.title}. {e.info.client_name}{about}. "
                    + (f"Your best so far: {level_name(best)}." if best else "Not played yet."))
        return super().describe(target_id)

    # -- input ----------------------------------------------------------------
    def select(self, i: int) -> None:
        n = len(self.app.library.entries)
        if not n:
            return
        self.selected = max(0, min(n - 1, i))
        self.detail_view.offset = 0
        y, h = self.cards[self.selected]
        self.list_view.show(y, y + h)
        self._layout_detail()

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k in (pygame.K_UP, pygame.K_DOWN):
            self.focus = None
            self.select(self.selected + (1 if k == pygame.K_DOWN else -1))
            self.say_focus(f"card:{self.selected}")
            return True
        if k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.detail_view.page(1 if k == pygame.K_PAGEDOWN else -1)
            self._layout_detail()
            return True
        if k in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.focus is None:
            self.activate("play")
            return True
        if k == pygame.K_r:
            self.activate("resume")
            return True
        return False

    def scroll_views(self):
        return [self.list_view, self.detail_view]

    def after_scroll(self) -> None:
        self._layout_detail()

    def on_wheel(self, dy: int) -> bool:
        pos = self.app.mouse_pos
        view = self.list_view if self.list_rect.collidepoint(pos) else self.detail_view
        view.scroll(-dy * self.app.theme.px(60))
        self._layout_detail()
        return True

    def activate(self, target_id: str) -> None:
        e = self.entry
        if target_id.startswith("card:"):
            self.select(int(target_id[5:]))
        elif target_id == "back":
            self.app.switch("title")
        elif e is None or not e.ok:
            return
        elif target_id == "play":
            self.app.switch("content-notes", entry=e)
        elif target_id == "resume" and e.id in self.unfinished:
            a = self.unfinished[e.id]
            if a.scenario_hash == e.content_hash and self.app.resume(e, a):
                return
            self.app.switch("content-notes", entry=e)

    # -- drawing --------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th = self.ui, self.app.theme
        backdrop(ui, surf, "default")
        header(ui, surf, SELECT_TITLE, SELECT_SUB)
        ui.panel(surf, self.list_rect)
        ui.panel(surf, self.detail_rect)
        view = self.list_view.view
        with clipped(surf, view):
            for i, (e, (y, h)) in enumerate(zip(self.app.library.entries, self.cards)):
                sy = self.list_view.y(y)
                if sy > view.bottom or sy + h < view.top:
                    continue
                self._draw_card(surf, i, e, pygame.Rect(view.x, sy, view.w - th.px(12), h))
        self.list_view.draw_bar(surf, ui)
        with clipped(surf, self.detail_view.view):
            self._draw_detail(surf)
        self.detail_view.draw_bar(surf, ui)
        draw_buttons(self, surf, [t for t in self.targets if not t.id.startswith("card:")], primary="play")
        # The footer names only keys that work now: R only where an attempt waits to be resumed.
        resume = " · R resume" if any(t.id == "resume" for t in self.targets) else ""
        more = " · PgUp/PgDn scroll details" if self.detail_view.max_offset else ""
        hints(ui, surf, f"↑↓ choose · Enter play{resume}{more} · Esc back")

    def _draw_card(self, surf: pygame.Surface, i: int, e: Entry, rect: pygame.Rect) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        sel = i == self.selected
        hover = self.hover == f"card:{i}"
        bg = pal.button_hover if sel or hover else pal.panel_alt
        pygame.draw.rect(surf, bg, rect, border_radius=th.px(10))
        if sel:
            pygame.draw.rect(surf, pal.accent, rect, th.px(3), border_radius=th.px(10))
            pygame.draw.rect(surf, pal.accent, (rect.x, rect.y + th.px(10), th.px(6), rect.h - th.px(20)))
        inner = rect.inflate(-2 * th.gap, -2 * th.px(12))
        y = inner.y + ui.para(surf, e.title, "body", pal.text, pygame.Rect(inner.x, inner.y, inner.w, inner.h),
                              "bold", vertical=False) + th.px(6)
        sub = (f"{e.info.client_name} — {e.info.client_about}" if e.info and e.info.client_about
               else e.info.client_name if e.info else e.path)
        ui.label(surf, sub, "caption", pal.muted, pygame.Rect(inner.x, y, inner.w, ui.line_h("caption")))
        y += ui.line_h("caption") + th.px(8)
        if not e.ok:
            ui.chip(surf, "Broken — see errors", inner.x, y, inner.w, pal.critical, pal.on_accent)
        else:
            best = self.best.get(e.id)
            if best:
                ui.chip(surf, f"Best: {level_name(best)}", inner.x, y, inner.w, pal.level(best), pal.on_accent
                        if pal.name != "high-contrast" else (0, 0, 0))
            else:
                ui.chip(surf, "New", inner.x, y, inner.w)
            if e.id in self.unfinished:
                x = inner.x + ui.chip_width(f"Best: {level_name(best)}" if best else "New") + th.px(8)
                ui.chip(surf, "In progress", x, y, max(1, inner.right - x))
