"""The game never crashes on content: a failing scene shows the error screen instead."""
from __future__ import annotations

import pygame

from hrtraining.engine import Session


def test_exception_in_content_handling_shows_error_scene(make_app, starter_dir, monkeypatch):
    app, d = make_app([starter_dir])
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_RETURN)
    d.finish_reveal()

    def boom(self, position):
        raise ValueError("content exploded")

    monkeypatch.setattr(Session, "choose", boom)
    d.key(pygame.K_1)
    assert d.scene_name == "error"
    assert "content exploded" in d.scene.message
    app.render()
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "select"


def test_exception_while_drawing_is_contained(make_app, starter_dir, monkeypatch):
    app, d = make_app([starter_dir])
    scene = app.manager.scenes["select"]
    app.switch("select")
    monkeypatch.setattr(type(scene), "draw", lambda self, surf: 1 / 0)
    app.render()
    assert d.scene_name == "error"
    app.render()


def test_even_a_failing_error_scene_falls_back_to_plain_text(make_app, starter_dir, monkeypatch):
    app, d = make_app([starter_dir])
    monkeypatch.setattr(type(app.manager.scenes["error"]), "draw", lambda self, surf: 1 / 0)
    monkeypatch.setattr(type(app.manager.scenes["title"]), "draw", lambda self, surf: 1 / 0)
    app.render()
    assert app.manager.current is None
    app.render()                                 # the bare fallback draws
    monkeypatch.undo()
    d.key(pygame.K_ESCAPE)
    assert d.scene_name == "title"


def test_unplayable_file_at_start_shows_a_message(make_app, tmp_path, starter_dir):
    app, d = make_app([starter_dir])
    entry = app.library.entries[0]
    (starter_dir / "sam.yaml").write_text("format: 2\n")
    entry.result.scenario = None                 # force a parse now that the file is broken
    app.start_play(entry, "practice")
    assert d.scene_name == "error"


def test_stale_conversation_after_error_screen_when_the_new_attempt_reuses_the_old_id(
        make_app, starter_dir, monkeypatch):
    """After the error screen drops an attempt, the next one may get the same ``id()`` (CPython
    reuses freed addresses): the conversation must still start it afresh, not keep the old
    attempt's lines and phase (the next key then raised SessionError). The reuse is made certain
    here by giving every attempt the same id as seen from the conversation module."""
    import builtins

    from hrtraining.game import _conversation
    from hrtraining.practice import Attempt

    monkeypatch.setattr(_conversation, "id", lambda o: 1 if isinstance(o, Attempt) else builtins.id(o),
                        raising=False)
    app, d = make_app([starter_dir], write_first=True)
    entry = next(e for e in app.library.entries if e.ok)
    app.start_play(entry, "assessment")             # assessment: options at once, no own words
    d.finish_reveal()
    assert d.scene.phase == "choose"
    app.switch("error", title="x", message="y", where="conversation")
    app.render()
    d.scene.activate("ok")
    app.start_play(entry, "practice")               # practice writes first: a text box, no options yet
    assert d.scene_name == "conversation"
    app.render()
    assert app.play.needs_reply
    d.key(pygame.K_1)                               # opens the own-words box; before: SessionError
    app.render()
    assert d.scene_name in ("conversation", "compose"), getattr(d.scene, "message", "")
