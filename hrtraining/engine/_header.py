"""A scenario's header — id, title, summary, client, setting, tags, content notes — read fast.

A menu needs only these to list a scenario. libyaml parses the file into events lazily, so
reading them stops where the ``nodes:`` mapping begins, long before the conversation itself.
This is a *preview*: nothing here checks the file. The menu shows it at once and the full
check (``check_file``) runs behind it, marking the file broken if it fails. A header that
cannot be read at all (not a mapping, bad YAML, an odd value) gives None: the full check
then says what is wrong, with ``file:line:col``.
"""
from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent)

from ._library import ScenarioInfo
from ._yaml import MAX_FILE_BYTES, _Loader, read_file

_TEXT_KEYS = ("id", "title", "summary", "setting")
_LIST_KEYS = ("tags", "content_notes")
_CLIENT_KEYS = ("name", "about", "portrait")
#: The most events a preview may take: a header is a few dozen, a whole file far fewer than this.
_MAX_EVENTS = 200_000


def read_header(path: str) -> ScenarioInfo | None:
    """The header of the scenario file at ``path``, or None when it cannot be previewed."""
    data, _ = read_file(path)  # the loader's own read: size limit, no named pipes (the full check says why)
    if data is None or len(data) > MAX_FILE_BYTES:
        return None
    # Most files put the header first: parse only up to the top-level `nodes:` line (half the
    # time of starting libyaml on the whole file). Anything odd falls back to the whole file.
    cut = data.find(b"\nnodes:")
    if cut > 0:
        info = _parse(data[:cut + 1])
        if info is not None:
            return info
    return _parse(data)


def _parse(data: bytes) -> ScenarioInfo | None:
    try:
        return _header(yaml.parse(data, Loader=_Loader))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError, TypeError, StopIteration):
        return None


def _header(events: Any) -> ScenarioInfo | None:
    found: dict[str, Any] = {}
    budget = iter(range(_MAX_EVENTS))
    it = (e for e in events if next(budget, None) is not None)
    # Stream start, document start, then the top-level mapping.
    for event in it:
        if isinstance(event, MappingStartEvent):
            break
        if isinstance(event, (ScalarEvent, SequenceStartEvent, AliasEvent)):
            return None  # the file is not a mapping: the full check explains
    else:
        return None
    for event in it:
        if isinstance(event, MappingEndEvent):
            break
        if not isinstance(event, ScalarEvent):
            return None
        key = event.value
        if key == "nodes":
            if {"id", "title", "client"} <= found.keys():
                break  # the conversation begins and the header is complete
            _skip(it)  # a header written after the nodes: read on past them
            continue
        value = _value(it)
        if key in _TEXT_KEYS and isinstance(value, str):
            found[key] = value
        elif key in _LIST_KEYS and isinstance(value, list):
            found[key] = tuple(v for v in value if isinstance(v, str))
        elif key == "client" and isinstance(value, dict):
            found["client"] = value
    client = found.get("client", {})
    sid, title = found.get("id"), found.get("title")
    if not sid or not title or not isinstance(client.get("name"), str):
        return None
    return ScenarioInfo(sid, title, found.get("summary", ""), client["name"], str(client.get("about", "")),
                        str(client.get("portrait", "")), found.get("setting", ""), found.get("tags", ()),
                        found.get("content_notes", ()))


def _skip(it: Any) -> None:
    """Consume one value, however deep, without building it."""
    depth = 0
    for event in it:
        if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            depth -= 1
        if depth == 0:
            return


def _value(it: Any) -> Any:
    """The next value: a scalar as its text, a list, or a mapping of text keys (an alias, or
    anything nested deeper than a header needs, is None or refused)."""
    return _read(next(it), it, 0)


def _read(event: Any, it: Any, depth: int) -> Any:
    if isinstance(event, ScalarEvent):
        return event.value
    if depth > 4:
        raise ValueError("too deep for a header")
    if isinstance(event, SequenceStartEvent):
        items = []
        while not isinstance(nxt := next(it), SequenceEndEvent):
            items.append(_read(nxt, it, depth + 1))
        return items
    if isinstance(event, MappingStartEvent):
        pairs = {}
        while not isinstance(key := next(it), MappingEndEvent):
            pairs[getattr(key, "value", None)] = _read(next(it), it, depth + 1)
        return pairs
    return None  # an alias: not something a header uses
