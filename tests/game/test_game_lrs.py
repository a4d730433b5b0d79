"""The window with an LRS set up: an attempt at a shipped scenario reaches a real LRS (Ralph) in
the background, and the progress screen says how many results wait and why."""
from __future__ import annotations

import time

import pygame

from hrtraining.game._driver import best_pick
from hrtraining.progress import Store

from game_helpers import SHIPPED


def _wait_sent(store_path, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with Store.open(store_path) as store:
            if store.outbox_status().waiting == 0:
                return
        time.sleep(0.05)
    raise AssertionError("the sender did not empty the outbox")


def test_a_window_attempt_reaches_the_lrs_in_the_background(make_app, lrs_env, xapi_validator, tmp_path):
    app, d = make_app([SHIPPED], record=True)
    assert app.recorder.xapi is not None and app.recorder.xapi.sender.running
    entry = app.library.by_id("bar-fights")
    app.switch("content-notes", entry=entry)
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    d.play_conversation(best_pick)
    d.key(pygame.K_3)                                  # the self-rating: Good
    attempt_id = app.play.attempt_id
    _wait_sent(tmp_path / "data")                      # sent while the window kept running
    registration = app.recorder.store.attempt(attempt_id).registration
    got = lrs_env.by_registration(registration)
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in got]
    decisions = len(app.recorder.store.attempt(attempt_id).choices)
    assert sorted(verbs) == sorted(["initialized", "completed", "rated"] + ["responded"] * decisions)
    responded = [s for s in got if s["verb"]["id"].endswith("responded")]
    assert all(s["object"]["definition"]["choices"] for s in responded)   # the options, from the scenario
    assert all(s["object"]["id"].startswith(
        f"https://agency.example.org/hrtraining/scenarios/bar-fights/{entry.content_hash}/decisions/")
        for s in responded)
    rated = next(s for s in got if s["verb"]["id"].endswith("rated"))
    assert rated["result"]["response"] == "good"
    assert xapi_validator.problems(got) == {}
    app.switch("progress")
    assert d.scene.lrs_line == "LRS: every result has been sent."
    app.render()


def test_the_progress_screen_says_what_waits_and_why(make_app, monkeypatch, tmp_path, starter_dir):
    # An LRS nobody listens on: play goes on, the results wait, and the screen says why.
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HRTRAINING_LRS_URL", f"http://127.0.0.1:{port}/xAPI/")
    monkeypatch.setenv("HRTRAINING_LRS_KEY", "k")
    monkeypatch.setenv("HRTRAINING_LRS_SECRET", "s3cret-value")
    app, d = make_app([starter_dir], record=True)
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    d.play_conversation(best_pick)
    d.key(pygame.K_3)
    assert app.play.finished_recorded                 # play was never held up by the network
    deadline = time.monotonic() + 10
    while app.recorder.store.outbox_status().last_error is None and time.monotonic() < deadline:
        time.sleep(0.05)
    app.switch("progress")
    line = d.scene.lrs_line
    assert line.startswith("LRS: ") and "results waiting to be sent" in line
    assert "refused the connection" in line and "s3cret-value" not in line
    app.render()
