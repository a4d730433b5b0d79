"""The ``hrtraining`` command line: ``main(argv) -> int`` so tests call it in-process.

The top layer: it may import every other (engine, progress, practice, workshop, game) and
nothing imports it. Commands import what they need when they run, so ``validate`` never
pays for the progress store or the window.

Each subcommand lives in its own module with a ``register(subparsers)`` that
sets ``func``; this module only wires them and turns failures into exit codes:
0 fine, 1 problems found, 2 usage, 3 a playtest stopped early, 130 interrupted.
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

from hrtraining import __version__
from hrtraining.engine import HRTrainingError, printable

from . import _analyze, _author, _play

_MODULES = [_author, _play, _analyze]
try:  # optional layers register themselves when present
    from . import _progress
    _MODULES.append(_progress)
except ImportError:  # pragma: no cover
    pass
try:
    from . import _workshop
    _MODULES.append(_workshop)
except ImportError:  # pragma: no cover
    pass
try:
    from . import _lrs
    _MODULES.append(_lrs)
except ImportError:  # pragma: no cover
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hrtraining",
        description="Harm reduction therapy training: play, check and write scenarios.",
    )
    parser.add_argument("--version", action="version", version=f"hrtraining {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _MODULES:
        module.register(sub)
    return parser


def _console_logging() -> None:
    """Warnings on stderr, as before the package's NullHandler (a store set aside, a workshop
    server error), except the LRS sender's: it runs in a background thread and would print in the
    middle of a prompt; `hrtraining lrs status` says what the LRS refused and why. Nothing is
    changed when the embedding program (or pytest) has configured logging already."""
    import logging

    console = logging.StreamHandler()
    console.addFilter(lambda record: not record.name.startswith("hrtraining.xapi"))
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s", handlers=[console])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as e:  # argparse exits on usage errors and --help
        return int(e.code or 0) if not isinstance(e.code, str) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    _console_logging()
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return 130
    except HRTrainingError as e:
        print(f"hrtraining: {printable(str(e))}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `hrtraining graph x | head`
        return 0
