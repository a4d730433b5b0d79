"""Fonts, word wrapping and a cache of rendered text.

Rendering text is the most expensive thing a frame does, so a piece of text is
wrapped and rendered once per (text, font, width, colour) and the surfaces are
kept in a bounded LRU cache; a frame only blits. The typewriter reveal never
re-renders either: it blits a clipped part of the finished line.

``PROBE`` is how the tests prove that text never overflows its box: every
drawing helper reports what it drew and where it was allowed to draw.
"""
from __future__ import annotations

import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from hrtraining.engine import PROJECT_ASSETS

from ._theme import Theme

FONT_DIR = PROJECT_ASSETS / "fonts"
#: Family -> {style: file name}; the first family whose regular file exists wins.
FAMILIES: dict[str, dict[str, str]] = {
    "Inter": {"regular": "Inter-Regular.otf", "bold": "Inter-Bold.otf", "italic": "Inter-Italic.otf"},
    "Lato": {"regular": "Lato-Regular.ttf", "bold": "Lato-Bold.ttf", "italic": "Lato-Italic.ttf"},
    "OpenDyslexic": {"regular": "OpenDyslexic-Regular.otf", "bold": "OpenDyslexic-Bold.otf",
                     "italic": "OpenDyslexic-Italic.otf"},
}
READING_FAMILIES = ("Inter", "Lato")
DYSLEXIC_FAMILIES = ("OpenDyslexic", "Inter", "Lato")


class FontBook:
    """pygame fonts by (role, style) for the current theme; falls back to pygame's own font."""

    def __init__(self, theme: Theme, dyslexic: bool = False, font_dir: Path = FONT_DIR):
        self.theme = theme
        self.font_dir = font_dir
        self.family = self._pick(DYSLEXIC_FAMILIES if dyslexic else READING_FAMILIES)
        self._fonts: dict[tuple[str, str], pygame.font.Font] = {}

    def _pick(self, families: tuple[str, ...]) -> str:
        for fam in families:
            if (self.font_dir / FAMILIES[fam]["regular"]).is_file():
                return fam
        return ""  # pygame's default font

    def font(self, role: str, style: str = "regular") -> pygame.font.Font:
        key = (role, style)
        f = self._fonts.get(key)
        if f is None:
            f = self._fonts[key] = self._load(self.theme.font_px(role), style)
        return f

    def _load(self, size: int, style: str) -> pygame.font.Font:
        files = FAMILIES.get(self.family, {})
        path = self.font_dir / files[style] if style in files else None
        synth = False
        if path is None or not path.is_file():
            path = self.font_dir / files["regular"] if files else None
            synth = style != "regular"
        try:
            f = pygame.font.Font(str(path) if path and path.is_file() else None, size)
        except (OSError, pygame.error):
            f = pygame.font.Font(None, size)
            synth = style != "regular"
        if synth:  # no file for this style: let SDL_ttf fake it
            f.bold = style == "bold"
            f.italic = style == "italic"
        return f


#: Line spacing as a multiple of the type size: 1.5, as the British Dyslexia Association's
#: style guide recommends. It is set from the size, not from each face's own line height:
#: OpenDyslexic's own is 1.75 times its size, and adding air to that (as the game did) cost a
#: line in every four at the largest text size.
LEADING = 1.5


def line_step(font: pygame.font.Font, leading: float = LEADING) -> int:
    """Distance from one wrapped line to the next."""
    return max(1, round(font.point_size * leading))


#: Rendered lines a block keeps (the visible ones and some either side); a block of a
#: megabyte of text has ~16,000 lines, which rendered at once took seconds and a gigabyte.
BLOCK_SURFACES = 400


@dataclass
class Block:
    """Wrapped text: its lines, each rendered only when first drawn (:meth:`surface`)."""

    lines: list[str]
    line_height: int
    width: int
    height: int
    starts: list[int] = field(default_factory=list)  # character offset of each line
    chars: int = 0
    font: pygame.font.Font | None = None
    colour: tuple[int, int, int] = (0, 0, 0)
    owner: TextCache | None = None  # counts renders for the benchmark and the tests
    _surfaces: OrderedDict[int, pygame.Surface] = field(default_factory=OrderedDict)

    def surface(self, i: int) -> pygame.Surface:
        """Line ``i`` rendered (once; the least recently drawn are let go past BLOCK_SURFACES)."""
        s = self._surfaces.get(i)
        if s is not None:
            self._surfaces.move_to_end(i)
            return s
        if self.owner is not None:
            self.owner.renders += 1
        s = render(self.font, self.lines[i], self.colour) if self.font is not None else pygame.Surface((0, 0))
        self._surfaces[i] = s
        if len(self._surfaces) > BLOCK_SURFACES:
            self._surfaces.popitem(last=False)
        return s


