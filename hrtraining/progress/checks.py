"""Checks every store applies to what it is asked to keep (the SQLite store and the practice
layer's in-memory one share them, so both refuse the same things in the same words)."""

from __future__ import annotations

import getpass
import json
import math
import unicodedata
from collections.abc import Mapping
from typing import Any

DEFAULT_PROFILE = "Trainee"
MAX_NAME = 100
#: The longest reply a trainee can write at a decision (a long paragraph, ~350 words): the
#: Helpful Responses Questionnaire's replies are a sentence or three.
MAX_REPLY = 2000
#: The longest written reflection on an attempt.
MAX_REFLECTION = 4000
CLOSENESS = ("option", "none")


def system_user_name() -> str:
    """The login name, or "Trainee" where there is none (containers, odd platforms)."""
    try:
        name = getpass.getuser().strip()
    except Exception:  # getpass raises KeyError/OSError/ImportError depending on platform
        name = ""
    return name or DEFAULT_PROFILE


def clean_name(name: object) -> str:
    """A display name: trimmed, 1-100 characters, no control characters.

    Control characters are refused because a name is shown on screen and printed in
    terminals, and SQLite's length() stops at a NUL (the CHECK would misjudge it).
    """
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a profile name must be a non-empty string")
    name = name.strip()
    if len(name) > MAX_NAME:
        raise ValueError(f"a profile name must be at most {MAX_NAME} characters")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name):
        raise ValueError("a profile name cannot contain control characters")
    return name


def require_text(name: str, value: object, *, empty_ok: bool = False) -> str:
    if not isinstance(value, str) or (not empty_ok and not value.strip()):
        raise ValueError(f"{name} must be a {'' if empty_ok else 'non-empty '}string")
    return value


def require_int(name: str, value: object, *, minimum: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an integer")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}")
    return value


def require_count(name: str, value: object) -> int:
    """A whole number >= 0."""
    return require_int(name, value, minimum=0)


def check_score(score: object) -> dict[str, int]:
    """A choice's ``{dimension: points}``, checked."""
    if not isinstance(score, Mapping) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in score.items()
    ):
        raise ValueError("score must map dimension names to integers")
    return dict(score)


def check_codes(codes: object) -> list[str]:
    if not isinstance(codes, (list, tuple)) or not all(isinstance(c, str) for c in codes):
        raise ValueError("codes must be a list of strings")
    return list(codes)


def score_rows(report: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Validate ``report["scores"]``; return (position, dimension, points, denominator,
    percent, level) rows for the per-dimension table.

    The denominator is ``possible`` in a version-2 report (what the decisions faced allowed)
    and ``best`` in a version-1 report (the best total over any path); the stored report says
    which. A dimension a version-2 report did not assess (``possible`` 0, no level) has no
    row: it has no result to chart.
    """
    scores = report.get("scores")
    if not isinstance(scores, Mapping):
        raise ValueError("report['scores'] must be a dict of dimension -> score")
    rows = []
    for position, (dim, score) in enumerate(scores.items()):
        if not isinstance(dim, str) or not isinstance(score, Mapping):
            raise ValueError(f"report['scores'][{dim!r}] must be a dict")
        key = "possible" if "possible" in score else "best"
        try:
            points = require_int("points", score["points"])
            denominator = require_int(key, score[key])
            level = score["level"]
            percent = score.get("percent")
        except KeyError as missing:
            raise ValueError(f"report['scores'][{dim!r}] lacks {missing}") from None
        if level is None and key == "possible":
            continue  # not assessed on this path
        require_text("level", level)
        if percent is not None:
            if not isinstance(percent, (int, float)) or isinstance(percent, bool):
                raise ValueError(f"report['scores'][{dim!r}]['percent'] must be a number")
            percent = float(percent)
            if not math.isfinite(percent):
                raise ValueError(f"report['scores'][{dim!r}]['percent'] must be finite")
        rows.append((position, dim, points, denominator, percent, level))
    return rows


def check_statements(statements: object) -> list[tuple[str, str]]:
    """xAPI statements to put in the outbox: ``[(statement id, JSON text), ...]``.

    None or empty is nothing to add. Each must be a JSON object with a string ``id`` (the
    UUID fixed at creation); it is serialised once, here, and sent byte for byte as stored,
    so a resend after a crash is the same statement.
    """
    if statements is None:
        return []
    if isinstance(statements, (str, bytes, Mapping)) or not isinstance(statements, (list, tuple)):
        raise ValueError("statements must be a list of xAPI statement dicts")
    out: list[tuple[str, str]] = []
    for st in statements:
        if not isinstance(st, Mapping) or not isinstance(st.get("id"), str) or not st["id"]:
            raise ValueError("each statement must be a dict with a string 'id'")
        try:
            body = json.dumps(st, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        except (TypeError, ValueError) as error:
            raise ValueError(f"statement {st['id']} is not plain JSON data: {error}") from error
        out.append((st["id"], body))
    return out


def check_registration(registration: object) -> str:
    """An attempt's xAPI registration: a UUID string, made here when None."""
    import uuid

    if registration is None:
        return str(uuid.uuid4())
    if not isinstance(registration, str):
        raise ValueError("registration must be a UUID string")
    try:
        return str(uuid.UUID(registration))
    except ValueError:
        raise ValueError(f"registration must be a UUID, not {registration[:40]!r}") from None


#: Workshop phones hold a random token; the stores keep only its hash, so a stolen progress
#: file or export cannot be used to rejoin a room as someone and read their private summary.
TOKEN_HASH_PREFIX = "hrtraining-room-token:"


def token_hash(token: str) -> str:
    """The stored form of a participant's token: 64 hex characters (SHA-256, domain-separated).

    Tokens are 128-bit random values (``secrets.token_urlsafe(16)``), so a plain hash is not
    reversible by guessing; the prefix keeps these hashes from matching any other use of SHA-256.
    """
    import hashlib

    return hashlib.sha256((TOKEN_HASH_PREFIX + token).encode("utf-8")).hexdigest()


def require_token_hash(name: str, value: object) -> str:
    """A participant as stores keep them: the 64 hex characters :func:`token_hash` makes.

    Refusing anything else keeps a raw token (which would let its holder rejoin as that person)
    from ever being written where only its hash belongs.
    """
    if not (isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)):
        raise ValueError(f"{name} must be a participant's token hash (token_hash), not a token")
    return value


