"""Playing in the terminal: ``playtest`` (scripted, for authors) and ``play`` (interactive)."""
from __future__ import annotations

import argparse
import json
import sys
import time
from typing import TYPE_CHECKING, Callable

from hrtraining.engine import Session, StateError, printable

from ._text import YOUR_WORDS, beat_lines, debrief_text, feedback_text, narration, options_text, plural, said, wrap

if TYPE_CHECKING:
    from hrtraining.practice import Attempt

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
    q.add_argument("--write-first", action="store_true",
                   help="at each decision, write what you would say before the options are shown; then "
                        "mark which option is closest to your words, then choose")
    q.add_argument("--share-replies", action="store_true",
                   help="send your written words to your agency's LRS with each choice (only when this computer "
                        "sends results to an LRS: hrtraining lrs set). Without it the LRS learns only that you "
                        "wrote something, never the words")
    q.set_defaults(func=cmd_play)


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
    from hrtraining.practice import load

    sc, rubric = load(args.file, args.rubric)
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
        transcript.append(said(f"You ({pick})", outcome.choice.text))
        transcript.append(feedback_text(outcome, sc, rubric))
    if session.finished:
        transcript.append(beat_lines(session.beat()))
    report = session.report()
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))  # ASCII: a scenario's text cannot reach the terminal raw
    else:
        print("\n".join(t for t in transcript if t))
        if not stopped:
            from hrtraining.practice import Debrief

            print(debrief_text(Debrief.from_report(report, sc, rubric)))
    if stopped:
        print(f"hrtraining playtest: {printable(stopped)}", file=sys.stderr)
        return STOPPED_EARLY
    if picks:
        print(f"hrtraining playtest: the scenario ended with {plural(len(picks), 'choice')} left over", file=sys.stderr)
    return 0


YES, NO, STOP = ("", "y", "yes"), ("n", "no"), ("q", "quit", "exit")


def _resume_or_start(entry, mode: str, recorder, ask, write_first: bool = False,
                     share_replies: bool = False) -> Attempt | None:
    """Offer to continue an unfinished attempt of the scenario; else start a fresh one.

    None when the trainee stops at the question (q, or the input closed): nothing is
    changed, so the attempt stays open for next time. Only "n" abandons it.
    """
    from hrtraining.practice import Attempt, AttemptInUse, unfinished

    scenario, _ = entry.load()
    fits, outdated = unfinished(recorder, scenario)
    for old in outdated:
        print(wrap("You have an unfinished attempt from an earlier version of this scenario. It was "
                   "changed since, so that attempt cannot be continued; it stays in your history."))
        recorder.abandon(old.id)
    for old in fits:
        question = (f"Continue your unfinished attempt ({plural(old.choice_count, 'decision')} made, "
                    f"{old.mode} mode)? [Y/n] ")
        answer = ask(question).strip().lower()
        while answer not in YES + NO + STOP:
            answer = ask("Type y to continue it, n to start again, or q to stop: ").strip().lower()
        if answer in STOP:
            return None
        if answer in YES:
            try:
                # Goes on writing first when asked to, or when the attempt already has own words.
                return Attempt.resume(entry, old, recorder, write_first=write_first or None,
                                      share_replies=share_replies)
            except AttemptInUse as e:
                taken, stop = _in_use(entry, old, recorder, e, ask, share_replies)
                if taken is not None or stop:
                    return taken
                continue  # a new attempt: the one in the other window stays as it is
            except StateError as e:
                print(wrap(f"That attempt cannot be continued ({e}); starting again."))
        recorder.abandon(old.id)
    return Attempt.start(entry, mode, recorder, source="terminal", write_first=write_first,
                         share_replies=share_replies)


def _in_use(entry, old, recorder, error, ask, share_replies: bool = False) -> tuple[Attempt | None, bool]:
    """Another window holds the attempt: watch it, start a new one, or take it over once it is free.

    Returns (the attempt taken over, False), (None, False) for a new attempt, (None, True) to stop.
    """
    from hrtraining.practice import Attempt, AttemptInUse

    print(wrap(f"That attempt is open in another window: {error.holder}. Only that window may add to it."))
    while True:
        answer = ask("w watch it, n start a new attempt, t take over (if that window is gone), q stop: ")
        answer = answer.strip().lower()
        if answer in STOP:
            return None, True
        if answer.startswith("n"):
            return None, False
        if answer.startswith("w"):
            _watch(entry, recorder, old.id)
        elif answer.startswith("t"):
            holder = recorder.holder(old.id)
            if holder is not None:
                print(wrap(f"{holder} is still playing it (its lease is renewed while it runs). Close it "
                           "there first, or wait: a window that has gone stops renewing within "
                           f"{int(error.seconds_left) or 30} seconds."))
                continue
            try:
                return Attempt.resume(entry, recorder.attempt(old.id) or old, recorder,
                                      share_replies=share_replies), False
            except AttemptInUse as again:
                print(wrap(f"Still open in {again.holder}."))


def _watch(entry, recorder, attempt_id: int) -> None:
    """Print what the other window has played so far (read only)."""
    from hrtraining.engine import Session

    stored = recorder.attempt(attempt_id)
    if stored is None:
        print("It cannot be read just now.")
        return
    scenario, rubric = entry.load()
    try:
        session = Session.replay(scenario, rubric, [(c.node_id, c.choice_index) for c in stored.choices])
    except StateError as e:
        print(wrap(f"It cannot be shown ({e})."))
        return
    for nid, outcome in zip(session.state.path, [*session.outcomes, None]):
        for line in scenario.nodes[nid].lines:
            print(said(scenario.speaker_name(line.speaker), line.text) if line.speaker != "narrator"
                  else narration(line.text))
        if outcome is not None:
            print(said("You", outcome.choice.text))
    print(wrap(f"({plural(len(stored.choices), 'decision')} so far, in the other window.)"))


