"""Fixtures for the progress store tests: every test gets its own temporary data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Callable

import pytest

from hrtraining.progress import Store

REPO_ROOT = Path(__file__).resolve().parents[2]

DIMENSIONS = ("recognizing_improvement", "avoiding_perfectionism", "respecting_choice")


def make_report(seed: int = 0, *, dims: tuple[str, ...] = DIMENSIONS) -> dict[str, Any]:
    """A report shaped like the engine's, with values that vary with ``seed``."""
    levels = ("beginning", "fair", "good")
    scores = {}
    for i, dim in enumerate(dims):
        best = 4 + i
        points = (seed + i) % (best + 1)
        percent = points / best
        level = "good" if percent >= 0.8 else "fair" if percent >= 0.5 else "beginning"
        scores[dim] = {"points": points, "best": best, "percent": percent, "level": level}
    return {
        "scores": scores,
        "level": levels[seed % 3],
        "critical": seed % 2,
        "codes": {"affirm": 1 + seed % 3, "complex-reflection": seed % 2},
        "reflection_to_question": 1.5 if seed % 2 else None,
        "percent_complex_reflections": 0.25,
        "path": ["start", "middle", "end"],
    }


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test touch the real user data folder."""
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(tmp_path / "env-data"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path):
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture
def report() -> Callable[..., dict[str, Any]]:
    return make_report


def _play(store: Store, profile: str = "Alice", scenario: str = "ray", *, seed: int = 0,
         choices: int = 3, finish: bool = True, scenario_hash: str = "hash-1",
         mode: str = "practice") -> int:
    """Record a whole attempt through the public API; return its id."""
    attempt_id = store.start_attempt(profile, scenario, scenario_hash, f"Title {scenario}", mode)
    for seq in range(choices):
        store.record_choice(
            attempt_id, seq, f"node{seq}", seq % 3, f"choice {seq} of {attempt_id}",
            score={"recognizing_improvement": seq, "avoiding_perfectionism": -seq},
            codes=["affirm", "question"][: 1 + seq % 2], critical=seq == 2,
            feedback=f"feedback {seq}",
        )
    if finish:
        store.finish_attempt(attempt_id, ending_id="end", ending_title="The end",
                             report=make_report(seed))
    return attempt_id


@pytest.fixture
def play() -> Callable[..., int]:
    """``play(store, profile="Alice", scenario="ray", *, seed, choices, finish, ...)``."""
    return _play


@pytest.fixture
def run_python() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run a Python snippet in a fresh interpreter that can import hrtraining."""

    def run(code: str, *args: str, timeout: float = 60, check: bool = True):
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            cwd=REPO_ROOT, env=child_env(), capture_output=True, text=True, timeout=timeout,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"child failed ({result.returncode}):\n{result.stderr}")
        return result

    return run


@pytest.fixture
def spawn() -> Callable[..., subprocess.Popen[str]]:
    """Start a Python snippet in the background, stdout/stderr piped as text."""

    def start(code: str, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), *args], cwd=REPO_ROOT,
            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    return start


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env
