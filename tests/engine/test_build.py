"""The builder: what it accepts, what it reports, and where."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hrtraining.engine import (CLIENT, NARRATOR, YOU, ScenarioError, check_file, load_scenario,
                               resolve_asset)
from hrtraining.engine._build import did_you_mean

from _helpers import ONE_DECISION_NODES, png_bytes

HEAD = """\
format: 1
id: t
title: T
client: {name: Sam}
"""
TAIL = ONE_DECISION_NODES


def codes_of(path, rubric):
    return [p.code for p in check_file(path, rubric).problems]


def test_minimal_scenario_is_clean(write_scenario, rubric):
    r = check_file(write_scenario(HEAD + TAIL), rubric)
    assert r.problems == [] and r.ok
    sc = r.scenario
    assert sc.id == "t" and sc.start == "opening" and list(sc.nodes) == ["opening", "done"]
    assert sc.nodes["opening"].kind == "choice" and sc.nodes["done"].kind == "ending"
    assert sc.nodes["opening"].lines[0].speaker == CLIENT
    assert r.stats == {"nodes": 2, "decisions": 1, "choices": 1, "endings": 1, "longest_decisions": 1}


def test_loaded_scenario_is_read_only(write_scenario, rubric):
    sc = load_scenario(write_scenario(HEAD + TAIL), rubric)
    with pytest.raises(TypeError):
        sc.nodes["x"] = None  # type: ignore[index]
    with pytest.raises(TypeError):
        sc.nodes["opening"].choices[0].score["recognizing_improvement"] = 9  # type: ignore[index]


def test_load_scenario_raises_with_every_problem(rubric):
    invalid = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"
    with pytest.raises(ScenarioError) as e:
        load_scenario(invalid / "no-ending-reachable.yaml", rubric)
    assert [p.code for p in e.value.problems] == ["HR060", "HR060"]
    assert "(and 1 more)" in str(e.value)


def test_speakers_and_lines(write_scenario, rubric):
    text = HEAD + TAIL.replace("    text: I cut down.\n", """\
    lines:
      - narrator: Sam sits.
      - client: I cut down.
      - you: Tell me.
      - Sam's sister: He did.
      - client: 1984
