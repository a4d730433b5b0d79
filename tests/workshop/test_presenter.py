"""The presenter view (a second window, headless with SDL's dummy driver) and what the wall may show."""
from __future__ import annotations

import io
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from hrtraining.game._app import App, Options  # noqa: E402
from hrtraining.game.projector import ProjectorScene  # noqa: E402
from hrtraining.game.projector._presenter import TerminalPresenter  # noqa: E402

from test_projector import key, pump, render_everywhere  # noqa: E402
from wshelpers import GOLDEN  # noqa: E402

LEADER_WORDS = ("press ", "Press ", "Enter", "Esc", " O ", "R reveals", "H for", "number to pick")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path / "config"))
    a = App(Options(size=(1280, 720), library_paths=[str(GOLDEN)], data_dir=str(tmp_path / "data"),
                    profile="Leader"))
    yield a
    scene = a.manager.scenes.get("workshop")
    if isinstance(scene, ProjectorScene):
        scene.leave(switch=False)
    a.recorder.close()
    pygame.event.clear()


def start(app, **params):
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0, **params)
    return app.manager.current


def colours(surface: pygame.Surface) -> int:
    small = pygame.transform.scale(surface, (64, 40))
    return len({small.get_at((x, y))[:3] for x in range(64) for y in range(40)})


def test_the_presenter_window_shows_what_only_the_leader_needs(app):
    scene = start(app, presenter="window")
    w = scene.workshop
    assert scene.presenter is not None and scene.presenter.window.size == (960, 640)
    people = [w.join(None, n)[0] for n in ("Ana", "Hana 🌱", None)]
    key(app, pygame.K_RETURN)
    key(app, pygame.K_o)
    w.vote(people[0].token, 0, 1)
    pump(app)
    app.render()  # draws the wall and, into its own window, the presenter view
    surf = scene.presenter.surface()
    assert surf.get_size() == (960, 640) and colours(surf) > 8  # something was drawn there
    from hrtraining.workshop import presenter
    p = presenter(scene.view)
    assert p.timer.startswith("vote open 0:0") and p.counts.startswith("3 connected · 1 of 3 voted")
    assert p.prompt and "C closes it" in p.next_step
    assert [e.label for e in scene.roster()] == ["Ana", "Hana 🌱", "Anonymous 3"]
    # A leader's refusal goes to the presenter, not a toast on the wall.
    key(app, pygame.K_b)
    assert scene.presenter.message and not app.notice
    # Remove the third person from the list: select, X, then Y.
    key(app, pygame.K_RIGHTBRACKET)
    key(app, pygame.K_RIGHTBRACKET)
    key(app, pygame.K_x)
    assert scene.confirm == "remove" and "Anonymous 3" in scene.confirm_text()[0]
    key(app, pygame.K_y)
    assert [e.label for e in w.roster()] == ["Ana", "Hana 🌱"]
    key(app, pygame.K_k)
    assert w.snapshot.locked
    key(app, pygame.K_v)  # V closes (and opens) the window
    assert scene.presenter is None
    key(app, pygame.K_v)
    assert scene.presenter is not None


def test_one_screen_puts_the_presenter_view_on_the_terminal(app):
    scene = start(app, presenter="terminal")
    out = io.StringIO()
    scene.terminal = TerminalPresenter(out)
    app.render()
    assert out.getvalue() == ""  # drawing a frame changes nothing: the terminal is told by update
    app.step(0)
    text = out.getvalue()
    assert "[presenter] Room" in text and "content notes" in text and "Enter begins the story" in text
    app.step(0)
    app.render()
    assert out.getvalue() == text  # printed when it changes, not every frame
    key(app, pygame.K_RETURN)  # the story begins: printed at once, with no frame drawn
    assert "Enter begins the story" not in out.getvalue()[len(text):] and len(out.getvalue()) > len(text)


def test_the_wall_never_shows_the_leaders_instructions(app):
    scene = start(app, presenter="off")

    seen = [scene._status(scene.view)]
    key(app, pygame.K_RETURN)
    for k in (pygame.K_o, pygame.K_c, pygame.K_r, pygame.K_f):
        seen.append(scene._status(scene.view))
        key(app, k)
    seen.append(scene._status(scene.view))
    key(app, pygame.K_RETURN)  # no votes: tied, the leader must pick
    assert scene.view.tie and not app.notice  # said in the banner, not a toast over it
    seen.append(scene._status(scene.view))
    assert "the leader decides" in seen[-1]
    for status in seen:
        assert not any(word in status for word in LEADER_WORDS), status
    assert scene.keys_until == 0
    key(app, pygame.K_SLASH)  # "?" shows the keys for a moment, on purpose
    assert scene.keys_until > app.clock
    assert render_everywhere(app) == []


