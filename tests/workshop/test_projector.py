"""The projector scene in a headless game window: leader keys, the wake-up hand-off, no overflow."""
from __future__ import annotations

import os
import threading

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402
import pytest  # noqa: E402

from hrtraining.game._app import App, Options  # noqa: E402
from hrtraining.game._text import PROBE  # noqa: E402
from hrtraining.game.projector import WAKE, ProjectorScene  # noqa: E402
from hrtraining.workshop import presenter  # noqa: E402

from wshelpers import GOLDEN  # noqa: E402


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


def key(app, k, unicode=""):
    app.feed(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=unicode, scancode=0))


def pump(app):
    for e in pygame.event.get():
        app.feed(e)
    app.step(0.6)


def render_everywhere(app, sizes=((800, 600), (1280, 720), (1920, 1080))):
    """Render at each size with the overflow probe on; return the problems found."""
    PROBE.enabled, PROBE.problems = True, []
    try:
        for w, h in sizes:
            app.resize(w, h)
            app.render()
        return list(PROBE.problems)
    finally:
        PROBE.enabled = False
        app.resize(1280, 720)


def test_the_title_menu_opens_the_setup_which_starts_a_room(app):
    title = app.manager.current
    assert title.name == "title" and any(t.id == "workshop-setup" for t in title.targets)
    title.activate("workshop-setup")  # the game registers the workshop scenes on first use
    assert {"workshop", "workshop-setup"} <= set(app.manager.scenes)
    assert app.manager.current.name == "workshop-setup"
    assert render_everywhere(app) == []
    key(app, pygame.K_RETURN)
    scene = app.manager.current
    assert scene.name == "workshop" and scene.server is not None and scene.server.running
    assert scene.workshop.store is app.recorder.store  # votes go to the game's own store
    key(app, pygame.K_ESCAPE)  # Esc never ends a room
    assert not scene.workshop.room.ended
    key(app, pygame.K_e)
    key(app, pygame.K_y)  # confirm ending an unfinished story
    assert scene.view.debrief is not None
    key(app, pygame.K_ESCAPE)  # nor leaves the debrief
    assert app.manager.current.name == "workshop" and scene.server is not None
    key(app, pygame.K_q)
    key(app, pygame.K_y)  # leaving asks too
    assert app.manager.current.name == "title" and scene.server is None


