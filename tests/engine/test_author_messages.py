"""Author messages that say what the author meant: '=>' is '>=', a misspelled key is reported as
the misspelling (and not also as missing), an unknown dimension is reported even when its value
is wrong too, and every syntax error the parser can get past comes in one run."""
from __future__ import annotations

import pytest

from pathlib import Path

from hrtraining.engine import check_file
from hrtraining.engine._conditions import ConditionError, parse_condition

from game_free_helpers import scenario_text

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "invalid"


def _check(tmp_path, text: str):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return check_file(str(path)).problems


@pytest.mark.parametrize("written,meant", [("=>", ">="), ("=<", "<="), ("<>", "!=")])
def test_a_comparison_written_the_other_way_round_gets_the_one_meant(written, meant):
    with pytest.raises(ConditionError) as e:
        parse_condition(f"trust {written} 2")
    assert f"did you mean '{meant}'?" in str(e.value) and e.value.offset == 6
    assert "==" not in str(e.value) or meant == "!="


def test_a_single_equals_offers_equal_and_at_least():
    with pytest.raises(ConditionError) as e:
        parse_condition("trust = 2")
    assert "'=='" in str(e.value) and "'>='" in str(e.value)


@pytest.mark.parametrize("key,right,missing_code", [("feeback", "feedback", "HR062"), ("scroe", "score", "HR063"),
                                                    ("cdoes", "codes", "HR065"), ("txet", "text", "HR012")])
def test_a_misspelled_key_is_the_misspelling_not_also_missing(tmp_path, key, right, missing_code):
    where = "      - " if right == "text" else "        "
    text = scenario_text().replace(f"{where}{right}:", f"{where}{key}:", 1)
    assert f"{where}{key}:" in text
    problems = _check(tmp_path, text)
    hr013 = [p for p in problems if p.code == "HR013"]
    assert len(hr013) == 1 and f"Did you mean '{right}'?" in hr013[0].message
    assert not [p for p in problems if p.code == missing_code and p.line <= hr013[0].line + 1
                and p.line >= hr013[0].line - 8]


def test_a_misspelled_choices_key_is_not_also_a_dead_end(tmp_path):
    text = scenario_text().replace("    choices:", "    choises:", 1)
    codes = [p.code for p in _check(tmp_path, text)]
    assert "HR013" in codes and "HR022" not in codes


def test_an_unknown_dimension_is_reported_even_when_its_value_is_wrong_too(tmp_path):
    text = scenario_text().replace("score: {recognizing_improvement: 2", "score: {respecting_choices: 1.5", 1)
    problems = _check(tmp_path, text)
    assert {"HR040", "HR042"} <= {p.code for p in problems}
    assert any("Did you mean 'respecting_choice'?" in p.message for p in problems if p.code == "HR040")
    assert any(p.message.endswith("not 1.5") for p in problems if p.code == "HR042")


def test_every_syntax_error_and_then_the_structure_in_one_run(tmp_path):
    text = (scenario_text()
            .replace("title: ", "title: Honestly: ", 1)                       # a colon in plain text
            .replace("id: starter-id", "id: Not_An_Id", 1))                   # a structural error too
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.strip().startswith("- text:"))
    lines[i] = lines[i].replace("- text: ", '- text: "Yes." and more after the quote ', 1)   # a second one
    problems = _check(tmp_path, "\n".join(lines) + "\n")
    syntax = [p for p in problems if p.code == "HR001"]
    assert len(syntax) == 2 and syntax[0].line < syntax[1].line
    assert any(p.code == "HR015" for p in problems)                           # the file's own problems too
    assert not any(p.code in ("HR012", "HR062") for p in problems)            # nothing "missing" from a left-out line


def test_a_syntax_error_in_a_second_document_is_reported_with_it(tmp_path):
    problems = _check(tmp_path, scenario_text() + "---\nid: other\ntitle: a: b\n")
    messages = [p.message for p in problems]
    assert any("more than one YAML document" in m for m in messages)
    assert any(p.code == "HR001" and "YAML syntax" in p.message and p.line > 10 for p in problems)


@pytest.mark.parametrize("name,where,bracket", [
    # the '[' of 'tags' (16:7), once, and the mis-indented key 54 lines further down (70:10);
    # not the next keys the parser stopped at (18:7, 21:6, 23:6) nor the end of the file
    ("yaml-bracket-never-closed.yaml", [(16, 7), (70, 10)], "'[' opened here is never closed"),
    ("yaml-brace-never-closed.yaml", [(19, 10)], "'{' opened here is never closed"),
])
def test_an_unclosed_bracket_is_reported_where_it_opens_once(cli, name, where, bracket):
    rc, out, err = cli("validate", INVALID / name)
    found = [line.split(": error ")[0] for line in (out + err).splitlines() if ": error " in line]
    assert found == [f"{INVALID / name}:{line}:{col}" for line, col in where]
    first = next(line for line in (out + err).splitlines() if ": error " in line)
    assert bracket in first and "Add the" in first and rc == 1


def test_an_unclosed_bracket_in_a_second_document_does_not_hide_the_third(tmp_path):
    text = "format: 1\nid: two\n---\ntitle: [oops\n---\nid: ok\n  bad: x\n"
    problems = _check(tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(3, 1), (4, 8), (7, 6)]
    assert "never closed" in problems[1].message and "mapping values" in problems[2].message
