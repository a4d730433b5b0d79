"""Draw the game's backgrounds and client portraits with pygame, by code.

Run:  python assets/generate.py            (writes assets/backgrounds/*.png, assets/portraits/*.png)
      python assets/generate.py ray office (only the named portraits / backgrounds)

Why drawn by code: the art is ours (no licence questions), small in the repository, easy to change (a palette
swap is one line), and the same on every machine. The script only uses pygame, needs no window
(SDL_VIDEODRIVER=dummy is set before pygame is imported) and no network, and every random choice comes from a
fixed seed, so running it twice gives the same pictures.

Style: soft flat illustration. Everything is built from filled shapes with a few gentle gradients; there are no
outlines. Shapes are drawn at 2x-3x size and scaled down with smoothscale, which gives smooth anti-aliased edges
(pygame's own filled shapes are not anti-aliased). Backgrounds keep their busy detail at the top and the edges
and calm the middle band with a light veil so that text panels drawn over them stay easy to read on a projector.
"""
from __future__ import annotations

import math
import os
import random
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402  (must come after the environment is set)

HERE = Path(__file__).resolve().parent
BG_SIZE = (1920, 1080)
PORTRAIT_SIZE = (512, 640)
BG_SUPERSAMPLE = 2        # backgrounds are mostly large flat areas: 2x is enough for smooth edges
PORTRAIT_SUPERSAMPLE = 3  # faces have small features (eyes, brows) that need cleaner edges

Color = tuple


# --------------------------------------------------------------------------------------------------------------
# Colour helpers and palette
# --------------------------------------------------------------------------------------------------------------

def hexc(s: str) -> Color:
    s = s.lstrip("#")
    return tuple(int(s[i:i + 2], 16) for i in (0, 2, 4))


def mix(a: Color, b: Color, t: float) -> Color:
    """Linear blend of two colours (RGB, or RGBA when both have alpha), t=0 gives a, t=1 gives b."""
    n = 4 if len(a) == 4 and len(b) == 4 else 3
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(n))


def shade(c: Color, t: float) -> Color:
    """Darken towards a warm brown (not black): flat-illustration shadows look muddy when mixed with black."""
    return mix(c, (50, 30, 35), t)


def tint(c: Color, t: float) -> Color:
    """Lighten towards a warm white."""
    return mix(c, (255, 250, 242), t)


def rgba(c: Color, a: int) -> Color:
    return (c[0], c[1], c[2], a)


PAL = {
    # warm neutrals for walls and floors
    "cream": hexc("F4EADC"), "sand": hexc("E9D6BE"), "oat": hexc("DCC3A5"), "linen": hexc("F7F0E6"),
    "peach": hexc("F1CDB1"), "apricot": hexc("EDB996"), "blush": hexc("E9B8AC"),
    "sage": hexc("B7C9B0"), "sage_dark": hexc("8EA88A"), "mint": hexc("CFE0D4"),
    "sky": hexc("BFD8E6"), "sky_warm": hexc("F6DEC4"), "dusty_blue": hexc("8FAEC4"), "slate": hexc("5E7387"),
    "teal": hexc("3F7470"), "teal_light": hexc("79A8A0"),
    "terracotta": hexc("D0835F"), "rust": hexc("B5643F"), "mustard": hexc("E3B456"), "honey": hexc("EFCB7D"),
    "plum": hexc("8C6A8F"), "mauve": hexc("B895AE"), "rose": hexc("D99A9A"),
    "wood": hexc("C08E62"), "wood_dark": hexc("8E6042"), "wood_light": hexc("D9B48D"),
    "leaf": hexc("6F9E6A"), "leaf_dark": hexc("4D7C57"), "leaf_light": hexc("97BC83"),
    "charcoal": hexc("3C3B44"), "ink": hexc("2E2A33"), "white": hexc("FFFBF5"), "grey": hexc("B9B4AE"),
}


# --------------------------------------------------------------------------------------------------------------
# Geometry helpers (all in design units: 1920x1080 for backgrounds, 512x640 for portraits)
# --------------------------------------------------------------------------------------------------------------

def bezier(p0, p1, p2, p3, n=24):
    """Points along a cubic Bezier curve (p0 excluded so that segments chain without duplicates)."""
    pts = []
    for i in range(1, n + 1):
        t = i / n
        u = 1 - t
        pts.append((u ** 3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t ** 3 * p3[0],
                    u ** 3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t ** 3 * p3[1]))
    return pts


def path(start, *segments, n=24):
    """A polyline from `start` through cubic segments given as (control1, control2, end)."""
    pts = [start]
    for c1, c2, end in segments:
        pts += bezier(pts[-1], c1, c2, end, n)
    return pts


def ellipse_pts(cx, cy, rx, ry, angle=0.0, n=72):
    ca, sa = math.cos(angle), math.sin(angle)
    out = []
    for i in range(n):
        t = 2 * math.pi * i / n
        x, y = rx * math.cos(t), ry * math.sin(t)
        out.append((cx + x * ca - y * sa, cy + x * sa + y * ca))
    return out


def head_pts(cx, cy, rx, ry, jaw=0.22, square=2.0, n=120):
    """A head outline: an ellipse on top; below the middle, a superellipse (square > 2 gives a firmer jaw) that
    narrows towards the chin (jaw = how much)."""
    out = []
    for i in range(n):
        t = 2 * math.pi * i / n
        c, s = math.cos(t), math.sin(t)
        if s > 0:  # lower half (y grows downwards)
            p = square
            x = math.copysign(abs(c) ** (2 / p), c)
            y = abs(s) ** (2 / p)
            x *= 1 - jaw * y ** 2
        else:
            x, y = c, s
        out.append((cx + rx * x, cy + ry * y))
    return out


def leaf_pts(x, y, angle, length, width, n=16):
    """A pointed leaf growing from (x, y) in direction `angle` (radians, 0 = right, -pi/2 = up)."""
    ca, sa = math.cos(angle), math.sin(angle)
    left, right = [], []
    for i in range(n + 1):
        t = i / n
        half = width / 2 * math.sin(math.pi * t) ** 0.8 * (1 - 0.25 * t)
        along = length * t
        for side, sign in ((left, 1), (right, -1)):
            px, py = along, sign * half
            side.append((x + px * ca - py * sa, y + px * sa + py * ca))
    return left + right[::-1]


def rounded_rect_pts(x, y, w, h, r, n=8):
    """Polygon of a rounded rectangle (used where a rounded rect has to be a polygon, e.g. for clipping)."""
    r = min(r, w / 2, h / 2)
    pts = []
    for cx, cy, a0 in ((x + w - r, y + r, -90), (x + w - r, y + h - r, 0), (x + r, y + h - r, 90), (x + r, y + r, 180)):
        for i in range(n + 1):
            a = math.radians(a0 + 90 * i / n)
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def tapered(pts, width):
    """A brush stroke along a polyline: widest in the middle, pointed at both ends (hair strands, sheen)."""
    n = len(pts)
    left, right = [], []
    for i, (x, y) in enumerate(pts):
        ax, ay = pts[max(0, i - 1)]
        bx, by = pts[min(n - 1, i + 1)]
        dx, dy = bx - ax, by - ay
        d = math.hypot(dx, dy) or 1.0
        w = width / 2 * math.sin(math.pi * i / (n - 1))
        left.append((x - dy / d * w, y + dx / d * w))
        right.append((x + dy / d * w, y - dx / d * w))
    return left + right[::-1]


# --------------------------------------------------------------------------------------------------------------
# Canvas: a supersampled surface that takes design-unit coordinates
# --------------------------------------------------------------------------------------------------------------

class Canvas:
    def __init__(self, size, scale, alpha=False, fill=None):
        self.w, self.h = size
        self.s = scale
        flags = pygame.SRCALPHA if alpha else 0
        self.surf = pygame.Surface((self.w * scale, self.h * scale), flags, 32)
        self.alpha = alpha
        self.surf.fill(fill if fill is not None else ((0, 0, 0, 0) if alpha else (255, 255, 255)))

    # ---- primitives -----------------------------------------------------------------------------------------
    def _p(self, pts):
        s = self.s
        return [(x * s, y * s) for x, y in pts]

    def poly(self, pts, color):
        if len(pts) >= 3:
            pygame.draw.polygon(self.surf, color, self._p(pts))

    def rect(self, x, y, w, h, color, r=0):
        s = self.s
        rr = pygame.Rect(round(x * s), round(y * s), round(w * s), round(h * s))
        pygame.draw.rect(self.surf, color, rr, border_radius=round(r * s) if r else 0)

    def ellipse(self, cx, cy, rx, ry, color, angle=0.0):
        if angle:
            self.poly(ellipse_pts(cx, cy, rx, ry, angle), color)
        else:
            s = self.s
            pygame.draw.ellipse(self.surf, color, pygame.Rect(round((cx - rx) * s), round((cy - ry) * s),
                                                              round(2 * rx * s), round(2 * ry * s)))

    def circle(self, cx, cy, r, color):
        pygame.draw.circle(self.surf, color, (cx * self.s, cy * self.s), r * self.s)

    def line(self, pts, color, width):
        """A thick polyline with round joins and caps (pygame's wide lines have ragged joins)."""
        s = self.s
        sp = self._p(pts)
        wpx = max(1, round(width * s))
        for a, b in zip(sp, sp[1:]):
            pygame.draw.line(self.surf, color, a, b, wpx)
        for p in sp:
            pygame.draw.circle(self.surf, color, p, wpx / 2)

    def vgradient(self, x, y, w, h, top, bottom, stops=None):
        """Vertical gradient rectangle. Built as a 1-pixel column scaled sideways, which is fast and compresses
        well in PNG (each row is a single colour)."""
        s = self.s
        hp = max(1, round(h * s))
        col = pygame.Surface((1, hp), pygame.SRCALPHA if self.alpha else 0, 32)
        for i in range(hp):
            t = i / max(1, hp - 1)
            if stops:  # optional list of (t, colour) for multi-stop gradients
                for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
                    if t0 <= t <= t1:
                        c = mix(c0, c1, (t - t0) / max(1e-6, t1 - t0))
                        break
                else:
                    c = stops[-1][1]
            else:
                c = mix(top, bottom, t)
            col.set_at((0, i), c)
        self.surf.blit(pygame.transform.scale(col, (max(1, round(w * s)), hp)), (round(x * s), round(y * s)))

    # ---- groups: draw a set of shapes together, then composite with opacity / clipping / blur --------------
    @contextmanager
    def group(self, alpha=255, clip=None, blur=0, base=(0, 0, 0)):
        """Yields a transparent layer the same size as this canvas. On exit the layer is optionally clipped
        (to a polygon or to another canvas's shape), blurred (radius in design units), faded to `alpha` as a
        whole (so overlapping shapes inside the group do not add up) and composited.
        `base` is the colour of the layer's transparent pixels: blurred edges blend towards it, so give light
        groups a light base to avoid grey halos."""
        layer = Canvas((self.w, self.h), self.s, alpha=True, fill=rgba(base, 0))
        yield layer
        surf = layer.surf
        if clip is not None:
            surf.blit(self._mask(clip), (0, 0), special_flags=pygame.BLEND_RGBA_MULT)
        if blur:
            surf = soft_blur(surf, blur * self.s)
        if alpha < 255:
            surf.set_alpha(alpha)
        self.surf.blit(surf, (0, 0))

    def _mask(self, clip):
        """White, opaque where drawing is allowed; transparent elsewhere."""
        if isinstance(clip, Canvas):
            m = clip.surf.copy()
            m.fill((255, 255, 255, 0), special_flags=pygame.BLEND_RGBA_MAX)
            return m
        m = pygame.Surface(self.surf.get_size(), pygame.SRCALPHA, 32)
        m.fill((255, 255, 255, 0))
        shapes = clip if clip and isinstance(clip[0][0], (tuple, list)) else [clip]
        for pts in shapes:
            pygame.draw.polygon(m, (255, 255, 255, 255), self._p(pts))
        return m

    def shape_of(self, *polys):
        """A canvas holding only the given polygons, for use as a clip."""
        c = Canvas((self.w, self.h), self.s, alpha=True)
        for p in polys:
            c.poly(p, (255, 255, 255))
        return c

    # ---- output ---------------------------------------------------------------------------------------------
    def finish(self):
        """Scale down to the final size. For transparent images the colour channels are un-premultiplied after
        scaling, so anti-aliased edges keep their true colour instead of fading to black."""
        size = (self.w, self.h)
        if not self.alpha:
            return pygame.transform.smoothscale(self.surf, size)
        src = self.surf.copy()
        src = src.premul_alpha()
        small = pygame.transform.smoothscale(src, size)
        return unpremultiply(small)


