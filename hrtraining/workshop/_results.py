"""What a room's votes add up to: the group debrief, private summaries, the optional leaderboard.

Pure functions over a :class:`~._room.Room` (no I/O); scoring always goes through the
engine's :class:`~hrtraining.engine.Session` so a workshop is measured exactly like a
solo attempt.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Iterable

from hrtraining.engine import YOU, Outcome, Session, SessionError, StateError
from hrtraining.practice import Debrief, skill_note
from hrtraining.practice.words import HOW_LABELS, level_name

from ._room import RoomError, Step

if TYPE_CHECKING:
    from ._room import Room

#: A decision counts as hard for the room when its most popular choice had less than this
#: share of the votes (a 5–1 or 4–1 vote is a clear majority, 3–2 or 2–2–1 is not).
HARD_TOP_SHARE = 0.6
HARDEST_MAX = 3


def debrief(room: Room) -> dict[str, Any]:
    """The group debrief: the path, each decision's distribution and the hardest ones.

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
        path.append({
            "seq": d.seq, "node": d.node_id,
            "prompt": _prompt(step),
            "options": [{"number": o.number, "text": o.text, "votes": dist.get(o.number, 0),
                         "share": dist.get(o.number, 0) / total if total else 0.0} for o in step.options],
            "chosen": d.number, "chosen_text": d.text, "how": d.how,
            "how_label": HOW_LABELS.get(d.how, d.how), "votes": total,
            "split": 1 - top / total if total else 0.0, "entropy": _entropy(dist.values()),
        })
    ranked = sorted((p for p in path if p["votes"] >= 2 and 1 - p["split"] < HARD_TOP_SHARE - 1e-9),
                    key=lambda p: (-p["split"], -p["entropy"], p["seq"]))
    report = room.group_report()
    return {
        "title": room.scenario.title, "client": room.scenario.client.name,
        "path": path, "hardest": [p["seq"] for p in ranked[:HARDEST_MAX]],
        "finished": room.finished,
        "ending": report.ending_title if room.finished else "",
        "level": report.level,
        "scores": {d: {"name": s.name, "points": s.points, "possible": s.possible, "percent": s.percent,
                       "level": s.level} for d, s in report.scores.items() if s.required},
        "participants": len(room.participants),
    }


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
        "scores": [{"id": s.id, "name": s.name, "points": s.points, "possible": s.possible,
                    "percent": None if s.percent is None else round(s.percent, 4), "level": s.level,
                    "level_name": level_name(s.level), "note": skill_note(s), "required": s.required}
                   for s in debrief.assessed],
        "in_short": [{"title": pt.title, "text": pt.text} for pt in debrief.summary],
        "choices": choices,
    }


def decisions_counted(room: Room) -> int:
    """The decisions a summary's "You voted on N of M" counts: every one the room made, and the
    one it stopped at if anyone voted there (the leader's report lists the same ones).

    A vote at the decision the room ended on is scored in the participant's summary, so it must
    be counted among the decisions too, or the phone reads "You voted on 9 of 8 decisions".
    """
    decided = {d.seq for d in room.decided}
    return sum(1 for seq, step in enumerate(room.steps)
               if step.options and (seq in decided or room.votes.get(seq) or room.hands.get(seq)))


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
