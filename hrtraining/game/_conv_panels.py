"""Parts of the conversation screen: the name plate with its meters, and the coach notes.

A mixin of :class:`~hrtraining.game._conversation.ConversationScene`, kept
apart so each module stays small; it reads the scene's state and only draws
or measures.
"""
from __future__ import annotations

import pygame


class ConversationPanels:
    """Measuring and drawing the name plate and the coach panel rows."""

    def _layout_plate(self, w: int, column_h: int) -> int:
        """Lay out the name plate (name, about, every meter) for a ``w``-wide column of
        ``column_h``; returns its height and sets ``meter_rows`` and ``about_h``.

        Every meter the scenario declares is shown (the validator allows at most
        ``MAX_METERS``). Roomy rows put the label above its bar; when they would leave the
        portrait less than a third of the column, compact rows put label and bar side by side;
        when even those do not fit beside the "about" text, the about text (which the briefing
        showed) gives way. The portrait takes what is left, down to nothing.
        """
        ui, th = self.ui, self.app.theme
        sc = self.app.play.scenario
        inner = w - 2 * th.gap
        head = th.px(14) + ui.line_h("h2", "bold")
        about = th.px(4) + ui.measure(sc.client.about, "caption", inner) if sc.client.about else 0
        meters = list(sc.meters.values()) if self.shows_meters else []  # assessment: none shown
        label_h = ui.line_h("caption", "bold")
        pip_h = th.px(12)
        roomy = len(meters) * (th.px(10) + label_h + th.px(4) + pip_h)
        compact = len(meters) * (th.px(8) + max(label_h, pip_h))
        end = th.px(16)
        self.about_h = about - th.px(4) if about else 0
        if head + about + roomy + end <= column_h * 2 // 3:
            mode, body = "roomy", roomy
        elif head + about + compact + end <= column_h:
            mode, body = "compact", compact
        else:
            mode, body, self.about_h, about = "compact", compact, 0, 0
        height = min(column_h, head + about + body + end)
        self.meter_rows = self._meter_rows(meters, mode, head + about, inner)
        return height

    def _meter_rows(self, meters, mode: str, y: int, inner: int) -> list[tuple]:
        """(meter, label box, bar box) per meter, relative to the plate's inner top-left."""
        ui, th = self.ui, self.app.theme
        label_h = ui.line_h("caption", "bold")
        pip_h = th.px(12)
        rows = []
        # Compact rows give the labels what the longest needs (from 40% to 62% of the row), so a
        # label such as "Going-out plan" is not cut to "Going-out…" while the bars have room.
        font = ui.font("caption", "bold")
        widest = max((font.size(m.label or m.name)[0] for m in meters), default=0) + th.px(8)
        split = max(round(inner * 0.4), min(round(inner * 0.62), widest))
        for meter in meters:
            if mode == "roomy":
                y += th.px(10)
                label = pygame.Rect(0, y, inner, label_h)
                y += label_h + th.px(4)
                bar = pygame.Rect(0, y, inner, pip_h)
                y += pip_h
            else:
                y += th.px(8)
                row_h = max(label_h, pip_h)
                label = pygame.Rect(0, y, split - th.px(8), row_h)
                bar = pygame.Rect(split, y + (row_h - pip_h) // 2, inner - split, pip_h)
                y += row_h
            rows.append((meter, label, bar))
        return rows

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
        inner = self.plate.inflate(-2 * th.gap, 0)
        origin = (inner.x, self.plate.y)
        meters_now = self.app.play.session.meters
        for meter, label_box, bar_box in self.meter_rows:
            label_box, bar_box = label_box.move(origin), bar_box.move(origin)
            if bar_box.bottom > self.plate.bottom:
                break  # never drawn outside the plate (the layout keeps them all inside)
            label = meter.label or meter.name.replace("_", " ").capitalize()
            flash = self.meter_flash.get(meter.name)
            lr = ui.label(surf, label, "caption", pal.text, label_box, style="bold")
            if flash:
                delta = flash[0]
                ui.chip(surf, f"{'+' if delta > 0 else '−'}{abs(delta)}", lr.right + th.px(8), label_box.y - th.px(3),
                        max(1, label_box.right - lr.right - th.px(8)), pal.accent, pal.on_accent)
            shown = self.meter_shown.get(meter.name, float(meters_now.get(meter.name, 0)))
            span = max(1, meter.max - meter.min)
            frac = (shown - meter.min) / span
            if span <= 10:
                self._pips(surf, bar_box, span, frac, bool(flash))
            else:
                ui.bar(surf, bar_box, frac, pal.meter)

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
