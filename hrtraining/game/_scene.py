"""Scenes and the one manager that keeps a stack of them (as Tuxemon's states do).

Lifecycle of a :class:`Scene` (called by :class:`SceneManager` only):

``enter(**params)``
    The scene is shown: switched to, or pushed on top of the stack; ``params``
    say what to show (e.g. which scenario). Set up state here.
``exit()``
    The scene is left: another was switched to, or it was popped off the
    stack. A scene that another is pushed over is *not* left: it waits
    beneath, unchanged, and is drawn under an overlay.
``layout()``
    Compute rectangles and click targets for the current window size, text
    size and state. Called after ``enter``, on resize and on settings changes;
    scenes call it themselves when their content changes.
``handle_event(event)``
    One input event. Changes state.
``update(dt)``
    Time passes (``dt`` seconds). Animations advance only here, so tests drive
    time directly without sleeping.
``draw(surface)``
    Paint the current state. Changes no state (it may fill render caches,
    which are pure memoisation of what is drawn). Anything that must happen
    when the state changes (the workshop's terminal presenter printing) is done
    in ``handle_event`` or ``update``, never because a frame was drawn.
    ``tests/game/test_game_draw_pure.py`` enforces this for every scene the
    driver and the screenshot tools reach; its ``CACHES`` names the caches
    drawing may fill.
``animating()``
    True while something moves; the main loop then keeps ticking, otherwise
    it sleeps until the next event.
``shutdown()``
    The game is quitting; called once on every scene, current or not, before
    the progress store closes, so a scene can finish its writes (the workshop
    projector stops its server here).

What sits on top of a scene (see :class:`SceneManager`): the history and the
pause menu (and settings opened from it) are *pushed* overlays: modal, they take
the input while the conversation waits beneath. Two things are drawn over any
scene by ``App.render`` and are not scenes on the stack: the notice toast, and
the F3 author overlay. The F3 overlay is a non-modal heads-up display by design:
authors keep playing the conversation with it open (choosing with 1–9, reading
each choice's scores change), so it must not take the input, and a pushed
scene would (input goes to the top of the stack only). It holds no state of
its own beyond ``App.debug`` and draws what the top scene's ``debug_lines``
say; it is opaque, so nothing ghosts through it.

Content comes from authors, so the manager runs every scene call inside a
guard: an exception shows the error scene with the message instead of killing
the process.
"""
from __future__ import annotations

import logging
import traceback
from typing import TYPE_CHECKING, Any

import pygame

from ._ui import ScrollView, Target

if TYPE_CHECKING:
    from ._app import App

log = logging.getLogger("hrtraining.game")

