"""Every validation code has a fixture named after the rule it breaks.

Each fixture in ``tests/fixtures/invalid/`` marks the line where its problem is
reported with a trailing ``# expect HRxxx`` comment. The table below says which
code (and severity) each fixture must produce — that code and no other — and the
test checks the ``FILE:LINE:COL: severity CODE: message`` line that ``validate``
prints, and its exit code (errors 1; warnings 0, or 1 with ``--strict``).

Fixtures that cannot be plain committed files (too large, missing) are made in
the test. A guard test greps the engine for every ``HRxxx`` it can emit, so a new
code without a fixture fails the suite; another checks each code is documented.
"""
from __future__ import annotations

import ast
import os
import re
import time
from pathlib import Path

import pytest

from hrtraining.engine import ERROR, WARNING, check_file, check_paths

from _helpers import ONE_DECISION_NODES, png_bytes

REPO_ROOT = Path(__file__).resolve().parents[2]
INVALID = REPO_ROOT / "tests" / "fixtures" / "invalid"
ENGINE = REPO_ROOT / "hrtraining" / "engine"
AUTHORING = REPO_ROOT / "docs" / "authoring.md"
LINE_RE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) "
                     r"(?P<code>HR\d{3}): (?P<msg>\S.*)$")
MARK_RE = re.compile(r"#\s*expect\s+(HR\d{3})")

# fixture (file or folder under tests/fixtures/invalid, or "generated:NAME") -> (code, severity)
CASES: dict[str, tuple[str, str]] = {
    "generated:file-not-found": ("HR000", ERROR),
    "yaml-syntax.yaml": ("HR001", ERROR),
    "yaml-bracket-never-closed.yaml": ("HR001", ERROR),
    "yaml-brace-never-closed.yaml": ("HR001", ERROR),
    "yaml-quote-never-closed.yaml": ("HR001", ERROR),
    "yaml-single-quote-never-closed.yaml": ("HR001", ERROR),
    "yaml-indented-with-tab.yaml": ("HR001", ERROR),
    "yaml-key-without-space.yaml": ("HR001", ERROR),
    "yaml-line-without-key.yaml": ("HR001", ERROR),
    "generated:file-too-large": ("HR002", ERROR),
    "not-utf8.yaml": ("HR003", ERROR),
    "empty-file.yaml": ("HR004", ERROR),
    "duplicate-key.yaml": ("HR005", ERROR),
    "python-tag.yaml": ("HR006", ERROR),
    "alias-bomb.yaml": ("HR006", ERROR),
    "recursive-alias.yaml": ("HR006", ERROR),
    "merge-key.yaml": ("HR006", ERROR),
    "top-level-not-mapping.yaml": ("HR010", ERROR),
    "format-unsupported.yaml": ("HR011", ERROR),
    "missing-id.yaml": ("HR012", ERROR),
    "unknown-key.yaml": ("HR013", ERROR),
    "wrong-type.yaml": ("HR014", ERROR),
    "id-invalid.yaml": ("HR015", ERROR),
    "id-trailing-newline.yaml": ("HR015", ERROR),
    "start-unknown.yaml": ("HR020", ERROR),
    "next-unknown-target.yaml": ("HR021", ERROR),
    "node-dead-end.yaml": ("HR022", ERROR),
    "node-two-kinds.yaml": ("HR023", ERROR),
    "choices-empty.yaml": ("HR024", ERROR),
    "next-list-last-has-if.yaml": ("HR025", ERROR),
    "line-not-one-pair.yaml": ("HR026", ERROR),
    "ending-no-title.yaml": ("HR027", ERROR),
    "condition-syntax.yaml": ("HR030", ERROR),
    "meter-unknown.yaml": ("HR031", ERROR),
    "meter-bad-range.yaml": ("HR032", ERROR),
    "too-many-meters.yaml": ("HR033", ERROR),
    "score-unknown-dimension.yaml": ("HR040", ERROR),
    "code-unknown.yaml": ("HR041", ERROR),
    "score-not-integer.yaml": ("HR042", ERROR),
    "asset-leaves-assets.yaml": ("HR050", ERROR),
    "asset-leaves-assets-absolute.yaml": ("HR050", ERROR),
    "asset-missing.yaml": ("HR051", WARNING),
    "no-ending-reachable.yaml": ("HR060", ERROR),
    "node-unreachable.yaml": ("HR061", WARNING),
    "choice-no-feedback.yaml": ("HR062", WARNING),
    "choice-no-score.yaml": ("HR063", WARNING),
    "required-dimension-best-zero.yaml": ("HR064", WARNING),
    "choice-no-codes.yaml": ("HR065", WARNING),
    "all-choices-conditional.yaml": ("HR066", WARNING),
    "continue-loop.yaml": ("HR067", ERROR),
    "near-duplicate-options.yaml": ("HR120", WARNING),
    "required-dimension-not-assessed.yaml": ("HR121", WARNING),
    "verdict-left-out.yaml": ("HR127", WARNING),
    "choice-without-safety-verdict.yaml": ("HR128", WARNING),
    "safety-not-earnable.yaml": ("HR129", WARNING),
    "duplicate-id-across-folder": ("HR070", ERROR),
    "rubric-invalid": ("HR090", ERROR),
    "control-character-in-text.yaml": ("HR100", ERROR),
    "text-invisible.yaml": ("HR101", ERROR),
    "number-out-of-range.yaml": ("HR102", ERROR),
    "generated:continue-run-too-long": ("HR103", ERROR),
    "player-trapped.yaml": ("HR104", ERROR),
    "condition-never-holds.yaml": ("HR105", WARNING),
    "next-entry-never-followed.yaml": ("HR106", WARNING),
    "generated:asset-symlink-leaves-assets": ("HR107", ERROR),
    "generated:picture-too-large": ("HR052", ERROR),
    "generated:picture-not-readable": ("HR053", WARNING),
}