def test_leader_keys_drive_the_room_and_votes_wake_the_screen(app):
    entry = app.library.entries[0]
    app.switch("workshop", entry=entry, host="127.0.0.1", port=0)
    scene = app.manager.current
    w = scene.workshop
    assert scene.view.phase == "notes" and render_everywhere(app) == []  # content notes first
    key(app, pygame.K_RETURN)  # the leader begins the story
    assert scene.view.phase == "waiting" and render_everywhere(app) == []
    key(app, pygame.K_o)
    assert scene.view.phase == "open"
    tokens = [w.join(None, f"p{i}")[0].token for i in range(5)]

    def phones():  # votes arrive on another thread, as from the server
        for i, t in enumerate(tokens):
            w.vote(t, 0, 1 + (i % 2))
    th = threading.Thread(target=phones)
    th.start()
    th.join()
    events = pygame.event.get()
    assert any(e.type == WAKE for e in events)
    assert sum(e.type == WAKE for e in events) <= 2  # coalesced: one pending wake at a time
    for e in events:
        app.feed(e)
    assert scene.view.voted == 5 and scene.view.participants == 5
    assert all(o.votes is None for o in scene.view.options)  # how many, not what
    assert render_everywhere(app) == []
    key(app, pygame.K_c)
    key(app, pygame.K_r)
    assert scene.view.phase == "revealed" and [o.votes for o in scene.view.options] == [3, 2, 0]
    app.step(0.1)
    assert scene.animating()  # bars grow
    pump(app)
    key(app, pygame.K_f)
    assert scene.view.phase == "feedback" and scene.view.options[0].feedback
    assert render_everywhere(app) == []
    key(app, pygame.K_RETURN)
    assert scene.view.seq == 1 and scene.view.phase == "waiting"
    key(app, pygame.K_b)
    assert scene.view.seq == 0
    key(app, pygame.K_h)
    assert scene.hands is not None and render_everywhere(app) == []
    key(app, pygame.K_4, "4")
    key(app, pygame.K_DOWN)
    key(app, pygame.K_9, "9")
    key(app, pygame.K_RETURN)
    assert scene.hands is None and w.snapshot.hands == {1: 4, 2: 9}
    assert w.flush() and {h.choice_index: h.count for h in w.store.room_hands(w.room.code)} == {0: 4, 1: 9}
    key(app, pygame.K_RETURN)  # 7 vs 11: option 2 wins
    assert w.room.decided[-1].number == 2
    key(app, pygame.K_e)
    assert scene.confirm == "end" and render_everywhere(app) == []
    key(app, pygame.K_ESCAPE)  # Esc keeps going: it never ends a room
    assert not scene.confirm and not w.room.ended
    key(app, pygame.K_9)  # a number with no option: ignored
    key(app, pygame.K_c)  # refused (not open): a notice, no crash
    assert app.notice
    key(app, pygame.K_l)
    key(app, pygame.K_e)
    key(app, pygame.K_y)
    assert w.room.ended and scene.view.debrief is not None
    assert render_everywhere(app) == []
    key(app, pygame.K_DOWN)
    key(app, pygame.K_ESCAPE)
    assert app.manager.current.name == "workshop"  # the debrief stays up
    key(app, pygame.K_q)
    key(app, pygame.K_y)
    assert app.manager.current.name == "title"


def test_without_a_room_the_scene_says_so(app):
    app.switch("workshop")
    assert app.manager.current.name == "workshop" and app.manager.current.view is None
    app.render()
    key(app, pygame.K_ESCAPE)
    assert app.manager.current.name == "title"


def test_high_contrast_and_largest_text_still_fit(app):
    app.settings.high_contrast = True
    app.settings.text_size = "largest"
    app.apply_settings(save=False)
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0)
    scene = app.manager.current
    w = scene.workshop
    t = w.join(None, "Ana")[0].token
    w.open_vote()
    w.vote(t, 0, 1)
    w.show_feedback()
    pump(app)
    assert render_everywhere(app) == []


def test_the_window_resumes_a_room_typed_in_lower_case(tmp_path, monkeypatch):
    """``hrtraining workshop --resume k7m-2qx``: the scenario is found from the room, and resumed."""
    from hrtraining.engine import find_rubric, load_rubric, load_scenario
    from hrtraining.progress import Store
    from hrtraining.workshop import Workshop
    from hrtraining.game import run_workshop as run_window

    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path / "config"))
    rubric = load_rubric(find_rubric(GOLDEN))
    with Store.open(tmp_path / "data") as store:
        w = Workshop.create(load_scenario(GOLDEN, rubric), rubric, store, "Leader")
        code = w.room.code
        w.close()
    seen = []

    def run(self):  # instead of the window's loop: what the projector shows
        scene = self.manager.current
        w = getattr(scene, "workshop", None)
        seen.append((scene.name, getattr(scene, "problem", None), w and w.room.code))
        return 0
    monkeypatch.setattr(App, "run", run)
    typed = f"{code[:3].lower()}-{code[3:].lower()}"
    assert run_window(resume=typed, scenario_dirs=[str(GOLDEN.parent)], host="127.0.0.1", port=0,
                      data_dir=str(tmp_path / "data")) == 0
    assert seen == [("workshop", "", code)]
    pygame.event.clear()


