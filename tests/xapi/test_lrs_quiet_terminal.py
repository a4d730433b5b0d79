"""The LRS's problems never interrupt the terminal player: a statement the LRS refuses is said by
``lrs status`` (and the progress screen), not printed in the middle of a prompt."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from hrtraining.progress import Store

from lrs_helpers import FakeLrs

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "fixtures" / "valid" / "golden.yaml"


def test_a_refused_statement_prints_nothing_to_the_terminal_player(tmp_path):
    refuse = FakeLrs(lambda m, p, s: (400, {"Content-Type": "application/json"},
                                      b'{"detail": "statement too odd"}'))
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HRTRAINING_DATA_DIR": str(data),
           "HRTRAINING_CONFIG_DIR": str(tmp_path / "config"), "HRTRAINING_CACHE_DIR": str(tmp_path / "cache"),
           "HRTRAINING_LRS_URL": refuse.url, "HRTRAINING_LRS_KEY": "key-7f3a",
           "HRTRAINING_LRS_SECRET": "s3cret-9b2c", "HRTRAINING_LRS_HOME_PAGE": "https://agency.example.org"}
    proc = subprocess.Popen([sys.executable, "-m", "hrtraining", "play", str(GOLDEN), "--profile", "Ana"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)
    try:
        proc.stdin.write("\n1\n")          # begin; the first choice: the player now waits at a prompt
        proc.stdin.flush()
        deadline = time.monotonic() + 20
        while 1 not in refuse.batches and time.monotonic() < deadline:   # refused down to one statement
            time.sleep(0.05)
        assert 1 in refuse.batches, "the sender never reached a single refused statement"
        time.sleep(0.5)                     # the sender logs right after the refusal
        out, err = proc.communicate("1\n2\n\n", timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        refuse.stop()
    assert proc.returncode == 0, err
    assert "LRS" not in err and "refused" not in err, err
    assert "refused statement" not in out
    with Store.open(data) as store:        # the refusal is kept for lrs status
        assert store.outbox_status().rejected >= 1