""")
    sc = load_scenario(write_scenario(text), rubric)
    lines = sc.nodes["opening"].lines
    assert [l.speaker for l in lines] == [NARRATOR, CLIENT, YOU, "Sam's sister", CLIENT]
    assert lines[-1].text == "1984"
    assert [sc.speaker_name(l.speaker) for l in lines] == ["", "Sam", "You", "Sam's sister", "Sam"]


def test_numbers_are_accepted_as_text(write_scenario, rubric):
    sc = load_scenario(write_scenario(HEAD.replace("title: T", "title: 1984") + TAIL), rubric)
    assert sc.title == "1984"


def test_client_as_plain_text(write_scenario, rubric):
    sc = load_scenario(write_scenario(HEAD.replace("client: {name: Sam}", "client: Sam") + TAIL), rubric)
    assert sc.client.name == "Sam"


def test_meter_shorthand_and_defaults(write_scenario, rubric):
    text = HEAD + "meters:\n  trust: 3\n  hope: {max: 4}\n  big_mood: {start: 1, label: Mood}\n" + TAIL
    sc = load_scenario(write_scenario(text), rubric)
    t, h, b = sc.meters["trust"], sc.meters["hope"], sc.meters["big_mood"]
    assert (t.start, t.min, t.max, t.label) == (3, 0, 10, "Trust")
    assert (h.start, h.min, h.max, h.label) == (0, 0, 4, "Hope")
    assert (b.start, b.label) == (1, "Mood")
    assert t.clamp(-5) == 0 and t.clamp(99) == 10 and t.clamp(4) == 4


@pytest.mark.parametrize("meters,code", [
    ("  trust: {start: 1, min: 5, max: 2}\n", "HR032"),
    ("  bad-name: {start: 1}\n", "HR032"),
    ("  trust: {start: 1, min: 0, max: 5, colour: red}\n", "HR013"),
    ("  trust: {start: one}\n", "HR014"),
    ("  trust: [1, 2]\n", "HR014"),
])
def test_meter_problems(meters, code, write_scenario, rubric):
    assert codes_of(write_scenario(HEAD + "meters:\n" + meters + TAIL), rubric) == [code]


def test_meters_not_a_mapping(write_scenario, rubric):
    assert codes_of(write_scenario(HEAD + "meters: [trust]\n" + TAIL), rubric) == ["HR014"]


@pytest.mark.parametrize("snippet,code", [
    ("        codes: [{affirm: 1}]\n", "HR041"),   # a mapping is not a code
    ("        codes: [[affirm]]\n", "HR041"),
    ("        codes: [1]\n", "HR041"),
    ("        codes: {affirm: 1}\n", "HR014"),
])
def test_codes_that_are_not_text(snippet, code, write_scenario, rubric):
    """A code that is a mapping or list once crashed the builder (unhashable) instead of reporting."""
    text = HEAD + TAIL.replace("        codes: [affirm]\n", snippet)
    assert codes_of(write_scenario(text), rubric) == [code]  # not also "has no codes": it has, wrongly


def test_codes_as_one_text(write_scenario, rubric):
    sc = load_scenario(write_scenario(HEAD + TAIL.replace("codes: [affirm]", "codes: affirm")), rubric)
    assert sc.nodes["opening"].choices[0].codes == ("affirm",)


@pytest.mark.parametrize("ending", ['""', "''", "'   '", "{title: ''}", "{}", "null"])
def test_an_ending_needs_a_title(ending, write_scenario, rubric):
    """``ending: ""`` once built an ending with no title and no error."""
    text = HEAD + TAIL.replace("    ending: {title: Done}", f"    ending: {ending}")
    assert "HR027" in codes_of(write_scenario(text), rubric)


def test_ending_as_plain_title(write_scenario, rubric):
    sc = load_scenario(write_scenario(HEAD + TAIL.replace("{title: Done}", "Sam leaves")), rubric)
    assert sc.nodes["done"].ending.title == "Sam leaves"


def test_every_message_is_one_line(write_scenario, rubric, cli):
    """A message with a newline breaks the FILE:LINE:COL: format editors read line by line."""
    text = HEAD + TAIL.replace("    text: I cut down.\n", "    lines: I cut down.\n")
    p = write_scenario(text)
    problems = check_file(p, rubric).problems
    assert [x.code for x in problems] == ["HR014"]
    assert "\n" not in problems[0].message
    rc, out, _ = cli("validate", "--no-cache", p)
    assert len(out.splitlines()) == 1


def test_broken_node_referenced_is_not_also_missing(write_scenario, rubric):
    text = HEAD + TAIL.replace("  done:\n    ending: {title: Done}\n", "  done:\n    text: Hm.\n")
    assert codes_of(write_scenario(text), rubric) == ["HR022"]


def test_non_text_node_ids_are_text(write_scenario, rubric):
    text = HEAD + TAIL.replace("next: done", "next: 7").replace("  done:", "  7:")
    sc = load_scenario(write_scenario(text), rubric)
    assert "7" in sc.nodes


@pytest.mark.parametrize("first,second", [("7", '"7"'), ('"7"', "7"), ("7", "'7'")])
def test_node_ids_that_are_the_same_text_are_a_duplicate(first, second, write_scenario, rubric):
    """``1:`` and ``"1":`` are two YAML keys but one node id: once the second silently replaced
    the first."""
    text = HEAD + TAIL.replace("next: done", "next: 7") + f"""\
  {first}:
    ending: {{title: First}}
  {second}:
    ending: {{title: Second}}
"""
    problems = check_file(write_scenario(text), rubric).problems
    assert [p.code for p in problems] == ["HR005"]
    line = text.splitlines().index(f"  {second}:") + 1
    assert (problems[0].line, problems[0].column) == (line, 3)
    assert f"first at line {line - 2}" in problems[0].message


def test_next_list_entry_without_if_before_the_last(write_scenario, rubric):
    text = HEAD + "meters: {trust: 2}\n" + TAIL.replace("next: done", "next: after") + """\
  after:
    next:
      - next: done
      - if: trust > 1
        next: done
      - next: done
"""
    assert codes_of(write_scenario(text), rubric) == ["HR025"]


@pytest.mark.parametrize("snippet", ["    next: []\n", "    next: {if: trust > 1}\n", "    next:\n      - done\n"])
def test_next_wrong_shape(snippet, write_scenario, rubric):
    text = HEAD + "meters: {trust: 2}\n" + TAIL.replace("next: done", "next: after") + "  after:\n" + snippet
    assert "HR014" in codes_of(write_scenario(text), rubric)


def test_condition_column_in_a_next_list(write_scenario, rubric):
    text = HEAD + "meters: {trust: 2}\n" + TAIL.replace("next: done", "next: after") + """\
  after:
    next:
      - if: trust >> 1
        next: done
      - next: done
