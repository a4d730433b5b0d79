"""Fixtures for the game's UI tests: headless pygame, throwaway settings, data and cache.

SDL_VIDEODRIVER=dummy is set here, before anything imports pygame, and only for
these tests: the engine's own tests never import pygame at all.
"""
from __future__ import annotations

import os
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pytest  # noqa: E402

from game_helpers import SHIPPED, write_starter  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """Every test gets its own settings folder; the parse cache is shared per session."""
    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("HRTRAINING_CACHE_DIR", str(_cache_dir(tmp_path_factory)))
    yield
    if pygame.display.get_init():
        pygame.event.clear()


_CACHE: list[Path] = []


def _cache_dir(factory) -> Path:
    if not _CACHE:
        _CACHE.append(factory.mktemp("cache"))
    return _CACHE[0]


@pytest.fixture
def starter_dir(tmp_path) -> Path:
    folder = tmp_path / "scenarios"
    write_starter(folder)
    return folder


@pytest.fixture
def make_app(tmp_path):
    """Build an App (and its Driver) on a library; closes the recorder afterwards.

    ``write_first`` sets the "Own words first" setting (on by default in the game). Tests about
    other things keep it off so the options show at once; tests/game/test_game_write_first.py
    plays with it on. None leaves the settings exactly as loaded (the settings tests).
    """
    from hrtraining.game._app import App, Options
    from hrtraining.game._driver import Driver

    made = []

    def make(paths=None, size=(1280, 720), record=False, write_first=False, **kw):
        # Self-voicing, if a test turns it on, writes WAV files instead of speaking aloud.
        kw.setdefault("voice_dir", str(tmp_path / "voice"))
        opts = Options(library_paths=[str(p) for p in (paths or [SHIPPED])], size=size, record=record,
                       data_dir=str(tmp_path / "data"), profile="Tester", **kw)
        app = App(opts)
        if write_first is not None:
            app.settings.write_first = write_first
        made.append(app)
        return app, Driver(app)

    yield make
    for app in made:
        app.recorder.close()
        if app.voice is not None:
            app.voice.close()
