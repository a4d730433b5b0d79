"""Scenario texts shared by tests in more than one folder.

``tests/`` is on ``sys.path`` while the suite runs (pytest puts the folder of
``tests/conftest.py`` there), so test modules can ``from _helpers import ...``.
"""
from __future__ import annotations

# The nodes of a one-decision scenario, from ``start:`` on: one decision with one
# fully scored choice that leads to an ending. Put a head (format, id, title, client)
# in front of it.
ONE_DECISION_NODES = """\
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's a real change.
        next: done
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: You named the step.
  done:
    ending: {title: Done}
"""

# Continue nodes that loop: c's only way out needs trust 5, and meters cannot change
# without a decision. `validate` refuses it (HR067); a session built from it anyway must
# stop with an error when advancing from b, rather than spin forever.
LOOP = """\
format: 1
id: loop
title: Loop
client: {name: Sam}
meters:
  trust: {start: 0, min: 0, max: 5}
start: a
nodes:
  a:
    choices:
      - text: hi
        next: b
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: f
  b:
    text: round
    next: c
  c:
    text: and round
    next:
      - if: trust >= 5
        next: e
      - next: b
  e:
    ending: {title: E}
"""
