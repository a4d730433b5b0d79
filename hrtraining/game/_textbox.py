"""A multi-line text box: wrapping with exact character positions, the caret, the selection, an
input method's composition, the clipboard, and scrolling.

Keys (the "usual editing keys"): arrows (Ctrl/Alt: by word; Shift: select), Up/Down by visual
line, Home/End (Ctrl: the whole text), PgUp/PgDn, Backspace/Delete (Ctrl: a word), Ctrl+A,
Ctrl+C, Ctrl+X, Ctrl+V and Shift+Insert, Enter for a new line. Text arrives as TEXTINPUT events
(typed or committed by an input method); TEXTEDITING shows the input method's composition
underlined at the caret, and :meth:`TextBox.ime_rect` tells SDL where to put its candidate
window. The macOS Command key works as Ctrl.

The owner lays the box out (:meth:`TextBox.layout`), feeds it events (:meth:`TextBox.handle_event`)
and draws it (:meth:`TextBox.draw`, which changes nothing).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pygame

from ._text import glyph_safe, longest_prefix
from ._textedit import TextEdit
from ._ui import ScrollView, Ui, clipped

_TOKEN = re.compile(r"\S+\s*|\s+")
CTRL = pygame.KMOD_CTRL | pygame.KMOD_META | pygame.KMOD_GUI


def clipboard_text() -> str:
    """The clipboard's text ("" when there is none or no clipboard): SDL's, via pygame-ce."""
    try:
        return pygame.scrap.get_text() or ""
    except (pygame.error, AttributeError):
        return ""


def set_clipboard(text: str) -> None:
    try:
        pygame.scrap.put_text(text)
    except (pygame.error, AttributeError):
        pass


@dataclass(frozen=True)
class Line:
    """One visual line: characters ``start`` to ``end`` of the shown text (``end`` excludes the
    newline that ended it, if any)."""

    start: int
    end: int


class Widths:
    """Pixel widths of pieces of text in one font, remembered: re-wrapping 2,000 characters after
    each keystroke then measures only the words that changed (a few µs instead of ~4 ms)."""

    LIMIT = 20_000

    def __init__(self, font: pygame.font.Font):
        self.font = font
        self._seen: dict[str, int] = {}

    def __call__(self, piece: str) -> int:
        w = self._seen.get(piece)
        if w is None:
            if len(self._seen) > self.LIMIT:
                self._seen.clear()
            w = self._seen[piece] = self.font.size(glyph_safe(piece, self.font))[0]
        return w


def wrap_exact(text: str, font: pygame.font.Font, width: int, widths: Widths | None = None) -> list[Line]:
    """Greedy word wrap that keeps every character's position: a line holds its words and the
    spaces after them; a word wider than the box is broken where it stops fitting.

    A line's width is the sum of its words' widths (each word with the spaces after it, the last
    one without), which is what the font draws up to kerning across a space.
    """
    width = max(8, width)
    measure = widths if widths is not None and widths.font is font else Widths(font)
    lines: list[Line] = []
    pos = 0
    for para in text.split("\n"):
        start = pos
        end = pos + len(para)
        cur = start
        used = 0  # width of text[cur:t0], the words already on the line
        for m in _TOKEN.finditer(para):
            t0, t1 = pos + m.start(), pos + m.end()
            token = text[t0:t1]
            bare = token.rstrip()
            if used + measure(bare) <= width:
                used += measure(token)
                continue
            if t0 > cur:  # the token starts a new line
                lines.append(Line(cur, t0))
                cur, used = t0, 0
            while measure(text[cur:t1].rstrip()) > width:  # a word wider than a line
                k = max(1, longest_prefix(glyph_safe(text[cur:t1], font), font, width))
                if cur + k >= t1:
                    break
                lines.append(Line(cur, cur + k))
                cur += k
            used = measure(text[cur:t1])
        lines.append(Line(cur, end))
        pos = end + 1
    return lines


class TextBox:
    """The box: a :class:`TextEdit` laid out in ``rect``; the owner decides when it has focus."""

    ROLE = "body"

    def __init__(self, text: str = "", limit: int = 2000):
        self.edit = TextEdit(text, limit)
        self.rect = pygame.Rect(0, 0, 1, 1)
        self.view = ScrollView()
        self._lines: tuple[tuple, list[Line]] | None = None
        self._widths: Widths | None = None
        self._goal_x: int | None = None  # kept while moving up and down, as editors do

    # -- layout --------------------------------------------------------------------
    def layout(self, ui: Ui, rect: pygame.Rect) -> None:
        self.ui = ui
        self.rect = rect
        self.pad = ui.theme.px(12)
        inner = self.inner
        self.view.set(inner, self._content_h())
        self.follow()

    @property
    def inner(self) -> pygame.Rect:
        return self.rect.inflate(-2 * self.pad, -2 * self.pad).inflate(-self.ui.theme.px(10), 0).move(
            -self.ui.theme.px(5), 0)

    @property
    def font(self) -> pygame.font.Font:
        return self.ui.font(self.ROLE)

    @property
    def line_h(self) -> int:
        f = self.font
        return f.get_linesize() + round(f.get_height() * 0.18)

    def lines(self) -> list[Line]:
        text = self.edit.shown()[0]
        font = self.font
        key = (text, font, self.inner.w)
        if self._lines is None or self._lines[0] != key:
            if self._widths is None or self._widths.font is not font:
                self._widths = Widths(font)
            self._lines = (key, wrap_exact(text, font, self.inner.w, self._widths))
        return self._lines[1]

    def _content_h(self) -> int:
        return len(self.lines()) * self.line_h

    def line_of(self, i: int) -> int:
        """The visual line the caret at ``i`` (in the shown text) sits on."""
        lines = self.lines()
        for n, ln in enumerate(lines):
            nxt = lines[n + 1].start if n + 1 < len(lines) else None
            if i <= ln.end and (nxt is None or i < nxt):
                return n
        return len(lines) - 1

    def x_of(self, i: int, line: Line | None = None) -> int:
        text = self.edit.shown()[0]
        ln = line or self.lines()[self.line_of(i)]
        return self.font.size(glyph_safe(text[ln.start:i], self.font))[0]

    def index_at_x(self, n: int, x: int) -> int:
        """The character index nearest to ``x`` pixels into visual line ``n``."""
        ln = self.lines()[n]
        text = self.edit.shown()[0]
        seg = text[ln.start:ln.end]
        if n + 1 < len(self.lines()) and self.lines()[n + 1].start == ln.end and seg.endswith(" "):
            seg = seg[:-1]  # a soft break: the caret goes before the space that wrapped
        best, best_d = 0, abs(x)
        for k in range(1, len(seg) + 1):
            d = abs(self.font.size(glyph_safe(seg[:k], self.font))[0] - x)
            if d < best_d:
                best, best_d = k, d
            elif d > best_d:
                break
        return ln.start + best

    def caret_rect(self) -> pygame.Rect:
        """Where the caret is drawn, in window coordinates."""
        _, caret, _ = self.edit.shown()
        n = self.line_of(caret)
        x = self.inner.x + self.x_of(caret, self.lines()[n])
        y = self.view.y(n * self.line_h)
        return pygame.Rect(x, y, max(2, self.ui.theme.px(2)), self.font.get_height())

    def ime_rect(self) -> pygame.Rect:
        """The rectangle to hand to ``pygame.key.set_text_input_rect``: the caret's line."""
        r = self.caret_rect()
        return pygame.Rect(r.x, r.y, max(1, self.inner.right - r.x), r.h)

    def follow(self) -> None:
        """Scroll just enough to keep the caret in view."""
        n = self.line_of(self.edit.shown()[1])
        self.view.set(self.inner, self._content_h())
        self.view.show(n * self.line_h, (n + 1) * self.line_h)

    # -- input ---------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> bool:
        """Text and editing keys; True when the event was the box's. Tab, Escape and the owner's
        own keys (such as Ctrl+Enter) are left to the owner."""
        et = event.type
        if et == pygame.TEXTINPUT:
            self.edit.insert(event.text)
        elif et == pygame.TEXTEDITING:
            self.edit.compose(event.text, getattr(event, "start", -1))
        elif et == pygame.KEYDOWN:
            if not self._key(event.key, event.mod):
                return False
        elif et == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.rect.collidepoint(event.pos):
            self._click(event.pos, extend=bool(pygame.key.get_mods() & pygame.KMOD_SHIFT))
        elif et == pygame.MOUSEWHEEL and self.rect.collidepoint(getattr(event, "pos", (-1, -1))):
            self.view.scroll(-event.y * self.line_h)
            return True
        else:
            return False
        if et != pygame.KEYDOWN or event.key not in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP,
                                                      pygame.K_PAGEDOWN):
            self._goal_x = None
        self.follow()
        return True

    def _key(self, key: int, mod: int) -> bool:
        e = self.edit
        ctrl, shift = bool(mod & CTRL), bool(mod & pygame.KMOD_SHIFT)
        word = ctrl or bool(mod & pygame.KMOD_ALT)
        if e.composition and key not in (pygame.K_ESCAPE,):
            return True  # the input method has these keys while it composes
        if key == pygame.K_LEFT:
            e.left(shift, word)
        elif key == pygame.K_RIGHT:
            e.right(shift, word)
        elif key in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            rows = max(1, self.view.view.h // self.line_h - 1) if key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) else 1
            self._vertical(rows if key in (pygame.K_DOWN, pygame.K_PAGEDOWN) else -rows, shift)
        elif key == pygame.K_HOME:
            e.move(0 if ctrl else self.lines()[self.line_of(e.cursor)].start, shift)
        elif key == pygame.K_END:
            e.move(len(e.text) if ctrl else self._line_end(self.line_of(e.cursor)), shift)
        elif key == pygame.K_BACKSPACE:
            e.backspace(word)
        elif key == pygame.K_DELETE:
            e.delete(word)
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not ctrl:
            e.insert("\n")
        elif ctrl and key == pygame.K_a:
            e.select_all()
        elif ctrl and key in (pygame.K_c, pygame.K_x):
            if e.has_selection:
                set_clipboard(e.selected())
                if key == pygame.K_x:
                    e.insert("")
        elif (ctrl and key == pygame.K_v) or (shift and key == pygame.K_INSERT):
            e.insert(clipboard_text())
        else:
            return False
        return True

    def _line_end(self, n: int) -> int:
        """End of visual line ``n``: before the space a soft break wrapped at (so the caret stays on
        the line), else after its last character."""
        lines, text = self.lines(), self.edit.text
        ln = lines[n]
        soft = n + 1 < len(lines) and lines[n + 1].start == ln.end
        return ln.end - 1 if soft and ln.end > ln.start and text[ln.end - 1] == " " else ln.end

    def _vertical(self, rows: int, extend: bool) -> None:
        e = self.edit
        n = self.line_of(e.cursor)
        if self._goal_x is None:
            self._goal_x = self.x_of(e.cursor)
        target = n + rows
        if target < 0:
            e.move(0, extend)
        elif target >= len(self.lines()):
            e.move(len(e.text), extend)
        else:
            e.move(self.index_at_x(target, self._goal_x), extend)

    def _click(self, pos: tuple[int, int], extend: bool = False) -> None:
        lines = self.lines()
        n = max(0, min(len(lines) - 1, (pos[1] - self.view.y(0)) // self.line_h))
        self.edit.compose("")
        self.edit.move(self.index_at_x(n, pos[0] - self.inner.x), extend)

    # -- drawing -------------------------------------------------------------------
    def draw(self, surf: pygame.Surface, focused: bool, blink_on: bool = True, placeholder: str = "") -> None:
        ui, th, pal = self.ui, self.ui.theme, self.ui.pal
        pygame.draw.rect(surf, pal.panel_alt[:3], self.rect, border_radius=th.px(10))
        pygame.draw.rect(surf, pal.focus if focused else pal.panel_edge, self.rect,
                         th.px(3) if focused else max(1, th.px(1.5)), border_radius=th.px(10))
        text, caret, (c0, c1) = self.edit.shown()
        s0, s1 = self.edit.selection
        if self.edit.composition:  # the selection sits after an inserted composition
            s0 = s1 = caret
        inner, font, lh = self.inner, self.font, self.line_h
        colour = pal.text
        with clipped(surf, inner):
            if not text and placeholder:
                ui.para(surf, placeholder, self.ROLE, pal.muted, inner, vertical=False)
            for n, ln in enumerate(self.lines()):
                y = self.view.y(n * lh)
                if y > inner.bottom or y + lh < inner.top:
                    continue
                seg = text[ln.start:ln.end]
                a, b = max(s0, ln.start), min(s1, ln.end)
                if a < b:
                    x0 = inner.x + self.x_of(a, ln)
                    x1 = inner.x + self.x_of(b, ln)
                    pygame.draw.rect(surf, pal.button_hover, (x0, y, max(1, x1 - x0), font.get_height()))
                if seg.strip():
                    surf.blit(ui.text.line(seg.rstrip("\n"), font, colour), (inner.x, y))
                a, b = max(c0, ln.start), min(c1, ln.end)
                if a < b:  # the composition, underlined
                    x0, x1 = inner.x + self.x_of(a, ln), inner.x + self.x_of(b, ln)
                    uy = y + font.get_ascent() + th.px(3)
                    pygame.draw.line(surf, colour, (x0, uy), (x1, uy), max(1, th.px(2)))
            if focused and blink_on:
                pygame.draw.rect(surf, colour, self.caret_rect())
        self.view.draw_bar(surf, ui)
