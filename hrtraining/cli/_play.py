"""Playing in the terminal: ``playtest`` (scripted, for authors) and ``play`` (interactive)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable

from hrtraining.engine import (PROJECT_ROOT, Cache, Rubric, Scenario, Session, StateError, find_rubric,
                               iter_checked, load_rubric, load_scenario, printable)

from ._text import LEVEL_WORDS, beat_lines, debrief_text, feedback_text, options_text, plural, wrap

STOPPED_EARLY = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("playtest", help="play a scenario headless with scripted choices",
                       description="Play FILE choosing by 1-based position among the choices offered at "
                                   "each decision; print the transcript and the debrief.")
    p.add_argument("file")
    p.add_argument("--choices", default="", metavar="N,N,...", help="e.g. 2,1,3")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--rubric", metavar="PATH")
    p.set_defaults(func=cmd_playtest)

    q = sub.add_parser("play", help="play a scenario in the terminal (plain text, screen-reader friendly)")
    q.add_argument("scenario", metavar="FILE|ID")
    q.add_argument("--mode", choices=("practice", "assessment"), default="practice",
                   help="practice: coach feedback after each choice; assessment: only at the end")
    q.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                   help="also look for ID in this folder")
    q.add_argument("--rubric", metavar="PATH")
    q.add_argument("--profile", metavar="NAME", help="whose progress this is (default: the last used, "
                                                     "else your user name)")
    q.add_argument("--data-dir", metavar="DIR", help="folder of the progress file "
                                                     "(default: $HRTRAINING_DATA_DIR, else your data folder)")
    q.add_argument("--no-record", action="store_true", help="do not store this attempt")
    q.set_defaults(func=cmd_play)


def _load(path: str, rubric_path: str | None) -> tuple[Scenario, Rubric]:
    rubric = load_rubric(rubric_path or find_rubric(path))
    return load_scenario(path, rubric), rubric


def parse_choices(text: str) -> list[int]:
    out = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise ValueError(f"'{part}' is not a choice number (1, 2, 3, ...)")
        out.append(int(part))
    return out


def cmd_playtest(args: argparse.Namespace) -> int:
    try:
        picks = parse_choices(args.choices)
    except ValueError as e:
        print(f"hrtraining playtest: --choices: {e}", file=sys.stderr)
        return 2
    sc, rubric = _load(args.file, args.rubric)
    session = Session(sc, rubric)
    transcript: list[str] = []
    stopped = ""
    while not session.finished:
        beat = session.beat()
        if beat.lines:
            transcript.append(beat_lines(beat))
        if beat.kind == "continue":
            session.advance()
            continue
        if not picks:
            stopped = (f"stopped at node '{beat.node_id}' after {plural(len(session.outcomes), 'decision')}: "
                       f"--choices ran out ({len(beat.options)} offered here)")
            break
        pick = picks.pop(0)
        if pick > len(beat.options):
            print(f"hrtraining playtest: decision {len(session.outcomes) + 1} at node '{printable(beat.node_id)}' offers "
                  f"{len(beat.options)} choices; {pick} is not one of them", file=sys.stderr)
            return 1
        outcome = session.choose(pick - 1)
        transcript.append(wrap(f"You ({pick}): {outcome.choice.text}"))
        transcript.append(feedback_text(outcome, sc, rubric))
    if session.finished:
        transcript.append(beat_lines(session.beat()))
    report = session.report()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))  # ASCII: a scenario's text cannot reach the terminal raw
    else:
        print("\n".join(t for t in transcript if t))
        if not stopped:
            print(debrief_text(report, sc, rubric))
    if stopped:
        print(f"hrtraining playtest: {printable(stopped)}", file=sys.stderr)
        return STOPPED_EARLY
    if picks:
        print(f"hrtraining playtest: the scenario ended with {plural(len(picks), 'choice')} left over", file=sys.stderr)
    return 0


def find_scenario(name: str, folders: list[str]) -> str | None:
    """A file path as given, else a scenario whose id is ``name`` in the folders or the project's."""
    if Path(name).is_file():
        return name
    # The cache makes this a read of small JSON files on a warm run; stop at the first match.
    for r in iter_checked([*folders, PROJECT_ROOT / "scenarios"], cache=Cache()):
        if r.info is not None and r.info.id == name:
            return r.path
    return None


YES, NO, STOP = ("", "y", "yes"), ("n", "no"), ("q", "quit", "exit")


