"""Zero is not a verdict: scores an author left out (HR127-HR129).

A score is the verdict a clinician would give on a line, and a 0 reads in the debrief
as "no harm done" (docs/authoring.md, "When a choice may score 0"). These checks find
the places where a 0 is more likely a verdict left out than one given.

- **HR127**, a choice that scores 0 on every dimension it names while its codes say it
  did something a verdict is owed for: a reflection (``simple-reflection``,
  ``complex-reflection``) shows understanding and earns ``listening``; ``confront`` and
  ``persuade`` are MITI non-adherent and cost on the skill they break. A choice with no
  score at all is HR063's, not this one's.

The other two apply to scenarios whose content notes warn of a risk to life or limb
(:func:`risk_notes`): suicide or self-harm, overdose, violence or domestic abuse. There
the rubric's ``keeping_safe`` must be measured, and measured where it is at stake.

- **HR128**, at a decision where another option earns ``keeping_safe``, a choice that
  gives no verdict on safety: no ``keeping_safe`` entry, and nothing else in its score is
  negative. A line already marked weak on some skill has had its verdict (its feedback
  says why); a line that is not, at a decision about safety, tells the trainee it was
  harmless. ``keeping_safe: 0`` is a verdict: "neutral on safety", which its feedback
  should say.
- **HR129**, safety that cannot be earned where the notes say it is at stake, in three
  forms: no decision in the file offers ``keeping_safe`` points (reported at line 1); a
  complete way through, without a critical choice, meets no decision that does (reported
  at its ending, like HR121); a decision where an option loses ``keeping_safe`` but none
  earns it (reported at the node: the trainee who keeps the danger in view gets nothing
  for it, and on a path with no other safety decision the loss is not even seen).

Decisions that offer nothing on ``keeping_safe`` and lose nothing on it are not flagged one
by one: most decisions in a risk scenario are about something else, and flagging them
would bury the few that matter. Rubrics without a ``keeping_safe`` dimension skip HR128
and HR129.
"""
from __future__ import annotations

import re

from ._analysis import Analysis
from ._coverage import _way, possible_ranges
from ._errors import WARNING, Problem
from ._model import Choice, Node, Scenario

SAFETY = "keeping_safe"
#: Codes that owe a verdict: a reflection earns listening, confront and persuade cost.
VERDICT_CODES = ("simple-reflection", "complex-reflection", "confront", "persuade")
#: Content-note words that mean a risk to someone's life or body is in the story. Matched
#: case-folded at the start of a word, so "suicidal", "overdoses" and "violent" count, and
#: a qualifier does not hide them ("suicide (asked about)", "overdose risk (discussed)",
#: "family violence (mentioned)"). "Abuse" alone does not: "childhood abuse (mentioned, not
#: described)" warns of a story, not of a risk in the room.
RISK_RE = re.compile(r"\b(suicid|self[- ]?harm|overdos|violen|domestic (?:abuse|violence))", re.IGNORECASE)
_RISK_WORDS = {"suicid": "suicide", "selfharm": "self-harm", "overdos": "overdose", "violen": "violence",
               "domestic": "domestic abuse"}


def risk_notes(sc: Scenario) -> list[str]:
    """The risks the content notes warn of, in plain words, in the order first named."""
    found: list[str] = []
    for note in sc.content_notes:
        for m in RISK_RE.finditer(note):
            stem = re.sub(r"[- ]", "", m.group(1).lower())
            word = next(w for k, w in _RISK_WORDS.items() if stem.startswith(k))
            if word not in found:
                found.append(word)
    return found


def _cw(node: Node, c: Choice) -> str:
    return f"choice {c.index + 1} of '{node.id}'"


def zero_verdict_problems(sc: Scenario) -> list[Problem]:
    """HR127: a reflection, confront or persuade that scores 0 on every dimension it names."""
    out: list[Problem] = []
    for node in sc.nodes.values():
        for c in node.choices:
            if not c.score or any(c.score.values()):
                continue
            owed = [code for code in c.codes if code in VERDICT_CODES]
            if not owed:
                continue
            why = []
            if any(code.endswith("reflection") for code in owed):
                why.append("a reflection that shows understanding earns 'listening'")
            if any(not code.endswith("reflection") for code in owed):
                why.append("a confront or persuade costs on the skill it breaks")
            out.append(Problem(
                sc.path, c.line or node.line, 1, WARNING, "HR127",
                f"{_cw(node, c)} scores 0 on every dimension but is coded {', '.join(owed)}, and "
                f"{' and '.join(why)}. Give it the score a clinician would; if it is truly neutral, say so "
                "in its feedback and code it for what it is"))
    return out


def safety_problems(sc: Scenario, analysis: Analysis, dimensions: list[str]) -> list[Problem]:
    """HR128 and HR129, for a scenario whose content notes warn of a risk (else nothing)."""
    risks = risk_notes(sc)
    if SAFETY not in dimensions or not risks:
        return []
    warned = f"the content notes warn of {_and(risks)}"
    out: list[Problem] = []
    for node in sc.nodes.values():
        if not node.choices:
            continue
        safety = [c.score.get(SAFETY) for c in node.choices]
        if any((v or 0) > 0 for v in safety):
            for c, v in zip(node.choices, safety):
                if v is None and not any(x < 0 for x in c.score.values()):
                    out.append(Problem(
                        sc.path, c.line or node.line, 1, WARNING, "HR128",
                        f"{_cw(node, c)} gives no verdict on '{SAFETY}' where another option earns it, and "
                        f"{warned}: the debrief reads it as harmless to safety. Score what it does for safety "
                        f"(a minus if it steps past or plays down the danger), or write '{SAFETY}: 0' and say "
                        "in its feedback why it is neutral"))
        elif any((v or 0) < 0 for v in safety):
            out.append(Problem(
                sc.path, node.line, 1, WARNING, "HR129",
                f"at '{node.id}' an option loses '{SAFETY}' but none earns it ({warned}): the trainee who "
                "keeps the danger in view gets nothing for it, and where no other decision on the way "
                f"assesses safety the loss is not seen either. Give the line that names the danger its "
                f"'{SAFETY}' points"))
    r = possible_ranges(sc, analysis, [SAFETY], skip_critical=True).get(SAFETY)
    if r is not None and r.high <= 0:
        out.append(Problem(
            sc.path, 1, 1, WARNING, "HR129",
            f"{warned}, but no decision offers '{SAFETY}' points, so the debrief never measures how the trainee "
            "kept the client (or others) safe. Score the risk questions, the safety steps offered together "
            "and the lines that play a danger down"))
    elif r is not None and r.low <= 0:
        end = sc.nodes[r.low_path[-1]]
        out.append(Problem(
            sc.path, end.line, 1, WARNING, "HR129",
            f"'{SAFETY}' is never assessed on the way {_way(r.low_path)}, though {warned}: no decision along it "
            "offers points on safety. Put a decision that does on this way"))
    return out


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
