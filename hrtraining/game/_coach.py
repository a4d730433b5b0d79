"""The coach's words: the practice-mode panel and the debrief's short summary.

Everything here is phrased from what the engine reports (meter changes,
feedback, codes, scores) and the rubric's names and principles; it adds no
rules of its own. Kept apart from drawing so it can be tested as plain text.
"""
from __future__ import annotations

from typing import Any

from hrtraining.engine import Outcome, Report

#: Meter names/labels that read as the client's trust or ease (rising = good).
TRUST_WORDS = ("trust", "rapport", "ease", "safety", "engage", "open", "hope")


def felt_text(play: Any, outcome: Outcome) -> str:
    """What the client likely felt, from the meters the choice moved."""
    sc = play.scenario
    name = sc.client.name
    if not outcome.meter_changes:
        return f"Nothing visible moved. {name} is still weighing up what you said."
    parts = []
    mood = ""
    for meter_id, (before, after) in outcome.meter_changes.items():
        meter = sc.meters.get(meter_id)
        label = (meter.label if meter and meter.label else meter_id.replace("_", " ")).strip()
        verb = "rose" if after > before else "fell"
        parts.append(f"{label} {verb} from {before} to {after}")
        if not mood and any(w in f"{meter_id} {label}".lower() for w in TRUST_WORDS):
            mood = (f"{name} likely felt heard and a little safer with you."
                    if after > before else f"{name} likely felt judged or pushed, and pulled back.")
    sentence = "; ".join(parts) + "."
    return f"{mood} {sentence[0].upper()}{sentence[1:]}" if mood else sentence[0].upper() + sentence[1:]


def principle_text(play: Any, outcome: Outcome) -> tuple[str, str]:
    """(title, text): the rubric principle most at stake, then the coach's feedback."""
    dims = play.rubric.dimensions
    scored = sorted(outcome.choice.score.items(), key=lambda kv: -abs(kv[1]))
    principle = ""
    for dim_id, _ in scored:
        if dim_id in dims and dims[dim_id].principle:
            principle = dims[dim_id].principle
            break
    feedback = outcome.choice.feedback or "No coach note was written for this choice."
    if principle:
        return "The principle", f"{quoted(principle)} {feedback}"
    return "The coach", feedback


def code_chips(play: Any, outcome: Outcome) -> str:
    """Chip texts joined by '|': the codes by name, then the points per dimension."""
    rubric = play.rubric
    parts = [rubric.codes[c].name if c in rubric.codes else c for c in outcome.choice.codes]
    for dim_id, pts in outcome.choice.score.items():
        if pts:
            dim = rubric.dimensions.get(dim_id)
            parts.append(f"{'+' if pts > 0 else '−'}{abs(pts)} {dim.name if dim else dim_id}")
    return "|".join(parts) if parts else "Not coded"


def coach_rows(play: Any, outcome: Outcome) -> list[tuple[str, str, str]]:
    """(kind, title, text) rows of the practice coach panel."""
    title, text = principle_text(play, outcome)
    return [
        ("head", "Coach", "Critical choice" if outcome.critical else ""),
        ("text", f"How {play.scenario.client.name} likely felt", felt_text(play, outcome)),
        ("text", title, text),
        ("chips", "What you did", code_chips(play, outcome)),
    ]


def plural(n: int, word: str, many: str = "") -> str:
    """``1 decision``, ``2 decisions`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def quoted(text: str) -> str:
    """Text in curly quotes ending a sentence: a full stop inside unless it already ends in one
    (never “…it.”. with a second stop outside)."""
    t = text.strip()
    if t.endswith(("”", "\"", "’", "'")):
        inner = t.rstrip("”\"’'")
        end = t[len(inner):]
    else:
        inner, end = t, ""
    if not inner.endswith((".", "!", "?", "…")):
        inner += "."
    return f"“{inner}{end}”"


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{round(x * 100)}%"


def summary_points(report: Report, rubric: Any, previous: list[Any] | None = None,
                   client: str = "the client") -> list[tuple[str, str]]:
    """Two or three (title, text) points, strengths first, then one thing to try next."""
    points: list[tuple[str, str]] = []
    scores = [s for s in report.scores.values() if s.assessed]
    strong = sorted((s for s in scores if s.points > 0), key=lambda s: (-s.percent, not s.required))
    best_choice = next((d for d in report.decisions if d.best is None and not d.chosen.critical
                        and sum(d.chosen.score.values()) > 0), None)
    if strong:
        s = strong[0]
        text = f"You reached {_pct(s.percent)} of what this conversation allowed ({s.level})."
        if best_choice is not None:
            text += f" For example, you said: {quoted(best_choice.chosen.text)}"
        points.append((f"Strength: {s.name}", text))
    elif report.decisions:
        points.append(("You stayed to the end", f"You worked through {plural(len(report.decisions), 'decision')} with "
                                                 f"{client}. Every ending teaches something; the replay shows "
                                                 "where the conversation turned."))
    # Recognise improvement over the last attempt at the same scenario.
    if previous:
        try:
            before = dict(previous[0].scores)
        except Exception:  # a record without its report: nothing to compare
            before = {}
        gains = []
        for dim_id, s in report.scores.items():
            old = before.get(dim_id)
            if old is not None and old.percent is not None and s.assessed and s.percent > old.percent + 0.005:
                gains.append(f"{s.name} {_pct(old.percent)} → {_pct(s.percent)}")
        if gains:
            points.append(("Better than last time", "Compared with your last attempt: " + "; ".join(gains[:2]) + "."))
    # One thing to work on.
    if report.critical_choices:
        d = report.critical_choices[0]
        alt = f" Another way: {quoted(d.best.text)}" if d.best is not None else ""
        points.append(("Try next", f"One choice set a condition or an ultimatum: {quoted(d.chosen.text)} "
                                   f"That is the perfectionist rejection harm reduction avoids.{alt}"))
    else:
        weak = sorted((s for s in scores if s.required or s.points < 0), key=lambda s: s.percent)
        if weak and (not strong or weak[0].id != strong[0].id) and weak[0].level != "good":
            s = weak[0]
            dim = rubric.dimensions.get(s.id)
            hint = f" Keep in mind: {quoted(dim.principle)}" if dim is not None and dim.principle else ""
            points.append((f"Try next: {s.name}", f"This one reached {_pct(s.percent)} ({s.level}).{hint}"))
        elif len(points) < 2:
            points.append(("Try next", "Play again in the other mode, or try a client you have not met yet."))
    return points[:3]