def soft_blur(surf, radius_px):
    """Gaussian blur done at quarter size: large soft shapes (light, shadows) look the same and it is fast."""
    w, h = surf.get_size()
    f = 4
    small = pygame.transform.smoothscale(surf, (max(1, w // f), max(1, h // f)))
    small = pygame.transform.gaussian_blur(small, max(1, round(radius_px / f)))
    return pygame.transform.smoothscale(small, (w, h))


def unpremultiply(surf):
    """Turn premultiplied RGBA back into straight RGBA. smoothscale's fixed-point maths lands fully covered pixels
    at an alpha just under 255 (253), so alpha is also stretched back to full range: solid stays solid."""
    data = bytearray(pygame.image.tobytes(surf, "RGBA"))
    top = max(data[3::4]) or 255
    for i in range(3, len(data), 4):
        a = data[i]
        if a == 0:
            data[i - 3] = data[i - 2] = data[i - 1] = 0
            continue
        for j in (i - 3, i - 2, i - 1):
            data[j] = min(255, (data[j] * 255 + a // 2) // a)
        data[i] = min(255, (a * 255 + top // 2) // top)
    return pygame.image.frombytes(bytes(data), surf.get_size(), "RGBA")


# ==============================================================================================================
# BACKGROUNDS
# Flat front-on room views. Floor line around y=860. Detail lives at the top and the sides; the middle band is
# calmed at the end by `readability_veil`.
# ==============================================================================================================

FLOOR_Y = 860


def room(c: Canvas, wall_top, wall_bottom, floor_top, floor_bottom, skirting, floor_y=FLOOR_Y):
    c.vgradient(0, 0, 1920, floor_y, wall_top, wall_bottom)
    c.vgradient(0, floor_y, 1920, 1080 - floor_y, floor_top, floor_bottom)
    c.rect(0, floor_y - 22, 1920, 22, skirting)
    c.rect(0, floor_y - 22, 1920, 4, tint(skirting, 0.35))  # lit top edge of the skirting board


def wall_panel(c: Canvas, x, y, w, h, color, r=36):
    """A large softly tinted block on the wall: gives depth behind furniture, a common flat-illustration device."""
    c.rect(x, y, w, h, color, r=r)


def window(c: Canvas, x, y, w, h, frame, sky_top, sky_bottom, outside="trees", panes=(2, 2), seed=1, sill=True):
    """A window with a sky gradient, a few clouds, a calm view ("trees"/"park" or "city"), a faint glass sheen,
    glazing bars and a sill. The view is kept pale so it reads as distance, not as detail."""
    rng = random.Random(seed)
    m = 18  # frame thickness
    c.rect(x - 6, y - 6, w + 12, h + 12, shade(frame, 0.12), r=10)
    c.rect(x, y, w, h, frame, r=8)
    ix, iy, iw, ih = x + m, y + m, w - 2 * m, h - 2 * m
    c.vgradient(ix, iy, iw, ih, sky_top, sky_bottom)
    clip = [(ix, iy), (ix + iw, iy), (ix + iw, iy + ih), (ix, iy + ih)]
    with c.group(clip=clip) as g:
        # soft clouds
        for _ in range(3):
            cx = ix + rng.uniform(0.1, 0.9) * iw
            cy = iy + rng.uniform(0.12, 0.4) * ih
            for k in range(3):
                g.ellipse(cx + (k - 1) * 34, cy - (10 if k == 1 else 0), 46, 22, tint(sky_top, 0.75))
        horizon = iy + ih * 0.62
        if outside in ("trees", "park"):
            far = mix(sky_bottom, PAL["sage_dark"], 0.55)
            near = mix(sky_bottom, PAL["leaf"], 0.75)
            xx = ix - 40
            while xx < ix + iw + 40:
                r = rng.uniform(50, 90)
                g.circle(xx, horizon + 10, r, far)
                xx += r * 1.1
            g.rect(ix, horizon + 10, iw, ih, far)
            xx = ix - 20
            while xx < ix + iw + 40:
                r = rng.uniform(60, 110)
                g.circle(xx, horizon + 80, r, near)
                xx += r * 1.3
            g.rect(ix, horizon + 80, iw, ih, near)
        else:  # city: calm rows of low buildings
            far = mix(sky_bottom, PAL["dusty_blue"], 0.45)
            near = mix(sky_bottom, PAL["slate"], 0.45)
            for col_, base, hmin, hmax in ((far, horizon, 60, 170), (near, horizon + 70, 50, 140)):
                xx = ix - 10
                while xx < ix + iw:
                    bw = rng.uniform(60, 130)
                    bh = rng.uniform(hmin, hmax)
                    g.rect(xx, base - bh, bw - 6, ih, col_)
                    for wy in range(int(base - bh + 18), int(iy + ih), 34):  # lit windows
                        for wx in range(int(xx + 12), int(xx + bw - 22), 26):
                            if rng.random() < 0.35:
                                g.rect(wx, wy, 10, 14, tint(col_, 0.35))
                    xx += bw
    with c.group(alpha=50, clip=clip, base=PAL["white"]) as g:  # glass sheen: two faint diagonal strips
        for off, wid in ((0.15, 60), (0.32, 24)):
            sx = ix + iw * off
            g.poly([(sx, iy + ih), (sx + wid, iy + ih), (sx + wid + ih * 0.5, iy), (sx + ih * 0.5, iy)], PAL["white"])
    cols, rows = panes
    for i in range(1, cols):
        c.rect(ix + iw * i / cols - 6, iy, 12, ih, frame)
    for j in range(1, rows):
        c.rect(ix, iy + ih * j / rows - 6, iw, 12, frame)
    if sill:
        c.rect(x - 26, y + h + 2, w + 52, 18, tint(frame, 0.2), r=4)
        c.rect(x - 20, y + h + 20, w + 40, 10, shade(frame, 0.15), r=3)


def light_shaft(c: Canvas, x, y, w, h, reach=520, skew=260, strength=60, color=(255, 236, 200)):
    """Warm window light falling down and to the side: a blurred, faint parallelogram."""
    with c.group(alpha=strength, blur=30, base=color) as g:
        g.poly([(x, y + h * 0.2), (x + w, y + h * 0.2), (x + w + skew, y + h + reach), (x + skew, y + h + reach)],
               color)


def blinds(c: Canvas, x, y, w, h, color, drop=0.45):
    """Half-lowered roller blind."""
    c.rect(x + 10, y + 10, w - 20, h * drop, color, r=4)
    c.rect(x + 10, y + 10 + h * drop - 10, w - 20, 10, shade(color, 0.15), r=4)
    c.circle(x + w / 2, y + 10 + h * drop + 18, 7, shade(color, 0.25))
    c.rect(x + w / 2 - 1.5, y + 10 + h * drop, 3, 14, shade(color, 0.25))


def plant(c: Canvas, x, floor_y, size=1.0, seed=3, pot=None, kind="leafy"):
    """A potted plant standing on `floor_y`, centred on x."""
    rng = random.Random(seed)
    pot = pot or PAL["terracotta"]
    pw, ph = 110 * size, 120 * size
    top = floor_y - ph
    stem_base = (x, top + 6)
    greens = [PAL["leaf_dark"], PAL["leaf"], PAL["leaf_light"]]
    if kind == "tall":  # fiddle-leaf style: a stem with broad leaves
        c.line([stem_base, (x - 6 * size, top - 160 * size), (x + 4 * size, top - 330 * size)], shade(PAL["wood_dark"], 0.1), 6 * size)
        for i in range(11):
            t = i / 10
            ly = top - 40 * size - t * 300 * size
            side = -1 if i % 2 else 1
            ang = -math.pi / 2 + side * rng.uniform(0.5, 1.1)
            c.poly(leaf_pts(x, ly, ang, rng.uniform(80, 115) * size, rng.uniform(48, 62) * size), greens[i % 3])
    elif kind == "snake":  # upright sword leaves
        for i in range(9):
            ang = -math.pi / 2 + rng.uniform(-0.35, 0.35)
            ln = rng.uniform(150, 260) * size
            bx = x + rng.uniform(-30, 30) * size
            c.poly(leaf_pts(bx, top + 10, ang, ln, 30 * size), greens[i % 3])
    else:  # leafy bush: leaves fanning out from the pot
        for i in range(22):
            ang = -math.pi / 2 + rng.uniform(-1.25, 1.25)
            ln = rng.uniform(90, 170) * size
            c.poly(leaf_pts(x + rng.uniform(-20, 20) * size, top + 12, ang, ln, ln * 0.42), greens[i % 3])
    # pot: tapered with a rim; a darker right side suggests roundness
    body = [(x - pw / 2, top + 16 * size), (x + pw / 2, top + 16 * size), (x + pw * 0.38, floor_y), (x - pw * 0.38, floor_y)]
    c.poly(body, pot)
    c.poly([(x + pw * 0.12, top + 16 * size), (x + pw / 2, top + 16 * size), (x + pw * 0.38, floor_y), (x + pw * 0.1, floor_y)],
           shade(pot, 0.12))
    c.rect(x - pw / 2 - 8 * size, top, pw + 16 * size, 22 * size, tint(pot, 0.1), r=6 * size)


def hanging_plant(c: Canvas, x, y, seed=5, size=1.0):
    rng = random.Random(seed)
    c.line([(x, 0), (x, y - 40)], PAL["wood_dark"], 3)
    greens = [PAL["leaf_dark"], PAL["leaf"], PAL["leaf_light"]]
    for i in range(7):  # trailing vines: a thin stem with small leaves alternating along it
        vx = x + (i - 3) * 16 * size
        ln = rng.uniform(110, 240) * size
        stem = [(vx + math.sin(k * 0.5 + i) * 10, y - 10 + k * 12) for k in range(int(ln // 12))]
        c.line(stem, PAL["leaf_dark"], 2.5)
        for k, (sx, sy) in enumerate(stem[2::2]):
            side = 1 if k % 2 else -1
            c.poly(leaf_pts(sx, sy, math.pi / 2 - side * 0.9, 22 * size, 14 * size), greens[(i + k) % 3])
    c.ellipse(x, y, 70 * size, 40 * size, PAL["terracotta"])
    c.rect(x - 70 * size, y - 40 * size, 140 * size, 40 * size, PAL["terracotta"])
    c.rect(x - 76 * size, y - 44 * size, 152 * size, 16 * size, tint(PAL["terracotta"], 0.1), r=6)
    for i in range(10):
        ang = -math.pi / 2 + rng.uniform(-1.3, 1.3)
        c.poly(leaf_pts(x + rng.uniform(-40, 40), y - 40, ang, rng.uniform(40, 70), 26), greens[i % 3])


def books(c: Canvas, x, y_base, width, rng, palette, max_h=110):
    """A row of book spines standing on a shelf at y_base; sometimes one leans or lies flat."""
    xx = x
    while xx < x + width - 20:
        bw = rng.uniform(14, 30)
        bh = rng.uniform(0.65, 1.0) * max_h
        col = rng.choice(palette)
        roll = rng.random()
        if roll < 0.08 and xx + 110 < x + width:  # a small stack lying flat
            for k in range(rng.randint(2, 3)):
                sw = rng.uniform(80, 100)
                c.rect(xx, y_base - (k + 1) * 18, sw, 16, rng.choice(palette), r=2)
            xx += 110
            continue
        if roll < 0.14 and xx + 70 < x + width:  # a leaning book
            ang = 0.28
            pts = [(xx, y_base), (xx + bw, y_base), (xx + bw + bh * math.sin(ang), y_base - bh * math.cos(ang)),
                   (xx + bh * math.sin(ang), y_base - bh * math.cos(ang))]
            c.poly(pts, col)
            xx += bw + bh * math.sin(ang) + 6
            continue
        c.rect(xx, y_base - bh, bw, bh, col, r=2)
        c.rect(xx + 3, y_base - bh + 12, bw - 6, 4, tint(col, 0.35))  # a pale band on the spine
        xx += bw + rng.uniform(0, 3)


def bookshelf(c: Canvas, x, y, w, h, shelves=4, wood=None, seed=7, palette=None, decor=True):
    rng = random.Random(seed)
    wood = wood or PAL["wood"]
    palette = palette or [PAL["teal"], PAL["terracotta"], PAL["mustard"], PAL["plum"], PAL["sage_dark"],
                          PAL["dusty_blue"], PAL["rose"], PAL["cream"]]
    c.rect(x, y, w, h, wood, r=6)
    inner = shade(wood, 0.28)
    side = 16
    c.rect(x + side, y + side, w - 2 * side, h - 2 * side, inner)
    gap = (h - 2 * side) / shelves
    for i in range(shelves):
        base = y + side + gap * (i + 1)
        # a shelf's contents: mostly books, sometimes a small plant or a box
        if decor and i % 2 == 1:
            books(c, x + side + 6, base - 12, (w - 2 * side) * 0.55, rng, palette, max_h=gap * 0.7)
            plant(c, x + w - side - 70, base - 12, size=0.38, seed=seed + i, pot=PAL["cream"])
        elif decor and i == shelves - 1:
            c.rect(x + side + 14, base - 12 - gap * 0.45, (w - 2 * side) * 0.4, gap * 0.45, PAL["oat"], r=4)
            c.rect(x + side + 14 + (w - 2 * side) * 0.44, base - 12 - gap * 0.45, (w - 2 * side) * 0.4, gap * 0.45,
                   tint(PAL["sage"], 0.1), r=4)
        else:
            books(c, x + side + 6, base - 12, w - 2 * side - 12, rng, palette, max_h=gap * 0.72)
        c.rect(x + side, base - 12, w - 2 * side, 12, wood)
    c.rect(x, y, w, 10, tint(wood, 0.2), r=4)


def floor_shadow(c: Canvas, cx, floor_y, w, strength=40):
    with c.group(alpha=strength, blur=10) as g:
        g.ellipse(cx, floor_y, w / 2, 14, (60, 40, 40))


def desk(c: Canvas, x, top_y, w, wood=None, floor_y=FLOOR_Y, drawers=True):
    wood = wood or PAL["wood"]
    floor_shadow(c, x + w / 2, floor_y, w * 1.05)
    leg = shade(wood, 0.25)
    c.rect(x + 24, top_y + 20, 18, floor_y - top_y - 20, leg)
    c.rect(x + w - 42, top_y + 20, 18, floor_y - top_y - 20, leg)
    if drawers:
        dw = w * 0.32
        c.rect(x + w - dw - 30, top_y + 20, dw, (floor_y - top_y) * 0.55, shade(wood, 0.08), r=4)
        for k in range(3):
            yy = top_y + 34 + k * (floor_y - top_y) * 0.17
            c.rect(x + w - dw - 30 + dw / 2 - 22, yy + 12, 44, 7, shade(wood, 0.35), r=3)
    c.rect(x - 14, top_y, w + 28, 26, wood, r=5)
    c.rect(x - 14, top_y, w + 28, 6, tint(wood, 0.3), r=3)


def laptop(c: Canvas, x, desk_y, w=210):
    h = w * 0.62
    body = PAL["grey"]
    c.poly([(x, desk_y), (x + w, desk_y), (x + w * 0.92, desk_y - h), (x + w * 0.08, desk_y - h)], shade(body, 0.15))
    c.poly([(x + w * 0.12, desk_y - 12), (x + w * 0.88, desk_y - 12), (x + w * 0.81, desk_y - h + 12),
            (x + w * 0.19, desk_y - h + 12)], tint(PAL["dusty_blue"], 0.45))
    c.rect(x - 20, desk_y - 10, w + 40, 10, body, r=4)


def mug(c: Canvas, x, desk_y, color):
    c.rect(x, desk_y - 46, 38, 46, color, r=6)
    c.circle(x + 42, desk_y - 24, 13, color)
    c.circle(x + 42, desk_y - 24, 6, shade(color, 0.05))  # handle hole is slightly darker, reads as depth
    c.rect(x + 4, desk_y - 44, 30, 6, tint(color, 0.3), r=3)


def desk_lamp(c: Canvas, x, desk_y, color):
    c.ellipse(x, desk_y - 6, 44, 10, shade(color, 0.1))
    arm = shade(color, 0.2)
    c.line([(x, desk_y - 8), (x + 40, desk_y - 150), (x - 30, desk_y - 220)], arm, 9)
    c.circle(x + 40, desk_y - 150, 9, arm)  # the elbow joint
    # the shade: a cone hanging from the top joint, its opening tipped down towards the desk
    jx, jy = x - 30, desk_y - 220
    ang = math.radians(105)  # points down and slightly left
    dx, dy = math.cos(ang), math.sin(ang)
    nx, ny = -dy, dx
    ln, r0, r1 = 80, 16, 50
    ex, ey = jx + dx * ln, jy + dy * ln
    with c.group(alpha=60, blur=30, base=(255, 226, 170)) as g:  # warm light falling on the desk
        g.poly([(ex + nx * r1, ey + ny * r1), (ex - nx * r1, ey - ny * r1), (ex - 150, desk_y - 4), (ex + 130, desk_y - 4)],
               (255, 226, 170))
    c.poly([(jx + nx * r0, jy + ny * r0), (jx - nx * r0, jy - ny * r0), (ex - nx * r1, ey - ny * r1), (ex + nx * r1, ey + ny * r1)], color)
    c.ellipse(ex, ey, r1, 12, hexc("FFF1CF"), angle=ang - math.pi / 2)
    c.circle(jx, jy, 12, arm)


def paper_stack(c: Canvas, x, desk_y, n=3):
    for k in range(n):
        c.rect(x + k * 3, desk_y - (k + 1) * 7, 120, 7, PAL["white"] if k % 2 else PAL["linen"], r=2)


def armchair(c: Canvas, x, floor_y, color, w=300):
    """Front-on armchair with cushions; x is the left edge."""
    floor_shadow(c, x + w / 2, floor_y, w * 1.05, 50)
    dark = shade(color, 0.18)
    seat_y = floor_y - 150
    c.rect(x + 30, floor_y - 30, 16, 30, PAL["wood_dark"])
    c.rect(x + w - 46, floor_y - 30, 16, 30, PAL["wood_dark"])
    c.rect(x + 30, seat_y - 200, w - 60, 240, dark, r=40)           # back
    c.rect(x + 44, seat_y - 12, w - 88, 70, tint(color, 0.08), r=22)  # seat cushion
    c.rect(x, seat_y - 70, 64, 190, color, r=30)                      # arms
    c.rect(x + w - 64, seat_y - 70, 64, 190, color, r=30)
    c.rect(x + 20, seat_y + 40, w - 40, 80, color, r=18)               # base
    c.rect(x + 70, seat_y - 150, 90, 80, PAL["mustard"], r=22)         # a cushion for warmth


def sofa(c: Canvas, x, floor_y, color, w=560):
    floor_shadow(c, x + w / 2, floor_y, w * 1.03, 50)
    dark = shade(color, 0.16)
    seat_y = floor_y - 140
    for lx in (x + 40, x + w - 56):
        c.rect(lx, floor_y - 28, 16, 28, PAL["wood_dark"])
    c.rect(x + 30, seat_y - 170, w - 60, 210, dark, r=36)
    c.rect(x + 56, seat_y - 10, (w - 112) / 2 - 4, 62, tint(color, 0.08), r=20)
    c.rect(x + w / 2 + 4, seat_y - 10, (w - 112) / 2 - 4, 62, tint(color, 0.08), r=20)
    c.rect(x, seat_y - 60, 66, 172, color, r=30)
    c.rect(x + w - 66, seat_y - 60, 66, 172, color, r=30)
    c.rect(x + 20, seat_y + 40, w - 40, 72, color, r=16)
    c.rect(x + 80, seat_y - 130, 100, 86, PAL["terracotta"], r=24)
    c.rect(x + w - 190, seat_y - 124, 96, 80, PAL["cream"], r=24)


def side_chair(c: Canvas, x, floor_y, color, facing=1, wood=None):
    """Simple side-view chair (seat, back, legs). facing=1: back on the left, seat to the right."""
    wood = wood or PAL["wood_dark"]
    floor_shadow(c, x + 60, floor_y, 150, 35)
    seat_y = floor_y - 130
    bx = x if facing == 1 else x + 110
    c.rect(x + 6, seat_y, 10, 130, wood)
    c.rect(x + 104, seat_y, 10, 130, wood)
    c.rect(bx, seat_y - 150, 14, 160, wood, r=4)
    c.rect(bx - (0 if facing == 1 else 6), seat_y - 150, 20, 110, color, r=8)
    c.rect(x - 4, seat_y - 6, 128, 22, color, r=8)


def stacking_chair(c: Canvas, x, floor_y, color, shadow=True):
    """Front-on plastic stacking chair (community rooms, waiting areas)."""
    if shadow:
        floor_shadow(c, x + 60, floor_y, 140, 35)
    metal = hexc("8D8A8A")
    seat_y = floor_y - 125
    c.rect(x + 8, seat_y, 8, 125, metal)
    c.rect(x + 104, seat_y, 8, 125, metal)
    c.rect(x + 12, seat_y - 120, 7, 120, metal)   # the frame rising from the seat to hold the back
    c.rect(x + 101, seat_y - 120, 7, 120, metal)
    c.rect(x + 4, seat_y - 150, 112, 90, color, r=18)
    c.rect(x, seat_y - 8, 120, 26, shade(color, 0.1), r=10)


def framed_art(c: Canvas, x, y, w, h, kind="hills", frame=None, mat=None):
    frame = frame or PAL["wood_dark"]
    mat = mat or PAL["linen"]
    c.rect(x, y, w, h, frame, r=4)
    c.rect(x + 10, y + 10, w - 20, h - 20, mat)
    ix, iy, iw, ih = x + 28, y + 28, w - 56, h - 56
    clip = [(ix, iy), (ix + iw, iy), (ix + iw, iy + ih), (ix, iy + ih)]
    with c.group(clip=clip) as g:
        if kind == "hills":
            g.vgradient(ix, iy, iw, ih, PAL["sky_warm"], PAL["peach"])
            g.circle(ix + iw * 0.7, iy + ih * 0.35, ih * 0.16, PAL["honey"])
            g.ellipse(ix + iw * 0.25, iy + ih * 1.05, iw * 0.7, ih * 0.55, PAL["sage"])
            g.ellipse(ix + iw * 0.85, iy + ih * 1.15, iw * 0.7, ih * 0.55, PAL["sage_dark"])
        elif kind == "sea":
            g.vgradient(ix, iy, iw, ih, PAL["sky"], PAL["cream"])
            g.rect(ix, iy + ih * 0.6, iw, ih, PAL["dusty_blue"])
            g.rect(ix, iy + ih * 0.6, iw, 6, tint(PAL["dusty_blue"], 0.4))
            g.circle(ix + iw * 0.3, iy + ih * 0.42, ih * 0.12, PAL["apricot"])
        elif kind == "abstract":
            g.rect(ix, iy, iw, ih, PAL["cream"])
            g.circle(ix + iw * 0.35, iy + ih * 0.45, ih * 0.3, PAL["terracotta"])
            g.rect(ix + iw * 0.5, iy + ih * 0.2, iw * 0.35, ih * 0.6, PAL["teal_light"], r=8)
            g.circle(ix + iw * 0.7, iy + ih * 0.75, ih * 0.14, PAL["mustard"])
        elif kind == "leaf":
            g.rect(ix, iy, iw, ih, tint(PAL["sage"], 0.35))
            g.poly(leaf_pts(ix + iw * 0.5, iy + ih * 0.92, -math.pi / 2 - 0.15, ih * 0.85, iw * 0.55), PAL["leaf"])
            g.line([(ix + iw * 0.5, iy + ih * 0.92), (ix + iw * 0.44, iy + ih * 0.2)], PAL["leaf_dark"], 3)


def wall_clock(c: Canvas, x, y, r=48, color=None):
    color = color or PAL["white"]
    c.circle(x, y, r + 6, PAL["charcoal"])
    c.circle(x, y, r, color)
    for k in range(12):
        a = k * math.pi / 6
        c.circle(x + math.cos(a) * r * 0.78, y + math.sin(a) * r * 0.78, 2.5, PAL["charcoal"])
    c.line([(x, y), (x + r * 0.45, y - r * 0.2)], PAL["charcoal"], 4)
    c.line([(x, y), (x - r * 0.1, y - r * 0.65)], PAL["charcoal"], 3)
    c.circle(x, y, 4, PAL["terracotta"])


def rug(c: Canvas, cx, y, w, h, color, stripe=None):
    c.ellipse(cx, y, w / 2, h / 2, color)
    if stripe:
        c.ellipse(cx, y, w / 2 - 30, h / 2 - 12, stripe)
        c.ellipse(cx, y, w / 2 - 44, h / 2 - 18, color)


def side_table(c: Canvas, x, floor_y, w=130, h=170, wood=None):
    wood = wood or PAL["wood"]
    floor_shadow(c, x + w / 2, floor_y, w * 1.1, 35)
    c.rect(x + 14, floor_y - h, 12, h, shade(wood, 0.2))
    c.rect(x + w - 26, floor_y - h, 12, h, shade(wood, 0.2))
    c.rect(x, floor_y - h, w, 18, wood, r=4)
    c.rect(x + 14, floor_y - 50, w - 28, 10, shade(wood, 0.1))


def floor_lamp(c: Canvas, x, floor_y, color):
    c.ellipse(x, floor_y - 4, 40, 9, PAL["charcoal"])
    c.rect(x - 3, floor_y - 470, 6, 466, PAL["charcoal"])
    c.poly([(x - 70, floor_y - 430), (x + 70, floor_y - 430), (x + 48, floor_y - 540), (x - 48, floor_y - 540)], color)
    with c.group(alpha=50, blur=40, base=(255, 230, 180)) as g:
        g.poly([(x - 70, floor_y - 430), (x + 70, floor_y - 430), (x + 170, floor_y - 260), (x - 170, floor_y - 260)],
               (255, 230, 180))


def poster(c: Canvas, x, y, w, h, bg, design, accent, seed=0):
    """Wall poster: a coloured sheet with a simple graphic and 'text' bars (unreadable on purpose: readable words
    in the background would compete with the dialogue)."""
    rng = random.Random(seed)
    with c.group(alpha=45, blur=6) as g:  # a soft drop shadow lifts the sheet off the wall
        g.rect(x + 6, y + 8, w, h, (70, 50, 40), r=4)
    c.rect(x, y, w, h, bg, r=4)
    cx, cy = x + w / 2, y + h * 0.38
    u = min(w, h)
    if design == "heart":
        r = u * 0.16
        c.circle(cx - r * 0.75, cy - r * 0.2, r, accent)
        c.circle(cx + r * 0.75, cy - r * 0.2, r, accent)
        c.poly([(cx - r * 1.68, cy + r * 0.15), (cx + r * 1.68, cy + r * 0.15), (cx, cy + r * 1.9)], accent)
    elif design == "drop":
        r = u * 0.2
        c.circle(cx, cy + r * 0.35, r, accent)
        c.poly([(cx - r * 0.93, cy + r * 0.05), (cx + r * 0.93, cy + r * 0.05), (cx, cy - r * 1.5)], accent)
        c.circle(cx - r * 0.35, cy + r * 0.25, r * 0.22, tint(accent, 0.5))
    elif design == "hands":
        r = u * 0.18
        c.ellipse(cx - r * 0.55, cy, r, r * 0.62, accent, angle=-0.5)
        c.ellipse(cx + r * 0.55, cy, r, r * 0.62, shade(accent, 0.15), angle=0.5)
    elif design == "cross":
        r = u * 0.2
        c.rect(cx - r * 0.33, cy - r, r * 0.66, r * 2, accent, r=6)
        c.rect(cx - r, cy - r * 0.33, r * 2, r * 0.66, accent, r=6)
    elif design == "sun":
        r = u * 0.16
        for k in range(10):
            a = k * math.pi / 5
            c.line([(cx + math.cos(a) * r * 1.3, cy + math.sin(a) * r * 1.3),
                    (cx + math.cos(a) * r * 1.75, cy + math.sin(a) * r * 1.75)], accent, 6)
        c.circle(cx, cy, r, accent)
    elif design == "house":
        r = u * 0.2
        c.poly([(cx - r * 1.2, cy), (cx, cy - r * 1.1), (cx + r * 1.2, cy)], accent)
        c.rect(cx - r * 0.9, cy, r * 1.8, r * 1.1, accent)
        c.rect(cx - r * 0.25, cy + r * 0.4, r * 0.5, r * 0.7, bg)
    # headline and body "text"
    ty = y + h * 0.68
    c.rect(x + w * 0.14, ty, w * 0.72, h * 0.05, shade(bg, 0.55), r=3)
    for k in range(3):
        c.rect(x + w * 0.14, ty + h * (0.1 + 0.06 * k), w * rng.uniform(0.45, 0.72), h * 0.025, shade(bg, 0.28), r=2)


def corkboard(c: Canvas, x, y, w, h, seed=11):
    rng = random.Random(seed)
    c.rect(x, y, w, h, PAL["wood"], r=6)
    c.rect(x + 14, y + 14, w - 28, h - 28, hexc("D7B58A"))
    colors = [PAL["white"], PAL["honey"], tint(PAL["teal_light"], 0.4), tint(PAL["rose"], 0.4), PAL["linen"]]
    cols, rows = 4, 2
    cw, ch = (w - 40) / cols, (h - 40) / rows
    for i in range(cols):
        for j in range(rows):
            if rng.random() < 0.15:
                continue
            px = x + 26 + i * cw + rng.uniform(0, 10)
            py = y + 26 + j * ch + rng.uniform(0, 10)
            pw, ph = cw * rng.uniform(0.7, 0.85), ch * rng.uniform(0.7, 0.88)
            col = rng.choice(colors)
            c.rect(px, py, pw, ph, col, r=2)
            for k in range(3):
                c.rect(px + 10, py + 16 + k * 14, pw * rng.uniform(0.4, 0.75), 5, shade(col, 0.25), r=2)
            c.circle(px + pw / 2, py + 6, 5, rng.choice([PAL["terracotta"], PAL["teal"], PAL["mustard"]]))


def bunting(c: Canvas, x1, x2, y, colors, sag=40):
    pts = path((x1, y), ((x1 + (x2 - x1) * 0.3, y + sag), (x1 + (x2 - x1) * 0.7, y + sag), (x2, y)), n=60)
    c.line(pts, PAL["wood_dark"], 2)
    step = 6
    for i in range(0, len(pts) - step, step):
        (ax, ay), (bx, by) = pts[i], pts[i + step - 1]
        mx = (ax + bx) / 2
        c.poly([(ax + 2, ay), (bx - 2, by), (mx, (ay + by) / 2 + 46)], colors[(i // step) % len(colors)])


def readability_veil(c: Canvas, color, top=330, bottom=900, strength=70, feather=170):
    """Blend the middle band slightly towards a calm colour so text panels over it stay readable."""
    with c.group() as g:
        hp = bottom - top
        g.vgradient(0, top - feather, 1920, feather, rgba(color, 0), rgba(color, strength))
        g.rect(0, top, 1920, hp, rgba(color, strength))
        g.vgradient(0, bottom, 1920, feather, rgba(color, strength), rgba(color, 0))


def vignette(c: Canvas, strength=40):
    """Very soft darkening of the corners to frame the scene."""
    with c.group(alpha=strength, blur=120, base=(60, 40, 40)) as g:
        g.rect(0, 0, 1920, 1080, (60, 40, 40))
        g.ellipse(960, 540, 1150, 720, (0, 0, 0, 0))


# ---- the five settings ---------------------------------------------------------------------------------------

def scene_office(c: Canvas):
    """A counsellor's office: big window with trees, bookshelf, desk with lamp, armchair, art."""
    room(c, PAL["sand"], PAL["cream"], PAL["wood_light"], PAL["wood"], PAL["linen"])
    wall_panel(c, 1180, 170, 620, FLOOR_Y - 22 - 170, tint(PAL["sage"], 0.35))
    window(c, 150, 150, 520, 520, PAL["linen"], PAL["sky"], PAL["sky_warm"], "trees", seed=2)
    light_shaft(c, 168, 168, 484, 484, reach=300, skew=320, strength=50)
    rug(c, 920, 960, 900, 120, PAL["terracotta"], stripe=PAL["apricot"])
    bookshelf(c, 1530, 180, 300, 680, shelves=5, seed=8)
    framed_art(c, 1240, 230, 220, 170, "hills")
    desk(c, 880, 640, 520)
    laptop(c, 990, 640)
    mug(c, 1240, 640, PAL["teal"])
    desk_lamp(c, 1300, 640, PAL["mustard"])
    paper_stack(c, 900, 640)
    armchair(c, 420, FLOOR_Y, PAL["dusty_blue"])
    plant(c, 770, FLOOR_Y, size=1.0, seed=4, kind="tall")
    plant(c, 80, FLOOR_Y, size=0.9, seed=9, pot=PAL["cream"], kind="leafy")
    hanging_plant(c, 720, 190, seed=6, size=0.8)
    readability_veil(c, PAL["cream"])
    vignette(c)


def scene_clinic(c: Canvas):
    """A community health clinic room: soft sage walls, a warm wood floor, cabinets and sink, an examination couch,
    a privacy curtain and a window onto trees."""
    room(c, PAL["mint"], tint(PAL["mint"], 0.45), PAL["wood_light"], PAL["wood"], PAL["white"])
    wall_panel(c, 0, 560, 1920, FLOOR_Y - 22 - 560, tint(PAL["sage"], 0.2), r=0)  # lower wall paint, as in many clinics
    c.rect(0, 556, 1920, 8, PAL["white"])
    window(c, 1300, 150, 440, 420, PAL["white"], PAL["sky"], PAL["sky_warm"], "trees", seed=4)
    blinds(c, 1318, 168, 404, 384, PAL["linen"], drop=0.3)
    light_shaft(c, 1318, 290, 404, 260, reach=260, skew=-300, strength=50)
    # upper cabinets, a counter with a sink, lower cabinets
    cab = PAL["white"]
    for k in range(3):
        c.rect(160 + k * 170, 170, 160, 200, cab, r=8)
        c.rect(160 + k * 170 + 140, 250, 6, 50, PAL["grey"], r=3)
    c.rect(150, 372, 520, 10, shade(cab, 0.08))
    c.rect(150, 610, 520, FLOOR_Y - 610, tint(PAL["dusty_blue"], 0.3), r=6)
    for k in range(3):
        c.rect(160 + k * 172, 640, 160, 190, tint(PAL["dusty_blue"], 0.45), r=6)
        c.rect(160 + k * 172 + 60, 660, 40, 8, PAL["slate"], r=4)
    c.rect(136, 590, 548, 26, PAL["linen"], r=5)
    c.ellipse(330, 590, 70, 8, shade(PAL["linen"], 0.12))  # sink
    c.line([(330, 590), (330, 540), (368, 540), (368, 556)], PAL["grey"], 8)
    c.rect(470, 540, 34, 50, PAL["teal_light"], r=6)  # hand soap
    c.rect(480, 526, 14, 16, PAL["charcoal"], r=3)
    c.rect(530, 560, 80, 30, PAL["white"], r=4)  # a box of gloves
    c.rect(546, 556, 48, 8, PAL["rose"], r=3)
    plant(c, 200, 590, size=0.45, seed=15, pot=PAL["terracotta"])
    wall_clock(c, 880, 220)
    poster(c, 740, 330, 150, 200, PAL["linen"], "cross", PAL["teal"], seed=6)
    # privacy curtain on a ceiling rail, partly drawn
    c.rect(960, 80, 320, 10, PAL["grey"], r=4)
    curtain = tint(PAL["teal_light"], 0.4)
    for k in range(6):
        cx = 980 + k * 40
        c.circle(cx + 22, 96, 6, PAL["grey"])  # rings
        c.rect(cx, 100, 44, 690, curtain if k % 2 else shade(curtain, 0.06), r=14)
    # examination couch with a paper roll, and a step
    floor_shadow(c, 1500, FLOOR_Y, 520, 45)
    c.rect(1260, 690, 480, 46, PAL["slate"], r=16)
    c.rect(1270, 682, 460, 16, PAL["white"], r=6)
    c.rect(1310, 736, 14, 124, PAL["grey"])
    c.rect(1676, 736, 14, 124, PAL["grey"])
    c.rect(1260, 642, 120, 52, PAL["slate"], r=16)
    c.rect(1440, 800, 140, 60, PAL["wood"], r=6)
    c.rect(1440, 800, 140, 10, tint(PAL["wood"], 0.25), r=4)
    side_chair(c, 760, FLOOR_Y, PAL["terracotta"], facing=1)
    plant(c, 1830, FLOOR_Y, size=0.9, seed=12, kind="snake", pot=PAL["cream"])
    readability_veil(c, tint(PAL["mint"], 0.45))
    vignette(c)


def scene_drop_in(c: Canvas):
    """A syringe services drop-in: a welcoming counter with supplies, posters, a noticeboard, a row of chairs,
    a water cooler and a sharps bin."""
    room(c, PAL["peach"], PAL["cream"], hexc("CDBBA8"), hexc("B9A692"), PAL["linen"])
    wall_panel(c, 0, 560, 1920, FLOOR_Y - 22 - 560, tint(PAL["apricot"], 0.2), r=0)
    c.rect(0, 556, 1920, 8, PAL["linen"])
    bunting(c, 60, 1860, 70, [PAL["teal"], PAL["mustard"], PAL["terracotta"], PAL["sage_dark"], PAL["plum"]], sag=50)
    # posters across the upper wall (graphic, no readable words)
    poster(c, 120, 180, 180, 250, PAL["linen"], "heart", PAL["terracotta"], seed=1)
    poster(c, 330, 200, 180, 240, tint(PAL["teal_light"], 0.35), "drop", PAL["teal"], seed=2)
    corkboard(c, 560, 190, 420, 250, seed=5)
    wall_clock(c, 1110, 250, r=44)
    poster(c, 1290, 150, 180, 230, PAL["honey"], "hands", PAL["rust"], seed=3)
    poster(c, 1500, 170, 160, 210, tint(PAL["mauve"], 0.4), "cross", PAL["plum"], seed=4)
    poster(c, 1690, 150, 160, 230, PAL["linen"], "house", PAL["sage_dark"], seed=7)
    # a wall shelf behind the counter with labelled supply boxes
    shelf_y = 500
    c.rect(1060, shelf_y, 800, 14, PAL["wood"], r=4)
    rng = random.Random(21)
    xx = 1080
    for i in range(9):
        bw = rng.uniform(60, 86)
        bh = rng.uniform(44, 64)
        col = [PAL["white"], tint(PAL["dusty_blue"], 0.5), tint(PAL["sage"], 0.3), PAL["honey"]][i % 4]
        c.rect(xx, shelf_y - bh, bw, bh, col, r=4)
        c.rect(xx + 10, shelf_y - bh + 12, bw - 20, 9, shade(col, 0.25), r=3)
        xx += bw + 10
    # the counter: a teal front with a light top and a round welcome emblem
    floor_shadow(c, 1460, FLOOR_Y, 860, 50)
    c.rect(1040, 600, 840, FLOOR_Y - 600, PAL["teal"], r=8)
    for k in range(4):
        c.rect(1070 + k * 205, 630, 180, 200, tint(PAL["teal"], 0.12), r=10)
    c.circle(1460, 730, 44, PAL["cream"])
    c.circle(1444, 722, 15, PAL["terracotta"])
    c.circle(1476, 722, 15, PAL["terracotta"])
    c.poly([(1430, 728), (1490, 728), (1460, 760)], PAL["terracotta"])
    c.rect(1020, 584, 880, 28, PAL["wood_light"], r=6)
    # on the counter: baskets of kits, a leaflet stand, and a bright sharps container
    for k, col in enumerate((PAL["terracotta"], PAL["mustard"])):
        bx = 1090 + k * 170
        c.rect(bx, 534, 140, 52, col, r=10)
        for j in range(4):
            c.rect(bx + 12 + j * 31, 520, 24, 20, PAL["white"], r=4)
    c.poly([(1480, 586), (1600, 586), (1590, 476), (1490, 476)], PAL["linen"])  # leaflet stand
    for j in range(3):
        c.rect(1498, 488 + j * 32, 84, 24, [PAL["sky"], PAL["rose"], PAL["honey"]][j], r=3)
    c.rect(1680, 504, 90, 82, hexc("F2C94C"), r=10)  # sharps container: yellow with a red lid
    c.rect(1672, 492, 106, 20, hexc("D9534F"), r=6)
    c.rect(1700, 534, 50, 8, shade(hexc("F2C94C"), 0.3), r=4)
    # waiting chairs along the left wall, a water cooler, a plant and a rug
    for k in range(3):
        stacking_chair(c, 130 + k * 150, FLOOR_Y, [PAL["mustard"], PAL["teal_light"], PAL["terracotta"]][k])
    floor_shadow(c, 700, FLOOR_Y, 120, 40)
    c.rect(655, 640, 90, 220, PAL["white"], r=10)
    c.rect(667, 680, 66, 30, PAL["grey"], r=6)
    c.rect(662, 540, 76, 104, tint(PAL["sky"], 0.3), r=24)
    c.rect(690, 528, 20, 18, PAL["dusty_blue"], r=4)
    plant(c, 880, FLOOR_Y, size=1.0, seed=14, kind="leafy")
    rug(c, 560, 985, 780, 100, tint(PAL["teal_light"], 0.25))
    readability_veil(c, PAL["cream"])
    vignette(c)


def scene_outreach(c: Canvas):
    """A community centre room used for outreach: tall windows onto a park, a folding table with a coffee urn
    and fruit, a noticeboard, chairs set out for a chat and more stacked by the wall."""
    room(c, PAL["honey"], tint(PAL["honey"], 0.55), PAL["wood_light"], PAL["wood"], PAL["linen"])
    for k, x in enumerate((120, 560)):
        window(c, x, 130, 340, 560, PAL["linen"], PAL["sky"], PAL["sky_warm"], "park", panes=(2, 3), seed=30 + k)
        light_shaft(c, x + 18, 148, 304, 524, reach=220, skew=260, strength=45)
    corkboard(c, 1060, 200, 380, 260, seed=31)
    framed_art(c, 1500, 190, 300, 220, "abstract", frame=PAL["charcoal"], mat=PAL["white"])
    bunting(c, 1000, 1900, 90, [PAL["teal"], PAL["terracotta"], PAL["cream"], PAL["sage_dark"]], sag=40)
    # folding table with a cloth, a coffee urn, cups and a fruit bowl
    floor_shadow(c, 1390, FLOOR_Y, 640, 45)
    for lx in (1110, 1650):
        c.line([(lx, 660), (lx + 40, FLOOR_Y)], PAL["charcoal"], 8)
        c.line([(lx + 40, 660), (lx, FLOOR_Y)], PAL["charcoal"], 8)
    c.rect(1070, 640, 640, 24, PAL["white"], r=4)
    c.rect(1070, 652, 640, 70, tint(PAL["terracotta"], 0.25), r=6)
    urn = hexc("B9BDC2")
    c.rect(1120, 520, 110, 122, urn, r=16)
    c.rect(1130, 506, 90, 20, shade(urn, 0.12), r=8)
    c.rect(1165, 494, 20, 14, shade(urn, 0.25), r=5)  # lid knob
    c.rect(1160, 596, 30, 12, PAL["charcoal"], r=3)   # tap
    c.rect(1170, 606, 10, 14, PAL["charcoal"], r=2)
    c.rect(1134, 536, 10, 80, tint(urn, 0.4), r=4)     # a highlight down the side
    for k in range(4):
        c.rect(1270 + k * 46, 604, 34, 38, PAL["white"], r=5)
    for k, col in enumerate((PAL["terracotta"], PAL["mustard"], PAL["leaf_light"], PAL["rust"])):
        c.circle(1515 + k * 30, 600 - (k % 2) * 10, 22, col)
    c.rect(1480, 612, 160, 30, PAL["cream"], r=12)
    # chairs facing each other for a conversation, and a stack of chairs by the wall
    side_chair(c, 470, FLOOR_Y, PAL["terracotta"], facing=1)
    side_chair(c, 760, FLOOR_Y, PAL["mustard"], facing=-1)
    for k in range(4):
        stacking_chair(c, 1750, FLOOR_Y - k * 16, shade(PAL["teal_light"], 0.04 * (3 - k)), shadow=k == 0)
    plant(c, 980, FLOOR_Y, size=1.1, seed=33, kind="tall", pot=PAL["teal"])
    plant(c, 60, FLOOR_Y, size=0.8, seed=34, kind="snake", pot=PAL["cream"])
    rug(c, 640, 975, 760, 110, tint(PAL["mustard"], 0.15), stripe=PAL["terracotta"])
    readability_veil(c, tint(PAL["honey"], 0.55))
    vignette(c)


def arch_pts(x, y, w, h):
    """A doorway-like arch: straight sides with a semicircular top."""
    r = w / 2
    top = [(x + r + r * math.cos(a), y + r - r * math.sin(a)) for a in (math.pi * i / 40 for i in range(41))]
    return [(x + w, y + h)] + top + [(x, y + h)]


def scene_default(c: Canvas):
    """A neutral, calm lounge that suits any scenario: window light, sofa, lamp, plants."""
    room(c, PAL["oat"], PAL["cream"], PAL["wood_light"], PAL["wood"], PAL["linen"])
    c.poly(arch_pts(620, 180, 700, FLOOR_Y - 22 - 180), tint(PAL["blush"], 0.45))  # a soft arch behind the sofa
    window(c, 1440, 170, 380, 480, PAL["linen"], PAL["sky"], PAL["sky_warm"], "trees", seed=40)
    light_shaft(c, 1458, 188, 344, 444, reach=260, skew=-300, strength=50)
    framed_art(c, 760, 300, 190, 150, "leaf")
    framed_art(c, 990, 300, 190, 150, "sea")
    sofa(c, 690, FLOOR_Y, PAL["sage_dark"])
    side_table(c, 1300, FLOOR_Y)
    c.rect(1338, 626, 54, 64, PAL["terracotta"], r=10)  # a vase with two leaves on the side table
    c.poly(leaf_pts(1365, 630, -math.pi / 2 - 0.35, 90, 40), PAL["leaf"])
    c.poly(leaf_pts(1365, 630, -math.pi / 2 + 0.35, 80, 36), PAL["leaf_light"])
    floor_lamp(c, 520, FLOOR_Y, PAL["honey"])
    plant(c, 260, FLOOR_Y, size=1.1, seed=41, kind="tall")
    plant(c, 1780, FLOOR_Y, size=0.9, seed=42, kind="leafy", pot=PAL["cream"])
    rug(c, 980, 975, 980, 120, PAL["apricot"], stripe=PAL["cream"])
    readability_veil(c, PAL["cream"])
    vignette(c)


BACKGROUNDS = {
    "office": scene_office,
    "clinic": scene_clinic,
    "drop-in": scene_drop_in,
    "outreach": scene_outreach,
    "default": scene_default,
}

# ==============================================================================================================
# PORTRAITS
# Head and shoulders, front-on, a calm neutral expression. Design space 512x640, figure centred on x=256.
# Drawing order (back to front): hair behind the head, clothing (body, neck opening, collars), hair over the
# shoulders, ears, face, facial hair, hair on the head, accessories.
# ==============================================================================================================

CX = 256          # the figure's centre line
HEAD_CY = 250     # centre of the head's ellipse
NECK_BASE = 404   # where the neck meets the shoulders (the top edge of the clothing)

# Face layout as offsets from HEAD_CY, after classic proportions: the eyes sit on the head's midline and the face
# divides into roughly equal thirds (hairline-brow, brow-nose base, nose base-chin).
EYE_DY, BROW_DY, NOSE_DY, MOUTH_DY = 8, -20, 48, 76
EYE_DX = 36


@dataclass
class Person:
    name: str
    skin: Color
    hair: Color
    eyes: Color = hexc("2B1F1A")
    hair_style: str = "short"
    facial_hair: str = ""          # "", "stubble", "moustache", "beard"
    clothing: str = "tee"
    clothes: Color = PAL["teal"]
    clothes2: Color = PAL["cream"]  # a second colour: the top underneath, plaid lines, a cap
    head_rx: float = 86
    head_ry: float = 110
    jaw: float = 0.22               # how much the face narrows towards the chin
    square: float = 2.0             # >2 gives a firmer, squarer jaw
    age_lines: int = 0              # 0 none, 1 a few (50s), 2 more (60s)
    brow_color: Color | None = None
    lips: Color | None = None
    extras: tuple = ()              # e.g. ("earrings",)


def skin_tones(p: Person):
    """Base, shadow and deep shadow. Shadows multiply the colour with a warm bias, so they stay visible and
    natural on every skin tone (mixing towards one fixed dark colour washes out on deep skin)."""
    r, g, b = p.skin
    mid = (round(r * 0.88), round(g * 0.80), round(b * 0.78))
    dark = (round(r * 0.74), round(g * 0.62), round(b * 0.60))
    return p.skin, mid, dark


def darker(c: Color, f: float) -> Color:
    """Multiplicative darkening, used for clothing folds (keeps the hue)."""
    return tuple(round(v * f) for v in c)


def head_shape(p: Person, dx=0.0, dy=0.0):
    return head_pts(CX + dx, HEAD_CY + dy, p.head_rx, p.head_ry, p.jaw, p.square)


def mirror(pts):
    return [(2 * CX - x, y) for x, y in pts]


def face_half_width(p: Person, dy):
    """Half the width of the head outline at height HEAD_CY + dy (same curve as head_pts)."""
    yy = max(-1.0, min(1.0, dy / p.head_ry))
    if yy <= 0:
        return p.head_rx * math.sqrt(1 - yy * yy)
    s = yy ** (p.square / 2)                      # |sin t| for this height on the superellipse
    return p.head_rx * (1 - s * s) ** (1 / p.square) * (1 - p.jaw * yy * yy)


def side_band(p: Person, dy0, dy1, out, inn, wobble=0.0, taper=True, n=14):
    """A band of hair along the right side of the head, from HEAD_CY+dy0 down to HEAD_CY+dy1, reaching `out`
    beyond the head outline and `inn` inside it (mirror() it for the left side). Used for sideburns and fringes."""
    outer, inner = [], []
    for i in range(n + 1):
        dy = dy0 + (dy1 - dy0) * i / n
        w = face_half_width(p, dy)
        t = math.sin(math.pi * i / n) ** 0.6 if taper else 1.0
        outer.append((CX + w + out * t + wobble * math.sin(i * 2.3) * t, HEAD_CY + dy))
        inner.append((CX + w - inn * t, HEAD_CY + dy))
    return outer + inner[::-1]


# ---- body, neck, head -----------------------------------------------------------------------------------------

def body_pts():
    """Shoulders and chest: sloping trapezius from the neck, round shoulders, arms falling out of frame."""
    y = NECK_BASE
    left = path((CX - 56, y), ((CX - 110, y + 6), (CX - 186, y + 12), (CX - 208, y + 64)),
                ((CX - 222, y + 100), (CX - 232, 560), (CX - 238, 660)))
    return left + mirror(left)[::-1]


def arm_shading(c: Canvas, body, col):
    """The arms hang beside the chest: a slightly darker crescent with a crisp inner edge makes the shoulders read
    as round without any outline."""
    with c.group(clip=body) as g:
        for side in (-1, 1):
            edge = path((CX + side * 214, NECK_BASE + 72),
                        ((CX + side * 190, NECK_BASE + 92), (CX + side * 168, 560), (CX + side * 166, 660)), n=20)
            g.poly(edge + [(CX + side * 280, 660), (CX + side * 280, NECK_BASE + 60)], darker(col, 0.9))


def neck_pts(p: Person, neckline_y, opening, depth, v=False):
    """The neck plus the skin showing at the neckline: a column that widens into a U (or V) opening."""
    nw = p.head_rx * 0.47
    y0 = HEAD_CY + 40
    pts = [(CX - nw, y0), (CX + nw, y0), (CX + nw * 1.03, NECK_BASE - 6), (CX + opening, neckline_y)]
    if v:
        pts.append((CX, neckline_y + depth))
    else:
        pts += bezier((CX + opening, neckline_y), (CX + opening * 0.75, neckline_y + depth * 1.33),
                      (CX - opening * 0.75, neckline_y + depth * 1.33), (CX - opening, neckline_y), n=24)[:-1]
    pts += [(CX - opening, neckline_y), (CX - nw * 1.03, NECK_BASE - 6)]
    return pts


def draw_neck(c: Canvas, p: Person, neckline_y, opening, depth, v=False):
    skin, mid, _ = skin_tones(p)
    pts = neck_pts(p, neckline_y, opening, depth, v)
    c.poly(pts, skin)
    with c.group(clip=pts) as g:  # the jaw's shadow on the neck: the head outline moved down, clipped to the neck
        g.poly(head_shape(p, dy=20), mid)
    return pts


def draw_ears(c: Canvas, p: Person):
    skin, mid, _ = skin_tones(p)
    for side in (-1, 1):
        ex = CX + side * (p.head_rx - 4)
        c.ellipse(ex, HEAD_CY + 16, 18, 28, skin)
        c.ellipse(ex + side * 3, HEAD_CY + 16, 9, 16, mid)


def draw_head(c: Canvas, p: Person):
    skin, mid, _ = skin_tones(p)
    hs = head_shape(p)
    c.poly(hs, skin)
    # gentle light from the left (the window side in most settings): a soft crescent of shadow on the right cheek
    with c.group(alpha=110, clip=hs) as g:
        g.poly(hs, mid)
        g.poly(head_shape(p, dx=-12, dy=-4), skin)


def draw_features(c: Canvas, p: Person):
    skin, mid, dark = skin_tones(p)
    hs = head_shape(p)
    ey = HEAD_CY + EYE_DY
    brow = p.brow_color or darker(p.hair, 0.9)
    r, g_, b = skin
    blush = (min(255, round(r * 1.04)), round(g_ * 0.84), round(b * 0.86))  # a redder version of the skin itself
    with c.group(alpha=44, clip=hs) as g:  # faint warmth on the cheeks
        for side in (-1, 1):
            g.ellipse(CX + side * 50, ey + 34, 22, 13, blush)
    for side in (-1, 1):
        x = CX + side * EYE_DX
        # eyes: dark ovals with a catch-light, and an upper lid line hugging the top: calm and attentive
        c.ellipse(x, ey, 8.5, 9.5, p.eyes)
        c.circle(x + 2.6, ey - 3.2, 2.5, (255, 255, 255))
        c.line(path((x - 11, ey - 2), ((x - 7, ey - 11), (x + 6, ey - 12), (x + 11, ey - 4)), n=10), dark, 2.2)
        if p.age_lines:
            c.line(path((x - 9, ey + 14), ((x - 4, ey + 17), (x + 4, ey + 17), (x + 9, ey + 14)), n=8), mid, 1.8)
        # brows: a tapered arc whose inner end sits slightly low: relaxed, neither frowning nor surprised
        by = HEAD_CY + BROW_DY
        x0, x1 = x - side * 17, x + side * 20
        upper = path((x0, by + 3), ((x0 + side * 8, by - 6), (x1 - side * 14, by - 8), (x1, by + 1)), n=10)
        lower = path((x1, by + 1), ((x1 - side * 14, by - 2), (x0 + side * 8, by + 2), (x0, by + 9)), n=10)
        c.poly(upper + lower, brow)
    # nose: a faint shadow down one side and a crescent under the tip; no outline
    ny = HEAD_CY + NOSE_DY
    bridge = path((CX - 5, ey + 2), ((CX - 9, ey + 16), (CX - 13, ny - 14), (CX - 15, ny - 4)), n=10) + \
        path((CX - 15, ny - 4), ((CX - 10, ny - 10), (CX - 5, ey + 18), (CX - 1, ey + 2)), n=10)
    c.poly(bridge, mix(skin, mid, 0.8))
    c.ellipse(CX, ny + 3, 16, 7.5, mid)
    c.ellipse(CX, ny - 1, 16.5, 7.5, skin)
    # mouth: a calm line with the corners barely lifted, and a soft shadow under the lower lip
    my = HEAD_CY + MOUTH_DY
    lip = p.lips or mix(dark, PAL["rose"], 0.2)
    c.line(path((CX - 21, my - 1), ((CX - 9, my + 3), (CX + 9, my + 3), (CX + 21, my - 1)), n=12), lip, 3.2)
    c.ellipse(CX, my + 10, 11, 3.2, mix(skin, mid, 0.7))
    if p.age_lines:  # smile lines
        for side in (-1, 1):
            c.line(path((CX + side * 28, ny - 8), ((CX + side * 38, ny + 4), (CX + side * 38, my - 6), (CX + side * 32, my + 8)), n=10),
                   mix(skin, mid, 0.85), 2.2)
    if p.age_lines >= 2:  # forehead lines
        for k in range(2):
            fy = HEAD_CY - 58 + k * 13
            c.line(path((CX - 32, fy + 2), ((CX - 12, fy - 3), (CX + 12, fy - 3), (CX + 32, fy + 2)), n=10),
                   mix(skin, mid, 0.85), 2)


def draw_facial_hair(c: Canvas, p: Person):
    hs = head_shape(p)
    my = HEAD_CY + MOUTH_DY
    rx = p.head_rx
    if p.facial_hair == "stubble":
        # a translucent shadow over jaw, chin and upper lip; a crisp edge reads as deliberate, not as dirt
        area = path((CX - rx - 4, HEAD_CY + 8),
                    ((CX - rx + 20, HEAD_CY + 40), (CX - 50, HEAD_CY + 50), (CX - 34, my - 16)),
                    ((CX - 20, my - 13), (CX + 20, my - 13), (CX + 34, my - 16)),
                    ((CX + 50, HEAD_CY + 50), (CX + rx - 20, HEAD_CY + 40), (CX + rx + 4, HEAD_CY + 8)), n=12)
        area += [(CX + rx + 4, HEAD_CY + 200), (CX - rx - 4, HEAD_CY + 200)]
        with c.group(alpha=62, clip=hs) as g:
            g.poly(area, p.hair)
        lip = p.lips or mix(skin_tones(p)[2], PAL["rose"], 0.2)
        c.line(path((CX - 21, my - 1), ((CX - 9, my + 3), (CX + 9, my + 3), (CX + 21, my - 1)), n=12), darker(lip, 0.85), 3.2)
    elif p.facial_hair == "moustache":
        c.poly(moustache_pts(my, 36), p.hair)
    elif p.facial_hair == "beard":
        # a full, neat beard: along the jaw from ear to ear, rising to the cheekbones, the mouth left open
        outer = head_pts(CX, HEAD_CY + 8, rx + 3, p.head_ry + 12, p.jaw, p.square + 0.2, n=160)
        outer = [q for q in outer if q[1] > HEAD_CY + 6]  # lower half, right to left through the chin
        cheek_line = path((CX - rx + 2, HEAD_CY + 8),
                          ((CX - rx + 22, HEAD_CY + 34), (CX - 54, HEAD_CY + 44), (CX - 40, my - 18)),
                          ((CX - 20, my - 22), (CX + 20, my - 22), (CX + 40, my - 18)),
                          ((CX + 54, HEAD_CY + 44), (CX + rx - 22, HEAD_CY + 34), (CX + rx - 2, HEAD_CY + 8)), n=14)
        beard = cheek_line + outer  # left to right across the cheeks, back right to left under the chin
        c.poly(beard, p.hair)
        with c.group(alpha=70, clip=beard) as g:  # a little texture: lighter strands
            for k in range(-5, 6):
                g.line([(CX + k * 14, my + 14), (CX + k * 17, my + 44)], tint(p.hair, 0.12), 3)
        lip = p.lips or mix(skin_tones(p)[2], PAL["rose"], 0.25)
        c.ellipse(CX, my + 7, 16, 6.5, lip)                         # lower lip showing through the beard
        c.poly(moustache_pts(my, 38), p.hair)
        c.line(path((CX - 18, my + 1), ((CX - 8, my + 3), (CX + 8, my + 3), (CX + 18, my + 1)), n=10), darker(p.hair, 0.6), 2.6)


def moustache_pts(my, w):
    return (path((CX - w, my + 3), ((CX - w + 4, my - 17), (CX - 12, my - 20), (CX, my - 13)), n=10)
            + path((CX, my - 13), ((CX + 12, my - 20), (CX + w - 4, my - 17), (CX + w, my + 3)), n=10)
            + path((CX + w, my + 3), ((CX + 20, my - 4), (CX - 20, my - 4), (CX - w, my + 3)), n=10))


# ---- hair -----------------------------------------------------------------------------------------------------

def skull_arc(p: Person, grow_x, grow_top, y_side, n=48):
    """Outer edge of a hairstyle: the top half of an ellipse around the skull (grown by grow_x / grow_top),
    running from y_side on the left, over the crown, down to y_side on the right."""
    rx, ry = p.head_rx + grow_x, p.head_ry + grow_top
    arc = [(CX + rx * math.cos(a), HEAD_CY + ry * math.sin(a))
           for a in (math.pi + math.pi * i / n for i in range(n + 1))]
    arc = [q for q in arc if q[1] <= y_side]  # a cap that ends above the equator must not run down the sides
    return [(CX - rx, y_side)] + arc + [(CX + rx, y_side)]


def hairline(p: Person, temple_y, centre_y, sideburn_y=16, temple_in=14, dip=0):
    """Inner edge of short hair, right to left: down the right sideburn, up to the temple, across the forehead
    (centre_y; a positive `dip` makes a small widow's peak), down to the left sideburn."""
    rx = p.head_rx
    right = path((CX + rx - 12, HEAD_CY + sideburn_y),
                 ((CX + rx - 12, HEAD_CY), (CX + rx - temple_in, temple_y + 14), (CX + rx - temple_in - 8, temple_y)),
                 ((CX + 52, centre_y + 2), (CX + 24, centre_y + dip), (CX, centre_y + dip)), n=16)
    return [(CX + rx + 3, HEAD_CY + sideburn_y)] + right + mirror(right)[::-1][1:] + [(CX - rx - 3, HEAD_CY + sideburn_y)]


def draw_hair(c: Canvas, p: Person, pts, color=None, shadow=True):
    """Fill a hair shape, first casting a soft shadow of it onto the forehead (the flat-style cue that hair has
    volume)."""
    if shadow:
        with c.group(alpha=90, clip=head_shape(p)) as g:
            g.poly([(x, y + 7) for x, y in pts], skin_tones(p)[2])
    c.poly(pts, color or p.hair)


def hair_back(c: Canvas, p: Person):
    """Hair that sits behind the head and the shoulders (drawn before the body)."""
    rx = p.head_rx
    if p.hair_style == "wavy_long":
        top = HEAD_CY - p.head_ry
        left = path((CX, top - 20), ((CX - 80, top - 22), (CX - rx - 40, top + 20), (CX - rx - 42, HEAD_CY)),
                    ((CX - rx - 48, HEAD_CY + 50), (CX - rx - 18, HEAD_CY + 90), (CX - rx - 36, HEAD_CY + 140)),
                    ((CX - rx - 54, HEAD_CY + 190), (CX - rx - 16, HEAD_CY + 240), (CX - rx - 30, HEAD_CY + 280)), n=20)
        c.poly(left + mirror(left)[::-1], p.hair)
    elif p.hair_style == "braids":
        # the mass of braids behind the head, falling to the shoulders
        c.poly(skull_arc(p, 20, 16, HEAD_CY)[1:-1] + [(CX + rx + 30, 440), (CX - rx - 30, 440)], p.hair)
    elif p.hair_style == "bun":
        # renee: hair pulled up into a bun on the crown, sitting behind the top of the head
        top = HEAD_CY - p.head_ry
        c.circle(CX + 14, top - 16, 46, p.hair)
        with c.group(clip=ellipse_pts(CX + 14, top - 16, 46, 46)) as g:  # the twist of the bun
            for k in range(3):
                g.line(path((CX - 30 + k * 10, top - 30 + k * 16), ((CX, top - 60 + k * 14), (CX + 40, top - 52 + k * 12),
                                                                       (CX + 56, top - 20 + k * 10)), n=14), tint(p.hair, 0.14), 3)
    elif p.hair_style == "bald_fringe":
        # white hair round the back of the head shows beyond the outline, behind and above the ears
        band = side_band(p, -62, 34, 30, 30, wobble=4)
        strands = [tapered(path((CX + rx + 4 + k * 5, HEAD_CY - 46 + k * 6),
                                ((CX + rx + 16 + k * 4, HEAD_CY - 20), (CX + rx + 14 + k * 3, HEAD_CY + 4),
                                 (CX + rx + 6 + k * 4, HEAD_CY + 26)), n=10), 4) for k in range(3)]
        for flip in (False, True):
            shape = mirror(band) if flip else band
            c.poly(shape, p.hair)
            with c.group(clip=shape) as g:  # a few darker strands, so it reads as hair and not as a flat shape
                for st in strands:
                    g.poly(mirror(st) if flip else st, darker(p.hair, 0.88))


def braid(c: Canvas, pts, color, width=13):
    """One braid: a rope along `pts` with short diagonal ticks, alternating, so it reads as plaited."""
    c.line(pts, color, width)
    light = tint(color, 0.16)
    dist = 0.0
    k = 0
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        seg = math.hypot(bx - ax, by - ay)
        while dist <= seg:
            t = dist / seg if seg else 0
            x, y = ax + (bx - ax) * t, ay + (by - ay) * t
            s = 1 if k % 2 else -1
            c.line([(x - s * width * 0.32, y - width * 0.28), (x + s * width * 0.32, y + width * 0.28)], light, 2.2)
            k += 1
            dist += width * 0.8
        dist -= seg


def hair_over_shoulders(c: Canvas, p: Person):
    """Long hair in front of the shoulders (drawn after the clothing, before the face, so the face covers
    where it starts)."""
    rx = p.head_rx
    if p.hair_style == "wavy_long":
        # a lock of wavy hair falling over each shoulder: smooth S-curves, a rounded end
        right = path((CX + rx - 6, HEAD_CY + 30),
                     ((CX + rx + 34, HEAD_CY + 36), (CX + rx + 58, HEAD_CY + 80), (CX + rx + 38, HEAD_CY + 126)),
                     ((CX + rx + 18, HEAD_CY + 170), (CX + rx + 60, HEAD_CY + 206), (CX + rx + 42, HEAD_CY + 256)),
                     ((CX + rx + 34, HEAD_CY + 290), (CX + rx + 12, HEAD_CY + 302), (CX + rx - 2, HEAD_CY + 290)),
                     ((CX + rx - 16, HEAD_CY + 296), (CX + rx - 38, HEAD_CY + 280), (CX + rx - 26, HEAD_CY + 236)),
                     ((CX + rx - 14, HEAD_CY + 196), (CX + rx - 46, HEAD_CY + 166), (CX + rx - 28, HEAD_CY + 120)),
                     ((CX + rx - 18, HEAD_CY + 90), (CX + rx - 14, HEAD_CY + 60), (CX + rx - 6, HEAD_CY + 30)), n=16)
        sheen = path((CX + rx + 12, HEAD_CY + 56), ((CX + rx + 40, HEAD_CY + 96), (CX + rx - 6, HEAD_CY + 150), (CX + rx + 14, HEAD_CY + 196)),
                     ((CX + rx + 30, HEAD_CY + 230), (CX + rx + 12, HEAD_CY + 262), (CX + rx + 8, HEAD_CY + 280)), n=16)
        for lock, hl in ((right, sheen), (mirror(right), mirror(sheen))):
            c.poly(lock, p.hair)
            with c.group(clip=lock) as g:
                g.poly(tapered(hl, 12), tint(p.hair, 0.1))
    elif p.hair_style == "braids":
        for side in (-1, 1):
            for k in range(7):
                x0, y0 = CX + side * (rx - 26 + k * 6), HEAD_CY - 72 + k * 9         # starts hidden behind the head
                xm = CX + side * (rx + 6 + k * 9)                                     # passes beside the face
                x1 = CX + side * (rx + 4 + k * 12)                                    # falls over the shoulder
                y1 = 480 + (k * 37) % 70 + (24 if side > 0 else 0)
                braid(c, path((x0, y0), ((xm, y0 + 10), (xm, HEAD_CY + 60), (x1, y1)), n=28), p.hair)


def hair_front(c: Canvas, p: Person):
    """Hair on the head, drawn over the face."""
    rx, ry = p.head_rx, p.head_ry
    top = HEAD_CY - ry
    hl = tint(p.hair, 0.12)
    style = p.hair_style
    if style == "short":  # ray: neat short crop
        pts = skull_arc(p, 6, 14, HEAD_CY + 4) + hairline(p, HEAD_CY - 44, HEAD_CY - 76)
        draw_hair(c, p, pts)
        with c.group(clip=pts) as g:  # a soft sheen on the crown
            g.ellipse(CX - 24, top + 4, 52, 16, hl, angle=-0.12)
    elif style == "short_receding":  # dale: short, side-parted, a little higher at the temples, grey at the sides
        pts = skull_arc(p, 6, 12, HEAD_CY + 2) + hairline(p, HEAD_CY - 54, HEAD_CY - 78, temple_in=22, dip=6)
        draw_hair(c, p, pts)
        with c.group(clip=pts) as g:
            for side in (-1, 1):  # greying at the temples
                g.ellipse(CX + side * (rx + 4), HEAD_CY - 4, 22, 46, mix(p.hair, PAL["grey"], 0.45))
            g.line(path((CX - 34, HEAD_CY - 78), ((CX - 36, top + 30), (CX - 40, top + 10), (CX - 44, top - 20)), n=10), hl, 3)
    elif style == "braids":  # tasha: hair parted into sections and braided back
        pts = skull_arc(p, 8, 14, HEAD_CY + 2) + hairline(p, HEAD_CY - 46, HEAD_CY - 74, temple_in=12)
        draw_hair(c, p, pts)
        with c.group(clip=pts) as g:  # partings sweeping back over the crown
            for k in range(-4, 5):
                x0 = CX + k * 20
                g.line(path((x0, HEAD_CY - 70), ((x0 + k * 4, top + 30), (x0 + k * 10, top), (x0 + k * 16, top - 30)), n=12),
                       tint(p.hair, 0.16), 2.4)
    elif style == "grey_short":  # denise: a soft short cut with volume on top, a swept fringe, lighter streaks
        outer = path((CX - rx - 2, HEAD_CY + 46),
                     ((CX - rx - 20, HEAD_CY + 24), (CX - rx - 24, HEAD_CY - 20), (CX - rx - 18, HEAD_CY - 52)),
                     ((CX - rx - 10, top - 8), (CX - 40, top - 30), (CX + 10, top - 27)),
                     ((CX + 60, top - 24), (CX + rx + 22, top), (CX + rx + 20, HEAD_CY - 40)),
                     ((CX + rx + 24, HEAD_CY - 10), (CX + rx + 20, HEAD_CY + 26), (CX + rx + 2, HEAD_CY + 46)), n=16)
        inner = path((CX + rx + 2, HEAD_CY + 46),
                     ((CX + rx - 8, HEAD_CY + 30), (CX + rx - 6, HEAD_CY - 10), (CX + rx - 14, HEAD_CY - 40)),
                     ((CX + 34, HEAD_CY - 36), (CX - 10, HEAD_CY - 58), (CX - 50, HEAD_CY - 70)),
                     ((CX - rx + 14, HEAD_CY - 62), (CX - rx + 4, HEAD_CY - 30), (CX - rx + 6, HEAD_CY + 10)),
                     ((CX - rx + 6, HEAD_CY + 30), (CX - rx + 4, HEAD_CY + 40), (CX - rx - 2, HEAD_CY + 46)), n=16)
        pts = outer + inner
        draw_hair(c, p, pts)
        light = hexc("CFC9C1")
        with c.group(alpha=190, clip=pts) as g:
            # grey streaks: tapered strands sweeping from the crown into the fringe, as the hair is combed
            for x0, w, bend in ((-78, 9, 60), (-50, 13, 70), (-16, 8, 74), (14, 12, 70), (46, 9, 56), (70, 7, 40)):
                g.poly(tapered(path((CX + x0, top - 24), ((CX + x0 + bend * 0.3, top + 6), (CX + x0 + bend * 0.7, HEAD_CY - 82),
                                                           (CX + x0 + bend, HEAD_CY - 50)), n=16), w), light)
            for side, x0 in ((-1, -rx - 16), (1, rx + 14)):
                g.poly(tapered(path((CX + x0, HEAD_CY - 54), ((CX + x0 + side * 6, HEAD_CY - 20), (CX + x0 + side * 4, HEAD_CY + 10),
                                                              (CX + x0 - side * 4, HEAD_CY + 44)), n=12), 8), light)
    elif style == "wavy_long":  # carmen: side part, waves framing the face
        right = path((CX - 14, top - 14),
                     ((CX + 50, top - 16), (CX + rx + 28, top + 20), (CX + rx + 20, HEAD_CY + 10)),
                     ((CX + rx + 8, HEAD_CY + 50), (CX + rx + 2, HEAD_CY + 70), (CX + rx - 4, HEAD_CY + 80)),
                     ((CX + rx - 12, HEAD_CY + 30), (CX + rx - 8, HEAD_CY - 30), (CX + 40, HEAD_CY - 62)),
                     ((CX + 20, HEAD_CY - 74), (CX, HEAD_CY - 82), (CX - 14, top - 14)), n=16)
        left = path((CX - 14, top - 14),
                    ((CX - 60, top - 12), (CX - rx - 26, top + 20), (CX - rx - 20, HEAD_CY + 10)),
                    ((CX - rx - 8, HEAD_CY + 50), (CX - rx - 2, HEAD_CY + 70), (CX - rx + 4, HEAD_CY + 80)),
                    ((CX - rx + 10, HEAD_CY + 30), (CX - rx + 6, HEAD_CY - 40), (CX - 40, HEAD_CY - 66)),
                    ((CX - 30, HEAD_CY - 72), (CX - 20, HEAD_CY - 80), (CX - 14, top - 14)), n=16)
        draw_hair(c, p, right)
        draw_hair(c, p, left)
        for lock, side in ((right, 1), (left, -1)):
            with c.group(clip=lock) as g:  # sheen following the wave of the hair
                g.poly(tapered(path((CX + side * 30, top - 2), ((CX + side * 70, top + 4), (CX + side * (rx + 8), HEAD_CY - 60),
                                                                  (CX + side * (rx + 10), HEAD_CY)), n=16), 12), tint(p.hair, 0.1))
    elif style == "bald_fringe":  # walt: bald crown, white hair at the sides above the ears
        tuft = side_band(p, -50, -14, 8, 8, wobble=2)  # small tufts in front, where the fringe meets the temples
        draw_hair(c, p, tuft)
        draw_hair(c, p, mirror(tuft))
        with c.group(alpha=70, clip=head_shape(p)) as g:  # soft light on the scalp
            g.ellipse(CX - 22, top + 26, 40, 16, tint(p.skin, 0.5), angle=-0.25)
    elif style == "bun":  # renee: hair pulled back off the face, a centre-left part, a few loose strands
        pts = skull_arc(p, 5, 10, HEAD_CY - 10) + hairline(p, HEAD_CY - 40, HEAD_CY - 80, sideburn_y=-6, temple_in=10)
        draw_hair(c, p, pts)
        with c.group(clip=pts) as g:  # combed-back lines towards the bun, and a little grey
            for k in range(-5, 6):
                g.line(path((CX + k * 16, HEAD_CY - 76), ((CX + k * 14, top + 30), (CX + k * 8 + 10, top + 6), (CX + 14, top - 10)), n=12),
                       tint(p.hair, 0.12), 2.2)
        for side in (-1, 1):  # a short loose wisp at each temple, after a night shift
            c.poly(tapered(path((CX + side * (rx - 16), HEAD_CY - 46), ((CX + side * (rx - 6), HEAD_CY - 30), (CX + side * (rx - 14), HEAD_CY - 14),
                                                                          (CX + side * (rx - 8), HEAD_CY)), n=12), 5), p.hair)
    elif style == "curly":  # theo: short sides, a mop of curls on top
        pts = skull_arc(p, 6, 18, HEAD_CY - 6) + hairline(p, HEAD_CY - 46, HEAD_CY - 72, sideburn_y=8, temple_in=16)
        draw_hair(c, p, pts)
        rng = random.Random(20)
        curls = []
        for k in range(15):  # curls along the crown, bigger in the middle, a couple falling on the forehead
            a = math.pi + math.pi * (k + 0.5) / 15
            r = 20 + 10 * math.sin(math.pi * (k + 0.5) / 15)
            curls.append((CX + (rx + 2) * math.cos(a) + rng.uniform(-4, 4), HEAD_CY - 8 + (ry + 12) * math.sin(a) + rng.uniform(-4, 4), r))
        curls += [(CX - 30, HEAD_CY - 78, 20), (CX + 6, HEAD_CY - 84, 22), (CX + 40, HEAD_CY - 74, 18), (CX - 58, HEAD_CY - 64, 15)]
        for x, y, r in curls:
            c.circle(x, y, r, p.hair)
        for x, y, r in curls:  # a light ring in each curl, so they read as curls
            c.line(ellipse_pts(x - r * 0.15, y - r * 0.15, r * 0.55, r * 0.55, n=20)[4:16], tint(p.hair, 0.16), 2.4)
    elif style == "cap":  # eli: a knit cap with a folded cuff; dark hair shows at the temples
        burn = side_band(p, -50, 14, 3, 14, taper=False)  # sideburns joining the beard
        c.poly(burn, p.hair)
        c.poly(mirror(burn), p.hair)
        cap = p.clothes2
        dome = skull_arc(p, 10, 30, HEAD_CY - 50)
        with c.group(alpha=90, clip=head_shape(p)) as g:
            g.rect(CX - rx - 20, HEAD_CY - 60, 2 * rx + 40, 18, skin_tones(p)[2])
        c.poly(dome, cap)
        with c.group(clip=dome) as g:  # the knit's ribs, converging towards the crown
            for k in range(-7, 8):
                g.line([(CX + k * 15, HEAD_CY - 50), (CX + k * 9, top - 40)], darker(cap, 0.9), 5)
        cuff = rounded_rect_pts(CX - rx - 14, HEAD_CY - 86, 2 * rx + 28, 44, 18)
        c.poly(cuff, tint(cap, 0.05))
        with c.group(clip=cuff) as g:
            for k in range(-11, 12):
                g.line([(CX + k * 9, HEAD_CY - 90), (CX + k * 9, HEAD_CY - 40)], darker(cap, 0.92), 4)


# ---- clothing -------------------------------------------------------------------------------------------------

NB = NECK_BASE


def clothing(c: Canvas, p: Person):
    body = body_pts()
    col = p.clothes
    style = p.clothing
    c.poly(body, col)
    if style == "silhouette":
        draw_neck(c, p, NB + 10, 46, 16)
        return
    arm_shading(c, body, col)
    if style == "hoodie":
        hood = path((CX - 120, NB + 52), ((CX - 130, NB - 8), (CX - 70, NB - 30), (CX, NB - 26)),
                    ((CX + 70, NB - 30), (CX + 130, NB - 8), (CX + 120, NB + 52))) + \
            path((CX + 120, NB + 52), ((CX + 80, NB + 84), (CX - 80, NB + 84), (CX - 120, NB + 52)))[1:]
        c.poly(hood, darker(col, 0.84))
        c.poly(path((CX - 104, NB + 40), ((CX - 110, NB), (CX - 60, NB - 14), (CX, NB - 12)),
                    ((CX + 60, NB - 14), (CX + 110, NB), (CX + 104, NB + 40))), darker(col, 0.74))  # inside of the hood
        draw_neck(c, p, NB + 26, 50, 28)
        c.line(bezier((CX - 52, NB + 24), (CX - 40, NB + 66), (CX + 40, NB + 66), (CX + 52, NB + 24), n=24), darker(col, 0.92), 12)
        for side in (-1, 1):  # drawstrings with metal tips
            c.line([(CX + side * 30, NB + 62), (CX + side * 34, NB + 170)], PAL["linen"], 5)
            c.rect(CX + side * 34 - 4, NB + 166, 8, 16, PAL["grey"], r=3)
    elif style == "flannel":
        with c.group(clip=body) as g:  # plaid: dark bands both ways, thin light lines
            for k in range(-6, 7):
                x = CX + k * 56
                g.rect(x, 330, 22, 360, darker(col, 0.72))
                g.rect(x + 34, 330, 4, 360, mix(col, p.clothes2, 0.6))
            for k in range(7):
                y = NB - 20 + k * 56
                g.rect(0, y, 512, 22, darker(col, 0.72))
                g.rect(0, y + 34, 512, 4, mix(col, p.clothes2, 0.6))
        with c.group(alpha=110, clip=body) as g:  # where dark bands cross it is darker still, as in woven plaid
            for k in range(-6, 7):
                for j in range(7):
                    g.rect(CX + k * 56, NB - 20 + j * 56, 22, 22, darker(col, 0.45))
        arm_shading(c, body, col)
        c.poly([(CX - 46, NB + 20), (CX + 46, NB + 20), (CX, NB + 110)], hexc("9AA0A6"))  # t-shirt in the open collar
        draw_neck(c, p, NB + 18, 40, 22)
        c.line(bezier((CX - 41, NB + 16), (CX - 30, NB + 48), (CX + 30, NB + 48), (CX + 41, NB + 16), n=20), hexc("8A9096"), 6)
        for side in (-1, 1):  # collar points, then the open front edges
            c.poly([(CX + side * 36, NB + 110), (CX + side * 54, NB + 40), (CX + side * 30, 660), (CX + side * 4, 660)], darker(col, 0.96))
            c.poly([(CX + side * 44, NB - 10), (CX + side * 100, NB + 12), (CX + side * 68, NB + 92), (CX + side * 16, NB + 80),
                    (CX + side * 50, NB + 30)], darker(col, 0.92))
            c.poly([(CX + side * 44, NB - 10), (CX + side * 56, NB - 6), (CX + side * 54, NB + 30), (CX + side * 50, NB + 30)], darker(col, 0.6))
        for k in range(3):
            c.circle(CX - 14, NB + 130 + k * 46, 4.5, tint(col, 0.55))
    elif style == "denim":
        c.poly([(CX - 84, NB + 20), (CX + 84, NB + 20), (CX + 70, 660), (CX - 70, 660)], p.clothes2)  # top underneath
        draw_neck(c, p, NB + 30, 50, 26)
        seam = tint(col, 0.4)
        for side in (-1, 1):
            # collar turned down and lapels folding back to the open front
            lapel = [(CX + side * 68, NB - 8), (CX + side * 128, NB + 16), (CX + side * 100, NB + 110), (CX + side * 74, 660),
                     (CX + side * 62, 660), (CX + side * 60, NB + 60)]
            c.poly(lapel, darker(col, 0.92))
            c.poly([(CX + side * 68, NB - 8), (CX + side * 128, NB + 16), (CX + side * 120, NB + 34), (CX + side * 72, NB + 14)], darker(col, 0.78))
            px = CX + side * 152  # chest pocket with a pointed flap and a copper button
            c.rect(px - 36, NB + 120, 72, 74, darker(col, 0.96), r=6)
            c.poly([(px - 40, NB + 110), (px + 40, NB + 110), (px + 40, NB + 132), (px, NB + 144), (px - 40, NB + 132)], darker(col, 0.88))
            c.circle(px, NB + 130, 5, hexc("C88A4A"))
            c.line([(CX + side * 206, NB + 88), (CX + side * 104, NB + 92)], seam, 2)  # yoke seam
            c.line([(CX + side * 80, NB + 130), (CX + side * 82, 660)], seam, 2)
    elif style == "cardigan":
        with c.group(alpha=90, clip=body) as g:  # knit texture: faint vertical ribs
            for k in range(-22, 23):
                g.line([(CX + k * 11, NB - 10), (CX + k * 11, 660)], darker(col, 0.9), 2)
        c.poly([(CX - 94, NB + 20), (CX + 94, NB + 20), (CX + 34, 660), (CX - 34, 660)], p.clothes2)  # blouse
        draw_neck(c, p, NB + 30, 58, 30)
        c.line(bezier((CX - 58, NB + 28), (CX - 44, NB + 70), (CX + 44, NB + 70), (CX + 58, NB + 28), n=24), darker(p.clothes2, 0.9), 4)
        for side in (-1, 1):  # the cardigan's ribbed front bands with buttons
            c.poly([(CX + side * 80, NB + 2), (CX + side * 104, NB + 8), (CX + side * 50, 660), (CX + side * 26, 660)], darker(col, 0.9))
        for k in range(3):
            t = 0.3 + k * 0.25
            c.circle(CX - (92 - 54 * t), NB + 8 + 250 * t, 5.5, tint(col, 0.45))
        c.line(bezier((CX - 50, NB + 26), (CX - 38, NB + 86), (CX + 38, NB + 86), (CX + 50, NB + 26), n=24), hexc("C9A14F"), 2.2)
        c.circle(CX, NB + 72, 6, hexc("C9A14F"))  # a small pendant
    elif style == "blouse":
        draw_neck(c, p, NB + 34, 78, 42)
        c.line(bezier((CX - 78, NB + 32), (CX - 60, NB + 92), (CX + 60, NB + 92), (CX + 78, NB + 32), n=28), darker(col, 0.86), 6)
    elif style == "zip_jacket":
        c.poly([(CX - 74, NB + 20), (CX + 74, NB + 20), (CX + 26, 660), (CX - 26, 660)], p.clothes2)  # t-shirt
        draw_neck(c, p, NB + 24, 46, 24)
        c.line(bezier((CX - 47, NB + 22), (CX - 36, NB + 56), (CX + 36, NB + 56), (CX + 47, NB + 22), n=20), darker(p.clothes2, 0.88), 7)
        for side in (-1, 1):  # the jacket's stand-up collar, unzipped and folded open
            c.poly([(CX + side * 58, NB - 12), (CX + side * 114, NB + 10), (CX + side * 44, 660), (CX + side * 24, 660),
                    (CX + side * 60, NB + 56)], darker(col, 0.86))
            c.line([(CX + side * 27, 660), (CX + side * 61, NB + 58)], hexc("9A9A9A"), 3)  # zip
            c.line([(CX + side * 132, NB + 120), (CX + side * 148, NB + 220)], darker(col, 0.75), 3)  # pocket zip
    elif style == "work_jacket":
        # an old canvas chore coat (faded colour, corduroy collar, patch pockets) over a chambray shirt
        c.poly([(CX - 84, NB + 20), (CX + 84, NB + 20), (CX + 40, 660), (CX - 40, 660)], p.clothes2)
        draw_neck(c, p, NB + 24, 36, 50, v=True)
        cord = hexc("7A5B40")
        for side in (-1, 1):
            c.poly([(CX + side * 38, NB + 18), (CX + side * 46, NB - 2), (CX + side * 40, NB + 64), (CX + side * 6, NB + 74)],
                   darker(p.clothes2, 0.9))  # shirt collar point
            c.poly([(CX + side * 38, NB + 70), (CX + side * 70, NB + 60), (CX + side * 44, 660), (CX + side * 30, 660)], darker(col, 0.9))
            collar = [(CX + side * 62, NB - 10), (CX + side * 134, NB + 14), (CX + side * 106, NB + 96), (CX + side * 64, NB + 82),
                      (CX + side * 60, NB + 30)]
            c.poly(collar, cord)
            with c.group(alpha=90, clip=collar) as g:  # corduroy wales
                for k in range(16):
                    g.line([(CX + side * (30 + k * 7), NB - 30), (CX + side * (10 + k * 7), NB + 110)], darker(cord, 0.8), 2)
            px = CX + side * 156  # patch pocket with top stitching
            c.rect(px - 40, NB + 150, 80, 90, darker(col, 0.95), r=4)
            c.line([(px - 34, NB + 162), (px + 34, NB + 162)], tint(col, 0.25), 2)
        for k in range(2):
            c.circle(CX - 48, NB + 140 + k * 52, 6, hexc("85898C"))
        with c.group(alpha=80, clip=body) as g:  # faded canvas: the wear shows as lighter on the shoulders
            for side in (-1, 1):
                g.poly(path((CX + side * 140, NB + 16), ((CX + side * 180, NB + 20), (CX + side * 206, NB + 50), (CX + side * 214, NB + 80)),
                            ((CX + side * 190, NB + 60), (CX + side * 160, NB + 40), (CX + side * 140, NB + 16)), n=10), tint(col, 0.3))
    elif style == "polo":
        # a work polo: flat collar, a short button placket, a name tag on the chest
        draw_neck(c, p, NB + 26, 44, 30, v=True)
        c.poly([(CX - 12, NB + 60), (CX + 12, NB + 60), (CX + 12, NB + 150), (CX - 12, NB + 150)], darker(col, 0.9))  # placket
        for k in range(2):
            c.circle(CX, NB + 86 + k * 40, 4.5, tint(col, 0.6))
        for side in (-1, 1):  # collar points lying flat on the shoulders
            c.poly([(CX + side * 40, NB - 6), (CX + side * 112, NB + 8), (CX + side * 86, NB + 66), (CX + side * 14, NB + 64),
                    (CX + side * 42, NB + 24)], darker(col, 0.84))
        tag = (CX + 96, NB + 130)  # the name tag: white, a coloured stripe, a line of 'text'
        c.rect(tag[0] - 44, tag[1] - 18, 88, 38, PAL["white"], r=6)
        c.rect(tag[0] - 44, tag[1] - 18, 88, 10, p.clothes2, r=4)
        c.line([(tag[0] - 30, tag[1] + 8), (tag[0] + 26, tag[1] + 8)], hexc("6A6A70"), 4)
    else:  # plain crew-neck tee
        draw_neck(c, p, NB + 24, 50, 28)
        c.line(bezier((CX - 50, NB + 22), (CX - 38, NB + 62), (CX + 38, NB + 62), (CX + 50, NB + 22), n=20), darker(col, 0.9), 8)


def earrings(c: Canvas, p: Person):
    """Small gold hoops at the ear lobes."""
    for side in (-1, 1):
        ex = CX + side * (p.head_rx - 2)
        ey = HEAD_CY + 40
        pygame.draw.circle(c.surf, hexc("D4A640"), (ex * c.s, (ey + 13) * c.s), 12 * c.s, width=round(3.2 * c.s))
        c.circle(ex, ey, 3.5, hexc("E2BC62"))


# ---- whole portraits ------------------------------------------------------------------------------------------

def portrait(p: Person) -> pygame.Surface:
    c = Canvas(PORTRAIT_SIZE, PORTRAIT_SUPERSAMPLE, alpha=True)
    if p.clothing == "silhouette":
        return silhouette(c, p)
    hair_back(c, p)
    clothing(c, p)
    hair_over_shoulders(c, p)
    draw_ears(c, p)
    if "earrings" in p.extras:
        earrings(c, p)
    draw_head(c, p)
    draw_features(c, p)
    draw_facial_hair(c, p)
    hair_front(c, p)
    return c.finish()


def silhouette(c: Canvas, p: Person) -> pygame.Surface:
    """The neutral placeholder: the familiar 'unknown person' shape (a head over rounded shoulders, with a small
    gap), one soft blue-grey, no features, a gentle light edge on the left."""
    head = head_pts(CX, 262, 92, 112, 0.22, 2.0)
    dome = path((CX - 232, 660), ((CX - 232, 500), (CX - 170, 420), (CX, 420)),
                ((CX + 170, 420), (CX + 232, 500), (CX + 232, 660)), n=32)
    for shape in (dome, head):
        c.poly(shape, p.skin)
        with c.group(alpha=255, clip=shape) as g:
            g.poly([(x + 16, y + 10) for x, y in shape], darker(p.skin, 0.93))
    return c.finish()


SKIN = {  # a range of skin tones, light to deep
    "porcelain": hexc("F1CDB5"), "peach": hexc("EBBB9B"), "ruddy": hexc("E6AE93"), "tan": hexc("D59E76"),
    "olive": hexc("C8936A"), "bronze": hexc("A9714E"), "brown": hexc("8C5A3C"), "deep": hexc("6B4230"),
}

PEOPLE = [
    Person("ray", SKIN["tan"], hexc("3A2B24"), hair_style="short", facial_hair="stubble", clothing="hoodie",
           clothes=hexc("4F6D7A"), head_rx=87, head_ry=110, jaw=0.2, square=2.5),
    Person("dale", SKIN["peach"], hexc("7A5A40"), hair_style="short_receding", facial_hair="moustache", clothing="flannel",
           clothes=hexc("A8473B"), clothes2=hexc("E7C9A5"), head_rx=90, head_ry=110, jaw=0.16, square=2.7),
    Person("tasha", SKIN["deep"], hexc("211614"), eyes=hexc("1A1110"), hair_style="braids", clothing="denim",
           clothes=hexc("5D7FA6"), clothes2=PAL["mustard"], head_rx=81, head_ry=106, jaw=0.3, lips=hexc("5A3027")),
    Person("denise", SKIN["porcelain"], hexc("8C8178"), hair_style="grey_short", clothing="cardigan",
           clothes=hexc("7C6A8E"), clothes2=PAL["linen"], head_rx=83, head_ry=106, jaw=0.28, age_lines=1,
           brow_color=hexc("7A6C62")),
    Person("carmen", SKIN["olive"], hexc("2A1B17"), hair_style="wavy_long", clothing="blouse", clothes=hexc("C4664B"),
           head_rx=81, head_ry=106, jaw=0.3, extras=("earrings",)),
    Person("eli", SKIN["bronze"], hexc("2B201B"), hair_style="cap", facial_hair="beard", clothing="zip_jacket",
           clothes=hexc("5F6B4A"), clothes2=hexc("D08A3C"), head_rx=87, head_ry=110, jaw=0.18, square=2.4),
    Person("renee", SKIN["brown"], hexc("2C1D18"), hair_style="bun", clothing="polo", clothes=hexc("3D5F8C"),
           clothes2=hexc("D9433B"), head_rx=84, head_ry=108, jaw=0.26, lips=hexc("6E3B30")),
    Person("theo", SKIN["peach"], hexc("8A4B2A"), hair_style="curly", clothing="tee", clothes=hexc("D9A441"),
           head_rx=82, head_ry=106, jaw=0.28, square=2.2),
    Person("walt", SKIN["ruddy"], hexc("ECE8E1"), hair_style="bald_fringe", clothing="work_jacket",
           clothes=hexc("A47E58"), clothes2=hexc("8FA3B5"), head_rx=89, head_ry=112, jaw=0.2, square=2.3, age_lines=2,
           brow_color=hexc("D3CABE")),
]

SILHOUETTE = Person("default", hexc("AEB8C2"), hexc("AEB8C2"), hair_style="none", clothing="silhouette",
                    clothes=hexc("939FAD"), head_rx=84, head_ry=106, jaw=0.24)


# ==============================================================================================================


def save(surf: pygame.Surface, path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    pygame.image.save(surf, str(path))
    print(f"  {path}  {surf.get_width()}x{surf.get_height()}  {path.stat().st_size // 1024} KB")


def main(argv):
    """Usage: generate.py [--out DIR] [NAME ...]. NAMEs pick backgrounds and/or portraits (default: all)."""
    out = HERE
    if "--out" in argv:
        i = argv.index("--out")
        out = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    wanted = set(argv)
    pygame.init()
    for key, fn in BACKGROUNDS.items():
        if wanted and key not in wanted:
            continue
        c = Canvas(BG_SIZE, BG_SUPERSAMPLE)
        fn(c)
        save(c.finish(), out / "backgrounds" / f"{key}.png")
    for p in PEOPLE + [SILHOUETTE]:
        if wanted and p.name not in wanted:
            continue
        save(portrait(p), out / "portraits" / f"{p.name}.png")


if __name__ == "__main__":
    main(sys.argv[1:])