class Probe:
    """What the drawing helpers report while ``enabled`` (tests only).

    * ``problems``: text drawn outside the box it was given.
    * ``cut``: the clip rectangles (scroll views, panels) that cut text off, and on which
      side ("above" or "below"); and ``cues``: the scroll views that showed a sign of it (a
      scroll bar for either side, the "More below" cue for what lies below). Text hidden
      without a sign is hidden content: :meth:`uncued` lists it.
    * ``boxes``: every (text, drawn rectangle, box) of the frame, for tests that check where
      things landed.
    * ``shortened``: every (text, what was shown) of the frame that a one-line label or chip
      cut with an ellipsis, for tests of what must never be cut (a name, a "+1").

    Call :meth:`frame` before drawing a frame.
    """

    def __init__(self) -> None:
        self.enabled = False
        self.problems: list[str] = []
        self.cut: list[tuple[str, tuple, str]] = []
        self.cues: set[tuple[tuple, bool]] = set()
        self.boxes: list[tuple[str, pygame.Rect, pygame.Rect]] = []
        self.shortened: list[tuple[str, str]] = []

    def frame(self) -> None:
        self.cut, self.cues, self.boxes, self.shortened = [], set(), [], []

    def shorten(self, text: str, shown: str, font: pygame.font.Font) -> None:
        """A label drew ``shown`` for ``text``: recorded when it is not all of it."""
        if self.enabled and shown != glyph_safe(text, font):
            self.shortened.append((text, shown))

    def check(self, what: str, drawn: pygame.Rect, box: pygame.Rect, vertical: bool = True,
              clip: pygame.Rect | None = None) -> None:
        if not self.enabled:
            return
        self.boxes.append((what, drawn.copy(), box.copy()))
        ok_x = drawn.left >= box.left - 1 and drawn.right <= box.right + 1
        ok_y = not vertical or (drawn.top >= box.top - 1 and drawn.bottom <= box.bottom + 1)
        if not (ok_x and ok_y):
            self.problems.append(f"{what!r}: drew {tuple(drawn)} outside {tuple(box)}")
        # Text beside the clip (in its columns) but reaching past its top or bottom edge is
        # content the reader cannot see from here.
        if clip is not None and drawn.right > clip.left and drawn.left < clip.right:
            if drawn.bottom > clip.bottom + 1:
                self.cut.append((what, tuple(clip), "below"))
            if drawn.top < clip.top - 1:
                self.cut.append((what, tuple(clip), "above"))

    def cue(self, view: pygame.Rect, below: bool) -> None:
        if self.enabled:
            self.cues.add((tuple(view), below))

    def uncued(self) -> list[str]:
        """Text cut off by a clip with no scroll bar (or, below, no "More below" cue) there."""
        out = []
        for what, clip, side in self.cut:
            if (clip, side == "below") not in self.cues and (clip, False) not in self.cues:
                out.append(f"{what[:50]!r} cut off {side} {clip} with no sign of more")
            elif side == "below" and (clip, True) not in self.cues:
                out.append(f"{what[:50]!r} cut off below {clip} with no 'More below' cue")
        return out


PROBE = Probe()


def longest_prefix(text: str, font: pygame.font.Font, width: int, ellipsis: str = "") -> int:
    """How many leading characters of ``text`` fit in ``width`` pixels (0 when none does).

    With ``ellipsis`` the prefix is measured as :func:`fit_line` shows it:
    trailing spaces dropped, the ellipsis added. The search gallops (1, 2, 4,
    ...) past the answer and then bisects, so it costs about 2·log2(answer)
    measurements of pieces not much longer than the answer: breaking a
    20,000-character word into lines never measures the whole word again.
    """
    def fits(k: int) -> bool:
        piece = text[:k].rstrip() + ellipsis if ellipsis else text[:k]
        return font.size(piece)[0] <= width

    n = len(text)
    lo, k = 0, 1
    while k <= n and fits(k):
        lo, k = k, k * 2
    return _last_fitting(fits, lo, min(n, k - 1))


