"""What the progress screen does with stored attempts besides listing them: replays listed under
the attempt they came from, and "Save for supervision" (the debrief as one HTML file).

The file goes to ``$HRTRAINING_EXPORT_DIR`` when set, else a ``hrtraining`` folder in the
user's Documents folder (``platformdirs.user_documents_dir``); the game says where.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

EXPORT_ENV = "HRTRAINING_EXPORT_DIR"


def replays_under_parents(attempts: list[Any]) -> list[tuple[Any, int]]:
    """(attempt, depth) in list order, each replay right under the attempt it came from (and a
    replay of a replay under that); a replay whose parent is not listed keeps its own place."""
    listed = {a.id for a in attempts}
    children: dict[int, list[Any]] = {}
    for a in attempts:
        if a.parent_attempt_id is not None and a.parent_attempt_id in listed:
            children.setdefault(a.parent_attempt_id, []).append(a)
    out: list[tuple[Any, int]] = []

    def add(a: Any, depth: int) -> None:
        out.append((a, depth))
        for child in children.get(a.id, []):
            add(child, depth + 1)

    for a in attempts:
        if a.parent_attempt_id is None or a.parent_attempt_id not in listed:
            add(a, 0)
    return out


def export_dir() -> Path:
    """Where "Save for supervision" writes."""
    env = os.environ.get(EXPORT_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "hrtraining"


def save_for_supervision(record: Any, library: Any) -> Path:
    """Write the stored attempt's debrief as a self-contained HTML file; returns its path.

    Raises OSError when the folder cannot be written and StateError for a record this version
    cannot read. An existing file of the same name is replaced (the same attempt saved again).
    """
    from hrtraining.practice import supervision_page
    from hrtraining.practice.files import write_atomically

    page, name = supervision_page(record, library)
    folder = export_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return write_atomically(folder / name, page, newline="\n")
