"""The statements: xAPI 1.0.3 for one attempt, built from plain values (docs/xapi.md).

One :class:`AttemptStatements` per attempt knows who acts (a pseudonymous account, or a
workshop room's ``Group``), the attempt's registration and the scenario version; its methods
return one statement each, as a dict, with a UUID ``id`` fixed here. The same builders serve the
live path (the :class:`~hrtraining.practice.Recorder` and the workshop) and the export, which
builds statements later from stored attempts with ids derived from the attempt
(:func:`stable_id`), so exporting twice gives the same statements.

Nothing here does I/O; everything is pure and cheap (a statement is a few small dicts).
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ._settings import LrsSettings

XAPI_VERSION = "1.0.3"
LANG = "en-US"

#: Verbs, from the ADL vocabulary where it has one (the xAPI registry's ``rated`` otherwise).
VERBS = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "responded": "http://adlnet.gov/expapi/verbs/responded",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "rated": "http://id.tincanapi.com/verb/rated",
}
#: Activity types (ADL vocabulary).
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
#: For ids derived from an attempt (exports) and for participants' per-room pseudonyms.
NAMESPACE = uuid.UUID("9f3c1a52-6d0e-5b7a-9e41-8a2f0c7d4b19")


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def stable_id(registration: str, *parts: object) -> str:
    """A UUID derived from the attempt's registration and the event (name-based, v5)."""
    return str(uuid.uuid5(NAMESPACE, "/".join([registration, *map(str, parts)])))


def overall_percent(report: Mapping[str, Any]) -> tuple[float, int, int] | None:
    """(scaled, raw points, possible) over the required dimensions of a report (every dimension
    for a report that marks none), each dimension's points counted from 0 up to its possible;
    None when nothing was possible (not assessed)."""
    scores = report.get("scores") or {}
    dims = [s for s in scores.values() if isinstance(s, Mapping)]
    if any(s.get("required") for s in dims):
        dims = [s for s in dims if s.get("required")]
    possible = sum(int(s.get("possible", s.get("best")) or 0) for s in dims)
    if possible <= 0:
        return None
    raw = sum(min(int(s.get("possible", s.get("best")) or 0), max(0, int(s.get("points") or 0))) for s in dims)
    return round(raw / possible, 4), raw, possible