def test_content_notes_and_the_take_care_pause_on_the_wall(app, tmp_path):
    scene = start(app, presenter="off")
    w = scene.workshop
    assert scene.view.phase == "notes" and scene.view.lines == ()
    assert render_everywhere(app) == []
    if os.environ.get("HRTRAINING_SHOTS"):
        app.capture(tmp_path / "notes.png")
    key(app, pygame.K_p)
    assert w.snapshot.paused and render_everywhere(app) == []
    key(app, pygame.K_p)
    assert not w.snapshot.paused
    key(app, pygame.K_RETURN)
    assert scene.view.phase == "waiting"


def test_the_lines_page_back_on_the_wall(app):
    from dataclasses import replace

    from hrtraining.engine import ShownLine
    scene = start(app, presenter="off")
    w = scene.workshop
    key(app, pygame.K_RETURN)
    long = tuple(ShownLine("client", "Jo", f"Line {i}: " + "and then I said something else " * 6) for i in range(7))
    w.snapshot = replace(w.snapshot, version=w.snapshot.version + 1, lines=long)
    pump(app)
    plan = scene.plan
    assert plan.earlier > 0 and plan.lines[-1].text.startswith("Line 6")
    key(app, pygame.K_UP)
    assert scene.plan.later == 1 and scene.plan.lines[-1].text.startswith("Line 5")
    assert render_everywhere(app) == []
    for _ in range(10):
        key(app, pygame.K_UP)
    assert scene.plan.lines[0].text.startswith("Line 0")  # the first line can be reached
    key(app, pygame.K_DOWN)
    assert scene.back_lines == 5


def test_a_name_the_font_cannot_draw_loses_the_glyph_not_the_name(app):
    scene = start(app, presenter="off")
    assert scene.plain("Hana 🌱", "small") == "Hana"
    assert scene.plain("Ana", "small") == "Ana"


def test_an_ended_room_reopens_from_the_setup_screen_and_saves_its_report(app):
    scene = start(app, presenter="off")
    w = scene.workshop
    code = w.room.code
    ana = w.join(None, "Ana")[0]
    w.open_vote()
    w.vote(ana.token, 0, 1)
    w.go_on()
    key(app, pygame.K_e)
    key(app, pygame.K_y)
    key(app, pygame.K_q)
    key(app, pygame.K_y)
    assert app.manager.current.name == "title"
    app.switch("workshop-setup")
    setup = app.manager.current
    ids = [i[0] for i in setup.items]
    assert ids[0] == "address" and f"review:{code}" in ids
    setup.activate(f"review:{code}")
    scene = app.manager.current
    assert scene.view.debrief is not None and scene.workshop.read_only
    assert scene.workshop.summary(ana.token)["voted"] == 1
    key(app, pygame.K_x)
    data = app.recorder.store.data_dir
    assert (data / f"room-{code}-report.csv").exists() and (data / f"room-{code}-report.html").exists()
    assert render_everywhere(app) == []


def test_the_setup_screen_cycles_the_phones_address(app, monkeypatch):
    from hrtraining.workshop import Interface
    found = [Interface("wlan0", "192.168.1.23", 24, False, False), Interface("tun0", "10.8.0.6", 24, True, False)]
    monkeypatch.setattr("hrtraining.workshop.interfaces", lambda: found)
    app.switch("workshop-setup")
    setup = app.manager.current
    assert setup.items[0][1] == "Phones join at: 192.168.1.23 · wlan0"
    setup.activate("address")
    assert app.workshop_advertise == "10.8.0.6" and "looks like a VPN" in setup.items[0][1]
    setup.activate("address")
    assert app.workshop_advertise == "192.168.1.23"
    assert render_everywhere(app) == []


