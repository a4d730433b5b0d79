"""Helpers for the scripted WebSocket clients of the workshop tests (imported by name)."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"


def run(coro):
    """Run one scripted client scenario to completion (each test gets a fresh loop)."""
    return asyncio.run(asyncio.wait_for(coro, 30))


async def receive_type(ws, kind: str, timeout: float = 5.0) -> dict:
    """The next message of type ``kind`` (skipping others, e.g. state pushes)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        msg = await ws.receive(timeout=max(0.01, end - loop.time()))
        if msg.type.name != "TEXT":
            raise AssertionError(f"connection ended while waiting for {kind}: {msg.type.name} {msg.data!r}")
        data = json.loads(msg.data)
        if data.get("type") == kind:
            return data


async def receive_state(ws, pred, timeout: float = 5.0) -> dict:
    """The next ``state`` for which ``pred(state)`` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while True:
        s = await receive_type(ws, "state", max(0.01, end - loop.time()))
        if pred(s):
            return s