"""
    # A broken 'if' is reported once, as HR030, not also as a missing 'if' (HR025).
    (p,) = check_file(write_scenario(text), rubric).problems
    line = text.splitlines().index("      - if: trust >> 1") + 1
    assert (p.code, p.line, p.column) == ("HR030", line, 20)  # at the second '>'


def test_condition_not_text(write_scenario, rubric):
    text = HEAD + TAIL.replace("        feedback: You named the step.\n",
                               "        feedback: You named the step.\n        if: 3\n")
    assert "HR030" in codes_of(write_scenario(text), rubric)


def test_condition_on_unknown_meter(write_scenario, rubric):
    text = HEAD + "meters: {trust: 2}\n" + TAIL.replace(
        "        feedback: You named the step.\n", "        feedback: You named the step.\n        if: trsut > 1\n")
    (p,) = [x for x in check_file(write_scenario(text), rubric).problems if x.is_error]
    assert p.code == "HR031" and "Did you mean 'trust'?" in p.message


@pytest.mark.parametrize("top,code", [
    ("format: '1'", "HR011"),
    ("format: true", "HR011"),
    ("format: 1.0", "HR011"),  # 1.0 == 1 in Python, but the format is the whole number 1
    ("format: 1", None),
])
def test_format_values(top, code, write_scenario, rubric):
    found = codes_of(write_scenario(HEAD.replace("format: 1", top) + TAIL), rubric)
    assert found == ([code] if code else [])


def test_missing_format_nodes_client_title(write_scenario, rubric):
    text = "id: t\nstart: opening\n"
    found = codes_of(write_scenario(text), rubric)
    assert found.count("HR012") == 3 and found.count("HR011") == 1  # client, title, nodes; format


def test_windows_style_asset_paths_leave_assets(write_scenario, rubric):
    for portrait in ("C:/Windows/x.png", "..\\..\\x.png", "\\\\server\\x.png"):
        text = HEAD.replace("client: {name: Sam}", f"client: {{name: Sam, portrait: '{portrait}'}}") + TAIL
        assert codes_of(write_scenario(text), rubric) == ["HR050"], portrait


def test_project_assets_are_found(write_scenario, rubric):
    text = HEAD.replace("client: {name: Sam}", "client: {name: Sam, portrait: portraits/ray.png}") + TAIL
    assert codes_of(write_scenario(text), rubric) == []


def test_asset_beside_the_scenario(tmp_path, write_scenario, rubric):
    (tmp_path / "assets" / "portraits").mkdir(parents=True)
    (tmp_path / "assets" / "portraits" / "sam.png").write_bytes(png_bytes(4, 5))
    p = write_scenario(HEAD.replace("client: {name: Sam}", "client: {name: Sam, portrait: portraits/sam.png}") + TAIL)
    assert codes_of(p, rubric) == []
    assert resolve_asset(str(p), "portraits/sam.png") == (tmp_path / "assets/portraits/sam.png").resolve()


def test_symlink_out_of_assets_is_not_an_asset(tmp_path, write_scenario, rubric):
    (tmp_path / "assets").mkdir()
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"png")
    os.symlink(secret, tmp_path / "assets" / "link.png")
    p = write_scenario(HEAD.replace("client: {name: Sam}", "client: {name: Sam, portrait: link.png}") + TAIL)
    assert resolve_asset(str(p), "link.png") is None
    assert codes_of(p, rubric) == ["HR107"]  # an error now: the game will not open it


def test_a_link_inside_assets_to_a_file_inside_assets_is_fine(tmp_path, write_scenario, rubric):
    (tmp_path / "assets" / "portraits").mkdir(parents=True)
    (tmp_path / "assets" / "portraits" / "sam.png").write_bytes(png_bytes(4, 5))
    os.symlink(tmp_path / "assets" / "portraits" / "sam.png", tmp_path / "assets" / "current.png")
    p = write_scenario(HEAD.replace("client: {name: Sam}", "client: {name: Sam, portrait: current.png}") + TAIL)
    assert codes_of(p, rubric) == []
    assert resolve_asset(str(p), "current.png") == (tmp_path / "assets/portraits/sam.png").resolve()


@pytest.mark.parametrize("rel", ["", "/etc/passwd", "../x", "a/../../x", "C:x", "\\x"])
def test_resolve_asset_refuses(rel, tmp_path):
    assert resolve_asset(str(tmp_path / "s.yaml"), rel) is None


def test_did_you_mean():
    assert did_you_mean("dnoe", ["done", "opening"]) == " Did you mean 'done'?"
    assert did_you_mean("zzz", ["done", "opening"]) == ""
    assert did_you_mean(5, ["5a"]) == " Did you mean '5a'?"  # non-text words are compared as text


@pytest.mark.parametrize("text", ["~\n", "null\n", "---\n...\n", "--- ~\n", "42\n", "just text\n"])
def test_a_document_that_is_not_a_mapping(text, write_scenario, rubric):
    """A file holding only `~` once passed validation with no problem at all."""
    r = check_file(write_scenario(text), rubric)
    assert [p.code for p in r.problems] == ["HR010"]
    assert not r.ok


def _continue_graph(nodes: str) -> str:
    """A scenario whose opening decision leads to 'a'; ``nodes`` follow, then 'done'."""
    return HEAD + "meters: {trust: 0}\n" + TAIL.replace("next: done", "next: a").replace(
        "  done:\n", nodes + "  done:\n")


@pytest.mark.parametrize("nodes,loops", [
    # a continue node that leads to itself
    ("  a:\n    next:\n      - if: trust > 3\n        next: done\n      - next: a\n", ["'a' -> 'a'"]),
    # three nodes, entered in the middle of the file's order: reported at the first in the file
    ("  a:\n    next: c\n  b:\n    next:\n      - if: trust > 3\n        next: done\n      - next: a\n"
     "  c:\n    next: b\n", ["'a' -> 'c' -> 'b' -> 'a'"]),
    # two separate loops: two problems
    ("  a:\n    next:\n      - if: trust > 3\n        next: b\n      - next: a\n"
     "  b:\n    next:\n      - if: trust > 4\n        next: done\n      - next: b\n", ["'a' -> 'a'", "'b' -> 'b'"]),
])
def test_continue_loops(nodes, loops, write_scenario, rubric):
    text = _continue_graph(nodes)
    problems = check_file(write_scenario(text), rubric).problems
    assert [p.code for p in problems] == ["HR067"] * len(loops)
    lines = text.splitlines()
    for p, loop in zip(problems, loops):
        first = loop.split("'")[1]
        assert f"loop without a decision: {loop}." in p.message
        assert (p.line, p.column) == (lines.index(f"  {first}:") + 1, 1)
        assert p.is_error


def test_a_loop_through_a_decision_is_fine(write_scenario, rubric):
    """Going round through a decision is an "ask again" detour: meters can change there."""
    text = _continue_graph("  a:\n    next:\n      - if: trust > 3\n        next: done\n      - next: again\n"
                           "  again:\n    text: Again?\n    choices:\n      - text: Once more.\n"
                           "        next: a\n        effects: {trust: 1}\n"
                           "        score: {recognizing_improvement: 1}\n        codes: [affirm]\n"
                           "        feedback: f\n")
    assert codes_of(write_scenario(text), rubric) == []


def test_a_continue_chain_without_a_loop_is_fine(write_scenario, rubric):
    text = _continue_graph("  a:\n    next: b\n  b:\n    next:\n      - if: trust > 3\n        next: a2\n"
                           "      - next: a2\n  a2:\n    next: done\n")
    # No loop (HR067). Trust is always 0 here, so 'trust > 3' is only warned about (HR105).
    assert codes_of(write_scenario(text), rubric) == ["HR105"]


def test_a_wrong_score_or_code_is_not_also_reported_missing(tmp_path):
    from hrtraining.engine import check_file

    text = (Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml").read_text(encoding="utf-8")
    text = text.replace("codes: [affirm,", "codes: [confrontation,", 1)
    text = text.replace("score: {recognizing_improvement: 2", "score: {recognising_improvement: 2", 1)
    assert "confrontation" in text and "recognising_improvement" in text
    f = tmp_path / "s.yaml"
    f.write_text(text, encoding="utf-8")
    codes = [p.code for p in check_file(f).problems]
    assert "HR041" in codes and "HR040" in codes
    assert "HR063" not in codes and "HR065" not in codes
