"""Self-voicing: the game speaks what is shown and what has focus, never blocking the game.

The whole-scenario test plays the starter scenario with self-voicing on through the real
engine, pyttsx3 with its eSpeak NG driver, by the game's own code (``Voice``: sentence by
sentence, stale lines dropped), the engine writing each sentence to a WAV file with
``save_to_file`` where the speakers would get ``say``. It checks that every element heard to
its end (the client's lines, each option as it takes the focus, the coach's notes, each debrief
page) was spoken whole, that an element overtaken by a newer one was cut off after the sentence
it was on, and, with the ``wave`` module, that every sentence produced speech, not silence, of
a plausible length.
"""
from __future__ import annotations

import array
import ctypes.util
import math
import threading
import time
import wave

import pygame
import pytest

from hrtraining.game._voice import MAX_PIECE, Voice, pieces
from hrtraining.practice import coach_note, speak_coach, speak_debrief, speak_option


class FakeEngine:
    """Stands in for pyttsx3's engine; ``gate`` holds ``runAndWait`` until set."""

    def __init__(self, gate: threading.Event | None = None):
        self.gate = gate
        self.said: list[str] = []
        self.props: dict = {}

    def setProperty(self, name, value):
        self.props[name] = value

    def getProperty(self, name):
        return []

    def connect(self, *a):
        pass

    def say(self, text):
        self.said.append(text)

    def save_to_file(self, text, path):
        self.said.append(text)

    def runAndWait(self):
        if self.gate is not None:
            assert self.gate.wait(5)

    def stop(self):
        pass


def test_speaking_never_blocks_and_stale_lines_are_dropped():
    gate = threading.Event()
    engine = FakeEngine(gate)
    voice = Voice(engine=lambda: engine)
    try:
        voice.say("First line.")
        deadline = time.monotonic() + 2
        while not engine.said and time.monotonic() < deadline:
            time.sleep(0.005)
        t = time.perf_counter()
        voice.say("Stale, never heard.")
        voice.say("The newest line.")
        voice.then("And what follows it.")
        assert time.perf_counter() - t < 0.05       # the game's side only queues
        gate.set()
        assert voice.idle(5)
        assert engine.said == ["First line.", "The newest line.", "And what follows it."]
        assert engine.props["rate"] > 0
    finally:
        voice.close()


def test_long_text_goes_to_the_engine_a_sentence_at_a_time():
    text = "First sentence. " + "A clause, " * 30 + "the end. Last one?"
    parts = pieces(text)
    assert parts[0] == "First sentence." and parts[-1] == "Last one?"
    assert all(len(p) <= MAX_PIECE for p in parts) and " ".join(parts) == " ".join(text.split())


def test_without_a_speech_engine_the_game_goes_on_quietly_with_a_notice(make_app, starter_dir, monkeypatch):
    import hrtraining.game._voice as voice_module

    def broken():
        raise OSError("no speech engine here")

    monkeypatch.setattr(voice_module, "_pyttsx3_engine", broken)
    monkeypatch.setattr(voice_module.shutil, "which", lambda name: f"/usr/bin/{name}")  # as if aplay were there
    app, d = make_app([starter_dir], voice_dir=None)
    d.key(pygame.K_v)                               # V turns self-voicing on...
    assert app.settings.self_voicing and app.voice is not None
    assert app.voice.idle(5) and not app.voice.available
    app.start_play(app.library.entries[0], "practice")
    d.finish_reveal()
    d.key(pygame.K_1)                               # ...and play goes on, silent
    assert "no speech engine here" in app.notice and "eSpeak NG" in app.notice
    d.key(pygame.K_v)
    assert app.voice is None and not app.settings.self_voicing


#: pyttsx3 (a dependency) drives eSpeak NG on Linux through its shared library.
ESPEAK = ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak")


