"""The ``export``, ``profiles`` and ``progress`` commands (progress issue).

``register(subparsers)`` adds both sub-commands; each sets ``func`` to a handler taking the
parsed arguments and returning the exit code. Handlers print results to stdout and any
failure as one line on stderr (exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from hrtraining.engine import json_printable, printable

from ._text import to_terminal

if TYPE_CHECKING:  # the store (and sqlite3) load only when a progress command runs
    from hrtraining.progress import Store


def _add_data_dir(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: if the main parser also has --data-dir, a value given there is not
    # overwritten by this sub-parser's default.
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder of the progress file (default: $HRTRAINING_DATA_DIR, else the user "
        "data folder)",
    )


def register(subparsers: Any) -> None:
    """Add ``export`` and ``profiles`` to the main parser's sub-parsers."""
    export = subparsers.add_parser(
        "export",
        help="export stored attempts as CSV or JSON, or one attempt's debrief as HTML",
        description="Export stored results: one row per attempt; with --choices one row per "
        "choice (with the trainee's own words and closeness marks); with --votes (CSV) one row "
        "per workshop vote; with --hands (CSV) one row per show-of-hands count. JSON holds "
        "attempts, votes, hand counts and, with --choices, choices. --attempt ID --format html "
        "writes that attempt's debrief as one self-contained HTML file to take to supervision "
        "(it prints on A4 or Letter). The columns are described in docs/export.md.",
    )
    export.add_argument("--format", choices=("csv", "json", "html", "xapi"), required=True,
                        help="xapi: the attempts' xAPI statements as JSON lines (docs/xapi.md)")
    export.add_argument(
        "--attempt", type=int, metavar="ID",
        help="with --format html: the attempt to export (ids are in the CSV's attempt_id column)",
    )
    export.add_argument(
        "--scenarios", metavar="DIR", action="append", default=[],
        help="with --format html: also look for the attempt's scenario in this folder (to quote "
        "what the client said and the stronger options)",
    )
    export.add_argument("--profile", metavar="NAME", help="only this profile (default: all)")
    export.add_argument("--choices", action="store_true", help="one row per choice")
    export.add_argument(
        "--votes", action="store_true", help="CSV only: one row per workshop vote"
    )
    export.add_argument(
        "--hands", action="store_true",
        help="CSV only: one row per show-of-hands count a workshop leader typed in",
    )
    export.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    export.add_argument(
        "--home-page", metavar="URL",
        help="xapi: the agency's home page for the actors' accounts (default: the LRS settings')",
    )
    export.add_argument(
        "--activity-base", metavar="IRI",
        help="xapi: the IRI activity ids hang under (default: the LRS settings', else HOME_PAGE/hrtraining)",
    )
    _add_data_dir(export)
    export.set_defaults(func=_guarded("export", run_export))

    profiles = subparsers.add_parser("profiles", help="list the stored profiles")
    _add_data_dir(profiles)
    profiles.set_defaults(func=_guarded("profiles", run_profiles))

    progress = subparsers.add_parser(
        "progress", help="print a profile's progress per skill: the progress chart's figures, as text",
        description="The figures the game's progress chart draws, in plain text for a terminal or a "
        "screen reader: per skill, the latest level and each scenario's attempts (practice and "
        "assessment apart), oldest first.")
    progress.add_argument("--profile", metavar="NAME", help="whose progress (default: the last used)")
    progress.add_argument("--scenario", metavar="ID", help="only this scenario's attempts")
    _add_data_dir(progress)
    progress.set_defaults(func=_guarded("progress", run_progress))


