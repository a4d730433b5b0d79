"""``hrtraining progress``: the progress chart's figures as text (a terminal, a screen reader)."""
from __future__ import annotations

from hrtraining.cli import main
from hrtraining.progress import Store


def _finished(store, scenario, title, mode, pct):
    a = store.start_attempt("Ana", scenario, "h", title, mode)
    level = "good" if pct >= 0.8 else "fair" if pct >= 0.5 else "beginning"
    store.finish_attempt(a, ending_id="e", ending_title="End", report={
        "version": 2, "level": level, "scores": {
            "recognizing_improvement": {"points": 1, "possible": 2, "percent": pct, "level": level},
            "avoiding_perfectionism": {"points": 1, "possible": 2, "percent": pct, "level": level}}})


def test_progress_prints_each_skill_by_scenario_and_mode(tmp_path, capsys):
    data = tmp_path / "data"
    with Store.open(data) as store:
        store.profile("Ana", remember=True)
        _finished(store, "bar-fights", "Ray, who fights when he drinks out and does not know why", "practice", 0.3)
        _finished(store, "bar-fights", "Ray, who fights when he drinks out and does not know why", "practice", 0.7)
        _finished(store, "given-up", "Walt", "assessment", 0.9)
    assert main(["progress", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ana. Your progress: 3 finished attempts, oldest first.")
    assert "Recognizing improvement (decides the overall level): latest Good, 90%." in out
    assert "  - Walt (assessment), 1 attempt: 90% Good." in out
    lines = out.splitlines()
    ray = next(i for i, ln in enumerate(lines) if ln.startswith("  - Ray"))
    assert "(practice), 2 attempts" in " ".join([lines[ray], lines[ray + 1].strip()])
    assert lines[ray + 1].startswith("    ")
    assert all(len(ln) <= 78 for ln in lines)           # wrapped, with a hanging indent
    assert main(["progress", "--data-dir", str(data), "--scenario", "given-up"]) == 0
    only = capsys.readouterr().out
    assert "Walt" in only and "Ray" not in only


def test_progress_without_attempts(tmp_path, capsys):
    assert main(["progress", "--data-dir", str(tmp_path / "data"), "--profile", "Nobody"]) == 0
    assert "No finished attempts yet" in capsys.readouterr().out
