"""The limits a scenario must keep, shared by the validator and the runtime.

One constant per limit, so that what ``validate`` accepts is exactly what the
session, the game and the progress store can handle. docs/authoring.md states
each one for authors.
"""
from __future__ import annotations

#: The largest score a choice may give or take on one dimension (|score| <= 100).
#: The shipped scenarios use -3..3; totals must stay small enough to divide, to
#: turn into percentages and to store as SQLite integers.
MAX_SCORE = 100
#: Meter start, min and max, and each effect, lie within -1,000,000..1,000,000.
MAX_METER = 1_000_000
#: The most ``next`` (continue) nodes that may follow one another without a decision.
#: ``validate`` refuses longer runs (HR103); the session passes at most this many
#: in a row before it stops with an error, so the two can never disagree.
MAX_CONTINUE_RUN = 1_000
#: The session's own counter for the same limit: it allows one step more, because
#: ``Session._advance_to_decision`` counts the step that lands on the decision.
MAX_ADVANCE = MAX_CONTINUE_RUN + 1
#: The reachable-meter analysis explores (node, meter values) states exactly up to
#: this many states (about 0.5 s and 25 MB at most); beyond it, it uses one interval per
#: meter and node instead.
REACH_STATE_CAP = 100_000
