"""The one place for colours, type sizes and spacing.

Every scene asks the :class:`Theme` for a colour or a size instead of writing
numbers of its own, so the high-contrast palette, the three text sizes and the
window size change the whole game at once. Sizes are given for a 1280×720
window and scaled with the window (``Theme.px``); type sizes are also scaled by
the player's text-size setting.

Contrast: every text/background pair the game draws is listed in
``Palette.text_pairs`` so a test can compute its WCAG 2.1 contrast ratio. The
default palette aims for AA (≥ 4.5:1), the high-contrast palette for AAA
(≥ 7:1). Translucent panels are tested against the worst backdrop (black and
white) composited under them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

#: Reference window the sizes below are designed for.
BASE_W, BASE_H = 1280, 720

#: Text-size setting -> multiplier on every font size.
TEXT_SIZES: dict[str, float] = {"standard": 1.0, "large": 1.18, "largest": 1.36}
TEXT_SIZE_NAMES = {"standard": "Standard", "large": "Large", "largest": "Largest"}

#: Type scale at the reference size (px). Body text is large on purpose: a
#: workshop projects the game on a wall and people read it from the back.
TYPE_SCALE: dict[str, int] = {
    "display": 54,
    "h1": 38,
    "h2": 29,
    "body": 24,
    "small": 20,
    "caption": 17,
}
#: Never smaller than this many pixels, whatever the window size.
MIN_FONT_PX = 13


@dataclass(frozen=True)
class Palette:
    """Colours of one theme. ``panel`` may be translucent (alpha < 255)."""

    name: str
    backdrop: RGB            # behind everything when there is no picture
    scrim: RGBA              # laid over background pictures to calm them
    panel: RGBA              # soft cards that hold text
    panel_edge: RGB
    panel_alt: RGBA          # nested cards (choices list, coach notes)
    text: RGB
    muted: RGB
    heading: RGB
    accent: RGB              # primary buttons, focus
    on_accent: RGB
    button: RGB              # secondary buttons
    on_button: RGB
    button_hover: RGB
    focus: RGB               # keyboard focus ring
    client: RGB              # speaker name colours
    you: RGB
    other: RGB
    narrator: RGB
    good: RGB                # level colours (used as text and as bar fills)
    fair: RGB
    beginning: RGB
    critical: RGB
    track: RGB               # empty part of meters and bars
    meter: RGB
    shadow: RGBA
    chip: RGB                # tags
    on_chip: RGB
    warn_panel: RGB          # content notes, broken scenarios
    on_warn: RGB
    #: Lines of the progress chart, one per scenario: the Okabe-Ito colours (told apart with
    #: the common kinds of colour blindness), darkened to 3:1 on the chart's panel.
    series: tuple[RGB, ...] = ((0, 94, 148), (184, 72, 0), (0, 122, 90), (153, 72, 122), (148, 98, 0),
                               (42, 110, 150), (34, 38, 44))

    def level(self, level: str) -> RGB:
        return {"good": self.good, "fair": self.fair}.get(level, self.beginning)

    def text_pairs(self) -> list[tuple[str, RGB, RGBA | RGB]]:
        """(what, foreground, background) for every text the game draws."""
        out: list[tuple[str, RGB, RGBA | RGB]] = []
        for bg_name in ("panel", "panel_alt"):
            bg = getattr(self, bg_name)
            for fg_name in ("text", "muted", "heading", "client", "you", "other", "narrator",
                            "good", "fair", "beginning", "critical"):
                out.append((f"{fg_name} on {bg_name}", getattr(self, fg_name), bg))
        out += [
            ("on_accent on accent", self.on_accent, self.accent),
            ("on_button on button", self.on_button, self.button),
            ("on_button on button_hover", self.on_button, self.button_hover),
            ("on_chip on chip", self.on_chip, self.chip),
            ("on_warn on warn_panel", self.on_warn, self.warn_panel),
        ]
        return out


DEFAULT = Palette(
    name="default",
    backdrop=(232, 226, 216),
    scrim=(250, 246, 240, 70),
    panel=(252, 250, 246, 238),
    panel_edge=(214, 206, 194),
    panel_alt=(243, 238, 230, 255),
    text=(34, 38, 44),
    muted=(78, 84, 92),
    heading=(24, 64, 70),
    accent=(20, 96, 104),
    on_accent=(255, 255, 255),
    button=(232, 226, 216),
    on_button=(34, 38, 44),
    button_hover=(214, 232, 230),
    focus=(214, 120, 40),
    client=(20, 96, 104),
    you=(118, 58, 110),
    other=(60, 78, 140),
    narrator=(78, 84, 92),
    good=(28, 108, 58),
    fair=(140, 88, 0),
    beginning=(168, 62, 44),
    critical=(168, 36, 36),
    track=(222, 214, 202),
    meter=(30, 132, 128),
    shadow=(40, 30, 20, 40),
    chip=(222, 236, 234),
    on_chip=(24, 64, 70),
    warn_panel=(253, 236, 214),
    on_warn=(92, 46, 10),
)

HIGH_CONTRAST = Palette(
    name="high-contrast",
    backdrop=(0, 0, 0),
    scrim=(0, 0, 0, 170),
    panel=(0, 0, 0, 255),
    panel_edge=(255, 255, 255),
    panel_alt=(16, 16, 16, 255),
    text=(255, 255, 255),
    muted=(225, 225, 225),
    heading=(255, 255, 255),
    accent=(255, 221, 0),
    on_accent=(0, 0, 0),
    button=(40, 40, 40),
    on_button=(255, 255, 255),
    button_hover=(0, 70, 90),
    focus=(255, 221, 0),
    client=(120, 230, 255),
    you=(255, 190, 245),
    other=(190, 215, 255),
    narrator=(225, 225, 225),
    good=(120, 245, 140),
    fair=(255, 221, 0),
    beginning=(255, 170, 150),
    critical=(255, 150, 150),
    track=(80, 80, 80),
    meter=(120, 230, 255),
    shadow=(0, 0, 0, 0),
    chip=(255, 255, 255),
    on_chip=(0, 0, 0),
    warn_panel=(255, 221, 0),
    on_warn=(0, 0, 0),
    series=((86, 180, 233), (230, 159, 0), (0, 200, 140), (240, 228, 66), (204, 121, 167), (255, 130, 90),
            (255, 255, 255)),
)


def relative_luminance(c: RGB) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(v) for v in c[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: RGB, b: RGB) -> float:
    """WCAG contrast ratio (1..21) of two opaque colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def composite(top: RGBA | RGB, under: RGB) -> RGB:
    """``top`` blended over an opaque ``under`` (what the eye sees)."""
    if len(top) == 3:
        return tuple(top)  # type: ignore[return-value]
    a = top[3] / 255
    return tuple(round(top[i] * a + under[i] * (1 - a)) for i in range(3))  # type: ignore[return-value]


