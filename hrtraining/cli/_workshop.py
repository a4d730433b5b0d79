"""``hrtraining workshop``: run a room from the game window, or headless from the terminal.

``--headless`` serves the phones and lets the leader drive the room by typing
commands on standard input (one per line), which needs no display and makes the
whole mode scriptable::

    o  open the vote          c  close it           r  reveal the distribution
    f  feedback + discussion  (empty line) or g: go on with the majority
    1-9  pick / override      b  back one step      h 3 5 0  show-of-hands counts
    l  leaderboard on/off     s  status             e  end -> group debrief
    p  pause · take care       k  lock the room      w  who is here (numbered)
    x N  remove participant N  report  save the leader's report (CSV + HTML)
    j  save a printable join sheet (QR code, address, room code) for the door
    e  end (asks: y ends; the phones' summaries stay served until q)
    q  stop the server (asks: phones lose the page), keeping an unfinished room to resume (--resume CODE)

``--advertise HOST`` chooses the address phones are given (the join URL and QR code); the
machine's addresses are listed at start, VPN-looking ones flagged, and the phone page is
fetched from the advertised address as a self-test. ``--debrief CODE`` reopens an ended
room's group debrief (phones with their token get their summary again); ``--report CODE``
writes the leader's report and exits.
"""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Callable, TextIO

from hrtraining.engine import HRTrainingError, printable
if TYPE_CHECKING:  # the workshop is imported when a room starts, not to print --help
    from hrtraining.practice import RoomStore
    from hrtraining.workshop import Workshop, WorkshopServer


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
    p.add_argument("--advertise", metavar="HOST",
                   help="the address phones are given in the join URL and QR code (default: this machine's "
                        "likeliest Wi-Fi address; never a VPN's)")
    p.add_argument("--trusted-proxy", metavar="ADDRESS", action="append", default=[],
                   help="a reverse proxy in front of the server: its X-Forwarded-For names the phone")
    p.add_argument("--shared-address", action="store_true",
                   help="everyone reaches this laptop through one address (a router doing NAT, a guest "
                        "Wi-Fi): lift the per-address limits")
    p.add_argument("--presenter", choices=("auto", "window", "terminal", "off"), default="auto",
                   help="where the leader's presenter view goes (default: a second display, else this terminal)")
    p.add_argument("--debrief", metavar="CODE", help="reopen an ended room's group debrief")
    p.add_argument("--report", metavar="CODE",
                   help="write the leader's report of room CODE (CSV and a printable HTML page) and exit")
    p.set_defaults(func=cmd_workshop)


def _scenario_for(args: argparse.Namespace, store: RoomStore | None) -> str | None:
    """The scenario file to play: the one named, else the one ``--resume``'s room was played on.

    Raises :class:`~hrtraining.practice.NotInLibrary` for an unknown room or scenario.
    """
    from hrtraining.practice import find_scenario, scenario_for_room

    name = args.scenario
    code = args.resume or getattr(args, "debrief", None) or getattr(args, "report", None)
    if code and store is not None:
        stored = scenario_for_room(store, code)
        name = name or stored
    return find_scenario(name, args.scenarios) if name else None


