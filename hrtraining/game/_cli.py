"""Command line of the game window (``python game.py --help``)."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Sequence


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="game.py",
        description="Harm reduction therapy training: the game window. Keyboard or mouse; F11 full screen, "
                    "F5 reload the scenario from disk, F3 author overlay.")
    p.add_argument("--scenario", metavar="PATH", help="play this one scenario file as an author's test play: "
                                                      "nothing is recorded in anyone's progress (see --record)")
    p.add_argument("--record", action="store_true",
                   help="with --scenario: record the test plays in the profile's progress after all")
    p.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                   help="add a folder of scenarios to the library (repeatable)")
    p.add_argument("--screenshots", metavar="DIR",
                   help="render every scene of a scripted playthrough (and the workshop projector) to PNG "
                        "files in DIR and exit")
    p.add_argument("--profile", metavar="NAME", help="whose progress to record (default: the last used)")
    p.add_argument("--data-dir", metavar="DIR", help="where progress is stored")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--windowed", dest="fullscreen", action="store_false", default=None, help="open in a window")
    g.add_argument("--fullscreen", dest="fullscreen", action="store_true", help="open full screen")
    p.add_argument("--size", metavar="WxH", default="1280x720", help="window size (default 1280x720)")
    return p


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--size wants WIDTHxHEIGHT, like 1280x720, not {text!r}") from None
    if w < 320 or h < 240 or w > 10000 or h > 10000:
        raise argparse.ArgumentTypeError(f"--size {text} is out of range")
    return w, h


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
        size = parse_size(args.size)
    except argparse.ArgumentTypeError as e:
        print(f"game.py: {e}", file=sys.stderr)
        return 2
    except SystemExit as e:
        return int(e.code or 0) if not isinstance(e.code, str) else 2
    # The LRS sender's problems are shown on the progress screen (and by `hrtraining lrs status`),
    # not on the console: the window may share its terminal with the workshop's presenter prompt.
    console = logging.StreamHandler()
    console.addFilter(lambda record: not record.name.startswith("hrtraining.xapi"))
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s", handlers=[console])
    if args.scenario and not os.path.isfile(args.scenario):
        print(f"game.py: no such scenario file: {args.scenario}", file=sys.stderr)
        return 2
    for d in args.scenarios:
        if not os.path.isdir(d):
            print(f"game.py: no such folder: {d}", file=sys.stderr)
            return 2
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    if args.screenshots:
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
        from ._screenshots import render_all
        code = render_all(args.screenshots, scenario=args.scenario, scenario_dirs=args.scenarios)
        if code == 0 and not args.scenario:  # the projector needs the shipped library's bar-fights
            from pathlib import Path

            from ._workshop_shots import capture
            for path in capture(Path(args.screenshots)):
                print(path)
        return code
    from ._app import App, Options
    app = App(Options(scenario=args.scenario, scenario_dirs=args.scenarios, profile=args.profile,
                      data_dir=args.data_dir, fullscreen=args.fullscreen, size=size, background_check=True,
                      record_author=args.record))
    try:
        return app.run()
    except KeyboardInterrupt:
        return 130
    finally:
        import pygame
        pygame.quit()