def worst_contrast(fg: RGB, bg: RGBA | RGB) -> float:
    """Contrast of ``fg`` on ``bg`` over the worst of a black and a white backdrop."""
    return min(contrast_ratio(fg, composite(bg, (0, 0, 0))), contrast_ratio(fg, composite(bg, (255, 255, 255))))


@dataclass
class Theme:
    """Palette + sizes for the current window and settings."""

    palette: Palette = DEFAULT
    width: int = BASE_W
    height: int = BASE_H
    text_scale: float = 1.0
    reduced_motion: bool = False
    #: Scale sizes up with a window bigger than the reference (the projector); otherwise a
    #: bigger window shows more, at the same size.
    grow: bool = False
    _ui: float = field(default=1.0, init=False)

    def __post_init__(self) -> None:
        self.resize(self.width, self.height)

    def resize(self, width: int, height: int) -> None:
        self.width, self.height = max(1, width), max(1, height)
        # 4:3 windows are narrower than the reference: scale by width a little
        # more gently so text stays readable at 800×600.
        fit = max(0.55, min(self.width / 1200, self.height / BASE_H))
        self._ui = fit if self.grow else min(1.0, fit)

    @property
    def ui(self) -> float:
        return self._ui

    def px(self, n: float) -> int:
        """A length designed at 1280×720, in pixels for this window (never bigger, unless ``grow``)."""
        return max(1, round(n * self._ui))

    def font_px(self, role: str) -> int:
        return max(MIN_FONT_PX, round(TYPE_SCALE[role] * self._ui * self.text_scale))

    # Spacing steps: one rhythm for the whole game.
    @property
    def gap(self) -> int:
        return self.px(16)

    @property
    def pad(self) -> int:
        return self.px(24)

    @property
    def radius(self) -> int:
        return self.px(14)

    @property
    def margin(self) -> int:
        return self.px(32)