def _guarded(command: str, handler: Callable[[argparse.Namespace], int]):
    """Wrap a handler so every failure becomes one line on stderr and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        from hrtraining.progress import StoreError

        try:
            return handler(args)
        except BrokenPipeError:  # e.g. `hrtraining export ... | head`
            try:
                sys.stdout = open(os.devnull, "w")  # silence the flush at exit
            except OSError:
                pass
            return 1
        except (StoreError, OSError, ValueError) as error:
            message = getattr(error, "strerror", None) if isinstance(error, OSError) else None
            where = getattr(error, "filename", None)
            text = f"{message}: {where}" if message and where else str(error)
            print(f"hrtraining {command}: {printable(text)}", file=sys.stderr)  # may quote a title or a name
            return 1
        except Exception as error:  # never a traceback for the user
            print(f"hrtraining {command}: unexpected error: {printable(repr(error))}", file=sys.stderr)
            return 1

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def _open(args: argparse.Namespace) -> Store:
    from hrtraining.progress import Store

    # These commands only read: a damaged file is reported and left as it is, never replaced by an
    # empty one (which would export nothing and say nothing).
    store = Store.open(getattr(args, "data_dir", None), damaged="raise")
    if store.notice:
        print(store.notice, file=sys.stderr)
    return store


def _write_atomically(path: Path, text: str, encoding: str) -> None:
    from hrtraining.practice.files import write_atomically

    write_atomically(path, text, encoding=encoding)


def run_export(args: argparse.Namespace) -> int:
    """``hrtraining export``: print or write the export."""
    if args.format == "html" or args.attempt is not None:
        return _export_html(args)
    tables = [flag for flag in ("choices", "votes", "hands") if getattr(args, flag)]
    if args.format == "csv" and len(tables) > 1:
        named = " or ".join(f"--{flag}" for flag in tables)
        several = "both" if len(tables) == 2 else "all three"
        raise ValueError(f"CSV holds one table: use {named}, not {several}")
    if args.format == "json" and args.votes:
        raise ValueError("--votes is for CSV; JSON always includes the workshop votes")
    if args.format == "json" and args.hands:
        raise ValueError("--hands is for CSV; JSON always includes the show-of-hands counts")
    if args.format == "xapi":
        if tables:
            raise ValueError("--choices, --votes and --hands are for CSV and JSON; xapi has every statement")
        return _export_xapi(args)
    with _open(args) as store:
        from hrtraining.progress import export_rows, write_csv, write_json

        rows = export_rows(store, profile=args.profile, choices=args.choices)
    _report_skipped(rows.skipped)
    to_file = args.output is not None and args.output != "-"
    buffer = io.StringIO()
    if args.format == "json":
        write_json(rows, buffer)
    else:
        table = tables[0] if tables else "attempts"
        # Files get RFC 4180 line ends; stdout gets "\n" and lets text mode translate.
        write_csv(rows, buffer, table, lineterminator="\r\n" if to_file else "\n")
    text = buffer.getvalue()
    if args.format == "json":  # the same JSON, with bidi and line separators as \u escapes
        text = json_printable(text)
    if to_file:
        # CSV gets a byte-order mark so spreadsheet programs read non-ASCII text right.
        encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
        _write_atomically(Path(args.output), text, encoding)
    else:
        sys.stdout.write(to_terminal(text))  # a CSV on a terminal is escaped; piped, it is kept whole
        sys.stdout.flush()
    return 0


def _report_skipped(lines: list[str]) -> None:
    """A damaged row is named on stderr and left out; the rest is exported (every format alike)."""
    for line in lines:
        print(f"hrtraining export: {printable(line)}", file=sys.stderr)


def _xapi_settings(args: argparse.Namespace) -> Any:
    """The vocabulary of the export: the LRS settings, with --home-page/--activity-base over them."""
    from hrtraining.practice.xapi import LrsSettings, load_settings

    configured = load_settings()
    home = getattr(args, "home_page", None)
    base = getattr(args, "activity_base", None)
    if configured is None:
        if not home:
            raise ValueError("no LRS is set up: give --home-page URL (the agency's home page) for the "
                             "statements' actors")
        return LrsSettings(url=home, home_page=home, activity_base=base or "")
    changes = {k: v for k, v in (("home_page", home), ("activity_base", base)) if v}
    if changes:
        from dataclasses import replace

        return replace(configured, **changes)
    return configured


def _export_xapi(args: argparse.Namespace) -> int:
    """``export --format xapi``: one statement per line, built from the stored attempts."""
    import json

    from hrtraining.practice.xapi import SettingsError, export_statements

    try:
        settings = _xapi_settings(args)
    except SettingsError as e:
        raise ValueError(str(e)) from None
    buffer = io.StringIO()
    skipped: list[str] = []
    with _open(args) as store:
        for statement in export_statements(store, settings, profile=args.profile, skipped=skipped):
            buffer.write(json_printable(json.dumps(statement, ensure_ascii=False, separators=(",", ":"))) + "\n")
    _report_skipped(skipped)
    if args.output is not None and args.output != "-":
        _write_atomically(Path(args.output), buffer.getvalue(), "utf-8")
    else:
        sys.stdout.write(buffer.getvalue())
        sys.stdout.flush()
    return 0


def _export_html(args: argparse.Namespace) -> int:
    """``export --attempt ID --format html``: one attempt's debrief for supervision."""
    if args.format != "html":
        raise ValueError("--attempt is for --format html (CSV and JSON export every attempt)")
    if args.attempt is None:
        raise ValueError("--format html exports one attempt: add --attempt ID (ids are in the "
                         "attempt_id column of `hrtraining export --format csv`)")
    extra = [f"--{flag}" for flag in ("choices", "votes", "hands") if getattr(args, flag)]
    if extra or args.profile:
        raise ValueError(f"{' and '.join(extra) or '--profile'} do not apply to --format html")
    from hrtraining.engine import StateError
    from hrtraining.practice import DEFAULT_DIR, Library, supervision_page

    from hrtraining.progress import DamagedRow, exportable_attempt

    with _open(args) as store:
        try:
            record = exportable_attempt(store, args.attempt)
        except DamagedRow as e:  # the same check and words as a CSV row left out
            raise ValueError(f"{e.what}, so it has no debrief to export") from None
    if not record.finished:
        raise ValueError(f"attempt {record.id} is {record.status}, not finished: only a finished attempt has "
                         "a debrief (finish it in the game, or pick another id)")
    library = Library([str(DEFAULT_DIR), *args.scenarios])
    try:
        page, _ = supervision_page(record, library)
    except StateError as error:
        raise ValueError(f"attempt {record.id}: {error}") from None
    if args.output is not None and args.output != "-":
        _write_atomically(Path(args.output), page, "utf-8")
    else:
        sys.stdout.write(to_terminal(page))
        sys.stdout.flush()
    return 0


