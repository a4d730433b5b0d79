"""What only the leader sees: the presenter view, as plain text that a window or a terminal shows.

The audience's screen (the projector) shows the story, the join card and the votes, never
the leader's keys or instructions. Everything meant for the leader is gathered here once, so the
presenter window in the game and the terminal (``hrtraining workshop --headless``, or the
window's terminal when there is only one screen) say the same things:

* where the room is and what the leader can do next (the keys);
* a timer since the vote opened, and "N connected · M voted";
* the decision's discussion prompt, before the feedback shows it to the room;
* the participant list, with who is here, who voted (never *what*), who stepped out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from hrtraining.practice.words import hands_words, plural

from ._commands import keys_hint
from ._room import CLOSED, ENDED, FEEDBACK, NOTES, OPEN, REVEALED, WAITING

if TYPE_CHECKING:
    from ._host import RosterEntry, RoomView


@dataclass(frozen=True)
class Presenter:
    """The presenter view's text, top to bottom."""

    heading: str            # "Room K7MQX4 · Decision 2 · voting open"
    next_step: str          # what to do now, in words
    timer: str              # "vote open 1:05" or ""
    counts: str             # "23 connected · 18 of 21 voted · 2 stepped out"
    prompt: str             # the discussion prompt ("" when the decision has none)
    keys: str               # the key list
    flags: tuple[str, ...]  # "Room locked", "Paused", a store problem …


def clock(seconds: float) -> str:
    """``1:05`` (minutes:seconds), ``12:00``."""
    s = max(0, int(seconds))
    return f"{s // 60}:{s % 60:02d}"


def next_step(v: RoomView) -> str:
    """The leader's instruction for this moment (shown to the leader only)."""
    if v.debrief is not None:
        return "The group debrief is on the wall. X saves the leader's report; Q closes the room's screen."
    if v.finished:
        return "The story reached its ending. E ends the workshop and shows the group debrief; B goes back a step."
    if v.phase == NOTES:
        return ("The content notes are showing on the wall and every phone. Give people a moment; anyone may "
                "step out on their phone. Enter begins the story.")
    if v.tie:
        return f"Tied between {' and '.join(map(str, v.tie))}: press the number of the choice to take."
    hands = sum(v.hands.values())
    if v.phase == WAITING:
        return "Read the lines with the room, then O opens the vote (or H for a show of hands)."
    if v.phase == OPEN:
        return "Voting is open. C closes it, R closes it and reveals the votes."
    if v.phase == CLOSED:
        if hands and not v.voted:
            return "Hands counted. R reveals them, F shows the coach's feedback."
        return "The vote is closed. R reveals the votes, O opens it again."
    if v.phase in (REVEALED, FEEDBACK):
        total = sum(o.votes or 0 for o in v.options)
        top = max((o.votes or 0 for o in v.options), default=0)
        leaders = [o.number for o in v.options if (o.votes or 0) == top and top]
        go = (f"Enter goes on with {leaders[0]}" if len(leaders) == 1
              else "no single majority: press a number to pick")
        more = "" if v.phase == FEEDBACK else "F shows the coach's feedback and the discussion prompt. "
        return f"{more}{go}; 1–{len(v.options)} overrides. ({plural(total, 'vote')}{' incl. ' + hands_words(hands) if hands else ''})"
    return ""


def presenter(v: RoomView, now: float | None = None) -> Presenter:
    """The presenter view for snapshot ``v``; ``now`` is ``time.monotonic()`` (for the vote timer)."""
    import time

    now = time.monotonic() if now is None else now
    phase = {NOTES: "content notes", WAITING: "vote not open yet", OPEN: "voting open", CLOSED: "vote closed",
             REVEALED: "votes revealed", FEEDBACK: "coach's feedback", ENDED: "ended"}.get(v.phase, v.phase)
    where = "Ending" if v.finished else f"Decision {v.seq + 1}"
    timer = f"vote open {clock(now - v.opened_at)}" if v.opened_at is not None and v.phase == OPEN else ""
    counts = [f"{v.connected} connected", f"{v.voted} of {v.participants} voted"]
    if v.stepped_out:
        counts.append(f"{v.stepped_out} stepped out")
    hands = sum(v.hands.values())
    if hands:
        counts.append(hands_words(hands))
    flags = []
    if v.paused:
        flags.append("Paused: the wall and the phones show the take-care screen (P resumes)")
    if v.locked:
        flags.append("Room locked: nobody new can join (K unlocks)")
    if v.store_problem:
        flags.append(v.store_problem)
    if v.notice:
        flags.append(v.notice)
    keys = keys_hint(v.choices if not v.finished else 0, notes=v.phase == NOTES)
    if v.debrief is not None:
        keys = "↑↓ scroll the debrief · L leaderboard · X save the report · Q close the room's screen"
    return Presenter(f"Room {v.code} · {where} · {phase}", next_step(v), timer, " · ".join(counts),
                     v.prompt, keys, tuple(flags))


def roster_lines(roster: Sequence[RosterEntry], limit: int | None = None) -> list[str]:
    """The participant list as text lines: ``3. Ana · here · voted``; numbered for removing."""
    out = []
    for i, e in enumerate(roster[:limit] if limit else roster, 1):
        state = "stepped out" if e.stepped_out else "here" if e.online else "away" if e.present else "gone"
        out.append(f"{i}. {e.label} · {state}" + (" · voted" if e.voted else ""))
    return out
