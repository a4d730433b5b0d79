"""No bidi override or Unicode line separator from a scenario or the store reaches a terminal raw.

The audit's failures: ``analyze`` printed titles through its own escaping of C0/C1 controls only,
so a title holding U+202E (RIGHT-TO-LEFT OVERRIDE, which reorders what a terminal shows) or U+2028
reached the terminal raw; ``play``'s reflection prompt printed the client's name unescaped. Here one
scenario carries such characters in every field that validate lets them into, a profile name and
the trainee's own words carry them into the store, and every command that prints is run on it.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from hrtraining.cli import build_parser
from hrtraining.cli._play import cmd_play

REPO = Path(__file__).resolve().parents[2]
STARTER = REPO / "hrtraining" / "cli" / "starter.yaml"
#: What must never reach a terminal raw: bidi formatting characters, the line and paragraph
#: separators, and (as before) escape and NUL.
UNSAFE = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029\x1b\x00"
R = "\u202e"        # RIGHT-TO-LEFT OVERRIDE: allowed in text by validate, never raw on a terminal
ISO = "\u2066"      # LEFT-TO-RIGHT ISOLATE
PROFILE = f"Tes{R}ter"


def hostile_text() -> str:
    """The starter scenario with bidi characters in every text and U+2028/U+2029 in running text
    (one-line text may not hold them: HR100)."""
    text = STARTER.read_text(encoding="utf-8").replace("id: starter-id", "id: bidi")
    for old, new in {
        "title: Sam, who cut down": f"title: Sam{R}, who cut down",
        "  Sam has cut down from every day": f'  Sam{ISO} has cut down from every day',
        "  name: Sam\n": f"  name: S{R}am\n",
        "  about: 30, drinks": f"  about: 3{R}0, drinks",
        "content_notes: []": f"content_notes: [vio{R}lence]",
        "tags: [alcohol]": f"tags: [alc{R}ohol]",
        "label: Trust": f"label: Tr{R}ust",
        "      - narrator: Sam sits down": f'      - narrator: "Sam{R}\\u2028sits down',
        "smiles, a little nervous.": 'smiles, a little nervous."',
        "      - client: So... I only drank": f"      - client: So{R}... I only drank",
        "discussion: What has Sam already changed?": 'discussion: "What has Sam\\u2029already changed?"',
        "      - text: Only Friday and Saturday": f"      - text: Only{R} Friday and Saturday",
        "          You named the step": f"          You{R} named the step",
        "    text: I just didn't buy any": '    text: "I just\\u2028didn\'t buy any',
        "Honestly I slept better.": 'Honestly I slept better."',
        "      title: Sam books another session": f"      title: Sam books{R} another session",
        "      debrief: Sam will come back;": '      debrief: "Sam will\\u2028come back;',
        "was noticed.": 'was noticed."',
    }.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


def assert_safe(text: str, what: str) -> None:
    raw = sorted({f"U+{ord(c):04X}" for c in text if c in UNSAFE})
    assert not raw, f"{what}: {raw} reached the terminal raw:\n{text[:3000]}"


@pytest.fixture
def world(tmp_path, monkeypatch, cli):
    """The hostile scenario, validated clean, and one finished attempt stored under a hostile profile."""
    lib = tmp_path / "lib"
    lib.mkdir()
    path = lib / "bidi.yaml"
    path.write_text(hostile_text(), encoding="utf-8")
    data = tmp_path / "data"
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(data))
    rc, out, err = cli("validate", "--strict", "--no-cache", path)
    assert rc == 0, out + err
    return path, data


def answer(prompt: str) -> str:
    """A trainee at the terminal: hostile own words and reflection, the first option, a rating."""
    if prompt.startswith("Your words"):
        return f"I hear{R} you\u2028really"
    if "closest" in prompt:
        return "1"
    if "Beginning" in prompt:
        return "3"
    if "differently" in prompt:
        return f"Ask{R} more\u2029first"
    return "1" if prompt.strip() == ">" else ""


def test_play_prints_every_scenario_and_reply_text_escaped(world, capsys):
    path, data = world
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)  # input() writes the prompt to the terminal: it must be safe too
        return answer(prompt)

    args = build_parser().parse_args(["play", str(path), "--profile", PROFILE, "--write-first"])
    capsys.readouterr()
    assert cmd_play(args, read=read) == 0
    out, err = capsys.readouterr()
    assert_safe(out + err, "play")
    assert_safe("".join(prompts), "play's prompts")
    assert "What would you do differently with S\\u202eam?" in "".join(prompts)


COMMANDS = [
    ("validate", "--no-cache", "{path}"),
    ("validate", "--no-cache", "--format", "json", "{path}"),
    ("graph", "{path}"),
    ("graph", "--format", "dot", "{path}"),
    ("playtest", "{path}", "--choices", "1,1"),
    ("playtest", "{path}", "--choices", "1,1", "--json"),
    ("analyze", "--no-cache", "{path}"),
    ("analyze", "--no-cache", "--format", "json", "{path}"),
    ("analyze", "--no-cache", "--attempts", "{data}", "--", "{path}"),
    ("profiles",),
    ("progress", "--profile", PROFILE),
    ("export", "--format", "json", "--choices"),
    ("export", "--format", "xapi", "--home-page", "https://agency.example"),
]


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(a[:3]) for a in COMMANDS])
def test_every_command_prints_scenario_and_store_text_escaped(argv, world, cli, capsys):
    path, data = world
    _play_once(path, capsys)
    args = [a.format(path=path, data=data) for a in argv]
    rc, out, err = cli(*args)
    assert rc in (0, 1), out + err
    assert_safe(out + err, " ".join(args))
    if "json" in args or "xapi" in args:  # escaped as JSON escapes: the data itself is unchanged
        docs = [json.loads(line) for line in out.splitlines()] if "xapi" in args else [json.loads(out)]
        assert R in json.dumps(docs, ensure_ascii=False) or "validate" in args


@pytest.mark.parametrize("argv", [("export", "--format", "csv", "--choices"),
                                  ("export", "--format", "html", "--attempt", "1", "--scenarios", "{lib}"),
                                  ("analyze", "--no-cache", "--format", "html", "{path}")])
def test_data_written_to_a_terminal_is_escaped_and_to_a_pipe_is_kept(argv, world, cli, capsys, monkeypatch):
    """CSV and HTML are data: kept whole when piped or written to a file, escaped on a terminal."""
    path, data = world
    _play_once(path, capsys)
    args = [a.format(path=path, lib=path.parent) for a in argv]
    rc, piped, err = cli(*args)
    assert rc == 0, err
    assert R in piped
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    tty = io.StringIO()
    tty.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdout", tty)
    from hrtraining.cli import main

    assert main([str(a) for a in args]) == 0
    assert_safe(tty.getvalue(), " ".join(args) + " on a terminal")


def _play_once(path: Path, capsys) -> None:
    """One finished practice attempt under the hostile profile, own words and reflection included."""
    args = build_parser().parse_args(["play", str(path), "--profile", PROFILE, "--write-first"])
    assert cmd_play(args, read=answer) == 0
    capsys.readouterr()
