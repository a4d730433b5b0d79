"""The scenario model: what an author wrote, checked and frozen.

A :class:`Scenario` never changes once loaded; everything that changes during
play lives in :class:`~hrtraining.engine.SessionState` (ink's Story/StoryState
split). Values here are small and plain so the game, the terminal player and the
workshop can all read them without the engine drawing anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from ._conditions import Condition

CLIENT, YOU, NARRATOR = "client", "you", "narrator"
#: The most meters a scenario may declare: every one is shown beside the client at every text
#: size (the window's layout test renders this many at the largest text), and more would be a
#: dashboard, not a person. ``validate`` refuses more (HR033).
MAX_METERS = 6
EMPTY: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a node: ``speaker`` is ``client``, ``you``, ``narrator`` or a name."""

    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class Choice:
    """One thing the trainee may say at a decision."""

    index: int                      # position in the node's full list (stable id)
    text: str
    next: str
    score: Mapping[str, int] = field(default_factory=dict)
    codes: tuple[str, ...] = ()
    effects: Mapping[str, int] = field(default_factory=dict)
    feedback: str = ""
    critical: bool = False
    condition: Condition | None = None
    line: int = 0
    #: (line, column) of the ``if`` value, for messages about the condition.
    if_at: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Branch:
    """One entry of a conditional ``next`` list; the last has no condition."""

    next: str
    condition: Condition | None = None
    #: (line, column) of the entry and of its ``if`` value, for messages.
    at: tuple[int, int] = (0, 0)
    if_at: tuple[int, int] = (0, 0)


@dataclass(frozen=True, slots=True)
class Ending:
    title: str
    debrief: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """A beat of the conversation: lines, then choices, a ``next`` or an ending."""

    id: str
    lines: tuple[Line, ...] = ()
    discussion: str = ""
    choices: tuple[Choice, ...] = ()
    branches: tuple[Branch, ...] = ()
    ending: Ending | None = None
    line: int = 0

    @property
    def kind(self) -> str:
        """``choice``, ``continue`` or ``ending``."""
        if self.ending is not None:
            return "ending"
        return "choice" if self.choices else "continue"

    def targets(self) -> list[str]:
        """Every node this one can lead to, conditions ignored."""
        return [c.next for c in self.choices] + [b.next for b in self.branches]


@dataclass(frozen=True, slots=True)
class Meter:
    name: str
    start: int = 0
    min: int = 0
    max: int = 10
    label: str = ""

    def clamp(self, value: int) -> int:
        return self.min if value < self.min else self.max if value > self.max else value


@dataclass(frozen=True, slots=True)
class Client:
    name: str
    about: str = ""
    portrait: str = ""


@dataclass(eq=False)
class Scenario:
    """A loaded, validated scenario file. Treat as read-only."""

    id: str
    title: str
    summary: str
    client: Client
    start: str
    nodes: Mapping[str, Node]
    meters: Mapping[str, Meter] = field(default_factory=dict)
    setting: str = ""
    content_notes: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    content_hash: str = ""
    format: int = 1
    #: Filled in once by the analysis (best totals, stats); see ``_analysis``.
    _analysis: Any = field(default=None, repr=False)

    def speaker_name(self, speaker: str) -> str:
        """The name to show for a line's speaker."""
        if speaker == CLIENT:
            return self.client.name
        if speaker == YOU:
            return "You"
        if speaker == NARRATOR:
            return ""
        return speaker
