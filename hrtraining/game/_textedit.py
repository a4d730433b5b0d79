"""The text being edited in a multi-line text box: characters, cursor, selection, IME composition.

Plain logic, no drawing and no pygame: :class:`~hrtraining.game._textbox.TextBox` turns key and
text events into these calls and draws the result. Indexes count characters of :attr:`text`.

* The *selection* runs from :attr:`anchor` to :attr:`cursor` (no selection when the anchor is
  None or equal to the cursor). Typing or pasting replaces it; Backspace and Delete remove it.
* The *composition* is what an input method is still composing (TEXTEDITING): shown at the
  cursor, underlined, but not part of :attr:`text` until the input method commits it
  (TEXTINPUT), which :meth:`insert` receives like any typed text.
* Everything inserted goes through :func:`hrtraining.practice.clean_text`: line ends become
  ``\\n``, other control characters are dropped, and the text never grows past :attr:`limit`
  characters (what does not fit is dropped, and :attr:`notice` says so).
"""
from __future__ import annotations

import unicodedata

from hrtraining.practice import clean_text


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "_'’" or unicodedata.category(ch).startswith("M")


class TextEdit:
    """Editable text with a cursor, an optional selection and an input method's composition."""

    def __init__(self, text: str = "", limit: int = 2000):
        self.limit = limit
        self.text = clean_text(text, limit)[0]
        self.cursor = len(self.text)
        self.anchor: int | None = None
        self.composition = ""
        self.composition_cursor = 0
        self.notice = ""

    # -- reading -------------------------------------------------------------------
    @property
    def selection(self) -> tuple[int, int]:
        """(start, end) of the selection; equal when nothing is selected."""
        if self.anchor is None:
            return self.cursor, self.cursor
        return min(self.anchor, self.cursor), max(self.anchor, self.cursor)

    @property
    def has_selection(self) -> bool:
        start, end = self.selection
        return start != end

    def selected(self) -> str:
        start, end = self.selection
        return self.text[start:end]

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    # -- moving --------------------------------------------------------------------
    def move(self, to: int, extend: bool = False) -> None:
        """Put the cursor at ``to``; with ``extend`` the selection grows from where it was."""
        to = max(0, min(len(self.text), to))
        if extend:
            if self.anchor is None:
                self.anchor = self.cursor
        else:
            self.anchor = None
        self.cursor = to

    def left(self, extend: bool = False, word: bool = False) -> None:
        if self.has_selection and not extend:
            self.move(self.selection[0])
            return
        self.move(self.word_left(self.cursor) if word else self.cursor - 1, extend)

    def right(self, extend: bool = False, word: bool = False) -> None:
        if self.has_selection and not extend:
            self.move(self.selection[1])
            return
        self.move(self.word_right(self.cursor) if word else self.cursor + 1, extend)

    def word_left(self, i: int) -> int:
        """The start of the word before ``i`` (skipping the spaces and signs just before it)."""
        t = self.text
        while i > 0 and not _is_word(t[i - 1]):
            i -= 1
        while i > 0 and _is_word(t[i - 1]):
            i -= 1
        return i

    def word_right(self, i: int) -> int:
        """The end of the word after ``i`` (skipping the spaces and signs before it)."""
        t, n = self.text, len(self.text)
        while i < n and not _is_word(t[i]):
            i += 1
        while i < n and _is_word(t[i]):
            i += 1
        return i

    def select_all(self) -> None:
        self.anchor, self.cursor = 0, len(self.text)

    # -- changing ------------------------------------------------------------------
    def insert(self, typed: str) -> None:
        """Typed, pasted or committed text replaces the selection; kept within :attr:`limit`."""
        self.composition, self.composition_cursor = "", 0
        start, end = self.selection
        cleaned, _ = clean_text(typed, max(len(typed), 1))
        room = self.limit - (len(self.text) - (end - start))
        if len(cleaned) > room:
            cleaned = cleaned[:max(0, room)]
            self.notice = (f"That did not all fit: a reply can be up to {self.limit:,} characters, so the rest "
                           "was left out.")
        elif cleaned:
            self.notice = ""
        if not cleaned and start == end:
            return
        self.text = self.text[:start] + cleaned + self.text[end:]
        self.cursor, self.anchor = start + len(cleaned), None

    def backspace(self, word: bool = False) -> None:
        if self.has_selection:
            self.insert("")
        elif self.cursor > 0:
            self._cut(self.word_left(self.cursor) if word else self.cursor - 1, self.cursor)

    def delete(self, word: bool = False) -> None:
        if self.has_selection:
            self.insert("")
        elif self.cursor < len(self.text):
            self._cut(self.cursor, self.word_right(self.cursor) if word else self.cursor + 1)

    def _cut(self, start: int, end: int) -> None:
        self.text = self.text[:start] + self.text[end:]
        self.cursor, self.anchor = start, None
        self.notice = ""

    def compose(self, text: str, cursor: int = -1) -> None:
        """An input method's text in progress (TEXTEDITING); "" ends it without committing."""
        self.composition = text
        self.composition_cursor = len(text) if cursor < 0 else max(0, min(len(text), cursor))

    # -- what is drawn -------------------------------------------------------------
    def shown(self) -> tuple[str, int, tuple[int, int]]:
        """(text with the composition at the cursor, where the caret is in it, the composition's
        (start, end) in it)."""
        if not self.composition:
            return self.text, self.cursor, (self.cursor, self.cursor)
        c = self.cursor
        text = self.text[:c] + self.composition + self.text[c:]
        return text, c + self.composition_cursor, (c, c + len(self.composition))
