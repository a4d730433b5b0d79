"""The debrief's sentences and labels are typed once, in practice/words.py: no front end has its own copy."""
from __future__ import annotations

from pathlib import Path

from hrtraining.practice import words

ROOT = Path(__file__).resolve().parents[2] / "hrtraining"
MOVED = (words.NO_DECISIONS, words.STOPPED, words.YOUR_WORDS_FIRST, words.YOUR_WORDS_FIRST_LONG,
         "No decision split the room", "You said:", "You chose:", '"You said"', '"You chose"', "'You chose'",
         '"Your words"', '"Your words: "', "Your words:", "✓ the room's choice")
#: Where each sentence may be typed: the words, and the group debrief model that owns its own.
ALLOWED = {ROOT / "practice" / "words.py", ROOT / "workshop" / "_results.py",
           # the history overlay's "You chose" names a line of the transcript, not a debrief label
           ROOT / "game" / "_backlog.py"}


def test_the_moved_sentences_are_not_typed_again_in_a_front_end():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if path in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(ROOT.parent)}: {s!r}" for s in MOVED if s in text]
    assert found == []


def test_the_words_are_the_ones_users_read():
    assert words.NO_DECISIONS == "No decisions were made in this attempt."
    assert words.STOPPED_LINE == "The conversation was stopped before an ending."
    assert words.ending_line("Ray stays", True) == "Ending: Ray stays"
    assert words.ending_line("", False) == words.STOPPED_LINE
    assert (words.YOU_SAID, words.YOU_CHOSE, words.YOUR_WORDS) == ("You said", "You chose", "Your words")
