"""Drawing helpers shared by every scene: panels, text, buttons, bars, scrolling.

:class:`Ui` bundles what drawing needs (theme, fonts, text cache, pictures) so
scenes pass one object around. The helpers only draw; hit-testing uses the
:class:`Target` rectangles each scene computes in its layout step.
"""
from __future__ import annotations

from dataclasses import dataclass

import pygame

from ._assets import Assets
from ._text import PROBE, Block, FontBook, TextCache, clear_glyphs, draw_block
from ._theme import RGB, Palette, Theme


@dataclass
class Target:
    """Something the player can click or reach with the keyboard."""

    id: str
    rect: pygame.Rect
    label: str = ""


class Ui:
    """Theme + fonts + text cache + pictures, and the drawing helpers over them."""

    def __init__(self, theme: Theme, fonts: FontBook, assets: Assets | None = None):
        self.theme = theme
        self.fonts = fonts
        self.text = TextCache()
        self.assets = assets or Assets()
        self._panels: dict[tuple, pygame.Surface] = {}

    @property
    def pal(self) -> Palette:
        return self.theme.palette

    def rebuild(self, fonts: FontBook) -> None:
        """New fonts (size, family) or palette: drop everything rendered with the old ones."""
        self.fonts = fonts
        self.text.clear()
        clear_glyphs()
        self._panels.clear()
        self.assets.clear_scaled()

    def font(self, role: str, style: str = "regular") -> pygame.font.Font:
        return self.fonts.font(role, style)

    # -- measuring -----------------------------------------------------------
    def block(self, text: str, role: str, width: int, colour: RGB, style: str = "regular") -> Block:
        return self.text.block(text, self.font(role, style), max(8, width), colour)

    def measure(self, text: str, role: str, width: int, style: str = "regular") -> int:
        return self.text.measure(text, self.font(role, style), max(8, width))

    def line_h(self, role: str, style: str = "regular") -> int:
        return self.font(role, style).get_height()

    # -- drawing -------------------------------------------------------------
    def panel(self, surf: pygame.Surface, rect: pygame.Rect, colour: tuple | None = None,
              radius: int | None = None, edge: bool = True, shadow: bool = True) -> None:
        """A soft rounded card; translucent colours are pre-rendered once per size."""
        pal = self.pal
        colour = colour or pal.panel
        radius = self.theme.radius if radius is None else radius
        key = (rect.size, tuple(colour), radius, edge, shadow, pal.name)
        s = self._panels.get(key)
        if s is None:
            off = self.theme.px(4) if shadow and pal.shadow[3] else 0
            s = pygame.Surface((rect.w + off, rect.h + off), pygame.SRCALPHA)
            if off:
                pygame.draw.rect(s, pal.shadow, (off, off, rect.w, rect.h), border_radius=radius)
            pygame.draw.rect(s, colour, (0, 0, rect.w, rect.h), border_radius=radius)
            if edge:
                pygame.draw.rect(s, pal.panel_edge, (0, 0, rect.w, rect.h), max(1, self.theme.px(1.5)),
                                 border_radius=radius)
            self._panels[key] = s
        surf.blit(s, rect.topleft)

    def label(self, surf: pygame.Surface, text: str, role: str, colour: RGB, box: pygame.Rect,
              align: str = "left", style: str = "regular", valign: str = "top") -> pygame.Rect:
        """One line of text inside ``box``, shortened with … if it would not fit."""
        font = self.font(role, style)
        shown = self.text.fit(text, font, box.w)
        PROBE.shorten(text, shown, font)
        s = self.text.line(shown, font, colour)
        r = s.get_rect()
        if align == "center":
            r.centerx = box.centerx
        elif align == "right":
            r.right = box.right
        else:
            r.left = box.left
        if valign == "center":
            r.centery = box.centery
        else:
            r.top = box.top
        PROBE.check(text, r, box, vertical=False, clip=surf.get_clip())
        surf.blit(s, r)
        return r

    def para(self, surf: pygame.Surface, text: str, role: str, colour: RGB, box: pygame.Rect,
             style: str = "regular", reveal: int | None = None, vertical: bool = True,
             align: str = "left") -> int:
        """Wrapped text at the top of ``box``; returns the height used."""
        b = self.block(text, role, box.w, colour, style)
        if align == "center" and len(b.lines) == 1:
            x = box.centerx - b.width // 2
        else:
            x = box.x
        return draw_block(surf, b, x, box.y, box, reveal=reveal, vertical=vertical, what=text)

    def button(self, surf: pygame.Surface, rect: pygame.Rect, text: str, *, hover: bool = False,
               focus: bool = False, primary: bool = False, role: str = "body", align: str = "center",
               number: str = "", disabled: bool = False) -> None:
        """A rounded button with a wrapped label; ``number`` is a key hint drawn on the left."""
        pal, th = self.pal, self.theme
        bg = pal.accent if primary else (pal.button_hover if hover or focus else pal.button)
        fg = pal.on_accent if primary else pal.on_button
        if disabled:
            fg = pal.muted
        pygame.draw.rect(surf, bg, rect, border_radius=th.radius)
        if (hover or focus) and primary:
            pygame.draw.rect(surf, pal.focus, rect.inflate(th.px(4), th.px(4)), th.px(3),
                             border_radius=th.radius + th.px(2))
        elif focus:
            pygame.draw.rect(surf, pal.focus, rect, th.px(3), border_radius=th.radius)
        inner = rect.inflate(-2 * th.px(18), -2 * th.px(10))
        if number:
            nw = self.font(role, "bold").size("0")[0] + th.px(22)
            chip = pygame.Rect(inner.x, inner.y, nw - th.px(10), self.line_h(role))
            pygame.draw.rect(surf, pal.accent if not primary else pal.on_accent, chip,
                             border_radius=th.px(8))
            self.label(surf, number, role, pal.on_accent if not primary else pal.accent, chip,
                       align="center", style="bold")
            inner = pygame.Rect(inner.x + nw, inner.y, inner.w - nw, inner.h)
        b = self.block(text, role, inner.w, fg, "bold" if primary else "regular")
        y = rect.centery - b.height // 2 if align == "center" or b.height < inner.h else inner.y
        x = inner.centerx - b.width // 2 if align == "center" else inner.x
        draw_block(surf, b, x, y, rect, what=text)

    def button_height(self, text: str, width: int, role: str = "body", number: bool = False,
                      primary: bool = False) -> int:
        th = self.theme
        inner = width - 2 * th.px(18)
        if number:
            inner -= self.font(role, "bold").size("0")[0] + th.px(22)
        return self.measure(text, role, inner, "bold" if primary else "regular") + 2 * th.px(12)

    def chip(self, surf: pygame.Surface, text: str, x: int, y: int, max_w: int,
             colour: RGB | None = None, on: RGB | None = None, role: str = "caption") -> pygame.Rect:
        """A small rounded tag; returns its rectangle."""
        th = self.theme
        font = self.font(role, "bold")
        shown = self.text.fit(text, font, max_w - 2 * th.px(10))
        PROBE.shorten(text, shown, font)
        text = shown
        w = font.size(text)[0] + 2 * th.px(10)
        r = pygame.Rect(x, y, w, font.get_height() + th.px(6))
        pygame.draw.rect(surf, colour or self.pal.chip, r, border_radius=r.h // 2)
        self.label(surf, text, role, on or self.pal.on_chip, r, align="center", style="bold", valign="center")
        return r

    def chip_width(self, text: str, role: str = "caption") -> int:
        return self.font(role, "bold").size(text)[0] + 2 * self.theme.px(10)

    def bar(self, surf: pygame.Surface, rect: pygame.Rect, fraction: float, colour: RGB,
            marks: tuple[float, ...] = ()) -> None:
        """A rounded progress bar; ``marks`` draws thin ticks (level thresholds)."""
        pal = self.pal
        r = rect.h // 2
        pygame.draw.rect(surf, pal.track, rect, border_radius=r)
        f = max(0.0, min(1.0, fraction))
        if f > 0:
            fill = pygame.Rect(rect.x, rect.y, max(rect.h, round(rect.w * f)), rect.h)
            pygame.draw.rect(surf, colour, fill, border_radius=r)
        for m in marks:
            x = rect.x + round(rect.w * m)
            pygame.draw.line(surf, pal.text, (x, rect.y - self.theme.px(3)), (x, rect.bottom + self.theme.px(2)),
                             max(1, self.theme.px(2)))

    def modal(self, surf: pygame.Surface, card: pygame.Rect) -> None:
        """An overlay's card: the scene beneath dimmed well down, then an opaque card, so no
        text of that scene shows through the overlay's own."""
        self.scrim(surf, 215)
        self.panel(surf, card, (*self.pal.panel[:3], 255))

    def scrim(self, surf: pygame.Surface, alpha: int = 150) -> None:
        key = ("scrim", surf.get_size(), alpha, self.pal.name)
        s = self._panels.get(key)
        if s is None:
            s = pygame.Surface(surf.get_size(), pygame.SRCALPHA)
            base = (0, 0, 0) if self.pal.name == "high-contrast" else (30, 26, 22)
            s.fill((*base, alpha))
            self._panels[key] = s
        surf.blit(s, (0, 0))


class ScrollView:
    """A vertical viewport over taller content: wheel, PgUp/PgDn and arrows, and a scroll bar
    that the mouse (or a finger) drags, or clicks above or below its thumb to page.

    When content is hidden below the view, :meth:`draw_bar` also draws a "More below" cue at
    its bottom edge (clicking it pages down), so nothing is cut off without a sign.
    """

    #: Designed widths (px at 1280×720) of the drawn bar and of the strip right of the view
    #: that takes presses: wide enough for a fingertip.
    BAR_W = 7
    HIT_W = 22

    def __init__(self) -> None:
        self.view = pygame.Rect(0, 0, 1, 1)
        self.content_h = 0
        self.offset = 0
        self._grab: tuple[int, int] | None = None  # (pointer y, offset) when a drag began

    @property
    def max_offset(self) -> int:
        return max(0, self.content_h - self.view.h)

    @property
    def more_below(self) -> bool:
        return self.offset < self.max_offset

    def set(self, view: pygame.Rect, content_h: int) -> None:
        self.view, self.content_h = view, content_h
        self.offset = max(0, min(self.offset, self.max_offset))

    def scroll(self, dy: int) -> bool:
        before = self.offset
        self.offset = max(0, min(self.offset + dy, self.max_offset))
        return self.offset != before

    def page(self, direction: int) -> bool:
        """One view's height (less a line's worth of overlap) down (1) or up (-1)."""
        return self.scroll(direction * max(1, self.view.h - max(8, self.view.h // 8)))

    def to_end(self) -> None:
        self.offset = self.max_offset

    def show(self, top: int, bottom: int) -> None:
        """Scroll just enough that content y in [top, bottom) is visible."""
        if top < self.offset:
            self.offset = top
        elif bottom > self.offset + self.view.h:
            self.offset = min(top, bottom - self.view.h)
        self.offset = max(0, min(self.offset, self.max_offset))

    def y(self, content_y: int) -> int:
        return self.view.y + content_y - self.offset

    # -- the bar, for the pointer ---------------------------------------------
    def track(self, th: Theme) -> pygame.Rect:
        return pygame.Rect(self.view.right + th.px(5), self.view.y, th.px(self.BAR_W), self.view.h)

    def thumb(self, th: Theme) -> pygame.Rect:
        track = self.track(th)
        h = min(track.h, max(th.px(28), round(self.view.h * self.view.h / max(1, self.content_h))))
        y = track.y + (round((track.h - h) * self.offset / self.max_offset) if self.max_offset else 0)
        return pygame.Rect(track.x, y, track.w, h)

    def hit(self, th: Theme) -> pygame.Rect:
        """Where a press takes the bar: a strip from the view's right edge, a fingertip wide."""
        return pygame.Rect(self.view.right + 1, self.view.y, th.px(self.HIT_W), self.view.h)

    @staticmethod
    def cue_height(ui: Ui) -> int:
        return ui.line_h("caption", "bold") + ui.theme.px(6)

    def cue_rect(self, ui: Ui, text: str) -> pygame.Rect:
        """The "More below" cue: centred on the view's bottom edge, half in the padding under
        it, so it covers as little of the text as it can."""
        th = ui.theme
        w = min(self.view.w, ui.font("caption", "bold").size(text)[0] + th.px(40))
        h = self.cue_height(ui)
        return pygame.Rect(self.view.centerx - w // 2, self.view.bottom - h // 2, w, h)

    def press(self, pos: tuple[int, int], ui: Ui, cue: str = "More below") -> bool:
        """A pointer press: on the thumb it starts a drag, elsewhere on the bar it pages toward
        the press, on the "More below" cue it pages down. True when the press was the bar's."""
        if self.max_offset <= 0:
            return False
        th = ui.theme
        if self.more_below and self.cue_rect(ui, cue).collidepoint(pos):
            self.page(1)
            return True
        if not self.hit(th).collidepoint(pos):
            return False
        thumb = self.thumb(th)
        if thumb.top <= pos[1] < thumb.bottom:
            self._grab = (pos[1], self.offset)
        else:
            self.page(1 if pos[1] >= thumb.bottom else -1)
        return True

    def drag(self, pos: tuple[int, int], th: Theme) -> bool:
        """The pointer moved while dragging the thumb; True when the view scrolled."""
        if self._grab is None:
            return False
        track, thumb = self.track(th), self.thumb(th)
        room = max(1, track.h - thumb.h)
        before = self.offset
        grab_y, grab_offset = self._grab
        self.offset = max(0, min(self.max_offset, grab_offset + round((pos[1] - grab_y) * self.max_offset / room)))
        return self.offset != before

    @property
    def dragging(self) -> bool:
        return self._grab is not None

    def release(self) -> None:
        self._grab = None

    def draw_bar(self, surf: pygame.Surface, ui: Ui, cue: str = "More below") -> None:
        """The scroll bar when the content is taller than the view, and the cue while more
        lies below."""
        if self.max_offset <= 0:
            return
        th, pal = ui.theme, ui.pal
        track = self.track(th)
        pygame.draw.rect(surf, pal.track, track, border_radius=track.w // 2)
        pygame.draw.rect(surf, pal.focus if self.dragging else pal.muted, self.thumb(th), border_radius=track.w // 2)
        PROBE.cue(self.view, below=False)
        if self.more_below:
            r = self.cue_rect(ui, cue)
            pygame.draw.rect(surf, pal.accent, r, border_radius=r.h // 2)
            # A down-pointing triangle, drawn (not a glyph: not every face has arrows).
            a = max(3, th.px(6))
            cx, cy = r.x + th.px(16), r.centery
            pygame.draw.polygon(surf, pal.on_accent, [(cx - a, cy - a // 2), (cx + a, cy - a // 2), (cx, cy + a // 2 + 1)])
            self_box = pygame.Rect(r.x + th.px(26), r.y, r.w - th.px(32), r.h)
            ui.label(surf, cue, "caption", pal.on_accent, self_box, align="center", style="bold", valign="center")
            PROBE.cue(self.view, below=True)


def clipped(surf: pygame.Surface, rect: pygame.Rect):
    """Context manager: draw only inside ``rect``."""
    class _Clip:
        def __enter__(self_inner):
            self_inner.old = surf.get_clip()
            surf.set_clip(rect.clip(self_inner.old) if self_inner.old else rect)

        def __exit__(self_inner, *exc):
            surf.set_clip(self_inner.old)
    return _Clip()
