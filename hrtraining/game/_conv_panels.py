"""Parts of the conversation screen: the name plate with its meters, and the coach notes.

A mixin of :class:`~hrtraining.game._conversation.ConversationScene`, kept
apart so each module stays small; it reads the scene's state and only draws
or measures.
"""
from __future__ import annotations

import pygame

from ._text import glyph_safe


class ConversationPanels:
    """Measuring and drawing the name plate and the coach panel rows."""

    def _layout_plate(self, w: int, column_h: int) -> int:
        """Lay out the name plate (name, about, every meter) for a ``w``-wide column of
        ``column_h``; returns its height and sets ``name_h``, ``chip_below``, ``meter_rows``,
        ``meter_mode`` and ``about_h``.

        The client's name is never shortened: it wraps, and without the title bar the mode's
        chip sits beside it when both fit, else on a line of its own under it. Every meter
        the scenario declares is shown (the validator allows at most ``MAX_METERS``). Roomy
        rows put the label above its bar; when they would leave the portrait less than a third
        of the column, compact rows put label and bar side by side, except a row whose label
        (and room for its "+1") does not fit beside the bar, which keeps its label above it at
        the row's full width, wrapped rather than cut; when even those do not fit beside the
        "about" text, the about text (which the briefing showed) gives way; only when nothing
        else fits are labels cut to one line beside their bars. The portrait takes what is
        left, down to nothing.
        """
        ui, th = self.ui, self.app.theme
        sc = self.app.play.scenario
        inner = w - 2 * th.gap
        self.name_h = ui.measure(sc.client.name, "h2", inner, "bold")
        head = th.px(14) + self.name_h
        self.chip_below = False
        if not self.show_bar:  # the mode's chip joins the name plate
            mode = "Practice" if self.app.play.mode == "practice" else "Assessment"
            cw = ui.chip_width(mode)
            font = ui.font("h2", "bold")
            self.chip_below = self.name_h > ui.line_h("h2", "bold") or \
                font.size(sc.client.name)[0] + th.px(8) + cw > inner
            if self.chip_below:
                head += th.px(4) + ui.line_h("caption", "bold") + th.px(6)
        about = th.px(4) + ui.measure(sc.client.about, "caption", inner) if sc.client.about else 0
        meters = list(sc.meters.values()) if self.shows_meters else []  # assessment: none shown
        end = th.px(16)
        self.about_h = about - th.px(4) if about else 0
        # Labels whole matter more than the about text (the briefing showed it), and every row
        # takes the same form, so the meters read as one list.
        plans = (("roomy", about, column_h * 2 // 3), ("beside", about, column_h), ("roomy", about, column_h),
                 ("beside", 0, column_h), ("roomy", 0, column_h), ("cut", 0, column_h))
        for mode, about_part, limit in plans:
            if mode == "beside" and not self._all_beside(meters, inner):
                continue
            rows, body = self._meter_rows(meters, mode, head + about_part, inner)
            if head + about_part + body + end <= limit:
                break
        if not about_part:
            self.about_h = 0
        self.meter_rows, self.meter_mode = rows, mode
        return min(column_h, head + about_part + body + end)

    def badge_w(self, meter) -> int:
        """The width the "+1" badge of ``meter`` may need: its widest change, either sign, as
        the chip draws it (in the face's own minus sign or the stand-in it has)."""
        ui, th = self.ui, self.app.theme
        font = ui.font("caption", "bold")
        span = str(max(1, meter.max - meter.min))
        return max(font.size(glyph_safe(sign + span, font))[0] for sign in ("+", "−")) + 2 * th.px(10)

    def _split(self, meters, inner: int) -> int:
        """Where side-by-side rows put the bars: what the longest label and its badge need,
        from 40% to 62% of the row, so a label such as "Going-out plan" is not cut to
        "Going-out…" while the bars have room."""
        th = self.app.theme
        widest = max((self._label_w(m) + th.px(8) + self.badge_w(m) for m in meters), default=0) + th.px(8)
        return max(round(inner * 0.4), min(round(inner * 0.62), widest))

    def _all_beside(self, meters, inner: int) -> bool:
        """Whether every label, and the room for its badge, fits beside its bar."""
        th = self.app.theme
        split = self._split(meters, inner)
        return all(self._label_w(m) + th.px(8) + self.badge_w(m) <= split - th.px(8) for m in meters)

    def _meter_rows(self, meters, mode: str, y: int, inner: int) -> tuple[list[tuple], int]:
        """(meter, label box, bar box) per meter, relative to the plate's inner top-left, and
        the height they take from ``y``.

        A label box holds the label and, after it, the room for its "+1" badge
        (:meth:`badge_w`), so the badge never covers the label or the bar. ``mode``: "roomy"
        (each label above its bar, at the row's full width, wrapped if it must be), "beside"
        (each beside its bar: :meth:`_all_beside` says when they fit) or "cut" (beside, the
        labels shortened: the last resort).
        """
        ui, th = self.ui, self.app.theme
        label_h = ui.line_h("caption", "bold")
        pip_h = th.px(12)
        rows = []
        split = self._split(meters, inner)
        top = y
        for meter in meters:
            if mode == "roomy":
                y += th.px(10)
                text_w = inner - th.px(8) - self.badge_w(meter)
                h = max(label_h, ui.measure(self._label(meter), "caption", text_w, "bold"))
                label = pygame.Rect(0, y, inner, h)
                y += h + th.px(4)
                bar = pygame.Rect(0, y, inner, pip_h)
                y += pip_h
            else:
                y += th.px(8)
                row_h = max(label_h, pip_h)
                label = pygame.Rect(0, y, split - th.px(8), row_h)
                bar = pygame.Rect(split, y + (row_h - pip_h) // 2, inner - split, pip_h)
                y += row_h
            rows.append((meter, label, bar))
        return rows, y - top

    def _label(self, meter) -> str:
        return meter.label or meter.name.replace("_", " ").capitalize()

    def _label_w(self, meter) -> int:
        font = self.ui.font("caption", "bold")
        return font.size(glyph_safe(self._label(meter), font))[0]

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
            badge_w = self.badge_w(meter)
            text_box = pygame.Rect(label_box.x, label_box.y, max(1, label_box.w - th.px(8) - badge_w), label_box.h)
            flash = self.meter_flash.get(meter.name)
            if label_box.h > ui.line_h("caption", "bold"):  # a label above its bar, wrapped
                block = ui.block(self._label(meter), "caption", text_box.w, pal.text, "bold")
                ui.para(surf, self._label(meter), "caption", pal.text, text_box, "bold")
                right = text_box.x + block.width
            else:
                right = ui.label(surf, self._label(meter), "caption", pal.text, text_box, style="bold").right
            if flash:
                # The badge has room of its own after the label (badge_w): it is never cut to
                # "…" and never drawn over the bar.
                delta = flash[0]
                ui.chip(surf, f"{'+' if delta > 0 else '−'}{abs(delta)}", right + th.px(8), label_box.y - th.px(3),
                        badge_w, pal.accent, pal.on_accent)
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
