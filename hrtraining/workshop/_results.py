"""What a room's votes add up to: the group debrief (:class:`GroupDebrief`), private summaries,
the optional leaderboard.

Pure functions over a :class:`~._room.Room` (no I/O); scoring always goes through the
engine's :class:`~hrtraining.engine.Session` so a workshop is measured exactly like a
solo attempt.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable

from hrtraining.engine import YOU, Outcome, Session, SessionError, StateError
from hrtraining.practice import Debrief, Skill, skill_json
from hrtraining.practice.words import HOW_LABELS, STOPPED, ending_line, level_name, plural

from ._room import RoomError, Step

if TYPE_CHECKING:
    from ._room import Room

#: A decision counts as hard for the room when its most popular choice had less than this
#: share of the votes (a 5–1 or 4–1 vote is a clear majority, 3–2 or 2–2–1 is not).
HARD_TOP_SHARE = 0.6
HARDEST_MAX = 3


@dataclass(frozen=True)
class RoomOption:
    """One option of a decision the room made, and how many chose it."""

    number: int
    text: str
    votes: int
    share: float                    # of the decision's votes (0 when nobody voted)
    chosen: bool                    # the room took it

    @property
    def line(self) -> str:
        """The option's text, marked when the room took it."""
        return self.text + ("  ✓ the room's choice" if self.chosen else "")


@dataclass(frozen=True)
class RoomDecision:
    """How the room voted at one decision and what it took."""

    seq: int                        # 0-based, as the room counts
    node_id: str
    prompt: str                     # the last thing said before it
    options: tuple[RoomOption, ...]
    chosen: int                     # the number of the option taken
    chosen_text: str
    how: str                        # ``Decided.how``
    votes: int                      # phone votes and hands together
    split: float                    # 1 - the top option's share
    entropy: float
    hardest: bool = False

    @property
    def number(self) -> int:
        return self.seq + 1

    @property
    def how_label(self) -> str:
        """``majority``, ``tie — leader picked``, ... (:data:`HOW_LABELS`)."""
        return HOW_LABELS.get(self.how, self.how)

    @property
    def title(self) -> str:
        """``Decision 2 · tie — leader picked · 4 votes``."""
        return f"Decision {self.number} · {self.how_label} · {plural(self.votes, 'vote')}"

    @property
    def line(self) -> str:
        """``Decision 2: chose 1 (tie — leader picked), 4 votes  (hardest)``."""
        return (f"Decision {self.number}: chose {self.chosen} ({self.how_label}), {plural(self.votes, 'vote')}"
                + ("  (hardest)" if self.hardest else ""))

    @property
    def split_line(self) -> str:
        """``Decision 2: split 50% / 50%`` (the two largest shares)."""
        shares = sorted((o.share for o in self.options), reverse=True)[:2]
        return f"Decision {self.number}: split {' / '.join(f'{round(100 * x)}%' for x in shares)}"


