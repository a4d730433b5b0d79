"""The leader's commands: one table that the projector's keys and the terminal's letters share.

Each :class:`Command` names the letter (a key in the window, a line in the terminal), the
:class:`~hrtraining.workshop.Workshop` method it calls and what it does, so the key list on
screen, the terminal's help and the handling of both come from the same place.
Numbers (pick or override a choice), Enter (go on with the majority) and the show-of-hands
counts take arguments, so the front ends read those themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._host import Workshop


@dataclass(frozen=True)
class Command:
    key: str        # the letter, lower case
    method: str     # the Workshop method it calls, with no arguments
    label: str      # what it does, for the key list


#: In the order the key list shows them.
LEADER_COMMANDS: tuple[Command, ...] = (
    Command("o", "open_vote", "open"),
    Command("c", "close_vote", "close"),
    Command("r", "reveal", "reveal"),
    Command("f", "show_feedback", "feedback"),
    Command("b", "back", "back"),
    Command("h", "", "hands"),               # the front end asks for the counts first
    Command("l", "toggle_leaderboard", "leaderboard"),
    Command("p", "toggle_pause", "pause · take care"),
    Command("k", "toggle_lock", "lock the room"),
)
BY_KEY = {c.key: c for c in LEADER_COMMANDS}


def run(workshop: Workshop, key: str) -> Any:
    """Run the plain command for ``key`` (no arguments); KeyError when there is none."""
    command = BY_KEY[key]
    if not command.method:
        raise KeyError(key)
    return getattr(workshop, command.method)()


def keys_hint(options: int, *, terminal: bool = False, end: str = "E end", notes: bool = False) -> str:
    """The key list, as the presenter view (``terminal=False``) or the terminal's help shows it.

    ``options`` is how many choices the decision offers (0 at an ending); ``notes`` while the
    content notes show (Enter begins the story). Ending always asks again (never on Esc).
    """
    n = min(9, max(1, options))
    if terminal:
        parts = [f"{c.key} {c.label}" if c.key != "h" else "h N N.. hands" for c in LEADER_COMMANDS]
        go = "Enter/g begin the story" if notes else "Enter/g go on"
        return " · ".join(parts[:4] + [go, f"1-{n} pick"] + parts[4:]
                          + ["w who is here", "x N remove", "j join sheet", "report", "s status", "e end", "q quit"])
    if notes:
        return f"Enter begin the story · P pause · K lock · {end}"
    if not options:
        return f"B back · L leaderboard · P pause · {end} the workshop and show the group debrief"
    parts = [f"{c.key.upper()} {c.label}" for c in LEADER_COMMANDS]
    return " · ".join(parts[:4] + ["Enter go on", f"1–{n} choose"] + parts[4:] + [end])
