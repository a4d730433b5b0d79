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

import importlib
from typing import TYPE_CHECKING, Any

# Public names by defining module, loaded on first use (PEP 562): the game asks "is an LRS set
# up?" at every start, and should not pay for the client, the sender and the statements to hear no.
_WHERE = {
    "_export": ("export_statements",),
    "_readback": ("LrsAttempt", "as_export_rows", "fetch_attempt_records", "record_of"),
    "_client": ("TIMEOUT", "Answer", "LrsClient", "LrsError"),
    "_link": ("Link", "settings_notice"),
    "_sender": ("Sender", "SyncResult", "send_outbox"),
    "_settings": ("ENV_KEY", "ENV_SECRET", "ENV_URL", "IDENTIFY", "LrsSettings", "SettingsError", "config_dir",
                  "settings_path"),
    "_statements": ("INTERACTION", "SIMULATION", "VERBS", "XAPI_VERSION", "AttemptStatements", "Option",
                    "Vocabulary", "WrittenReply", "overall_percent", "stable_id"),
    "_status": ("status_lines", "summary_line"),
}
_RENAMED = {"forget_settings": ("_settings", "forget"), "load_settings": ("_settings", "load"),
            "save_settings": ("_settings", "save")}
_MODULE_OF = {name: (module, name) for module, names in _WHERE.items() for name in names} | _RENAMED
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    where = _MODULE_OF.get(name)
    if where is None:
        raise AttributeError(f"module 'hrtraining.practice.xapi' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where[0]}"), where[1])
    globals()[name] = value
    return value


if TYPE_CHECKING:  # the same names, imported plainly, for type checkers and readers
    # ruff: noqa: F401
    from ._client import TIMEOUT, Answer, LrsClient, LrsError
    from ._export import export_statements
    from ._link import Link, settings_notice
    from ._readback import LrsAttempt, as_export_rows, fetch_attempt_records, record_of
    from ._sender import Sender, SyncResult, send_outbox
    from ._settings import ENV_KEY, ENV_SECRET, ENV_URL, IDENTIFY, LrsSettings, SettingsError, config_dir
    from ._settings import forget as forget_settings
    from ._settings import load as load_settings
    from ._settings import save as save_settings
    from ._settings import settings_path
    from ._statements import (INTERACTION, SIMULATION, VERBS, XAPI_VERSION, AttemptStatements, Option, Vocabulary,
                              WrittenReply, overall_percent, stable_id)
    from ._status import status_lines, summary_line
