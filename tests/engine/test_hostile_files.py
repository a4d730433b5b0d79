"""A file that ``validate`` accepts must play without an exception.

Each test is named after a failure a hostile-author audit found (every one reproduced
on the code before these fixes), or after the rule that now prevents it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hrtraining.engine import (Session, check_file, check_paths, iter_checked, load_scenario,
                               resolve_asset, scenario_files)
from hrtraining.engine import _library
from hrtraining.engine._limits import MAX_CONTINUE_RUN

from _helpers import ONE_DECISION_NODES

HEAD = "format: 1\nid: t\ntitle: T\nclient: {name: Sam}\n"
GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"


def codes(path, rubric) -> list[str]:
    return [p.code for p in check_file(path, rubric).problems]


def with_choice_text(text: str) -> str:
    return HEAD + ONE_DECISION_NODES.replace("That's a real change.", text)


# -- one bad file never takes down a folder ------------------------------------------------

NUL_PORTRAIT = HEAD.replace("client: {name: Sam}", 'client: {name: Sam, portrait: "x\\0"}') + ONE_DECISION_NODES


def test_nul_in_portrait_path_is_a_problem_not_a_value_error(write_scenario, rubric):
    assert codes(write_scenario(NUL_PORTRAIT), rubric) == ["HR100"]


@pytest.mark.parametrize("rel", ["x\0", "a/\0/b.png", "\0"])
def test_resolve_asset_never_raises(rel, tmp_path):
    assert resolve_asset(str(tmp_path / "s.yaml"), rel) is None
    assert resolve_asset(str(tmp_path / "s\0.yaml"), "portraits/ray.png") is None


def test_nul_portrait_file_does_not_mark_its_folder_broken(tmp_path, rubric):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a-nul.yaml").write_text(NUL_PORTRAIT, encoding="utf-8")
    (lib / "b-golden.yaml").write_bytes(GOLDEN.read_bytes())
    results = {Path(r.path).name: r for r in check_paths([lib], rubric)}
    assert [p.code for p in results["a-nul.yaml"].problems] == ["HR100"]
    assert results["b-golden.yaml"].ok and results["b-golden.yaml"].problems == []


def test_an_unexpected_error_in_one_file_is_that_files_problem(tmp_path, rubric, monkeypatch):
    """Even a bug of ours while checking one file becomes HR000 for that file only."""
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "a-bad.yaml").write_text(HEAD + ONE_DECISION_NODES.replace("I cut down.", "BOOM"), encoding="utf-8")
    (lib / "b-golden.yaml").write_bytes(GOLDEN.read_bytes())
    real = _library._scan

    def scan(path, data, *a, **k):
        if b"BOOM" in data:
            raise RuntimeError("a bug")
        return real(path, data, *a, **k)

    monkeypatch.setattr(_library, "_scan", scan)
    results = list(iter_checked([lib], rubric))
    assert [(Path(r.path).name, r.ok) for r in results] == [("a-bad.yaml", False), ("b-golden.yaml", True)]
    (p,) = results[0].problems
    assert p.code == "HR000" and "RuntimeError: a bug" in p.message


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="POSIX permissions, not as root")
def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, rubric):
    lib = tmp_path / "lib"
    (lib / "locked").mkdir(parents=True)
    (lib / "a.yaml").write_bytes(GOLDEN.read_bytes())
    (lib / "locked").chmod(0)
    try:
        results = check_paths([lib], rubric)
    finally:
        (lib / "locked").chmod(0o700)
    assert [r.ok for r in results] == [True, False]
    assert results[1].path == str(lib / "locked") and results[1].problems[0].code == "HR000"
    assert "cannot list this folder" in results[1].problems[0].message


def test_a_path_with_a_nul_is_reported(rubric):
    (r,) = check_paths(["lib\0/x.yaml"], rubric)
    assert [p.code for p in r.problems] == ["HR000"]
    assert scenario_files(["a\0b"]) == ["a\0b"]


# -- text the game cannot draw ---------------------------------------------------------------

@pytest.mark.parametrize("field,snippet", [
    ("title", 'title: "T\\0"'),
    ("summary", 'summary: "S\\0"'),
    ("client name", 'client: {name: "Sam\\0"}'),
    ("client about", 'client: {name: Sam, about: "x\\0"}'),
    ("client shorthand", 'client: "Sam\\0"'),
    ("setting", 'setting: "office\\0"'),
    ("tags", 'tags: ["a\\0"]'),
    ("content notes", 'content_notes: "x\\0"'),
    ("meter label", 'meters: {trust: {start: 0, label: "T\\0"}}'),
])
def test_nul_in_any_top_level_text_is_refused(field, snippet, write_scenario, rubric):
    key = snippet.split(":")[0] + ":"
    text = HEAD + ONE_DECISION_NODES
    text = "\n".join(snippet if line.startswith(key) else line for line in text.splitlines()) + "\n"
    if not any(line.startswith(key) for line in (HEAD + ONE_DECISION_NODES).splitlines()):
        text = HEAD + snippet + "\n" + ONE_DECISION_NODES
    assert codes(write_scenario(text), rubric) == ["HR100"], field


@pytest.mark.parametrize("old,new", [
    ("    text: I cut down.", '    text: "I cut\\0 down."'),
    ("    text: I cut down.", '    lines:\n      - client: "I cut\\0 down."'),
    ("    text: I cut down.", '    lines:\n      - "Sam\\0": I cut down.'),
    ("    text: I cut down.", '    text: I cut down.\n    discussion: "Why?\\0"'),
    ("        feedback: You named the step.", '        feedback: "You named\\0 the step."'),
    ("    ending: {title: Done}", '    ending: {title: "Done\\0", debrief: ok}'),
    ("    ending: {title: Done}", '    ending: {title: Done, debrief: "ok\\0"}'),
    ("    ending: {title: Done}", '    ending: "Done\\0"'),
    ("  done:", '  "done\\0":\n    ending: {title: D}\n  done:'),
])
def test_nul_in_any_node_text_is_refused(old, new, write_scenario, rubric):
    text = HEAD + ONE_DECISION_NODES.replace(old, new)
    assert codes(write_scenario(text), rubric) == ["HR100"]


def test_nul_in_choice_text_is_refused(write_scenario, rubric):
    assert codes(write_scenario(with_choice_text('"A real\\0 change."')), rubric) == ["HR100"]


@pytest.mark.parametrize("text", ['"\\u200b"', '"\\u200b\\u200d \\u2060"', '"\\u202e"', '"\\u00ad"', '"\\u2060\\u2061"',
                                  '"\\u0301"', '"\\U000e0001"', '"\\u3164"'])
def test_choice_text_that_is_only_invisible_characters_is_refused(text, write_scenario, rubric):
    """pygame raises "Text has zero width" for text that draws nothing."""
    assert codes(write_scenario(with_choice_text(text)), rubric) == ["HR101"]


@pytest.mark.parametrize("text", ['"Line one\\nline two"', '"Tab\\tinside"', '"Zero\\u200bwidth inside"',
                                  '"مرحبا \\u200fبك"', '"A 👋 wave"', "'x' ", '"\\u05d0\\u202eabc"'])
def test_visible_running_text_is_fine(text, write_scenario, rubric):
    assert codes(write_scenario(with_choice_text(text)), rubric) == []


@pytest.mark.parametrize("title", ['"Two\\nlines"', '"Tab\\there"', '"CR\\rhere"'])
def test_line_breaks_in_one_line_text_are_refused(title, write_scenario, rubric):
    (p,) = check_file(write_scenario(HEAD.replace("title: T", f"title: {title}") + ONE_DECISION_NODES),
                      rubric).problems
    assert p.code == "HR100"


@pytest.mark.parametrize("snippet", [
    'title: "Line\\u2028separator"', 'title: "Para\\u2029separator"', 'tags: ["al\\u2028cohol"]',
    'setting: "off\\u2028ice"', 'meters: {trust: {start: 1, min: 0, max: 5, label: "Tr\\u2029ust"}}',
    'content_notes: ["vio\\u2028lence"]'])
def test_unicode_line_separators_in_one_line_fields_are_refused(snippet, write_scenario, rubric):
    """The docs said HR100 refuses line breaks in one-line text, but U+2028/U+2029 passed."""
    text = HEAD.replace("title: T\n", "") if "title:" in snippet else HEAD
    (p,) = check_file(write_scenario(text + snippet + "\n" + ONE_DECISION_NODES), rubric).problems
    assert p.code == "HR100" and "a line break (U+202" in p.message, p.message


def test_unicode_line_separators_in_running_text_are_fine(write_scenario, rubric):
    assert codes(write_scenario(with_choice_text('"One\\u2028two\\u2029three"')), rubric) == []


@pytest.mark.parametrize("nid", ['"done\\u200b"', '"done\\u202e"', '"a\\tb"'])
def test_invisible_characters_in_node_ids_are_refused(nid, write_scenario, rubric):
    text = HEAD + ONE_DECISION_NODES.replace("  done:", f"  {nid}:\n    ending: {{title: D}}\n  done:")
    assert codes(write_scenario(text), rubric) == ["HR100"]


# -- numbers the session and the store cannot handle ---------------------------------------

@pytest.mark.parametrize("snippet", [
    "score: {recognizing_improvement: " + "-1" + "0" * 400 + ", avoiding_perfectionism: 1}",
    f"score: {{recognizing_improvement: {2 ** 63}, avoiding_perfectionism: 1}}",
    "score: {recognizing_improvement: 101, avoiding_perfectionism: 1}",
])
def test_score_out_of_range_is_refused(snippet, write_scenario, rubric):
    text = HEAD + ONE_DECISION_NODES.replace("score: {recognizing_improvement: 1, avoiding_perfectionism: 1}",
                                             snippet)
    assert codes(write_scenario(text), rubric) == ["HR102"]


@pytest.mark.parametrize("meters", [
    "{trust: {start: 0, min: 0, max: 1000001}}", "{trust: {start: 0, min: -1000001, max: 5}}",
    "{trust: 2000000}",
])
def test_meter_out_of_range_is_refused(meters, write_scenario, rubric):
    assert codes(write_scenario(HEAD + f"meters: {meters}\n" + ONE_DECISION_NODES), rubric) == ["HR102"]


def test_effect_out_of_range_is_refused(write_scenario, rubric):
    text = HEAD + "meters: {trust: 0}\n" + ONE_DECISION_NODES.replace(
        "        codes: [affirm]", "        codes: [affirm]\n        effects: {trust: 1000001}")
    assert codes(write_scenario(text), rubric) == ["HR102"]


def test_largest_allowed_numbers_play(write_scenario, rubric):
    text = HEAD + "meters: {trust: {start: -1000000, min: -1000000, max: 1000000}}\n" + ONE_DECISION_NODES.replace(
        "score: {recognizing_improvement: 1, avoiding_perfectionism: 1}",
        "score: {recognizing_improvement: 100, avoiding_perfectionism: -100}\n        effects: {trust: 1000000}")
    sc = load_scenario(write_scenario(text), rubric)
    s = Session(sc, rubric)
    s.choose(0)
    report = s.report()
    assert report.scores["recognizing_improvement"].points == 100 and s.meters["trust"] == 0


# -- runs of continue nodes: the validator and the session agree ----------------------------

def continue_run(n: int) -> str:
    chain = "".join(f"  c{k}: {{next: {f'c{k + 1}' if k + 1 < n else 'done'}}}\n" for k in range(n))
    return HEAD + ONE_DECISION_NODES.replace("next: done", "next: c0") + chain


def test_a_long_run_of_continue_nodes_is_refused_by_validate(write_scenario, rubric):
    """10,500 continue nodes in a row passed validate but stopped the game at run time (its
    limit was then 10,000; the audit used 40,000)."""
    (p,) = check_file(write_scenario(continue_run(10_500)), rubric).problems
    assert p.code == "HR103" and "10,500 continue nodes" in p.message


def test_a_run_at_the_limit_plays_every_way(write_scenario, rubric):
    path = write_scenario(continue_run(MAX_CONTINUE_RUN))
    assert codes(path, rubric) == []
    sc = load_scenario(path, rubric)
    s = Session(sc, rubric)
    s.choose(0)
    while not s.finished:
        s.advance()
    s = Session(sc, rubric)
    s.choose(0)
    s.skip_to_decision()
    assert s.finished
    assert Session.replay(sc, rubric, [("opening", 0)]).state.node == "c0"
    assert codes(write_scenario(continue_run(MAX_CONTINUE_RUN + 1)), rubric) == ["HR103"]


# -- the player is never trapped ----------------------------------------------------------

TRAP = HEAD + "meters: {trust: {start: 2, min: 0, max: 5}}\n" + ONE_DECISION_NODES.replace(
    "next: done", "next: round").replace("  done:\n", """\
  round:
    text: Again?
    next:
      - if: trust > 5
        next: done
      - next: opening
  done:
""")


def test_the_only_exit_guarded_by_an_impossible_condition_is_refused(write_scenario, rubric):
    (p,) = check_file(write_scenario(TRAP), rubric).problems
    assert p.code == "HR104" and p.is_error
    assert "trust > 5" in p.message and "from node 'opening' (trust 2; at the start)" in p.message


# -- assets --------------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")
def test_an_assets_folder_linked_to_the_root_is_refused(tmp_path, write_scenario, rubric):
    os.symlink("/", tmp_path / "assets")
    path = write_scenario(HEAD.replace("client: {name: Sam}", "client: {name: Sam, portrait: etc/hosts}")
                          + ONE_DECISION_NODES)
    assert resolve_asset(str(path), "etc/hosts") is None
    assert codes(path, rubric) == ["HR107"]
