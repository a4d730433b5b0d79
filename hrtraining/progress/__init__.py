"""Progress storage: profiles, attempts, choices and workshop votes and hand counts in one
SQLite file.

Typical use::

    with Store.open() as store:               # or Store.open(data_dir)
        if store.notice:
            show(store.notice)                # the old file was unreadable and kept aside
        name = store.last_profile()
        attempt_id = store.start_attempt(name, scenario.id, scenario.hash, scenario.title,
                                         "practice")
        store.record_choice(attempt_id, 0, node_id, index, text, score={...}, codes=[...],
                            critical=False, feedback="...")
        store.finish_attempt(attempt_id, ending_id=..., ending_title=..., report=report)

This package never imports pygame: the terminal, the game and the workshop server share it.
"""

from __future__ import annotations

from .db import (
    ENV_VAR,
    FILENAME,
    NewerVersionError,
    NotFoundError,
    StoreError,
    resolve_data_dir,
)
from .export import ExportRows, export_rows, from_json, read_json, to_json, write_csv, write_json
from .models import (
    LEVELS,
    MODES,
    SOURCES,
    Attempt,
    ChoiceRecord,
    DimensionScore,
    HandCount,
    Profile,
    ReplyRecord,
    Room,
    SeriesPoint,
    Vote,
    is_outdated,
)
from .schema import LATEST_VERSION
from .checks import system_user_name
from .store import Store

__all__ = [
    "ENV_VAR", "FILENAME", "LATEST_VERSION", "LEVELS", "MODES", "SOURCES",
    "Attempt", "ChoiceRecord", "DimensionScore", "ExportRows", "HandCount", "NewerVersionError",
    "NotFoundError", "Profile", "ReplyRecord", "Room", "SeriesPoint", "Store", "StoreError", "Vote",
    "export_rows", "from_json", "is_outdated", "read_json", "resolve_data_dir",
    "system_user_name", "to_json", "write_csv", "write_json",
]
