"""``hrtraining export --format xapi``: the statements of stored attempts, built now.

Statements are built only when an LRS is set up; an agency without one asks for them here,
later, so they are built *lazily* from what the store keeps: the attempt started (at its
start time), each stored decision (at the time it was made), the ending and debrief (at the
finish), the self-rating, and each workshop vote. The builders are the live ones
(:class:`AttemptStatements`), so the statements have the same shape. Two differences, both
documented in docs/xapi.md:

* ids are derived from the attempt's registration and the event (:func:`stable_id`), so
  exporting twice gives the same statements and loading both exports into an LRS stores each
  once; they are not the ids of statements this machine may already have sent live;
* a decision taken back in practice mode is gone from the store, so the export has only the
  path the attempt kept (the live log also has the taken-back decision).

A replay ("Replay from here") is exported as the live path sends it: its statements carry the
``replay-of`` (the parent's registration) and ``from-decision`` context extensions, and only the
decisions the replay made itself have a ``responded`` statement; the copies of the parent's
decisions before it are the parent's, exported once, with the parent.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ._settings import LrsSettings
from ._statements import AttemptStatements, Option, Vocabulary, stable_id


class _Scenarios:
    """The library's scenarios by (id, hash), for the options of each decision; None when the
    version played is no longer on disk (the statement then lists no options)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], Any] = {}

    def get(self, scenario_id: str, scenario_hash: str) -> Any:
        key = (scenario_id, scenario_hash)
        if key not in self._cache:
            self._cache[key] = None
            try:
                from hrtraining.practice import find_scenario, load

                scenario, _ = load(find_scenario(scenario_id))
                if scenario.content_hash == scenario_hash:
                    self._cache[key] = scenario
            except Exception:  # not in the library, or no longer valid: no options, same statements
                pass
        return self._cache[key]

    def options(self, scenario_id: str, scenario_hash: str, node_id: str) -> list[Option]:
        sc = self.get(scenario_id, scenario_hash)
        node = sc.nodes.get(node_id) if sc is not None else None
        return [Option(c.index, c.text) for c in node.choices] if node is not None else []


def _z(iso: str | None) -> str | None:
    return iso.replace("+00:00", "Z") if iso else iso


def export_statements(store: Any, settings: LrsSettings, profile: str | None = None,
                      skipped: list[str] | None = None) -> Iterator[dict[str, Any]]:
    """Every stored attempt's statements (one profile's, or all), oldest attempt first, then the
    workshop votes of the rooms (those the profile led). An attempt whose stored rows cannot be
    read is left out and named in ``skipped``, as the CSV and JSON exports do."""
    from hrtraining.progress import DamagedRow, exportable_attempt

    vocab = Vocabulary(settings)
    scenarios = _Scenarios()
    profiles = {p.name: p for p in store.profiles()}
    names = [profile] if profile is not None else sorted(profiles)
    rooms: dict[str, AttemptStatements] = {}
    records = []
    for name in names:
        if name not in profiles:
            from hrtraining.progress import NotFoundError

            match = [p for p in profiles if p.casefold() == name.casefold()]
            if not match:
                raise NotFoundError(f"no profile named {name!r}")
            name = match[0]
        records += store.attempts(name, include_unfinished=True)
    records.sort(key=lambda a: (a.started_at, a.id))
    def registration_of(a: Any) -> str:
        # The live path's rule too (Link.registration_of): an attempt without one gets this id.
        return a.registration or stable_id(profiles[a.profile].pseudonym, "attempt", a.id)

    for light in records:
        try:
            a = exportable_attempt(store, light.id)
        except DamagedRow as e:
            if skipped is not None:
                skipped.append(str(e))
            continue
        pseudonym = profiles[a.profile].pseudonym
        registration = registration_of(a)
        common: dict[str, Any] = dict(scenario_id=a.scenario_id, scenario_hash=a.scenario_hash,
                                      scenario_title=a.scenario_title, mode=a.mode, source=a.source)
        own_from = 0    # the first decision this attempt made itself (a replay copies the ones before)
        if a.parent_attempt_id is not None and a.from_decision:
            own_from = a.from_decision - 1
            common.update(replay_of=registration_of(store.attempt(a.parent_attempt_id)), from_decision=own_from)
        person = vocab.person(pseudonym, a.profile)
        if a.source == "workshop" and a.workshop_room:
            st = AttemptStatements(vocab, vocab.room(a.workshop_room, registration), registration,
                                   instructor=person, **common)
            rooms[a.workshop_room] = st
        else:
            st = AttemptStatements(vocab, person, registration, **common)
        yield st.initialized(statement_id=stable_id(registration, "initialized"), timestamp=_z(a.started_at))
        for c in a.choices:
            if c.seq < own_from:
                continue  # the parent's decision, copied: exported with the parent, not again here
            yield st.responded(c.seq, c.node_id, c.choice_index, c.choice_text, score=c.score, codes=c.codes,
                               critical=c.critical, options=scenarios.options(a.scenario_id, a.scenario_hash, c.node_id),
                               statement_id=stable_id(registration, "responded", c.seq), timestamp=_z(c.made_at))
        if a.finished and a.report is not None:
            path = [(c.node_id, c.choice_index) for c in a.choices]
            yield st.completed(a.report, path, statement_id=stable_id(registration, "completed"),
                               timestamp=_z(a.finished_at))
        if a.self_rating:
            yield st.rated(a.self_rating, statement_id=stable_id(registration, "rated"),
                           timestamp=_z(a.finished_at or a.started_at))
    for code, st in rooms.items():
        sc = scenarios.get(st.scenario_id, st.scenario_hash)
        for v in store.room_votes(code):
            who = vocab.participant(st.registration, v.participant)
            node = sc.nodes.get(v.node_id) if sc is not None else None
            c = node.choices[v.choice_index] if node is not None and v.choice_index < len(node.choices) else None
            yield st.responded(v.decision_seq, v.node_id, v.choice_index, c.text if c else "",
                               score=dict(c.score) if c else {}, codes=list(c.codes) if c else [],
                               critical=bool(c.critical) if c else False,
                               options=scenarios.options(st.scenario_id, st.scenario_hash, v.node_id),
                               actor=who, team=st.actor, vote=True,
                               statement_id=stable_id(st.registration, "vote", v.decision_seq, who["account"]["name"]),
                               timestamp=_z(v.voted_at))