def _wav_stats(path) -> tuple[float, float]:
    """(length in seconds, RMS amplitude from 0 to 1) of a 16-bit WAV file."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2, path
        frames = w.readframes(w.getnframes())
        length = w.getnframes() / w.getframerate()
    samples = array.array("h", frames)
    rms = math.sqrt(sum(x * x for x in samples) / len(samples)) / 32768 if samples else 0.0
    return length, rms


class _Said:
    """What the game hands the voice (``say`` and ``then``, recorded on their way through), so
    the test knows which elements were overtaken and which were heard to their end."""

    def __init__(self, voice: Voice):
        self.voice = voice
        self.all: list[str] = []              # every element said
        self.current: list[str] = []          # the newest ``say`` and the ``then``s after it
        say, then = voice.say, voice.then

        def on_say(text: str) -> None:
            if text.strip():
                self.all.append(text)
                self.current = [text]
            say(text)

        def on_then(text: str) -> None:
            if text.strip():
                self.all.append(text)
                self.current.append(text)
            then(text)

        voice.say, voice.then = on_say, on_then

    def settle(self) -> list[str]:
        """Wait until the voice is quiet: nothing overtook the newest elements, so each was
        spoken whole, its sentences one after another. Returns them."""
        assert self.voice.idle(20) and self.voice.available
        spoken = self.voice.spoken
        for text in self.current:
            run = pieces(text)
            assert any(spoken[i:i + len(run)] == run for i in range(len(spoken) - len(run) + 1)), \
                f"not spoken whole: {text!r}"
        return list(self.current)


@pytest.mark.skipif(ESPEAK is None, reason="eSpeak NG's library is not installed (sudo apt install espeak-ng); "
                                           "pyttsx3 speaks through it on Linux")
def test_self_voicing_speaks_a_whole_scenario(make_app, starter_dir, tmp_path):
    app, d = make_app([starter_dir], voice_dir=str(tmp_path / "speech"))
    app.settings.self_voicing = True
    app.apply_settings(save=False)
    voice = app.voice
    said = _Said(voice)
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    heard: list[str] = []
    decisions = 0
    for _ in range(100):
        if d.scene_name != "conversation":
            break
        sc, play = d.scene, app.play
        d.finish_reveal()
        heard += said.settle()                       # the client's lines, and how many options
        if play.beat.kind == "choice":
            options = play.beat.options
            decisions += 1
            for _o in options:                       # each option is heard as it takes the focus...
                d.key(pygame.K_DOWN)
                if decisions > 1:
                    heard += said.settle()
            if decisions == 1:                       # ...or, moving on at once, only the last one
                heard += said.settle()
                assert said.current == [speak_option(options[-1], len(options))]
            d.key(pygame.K_1)
            heard += said.settle()                   # the coach's note
            assert speak_coach(coach_note(sc.outcome, play.scenario, play.rubric)) in heard
        d.key(pygame.K_RETURN)
    assert d.scene_name == "debrief" and decisions >= 2
    d.key(pygame.K_2)                                # rate; the decisions page is read out...
    page = speak_debrief(d.scene.debrief, "decisions")
    cut = [x for text in page[1:] for x in pieces(text)]
    assert len(cut) >= 3
    d.key(pygame.K_RIGHT)                            # ...and cut off by the next page at once
    heard += said.settle()
    assert d.scene.current == "scores" and cut[-1] not in voice.spoken
    d.key(pygame.K_RIGHT)
    heard += said.settle()
    assert d.scene.current == "summary"
    # Every sentence spoken belongs to something the game said; the long ones were split.
    said_pieces = {x for text in said.all for x in pieces(text)}
    assert set(voice.spoken) <= said_pieces
    assert any(len(pieces(text)) > 1 for text in heard)
    assert len(voice.files) == len(voice.spoken)
    for text, path in zip(voice.spoken, voice.files):
        length, rms = _wav_stats(path)
        # Speech, not silence: about 30 ms or more a character, less than 150 ms (eSpeak NG speaks
        # some 14 characters a second at the normal rate), and real signal in it.
        assert 0.03 * min(len(text), 40) < length < 1 + 0.15 * len(text) and rms > 0.01, (text[:60], length, rms)
