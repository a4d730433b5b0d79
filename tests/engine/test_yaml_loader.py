"""The located safe YAML loader: plain data with positions, or a located refusal."""
from __future__ import annotations

import time

import pytest

from hrtraining.engine._yaml import MAX_DEPTH, MAX_FILE_BYTES, YMap, YSeq, load_yaml, read_file


def load(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return load_yaml(data, "f.yaml")


def one_problem(text: str | bytes):
    value, problems = load(text)
    assert value is None
    assert len(problems) == 1, problems
    return problems[0]


def test_plain_data_and_types():
    value, problems = load("a: 1\nb: text\nc: [1, 2.5, true, null]\nd: {e: f}\nwhen: 2001-12-14\n")
    assert problems == []
    assert value == {"a": 1, "b": "text", "c": [1, 2.5, True, None], "d": {"e": "f"}, "when": "2001-12-14"}
    assert isinstance(value, YMap) and isinstance(value["c"], YSeq) and isinstance(value["d"], YMap)


def test_quoted_scalars_stay_text():
    value, _ = load("a: '1'\nb: \"true\"\nc: |\n  1\n")
    assert value == {"a": "1", "b": "true", "c": "1\n"}


def test_positions_of_keys_values_and_items():
    text = (
        "top: 1\n"             # 1
        "node:\n"              # 2
        "  choices:\n"         # 3
        "    - text: a\n"      # 4
        "      next: b\n"      # 5
        "    - text: c\n"      # 6
        "  after: {x: 1}\n"    # 7
        "list:\n"              # 8
        "  - [1, 2]\n"         # 9
        "  - plain\n"          # 10
    )
    value, problems = load(text)
    assert problems == []
    assert value.key_pos("top") == (1, 1) and value.value_pos("top") == (1, 6)
    node = value["node"]
    assert value.value_pos("node") == (3, 3)  # a block mapping starts at its first key
    choices = node["choices"]
    assert node.key_pos("choices") == (3, 3)
    assert node.value_pos("choices") == (4, 5)
    # Items that are mappings stand where they begin, not where the next item starts.
    assert choices.item_pos(0) == (4, 7)
    assert choices.item_pos(1) == (6, 7)
    assert (choices[0].line, choices[0].col) == (4, 7)
    assert choices[0].value_pos("next") == (5, 13)
    assert node.value_pos("after") == (7, 10)
    assert value["list"].item_pos(0) == (9, 5)
    assert value["list"].item_pos(1) == (10, 5)
    assert value["list"].item_pos(99) == (9, 3)  # out of range: where the list began


def test_utf8_bom_is_accepted():
    value, problems = load(b"\xef\xbb\xbfa: 1\n")
    assert problems == [] and value == {"a": 1}


@pytest.mark.parametrize("text,code,line,col", [
    ("a: 1\na: 2\n", "HR005", 2, 1),
    ("? [a]\n: 1\n", "HR005", 1, 3),
    ("a: &x [*x]\n", "HR006", 1, 8),
    ("a: &x {b: *x}\n", "HR006", 1, 11),
    ("base: &b {x: 1}\nc:\n  <<: *b\n", "HR006", 3, 3),
    ("a: !custom 1\n", "HR006", 1, 4),
    ("a: !!binary aGVsbG8=\n", "HR006", 1, 4),
    ("a: !!set {x}\n", "HR006", 1, 4),
    ("a: !!omap [{a: 1}]\n", "HR006", 1, 4),
    ("!!python/name:os.system\n", "HR006", 1, 1),
    ("a: !!python/object/new:os.system [ls]\n", "HR006", 1, 4),
    ("a: *nope\n", "HR001", 1, 4),
    ("a: 1\n---\nb: 2\n", "HR001", 2, 1),
    ("a: [1, 2\n", "HR001", 1, 4),        # at the bracket that is never closed, not the end of the file
    ("a: 'open\n", "HR001", 1, 4),       # at the quote that is never closed, not the end of the file
    ("\tkey: 1\n", "HR001", 1, 1),
])
def test_refusals_are_located(text, code, line, col):
    p = one_problem(text)
    assert (p.code, p.line, p.column) == (code, line, col), p.format()
    assert p.severity == "error"
    assert "\n" not in p.message


@pytest.mark.parametrize("text", [
    "a: !!bool maybe\n",
    "a: !!int \"\"\n",
    "a: !!int\n",
    "a: !!float \"\"\n",
    "a: !!float abc\n",
    "a: !!int 0x_\n",
    "a: !!int twelve\n",
])
def test_bad_values_under_explicit_tags_are_refused_with_a_location(text):
    """``!!bool maybe`` or ``!!int ""`` made PyYAML's constructors raise KeyError/IndexError."""
    p = one_problem(text)
    assert p.code == "HR001"
    assert (p.line, p.column) == (1, 4)


def test_huge_integers_are_refused_not_crashing():
    p = one_problem("a: " + "9" * 5000 + "\n")
    assert p.code == "HR001"


def test_explicit_plain_tags_are_fine():
    value, problems = load("a: !!str 12\nb: !!int '7'\nc: ! 5\n")
    assert problems == []
    assert value == {"a": "12", "b": 7, "c": "5"}


@pytest.mark.parametrize("opener", ["[", "{"])
def test_deep_flow_nesting_is_refused(opener):
    p = one_problem(opener * 100_000)
    assert p.code in ("HR001", "HR006")


def test_deep_block_nesting_is_refused():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "x: 1\n"
    p = one_problem(text)
    assert p.code == "HR006"
    assert "nests deeper" in p.message


def test_nesting_just_inside_the_limit_loads():
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH - 1)) + "  " * (MAX_DEPTH - 1) + "x: 1\n"
    value, problems = load(text)
    assert problems == []


