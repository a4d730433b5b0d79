"""The projector: what the room sees on the wall while it votes, and the leader's keys.

It reads the workshop's immutable snapshot (``Workshop.snapshot``) and never
the room itself, so the server thread can change the room while a frame is
drawn. The server wakes the game's event-driven loop with a pygame event when
something changed (at most one pending at a time), so an idle projector still
uses no CPU and a new vote shows on the next frame.

The wall shows only what the room should see: the join card, the content notes,
the story, the votes and the take-care pause. The leader's keys, instructions,
timer, prompts and the participant list are in the presenter view (a second
window, or the terminal with one screen: ``_presenter``); ``?`` shows the keys on
the wall for a moment when the leader needs them.

Leader keys: Enter begin the story (at the content notes) / go on with the majority ·
O open · C close · R reveal · F feedback + discussion · 1–9 pick/override · B back ·
H show of hands · L leaderboard · P pause · take care · K lock the room ·
[ ] select a participant, X remove them · ↑↓ page through the lines · PgUp/PgDn scroll the choices · V presenter window ·
J join sheet · X (at the debrief) save the report · E end the workshop (asks; Y confirms,
Esc never ends) · Q leave the room's screen (asks).
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

import pygame

from hrtraining.practice.words import hands_words as _hands
from hrtraining.practice.words import vote_words
from hrtraining.workshop import (CLOSED, FEEDBACK, LEADER_COMMANDS, NOTES, OPEN, REVEALED, WAITING, RoomError,
                                 RoomView, TieError, Workshop, WorkshopServer, keys_hint, run_command, save_report)

from .._chrome import backdrop, hints
from .._scene import Scene
from .._text import has_glyph
from .._ui import ScrollView, clipped
from ._debrief import DebriefView
from ._draw import (QrCache, chip_width, code_height, draw_moment, draw_question, number_chip, phase_banner,
                    room_code, vote_bar)
from ._hands import HandsEntry
from ._presenter import CONFIRM_HINT, TICK, PresenterWindow, TerminalPresenter, draw_presenter

log = logging.getLogger("hrtraining.workshop")

DEFAULT_PORT = 8765
GROW_SECONDS = 0.5
WAKE = pygame.event.custom_type()
#: The leader's commands that take no argument and say nothing back (the others are handled below).
PLAIN_KEYS = {c.key for c in LEADER_COMMANDS if c.method and c.key not in ("l", "p", "k")}
KEYS_SHOWN = 6.0  # seconds the "?" key list stays on the wall
NUMBER_KEYS = {getattr(pygame, f"K_{i}"): i for i in range(1, 10)}
NUMBER_KEYS.update({getattr(pygame, f"K_KP{i}"): i for i in range(1, 10)})


@dataclass(frozen=True)
class _BodyPlan:
    """The right column as laid out for one shape of the room (see ``ProjectorScene.layout``)."""

    lines: tuple            # the client's lines that fit, newest last
    dialog: pygame.Rect | None  # their panel, or None when there is no room for it
    role: str               # type of the choices
    cols: int
    fb_role: str            # type of the coach's feedback
    rows: list              # [(kind, option index, height)] per row, from _cards
    col_w: int
    earlier: int = 0        # lines before the first shown (the leader pages back with ↑)
    later: int = 0          # lines after the last shown (paged back)


def start_server(workshop: Workshop, host: str, port: int, advertise: str | None = None,
                 **options: Any) -> WorkshopServer:
    """Listen on ``port``, else the next few, else any free port (a busy port must not stop a workshop).

    ``advertise`` is the address the join URL and QR code give (default: the likeliest LAN address).
    """
    tries = [port] + ([port + i for i in range(1, 10)] if port else []) + [0]
    error: OSError | None = None
    for p in tries:
        try:
            return WorkshopServer(workshop, host, p, public_host=advertise or None, **options).start()
        except OSError as e:
            error = e
    raise error or OSError("no port to listen on")


def _has_terminal(app: Any) -> bool:
    """Can the presenter view be printed for the leader? Started as ``hrtraining workshop``, yes
    (``presenter_terminal``); from the game's title screen, when the game has a terminal: a leader
    with one display gets the same presenter there, not leader text on the wall."""
    known = getattr(app, "presenter_terminal", None)
    if known is not None:
        return bool(known)
    try:
        return sys.stdout is not None and sys.stdout.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stdout
        return False


class ProjectorScene(Scene):
    """The room on the wall: join card, the client's lines, the choices and the votes."""

    name = "workshop"
    zoom_with_window = True  # read from the back of a room: a bigger screen, bigger text
    own_keys = (pygame.K_v,)  # V opens the presenter window here, not self-voicing

    def __init__(self, app) -> None:
        super().__init__(app)
        self.workshop: Workshop | None = None
        self.server: WorkshopServer | None = None
        self.view: RoomView | None = None
        self.problem = ""
        self.qr = QrCache()
        self.hands: HandsEntry | None = None
        self.grow = 1.0
        self._wake_pending = False
        self._shape: tuple = ()
        self.debrief = DebriefView(self)
        self.area = ScrollView()
        self.plan: _BodyPlan | None = None
        self.confirm: str = ""            # "end", "leave" or "remove": a question waiting for Y
        self.back_lines = 0               # newest lines hidden while the leader pages back (↑)
        self.presenter: PresenterWindow | None = None
        self.terminal: TerminalPresenter | None = None
        self.roster_pick = 0
        self._roster: tuple[float, list] = (0.0, [])
        self.keys_until = 0.0             # "?" shows the keys on the wall until then
        self.net_check = ""               # the self-test's result, for the presenter
        self._net_said = False

    # -- starting and stopping a room ---------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter()
        self.hands, self.confirm = None, ""
        if params.get("workshop") is not None or params.get("entry") is not None \
                or params.get("path") or params.get("resume") or params.get("review"):
            self.leave(switch=False)
            try:
                self.start(**params)
            except Exception as e:  # a busy network or a changed scenario: say so, keep the game
                log.exception("could not start the workshop")
                self.problem = f"{e.__class__.__name__}: {e}" if not isinstance(e, RoomError) else str(e)
        elif self.workshop is None:
            self.problem = "No workshop is running. Press Esc and choose “Run a workshop”."
        self.refresh(force=True)
        self.tell_leader()

    def start(self, entry: Any = None, path: str | None = None, resume: str | None = None,
              host: str = "0.0.0.0", port: int = DEFAULT_PORT, workshop: Workshop | None = None,
              server: WorkshopServer | None = None, review: str | None = None, advertise: str | None = None,
              presenter: str = "auto", server_options: dict | None = None, **_: Any) -> None:
        """Open a room (or resume one, reopen an ended one's debrief, or adopt a running one) and
        start serving phones.

        ``presenter``: "window" opens the presenter window, "terminal" prints it, "auto" picks the
        window with a second display and the terminal otherwise, "off" neither.
        """
        self.problem = ""
        if workshop is None:
            if entry is not None:
                scenario, rubric = entry.load()
            else:
                from hrtraining.practice import find_scenario, load
                scenario, rubric = load(find_scenario(path or ""))
            recorder = getattr(self.app, "recorder", None)
            store = getattr(recorder, "store", None)
            profile = getattr(recorder, "profile", None)
            if (resume or review) and store is None:
                raise RoomError("this needs the progress store, which is not available")
            if review:
                workshop = Workshop.review(scenario, rubric, store, review)
            elif resume:
                workshop = Workshop.resume(scenario, rubric, store, resume)
            else:
                workshop = Workshop.create(scenario, rubric, store, profile)
        self.workshop = workshop
        self.server = server or start_server(workshop, host, port, advertise, **(server_options or {}))
        workshop.add_listener(self._on_change)
        self._open_presenter(presenter)
        if server is None:
            self._check_network()

    # -- the presenter view and the network check ------------------------------------------------
    def _open_presenter(self, how: str) -> None:
        displays = 1
        try:
            displays = pygame.display.get_num_displays()
        except pygame.error:
            pass
        if how == "auto":
            how = "window" if displays > 1 else ("terminal" if _has_terminal(self.app) else "off")
        if how == "window":
            self.toggle_presenter(display=1 if displays > 1 else None)
        elif how == "terminal":
            self.terminal = TerminalPresenter()
        pygame.time.set_timer(TICK, 1000)

    def toggle_presenter(self, display: int | None = None) -> None:
        """V: open or close the presenter window."""
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
            return
        try:
            self.presenter = PresenterWindow(self, display)
        except (pygame.error, AttributeError) as e:  # pygame without multiple windows
            log.warning("no presenter window: %s", e)
            self.presenter = None

    def _check_network(self) -> None:
        """Fetch the phone page from the advertised address in the background (the pre-flight)."""
        server = self.server
        if server is None or server.host in ("127.0.0.1", "localhost"):
            return

        def run() -> None:
            from hrtraining.workshop import self_test
            ok, message = self_test(server.url)
            self.net_check = ("" if ok else "Network check failed: ") + message
            self._on_change("phase")  # wake the loop to show it
        threading.Thread(target=run, name="workshop-self-test", daemon=True).start()

    def say(self, text: str) -> None:
        """A message for the leader (a refusal, a saved file): in the presenter view, window or
        terminal. Only with no presenter at all (``--presenter off``, or a game started without a
        terminal on one display) is it a short toast on the wall: the leader has no other screen."""
        text = text[:1].upper() + text[1:]
        if self.presenter is not None:
            self.presenter.say(text)
        elif self.terminal is not None:
            self.terminal.say(text)
        else:
            self.app.notify(text)

    def roster(self) -> list:
        """The participant list, read at most twice a second (it takes the room's lock)."""
        when, cached = self._roster
        now = time.monotonic()
        if self.workshop is not None and now - when > 0.5:
            self._roster = (now, self.workshop.roster())
        return self._roster[1]

    def plain(self, text: str, role: str = "body", style: str = "regular") -> str:
        """``text`` without characters the font has no glyph for ("Hana 🌱" is "Hana", not "Hana ?")."""
        if text.isascii():
            return text
        font = self.ui.font(role, style)
        kept = "".join(ch for ch in text if ch.isascii() or has_glyph(font, ch))
        return " ".join(kept.split()) or "?"

    def shutdown(self) -> None:
        """The game is quitting: stop serving and flush queued votes before the store closes."""
        self.leave(switch=False)

    def leave(self, switch: bool = True) -> None:
        """Stop serving and forget the room (its record stays in the store)."""
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        self.terminal = None
        try:
            pygame.time.set_timer(TICK, 0)
        except pygame.error:
            pass
        if self.workshop is not None:
            self.workshop.remove_listener(self._on_change)
        if self.server is not None:
            self.server.stop()
        if self.workshop is not None:
            self.workshop.close()
        self.workshop = self.server = self.view = None
        self._shape, self.plan = (), None
        if switch:
            self.app.switch("title")

    # -- the hand-off from the server thread ---------------------------------------------------------
    def _on_change(self, kind: str) -> None:
        """Server thread: wake the game loop (one pending wake at most)."""
        if self._wake_pending:
            return
        self._wake_pending = True
        try:
            pygame.event.post(pygame.event.Event(WAKE, {}))
        except pygame.error:  # no display (tests without a window): update() polls anyway
            self._wake_pending = False

    def refresh(self, force: bool = False) -> None:
        """Take the newest snapshot; lay out again only when what is shown changed shape."""
        w = self.workshop
        new = w.snapshot if w is not None else None
        old = self.view
        if new is old and not force:
            return
        self.view = new
        if new is not None and old is not None and new.phase in (REVEALED, FEEDBACK) \
                and (old.phase not in (REVEALED, FEEDBACK) or old.seq != new.seq):
            self.grow = 1.0 if self.app.theme.reduced_motion else 0.0
        shape = () if new is None else (new.phase, new.seq, new.node_id, len(new.lines), len(new.options),
                                        new.ended, new.leaderboard, new.tie, new.finished, bool(new.hands),
                                        new.debrief is not None)
        if force or shape != self._shape:
            if shape[1:3] != self._shape[1:3]:
                self.area.offset = 0  # a new decision starts at the top
                self.back_lines = 0
            self._shape = shape
            self.layout()

    # -- layout ---------------------------------------------------------------------------------------
    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        m = th.margin
        bottom = th.height - m  # no key list on the wall: it is the presenter's
        self.left = pygame.Rect(m, m, max(th.px(300), round(th.width * 0.27)), bottom - m)
        x = self.left.right + th.gap if not self.wide else m
        self.right = pygame.Rect(x, m, th.width - m - x, bottom - m)
        self.banner = pygame.Rect(self.right.x, self.right.y, self.right.w, ui.line_h("h2", "bold") + th.px(26))
        self.body = pygame.Rect(self.right.x, self.banner.bottom + th.gap, self.right.w,
                                self.right.bottom - self.banner.bottom - th.gap)
        v = self.view
        self.plan = None
        if v is not None and v.debrief is not None:
            self.debrief.layout()
        elif v is not None:
            self.plan = self._plan_body(v)
        self.set_targets([])

    @property
    def wide(self) -> bool:
        """Feedback needs the room: the join card gives way (the code stays in the banner)."""
        v = self.view
        return v is not None and v.phase == FEEDBACK

    # -- input ---------------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        self._handle(event)
        self.tell_leader()  # a key, a vote or a question: the terminal follows at once

    def _handle(self, event: pygame.event.Event) -> None:
        if event.type == WAKE:
            self._wake_pending = False
            self.refresh()
            return
        if event.type == TICK:  # the presenter's timer moves; the loop redraws after any event
            return
        if event.type == pygame.WINDOWCLOSE and self.presenter is not None \
                and getattr(getattr(event, "window", None), "id", None) == self.presenter.id:
            self.toggle_presenter()
            return
        if event.type == pygame.MOUSEWHEEL and self.view is not None and self.view.debrief is not None:
            self.debrief.scroll(-event.y * self.app.theme.px(60))
            return
        if event.type == pygame.KEYDOWN:
            self.on_key(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if self.hands is not None:
            self.hands.key(event)
            return True
        w, v = self.workshop, self.view
        if w is None or v is None:
            if k in (pygame.K_ESCAPE, pygame.K_BACKSPACE):
                self.leave()
            return True
        if self.confirm:
            self._answer(k)
            return True
        if k in (pygame.K_QUESTION, pygame.K_SLASH, pygame.K_F1):
            self.keys_until = self.app.clock + KEYS_SHOWN
            return True
        if k == pygame.K_v:
            self.toggle_presenter()
            return True
        if k == pygame.K_j:
            self._join_sheet()
            return True
        if k in (pygame.K_LEFTBRACKET, pygame.K_RIGHTBRACKET):
            n = len(self.roster())
            self.roster_pick = max(0, min(n - 1, self.roster_pick + (1 if k == pygame.K_RIGHTBRACKET else -1)))
            return True
        if k == pygame.K_q:
            self.confirm = "leave"
            return True
        if k == pygame.K_p:
            self._do(w.toggle_pause)
            return True
        if k == pygame.K_k:
            self._do(lambda: self.say("Room locked: nobody new can join." if w.toggle_lock() else "Room unlocked."))
            return True
        if v.debrief is not None:  # the group debrief
            if k == pygame.K_l:
                w.toggle_leaderboard()
            elif k == pygame.K_x:
                self._save_report()
            elif k in (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                step = self.app.theme.px(60) if k in (pygame.K_UP, pygame.K_DOWN) else self.debrief.page
                self.debrief.scroll(step if k in (pygame.K_DOWN, pygame.K_PAGEDOWN) else -step)
            self.refresh()
            return True
        if k == pygame.K_x:
            if self.roster():
                self.confirm = "remove"
            return True
        if k == pygame.K_e:
            self.confirm = "end"  # ending always asks; Esc never ends a room
            return True
        letter = pygame.key.name(k)
        try:
            if v.phase == NOTES and k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                w.begin()
            elif letter in PLAIN_KEYS:
                run_command(w, letter)
            elif k in (pygame.K_RETURN, pygame.K_KP_ENTER):
                w.go_on()
            elif k in NUMBER_KEYS:
                n = NUMBER_KEYS[k]
                if n <= v.choices:
                    w.go_on(n)
            elif k == pygame.K_h:
                if v.choices:
                    if v.phase == NOTES:
                        w.begin()
                        self.refresh()
                    self.hands = HandsEntry(self, self.view)
            elif k == pygame.K_l:
                on = w.toggle_leaderboard()
                self.say("Leaderboard on: it shows at the end, nicknamed people only." if on else "Leaderboard off.")
            elif k == pygame.K_UP:  # page back through the lines said since the last decision
                self.back_lines = min(max(0, len(v.lines) - 1), self.back_lines + 1)
                self.layout()
            elif k == pygame.K_DOWN:
                self.back_lines = max(0, self.back_lines - 1)
                self.layout()
            elif k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
                self.area.scroll(self.area.view.h // 2 * (1 if k == pygame.K_PAGEDOWN else -1))
        except TieError:
            pass  # the banner says it is tied, the presenter what to press: no toast over the banner
        except RoomError as e:
            self.say(str(e) + ".")
        self.refresh()
        return True

    def _answer(self, k: int) -> None:
        """Y confirms the question on screen; any other key (Esc too) keeps going."""
        what, self.confirm = self.confirm, ""
        if k != pygame.K_y or self.workshop is None:
            return
        if what == "end":
            self._do(self.workshop.end)
        elif what == "leave":
            self.leave()
        elif what == "remove":
            roster = self.roster()
            if 0 <= self.roster_pick < len(roster):
                key = roster[self.roster_pick].key
                self._do(lambda: self.say(f"Removed {self.workshop.remove(key)}: their vote here no longer counts."))
                self._roster = (0.0, [])
                self.roster_pick = max(0, self.roster_pick - 1)

    def _save_report(self) -> None:
        folder = getattr(getattr(self.workshop, "store", None), "data_dir", None)
        try:
            paths = save_report(self.workshop, folder)
        except OSError as e:
            self.say(f"Could not save the report: {e.strerror or e}")
            return
        self.say("Report saved: " + " and ".join(str(p) for p in paths))

    def _join_sheet(self) -> None:
        """J: a printable page with the QR code, the address and the room code, opened in a browser."""
        from pathlib import Path

        from hrtraining.workshop import join_sheet
        if self.server is None or self.workshop is None:
            return
        folder = getattr(getattr(self.workshop, "store", None), "data_dir", None) or Path.cwd()
        path = Path(folder) / f"room-{self.workshop.room.code}-join-sheet.html"
        try:
            path.write_text(join_sheet(self.server.url, self.workshop.room.code, self.workshop.room.scenario.title),
                            encoding="utf-8")
        except OSError as e:
            self.say(f"Could not write the join sheet: {e.strerror or e}")
            return
        self.say(f"Join sheet saved: {path} (print it for the door)")
        if os.environ.get("SDL_VIDEODRIVER") != "dummy":
            import webbrowser
            webbrowser.open(path.as_uri())

    def _do(self, fn) -> None:
        try:
            fn()
        except RoomError as e:
            self.say(str(e))
        self.refresh()

    def save_hands(self, counts: dict[int, int]) -> None:
        self.hands = None
        if self.workshop is not None:
            self._do(lambda: self.workshop.set_hands(counts))

    # -- time ------------------------------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.refresh()  # a wake event may have been coalesced away; the snapshot is the truth
        if self.net_check and not self._net_said:  # the self-test's answer (from its thread)
            self._net_said = True
            if self.net_check.startswith("Network check failed"):
                self.say(self.net_check)
        if self.grow < 1.0:
            self.grow = min(1.0, self.grow + dt / GROW_SECONDS)
        self._check_presenter()
        self.tell_leader()

    def animating(self) -> bool:
        return self.grow < 1.0

    # -- drawing -----------------------------------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui = self.ui
        backdrop(ui, surf, "default")
        v = self.view
        if v is None:
            self._draw_problem(surf)
        elif v.debrief is not None:
            self.debrief.draw(surf, v)
        else:
            if not self.wide:
                self._draw_join(surf, v)
            aside = f"Room {v.code} · {v.joined} joined" if self.wide else ""
            phase_banner(ui, surf, self.banner, self._status(v), v.phase == OPEN, aside)
            if v.phase == NOTES:
                self._draw_notes(surf, v)
            else:
                self._draw_body(surf, v)
            if self.hands is not None:
                self.hands.draw(surf)
        if v is not None and v.paused:
            self._draw_pause(surf)
        if self.keys_until > self.app.clock and v is not None:
            hints(ui, surf, keys_hint(v.choices if not v.finished else 0, notes=v.phase == NOTES)
                  + " · [ ] X participants · V presenter · J join sheet · Q leave")
        if self.confirm:
            self._draw_confirm(surf)
        self._draw_presenter()

    def _draw_presenter(self) -> None:
        """Paint the presenter window with the wall (it shows the same state). Changes nothing: a
        window that went away is closed by ``update`` (``_check_presenter``), and the terminal is
        told in ``tell_leader``, not here."""
        if self.presenter is not None:
            try:
                self.presenter.draw()
            except pygame.error as e:  # the window went away under us: update() closes it
                log.warning("presenter window: %s", e)

    def _check_presenter(self) -> None:
        """Drop a presenter window that went away under us (drawing it failed)."""
        if self.presenter is not None and not self.presenter.alive():
            log.warning("presenter window: gone")
            self.presenter = None

    def tell_leader(self) -> None:
        """The room may have changed: print the presenter view on the terminal when what it says
        changed (``TerminalPresenter.show`` prints nothing otherwise). Called after every event
        and every update, so the terminal follows the room whether or not a frame is drawn."""
        if self.terminal is not None:
            self.terminal.show(self)

    def presenter_surface(self, size: tuple[int, int] = (960, 640)) -> pygame.Surface:
        """The presenter view drawn on a plain surface (screenshots, tests without a window)."""
        surf = pygame.Surface(size)
        draw_presenter(self, surf)
        return surf

    def _status(self, v: RoomView) -> str:
        """What the room is doing, for the room: never the leader's keys."""
        total = sum(o.votes or 0 for o in v.options)
        hands = sum(v.hands.values())
        extra = f" + {_hands(hands)}" if hands else ""
        d = f"Decision {v.seq + 1}"
        if v.finished:
            return f"Ending: {v.ending_title}"
        if v.phase == NOTES:
            return "Before we start: content notes"
        if v.phase == WAITING:
            return f"{d} · read along; the vote opens soon"
        if v.phase == OPEN:
            return f"Voting open · {v.voted} of {v.participants} have voted{extra}"
        if v.phase == CLOSED:
            if hands and not v.voted:
                return f"{d} · show of hands · {_hands(hands)}"
            return f"Voting closed · {v.voted} voted{extra}"
        if v.tie:
            return f"Tied between {' and '.join(map(str, v.tie))} · the leader decides"
        what = "Coach feedback" if v.phase == FEEDBACK else "The room's vote"
        return f"{what} · {vote_words(total - hands, hands)}"

    def _draw_notes(self, surf: pygame.Surface, v: RoomView) -> None:
        """Before the first line: what the story includes, and that stepping out is fine."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        card = self.body
        pygame.draw.rect(surf, pal.warn_panel, card, border_radius=th.radius)
        inner = card.inflate(-2 * th.pad, -2 * th.pad)
        y = inner.y
        y += ui.para(surf, "Content notes", "h1", pal.on_warn, pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                     "bold", vertical=False) + th.gap
        text = f"{v.title}. This story includes " + ", ".join(v.notes) + "."
        y += ui.para(surf, text, "body", pal.on_warn, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), "bold",
                     vertical=False) + th.gap
        care = ("If something here is close to home, you can step out at any time: tap “Step out” on your phone. "
                "It stops showing the story, and nobody is told. Take care of yourselves.")
        ui.para(surf, care, "body", pal.on_warn, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), vertical=False)

    def _draw_pause(self, surf: pygame.Surface) -> None:
        """The leader's "pause · take care" screen over everything."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        ui.scrim(surf, 200)
        w = min(th.width - 2 * th.margin, th.px(900))
        text = ("Take a breath, stretch, get some water. If this brings something up for you, it is fine to step "
                "out: your phone can stop showing the story, and nobody is told. Talk to the leader in the break "
                "if you would like to.")
        inner_w = w - 2 * th.pad
        h = 2 * th.pad + ui.line_h("display", "bold") + 2 * th.gap + ui.measure(text, "body", inner_w)
        card = pygame.Rect((th.width - w) // 2, max(th.margin, (th.height - h) // 2), w, h)
        ui.panel(surf, card)
        y = card.y + th.pad
        ui.label(surf, "Pause · take care", "display", pal.heading, pygame.Rect(card.x + th.pad, y, inner_w, 1),
                 style="bold")
        y += ui.line_h("display", "bold") + th.gap
        ui.para(surf, text, "body", pal.text, pygame.Rect(card.x + th.pad, y, inner_w, card.bottom - y))

    def _draw_problem(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        w = min(th.width - 2 * th.margin, th.px(900))
        card = pygame.Rect((th.width - w) // 2, th.height // 4, w, th.height // 2)
        ui.panel(surf, card)
        inner = card.inflate(-2 * th.pad, -2 * th.pad)
        y = inner.y + ui.para(surf, "The workshop could not start", "h1", pal.critical, inner, "bold") + th.gap
        ui.para(surf, self.problem or "No room is running.", "body", pal.text,
                pygame.Rect(inner.x, y, inner.w, inner.bottom - y))
        hints(ui, surf, "Esc back to the title")  # no room: nothing to hide from an audience

    def _draw_join(self, surf: pygame.Surface, v: RoomView) -> None:
        """The left card: how to join (QR, address, code) and how many are in."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        card = self.left
        ui.panel(surf, card)
        inner = card.inflate(-2 * th.pad, -2 * th.pad)
        y = inner.y
        ui.label(surf, "Join on your phone", "h2", pal.heading, pygame.Rect(inner.x, y, inner.w, 1), style="bold")
        y += ui.line_h("h2", "bold") + th.px(10)
        below = (ui.line_h("caption") + ui.line_h("small", "bold") + th.px(14) + ui.line_h("caption")
                 + code_height(ui, inner.w, v.code) + th.px(14) + ui.line_h("small") + th.px(6))
        size = max(th.px(80), min(inner.w, inner.bottom - y - below))
        url = self.server.url if self.server else ""
        if url:
            qr = self.qr.surface(url, size)
            surf.blit(qr, qr.get_rect(midtop=(inner.centerx, y)))
            y += qr.get_height() + th.px(10)
        base = self.server.base_url.removeprefix("http://").rstrip("/") if self.server else ""
        ui.label(surf, "Open", "caption", pal.muted, pygame.Rect(inner.x, y, inner.w, 1))
        y += ui.line_h("caption")
        ui.label(surf, base, "small", pal.text, pygame.Rect(inner.x, y, inner.w, 1), style="bold")
        y += ui.line_h("small", "bold") + th.px(14)
        ui.label(surf, "Room code", "caption", pal.muted, pygame.Rect(inner.x, y, inner.w, 1))
        y += ui.line_h("caption")
        y += room_code(ui, surf, v.code, pygame.Rect(inner.x, y, inner.w, 1), pal.heading) + th.px(14)
        people = f"{v.joined} joined"  # who is connected is the presenter's business
        ui.label(surf, people, "small", pal.text, pygame.Rect(inner.x, y, inner.w, 1))
        if v.store_problem:
            ui.label(surf, v.store_problem, "caption", pal.critical,
                     pygame.Rect(inner.x, inner.bottom - ui.line_h("caption"), inner.w, 1))

    # -- the right column: the client's lines and the choices -------------------------------------------------
    def _cards(self, v: RoomView, role: str, width: int, cols: int,
               fb_role: str = "small") -> list[list[tuple[str, int, int]]]:
        """Rows of (kind, option index, height) cards for the choices area: options ``cols`` to a row.

        Cards name options by index, not by value: the votes on them change between layouts.
        """
        ui, th = self.ui, self.app.theme
        show_votes = v.phase in (REVEALED, FEEDBACK)
        col_w = (width - (cols - 1) * th.gap) // cols
        cards: list[tuple[str, int, int]] = []
        for i, o in enumerate(v.options):
            text_w = col_w - 2 * th.px(14) - chip_width(ui, o.number, role) - th.px(14)
            h = ui.measure(o.text, role, text_w) + 2 * th.px(10)
            if show_votes:
                h += ui.line_h("small", "bold") + th.px(6)
            if v.phase == FEEDBACK and o.feedback:
                h += ui.measure(o.feedback, fb_role, text_w) + th.px(6)
            cards.append(("option", i, h))
        rows = [cards[i:i + cols] for i in range(0, len(cards), cols)]
        if v.phase == FEEDBACK and v.discussion:
            rows.append([("discussion", 0,
                          ui.measure("Discuss: " + v.discussion, role, width - 2 * th.pad, "bold") + 2 * th.px(14))])
        if v.finished:
            rows.append([("ending", 0, ui.line_h("h1", "bold") + ui.line_h("small") + 3 * th.px(14))])
        return rows

    def _fit(self, v: RoomView, width: int, height: int, reading: bool = False) -> tuple[str, int, str, list, int]:
        """The largest type (and, for feedback, two columns) that lets the choices fit ``height``.

        Returns (option role, columns, feedback role, rows, height needed).
        """
        gap = self.app.theme.px(10)
        tries = [("small", 1, "small")] if reading else [("body", 1, "small"), ("small", 1, "small")]
        if v.phase == FEEDBACK:
            tries = [("body", 1, "small"), ("body", 2, "small"), ("small", 2, "small"), ("small", 2, "caption"),
                     ("caption", 2, "caption")]
            if len(v.options) < 3:
                tries = [t for t in tries if t[1] == 1] + [("small", 1, "caption"), ("caption", 1, "caption")]
        for role, cols, fb_role in tries:
            rows = self._cards(v, role, width, cols, fb_role)
            need = sum(max(h for _, _, h in row) for row in rows) + gap * max(0, len(rows) - 1)
            if need <= height:
                break
        return role, cols, fb_role, rows, need

    def _plan_body(self, v: RoomView) -> _BodyPlan:
        """Lay out the right column once per shape (layout time, never while drawing).

        The choices must stay readable: shrink their type before hiding anything, and give
        the client's lines what is left (newest at the bottom, whole lines only).
        """
        th = self.app.theme
        body = self.body
        every = list(v.lines if v.phase != FEEDBACK else ())
        later = min(self.back_lines, max(0, len(every) - 1))
        lines = every[:len(every) - later]
        text_w = body.w - 2 * th.pad
        keep = self._lines_height(lines[-1:], text_w) + 2 * th.px(14) + th.gap if lines else 0
        # While the room reads (before the vote), the lines come first: the choices take the
        # smaller type at once, so more of the conversation fits.
        role, cols, fb_role, rows, need = self._fit(v, body.w, body.h - keep, reading=v.phase == WAITING)
        marker = self.ui.line_h("caption")
        space = body.h - need - th.gap - 2 * th.px(14) - marker
        while len(lines) > 1 and self._lines_height(lines, text_w) > space:
            lines.pop(0)  # the leader pages back to them (↑); they are on the phones too
        earlier = len(every) - later - len(lines)
        dialog_h = self._lines_height(lines, text_w) + (marker if earlier or later else 0)
        dialog = None
        top = body.y
        if lines and dialog_h <= space + marker:
            dialog = pygame.Rect(body.x, body.y, body.w, dialog_h + 2 * th.px(14))
            top = dialog.bottom + th.gap
        area = pygame.Rect(body.x, top, body.w, body.bottom - top)
        self.area.set(area, need)
        return _BodyPlan(tuple(lines), dialog, role, cols, fb_role, rows, (body.w - (cols - 1) * th.gap) // cols,
                         earlier, later)

    def _draw_body(self, surf: pygame.Surface, v: RoomView) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        plan, body, area = self.plan, self.body, self.area.view
        if plan is None:
            return
        gap = th.px(10)
        if plan.dialog is not None:
            ui.panel(surf, plan.dialog)
            box = plan.dialog.inflate(-2 * th.pad, -2 * th.px(14))
            if plan.earlier or plan.later:
                note = " · ".join(x for x in (f"▲ {plan.earlier} earlier" if plan.earlier else "",
                                              f"▼ {plan.later} later" if plan.later else "") if x)
                ui.label(surf, note, "caption", pal.muted, pygame.Rect(box.x, box.y, box.w, 1), align="right")
                box = pygame.Rect(box.x, box.y + ui.line_h("caption"), box.w, box.h - ui.line_h("caption"))
            self._draw_lines(surf, plan.lines, box)
        role, fb_role, col_w = plan.role, plan.fb_role, plan.col_w
        with clipped(surf, area):
            y = self.area.y(0)
            for row in plan.rows:
                h = max(hh for _, _, hh in row)
                for i, (kind, index, _) in enumerate(row):
                    if kind == "option":
                        if index < len(v.options):
                            self._draw_option(surf, v, v.options[index],
                                              pygame.Rect(body.x + i * (col_w + th.gap), y, col_w, h), role, fb_role)
                    elif kind == "discussion":
                        r = pygame.Rect(body.x, y, body.w, h)
                        ui.panel(surf, r, pal.warn_panel, shadow=False)
                        ui.para(surf, "Discuss: " + v.discussion, role, pal.on_warn,
                                r.inflate(-2 * th.pad, -2 * th.px(14)), "bold", vertical=False)
                    else:
                        r = pygame.Rect(body.x, y, body.w, h)
                        ui.panel(surf, r)
                        inner = r.inflate(-2 * th.pad, -2 * th.px(14))
                        ui.label(surf, v.ending_title, "h1", pal.heading, inner, style="bold")
                        ui.label(surf, "The end of the story. The group debrief follows.", "small",
                                 pal.muted, pygame.Rect(inner.x, inner.y + ui.line_h("h1", "bold") + th.px(14),
                                                        inner.w, 1))
                y += h + gap
        self.area.draw_bar(surf, ui)

    def _lines_height(self, lines, w: int) -> int:
        ui, th = self.ui, self.app.theme
        h = 0
        for ln in lines:
            if ln.name:
                h += ui.line_h("small", "bold")
            h += ui.measure(ln.text, "body", w, "italic" if ln.speaker == "narrator" else "regular") + th.px(10)
        return max(0, h - th.px(10))

    def _draw_lines(self, surf: pygame.Surface, lines, box: pygame.Rect) -> None:
        """The newest lines that fit whole, bottom-aligned; earlier ones are on everyone's phone."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        colours = {"client": pal.client, "you": pal.you, "narrator": pal.narrator}
        shown = list(lines)
        while len(shown) > 1 and self._lines_height(shown, box.w) > box.h:
            shown.pop(0)
        y = box.bottom - self._lines_height(shown, box.w)
        with clipped(surf, box):
            for ln in shown:
                if ln.name:
                    ui.label(surf, ln.name, "small", colours.get(ln.speaker, pal.other),
                             pygame.Rect(box.x, y, box.w, 1), style="bold")
                    y += ui.line_h("small", "bold")
                style = "italic" if ln.speaker == "narrator" else "regular"
                colour = pal.muted if ln.speaker in ("narrator", "you") else pal.text
                y += ui.para(surf, ln.text, "body", colour, pygame.Rect(box.x, y, box.w, box.bottom - y), style,
                             vertical=False) + th.px(10)

    def _draw_option(self, surf: pygame.Surface, v: RoomView, o, r: pygame.Rect, role: str,
                     fb_role: str = "small") -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        total = sum(x.votes or 0 for x in v.options)
        top = max((x.votes or 0 for x in v.options), default=0)
        leading = o.votes is not None and top > 0 and o.votes == top
        pygame.draw.rect(surf, pal.panel_alt[:3], r, border_radius=th.radius)
        edge = pal.accent if leading else pal.panel_edge
        pygame.draw.rect(surf, edge, r, th.px(3) if leading else max(1, th.px(1.5)), border_radius=th.radius)
        x = r.x + th.px(14)
        y = r.y + th.px(10)
        cw = number_chip(ui, surf, o.number, x, y, role, dim=bool(v.tie) and o.number not in v.tie)
        tx = x + cw + th.px(14)
        tw = r.right - th.px(14) - tx
        y += ui.para(surf, o.text, role, pal.text, pygame.Rect(tx, y, tw, r.bottom - y), vertical=False)
        if o.votes is not None:
            y += th.px(6)
            vote_bar(ui, surf, pygame.Rect(tx, y, tw, ui.line_h("small", "bold")), o.votes, total, self.grow, leading)
            y += ui.line_h("small", "bold")
        if v.phase == FEEDBACK and o.feedback:
            y += th.px(6)
            ui.para(surf, o.feedback, fb_role, pal.critical if o.critical else pal.muted,
                    pygame.Rect(tx, y, tw, r.bottom - y), vertical=False)

    def confirm_text(self) -> tuple[str, str]:
        """(title, text) of the question waiting for Y."""
        v = self.view
        if self.confirm == "end":
            unfinished = v is not None and not v.finished
            return "End the workshop?", (("The story has not reached an ending. " if unfinished else "")
                                         + "Everyone's phone will show their private summary and the room cannot "
                                           "be continued (its debrief can be reopened from “Run a workshop”).")
        if self.confirm == "leave":
            return "Close the room's screen?", ("The server stops: phones lose this page, and a reload shows "
                                               "nothing, so anyone who has not saved or printed their summary "
                                               "loses it. An unfinished room can be resumed, an ended one's "
                                               "debrief reopened, from “Run a workshop”.")
        roster = self.roster()
        who = roster[self.roster_pick].label if 0 <= self.roster_pick < len(roster) else "this participant"
        return f"Remove {who}?", "Their vote at this decision stops counting and their phone is disconnected."

    def _draw_confirm(self, surf: pygame.Surface) -> None:
        """The leader's question, where only the leader reads it.

        With a presenter view (the window, or the terminal with one screen) the question is asked
        there and the wall shows only a neutral "One moment…": the room need not read that the
        leader is about to end the room or whom they may remove. The answer is still a key in
        this window (Y, or anything else to keep going). With no presenter at all (``--presenter
        off``) the wall is the leader's only screen, so the question is drawn here.
        """
        ui, th = self.ui, self.app.theme
        if self.presenter is not None or self.terminal is not None:
            draw_moment(ui, th, surf)
            return
        title, text = self.confirm_text()
        draw_question(ui, th, surf, title, text, CONFIRM_HINT)

    def debug_lines(self) -> list[str]:
        v = self.view
        if v is None:
            return ["workshop: no room"]
        return [f"room {v.code} · phase {v.phase} · node {v.node_id} · v{v.version}",
                f"server {self.server.url if self.server else '-'} · broadcasts "
                f"{self.server.broadcasts if self.server else 0}"]
