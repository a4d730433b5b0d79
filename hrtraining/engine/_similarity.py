"""Near-duplicate options in one decision (HR120).

Two options that say almost the same thing are either a copy-paste slip (one was
meant to say something else) or a trick the trainee can only lose to. We compare
the options of each decision pairwise by their **words in order**: each text is
cut into words (letters, digits and apostrophes, case folded), and the similarity
is difflib's ratio over the two word lists, 2 × matching words ÷ words in both.
Options at or above ``THRESHOLD`` (0.85: in two 20-word options, at most about
three words differ) are near-duplicates.

Most pairs are far apart, so a cheap upper bound rejects them before difflib
runs: no more words can match than the words of each side that appear anywhere
in the other.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Iterator

from ._errors import WARNING, Problem
from ._model import Node, Scenario

THRESHOLD = 0.85
_WORD = re.compile(r"[\w']+")


def words(text: str) -> list[str]:
    """The words of an option's text, case folded, punctuation dropped."""
    return _WORD.findall(text.casefold())


def similarity(a: list[str], b: list[str]) -> float:
    """difflib's ratio over two word lists: 1.0 for the same words in the same order."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _could_reach(a: list[str], b: list[str], threshold: float) -> bool:
    """False when ``a`` and ``b`` cannot reach ``threshold`` (an upper bound of the ratio)."""
    total = len(a) + len(b)
    if total == 0:
        return True
    in_b, in_a = set(b), set(a)
    shared = min(sum(map(in_b.__contains__, a)), sum(map(in_a.__contains__, b)))
    return 2 * shared >= threshold * total


def near_duplicates(node: Node, threshold: float = THRESHOLD) -> Iterator[tuple[int, int, float]]:
    """(choice index, choice index, similarity) for each near-duplicate pair of ``node``."""
    texts = [words(c.text) for c in node.choices]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = texts[i], texts[j]
            if a == b:
                yield i, j, 1.0
            elif _could_reach(a, b, threshold):
                r = similarity(a, b)
                if r >= threshold:
                    yield i, j, r


def duplicate_problems(sc: Scenario) -> list[Problem]:
    """HR120: a pair of options in one decision that are near-duplicates."""
    out: list[Problem] = []
    for node in sc.nodes.values():
        if len(node.choices) < 2:
            continue
        for i, j, r in near_duplicates(node):
            ci, cj = node.choices[i], node.choices[j]
            out.append(Problem(
                sc.path, cj.line or node.line, 1, WARNING, "HR120",
                f"at '{node.id}', choices {i + 1} and {j + 1} are near-duplicates ({r:.0%} of their words "
                f"match, in order): \"{_short(ci.text)}\" / \"{_short(cj.text)}\". Make each option say "
                "something of its own"))
    return out


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
