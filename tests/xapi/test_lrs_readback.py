"""Reading a scenario version's attempts back from the LRS (for ``hrtraining analyze --lrs``)."""
from __future__ import annotations

from pathlib import Path

from hrtraining.cli import build_parser, main
from hrtraining.cli._play import cmd_play
from hrtraining.engine import load_scenario
from hrtraining.practice.xapi import _readback, as_export_rows, fetch_attempt_records

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"


def _play(data: Path, path: Path, profile: str, answers: list[str]) -> None:
    args = build_parser().parse_args(["play", str(path), "--profile", profile, "--data-dir", str(data)])
    it = iter(answers)
    assert cmd_play(args, read=lambda prompt: next(it)) == 0


def test_the_attempts_of_one_scenario_version_come_back_with_path_and_percent(lrs_env, tmp_path, monkeypatch):
    data = tmp_path / "data"
    edited = tmp_path / "golden.yaml"
    edited.write_text(GOLDEN.read_text(encoding="utf-8").replace("Jo sits down.", "Jo sits down slowly."),
                      encoding="utf-8")
    _play(data, GOLDEN, "Ana", ["", "1", "1", ""])
    _play(data, GOLDEN, "Bo", ["", "3", ""])                  # the critical ultimatum: a short path
    _play(data, edited, "Cy", ["", "1", "1", ""])              # another version: never mixed in
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0   # whatever the background sender left
    sc = load_scenario(GOLDEN)
    monkeypatch.setattr(_readback, "PAGE", 2)                  # several pages: the 'more' links are followed
    records = fetch_attempt_records(lrs_env.settings(), sc.id, sc.content_hash)
    from hrtraining.progress import Store

    with Store.open(data) as store:
        who = {store.profile(n).pseudonym: n for n in ("Ana", "Bo", "Cy")}
    mine = {who[r.actor]: (r.path, r.percent) for r in records if r.actor in who}
    assert mine == {"Ana": ((("opening", 0), ("middle", 0)), 1.0), "Bo": ((("opening", 2),), 0.0)}
    assert all(r.scenario_hash == sc.content_hash for r in records)
    assert len({r.registration for r in records}) == len(records)
    rows = as_export_rows(records)
    assert len(rows.attempts) == len(records) and {c["seq"] for c in rows.choices} >= {0}


def test_analyze_reads_how_the_whole_agency_answered_from_the_lrs(lrs_env, tmp_path, capsys):
    import json

    data = tmp_path / "data"
    _play(data, GOLDEN, "Ana", ["", "1", "1", ""])
    _play(data, GOLDEN, "Bo", ["", "3", ""])
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0
    capsys.readouterr()
    assert main(["analyze", str(GOLDEN), "--lrs", "--format", "json", "--plays", "20"]) == 0
    d = json.loads(capsys.readouterr().out)
    opening = next(i for i in d["items"] if i["node"] == "opening")
    assert opening["n"] >= 2 and opening["chosen_counts"]["0"] >= 1 and opening["chosen_counts"]["2"] >= 1


def test_analyze_without_an_lrs_says_how_to_set_one_up(tmp_path, capsys, monkeypatch):
    for name in ("HRTRAINING_LRS_URL", "HRTRAINING_LRS_KEY", "HRTRAINING_LRS_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HRTRAINING_CONFIG_DIR", str(tmp_path / "config"))
    assert main(["analyze", str(GOLDEN), "--lrs", "--plays", "20"]) == 2
    assert "no Learning Record Store is set up: `hrtraining lrs set URL --key KEY` first" in capsys.readouterr().err