@dataclass(frozen=True)
class GroupDebrief:
    """The group debrief of a room: the path it took, how it voted at each decision, the hardest
    ones, the ending and its levels; with the sentences the wall, the leader's terminal and the
    leader's report lay out (none of them phrases a result itself).

    Built by :meth:`from_room`. ``skills`` are the engine's :class:`~hrtraining.practice.Skill`
    (``DimensionScore``) of the dimensions that decide the level, scored on the room's path.
    """

    #: Said in place of the hardest decisions when every vote had a clear majority.
    NO_HARDEST = "No decision split the room: every vote had a clear majority."

    title: str
    client: str
    decisions: tuple[RoomDecision, ...]
    hardest: tuple[int, ...]        # seqs of the hardest decisions, the most split first
    finished: bool
    ending_title: str               # empty unless the story reached an ending
    level: str | None
    skills: tuple[Skill, ...]
    participants: int

    # -- sentences ---------------------------------------------------------------------
    def ending_line(self) -> str:
        """``Ending: …`` or ``The conversation was stopped before an ending.``"""
        return ending_line(self.ending_title, self.finished)

    @property
    def ending_phrase(self) -> str:
        """``ending: …`` or ``stopped before an ending`` (part of a line of facts)."""
        return f"ending: {self.ending_title}" if self.finished else STOPPED

    @property
    def subtitle(self) -> str:
        """``6 took part · 3 decisions · ending: …`` (the wall's)."""
        return f"{self.participants} took part · {plural(len(self.decisions), 'decision')} · {self.ending_phrase}"

    @property
    def facts_line(self) -> str:
        """``6 participants · ending: …`` (the leader's report)."""
        return f"{plural(self.participants, 'participant')} · {self.ending_phrase}"

    @property
    def assessed(self) -> tuple[Skill, ...]:
        return tuple(s for s in self.skills if s.assessed)

    @property
    def skill_lines(self) -> tuple[str, ...]:
        """``Recognizing improvement: Fair`` for each assessed skill."""
        return tuple(f"{s.name}: {level_name(s.level)}" for s in self.assessed)

    def decision(self, seq: int) -> RoomDecision:
        return next(d for d in self.decisions if d.seq == seq)

    @property
    def hardest_decisions(self) -> tuple[RoomDecision, ...]:
        """The hardest decisions, the most split first."""
        return tuple(self.decision(seq) for seq in self.hardest)

    # -- building ----------------------------------------------------------------------
    @classmethod
    def from_room(cls, room: Room) -> GroupDebrief:
        """The path, each decision's distribution and the hardest ones.

        "Hardest" are the decisions where the room was really split: at least two votes and
        the most popular option under :data:`HARD_TOP_SHARE` of them; the most split first
        (``split`` = 1 - top share, ties broken by the entropy of the distribution), at most
        :data:`HARDEST_MAX`. A clear majority (5–1) is never "hardest".
        """
        path = []
        for d in room.decided:
            step = room.steps[d.seq]
            dist = room.distribution(d.seq)
            total = sum(dist.values())
            top = max(dist.values(), default=0)
            options = tuple(RoomOption(o.number, o.text, dist.get(o.number, 0),
                                       dist.get(o.number, 0) / total if total else 0.0, o.number == d.number)
                            for o in step.options)
            path.append(RoomDecision(d.seq, d.node_id, _prompt(step), options, d.number, d.text, d.how, total,
                                     1 - top / total if total else 0.0, _entropy(dist.values())))
        ranked = sorted((p for p in path if p.votes >= 2 and 1 - p.split < HARD_TOP_SHARE - 1e-9),
                        key=lambda p: (-p.split, -p.entropy, p.seq))
        hardest = tuple(p.seq for p in ranked[:HARDEST_MAX])
        report = room.group_report()
        return cls(room.scenario.title, room.scenario.client.name,
                   tuple(replace(p, hardest=p.seq in hardest) for p in path), hardest, room.finished,
                   report.ending_title if room.finished else "", report.level,
                   tuple(s for s in report.scores.values() if s.required), len(room.participants))


def debrief(room: Room) -> GroupDebrief:
    """The room's :class:`GroupDebrief`."""
    return GroupDebrief.from_room(room)