def test_the_projector_lays_out_once_per_shape_and_scrolls_before_drawing(app, monkeypatch):
    """Layout happens in ``layout`` (draw changes no state): PageDown works before any frame."""
    from dataclasses import replace
    app.resize(800, 600)
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0)
    scene = app.manager.current
    w = scene.workshop
    w.open_vote()
    w.show_feedback()
    v = w.snapshot  # feedback too long for the wall: the choices scroll
    w.snapshot = replace(v, version=v.version + 1,
                         options=tuple(replace(o, feedback=o.feedback * 12) for o in v.options))
    pump(app)
    assert scene.area.max_offset > 0
    key(app, pygame.K_PAGEDOWN)  # no frame has been drawn yet
    assert scene.area.offset > 0
    fits = []
    fit = ProjectorScene._fit
    monkeypatch.setattr(ProjectorScene, "_fit", lambda self, *a, **k: fits.append(a) or fit(self, *a, **k))

    def state():
        return scene.area.view.copy(), scene.area.content_h, scene.area.offset, scene.plan
    before = state()
    for _ in range(3):
        app.render()
    assert fits == [] and state() == before  # drawing laid nothing out and changed nothing
    w.snapshot = replace(w.snapshot, version=w.snapshot.version + 1, voted=1)  # same shape: no layout
    pump(app)
    app.render()
    assert fits == [] and scene.view.voted == 1
    w.go_on(1)  # a new decision: laid out again, from the top
    pump(app)
    assert len(fits) >= 1 and scene.area.offset == 0
    app.resize(1280, 720)


def test_a_show_of_hands_without_phones_is_a_vote_the_room_can_reveal(app):
    """No network: H, typed counts, Enter make a closed vote; R reveals it and F shows the feedback."""
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0)
    scene = app.manager.current
    w = scene.workshop
    key(app, pygame.K_RETURN)  # past the content notes
    assert "H for a show of hands" in presenter(scene.view).next_step  # the leader's, not the wall's
    assert "H " not in scene._status(scene.view)
    key(app, pygame.K_h)
    for k, ch in ((pygame.K_2, "2"), (pygame.K_DOWN, ""), (pygame.K_5, "5")):
        key(app, k, ch)
    key(app, pygame.K_RETURN)
    assert scene.view.phase == "closed"
    status = scene._status(scene.view)
    assert "press O" not in status and "7 hands" in status and "R reveals" not in status
    assert "R reveals" in presenter(scene.view).next_step
    assert render_everywhere(app) == []
    key(app, pygame.K_r)
    assert scene.view.phase == "revealed" and [o.votes for o in scene.view.options] == [2, 5, 0]
    assert "7 hands" in scene._status(scene.view) and "phone" not in scene._status(scene.view)
    key(app, pygame.K_f)
    assert scene.view.phase == "feedback" and scene.view.options[0].feedback
    key(app, pygame.K_RETURN)
    assert w.room.decided[-1].number == 2 and w.room.decided[-1].how == "majority"
    # Phones and hands together: the reveal says which is which.
    key(app, pygame.K_o)
    tokens = [w.join(None, None)[0].token for _ in range(3)]
    for t in tokens:
        w.vote(t, 1, 1)
    key(app, pygame.K_h)
    key(app, pygame.K_2, "2")
    key(app, pygame.K_RETURN)
    pump(app)
    assert scene.view.phase == "open" and "+ 2 hands" in scene._status(scene.view)
    key(app, pygame.K_r)
    assert "3 phone votes + 2 hands" in scene._status(scene.view)


def test_the_window_refuses_an_unknown_room_before_opening(tmp_path, monkeypatch, capsys):
    """``hrtraining workshop --resume kkk-kkk`` says so on the terminal; no window opens on nothing."""
    from hrtraining.game._app import App
    from hrtraining.game import run_workshop as run_window

    def no_window(self, *a, **k):
        raise AssertionError("a window was opened for a room that does not exist")
    monkeypatch.setattr(App, "__init__", no_window)
    assert run_window(resume="kkk-kkk", data_dir=str(tmp_path / "data"), host="127.0.0.1", port=0) == 2
    assert "there is no workshop room KKKKKK" in capsys.readouterr().err



