"""Progress over time: a small chart per dimension and the attempt history with its debrief.

Reads only through the recorder (the progress store's public API). Without a
store it says so and shows nothing else.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import HRTrainingError, Rubric
from hrtraining.practice import Debrief

from ._chrome import backdrop, button_row, draw_buttons, hint_height, hints, level_name
from ._debrief import decision_rows, score_rows, summary_rows
from ._pages import Page, Row
from hrtraining.progress import is_outdated
from ._scene import Scene
from ._ui import ScrollView, Target, clipped

#: The rubric's default thresholds, for attempts whose scenario is no longer in the library.
DEFAULT_FAIR, DEFAULT_GOOD = Rubric.fair, Rubric.good


def level_bands(fair: float, good: float) -> tuple[tuple[float, float, str], ...]:
    """The chart's background bands for a rubric's thresholds, bottom to top."""
    return ((0.0, fair, "beginning"), (fair, good, "fair"), (good, 1.0, "good"))


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


class ProgressScene(Scene):
    name = "progress"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.list_view = ScrollView()
        self.detail = Page()
        self.return_to = "title"
        self.opened: Any = None

    def enter(self, **params: Any) -> None:
        super().enter()
        self.return_to = params.get("back", "title")
        rec = self.app.recorder
        self.attempts = rec.attempts()
        self.series = rec.summary()
        self.opened = None
        self.selected = 0
        self.names = self._dimension_names()

    def _dimension_names(self) -> dict[str, tuple[str, bool]]:
        rubric = self._rubric()
        return {d.id: (d.name, d.required) for d in rubric.dimensions.values()} if rubric else {}

    def _rubric(self, scenario_id: str | None = None) -> Any:
        """The rubric of ``scenario_id`` when it is in the library, else the library's first."""
        entry = self.app.library.by_id(scenario_id) if scenario_id else None
        if entry is not None and entry.result.rubric is not None:
            return entry.result.rubric
        return next((e.result.rubric for e in self.app.library.entries if e.result.rubric is not None), None)

    def thresholds(self, scenario_id: str | None = None) -> tuple[float, float]:
        """(fair, good) from the rubric that scored ``scenario_id``, as the debrief draws them."""
        rubric = self._rubric(scenario_id)
        if rubric is None:
            return DEFAULT_FAIR, DEFAULT_GOOD
        return rubric.fair, rubric.good

    # -- layout ---------------------------------------------------------------
    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        self.card = pygame.Rect(th.margin, th.px(16), th.width - 2 * th.margin,
                                th.height - th.px(16) - hint_height(ui) - th.gap)
        title_h = ui.line_h("h1", "bold") + ui.line_h("small") + th.px(4)
        top = self.card.y + th.pad + title_h + th.gap
        buttons = button_row(ui, [("back", "Back" if self.opened is None else "Back to the list")],
                             self.card.right - th.pad, self.card.bottom - th.pad, self.card.w - 2 * th.pad)
        bottom = buttons[0].rect.top - th.gap
        inner_w = self.card.w - 2 * th.pad
        narrow = th.width < th.height * 1.45
        chart_w = inner_w if narrow else round(inner_w * 0.5)
        chart_h = (bottom - top) // 2 if narrow else bottom - top
        self.chart_rect = pygame.Rect(self.card.x + th.pad, top, chart_w, chart_h)
        if narrow:
            self.list_rect = pygame.Rect(self.card.x + th.pad, self.chart_rect.bottom + th.gap, inner_w,
                                         bottom - self.chart_rect.bottom - th.gap)
        else:
            self.list_rect = pygame.Rect(self.chart_rect.right + th.gap, top, inner_w - chart_w - th.gap, bottom - top)
        self.row_h = ui.line_h("small", "bold") + th.px(4) + ui.line_h("caption") + 2 * th.px(10)
        self.list_view.set(self.list_rect.inflate(-th.px(16), -th.px(16)).move(-th.px(6), 0),
                           len(self.attempts) * (self.row_h + th.px(6)))
        if self.opened is not None:
            view = pygame.Rect(self.card.x + th.pad, top, inner_w - th.px(12), bottom - top)
            self.detail.set(ui, self._detail_rows(), view)
        self._place(buttons)
        if self.focus is None:
            self.focus = "attempt:0" if self.attempts and self.opened is None else "back"

    def _place(self, buttons: list[Target] | None = None) -> None:
        if buttons is None:
            buttons = [t for t in self.targets if t.id == "back"]
        targets = []
        if self.opened is None:
            for i in range(len(self.attempts)):
                r = self._row_rect(i)
                if r.colliderect(self.list_view.view):
                    targets.append(Target(f"attempt:{i}", r.clip(self.list_view.view), ""))
        self.set_targets(targets + buttons)

    def _row_rect(self, i: int) -> pygame.Rect:
        v = self.list_view.view
        return pygame.Rect(v.x, self.list_view.y(i * (self.row_h + self.app.theme.px(6))), v.w, self.row_h)

    def _detail_rows(self) -> list[Row]:
        """The opened attempt's debrief, from the same model as the debrief after play."""
        a = self.opened
        rows = [Row("h", a.scenario_title or a.scenario_id, colour="heading")]
        entry = self.app.library.by_id(a.scenario_id)
        meta = f"{_when(a.finished_at or a.started_at)} · {a.mode} · ending: {a.ending_title or '—'}"
        outdated = is_outdated(a, entry.content_hash if entry else None)
        if outdated:
            meta += " · played on an older version of this scenario"
        rows.append(Row("p", meta, colour="muted", role="small"))
        debrief = self._debrief(a, None if outdated else entry)
        if debrief is None:
            return rows + [Row("p", f"Overall: {level_name(a.level)}", style="bold"),
                           Row("p", "The details of this attempt could not be read.", colour="muted")]
        if debrief.rating_line():
            # The debrief asked before showing any score; set the two side by side again.
            rows.append(Row("p", debrief.rating_line(), colour="muted"))
        return rows + score_rows(debrief) + decision_rows(debrief)[1:] + summary_rows(debrief)

    def _debrief(self, a: Any, entry: Any) -> Debrief | None:
        """The stored attempt's debrief; with the scenario as played (``entry``, same content) it
        also quotes the prompts and the stronger options."""
        scenario = rubric = None
        if entry is not None:
            try:
                scenario, rubric = entry.load()
            except HRTrainingError:
                scenario = None
        try:
            report = a.report or {}
            return Debrief.from_stored(report, a.choices, rubric=rubric or self._rubric(a.scenario_id),
                                       scenario=scenario, self_rating=getattr(a, "self_rating", None))
        except Exception:  # a record this version cannot read (newer, or damaged): say so, never crash
            return None

    # -- input ----------------------------------------------------------------
    def activate(self, target_id: str) -> None:
        if target_id.startswith("attempt:"):
            self.open(int(target_id[8:]))
        elif target_id == "back":
            self.back()

    def open(self, i: int) -> None:
        full = self.app.recorder.attempt(self.attempts[i].id)
        if full is None:
            self.app.notify("That attempt could not be read.")
            return
        self.selected = i
        self.opened = full
        self.detail.view.offset = 0
        self.focus = "back"
        self.layout()

    def back(self) -> None:
        if self.opened is not None:
            self.opened = None
            self.focus = f"attempt:{self.selected}"
            self.layout()
        else:
            self.app.switch(self.return_to)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if self.opened is not None:
            page = self.detail.view
            if k in (pygame.K_DOWN, pygame.K_PAGEDOWN):
                page.scroll(self.app.theme.px(60) if k == pygame.K_DOWN else page.view.h - self.app.theme.px(40))
                return True
            if k in (pygame.K_UP, pygame.K_PAGEUP):
                page.scroll(-(self.app.theme.px(60) if k == pygame.K_UP else page.view.h - self.app.theme.px(40)))
                return True
            return False
        if k in (pygame.K_UP, pygame.K_DOWN) and self.attempts:
            self.selected = max(0, min(len(self.attempts) - 1, self.selected + (1 if k == pygame.K_DOWN else -1)))
            y = self.selected * (self.row_h + self.app.theme.px(6))
            self.list_view.show(y, y + self.row_h)
            self._place()
            self.focus = f"attempt:{self.selected}"
            return True
        return False

    def scroll_views(self):
        return [self.detail.view] if self.opened is not None else [self.list_view]

    def after_scroll(self) -> None:
        self._place()

    def on_wheel(self, dy: int) -> bool:
        view = self.detail.view if self.opened is not None else self.list_view
        view.scroll(-dy * self.app.theme.px(60))
        self._place()
        return True

    # -- drawing --------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        backdrop(ui, surf, "default")
        ui.panel(surf, self.card)
        x, y = self.card.x + th.pad, self.card.y + th.pad
        ui.label(surf, "Your progress", "h1", pal.heading, pygame.Rect(x, y, self.card.w - 2 * th.pad, 1), style="bold")
        y += ui.line_h("h1", "bold") + th.px(4)
        sub = (f"{self.app.recorder.profile} · {self.count_text()}"
               if self.app.recorder.available else "Progress is not being saved on this computer.")
        ui.label(surf, sub, "small", pal.muted, pygame.Rect(x, y, self.card.w - 2 * th.pad, 1))
        if self.opened is not None:
            self.detail.draw(ui, surf)
        else:
            self._draw_chart(surf)
            self._draw_list(surf)
        draw_buttons(self, surf, [t for t in self.targets if t.id == "back"], primary="back")
        hints(ui, surf, "↑↓ PgUp/PgDn scroll · Esc back to the list" if self.opened is not None
              else "↑↓ choose · Enter open the debrief · Esc back")

    def count_text(self) -> str:
        """How many finished attempts the list shows. The recorder reads only the latest
        ``RECENT``, and the store has no cheap count, so a full list says so instead of a total."""
        n = len(self.attempts)
        if n >= self.app.recorder.RECENT:
            return f"the latest {n} finished attempts"
        return f"{n} finished attempt{'s' if n != 1 else ''}"

    def _draw_chart(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        rect = self.chart_rect
        pygame.draw.rect(surf, pal.panel_alt, rect, border_radius=th.px(12))
        dims = [d for d in self.series if self.series[d]]
        dims.sort(key=lambda d: (not self.names.get(d, ("", False))[1], d))
        if not dims:
            ui.para(surf, "No finished attempts yet. Play a scenario to the end and your levels will "
                          "appear here, one line per skill.", "body", pal.muted, rect.inflate(-2 * th.gap, -2 * th.gap),
                    vertical=False)
            return
        inner = rect.inflate(-2 * th.gap, -2 * th.gap)
        label_h = ui.line_h("small", "bold")
        each = max(label_h + th.px(24), inner.h // len(dims))
        with clipped(surf, inner):
            for i, d in enumerate(dims):
                top = inner.y + i * each
                if top > inner.bottom:
                    break
                name = self.names.get(d, (d.replace("_", " ").capitalize(), False))[0]
                pts = self.series[d]
                last = pts[-1]
                chip = level_name(last.level)
                cw = ui.chip_width(chip)
                ui.label(surf, name, "small", pal.text, pygame.Rect(inner.x, top, inner.w - cw - th.gap, label_h),
                         style="bold")
                ui.chip(surf, chip, inner.right - cw, top, cw, pal.level(last.level),
                        (0, 0, 0) if pal.name == "high-contrast" else pal.on_accent)
                plot = pygame.Rect(inner.x, top + label_h + th.px(6), inner.w, each - label_h - th.px(16))
                self._plot(surf, plot, [p.percent or 0.0 for p in pts], [p.level for p in pts],
                           self.thresholds(last.scenario_id))

    def _plot(self, surf: pygame.Surface, plot: pygame.Rect, values: list[float], levels: list[str],
              thresholds: tuple[float, float] = (DEFAULT_FAIR, DEFAULT_GOOD)) -> None:
        """Level bands (the rubric's fair and good), then the attempts as a line of dots
        (newest on the right)."""
        th, pal = self.app.theme, self.ui.pal
        if plot.h < th.px(8):
            return
        for lo, hi, level in level_bands(*thresholds):
            band = pygame.Rect(plot.x, plot.bottom - round(plot.h * hi), plot.w, round(plot.h * (hi - lo)))
            col = pal.level(level)
            shade = pal.track if pal.name == "high-contrast" else tuple(round(c * 0.18 + 255 * 0.82) for c in col)
            pygame.draw.rect(surf, shade, band)
        values = values[-12:]
        levels = levels[-12:]
        n = len(values)
        step = plot.w / max(1, n) if n else plot.w
        pts = [(round(plot.x + step * (i + 0.5)), round(plot.bottom - plot.h * max(0.0, min(1.0, v))))
               for i, v in enumerate(values)]
        if len(pts) > 1:
            pygame.draw.lines(surf, pal.text, False, pts, max(1, th.px(2)))
        r = max(3, th.px(6))
        for p, lv in zip(pts, levels):
            pygame.draw.circle(surf, pal.text, p, r + max(1, th.px(2)))
            pygame.draw.circle(surf, pal.level(lv), p, r)

    def _draw_list(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        pygame.draw.rect(surf, pal.panel_alt, self.list_rect, border_radius=th.px(12))
        view = self.list_view.view
        if not self.attempts:
            ui.para(surf, "Your finished attempts will be listed here; open one to read its debrief again.",
                    "small", pal.muted, view, vertical=False)
            return
        with clipped(surf, view):
            for i, a in enumerate(self.attempts):
                r = self._row_rect(i)
                if not r.colliderect(view):
                    continue
                hover, focus = self.is_hot(f"attempt:{i}")
                pygame.draw.rect(surf, pal.button_hover if hover or focus or i == self.selected else pal.panel[:3],
                                 r, border_radius=th.px(10))
                if focus:
                    pygame.draw.rect(surf, pal.focus, r, th.px(3), border_radius=th.px(10))
                inner = r.inflate(-2 * th.px(12), -2 * th.px(10))
                chip = level_name(a.level)
                cw = ui.chip_width(chip)
                ui.label(surf, a.scenario_title or a.scenario_id, "small", pal.text,
                         pygame.Rect(inner.x, inner.y, inner.w - cw - th.gap, 1), style="bold")
                ui.chip(surf, chip, inner.right - cw, inner.y, cw, pal.level(a.level or "beginning"),
                        (0, 0, 0) if pal.name == "high-contrast" else pal.on_accent)
                entry = self.app.library.by_id(a.scenario_id)
                meta = f"{_when(a.finished_at)} · {a.mode}"
                if is_outdated(a, entry.content_hash if entry else None):
                    meta += " · older version"
                ui.label(surf, meta, "caption", pal.muted,
                         pygame.Rect(inner.x, inner.y + ui.line_h("small", "bold") + th.px(4), inner.w, 1))
        self.list_view.draw_bar(surf, ui)
