"""Syntax errors tell a non-programmer what they most likely did."""
from __future__ import annotations

import pytest

from hrtraining.engine._yaml import load_yaml

CASES = [
    ("colon-in-text", b"format: 1\nid: x\ntitle: Honestly: I slept\n", (3, 16), "Put the whole text in quotes"),
    ("text-after-closing-quote", b'format: 1\nid: x\ntitle: "Yeah." Sam looks away.\n', (3, 16), "Quote the whole text"),
    ("tab-indent", b"format: 1\nid: x\nnodes:\n\ta: 1\n", (4, 1), "indented with a tab character"),
    ("tab-after-spaces", b"format: 1\nid: x\nnodes:\n  \ta: 1\n", (4, 3), "Replace the tab at the start"),
    ("at-sign", b"format: 1\nid: x\ntitle: @Sam\n", (3, 8), "cannot start with '@'. Put the whole text in quotes"),
    # a tab elsewhere in the file (here in a comment) is not what this error is about
    ("backtick-not-tab", b"format: 1\nid: x\ntitle: `Sam`\n# a\tcomment\n", (3, 8), "cannot start with '`'"),
    ("quote-never-closed", b"format: 1\nid: x\ntitle: \"Sam\nsummary: Sam\n", (3, 8),
     "the quote \" opened here is never closed (YAML read on to the end of the file"),
    ("key-without-space", b"format: 1\nid: x\ntitle:Sam\nsummary: Sam\n", (3, 7), "write 'title: Sam'"),
    ("line-without-key", b"format: 1\nid: x\nSam cut down.\nsummary: Sam\n", (3, 1), "YAML needs a key here"),
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