def test_the_network_self_test_reports_to_the_leader(app, monkeypatch):
    import hrtraining.workshop as ws
    monkeypatch.setattr(ws, "self_test", lambda url, timeout=3.0: (False, "The phone page did not answer."))
    app.switch("workshop", entry=app.library.entries[0], host="0.0.0.0", port=0, presenter="off",
               advertise="127.0.0.1")
    scene = app.manager.current
    assert scene.server.url.startswith("http://127.0.0.1:")  # the address chosen is the one given
    import time
    end = time.monotonic() + 5
    while not scene.net_check and time.monotonic() < end:
        time.sleep(0.02)
    app.step(0.1)
    assert scene.net_check.startswith("Network check failed") and "did not answer" in app.notice


# -- the leader's questions (end, close, remove) are the leader's, not the room's --------------------
def _drawn_on(scene, draw) -> list[str]:
    """The texts ``draw()`` puts through the scene's Ui (every label and paragraph)."""
    drawn: list[str] = []
    ui = scene.ui
    label, para = ui.label, ui.para
    ui.label = lambda surf, text, *a, **k: (drawn.append(text), label(surf, text, *a, **k))[1]
    ui.para = lambda surf, text, *a, **k: (drawn.append(text), para(surf, text, *a, **k))[1]
    try:
        draw()
    finally:
        del ui.label, ui.para
    return drawn


def _wall(app, scene) -> list[str]:
    """What the projector window draws, without the presenter view (window or terminal)."""
    surf = pygame.Surface((1280, 720))
    scene._draw_presenter = lambda: None  # an instance attribute hides the method for this draw
    try:
        return _drawn_on(scene, lambda: scene.draw(surf))
    finally:
        del scene._draw_presenter


QUESTIONS = [(pygame.K_e, "End the workshop?"), (pygame.K_q, "Close the room's screen?"), (pygame.K_x, "Remove Ana?")]


@pytest.mark.parametrize("k, title", QUESTIONS)
def test_with_the_terminal_presenter_the_question_is_asked_there_and_the_wall_waits(app, k, title):
    scene = start(app, presenter="terminal")
    out = io.StringIO()
    scene.terminal = TerminalPresenter(out)
    scene.workshop.join(None, "Ana")
    pump(app)
    key(app, k)
    assert scene.confirm
    app.render()
    printed = out.getvalue()
    assert title in printed and "Press Y in the projector window" in printed
    wall = _wall(app, scene)
    assert "One moment…" in wall
    body = scene.confirm_text()[1]
    assert not any(title in t or body in t or "Y: yes" in t for t in wall), wall
    assert render_everywhere(app) == []
    key(app, pygame.K_ESCAPE)  # answered in the window as before: Esc keeps going
    assert not scene.confirm and scene.workshop is not None and not scene.workshop.room.ended
    assert "One moment…" not in _wall(app, scene)


def test_the_terminal_leader_still_ends_the_room_with_y_in_the_window(app):
    scene = start(app, presenter="terminal")
    scene.terminal = TerminalPresenter(io.StringIO())
    key(app, pygame.K_e)
    app.render()
    key(app, pygame.K_y)
    assert scene.workshop.room.ended and not scene.confirm


def test_with_the_presenter_window_the_question_is_drawn_there_not_on_the_wall(app):
    scene = start(app, presenter="window")
    assert scene.presenter is not None
    scene.workshop.join(None, "Ana")
    pump(app)
    key(app, pygame.K_x)
    assert scene.confirm == "remove"
    wall = _wall(app, scene)
    assert "One moment…" in wall and not any("Remove" in t for t in wall), wall
    from hrtraining.game._text import PROBE
    PROBE.enabled, PROBE.problems = True, []
    try:
        shown = _drawn_on(scene, lambda: scene.presenter_surface())
    finally:
        PROBE.enabled = False
    assert "Remove Ana?" in shown and any("Y: yes" in t for t in shown), shown
    assert PROBE.problems == []  # the question fits the presenter window
    key(app, pygame.K_y)
    assert [e.label for e in scene.workshop.roster()] == []


@pytest.mark.parametrize("k, title", QUESTIONS)
def test_with_no_presenter_at_all_the_question_stays_on_the_wall(app, k, title):
    scene = start(app, presenter="off")
    assert scene.presenter is None and scene.terminal is None
    scene.workshop.join(None, "Ana")
    pump(app)
    key(app, k)
    wall = _wall(app, scene)
    assert title in wall and any("Y: yes" in t for t in wall) and "One moment…" not in wall, wall
    assert render_everywhere(app) == []
