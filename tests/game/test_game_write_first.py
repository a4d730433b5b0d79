"""Own words first in the window: the text box, the closeness mark, "Try that again", the debrief's
own words, replays and previews from every decision, the reflection, and kill -9 after a reply."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pygame
import pytest

from game_helpers import SHIPPED
from hrtraining.game._driver import best_pick
from hrtraining.practice import Library
from hrtraining.progress import Store

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"
REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(e.id for e in Library([str(SHIPPED)]).entries if e.ok)


def begin(app, d, entry_id: str | None = None, mode: str = "practice") -> None:
    entry = app.library.by_id(entry_id) if entry_id else app.library.entries[0]
    app.switch("content-notes", entry=entry)
    d.key(pygame.K_p if mode == "practice" else pygame.K_a)
    d.key(pygame.K_RETURN)
    d.finish_reveal()


def stored(app):
    return app.recorder.attempt(app.play.attempt_id)


# -- on by default, per play ---------------------------------------------------------------------

def test_own_words_first_is_on_by_default_in_practice_and_can_be_changed_per_play(make_app):
    app, d = make_app([GOLDEN], write_first=None)
    assert app.settings.write_first is True
    app.switch("content-notes", entry=app.library.entries[0])
    scene = app.manager.current
    assert scene.writes_first                       # practice: on
    d.key(pygame.K_a)
    assert not scene.writes_first                   # assessment: off unless asked for
    d.key(pygame.K_w)
    assert scene.writes_first                       # asked for, for this play
    d.key(pygame.K_p)
    d.click("write-first")
    assert not scene.writes_first
    d.click("begin")
    d.finish_reveal()
    assert d.scene_name == "conversation" and not app.play.write_first


# -- the text box --------------------------------------------------------------------------------

def test_the_options_stay_hidden_until_words_are_written_and_marked(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    begin(app, d)
    assert d.scene_name == "compose" and app.manager.stack[-2].name == "conversation"
    assert not d.scene.overlay                       # a full scene: the options beneath are not drawn
    assert [s.name for s in app.manager.showing()] == ["compose"]
    assert d.scene.title == "What would you say to Jo?"
    assert [t for _, t, _ in d.scene.lines] == ["Jo sits down.", "I only drank four nights this week."]
    for k in (pygame.K_1, pygame.K_2, pygame.K_RETURN):  # no option can be chosen from here
        d.key(k)
    assert d.scene_name == "compose" and app.play.decisions == 0
    assert d.scene.box.edit.text == "\n"             # Enter made a new line, digits came as no text
    d.key(pygame.K_BACKSPACE)
    d.type("Four nights, down from seven.")
    d.key(pygame.K_RETURN)
    d.type("What made the difference?")
    d.step(2.0, 3)                                   # time passes while writing
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    assert d.scene_name == "closeness"
    assert d.scene.options == [o.text for o in app.play.beat.options]
    [reply] = stored(app).replies                    # stored when submitted, before any option is picked
    assert reply.text == "Four nights, down from seven.\nWhat made the difference?" and reply.seconds >= 6
    assert reply.closeness is None and stored(app).choices == ()
    d.key(pygame.K_2)
    assert d.scene_name == "conversation" and d.scene.phase == "choose"
    assert stored(app).replies[0].closest_text == "Four nights, you said?"
    d.key(pygame.K_1)
    assert [c.choice_index for c in stored(app).choices] == [0]


def test_an_empty_submit_is_refused_and_an_empty_skip_is_recorded_as_skipped(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    begin(app, d)
    d.type("   ")
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    assert d.scene_name == "compose" and "or choose Skip" in d.scene.message
    assert stored(app).replies == ()
    d.key(pygame.K_BACKSPACE, mod=pygame.KMOD_LCTRL)  # Ctrl+Backspace: the spaces go
    assert d.scene.box.edit.text == ""
    d.press("skip")                                   # Tab to Skip, Enter
    assert d.scene_name == "conversation" and d.scene.phase == "choose"  # no closeness step for a skip
    [reply] = stored(app).replies
    assert (reply.skipped, reply.text, reply.closeness) == (True, "", None)


def test_ime_composition_shows_underlined_and_commits_as_one_text(make_app, monkeypatch):
    rects: list[pygame.Rect] = []
    monkeypatch.setattr(pygame.key, "set_text_input_rect", lambda r: rects.append(pygame.Rect(r)))
    app, d = make_app([GOLDEN], record=True, write_first=True)
    begin(app, d)
    d.type("Jo, ")
    edit = d.scene.box.edit
    for partial, cursor in (("に", 1), ("にほ", 2), ("日本", 2)):
        app.feed(pygame.event.Event(pygame.TEXTEDITING, text=partial, start=cursor, length=0))
        assert edit.text == "Jo, " and edit.composition == partial   # composing: not part of the text yet
        assert edit.shown() == ("Jo, " + partial, 4 + cursor, (4, 4 + len(partial)))
        app.render()                                                 # drawn underlined at the caret
    d.key(pygame.K_BACKSPACE)                                        # the input method's key, not ours
    d.key(pygame.K_LEFT)
    assert edit.text == "Jo, " and edit.composition == "日本"
    app.feed(pygame.event.Event(pygame.TEXTINPUT, text="日本"))      # committed
    assert edit.text == "Jo, 日本" and edit.composition == "" and edit.cursor == 6
    app.feed(pygame.event.Event(pygame.TEXTEDITING, text="", start=0, length=0))
    assert edit.text == "Jo, 日本"
    assert rects and rects[-1].colliderect(d.scene.box.rect)         # the candidate window goes by the caret
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    assert stored(app).replies[0].text == "Jo, 日本"


def test_a_5000_character_paste_is_kept_to_the_limit_and_stays_editable(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    begin(app, d)
    words = ("I hear that four nights is progress and it matters " * 100)[:5000]
    assert len(words) == 5000
    pygame.scrap.put_text(words)
    d.key(pygame.K_v, mod=pygame.KMOD_LCTRL)
    edit = d.scene.box.edit
    assert edit.text == words[:2000] and edit.cursor == 2000
    assert "up to 2,000 characters" in edit.notice
    d.type("more")                                    # full: nothing more goes in
    assert len(edit.text) == 2000
    app.render()
    box = d.scene.box
    assert box.caret_rect().colliderect(box.inner)    # scrolled to the caret at the end
    d.key(pygame.K_HOME, mod=pygame.KMOD_LCTRL)
    assert edit.cursor == 0 and box.view.offset == 0
    d.key(pygame.K_BACKSPACE)
    d.key(pygame.K_DELETE, mod=pygame.KMOD_LCTRL)     # Ctrl+Delete: a word
    assert edit.text.startswith(" hear that") and len(edit.text) == 1999
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    assert len(stored(app).replies[0].text) == 1999


def test_typing_v_in_the_box_is_a_letter_not_the_voice_key(make_app):
    """A real keyboard sends KEYDOWN and TEXTINPUT for each letter: in the box, V types a "v"
    and leaves self-voicing as it was."""
    app, d = make_app([GOLDEN], write_first=True)
    begin(app, d)
    assert d.scene_name == "compose"
    voicing = app.settings.self_voicing
    d.key(pygame.K_v, unicode="v")  # one V: an even number would toggle the voice back unseen
    app.feed(pygame.event.Event(pygame.TEXTINPUT, text="v"))
    assert d.scene.box.edit.text == "v" and app.settings.self_voicing == voicing


def test_the_usual_editing_keys(make_app):
    app, d = make_app([GOLDEN], write_first=True)
    begin(app, d)
    box = d.scene.box
    edit = box.edit
    d.type("one two three")
    d.key(pygame.K_LEFT, mod=pygame.KMOD_LCTRL)       # word jumps
    assert edit.cursor == 8
    d.key(pygame.K_LEFT, mod=pygame.KMOD_LCTRL)
    assert edit.cursor == 4
    d.key(pygame.K_RIGHT, mod=pygame.KMOD_LCTRL)
    assert edit.cursor == 7
    d.key(pygame.K_HOME)
    assert edit.cursor == 0
    d.key(pygame.K_DELETE)
    assert edit.text == "ne two three"
    d.key(pygame.K_END)
    d.key(pygame.K_BACKSPACE)
    assert edit.text == "ne two thre"
    d.key(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)       # Shift selects; typing replaces the selection
    d.key(pygame.K_LEFT, mod=pygame.KMOD_SHIFT)
    d.type("ee!")
    assert edit.text == "ne two thee!"
    d.key(pygame.K_a, mod=pygame.KMOD_LCTRL)          # Ctrl+A, then Ctrl+X / Ctrl+V
    assert edit.selected() == "ne two thee!"
    d.key(pygame.K_x, mod=pygame.KMOD_LCTRL)
    assert edit.text == "" and pygame.scrap.get_text() == "ne two thee!"
    d.key(pygame.K_INSERT, mod=pygame.KMOD_SHIFT)
    assert edit.text == "ne two thee!"
    d.key(pygame.K_a, mod=pygame.KMOD_LCTRL)
    d.type("first line")
    d.key(pygame.K_RETURN)
    d.type("second")
    at = box.x_of(edit.cursor)
    d.key(pygame.K_UP)                                 # up and down by line, keeping the column (in pixels)
    assert box.line_of(edit.cursor) == 0 and abs(box.x_of(edit.cursor) - at) <= box.font.size("m")[0]
    d.key(pygame.K_DOWN)
    assert edit.cursor == len("first line\nsecond")
    long_line = "word " * 80                           # a wrapped line: Up and Down move by what is seen
    d.key(pygame.K_a, mod=pygame.KMOD_LCTRL)
    d.type(long_line)
    assert len(box.lines()) > 2
    end = edit.cursor
    d.key(pygame.K_UP)
    assert box.line_of(edit.cursor) == box.line_of(end) - 1
    d.key(pygame.K_HOME)
    assert edit.cursor == box.lines()[box.line_of(edit.cursor)].start
    d.key(pygame.K_ESCAPE)                             # Esc: the pause menu, the words wait
    assert d.scene_name == "pause"
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "compose" and edit.text == long_line


# -- whole plays: keyboard only, mouse and keyboard ---------------------------------------------

@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_scenario_plays_write_first_with_the_keyboard_only(make_app, scenario):
    app, d = make_app([SHIPPED], record=True, write_first=True)
    begin(app, d, scenario)
    asked = []
    d.play_conversation(best_pick, words=lambda play: asked.append(play.decisions) or f"At decision {play.decisions + 1}",
                        closest=lambda play: best_pick(play))
    assert d.scene_name == "debrief"
    record = stored(app)
    assert asked == list(range(len(record.choices)))   # asked before every decision, once
    assert [r.text for r in record.replies] == [f"At decision {n}" for n in range(1, len(record.choices) + 1)]
    assert all(r.closeness == "option" for r in record.replies)
    d.key(pygame.K_3)
    rows = [r for r in app.manager.current.page.rows if r.title.startswith("Your words")]
    assert [r.text for r in rows] == [r.text for r in record.replies]


@pytest.mark.parametrize("scenario", ["bar-fights", "given-up"])
def test_a_scenario_plays_write_first_with_mouse_and_keyboard(make_app, scenario):
    app, d = make_app([SHIPPED], record=True, write_first=True)
    app.switch("content-notes", entry=app.library.by_id(scenario))
    d.click("mode:practice")
    d.click("begin")
    d.play_conversation(best_pick, mouse=True, words="In my own words.", closest=lambda play: None)
    assert d.scene_name == "debrief"
    assert {(r.text, r.closeness) for r in stored(app).replies} == {("In my own words.", "none")}


# -- try that again -------------------------------------------------------------------------------

def test_try_that_again_takes_the_choice_back_and_offers_the_decision_again(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    begin(app, d)
    d.write("My words")
    d.key(pygame.K_0)
    d.key(pygame.K_2)                                  # "Four nights, you said?": trust falls
    assert d.scene.phase == "coach" and d.target("again") is not None
    assert app.play.session.meters["trust"] == 1
    d.click("again")
    assert d.scene_name == "conversation" and d.scene.phase == "choose" and app.play.decisions == 0
    assert app.play.session.meters["trust"] == 2       # the state it had at the decision
    assert stored(app).choices == () and [r.text for r in stored(app).replies] == ["My words"]
    d.key(pygame.K_1)                                  # the words were kept: straight to the options
    assert d.scene.phase == "coach"
    d.key(pygame.K_t)                                  # T on the coach panel, keyboard only
    assert app.play.decisions == 0 and d.scene.phase == "choose"
    d.key(pygame.K_1)
    assert [c.choice_index for c in stored(app).choices] == [0]


def test_assessment_has_no_try_that_again(make_app):
    app, d = make_app([GOLDEN], record=True)
    begin(app, d, mode="assessment")
    d.key(pygame.K_1)
    assert d.target("again") is None
    d.key(pygame.K_t)
    assert app.play.decisions == 1


# -- the debrief: replay and preview from every decision, the reflection ----------------------------

def _finish(app, d, mode="assessment", picks=best_pick):
    begin(app, d, mode=mode)
    d.play_conversation(picks, words="I hear you.", closest=lambda play: 0)
    assert d.scene_name == "debrief"
    d.key(pygame.K_2)                                  # rated; the decisions page
    return app.play


def test_replay_from_every_decision_starts_a_new_practice_attempt_there(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    original = _finish(app, d, "assessment", picks=lambda play: 1 if play.decisions == 0 else 0)
    before = stored(app)
    taken = list(original.session.state.taken)
    assert len(taken) == 3
    for number in range(1, len(taken) + 1):
        app.play = original
        app.switch("debrief")
        d.click("tab:decisions")
        d.press(f"replay:{number}")                    # keyboard only: Tab to the button, Enter
        replay = app.play
        assert replay is not original and d.scene_name in ("conversation", "compose")
        assert (replay.mode, replay.parent_attempt_id, replay.from_decision) == ("practice", before.id, number)
        assert replay.decisions == number - 1 and replay.beat.node_id == taken[number - 1][0]
        record = stored(app)
        assert (record.parent_attempt_id, record.from_decision, record.mode) == (before.id, number, "practice")
    after = app.recorder.attempt(before.id)
    assert (after.mode, after.status, after.choices, after.replies, after.report_json) == (
        before.mode, before.status, before.choices, before.replies, before.report_json)


def test_where_would_the_other_option_go_from_every_decision_records_nothing(make_app):
    app, d = make_app([GOLDEN], record=True)
    play = _finish(app, d, "practice", picks=lambda play: 1 if play.decisions == 0 else 0)
    before = (stored(app), len(app.recorder.attempts(limit=None)))
    shown = 0
    for number in range(1, play.decisions + 1):
        if d.target(f"preview:{number}") is None:
            continue
        d.press(f"preview:{number}")
        assert d.scene_name == "preview" and d.scene.overlay
        others = d.scene.others
        for _ in others:
            preview = d.scene.preview
            assert preview.lines and preview.ends in ("decision", "ending")
            app.render()
            d.key(pygame.K_RIGHT)                      # the next option not taken
        d.key(pygame.K_ESCAPE)
        assert d.scene_name == "debrief"
        shown += 1
    assert shown == 3
    assert (stored(app), len(app.recorder.attempts(limit=None))) == before


def test_the_debrief_shows_own_words_and_keeps_a_reflection(make_app):
    app, d = make_app([GOLDEN], record=True, write_first=True)
    _finish(app, d, "practice")
    page = app.manager.current.page
    titles = [r.title for r in page.rows]
    assert titles.count("Your words (written before the options)") == 2 and "You chose" in titles
    assert any(r.text.startswith("Closest option, in your judgement") for r in page.rows)
    assert any(r.text == "The option you chose was the strongest one offered here." for r in page.rows)
    d.click("tab:summary")
    d.press("reflect")
    assert d.scene_name == "compose" and d.scene.title == "What would you do differently with Jo?"
    d.type("Slow down.")
    d.key(pygame.K_ESCAPE)                             # Esc cancels: nothing kept
    assert d.scene_name == "debrief" and stored(app).reflection is None
    d.press("reflect")
    d.type("Slow down.")
    d.key(pygame.K_RETURN)
    d.type("Reflect before I ask.")
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    assert d.scene_name == "debrief"
    assert stored(app).reflection == "Slow down.\nReflect before I ask."
    assert any(r.text == "Slow down.\nReflect before I ask." for r in app.manager.current.page.rows)
    assert d.target("reflect").label == "Edit your reflection"


# -- the progress screen -----------------------------------------------------------------------------

def test_progress_lists_replays_under_their_attempt_charts_whole_ones_and_saves_for_supervision(
        make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HRTRAINING_EXPORT_DIR", str(tmp_path / "exports"))
    app, d = make_app([GOLDEN], record=True, write_first=True)
    _finish(app, d, "practice")
    first = app.play.attempt_id
    d.press("replay:2")
    d.play_conversation(best_pick, words="", closest=None)
    d.key(pygame.K_2)
    replay = app.play.attempt_id
    app.switch("progress")
    scene = app.manager.current
    assert [(a.id, depth) for a, depth in scene.rows_depth] == [(first, 0), (replay, 1)]
    assert [p.attempt_id for series in scene.series.values() for p in series] == [first] * len(scene.series)
    assert "with 1 replay" in scene.count_text()
    app.render()
    d.click("attempt:1")                              # the replay's debrief
    assert any("A replay from decision 2" in r.text for r in scene.detail.rows)
    d.key(pygame.K_ESCAPE)                            # back to the list
    d.click("attempt:0")
    d.press("save")
    [saved] = (tmp_path / "exports").glob("*.html")
    page = saved.read_text(encoding="utf-8")
    assert "Jo, who cut down" in page and "I hear you." in page and "<script" not in page
    assert str(saved) in app.notice
    d.press("preview:1")                              # previews and replays from a stored attempt too
    assert d.scene_name == "preview"
    d.key(pygame.K_ESCAPE)
    d.press("replay:1")
    assert app.play.parent_attempt_id == first and app.play.from_decision == 1


# -- kill -9 after a submitted reply ---------------------------------------------------------------

CHILD = textwrap.dedent("""
    import sys, time, pygame
    from hrtraining.game._app import App, Options
    from hrtraining.game._driver import Driver
    app = App(Options(library_paths=[sys.argv[1]], data_dir=sys.argv[2], profile="Kim", size=(1280, 720)))
    app.settings.write_first = True
    d = Driver(app)
    if sys.argv[3] == "write":
        app.switch("content-notes", entry=app.library.entries[0])
        d.key(pygame.K_p)
        d.key(pygame.K_RETURN)
        d.finish_reveal()
        d.type("Four nights is a real change.")
        d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
        print("submitted", app.manager.current.name, flush=True)
    else:
        app.manager.current.activate("continue")
        d.finish_reveal()
        print("resumed", app.manager.current.name, flush=True)
        d.key(pygame.K_2)
        print("marked", app.manager.current.name, flush=True)
    time.sleep(120)  # killed here, with nothing closed or flushed by us
