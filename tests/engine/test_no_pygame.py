"""The engine and the command line never import pygame (checked in a fresh interpreter)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"

SCRIPT = f"""
import io, contextlib, json, sys
import hrtraining.engine
import hrtraining.cli
from hrtraining.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
    rc_validate = main(["validate", "--no-cache", {str(GOLDEN)!r}])
    rc_playtest = main(["playtest", {str(GOLDEN)!r}, "--choices", "1,1", "--json"])
    rc_graph = main(["graph", {str(GOLDEN)!r}])
print(json.dumps({{"rc": [rc_validate, rc_playtest, rc_graph],
                   "pygame": sorted(m for m in sys.modules if m == "pygame" or m.startswith("pygame."))}}))
"""


def test_engine_and_cli_do_not_import_pygame():
    r = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout.strip().splitlines()[-1])
    assert result["rc"] == [0, 0, 0]
    assert result["pygame"] == []
