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
  driver plays each utterance with ``aplay``) stops at the end of the sentence it is on; and
  that driver loses the end of an utterance longer than about fifteen seconds;
* when no engine can start, the voice goes quiet and leaves a :attr:`notice` to show.

``out_dir`` writes each utterance to a numbered WAV file instead of the speakers and drops
nothing: how the tests hear it on a machine without a sound card. Files are written by the
``espeak-ng`` program where it is installed (:class:`EspeakFiles`): pyttsx3's eSpeak driver can
let one file's end event land on the next file, which leaves that one empty.
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


class EspeakFiles:
    """The part of pyttsx3's engine that :class:`Voice` uses, writing WAV files with the
    ``espeak-ng`` program, one synchronous run per utterance."""

    def __init__(self, program: str):
        self.program = program
        self.props: dict[str, Any] = {"rate": RATES["normal"], "voice": ""}
        self._job: tuple[str, str] | None = None

    def setProperty(self, name: str, value: Any) -> None:
        self.props[name] = value

    def getProperty(self, name: str) -> Any:
        return [] if name == "voices" else self.props.get(name)

    def connect(self, *args: Any) -> None:
        pass

    def save_to_file(self, text: str, path: str) -> None:
        self._job = (text, path)

    def say(self, text: str) -> None:
        raise NotImplementedError("EspeakFiles only writes files")

    def isBusy(self) -> bool:
        return False

    def stop(self) -> None:
        pass

    def runAndWait(self) -> None:
        import subprocess

        if self._job is None:
            return
        (text, path), self._job = self._job, None
        cmd = [self.program, "-s", str(int(self.props["rate"])), "-w", path]
        if self.props.get("voice"):
            cmd += ["-v", str(self.props["voice"])]
        subprocess.run(cmd + ["--", text], check=True, capture_output=True, timeout=60)


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
            if self.out_dir is None:  # speakers: a stale line is dropped (files keep every one)
                self._queue.clear()
            self._queue += [(self._generation, piece) for piece in self._pieces(text)]
            self._cv.notify()

    def then(self, text: str) -> None:
        """Say ``text`` after what is queued now (not cutting it short)."""
        text = text.strip()
        if not text or not self.available:
            return
        with self._cv:
            self._queue += [(self._generation, piece) for piece in self._pieces(text)]
            self._cv.notify()

    def _pieces(self, text: str) -> list[str]:
        # A file keeps the whole text (one file per thing said); the speakers get sentences.
        return [text] if isinstance(self._engine, EspeakFiles) else pieces(text)

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
            make = self._make_engine
            if make is None and self.out_dir is not None and shutil.which("espeak-ng"):
                program = shutil.which("espeak-ng")
                make = lambda: EspeakFiles(program)  # noqa: E731
            self._engine = (make or _pyttsx3_engine)()
            self._configure()
            self.voices = self._list_voices()
            if self.out_dir is None:
                # Cut a stale utterance short at its next word (the engine calls back on this
                # thread, the only one that may stop it).
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
                if self._speaking != self._generation and self.out_dir is None:
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
        self.spoken.append(text)
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            path = self.out_dir / f"{n:04d}.wav"
            self._engine.save_to_file(text, str(path))
            self.files.append(path)
            self._engine.runAndWait()
            # The eSpeak driver may return before it has written the file: wait for it, so the
            # next utterance cannot take its place.
            deadline = time.monotonic() + 10
            while (not path.exists() or self._engine.isBusy()) and time.monotonic() < deadline:
                time.sleep(0.005)
        else:
            self._engine.say(text)
            self._engine.runAndWait()

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
