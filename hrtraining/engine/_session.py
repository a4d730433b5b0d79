"""Playing a scenario: the session hands out small values and never draws.

Lifecycle (Yarn Spinner style)::

    session = Session(scenario, rubric)
    while not session.finished:
        beat = session.beat()          # lines to show, then options / continue / ending
        if beat.kind == "choice":
            outcome = session.choose(0)  # 0-based position among beat.options
        else:
            session.advance()
    report = session.report()

Everything that changes lives in :class:`SessionState`, which is plain data with
a version number (ink's StoryState), so it can be saved, restored and replayed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ._analysis import analyse
from ._errors import SessionError, StateError
from ._model import Choice, Ending, Scenario
from ._rubric import Rubric
from ._scoring import (DecisionReview, DimensionScore, Report, credit, dimension_level, miti_summary,
                       overall_level, possible_at)

#: Saved state is versioned as ink versions its save state: the version written now, and the
#: oldest one this code still reads (a newer one is refused, never guessed at).
STATE_VERSION = 1
OLDEST_STATE_VERSION = 1
#: How many continue nodes pass in a row before the session stops (see _limits: the same limit
#: ``validate`` enforces with HR103 and HR067, so this only backs it up).
from ._limits import MAX_ADVANCE  # noqa: E402


@dataclass(frozen=True, slots=True)
class ShownLine:
    """A line ready to show: ``speaker`` is client/you/narrator/other, ``name`` what to print."""

    speaker: str
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Option:
    """A choice offered now: ``number`` is 1-based among those offered."""

    number: int
    choice_index: int
    text: str


@dataclass(frozen=True, slots=True)
class Beat:
    """What to show at the current node."""

    node_id: str
    kind: str  # "choice", "continue" or "ending"
    lines: tuple[ShownLine, ...]
    options: tuple[Option, ...] = ()
    discussion: str = ""
    ending: Ending | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a choice did: its feedback, scores, codes and the meters it moved."""

    node_id: str
    choice: Choice
    offered: tuple[int, ...]                       # choice indices offered at the time
    meter_changes: Mapping[str, tuple[int, int]]   # meter -> (before, after), only those that moved

    @property
    def feedback(self) -> str:
        return self.choice.feedback

    @property
    def critical(self) -> bool:
        return self.choice.critical


@dataclass
class SessionState:
    """Everything that changes during play, as plain data (saved with a version)."""

    scenario_id: str
    scenario_hash: str
    node: str
    meters: dict[str, int]
    path: list[str] = field(default_factory=list)
    taken: list[tuple[str, int]] = field(default_factory=list)  # (node id, choice index)
    version: int = STATE_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "scenario_id": self.scenario_id, "scenario_hash": self.scenario_hash,
                "node": self.node, "meters": dict(self.meters), "path": list(self.path),
                "taken": [[n, i] for n, i in self.taken]}

    @classmethod
    def from_dict(cls, d: Any) -> SessionState:
        """Rebuild saved state; raises :class:`StateError` on anything malformed."""
        try:
            v = d["version"]
            if not isinstance(v, int) or isinstance(v, bool) or not OLDEST_STATE_VERSION <= v <= STATE_VERSION:
                newer = isinstance(v, int) and v > STATE_VERSION
                raise StateError(f"saved state has version {v!r}; this game reads {OLDEST_STATE_VERSION} to "
                                 f"{STATE_VERSION}" + ("; update hrtraining to continue it" if newer else ""))
            taken = [(str(n), int(i)) for n, i in d["taken"]]
            meters = {str(k): int(v) for k, v in d["meters"].items()}
            return cls(str(d["scenario_id"]), str(d["scenario_hash"]), str(d["node"]), meters,
                       [str(p) for p in d["path"]], taken)
        except StateError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise StateError(f"saved state is malformed ({e.__class__.__name__}: {e})") from None


#: The meter changes of a choice that moved none (shared: it is read-only).
NO_CHANGES: Mapping[str, tuple[int, int]] = MappingProxyType({})


