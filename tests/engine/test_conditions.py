"""Conditions: our own small parser, never eval."""
from __future__ import annotations

import builtins

import pytest
from hypothesis import given, settings, strategies as st

from hrtraining.engine import ConditionError, parse_condition

M = {"trust": 3, "guard": 0, "anger": -2}


@pytest.mark.parametrize("text,expected", [
    ("trust >= 3", True),
    ("trust > 3", False),
    ("trust == 3", True),
    ("trust != 3", False),
    ("trust <= 2", False),
    ("trust < 4", True),
    ("trust>=3", True),                        # no spaces needed
    ("  trust >= 3  ", True),
    ("anger == -2", True),                     # negative numbers
    ("anger < -1", True),
    ("anger > +1", False),                     # an explicit plus sign
    ("missing == 0", True),                    # an unknown meter reads 0 (the builder reports HR031)
    ("trust >= 3 and guard == 0", True),
    ("trust >= 3 and guard == 1", False),
    ("trust > 5 or guard == 0", True),
    ("trust > 5 or guard == 1", False),
    ("not trust > 5", True),
    ("not not trust > 5", False),
    ("not (trust >= 3)", False),
    ("(trust >= 3)", True),
    ("((trust >= 3))", True),
    # precedence: not > and > or
    ("trust > 5 and guard == 0 or anger < 0", True),    # (F and T) or T
    ("trust > 5 and (guard == 0 or anger < 0)", False),  # F and (...)
    ("guard == 0 or trust > 5 and anger > 0", True),    # T or (F and F)
    ("(guard == 0 or trust > 5) and anger > 0", False),
    ("not guard == 0 or trust == 3", True),             # (not T) or T
    ("not (guard == 0 or trust == 3)", False),
    ("not guard == 0 and trust == 3", False),           # (not T) and T
    ("trust >= 1 and trust <= 5 and not anger == 0", True),
])
def test_valid_conditions(text, expected):
    c = parse_condition(text)
    assert c(M) is expected
    assert c.test(M) is expected
    assert c.text == text


def test_meters_read():
    assert parse_condition("trust >= 1 and not (guard < 2 or anger == -1)").meters == \
        frozenset({"trust", "guard", "anger"})


@pytest.mark.parametrize("text,offset", [
    ("", 0),
    ("   ", 0),
    ("trust", 5),             # the condition ends where a comparison was expected
    ("trust >=", 8),
    ("trust = 3", 6),         # '=' is not '=='
    ("trust => 3", 6),
    ("3 <= trust", 0),        # the meter comes first
    ("trust >= three", 9),
    ("trust >= 3 trust", 11),
    ("trust >= 3 and", 14),
    ("trust >= 3 or or guard > 1", 14),
    ("(trust >= 3", 11),
    ("trust >= 3)", 10),
    ("trust >= 3.5", 10),
    ("trust >= 3 && guard > 1", 11),
    ("trust >= 3 || guard > 1", 11),
    ("!(trust >= 3)", 0),
    ("trust >= 'a'", 9),
    ("and trust > 1", 0),
    ("trust >= 1; import os", 10),
    ("__import__('os')", 11),                            # the tokenizer stops at the quote
    ("__import__('os').system('touch /tmp/pwned')", 11),
    ("trust.__class__ > 1", 5),
    ("[x for x in ()]", 0),
    ("lambda: 1", 6),
    ("trust >= True", 9),
    ("trust in (1, 2)", 11),
])
def test_invalid_conditions(text, offset):
    with pytest.raises(ConditionError) as e:
        parse_condition(text)
    assert e.value.offset == offset, str(e.value)
    assert 0 <= e.value.offset <= len(text)
    assert str(e.value)


def test_never_eval(monkeypatch):
    """Even a condition that looks like Python is parsed by our grammar, never evaluated."""
    def refuse(*a, **k):
        raise AssertionError("eval/exec/compile must never be called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", refuse)
    for text in ("__import__('os')", "open('/etc/passwd')", "trust >= 1 or __import__('os')"):
        with pytest.raises(ConditionError):
            parse_condition(text)
    assert parse_condition("trust >= 1")({"trust": 1}) is True


def test_deep_nesting_is_a_condition_error_not_a_crash():
    for text in ("(" * 2000 + "trust > 1" + ")" * 2000, "not " * 5000 + "trust > 1"):
        with pytest.raises(ConditionError):
            parse_condition(text)


def test_reasonable_nesting_works():
    assert parse_condition("(" * 20 + "trust > 1" + ")" * 20)({"trust": 2}) is True
    assert parse_condition("not " * 20 + "trust > 1")({"trust": 2}) is True


def test_huge_number_is_a_condition_error():
    with pytest.raises(ConditionError):
        parse_condition("trust > " + "9" * 5000)


def test_condition_error_is_a_value_error():
    assert issubclass(ConditionError, ValueError)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("tg ()<>=!-+0123456789") + ["trust", "and", "or", "not", " "]),
                max_size=25).map("".join))
def test_fuzz_only_condition_errors(text):
    try:
        c = parse_condition(text)
    except ConditionError as e:
        assert 0 <= e.offset <= len(text)
        return
    assert isinstance(c({"trust": 1, "t": 0, "g": 2}), bool)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fuzz_arbitrary_text(text):
    try:
        parse_condition(text)
    except ConditionError:
        pass


def test_many_sibling_groups_are_not_nesting():
    text = " and ".join(["(not (trust > 0))"] * 60)
    assert parse_condition(text)({"trust": 0}) is True
