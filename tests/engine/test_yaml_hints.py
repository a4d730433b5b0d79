"""Syntax errors tell a non-programmer what they most likely did."""
from __future__ import annotations

import pytest

from hrtraining.engine._yaml import load_yaml

CASES = [
    ("colon-in-text", b"format: 1\nid: x\ntitle: Honestly: I slept\n", (3, 16), "Put the whole text in quotes"),
    ("text-after-closing-quote", b'format: 1\nid: x\ntitle: "Yeah." Sam looks away.\n', (3, 16), "Quote the whole text"),
    ("tab-indent", b"format: 1\nid: x\nnodes:\n\ta: 1\n", (4, 1), "tab character"),
    ("list-item-misaligned", b"format: 1\nnodes:\n  - text: a\n    next: b\n   - text: c\n", None, "indent"),
]


@pytest.mark.parametrize("name,data,where,hint", CASES, ids=[c[0] for c in CASES])
def test_syntax_errors_say_what_to_do(name, data, where, hint):
    value, problems = load_yaml(data, "f.yaml")
    assert value is None and len(problems) == 1
    p = problems[0]
    assert p.code == "HR001" and hint in p.message
    if where is not None:
        assert (p.line, p.column) == where

