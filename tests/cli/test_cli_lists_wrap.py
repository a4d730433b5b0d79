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


def _hangs_under(out: str, start: str, hang: int) -> list[str]:
    """The first line of ``out`` that starts with ``start`` and the lines indented ``hang``
    spaces under it; asserts that there are some (flush-left, they would not be found)."""
    lines = out.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith(start))
    para = [lines[i]]
    for ln in lines[i + 1:]:
        if not ln.startswith(" " * hang) or not ln.strip():
            break
        para.append(ln)
    assert len(para) > 1, f"{start!r} did not wrap: {lines[i]!r} / {lines[i + 1]!r}"
    assert all(len(ln) <= WIDTH for ln in para)
    return para


def test_speaker_lines_and_the_echoed_choice_hang_under_their_text(capsys, tmp_path, monkeypatch):
    """The client's lines, the narration and the trainee's echoed choice wrap like the choices:
    the next lines start under the text, not at the margin."""
    from hrtraining.cli import build_parser
    from hrtraining.cli._play import cmd_play

    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "data"))
    long = " ".join(["Four nights instead of seven, and the mornings are mine again."] * 3)
    src = (PROJECT_ROOT / "tests" / "fixtures" / "valid" / "golden.yaml").read_text(encoding="utf-8")
    src = (src.replace("      - narrator: Jo sits down.", f"      - narrator: Jo sits down. {long}")
              .replace("      - client: I only drank four nights this week.", f"      - client: {long}")
              .replace("      - text: Four nights instead of seven. That's a real change.", f"      - text: {long}"))
    path = tmp_path / "long.yaml"
    path.write_text(src, encoding="utf-8")
    answers = ["", "1", "1"]

    def read(prompt: str) -> str:
        if not answers:
            raise EOFError  # the rating question after the ending: stop there
        return answers.pop(0)

    cmd_play(build_parser().parse_args(["play", str(path), "--no-record"]), read=read)
    out = capsys.readouterr().out
    _hangs_under(out, "Jo: Four nights", len("Jo: "))
    _hangs_under(out, "(Jo sits down.", 1)
    _hangs_under(out, "You: Four nights", len("You: "))
    main(["playtest", str(path), "--choices", "1,1"])
    _hangs_under(capsys.readouterr().out, "You (1): Four nights", len("You (1): "))