def summary(room: Room, token: str) -> dict[str, Any]:
    """A participant's private summary: their own votes scored as if they had played alone.

    Scoring uses the engine, never rules of its own:

    1. **Replay** — when the participant's votes form a playable path on their own
       (each of their choices leads to the next decision they voted on, with their
       own meters), ``Session.replay`` plays it and ``Session.report`` scores it
       exactly as a solo attempt would be scored (critical cap, MITI counts).
    2. **Sum** — otherwise (they voted against the room and the story went
       elsewhere, or they skipped a decision) their choices are handed to a fresh
       session's scoring as outcomes, each with the options the room was offered
       at that decision: per dimension, ``points`` is the sum of their choices'
       scores and ``possible`` what those decisions offered (scoring version 2, as
       for a solo player), with the same level thresholds and critical cap.
       ``method`` says which was used.

    Decisions they did not vote on earn nothing, so ``voted`` and ``decisions``
    are reported next to the levels for a fair reading.
    """
    p = room.participants.get(token)
    if p is None:
        raise RoomError("no such participant")
    mine = room.participant_choices(token)
    taken = [(node, index) for _, node, index in mine]
    method = "replay"
    try:
        scored = Session.replay(room.scenario, room.rubric, taken)
    except (StateError, SessionError):
        method = "sum"
        scored = Session(room.scenario, room.rubric)
        for seq, node, index in mine:
            choice = room.scenario.nodes[node].choices[index]
            offered = tuple(o.choice_index for o in room.steps[seq].options) or (index,)
            scored.outcomes.append(Outcome(node, choice, offered, {}))
    report = scored.report()
    debrief = Debrief.from_report(report, room.scenario, room.rubric)
    room_pick = {d.seq: d for d in room.decided}
    choices = []
    for seq, node, index in mine:
        step = room.steps[seq]
        choice = room.scenario.nodes[node].choices[index]
        picked = room_pick.get(seq)
        choices.append({
            "decision": seq + 1, "prompt": _prompt(step), "you": choice.text,
            "room": picked.text if picked else None,
            "same": picked is not None and picked.choice_index == index,
            "feedback": choice.feedback, "critical": choice.critical,
        })
    return {
        "nickname": p.nickname, "method": method,
        "voted": len(mine), "decisions": decisions_counted(room),
        "level": report.level, "critical": report.critical,
        # Skills their decisions did not assess have no level to show.
        "scores": [skill_json(s) for s in debrief.assessed],
        "in_short": [{"title": pt.title, "text": pt.text} for pt in debrief.summary],
        "choices": choices,
    }


def decisions_counted(room: Room) -> int:
    """The decisions a summary's "You voted on N of M" counts: every one the room made, and the
    one it stopped at if anyone voted there (the leader's report lists the same ones).

    A vote at the decision the room ended on is scored in the participant's summary, so it must
    be counted among the decisions too, or the phone reads "You voted on 9 of 8 decisions".
    """
    return len(counted_seqs(room))


def counted_seqs(room: Room) -> list[int]:
    """The decisions that count, in order: every one the room made, and any where someone voted
    or hands were counted. The summary's "of M" and the leader's report both read this one list."""
    decided = {d.seq for d in room.decided}
    return [seq for seq, step in enumerate(room.steps)
            if step.options and (seq in decided or room.votes.get(seq) or room.hands.get(seq))]


def leaderboard(room: Room, limit: int = 5) -> list[tuple[str, float, str]]:
    """(nickname, percent on the required dimensions, level), best first.

    Only people who gave a nickname appear (anonymous stays anonymous), and only
    when the leader turned the leaderboard on (empty otherwise). More than ``limit``
    when people are tied with the last place.
    """
    if not room.leaderboard:
        return []
    rows = []
    for token, p in room.participants.items():
        if not p.nickname or not room.participant_choices(token):
            continue
        s = summary(room, token)
        req = [d for d in s["scores"] if d["required"] and d["percent"] is not None]
        pct = sum(d["percent"] for d in req) / len(req) if req else 0.0
        rows.append((p.nickname, pct, s["level"]))
    rows.sort(key=lambda r: (-r[1], r[0].lower()))
    # The top ``limit``, and anyone tied with the last of them (on the percent as shown): a
    # tie is never cut, so nobody who shares a rank on the wall is missing from it.
    end = limit
    while 0 < end < len(rows) and round(100 * rows[end][1]) == round(100 * rows[limit - 1][1]):
        end += 1
    return rows[:end]


def _prompt(step: Step) -> str:
    """The last thing said before a decision (what the room was answering)."""
    for line in reversed(step.lines):
        if line.speaker != YOU:
            return line.text
    return ""


def _entropy(counts: Iterable[int]) -> float:
    values = [c for c in counts if c > 0]
    total = sum(values)
    if total == 0 or len(values) < 2:
        return 0.0
    return -sum(c / total * math.log(c / total) for c in values)
