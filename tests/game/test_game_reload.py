"""F5 reloads the scenario from disk and returns to the same node, or the nearest valid one."""
from __future__ import annotations

import pygame

from game_helpers import write_starter


def _start(make_app, folder):
    app, d = make_app([folder])
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_a)                           # assessment: no coach panel in between
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    return app, d


def test_f5_returns_to_the_same_node_with_the_new_text(make_app, tmp_path):
    folder = tmp_path / "lib"
    path = write_starter(folder)
    app, d = _start(make_app, folder)
    d.key(pygame.K_1)                           # opening -> how
    assert app.play.session.state.node == "how"
    path.write_text(path.read_text().replace("Honestly I slept better.", "Honestly I slept much better."))
    d.key(pygame.K_F5)
    assert d.scene_name == "conversation"
    assert app.play.session.state.node == "how"
    assert app.play.session.state.taken == [("opening", 0)]
    assert "slept much better" in " ".join(l.text for l in d.scene.display)
    assert "Reloaded" in app.notice


def test_f5_walks_past_continue_nodes_already_passed(make_app, tmp_path):
    folder = tmp_path / "lib"
    path = write_starter(folder)
    app, d = _start(make_app, folder)
    d.key(pygame.K_2)                           # opening -> shrug (a continue node)
    d.finish_reveal()
    d.key(pygame.K_RETURN)                      # shrug -> an ending
    node = app.play.session.state.node
    assert app.play.beat.kind == "ending"
    path.write_text(path.read_text().replace("Yeah. I know. Anyway.", "Yeah. I know."))
    d.key(pygame.K_F5)
    assert app.play.session.state.node == node


def test_f5_after_an_edit_lands_on_the_nearest_valid_node_with_a_notice(make_app, tmp_path):
    folder = tmp_path / "lib"
    path = write_starter(folder)
    app, d = _start(make_app, folder)
    d.key(pygame.K_1)                           # opening -> how
    text = path.read_text()
    # Remove the node the player is at: send the first choice elsewhere and drop 'how'.
    start = text.index("  how:\n")
    end = text.index("  shrug:\n")
    text = text[:start] + text[end:]
    text = text.replace("next: how\n", "next: shrug\n", 1)
    path.write_text(text)
    d.key(pygame.K_F5)
    assert d.scene_name == "conversation"
    assert app.play.session.state.node != "how"
    assert "changed" in app.notice or "Reloaded" in app.notice


def test_f5_with_a_broken_file_keeps_playing_the_loaded_version(make_app, tmp_path):
    folder = tmp_path / "lib"
    path = write_starter(folder)
    app, d = _start(make_app, folder)
    d.key(pygame.K_1)
    path.write_text(path.read_text().replace("next: keeps-coming", "next: nowhere-at-all"))
    d.key(pygame.K_F5)
    assert d.scene_name == "conversation"
    assert app.play.session.state.node == "how"
    assert "Reload failed" in app.notice
    app.render()


def test_f5_on_a_menu_rereads_the_library(make_app, tmp_path):
    folder = tmp_path / "lib"
    write_starter(folder)
    app, d = make_app([folder])
    app.switch("select")
    write_starter(folder, "second")
    d.key(pygame.K_F5)
    assert len(app.library.entries) == 2