def cmd_workshop(args: argparse.Namespace, *, stdin: TextIO | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if not 0 <= args.port <= 65535:
        print("hrtraining workshop: --port must be 0 to 65535", file=sys.stderr)
        return 2
    if not args.headless and not args.report:
        return _windowed(args)
    from hrtraining.practice import NotInLibrary, load, room_code
    from hrtraining.workshop import Workshop, WorkshopServer

    store = None
    if not args.no_store:
        from hrtraining.progress import Store, StoreError
        try:
            store = Store.open(getattr(args, "data_dir", None))
        except StoreError as e:
            print(f"hrtraining workshop: votes will not be saved: {printable(str(e))}", file=sys.stderr)
    try:
        try:
            path = _scenario_for(args, store)
        except NotInLibrary as e:  # quotes the id as typed
            print(f"hrtraining workshop: {printable(str(e))}", file=sys.stderr)
            return 2
        if path is None:
            what = f"room {args.resume}" if args.resume and not args.scenario else f"'{args.scenario or ''}'"
            print(f"hrtraining workshop: no scenario for {printable(what)}; give a scenario file or id",
                  file=sys.stderr)
            return 2
        scenario, rubric = load(path)
        reopen = args.debrief or args.report
        if (args.resume or reopen) and store is None:
            print("hrtraining workshop: --resume, --debrief and --report need the progress store", file=sys.stderr)
            return 2
        if reopen:
            workshop = Workshop.review(scenario, rubric, store, room_code(reopen))
        elif args.resume:
            workshop = Workshop.resume(scenario, rubric, store, room_code(args.resume))
        else:
            workshop = Workshop.create(scenario, rubric, store, args.profile)
        if args.report:
            try:
                print(_save_report(workshop), file=out)
            finally:
                workshop.close()
            return 0
        server = WorkshopServer(workshop, args.host, args.port, public_host=args.advertise,
                                trusted_proxies=tuple(args.trusted_proxy), shared_address=args.shared_address)
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
    except HRTrainingError as e:  # the one root: scenario, store and room errors alike (they may quote a file)
        print(f"hrtraining workshop: {printable(str(e), multiline=True)}", file=sys.stderr)
        return 1
    finally:
        if store is not None:
            from hrtraining.practice.xapi import Link

            Link.forget(store)  # the LRS sender: a moment for a batch in flight, the rest next time
            store.close()


def headless(workshop: Workshop, server: WorkshopServer, readline: Callable[[], str], out: TextIO) -> int:
    """The terminal leader: print the room, read commands until end or quit."""
    from hrtraining.practice.words import hands_words
    from hrtraining.workshop import LEADER_COMMANDS, RoomError, keys_hint, qr_text, run_command
    from hrtraining.workshop import presenter, roster_lines

    letters = {c.key for c in LEADER_COMMANDS if c.method}

    def say(text: str = "") -> None:
        # Titles and nicknames come from files and phones: escapes are shown, never run.
        print(printable(text, multiline=True), file=out, flush=True)

    def hint() -> str:
        v = workshop.snapshot
        return keys_hint(v.choices, terminal=True, notes=v.phase == "notes")

    room = workshop.room
    say(f"Workshop: {room.scenario.title}")
    _preflight(server, say)
    say(f"Join at {server.base_url}  with room code {room.code}")
    say(qr_text(server.url))
    say(f"Or open {server.url}")
    say(hint())
    show(workshop, say)
    confirm = ""  # "end" or "quit": a question waiting for y
    while True:
        line = readline()
        if line == "":  # end of input: leave the room resumable
            say(_stopped(workshop))
            return 0
        cmd = line.strip().lower()
        if confirm:
            what, confirm = confirm, ""
            if cmd not in ("y", "yes"):
                say("Not ended: the workshop goes on." if what == "end" else "Still running.")
                continue
            if what == "quit":
                say(_stopped(workshop))
                return 0
            workshop.end()
            workshop.flush()
            show(workshop, say)
            # The server stays up: a phone's page lives on this laptop, so people need time to
            # save or print their summaries before q takes it away.
            say("Everyone's phone now shows their private summary. Leave this running while people save or "
                "print it: once you stop (q), their page can't be reloaded. "
                f"Reopen this debrief later with: hrtraining workshop --debrief {room.code}")
            continue
        try:
            if cmd in ("", "g", "enter"):
                if workshop.snapshot.phase == "notes":
                    workshop.begin()
                else:
                    workshop.go_on()
            elif cmd.isdigit():
                workshop.go_on(int(cmd))
            elif cmd == "l":
                say("Leaderboard " + ("on" if workshop.toggle_leaderboard() else "off"))
            elif cmd == "p":
                say("Paused: the wall and the phones show the take-care screen (p resumes)"
                    if workshop.toggle_pause() else "Resumed.")
            elif cmd == "k":
                say("Room locked: nobody new can join." if workshop.toggle_lock() else "Room unlocked.")
            elif cmd in letters:
                run_command(workshop, cmd)
            elif cmd in ("help", "?"):
                say(hint())
                continue
            elif cmd in ("w", "who"):
                roster = workshop.roster()
                say(f"{len(roster)} in the list:" if roster else "Nobody has joined yet.")
                for ln in roster_lines(roster):
                    say("   " + ln)
                continue
            elif cmd.startswith("x ") and cmd[2:].strip().isdigit():
                roster = workshop.roster()
                n = int(cmd[2:].strip())
                if not 1 <= n <= len(roster):
                    say(f"! there is no participant {n}; w lists them")
                    continue
                say(f"Removed {workshop.remove(roster[n - 1].key)}: their vote here no longer counts.")
            elif cmd == "report":
                say(_save_report(workshop))
                continue
            elif cmd in ("j", "sheet"):
                say(_save_join_sheet(workshop, server))
                continue
            elif cmd.startswith("h"):
                n_options = workshop.snapshot.choices
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
            elif cmd == "s":
                p = presenter(workshop.snapshot)
                for text in (p.heading, p.next_step, p.timer, p.counts, *p.flags):
                    if text:
                        say(text)
                if p.prompt:
                    say(f"Discussion prompt: {p.prompt}")
                continue
            elif cmd in ("e", "end"):
                confirm = "end"
                say("End the workshop for everyone? Phones show their summaries and the room cannot go on. "
                    "Type y to end; anything else keeps going.")
                continue
            elif cmd in ("q", "quit"):
                confirm = "quit"
                say(QUIT_WARNING)
                continue
            else:
                say(hint())
                continue
        except RoomError as e:
            say(f"! {e}")
            continue
        except ValueError:
            n = workshop.snapshot.choices
            example = " ".join(str(x) for x in (3, 5, 0, 2, 1, 4, 0, 1, 2)[:n]) or "3 5 0"
            say(f"! show of hands: h followed by one count per choice ({n} here), e.g. h {example}")
            continue
        show(workshop, say)


QUIT_WARNING = ("Stop the server? Phones lose this page: a reload shows nothing, so anyone who has not saved "
                "or printed their summary loses it. Type y to stop; anything else keeps it running.")


def _stopped(workshop: Workshop) -> str:
    """What the leader is told when the server stops: how to come back to this room."""
    code = workshop.room.code
    if getattr(workshop, "read_only", False):
        return f"Closed the debrief of room {code}."
    if workshop.room.ended:
        return f"Stopped. Reopen this debrief later with: hrtraining workshop --debrief {code}"
    return f"Stopped. Resume later with: hrtraining workshop --resume {code} --headless"


def _preflight(server: WorkshopServer, say: Callable[[str], None]) -> None:
    """This machine's addresses (VPN-looking ones flagged) and the self-test of the advertised one."""
    from hrtraining.workshop import interfaces, self_test
    if getattr(server, "host", "") in ("127.0.0.1", "localhost", "::1") or not hasattr(server, "public_host"):
        return
    found = interfaces()
    if found:
        say("This computer's addresses (phones must be on the network of the one advertised):")
        for i in found:
            say(f"   {'*' if i.address == server.public_host else ' '} {i.label}")
        say("   Another address: --advertise HOST. No shared Wi-Fi? Start a phone hotspot, join it, restart.")
    ok, message = self_test(server.url)
    say(("" if ok else "! Network check failed: ") + message)


def _save_join_sheet(workshop: Workshop, server: WorkshopServer) -> str:
    """Write the printable join sheet (QR code, address, room code) next to the progress file,
    as the window's J does; the leader prints it for the door."""
    from pathlib import Path

    from hrtraining.workshop import join_sheet
    folder = getattr(getattr(workshop, "store", None), "data_dir", None) or Path.cwd()
    path = Path(folder) / f"room-{workshop.room.code}-join-sheet.html"
    try:
        path.write_text(join_sheet(server.url, workshop.room.code, workshop.room.scenario.title), encoding="utf-8")
    except OSError as e:
        return f"! could not write the join sheet: {e.strerror or e}"
    return f"Join sheet saved: {path} (print it for the door)"


def _save_report(workshop: Workshop) -> str:
    """Write the leader's report (CSV and a printable HTML page) next to the progress file."""
    from hrtraining.workshop import save_report
    folder = getattr(getattr(workshop, "store", None), "data_dir", None)
    try:
        paths = save_report(workshop, folder)
    except OSError as e:
        return f"! could not save the report: {e.strerror or e}"
    return "Report saved: " + " and ".join(str(p) for p in paths)


def show(workshop: Workshop, say: Callable[[str], None]) -> None:
    """Print what the wall shows now, and for the leader what to do next."""
    from hrtraining.practice.words import hands_words, vote_words
    from hrtraining.workshop import presenter
    v = workshop.snapshot
    if v.debrief is not None:
        d = v.debrief
        say(f"== Group debrief: {d.title} ==")
        say(d.ending_line())
        for p in d.decisions:
            say(p.line)
            for o in p.options:
                say(f"   {o.number}. {o.votes:>3}  {o.text}")
        if v.leaders:
            from hrtraining.workshop import ranked
            say("Leaderboard: " + ", ".join(f"{rank}. {n} {round(100 * p)}%" for rank, n, p, _ in ranked(v.leaders)))
        return
    if v.phase == "notes":
        say(f"== Content notes: {v.title} ==" + (f" · {v.notice}" if v.notice else ""))
        say("This story includes " + ", ".join(v.notes) + ".")
        say("Enter begins the story · p pause · e end")
        return
    if v.paused:
        say("(paused: the wall and the phones show the take-care screen; p resumes)")
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
    elif v.prompt and v.phase in ("open", "closed", "revealed"):
        say(f"   (for you: discussion prompt — {v.prompt})")
    if v.store_problem:
        say(f"! {v.store_problem}")
    step = presenter(v).next_step
    if step:
        say(f"   > {step}")


def _windowed(args: argparse.Namespace) -> int:
    """The game window opened on the workshop screens."""
    try:
        from hrtraining.game import run_workshop
    except ImportError as e:
        print(f"hrtraining workshop: the game window is not available ({e}); use --headless",
              file=sys.stderr)
        return 1
    return run_workshop(scenario=args.scenario, scenario_dirs=args.scenarios, host=args.host, port=args.port,
                        data_dir=getattr(args, "data_dir", None), profile=args.profile, resume=args.resume,
                        record=not args.no_store, advertise=args.advertise, review=args.debrief,
                        presenter=args.presenter,
                        server_options={"trusted_proxies": tuple(args.trusted_proxy),
                                        "shared_address": args.shared_address})