class Session:
    """One play-through of a scenario. Methods that change state say so."""

    def __init__(self, scenario: Scenario, rubric: Rubric):
        self.scenario = scenario
        self.rubric = rubric
        self.analysis = analyse(scenario, list(rubric.dimensions))
        self.state = SessionState(scenario.id, scenario.content_hash, scenario.start,
                                  {m.name: m.start for m in scenario.meters.values()}, [scenario.start])
        self.outcomes: list[Outcome] = []
        #: Continue nodes passed since the last decision; meters cannot change between
        #: decisions, so a long run of them is a loop that would never end.
        self._advances = 0

    # -- restoring ---------------------------------------------------------
    @classmethod
    def replay(cls, scenario: Scenario, rubric: Rubric, taken: list[tuple[str, int]]) -> Session:
        """A session that has made ``taken`` decisions (node id, choice index) in order.

        Continue nodes between decisions are passed automatically. Raises
        :class:`StateError` when the scenario no longer fits (it was edited).
        """
        s = cls(scenario, rubric)
        for n, (node_id, index) in enumerate(taken, 1):
            s._advance_to_decision()
            if s.state.node != node_id:
                raise StateError(f"decision {n} was made at '{node_id}', but the scenario now reaches "
                                 f"'{s.state.node}' there; it has changed since")
            try:
                s.choose_index(index)
            except SessionError as e:
                raise StateError(f"decision {n} at '{node_id}': {e}") from None
        return s

    @classmethod
    def replay_longest(cls, scenario: Scenario, rubric: Rubric,
                       taken: list[tuple[str, int]]) -> tuple[Session, int]:
        """Replay as many of ``taken`` as still fit the scenario; returns (session, how many).

        Used after an author edits a file mid-play (F5): the player lands on the
        same node when it still exists, else on the nearest earlier one.
        """
        for n in range(len(taken), -1, -1):
            try:
                return cls.replay(scenario, rubric, taken[:n]), n
            except (StateError, SessionError):
                continue
        return cls(scenario, rubric), 0  # pragma: no cover - replaying nothing always works

    @classmethod
    def restore(cls, scenario: Scenario, rubric: Rubric, state: SessionState) -> Session:
        """Continue from saved state by replaying its decisions (so scores are rebuilt too).

        Raises :class:`StateError` when the state is for another scenario or no
        longer fits it; callers decide what an outdated ``scenario_hash`` means.
        """
        if state.scenario_id != scenario.id:
            raise StateError(f"saved state is for '{state.scenario_id}', not '{scenario.id}'")
        return cls.replay(scenario, rubric, state.taken)

    # -- reading -----------------------------------------------------------
    @property
    def node(self):
        return self.scenario.nodes[self.state.node]

    @property
    def finished(self) -> bool:
        return self.node.ending is not None

    @property
    def meters(self) -> Mapping[str, int]:
        return MappingProxyType(self.state.meters)

    def offered(self) -> list[Choice]:
        """The choices whose ``if`` holds now (all of them if none does)."""
        choices = self.scenario.nodes[self.state.node].choices
        m = self.state.meters
        out = [c for c in choices if c.condition is None or c.condition.test(m)]
        return out or list(choices)

    def beat(self) -> Beat:
        """What to show now. Reading it changes nothing."""
        node = self.node
        sc = self.scenario
        lines = tuple(ShownLine(l.speaker, sc.speaker_name(l.speaker), l.text) for l in node.lines)
        options = tuple(Option(i, c.index, c.text) for i, c in enumerate(self.offered(), 1)) \
            if node.choices else ()
        return Beat(node.id, node.kind, lines, options, node.discussion, node.ending)

    # -- acting ------------------------------------------------------------
    def choose(self, position: int) -> Outcome:
        """Take the offered choice at 0-based ``position``; changes state."""
        if not self.scenario.nodes[self.state.node].choices:
            raise SessionError(f"node '{self.state.node}' has no choices to make")
        offered = self.offered()
        if not 0 <= position < len(offered):
            raise SessionError(f"choice {position + 1} is not offered here; pick 1 to {len(offered)}")
        return self._take(offered[position], offered)

    def choose_index(self, index: int) -> Outcome:
        """Take the node's choice with stable ``index`` (it must be offered now); changes state."""
        if not self.node.choices:
            raise SessionError(f"node '{self.state.node}' has no choices to make")
        offered = self.offered()
        for c in offered:
            if c.index == index:
                return self._take(c, offered)
        raise SessionError(f"choice #{index} is not offered at '{self.state.node}' now")

    def _take(self, choice: Choice, offered: list[Choice]) -> Outcome:
        st = self.state
        changes: dict[str, tuple[int, int]] = {}
        if choice.effects:
            meters = self.scenario.meters
            for name, delta in choice.effects.items():
                before = st.meters[name]
                after = meters[name].clamp(before + delta)
                if after != before:
                    st.meters[name] = after
                    changes[name] = (before, after)
        outcome = Outcome(st.node, choice, tuple([c.index for c in offered]),
                          MappingProxyType(changes) if changes else NO_CHANGES)
        st.taken.append((st.node, choice.index))
        st.node = choice.next
        st.path.append(choice.next)
        self.outcomes.append(outcome)
        self._advances = 0
        return outcome

    def advance(self) -> str:
        """Leave a continue node by the first ``next`` whose condition holds; changes state."""
        node = self.node
        if node.choices or node.ending is not None:
            raise SessionError(f"node '{node.id}' waits for a {'choice' if node.choices else 'restart'}, "
                               "not a continue")
        if self._advances >= MAX_ADVANCE:
            raise SessionError(f"the story loops through continue nodes without a decision at '{node.id}'; "
                               "give the loop a way out that does not need a meter to change")
        self._advances += 1
        m = self.state.meters
        target = next(b.next for b in node.branches if b.condition is None or b.condition.test(m))
        self.state.node = target
        self.state.path.append(target)
        return target

    def _advance_to_decision(self) -> None:
        for _ in range(MAX_ADVANCE):
            if self.node.choices or self.node.ending is not None:
                return
            self.advance()
        raise SessionError(f"the story loops through continue nodes without a decision at '{self.state.node}'")

    def skip_to_decision(self) -> None:
        """Pass continue nodes until a decision or an ending (the terminal and tests use it)."""
        self._advance_to_decision()

    def undo(self) -> bool:
        """Take back the last decision (the workshop's "go back"); False when there is none."""
        if not self.state.taken:
            return False
        again = Session.replay(self.scenario, self.rubric, self.state.taken[:-1])
        self.state, self.outcomes, self._advances = again.state, again.outcomes, again._advances
        return True

    # -- scoring -----------------------------------------------------------
    def report(self) -> Report:
        """Scores for the decisions faced so far (a debrief when finished); see ``_scoring``."""
        rubric = self.rubric
        dims = tuple(rubric.dimensions)
        facts = self._all_facts(dims)
        picks = [f.pick(o.choice) for o, f in zip(self.outcomes, facts)]
        # Column sums of the decisions' rows, in the rubric's dimension order (C-level loops:
        # the headless benchmark plays and reports hundreds of thousands of decisions).
        zero = (0,) * len(dims)
        possible = dict(zip(dims, map(sum, zip(zero, *(f.possible_row for f in facts)))))
        points = dict(zip(dims, map(sum, zip(zero, *(p[0] for p in picks)))))
        codes: dict[str, int] = {}
        for o in self.outcomes:
            for c in o.choice.codes:
                codes[c] = codes.get(c, 0) + 1
        reviews = tuple(DecisionReview(n, f.node_id, f.prompt, o.choice, p[1], f.discussion, f.offered)
                        for n, (o, f, p) in enumerate(zip(self.outcomes, facts, picks), 1))
        critical = tuple(r for r in reviews if r.chosen.critical)
        scores: dict[str, DimensionScore] = {}
        for d, dim in rubric.dimensions.items():
            pct, level, capped = dimension_level(rubric, d, points[d], possible[d], bool(critical))
            scores[d] = DimensionScore(d, dim.name, points[d], possible[d], pct, level,
                                       d in rubric.required, capped)
        node = self.node
        ending = node.ending
        miti = miti_summary(codes, {c.id: c.adherence for c in rubric.codes.values()})
        return Report(
            scenario_id=self.scenario.id,
            ending_id=node.id if ending else None,
            ending_title=ending.title if ending else "",
            ending_debrief=ending.debrief if ending else "",
            path=tuple(self.state.path),
            scores=scores,
            level=overall_level(scores, rubric.required),
            critical=len(critical),
            critical_choices=critical,
            codes=codes,
            decisions=reviews,
            **miti,
        )

    def _all_facts(self, dims: tuple[str, ...]) -> list[_Decision]:
        """What scoring needs of each decision made, worked out once per scenario and rubric
        (kept on the scenario's analysis) and looked up after that."""
        rubric = self.rubric
        memo = self.analysis.decisions.setdefault((dims, rubric.required), {})
        out = []
        for o in self.outcomes:
            f = memo.get((o.node_id, o.offered))
            if f is None:
                node = self.scenario.nodes[o.node_id]
                f = memo[o.node_id, o.offered] = _Decision(node, tuple(node.choices[i] for i in o.offered), dims,
                                                           rubric.required, self.analysis.back)
            out.append(f)
        return out


