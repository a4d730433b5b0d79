"""Self-voicing: the game speaks what is shown and what has focus, as Ren'Py's self-voicing does.

The words come from :mod:`hrtraining.practice` (``speak_*``); this module only hands them to
the system's speech engine through ``pyttsx3`` (SAPI5 on Windows, NSSpeechSynthesizer on
macOS, eSpeak NG on Linux). Speech must never block or crash the game:

* the engine lives on one worker thread (engines are not thread-safe) and the game only puts
  text on a queue;
* :meth:`Voice.say` drops whatever was still waiting and cuts short what is being said (a
  stale line is worse than none: the trainee has moved on); :meth:`Voice.then` queues after it
  (the options after the client's lines). Text goes to the engine a sentence at a time
  (:func:`pieces`), so even an engine that cannot be stopped mid-sentence (pyttsx3's eSpeak
  driver, see ``_is_espeak``) stops at the end of the sentence it is on; and that driver loses
  the end of an utterance longer than about fifteen seconds;
* when no engine can start, the voice goes quiet and leaves a :attr:`notice` to show.

``out_dir`` writes each utterance to a numbered WAV file instead of the speakers, through the
same engine and the same code (sentences, stale lines dropped, cut short at the next word): the
only difference is the engine's ``save_to_file`` where the speakers get ``say``. That is how the
tests hear the game on a machine without a sound card.
"""
from __future__ import annotations

import logging
import platform
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger("hrtraining.game")

#: Words per minute for each speech-rate setting.
RATES = {"slow": 140, "normal": 185, "fast": 240}
#: How many of the engine's voices the settings offer (eSpeak NG has a hundred languages).
MAX_VOICES = 8


#: Where a text is cut into the pieces the engine speaks one at a time.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: The longest piece handed to the engine at once (a sentence longer than this is cut at a comma
#: or a space): pyttsx3's eSpeak driver drops utterances much longer than this.
MAX_PIECE = 160


def pieces(text: str) -> list[str]:
    """``text`` as the engine speaks it: sentence by sentence, long ones cut at a comma."""
    out: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        while len(sentence) > MAX_PIECE:
            cut = max(sentence.rfind(", ", 0, MAX_PIECE), sentence.rfind("; ", 0, MAX_PIECE))
            if cut < MAX_PIECE // 3:
                cut = sentence.rfind(" ", 0, MAX_PIECE)
            if cut <= 0:
                cut = MAX_PIECE
            out.append(sentence[:cut + 1].strip())
            sentence = sentence[cut + 1:].strip()
        if sentence.strip():
            out.append(sentence.strip())
    return out


def _pyttsx3_engine() -> Any:
    import pyttsx3  # imported on the worker thread: only when self-voicing is on

    return pyttsx3.init()


def _frames(path: Path) -> int:
    """How many frames of sound the WAV file at ``path`` holds (0 when unreadable)."""
    import wave

    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes()
    except (OSError, EOFError, wave.Error):
        return 0


def _is_espeak(engine: Any) -> bool:
    """Whether ``engine`` is pyttsx3 driving eSpeak NG (Linux)."""
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    return type(driver).__module__.endswith(".espeak")


