"""The rubric: loading, checking, and where it is found."""
from __future__ import annotations


import pytest

from hrtraining.engine import REQUIRED_DIMENSIONS, RubricError, find_rubric, load_rubric
from hrtraining.engine._rubric import PROJECT_RUBRIC

PROJECT_TEXT = PROJECT_RUBRIC.read_text(encoding="utf-8")


def test_project_rubric(rubric):
    assert set(REQUIRED_DIMENSIONS) <= set(rubric.dimensions)
    assert all(rubric.dimensions[d].required for d in REQUIRED_DIMENSIONS)
    assert (rubric.good, rubric.fair) == (0.8, 0.5)
    assert rubric.content_hash and rubric.path == str(PROJECT_RUBRIC)


def test_find_rubric(tmp_path):
    s = tmp_path / "s.yaml"
    assert find_rubric(s) == PROJECT_RUBRIC
    assert find_rubric(None) == PROJECT_RUBRIC
    (tmp_path / "rubric.yaml").write_text(PROJECT_TEXT)
    assert find_rubric(s) == tmp_path / "rubric.yaml"
    assert find_rubric(tmp_path) == tmp_path / "rubric.yaml"


@pytest.mark.parametrize("text", [
    "dimensions: {}\n",                                   # once crashed: the stand-in mapping had no position
    "codes: {}\n",
    "[]\n",
    "format: 1\n",
    PROJECT_TEXT.replace("  avoiding_perfectionism:\n", "  avoiding_perfectionisms:\n"),
    PROJECT_TEXT.replace("good: 0.8", "good: 0.3"),        # fair above good
    PROJECT_TEXT.replace("good: 0.8", "good: 8"),
    PROJECT_TEXT.replace("good: 0.8", "good: high"),
    PROJECT_TEXT.replace("adherence: adherent}", "adherence: sometimes}", 1),
    PROJECT_TEXT + "colour: blue\n",
    PROJECT_TEXT.replace("    name: Recognizing improvement\n", ""),
])
def test_broken_rubrics_raise_rubric_error(text, tmp_path):
    p = tmp_path / "rubric.yaml"
    p.write_text(text)
    with pytest.raises(RubricError) as e:
        load_rubric(p)
    assert e.value.problems
    assert all(x.code in ("HR090", "HR001", "HR004", "HR005", "HR006") for x in e.value.problems)


def test_missing_rubric_file(tmp_path):
    with pytest.raises(RubricError) as e:
        load_rubric(tmp_path / "nope.yaml")
    assert e.value.problems[0].code == "HR000"


def test_custom_levels(tmp_path):
    p = tmp_path / "rubric.yaml"
    p.write_text(PROJECT_TEXT.replace("good: 0.8", "good: 0.9").replace("fair: 0.5", "fair: 0.6"))
    r = load_rubric(p)
    assert (r.good, r.fair) == (0.9, 0.6)
    assert r.level(0.85) == "fair" and r.level(0.9) == "good" and r.level(0.59) == "beginning"