#: Keys that move keyboard focus between targets.
PREV_KEYS = (pygame.K_UP, pygame.K_LEFT)
NEXT_KEYS = (pygame.K_DOWN, pygame.K_RIGHT)
ACTIVATE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class Scene:
    """Base class: default mouse and keyboard handling over ``targets``."""

    name = ""
    #: Where Escape goes (a scene name), unless ``back`` is overridden.
    back_to = ""
    #: An overlay is drawn over the scene beneath it on the stack (it paints its own opaque
    #: card on a dimmed copy of that scene); a full scene paints the whole window.
    overlay = False
    #: Sizes grow with a window bigger than the reference (a screen read from across a room,
    #: like the workshop projector); other scenes reflow, showing more at the same size.
    zoom_with_window = False
    #: What self-voicing says when the scene is shown (``announce`` may say more).
    speech_title = ""
    #: True while the scene takes typed text (a name field): single-letter keys are letters then.
    takes_text = False
    #: Keys the scene uses for itself that are otherwise the game's own (the projector's V).
    own_keys: tuple[int, ...] = ()

    def __init__(self, app: App):
        self.app = app
        self.targets: list[Target] = []
        self.hover: str | None = None
        self.focus: str | None = None
        self._pressed: str | None = None
        self._dragging: ScrollView | None = None

    # -- lifecycle -------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        self.hover = None
        self._pressed = None
        self._dragging = None

    def exit(self) -> None:
        pass

    def layout(self) -> None:
        pass

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass

    def shutdown(self) -> None:
        """The game is quitting: release what the scene holds (default: nothing)."""

    def animating(self) -> bool:
        return False

    def debug_lines(self) -> list[str]:
        """Extra lines for the F3 overlay."""
        return []

    # -- helpers ---------------------------------------------------------------
    @property
    def ui(self):
        return self.app.ui

    def target_at(self, pos: tuple[int, int]) -> Target | None:
        for t in reversed(self.targets):
            if t.rect.collidepoint(pos):
                return t
        return None

    def set_targets(self, targets: list[Target]) -> None:
        """New targets after a layout; keeps focus on the same id when it still exists."""
        self.targets = targets
        ids = [t.id for t in targets]
        if self.focus not in ids:
            self.focus = None
        if self.hover not in ids:
            self.hover = None

    def move_focus(self, step: int) -> None:
        if not self.targets:
            return
        ids = [t.id for t in self.targets]
        if self.focus not in ids:
            self.focus = ids[0] if step > 0 else ids[-1]
        else:
            self.focus = ids[(ids.index(self.focus) + step) % len(ids)]
        self.on_focus(self.focus)
        self.say_focus()

    def on_focus(self, target_id: str) -> None:
        """Keyboard focus moved to ``target_id`` (scroll it into view, say)."""

    # -- self-voicing ------------------------------------------------------------
    def announce(self) -> None:
        """The scene was shown: self-voicing says what it is (default: ``speech_title``)."""
        if self.speech_title:
            self.app.speak(self.speech_title)

    def describe(self, target_id: str) -> str:
        """What self-voicing says when ``target_id`` takes the focus or the pointer."""
        t = next((t for t in self.targets if t.id == target_id), None)
        return t.label if t is not None else ""

    def say_focus(self, target_id: str | None = None) -> None:
        tid = target_id or self.focus
        if tid and self.app.voice is not None:
            self.app.speak(self.describe(tid))

    def activate(self, target_id: str) -> None:
        """A target was clicked or chosen with Enter."""

    def back(self) -> None:
        """Escape: close this scene when it was pushed over another, else go to ``back_to``."""
        manager = self.app.manager
        if len(manager.stack) > 1 and manager.current is self:
            manager.pop()
        elif self.back_to:
            self.app.switch(self.back_to)

    def on_key(self, event: pygame.event.Event) -> bool:
        """Scene-specific keys; return True when handled."""
        return False

    def on_wheel(self, dy: int) -> bool:
        return False

    def scroll_views(self) -> list[ScrollView]:
        """The scroll views showing now, whose bars the pointer drags (default: none)."""
        return []

    def after_scroll(self) -> None:
        """A scroll view moved under the pointer: place the targets again (default: nothing)."""

    def _pointer_scroll(self, event: pygame.event.Event) -> bool:
        """Presses and drags on a scroll bar or a "More below" cue; True when one took it."""
        et = event.type
        if et == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for view in self.scroll_views():
                if view.press(event.pos, self.ui):
                    self._pressed = None
                    self._dragging = view if view.dragging else None
                    self.after_scroll()
                    return True
        elif et == pygame.MOUSEMOTION and self._dragging is not None:
            if self._dragging.drag(event.pos, self.app.theme):
                self.after_scroll()
            return True
        elif et == pygame.MOUSEBUTTONUP and event.button == 1 and self._dragging is not None:
            self._dragging.release()
            self._dragging = None
            return True
        return False

    # -- input -----------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        et = event.type
        if self._pointer_scroll(event):
            return
        if et == pygame.MOUSEMOTION:
            t = self.target_at(event.pos)
            before, self.hover = self.hover, t.id if t else None
            if self.hover and self.hover != before:
                self.say_focus(self.hover)  # self-voicing reads what the pointer is on, too
        elif et == pygame.MOUSEBUTTONDOWN and event.button == 1:
            t = self.target_at(event.pos)
            self._pressed = t.id if t else None
        elif et == pygame.MOUSEBUTTONUP and event.button == 1:
            t = self.target_at(event.pos)
            pressed, self._pressed = self._pressed, None
            if t is not None and t.id == pressed:
                self.focus = None  # the mouse took over; hide the keyboard ring
                self.activate(t.id)
        elif et == pygame.MOUSEWHEEL:
            self.on_wheel(event.y)
        elif et == pygame.KEYDOWN:
            if self.on_key(event):
                return
            if event.key == pygame.K_ESCAPE or event.key == pygame.K_BACKSPACE:
                self.back()
            elif event.key in PREV_KEYS or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.move_focus(-1)
            elif event.key in NEXT_KEYS or event.key == pygame.K_TAB:
                self.move_focus(1)
            elif event.key in ACTIVATE_KEYS:
                if self.focus is None and self.targets:
                    self.move_focus(1)
                    if len(self.targets) != 1:
                        return
                if self.focus is not None:
                    self.activate(self.focus)

    def is_hot(self, target_id: str) -> tuple[bool, bool]:
        """(hover, focus) for drawing a target."""
        return self.hover == target_id, self.focus == target_id


