"""The application: window, settings, library, recorder and the event-driven loop.

The loop draws only when something changed or animates. When nothing moves it
waits for events with a timeout (``wait_for_events``) instead of spinning, so
an idle game uses almost no CPU. Tests and the screenshot tool drive an :class:`App` directly with
``feed(event)``, ``step(dt)`` and ``render()``: no real time passes.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

from hrtraining.engine import HRTrainingError
from hrtraining.practice import Attempt, AttemptInUse, Entry, Library, Recorder

from ._scene import SceneManager
from ._settings import Settings, SettingsFile
from ._text import FontBook
from ._theme import DEFAULT, HIGH_CONTRAST, TEXT_SIZES, Theme
from ._ui import Ui

log = logging.getLogger("hrtraining.game")

#: Milliseconds between frames while something animates, and the longest
#: sleep while idle (a bound so expiring notices still disappear on time).
FRAME_MS = 16
IDLE_MS = 2000
#: While idle, how long to sleep between looks at the event queue (see wait_for_events).
IDLE_SLICE_S = 0.012
NOTICE_SECONDS = 6.0
#: The longest step an animation takes in one frame, however long the frame was.
MAX_DT = 0.1
MIN_SIZE = (640, 480)


@dataclass
class Options:
    """What the command line asked for."""

    scenario: str | None = None
    scenario_dirs: list[str] = field(default_factory=list)
    profile: str | None = None
    data_dir: str | None = None
    config_dir: str | None = None
    fullscreen: bool | None = None
    size: tuple[int, int] = (1280, 720)
    record: bool = True
    library_paths: list[str] | None = None  # overrides scenario/scenario_dirs (tests)
    #: An author's test play (``--scenario``): F5 and F3 are offered, and nothing is recorded
    #: in the trainee's progress unless ``record_author`` (``--record``). None: author when a
    #: single scenario file was given.
    author: bool | None = None
    record_author: bool = False
    #: Self-voicing writes each utterance to a WAV file here instead of the speakers (tests).
    voice_dir: str | None = None
    #: List scenarios from their headers and check them fully behind the first frame (the game
    #: window does; scripted tests keep the plain, synchronous listing).
    background_check: bool = False


class App:
    """The game. ``run()`` for a window; ``feed``/``step``/``render`` for scripts."""

    def __init__(self, options: Options | None = None):
        self.options = options or Options()
        self.settings_file = SettingsFile(self.options.config_dir)
        self.settings: Settings = self.settings_file.load()
        if self.options.fullscreen is not None:
            self.settings.fullscreen = self.options.fullscreen
        # Only what the game uses: pygame.init() would also start audio and joystick
        # subsystems whose threads cost CPU even while the game is idle.
        pygame.display.init()
        pygame.font.init()
        pygame.key.set_repeat(400, 40)
        self.window_size = self.options.size
        self.screen = self._set_mode()
        pygame.display.set_caption("hrtraining — harm reduction practice")
        self.theme = Theme()
        self.theme.resize(*self.screen.get_size())
        self.ui = Ui(self.theme, FontBook(self.theme))
        self._apply_look()
        self.library = Library(self._library_paths(), background=self.options.background_check)
        o = self.options
        self.author = bool(o.scenario) if o.author is None else o.author
        if not o.record:
            self.recorder = Recorder(None, o.profile or "Trainee")
        elif self.author and not o.record_author:
            # An author's test plays (and each F5 reload's fresh attempt) stay out of the
            # trainee's progress: kept in memory for this session's progress screen only.
            self.recorder = Recorder.nowhere(o.profile or "Author")
        else:
            self.recorder = Recorder.open(o.data_dir, o.profile)
        self.play: Attempt | None = None
        self.debug = False
        self.mouse_pos: tuple[int, int] = (-1, -1)
        self.running = True
        self.clock = 0.0
        self.notice = ""
        self._notice_until = 0.0
        self.voice: Any = None
        self._sync_voice()
        self.manager = SceneManager(self)
        self._register_scenes()
        for msg in (self.settings_file.notice, self.recorder.take_notice()):
            if msg:
                self.notify(msg)
        self.first_scene()

    # -- set-up ---------------------------------------------------------------
    def _library_paths(self) -> list[str]:
        o = self.options
        if o.library_paths is not None:
            return list(o.library_paths)
        if o.scenario:
            return [o.scenario]
        from hrtraining.practice import DEFAULT_DIR
        return [str(DEFAULT_DIR)] + list(o.scenario_dirs)

    def _register_scenes(self) -> None:
        from ._backlog import BacklogScene
        from ._closeness import ClosenessScene
        from ._compose import ComposeScene
        from ._conversation import ConversationScene
        from ._debrief import DebriefScene
        from ._menus import BriefingScene, ErrorScene, PauseScene, TitleScene
        from ._select import SelectScene
        from ._profiles_scene import ProfilesScene
        from ._preview import PreviewScene
        from ._progress_scene import ProgressScene
        from ._settings_scene import SettingsScene
        for cls in (TitleScene, SelectScene, BriefingScene, ConversationScene, BacklogScene, PauseScene,
                    ComposeScene, ClosenessScene, PreviewScene, DebriefScene, SettingsScene, ProgressScene,
                    ProfilesScene, ErrorScene):
            self.manager.add(cls(self))
        # Workshop mode adds its scenes ("workshop-setup", "workshop") when installed. It is
        # imported on first use, not at start-up: it pulls in aiohttp (~0.15 s).
        self.manager.providers.append(self._workshop_scenes)

    @staticmethod
    def workshop_available() -> bool:
        """Whether workshop mode is installed, without importing it (find_spec would
        import the parent package, and with it aiohttp)."""
        return (Path(__file__).resolve().parents[1] / "workshop" / "__init__.py").is_file()

    def _workshop_scenes(self, name: str) -> None:
        if not name.startswith("workshop"):
            return
        try:
            from .projector import register as register_workshop
        except ImportError:
            return
        register_workshop(self)

    def first_scene(self) -> None:
        if self.options.scenario and self.library.entries:
            entry = self.library.entries[0]
            self.switch("content-notes", entry=entry) if entry.ok else self.switch("select")
        else:
            self.switch("title")

    def _set_mode(self) -> pygame.Surface:
        if self.settings.fullscreen:
            try:
                return pygame.display.set_mode((0, 0), pygame.FULLSCREEN)
            except pygame.error:
                pass
        return pygame.display.set_mode(self.window_size, pygame.RESIZABLE)

    def _apply_look(self) -> None:
        s = self.settings
        self.theme.palette = HIGH_CONTRAST if s.high_contrast else DEFAULT
        self.theme.text_scale = TEXT_SIZES.get(s.text_size, 1.0)
        self.theme.reduced_motion = s.reduced_motion
        self.ui.rebuild(FontBook(self.theme, dyslexic=s.dyslexic_font))

    # -- services for scenes --------------------------------------------------
    def switch(self, name: str, **params: Any) -> None:
        self.manager.switch(name, **params)

    def notify(self, text: str, seconds: float = NOTICE_SECONDS) -> None:
        self.notice = text
        self._notice_until = self.clock + seconds

    def apply_settings(self, save: bool = True) -> None:
        """Settings changed: new look, maybe a new window mode, layout again, save."""
        fullscreen_now = bool(self.screen.get_flags() & pygame.FULLSCREEN)
        if fullscreen_now != self.settings.fullscreen:
            self.screen = self._set_mode()
            self.theme.resize(*self.screen.get_size())
        self._apply_look()
        self._sync_voice()
        if getattr(self, "play", None) is not None:  # the next choice goes as the trainee now says
            self.play.share_replies = self.settings.share_replies
        self.manager.layout()
        if save and not self.settings_file.save(self.settings):
            self.notify(self.settings_file.notice)

    def zoom(self, grow: bool) -> None:
        """The screen now showing zooms with the window (the projector) or reflows (the rest)."""
        if self.theme.grow != grow:
            self.theme.grow = grow
            self.theme.resize(self.theme.width, self.theme.height)
            self._apply_look()

    def resize(self, width: int, height: int) -> None:
        width, height = max(MIN_SIZE[0], width), max(MIN_SIZE[1], height)
        if not self.settings.fullscreen:
            self.window_size = (width, height)
        if self.screen.get_size() != (width, height):
            self.screen = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.theme.resize(width, height)
        self._apply_look()
        self.manager.layout()

    def _leave_play(self) -> None:
        """This window stops playing its attempt, so another window may continue it."""
        if self.play is not None:
            self.play.leave()

    def write_first_for(self, mode: str, chosen: bool | None = None) -> bool:
        """Whether a play writes own words first: as ``chosen`` for this play (the briefing's
        switch), else the setting, which is on by default in practice mode. An author's test
        play (``--scenario``) starts with the options shown, to walk the scenario quickly; the
        briefing's switch still turns own words on."""
        if chosen is not None:
            return chosen
        return self.settings.write_first and mode == "practice" and not self.author

    def start_play(self, entry: Entry, mode: str, write_first: bool | None = None) -> None:
        self._leave_play()
        try:
            self.play = Attempt.start(entry, mode, self.recorder, write_first=self.write_first_for(mode, write_first),
                                      share_replies=self.settings.share_replies)
        except HRTrainingError as e:
            self.switch("error", title="This scenario cannot be played", message=str(e), where="select")
            return
        self._recorder_notice()
        self.switch("conversation")

    def start_replay(self, make: Any) -> bool:
        """"Replay from here": ``make()`` returns the new practice attempt; False (with a notice)
        when the scenario no longer fits the attempt being replayed."""
        self._leave_play()
        try:
            self.play = make()
            self.play.share_replies = self.settings.share_replies
        except HRTrainingError as e:
            self.notify(f"Could not replay: {e}")
            return False
        self._recorder_notice()
        self.switch("conversation")
        return True

    def resume(self, entry: Entry, attempt: Any) -> bool:
        """Continue an unfinished attempt; False (with a notice) when it no longer fits or is open
        in another window (which alone may write it). It goes on writing first when the setting
        says so (practice), or when it already has own words."""
        if self.play is not None and self.play.attempt_id != getattr(attempt, "id", None):
            self._leave_play()
        try:
            self.play = Attempt.resume(entry, attempt, self.recorder,
                                       write_first=True if self.write_first_for(attempt.mode) else None,
                                       share_replies=self.settings.share_replies)
        except AttemptInUse as e:
            self.notify(f"This attempt is open in another window ({e.holder}). Finish or close it there to "
                        "continue here, or start a new attempt.")
            return False
        except HRTrainingError as e:
            self.notify(f"Could not resume: {e}. Start again to play the current version.")
            return False
        self.switch("conversation")
        return True

    def leave_play(self) -> None:
        """Leave the conversation for the scenario list; the attempt stays open to resume."""
        entry = self.play.entry if self.play else None
        if self.play is not None and self.recorder.keeps and not self.play.finished_recorded:
            self.notify("Your choices so far are saved. Resume from the scenario list or the title screen.")
        self.switch("select", entry=entry)

    # -- self-voicing ----------------------------------------------------------
    @property
    def voice_available(self) -> bool:
        """Whether self-voicing is on and speaking (the V key toggles it)."""
        return self.voice is not None and self.voice.available

    def _sync_voice(self) -> None:
        """Start, stop or retune the voice to match the settings."""
        s = self.settings
        if s.self_voicing and self.voice is None:
            from ._voice import Voice
            self.voice = Voice(s.voice_rate, s.voice, out_dir=self.options.voice_dir)
        elif not s.self_voicing and self.voice is not None:
            self.voice.close(0.2)
            self.voice = None
        elif self.voice is not None and (self.voice.rate, self.voice.voice) != (s.voice_rate, s.voice):
            self.voice.set(s.voice_rate, s.voice)

    def toggle_voice(self) -> None:
        """V: self-voicing on or off (saved like any setting)."""
        self.settings.self_voicing = not self.settings.self_voicing
        self.apply_settings()
        if self.voice is not None:
            self.speak("Self-voicing on. V turns it off.")
            scene = self.manager.current
            if scene is not None:
                self.manager._guard(scene.announce)
        else:
            self.notify("Self-voicing off. V turns it on again.")

    def speak(self, text: str) -> None:
        """Say ``text`` now, dropping anything stale (nothing when self-voicing is off)."""
        if self.voice is not None:
            self.voice.say(text)

    def speak_then(self, text: str) -> None:
        """Say ``text`` after what is being said."""
        if self.voice is not None:
            self.voice.then(text)

    def _recorder_notice(self) -> None:
        n = self.recorder.take_notice() or (self.voice.take_notice() if self.voice is not None else "")
        if n:
            self.notify(n)

    def quit(self) -> None:
        self.running = False

    # -- driving --------------------------------------------------------------
    def feed(self, event: pygame.event.Event) -> None:
        """One input event: global keys first, then the current scene."""
        et = event.type
        if et == pygame.QUIT:
            self.quit()
            return
        if et in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            w, h = pygame.display.get_surface().get_size() if et == pygame.WINDOWSIZECHANGED else event.size
            if (w, h) != self.theme_size:
                self.resize(w, h)
            return
        if et in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            # Remembered from events (not polled) so scripted input works headless.
            self.mouse_pos = event.pos
        if et == pygame.KEYDOWN:
            if event.key == pygame.K_F3:
                self.debug = not self.debug
                return
            if event.key == pygame.K_F11:
                self.settings.fullscreen = not self.settings.fullscreen
                self.apply_settings()
                return
            if event.key == pygame.K_F5:
                self.reload()
                return
            scene = self.manager.current
            if event.key == pygame.K_v and not event.mod & (pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META) \
                    and not getattr(scene, "takes_text", False) and pygame.K_v not in getattr(scene, "own_keys", ()):
                self.toggle_voice()
                return
            if self.manager.current is None and event.key == pygame.K_ESCAPE:
                self.switch("title")
                return
        self.manager.handle_event(event)
        self._recorder_notice()

    @property
    def theme_size(self) -> tuple[int, int]:
        return self.theme.width, self.theme.height

    def reload(self) -> None:
        """F5: reload the scenario being played and go back to the same node."""
        current = self.manager.current.name if self.manager.current else ""
        if self.play is None or current not in ("conversation", "backlog", "pause", "error"):
            self.library.refresh()
            self.manager.layout()
            self.notify("Scenario list reloaded from disk.")
            return
        try:
            msg = self.play.reload(self.library)
        except Exception as e:  # a reload must never end the play
            log.exception("reload failed")
            msg = f"Reload failed: {e}"
        self.notify(msg)
        self.switch("conversation", reloaded=True)

    def step(self, dt: float) -> None:
        self.clock += dt
        self._poll_library()
        self.manager.update(dt)
        self._recorder_notice()

    def _poll_library(self) -> None:
        """Take in files the background check finished (a broken one shows as broken)."""
        if self.library.poll():
            self.manager.layout()

    def animating(self) -> bool:
        return self.library.checking or self.manager.animating()

    def render(self) -> pygame.Surface:
        surf = self.screen
        self.manager.draw(surf)
        if self.notice and self.clock < self._notice_until:
            from ._overlays import draw_notice
            draw_notice(self, surf)
        if self.debug:
            from ._overlays import draw_debug
            draw_debug(self, surf)
        return surf

    def capture(self, path: str | Path) -> None:
        pygame.image.save(self.render(), str(path))

    def wait_for_events(self, timeout_ms: int) -> list[pygame.event.Event]:
        """Block until input arrives or ``timeout_ms`` passes; returns the events.

        Why not just ``pygame.event.wait(timeout)``: pygame-ce implements it as a
        loop that pumps the queue and sleeps 1 ms, a thousand wake-ups a second,
        which alone costs ~2.5% of a core. Sleeping in short slices between
        polls keeps input latency under one frame (12 ms) and cuts idle CPU to a
        fraction of that.
        """
        deadline = time.perf_counter() + timeout_ms / 1000
        while True:
            first = pygame.event.poll()
            if first.type != pygame.NOEVENT:
                return [first] + pygame.event.get()
            left = deadline - time.perf_counter()
            if left <= 0:
                return []
            time.sleep(min(IDLE_SLICE_S, left))

    def run(self) -> int:
        """The event-driven main loop."""
        last = time.perf_counter()
        dirty = True
        pacer = pygame.time.Clock()
        while self.running:
            moving = self.animating()
            if dirty or moving:
                self.render()
                pygame.display.flip()
                dirty = False
            if moving:
                pacer.tick(60)
                events = pygame.event.get()
            else:
                wait = IDLE_MS
                if self.notice and self._notice_until > self.clock:
                    wait = max(1, min(wait, int((self._notice_until - self.clock) * 1000) + 5))
                events = self.wait_for_events(wait)
            now = time.perf_counter()
            elapsed, last = max(0.0, now - last), now
            had_notice = self.notice and self.clock < self._notice_until
            # The clock (notices) takes the real time that passed: an idle wait lasts up to
            # IDLE_MS, and capping it like the animations kept a 6-second notice up for
            # minutes. It moves before the events are handled (they arrived just now), so a
            # notice they raise gets its full time. Animations advance at most MAX_DT.
            self.clock += elapsed
            for e in events:
                self.feed(e)
                dirty = True
            if self.library.checking:  # files checked behind the menu: redraw what changed
                self._poll_library()
                dirty = True
            self.manager.update(min(MAX_DT, elapsed))
            if moving:
                # This update may have ended the animation (the text all shown, a meter at rest):
                # its last frame must still be drawn, or the screen keeps saying "click to show all
                # of it" while the options it hides already take clicks.
                dirty = True
            if self.voice is not None and self.voice.notice:  # the voice's worker found no engine
                self.notify(self.voice.take_notice())
                dirty = True
            if had_notice and self.clock >= self._notice_until:
                self.notice = ""
                dirty = True
        self.manager.shutdown()  # scenes finish their writes while the store is still open
        self.recorder.close()
        if self.voice is not None:
            self.voice.close()
        return 0
