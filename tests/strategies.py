"""Hypothesis strategies for scenario files, hostile ones included, and a headless player.

The project's rule: **a file that `validate` accepts must play without an exception.**
These strategies make scenario files the way a careless or hostile author might —
control and format characters, zero-width and bidi text, very long words and lines,
huge numbers, deep chains of continue nodes, exits guarded by conditions — and the
helpers keep the ones ``validate`` accepts and play them. Any layer can reuse them::

    from strategies import Player, accepted, scenario_texts, policies

    @given(text=scenario_texts(), policy=policies())
    def test_my_layer(tmp_path_factory, rubric, text, policy):
        result = accepted(text, folder, rubric)      # None when validate refuses it
        assume(result is not None)
        player = Player(result.load(), rubric, policy)
        for event in player.run():                   # one event per beat or choice
            ...drive the game window / the store / the workshop with it...

``tests/`` is on ``sys.path`` while the suite runs, so ``from strategies import ...``
works from every test folder. Nothing here imports pygame or the progress store.
"""
from __future__ import annotations

import itertools
import random
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from hypothesis import strategies as st

from hrtraining.engine import FileResult, Rubric, Scenario, Session, SessionState, check_file, load_rubric
from hrtraining.engine._limits import MAX_CONTINUE_RUN, MAX_METER, MAX_SCORE

RUBRIC = load_rubric()
DIMENSIONS = tuple(RUBRIC.dimensions)
CODES = tuple(RUBRIC.codes)

# -- text --------------------------------------------------------------------------------

WORDS = ("I cut down to weekends . still drink but no fights , my sister says it counts ? "
         "naloxone van clinic trust — “quoted” café naïve Zoë 日本語 مرحبا שלום 👋🏽 ‍ ok").split()
#: Characters the game must draw or skip without crashing, inside otherwise visible text.
TRICKY = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u202e", "\u202d", "\u2066", "\u2069",
          "\u200e", "\u200f", "\u061c", "\u0301", "\u20dd", "\ufe0f", "\U000e0041", "\u3164", "\U000f0000",
          "\ufffd", "\u2028", "\u2029", "\t", "\n", "  ", "%s", "{0}", "\\", "'", '"', ": ", "# ", "- ", "&a",
          "*a", "!!python/name:os.system", "<b>", "${x}"]
#: Characters validate refuses in text (a file holding them must be refused, not crash).
REFUSED = ["\x00", "\x1b", "\x1b[2J", "\x1b]0;pwned\x07", "\r", "\x7f", "\x85", "\x9b", "\x01", "\x08"]


def rarely(draw, one_in: int) -> bool:
    """True about once in ``one_in`` draws. (Not ``== 0``: Hypothesis favours the smallest
    and largest values, so those would come up far more often than that.)"""
    return draw(st.integers(0, one_in - 1)) == one_in // 2


def _words(draw, n: int) -> str:
    # One draw for many words: a seed (drawing each word would make examples slow to build).
    rng = random.Random(draw(st.integers(0, 2 ** 32)))
    return " ".join(rng.choice(WORDS) for _ in range(n))


@st.composite
def shown_text(draw, max_words: int = 12, one_line: bool = False) -> str:
    """Text with something visible in it, salted with characters that are hard to draw:
    zero-width and bidi characters, combining marks, emoji, right-to-left scripts, very long
    words and lines. ``validate`` accepts it (newlines and tabs only in running text)."""
    kind = draw(st.sampled_from(["words", "words", "tricky", "long-word", "long-line", "unicode"]))
    if kind == "words":
        text = _words(draw, draw(st.integers(1, max_words)))
    elif kind == "tricky":
        parts = [_words(draw, 1)]
        for _ in range(draw(st.integers(1, 6))):
            parts.append(draw(st.sampled_from(TRICKY)))
            parts.append(draw(st.sampled_from(WORDS)))
        text = "".join(parts)
    elif kind == "long-word":
        text = _words(draw, 1) + " " + draw(st.sampled_from(["x", "日", "👋", "W"])) * draw(
            st.sampled_from([80, 400, 3000])) + " end"
    elif kind == "long-line":
        text = _words(draw, draw(st.integers(100, 600)))
    else:
        text = "v" + draw(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30))
    if one_line:
        text = text.replace("\n", " ").replace("\t", " ").replace("\u2028", " ").replace("\u2029", " ")
    return text


