"""The presenter view: what only the leader sees, in a second window or on the terminal.

The audience's screen (the projector) never shows the leader's keys or instructions. They
are here, from :func:`hrtraining.workshop.presenter`: where the room is and what to do
next, the vote timer, "N connected · M voted", the decision's discussion prompt before the
room sees it, the keys, and the participant list (``[``/``]`` select, ``X`` removes, ``K``
locks the room).

With two displays the window opens on the second one by itself; with one (a laptop
mirrored to the projector) the same text goes to the terminal the workshop was started
from (``hrtraining workshop``, or the game's title screen when the game has a terminal),
and ``V`` opens the window anyway (for a leader who extends the desktop by hand). The
leader's messages (refusals, saved files), the show-of-hands keys and the leader's yes/no
questions (end the room, close it, remove someone) go here too; the wall then shows only
"One moment…" (see ``ProjectorScene._draw_confirm``).
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Callable, TextIO

import pygame

from hrtraining.workshop import presenter, roster_lines

from ._draw import draw_question
from ._hands import HINT as HANDS_HINT

if TYPE_CHECKING:
    from ._scene import ProjectorScene

SIZE = (960, 640)
TICK = pygame.event.custom_type()  # once a second while a vote is open: the timer moves
ROSTER_SHOWN = 14
#: How a question is answered. The keys are read by the projector window (or the presenter window:
#: both feed the same scene), so the terminal says where to press them.
CONFIRM_HINT = "Y: yes · any other key (Esc too): keep going"
TERMINAL_CONFIRM_HINT = "Press Y in the projector window: yes · any other key (Esc too): keep going"


class PresenterWindow:
    """A second pygame window drawn with the game's own Ui (theme colours, fonts)."""

    def __init__(self, scene: ProjectorScene, display: int | None = None):
        self.scene = scene
        pos = pygame.WINDOWPOS_CENTERED
        if display is not None:
            try:
                x, y, _, _ = pygame.display.get_desktop_bounds()[display] if hasattr(
                    pygame.display, "get_desktop_bounds") else (0, 0, 0, 0)
                pos = (x + 40, y + 40)
            except (IndexError, pygame.error):
                pass
        self.window = pygame.Window("hrtraining · presenter (only you see this)", SIZE, position=pos,
                                    resizable=True)
        self.message = ""
        self.message_at = 0.0

    @property
    def id(self) -> int:
        return self.window.id

    def close(self) -> None:
        try:
            self.window.destroy()
        except pygame.error:
            pass

    def say(self, text: str) -> None:
        """A message for the leader (a refusal, a saved report) instead of a toast on the wall."""
        self.message, self.message_at = text, time.monotonic()

    def surface(self) -> pygame.Surface:
        return self.window.get_surface()

    def alive(self) -> bool:
        """Can the window still be drawn on? (False once it went away under us.)"""
        try:
            self.window.get_surface()
            return True
        except pygame.error:
            return False

    def draw(self) -> None:
        surf = self.window.get_surface()
        draw_presenter(self.scene, surf, self.message if time.monotonic() - self.message_at < 12 else "")
        self.window.flip()