def cmd_play(args: argparse.Namespace, *, read: Callable[[str], str] = input) -> int:
    from hrtraining.engine import check_file, load_rubric
    from hrtraining.practice import Entry, NotInLibrary, Recorder, find_scenario

    try:
        path = find_scenario(args.scenario, args.scenarios)
    except NotInLibrary as e:
        print(f"hrtraining play: {printable(str(e))}", file=sys.stderr)
        return 2
    rubric = load_rubric(args.rubric) if args.rubric else None
    entry = Entry(check_file(path, rubric))
    entry.load()  # a file with errors stops here, with every problem listed
    recorder = Recorder.nowhere(args.profile) if args.no_record else Recorder.open(args.data_dir, args.profile)
    try:
        return _play(args, entry, recorder, read)
    finally:
        recorder.close()


def _play(args: argparse.Namespace, entry, recorder, read: Callable[[str], str]) -> int:
    def ask(prompt: str) -> str:
        """The answer, or "q" when the input has closed (Ctrl-D, or the end of piped input)."""
        try:
            return read(prompt)
        except EOFError:
            print()
            return "q"

    sc, rubric = entry.load()
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
    attempt = _resume_or_start(entry, args.mode, recorder, ask, getattr(args, "write_first", False),
                               getattr(args, "share_replies", False))
    if attempt is None:
        print("Stopped. Run the same command to continue where you stopped.")
        return 0
    mode = attempt.mode
    where = f" as {recorder.profile}" if recorder.keeps else ""
    print(printable(f"Mode: {mode}{where}. Type a choice number and Enter; q stops (you can continue later).") + "\n")
    later = " Run the same command to continue where you stopped." if recorder.keeps else ""
    while not attempt.finished:
        beat = attempt.beat
        if beat.lines:
            print(beat_lines(beat))
        if beat.kind == "continue":
            attempt.advance()
            continue
        if not _write_first(attempt, sc.client.name, ask):
            print(f"Stopped.{later}")
            return 0
        if not attempt.needs_closeness:
            print(options_text(beat))
        elif not _closeness(attempt, beat, ask):
            print(f"Stopped.{later}")
            return 0
        while True:
            answer = ask("> ").strip().lower()
            if answer in STOP:
                print(f"Stopped.{later}")
                return 0
            if answer.isdigit() and 1 <= int(answer) <= len(beat.options):
                break
            print(f"Type a number from 1 to {len(beat.options)}, or q to stop.")
        outcome = attempt.choose(int(answer) - 1)
        print(said("You", outcome.choice.text))
        if mode == "practice":
            print(feedback_text(outcome, sc, rubric))
        if recorder.notice:
            print(wrap(recorder.take_notice()))
        print()
    print(beat_lines(attempt.beat))
    attempt.finish()
    rating = _self_rating(ask)
    if rating:  # asked before the scores: the gap between the two is itself worth a look
        attempt.rate(rating)
    debrief = attempt.debrief()  # from here on the rating is locked
    print(debrief_text(debrief))
    if debrief.rating_line():
        print(wrap(debrief.rating_line()))
    _reflect(attempt, sc.client.name, ask, recorder.keeps)
    return 0


def _write_first(attempt, client: str, ask: Callable[[str], str]) -> bool:
    """Write-first: the trainee's own words before the options (a line; Enter skips). False when
    they stop. Words already written at this decision (a resumed attempt) are shown instead."""
    reply = attempt.reply_now
    if reply is not None and not reply.skipped:
        print(wrap(f"{YOUR_WORDS}: {reply.text}", "", len(f"{YOUR_WORDS}: ")))
    if not attempt.needs_reply:
        return True
    print(wrap(f"What would you say to {client}? Write it in your own words before you see the options "
               "(one line; Enter on an empty line skips; q stops)."))
    started = time.monotonic()
    answer = ask(f"{YOUR_WORDS}: ")
    if answer.strip().lower() in STOP:
        return False
    reply = attempt.write(answer, time.monotonic() - started)
    if reply.cut:  # a terminal shows no limit while typing or pasting: say what was kept
        print(f"Kept the first {len(reply.text):,} characters.")
    print("Skipped writing; that is kept as skipped." if reply.skipped else "Kept. Now the options:")
    return True


def _closeness(attempt, beat, ask: Callable[[str], str]) -> bool:
    """The options, then the trainee's own mark of the one closest to their words. False: stopped."""
    print(options_text(beat))
    n = len(beat.options)
    while True:
        answer = ask(f"Which option is closest to what you wrote? 1 to {n}, or 0 for none of these: ").strip().lower()
        if answer in STOP:
            return False
        if answer.isdigit() and 0 <= int(answer) <= n:
            break
        print(f"Type a number from 1 to {n}, or 0 if none of them is close.")
    attempt.mark_closest(None if answer == "0" else int(answer) - 1)
    print("Now choose what to say.")
    return True


def _reflect(attempt, client: str, ask: Callable[[str], str], kept: bool) -> None:
    """An optional written reflection after the debrief, kept with the attempt."""
    # input() writes the prompt to the terminal as it is: the client's name must be escaped here too.
    answer = ask(f"\nWhat would you do differently with {printable(client)}? (optional; one line, Enter skips): ")
    if answer.strip().lower() in ("",) + STOP:
        return
    attempt.set_reflection(answer)
    print("Your reflection is saved with this attempt." if kept else "Thank you.")


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
