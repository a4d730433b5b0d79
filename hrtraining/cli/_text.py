"""Plain-text rendering of beats, feedback and the debrief.

Plain text only — no colours, no cursor tricks — so a screen reader reads it
in order. The terminal player and ``playtest`` share it.
"""
from __future__ import annotations

import textwrap

from hrtraining.engine import Beat, Outcome, Rubric, Scenario
from hrtraining.practice import Debrief, coach_note, skill_note
from hrtraining.practice.words import level_name, percent, plural  # noqa: F401  (plural: for _play)

WIDTH = 78


def wrap(text: str, indent: str = "", hang: int = 0) -> str:
    """``text`` filled to the terminal's width, each paragraph starting at ``indent``; lines after
    the first are indented ``hang`` more, so a numbered or bulleted item reads as one."""
    rest = indent + " " * hang
    return "\n".join(textwrap.fill(p, WIDTH, initial_indent=indent, subsequent_indent=rest)
                     for p in text.splitlines() if p.strip()) or indent.rstrip()


def beat_lines(beat: Beat) -> str:
    out = []
    for line in beat.lines:
        if line.speaker == "narrator":
            out.append(wrap(f"({line.text})"))
        else:
            out.append(wrap(f"{line.name}: {line.text}"))
    return "\n".join(out)


def options_text(beat: Beat) -> str:
    return "\n".join(wrap(f"{o.number}. {o.text}", "  ", len(f"{o.number}. ")) for o in beat.options)


def feedback_text(outcome: Outcome, sc: Scenario, rubric: Rubric) -> str:
    """The coach's note after a choice (practice mode), as plain lines."""
    return "\n".join(wrap(line, "   ") for line in coach_note(outcome, sc, rubric).lines())


def debrief_text(debrief: Debrief) -> str:
    """The debrief in PEARLS order: the ending, each decision, the skills, MITI, the summary."""
    d = debrief
    out = ["", "=" * WIDTH, "DEBRIEF", "=" * WIDTH]
    if d.finished:
        out.append(wrap(f"Ending: {d.ending_title}"))
        if d.ending_debrief:
            out.append(wrap(d.ending_debrief))
    else:
        out.append("The conversation was stopped before an ending.")
    out += ["", "Decision by decision:"]
    if not d.decisions:
        out.append("  No decisions were made in this attempt.")
    for r in d.decisions:
        out.append(wrap(f"{r.number}. {r.verdict}. You said: \"{r.chosen.text}\"", "  ", len(f"{r.number}. ")))
        if r.chosen.feedback:
            out.append(wrap(f"Coach: {r.chosen.feedback}", "     "))
        if r.stronger is not None:
            out.append(wrap(f"A stronger option: \"{r.stronger.text}\"", "     "))
            if r.stronger.feedback:
                out.append(wrap(f"Why: {r.stronger.feedback}", "     "))
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
    return "\n".join(out)
