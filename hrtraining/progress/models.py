"""Plain value objects returned by the store. They hold no connection and are safe to keep."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from hrtraining.engine import LEVELS, HRTrainingError  # LEVELS worst to best: defined once, in the engine

MODES = ("practice", "assessment")
SOURCES = ("game", "terminal", "workshop")
STATUSES = ("open", "finished", "abandoned")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS, start=1)}
SELF_RATINGS = LEVELS  # a trainee rates an attempt on the same three levels the game uses


class DamagedReport(HRTrainingError, ValueError):
    """A stored attempt's report that cannot be read (not JSON, or not a JSON object)."""


@dataclass(frozen=True)
class Profile:
    id: int
    name: str
    created_at: str
    #: A stable random id (32 hex digits) that stands for the person in xAPI statements, so
    #: their name never leaves the computer unless the agency asks for it (docs/xapi.md).
    pseudonym: str = ""


@dataclass(frozen=True)
class ChoiceRecord:
    """One choice taken in an attempt, as it was shown when it was made."""

    seq: int
    node_id: str
    choice_index: int
    choice_text: str
    score: dict[str, int]
    codes: list[str]
    critical: bool
    feedback: str
    made_at: str


@dataclass(frozen=True)
class ReplyRecord:
    """What the trainee wrote at one decision before seeing its options, and their closeness mark.

    ``text`` is "" when they skipped writing. ``closeness`` is None until they marked it (and
    always for a skipped reply), ``"option"`` when they named the offered option closest to
    their words (``closest_index`` is the scenario's index of that choice, ``closest_text``
    its text as shown), ``"none"`` when none of the options was close. ``seconds`` is how
    long the text box was open before they submitted or skipped.
    """

    seq: int
    node_id: str
    text: str
    skipped: bool
    seconds: float
    written_at: str
    closeness: str | None = None
    closest_index: int | None = None
    closest_text: str | None = None
    marked_at: str | None = None


@dataclass(slots=True)
class Attempt:
    """An attempt, pinned to the scenario version (hash) it was played on.

    List queries (``Store.attempts``) return light attempts: no ``choices`` (see
    ``choice_count``) and no report, so a 10,000-row history loads fast; ``Store.attempt``
    and ``Store.unfinished_attempts`` return ``detailed`` ones with both.
    (A slotted, non-frozen dataclass: creating one is ~10x cheaper than a frozen one.)
    """

    id: int
    profile: str
    scenario_id: str
    scenario_hash: str
    scenario_title: str
    mode: str
    source: str
    status: str  # 'open' | 'finished' | 'abandoned'
    started_at: str
    finished_at: str | None
    choice_count: int
    ending_id: str | None
    ending_title: str | None
    level: str | None
    critical: int | None
    workshop_room: str | None
    # The trainee's own rating ('beginning' | 'fair' | 'good'), given in the debrief before
    # the scores are shown; None when they did not rate (or the attempt predates schema v3).
    self_rating: str | None = None
    #: The xAPI registration (a UUID) that groups this attempt's statements; None for attempts
    #: stored before schema v4.
    registration: str | None = None
    # A replay (a practice attempt started at decision ``from_decision`` of attempt
    # ``parent_attempt_id``, schema v4); both None for a whole attempt.
    parent_attempt_id: int | None = None
    from_decision: int | None = None
    choices: tuple[ChoiceRecord, ...] = ()
    # Detailed attempts only: the trainee's own words per decision (by seq) and the reflection.
    replies: tuple[ReplyRecord, ...] = ()
    reflection: str | None = None
    report_json: str | None = field(default=None, repr=False, compare=False)
    detailed: bool = field(default=False, repr=False, compare=False)
    _report: dict[str, Any] | None = field(default=None, init=False, repr=False,
                                           compare=False)

    @property
    def finished(self) -> bool:
        return self.status == "finished"

    @property
    def is_replay(self) -> bool:
        """Started from a decision of another attempt (not counted on the progress chart)."""
        return self.parent_attempt_id is not None

    def reply(self, seq: int) -> ReplyRecord | None:
        """The trainee's own words at decision ``seq`` (0-based), if they were asked."""
        return next((r for r in self.replies if r.seq == seq), None)

    @property
    def report(self) -> dict[str, Any] | None:
        """The engine's report dict as stored at finish; None while unfinished.

        Raises LookupError on a light attempt from a list query: load it with
        ``store.attempt(attempt.id)`` (silently returning None would look "unfinished"), and
        :class:`DamagedReport` when the stored report is not a JSON object.
        """
        if not self.detailed:
            raise LookupError(
                f"attempt {self.id} was listed without its report; use store.attempt(id)"
            )
        if self._report is None and self.report_json is not None:
            self._report = parse_report(self.id, self.report_json)
        return self._report

    def is_outdated(self, current_hash: str | None) -> bool:
        return is_outdated(self, current_hash)


