"""xAPI 1.0.3 statements to a Learning Record Store, with nothing lost offline (docs/xapi.md).

* :class:`LrsSettings`, :func:`load_settings`, :func:`save_settings` (``_settings``) — where the
  LRS is: ``lrs.json`` in the config folder (mode 0600) or ``HRTRAINING_LRS_*`` variables.
* :class:`AttemptStatements`, :class:`Vocabulary`, :class:`WrittenReply` (``_statements``) —
  the statements of one attempt (initialized, responded, completed, rated), pure functions
  of plain values.
* :class:`Link` (``_link``) — one store's link to the LRS: builds the statements the
  :class:`~hrtraining.practice.Recorder` and the workshop hand to the store's write methods
  (they enter the outbox in the same transaction as the choice) and runs the :class:`Sender`.
* :class:`LrsClient`, :class:`LrsError` (``_client``) — HTTP with stdlib urllib, 30 s timeout.
* :func:`send_outbox`, :class:`Sender` (``_sender``) — batches, back-off, 413 splitting.
* :func:`export_statements` (``_export``) — statements built later from stored attempts
  (``hrtraining export --format xapi``), with ids derived from each attempt.
* :func:`fetch_attempt_records` (``_readback``) — a scenario version's attempts read back from
  the LRS as the per-attempt records ``hrtraining analyze`` reads.

Pygame-free; imports only ``engine`` and ``progress`` (and ``urllib``), so it sits in the
practice layer beside the recorder that uses it.
"""
from __future__ import annotations

from ._export import export_statements
from ._readback import LrsAttempt, as_export_rows, fetch_attempt_records, record_of
from ._client import TIMEOUT, Answer, LrsClient, LrsError
from ._link import Link, settings_notice
from ._sender import Sender, SyncResult, send_outbox
from ._settings import (ENV_KEY, ENV_SECRET, ENV_URL, IDENTIFY, LrsSettings, SettingsError, config_dir)
from ._settings import forget as forget_settings
from ._settings import load as load_settings
from ._settings import save as save_settings
from ._settings import settings_path
from ._statements import (INTERACTION, SIMULATION, VERBS, XAPI_VERSION, AttemptStatements, Option, Vocabulary,
                          WrittenReply, overall_percent, stable_id)
from ._status import status_lines, summary_line

__all__ = [
    "TIMEOUT", "Answer", "LrsClient", "LrsError", "Link", "settings_notice", "Sender", "SyncResult", "send_outbox",
    "ENV_KEY", "ENV_SECRET", "ENV_URL", "IDENTIFY", "LrsSettings", "SettingsError", "config_dir", "forget_settings",
    "load_settings", "save_settings", "settings_path", "INTERACTION", "SIMULATION", "VERBS", "XAPI_VERSION",
    "AttemptStatements", "Option", "Vocabulary", "WrittenReply", "overall_percent", "stable_id",
    "status_lines", "summary_line", "export_statements", "LrsAttempt", "as_export_rows",
    "fetch_attempt_records", "record_of",
]
