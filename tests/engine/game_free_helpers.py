"""Helpers for the engine tests (a uniquely named module, pygame-free)."""
from __future__ import annotations

from hrtraining.engine import PROJECT_ROOT

STARTER = PROJECT_ROOT / "hrtraining" / "cli" / "starter.yaml"


def scenario_text() -> str:
    """The ``hrtraining new`` starter: a small valid scenario."""
    return STARTER.read_text(encoding="utf-8")
