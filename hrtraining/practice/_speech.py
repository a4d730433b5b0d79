"""What self-voicing says: the words for a beat, an option, a coach note, a debrief page.

Pygame-free plain sentences, built from the same models every front end draws (the engine's
beat, :class:`~hrtraining.practice.CoachNote`, :class:`~hrtraining.practice.Debrief`,
:class:`~hrtraining.practice.ProgressChart`), so the window's self-voicing and a terminal (or any
other front end with a speech engine) read out the same thing. Symbols a speech engine would
spell out ("·", "→", "%") are turned into words.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._debrief import skill_note
from .words import YOU_SAID, level_name, percent

#: Characters a speech engine reads badly, and what to say instead.
_SPOKEN = {"·": ",", "—": ",", "–": " to ", "→": " then ", "↑↓": "arrow keys", "%": " percent", "“": "", "”": "",
           "‘": "", "’": "'", "…": "..."}


def spoken(text: str) -> str:
    """``text`` as a speech engine should read it: no symbols spelled out, single spaces."""
    for sign, words in _SPOKEN.items():
        text = text.replace(sign, words)
    return " ".join(text.split())


def speak_lines(lines: Sequence[Any]) -> str:
    """The lines of a beat: "Ray: ...", a narrator's line as it is, the trainee's after :data:`YOU_SAID`."""
    out = []
    for ln in lines:
        if ln.speaker == "narrator" or not ln.name:
            out.append(ln.text)
        elif ln.speaker == "you":
            out.append(f"{YOU_SAID}: {ln.text}")
        else:
            out.append(f"{ln.name}: {ln.text}")
    return spoken(" ".join(out))


def speak_choices(count: int) -> str:
    """Said after the lines of a decision: how many options, and how to hear and take each."""
    if count == 1:
        return "One option. Press 1 or Enter to take it."
    return spoken(f"{count} options. Use the arrow keys or Tab to hear each, then Enter, or press 1 to {count}.")


def speak_option(option: Any, count: int) -> str:
    """An option as it takes the focus: "Option 2 of 4: ..."."""
    return spoken(f"Option {option.number} of {count}: {option.text}")


def speak_coach(note: Any) -> str:
    """The practice-mode coach note: critical first, then what the client felt, the principle and
    the feedback, and what the choice counted as."""
    parts = ["Coach."]
    if note.critical:
        parts.append("Critical choice.")
    parts += [f"{note.felt_title}: {note.felt}", f"{note.principle_title}: {note.principle}"]
    if note.chips:
        parts.append("What you did: " + ", ".join(note.chips) + ".")
    return spoken(" ".join(parts))


def speak_ending(title: str) -> str:
    return spoken(f"Ending: {title}. Press Enter to see how it went.")


def speak_rating_question(client: str, ending_title: str) -> str:
    return spoken(f"How do you think that went? Before any scores: the conversation with {client} ended with "
                  f"{ending_title}. Press 1 for still finding my feet, 2 for getting there, 3 for it went well.")


def speak_debrief(debrief: Any, page: str) -> list[str]:
    """One debrief page, in reading order: ``decisions``, ``scores`` or ``summary``."""
    d = debrief
    out: list[str] = []
    if page == "decisions":
        if d.ending_title:
            out.append(f"{d.ending_line()}.")
        for r in d.decisions:
            text = f"Decision {r.number}: {r.verdict}. {YOU_SAID}: {r.chosen.text}"
            if r.chosen.feedback:
                text += f" Coach: {r.chosen.feedback}"
            if r.stronger is not None:
                text += f" A stronger option: {r.stronger.text}"
            out.append(text)
        if not d.decisions:
            out.append(d.NO_DECISIONS)
    elif page == "scores":
        out.append(d.overall_line() + ".")
        for s in d.assessed:
            out.append(f"{s.name}: {percent(s.percent)}, {level_name(s.level)}. {skill_note(s)}.")
        if d.not_assessed_line():
            out.append(d.not_assessed_line())
        out.append(f"Critical choices: {d.critical_text()}" if d.critical else "No critical choices.")
        out += d.miti.lines()
    else:
        out.append("In short.")
        for n, point in enumerate(d.summary, 1):
            out.append(f"{n}. {point.title}: {point.text}")
    return [spoken(t) for t in out]


def speak_chart(chart: Any) -> list[str]:
    """The progress chart's figures (:meth:`ProgressChart.text`), for the ear."""
    return [spoken(t) for t in chart.text()]