def _last_fitting(fits, lo: int, hi: int) -> int:
    """The largest k in lo..hi for which ``fits(k)``, given that ``fits(lo)`` (bisection)."""
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fits(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _prefix_from(text: str, start: int, font: pygame.font.Font, width: int, guess: int) -> tuple[int, int]:
    """How many characters of ``text`` from ``start`` fit in ``width`` (0 when none does),
    and how wide they are.

    Like :func:`longest_prefix`, but it slices only the pieces it measures (never the rest
    of a megabyte-long word) and starts from ``guess``, the previous line's length: a long
    word breaks into lines of about the same length, so two measurements usually settle it.
    """
    n = len(text) - start
    seen: dict[int, int] = {0: 0}

    def fits(k: int) -> bool:
        if k not in seen:
            seen[k] = font.size(text[start:start + k])[0]
        return seen[k] <= width

    k = max(1, min(guess, n))
    if fits(k):
        if k == n or not fits(k + 1):
            return k, seen[k]
        lo, step = k + 1, max(1, k // 8)
        while lo < n and fits(min(n, lo + step)):
            lo, step = min(n, lo + step), step * 2
        hi = min(n, lo + step) - 1 if lo < n else lo
    else:
        if k == 1 or fits(k - 1):
            return k - 1, seen[k - 1]
        hi, step = k - 2, max(1, k // 8)
        while hi - step > 0 and not fits(hi - step):
            hi, step = hi - step, step * 2
        lo = max(0, hi - step)
        if lo and not fits(lo):  # pragma: no cover - the loop stopped on one that fits
            lo = 0
    lo = _last_fitting(fits, lo, hi)
    fits(lo)
    return lo, seen[lo]


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Greedy word wrap to ``width`` pixels; words longer than a line are broken."""
    return wrap_measured(text, font, width)[0]


def wrap_measured(text: str, font: pygame.font.Font, width: int) -> tuple[list[str], list[int]]:
    """:func:`wrap`, and the width in pixels of each line it made.

    Fast on a megabyte of text: each distinct word is measured once and a line's width is
    the sum of its words and spaces; the line is then measured whole once (kerning and
    rounding can make the sum a pixel or two off), and a line that turns out too wide gives
    its last words back to the next. A word wider than the box is broken by
    :func:`_prefix_from`.
    """
    out: list[str] = []
    widths: list[int] = []
    width = max(8, width)
    space = font.size(" ")[0]
    known: dict[str, int] = {}

    def size(word: str) -> int:
        w = known.get(word)
        if w is None:
            w = known[word] = font.size(word)[0]
        return w

    for para in text.split("\n"):
        words = para.split(" ")
        line: list[str] = []
        lw = 0
        i = 0
        while i < len(words) or line:
            if i >= len(words):  # the paragraph's last line; words it gives back go round again
                i -= _flush(out, widths, line, font, width)
                line, lw = [], 0
                continue
            word = words[i]
            # A word of more characters than the box has pixels cannot fit (unless it is all
            # zero-width marks, which the breaking below finds): never measure a megabyte whole.
            ww = size(word) if len(word) <= width else width + 1
            if not line and ww <= width:
                line, lw, i = [word], ww, i + 1
                continue
            if line and lw + space + ww <= width:
                line.append(word)
                lw += space + ww
                i += 1
                continue
            if line:
                given_back = _flush(out, widths, line, font, width)
                i -= given_back
                line, lw = [], 0
                continue
            # A word wider than the box: break it where it stops fitting (at least one
            # character a line, so even a box narrower than one letter makes progress).
            pos, guess = 0, max(1, width // max(1, space))
            while len(word) - pos > 1:
                cut, w = _prefix_from(word, pos, font, width, guess)
                if cut >= len(word) - pos:
                    break
                if cut == 0:  # not even one character fits: one a line all the same
                    cut, w = 1, font.size(word[pos])[0]
                out.append(word[pos:pos + cut])
                widths.append(w)
                pos, guess = pos + cut, cut
            tail = word[pos:]
            line, lw, i = [tail], font.size(tail)[0], i + 1
    return out, widths


def _flush(out: list[str], widths: list[int], line: list[str], font: pygame.font.Font, width: int) -> int:
    """Add ``line`` (words) to ``out``, measured whole; when it is wider than ``width`` after
    all, its last words go back to the next line. Returns how many went back."""
    back = 0
    while True:
        text = " ".join(line[:len(line) - back])
        w = font.size(text)[0]
        if w <= width or len(line) - back == 1:
            out.append(text)
            widths.append(w)
            return back
        back += 1


#: Stand-ins for characters a font has no glyph for (OpenDyslexic lacks arrows, for one).
SUBSTITUTES = {"↑": "Up", "↓": "Down", "←": "Left", "→": "Right", "‹": "<", "›": ">", "✓": "*",
               "—": "-", "–": "-", "−": "-", "·": "-", "…": "...", "“": '"', "”": '"', "‘": "'", "’": "'"}
PAIRS = (("↑↓", "Up/Down"), ("← →", "Left/Right"), ("←→", "Left/Right"))
#: Per font object, whether it draws each non-ASCII character met so far. Keyed by the font
#: itself, weakly: a font dropped by ``Ui.rebuild`` takes its answers along, so a new font
#: that happens to reuse the old one's ``id`` can never inherit them (and the table cannot
#: grow with every text-size or font toggle). ``clear_glyphs`` empties it outright.
_GLYPHS: weakref.WeakKeyDictionary[pygame.font.Font, dict[str, bool]] = weakref.WeakKeyDictionary()
MISSING = "\U000F0000"


def _has_glyph(font: pygame.font.Font, ch: str) -> bool:
    """Whether ``font`` really draws ``ch``.

    SDL_ttf reports metrics even for a missing glyph (it draws the font's
    "notdef" box), so compare with a private-use code point no font provides.
    """
    try:
        if font.size(ch) != font.size(MISSING):
            return True
        a = pygame.image.tobytes(font.render(ch, True, (0, 0, 0)), "RGBA")
        return a != pygame.image.tobytes(font.render(MISSING, True, (0, 0, 0)), "RGBA")
    except (pygame.error, UnicodeError, ValueError):
        return False


def clear_glyphs() -> None:
    """Forget every font's glyph answers (the fonts were replaced)."""
    _GLYPHS.clear()


def _known_glyphs(font: pygame.font.Font) -> dict[str, bool]:
    known = _GLYPHS.get(font)
    if known is None:
        known = _GLYPHS[font] = {}
    return known


def has_glyph(font: pygame.font.Font, ch: str) -> bool:
    """Whether ``font`` really draws ``ch`` (remembered per font, like :func:`glyph_safe`)."""
    known = _known_glyphs(font)
    ok = known.get(ch)
    if ok is None:
        ok = known[ch] = _has_glyph(font, ch)
    return ok


def glyph_safe(text: str, font: pygame.font.Font) -> str:
    """``text`` with characters the font cannot draw replaced, so no box ever shows."""
    if text.isascii():
        return text
    known = _known_glyphs(font)
    for pair, words in PAIRS:
        if pair in text:
            ok = known.get(pair[0])
            if ok is None:
                ok = known[pair[0]] = _has_glyph(font, pair[0])
            if not ok:
                text = text.replace(pair, words)
    out = None
    for i, ch in enumerate(text):
        if ch.isascii():
            if out is not None:
                out.append(ch)
            continue
        ok = known.get(ch)
        if ok is None:
            ok = known[ch] = _has_glyph(font, ch)
        if not ok:
            if out is None:
                out = list(text[:i])
            out.append(SUBSTITUTES.get(ch, "?"))
        elif out is not None:
            out.append(ch)
    if out is None:
        return text
    return "".join(out)


def render(font: pygame.font.Font, text: str, colour: tuple[int, int, int]) -> pygame.Surface:
    """``font.render`` for a line that may draw nothing: SDL_ttf refuses text of zero width
    ("Text has zero width"), such as a wrapped line holding only a zero-width joiner, so
    such a line becomes an empty one instead of stopping the frame."""
    try:
        return font.render(text, True, colour)
    except pygame.error:
        return font.render("", True, colour)


class TextCache:
    """LRU cache of rendered lines, wrapped blocks and shortened labels.

    Keys hold the font object itself, not its ``id``: a cached font stays alive
    while its entries do, so its id cannot be reused by another font meanwhile.
    """

    def __init__(self, max_items: int = 3000):
        self.max_items = max_items
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self.renders = 0  # how many surfaces were rendered (the benchmark watches it)

    def clear(self) -> None:
        self._items.clear()

    def _get(self, key: tuple) -> object | None:
        v = self._items.get(key)
        if v is not None:
            self._items.move_to_end(key)
        return v

    def _put(self, key: tuple, value: object) -> None:
        self._items[key] = value
        if len(self._items) > self.max_items:
            self._items.popitem(last=False)

    def line(self, text: str, font: pygame.font.Font, colour: tuple[int, int, int]) -> pygame.Surface:
        key = ("L", text, font, colour)
        s = self._get(key)
        if s is None:
            self.renders += 1
            s = render(font, glyph_safe(text, font), colour)
            self._put(key, s)
        return s  # type: ignore[return-value]

    def block(self, text: str, font: pygame.font.Font, width: int, colour: tuple[int, int, int],
              leading: float = LEADING) -> Block:
        """``text`` wrapped to ``width``; its lines are rendered as they are drawn."""
        key = ("B", text, font, width, colour, leading)
        b = self._get(key)
        if b is None:
            lines, widths = self._wrapped(text, font, width)
            lh = line_step(font, leading)
            starts, n = [], 0
            for ln in lines:
                starts.append(n)
                n += len(ln) + 1
            w = max(widths, default=0)
            h = lh * (len(lines) - 1) + font.get_height() if lines else 0
            b = Block(lines, lh, w, h, starts, n, font, colour, self)
            self._put(key, b)
        return b  # type: ignore[return-value]

    def _wrapped(self, text: str, font: pygame.font.Font, width: int) -> tuple[list[str], list[int]]:
        """Lines and their widths, wrapped once per (text, font, width) for every colour,
        and for measuring as for drawing."""
        key = ("W", text, font, width)
        w = self._get(key)
        if w is None:
            w = wrap_measured(glyph_safe(text, font), font, width)
            self._put(key, w)
        return w  # type: ignore[return-value]

    def fit(self, text: str, font: pygame.font.Font, width: int) -> str:
        """:func:`fit_line`, measured once per (text, font, width) instead of every frame."""
        key = ("F", text, font, width)
        s = self._get(key)
        if s is None:
            s = fit_line(text, font, width)
            self._put(key, s)
        return s  # type: ignore[return-value]

    def lines(self, text: str, font: pygame.font.Font, width: int) -> int:
        """How many lines ``text`` wraps to at ``width`` (wraps but does not render)."""
        return len(self._wrapped(text, font, width)[0])

    def measure(self, text: str, font: pygame.font.Font, width: int, leading: float = LEADING) -> int:
        """Height of ``text`` wrapped to ``width`` (wraps but does not render)."""
        key = ("M", text, font, width, leading)
        h = self._get(key)
        if h is None:
            n = self.lines(text, font, width)
            h = line_step(font, leading) * (n - 1) + font.get_height() if n else 0
            self._put(key, h)
        return h  # type: ignore[return-value]


def draw_block(surface: pygame.Surface, block: Block, x: int, y: int, box: pygame.Rect,
               reveal: int | None = None, vertical: bool = True, what: str = "") -> int:
    """Blit ``block`` at (x, y); ``reveal`` shows only its first N characters. Returns height.

    Only the lines inside the surface's clip are rendered and drawn: a scrolled megabyte of
    text costs what a screenful does.
    """
    clip = surface.get_clip()
    lh = block.line_height
    fh = block.font.get_height() if block.font is not None else lh
    # Line i spans y + i*lh .. + fh: the first whose bottom is below the clip's top, up to
    # the last whose top is above the clip's bottom.
    n = len(block.lines)
    first = min(n, max(0, (clip.top - y - fh) // lh + 1))
    last = max(first, min(n, (clip.bottom - y + lh - 1) // lh))
    for i in range(first, last):
        start = block.starts[i]
        if reveal is not None and start >= reveal:
            break
        ly = y + i * lh
        s = block.surface(i)
        r = s.get_rect(topleft=(x, ly))
        PROBE.check(what or block.lines[i], r, box, vertical, clip)
        if reveal is not None and reveal < start + len(block.lines[i]) and block.font is not None:
            shown = block.font.size(block.lines[i][:reveal - start])[0]
            surface.blit(s, (x, ly), pygame.Rect(0, 0, shown, s.get_height()))
        else:
            surface.blit(s, (x, ly))
    if PROBE.enabled:  # the lines not drawn still count where they would have landed
        for i in [*range(0, first), *range(last, n)]:
            if reveal is not None and block.starts[i] >= reveal:
                break
            r = pygame.Rect(x, y + i * lh, block.font.size(block.lines[i])[0] if block.font else 0,
                            block.font.get_height() if block.font else lh)
            PROBE.check(what or block.lines[i], r, box, vertical, clip)
    return block.height


def fit_line(text: str, font: pygame.font.Font, width: int) -> str:
    """``text`` shortened with an ellipsis to fit one line of ``width`` pixels.

    Measures every time: drawing code goes through :meth:`TextCache.fit`.
    """
    text = glyph_safe(text, font)
    if font.size(text)[0] <= width:
        return text
    ellipsis = glyph_safe("…", font)
    cut = longest_prefix(text, font, width, ellipsis)
    return text[:cut].rstrip() + ellipsis
