"""Progress storage: profiles, attempts, choices, workshop votes and hand counts, and the xAPI
outbox, in one SQLite file, split by what it stores: ``attempts`` (profiles, attempts, choices),
``rooms`` (workshop rooms, votes, hands), ``leases`` (one writer per open attempt) and ``outbox``
(statements waiting for a Learning Record Store), opened and migrated by ``store``/``db``/``schema``.

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

It implements the practice layer's store protocols (``hrtraining.practice.AttemptStore`` and
``RoomStore``). It may import only ``engine``; it never imports pygame.
"""

from __future__ import annotations

from .db import (
    ENV_VAR,
    FILENAME,
    DamagedError,
    NewerVersionError,
    NotFoundError,
    StoreError,
    resolve_data_dir,
)
from .leases import LEASE_SECONDS, Lease, LeasedError
from .export import (DamagedRow, csv_text, ExportRows, export_rows, exportable_attempt, from_json, read_json, stored_report,
                     to_json, write_csv, write_json)
from .models import (
    LEVELS,
    MODES,
    SOURCES,
    Attempt,
    ChoiceRecord,
    DamagedReport,
    HandCount,
    OutboxItem,
    OutboxStatus,
    Profile,
    ReplyRecord,
    Room,
    SeriesPoint,
    Vote,
    is_outdated,
)
from .outbox import OUTBOX_LIMIT
from .schema import LATEST_VERSION
from .checks import system_user_name, token_hash
from .store import Store

__all__ = [
    "LEASE_SECONDS", "Lease", "LeasedError", "token_hash",
    "ENV_VAR", "FILENAME", "LATEST_VERSION", "OUTBOX_LIMIT", "LEVELS", "MODES", "SOURCES",
    "Attempt", "ChoiceRecord", "DamagedError", "DamagedReport", "ExportRows", "HandCount", "NewerVersionError",
    "NotFoundError", "OutboxItem", "OutboxStatus", "Profile", "ReplyRecord", "Room", "SeriesPoint", "Store", "StoreError", "Vote",
    "export_rows", "DamagedRow", "exportable_attempt", "stored_report", "from_json", "is_outdated", "read_json", "resolve_data_dir",
    "system_user_name", "to_json", "write_csv", "write_json", "csv_text",
]