def parse_report(attempt_id: int, raw: str) -> dict[str, Any]:
    """A stored report's JSON as a dict; :class:`DamagedReport` (naming the attempt) when it is not
    JSON or not a JSON object. The one reading of a stored report, for the store and the exports."""
    try:
        report = json.loads(raw)
        if not isinstance(report, dict):
            raise ValueError("not a JSON object")
    except (ValueError, RecursionError) as e:
        # Written by another program or a failing disk: one line the caller can show, never a
        # JSONDecodeError that escapes past handlers made for the store's errors.
        raise DamagedReport(f"attempt {attempt_id}: its stored report cannot be read "
                            f"({e.__class__.__name__})") from None
    return report


def is_outdated(attempt: Attempt, current_hash: str | None) -> bool:
    """True if ``attempt`` was played on another version of its scenario.

    ``current_hash`` is the hash of the scenario as it is now, or None if the scenario no
    longer exists; such attempts count as outdated (their record stays valid: it keeps the
    texts and scores as played).
    """
    return current_hash is None or attempt.scenario_hash != current_hash


class SeriesPoint(NamedTuple):
    """One attempt's result on one dimension, for the progress chart.

    Deliberately small (the points are in ``store.attempt(attempt_id).report``): a chart
    over 10,000 attempts builds 50,000 of these.
    """

    finished_at: str
    percent: float | None
    level: str
    scenario_id: str
    scenario_hash: str
    attempt_id: int


@dataclass(frozen=True)
class Room:
    code: str
    scenario_id: str
    scenario_hash: str
    scenario_title: str
    created_at: str
    closed_at: str | None
    locked: bool = False   # the leader locked it: nobody new may join (kept for a resume)


@dataclass(frozen=True)
class Vote:
    room_code: str
    decision_seq: int
    node_id: str
    participant: str
    nickname: str | None
    choice_index: int
    voted_at: str


@dataclass(frozen=True)
class HandCount:
    """Raised hands for one choice at one decision, typed in by the workshop's leader."""

    room_code: str
    decision_seq: int
    node_id: str
    choice_index: int
    count: int
    counted_at: str


@dataclass(frozen=True)
class OutboxItem:
    """One xAPI statement waiting in the outbox: ``body`` is sent exactly as stored."""

    seq: int
    statement_id: str
    body: str
    tries: int


@dataclass(frozen=True)
class OutboxStatus:
    """What the outbox holds and how sending went, for ``hrtraining lrs status`` and the
    progress screen. Times are ISO 8601 UTC; None when it never happened."""

    waiting: int                 # statements not yet taken by the LRS
    rejected: int                # refused by the LRS for good (kept, not resent)
    dropped: int                 # not kept because the outbox was full
    sent: int                    # taken by the LRS since this progress file was made
    limit: int                   # the outbox's cap
    last_error: str | None       # why the last try failed; None after a success
    last_error_at: str | None
    last_sent_at: str | None
    next_try_at: str | None      # the earliest back-off among the waiting statements
    oldest_at: str | None        # when the oldest waiting statement was made

    @property
    def full(self) -> bool:
        return self.waiting >= self.limit
