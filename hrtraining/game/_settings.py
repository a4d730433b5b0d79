"""Player settings, kept as a small JSON file between runs.

The file lives in ``platformdirs.user_config_dir('hrtraining')`` (or
``$HRTRAINING_CONFIG_DIR``). A missing, unreadable or corrupt file, or a value
of the wrong type, falls back to the default for that value: settings are a
convenience and must never stop the game from starting.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from hrtraining.practice.files import config_dir

from ._theme import TEXT_SIZES

FILENAME = "settings.json"
TEXT_SPEEDS = ("slow", "normal", "fast", "instant")
#: Characters revealed per second for each text speed.
CHARS_PER_SECOND = {"slow": 30.0, "normal": 60.0, "fast": 140.0, "instant": 0.0}
MODES = ("practice", "assessment")
VOICE_RATES = ("slow", "normal", "fast")


@dataclass
class Settings:
    """Everything the settings screen changes."""

    text_size: str = "standard"
    high_contrast: bool = False
    dyslexic_font: bool = False
    text_speed: str = "normal"
    reduced_motion: bool = False
    fullscreen: bool = False
    default_mode: str = "practice"
    #: Own words first: in practice, write what you would say before the options appear.
    write_first: bool = True
    #: Send the trainee's written words to the agency's LRS with each choice. Off unless they
    #: turn it on: their words are theirs; without it the LRS learns only that they wrote.
    share_replies: bool = False
    self_voicing: bool = False
    voice_rate: str = "normal"
    voice: str = ""            # the speech engine's voice id; "" is the system's default

    _CHOICES = {"text_size": tuple(TEXT_SIZES), "text_speed": TEXT_SPEEDS, "default_mode": MODES,
                "voice_rate": VOICE_RATES}
    #: Free text settings, and their longest allowed value.
    _TEXT = {"voice": 200}

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Take every valid value from ``data``; ignore the rest."""
        s = cls()
        if not isinstance(data, dict):
            return s
        for f in fields(cls):
            if f.name not in data:
                continue
            value = data[f.name]
            allowed = cls._CHOICES.get(f.name)
            if allowed is not None:
                if value in allowed:
                    setattr(s, f.name, value)
            elif f.name in cls._TEXT:
                if isinstance(value, str) and len(value) <= cls._TEXT[f.name] and value.isprintable():
                    setattr(s, f.name, value)
            elif isinstance(value, bool):
                setattr(s, f.name, value)
        return s

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def cycle(self, name: str, step: int = 1, options: tuple[str, ...] = ()) -> None:
        """Move a setting to its next (or previous) value (``options``: for a free text setting,
        the values to cycle through, such as the speech engine's voices)."""
        if name in self._TEXT:
            values = ("",) + tuple(o for o in options if o)
            i = values.index(getattr(self, name)) if getattr(self, name) in values else 0
            setattr(self, name, values[(i + step) % len(values)])
            return
        allowed = self._CHOICES.get(name)
        if allowed is None:
            setattr(self, name, not getattr(self, name))
        else:
            i = allowed.index(getattr(self, name))
            setattr(self, name, allowed[(i + step) % len(allowed)])

    @property
    def chars_per_second(self) -> float:
        return CHARS_PER_SECOND[self.text_speed]


class SettingsFile:
    """Loads and saves :class:`Settings`; ``notice`` says when the file was unusable."""

    def __init__(self, directory: str | Path | None = None):
        self.path = Path(directory or config_dir()) / FILENAME
        self.notice = ""

    def load(self) -> Settings:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Settings()
        except Exception as e:  # OSError, UnicodeDecodeError, ...: settings never stop the game
            self.notice = f"Settings could not be read ({e.__class__.__name__}); using defaults."
            return Settings()
        try:
            # Any failure, not only ValueError: deeply nested JSON raises RecursionError,
            # and this runs at start-up, before any scene could catch it.
            return Settings.from_dict(json.loads(raw))
        except Exception:
            self.notice = "The settings file was damaged; using defaults. It will be rewritten when you change a setting."
            return Settings()

    def save(self, settings: Settings) -> bool:
        """Write atomically (a crash mid-write never leaves half a file); False on failure."""
        try:
            from hrtraining.practice.files import write_atomically

            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(settings.to_dict(), indent=2))
            return True
        except OSError as e:
            self.notice = f"Settings could not be saved: {e.strerror or e}"
            return False