def _resume_or_start(sc: Scenario, rubric: Rubric, mode: str, recorder,
                     ask) -> tuple[Session, int | None, str] | None:
    """Offer to continue an unfinished attempt of ``sc``; else start a fresh one.

    None when the trainee stops at the question (q, or the input closed): nothing is
    changed, so the attempt stays open for next time. Only "n" abandons it.
    """
    for old in recorder.unfinished(sc.id):
        if old.scenario_hash != sc.content_hash:
            print(wrap("You have an unfinished attempt from an earlier version of this scenario. It was "
                       "changed since, so that attempt cannot be continued; it stays in your history."))
            recorder.abandon(old.id)
            continue
        detailed = recorder.attempt(old.id) or old
        taken = [(c.node_id, c.choice_index) for c in detailed.choices]
        question = f"Continue your unfinished attempt ({plural(len(taken), 'decision')} made, {old.mode} mode)? [Y/n] "
        answer = ask(question).strip().lower()
        while answer not in YES + NO + STOP:
            answer = ask("Type y to continue it, n to start again, or q to stop: ").strip().lower()
        if answer in STOP:
            return None
        if answer in YES:
            try:
                session = Session.replay(sc, rubric, taken)
                return session, old.id, old.mode if old.mode in ("practice", "assessment") else mode
            except StateError as e:
                print(wrap(f"That attempt cannot be continued ({e}); starting again."))
        recorder.abandon(old.id)
    return Session(sc, rubric), recorder.start(sc, mode, source="terminal"), mode


def cmd_play(args: argparse.Namespace, *, read: Callable[[str], str] = input) -> int:
    path = find_scenario(args.scenario, args.scenarios)
    if path is None:
        print(f"hrtraining play: no scenario file or id '{printable(args.scenario)}'. Try a path, or one of the ids "
              "that `hrtraining validate scenarios` lists", file=sys.stderr)
        return 2
    sc, rubric = _load(path, args.rubric)
    from hrtraining.progress.recorder import Recorder  # late: validate and playtest never need SQLite

    recorder = Recorder(None, args.profile or "Trainee") if args.no_record \
        else Recorder.open(args.data_dir, args.profile)
    try:
        return _play(args, sc, rubric, recorder, read)
    finally:
        recorder.close()


def _play(args: argparse.Namespace, sc: Scenario, rubric: Rubric, recorder, read: Callable[[str], str]) -> int:
    def ask(prompt: str) -> str:
        """The answer, or "q" when the input has closed (Ctrl-D, or the end of piped input)."""
        try:
            return read(prompt)
        except EOFError:
            print()
            return "q"

    if recorder.notice:
        print(wrap(recorder.take_notice()))
    print(wrap(f"{sc.title}"))
    if sc.summary:
        print(wrap(sc.summary))
    if sc.content_notes:
        print(wrap("Content notes: " + ", ".join(sc.content_notes)))
        answer = ask("Press Enter to begin, or type s to skip this scenario: ").strip().lower()
        if answer.startswith("s"):
            print("Skipped.")
            return 0
        if answer in ("q", "quit", "exit"):
            print("Stopped.")
            return 0
    started = _resume_or_start(sc, rubric, args.mode, recorder, ask)
    if started is None:
        print("Stopped. Run the same command to continue where you stopped.")
        return 0
    session, attempt_id, mode = started
    where = f" as {recorder.profile}" if recorder.available else ""
    print(printable(f"Mode: {mode}{where}. Type a choice number and Enter; q stops (you can continue later).") + "\n")
    while not session.finished:
        beat = session.beat()
        if beat.lines:
            print(beat_lines(beat))
        if beat.kind == "continue":
            session.advance()
            continue
        print(options_text(beat))
        while True:
            answer = ask("> ").strip().lower()
            if answer in ("q", "quit", "exit"):
                later = " Run the same command to continue where you stopped." if attempt_id else ""
                print(f"Stopped.{later}")
                return 0
            if answer.isdigit() and 1 <= int(answer) <= len(beat.options):
                break
            print(f"Type a number from 1 to {len(beat.options)}, or q to stop.")
        outcome = session.choose(int(answer) - 1)
        # seq: the 0-based decision number; earlier ones are rewritten if a write failed
        recorder.choice(attempt_id, len(session.outcomes) - 1, outcome, earlier=session.outcomes)
        print(wrap(f"You: {outcome.choice.text}"))
        if mode == "practice":
            print(feedback_text(outcome, sc, rubric))
        if recorder.notice:
            print(wrap(recorder.take_notice()))
        print()
    print(beat_lines(session.beat()))
    report = session.report()
    recorder.finish(attempt_id, report)
    rating = _self_rating(ask)
    if rating:  # asked before the scores: the gap between the two is itself worth a look
        recorder.self_rating(attempt_id, rating)
    print(debrief_text(report, sc, rubric))
    if rating:
        print(wrap(f"You rated it {LEVEL_WORDS[rating]}; the game scored it {LEVEL_WORDS[report.level]}."))
    return 0


RATINGS = {"1": "beginning", "2": "fair", "3": "good"}


def _self_rating(ask: Callable[[str], str]) -> str | None:
    """The trainee's own rating, asked before any score is shown (Enter or q skips)."""
    print("\nBefore the scores: how do you think it went?")
    while True:
        answer = ask("1 Beginning, 2 Fair, 3 Good (Enter skips): ").strip().lower()
        if answer in RATINGS:
            return RATINGS[answer]
        if answer in ("", "q", "quit", "exit"):
            return None
        print("Type 1, 2 or 3, or press Enter to skip.")