class SceneManager:
    """Every scene by name, and a stack of the ones showing, run inside a guard.

    ``switch(name)`` replaces the whole stack (a new screen); ``push(name)`` puts a scene on
    top of the one showing (the history, the pause menu, settings opened from the pause menu)
    and ``pop()`` returns to the one beneath, which keeps its state: it is neither left nor
    entered again. Input and time go to the top scene only. Drawing starts at the highest
    scene that is not an ``overlay`` and paints each one above it in turn, so an overlay
    shows over the scene beneath without reaching into it.
    """

    def __init__(self, app: App):
        self.app = app
        self.scenes: dict[str, Scene] = {}
        self.stack: list[Scene] = []
        self.previous = ""
        self.last_error: str = ""
        #: Called with a scene name that is not registered yet; may add it (lazy
        #: optional layers such as workshop mode).
        self.providers: list = []

    @property
    def current(self) -> Scene | None:
        """The top of the stack: the scene that takes input (None: the bare fallback)."""
        return self.stack[-1] if self.stack else None

    @current.setter
    def current(self, scene: Scene | None) -> None:
        self.stack = [] if scene is None else [scene]

    def add(self, scene: Scene) -> None:
        self.scenes[scene.name] = scene

    def _scene(self, name: str) -> Scene | None:
        for provide in self.providers if name not in self.scenes else ():
            self._guard(provide, name)
        if name not in self.scenes:
            self.fail(LookupError(f"there is no '{name}' screen in this version of the game"))
            return None
        return self.scenes[name]

    def switch(self, name: str, **params: Any) -> None:
        """Show ``name`` alone: every scene on the stack is left, top first."""
        scene = self._scene(name)
        if scene is None:
            return
        for old in reversed(self.stack):
            self._guard(old.exit)
            self.previous = old.name
        self.stack = [scene]
        self._zoom(scene)
        if self._guard(scene.enter, **params) and self._guard(scene.layout):
            self._announce(scene)

    def push(self, name: str, **params: Any) -> None:
        """Show ``name`` on top of the scene showing now, which waits beneath unchanged."""
        scene = self._scene(name)
        if scene is None:
            return
        if scene in self.stack:  # already open lower down: go back to it instead of a second copy
            while self.stack and self.stack[-1] is not scene:
                self.pop()
            return
        self.stack.append(scene)
        if self._guard(scene.enter, **params) and self._guard(scene.layout):
            self._announce(scene)

    def pop(self) -> None:
        """Close the top scene and return to the one beneath (laid out again: the window may
        have changed while it was covered)."""
        if len(self.stack) <= 1:
            return
        top = self.stack.pop()
        self.previous = top.name
        self._guard(top.exit)
        self._guard(self.stack[-1].layout)

    def _announce(self, scene: Scene) -> None:
        if getattr(self.app, "voice", None) is not None and self.current is scene:
            self._guard(scene.announce)

    def _zoom(self, scene: Scene) -> None:
        """Tell the app whether the new screen zooms with the window (see ``Theme.grow``)."""
        zoom = getattr(self.app, "zoom", None)
        if zoom is not None:
            self._guard(zoom, scene.zoom_with_window)

    def is_open(self, name: str) -> bool:
        return any(s.name == name for s in self.stack)

    def shutdown(self) -> None:
        """Let every scene finish its work before the game quits (errors are logged, not shown)."""
        for scene in list(self.scenes.values()):
            try:
                scene.shutdown()
            except Exception:  # quitting must always finish
                log.exception("scene %s failed to shut down", scene.name)

    def _guard(self, fn, *args: Any, **kwargs: Any) -> bool:
        try:
            fn(*args, **kwargs)
            return True
        except Exception as exc:  # content must never kill the game: show it instead
            self.fail(exc)
            return False

    def fail(self, exc: BaseException) -> None:
        details = "".join(traceback.format_exception(exc))
        log.error("scene error: %s", details)
        self.last_error = details
        where = self.current.name if self.current else "?"
        if where == "error":  # the error scene itself failed: show the bare fallback
            self.current = None
            return
        self.switch("error", title="Something went wrong",
                    message=f"{exc.__class__.__name__}: {exc}",
                    details=details.strip().splitlines()[-6:], where=where)

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.current is not None:
            self._guard(self.current.handle_event, event)

    def update(self, dt: float) -> None:
        if self.current is not None:
            self._guard(self.current.update, dt)

    def layout(self) -> None:
        for scene in list(self.stack):  # the scenes beneath are drawn too
            if not self._guard(scene.layout):
                return

    def animating(self) -> bool:
        try:
            return bool(self.current and self.current.animating())
        except Exception:
            return False

    def showing(self) -> list[Scene]:
        """The scenes drawn this frame, bottom first: the top one, and beneath each overlay the
        scene it covers."""
        i = len(self.stack) - 1
        while i > 0 and self.stack[i].overlay:
            i -= 1
        return self.stack[max(0, i):]

    def draw(self, surface: pygame.Surface) -> None:
        if self.current is None:
            _fallback(surface, self.last_error)
            return
        try:
            for scene in self.showing():
                scene.draw(surface)
        except Exception as exc:
            self.fail(exc)
            if self.current is not None:
                try:
                    self.current.draw(surface)
                    return
                except Exception:
                    self.current = None
            _fallback(surface, self.last_error)


def _fallback(surface: pygame.Surface, text: str) -> None:
    """Last resort when even the error scene cannot draw: plain text, default font."""
    surface.fill((0, 0, 0))
    font = pygame.font.Font(None, 24)
    lines = ["The game hit an error it could not show. Press Escape to return to the title."]
    lines += text.strip().splitlines()[-8:]
    for i, ln in enumerate(lines):
        surface.blit(font.render(ln[:160], True, (255, 255, 255)), (20, 20 + 28 * i))
