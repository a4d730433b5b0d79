"""``hrtraining validate``: text and JSON output, exit codes 0/1/2, --strict."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
INVALID = FIXTURES / "invalid"
REPO = Path(__file__).resolve().parents[2]
LINE_RE = re.compile(r"^.+?:\d+:\d+: (error|warning) HR\d{3}: \S.*$")


def test_valid_file_exit_0_and_silent_stdout(cli):
    rc, out, err = cli("validate", GOLDEN)
    assert rc == 0
    assert out == ""
    assert "1 file checked: 0 errors, 0 warnings" in err and "ok" in err


def test_errors_exit_1(cli):
    rc, out, err = cli("validate", INVALID / "next-unknown-target.yaml")
    assert rc == 1
    assert out.splitlines() == [
        f"{INVALID / 'next-unknown-target.yaml'}:11:15: error HR021: 'next' names node 'dnoe', which does not "
        "exist. Did you mean 'done'?"]
    assert "1 error" in err and "failed" in err


def test_warnings_exit_0_strict_exit_1(cli):
    f = INVALID / "choice-no-score.yaml"
    rc, out, _ = cli("validate", f)
    assert rc == 0 and ": warning HR063:" in out
    rc, out, err = cli("validate", "--strict", f)
    assert rc == 1 and ": error HR063:" in out and "failed" in err


def test_folder_reports_every_file_and_problem(cli, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("next-unknown-target.yaml", "choice-no-score.yaml", "yaml-syntax.yaml"):
        shutil.copy(INVALID / name, lib / name)
    shutil.copy(GOLDEN, lib / "golden.yaml")
    (lib / "notes.txt").write_text("not a scenario")
    (lib / "rubric.yaml").write_bytes((REPO / "scenarios" / "rubric.yaml").read_bytes())  # not a scenario
    sub = lib / "more"
    sub.mkdir()
    shutil.copy(INVALID / "id-invalid.yaml", sub / "x.yml")
    (lib / ".hidden").mkdir()
    (lib / ".hidden" / "skip.yaml").write_text("broken: [")
    rc, out, err = cli("validate", lib)
    assert rc == 1
    lines = out.splitlines()
    assert all(LINE_RE.match(l) for l in lines)
    assert {re.search(r"(HR\d{3})", l).group(1) for l in lines} == {"HR021", "HR063", "HR001", "HR015"}
    assert "5 files checked: 3 errors, 1 warning" in err


def test_problems_sorted_by_position(cli, tmp_path):
    text = (INVALID / "choice-no-score.yaml").read_text() \
        .replace("        codes: [simple-reflection]\n", "").replace("        feedback: A plain reflection.\n", "") \
        .replace("id: choice-no-score", "id: Bad_Id").replace("client: {name: Sam}", "client: {name: Sam, x: 1}")
    f = tmp_path / "s.yaml"
    f.write_text(text)
    rc, out, _ = cli("validate", f)
    found = [(int(l.split(":")[1]), int(l.split(":")[2]), re.search(r"HR\d{3}", l).group()) for l in out.splitlines()]
    assert found == sorted(found)
    assert [c for _, _, c in found] == ["HR015", "HR013", "HR062", "HR063", "HR065"]
    assert rc == 1


def test_json_shape(cli, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(GOLDEN, lib / "a-golden.yaml")
    shutil.copy(INVALID / "choice-no-score.yaml", lib / "b-warn.yaml")
    shutil.copy(INVALID / "next-unknown-target.yaml", lib / "c-err.yaml")
    rc, out, err = cli("validate", "--format", "json", lib)
    assert rc == 1
    doc = json.loads(out)
    assert list(doc) == ["files"]
    files = {Path(f["path"]).name: f for f in doc["files"]}
    assert list(files) == ["a-golden.yaml", "b-warn.yaml", "c-err.yaml"]
    for f in doc["files"]:
        assert set(f) == {"path", "errors", "warnings", "stats"}
        for p in f["errors"] + f["warnings"]:
            assert set(p) == {"code", "line", "column", "message"}
            assert isinstance(p["line"], int) and isinstance(p["column"], int)
    assert files["a-golden.yaml"] == {"path": str(lib / "a-golden.yaml"), "errors": [], "warnings": [],
                                      "stats": {"nodes": 7, "decisions": 2, "choices": 6, "endings": 3,
                                                "longest_decisions": 2}}
    assert files["b-warn.yaml"]["errors"] == []
    assert [w["code"] for w in files["b-warn.yaml"]["warnings"]] == ["HR063"]
    assert set(files["b-warn.yaml"]["stats"]) == {"nodes", "decisions", "choices", "endings", "longest_decisions"}
    assert files["c-err.yaml"]["errors"] == [{"code": "HR021", "line": 11, "column": 15, "message":
                                              "'next' names node 'dnoe', which does not exist. Did you mean 'done'?"}]
    assert isinstance(files["c-err.yaml"]["stats"], dict)  # empty when the file could not be built


def test_json_strict_moves_warnings_to_errors(cli):
    rc, out, _ = cli("validate", "--format", "json", "--strict", INVALID / "choice-no-score.yaml")
    (f,) = json.loads(out)["files"]
    assert rc == 1 and f["warnings"] == [] and [e["code"] for e in f["errors"]] == ["HR063"]


def test_missing_path_exit_2(cli, tmp_path):
    rc, out, err = cli("validate", GOLDEN, tmp_path / "nope.yaml")
    assert rc == 2
    assert "nope.yaml: no such file or folder" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [
    ["validate"],                             # no path
    ["validate", "--bogus", str(GOLDEN)],     # bad flag
    ["validate", "--format", "xml", str(GOLDEN)],
    ["frobnicate"],                           # no such command
    [],                                       # no command at all
])
def test_usage_errors_exit_2(argv, cli):
    rc, out, err = cli(*argv)
    assert rc == 2
    assert "Traceback" not in err


def test_empty_folder_exit_2(cli, tmp_path):
    rc, _, err = cli("validate", tmp_path)
    assert rc == 2 and "no scenario files" in err


def test_help_and_version_exit_0(cli):
    rc, out, _ = cli("--help")
    assert rc == 0 and "validate" in out
    rc, out, _ = cli("--version")
    assert rc == 0 and out.startswith("hrtraining ")


def test_explicit_rubric(cli, tmp_path):
    rubric = tmp_path / "my-rubric.yaml"
    rubric.write_text((REPO / "scenarios" / "rubric.yaml").read_text()
                      .replace("  encouraging_self_care:", "  noticing_sleep:\n    name: Noticing sleep\n"
                                                            "  encouraging_self_care:"))
    f = tmp_path / "s.yaml"
    f.write_text(GOLDEN.read_text().replace("respecting_choice: 1}", "respecting_choice: 1, noticing_sleep: 1}"))
    assert cli("validate", "--no-cache", f)[0] == 1  # unknown dimension with the project rubric
    assert cli("validate", "--no-cache", "--rubric", rubric, f)[0] == 0


def test_rubric_beside_the_scenario_wins(cli, tmp_path):
    shutil.copy(GOLDEN, tmp_path / "golden.yaml")
    (tmp_path / "rubric.yaml").write_text((REPO / "scenarios" / "rubric.yaml").read_text()
                                          .replace("  respecting_choice:\n", "  respecting_choices:\n"))
    rc, out, _ = cli("validate", "--no-cache", tmp_path / "golden.yaml")
    assert rc == 1 and "HR040" in out and "Did you mean 'respecting_choices'?" in out


def test_broken_explicit_rubric_exit_1(cli, tmp_path):
    bad = tmp_path / "rubric.yaml"
    bad.write_text("dimensions: {}\n")
    rc, out, _ = cli("validate", "--rubric", bad, GOLDEN)
    assert rc == 1 and "HR090" in out


def test_missing_explicit_rubric_is_clear(cli, tmp_path):
    rc, out, err = cli("validate", "--rubric", tmp_path / "nope.yaml", GOLDEN)
    assert rc in (1, 2) and "Traceback" not in err
    assert "HR000" in out + err or "nope.yaml" in out + err


def test_shipped_scenarios_validate(cli):
    rc, out, err = cli("validate", "--no-cache", REPO / "scenarios")
    assert rc == 0, out


def test_python_m_entry_point():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "hrtraining", "validate", "--no-cache", str(GOLDEN)],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def test_valid_fixtures_are_clean_even_strictly(cli):
    rc, out, err = cli("validate", "--strict", "--no-cache", FIXTURES / "valid")
    assert (rc, out) == (0, "")
