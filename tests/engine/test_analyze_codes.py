"""Every code only ``hrtraining analyze`` reports (HR122-HR126, HR130-HR134) has a fixture.

Static ones are files in ``tests/fixtures/analyze/`` named after their rule; the line
where the finding is reported carries ``# expect HRxxx`` (a finding about the whole file,
line 0, is marked on line 1). The ones from recorded play are "generated:" here: a store
of attempts on ``recorded-play.yaml`` (which itself has no finding), made in the test
with the progress store's own API, then read back by ``analyze --attempts DATA_DIR``.
The guard in test_validation_codes.py counts this table too.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrtraining.engine import Session, load_rubric, load_scenario

ANALYZE = Path(__file__).resolve().parents[1] / "fixtures" / "analyze"
MARK_RE = re.compile(r"#\s*expect\s+(HR\d{3})")
LINE_RE = re.compile(r"^  (?P<file>.+?):(?P<line>\d+):(?P<col>\d+): warning (?P<code>HR\d{3}): ")

ANALYZE_CASES: dict[str, str] = {
    "best-is-longest.yaml": "HR122",
    "best-is-shortest.yaml": "HR123",
    "best-in-one-position.yaml": "HR124",
    "naive-strategy-reaches-good.yaml": "HR125",
    "decision-the-level-cannot-see.yaml": "HR126",
    "best-only-asks-permission.yaml": "HR134",
    "generated:option-never-chosen": "HR130",
    "generated:negative-discrimination": "HR131",
    "generated:too-easy": "HR132",
    "generated:harder-than-chance": "HR133",
}

# recorded-play.yaml: d1 options A (RI 2, AP 1), B (1, 0), C (0, -1);
#                    d2 options B2 (1, 1), C2 (0, -1), A2 (2, 2) -- choice indices 0, 1, 2.
A, B, C = 0, 1, 2
A2, B2, C2 = 2, 0, 1
PLAYS: dict[str, list[tuple[int, int, int]]] = {  # (d1 choice, d2 choice, how many attempts)
    # C at d1 is offered 10 times and never chosen; everything else is unremarkable
    "option-never-chosen": [(A, A2, 4), (A, B2, 1), (B, B2, 2), (B, C2, 2), (B, A2, 1)],
    # those who choose A at d1 do worst at d2, and those who choose A2 at d2 did worst at d1
    "negative-discrimination": [(A, C2, 4), (B, A2, 4), (C, A2, 1), (C, B2, 1)],
    # 38 of 40 choose A at d1: 95%
    "too-easy": [(A, A2, 14), (A, B2, 12), (A, C2, 12), (B, C2, 1), (C, C2, 1)],
    # 2 of 10 choose A at d1: 20%, below the 33% of choosing at random
    "harder-than-chance": [(A, A2, 2), (B, A2, 2), (B, B2, 2), (C, B2, 2), (C, C2, 2)],
}


def record_attempts(data_dir: Path, plays: list[tuple[int, int, int]]) -> None:
    """Play each (d1, d2) combination with a Session and store it as the game would."""
    from hrtraining.progress import Store

    rubric = load_rubric()
    sc = load_scenario(ANALYZE / "recorded-play.yaml", rubric)
    with Store.open(data_dir) as store:
        k = 0
        for first, second, times in plays:
            for _ in range(times):
                k += 1
                s = Session(sc, rubric)
                attempt = store.start_attempt(f"Trainee {k}", sc.id, sc.content_hash, sc.title, "practice")
                for seq, index in enumerate((first, second)):
                    s.skip_to_decision()
                    o = s.choose_index(index)
                    c = o.choice
                    store.record_choice(attempt, seq, o.node_id, c.index, c.text, score=dict(c.score),
                                        codes=list(c.codes), critical=c.critical, feedback=c.feedback)
                s.skip_to_decision()
                report = s.report()
                store.finish_attempt(attempt, ending_id=report.ending_id, ending_title=report.ending_title,
                                     report=report.to_dict())


def _marked_lines(path: Path) -> set[int]:
    lines = {i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if MARK_RE.search(line)}
    return lines


@pytest.mark.parametrize("name", list(ANALYZE_CASES))
def test_fixture_yields_exactly_its_code(name, tmp_path, cli):
    code = ANALYZE_CASES[name]
    if name.startswith("generated:"):
        target = ANALYZE / "recorded-play.yaml"
        data = tmp_path / "data"
        record_attempts(data, PLAYS[name.split(":", 1)[1]])
        rc, out, err = cli("analyze", "--no-cache", target, "--attempts", data)
    else:
        target = ANALYZE / name
        rc, out, err = cli("analyze", "--no-cache", target)
    assert rc == 0, err
    found = [m for m in map(LINE_RE.match, out.splitlines()) if m]
    assert {m["code"] for m in found} == {code}, out
    if not name.startswith("generated:"):
        assert {max(1, int(m["line"])) for m in found} == _marked_lines(target), out
    assert cli("analyze", "--no-cache", "--strict", target, *(["--attempts", tmp_path / "data"]
                                                              if name.startswith("generated:") else []))[0] == 1


def test_recorded_play_alone_has_no_finding(cli):
    rc, out, _ = cli("analyze", "--no-cache", "--strict", ANALYZE / "recorded-play.yaml")
    assert rc == 0 and "Findings: none" in out


def test_every_analyze_fixture_is_in_the_table():
    on_disk = {p.name for p in ANALYZE.iterdir() if not p.name.startswith(".")} - {"recorded-play.yaml"}
    assert on_disk == {n for n in ANALYZE_CASES if not n.startswith("generated:")}


def test_every_analyze_code_is_documented():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "authoring.md").read_text(encoding="utf-8")
    for code in [*ANALYZE_CASES.values(), "HR120", "HR121", "HR127", "HR128", "HR129"]:
        assert f"| {code}" in doc, code
