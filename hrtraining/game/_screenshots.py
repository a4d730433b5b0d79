"""``game.py --screenshots DIR``: a scripted playthrough rendered to PNG, headless.

Runs with SDL's dummy video driver, a throwaway settings folder and a
throwaway progress store, so it never touches the player's own data. The
playthrough plays one scenario twice (the second time better, so the progress
chart and the "better than last time" summary have something to show) and
captures every scene along the way, then the high-contrast theme, the largest
text size, the dyslexia-friendly font and a small 4:3 window. Then a write-first
play ("own words first"): the text box, the closeness mark, "Try that again",
the debrief with the trainee's own words, a preview of the other option, the
reflection, and a replay listed under its attempt on the progress screen. (The
printed supervision file's page comes from its Chromium test.) Last, the largest
text in the dyslexia-friendly face (the conversation reflowed, with its "More
below" cue), the conversation's buttons for mouse-only play, and the progress
chart after a few more attempts (as a chart and as text). New pictures are added
at the end, so the earlier ones keep their numbers (the README links to them).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

SIZE = (1280, 720)
BROKEN = """format: 1
id: broken-example
title: A scenario with a mistake in it
summary: Shown so authors can see how the menu lists a file that does not validate.
client: {name: Sam}
start: opening
nodes:
  opening:
    text: Hello.
    choices:
      - text: Hi, Sam.
        next: nowhere
