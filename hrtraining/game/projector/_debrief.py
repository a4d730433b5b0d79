"""The group debrief on the projector: the path the room took, how it voted, what was hardest.

Left: the ending, the room's levels on the required dimensions, the hardest
decisions and (only if the leader turned it on) a leaderboard of nicknamed
participants. Right, scrollable: every decision with its prompt and the vote
distribution, the room's choice marked.
"""
from __future__ import annotations

from itertools import groupby
from typing import TYPE_CHECKING, Callable

import pygame

from hrtraining.workshop import ranked

from .._chrome import header, header_height, level_name
from .._ui import ScrollView, clipped

from ._draw import chip_width, number_chip, vote_bar

if TYPE_CHECKING:
    from hrtraining.workshop import GroupDebrief, RoomDecision, RoomView

    from ._scene import ProjectorScene



class DebriefView:
    def __init__(self, scene: ProjectorScene):
        self.scene = scene
        self.view = ScrollView()
        self.page = 200

    @property
    def ui(self):
        return self.scene.ui

    def _title(self, v: RoomView) -> tuple[str, str]:
        return f"Group debrief · {v.title}", v.debrief.subtitle if v.debrief is not None else ""

    def layout(self) -> None:
        scene, ui = self.scene, self.ui
        th = scene.app.theme
        v = scene.view
        if v is None or v.debrief is None:
            return
        title, sub = self._title(v)
        top = th.margin + header_height(ui, title, sub, th.width - 2 * th.margin - 2 * th.pad) + th.gap
        bottom = th.height - th.margin  # no key list on the wall
        lw = max(th.px(320), round(th.width * 0.32))
        self.left = pygame.Rect(th.margin, top, lw, bottom - top)
        self.right = pygame.Rect(self.left.right + th.gap, top, th.width - th.margin - self.left.right - th.gap,
                                 bottom - top)
        view = self.right.inflate(-2 * th.pad, -2 * th.pad)
        view.w -= th.px(12)
        self.items = self._items(v, view.w)
        self.view.set(view, sum(h for _, h in self.items))
        self.page = max(th.px(60), view.h - th.px(60))

    def scroll(self, dy: int) -> None:
        self.view.scroll(dy)

    def _items(self, v: RoomView, w: int) -> list[tuple[RoomDecision, int]]:
        ui, th = self.ui, self.scene.app.theme
        out = []
        for p in v.debrief.decisions:
            text_w = w - chip_width(ui, 9, "small") - th.px(12)  # widest chip: safe for every number
            h = ui.line_h("body", "bold") + th.px(4)
            if p.prompt:
                h += ui.measure(f"“{p.prompt}”", "small", w, "italic") + th.px(8)
            for o in p.options:
                h += ui.measure(o.line, "small", text_w, "bold" if o.chosen else "regular") \
                    + ui.line_h("caption", "bold") + th.px(10)
            out.append((p, h + th.pad))
        return out

    def draw(self, surf: pygame.Surface, v: RoomView) -> None:
        ui = self.ui
        d = v.debrief
        header(ui, surf, *self._title(v))
        ui.panel(surf, self.left)
        ui.panel(surf, self.right)
        self._draw_left(surf, v, d)
        with clipped(surf, self.view.view):
            y = 0
            for p, h in self.items:
                sy = self.view.y(y)
                if sy < self.view.view.bottom and sy + h > self.view.view.top:
                    self._draw_decision(surf, p, pygame.Rect(self.view.view.x, sy, self.view.view.w, h))
                y += h
        self.view.draw_bar(surf, ui)  # the keys are the presenter's, not the wall's

    def _draw_left(self, surf: pygame.Surface, v: RoomView, d: GroupDebrief) -> None:
        ui, th, pal = self.ui, self.scene.app.theme, self.ui.pal
        box = self.left.inflate(-2 * th.pad, -2 * th.pad)
        y = box.y
        with clipped(surf, self.left):
            ui.label(surf, "How the room did", "h2", pal.heading, pygame.Rect(box.x, y, box.w, 1), style="bold")
            y += ui.line_h("h2", "bold") + th.px(10)
            for s in d.assessed:
                ui.label(surf, s.name, "small", pal.text, pygame.Rect(box.x, y, box.w, 1), style="bold")
                y += ui.line_h("small", "bold") + th.px(4)
                lvl = level_name(s.level)
                lw = ui.font("small", "bold").size("Beginning")[0] + th.px(10)
                ui.bar(surf, pygame.Rect(box.x, y + th.px(4), box.w - lw, th.px(14)), s.percent,
                       pal.level(s.level))
                ui.label(surf, lvl, "small", pal.level(s.level), pygame.Rect(box.right - lw + th.px(10), y, lw, 1),
                         style="bold")
                y += ui.line_h("small") + th.px(10)
            y += th.px(6)
            ui.label(surf, "Hardest for the room", "h2", pal.heading, pygame.Rect(box.x, y, box.w, 1), style="bold")
            y += ui.line_h("h2", "bold") + th.px(8)
            if not d.hardest:
                y += ui.para(surf, d.NO_HARDEST, "small", pal.muted,
                             pygame.Rect(box.x, y, box.w, box.bottom - y), vertical=False) + th.px(8)
            for p in d.hardest_decisions:
                ui.label(surf, p.split_line, "small", pal.text, pygame.Rect(box.x, y, box.w, 1))
                y += ui.line_h("small") + th.px(6)
            if v.leaderboard:
                y += th.px(6)
                ui.label(surf, "Leaderboard", "h2", pal.heading, pygame.Rect(box.x, y, box.w, 1), style="bold")
                y += ui.line_h("h2", "bold") + th.px(8)
                if not v.leaders:
                    y += ui.para(surf, "Nobody with a nickname voted.", "small", pal.muted,
                                 pygame.Rect(box.x, y, box.w, box.bottom - y), vertical=False)
                self._draw_leaders(surf, v, pygame.Rect(box.x, y, box.w, max(0, box.bottom - y)))
            else:
                note = "Each participant's own summary is on their phone, private to them."
                ui.para(surf, note, "caption", pal.muted, pygame.Rect(box.x, max(y + th.px(6), box.bottom
                        - ui.measure(note, "caption", box.w)), box.w, box.bottom - y), vertical=False)

    def _draw_leaders(self, surf: pygame.Surface, v: RoomView, box: pygame.Rect) -> None:
        """The leaderboard rows that fit in ``box``, never cutting inside a tie.

        People showing the same percent share a rank (1, 1, 1, 4), never 1st, 2nd, 3rd. When the
        panel cannot hold everyone, whole tied groups are shown (a tie that does not fit one per row
        is shown on one wrapped line) and the rest is counted as "+N more": a name that is left out
        is never one tied with a rank on the wall, so nobody tied for 1st silently vanishes.
        """
        ui, th, pal = self.ui, self.scene.app.theme, self.ui.pal
        rows = [(rank, self.scene.plain(name, "small"), pct, level)  # a glyph the font lacks is left out, not "?"
                for rank, name, pct, level in ranked(v.leaders)]
        row_h = ui.line_h("small") + th.px(4)
        lines = fit_leaders(rows, box.h, row_h, lambda text: ui.measure(text, "small", box.w) + th.px(4))
        y = box.y
        for text, h in lines:
            if h == row_h:
                ui.label(surf, text, "small", pal.muted if text.startswith("+") else pal.text,
                         pygame.Rect(box.x, y, box.w, 1))
            else:
                ui.para(surf, text, "small", pal.text, pygame.Rect(box.x, y, box.w, h), vertical=False)
            y += h

    def _draw_decision(self, surf: pygame.Surface, p: RoomDecision, r: pygame.Rect) -> None:
        ui, th, pal = self.ui, self.scene.app.theme, self.ui.pal
        y = r.y
        title = p.title
        ui.label(surf, title, "body", pal.heading, pygame.Rect(r.x, y, r.w, 1), style="bold")
        if p.hardest:
            tw = ui.font("body", "bold").size(title)[0]
            ui.chip(surf, "Hardest", min(r.x + tw + th.px(12), r.right - ui.chip_width("Hardest")), y + th.px(4),
                    ui.chip_width("Hardest") + 2, pal.fair, pal.on_accent if pal.name != "high-contrast" else (0, 0, 0))
        y += ui.line_h("body", "bold") + th.px(4)
        if p.prompt:
            y += ui.para(surf, f"“{p.prompt}”", "small", pal.muted, pygame.Rect(r.x, y, r.w, r.bottom - y),
                         "italic", vertical=False) + th.px(8)
        total = p.votes
        top = max((o.votes for o in p.options), default=0)
        for o in p.options:
            cw = number_chip(ui, surf, o.number, r.x, y, "small", dim=not o.chosen)
            tx = r.x + cw + th.px(12)
            tw = r.right - tx
            h = ui.para(surf, o.line, "small",
                        pal.text if o.chosen else pal.muted, pygame.Rect(tx, y, tw, r.bottom - y),
                        "bold" if o.chosen else "regular", vertical=False)
            y += h
            vote_bar(ui, surf, pygame.Rect(tx, y, tw, ui.line_h("caption", "bold")), o.votes, total, 1.0,
                     o.chosen or (o.votes == top and top > 0))
            y += ui.line_h("caption", "bold") + th.px(10)
        pygame.draw.line(surf, pal.panel_edge, (r.x, r.bottom - th.pad // 2), (r.right, r.bottom - th.pad // 2),
                         max(1, th.px(1)))


def fit_leaders(rows: list[tuple[int, str, float, str]], room: int, row_h: int,
                measure: Callable[[str], int]) -> list[tuple[str, int]]:
    """The leaderboard's lines (text, height) for ``room`` pixels: whole tied groups, then "+N more".

    ``rows`` come from :func:`ranked`; ``measure`` gives a wrapped line's height. Space for the
    "+N more" line is kept whenever anyone would be left out, and the list stops at the first tied
    group that fits neither one row per person nor as one wrapped line, so the groups shown are
    always the top ones, complete.
    """
    out: list[tuple[str, int]] = []
    shown, total = 0, len(rows)
    for _, group in groupby(rows, key=lambda r: r[0]):
        g = list(group)
        reserve = row_h if total - shown - len(g) else 0
        if len(g) * row_h + reserve <= room:
            out += [(f"{rank}. {name} · {level_name(level)} · {round(100 * pct)}%", row_h)
                    for rank, name, pct, level in g]
            room -= len(g) * row_h
        else:
            rank, pct = g[0][0], g[0][2]
            levels = {level_name(r[3]) for r in g}
            level = f" · {levels.pop()}" if len(levels) == 1 else ""
            text = f"{rank}. {', '.join(r[1] for r in g)}{level} · {round(100 * pct)}% (tied)"
            h = max(row_h, measure(text))
            if h + reserve > room:
                break
            out.append((text, h))
            room -= h
        shown += len(g)
    if shown < total:
        out.append((f"+{total - shown} more", row_h))
    return out

