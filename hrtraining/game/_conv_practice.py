"""The conversation's practice hooks: own words first, and "Try that again" beside Continue.

A mixin of :class:`~hrtraining.game._conversation.ConversationScene`, kept apart so the
conversation's layout and input stay its own. The conversation calls :meth:`_ask_first` whenever
a decision's text has all appeared; in a write-first play that pushes the text box
(``compose``) or, once words are written, the closeness mark (``closeness``) over it, so the
options show only after both. :meth:`_try_again` takes the last choice back (practice mode only)
and offers the decision again, its text shown at once; the words written there are kept, so
the options come straight back.
"""
from __future__ import annotations

from typing import Any

AGAIN = ("again", "Try that again")


class PracticeHooks:
    """Needs the conversation's ``app``, ``phase``, ``outcome``, ``meter_flash``, ``_start_beat``
    and ``finish_reveal``."""

    app: Any
    phase: str

    def _ask_first(self) -> None:
        """At a decision of a write-first play: the trainee's own words, then the closeness mark."""
        play = self.app.play
        if play is None or self.app.manager.current is not self:
            return
        if play.needs_reply:
            self.app.manager.push("compose")
        elif play.needs_closeness:
            self.app.manager.push("closeness")

    def _pinned_extra(self) -> tuple[str, str] | None:
        """"Try that again", pinned beside Continue under the coach's note (practice mode only),
        so it never takes the room of the note's first lines."""
        play = self.app.play
        if play is None or play.mode != "practice" or self.phase != "coach":
            return None
        return AGAIN

    def _try_again(self) -> None:
        play = self.app.play
        if play is None or not play.take_back():
            self.app.notify("That choice cannot be taken back here.")
            return
        self.outcome = None
        self.meter_flash = {}
        self._start_beat([])
        if self.phase == "reveal":
            self.finish_reveal()  # the decision's lines were read already: show them whole
