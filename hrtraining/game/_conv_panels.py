"""Parts of the conversation screen: the name plate with its meters, and the coach notes.

A mixin of :class:`~hrtraining.game._conversation.ConversationScene`, kept
apart so each module stays small; it reads the scene's state and only draws
or measures.
"""
from __future__ import annotations

import pygame


class ConversationPanels:
    """Measuring and drawing the name plate and the coach panel rows."""

    def _plate_height(self, w: int) -> int:
        ui, th = self.ui, self.app.theme
        sc = self.app.play.scenario
        h = th.px(14) + ui.line_h("h2", "bold")
        if sc.client.about:
            h += th.px(4) + ui.measure(sc.client.about, "caption", w)
        for _meter in list(sc.meters.values())[:4]:
            h += th.px(10) + ui.line_h("caption", "bold") + th.px(4) + th.px(12)
        return h + th.px(16)

    def _coach_row_height(self, row: tuple[str, str, str], w: int) -> int:
        kind, title, text = row
        ui, th = self.ui, self.app.theme
        if kind == "head":
            return ui.line_h("h2", "bold")
        if kind == "chips":
            return ui.line_h("small", "bold") + th.px(4) + self._chip_rows(text, w) * (ui.line_h("caption", "bold") + th.px(12))
        return ui.line_h("small", "bold") + th.px(4) + ui.measure(text, "small", w)

    def _chip_rows(self, text: str, w: int) -> int:
        rows, x = 1, 0
        for part in text.split("|"):
            cw = self.ui.chip_width(part) + self.app.theme.px(8)
            if x and x + cw > w:
                rows, x = rows + 1, 0
            x += cw
        return rows

    def _draw_meters(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        sc = self.app.play.scenario
        inner = self.plate.inflate(-2 * th.gap, 0)
        y = self.plate.y + th.px(14) + ui.line_h("h2", "bold")
        if sc.client.about:
            y += th.px(4) + ui.measure(sc.client.about, "caption", inner.w)
        for meter in list(sc.meters.values())[:4]:
            y += th.px(10)
            label = meter.label or meter.name.replace("_", " ").capitalize()
            flash = self.meter_flash.get(meter.name)
            lr = ui.label(surf, label, "caption", pal.text, pygame.Rect(inner.x, y, inner.w, 1), style="bold")
            if flash:
                delta = flash[0]
                ui.chip(surf, f"{'+' if delta > 0 else '−'}{abs(delta)}", lr.right + th.px(8), y - th.px(3),
                        max(1, inner.right - lr.right - th.px(8)), pal.accent, pal.on_accent)
            y += ui.line_h("caption", "bold") + th.px(4)
            shown = self.meter_shown.get(meter.name, float(self.app.play.session.meters.get(meter.name, 0)))
            span = max(1, meter.max - meter.min)
            frac = (shown - meter.min) / span
            bar = pygame.Rect(inner.x, y, inner.w, th.px(12))
            if span <= 10:
                self._pips(surf, bar, span, frac, bool(flash))
            else:
                ui.bar(surf, bar, frac, pal.meter)
            y += th.px(12)

    def _pips(self, surf: pygame.Surface, rect: pygame.Rect, n: int, frac: float, hot: bool) -> None:
        th, pal = self.app.theme, self.ui.pal
        gap = th.px(4)
        w = (rect.w - gap * (n - 1)) / n
        filled = frac * n
        for i in range(n):
            r = pygame.Rect(round(rect.x + i * (w + gap)), rect.y, max(1, round(w)), rect.h)
            pygame.draw.rect(surf, pal.track, r, border_radius=r.h // 2)
            part = max(0.0, min(1.0, filled - i))
            if part > 0:
                fr = pygame.Rect(r.x, r.y, max(1, round(r.w * part)), r.h)
                pygame.draw.rect(surf, pal.focus if hot else pal.meter, fr, border_radius=r.h // 2)

    def _draw_coach_row(self, surf: pygame.Surface, row: tuple[str, str, str], box: pygame.Rect) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        kind, title, text = row
        if kind == "head":
            r = ui.label(surf, title, "h2", pal.heading, box, style="bold")
            if text:
                ui.chip(surf, text, r.right + th.gap, box.y + th.px(6), max(1, box.right - r.right - th.gap),
                        pal.critical, pal.on_accent if pal.name != "high-contrast" else (0, 0, 0))
            return
        ui.label(surf, title, "small", pal.heading, box, style="bold")
        y = box.y + ui.line_h("small", "bold") + th.px(4)
        if kind == "chips":
            x = box.x
            for part in text.split("|"):
                cw = ui.chip_width(part) + th.px(8)
                if x > box.x and x + cw > box.right:
                    x, y = box.x, y + ui.line_h("caption", "bold") + th.px(12)
                ui.chip(surf, part, x, y, box.w)
                x += cw
        else:
            ui.para(surf, text, "small", pal.text, pygame.Rect(box.x, y, box.w, box.bottom - y), vertical=False)