@pytest.fixture
def given_up(tmp_path, monkeypatch):
    """A window on the given-up scenario: its three rubric dimensions fill the debrief's left panel."""
    from hrtraining.engine import PROJECT_ROOT
    from hrtraining.game.projector import register

    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path / "config"))
    a = App(Options(size=(1280, 720), library_paths=[str(PROJECT_ROOT / "scenarios" / "given-up.yaml")],
                    data_dir=str(tmp_path / "data"), profile="Leader"))
    register(a)
    yield a
    scene = a.manager.scenes.get("workshop")
    if isinstance(scene, ProjectorScene):
        scene.leave(switch=False)
    a.recorder.close()
    pygame.event.clear()


def _debrief_with_leaders(app, leaders):
    """An ended room's debrief on the wall, its leaderboard on and holding ``leaders``."""
    import dataclasses

    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0, presenter="off")
    scene = app.manager.current
    w = scene.workshop
    w.toggle_leaderboard()
    w.begin()
    t = w.join(None, "Ana")[0].token
    for seq in range(2):  # two decisions made: every dimension has a level on the wall
        w.open_vote()
        w.vote(t, seq, 2).result(5)
        w.close_vote()
        w.go_on()
    w.end()
    pump(app)
    assert scene.view.debrief is not None
    scene.view = dataclasses.replace(scene.view, leaders=tuple(leaders))
    return scene


def _texts_drawn(app, scene, size, everything=False):
    """The texts drawn below the "Leaderboard" heading at ``size`` (or all of them)."""
    drawn: list[str] = []
    ui = scene.ui
    label, para = ui.label, ui.para

    def spy_label(surf, text, *a, **k):
        drawn.append(text)
        return label(surf, text, *a, **k)

    def spy_para(surf, text, *a, **k):
        drawn.append(text)
        return para(surf, text, *a, **k)

    ui.label, ui.para = spy_label, spy_para
    try:
        app.resize(*size)
        scene.layout()
        app.render()
    finally:
        del ui.label, ui.para
    if everything:
        return drawn
    board = drawn[drawn.index("Leaderboard") + 1:]
    return board[:next(i for i, t in enumerate(board) if t.startswith("Decision 1"))]  # the right panel follows


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_people_tied_at_first_all_stay_on_the_wall_debrief(given_up, size):
    scene = _debrief_with_leaders(given_up, [("Ana 🌱 Bo", 0.5, "fair"), ("Cy", 0.5, "fair"),
                                             ("Hana 🌱", 0.5, "fair")])
    drawn = _texts_drawn(given_up, scene, size)
    text = " ".join(drawn)
    assert all(n in text for n in ("Ana", "Cy", "Hana")), drawn
    assert "2." not in text and "3." not in text and "more" not in text  # a tie shares its rank


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_a_full_leaderboard_is_cut_between_ties_and_says_how_many_more(given_up, size):
    top = [("Ana", 0.9, "good"), ("Bob", 0.9, "good"), ("Cy", 0.9, "good")]
    rest = [(f"P{i}", 0.8 - i / 100, "fair") for i in range(30)]
    drawn = _texts_drawn(given_up, _debrief_with_leaders(given_up, top + rest), size)
    text = " ".join(drawn)
    assert all(n in text for n in ("Ana", "Bob", "Cy")), drawn
    assert drawn[-1].startswith("+") and drawn[-1].endswith(" more"), drawn
    shown = sum(f"P{i} " in text for i in range(30))
    assert shown + int(drawn[-1].split()[0][1:]) == 30, drawn  # everyone is shown or counted


def test_the_wall_debrief_says_1_vote_not_1_votes(given_up):
    drawn = _texts_drawn(given_up, _debrief_with_leaders(given_up, []), (1280, 720), everything=True)
    assert any(t.endswith("· 1 vote") for t in drawn) and not any("1 votes" in t for t in drawn), drawn