class Voice:
    """A speech engine on a worker thread. ``available`` is False once it failed to start."""

    def __init__(self, rate: str = "normal", voice: str = "", out_dir: str | Path | None = None,
                 engine: Callable[[], Any] | None = None):
        self.rate = rate
        self.voice = voice
        self.out_dir = Path(out_dir) if out_dir else None
        self._make_engine = engine
        self._cv = threading.Condition()
        self._queue: list[tuple[int, str]] = []
        self._generation = 0
        self._closing = False
        self._engine: Any = None
        self.available = True
        self.notice = ""
        #: (id, name) of the engine's voices, once it started; the settings cycle through them.
        self.voices: list[tuple[str, str]] = []
        #: Every utterance handed to the engine, in order (and where it was written).
        self.spoken: list[str] = []
        self.files: list[Path] = []
        #: Files the engine wrote without sound and that were written again (see ``_speak``).
        self.empty_files = 0
        self.busy = False
        self._speaking = 0
        self._thread = threading.Thread(target=self._run, name="hrtraining-voice", daemon=True)
        self._thread.start()

    # -- the game's side -----------------------------------------------------------
    def say(self, text: str) -> None:
        """Say ``text`` now: what was waiting is dropped, what is being said is cut short."""
        text = text.strip()
        if not text or not self.available:
            return
        with self._cv:
            self._generation += 1
            self._queue.clear()  # a stale line is dropped
            self._queue += [(self._generation, piece) for piece in pieces(text)]
            self._cv.notify()

    def then(self, text: str) -> None:
        """Say ``text`` after what is queued now (not cutting it short)."""
        text = text.strip()
        if not text or not self.available:
            return
        with self._cv:
            self._queue += [(self._generation, piece) for piece in pieces(text)]
            self._cv.notify()

    def set(self, rate: str | None = None, voice: str | None = None) -> None:
        """New rate or voice for the next utterance."""
        with self._cv:
            if rate is not None:
                self.rate = rate
            if voice is not None:
                self.voice = voice
            self._queue.append((self._generation, ""))  # wakes the worker to apply them
            self._cv.notify()

    def idle(self, timeout: float = 5.0) -> bool:
        """Wait until everything queued was spoken (tests and the screenshot tool)."""
        with self._cv:
            return self._cv.wait_for(lambda: not self._queue and not self.busy or not self.available, timeout)

    def take_notice(self) -> str:
        n, self.notice = self.notice, ""
        return n

    def close(self, timeout: float = 1.0) -> None:
        """Stop speaking and let the worker end (it is a daemon: quitting never waits long)."""
        with self._cv:
            self._closing = True
            self._queue.clear()
            self._cv.notify()
        self._thread.join(timeout)

    # -- the worker's side ---------------------------------------------------------
    def _run(self) -> None:
        try:
            if self.out_dir is None and self._make_engine is None and platform.system() == "Linux" \
                    and shutil.which("aplay") is None:
                # pyttsx3's eSpeak driver plays through aplay: without it every line would fail.
                raise RuntimeError("aplay, which plays the speech, is missing (sudo apt install alsa-utils)")
            self._engine = (self._make_engine or _pyttsx3_engine)()
            self._configure()
            self.voices = self._list_voices()
            if not _is_espeak(self._engine):
                # Cut a stale utterance short at its next word, as pyttsx3 documents it. Not
                # with eSpeak NG: its driver calls back from eSpeak's own thread, and stopping
                # there cancels the synthesis from inside its callback, which deadlocks (the
                # voice then never speaks again); a stale line ends with its sentence instead.
                self._engine.connect("started-word", self._maybe_stop)
        except Exception as e:  # no engine, no driver, no audio: go quiet, say so once
            log.warning("self-voicing is not available: %s", e)
            self.available = False
            self.notice = (f"Self-voicing is off: no speech engine could start ({e}). It uses SAPI5 on Windows, "
                           "NSSpeechSynthesizer on macOS and eSpeak NG on Linux (sudo apt install espeak-ng).")
            with self._cv:
                self._queue.clear()
                self._cv.notify_all()
            return
        n = 0
        while True:
            with self._cv:
                self._cv.wait_for(lambda: self._queue or self._closing)
                if self._closing:
                    return
                self._speaking, text = self._queue.pop(0)
                if self._speaking != self._generation:
                    continue  # stale: something newer was said since
                self.busy = bool(text)
            try:
                self._configure()
                if text:
                    n += 1
                    self._speak(text, n)
            except Exception as e:  # one failed utterance must not end the voice
                log.warning("self-voicing failed on one utterance: %s", e)
            with self._cv:
                self.busy = False
                self._cv.notify_all()

    def _speak(self, text: str, n: int) -> None:
        """One piece through the engine: to the speakers, or with ``out_dir`` to a WAV file."""
        self.spoken.append(text)
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / f"{n:04d}.wav"
            self.files.append(path)
            for _attempt in range(3):
                self._save(text, path)
                if _frames(path):
                    break
                # pyttsx3's eSpeak driver now and then writes a file with no sound in it (the
                # sentence's samples land after it has written the file); say it again.
                self.empty_files += 1
                log.warning("self-voicing: the engine wrote no sound for %r; trying again", text[:40])
        else:
            self._engine.say(text)
            self._engine.runAndWait()

    def _save(self, text: str, path: Path) -> None:
        self._engine.save_to_file(text, str(path))
        self._engine.runAndWait()
        # The eSpeak driver may return before it has written the file: wait for it, so the
        # next utterance cannot take its place.
        deadline = time.monotonic() + 10
        while (not path.exists() or self._engine.isBusy()) and time.monotonic() < deadline:
            time.sleep(0.005)

    def _maybe_stop(self, *args: Any, **kwargs: Any) -> None:
        if self._speaking != self._generation:
            try:
                self._engine.stop()
            except Exception:
                pass

    def _configure(self) -> None:
        self._engine.setProperty("rate", RATES.get(self.rate, RATES["normal"]))
        if self.voice:
            try:
                self._engine.setProperty("voice", self.voice)
            except Exception:  # a voice from another computer's settings: keep the default
                self.voice = ""

    def _list_voices(self) -> list[tuple[str, str]]:
        try:
            found = list(self._engine.getProperty("voices") or [])
        except Exception:
            return []
        english = [v for v in found if "en" in str(getattr(v, "id", "")).lower().replace("/", "-").split("-")
                   or "english" in str(getattr(v, "name", "")).lower()]
        return [(str(v.id), str(getattr(v, "name", v.id))) for v in (english or found)[:MAX_VOICES]]