def _materialise(name: str, tmp_path: Path) -> tuple[Path, dict[Path, set[int]]]:
    """The path to validate, and for each file where problems are expected, the expected lines."""
    if name == "generated:file-not-found":
        # A dangling symlink in a folder: the walk lists it, reading it fails.
        folder = tmp_path / "lib"
        folder.mkdir()
        link = folder / "gone.yaml"
        os.symlink(tmp_path / "no-such-target.yaml", link)
        return folder, {link: {0}}
    if name == "generated:file-too-large":
        p = tmp_path / "file-too-large.yaml"
        filler = "# " + "x" * 97 + "\n"
        p.write_text("format: 1\nid: file-too-large\n" + filler * (1024 * 1024 // len(filler) + 1))
        return p, {p: {0}}
    if name == "generated:continue-run-too-long":
        # One more continue node in a row than the session passes without a decision.
        from hrtraining.engine._limits import MAX_CONTINUE_RUN
        p = tmp_path / "continue-run-too-long.yaml"
        n = MAX_CONTINUE_RUN + 1
        chain = "".join(f"  c{k}:\n    text: Step {k}.\n    next: {f'c{k + 1}' if k + 1 < n else 'done'}\n"
                        for k in range(n))
        p.write_text("format: 1\nid: continue-run-too-long\ntitle: Long run\nclient: {name: Sam}\nstart: opening\n"
                     "nodes:\n" + ONE_DECISION_NODES.split("nodes:\n", 1)[1].replace("next: done", "next: c0")
                     + chain, encoding="utf-8")
        return p, {p: {p.read_text().splitlines().index("  c0:") + 1}}
    if name == "generated:asset-symlink-leaves-assets":
        # An assets folder that is a link to the root of the disk: the portrait path is
        # written inside assets/, but the file it names is not (symlinks are not
        # committed to the repository, so the link is made here).
        os.symlink("/", tmp_path / "assets")
        p = tmp_path / "asset-symlink-leaves-assets.yaml"
        p.write_text((INVALID / "asset-missing.yaml").read_text(encoding="utf-8")
                     .replace("portraits/nobody-by-this-name.png", "etc/hosts"), encoding="utf-8")
        return p, {p: {6}}
    if name in ("generated:picture-too-large", "generated:picture-not-readable"):
        # Pictures are binary and a bomb should not sit in the repository: written here.
        picture = tmp_path / "assets" / "portraits" / "sam.png"
        picture.parent.mkdir(parents=True)
        picture.write_bytes(png_bytes(60000, 1) if name.endswith("large") else b"not a picture")
        p = tmp_path / f"{name.split(':')[1]}.yaml"
        p.write_text((INVALID / "asset-missing.yaml").read_text(encoding="utf-8")
                     .replace("portraits/nobody-by-this-name.png", "portraits/sam.png"), encoding="utf-8")
        return p, {p: {6}}
    target = INVALID / name
    expected: dict[Path, set[int]] = {}
    files = sorted(target.rglob("*.yaml")) if target.is_dir() else [target]
    for f in files:
        text = f.read_bytes().decode("utf-8", errors="replace")
        lines = {i for i, line in enumerate(text.splitlines(), 1) if MARK_RE.search(line)}
        if lines:
            expected[f] = lines
    if name == "empty-file.yaml":
        expected = {target: {0}}  # a file-wide problem has line 0
    assert expected, f"fixture {name} has no '# expect HRxxx' marker"
    return target, expected


@pytest.mark.parametrize("name", list(CASES))
def test_fixture_yields_exactly_its_code(name, tmp_path, cli):
    code, severity = CASES[name]
    target, expected = _materialise(name, tmp_path)
    rc, out, err = cli("validate", "--no-cache", target)
    problem_lines = [LINE_RE.match(line) for line in out.splitlines()]
    assert out.strip(), f"validate printed nothing for {name}"
    assert all(problem_lines), f"not every output line is FILE:LINE:COL: severity CODE: message:\n{out}"
    assert {m["code"] for m in problem_lines} == {code}, out
    assert {m["sev"] for m in problem_lines} == {severity}, out
    got: dict[str, set[int]] = {}
    for m in problem_lines:
        got.setdefault(m["file"], set()).add(int(m["line"]))
    assert {Path(k): v for k, v in got.items()} == expected, out
    if severity == ERROR:
        assert rc == 1
        assert "failed" in err
    else:
        assert rc == 0
        assert cli("validate", "--no-cache", "--strict", target)[0] == 1
    # The same verdict through the library call, without the command line.
    results = check_paths([target])
    assert {p.code for r in results for p in r.problems} == {code}


def test_every_fixture_is_in_the_table():
    """Every fixture file and folder in tests/fixtures/invalid is in the table (no orphans)."""
    on_disk = {p.name for p in INVALID.iterdir() if not p.name.startswith(".")}
    in_table = {n for n in CASES if not n.startswith("generated:")}
    assert on_disk == in_table


def _engine_codes() -> set[str]:
    """Every string literal that is exactly a code (HRnnn) in hrtraining/engine/*.py."""
    codes = set()
    for f in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and re.fullmatch(r"HR\d{3}", node.value):
                codes.add(node.value)
    return codes


def test_every_engine_code_has_a_fixture():
    from test_analyze_codes import ANALYZE_CASES  # codes only `hrtraining analyze` reports

    used = _engine_codes()
    assert len(used) >= 30  # sanity: the grep found the codes
    covered = {code for code, _ in CASES.values()} | set(ANALYZE_CASES.values())
    assert used - covered == set(), "codes without a fixture in tests/fixtures/invalid"
    assert covered - used == set(), "fixtures for codes the engine no longer emits"


def test_grep_agrees_with_ast():
    """The plain grep the brief asks for finds the same codes (outside comments)."""
    grepped = set()
    for f in ENGINE.glob("*.py"):
        for line in f.read_text(encoding="utf-8").splitlines():
            code_part = line.split("#", 1)[0]
            grepped |= set(re.findall(r"[\"'](HR\d\d\d)[\"']", code_part))
    assert grepped == _engine_codes()


@pytest.mark.xfail(not AUTHORING.exists(), reason="docs/authoring.md is not written yet", strict=False)
def test_every_code_is_documented():
    doc = AUTHORING.read_text(encoding="utf-8")
    missing = sorted(c for c in _engine_codes() if c not in doc)
    assert missing == []


def test_alias_bomb_is_refused_quickly(rubric):
    t = time.perf_counter()
    r = check_file(INVALID / "alias-bomb.yaml", rubric)
    assert time.perf_counter() - t < 2.0
    assert [p.code for p in r.problems] == ["HR006"]
    assert "expands to more than" in r.problems[0].message


def test_python_tag_runs_nothing(tmp_path, rubric):
    """The committed fixture names /tmp/pwned; a copy names a file in tmp_path, so the check is exact."""
    pwned = Path("/tmp/pwned")
    existed = pwned.exists()
    r = check_file(INVALID / "python-tag.yaml", rubric)
    assert [p.code for p in r.problems] == ["HR006"]
    assert "!!python/object/apply:os.system" in r.problems[0].message
    if not existed:
        assert not pwned.exists()
    sentinel = tmp_path / "pwned"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system",
                "!!python/name:os.system", "!python/object/apply:os.system"):
        copy = tmp_path / "copy.yaml"
        copy.write_text((INVALID / "python-tag.yaml").read_text()
                        .replace("!!python/object/apply:os.system", tag).replace("/tmp/pwned", str(sentinel)))
        r = check_file(copy, rubric)
        assert [p.code for p in r.problems] == ["HR006"], tag
        assert not sentinel.exists()


@pytest.mark.parametrize("name,needle", [
    ("unknown-key.yaml", "Did you mean 'summary'?"),
    ("next-unknown-target.yaml", "Did you mean 'done'?"),
    ("start-unknown.yaml", "Did you mean 'opening'?"),
    ("meter-unknown.yaml", "Did you mean 'trust'?"),
    ("score-unknown-dimension.yaml", "Did you mean 'recognizing_improvement'?"),
    ("code-unknown.yaml", "Did you mean 'affirm'?"),
])
def test_did_you_mean(name, needle, rubric):
    (p,) = check_file(INVALID / name, rubric).problems
    assert needle in p.message


@pytest.mark.parametrize("name,line,col", [
    ("condition-syntax.yaml", 18, 19),  # the '=' itself: value column 13 + offset 6
    ("yaml-syntax.yaml", 10, 23),       # the second colon
    ("not-utf8.yaml", 3, 11),           # the byte that is not UTF-8
    ("duplicate-key.yaml", 16, 9),      # the second 'next'
    ("next-unknown-target.yaml", 11, 15),
    ("meter-bad-range.yaml", 6, 18),
    ("top-level-not-mapping.yaml", 1, 1),
])
def test_columns(name, line, col, rubric):
    (p,) = check_file(INVALID / name, rubric).problems
    assert (p.line, p.column) == (line, col)


def test_empty_file_of_zero_bytes(write_scenario, rubric):
    (p,) = check_file(write_scenario(b""), rubric).problems
    assert (p.code, p.line, p.column) == ("HR004", 0, 0)


def test_a_broken_file_never_stops_the_others(tmp_path, rubric):
    lib = tmp_path / "lib"
    lib.mkdir()
    for name in ("alias-bomb.yaml", "yaml-syntax.yaml", "not-utf8.yaml", "python-tag.yaml"):
        (lib / name).write_bytes((INVALID / name).read_bytes())
    (lib / "z-good.yaml").write_bytes((INVALID.parent / "valid" / "golden.yaml").read_bytes())
    results = {Path(r.path).name: r for r in check_paths([lib], rubric)}
    assert len(results) == 5
    assert results["z-good.yaml"].ok and results["z-good.yaml"].problems == []
    assert all(not r.ok for n, r in results.items() if n != "z-good.yaml")
