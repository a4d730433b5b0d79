"""Shared helpers for the golden-playthrough tests of the shipped scenarios.

Each ``test_<scenario>.py`` names its file in a module-level ``SCENARIO`` and asks for
the fixtures it needs:

* ``play(choices)`` runs ``playtest SCENARIO --choices CHOICES --json`` in-process,
  asserts it exits 0 and returns the JSON report as a dict;
* ``levels(result)`` maps each rubric dimension to its level;
* ``assert_good_path(result, ending, dims=CORE)`` checks a best path;
* ``assert_critical_path(result, ending, critical=1)`` checks an early critical choice
  that ends the work (perfectionism and the overall level both "beginning");
* ``assert_caps_perfectionism(result, critical=1)`` checks the critical count and that
  perfectionism is capped at "beginning" (for late critical choices);
* ``assert_mixed_ending(result, ending)`` checks a mixed ending: no critical choice,
  perfectionism short of "good";
* ``assert_repaired(result, ending)`` checks a rupture that was repaired: the good
  ending all the same and no critical choice, but recognizing improvement short of "good".

They are fixtures (not imports) because ``conftest.py`` files are not importable
reliably: ``tests/conftest.py`` and this file would both be the module ``conftest``.
"""
from __future__ import annotations

import json
from typing import Callable

import pytest

from hrtraining.cli import main

CORE = ("recognizing_improvement", "avoiding_perfectionism")


def _levels(result: dict) -> dict[str, str]:
    return {d: s["level"] for d, s in result["scores"].items()}


def _assert_good_path(result: dict, ending: str, dims: tuple[str, ...] = CORE) -> None:
    assert result["ending"] == ending
    assert result["critical"] == 0
    assert result["level"] == "good"
    for dim in dims:
        assert result["scores"][dim]["level"] == "good"
        # scoring v2: every decision on the way earned the most it offered on the dimension
        assert result["scores"][dim]["points"] == result["scores"][dim]["possible"] > 0


def _assert_caps_perfectionism(result: dict, critical: int = 1) -> None:
    assert result["critical"] == critical
    assert result["scores"]["avoiding_perfectionism"]["level"] == "beginning"


def _assert_critical_path(result: dict, ending: str, critical: int = 1) -> None:
    assert result["ending"] == ending
    _assert_caps_perfectionism(result, critical)
    assert result["level"] == "beginning"


def _assert_mixed_ending(result: dict, ending: str) -> None:
    assert result["ending"] == ending
    assert result["critical"] == 0
    assert result["scores"]["avoiding_perfectionism"]["level"] != "good"


def _assert_repaired(result: dict, ending: str) -> None:
    assert result["ending"] == ending
    assert result["critical"] == 0
    assert result["scores"]["recognizing_improvement"]["level"] != "good"


@pytest.fixture
def play(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]) -> Callable[[str], dict]:
    """``play(choices)`` plays the test module's ``SCENARIO`` and returns the ``--json`` report."""
    scenario = request.module.SCENARIO

    def run(choices: str) -> dict:
        assert main(["playtest", scenario, "--choices", choices, "--json"]) == 0
        return json.loads(capsys.readouterr().out)

    return run


@pytest.fixture
def levels() -> Callable[[dict], dict[str, str]]:
    return _levels


@pytest.fixture
def assert_good_path() -> Callable[..., None]:
    return _assert_good_path


@pytest.fixture
def assert_critical_path() -> Callable[..., None]:
    return _assert_critical_path


@pytest.fixture
def assert_caps_perfectionism() -> Callable[..., None]:
    return _assert_caps_perfectionism


@pytest.fixture
def assert_mixed_ending() -> Callable[..., None]:
    return _assert_mixed_ending


@pytest.fixture
def assert_repaired() -> Callable[..., None]:
    return _assert_repaired
