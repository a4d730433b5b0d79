"""Plain-text rendering of beats, feedback and the debrief.

Plain text only — no colours, no cursor tricks — so a screen reader reads it
in order. The terminal player and ``playtest`` share it. Every piece of text
that comes from a scenario, a rubric or the progress store passes through
:func:`~hrtraining.engine.printable` (``wrap`` does it), so a file can never
send the terminal an escape sequence.
"""
from __future__ import annotations

import textwrap

from hrtraining.engine import Beat, Outcome, Report, Rubric, Scenario, printable

WIDTH = 78
LEVEL_WORDS = {"good": "Good", "fair": "Fair", "beginning": "Beginning"}


def plural(n: int, word: str) -> str:
    """``1 decision``, ``2 decisions``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def wrap(text: str, indent: str = "") -> str:
    """``text`` wrapped to the terminal's width, one paragraph per line of it, made printable."""
    return "\n".join(textwrap.fill(printable(p, multiline=True), WIDTH, initial_indent=indent,
                                   subsequent_indent=indent)
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
    return "\n".join(wrap(f"  {o.number}. {o.text}", "") for o in beat.options)


def feedback_text(outcome: Outcome, sc: Scenario, rubric: Rubric) -> str:
    c = outcome.choice
    parts = []
    if c.critical:
        parts.append("Coach: This was a perfectionist rejection (an ultimatum, a discharge threat or "
                     "abstinence as a condition of care).")
    if c.feedback:
        parts.append(f"Coach: {c.feedback}")
    if c.codes:
        parts.append("Codes: " + ", ".join(rubric.codes[k].name for k in c.codes if k in rubric.codes))
    for name, (before, after) in outcome.meter_changes.items():
        label = sc.meters[name].label
        parts.append(f"{label}: {before} -> {after} ({'up' if after > before else 'down'})")
    return "\n".join(wrap(p, "   ") for p in parts)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{x * 100:.0f}%"


def debrief_text(report: Report, sc: Scenario, rubric: Rubric) -> str:
    """The debrief: the ending, strengths first, then each dimension, MITI counts, decisions."""
    out = ["", "=" * WIDTH, "DEBRIEF", "=" * WIDTH]
    if report.finished:
        out.append(wrap(f"Ending: {report.ending_title}"))
        if report.ending_debrief:
            out.append(wrap(report.ending_debrief))
    else:
        out.append("The conversation was stopped before an ending.")
    strengths = [s for s in report.scores.values() if s.level == "good" and s.best > 0]
    if strengths:
        out += ["", "What went well:"] + [wrap(f"- {s.name}: {_pct(s.percent)} of what this "
                                               "conversation allowed.", "  ") for s in strengths]
    out += ["", f"Overall level: {LEVEL_WORDS[report.level]}", ""]
    for s in report.scores.values():
        if s.best <= 0 and s.points == 0:
            continue
        req = " (required)" if s.required else ""
        capped = " — capped by a critical choice" if s.capped else ""
        out.append(printable(f"  {s.name}{req}: {s.points}/{s.best} = {_pct(s.percent)}, "
                             f"{LEVEL_WORDS[s.level]}{capped}"))
    if report.critical_choices:
        out += ["", "Critical choices (perfectionist rejection):"]
        for r in report.critical_choices:
            out.append(wrap(f"- Decision {r.number}: \"{r.chosen.text}\"", "  "))
    out += ["", "Response codes (MITI 4.2.1, provisional thresholds):"]
    if report.codes:
        out.append(wrap(", ".join(f"{rubric.codes[c].name if c in rubric.codes else c} {n}"
                                  for c, n in sorted(report.codes.items())), "  "))
    rq = report.reflection_to_question
    out.append(f"  Reflection-to-question ratio: {'n/a' if rq is None else f'{rq:.1f}:1'}"
               + (f" ({LEVEL_WORDS[report.miti_levels['reflection_to_question']]})"
                  if report.miti_levels.get("reflection_to_question") else ""))
    out.append(f"  Complex reflections: {_pct(report.percent_complex_reflections)}"
               + (f" ({LEVEL_WORDS[report.miti_levels['percent_complex_reflections']]})"
                  if report.miti_levels.get("percent_complex_reflections") else ""))
    out.append(f"  MI-adherent: {report.mi_adherent}   MI non-adherent: {report.mi_non_adherent}")
    out += ["", "Decision by decision:"]
    for r in report.decisions:
        out.append(wrap(f"{r.number}. You said: \"{r.chosen.text}\"", "  "))
        if r.chosen.feedback:
            out.append(wrap(f"Coach: {r.chosen.feedback}", "     "))
        if r.best is not None:
            out.append(wrap(f"A stronger option: \"{r.best.text}\"", "     "))
            if r.best.feedback:
                out.append(wrap(f"Why: {r.best.feedback}", "     "))
    return "\n".join(out)
