"""The shipped art and fonts: every file the game expects is there, opens with pygame and has the right size."""
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
import pygame  # noqa: E402
import pytest  # noqa: E402

ASSETS = Path(__file__).resolve().parents[1] / "assets"
FONTS = ASSETS / "fonts"

EXPECTED_FONTS = [
    "Inter-Regular.otf", "Inter-Bold.otf", "Inter-Italic.otf",
    "Lato-Regular.ttf", "Lato-Bold.ttf",
    "OpenDyslexic-Regular.otf", "OpenDyslexic-Bold.otf", "OpenDyslexic-Italic.otf",
]
BACKGROUNDS = ["office", "clinic", "drop-in", "outreach", "default"]
PORTRAITS = ["ray", "dale", "tasha", "denise", "carmen", "eli", "walt", "renee", "theo", "default"]

SAMPLE = "Harm reduction — “I hear you.” Café, naïve, 0123 ’?"


@pytest.fixture(scope="module", autouse=True)
def pygame_ready():
    pygame.init()
    yield


def font_files():
    return sorted(p for p in FONTS.iterdir() if p.suffix.lower() in (".ttf", ".otf"))


def test_expected_fonts_present():
    names = {p.name for p in font_files()}
    missing = [f for f in EXPECTED_FONTS if f not in names]
    assert not missing, f"missing fonts: {missing}"


@pytest.mark.parametrize("path", font_files(), ids=lambda p: p.name)
def test_font_opens_and_renders(path):
    font = pygame.font.Font(str(path), 32)
    surf = font.render(SAMPLE, True, (20, 20, 20))
    w, h = surf.get_size()
    assert w > 300 and h >= 30
    assert surf.get_bounding_rect().width > 300  # glyphs were drawn, not just an empty surface
    # the family name inside the file matches the file name (catches a swapped or renamed file)
    assert font.name and path.name.startswith(font.name.replace(" ", ""))


def _glyph(font, ch):
    s = font.render(ch, True, (0, 0, 0), (255, 255, 255))
    return s.get_size(), pygame.image.tobytes(s, "RGB")


@pytest.mark.parametrize("name", ["Inter-Regular.otf", "Inter-Bold.otf", "Inter-Italic.otf"])
def test_main_font_has_the_interface_symbols(name):
    """Inter is the font the interface falls back on for symbols other families lack (see fonts/README.md)."""
    font = pygame.font.Font(str(FONTS / name), 24)
    missing_box = _glyph(font, "\ue000")  # a private-use code point: drawn as the font's missing-glyph box
    missing = [ch for ch in "↑↓←→✓✔·—–’“”…×éñü" if _glyph(font, ch) == missing_box]
    assert not missing, f"{name} lacks {missing}"


@pytest.mark.parametrize("path", font_files(), ids=lambda p: p.name)
def test_font_has_licence_next_to_it(path):
    family = path.stem.split("-")[0]
    licence = FONTS / f"LICENSE-{family}.txt"
    assert licence.is_file(), f"{licence.name} missing for {path.name}"
    text = licence.read_text(encoding="utf-8")
    assert len(text) > 1000 and "License" in text


def test_fonts_readme_lists_every_font():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    for path in font_files():
        assert path.name in readme


@pytest.mark.parametrize("key", BACKGROUNDS)
def test_background(key):
    path = ASSETS / "backgrounds" / f"{key}.png"
    assert path.is_file()
    img = pygame.image.load(str(path))
    assert img.get_size() == (1920, 1080)
    assert path.stat().st_size < 400_000  # flat art stays small; a jump means noise or a broken export


@pytest.mark.parametrize("name", PORTRAITS)
def test_portrait(name):
    path = ASSETS / "portraits" / f"{name}.png"
    assert path.is_file()
    img = pygame.image.load(str(path))
    assert img.get_size() == (512, 640)
    assert img.get_flags() & pygame.SRCALPHA, "portraits need a transparent background"
    assert img.get_at((4, 4)).a == 0           # background is transparent
    assert img.get_at((256, 600)).a == 255     # the figure is opaque
    assert path.stat().st_size < 200_000


def test_generator_runs_headless(tmp_path):
    """The art is reproducible: the script runs without a display and writes a portrait of the right size."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    subprocess.run([sys.executable, str(ASSETS / "generate.py"), "--out", str(tmp_path), "default"],
                   check=True, env=env, capture_output=True, timeout=300)
    img = pygame.image.load(str(tmp_path / "portraits" / "default.png"))
    assert img.get_size() == (512, 640)
    assert (tmp_path / "backgrounds" / "default.png").is_file()