def test_aliases_that_do_not_explode_are_fine():
    value, problems = load("a: &a {x: 1}\nb: *a\nc: &s hello\nd: *s\n")
    assert problems == []
    assert value["b"] == {"x": 1} and value["d"] == "hello"


def test_quadratic_alias_bomb_is_refused_quickly():
    """Many aliases of one big anchor: each use counts its full size."""
    big = "[" + ", ".join(["x"] * 1000) + "]"
    text = f"a: &a {big}\nb: [" + ", ".join(["*a"] * 1000) + "]\n"
    t = time.perf_counter()
    p = one_problem(text)
    assert time.perf_counter() - t < 2.0
    assert p.code == "HR006"


def test_empty_and_comment_only_files():
    for text in ("", "# just a comment\n", "\n\n   \n"):
        p = one_problem(text)
        assert (p.code, p.line, p.column) == ("HR004", 0, 0)


def test_an_empty_document_is_not_a_mapping_but_loads():
    value, problems = load("---\n...\n")
    assert problems == [] and value is None


def test_too_large_in_memory():
    p = one_problem(b"a: 1\n" + b"#" * MAX_FILE_BYTES)
    assert p.code == "HR002"


def test_read_file_refuses_large_files_before_reading(tmp_path):
    f = tmp_path / "big.yaml"
    with open(f, "wb") as fh:
        fh.truncate(MAX_FILE_BYTES + 1)  # sparse: no real write of 1 MiB
    data, problem = read_file(str(f))
    assert data is None and problem.code == "HR002"


def test_read_file_missing_and_folder(tmp_path):
    assert read_file(str(tmp_path / "nope.yaml"))[1].code == "HR000"
    assert read_file(str(tmp_path))[1].code == "HR000"


def test_not_utf8_position():
    p = one_problem(b"a: 1\nb: caf\xe9\n")
    assert (p.code, p.line, p.column) == ("HR003", 2, 7)


def test_gc_is_restored_after_loading():
    import gc

    assert gc.isenabled()
    load("a: 1\n")
    load("a: [\n")
    assert gc.isenabled()


@pytest.mark.parametrize("text,expected", [
    ("=", "="),            # YAML 1.1 resolves a lone '=' to !!value; it once crashed the loader
    ("a: =\n", {"a": "="}),
    ("a: <<\n", None),      # a merge key where a value belongs is refused, not crashed on
])
def test_odd_plain_scalars(text, expected):
    value, problems = load(text)
    if expected is None:
        assert [p.code for p in problems] == ["HR006"]
    else:
        assert problems == [] and value == expected
