"""Drawing one skill of the progress chart: axes with levels and percentages, a line per
scenario and mode, and a legend.

The figures are :class:`~hrtraining.practice.ProgressChart`'s (the terminal prints the same
ones); this module only places them. Practice attempts are solid lines with round markers,
assessments dashed lines with diamonds, so the two read apart in black and white too; each
scenario has its colour from ``Palette.series``.
"""
from __future__ import annotations

import math
from contextlib import nullcontext

import pygame

from hrtraining.practice import ChartLine, ProgressChart, SkillChart
from hrtraining.practice.words import level_name, percent

from ._ui import ScrollView, Ui, clipped

#: The x axis shows at most this many of the latest attempts.
MAX_SHOWN = 20


def level_bands(fair: float, good: float) -> tuple[tuple[float, float, str], ...]:
    """The chart's background bands for a rubric's thresholds, bottom to top."""
    return ((0.0, fair, "beginning"), (fair, good, "fair"), (good, 1.0, "good"))


class ChartView:
    """Lays out and draws one :class:`SkillChart` inside a rectangle."""

    def __init__(self) -> None:
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.plot = pygame.Rect(0, 0, 1, 1)
        self.legend = ScrollView()
        self.legend_rows: list[tuple[ChartLine, int, int]] = []   # line, content y, height
        self.first = 1
        self.last = 0

    @staticmethod
    def min_plot_h(ui: Ui, chart: ProgressChart) -> int:
        """The least plot height at which the percentages at the levels' edges (0%, fair, good,
        100%) never overlap, so none is left out, and every level's band holds its name: the
        narrowest band must be a caption line (and a little air) tall."""
        fair, good = chart.thresholds
        edges = sorted({0.0, max(0.0, min(1.0, fair)), max(0.0, min(1.0, good)), 1.0})
        # A band narrower than 5% (thresholds set nearly equal) would ask for a plot taller than
        # any window; such a band's name and percentage give way instead.
        step = max(0.05, min((b - a for a, b in zip(edges, edges[1:]) if b - a > 1e-6), default=1.0))
        return math.ceil((ui.line_h("caption") + ui.theme.px(4)) / step)

    def _legend_rows(self, ui: Ui, w: int, skill: SkillChart | None) -> list[tuple[ChartLine, int, int]]:
        th = ui.theme
        cap = ui.line_h("caption")
        text_w = w - th.px(44) - th.px(12)
        rows, y = [], 0
        for line in (skill.lines if skill is not None else ()):
            h = max(ui.measure(line.label, "caption", text_w), cap)
            rows.append((line, y, h))
            y += h + th.px(4)
        return rows

    @staticmethod
    def _margins(ui: Ui) -> tuple[int, int]:
        """Above the plot (half a caption: the 100% label is centred on the plot's top edge),
        and below it (the x axis's numbers and title)."""
        cap = ui.line_h("caption")
        return max(ui.theme.px(6), cap // 2 + 1), ui.theme.px(4) + 2 * cap

    def min_height(self, ui: Ui, w: int, chart: ProgressChart, skill: SkillChart | None) -> int:
        """The least height of a ``w``-wide rectangle that holds the plot at :meth:`min_plot_h`,
        its axes and the whole legend (as :meth:`layout` with ``full_legend`` lays it out)."""
        rows = self._legend_rows(ui, w, skill)
        legend_h = (rows[-1][1] + rows[-1][2] + ui.theme.gap) if rows else 0
        top, below = self._margins(ui)
        return top + self.min_plot_h(ui, chart) + below + legend_h

    def layout(self, ui: Ui, rect: pygame.Rect, chart: ProgressChart, skill: SkillChart | None,
               full_legend: bool = False) -> None:
        """Place the plot and the legend in ``rect``. ``full_legend``: every legend row shows
        and the plot takes what is left (the page around scrolls instead; see
        :meth:`min_height`); otherwise the legend scrolls under a plot of at least
        :meth:`min_plot_h` when the rectangle allows it."""
        th = ui.theme
        self.rect = rect
        self.last = chart.attempts
        self.first = max(1, chart.attempts - MAX_SHOWN + 1)
        axis_w = ui.font("caption").size("100%")[0] + th.px(8)
        # The legend: one row per line, under the plot; it scrolls when there are many.
        rows = self._legend_rows(ui, rect.w, skill)
        legend_h = (rows[-1][1] + rows[-1][2]) if rows else 0
        top, below = self._margins(ui)
        room = rect.h - top - below
        # The plot first (at least 55% of the room, and never below its least height when the
        # room allows it), the legend under it; at least one legend row always shows, with a
        # scroll bar when there are more.
        first_row = (rows[0][2] + th.gap) if rows else 0
        if full_legend:
            plot_h = room - legend_h - (th.gap if rows else 0)
        else:
            plot_h = min(max(th.px(60), round(room * 0.55)), room - first_row)
            plot_h = max(plot_h, room - legend_h - (th.gap if rows else 0))
            plot_h = min(plot_h, room - first_row)
            plot_h = max(plot_h, min(self.min_plot_h(ui, chart), room - first_row))
        legend_view_h = max(0, room - plot_h - (th.gap if rows else 0))
        self.plot = pygame.Rect(rect.x + axis_w, rect.y + top, rect.w - axis_w - th.px(8), max(1, plot_h))
        self.legend_rows = rows
        self.legend.set(pygame.Rect(rect.x, self.plot.bottom + below + th.gap, rect.w - th.px(12),
                                    min(legend_view_h, legend_h)), legend_h)

    # -- drawing --------------------------------------------------------------------
    def draw(self, ui: Ui, surf: pygame.Surface, chart: ProgressChart, skill: SkillChart | None,
             bands=level_bands) -> None:
        """``bands``: the level bands for the chart's thresholds (see :func:`level_bands`)."""
        th, pal = ui.theme, ui.pal
        plot = self.plot
        if plot.h < th.px(20):
            return
        fair, good = chart.thresholds
        for lo, hi, level in bands(fair, good):
            band = pygame.Rect(plot.x, plot.bottom - round(plot.h * hi), plot.w, round(plot.h * (hi - lo)))
            col = pal.level(level)
            shade = pal.track if pal.name == "high-contrast" else tuple(round(c * 0.16 + 255 * 0.84) for c in col)
            pygame.draw.rect(surf, shade, band)
            if band.h >= ui.line_h("caption"):  # the level's name inside its band
                ui.label(surf, level_name(level), "caption", pal.muted, band.inflate(-th.px(12), 0), align="right")
        self._axes(ui, surf, chart)
        if skill is not None:
            with clipped(surf, plot.inflate(th.px(16), th.px(16))):
                colours = self.colours(ui, chart)
                for line in skill.lines:
                    self._line(ui, surf, line, colours.get(line.scenario_id, pal.text))
            self._legend(ui, surf, chart)

    def colours(self, ui: Ui, chart: ProgressChart) -> dict[str, tuple[int, int, int]]:
        series = ui.pal.series
        return {sid: series[i % len(series)] for i, (sid, _) in enumerate(chart.scenarios)}

    def x_of(self, n: int) -> int:
        span = max(1, self.last - self.first + 1)
        return round(self.plot.x + self.plot.w * (n - self.first + 0.5) / span)

    def y_of(self, value: float) -> int:
        return round(self.plot.bottom - self.plot.h * max(0.0, min(1.0, value)))

    def _axes(self, ui: Ui, surf: pygame.Surface, chart: ProgressChart) -> None:
        th, pal = ui.theme, ui.pal
        plot = self.plot
        w = max(1, th.px(1.5))
        pygame.draw.line(surf, pal.text, plot.bottomleft, plot.topleft, w)
        pygame.draw.line(surf, pal.text, plot.bottomleft, plot.bottomright, w)
        cap = ui.line_h("caption")
        fair, good = chart.thresholds
        taken: list[pygame.Rect] = []
        for value in (fair, good, 0.0, 1.0):   # percentages at the levels' edges, those first
            y = self.y_of(value)
            pygame.draw.line(surf, pal.text, (plot.x - th.px(5), y), (plot.x, y), w)
            box = pygame.Rect(self.rect.x, y - cap // 2, plot.x - self.rect.x - th.px(7), cap)
            box.clamp_ip(pygame.Rect(self.rect.x, self.rect.y, self.rect.w, plot.bottom + cap // 2 - self.rect.y))
            if not any(box.colliderect(t) for t in taken):  # too close to one shown: the tick only
                ui.label(surf, percent(value), "caption", pal.text, box, align="right")
                taken.append(box)
        # Attempt numbers under the plot, as many as fit.
        if self.last:
            step = 1
            widest = ui.font("caption").size(str(self.last))[0] + th.px(10)
            while (self.last - self.first + 1) / step * widest > plot.w:
                step += 1
            for n in range(self.last, self.first - 1, -step):
                x = self.x_of(n)
                pygame.draw.line(surf, pal.text, (x, plot.bottom), (x, plot.bottom + th.px(4)), w)
                ui.label(surf, str(n), "caption", pal.text, pygame.Rect(x - widest // 2, plot.bottom + th.px(4), widest, cap),
                         align="center")
        shown = self.last - self.first + 1
        what = "Attempt, oldest first" if shown == chart.attempts else f"Attempt (the latest {shown} of {chart.attempts})"
        ui.label(surf, what, "caption", pal.muted, pygame.Rect(plot.x, plot.bottom + th.px(4) + cap, plot.w, cap),
                 align="center")

    def _line(self, ui: Ui, surf: pygame.Surface, line: ChartLine, colour: tuple[int, int, int]) -> None:
        th = ui.theme
        pts = [(self.x_of(p.n), self.y_of(p.percent or 0.0)) for p in line.points if p.n >= self.first]
        width = max(2, th.px(3))
        for a, b in zip(pts, pts[1:]):
            if line.mode == "assessment":
                _dashed(surf, colour, a, b, width, th.px(10))
            else:
                pygame.draw.line(surf, colour, a, b, width)
        for p in pts:
            marker(surf, ui, p, line.mode, colour)

    def _legend(self, ui: Ui, surf: pygame.Surface, chart: ProgressChart) -> None:
        th, pal = ui.theme, ui.pal
        view = self.legend
        if not self.legend_rows or view.view.h <= 0:
            return
        colours = self.colours(ui, chart)
        # Clipped to its own view only when it scrolls: a legend shown whole may be cut by the
        # scrolling page around it instead, whose cue then tells of it.
        with clipped(surf, view.view) if view.max_offset else nullcontext():
            for line, y, h in self.legend_rows:
                sy = view.y(y)
                if sy > view.view.bottom or sy + h < view.view.top:
                    continue
                colour = colours.get(line.scenario_id, pal.text)
                cy = sy + ui.line_h("caption") // 2
                a, b = (view.view.x, cy), (view.view.x + th.px(30), cy)
                if line.mode == "assessment":
                    _dashed(surf, colour, a, b, max(2, th.px(3)), th.px(8))
                else:
                    pygame.draw.line(surf, colour, a, b, max(2, th.px(3)))
                marker(surf, ui, (view.view.x + th.px(15), cy), line.mode, colour)
                ui.para(surf, line.label, "caption", pal.text,
                        pygame.Rect(view.view.x + th.px(40), sy, view.view.w - th.px(40), h), vertical=False)
        view.draw_bar(surf, ui)


def marker(surf: pygame.Surface, ui: Ui, at: tuple[int, int], mode: str, colour: tuple[int, int, int]) -> None:
    """A practice attempt's round marker, or an assessment's hollow diamond."""
    th, pal = ui.theme, ui.pal
    r = max(4, th.px(7))
    x, y = at
    if mode == "assessment":
        diamond = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        pygame.draw.polygon(surf, pal.panel_alt[:3], diamond)
        pygame.draw.polygon(surf, colour, diamond, max(2, th.px(3)))
    else:
        pygame.draw.circle(surf, pal.text, at, r + max(1, th.px(1.5)))
        pygame.draw.circle(surf, colour, at, r)


def _dashed(surf: pygame.Surface, colour, a: tuple[int, int], b: tuple[int, int], width: int, dash: int) -> None:
    (x1, y1), (x2, y2) = a, b
    length = max(1.0, ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5)
    n = max(1, int(length // dash))
    for i in range(0, n, 2):
        t0, t1 = i / n, min(1.0, (i + 1) / n)
        pygame.draw.line(surf, colour, (round(x1 + (x2 - x1) * t0), round(y1 + (y2 - y1) * t0)),
                         (round(x1 + (x2 - x1) * t1), round(y1 + (y2 - y1) * t1)), width)
