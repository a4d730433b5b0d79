"""A process killed mid-batch: the LRS may already have the batch, the outbox still has it; the
next sync sends it again and the LRS (Ralph) keeps each statement exactly once."""
from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
import uuid
from pathlib import Path

from hrtraining.practice.xapi import AttemptStatements, LrsClient, Vocabulary, send_outbox
from hrtraining.progress import Store

from lrs_helpers import FakeLrs

REPO = Path(__file__).resolve().parents[2]


def test_a_sender_killed_mid_batch_loses_nothing_and_duplicates_nothing(ralph, tmp_path):
    data = tmp_path / "data"
    v = Vocabulary(ralph.settings())
    registration = str(uuid.uuid4())
    st = AttemptStatements(v, v.person("kill-test", "x"), registration, scenario_id="golden", scenario_hash="h",
                           scenario_title="Jo", mode="practice", source="terminal")
    statements = [st.initialized()] + [
        st.responded(i, f"n{i}", 0, "text", score={"recognizing_improvement": 1}, codes=[], critical=False)
        for i in range(19)]
    with Store.open(data) as store:
        store.start_attempt("Ana", "golden", "h", "Jo", "practice", registration=registration, statements=statements)

    forwarded, hold = threading.Event(), threading.Event()
    auth = "Basic " + base64.b64encode(f"{ralph.key}:{ralph.secret}".encode()).decode()

    def forward_then_hang(method, path, batch):
        # The LRS gets the whole batch; its answer never reaches the sender.
        import json
        req = urllib.request.Request(ralph.url + "statements", data=json.dumps(batch).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": auth,
                                              "X-Experience-API-Version": "1.0.3"})
        urllib.request.urlopen(req, timeout=10).read()
        forwarded.set()
        hold.wait(20)
        return 503, {}, b""

    proxy = FakeLrs(forward_then_hang)
    script = textwrap.dedent(f"""
        from hrtraining.practice.xapi import LrsSettings, LrsClient, _sender, send_outbox
        from hrtraining.progress import Store
        _sender.LEASE = 1.0    # a short lease, so the test need not wait 90 s for it to end
        s = LrsSettings(url={proxy.url!r}, key={ralph.key!r}, secret={ralph.secret!r})
        with Store.open({str(data)!r}) as store:
            send_outbox(store, LrsClient(s), batch=50)
    """)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen([sys.executable, "-c", script], env=env)
    try:
        assert forwarded.wait(30), "the child never posted its batch"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        hold.set()
        proxy.stop()
    with Store.open(data) as store:
        assert store.outbox_status().waiting == 20             # nothing lost: the child never heard back
        time.sleep(1.1)                                        # the dead child's lease ends
        result = send_outbox(store, LrsClient(ralph.settings()), batch=50)
        assert result.error is None and result.sent == 20 and store.outbox_status().waiting == 0
    got = ralph.by_registration(registration)
    assert sorted(s["id"] for s in got) == sorted(s["id"] for s in statements)   # each exactly once