"""


def render_all(out_dir: str, scenario: str | None = None, scenario_dirs: list[str] | None = None) -> int:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from ._app import App, Options
    from ._driver import Driver, best_pick
    from hrtraining.practice import DEFAULT_DIR

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]-*.png"):  # a previous run's pictures, so none linger
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="hrtraining-shots-"))
    try:
        broken_dir = work / "broken"
        broken_dir.mkdir()
        (broken_dir / "broken-example.yaml").write_text(BROKEN, encoding="utf-8")
        paths = [scenario] if scenario else [str(DEFAULT_DIR), *(scenario_dirs or [])]
        app = App(Options(library_paths=paths + [str(broken_dir)], config_dir=str(work / "config"),
                          data_dir=str(work / "data"), profile="Sample trainee", size=SIZE))
        d = Driver(app)
        app.settings.write_first = False  # the first plays show the options at once; write-first comes last
        n = [0]

        def shot(name: str) -> None:
            n[0] += 1
            path = out / f"{n[0]:02d}-{name}.png"
            app.capture(path)
            print(path)

        entries = [e for e in app.library.entries if e.ok]
        if not entries:
            print("game.py --screenshots: no playable scenario found", file=sys.stderr)
            return 1
        entry = next((e for e in entries if e.id == "bar-fights"), entries[0])
        index = app.library.entries.index(entry)

        def worse_pick(play) -> int:
            # A weaker first attempt: the best option's neighbour, so attempt two improves.
            best = best_pick(play)
            return (best + 1) % len(play.session.offered())

        def second_best_once(play) -> int:
            best = best_pick(play)
            if play.decisions == 1:
                return (best + 1) % len(play.session.offered())
            return best

        def to_decision() -> None:
            """Pass coach notes, text reveals and continue nodes up to the next decision."""
            for _ in range(200):
                sc = app.manager.current
                if sc.name != "conversation" or app.play.beat.kind == "ending":
                    return
                if sc.phase == "reveal":
                    d.finish_reveal()
                elif sc.phase == "coach" or app.play.beat.kind == "continue":
                    d.key(pygame.K_RETURN)
                else:
                    return

        shot("title")
        # First attempt, quickly, in assessment mode.
        app.switch("content-notes", entry=entry)
        d.click("mode:assessment")
        d.click("begin")
        d.play_conversation(worse_pick)
        d.key(pygame.K_1)
        app.switch("select", entry=entry)
        d.step()
        shot("select")
        app.manager.current.select(len(app.library.entries) - 1)
        shot("select-broken-scenario")
        app.manager.current.select(index)
        d.key(pygame.K_RETURN)
        shot("content-notes")
        d.click("mode:practice")
        d.click("begin")
        d.step(0.4, 3)
        shot("conversation-text-appearing")
        d.finish_reveal()
        shot("conversation")
        d.key(pygame.K_1 + second_best_once(app.play))
        d.step(0.3)
        shot("conversation-coach-feedback")
        d.step(3.0)
        to_decision()
        d.key(pygame.K_1 + second_best_once(app.play))
        to_decision()
        d.key(pygame.K_h)
        shot("history-backlog")
        d.key(pygame.K_ESCAPE)
        d.key(pygame.K_ESCAPE)
        shot("pause-menu")
        d.key(pygame.K_ESCAPE)
        d.key(pygame.K_F3)
        shot("author-debug-overlay")
        d.key(pygame.K_F3)
        # Play on to the ending.
        for _ in range(300):
            if app.play.beat.kind == "ending" and app.manager.current.phase != "reveal":
                break
            sc = app.manager.current
            if sc.phase == "reveal":
                d.key(pygame.K_SPACE)
            elif sc.phase == "coach":
                d.key(pygame.K_RETURN)
            elif app.play.beat.kind == "choice":
                d.key(pygame.K_1 + second_best_once(app.play))
            else:
                d.key(pygame.K_RETURN)
        shot("conversation-ending")
        d.key(pygame.K_RETURN)
        shot("debrief-1-self-rating")
        d.key(pygame.K_3)
        shot("debrief-2-decisions")
        d.key(pygame.K_RIGHT)
        shot("debrief-3-scores")
        d.key(pygame.K_PAGEDOWN)
        shot("debrief-3-scores-scrolled")
        d.key(pygame.K_RIGHT)
        shot("debrief-4-summary")
        d.click("progress")
        shot("progress")
        if d.target("attempt:0") is not None:
            d.click("attempt:0")
            shot("progress-attempt-debrief")
        app.switch("settings", back="title")
        shot("settings")

        def fresh_play_to_coach() -> None:
            app.switch("content-notes", entry=entry)
            d.key(pygame.K_p)
            d.key(pygame.K_RETURN)
            to_decision()

        app.settings.high_contrast = True
        app.apply_settings(save=False)
        shot("settings-high-contrast")
        fresh_play_to_coach()
        shot("high-contrast-conversation")
        d.key(pygame.K_1 + best_pick(app.play))
        shot("high-contrast-coach")
        app.settings.high_contrast = False
        app.settings.text_size = "largest"
        app.apply_settings(save=False)
        to_decision()
        shot("largest-text-conversation")
        d.key(pygame.K_1 + best_pick(app.play))
        shot("largest-text-coach")
        app.switch("select", entry=entry)
        shot("largest-text-select")
        app.settings.text_size = "standard"
        app.settings.dyslexic_font = True
        app.apply_settings(save=False)
        fresh_play_to_coach()
        shot("dyslexia-font-conversation")
        app.settings.dyslexic_font = False
        app.settings.text_size = "large"
        app.apply_settings(save=False)
        app.resize(800, 600)
        shot("small-window-800x600")
        app.settings.text_size = "standard"
        app.apply_settings(save=False)
        app.resize(*SIZE)
        write_first_states(app, d, entry, shot)
        app.settings.write_first = False  # the pictures below show the options straight away
        # The largest text in the dyslexia-friendly face, in the default window.
        app.resize(*SIZE)
        app.settings.text_size = "largest"
        app.settings.dyslexic_font = True
        app.apply_settings(save=False)
        fresh_play_to_coach()
        shot("largest-dyslexic-conversation")
        d.key(pygame.K_1 + best_pick(app.play))
        shot("largest-dyslexic-coach")
        app.settings.text_size = "standard"
        app.settings.dyslexic_font = False
        app.apply_settings(save=False)
        # Mouse-only play: History, Menu and Leave on the key-hint strip, the pointer on one.
        fresh_play_to_coach()
        history = d.target("history")
        if history is not None:
            d.move(history.rect.center)
        shot("conversation-mouse-buttons")
        # The progress chart after a few more attempts, at other clients and in both modes.
        for other, mode in (("chosen-abstinence", "practice"), ("given-up", "assessment"),
                            ("chosen-abstinence", "assessment")):
            more = app.library.by_id(other)
            if more is None or not more.ok:
                continue
            app.start_play(more, mode)
            d.play_conversation(best_pick if mode == "practice" else worse_pick)
            d.key(pygame.K_2)
        app.switch("progress", back="title")
        shot("progress-chart")
        d.key(pygame.K_t)
        shot("progress-chart-as-text")
        app.recorder.close()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
        import pygame
        pygame.quit()


WORDS = ("Staying home was your idea, and it kept you out of fights.\n"
         "What would make it work on the nights you still go out?")


def write_first_states(app, d, entry, shot) -> None:
    """A write-first practice play: text box, closeness mark, "Try that again", the debrief with
    the trainee's own words, a preview of another option, the reflection, and a replay."""
    import pygame

    from ._driver import best_pick

    app.settings.write_first = True
    app.switch("content-notes", entry=entry)
    shot("write-first-briefing")
    d.click("mode:practice")
    d.click("begin")
    d.finish_reveal()
    d.type(WORDS)
    shot("write-first-text-box")
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    shot("write-first-closeness")
    d.key(pygame.K_1 + best_pick(app.play))
    d.key(pygame.K_1 + (best_pick(app.play) + 1) % len(app.play.beat.options))
    d.step(0.3)
    shot("write-first-coach-try-again")
    d.key(pygame.K_t)
    d.play_conversation(best_pick, words=lambda play: "I hear you. Tell me more about that.",
                        closest=lambda play: best_pick(play))
    d.key(pygame.K_RETURN)
    d.key(pygame.K_2)
    d.tab_to("replay:1")  # scrolls the first decision's card (own words, closeness, choice) into view
    shot("debrief-own-words")
    decisions = app.play.decisions
    preview = next((t.id for n in (2, 1, 3) for t in d.scene.targets if t.id == f"preview:{n}"), None)
    if preview is not None:
        d.press(preview)
        shot("debrief-preview-other-option")
    d.key(pygame.K_ESCAPE)
    d.click("tab:summary")
    d.press("reflect")
    d.type("Slow down at the first decision: reflect what he has already changed before I ask anything.")
    d.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)
    d.key(pygame.K_PAGEDOWN)
    shot("debrief-reflection")
    d.click("tab:decisions")
    d.press(f"replay:{min(3, decisions)}")
    d.play_conversation(best_pick, words="", closest=None)
    d.key(pygame.K_RETURN)
    d.key(pygame.K_2)
    app.switch("progress", back="title")
    shot("progress-replay-under-its-attempt")
