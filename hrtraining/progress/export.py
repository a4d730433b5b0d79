"""Export of stored results for trainers: flat rows, written as CSV or JSON.

Rows are flat dicts of JSON scalars, identical for both formats, so a spreadsheet and a
script see the same columns (every column is described in docs/export.md):

* attempts: one row per attempt, with per-dimension ``<dim>_points``, ``<dim>_possible``,
  ``<dim>_percent``, ``<dim>_level``, per-code ``code_<code>`` counts, the replay link
  (``parent_attempt_id``, ``from_decision``) and the trainee's written ``reflection``;
* choices (``choices=True``): one row per choice, with ``score_<dim>`` columns and the
  trainee's own words at that decision (``reply_text``, ``reply_skipped``, ``reply_seconds``)
  and their closeness mark (``closeness``, ``closest_index``, ``closest_text``);
* votes: one row per workshop vote (per participant, per decision). Participants appear as
  ``P1``, ``P2``, … numbered per room in the order they first voted: never their token (not
  even its hash) and never their nickname, so the file does not say who voted what;
* hands: one row per show-of-hands count the workshop leader typed in (per decision, per
  choice).

``<dim>_possible`` is the denominator of the percent. For an attempt whose ``report_version``
is 2 it is what the decisions faced on that path allowed; for ``report_version`` 1 (attempts
stored before scoring version 2) it is the best total over any path. Export format 1 called
these columns ``<dim>_best``; :func:`from_json` still reads such files (``ExportRows.version``
says which it is) and leaves their columns as they were written.

Workshop ``decision`` and ``choice`` numbers count from 1: ``decision`` is the room's n-th
decision, ``choice`` the n-th choice the scenario lists at that node. That is the number on the
wall unless a conditional choice before it was hidden there; the wall's number needs the scenario
replayed along the room's path, which the store does not hold, so the export does not give it
(docs/export.md; the leader's report does). (Version 1 exports had 0-based ``decision_seq`` and
``choice_index`` columns.)

Dimension and code columns are the union over the exported attempts, in order of first
appearance, so the export follows whatever rubric the scenarios used at the time.
CSV holds one table per file (``table=``); JSON holds all of them and reads back equal.
In CSV every text that a spreadsheet would run as a formula is neutralised (see :func:`_cell`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from .db import NotFoundError, StoreError, iso
from .models import Attempt, DamagedReport, parse_report
from .store import Store

FORMAT = "hrtraining-progress-export"
#: Version 2: ``<dim>_possible`` (was ``<dim>_best``), ``report_version``, replays, reflections,
#: the trainee's own words on choice rows; workshop participants as P1, P2, … and decisions and
#: choices counted from 1.
VERSION = 2
READABLE_VERSIONS = (1, 2)
TABLES = ("attempts", "choices", "votes", "hands")
SCORE_FIELDS = ("points", "possible", "percent", "level")

ATTEMPT_COLUMNS = [
    "attempt_id", "profile", "scenario_id", "scenario_hash", "scenario_title", "mode",
    "source", "workshop_room", "status", "started_at", "finished_at", "ending_id",
    "ending_title", "level", "self_rating", "critical", "choice_count",
    "parent_attempt_id", "from_decision", "report_version", "reflection",
    "reflection_to_question", "percent_complex_reflections",
]
#: Attempt columns read straight from the attempts table, in this order.
_STORED_ATTEMPT_COLUMNS = ATTEMPT_COLUMNS[:19]
CHOICE_COLUMNS = [
    "attempt_id", "profile", "scenario_id", "scenario_hash", "mode", "source", "seq",
    "node_id", "choice_index", "choice_text", "critical", "codes", "feedback", "made_at",
    "reply_text", "reply_skipped", "reply_seconds", "closeness", "closest_index", "closest_text",
]
#: Choice columns read from the choices table (the rest come from the trainee's reply).
_STORED_CHOICE_COLUMNS = CHOICE_COLUMNS[:14]
VOTE_COLUMNS = [
    "room_code", "scenario_id", "scenario_hash", "scenario_title", "decision", "node_id",
    "participant", "choice", "voted_at",
]
HAND_COLUMNS = [
    "room_code", "scenario_id", "scenario_hash", "scenario_title", "decision", "node_id",
    "choice", "count", "counted_at",
]
# Version 1's hand columns, for reading old exports that lack a column list for them.
_V1_HAND_COLUMNS = [
    "room_code", "scenario_id", "scenario_hash", "scenario_title", "decision_seq", "node_id",
    "choice_index", "count", "counted_at",
]
# Report keys copied as columns when present (the engine's MITI summary figures).
_REPORT_SCALARS = ("reflection_to_question", "percent_complex_reflections")

Row = dict[str, Any]


@dataclass
class ExportRows:
    """Everything one export holds; equal after a JSON write/read round trip."""

    profile: str | None
    exported_at: str
    attempts: list[Row] = field(default_factory=list)
    choices: list[Row] | None = None  # None: choices were not requested
    votes: list[Row] = field(default_factory=list)
    hands: list[Row] = field(default_factory=list)
    attempt_columns: list[str] = field(default_factory=lambda: list(ATTEMPT_COLUMNS))
    choice_columns: list[str] = field(default_factory=lambda: list(CHOICE_COLUMNS))
    vote_columns: list[str] = field(default_factory=lambda: list(VOTE_COLUMNS))
    hand_columns: list[str] = field(default_factory=lambda: list(HAND_COLUMNS))
    #: The export format's version: 2 when made now; 1 for a file read back from an older export
    #: (its per-dimension denominators are then named ``<dim>_best``).
    version: int = VERSION
    #: Rows left out because what is stored for them cannot be read, one line each ("attempt 12:
    #: ..."): an export goes on past a damaged row and says which. Not part of the file.
    skipped: list[str] = field(default_factory=list, compare=False)

    def table(self, name: str) -> tuple[list[str], list[Row]]:
        """Columns and rows of one table: 'attempts', 'choices', 'votes' or 'hands'."""
        if name == "attempts":
            return self.attempt_columns, self.attempts
        if name == "choices":
            return self.choice_columns, self.choices or []
        if name == "votes":
            return self.vote_columns, self.votes
        if name == "hands":
            return self.hand_columns, self.hands
        raise ValueError(f"unknown table {name!r}; expected one of {', '.join(TABLES)}")


def _ordered_union(groups: Iterable[Iterable[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item, None)
    return list(seen)


class DamagedRow(StoreError, ValueError):
    """A stored row that cannot be read. ``what`` names it ("attempt 12: its stored report cannot
    be read (JSONDecodeError)"); the message adds that it was left out of the export."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}; left out of the export")
        self.what = what


