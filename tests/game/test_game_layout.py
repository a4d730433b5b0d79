"""Every scene renders at 800×600 and 1920×1080, and text never overflows its box at any size."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._chrome import hint_height
from hrtraining.game._driver import best_pick
from hrtraining.game._text import PROBE
from hrtraining.game._theme import TEXT_SIZES

from game_helpers import SHIPPED, write_starter

BROKEN = "format: 1\nid: broken\ntitle: Broken\nclient: {name: X}\nstart: a\nnodes:\n  a: {text: hi}\n"


def visit_every_scene(app, d):
    """Walk through every scene and state; yields a name after each render."""
    def shot(name):
        PROBE.frame()
        app.render()
        return name

    app.switch("title")
    yield shot("title")
    app.switch("select")
    yield shot("select")
    app.manager.current.select(len(app.library.entries) - 1)
    yield shot("select-broken")
    app.manager.current.select(0)
    entry = app.library.entries[0]
    app.switch("content-notes", entry=entry)
    yield shot("content-notes")
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    d.step(0.2)
    yield shot("conversation-reveal")
    d.finish_reveal()
    yield shot("conversation")
    d.key(pygame.K_1 + best_pick(app.play))
    yield shot("conversation-coach")
    d.key(pygame.K_h)
    yield shot("backlog")
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_ESCAPE)
    yield shot("pause")
    d.key(pygame.K_ESCAPE)
    d.key(pygame.K_F3)
    yield shot("debug-overlay")
    d.key(pygame.K_F3)
    d.play_conversation(best_pick)
    yield shot("debrief-rate")
    d.key(pygame.K_3)
    for page in ("decisions", "scores", "summary"):
        yield shot(f"debrief-{page}")
        d.key(pygame.K_PAGEDOWN)
        yield shot(f"debrief-{page}-scrolled")
        d.key(pygame.K_RIGHT)
    app.switch("progress")
    yield shot("progress")
    if d.target("as-text") is not None:
        d.click("as-text")
        yield shot("progress-as-text")
        d.click("skill:next")
        d.click("as-text")
        yield shot("progress-next-skill")
    if d.target("attempt:0") is not None:
        d.click("attempt:0")
        yield shot("progress-attempt")
    app.switch("settings")
    yield shot("settings")
    app.switch("profiles")
    yield shot("profiles")
    if d.target("new") is not None:             # only with a progress store
        d.click("new")
        d.type("A name far too long to be accepted as a profile name, really")
        d.key(pygame.K_RETURN)
        yield shot("profiles-new-refused")
        d.key(pygame.K_ESCAPE)
    app.start_play(app.library.entries[0], "assessment")
    d.finish_reveal()
    d.key(pygame.K_1)
    app.switch("title")
    yield shot("title-with-continue")
    app.notify("A notice about something that happened, long enough to need wrapping on a small window.")
    app.switch("error", title="Something went wrong", message="ValueError: " + "x " * 80,
               details=["line one", "line two"])
    yield shot("error")


@pytest.fixture
def library(tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder)
    (folder / "zz-broken.yaml").write_text(BROKEN, encoding="utf-8")
    return folder


SIZES = [(800, 600), (1280, 720), (1920, 1080)]
LOOKS = {"regular": {}, "dyslexic": {"dyslexic_font": True}, "high-contrast": {"high_contrast": True}}


def check_frame(app, name, size, scene=""):
    """What every frame must hold: no fallback or error screen, targets on screen and apart,
    no text outside its box, and nothing cut off by a panel without a sign of more."""
    screen = pygame.Rect((0, 0), size)
    assert app.screen.get_size() == size
    assert app.manager.current is not None, f"{name}: fell back to the bare error screen"
    if (scene or name) != "error":
        assert app.manager.current.name != "error", f"{name}: {app.manager.last_error}"
    targets = app.manager.current.targets
    for i, t in enumerate(targets):
        assert screen.contains(t.rect), f"{name}: target {t.id} {tuple(t.rect)} is off screen"
        for u in targets[i + 1:]:
            assert not t.rect.colliderect(u.rect), f"{name}: {t.id} overlaps {u.id}"
    assert not PROBE.problems, f"{name}: " + "; ".join(PROBE.problems[:5])
    hidden = PROBE.uncued()
    assert not hidden, f"{name}: " + "; ".join(hidden[:5])
    scene = app.manager.current
    if scene.overlay and hasattr(scene, "card"):  # an overlay's card stays clear of its own footer
        assert scene.card.bottom <= size[1] - hint_height(app.ui), f"{name}: the card runs under the footer"


@pytest.mark.parametrize("look", list(LOOKS))
def test_every_scene_lays_out_at_every_size_text_size_and_look(make_app, library, look):
    """3 window sizes × 3 text sizes for each look (the regular face, the dyslexia-friendly
    face, the high-contrast theme): every scene of a whole play, every text inside its box,
    nothing clipped without a cue. One app per look, resized in place, keeps this fast."""
    app, d = make_app([library], record=True)
    for key, value in LOOKS[look].items():
        setattr(app.settings, key, value)
    seen = []
    PROBE.enabled, PROBE.problems = True, []
    try:
        for size in SIZES:
            for text_size in TEXT_SIZES:
                app.settings.text_size = text_size
                app.apply_settings(save=False)
                app.resize(*size)
                for name in visit_every_scene(app, d):
                    check_frame(app, f"{look} {size} {text_size} {name}", size, name)
                    seen.append(name)
    finally:
        PROBE.enabled = False
    assert "debrief-summary" in seen and "progress" in seen and "title-with-continue" in seen


def test_shipped_scenarios_conversation_fits_at_every_size(make_app):
    """The longest real texts: every decision of every shipped scenario, smallest window, largest
    text in the widest face (the dyslexia-friendly one): no text outside its box, nothing cut
    off without a cue."""
    app, d = make_app([SHIPPED], size=(800, 600))
    app.settings.text_size, app.settings.dyslexic_font = "largest", True
    app.apply_settings(save=False)
    PROBE.enabled, PROBE.problems = True, []

    def frame(where):
        PROBE.frame()
        app.render()
        hidden = PROBE.uncued()
        assert not PROBE.problems and not hidden, f"{where}: " + "; ".join((PROBE.problems + hidden)[:5])

    try:
        for entry in [e for e in app.library.entries if e.ok]:
            app.start_play(entry, "practice")
            for _ in range(300):
                if d.scene_name != "conversation":
                    break
                d.finish_reveal()
                frame(f"{entry.id} {app.play.session.state.node}")
                if app.play.beat.kind == "choice":
                    d.key(pygame.K_1 + best_pick(app.play))
                    frame(f"{entry.id} {app.play.session.state.node} coach")
                d.key(pygame.K_RETURN)
    finally:
        PROBE.enabled = False


def test_resize_relayouts(make_app, library):
    app, d = make_app([library])
    app.switch("select")
    app.feed(pygame.event.Event(pygame.VIDEORESIZE, size=(900, 700), w=900, h=700))
    assert app.screen.get_size() == (900, 700)
    assert app.theme.width == 900
    app.render()
    for t in app.manager.current.targets:
        assert pygame.Rect(0, 0, 900, 700).contains(t.rect)


SIX_METERS = """meters:                            # numbers the client's reactions move
  trust: {start: 2, min: 0, max: 5, label: Trust}
  judged: {start: 1, min: 0, max: 3, label: Feels judged by the counsellor}
  hope: {start: 3, min: 0, max: 10, label: Hope for the next month}
  plan: {start: 0, min: 0, max: 4, label: Going-out plan}
  money: {start: 40, min: 0, max: 100, label: Money left this week}
  sleep: {start: 2, min: 0, max: 5, label: Sleep}
