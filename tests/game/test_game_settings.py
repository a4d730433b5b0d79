"""Settings persist between runs; a corrupt or odd settings file is tolerated."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pygame

from hrtraining.game._settings import FILENAME, Settings, SettingsFile


def _config() -> Path:
    return Path(os.environ["HRTRAINING_CONFIG_DIR"])


def test_settings_scene_changes_persist_to_the_next_run(make_app, starter_dir):
    app, d = make_app([starter_dir])
    d.click("settings")
    assert d.scene_name == "settings"
    d.key(pygame.K_RIGHT)                        # text size: standard -> large
    assert app.settings.text_size == "large"
    d.click("row:high_contrast")
    assert app.settings.high_contrast and app.theme.palette.name == "high-contrast"
    d.wheel(-5, d.scene.view.view.center)         # the last rows scroll into view
    d.click("row:default_mode")
    assert app.settings.default_mode == "assessment"
    saved = json.loads((_config() / FILENAME).read_text())
    assert saved["text_size"] == "large" and saved["high_contrast"] is True
    app2, d2 = make_app([starter_dir])
    assert app2.settings.text_size == "large"
    assert app2.theme.palette.name == "high-contrast"
    app2.switch("content-notes", entry=app2.library.entries[0])
    assert d2.scene.mode == "assessment"        # the default mode applies to new plays


def test_every_setting_can_be_cycled_by_keyboard(make_app, starter_dir):
    from hrtraining.game._settings_scene import ROWS

    app, d = make_app([starter_dir])
    app.switch("settings")
    before = app.settings.to_dict()
    assert len(ROWS) == len(before)  # every setting has its row
    voices: list = []
    for key, *_ in ROWS:
        if key == "voice":  # the engine lists its voices from a thread of its own: what was there now
            voices = list(app.voice.voices) if app.voice is not None else []
        d.key(pygame.K_RETURN)
        d.key(pygame.K_DOWN)
    after = app.settings.to_dict()
    changed = [k for k in before if before[k] != after[k]]
    # The voice cycles through this computer's voices: with none, "Default" is all there is.
    assert changed == [k for k in before if k != "voice" or len(voices) > 0]
    app.render()


def test_corrupt_settings_file_is_tolerated(make_app, starter_dir):
    cfg = _config()
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / FILENAME).write_bytes(b"{not json\xff")
    app, d = make_app([starter_dir], write_first=None)
    assert app.settings == Settings()
    assert app.notice                              # the player is told, once
    app.render()
    app.settings.cycle("text_speed")
    app.apply_settings()
    assert json.loads((cfg / FILENAME).read_text())["text_speed"] == "fast"


def test_wrong_values_fall_back_per_key(tmp_path):
    (tmp_path / FILENAME).write_text(json.dumps({"text_size": "huge", "high_contrast": "yes",
                                                 "reduced_motion": True, "extra": 1}))
    s = SettingsFile(tmp_path).load()
    assert s.text_size == "standard" and s.high_contrast is False and s.reduced_motion is True


def test_non_mapping_json_is_tolerated(tmp_path):
    (tmp_path / FILENAME).write_text("[1, 2, 3]")
    assert SettingsFile(tmp_path).load() == Settings()


def test_unwritable_settings_folder_does_not_crash(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    sf = SettingsFile(blocker / "sub")
    assert sf.save(Settings()) is False and sf.notice


def test_f11_toggles_fullscreen_setting(make_app, starter_dir):
    app, d = make_app([starter_dir])
    d.key(pygame.K_F11)
    assert app.settings.fullscreen
    d.key(pygame.K_F11)
    assert not app.settings.fullscreen


def test_deeply_nested_settings_file_does_not_stop_the_game(make_app, starter_dir):
    """json.loads raises RecursionError (not ValueError) on deep nesting; it escaped
    SettingsFile.load and crashed start-up, outside any scene's guard."""
    cfg = _config()
    cfg.mkdir(parents=True, exist_ok=True)
    (cfg / FILENAME).write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    sf = SettingsFile(cfg)
    assert sf.load() == Settings()
    assert "damaged" in sf.notice
    app, d = make_app([starter_dir], write_first=None)
    assert app.settings == Settings() and "damaged" in app.notice
    app.render()


def test_sharing_written_replies_is_off_by_default_and_reaches_the_attempt(make_app, starter_dir):
    """The opt-in to send one's written words to the agency's LRS: off by default, a row on the
    settings screen, and what the attempt being played (and the next one) honours."""
    app, d = make_app([starter_dir], record=True)
    assert app.settings.share_replies is False
    entry = app.library.entries[0]
    app.start_play(entry, "practice")
    assert app.play.share_replies is False
    app.switch("settings")
    while d.scene.focus != "row:share_replies":
        d.key(pygame.K_DOWN)
    assert "LRS" in d.scene.describe("row:share_replies")
    d.key(pygame.K_RETURN)
    assert app.settings.share_replies is True and app.play.share_replies is True   # the next choice shares
    assert json.loads((_config() / FILENAME).read_text())["share_replies"] is True
    app.start_play(entry, "practice")
    assert app.play.share_replies is True
    app2, _ = make_app([starter_dir])
    assert app2.settings.share_replies is True


def test_the_game_s_and_the_lrs_settings_live_in_one_folder(monkeypatch, tmp_path):
    """One config_dir: with "~/…" in the variable (spaces around it too), both files land there."""
    from hrtraining.game._settings import SettingsFile
    from hrtraining.practice.xapi._settings import settings_path

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", " ~/cfg ")
    assert SettingsFile().path.parent == settings_path().parent == tmp_path / "cfg"
