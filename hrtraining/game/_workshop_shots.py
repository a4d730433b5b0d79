"""Render the projector in each phase to PNG files, headless, for the README and for review.

``python game.py --screenshots DIR`` renders these after the game's own screens (``make
screenshots``); ``python -m hrtraining.game._workshop_shots DIR [--size 1280x720]`` only these.

A room on the real ``bar-fights`` scenario is filled with scripted participants
(their votes go through the same :class:`Workshop` calls the server makes), and
the projector scene of a real game :class:`App` draws each step.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Sequence


def capture(out: Path, size: tuple[int, int] = (1280, 720), scenario_id: str = "bar-fights",
            high_contrast: bool = False) -> list[Path]:
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    from ._app import App, Options
    from hrtraining.workshop import Workshop, WorkshopServer

    from .projector import register

    out.mkdir(parents=True, exist_ok=True)
    # Throwaway settings and data, as for the game's own pictures: the player's saved text size or
    # theme must not reach the docs, and nothing here may touch their progress.
    work = Path(tempfile.mkdtemp(prefix="hrtraining-wall-shots-"))
    app = App(Options(size=size, record=False, config_dir=str(work / "config"), data_dir=str(work / "data")))
    if high_contrast:
        app.settings.high_contrast = True
        app.apply_settings(save=False)
    register(app)
    entry = app.library.by_id(scenario_id)
    if entry is None:
        raise SystemExit(f"no scenario '{scenario_id}'")
    scenario, rubric = entry.load()
    w = Workshop.create(scenario, rubric, None, code="K7MQX4")
    # Bound to loopback, shown as a typical LAN address so the picture reads like a real room.
    server = WorkshopServer(w, "127.0.0.1", 0, public_host="192.168.1.23").start()
    server.port = 8765
    app.switch("workshop", workshop=w, server=server, presenter="off")
    names = ["Ana", "", "Sam", "", "", "Priya", "", "Jo", "", "Lee", "", "", "Mo", "", "", "Kai", "", "",
             "Ruth", "", "", "Tom", "", ""]
    people = [w.join(None, n)[0].token for n in names]
    files: list[Path] = []
    suffix = "-hc" if high_contrast else ""

    def shot(name: str) -> None:
        app.step(1.0)
        app.notice = ""  # a leftover toast would hide part of the picture
        path = out / f"workshop-{name}{suffix}.png"
        app.capture(path)
        files.append(path)

    def key(k: int, unicode: str = "") -> None:
        app.feed(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode=unicode, scancode=0))

    shot("0-content-notes")
    scene = app.manager.current  # the presenter view as the leader's second window shows it
    path = out / f"workshop-presenter-0-notes{suffix}.png"
    pygame.image.save(scene.presenter_surface(), str(path))
    files.append(path)
    key(pygame.K_RETURN)  # the leader begins the story
    shot("1-waiting")
    key(pygame.K_o)
    picks = [1, 2, 1, 1, 2, 1, 3, 1, 2, 1, 1, 2, 1, 1, 2, 1, 1, 2]
    for t, n in zip(people, picks):
        w.vote(t, 0, n)
    w.step_out(people[-1])  # someone stepped out quietly: the presenter counts them apart
    shot("2-voting")
    scene = app.manager.current
    scene._roster = (0.0, [])
    path = out / f"workshop-presenter-1-voting{suffix}.png"
    pygame.image.save(scene.presenter_surface(), str(path))
    files.append(path)
    key(pygame.K_c)
    key(pygame.K_r)
    shot("3-revealed")
    key(pygame.K_f)
    shot("4-feedback")
    key(pygame.K_RETURN)
    key(pygame.K_o)
    for t, n in zip(people, [2, 1, 2, 2, 1, 2, 1, 1, 2, 2, 1, 2, 1, 2, 1, 1, 2, 2, 1, 2]):
        w.vote(t, 1, n)
    key(pygame.K_h)
    for ch in "6":
        key(getattr(pygame, f"K_{ch}"), ch)
    key(pygame.K_DOWN)
    key(pygame.K_4, "4")
    shot("5-hands")
    key(pygame.K_RETURN)
    key(pygame.K_r)
    key(pygame.K_RETURN)  # a tie or a majority: either way the next step shows it
    if w.snapshot.tie:
        key(pygame.K_1)
    while not w.snapshot.finished:
        # Most of the room picks what the coach would; some disagree, so the debrief has splits.
        seq = w.snapshot.seq
        best = _best_number(w)
        n = len(w.snapshot.options)
        w.open_vote()
        for i, t in enumerate(people):
            w.vote(t, seq, best if i % (2 + seq % 3) else 1 + (best + i) % n)
        w.go_on(best)
    w.toggle_leaderboard()
    shot("6-ending")
    key(pygame.K_p)
    shot("6b-pause")
    key(pygame.K_p)
    key(pygame.K_e)  # ending asks (Esc never ends a room)
    key(pygame.K_y)
    shot("7-debrief")
    key(pygame.K_q)  # leave: asks too; the room stops serving
    key(pygame.K_y)
    app.switch("workshop-setup")
    shot("0-setup")
    server.stop()
    w.close()
    app.recorder.close()
    pygame.quit()
    shutil.rmtree(work, ignore_errors=True)
    return files


def _best_number(w) -> int:
    """The option scoring most on the required dimensions at the room's current decision."""
    room = w.room
    node = room.scenario.nodes[room.step.node_id]
    req = room.rubric.required

    def value(o) -> int:
        c = node.choices[o.choice_index]
        return sum(c.score.get(d, 0) for d in req) - (10 if c.critical else 0)
    return max(room.step.options, key=value).number


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m hrtraining.game._workshop_shots")
    p.add_argument("dir", type=Path)
    p.add_argument("--size", default="1280x720")
    p.add_argument("--high-contrast", action="store_true")
    a = p.parse_args(argv)
    size = tuple(int(v) for v in a.size.lower().split("x"))
    for f in capture(a.dir, size, high_contrast=a.high_contrast):  # type: ignore[arg-type]
        print(f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
