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


@pytest.mark.parametrize("name,where,first", [
    # the opening quote of 'title' (6:8), once, and the mis-indented key further down (70:10);
    # not the places YAML stopped at after taking a later quote as the closing one (36:69,
    # 37:23, 44:16, 45:17, 79:51) nor the end of the file (80:1)
    ("yaml-quote-never-closed.yaml", [(6, 8), (70, 10)],
     'the quote " opened here is never closed (YAML read on to line 36'),
    # YAML ends a '...' text at the next apostrophe (line 63): reported at the quote, once
    ("yaml-single-quote-never-closed.yaml", [(55, 15)],
     "the quote ' opened here is never closed (YAML read on to line 63"),
    ("yaml-indented-with-tab.yaml", [(11, 1), (70, 10)], "indented with a tab character"),
    # at the place the space goes, each once: not each line after 'title:"Sam..."' (7:1, 10:1, ...)
    ("yaml-key-without-space.yaml", [(6, 7), (52, 15)],
     """the key 'title' needs a space after its colon: write 'title: "Sam, who cut down"'"""),
    # the stray line itself, not each line after it (29:5, 30:5, 48:3, ...)
    ("yaml-line-without-key.yaml", [(28, 1), (71, 10)], "YAML needs a key here ('key: value')"),
])
def test_a_syntax_mistake_is_reported_once_where_it_is_made(cli, name, where, first):
    rc, out, err = cli("validate", INVALID / name)
    found = [line.split(": error ")[0] for line in (out + err).splitlines() if ": error " in line]
    assert found == [f"{INVALID / name}:{line}:{col}" for line, col in where]
    said = next(line for line in (out + err).splitlines() if ": error " in line)
    assert first in said and rc == 1


def test_an_unclosed_quote_and_a_later_error_are_both_reported_where_they_are(tmp_path):
    text = scenario_text().replace("title: Sam", 'title: "Sam', 1)
    assert text != scenario_text()
    lines = text.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines.append("  extra:\n    text: Bye.\n     oops: 1\n")
    problems = _check(tmp_path, "".join(lines))
    oops = len("".join(lines).splitlines())
    assert [(p.line, p.column) for p in problems] == [(at + 1, 8), (oops, 10)]
    assert "never closed" in problems[0].message and "mapping values" in problems[1].message


@pytest.mark.parametrize("text,where,said", [
    # to the end of the file: no later quote took it
    ("format: 1\nid: x\ntitle: 'Sam\nsummary: Sam cut down\n", [(3, 8)],
     "YAML read on to the end of the file looking for its closing '"),
    # a '"' inside a flow mapping is the quote's, not an unclosed '{'
    ('format: 1\nmeters:\n  trust: {label: "Trust}\nid: x\ntitle: a "b" c\n', [(3, 18)],
     'the quote " opened here is never closed'),
    # text that goes on over lines under its key is not an unclosed quote
    ('format: 1\nid: x\ntitle: "Sam\n  cut down" here\n', [(4, 13)], "did not find expected key"),
])
def test_unclosed_quotes(tmp_path, text, where, said):
    problems = [p for p in _check(tmp_path, text) if p.code == "HR001"]
    assert [(p.line, p.column) for p in problems] == where
    assert said in problems[0].message


def test_a_key_without_space_that_runs_into_the_next_line(tmp_path):
    # 'name:Sam' goes on into 'about: 30' and YAML stops at that colon (4:8): the place is 3:8
    problems = _check(tmp_path, "format: 1\nclient:\n  name:Sam\n  about: 30\nid: x\n")
    assert [(p.line, p.column, p.code) for p in problems][:1] == [(3, 8, "HR001")]
    assert "write 'name: Sam'" in problems[0].message


def test_a_key_without_space_before_a_mapping_is_the_missing_space(tmp_path):
    text = scenario_text().replace("score: {", "score:{", 1)
    problems = [p for p in _check(tmp_path, text) if p.code in ("HR001", "HR013")]
    assert len(problems) == 1, problems
    assert "needs a space after its colon" in problems[0].message


def test_a_title_left_out_with_its_unclosed_quote_is_not_also_missing(tmp_path):
    # The ending's title is left out with its quote: no "the ending needs a 'title'" (HR027)
    # until the syntax is fixed, as for every other thing that may only be missing because
    # its line was left out.
    text = scenario_text().replace("title: Sam books", 'title: "Sam books', 1)
    assert text != scenario_text()
    problems = _check(tmp_path, text)
    assert [p.code for p in problems] == ["HR001"] and "never closed" in problems[0].message


def test_a_key_without_space_that_still_reads_as_a_mapping(tmp_path):
    # `effects:{trust: 1}` is the key 'effects:{trust' holding '1}': one HR013 at the place the
    # space goes, with what to write, and no "did you mean" rename advice
    text = scenario_text().replace("effects: {trust: 1}", "effects:{trust: 1}", 1)
    assert text != scenario_text()
    (p,) = _check(tmp_path, text)
    line = text.splitlines().index("        effects:{trust: 1}") + 1
    assert (p.code, p.line, p.column) == ("HR013", line, 17)
    assert "the key 'effects' needs a space after its colon; write 'effects: {trust: 1}'" in p.message
