"""Self-voicing: the game speaks what is shown and what has focus, never blocking the game.

On Linux the real engine (pyttsx3 driving eSpeak NG) writes each utterance to a WAV file, and
sox measures that speech came out for every element: the client's lines, each option as it
takes the focus, the coach's notes and each debrief page.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time

import pygame
import pytest

from hrtraining.game._voice import MAX_PIECE, Voice, pieces
from hrtraining.practice import coach_note, speak_coach, speak_debrief, speak_lines, speak_option


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


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs eSpeak NG (Linux)")
def test_pyttsx3_drives_the_system_speech_engine(tmp_path):
    """The dependency the game speaks through: on Linux, pyttsx3 drives eSpeak NG."""
    pyttsx3 = pytest.importorskip("pyttsx3")
    engine = pyttsx3.init()
    path = tmp_path / "hello.wav"
    engine.save_to_file("Hello, Ray.", str(path))
    engine.runAndWait()
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert path.stat().st_size > 10_000


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


def _wav_stats(path) -> tuple[float, float]:
    """(length in seconds, RMS amplitude) of a WAV file, measured by sox."""
    out = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True, timeout=20).stderr
    length = re.search(r"Length \(seconds\):\s+([\d.]+)", out)
    rms = re.search(r"RMS\s+amplitude:\s+([\d.]+)", out)
    assert length and rms, f"{path}: sox says {out!r}"
    return float(length.group(1)), float(rms.group(1))


@pytest.mark.skipif(shutil.which("sox") is None or shutil.which("espeak-ng") is None,
                    reason="needs eSpeak NG and sox (Linux)")
def test_self_voicing_speaks_a_whole_scenario(make_app, starter_dir, tmp_path):
    pytest.importorskip("pyttsx3")
    app, d = make_app([starter_dir], voice_dir=str(tmp_path / "speech"))
    app.settings.self_voicing = True
    app.apply_settings(save=False)
    voice = app.voice
    expected: list[str] = []
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    for _ in range(100):
        if d.scene_name != "conversation":
            break
        sc, play = d.scene, app.play
        d.finish_reveal()
        new = sc.display[sc.reveal_start:]
        if new:
            expected.append(speak_lines(new))
        if play.beat.kind == "choice":
            options = play.beat.options
            for _o in options:                       # every option is heard as it takes the focus
                d.key(pygame.K_DOWN)
            expected += [speak_option(o, len(options)) for o in options]
            d.key(pygame.K_1)
            expected.append(speak_coach(coach_note(sc.outcome, play.scenario, play.rubric)))
        d.key(pygame.K_RETURN)
    assert d.scene_name == "debrief"
    d.key(pygame.K_2)                                # rate; then every page is read out
    for page in ("decisions", "scores", "summary"):
        assert d.scene.current == page
        expected += speak_debrief(d.scene.debrief, page)[1:]
        d.key(pygame.K_RIGHT)
    assert voice.idle(30) and voice.available
    missing = [e for e in expected if e not in voice.spoken]
    assert not missing, missing[:3]
    assert len(voice.files) == len(voice.spoken) >= len(expected)
    for text, path in zip(voice.spoken, voice.files):
        length, rms = _wav_stats(path)
        # Speech, not silence: about 30 ms or more a character, and real signal in it.
        assert length > 0.03 * min(len(text), 40) and rms > 0.01, (text[:60], length, rms)
