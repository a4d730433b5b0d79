"""Every list the terminal prints wraps with a hanging indent (``cli._text.wrap(text, indent, hang)``):
a long item's next lines sit under its text, so a screen reader and an eye both read one item."""
from __future__ import annotations

import re

from hrtraining.cli import main
from hrtraining.cli._text import WIDTH
from hrtraining.engine import PROJECT_ROOT

FINDING = re.compile(r"^\s+\S+\.ya?ml:\d+:\d+: ")  # editor-readable FILE:LINE:COL lines stay whole


def _check_lists(text: str) -> None:
    lines = text.splitlines()
    for i, ln in enumerate(lines):
        if FINDING.match(ln) or not ln.startswith(" "):  # list items are the indented lines
            continue
        assert len(ln) <= WIDTH, f"line {i + 1} is {len(ln)} wide: {ln!r}"


def test_a_wrapped_item_hangs_under_its_text():
    from hrtraining.cli._analyze import _item
    from hrtraining.cli._text import wrap

    long = "word " * 40
    first, second, *_ = _item(long).splitlines()
    assert first.startswith("  word") and second.startswith("    word")
    first, second, *_ = wrap(f"3. {long}", "  ", 3).splitlines()
    assert first.startswith("  3. word") and second.startswith("     word")


def test_analyze_text_lists_wrap(capsys):
    assert main(["analyze", str(PROJECT_ROOT / "scenarios" / "bar-fights.yaml"), "--no-cache"]) in (0, 1)
    _check_lists(capsys.readouterr().out)


def test_playtest_transcript_and_debrief_lists_wrap(capsys):
    path = PROJECT_ROOT / "scenarios" / "bar-fights.yaml"
    main(["playtest", str(path), "--choices", ",".join(["3"] * 12)])
    out = capsys.readouterr().out
    assert "DEBRIEF" in out
    _check_lists(out)