def stored_report(attempt_id: int, raw: str | None) -> dict[str, Any]:
    """The stored report of an attempt as a dict (``{}`` when there is none); raises
    :class:`DamagedRow` when it is not JSON or not a JSON object (``[]`` once raised
    AttributeError deep inside an export)."""
    if not raw:
        return {}
    try:
        return parse_report(attempt_id, raw)
    except DamagedReport as e:  # the same words, said as a row left out of the export
        raise DamagedRow(str(e)) from None


def exportable_attempt(store: Store, attempt_id: int) -> Attempt:
    """``store.attempt(attempt_id)`` with the checks :func:`export_rows` makes of every row: its
    choices and its report must read back. Raises :class:`DamagedRow` (naming the attempt) when
    they do not, :class:`NotFoundError` when there is no such attempt. Every export that reads
    whole attempts (xAPI, the HTML debrief) goes through here, so a bad row is reported the same
    way everywhere."""
    try:
        attempt = store.attempt(attempt_id)
    except (ValueError, RecursionError) as e:  # NotFoundError is a StoreError, not a ValueError
        raise DamagedRow(f"attempt {attempt_id}: a stored choice cannot be read ({e.__class__.__name__})") from None
    try:
        attempt.report  # parsed once and kept on the attempt, for the caller to use
    except DamagedReport as e:
        raise DamagedRow(str(e)) from None
    return attempt


