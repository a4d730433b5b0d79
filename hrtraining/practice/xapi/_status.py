"""The outbox's state in words, for ``hrtraining lrs status`` and the progress screen."""
from __future__ import annotations

from typing import Any


def _n(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ") + (" UTC" if iso else "")


def summary_line(status: Any) -> str:
    """One line: how many statements are waiting and why (the progress screen shows it)."""
    if status.full:
        return (f"LRS: the outbox is full ({status.waiting:,} results waiting); newer results are not "
                f"being kept until the LRS takes some.")
    parts: list[str] = []
    if status.waiting:
        parts.append(f"LRS: {_n(status.waiting, 'result')} waiting to be sent")
        if status.last_error:
            parts[-1] += f" — {status.last_error}"
        else:
            parts[-1] += "."
    else:
        parts.append("LRS: every result has been sent." if status.sent else "LRS: nothing to send yet.")
    if status.rejected:
        parts.append(f"{_n(status.rejected, 'result')} refused by the LRS (hrtraining lrs status).")
    if status.dropped:
        parts.append(f"{_n(status.dropped, 'result')} not kept while the outbox was full.")
    return " ".join(parts)


def status_lines(status: Any, settings: Any | None, rejected: list[tuple[str, str]] = ()) -> list[str]:
    """Several lines for ``hrtraining lrs status``."""
    lines = []
    if settings is not None:
        lines.append(f"LRS: {settings.shown_url} (from the {settings.origin}); actor: "
                     f"{'the profile name' if settings.identify == 'name' else 'a pseudonym per profile'}")
        lines.append(f"Activity ids under: {settings.activity_base}")
    else:
        lines.append("No LRS is set up (hrtraining lrs set URL --key KEY); nothing is being sent.")
    lines.append(f"Waiting: {status.waiting:,}" + (f" (oldest from {_when(status.oldest_at)})" if status.oldest_at else "")
                 + f"; outbox limit {status.limit:,}.")
    lines.append(f"Sent: {status.sent:,}" + (f" (last at {_when(status.last_sent_at)})" if status.last_sent_at else "") + ".")
    if status.last_error:
        lines.append(f"Last problem ({_when(status.last_error_at)}): {status.last_error}")
        if status.next_try_at and status.waiting:
            lines.append(f"Next try: {_when(status.next_try_at)} (or now: hrtraining lrs sync).")
    if status.full:
        lines.append("The outbox is full: newer results are not being kept until the LRS takes some.")
    if status.dropped:
        lines.append(f"Not kept while the outbox was full: {status.dropped:,}.")
    if status.rejected:
        lines.append(f"Refused by the LRS (kept, not resent; `hrtraining lrs sync --retry-refused` tries them "
                     f"again): {status.rejected:,}")
        for sid, reason in rejected:
            lines.append(f"  {sid}: {reason}")
    return lines