""")


def _run_until(data: Path, step: str, lines: int) -> list[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(GOLDEN), str(data), step], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out = []
        while len(out) < lines:
            line = proc.stdout.readline()
            if not line:
                raise AssertionError(f"the game stopped early: {proc.stderr.read()[-2000:]}")
            if not line.startswith("pygame"):
                out.append(line.split())
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        return out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")
def test_kill_9_after_a_submitted_reply_loses_nothing(tmp_path):
    data = tmp_path / "data"
    assert _run_until(data, "write", 1) == [["submitted", "closeness"]]
    with Store.open(data) as store:
        [attempt] = store.unfinished_attempts("Kim")
        assert [(r.text, r.closeness) for r in attempt.replies] == [("Four nights is a real change.", None)]
        assert attempt.choices == ()
    # Resumed, the words are there: the game goes on to the closeness mark, not the text box.
    assert _run_until(data, "resume", 2) == [["resumed", "closeness"], ["marked", "conversation"]]
    with Store.open(data) as store:
        [attempt] = store.unfinished_attempts("Kim")
        assert attempt.replies[0].closeness == "option" and attempt.replies[0].closest_index == 1


# -- layout: every new screen at every size -------------------------------------------------------

def visit_write_first(app, d):
    """The write-first screens in turn; yields a name after each render."""
    def shot(name):
        app.render()
        return name

    begin(app, d)
    yield shot("compose-empty")
    pygame.scrap.put_text("A reply that goes on and on, with a_very_long_word_without_any_space_in_it_at_all " * 40)
    d.key(pygame.K_v, mod=pygame.KMOD_LCTRL)
    yield shot("compose-full")
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    yield shot("closeness")
    d.key(pygame.K_1)
    d.key(pygame.K_1)
    yield shot("coach-try-again")
    d.play_conversation(best_pick, words="Words", closest=lambda play: None)
    d.key(pygame.K_2)
    yield shot("debrief-decisions")
    d.tab_to("replay:1")
    yield shot("debrief-decisions-buttons")
    preview = next((t.id for t in d.scene.targets if t.id.startswith("preview:")), None)
    if preview:
        d.press(preview)
        yield shot("preview")
        d.key(pygame.K_ESCAPE)
    d.click("tab:summary")
    d.press("reflect")
    yield shot("compose-reflection")
    d.key(pygame.K_ESCAPE)
    app.switch("progress")
    d.click("attempt:0")
    yield shot("progress-attempt")


@pytest.mark.parametrize("size", [(800, 600), (1920, 1080), (640, 480)], ids=["800x600", "1920x1080", "640x480"])
@pytest.mark.parametrize("text_size", ["standard", "largest"])
def test_the_write_first_screens_fit_at_every_size(make_app, starter_dir, size, text_size):
    from hrtraining.game._text import PROBE

    app, d = make_app([starter_dir], size=size, record=True, write_first=True)
    app.settings.text_size = text_size
    app.apply_settings(save=False)
    screen = pygame.Rect((0, 0), size)
    PROBE.enabled, PROBE.problems = True, []
    seen = []
    try:
        for name in visit_write_first(app, d):
            seen.append(name)
            assert app.manager.current.name != "error", f"{name}: {app.manager.last_error}"
            targets = [t for t in app.manager.current.targets if t.rect.w and t.rect.h]
            for i, t in enumerate(targets):
                assert screen.contains(t.rect), f"{name}: target {t.id} {tuple(t.rect)} is off screen"
                for u in targets[i + 1:]:
                    assert not t.rect.colliderect(u.rect), f"{name}: {t.id} overlaps {u.id}"
            assert not PROBE.problems, f"{name}: " + "; ".join(PROBE.problems[:5])
    finally:
        PROBE.enabled = False
    assert seen[-1] == "progress-attempt" and "preview" in seen


def test_a_damaged_stored_report_is_said_on_the_progress_screen_and_never_crashes_a_save(
        make_app, tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setenv("HRTRAINING_EXPORT_DIR", str(tmp_path / "exports"))
    app, d = make_app([GOLDEN], record=True, write_first=True)
    _finish(app, d, "practice")
    attempt_id = app.play.attempt_id
    with sqlite3.connect(app.recorder.store.path) as db:  # another program, or a bad disk, wrote this
        updated = db.execute("UPDATE attempt_reports SET report_json = '{not json' WHERE attempt_id = ?",
                             (attempt_id,)).rowcount
    assert updated == 1
    app.switch("progress")
    scene = app.manager.current
    app.render()
    d.click("attempt:0")
    assert any("could not be read" in r.text for r in scene.detail.rows)
    app.render()
    if d.target("save") is not None:
        d.press("save")
        assert "Could not save" in app.notice
    assert d.scene_name == "progress" and not list((tmp_path / "exports").glob("*.html"))
