"""Plain-text rendering of beats, feedback and the debrief.

Plain text only — no colours, no cursor tricks — so a screen reader reads it
in order. The terminal player and ``playtest`` share it. Every piece of text
that comes from a scenario, a rubric or the progress store passes through
:func:`~hrtraining.engine.printable` (``wrap`` does it), so a file can never
send the terminal an escape sequence.
"""
from __future__ import annotations

import sys
import textwrap

from hrtraining.engine import Beat, Outcome, Rubric, Scenario, printable
from hrtraining.practice import Debrief, coach_note, skill_note
from hrtraining.practice.words import YOUR_WORDS, level_name, percent, plural  # noqa: F401  (plural: for _play)

WIDTH = 78


def wrap(text: str, indent: str = "", hang: int = 0) -> str:
    """``text`` filled to the terminal's width, each paragraph starting at ``indent``, made
    printable; lines after the first are indented ``hang`` more, so a numbered or bulleted item
    reads as one."""
    rest = indent + " " * hang
    return "\n".join(textwrap.fill(printable(p, multiline=True), WIDTH, initial_indent=indent,
                                   subsequent_indent=rest)
                     for p in text.splitlines() if p.strip()) or indent.rstrip()


def said(name: str, text: str) -> str:
    """``name: text`` wrapped with the lines after the first under the start of the text, so
    who is speaking stands out and a long line reads as one (as the choices do)."""
    return wrap(f"{name}: {text}", "", len(printable(name)) + 2)


def narration(text: str) -> str:
    """``(text)``, its wrapped lines under the text, inside the bracket."""
    return wrap(f"({text})", "", 1)


def to_terminal(text: str) -> str:
    """Data (CSV, HTML) about to go to standard output: escaped with :func:`printable` (lines kept)
    when that is a terminal, which must never receive a bidi override or an escape sequence raw;
    whole when it is a pipe or a file, where it is data for another program."""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or odd stream: treat it as a terminal, the safe side
        tty = True
    return printable(text, multiline=True) if tty else text


def beat_lines(beat: Beat) -> str:
    return "\n".join(narration(line.text) if line.speaker == "narrator" else said(line.name, line.text)
                     for line in beat.lines)


def options_text(beat: Beat) -> str:
    return "\n".join(wrap(f"{o.number}. {o.text}", "  ", len(f"{o.number}. ")) for o in beat.options)


def feedback_text(outcome: Outcome, sc: Scenario, rubric: Rubric) -> str:
    """The coach's note after a choice (practice mode), as plain lines."""
    return "\n".join(wrap(line, "   ") for line in coach_note(outcome, sc, rubric).lines())


def debrief_text(debrief: Debrief) -> str:
    """The debrief in PEARLS order: the ending, each decision, the skills, MITI, the summary."""
    d = debrief
    out = ["", "=" * WIDTH, "DEBRIEF", "=" * WIDTH]
    out.append(wrap(d.ending_line()))
    if d.finished and d.ending_debrief:
        out.append(wrap(d.ending_debrief))
    out += ["", "Decision by decision:"]
    if not d.decisions:
        out.append(f"  {d.NO_DECISIONS}")
    if d.replay_line():
        out.append(wrap(d.replay_line(), "  "))
    for r in d.decisions:
        hang = len(f"{r.number}. ")
        if r.reply is None:
            out.append(wrap(f"{r.number}. {r.verdict}. {r.choice_label}: \"{r.chosen.text}\"", "  ", hang))
        else:  # write-first: the trainee's own words, their closeness mark, then the choice
            out.append(wrap(f"{r.number}. {r.verdict}.", "  ", hang))
            if r.reply.skipped:
                out.append(wrap(r.own_words, "     "))
            else:
                out.append(wrap(f"{YOUR_WORDS}: {r.own_words}", "     ", len(f"{YOUR_WORDS}: ")))
            if r.closeness:
                out.append(wrap(r.closeness, "     "))
            out.append(wrap(f"{r.choice_label}: \"{r.chosen.text}\"", "     "))
        if r.chosen.feedback:
            out.append(wrap(f"Coach: {r.chosen.feedback}", "     "))
        if r.stronger is not None:
            out.append(wrap(f"A stronger option: \"{r.stronger.text}\"", "     "))
            if r.stronger.feedback:
                out.append(wrap(f"Why: {r.stronger.feedback}", "     "))
        elif r.reply is not None:
            out.append(wrap("The option you chose was the strongest one offered here.", "     "))
        if r.discussion:
            out.append(wrap(f"To think about: {r.discussion}", "     "))
    out += ["", wrap(d.overall_line())]
    for s in d.assessed:
        out.append(wrap(f"- {s.name}: {percent(s.percent)}, {level_name(s.level)} ({skill_note(s)})", "  ", 2))
    if d.not_assessed_line():
        out.append(wrap(d.not_assessed_line(), "  "))
    if d.critical:
        out += ["", "Critical choices (perfectionist rejection):", wrap(d.critical_text(), "  ")]
    out += ["", "Motivational interviewing counts (MITI 4.2.1):"]
    if d.miti.codes:
        out.append(wrap(", ".join(f"{name} {n}" for name, n in d.miti.codes.items()), "  "))
    out += [wrap(line, "  ") for line in d.miti.lines()]
    out += ["", "In short:"]
    for n, point in enumerate(d.summary, 1):
        out.append(wrap(f"{n}. {point.title}: {point.text}", "  ", 3))
    if d.reflection:
        out += ["", wrap(f"What you would do differently with {d.client}:"), wrap(d.reflection, "  ")]
    return "\n".join(out)
