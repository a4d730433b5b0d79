"""The coach's note after a choice in practice mode, in words every front end shows.

Phrased from what the engine reports (meter changes, feedback, codes, scores) and the
rubric's names and principles; no rules of its own. The window draws it as the coach panel,
the terminal prints it under the choice.
"""
from __future__ import annotations

from dataclasses import dataclass

from hrtraining.engine import Outcome, Rubric, Scenario

from .words import quoted

#: Meter names/labels that read as the client's trust or ease (rising = good).
TRUST_WORDS = ("trust", "rapport", "ease", "safety", "engage", "open", "hope")
CRITICAL_NOTE = ("This was a perfectionist rejection (an ultimatum, a discharge threat or abstinence as a "
                 "condition of care).")


@dataclass(frozen=True)
class CoachNote:
    """What the coach says about one choice."""

    critical: bool
    felt_title: str            # "How Ray likely felt"
    felt: str                  # what moved, and what the client likely felt
    principle_title: str       # "The principle" or "The coach"
    principle: str             # the principle at stake, quoted, then the choice's feedback
    chips: tuple[str, ...]     # the codes by name, then the points per skill ("+2 Listening")
    moves: tuple[str, ...]     # one line per meter that moved: "Trust: 2 -> 3 (up)"
    feedback: str = ""         # the choice's own feedback, as the author wrote it

    def lines(self) -> list[str]:
        """The note as plain lines, for a terminal or a screen reader: the feedback first."""
        out = [f"Coach: {CRITICAL_NOTE}"] if self.critical else []
        if self.feedback:
            out.append(f"Coach: {self.feedback}")
        if self.chips:
            out.append("What you did: " + ", ".join(self.chips))
        return out + list(self.moves)


def coach_note(outcome: Outcome, scenario: Scenario, rubric: Rubric) -> CoachNote:
    title, text = _principle(outcome, rubric)
    return CoachNote(outcome.critical, f"How {scenario.client.name} likely felt", _felt(outcome, scenario),
                     title, text, _chips(outcome, rubric), _moves(outcome, scenario), outcome.choice.feedback)


def _felt(outcome: Outcome, scenario: Scenario) -> str:
    name = scenario.client.name
    if not outcome.meter_changes:
        return f"Nothing visible moved. {name} is still weighing up what you said."
    parts = []
    mood = ""
    for meter_id, (before, after) in outcome.meter_changes.items():
        meter = scenario.meters.get(meter_id)
        label = (meter.label if meter and meter.label else meter_id.replace("_", " ")).strip()
        parts.append(f"{label} {'rose' if after > before else 'fell'} from {before} to {after}")
        if not mood and any(w in f"{meter_id} {label}".lower() for w in TRUST_WORDS):
            mood = (f"{name} likely felt heard and a little safer with you." if after > before
                    else f"{name} likely felt judged or pushed, and pulled back.")
    sentence = "; ".join(parts) + "."
    sentence = sentence[0].upper() + sentence[1:]
    return f"{mood} {sentence}" if mood else sentence


def _principle(outcome: Outcome, rubric: Rubric) -> tuple[str, str]:
    """(title, text): the rubric principle most at stake, then the coach's feedback."""
    dims = rubric.dimensions
    principle = ""
    for dim_id, _ in sorted(outcome.choice.score.items(), key=lambda kv: -abs(kv[1])):
        if dim_id in dims and dims[dim_id].principle:
            principle = dims[dim_id].principle
            break
    feedback = outcome.choice.feedback or "No coach note was written for this choice."
    if principle:
        return "The principle", f"{quoted(principle)} {feedback}"
    return "The coach", feedback


def _chips(outcome: Outcome, rubric: Rubric) -> tuple[str, ...]:
    parts = [rubric.codes[c].name if c in rubric.codes else c for c in outcome.choice.codes]
    for dim_id, pts in outcome.choice.score.items():
        if pts:
            dim = rubric.dimensions.get(dim_id)
            parts.append(f"{'+' if pts > 0 else '−'}{abs(pts)} {dim.name if dim else dim_id}")
    return tuple(parts)


def _moves(outcome: Outcome, scenario: Scenario) -> tuple[str, ...]:
    out = []
    for name, (before, after) in outcome.meter_changes.items():
        meter = scenario.meters.get(name)
        label = meter.label if meter is not None else name
        out.append(f"{label}: {before} -> {after} ({'up' if after > before else 'down'})")
    return tuple(out)
