"""Shared test set-up: keep every test away from the user's own folders.

``pytest_configure`` points ``HRTRAINING_CACHE_DIR``, ``HRTRAINING_DATA_DIR``,
``HRTRAINING_CONFIG_DIR`` and ``HRTRAINING_EXPORT_DIR`` (where "Save for supervision"
writes) at a temporary folder for the whole run, before any test
module is imported, so in-process calls *and* subprocesses inherit it. The folder
is removed and the old values restored at the end.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings as _hypothesis_settings

# Every property test in `make test` is derandomized (a seed fixed by the test) and keeps no example
# database, so the suite gives the same verdict on every run and machine; a test's own @settings
# override only what they name. `make fuzz` sets HRTRAINING_FUZZ_EXAMPLES: fresh random examples.
_hypothesis_settings.register_profile("repeatable", derandomize=True, database=None)
_hypothesis_settings.register_profile("fuzz", database=None)
_hypothesis_settings.load_profile("fuzz" if "HRTRAINING_FUZZ_EXAMPLES" in os.environ else "repeatable")

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
GOLDEN = VALID / "golden.yaml"

_ENV_VARS = ("HRTRAINING_CACHE_DIR", "HRTRAINING_DATA_DIR", "HRTRAINING_CONFIG_DIR", "HRTRAINING_EXPORT_DIR")
# An LRS set up on the machine running the tests must never receive their statements.
_LRS_VARS = ("HRTRAINING_LRS_URL", "HRTRAINING_LRS_KEY", "HRTRAINING_LRS_SECRET", "HRTRAINING_LRS_HOME_PAGE",
             "HRTRAINING_LRS_ACTIVITY_BASE")
_saved: dict[str, str | None] = {}
_session_dir: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _session_dir
    _session_dir = tempfile.mkdtemp(prefix="hrtraining-tests-")
    for var in _ENV_VARS:
        _saved[var] = os.environ.get(var)
        sub = Path(_session_dir) / var.rsplit("_", 2)[-2].lower()  # cache / data / config
        sub.mkdir(mode=0o700)  # a cache folder others can write is refused (engine _cache)
        os.environ[var] = str(sub)
    for var in _LRS_VARS:
        _saved[var] = os.environ.pop(var, None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for var, old in _saved.items():
        if old is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = old
    if _session_dir:
        shutil.rmtree(_session_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def rubric():
    """The project's own rubric, ``scenarios/rubric.yaml``."""
    from hrtraining.engine import load_rubric

    return load_rubric()


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty cache folder for one test (``HRTRAINING_CACHE_DIR`` points at it)."""
    d = tmp_path / "cache"
    monkeypatch.setenv("HRTRAINING_CACHE_DIR", str(d))
    return d


@pytest.fixture
def write_scenario(tmp_path: Path) -> Callable[..., Path]:
    """``write_scenario(text, name="s.yaml")`` writes a file under ``tmp_path`` and returns its path."""

    def write(text: str | bytes, name: str = "s.yaml") -> Path:
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(text, encoding="utf-8")
        return p

    return write


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli("validate", path, ...)`` runs ``main(argv)`` in-process; returns (exit code, stdout, stderr)."""
    from hrtraining.cli import main

    def run(*argv: object) -> tuple[int, str, str]:
        capsys.readouterr()  # drop anything printed before
        code = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def ralph(tmp_path_factory):
    """A real LRS (Ralph, fs backend) on a free loopback port, started once per session with
    credentials made by ``ralph auth``. Skipped, with the install command, when Ralph is missing."""
    from lrs_helpers import INSTALL_RALPH, Ralph, ralph_python

    python = ralph_python()
    if python is None:
        pytest.skip(f"Ralph (the test LRS) is not installed: {INSTALL_RALPH}")
    lrs = Ralph(python, tmp_path_factory.mktemp("ralph"))
    yield lrs
    lrs.stop()


@pytest.fixture(scope="session")
def xapi_validator():
    """Learning Locker's xAPI validator (Node); skipped, with the install command, when missing."""
    from lrs_helpers import INSTALL_VALIDATOR, validator

    found = validator()
    if found is None:
        pytest.skip(f"the xAPI validator is not installed: {INSTALL_VALIDATOR}")
    return found


@pytest.fixture
def lrs_env(ralph, monkeypatch):
    """This test's hrtraining sends to the session's Ralph (through the HRTRAINING_LRS_* variables)."""
    for name, value in ralph.env_vars().items():
        monkeypatch.setenv(name, value)
    return ralph


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium over the DevTools protocol (tests/workshop/cdp.py); the test is
    skipped where Chromium cannot start (``.ci/run`` installs it)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "workshop"))
    from cdp import Chromium, ChromiumUnavailable

    try:
        b = Chromium.start(tmp_path / "chromium-profile")
    except ChromiumUnavailable as e:
        pytest.skip(f"headless Chromium unavailable: {e}")
    yield b
    b.stop()