def test_closing_the_room_warns_that_phones_lose_the_page(app):
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0)
    scene = app.manager.current
    key(app, pygame.K_q)
    title, text = scene.confirm_text()
    assert "phones lose this page" in text and "saved or printed their summary" in text
    assert render_everywhere(app) == []
    key(app, pygame.K_ESCAPE)  # keeps going
    assert app.manager.current is scene and scene.server is not None


def test_an_address_given_with_advertise_stays_in_the_setup_list_selected(app, monkeypatch):
    from hrtraining.game.projector import register
    from hrtraining.workshop import Interface
    monkeypatch.setattr("hrtraining.workshop.interfaces",
                        lambda: [Interface("wlan0", "192.0.2.7", 24, False, False)])
    register(app)
    app.workshop_advertise = app.workshop_advertise_given = "laptop.local"  # as run_window sets them
    app.switch("workshop-setup")
    setup = app.manager.current
    assert setup.items[-1][0] != "address" and "laptop.local · given with --advertise" in setup.items[0][1]
    assert app.workshop_advertise == "laptop.local"
    setup.activate("address")  # Enter moves to this machine's own address...
    assert app.workshop_advertise == "192.0.2.7"
    setup.activate("address")  # ...and back: the given one is still in the list
    assert app.workshop_advertise == "laptop.local"
    assert render_everywhere(app) == []
    setup.activate(next(i[0] for i in setup.items if i[0].startswith("play:")))
    scene = app.manager.current
    assert scene.name == "workshop" and "laptop.local" in scene.server.url


def _wall_texts(app, scene):
    """Every text drawn on the wall in one frame."""
    drawn: list[str] = []
    ui = scene.ui
    label, para = ui.label, ui.para
    ui.label = lambda surf, text, *a, **k: (drawn.append(text), label(surf, text, *a, **k))[1]
    ui.para = lambda surf, text, *a, **k: (drawn.append(text), para(surf, text, *a, **k))[1]
    try:
        app.render()
    finally:
        del ui.label, ui.para
    return drawn


def test_the_show_of_hands_keys_are_in_the_presenter_view_not_on_the_wall(app, capsys):
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0, presenter="terminal")
    scene = app.manager.current
    key(app, pygame.K_RETURN)  # past the content notes
    key(app, pygame.K_h)
    wall = " ".join(_wall_texts(app, scene))
    assert "Show of hands" in wall and "Enter save" not in wall and "Esc cancel" not in wall
    assert "type the numbers" not in wall
    assert "Enter save · Esc cancel" in capsys.readouterr().out  # the terminal presenter
    texts: list[str] = []
    para = scene.ui.para
    scene.ui.para = lambda surf, text, *a, **k: (texts.append(text), para(surf, text, *a, **k))[1]
    try:
        scene.presenter_surface()  # the presenter window's drawing
    finally:
        del scene.ui.para
    assert any("Enter save · Esc cancel" in t for t in texts)


def test_refusals_go_to_the_presenter_not_the_wall(app, capsys):
    app.switch("workshop", entry=app.library.entries[0], host="127.0.0.1", port=0, presenter="terminal")
    assert app.manager.current.terminal is not None
    key(app, pygame.K_RETURN)
    key(app, pygame.K_c)  # refused: the vote is not open
    assert not app.notice
    assert "[presenter] " in capsys.readouterr().out
    key(app, pygame.K_l)
    assert not app.notice and "Leaderboard on" in capsys.readouterr().out


def test_from_the_title_screen_a_leader_with_one_display_gets_the_terminal_presenter(app, monkeypatch, capsys):
    import sys
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    app.manager.current.activate("workshop-setup")
    key(app, pygame.K_RETURN)
    scene = app.manager.current
    assert scene.name == "workshop" and scene.terminal is not None and scene.presenter is None
    key(app, pygame.K_c)
    assert not app.notice and "[presenter]" in capsys.readouterr().out
