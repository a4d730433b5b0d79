"""``hrtraining analyze`` through ``main``: every shipped scenario in every format, exit codes,
recorded play from a data folder and merged export files, and author text printed safely."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (ROOT / "scenarios").glob("*.yaml") if p.name != "rubric.yaml")
FIXTURES = ROOT / "tests" / "fixtures"
RECORDED = FIXTURES / "analyze" / "recorded-play.yaml"
sys.path.insert(0, str(ROOT / "tests" / "engine"))
from test_analyze_codes import PLAYS, record_attempts  # noqa: E402


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_in_every_format(path, cli, tmp_path):
    rc, out, err = cli("analyze", path)
    assert rc == 0, err
    assert "Naive players" in out and "Tells" in out and "Dimensions" in out
    assert "best option is the only one asking permission: " in out and "the first that asks permission" in out
    rc, out, _ = cli("analyze", path, "--format", "json")
    d = json.loads(out)
    assert d["scenario"]["id"] == path.stem and d["scenario"]["loaded"]
    assert set(d["naive"]) == {"always-longest", "always-first", "always-last", "asks-permission", "random"}
    for res in d["naive"].values():  # a sound scenario keeps every naive strategy below good
        assert res["level"] != "good"
    assert "best_is_longest_rate" in d["tells"] and "best_position_counts" in d["tells"]
    assert {"best_only_permission", "best_only_permission_rate", "other_options",
            "other_options_permission"} <= set(d["tells"])
    assert all({"code", "node", "message"} <= set(f) for f in d["findings"])
    html = tmp_path / "report.html"
    assert cli("analyze", path, "--format", "html", "-o", html)[0] == 0
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "<svg" in text and "<script" not in text
    assert "the only one asking permission or handing the choice back" in text
    assert "http://" not in text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_several_files_json_and_strict(cli):
    rc, out, _ = cli("analyze", FIXTURES / "valid", "--format", "json")
    d = json.loads(out)
    assert rc == 0 and len(d["analyses"]) == 5
    assert cli("analyze", FIXTURES / "analyze" / "best-is-longest.yaml", "--strict")[0] == 1
    assert cli("analyze", FIXTURES / "valid" / "repair-trap.yaml", "--strict")[0] == 1  # always-first: good
    assert cli("analyze", RECORDED, "--strict")[0] == 0


def test_a_whole_file_finding_points_at_line_1(cli):
    """Tells and naive players are about the whole file: file:1:1, never file:0:0."""
    path = FIXTURES / "analyze" / "best-is-longest.yaml"
    rc, out, _ = cli("analyze", path)
    assert f"{path}:1:1: warning HR122:" in out and ":0:0:" not in out
    rc, out, _ = cli("analyze", FIXTURES / "valid" / "repair-trap.yaml", "--format", "json")
    [hr125] = [f for f in json.loads(out)["findings"] if f["code"] == "HR125"]  # one file: one analysis
    assert hr125["line"] == 1 and hr125["node"] is None


def test_exit_codes_for_errors_and_usage(cli, tmp_path):
    rc, out, _ = cli("analyze", FIXTURES / "invalid" / "next-unknown-target.yaml")
    assert rc == 1 and "error HR021" in out
    rc, _, err = cli("analyze", tmp_path / "nope.yaml")
    assert rc == 2 and "no such file" in err
    rc, _, err = cli("analyze", RECORDED, "--attempts", tmp_path)
    assert rc == 2 and "no progress file" in err
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    rc, _, err = cli("analyze", RECORDED, "--attempts", bad)
    assert rc == 2 and "not an export" in err


def test_attempts_from_a_data_dir_and_merged_exports(cli, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    record_attempts(one, PLAYS["harder-than-chance"])
    record_attempts(two, PLAYS["harder-than-chance"])
    rc, out, _ = cli("analyze", RECORDED, "--attempts", one, "--format", "json")
    d = json.loads(out)
    assert d["attempts"]["counted"] == 10
    first = d["items"][0]
    assert (first["node"], first["n"], first["difficulty"], first["chosen_counts"]) == (
        "d1", 10, 0.2, {"0": 2, "1": 4, "2": 4})
    assert first["discrimination"] == pytest.approx(0.5345, abs=1e-4)  # see tests/engine/test_analyze.py
    # Two machines' exports merged: the profiles are the same names, but the start times differ.
    files = []
    for k, data in enumerate((one, two)):
        rc, text, _ = cli("export", "--format", "json", "--choices", "--data-dir", data)
        f = tmp_path / f"export{k}.json"
        f.write_text(text)
        files.append(f)
    rc, out, _ = cli("analyze", RECORDED, "--attempts", *files, "--format", "json")
    d = json.loads(out)
    assert d["attempts"]["counted"] == 20 and d["items"][0]["n"] == 20
    # The same export twice counts once.
    d = json.loads(cli("analyze", RECORDED, "--attempts", files[0], files[0], "--format", "json")[1])
    assert d["attempts"]["counted"] == 10


def test_attempts_on_another_version_do_not_count(cli, tmp_path):
    data = tmp_path / "data"
    record_attempts(data, PLAYS["harder-than-chance"])
    edited = tmp_path / "recorded-play.yaml"
    edited.write_text(RECORDED.read_text() + "# an edit\n")
    d = json.loads(cli("analyze", edited, "--attempts", data, "--format", "json")[1])
    assert d["attempts"]["counted"] == 0 and d["attempts"]["other_versions"] == 10 and d["items"] == []


def test_author_text_is_printed_safely(cli, tmp_path):
    """Control characters in a file are refused (HR100), and the refusal itself never sends
    them to the terminal, in any format."""
    text = (FIXTURES / "invalid" / "near-duplicate-options.yaml").read_text()
    p = tmp_path / "ctl.yaml"
    # double-quoted YAML: \x1b and \x9b become the control characters themselves
    p.write_text(text.replace("How did you manage that?", "How did you manage that?\\x1b\\x9b"))
    for fmt in ("text", "json", "html"):
        rc, out, err = cli("analyze", p, "--format", fmt)
        assert rc != 0 and "HR100" in out
        assert "\x1b" not in out + err and "\x9b" not in out + err
    p.write_text(text.replace("title: Two options that say the same", 'title: "Two\\x1b[2J options"'))
    rc, out, err = cli("analyze", p)
    assert "HR100" in out and "\x1b" not in out + err
