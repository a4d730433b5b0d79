"""``hrtraining workshop``: run a room from the game window, or headless from the terminal.

``--headless`` serves the phones and lets the leader drive the room by typing
commands on standard input (one per line), which needs no display and makes the
whole mode scriptable::

    o  open the vote          c  close it           r  reveal the distribution
    f  feedback + discussion  (empty line) or g: go on with the majority
    1-9  pick / override      b  back one step      h 3 5 0  show-of-hands counts
    l  leaderboard on/off     s  status             e  end -> group debrief
    q  quit, keeping the room open to resume later (--resume CODE)
"""
from __future__ import annotations

import argparse
import sys
from typing import Any, Callable, TextIO

from hrtraining.engine import printable

HELP = ("o open · c close · r reveal · f feedback · Enter/g go on · 1-9 pick · b back · "
        "h N N.. hands · l leaderboard · s status · e end · q quit")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("workshop", help="run a workshop room: the group votes from their phones",
                       description="Start a workshop room for SCENARIO (a file or an id). Phones on the same "
                                   "network join at the address shown. Without --headless the game window "
                                   "shows the projector screen.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="scenario file or id")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default: all, for the LAN)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                   help="folder of the progress file where votes are stored")
    p.add_argument("--profile", metavar="NAME", help="the leader's profile for the room's record")
    p.add_argument("--scenarios", metavar="DIR", action="append", default=[],
                   help="also look for SCENARIO in this folder")
    p.add_argument("--resume", metavar="CODE", help="resume an unfinished room from the progress store")
    p.add_argument("--no-store", action="store_true", help="do not record votes (a rehearsal)")
    p.add_argument("--headless", action="store_true",
                   help="no window: drive the room by typing commands in this terminal")
    p.set_defaults(func=cmd_workshop)


def _code(typed: str) -> str:
    """The room code as stored, however it was typed (k7m-2qx); as typed if it cannot be one."""
    from hrtraining.workshop import normalize_code
    return normalize_code(typed) or typed.strip()


class NoSuchRoom(Exception):
    """``--resume CODE`` names a room the progress store does not have."""


def _scenario_for(args: argparse.Namespace, store: Any) -> str | None:
    """The scenario file to play; raises :class:`NoSuchRoom` when ``--resume`` names an unknown room."""
    from ._play import find_scenario
    name = args.scenario
    if args.resume and store is not None:
        from hrtraining.progress import NotFoundError
        try:
            stored = store.room(_code(args.resume)).scenario_id
        except NotFoundError:
            raise NoSuchRoom(_code(args.resume)) from None
        name = name or stored
    return find_scenario(name, args.scenarios) if name else None


def cmd_workshop(args: argparse.Namespace, *, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not 0 <= args.port <= 65535:
        print("hrtraining workshop: --port must be 0 to 65535", file=sys.stderr)
        return 2
    if not args.headless:
        return _windowed(args)
    from hrtraining.engine import find_rubric, load_rubric, load_scenario
    from hrtraining.workshop import Workshop, WorkshopServer

    store = None
    if not args.no_store:
        from hrtraining.progress import Store, StoreError
        try:
            store = Store.open(getattr(args, "data_dir", None))
        except StoreError as e:
            print(f"hrtraining workshop: votes will not be saved: {e}", file=sys.stderr)
    try:
        try:
            path = _scenario_for(args, store)
        except NoSuchRoom as e:
            print(f"hrtraining workshop: there is no workshop room {e} in this progress file "
                  "(see `hrtraining export --format csv --votes` for rooms)", file=sys.stderr)
            return 2
        if path is None:
            what = f"room {args.resume}" if args.resume and not args.scenario else f"'{args.scenario or ''}'"
            print(f"hrtraining workshop: no scenario for {what}; give a scenario file or id", file=sys.stderr)
            return 2
        rubric = load_rubric(find_rubric(path))
        scenario = load_scenario(path, rubric)
        if args.resume:
            if store is None:
                print("hrtraining workshop: --resume needs the progress store", file=sys.stderr)
                return 2
            workshop = Workshop.resume(scenario, rubric, store, _code(args.resume))
        else:
            workshop = Workshop.create(scenario, rubric, store, args.profile)
        server = WorkshopServer(workshop, args.host, args.port)
        try:
            server.start()
        except OSError as e:
            print(f"hrtraining workshop: cannot listen on {args.host}:{args.port}: {e.strerror or e}",
                  file=sys.stderr)
            return 1
        try:
            return headless(workshop, server, (stdin or sys.stdin).readline, out)
        finally:
            server.stop()
            workshop.close()
    except Exception as e:
        from hrtraining.engine import HRTrainingError
        from hrtraining.workshop import RoomError
        if isinstance(e, (HRTrainingError, RoomError)):
            print(f"hrtraining workshop: {e}", file=sys.stderr)
            return 1
        if e.__class__.__name__ in ("NotFoundError", "StoreError"):
            print(f"hrtraining workshop: {e}", file=sys.stderr)
            return 1
        raise
    finally:
        if store is not None:
            store.close()


def headless(workshop: Any, server: Any, readline: Callable[[], str], out: TextIO) -> int:
    """The terminal leader: print the room, read commands until end or quit."""
    from hrtraining.workshop import RoomError, qr_text
    from hrtraining.workshop._results import hands_words

    def say(text: str = "") -> None:
        # Titles and nicknames come from files and phones: escapes are shown, never run.
        print(printable(text, multiline=True), file=out, flush=True)

    room = workshop.room
    say(f"Workshop: {room.scenario.title}")
    say(f"Join at {server.base_url}  with room code {room.code}")
    say(qr_text(server.url))
    say(f"Or open {server.url}")
    say(HELP)
    show(workshop, say)
    while True:
        line = readline()
        if line == "":  # end of input: leave the room resumable
            say(f"Stopped. Resume later with: hrtraining workshop --resume {room.code} --headless")
            return 0
        cmd = line.strip().lower()
        try:
            if cmd in ("", "g", "enter"):
                workshop.go_on()
            elif cmd.isdigit():
                workshop.go_on(int(cmd))
            elif cmd == "o":
                workshop.open_vote()
            elif cmd == "c":
                workshop.close_vote()
            elif cmd == "r":
                workshop.reveal()
            elif cmd == "f":
                workshop.show_feedback()
            elif cmd == "b":
                workshop.back()
            elif cmd in ("help", "?"):
                say(HELP)
                continue
            elif cmd.startswith("h"):
                n_options = len(workshop.snapshot.options)
                if not n_options:
                    say("! there is no decision to count hands for")
                    continue
                counts = [int(x) for x in cmd[1:].replace(",", " ").split()]
                if len(counts) != n_options or any(n < 0 for n in counts):
                    raise ValueError
                workshop.set_hands({i + 1: n for i, n in enumerate(counts)})
                v = workshop.snapshot
                say(f"Show of hands at decision {v.seq + 1}: "
                    + ", ".join(f"{i + 1}: {n}" for i, n in enumerate(counts))
                    + f" ({hands_words(sum(counts))}"
                    + (f", added to {v.voted} phone vote{'' if v.voted == 1 else 's'}" if v.voted else "")
                    + "). r reveals, f shows the feedback.")
            elif cmd == "l":
                say("Leaderboard " + ("on" if workshop.toggle_leaderboard() else "off"))
            elif cmd == "s":
                pass
            elif cmd in ("e", "esc", "end"):
                workshop.end()
                workshop.flush()
                show(workshop, say)
                say("Everyone's phone now shows their private summary.")
                return 0
            elif cmd in ("q", "quit"):
                say(f"Stopped. Resume later with: hrtraining workshop --resume {room.code} --headless")
                return 0
            else:
                say(HELP)
                continue
        except RoomError as e:
            say(f"! {e}")
            continue
        except ValueError:
            n = len(workshop.snapshot.options)
            example = " ".join(str(x) for x in (3, 5, 0, 2, 1, 4, 0, 1, 2)[:n]) or "3 5 0"
            say(f"! show of hands: h followed by one count per choice ({n} here), e.g. h {example}")
            continue
        show(workshop, say)


def show(workshop: Any, say: Callable[[str], None]) -> None:
    """Print what the projector would show now."""
    from hrtraining.workshop._results import hands_words, vote_words
    v = workshop.snapshot
    if v.debrief is not None:
        d = v.debrief
        say(f"== Group debrief: {d['title']} ==")
        say(f"Ending: {d['ending']}" if d["finished"] else "The story was stopped before an ending.")
        for p in d["path"]:
            mark = "  (hardest)" if p["seq"] in d["hardest"] else ""
            say(f"Decision {p['seq'] + 1}: chose {p['chosen']} ({p.get('how_label') or p['how']}), {p['votes']} votes{mark}")
            for o in p["options"]:
                say(f"   {o['number']}. {o['votes']:>3}  {o['text']}")
        if v.leaders:
            say("Leaderboard: " + ", ".join(f"{n} {round(100 * p)}%" for n, p, _ in v.leaders))
        return
    if v.finished:  # the story reached an ending: there is no decision to vote on
        say(f"== Ending: {v.ending_title} ==" + (f" · {v.notice}" if v.notice else ""))
        for ln in v.lines:
            say(f"   {ln.name + ': ' if ln.name else ''}{ln.text}")
        if v.ending_debrief:
            say(v.ending_debrief)
        say("e ends the workshop and shows the group debrief · b goes back a step")
        if v.store_problem:
            say(f"! {v.store_problem}")
        return
    hands = sum(v.hands.values())
    if v.phase in ("revealed", "feedback"):
        count = vote_words(sum(o.votes or 0 for o in v.options) - hands, hands)
    else:
        count = f"{v.voted} of {v.participants} voted" + (f" + {hands_words(hands)}" if hands else "")
    say(f"-- Decision {v.seq + 1} · {v.phase} · {count}"
        + (f" · {v.notice}" if v.notice else ""))
    if v.phase in ("waiting",) or v.notice.startswith("Resumed"):
        for ln in v.lines:
            say(f"   {ln.name + ': ' if ln.name else ''}{ln.text}")
    for o in v.options:
        votes = f"{o.votes:>3}  " if o.votes is not None else ""
        say(f"   {o.number}. {votes}{o.text}")
        if o.feedback:
            say(f"        coach: {o.feedback}")
    if v.discussion:
        say(f"   Discuss: {v.discussion}")
    if v.store_problem:
        say(f"! {v.store_problem}")


def _windowed(args: argparse.Namespace) -> int:
    """The game window opened on the workshop screens."""
    try:
        from hrtraining.workshop.projector import run_window
    except ImportError as e:
        print(f"hrtraining workshop: the game window is not available ({e}); use --headless",
              file=sys.stderr)
        return 1
    return run_window(scenario=args.scenario, scenario_dirs=args.scenarios, host=args.host, port=args.port,
                      data_dir=getattr(args, "data_dir", None), profile=args.profile, resume=args.resume,
                      record=not args.no_store)