class Vocabulary:
    """The agency's IRIs: activity ids and extension keys under ``activity_base``."""

    def __init__(self, settings: LrsSettings):
        self.settings = settings
        self.base = settings.activity_base

    def ext(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"

    def scenario_id(self, scenario_id: str, scenario_hash: str) -> str:
        return f"{self.base}/scenarios/{scenario_id}/{scenario_hash}"

    def decision_id(self, scenario_id: str, scenario_hash: str, node_id: str) -> str:
        return f"{self.scenario_id(scenario_id, scenario_hash)}/decisions/{node_id}"

    def person(self, pseudonym: str, profile_name: str) -> dict[str, Any]:
        """The trainee: an account on the agency's home page named by the pseudonym (or the
        profile's name when the agency set ``identify`` to ``name``)."""
        if self.settings.identify == "name":
            return {"objectType": "Agent", "name": profile_name,
                    "account": {"homePage": self.settings.home_page, "name": profile_name}}
        return {"objectType": "Agent", "account": {"homePage": self.settings.home_page, "name": pseudonym}}

    def room(self, code: str, registration: str) -> dict[str, Any]:
        """A workshop room as an identified Group (its members are not listed)."""
        return {"objectType": "Group", "name": f"Workshop room {code}",
                "account": {"homePage": self.settings.home_page, "name": f"workshop-{code}-{registration[:8]}"}}

    def participant(self, registration: str, token: str) -> dict[str, Any]:
        """A workshop participant, pseudonymous per room: the phone's token never leaves."""
        name = "participant-" + uuid.uuid5(NAMESPACE, f"{registration}/participant/{token}").hex
        return {"objectType": "Agent", "account": {"homePage": self.settings.home_page, "name": name}}


@dataclass(frozen=True)
class Option:
    """One option of a decision, as the statement's interaction definition lists it."""

    index: int
    text: str


@dataclass(frozen=True)
class WrittenReply:
    """A trainee's own written reply at a decision (the written-replies feature, when it comes).

    It goes into the ``responded`` statement only when ``shared`` is True: the trainee allowed
    sharing it with the agency. Otherwise the statement says only that a reply was written.
    """

    text: str
    shared: bool = False


class AttemptStatements:
    """The statements of one attempt by one actor (a person, or a workshop room's Group)."""

    def __init__(self, vocabulary: Vocabulary, actor: Mapping[str, Any], registration: str, *,
                 scenario_id: str, scenario_hash: str, scenario_title: str, mode: str, source: str,
                 summary: str = "", instructor: Mapping[str, Any] | None = None,
                 platform: str = "hrtraining", replay_of: str | None = None, from_decision: int | None = None):
        self.v = vocabulary
        self.actor = dict(actor)
        self.registration = registration
        self.scenario_id, self.scenario_hash, self.title = scenario_id, scenario_hash, scenario_title
        self.mode, self.source, self.summary = mode, source, summary
        self.instructor = dict(instructor) if instructor else None
        self.platform = platform
        #: A replay ("Replay from here"): the parent attempt's registration and the 0-based
        #: number of the first decision the replay made itself (those before it are the
        #: parent's, copied, and never sent again). Every statement of the replay says so, so
        #: an agency can see the practice and leave it out of item statistics.
        self.replay_of, self.from_decision = replay_of, from_decision

    # -- parts ------------------------------------------------------------------------------
    def scenario(self) -> dict[str, Any]:
        definition: dict[str, Any] = {"type": SIMULATION, "name": {LANG: self.title or self.scenario_id}}
        if self.summary:
            definition["description"] = {LANG: self.summary}
        return {"objectType": "Activity", "id": self.v.scenario_id(self.scenario_id, self.scenario_hash),
                "definition": definition}

    def _context(self, *, parent: bool = False, team: Mapping[str, Any] | None = None) -> dict[str, Any]:
        ext = self.v.ext
        ctx: dict[str, Any] = {
            "registration": self.registration,
            "revision": self.scenario_hash,
            "platform": self.platform,
            "language": LANG,
            "extensions": {ext("scenario-id"): self.scenario_id, ext("scenario-hash"): self.scenario_hash,
                           ext("mode"): self.mode, ext("source"): self.source},
        }
        if self.replay_of is not None:
            ctx["extensions"][ext("replay-of")] = self.replay_of
            ctx["extensions"][ext("from-decision")] = self.from_decision
        if parent:
            ctx["contextActivities"] = {"parent": [{"objectType": "Activity", "id": self.scenario()["id"]}]}
        if self.instructor:
            ctx["instructor"] = self.instructor
        if team:
            ctx["team"] = dict(team)
        return ctx

    def _statement(self, verb: str, obj: Mapping[str, Any], context: Mapping[str, Any], *,
                   result: Mapping[str, Any] | None = None, actor: Mapping[str, Any] | None = None,
                   statement_id: str | None = None, timestamp: str | None = None) -> dict[str, Any]:
        st: dict[str, Any] = {
            "id": statement_id or str(uuid.uuid4()),
            "actor": dict(actor or self.actor),
            "verb": {"id": VERBS[verb], "display": {LANG: verb}},
            "object": dict(obj),
        }
        if result is not None:
            st["result"] = dict(result)
        st["context"] = dict(context)
        st["timestamp"] = timestamp or now_iso()
        return st

    # -- the statements -----------------------------------------------------------------------
    def initialized(self, *, statement_id: str | None = None, timestamp: str | None = None) -> dict[str, Any]:
        """The attempt started."""
        return self._statement("initialized", self.scenario(), self._context(),
                               statement_id=statement_id, timestamp=timestamp)

    def responded(self, seq: int, node_id: str, choice_index: int, choice_text: str, *,
                  score: Mapping[str, int], codes: Iterable[str], critical: bool,
                  options: Sequence[Option] = (), reply: WrittenReply | None = None,
                  actor: Mapping[str, Any] | None = None, team: Mapping[str, Any] | None = None,
                  vote: bool = False, statement_id: str | None = None,
                  timestamp: str | None = None) -> dict[str, Any]:
        """One decision: the option chosen (``result.response`` is its id, the choice's index in
        the node) with its text, codes and per-skill scores. ``actor``/``team``/``vote`` make it
        a workshop participant's vote for the room."""
        ext = self.v.ext
        definition: dict[str, Any] = {
            "type": INTERACTION,
            "name": {LANG: f"{self.title or self.scenario_id}: decision at {node_id}"},
            "interactionType": "choice",
        }
        if options:
            definition["choices"] = [{"id": str(o.index), "description": {LANG: o.text}} for o in options]
        extensions: dict[str, Any] = {
            ext("decision"): seq, ext("node"): node_id, ext("choice-text"): choice_text,
            ext("codes"): list(codes), ext("scores"): {k: int(v) for k, v in score.items()},
            ext("critical"): bool(critical),
        }
        if vote:
            extensions[ext("vote")] = True
        if reply is not None:
            extensions[ext("written-reply-shared")] = bool(reply.shared)
            if reply.shared:  # only what the trainee allowed to leave the computer
                extensions[ext("written-reply")] = reply.text
        obj = {"objectType": "Activity", "id": self.v.decision_id(self.scenario_id, self.scenario_hash, node_id),
               "definition": definition}
        return self._statement("responded", obj, self._context(parent=True, team=team),
                               result={"response": str(choice_index), "extensions": extensions},
                               actor=actor, statement_id=statement_id, timestamp=timestamp)

    def completed(self, report: Mapping[str, Any], path: Sequence[tuple[str, int]], *,
                  statement_id: str | None = None, timestamp: str | None = None) -> dict[str, Any]:
        """The ending and the debrief: overall percent as ``score.scaled``, the level, each
        skill, the critical flag, the MITI figures and the path taken."""
        ext = self.v.ext
        skills = {}
        for dim, s in (report.get("scores") or {}).items():
            if isinstance(s, Mapping):
                skills[dim] = {"points": s.get("points"), "possible": s.get("possible", s.get("best")),
                               "percent": s.get("percent"), "level": s.get("level"),
                               "assessed": s.get("assessed", s.get("level") is not None),
                               "required": bool(s.get("required", False))}
        critical = int(report.get("critical") or 0)
        extensions = {
            ext("level"): report.get("level"),
            ext("skills"): skills,
            ext("critical"): critical > 0,
            ext("critical-choices"): critical,
            ext("miti"): {k: report.get(k) for k in ("reflection_to_question", "percent_complex_reflections",
                                                     "mi_adherent", "mi_non_adherent", "miti_levels")},
            ext("codes"): dict(report.get("codes") or {}),
            ext("ending"): {"id": report.get("ending"), "title": report.get("ending_title")},
            ext("path"): [[node, int(index)] for node, index in path],
            ext("report-version"): report.get("version", 1),
        }
        result: dict[str, Any] = {"completion": True, "extensions": extensions}
        overall = overall_percent(report)
        if overall is not None:
            scaled, raw, possible = overall
            result["score"] = {"scaled": scaled, "raw": raw, "min": 0, "max": possible}
        return self._statement("completed", self.scenario(), self._context(), result=result,
                               statement_id=statement_id, timestamp=timestamp)

    def rated(self, level: str, *, statement_id: str | None = None, timestamp: str | None = None) -> dict[str, Any]:
        """The trainee's own rating (beginning, fair or good), given before any score was shown."""
        result = {"response": level, "extensions": {self.v.ext("self-rating"): level}}
        return self._statement("rated", self.scenario(), self._context(), result=result,
                               statement_id=statement_id, timestamp=timestamp)
