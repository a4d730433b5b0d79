"""Recorded play for ``hrtraining analyze --attempts``: progress stores and export files, merged.

Each source is a data folder (this machine's progress store, read with
``export_rows``) or a file written by ``hrtraining export --format json`` (read with
``read_json``), possibly from several machines. This module is a small adapter over
those public functions of :mod:`hrtraining.progress`: it turns their flat rows into
the engine's :class:`~hrtraining.engine.Record` values for one scenario.

* Attempts count when they are finished, solo (game or terminal; a workshop room's
  group attempt is not a person) and on the scenario's current content hash; the rest
  are counted as ``other_versions``. The same attempt exported twice (same profile,
  scenario and start time) counts once. Their choices come from exports made with
  ``--choices`` (a data folder always has them); the options offered at each decision
  are rebuilt by replaying the choices.
* Workshop votes are their own source: one record per participant per room, with
  the options the room was offered (replayed from the room's own attempt when the
  export has its choices, else every written choice of the node). Show-of-hands
  counts add a record per count, weighted by it.
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hrtraining.engine import (Attempts, Faced, HRTrainingError, Record, Rubric, Scenario, open_regular,
                               replay_record)


class SourceError(HRTrainingError):
    """A source that cannot be read; the message says which and why."""


@dataclass
class Sources:
    """Rows from every source, keyed so that several machines do not collide."""

    names: list[str] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)     # each with "_key"
    choices: dict[tuple, list[dict[str, Any]]] = field(default_factory=dict)  # attempt key -> rows
    votes: list[dict[str, Any]] = field(default_factory=list)
    hands: list[dict[str, Any]] = field(default_factory=list)
    missing_choices: int = 0   # sources exported without --choices
    _seen: set[tuple] = field(default_factory=set)  # (profile, scenario, start) already counted

    def add(self, name: str, rows: Any) -> None:
        """One more source's rows (``ExportRows``), merged: an attempt seen in an earlier source
        (same profile, scenario and start time) counts once."""
        k = len(self.names)
        self.names.append(name)
        if rows.choices is None:
            self.missing_choices += 1
        for a in rows.attempts:
            ident = (a.get("profile"), a.get("scenario_id"), a.get("started_at"))
            if ident in self._seen:
                continue
            self._seen.add(ident)
            self.attempts.append({**a, "_key": (k, a.get("attempt_id"))})
        for c in rows.choices or []:
            self.choices.setdefault((k, c.get("attempt_id")), []).append(c)
        self.votes.extend({**v, "_source": k} for v in rows.votes)
        self.hands.extend({**h, "_source": k} for h in rows.hands)

    def copy(self) -> Sources:
        return Sources(list(self.names), list(self.attempts), dict(self.choices), list(self.votes),
                       list(self.hands), self.missing_choices, set(self._seen))


def read_sources(paths: list[str]) -> Sources:
    """Read every data folder or export file; raises :class:`SourceError`."""
    from hrtraining.progress import FILENAME, Store, StoreError, export_rows, read_json

    out = Sources()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            if not (p / FILENAME).is_file():
                raise SourceError(f"{raw}: no progress file ({FILENAME}) in this folder")
            try:
                with Store.open(p) as store:
                    rows = export_rows(store, choices=True)
            except (StoreError, OSError) as e:
                raise SourceError(f"{raw}: the progress file cannot be read: {e}") from None
        elif p.exists():
            try:
                # open_regular: a named pipe given as an export must be refused, not waited on
                with io.TextIOWrapper(open_regular(p), encoding="utf-8") as f:
                    rows = read_json(f)
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, ValueError, KeyError, TypeError) as e:
                raise SourceError(f"{raw}: not an export from `hrtraining export --format json` ({e})") from None
        else:
            raise SourceError(f"{raw}: no such file or folder")
        out.add(str(raw), rows)
    return out


def with_lrs(base: Sources, sc: Scenario) -> Sources:
    """``base`` plus every finished attempt at this version of ``sc`` that the agency's Learning
    Record Store holds (``hrtraining lrs set``); raises :class:`SourceError` when it cannot be read."""
    from hrtraining.practice.xapi import LrsError, SettingsError, as_export_rows, fetch_attempt_records, load_settings

    try:
        settings = load_settings()
        if settings is None:
            raise SourceError("no Learning Record Store is set up: `hrtraining lrs set URL --key KEY` first")
        records = fetch_attempt_records(settings, sc.id, sc.content_hash)
    except (LrsError, SettingsError) as e:
        raise SourceError(f"the Learning Record Store cannot be read: {e}") from None
    out = base.copy()
    out.add("the Learning Record Store", as_export_rows(records))
    return out


def _taken(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    ordered = sorted(rows, key=lambda c: c.get("seq") or 0)
    return [(str(c["node_id"]), int(c["choice_index"])) for c in ordered]


def attempts_for(sources: Sources, sc: Scenario, rubric: Rubric) -> Attempts:
    """The recorded play of ``sc`` (its current content hash only) in ``sources``."""
    out = Attempts(sources=list(sources.names))
    rooms: dict[tuple, dict[int, tuple[int, ...]]] = {}  # (source, room) -> decision seq -> offered
    for a in sources.attempts:
        if a.get("scenario_id") != sc.id:
            continue
        if a.get("scenario_hash") != sc.content_hash:
            out.other_versions += 1
            continue
        rows = sources.choices.get(a["_key"])
        if a.get("source") == "workshop":
            if rows and a.get("workshop_room"):
                rec = replay_record(sc, rubric, _taken(rows))
                if rec is not None:
                    rooms[(a["_key"][0], a["workshop_room"])] = {
                        s: f.offered for s, f in enumerate(rec.decisions)}
            continue
        if a.get("status") != "finished" or rows is None:
            continue
        if a.get("parent_attempt_id") is not None:
            continue  # a replay from a decision: its first choices are copies of its parent's
        rec = replay_record(sc, rubric, _taken(rows), a.get("ending_id") or None)
        if rec is None:
            out.not_replayable += 1
        else:
            out.records.append(rec)
    out.workshop = _votes(sources, sc, rooms) + _hands(sources, sc, rooms)
    return out


def _offered(sc: Scenario, rooms: dict, source: int, room: str, seq: int, node: str) -> tuple[int, ...]:
    known = rooms.get((source, room), {}).get(seq)
    return known if known is not None else tuple(c.index for c in sc.nodes[node].choices)


def _usable(sc: Scenario, row: dict[str, Any]) -> bool:
    node = sc.nodes.get(str(row.get("node_id")))
    return (row.get("scenario_hash") == sc.content_hash and node is not None
            and isinstance(row.get("choice_index"), int) and 0 <= row["choice_index"] < len(node.choices))


def _votes(sources: Sources, sc: Scenario, rooms: dict) -> list[Record]:
    people: dict[tuple, list[Faced]] = {}
    for v in sources.votes:
        if not _usable(sc, v):
            continue
        node = str(v["node_id"])
        seq = int(v.get("decision_seq") or 0)
        offered = _offered(sc, rooms, v["_source"], v["room_code"], seq, node)
        people.setdefault((v["_source"], v["room_code"], v["participant"]), []).append(
            (seq, Faced(node, v["choice_index"], offered)))
    return [Record(tuple(f for _, f in sorted(faced, key=lambda x: x[0]))) for faced in people.values()]


def _hands(sources: Sources, sc: Scenario, rooms: dict) -> list[Record]:
    out = []
    for h in sources.hands:
        if not _usable(sc, h) or not isinstance(h.get("count"), int) or h["count"] <= 0:
            continue
        node = str(h["node_id"])
        offered = _offered(sc, rooms, h["_source"], h["room_code"], int(h.get("decision_seq") or 0), node)
        out.append(Record((Faced(node, h["choice_index"], offered),), weight=h["count"]))
    return out
