"""Reading a scenario version's attempts back from the LRS, for ``hrtraining analyze --lrs``.

An author's item statistics need every trainee's attempts across the agency, and those live in
the LRS. :func:`fetch_attempt_records` asks the LRS for the ``completed`` statements of one
scenario version (``GET /statements`` with ``activity`` = the version's activity id,
``related_activities=true`` and ``verb`` = completed, following ``more`` links on the LRS's own
origin) and turns each into one :class:`LrsAttempt`: scenario id and hash, the path of (node
id, choice index) and the overall percent. The ``completed`` statement carries the whole path
(``extensions/path``), so a decision taken back in practice mode, which the live log also has as
a ``responded`` statement, never counts. Replays ("Replay from here": statements with the
``replay-of`` context extension) are left out, as local ``analyze`` leaves them out: their path
starts with copies of the parent's decisions, which would count twice.

:func:`as_export_rows` gives the same records in the shape ``hrtraining export --format json``
has (:class:`~hrtraining.progress.ExportRows`), so ``analyze`` can read an LRS as one more
source beside data folders and export files.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ._client import LrsClient, LrsError
from ._settings import LrsSettings
from ._statements import VERBS, Vocabulary

#: Statements per page asked for (the LRS may give fewer and a ``more`` link).
PAGE = 500
#: Pages at most: a bound on a misbehaving LRS whose ``more`` links never end.
MAX_PAGES = 10_000


@dataclass(frozen=True)
class LrsAttempt:
    """One finished attempt as the LRS has it."""

    registration: str
    scenario_id: str
    scenario_hash: str
    path: tuple[tuple[str, int], ...]
    percent: float | None           # result.score.scaled: the overall percent (None: not assessed)
    level: str | None
    ending: str | None
    source: str                     # game, terminal or workshop
    mode: str
    actor: str                      # the account name: a pseudonym unless the agency chose names
    timestamp: str
    replay_of: str | None = None    # a replay: the parent attempt's registration


def _statements(client: LrsClient, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
    page = client.get_statements(params)
    for _ in range(MAX_PAGES):
        yield from page["statements"]
        more = page.get("more")
        if not more:
            return
        page = client.follow(more)
    raise LrsError("server", f"The LRS kept answering 'more' after {MAX_PAGES} pages; stopped.", retry=False)


def record_of(statement: dict[str, Any], vocab: Vocabulary) -> LrsAttempt | None:
    """The attempt a ``completed`` statement describes; None for anything else (another verb, or
    a statement without this profile's extensions)."""
    if statement.get("verb", {}).get("id") != VERBS["completed"]:
        return None
    ext = vocab.ext
    ctx = (statement.get("context") or {}).get("extensions") or {}
    res = statement.get("result") or {}
    rext = res.get("extensions") or {}
    path = rext.get(ext("path"))
    sid, shash = ctx.get(ext("scenario-id")), ctx.get(ext("scenario-hash"))
    registration = (statement.get("context") or {}).get("registration")
    if not isinstance(path, list) or not sid or not shash or not registration:
        return None
    try:
        steps = tuple((str(node), int(index)) for node, index in path)
    except (TypeError, ValueError):
        return None
    scaled = (res.get("score") or {}).get("scaled")
    account = (statement.get("actor") or {}).get("account") or {}
    return LrsAttempt(registration=registration, scenario_id=str(sid), scenario_hash=str(shash), path=steps,
                      percent=float(scaled) if isinstance(scaled, (int, float)) else None,
                      level=rext.get(ext("level")), ending=(rext.get(ext("ending")) or {}).get("id"),
                      source=str(ctx.get(ext("source")) or ""), mode=str(ctx.get(ext("mode")) or ""),
                      actor=str(account.get("name") or ""), timestamp=str(statement.get("timestamp") or ""),
                      replay_of=str(ctx[ext("replay-of")]) if ctx.get(ext("replay-of")) else None)


def fetch_attempt_records(settings: LrsSettings, scenario_id: str, scenario_hash: str, *,
                          client: LrsClient | None = None, include_replays: bool = False) -> list[LrsAttempt]:
    """Every finished attempt at this scenario version in the LRS, oldest first, one per
    registration; replays only with ``include_replays`` (item statistics leave them out).
    Raises :class:`LrsError` (a clear message) when the LRS cannot be read."""
    vocab = Vocabulary(settings)
    client = client or LrsClient(settings)
    params = {"activity": vocab.scenario_id(scenario_id, scenario_hash), "related_activities": True,
              "verb": VERBS["completed"], "limit": PAGE}
    seen: dict[str, LrsAttempt] = {}
    for statement in _statements(client, params):
        rec = record_of(statement, vocab)
        if rec is None or rec.scenario_id != scenario_id or rec.scenario_hash != scenario_hash:
            continue
        if rec.replay_of is not None and not include_replays:
            continue  # a replay's path begins with its parent's decisions: they would count twice
        seen.setdefault(rec.registration, rec)  # an attempt completes once; a duplicate counts once
    return sorted(seen.values(), key=lambda r: (r.timestamp, r.registration))


def as_export_rows(records: list[LrsAttempt], source_name: str = "lrs") -> Any:
    """The records as :class:`~hrtraining.progress.ExportRows` (attempts with their choices), the
    shape ``hrtraining export --format json`` has, so ``analyze`` reads an LRS like an export."""
    from hrtraining.progress import ExportRows

    rows = ExportRows(profile=None, exported_at=source_name, choices=[])
    for n, r in enumerate(records, start=1):
        rows.attempts.append({
            "attempt_id": n, "profile": r.actor, "scenario_id": r.scenario_id, "scenario_hash": r.scenario_hash,
            "scenario_title": "", "mode": r.mode, "source": r.source, "workshop_room": None, "status": "finished",
            "started_at": r.timestamp, "finished_at": r.timestamp, "ending_id": r.ending, "ending_title": None,
            "level": r.level, "self_rating": None, "critical": None, "choice_count": len(r.path),
            "registration": r.registration, "percent": r.percent,
        })
        for seq, (node, index) in enumerate(r.path):
            rows.choices.append({"attempt_id": n, "profile": r.actor, "scenario_id": r.scenario_id,
                                 "scenario_hash": r.scenario_hash, "mode": r.mode, "source": r.source, "seq": seq,
                                 "node_id": node, "choice_index": index})
    return rows
