"""Helpers shared by the game tests (a uniquely named module, so it never clashes with
another folder's ``conftest``)."""
from __future__ import annotations

from pathlib import Path

from hrtraining.engine import PROJECT_ROOT

STARTER = PROJECT_ROOT / "hrtraining" / "cli" / "starter.yaml"
SHIPPED = PROJECT_ROOT / "scenarios"


def write_starter(folder: Path, scenario_id: str = "sam", text_edit=None) -> Path:
    """A small valid scenario (the ``hrtraining new`` starter) under ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = STARTER.read_text(encoding="utf-8").replace("id: starter-id", f"id: {scenario_id}")
    if text_edit:
        text = text_edit(text)
    path = folder / f"{scenario_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