def export_rows(store: Store, profile: str | None = None, choices: bool = False) -> ExportRows:
    """Collect the rows to export: all profiles, or one (NotFoundError if unknown).

    With a profile, votes and hand counts are those of the rooms that profile led.
    """
    where: str = ""
    params: list[Any] = []
    with store._read() as conn:
        if profile is not None:
            profile_id = store._profile_id(conn, profile)
            if profile_id is None:
                raise NotFoundError(f"no profile named {profile!r}")
            where, params = " WHERE a.profile_id = ?", [profile_id]
        attempt_rows = conn.execute(
            "SELECT a.id, p.name, a.scenario_id, a.scenario_hash, a.scenario_title, a.mode, "
            "a.source, a.workshop_room, a.status, a.started_at, a.finished_at, a.ending_id, "
            "a.ending_title, a.level, a.self_rating, a.critical, a.choice_count, "
            "a.parent_attempt_id, a.from_decision, f.reflection, r.report_json "
            "FROM attempts a JOIN profiles p ON p.id = a.profile_id "
            "LEFT JOIN attempt_reports r ON r.attempt_id = a.id "
            "LEFT JOIN attempt_reflections f ON f.attempt_id = a.id"
            f"{where} ORDER BY a.started_at, a.id",
            params,
        ).fetchall()
        score_rows = conn.execute(
            "SELECT s.attempt_id, s.dimension, s.points, s.best, s.percent, s.level "
            f"FROM attempt_scores s JOIN attempts a ON a.id = s.attempt_id{where} "
            "ORDER BY s.attempt_id, s.position",
            params,
        ).fetchall()
        choice_rows = (
            conn.execute(
                "SELECT a.id, p.name, a.scenario_id, a.scenario_hash, a.mode, a.source, c.seq, "
                "c.node_id, c.choice_index, c.choice_text, c.critical, c.codes_json, "
                "c.feedback, c.made_at, y.reply_text, y.skipped, y.seconds, y.closeness, "
                "y.closest_index, y.closest_text, c.score_json FROM choices c "
                "JOIN attempts a ON a.id = c.attempt_id JOIN profiles p ON p.id = a.profile_id "
                "LEFT JOIN replies y ON y.attempt_id = c.attempt_id AND y.seq = c.seq"
                f"{where} ORDER BY a.started_at, a.id, c.seq",
                params,
            ).fetchall()
            if choices
            else []
        )
        led_rooms = (
            " IN (SELECT workshop_room FROM attempts a"
            f"{where} AND a.workshop_room IS NOT NULL)"
        )
        vote_where = f" WHERE v.room_code{led_rooms}" if where else ""
        vote_rows = conn.execute(
            "SELECT v.room_code, r.scenario_id, r.scenario_hash, r.scenario_title, "
            "v.decision_seq + 1, v.node_id, v.participant, v.choice_index + 1, v.voted_at "
            f"FROM workshop_votes v JOIN workshop_rooms r ON r.code = v.room_code{vote_where} "
            "ORDER BY r.created_at, v.room_code, v.decision_seq, v.voted_at, v.participant",
            params,
        ).fetchall()
        hand_where = f" WHERE h.room_code{led_rooms}" if where else ""
        hand_rows = conn.execute(
            "SELECT h.room_code, r.scenario_id, r.scenario_hash, r.scenario_title, "
            "h.decision_seq + 1, h.node_id, h.choice_index + 1, h.count, h.counted_at "
            f"FROM workshop_hands h JOIN workshop_rooms r ON r.code = h.room_code{hand_where} "
            "ORDER BY r.created_at, h.room_code, h.decision_seq, h.choice_index",
            params,
        ).fetchall()

    scores: dict[int, dict[str, tuple[Any, ...]]] = {}
    for attempt_id, dim, *values in score_rows:
        scores.setdefault(attempt_id, {})[dim] = tuple(values)
    # scores is filled in position order, but attempts are ordered by start time.
    reports: dict[int, dict[str, Any]] = {}
    damaged: list[str] = []
    for row in attempt_rows:
        try:
            reports[row[0]] = stored_report(row[0], row[-1])
        except DamagedRow as e:
            damaged.append(str(e))
    attempt_rows = [row for row in attempt_rows if row[0] in reports]
    order = [row[0] for row in attempt_rows]
    dims = _ordered_union(scores.get(a, {}) for a in order)
    codes = _ordered_union(
        (r.get("codes") or {}) if isinstance(r.get("codes"), dict) else {}
        for r in reports.values()
    )

    result = ExportRows(profile=profile, exported_at=iso(store._clock()))
    result.skipped = damaged
    result.attempt_columns = (
        ATTEMPT_COLUMNS
        + [f"{dim}_{f}" for dim in dims for f in SCORE_FIELDS]
        + [f"code_{code}" for code in codes]
    )
    for row in attempt_rows:
        out: Row = dict(zip(_STORED_ATTEMPT_COLUMNS, row[:19]))
        report = reports[row[0]]
        out["report_version"] = report.get("version", 1) if report else None
        out["reflection"] = row[19]
        for key in _REPORT_SCALARS:
            out[key] = report.get(key)
        dim_scores = scores.get(row[0], {})
        for dim in dims:
            values = dim_scores.get(dim, (None,) * len(SCORE_FIELDS))
            for name, value in zip(SCORE_FIELDS, values):
                out[f"{dim}_{name}"] = value
        report_codes = report.get("codes") if isinstance(report.get("codes"), dict) else {}
        for code in codes:
            out[f"code_{code}"] = report_codes.get(code, 0) if report else None
        result.attempts.append(out)

    if choices:
        parsed = []
        for row in choice_rows:
            if row[0] not in reports:
                continue  # its attempt was left out above
            try:
                score, codes_list = json.loads(row[-1]), json.loads(row[11])
                if not isinstance(score, dict) or not isinstance(codes_list, list):
                    raise ValueError("not the stored shape")
            except (ValueError, RecursionError) as e:
                damaged.append(f"attempt {row[0]}, decision {row[6] + 1}: the stored choice cannot be read "
                               f"({e.__class__.__name__}); left out of the export")
                continue
            parsed.append((row, score))
        choice_dims = _ordered_union([dims, *(score for _, score in parsed)])
        result.choice_columns = CHOICE_COLUMNS + [f"score_{dim}" for dim in choice_dims]
        result.choices = []
        for row, score in parsed:
            out = dict(zip(CHOICE_COLUMNS, row[:20]))
            out["critical"] = bool(out["critical"])
            if out["reply_skipped"] is not None:  # NULL: no reply was asked for at this decision
                out["reply_skipped"] = bool(out["reply_skipped"])
            # A cell, not a nested list, so CSV and JSON rows match.
            out["codes"] = ";".join(str(c) for c in json.loads(out["codes"]))
            for dim in choice_dims:
                out[f"score_{dim}"] = score.get(dim, 0)
            result.choices.append(out)

    result.votes = [dict(zip(VOTE_COLUMNS, row)) for row in vote_rows]
    _pseudonymise(result.votes)
    result.hands = [dict(zip(HAND_COLUMNS, row)) for row in hand_rows]
    return result


