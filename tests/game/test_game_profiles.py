"""The title's "Playing as" button and the profiles scene: switch, create, refuse, remember."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._chrome import hint_height
from hrtraining.game._driver import best_pick
from hrtraining.game._profiles_scene import MAX_NAME, name_problem
from hrtraining.game._text import PROBE
from hrtraining.game._theme import TEXT_SIZES
from hrtraining.progress import Store

SIZES = [(1280, 720), (800, 600)]


@pytest.fixture
def lib(tmp_path):
    from game_helpers import write_starter
    folder = tmp_path / "lib"
    write_starter(folder)
    return folder


def _title_profile_label(d) -> str:
    assert d.scene_name == "title"
    return d.target("profiles").label


def _focus(d, target_id, limit=60):
    """Press Down until keyboard focus is on ``target_id``; every step lands on a visible target."""
    for _ in range(limit):
        if d.scene.focus == target_id:
            return
        d.key(pygame.K_DOWN)
        _assert_focus_visible(d)
    raise AssertionError(f"focus never reached {target_id}; at {d.scene.focus}")


def _assert_focus_visible(d):
    sc = d.scene
    t = d.target(sc.focus)
    assert t is not None, f"focus {sc.focus!r} is not on a shown target ({[x.id for x in sc.targets]})"
    if sc.name == "profiles" and sc.focus.startswith("profile:"):
        assert sc.view.view.contains(t.rect), f"{sc.focus} is cut off"


def test_switch_to_an_existing_profile_with_keys(make_app, lib, tmp_path):
    app, d = make_app([lib], record=True)
    app.recorder.store.profile("Ana")
    # The Tester profile finishes the scenario once and leaves a second attempt in progress.
    entry = app.library.entries[0]
    app.start_play(entry, "practice")
    d.play_conversation(best_pick)
    app.start_play(entry, "assessment")
    d.finish_reveal()
    d.key(pygame.K_1)
    app.switch("select")
    assert app.manager.current.best and app.manager.current.unfinished
    app.switch("title")
    assert "continue" in [t.id for t in d.scene.targets]
    assert _title_profile_label(d) == "Playing as Tester · Change"

    _focus(d, "profiles")
    d.key(pygame.K_RETURN)
    assert d.scene_name == "profiles"
    assert d.scene.names == ["Ana", "Tester"]
    assert d.scene.focus == "profile:1"                        # starts on the current profile
    d.key(pygame.K_UP)
    assert d.scene.focus == "profile:0"
    d.key(pygame.K_RETURN)
    assert d.scene_name == "title" and app.recorder.profile == "Ana"
    assert _title_profile_label(d) == "Playing as Ana · Change"
    assert "continue" not in [t.id for t in d.scene.targets]  # Tester's attempt is not Ana's
    app.render()
    # The scenario list follows the new profile: no best level, nothing in progress.
    app.switch("select")
    assert app.manager.current.best == {} and app.manager.current.unfinished == {}
    # ... and back again.
    app.switch("title")
    d.click("profiles")
    d.click("profile:1")
    assert app.recorder.profile == "Tester"
    app.switch("select")
    assert app.manager.current.best and app.manager.current.unfinished


def test_create_a_profile_by_typing_with_the_mouse(make_app, lib, tmp_path):
    app, d = make_app([lib], record=True)
    d.click("profiles")
    assert d.scene_name == "profiles"
    d.click("new")
    assert d.scene.editing and [t.id for t in d.scene.targets] == ["field", "cancel", "create"]
    d.click("field")
    d.type("  Bea Smith ")
    assert d.scene.text == "  Bea Smith "
    d.key(pygame.K_BACKSPACE)                                  # Backspace edits, it does not leave
    d.type(" ")
    assert d.scene_name == "profiles" and d.scene.text == "  Bea Smith "
    d.click("create")
    assert d.scene_name == "title" and app.recorder.profile == "Bea Smith"
    assert _title_profile_label(d) == "Playing as Bea Smith · Change"
    assert app.recorder.profiles() == ["Bea Smith", "Tester"]
    # Typing an existing name in another case switches to it (no new profile).
    d.click("profiles")
    d.click("new")
    d.type("tester")
    d.key(pygame.K_RETURN)
    assert d.scene_name == "title" and app.recorder.profile == "Tester"
    assert app.recorder.profiles() == ["Bea Smith", "Tester"]


def test_the_store_remembers_the_last_profile(make_app, lib, tmp_path):
    from hrtraining.game._app import App, Options

    app, d = make_app([lib], record=True)
    d.click("profiles")
    d.click("new")
    d.type("Cleo")
    d.key(pygame.K_RETURN)
    assert app.recorder.profile == "Cleo"
    app.recorder.close()
    with Store.open(tmp_path / "data") as store:
        assert store.last_profile() == "Cleo"
    # The next start without --profile plays as Cleo.
    again = App(Options(library_paths=[str(lib)], data_dir=str(tmp_path / "data")))
    try:
        assert again.recorder.profile == "Cleo"
        assert again.manager.current.name == "title"
        assert "Playing as Cleo" in [t.label for t in again.manager.current.targets][-1]
    finally:
        again.recorder.close()


@pytest.mark.parametrize("typed,why", [
    ("", "Type a name first."),
    ("    ", "Type a name first."),
    ("x" * (MAX_NAME + 1), "use at most 40"),
    ("Ana\x07", "control characters"),
])
def test_bad_names_are_refused(make_app, lib, typed, why):
    app, d = make_app([lib], record=True)
    d.click("profiles")
    d.key(pygame.K_n)                                          # N opens the field too
    assert d.scene.editing and d.scene.focus == "field"
    d.type(typed)
    d.key(pygame.K_RETURN)
    sc = d.scene
    assert sc.name == "profiles" and sc.editing and why in sc.error
    app.render()
    assert app.recorder.profile == "Tester" and app.recorder.profiles() == ["Tester"]
    d.key(pygame.K_ESCAPE)                                      # Esc cancels the field ...
    assert d.scene_name == "profiles" and not d.scene.editing and d.scene.focus == "new"
    d.key(pygame.K_ESCAPE)                                      # ... and then goes back
    assert d.scene_name == "title" and app.recorder.profile == "Tester"


def test_name_rules():
    assert name_problem("  Ana  ") == ""
    assert name_problem("x" * MAX_NAME) == "" and name_problem(" " + "x" * MAX_NAME + " ") == ""
    assert name_problem("x" * (MAX_NAME + 1))
    assert name_problem("a\nb") and name_problem("a\tb") and name_problem("\x00")
    assert name_problem("Zoë O’Brien-Ngata") == ""


def test_without_a_store_the_button_says_so_and_changes_nothing(make_app, lib):
    app, d = make_app([lib], record=False)
    assert not app.recorder.available
    assert _title_profile_label(d) == "Playing as Tester · progress is not being saved"
    d.click("profiles")
    assert d.scene_name == "title" and "not being saved" in app.notice
    _focus(d, "profiles")
    d.key(pygame.K_RETURN)
    assert d.scene_name == "title" and app.recorder.profile == "Tester"
    # Reached anyway (a script), the scene offers only Back.
    app.switch("profiles")
    assert [t.id for t in d.scene.targets] == ["back"]
    app.render()
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "title"


def test_a_failing_store_keeps_the_profile_and_says_so(make_app, lib, monkeypatch):
    import sqlite3

    app, d = make_app([lib], record=True)
    d.click("profiles")
    d.click("new")
    d.type("Dana")

    def locked(*a, **k):
        raise sqlite3.OperationalError("database is locked")
    monkeypatch.setattr(app.recorder.store, "profile", locked)
    d.key(pygame.K_RETURN)
    assert d.scene_name == "profiles" and app.recorder.profile == "Tester"
    assert "could not be opened" in d.scene.error and "database is locked" in app.notice


def test_keyboard_focus_never_lands_on_hidden_buttons(make_app, lib):
    app, d = make_app([lib], size=(800, 600), record=True)
    app.settings.text_size = "largest"
    app.apply_settings(save=False)
    for i in range(25):
        app.recorder.store.profile(f"Person {i:02d}")
    d.click("profiles")
    sc = d.scene
    assert sc.view.max_offset > 0                               # the list scrolls
    ids = sc._focus_ids()
    for key in [pygame.K_DOWN] * (len(ids) + 2) + [pygame.K_UP] * (len(ids) + 2) + [pygame.K_TAB] * 3:
        d.key(key)
        app.render()
        _assert_focus_visible(d)
    # The wheel scrolls the focused row away: it is no longer a target (nor focused), and
    # the next key brings a row into view instead of focusing something hidden.
    _focus(d, "profile:0")
    d.wheel(-10, sc.view.view.center)
    assert d.target("profile:0") is None and sc.focus != "profile:0"
    d.key(pygame.K_DOWN)
    _assert_focus_visible(d)
    # In the name field the list is hidden: focus cycles field, Cancel, Create only.
    d.click("new")
    seen = set()
    for key in [pygame.K_DOWN] * 4 + [pygame.K_UP] * 4 + [pygame.K_TAB] * 4:
        d.key(key)
        _assert_focus_visible(d)
        seen.add(sc.focus)
    assert seen == {"field", "cancel", "create"}
    # Text typed while a button has focus does not go into the field.
    _focus(d, "create")
    d.type("zz")
    assert sc.text == ""
    d.key(pygame.K_ESCAPE)
    assert not sc.editing
    _assert_focus_visible(d)


@pytest.mark.parametrize("size", SIZES, ids=["1280x720", "800x600"])
@pytest.mark.parametrize("text_size", list(TEXT_SIZES))
@pytest.mark.parametrize("dyslexic", [False, True], ids=["sans", "dyslexic"])
def test_title_button_and_profiles_scene_fit(make_app, lib, size, text_size, dyslexic):
    app, d = make_app([lib], size=size, record=True)
    app.settings.text_size = text_size
    app.settings.dyslexic_font = dyslexic
    app.apply_settings(save=False)
    longest = "W" * MAX_NAME
    for n in [longest] + [f"Person {i}" for i in range(12)]:
        app.recorder.store.profile(n)
    assert app.recorder.switch_profile(longest)
    app.switch("title")
    footer = size[1] - hint_height(app.ui)
    window = pygame.Rect((0, 0), size)
    PROBE.enabled, PROBE.problems = True, []

    def check(name):
        app.render()
        sc = app.manager.current
        assert sc.name != "error", app.manager.last_error
        for i, t in enumerate(sc.targets):
            assert window.contains(t.rect) and t.rect.bottom <= footer, f"{name}: {t.id} {tuple(t.rect)}"
            assert sc.card.contains(t.rect), f"{name}: {t.id} is outside the card"
            for u in sc.targets[i + 1:]:
                assert not t.rect.colliderect(u.rect), f"{name}: {t.id} overlaps {u.id}"
        assert not PROBE.problems, f"{name}: " + "; ".join(PROBE.problems[:5])

    try:
        check("title")
        label = d.target("profiles").label
        assert label.startswith("Playing as W") and label.endswith(" · Change")
        d.click("profiles")
        check("profiles")
        _focus(d, "back")
        check("profiles-end")
        d.click("new")
        d.type("Q" * 70)
        check("profiles-new-long")
        d.key(pygame.K_RETURN)
        check("profiles-new-refused")
    finally:
        PROBE.enabled = False