def check_long_text(name: str, value: object, limit: int) -> str:
    """Free text a trainee wrote: a string of at most ``limit`` characters with no control
    characters other than newline and tab (what a text box can produce)."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    if len(value) > limit:
        raise ValueError(f"{name} must be at most {limit} characters (it has {len(value)})")
    if any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in value):
        raise ValueError(f"{name} cannot contain control characters other than newlines and tabs")
    return value


def check_seconds(value: object) -> float:
    """How long something took: a finite number >= 0."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise ValueError("seconds must be a finite number >= 0")
    return float(value)


def check_report(report: object) -> tuple[list[tuple[Any, ...]], str | None, int | None, str]:
    """A report to finish an attempt with, checked: (score rows, level, critical, its JSON text).

    ``critical`` is None when the report does not say (older engines: the store counts the
    critical choices it holds).
    """
    if not isinstance(report, Mapping):
        raise ValueError("report must be a dict")
    rows = score_rows(report)
    level = report.get("level")
    if level is not None and not isinstance(level, str):
        raise ValueError("report['level'] must be a string")
    critical = report.get("critical")
    if critical is not None:
        critical = require_int("report['critical']", critical, minimum=0)
    try:
        text = json.dumps(report, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ValueError(f"report is not plain JSON data: {error}") from error
    return rows, level, critical, text


def check_votes(votes: Any) -> list[tuple[int, str, str, int, str | None]]:
    """Votes to store: (decision_seq, node_id, participant token, choice_index, nickname) each,
    checked, with the nickname trimmed (blank: None)."""
    out = []
    for decision_seq, node_id, participant, choice_index, nickname in votes:
        require_count("decision_seq", decision_seq)
        require_text("node_id", node_id)
        require_text("participant", participant)
        require_count("choice_index", choice_index)
        if nickname is not None:
            if not isinstance(nickname, str):
                raise ValueError("nickname must be a string or None")
            nickname = nickname.strip() or None
        out.append((decision_seq, node_id, participant, choice_index, nickname))
    return out


def check_start(profile: object, scenario_id: object, scenario_hash: object, scenario_title: object,
                mode: object, source: object, workshop_room: object, registration: object,
                statements: object) -> tuple[str, str, list[tuple[str, str]]]:
    """What ``start_attempt`` is given, checked as every store checks it: the profile name,
    the registration and the queued statements, ready to write."""
    from .models import MODES, SOURCES

    name = clean_name(profile)
    require_text("scenario_id", scenario_id)
    require_text("scenario_hash", scenario_hash)
    require_text("scenario_title", scenario_title, empty_ok=True)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if source not in SOURCES:
        raise ValueError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    if workshop_room is not None:
        require_text("workshop_room", workshop_room)
        if source != "workshop":
            raise ValueError("workshop_room is only for source='workshop'")
    return name, check_registration(registration), check_statements(statements)