@st.composite
def hostile_text(draw, max_words: int = 12, one_line: bool = False) -> str:
    """Like :func:`shown_text`, but sometimes holding what ``validate`` refuses: control
    characters (NUL, escape sequences, carriage returns, C1 controls), or nothing visible
    at all (only zero-width or bidi characters)."""
    kind = draw(st.sampled_from(["shown", "shown", "shown", "refused", "invisible"]))
    if kind == "shown":
        return draw(shown_text(max_words, one_line))
    if kind == "invisible":
        return "".join(draw(st.lists(st.sampled_from(["\u200b", "\u202e", "\u2060", "\ufeff", " ", "\u0301"]),
                                     min_size=1, max_size=5)))
    text = draw(shown_text(max_words, one_line))
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(st.sampled_from(REFUSED)) + text[at:]


SANE_INTS = st.integers(-3, 3)
EDGE_INTS = st.sampled_from([MAX_SCORE, -MAX_SCORE, MAX_SCORE + 1, MAX_METER, -MAX_METER, MAX_METER + 1,
                             2 ** 63, -(10 ** 400), 10 ** 18])


# -- scenarios ---------------------------------------------------------------------------

@dataclass
class Knobs:
    """How hostile one generated scenario is (drawn once per scenario, so that most
    scenarios are accepted and the rest exercise the validator's refusals)."""

    text: Any
    line_text: Any
    numbers: Any
    chain: int


@st.composite
def knobs(draw, max_chain: int = 60) -> Knobs:
    hostile = rarely(draw, 8)
    huge = rarely(draw, 8)
    chains = [0, 0, 0, 1, 3, 12, max_chain]
    if max_chain > MAX_CONTINUE_RUN:  # the limit itself, and one past it (refused: HR103)
        chains += [MAX_CONTINUE_RUN, MAX_CONTINUE_RUN + 1]
    text = hostile_text if hostile else shown_text
    return Knobs(text(), text(6, one_line=True), st.one_of(SANE_INTS, EDGE_INTS) if huge else SANE_INTS,
                 draw(st.sampled_from(chains)))


@st.composite
def conditions(draw, meters: list[str]) -> str:
    """A condition over ``meters``: comparisons joined by and/or/not."""
    def comparison() -> str:
        op = draw(st.sampled_from(["<", "<=", "==", "!=", ">=", ">"]))
        return f"{draw(st.sampled_from(meters))} {op} {draw(st.integers(-2, 7))}"

    text = comparison()
    for _ in range(draw(st.integers(0, 2))):
        text = f"{text} {draw(st.sampled_from(['and', 'or']))} {'not ' if draw(st.booleans()) else ''}{comparison()}"
    return f"not ({text})" if rarely(draw, 6) else text


