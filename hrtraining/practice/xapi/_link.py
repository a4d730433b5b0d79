"""One process's link to the LRS: the settings, the vocabulary, the statements of each attempt
and the sender thread, shared by everything that writes to the same store.

:meth:`Link.for_store` gives the link of a progress store, or None when no LRS is configured
(then no statement is ever built: playing without an LRS costs nothing). The game's recorder,
``hrtraining play`` and a workshop room on the same store share one link and one sender.
Only the SQLite store gets a link: an author's test play in memory never reaches an LRS.
"""
from __future__ import annotations

import logging
import threading
import uuid
import weakref
from typing import Any

from ._client import LrsClient
from ._sender import Sender
from ._settings import LrsSettings, SettingsError, load
from ._statements import AttemptStatements, Vocabulary, stable_id

log = logging.getLogger("hrtraining.xapi")

_links: weakref.WeakKeyDictionary[Any, Link] = weakref.WeakKeyDictionary()
_links_lock = threading.Lock()


class Link:
    """Builds statements for attempts on ``store`` and sends them in the background."""

    def __init__(self, settings: LrsSettings, store: Any, *, send: bool = True):
        self.settings = settings
        self.store = store
        self.vocabulary = Vocabulary(settings)
        self.client = LrsClient(settings)
        self.sender: Sender | None = Sender(store, self.client, batch=settings.batch) if send else None
        self._pseudonyms: dict[str, str] = {}

    # -- finding the link of a store ------------------------------------------------------------
    @classmethod
    def for_store(cls, store: Any, settings: LrsSettings | None = None) -> Link | None:
        """The store's link (made and started on first use), None without an LRS or for a store
        kept in memory. Raises :class:`SettingsError` when the LRS settings are unusable."""
        if store is None or not hasattr(store, "outbox_claim"):
            return None
        from hrtraining.progress import Store

        if not isinstance(store, Store) and settings is None:
            return None
        with _links_lock:
            link = _links.get(store)
            if link is not None:
                return link
            settings = settings or load()
            if settings is None:
                return None
            link = _links[store] = cls(settings, store)
        if link.sender is not None:
            link.sender.start()
            link.sender.poke()  # what an earlier run left waiting goes now
        return link

    @staticmethod
    def forget(store: Any, timeout: float = 1.0) -> None:
        """Stop the store's sender (waiting at most ``timeout`` for a batch in flight)."""
        with _links_lock:
            link = _links.pop(store, None)
        if link is not None:
            link.close(timeout)

    # -- statements -------------------------------------------------------------------------------
    def pseudonym(self, profile: str) -> str:
        key = profile.casefold()
        if key not in self._pseudonyms:
            self._pseudonyms[key] = self.store.profile(profile).pseudonym
        return self._pseudonyms[key]

    def person(self, profile: str) -> dict[str, Any]:
        return self.vocabulary.person(self.pseudonym(profile), profile)

    def for_person(self, profile: str, registration: str, scenario: Any, mode: str, source: str, *,
                   replay_of: str | None = None, from_decision: int | None = None) -> AttemptStatements:
        """The statements of ``profile``'s attempt at ``scenario`` (an engine Scenario); a replay
        names its parent's registration and its first own decision (0-based)."""
        return AttemptStatements(self.vocabulary, self.person(profile), registration, scenario_id=scenario.id,
                                 scenario_hash=scenario.content_hash, scenario_title=scenario.title, mode=mode,
                                 source=source, summary=getattr(scenario, "summary", "") or "",
                                 replay_of=replay_of, from_decision=from_decision)

    def registration_of(self, record: Any) -> str:
        """A stored attempt's registration; one played before it had one (no LRS then) gets the
        id the export gives it, so a replay names its parent the same way on both paths."""
        return record.registration or stable_id(self.pseudonym(record.profile), "attempt", record.id)

    def for_replay(self, parent: Any, registration: str, scenario: Any, from_decision: int,
                   source: str) -> AttemptStatements:
        """The statements of a replay of the stored attempt ``parent`` from its decision
        ``from_decision`` (1-based, as the store keeps it)."""
        return self.for_person(parent.profile, registration, scenario, "practice", source,
                               replay_of=self.registration_of(parent), from_decision=from_decision - 1)

    def for_room(self, code: str, registration: str, scenario: Any, leader: str | None) -> AttemptStatements:
        """The statements of a workshop room's group attempt: the room is a Group, the leader
        (pseudonymous) its instructor."""
        return AttemptStatements(self.vocabulary, self.vocabulary.room(code, registration), registration,
                                 scenario_id=scenario.id, scenario_hash=scenario.content_hash,
                                 scenario_title=scenario.title, mode="practice", source="workshop",
                                 summary=getattr(scenario, "summary", "") or "",
                                 instructor=self.person(leader) if leader else None)

    def for_record(self, record: Any, scenario: Any) -> AttemptStatements:
        """The statements of a stored attempt (resumed): its registration, mode and source."""
        registration = self.registration_of(record)
        if record.source == "workshop" and record.workshop_room:
            return self.for_room(record.workshop_room, registration, scenario, record.profile)
        if record.parent_attempt_id is not None and record.from_decision:  # a resumed replay
            parent = self.store.attempt(record.parent_attempt_id)
            return self.for_person(record.profile, registration, scenario, record.mode, record.source,
                                   replay_of=self.registration_of(parent), from_decision=record.from_decision - 1)
        return self.for_person(record.profile, registration, scenario, record.mode, record.source)

    @staticmethod
    def new_registration() -> str:
        return str(uuid.uuid4())

    # -- sending ----------------------------------------------------------------------------------
    def poke(self) -> None:
        if self.sender is not None:
            self.sender.poke()

    def close(self, timeout: float = 1.0) -> None:
        if self.sender is not None:
            self.sender.close(timeout)


def settings_notice() -> tuple[LrsSettings | None, str]:
    """(the settings, "") or (None, why they cannot be used), for start-up notices."""
    try:
        return load(), ""
    except SettingsError as e:
        return None, f"Results are not being sent to the LRS: {e}"