class _Decision:
    """One decision as offered: the options, what it adds to ``possible`` per dimension, and
    for each choice its scores as a row and the stronger option to hold up (see
    :func:`stronger_option`)."""

    __slots__ = ("node_id", "prompt", "discussion", "offered", "possible_row", "_dims", "_required", "_back",
                 "_picks")

    def __init__(self, node: Any, offered: tuple[Choice, ...], dims: tuple[str, ...], required: tuple[str, ...],
                 back: set[tuple[str, int]]):
        self.node_id, self.offered = node.id, offered
        self.prompt = node.lines[-1].text if node.lines else ""
        self.discussion = node.discussion
        self.possible_row = tuple(possible_at(offered, d) for d in dims)
        self._dims, self._required, self._back = dims, required, back
        self._picks: dict[int, tuple[tuple[int, ...], Choice | None]] = {}

    def pick(self, chosen: Choice) -> tuple[tuple[int, ...], Choice | None]:
        """(``chosen``'s score per dimension, the stronger option or None)."""
        p = self._picks.get(chosen.index)
        if p is None:
            score = chosen.score
            p = self._picks[chosen.index] = (
                tuple(score.get(d, 0) for d in self._dims),
                stronger_option(self.node_id, chosen, self.offered, self._required, self._back))
        return p


def stronger_option(node_id: str, chosen: Choice, offered: tuple[Choice, ...], required: tuple[str, ...],
                    back: set[tuple[str, int]]) -> Choice | None:
    """The offered option to hold up instead of ``chosen``, or None (see ``_scoring``).

    The highest credit on the required dimensions wins (the first shown on a tie); it must
    beat the chosen option's credit, be non-critical and not loop back (``back`` edges).
    """
    top, found = credit(chosen, required), None
    for c in offered:
        if c.critical or (node_id, c.index) in back:
            continue
        v = credit(c, required)
        if v > top:
            top, found = v, c
    return found