def _pseudonymise(votes: list[Row]) -> None:
    """Replace each participant (a token hash) by ``P1``, ``P2``, … per room, numbered in the
    order of their first vote (the rows are in time order within a decision)."""
    first: dict[tuple[str, str], str] = {}
    firsts = sorted(votes, key=lambda v: (v["room_code"], v["voted_at"]))
    counters: dict[str, int] = {}
    for v in firsts:
        key = (v["room_code"], v["participant"])
        if key not in first:
            counters[v["room_code"]] = counters.get(v["room_code"], 0) + 1
            first[key] = f"P{counters[v['room_code']]}"
    for v in votes:
        v["participant"] = first[(v["room_code"], v["participant"])]


# -- writers ----------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(column: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return csv_text(value)


def csv_text(value: Any) -> str:
    """One CSV cell that a spreadsheet can open safely: None is empty, numbers stay numbers, and
    text that would start a formula is neutralised (every CSV this project writes goes through here)."""
    if value is None:
        return ""
    # NUL cannot be written by every csv module (Python 3.10) nor read by spreadsheets.
    text = str(value).replace("\x00", "\ufffd")
    # Any text may have been typed by someone (a nickname, a trainee's own words, a reflection,
    # an author's choice text): neutralise spreadsheet formulas (CSV injection, OWASP) so that
    # opening the export in a spreadsheet cannot run anything. Numbers are written as numbers.
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def write_csv(
    rows: ExportRows, out: TextIO, table: str = "attempts", *, lineterminator: str = "\r\n"
) -> None:
    """Write one table (attempts, choices, votes or hands) as CSV with a header row.

    A file should be opened with ``newline=""``; the default CRLF line ends are RFC 4180's.
    """
    columns, data = rows.table(table)
    if table == "choices" and rows.choices is None:
        raise ValueError("choices were not collected; call export_rows(..., choices=True)")
    writer = csv.writer(out, lineterminator=lineterminator)
    writer.writerow(columns)
    for row in data:
        writer.writerow([_cell(c, row.get(c)) for c in columns])


def to_json(rows: ExportRows) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": rows.version,
        "exported_at": rows.exported_at,
        "profile": rows.profile,
        "columns": {
            "attempts": rows.attempt_columns,
            "choices": rows.choice_columns,
            "votes": rows.vote_columns,
            "hands": rows.hand_columns,
        },
        "attempts": rows.attempts,
        "votes": rows.votes,
        "hands": rows.hands,
    }
    if rows.choices is not None:
        document["choices"] = rows.choices
    return document


def write_json(rows: ExportRows, out: TextIO) -> None:
    json.dump(to_json(rows), out, ensure_ascii=False, indent=1, allow_nan=False)
    out.write("\n")


def from_json(document: Any) -> ExportRows:
    """Rebuild :class:`ExportRows` from a parsed JSON export; ValueError if it is not one.

    Exports written before hand counts existed have no ``hands``: they read as none. Format 1
    exports (``<dim>_best`` columns, no replies) read as they were written, with ``version`` 1.
    """
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValueError("not an hrtraining progress export")
    version = document.get("version")
    if version not in READABLE_VERSIONS:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > VERSION
        raise ValueError(f"unsupported export version {version!r}"
                         + ("; it was written by a newer hrtraining" if newer else ""))
    columns = document["columns"]
    old = document.get("version") == 1
    return ExportRows(
        version=version,
        profile=document["profile"],
        exported_at=document["exported_at"],
        attempts=document["attempts"],
        choices=document.get("choices"),
        votes=document["votes"],
        hands=document.get("hands", []),
        attempt_columns=columns["attempts"],
        choice_columns=columns["choices"],
        vote_columns=columns["votes"],
        hand_columns=columns.get("hands", list(_V1_HAND_COLUMNS if old else HAND_COLUMNS)),
    )


def read_json(inp: TextIO) -> ExportRows:
    return from_json(json.load(inp))