@st.composite
def scenario_docs(draw, max_nodes: int = 10, max_chain: int = 60) -> dict:
    """A scenario as plain data (dump it with :func:`to_yaml`).

    Every node has a way forward to a later node and the last nodes are endings, so
    most drawn scenarios are valid; conditions, effects, loops through decisions and
    hostile text and numbers make some of them invalid or traps, as an author might.
    """
    k = draw(knobs(max_chain))
    n_meters = draw(st.integers(0, 2))
    meters = {}
    for name in ["trust", "judged"][:n_meters]:
        lo = draw(st.integers(-2, 1))
        hi = lo + draw(st.integers(0, 6))
        if draw(k.numbers) == MAX_METER + 1:  # the 'huge' knob: a range no scenario needs
            hi = MAX_METER + 1
        meters[name] = {"start": draw(st.integers(lo, hi)), "min": lo, "max": hi, "label": draw(k.line_text)}
    names = list(meters)
    n = draw(st.integers(2, max_nodes))
    endings = draw(st.integers(1, min(3, n - 1)))
    ids = [f"n{i}" for i in range(n)]
    if rarely(draw, 6):  # node ids an author might write
        ids[draw(st.integers(1, n - 1))] = draw(st.sampled_from(["1", "café-visit", "a b", "n-0", "日本", "x:y"]))
    nodes: dict[str, Any] = {}
    chain_at = draw(st.integers(0, n - endings - 1)) if k.chain else -1
    for i, nid in enumerate(ids):
        node: dict[str, Any] = {}
        if draw(st.booleans()):
            node["text"] = draw(k.text)
        else:
            node["lines"] = [{draw(st.sampled_from(["client", "you", "narrator", "Ray's sister"]))
                              if draw(st.integers(0, 4)) else draw(k.line_text): draw(k.text)}
                             for _ in range(draw(st.integers(0, 3)))]
        if rarely(draw, 4):
            node["discussion"] = draw(k.text)
        if i >= n - endings:
            node["ending"] = {"title": draw(k.line_text), "debrief": draw(k.text)}
        elif i == chain_at:
            node["next"] = "chain-0"
        elif rarely(draw, 4):
            node["next"] = _branches(draw, ids, i, names)
        else:
            node["choices"] = [_choice(draw, k, ids, i, names, first=(c == 0))
                               for c in range(draw(st.integers(1, 4)))]
        nodes[nid] = node
    if k.chain:  # a deep chain of continue nodes, entered from chain_at and rejoining after it
        after = ids[chain_at + 1]
        for c in range(k.chain):
            nodes[f"chain-{c}"] = {"text": "…", "next": f"chain-{c + 1}" if c + 1 < k.chain else after}
    return {
        "format": 1,
        "id": "bar-fights\n" if rarely(draw, 20) else draw(st.sampled_from(["fuzz", "fuzz-1", "a-b-c"])),
        "title": draw(k.line_text),
        "summary": draw(k.text),
        "client": {"name": draw(k.line_text), "about": draw(k.text)},
        "setting": draw(st.sampled_from(["office", "clinic", "drop-in", "outreach", "the-moon"])),
        "content_notes": [draw(k.line_text) for _ in range(draw(st.integers(0, 2)))],
        "tags": [draw(k.line_text) for _ in range(draw(st.integers(0, 2)))],
        **({"meters": meters} if meters else {}),
        "start": ids[-1] if rarely(draw, 25) else ids[0],  # now and then, a scenario that starts at its end
        "nodes": nodes,
    }


def _choice(draw, k: Knobs, ids: list[str], i: int, meters: list[str], first: bool) -> dict:
    # The first choice always leads forward, so an ending is always linked.
    target = ids[draw(st.integers(i + 1, len(ids) - 1))] if first or draw(st.booleans()) \
        else ids[draw(st.integers(0, len(ids) - 1))]
    dims = draw(st.lists(st.sampled_from(DIMENSIONS), max_size=3, unique=True))
    c: dict[str, Any] = {
        "text": draw(k.text),
        "next": target,
        "score": {d: draw(k.numbers) for d in dims} or {DIMENSIONS[0]: 0},
        "codes": draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3, unique=True)),
        "feedback": draw(k.text),
    }
    if meters and draw(st.booleans()):
        c["effects"] = {m: draw(k.numbers) for m in draw(st.lists(st.sampled_from(meters), min_size=1, unique=True))}
    if rarely(draw, 6):
        c["critical"] = True
    if meters and rarely(draw, 3):
        c["if"] = draw(conditions(meters))
    return c


def _branches(draw, ids: list[str], i: int, meters: list[str]) -> Any:
    # Continue nodes only lead forward, so they never loop without a decision (HR067).
    forward = st.integers(i + 1, len(ids) - 1).map(ids.__getitem__)
    if not meters or draw(st.booleans()):
        return draw(forward)
    entries = [{"if": draw(conditions(meters)), "next": draw(forward)} for _ in range(draw(st.integers(1, 2)))]
    return entries + [{"next": draw(forward)}]


