"""The trainee's own words at a decision, written before the options are shown ("write first").

Counselling-skills measures such as the Helpful Responses Questionnaire and VASE-R ask for the
trainee's own written reply, and producing an answer before seeing options is itself a learning
aid. At each decision of a write-first attempt a text box asks "What would you say to <client>?";
the trainee writes (or skips), then sees the options and marks which one is closest to what they
wrote, or "none of these", before choosing. The mark is the trainee's own judgement: nothing here
scores free text.

A :class:`Reply` is what the window, the terminal and the debrief hold; the store keeps it as a
:class:`~hrtraining.progress.ReplyRecord`. :func:`clean_text` is the one place that says what a
text box may hand on (the store refuses anything else).
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hrtraining.progress import ReplyRecord

__all__ = ["MAX_REFLECTION", "MAX_REPLY", "Reply", "clean_text"]  # noqa: F822  (the limits: __getattr__)


def __getattr__(name: str) -> Any:
    # The limits are the store's (it refuses longer text); read on first use so that importing
    # the debrief model does not import the progress store (``playtest`` never opens one).
    if name in ("MAX_REPLY", "MAX_REFLECTION"):
        from hrtraining.progress import checks

        return getattr(checks, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Reply:
    """What the trainee wrote at decision ``seq`` (0-based) and, once marked, the option they
    judged closest (``closeness`` "option", with the scenario's index and text) or "none"."""

    seq: int
    node_id: str
    text: str
    skipped: bool
    seconds: float
    closeness: str | None = None
    closest_index: int | None = None
    closest_text: str | None = None
    #: The words were longer than ``MAX_REPLY`` when written and only the first ``MAX_REPLY``
    #: characters were kept: the caller says so (a terminal has no text box showing the limit).
    #: Not stored, and not part of equality: a reply read back is the same reply.
    cut: bool = field(default=False, compare=False)

    @property
    def marked(self) -> bool:
        return self.closeness is not None

    def marked_as(self, closest_index: int | None, closest_text: str = "") -> Reply:
        """This reply with the trainee's closeness mark (None: none of the options was close)."""
        if closest_index is None:
            return replace(self, closeness="none", closest_index=None, closest_text=None)
        return replace(self, closeness="option", closest_index=closest_index, closest_text=closest_text)

    @classmethod
    def from_record(cls, r: ReplyRecord) -> Reply:
        return cls(r.seq, r.node_id, r.text, r.skipped, r.seconds, r.closeness, r.closest_index, r.closest_text)


def clean_text(text: str, limit: int | None = None) -> tuple[str, bool]:
    """``text`` as a text box may keep it: line ends made ``\\n``, control characters other than
    newline and tab dropped, at most ``limit`` characters (default: ``MAX_REPLY``). Returns (text,
    whether it was cut)."""
    if limit is None:
        limit = __getattr__("MAX_REPLY")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text):
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    if len(text) > limit:
        return text[:limit], True
    return text, False
