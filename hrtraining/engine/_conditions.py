"""Conditions such as ``trust >= 3 and not (judged > 0)``.

A small recursive-descent parser of our own compiles a condition into nested
closures over the meter values. Nothing is ever passed to ``eval``: the only
things a condition can do are compare a meter with a whole number and combine
the results with ``and``, ``or`` and ``not``.

    expr  := term ("or" term)*
    term  := factor ("and" factor)*
    factor:= "not" factor | "(" expr ")" | METER OP INT
    OP    := < | <= | == | != | >= | >
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Callable, Mapping

from ._errors import HRTrainingError

Predicate = Callable[[Mapping[str, int]], bool]
#: A condition's structure, for analyses that reason about it (see ``_reach``):
#: ``("cmp", meter, op, number)``, ``("not", tree)``, ``("and", trees)`` or ``("or", trees)``.
Tree = tuple

# [0-9], not \d: \d also matches other scripts' digits ("٣"), which int() would quietly accept.
_TOKEN = re.compile(r"\s*(?:(?P<int>[-+]?[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                    r"|(?P<op>=>|=<|<>|<=|>=|==|!=|<|>|=)|(?P<paren>[()]))")
_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq,
        "!=": operator.ne, ">=": operator.ge, ">": operator.gt}
#: Comparisons written the way other languages (or a hurried hand) write them, and the one meant.
_MEANT = {"=>": ">=", "=<": "<=", "<>": "!="}
_WORDS = {"and", "or", "not"}
#: How deep ``not`` and parentheses may nest; real conditions use two or three.
MAX_NESTING = 50


class ConditionError(HRTrainingError, ValueError):
    """A condition that does not parse; ``offset`` is 0-based into the text."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Condition:
    """A parsed condition: its text, the meters it reads, and a test."""

    text: str
    meters: frozenset[str]
    test: Predicate
    tree: Tree = ()

    def __call__(self, meters: Mapping[str, int]) -> bool:
        return self.test(meters)


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    end = len(text.rstrip())
    while pos < end:
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            bad = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise ConditionError(f"unexpected '{text[bad]}' in condition", bad)
        kind = m.lastgroup
        assert kind is not None
        value = m.group(kind)
        start = m.start(kind)
        if kind == "name" and value in _WORDS:
            kind = value
        out.append((kind, value, start))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.toks = _tokens(text)
        self.i = 0
        self.meters: set[str] = set()
        self.depth = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def expect(self, what: str) -> tuple[str, str, int]:
        tok = self.peek()
        if tok is None:
            raise ConditionError(f"the condition ends where {what} was expected", len(self.text))
        self.i += 1
        return tok

    def parse(self) -> tuple[Predicate, Tree]:
        if not self.toks:
            raise ConditionError("the condition is empty; write e.g. 'trust >= 2'", 0)
        pred = self.expr()
        tok = self.peek()
        if tok is not None:
            raise ConditionError(f"unexpected '{tok[1]}'; join comparisons with 'and' or 'or'", tok[2])
        return pred

    # Each rule returns (predicate, tree): the closure runs the game, the tree is for analyses.
    def expr(self) -> tuple[Predicate, Tree]:
        parts = [self.term()]
        while (tok := self.peek()) and tok[0] == "or":
            self.i += 1
            parts.append(self.term())
        if len(parts) == 1:
            return parts[0]
        preds = tuple(p for p, _ in parts)
        return (lambda m, preds=preds: any(p(m) for p in preds)), ("or", tuple(t for _, t in parts))

    def term(self) -> tuple[Predicate, Tree]:
        parts = [self.factor()]
        while (tok := self.peek()) and tok[0] == "and":
            self.i += 1
            parts.append(self.factor())
        if len(parts) == 1:
            return parts[0]
        preds = tuple(p for p, _ in parts)
        return (lambda m, preds=preds: all(p(m) for p in preds)), ("and", tuple(t for _, t in parts))

    def factor(self) -> tuple[Predicate, Tree]:
        kind, value, at = self.expect("a comparison such as 'trust >= 2'")
        if kind == "not" or (kind == "paren" and value == "("):
            # Nesting is bounded, so a hostile condition cannot exhaust the stack.
            if self.depth >= MAX_NESTING:
                raise ConditionError(f"the condition nests 'not' and parentheses more than {MAX_NESTING} "
                                     "deep; write it more simply", at)
            self.depth += 1
            try:
                if kind == "not":
                    inner, tree = self.factor()
                    return (lambda m: not inner(m)), ("not", tree)
                inner = self.expr()
                k, v, a = self.expect("')'")
                if v != ")":
                    raise ConditionError(f"expected ')' but found '{v}'", a)
                return inner
            finally:
                self.depth -= 1
        if kind != "name":
            raise ConditionError(f"expected a meter name but found '{value}'", at)
        name = value
        k, op, a = self.expect(f"a comparison after '{name}' (<, <=, ==, !=, >=, >)")
        if k != "op":
            raise ConditionError(f"expected a comparison after '{name}' but found '{op}'", a)
        if op in _MEANT:
            raise ConditionError(f"'{op}' is not a comparison; did you mean '{_MEANT[op]}'? "
                                 f"Write e.g. '{name} {_MEANT[op]} 2'", a)
        if op == "=":
            raise ConditionError(f"'=' alone is not a comparison; did you mean '==' (equal to), or '>=' or "
                                 f"'<=' (at least, at most)? Write e.g. '{name} >= 2'", a)
        k, num, a = self.expect(f"a whole number after '{op}'")
        if k != "int":
            raise ConditionError(f"expected a whole number after '{op}' but found '{num}'", a)
        if len(num.lstrip("+-")) > 18:
            raise ConditionError(f"the number '{num[:20]}...' is too large for a meter", a)
        self.meters.add(name)
        fn, limit = _OPS[op], int(num)
        return (lambda m: fn(m.get(name, 0), limit)), ("cmp", name, op, limit)


def parse_condition(text: str) -> Condition:
    """Parse ``text``; raises :class:`ConditionError` with the offending offset."""
    p = _Parser(text)
    test, tree = p.parse()
    return Condition(text, frozenset(p.meters), test, tree)
