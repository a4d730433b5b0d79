"""Background pictures and client portraits, loaded once and scaled once per size.

Art is optional: a missing or unreadable file never stops play. A missing
background becomes a soft gradient, a missing portrait a drawn silhouette.
Scaled copies are cached by size, so resizing the window costs one smoothscale
and an ordinary frame costs only blits.
"""
from __future__ import annotations

from pathlib import Path

import pygame

from hrtraining.engine import PROJECT_ASSETS, picture_problem, resolve_asset

from ._theme import Palette

BACKGROUND_DIR = PROJECT_ASSETS / "backgrounds"
PORTRAIT_DIR = PROJECT_ASSETS / "portraits"


#: What loading, converting or scaling a picture may raise: a file the decoder refuses, no memory
#: for the pixels, a surface smoothscale cannot take. A picture never stops play: the stand-in.
_PICTURE_ERRORS = (pygame.error, OSError, ValueError, MemoryError)


def _load(path: Path | None, alpha: bool) -> pygame.Surface | None:
    """The picture at ``path``, ready to scale, or None (the caller draws the stand-in).

    The header is read first (the same check as ``validate``'s HR052/HR053): a 254-byte PNG can
    claim 60000×1 pixels, and decoding or scaling it would exhaust memory.
    """
    if path is None or not path.is_file() or picture_problem(path) is not None:
        return None
    try:
        img = pygame.image.load(str(path))
    except _PICTURE_ERRORS:
        return None
    try:
        return img.convert_alpha() if alpha else img.convert()
    except _PICTURE_ERRORS:
        # No display mode yet (e.g. during a test), or no memory for the copy: keep the picture
        # as loaded only if smoothscale can take it (24 or 32 bits), else the stand-in.
        return img if img.get_bitsize() in (24, 32) else None


def _scale(img: pygame.Surface, size: tuple[int, int]) -> pygame.Surface | None:
    """``img`` smoothly scaled to ``size``, or None when it cannot be (the caller draws the stand-in)."""
    try:
        return pygame.transform.smoothscale(img, size)
    except _PICTURE_ERRORS:
        return None


class Assets:
    """Cached pictures; ``missing`` lists what fell back (shown in the F3 overlay)."""

    def __init__(self, assets_dir: Path = PROJECT_ASSETS):
        self.dir = assets_dir
        self._raw: dict[tuple[str, str], pygame.Surface | None] = {}
        self._scaled: dict[tuple, pygame.Surface] = {}
        self.missing: set[str] = set()

    def clear_scaled(self) -> None:
        self._scaled.clear()

    def _raw_background(self, setting: str) -> pygame.Surface | None:
        key = ("bg", setting)
        if key not in self._raw:
            img = None
            for name in (setting, "default"):
                if name and "/" not in name and "\\" not in name and ".." not in name:
                    img = _load(self.dir / "backgrounds" / f"{name}.png", alpha=False)
                    if img is not None:
                        break
            if img is None:
                self.missing.add(f"backgrounds/{setting or 'default'}.png")
            self._raw[key] = img
        return self._raw[key]

    def background(self, setting: str, size: tuple[int, int], palette: Palette) -> pygame.Surface:
        """The setting's picture covering ``size``, calmed by the palette's scrim."""
        key = ("bg", setting, size, palette.name)
        out = self._scaled.get(key)
        if out is not None:
            return out
        w, h = size
        out = pygame.Surface(size)
        img = self._raw_background(setting)
        scaled = None
        if img is not None:
            iw, ih = img.get_size()
            k = max(w / iw, h / ih)  # cover: fill the window, crop the overflow
            sw, sh = max(1, round(iw * k)), max(1, round(ih * k))
            scaled = _scale(img, (sw, sh))
        if scaled is None:
            _gradient(out, palette.backdrop)
        else:
            out.blit(scaled, ((w - sw) // 2, (h - sh) // 2))
        scrim = pygame.Surface(size, pygame.SRCALPHA)
        scrim.fill(palette.scrim)
        out.blit(scrim, (0, 0))
        self._scaled[key] = out
        return out

    def portrait(self, scenario_path: str, rel: str, height: int, palette: Palette) -> pygame.Surface:
        """The client's portrait scaled to ``height`` (a silhouette when there is none)."""
        key = ("pt", scenario_path, rel, height, palette.name)
        out = self._scaled.get(key)
        if out is not None:
            return out
        raw_key = ("pt", f"{scenario_path}|{rel}")
        if raw_key not in self._raw:
            path = resolve_asset(scenario_path, rel) if rel else None
            img = _load(path, alpha=True)
            if img is None:
                if rel:
                    self.missing.add(rel)
                img = _load(self.dir / "portraits" / "default.png", alpha=True)
            self._raw[raw_key] = img
        img = self._raw[raw_key]
        height = max(8, height)
        scaled = None
        if img is not None:
            iw, ih = img.get_size()
            scaled = _scale(img, (max(1, round(iw * height / ih)), height))
            if scaled is None:
                self.missing.add(rel or "portraits/default.png")
        out = scaled if scaled is not None else silhouette(round(height * 0.8), height, palette)
        self._scaled[key] = out
        return out


def _gradient(surface: pygame.Surface, base: tuple[int, int, int]) -> None:
    """A quiet vertical gradient: lighter at the top, like daylight in a room."""
    w, h = surface.get_size()
    for y in range(0, h, 4):
        t = y / max(1, h)
        c = tuple(max(0, min(255, round(v * (1.06 - 0.16 * t)))) for v in base)
        surface.fill(c, (0, y, w, 4))


def silhouette(w: int, h: int, palette: Palette) -> pygame.Surface:
    """A neutral head-and-shoulders shape standing in for a missing portrait."""
    s = pygame.Surface((max(1, w), max(1, h)), pygame.SRCALPHA)
    body = tuple(min(255, c + 20) for c in palette.muted)
    head_r = round(w * 0.2)
    cx = w // 2
    pygame.draw.circle(s, body, (cx, round(h * 0.36)), head_r)
    shoulders = pygame.Rect(round(w * 0.1), round(h * 0.6), round(w * 0.8), round(h * 0.6))
    pygame.draw.ellipse(s, body, shoulders)
    pygame.draw.rect(s, body, (cx - head_r // 2, round(h * 0.45), head_r, round(h * 0.2)))
    return s