"""


@pytest.mark.parametrize("size", [(800, 600), (1280, 720), (1920, 1080)])
@pytest.mark.parametrize("text_size", list(TEXT_SIZES))
@pytest.mark.parametrize("dyslexic", [False, True])
def test_every_meter_a_scenario_may_declare_is_shown_inside_the_plate(make_app, tmp_path, size, text_size,
                                                                     dyslexic):
    """A fifth meter used to vanish ([:4]); now every one of the six allowed is laid out inside the plate."""
    from hrtraining.engine import MAX_METERS

    folder = tmp_path / "six"
    write_starter(folder, text_edit=lambda t: t.replace(
        "meters:                            # numbers the client's reactions move\n"
        "  trust: {start: 2, min: 0, max: 5, label: Trust}\n", SIX_METERS))
    app, d = make_app([folder], size=size)
    app.settings.text_size, app.settings.dyslexic_font = text_size, dyslexic
    app.apply_settings(save=False)
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    sc = app.manager.current
    assert len(app.play.scenario.meters) == MAX_METERS == len(sc.meter_rows)
    inner = sc.plate.inflate(-2 * app.theme.gap, 0)
    for meter, label, bar in sc.meter_rows:
        for box in (label.move(inner.x, sc.plate.y), bar.move(inner.x, sc.plate.y)):
            assert sc.plate.contains(box), (meter.name, box, sc.plate)
    app.render()


def _plate_frame(app, sc):
    """Every meter flashing its widest change, the plate composed afresh, one frame drawn."""
    sc.meter_flash = {m.name: (-(m.max - m.min), 2.0) for m in app.play.scenario.meters.values()}
    sc._static = None  # the name plate is composed once per layout: compose it for this frame
    PROBE.frame()
    app.render()


def _check_plate(app, sc, where):
    """The client's name whole, every badge whole and clear of every label and bar, meter
    labels whole unless the plate had to fall back to cutting them, and all of it inside the plate."""
    play = app.play
    name = play.scenario.client.name
    labels = {m.label or m.name for m in play.scenario.meters.values()}
    cut = dict(PROBE.shortened)
    assert name not in cut, f"{where}: the client's name shown as {cut[name]!r}"
    badges = [(what, box) for what, _drawn, box in PROBE.boxes if what[:1] in "+−" and what[1:].isdigit()]
    assert len(badges) == len(sc.meter_rows), f"{where}: {len(badges)} badges for {len(sc.meter_rows)} meters"
    for what, _box in badges:
        assert what not in cut, f"{where}: the badge {what!r} shown as {cut[what]!r}"
    if sc.meter_mode != "cut":
        shortened = sorted(labels & set(cut))
        assert not shortened, f"{where}: meter labels cut ({sc.meter_mode} rows): {shortened}"
    inner = sc.plate.inflate(-2 * app.theme.gap, 0)
    bars = [bar.move(inner.x, sc.plate.y) for _, _, bar in sc.meter_rows]
    label_rects = [drawn for what, drawn, _box in PROBE.boxes if what in labels]
    for what, box in badges:
        assert sc.plate.contains(box), f"{where}: badge {what} {tuple(box)} outside the plate {tuple(sc.plate)}"
        for r in bars + label_rects:
            assert not box.colliderect(r), f"{where}: badge {what} {tuple(box)} covers {tuple(r)}"
    assert not PROBE.problems, f"{where}: " + "; ".join(PROBE.problems[:5])


LONG_NAME = "Magdalena-Christina Okonkwo"


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("dyslexic", [False, True])
def test_the_name_plate_never_cuts_the_name_a_badge_or_a_label_that_could_wrap(make_app, tmp_path, size, dyslexic):
    """In every layout plan, at every text size: the client's name is never shortened (it wraps,
    and the mode's chip moves under it); the "+1" badge is never cut to "…" nor drawn over the
    meter's pips or a label; a meter label is cut only when the plate cannot hold it any other
    way (it moves above its bar and wraps first)."""
    folder = tmp_path / "plate"
    write_starter(folder, text_edit=lambda t: t.replace("name: Sam", f"name: {LONG_NAME}").replace(
        "meters:                            # numbers the client's reactions move\n"
        "  trust: {start: 2, min: 0, max: 5, label: Trust}\n", SIX_METERS))
    app, d = make_app([SHIPPED, folder], size=size)
    app.settings.dyslexic_font = dyslexic
    PROBE.enabled, PROBE.problems = True, []
    try:
        for text_size in TEXT_SIZES:
            app.settings.text_size = text_size
            app.apply_settings(save=False)
            for sid in ("chosen-abstinence", "sam"):
                app.start_play(app.library.by_id(sid), "practice")
                d.finish_reveal()
                sc = app.manager.current
                for n, plan in enumerate(sc.plans()):
                    sc._layout_plan(*plan)
                    sc._place_targets()
                    _plate_frame(app, sc)
                    _check_plate(app, sc, f"{sid} {size} {text_size} dyslexic={dyslexic} plan {n}")
    finally:
        PROBE.enabled = False