def run_profiles(args: argparse.Namespace) -> int:
    """``hrtraining profiles``: one line per profile; ``*`` marks the default."""
    with _open(args) as store:
        default = store.last_profile()
        profiles = store.profiles()
        if not profiles:
            print(f"No profiles yet; play to create one (default name: {default}).")
            return 0
        lines = []
        for profile in profiles:
            attempts = store.attempts(profile.name, include_unfinished=True)
            finished = sum(1 for a in attempts if a.finished)
            unfinished = sum(1 for a in attempts if a.status == "open")
            last = max((a.finished_at or a.started_at for a in attempts), default=None)
            lines.append((profile.name, finished, unfinished, last))
    # A profile name is whatever was typed: show it escaped, so no name can drive the terminal.
    lines = [(printable(name), *rest) for name, *rest in lines]
    width = max(len(name) for name, *_ in lines)
    for name, finished, unfinished, last in lines:
        marker = "*" if name.casefold() == printable(default).casefold() else " "
        detail = f"{finished} finished"
        if unfinished:
            detail += f", {unfinished} unfinished"
        if last:
            detail += f", last played {last[:10]}"
        print(f"{marker} {name.ljust(width)}  {detail}")
    return 0


def run_progress(args: argparse.Namespace) -> int:
    """``hrtraining progress``: the progress chart's figures, skill by skill."""
    from hrtraining.engine import load_rubric
    from hrtraining.practice import ProgressChart, Recorder

    from ._text import wrap

    with _open(args) as store:
        profile = args.profile or store.last_profile()
        attempts = store.attempts(profile, limit=Recorder.RECENT, solo=True)
        series = store.progress_summary(profile, limit=Recorder.RECENT, solo=True)
    rubric = load_rubric()
    names = {d.id: (d.name, d.required) for d in rubric.dimensions.values()}
    chart = ProgressChart.build(series, attempts, names, (rubric.fair, rubric.good)).only(args.scenario)
    head, *_ = chart.text()
    print(wrap(f"{profile}. {head}"))
    for skill in chart.skills:
        if not skill.lines:
            continue
        first, *lines = skill.text()
        print()
        print(wrap(first))
        for line in lines:
            print(wrap(f"- {line}", "  ", 2))
    return 0
