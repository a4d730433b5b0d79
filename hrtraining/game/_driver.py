"""Scripted input for an :class:`App`: the screenshot tool and the tests use it.

It posts the same pygame events a player would cause (key presses, mouse
moves and clicks at a target's centre) through ``App.feed`` and advances time
with ``App.step``, so a whole playthrough runs without a window or sleeping.

Like a person, the driver reads before it answers: a key or a click waits out the
conversation's guard against stray input (``input_wait``) first. Tests of that guard send
their events with ``App.feed`` themselves.
"""
from __future__ import annotations

from typing import Callable

import pygame

from ._app import App


class Driver:
    def __init__(self, app: App):
        self.app = app

    @property
    def scene(self):
        return self.app.manager.current

    @property
    def scene_name(self) -> str:
        return self.scene.name if self.scene else ""

    def step(self, dt: float = 1 / 60, frames: int = 1) -> None:
        for _ in range(frames):
            self.app.step(dt)

    def settle(self) -> None:
        """Let the guard against stray input pass (a person takes that long to read)."""
        wait = getattr(self.scene, "input_wait", None)
        left = wait() if wait is not None else 0.0
        if left > 0:
            self.step(left + 0.01)

    def key(self, key: int, mod: int = 0, unicode: str = "") -> None:
        self.settle()
        self.app.feed(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=unicode, scancode=0))
        self.app.feed(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=unicode, scancode=0))
        self.step()

    def type(self, text: str) -> None:
        """Typed text, as the TEXTINPUT events a keyboard (or an input method) sends."""
        for ch in text:
            self.app.feed(pygame.event.Event(pygame.TEXTINPUT, text=ch, window=None))
        self.step()

    def move(self, pos: tuple[int, int]) -> None:
        self.app.feed(pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0)))

    def click_at(self, pos: tuple[int, int], button: int = 1) -> None:
        self.settle()
        self.move(pos)
        self.app.feed(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=button))
        self.app.feed(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=button))
        self.step()

    def target(self, target_id: str):
        for t in self.scene.targets if self.scene else []:
            if t.id == target_id:
                return t
        return None

    def click(self, target_id: str) -> None:
        """Click a target by id; raises LookupError when it is not on screen."""
        t = self.target(target_id)
        if t is None:
            ids = [x.id for x in self.scene.targets] if self.scene else []
            raise LookupError(f"no target {target_id!r} on {self.scene_name}; have {ids}")
        self.click_at(t.rect.center)

    def wheel(self, dy: int, pos: tuple[int, int] | None = None) -> None:
        if pos is not None:
            self.move(pos)
        self.app.feed(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=dy, flipped=False, precise_x=0.0,
                                         precise_y=float(dy)))
        self.step()

    def finish_reveal(self) -> None:
        """Let the text appear by itself (time passes, no key pressed)."""
        for _ in range(2000):
            if self.scene_name != "conversation" or self.scene.phase != "reveal":
                return
            self.step(0.05)

    def write(self, words: str, mouse: bool = False) -> None:
        """In the own-words text box: type ``words`` and submit them (Ctrl+Enter, or the Submit
        button with the mouse); blank ``words`` skips."""
        if not words:
            self.click("skip") if mouse else self._tab_to("skip")
            return
        self.type(words)
        if mouse:
            self.click("submit")
        else:
            self.key(pygame.K_RETURN, mod=pygame.KMOD_LCTRL)

    def _tab_to(self, target_id: str) -> None:
        self.tab_to(target_id)
        self.key(pygame.K_RETURN)

    def tab_to(self, target_id: str) -> None:
        """Press Tab until the keyboard focus is on ``target_id`` (a scene scrolls it into view)."""
        for _ in range(len(self.scene.targets) + 2):
            if self.scene.focus == target_id:
                return
            self.key(pygame.K_TAB)
        raise LookupError(f"Tab never reached {target_id!r} on {self.scene_name}")

    def press(self, target_id: str) -> None:
        """Reach ``target_id`` with Tab and press Enter: the keyboard-only way to any button."""
        self._tab_to(target_id)

    def play_conversation(self, pick: Callable[[object], int], mouse: bool = False, limit: int = 500,
                          words: str | Callable[[object], str] = "I hear how much that matters to you.",
                          closest: Callable[[object], int | None] | None = None) -> None:
        """Play until the debrief; ``pick(play)`` returns a 0-based option position. In a
        write-first play ``words`` (text, or ``words(play)``) are written at each decision and
        ``closest(play)`` marks the closest option (default: none of these)."""
        for _ in range(limit):
            if self.scene_name == "compose":
                self.write(words(self.app.play) if callable(words) else words, mouse)
                continue
            if self.scene_name == "closeness":
                mark = closest(self.app.play) if closest else None
                tid = "closest:none" if mark is None else f"closest:{mark}"
                if mouse:
                    self.click(tid)
                else:
                    self.key(pygame.K_0 if mark is None else pygame.K_1 + mark)
                continue
            if self.scene_name != "conversation":
                return
            sc = self.scene
            if sc.phase == "reveal":
                self.click_at((5, 5)) if mouse else self.key(pygame.K_SPACE)
                continue
            if sc.phase == "coach":
                self.click("next") if mouse else self.key(pygame.K_RETURN)
                continue
            beat = self.app.play.beat
            if beat.kind == "choice":
                pos = pick(self.app.play)
                if mouse:
                    self._click_choice(pos)
                else:
                    self.key(pygame.K_1 + pos)
            else:
                self.click(sc.fixed.id) if mouse else self.key(pygame.K_RETURN)
        raise RuntimeError("the conversation did not end")

    def _click_choice(self, pos: int) -> None:
        """Scroll the choices with the wheel until the option is visible, then click it."""
        tid = f"choice:{pos}"
        area = self.scene.area_rect.center
        for _ in range(50):
            t = self.target(tid)
            if t is not None and t.rect.h >= 8:
                self.click_at(t.rect.center)
                return
            self.wheel(-1, area)
        raise LookupError(f"option {pos + 1} never came into view")


def best_pick(play) -> int:
    """The option leading to the most points on the required dimensions (conditions ignored)."""
    s = play.session
    best_from = s.analysis.best_from
    options = s.offered()

    def value(c) -> float:
        tail = best_from.get(c.next)
        if tail is None:
            return float("-inf")
        return sum(c.score.get(d, 0) + tail.get(d, 0) for d in play.rubric.required) - (100 if c.critical else 0)

    return max(range(len(options)), key=lambda i: value(options[i]))


def first_pick(play) -> int:
    return 0