def to_yaml(doc: dict) -> str:
    """The YAML text of a scenario document, as an author's editor might save it."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(doc, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def scenario_texts(max_nodes: int = 10, max_chain: int = 60) -> st.SearchStrategy[str]:
    """Scenario files as YAML text (see :func:`scenario_docs`)."""
    return scenario_docs(max_nodes, max_chain).map(to_yaml)


_files = itertools.count()


def accepted(text: str, folder: Path, rubric: Rubric = RUBRIC) -> FileResult | None:
    """Write ``text`` to a new file in ``folder`` and check it: the result if ``validate``
    accepts it (no errors; warnings are fine), else None. Never raises."""
    path = folder / f"s{next(_files)}.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_file(path, rubric)
    return result if result.ok else None


# -- playing -----------------------------------------------------------------------------

def policies() -> st.SearchStrategy[tuple[str, int]]:
    """(policy name, seed) for :class:`Player`."""
    return st.tuples(st.sampled_from(Player.POLICIES), st.integers(0, 2 ** 16))


@dataclass
class Event:
    """One step of a play: a beat shown, then (at a decision) the position chosen."""

    beat: Any
    chosen: int | None = None   # 0-based position among the options offered
    outcome: Any = None
    undone: bool = False


@dataclass
class Player:
    """Plays a scenario headless through :class:`Session` with a choosing policy.

    ``first``/``last`` always take that option; ``random`` is seeded; ``loop`` prefers
    options that lead back to nodes already visited (the longest plays); ``undo``
    plays randomly and sometimes takes a decision back. ``run()`` yields an
    :class:`Event` per beat and stops at an ending or after ``max_steps`` beats.
    """

    POLICIES = ("first", "last", "random", "loop", "undo")

    scenario: Scenario
    rubric: Rubric
    policy: tuple[str, int] = ("random", 0)
    max_steps: int = 400
    session: Session = field(init=False)

    def __post_init__(self) -> None:
        self.session = Session(self.scenario, self.rubric)
        self.rng = random.Random(self.policy[1])
        self.seen: set[str] = set()
        #: the 1-based positions of the decisions on the current path (``playtest --choices``)
        self.script: list[int] = []

    def pick(self, beat) -> int:
        name = self.policy[0]
        n = len(beat.options)
        if name == "first":
            return 0
        if name == "last":
            return n - 1
        if name == "loop":
            back = [i for i, o in enumerate(beat.options)
                    if self.scenario.nodes[beat.node_id].choices[o.choice_index].next in self.seen]
            if back:
                return self.rng.choice(back)
        return self.rng.randrange(n)

    def run(self) -> Iterator[Event]:
        s = self.session
        for _ in range(self.max_steps):
            beat = s.beat()
            self.seen.add(beat.node_id)
            if beat.kind == "ending":
                yield Event(beat)
                return
            if beat.kind == "continue":
                s.advance()
                yield Event(beat)
                continue
            assert beat.options, f"no options at {beat.node_id!r}"
            if self.policy[0] == "undo" and s.outcomes and self.rng.random() < 0.2:
                assert s.undo()
                self.script.pop()
                yield Event(beat, undone=True)
                continue
            pos = self.pick(beat)
            self.script.append(pos + 1)
            yield Event(beat, pos, s.choose(pos))


def can_always_end(scenario: Scenario, rubric: Rubric, state: SessionState, limit: int = 5000) -> bool | None:
    """Whether an ending can be reached from ``state`` by *some* choices — an oracle for the
    validator's trap check, written against the session's own rules (``Session.offered``,
    ``advance``) rather than the analysis. None when more than ``limit`` states were met."""
    def key(s: Session) -> tuple:
        return s.state.node, tuple(sorted(s.state.meters.items()))

    def at(node: str, meters: dict) -> Session:
        s = Session(scenario, rubric)
        s.state = SessionState(scenario.id, scenario.content_hash, node, dict(meters), [node], [])
        return s

    start = at(state.node, state.meters)
    seen = {key(start)}
    todo = deque([start])
    while todo:
        s = todo.popleft()
        if s.finished:
            return True
        if s.node.choices:
            nexts = []
            for pos in range(len(s.beat().options)):
                t = at(s.state.node, s.state.meters)
                t.choose(pos)
                nexts.append(t)
        else:
            t = at(s.state.node, s.state.meters)
            t.advance()
            nexts = [t]
        for t in nexts:
            k = key(t)
            if k not in seen:
                if len(seen) >= limit:
                    return None
                seen.add(k)
                todo.append(t)
    return False
