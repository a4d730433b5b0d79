"""A broken scenario shows as broken with its first errors; the others stay playable."""
from __future__ import annotations

import pygame

from hrtraining.game._driver import first_pick
from hrtraining.practice import Library

from game_helpers import write_starter

BROKEN = """format: 1
id: broken
title: Broken one
summary: It points at a node that does not exist.
client: {name: Bo}
start: a
nodes:
  a:
    text: hi
    choices:
      - {text: hello, next: missing-node}
"""


def _library(tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder, "alpha")
    (folder / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (folder / "not-yaml.yaml").write_bytes(b"\xff\xfe garbage : [")
    write_starter(folder, "zeta")
    return folder


def test_broken_scenarios_listed_last_with_their_first_errors(tmp_path):
    lib = Library([_library(tmp_path)])
    assert [e.ok for e in lib.entries] == [True, True, False, False]
    broken = next(e for e in lib.entries if e.id == "broken")
    errs = broken.first_errors()
    assert errs and "missing-node" in errs[0]


def test_broken_scenario_cannot_start_but_the_others_play(make_app, tmp_path):
    app, d = make_app([_library(tmp_path)])
    app.switch("select")
    sc = d.scene
    sc.select(2)
    app.render()
    assert not sc.entry.ok
    assert d.target("play") is None              # no Play button for a broken file
    d.key(pygame.K_RETURN)
    assert d.scene_name == "select"
    sc.select(0)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_RETURN)
    assert d.scene_name == "conversation"
    d.play_conversation(first_pick)
    assert d.scene_name == "debrief"


def test_warm_start_uses_the_cache_and_parses_on_play(tmp_path):
    folder = _library(tmp_path)
    Library([folder])                            # cold: fills the cache
    lib = Library([folder])
    ok = [e for e in lib.entries if e.ok]
    assert all(e.result.scenario is None for e in ok)   # listed from the cache, not parsed
    scenario, rubric = ok[0].load()
    assert scenario.id == "alpha"


def test_missing_art_falls_back(make_app, tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder, "sam", lambda t: t.replace("# portrait: portraits/sam.png", "portrait: portraits/nobody.png")
                  .replace("setting: office", "setting: the-moon"))
    app, d = make_app([folder])
    app.start_play(app.library.entries[0], "practice")
    app.render()
    assert d.scene_name == "conversation"
    assert "portraits/nobody.png" in app.ui.assets.missing


def test_returning_to_select_keeps_the_chosen_card_in_sight(make_app):
    """Coming back from a play (select entered with an entry) scrolls the list to that card."""
    app, _ = make_app(size=(1280, 720))
    entries = app.library.entries
    last = entries[-1]
    app.switch("select", entry=last)
    scene = app.manager.current
    app.render()
    y, h = scene.cards[scene.selected]
    view = scene.list_view
    assert scene.entry is last
    assert view.offset <= y and y + h <= view.offset + view.view.h


def test_the_window_lists_from_headers_and_marks_a_broken_file_once_checked(make_app, starter_dir):
    """game.py opens with background checking: the first frame does not wait for every file."""
    import time

    (starter_dir / "zz-broken.yaml").write_text(
        (starter_dir / "sam.yaml").read_text(encoding="utf-8").replace("id: sam", "id: zz").replace(
            "next: ", "next: nowhere-", 1), encoding="utf-8")
    app, d = make_app([starter_dir], background_check=True)
    assert app.library.checking and all(e.ok for e in app.library.entries)
    app.switch("select")
    app.render()
    deadline = time.monotonic() + 30
    while app.library.checking and time.monotonic() < deadline:
        d.step(0.02)
    assert not app.library.checking
    assert [e.ok for e in app.library.entries] == [True, False]
    app.render()  # the select screen was laid out again with the broken file last
