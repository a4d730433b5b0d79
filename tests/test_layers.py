"""The layers and their rules, as import-linter checks them (contracts in pyproject.toml).

engine -> progress -> practice -> workshop -> game -> cli, each importing only those before
it; nothing below the game imports pygame; a ``_private`` module is imported only from inside
its own package; no import circles between the modules of a package (type-hint-only imports
aside). The fresh-interpreter tests (tests/engine/test_no_pygame.py and
tests/workshop/test_boundaries.py) check what is really imported at run time as well.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    cmd = [str(exe)] if exe.exists() else [shutil.which("lint-imports") or "lint-imports"]
    r = subprocess.run([*cmd, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    assert "4 kept, 0 broken" in r.stdout


def test_the_practice_layer_runs_without_pygame():
    code = ("import sys, hrtraining.practice, hrtraining.practice.words; "
            "assert 'pygame' not in sys.modules; print('ok')")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr
