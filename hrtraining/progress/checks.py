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
