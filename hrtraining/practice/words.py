"""The game's words for numbers, levels and counts: one place, every front end.

The window, the terminal, the progress screen, the projector and the phones all say "1
decision", "Fair", "62%" and "5 phone votes + 3 hands" the same way because they all call
these. Plain text, no markup.
"""
from __future__ import annotations

LEVEL_NAMES = {"good": "Good", "fair": "Fair", "beginning": "Beginning"}
NOT_ASSESSED = "Not assessed"

#: How the room left a decision (``Decided.how``), as the debriefs say it.
HOW_LABELS = {"majority": "majority", "tie": "tie — leader picked", "leader": "leader's choice (override)",
              "none": "leader's choice (no votes)"}

# -- the debrief's sentences and labels, typed once for every front end -----------------------
#: A path with no decision on it.
NO_DECISIONS = "No decisions were made in this attempt."
#: Where an ending's title would go when play stopped first (the supervision page's "Ending",
#: the projector's and the leader's report's "· ending: …").
STOPPED = "stopped before an ending"
#: The sentence for it, in a debrief (an attempt's or a room's).
STOPPED_LINE = f"The conversation was {STOPPED}."
#: The option taken at a decision: "You said" when nothing was written first, "You chose" after
#: the trainee's own words (the supervision page says "You chose" always).
YOU_SAID = "You said"
YOU_CHOSE = "You chose"
#: The trainee's own words at a decision (write-first); the window's heading when they wrote, and
#: the supervision page's longer one.
YOUR_WORDS = "Your words"
YOUR_WORDS_FIRST = "Your words (written before the options)"
YOUR_WORDS_FIRST_LONG = "Your words, written before the options were shown"


def plural(n: int, word: str, many: str = "") -> str:
    """``1 decision``, ``2 decisions`` (``many`` for irregular plurals)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def level_name(level: str | None) -> str:
    """``Good``, ``Fair``, ``Beginning``; a dash for no level."""
    return LEVEL_NAMES.get(level or "", "—")


def percent(x: float | None, missing: str = "—") -> str:
    """``62%`` (rounded); ``missing`` when there is no figure (not assessed)."""
    return missing if x is None else f"{round(x * 100)}%"


def hands_words(n: int) -> str:
    """``1 hand``, ``3 hands``."""
    return plural(n, "hand")


def vote_words(phone: int, hands: int) -> str:
    """How many voted, and how: "7 votes", "9 hands" or "5 phone votes + 3 hands"."""
    if not hands:
        return plural(phone, "vote")
    if not phone:
        return hands_words(hands)
    return f"{plural(phone, 'phone vote')} + {hands_words(hands)}"


def quoted(text: str) -> str:
    """Text in curly quotes ending a sentence: a full stop inside unless it already ends in one
    (never “…it.”. with a second stop outside)."""
    t = text.strip()
    if t.endswith(("”", "\"", "’", "'")):
        inner = t.rstrip("”\"’'")
        end = t[len(inner):]
    else:
        inner, end = t, ""
    if not inner.endswith((".", "!", "?", "…")):
        inner += "."
    return f"“{inner}{end}”"


def closeness_line(reply) -> str:
    """The trainee's own closeness mark of a :class:`~hrtraining.practice.Reply`, in words:
    ``Closest option, in your judgement: “…”`` or that none was close; empty when unmarked."""
    if reply is None or reply.closeness is None:
        return ""
    if reply.closeness == "none":
        return "None of the options was close to what you wrote, in your judgement."
    return f"Closest option, in your judgement: {quoted(reply.closest_text or '')}"


def ending_line(title: str, finished: bool) -> str:
    """``Ending: Ray's evening``, or that the conversation stopped first."""
    return f"Ending: {title}" if finished else STOPPED_LINE


def duration(seconds: float | None) -> str:
    """``8 s``, ``1 min 05 s``, ``12 min``: how long the trainee took (empty for None)."""
    if seconds is None:
        return ""
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    m, s = divmod(s, 60)
    return f"{m} min" if s == 0 or m >= 10 else f"{m} min {s:02d} s"