def draw_presenter(scene: ProjectorScene, surf: pygame.Surface, message: str = "") -> None:
    """The presenter view onto ``surf`` (the window's, or any surface: the screenshots)."""
    ui, th = scene.ui, scene.app.theme
    pal = ui.pal
    from .._chrome import backdrop
    backdrop(ui, surf, "default")
    w, h = surf.get_size()
    m = th.px(16)
    v = scene.view
    if v is None:
        ui.para(surf, scene.problem or "No room is running.", "body", pal.text, pygame.Rect(m, m, w - 2 * m, h))
        return
    p = presenter(v)
    col = pygame.Rect(m, m, round(w * 0.6) - m, h - 2 * m)
    ui.panel(surf, col)
    inner = col.inflate(-2 * th.px(14), -2 * th.px(14))
    y = inner.y
    y += ui.para(surf, p.heading, "h2", pal.heading, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), "bold",
                 vertical=False) + th.px(6)
    if p.timer:
        ui.label(surf, p.timer, "h2", pal.accent, pygame.Rect(inner.x, y, inner.w, 1), style="bold")
        y += ui.line_h("h2", "bold") + th.px(4)
    ui.label(surf, p.counts, "body", pal.text, pygame.Rect(inner.x, y, inner.w, 1), style="bold")
    y += ui.line_h("body", "bold") + th.px(10)
    extra = tuple(x for x in (scene.net_check, message) if x)
    for flag in p.flags + extra:
        y += ui.para(surf, flag, "small", pal.critical, pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                     vertical=False) + th.px(6)
    next_step = HANDS_HINT if scene.hands is not None else p.next_step
    y += ui.para(surf, next_step, "body", pal.text, pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                 vertical=False) + th.px(12)
    if p.prompt:
        y += ui.para(surf, "Discussion prompt: " + p.prompt, "small", pal.muted,
                     pygame.Rect(inner.x, y, inner.w, inner.bottom - y), "italic", vertical=False) + th.px(12)
    ui.para(surf, p.keys, "caption", pal.muted, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), vertical=False)
    # The participant list.
    side = pygame.Rect(col.right + m, m, w - col.right - 2 * m, h - 2 * m)
    ui.panel(surf, side)
    inner = side.inflate(-2 * th.px(14), -2 * th.px(14))
    roster = scene.roster()
    y = inner.y
    ui.label(surf, f"Participants ({len(roster)})", "body", pal.heading, pygame.Rect(inner.x, y, inner.w, 1),
             style="bold")
    y += ui.line_h("body", "bold") + th.px(4)
    ui.label(surf, "[ ] select · X remove · K lock", "caption", pal.muted, pygame.Rect(inner.x, y, inner.w, 1))
    y += ui.line_h("caption") + th.px(8)
    first = max(0, min(scene.roster_pick - ROSTER_SHOWN // 2, len(roster) - ROSTER_SHOWN))
    for i, line in enumerate(roster_lines(roster)[first:first + ROSTER_SHOWN], first):
        if y + ui.line_h("small") > inner.bottom:
            break
        r = pygame.Rect(inner.x, y, inner.w, ui.line_h("small"))
        if i == scene.roster_pick:
            pygame.draw.rect(surf, pal.button_hover, r.inflate(th.px(8), 0), border_radius=th.px(6))
        ui.label(surf, scene.plain(line, "small"), "small", pal.text, r)
        y += ui.line_h("small") + th.px(2)
    if not roster:
        ui.para(surf, "Nobody has joined yet.", "small", pal.muted, pygame.Rect(inner.x, y, inner.w, inner.bottom - y),
                vertical=False)
    if scene.confirm:  # the leader's question, over the view (the wall shows "One moment…")
        title, text = scene.confirm_text()
        draw_question(ui, th, surf, title, text, CONFIRM_HINT)


class TerminalPresenter:
    """The presenter view on the terminal, for a leader with one screen: printed when it changes.

    ``show`` prints and remembers what it printed, so the projector calls it from ``update`` and
    after events (``ProjectorScene.tell_leader``), never while drawing."""

    def __init__(self, out: TextIO | None = None, now: Callable[[], float] = time.monotonic):
        import sys
        self.out = out or sys.stdout
        self.last: tuple = ()

    def show(self, scene: ProjectorScene) -> None:
        v = scene.view
        if v is None:
            return
        p = presenter(v)
        next_step = HANDS_HINT if scene.hands is not None else p.next_step
        question = scene.confirm_text() if scene.confirm else None
        key = (p.heading, next_step, p.flags, p.prompt, v.participants, v.voted if v.phase != "open" else -1,
               question)
        if key == self.last:
            return
        self.last = key
        if question is not None:  # asked here; the wall shows only "One moment…"
            title, text = question
            self._print(f"[presenter] {title}\n  {text}\n  {TERMINAL_CONFIRM_HINT}")
            return
        lines = [f"[presenter] {p.heading} · {p.counts}", f"  {next_step}"]
        lines += [f"  ! {f}" for f in p.flags]
        if p.prompt:
            lines.append(f"  Discussion prompt: {p.prompt}")
        lines.append(f"  Keys: {p.keys}")
        self._print("\n".join(lines))

    def say(self, text: str) -> None:
        """A message for the leader (a refusal, a saved report) instead of a toast on the wall."""
        self._print(f"[presenter] {text}")

    def _print(self, text: str) -> None:
        try:
            print(text, file=self.out, flush=True)
        except (OSError, ValueError):  # no terminal after all
            pass
