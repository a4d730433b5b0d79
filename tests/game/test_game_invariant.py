"""The project's rule in the game window: a file that ``validate`` accepts plays without an exception.

Scenarios from :mod:`strategies` (hostile text: zero-width and bidi characters, combining
marks, emoji, very long words and lines; huge-but-allowed numbers; deep chains; guarded
exits) that ``validate`` accepts are listed in the menu, opened, and played to the debrief
with the keyboard (own words first, as practice starts by default), headless (SDL_VIDEODRIVER=dummy), drawing every frame, at two window
sizes, with the author overlay (F3) and the history (H) opened on the way. ``make test``
runs a small seeded set; ``make fuzz`` many more.
"""
from __future__ import annotations

import os
import random

import pygame
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from hrtraining.practice import Library

from strategies import accepted, policies, scenario_texts

DEEP = "HRTRAINING_FUZZ_EXAMPLES" in os.environ
WINDOW = settings(max_examples=max(1, int(os.environ.get("HRTRAINING_FUZZ_EXAMPLES", "32")) // 4), deadline=None,
                  derandomize=not DEEP, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def window(tmp_path_factory):
    """One App for the whole module (building one per example would dominate the run)."""
    from hrtraining.game._app import App, Options
    from hrtraining.game._driver import Driver

    app = App(Options(library_paths=[str(tmp_path_factory.mktemp("empty"))], size=(1280, 720), record=False,
                      data_dir=str(tmp_path_factory.mktemp("data")), profile="Tester"))
    yield app, Driver(app)
    app.recorder.close()


def play_in_window(app, d, policy, limit: int = 300) -> bool:
    """Play with ``policy`` until the debrief (True), or until ``limit`` steps (False: a
    policy such as "always the last option" may go round a loop for ever, as a player may)."""
    rng = random.Random(policy[1])
    looked = False
    for _ in range(limit):
        app.render()
        if d.scene_name == "compose":            # write-first (on by default in practice)
            d.write("I hear how much that matters to you. \u200f\u0301 🙂")
            continue
        if d.scene_name == "closeness":
            d.key(pygame.K_1 if rng.random() < 0.5 else pygame.K_0)
            continue
        if d.scene_name != "conversation":
            return True
        sc = d.scene
        if sc.phase == "reveal":
            d.key(pygame.K_SPACE)
        elif sc.phase == "coach":
            d.key(pygame.K_RETURN)
        elif app.play.beat.kind == "choice":
            if not looked:  # the author overlay and the history, once per play
                looked = True
                d.key(pygame.K_F3)
                app.render()
                d.key(pygame.K_F3)
                d.key(pygame.K_h)
                app.render()
                d.key(pygame.K_h)
            n = len(app.play.beat.options)
            pos = {"first": 0, "last": n - 1}.get(policy[0], rng.randrange(n))
            if pos < 9:
                d.key(pygame.K_1 + pos)
            else:  # pragma: no cover - the strategies make at most four choices
                d.key(pygame.K_1)
        else:
            d.key(pygame.K_RETURN)
    assert d.scene_name == "conversation"
    return False


@WINDOW
@given(text=scenario_texts(max_nodes=6, max_chain=6), policy=policies(),
       size=st.sampled_from([(1280, 720), (800, 600)]), mode=st.sampled_from(["practice", "assessment"]))
def test_accepted_scenarios_play_in_the_window(window, tmp_path_factory, text, policy, size, mode):
    app, d = window
    folder = tmp_path_factory.mktemp("win", numbered=True)
    if accepted(text, folder) is None:
        return
    if app.window_size != size:
        app.resize(*size)
    app.library = Library([folder])
    (entry,) = app.library.entries
    assert entry.ok
    app.switch("select")
    app.render()
    d.key(pygame.K_RETURN)                       # the only card: open its content notes
    app.render()
    assert d.scene_name == "content-notes"
    app.start_play(entry, mode)
    assert d.scene_name in ("conversation", "compose")  # compose: own words first, at a first decision
    if not play_in_window(app, d, policy):
        app.switch("title")
        return
    assert d.scene_name == "debrief", d.scene_name
    for _ in range(8):                           # every debrief page, each drawn
        app.render()
        if d.scene_name == "compose":            # the optional reflection
            d.write("Slow down at the first sign of change.")
            continue
        d.key(pygame.K_2 if d.scene.current == "rate" else pygame.K_RIGHT)
    app.render()
    app.play = None
    app.switch("title")
