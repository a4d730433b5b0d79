"""Safe, located YAML loading for author files.

PyYAML's loaders lose positions and silently keep the last of two duplicate keys.
We let libyaml (``CSafeLoader``) *parse* the file into events in C — parsing
never runs a constructor, so no tag can run code — and build plain
``dict``/``list``/scalars from the events ourselves, remembering where each key
and value stood. The builder refuses every tag outside plain YAML data, bounds
how far aliases may expand (a "billion laughs" file is refused, not expanded),
bounds nesting, and reports duplicate keys.
"""
from __future__ import annotations

import gc
import os
import re
from typing import Any, NamedTuple

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent,
                         MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                         StreamEndEvent, StreamStartEvent)
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from ._errors import ERROR, Problem
from ._files import NotRegularFile, open_regular

try:  # libyaml is the fast path; the pure-Python parser keeps the same contract.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 1024 * 1024
#: The most values one file may expand to once aliases are followed. A real
#: 1 MiB file holds far fewer; an alias bomb reaches this in a few levels.
MAX_VALUES = 400_000
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_IMPLICIT: dict = {k: tuple(v) for k, v in Resolver.yaml_implicit_resolvers.items() if k is not None}
_IMPLICIT_ANY: tuple = tuple(Resolver.yaml_implicit_resolvers.get(None, ()))
_NO_KEY = object()
#: First characters after which a plain scalar may resolve to something other than text.
_SPECIAL_FIRST = frozenset(k for k in _IMPLICIT if k) | ({""} if _IMPLICIT_ANY else set())
_constructor = SafeConstructor()


class YMap(dict):
    """A mapping that remembers where it and each of its keys and values stood.

    ``where`` maps each key to ``(key_line, key_col, value_line, value_col)``,
    all 1-based.
    """

    __slots__ = ("line", "col", "where")

    def key_pos(self, key: Any) -> tuple[int, int]:
        w = self.where.get(key)
        return (w[0], w[1]) if w else (self.line, self.col)

    def value_pos(self, key: Any) -> tuple[int, int]:
        w = self.where.get(key)
        return (w[2], w[3]) if w else (self.line, self.col)


class YSeq(list):
    """A list that remembers where it and each of its items stood (1-based)."""

    __slots__ = ("line", "col", "where")

    def item_pos(self, index: int) -> tuple[int, int]:
        if 0 <= index < len(self.where):
            return self.where[index]
        return (self.line, self.col)


def pos_of(value: Any, default: tuple[int, int] = (1, 1)) -> tuple[int, int]:
    """Where a loaded mapping or list began, else ``default``."""
    line = getattr(value, "line", None)
    return (line, value.col) if line is not None else default


class _Refused(Exception):
    def __init__(self, line: int, col: int, code: str, message: str):
        self.line, self.col, self.code, self.message = line, col, code, message


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _refuse_at(mark: Any, code: str, message: str) -> _Refused:
    return _Refused(mark.line + 1, mark.column + 1, code, message)


def _bad_tag(event: Any) -> _Refused:
    return _refuse_at(event.start_mark, "HR006",
                      f"the tag {_short_tag(event.tag)} is not allowed: scenario files hold plain text, "
                      "numbers, lists and mappings only. Remove the tag")


def _resolve_plain(value: str) -> str:
    """The implicit tag of a plain scalar, exactly as PyYAML's safe resolver decides it."""
    for tag, regexp in _IMPLICIT.get(value[0] if value else "", ()) + _IMPLICIT_ANY:
        if regexp.match(value):
            return tag
    return _STR


def _scalar(event: Any) -> Any:
    """The value of a scalar event; refuses tags that are not plain data."""
    tag = event.tag
    value = event.value
    if tag is None:
        if not event.implicit[0]:  # quoted and block scalars are always text
            return value
        tag = _resolve_plain(value)
        if tag == _STR or tag not in _SCALAR_TAGS and tag not in (_TIMESTAMP, _MERGE):
            return value  # e.g. a lone '=' (YAML 1.1's !!value) is text
    elif tag == "!":  # the non-specific tag: text
        return value
    if tag == _STR:
        return value
    if tag in _SCALAR_TAGS:
        node = ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return getattr(_constructor, "construct_yaml_" + tag.rsplit(":", 1)[1])(node)
        except (ValueError, TypeError, KeyError, IndexError):
            # e.g. `!!bool maybe`, `!!int ""` or an integer of more than 4300 digits
            raise _refuse_at(event.start_mark, "HR001",
                             f"'{value[:40]}' is not a valid {_short_tag(tag)[2:]} value") from None
    if tag == _TIMESTAMP:
        return value  # dates stay text: the format has no date fields
    if tag == _MERGE:
        raise _refuse_at(event.start_mark, "HR006", "merge keys (<<) are not supported; write the keys out")
    raise _bad_tag(event)


def _build(get_event: Any) -> Any:
    """Build located plain data from libyaml's event stream, in one pass.

    Parsing events in C and building here skips PyYAML's node tree, which costs
    as much again as the parse. Aliases share the anchored value; each use adds
    the anchored value's size to the running count so that an alias bomb is
    refused as soon as its *expanded* size passes MAX_VALUES.
    """
    count = 0
    resolved: dict[str, Any] = {}
    anchors: dict[str, tuple[Any, int]] = {}
    open_anchors: set[str] = set()
    # A frame: [container, is_mapping, pending key (or _NO_KEY), key mark, anchor, count at start]
    stack: list[list[Any]] = []
    root: Any = _NO_KEY
    event = get_event()
    if event.__class__ is not StreamStartEvent:  # pragma: no cover - libyaml always starts so
        raise _refuse_at(event.start_mark, "HR001", "not a YAML stream")
    event = get_event()
    if event.__class__ is StreamEndEvent:
        return _NO_KEY
    if event.__class__ is not DocumentStartEvent:  # pragma: no cover
        raise _refuse_at(event.start_mark, "HR001", "expected a YAML document")
    while True:
        event = get_event()
        cls = event.__class__
        if cls is ScalarEvent:
            count += 1
            value: Any = event.value
            # Fast path: untagged text that cannot be a number, bool or null (most of a file).
            if event.tag is not None:
                value = _scalar(event)
            elif event.implicit[0] and (not value or value[0] in _SPECIAL_FIRST):
                # A plain scalar that may resolve to a number, bool or null: keys such as
                # 'text' and 'next' and small numbers repeat all through a file, so the
                # (immutable) result is remembered for the run.
                plain = resolved.get(value, _NO_KEY)
                if plain is _NO_KEY:
                    plain = resolved[value] = _scalar(event)
                value = plain
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1)
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            count += 1
            tag = event.tag
            is_map = cls is MappingStartEvent
            if tag is not None and tag != "!" and tag != (_MAP if is_map else _SEQ):
                raise _bad_tag(event)
            if len(stack) >= MAX_DEPTH:
                raise _refuse_at(event.start_mark, "HR006",
                                 f"the file nests deeper than {MAX_DEPTH} levels; scenarios need only a few")
            m = event.start_mark
            container: Any = YMap() if is_map else YSeq()
            container.line, container.col = m.line + 1, m.column + 1
            container.where = {} if is_map else []
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append([container, is_map, _NO_KEY, None, event.anchor, count])
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            frame = stack.pop()
            value = frame[0]
            if frame[4] is not None:
                open_anchors.discard(frame[4])
                anchors[frame[4]] = (value, count - frame[5] + 1)
        elif cls is AliasEvent:
            name = event.anchor
            if name in open_anchors:
                raise _refuse_at(event.start_mark, "HR006",
                                 f"the alias *{name} refers to the value that contains it (a loop); remove it")
            if name not in anchors:
                raise _refuse_at(event.start_mark, "HR001", f"the alias *{name} names no anchor &{name}")
            value, size = anchors[name]
            count += size
        elif cls is DocumentEndEvent:
            event = get_event()
            if event.__class__ is not StreamEndEvent:
                raise _refuse_at(event.start_mark, "HR001",
                                 "the file holds more than one YAML document (a second '---'); keep one "
                                 "scenario per file")
            return root
        else:  # pragma: no cover - no other events occur inside a document
            raise _refuse_at(event.start_mark, "HR001", f"unexpected {cls.__name__}")
        if count > MAX_VALUES:
            raise _refuse_at(event.start_mark, "HR006",
                             f"the file expands to more than {MAX_VALUES:,} values; aliases (*name) are "
                             "repeated too often. Write the content out instead of nesting aliases")
        # Attach the finished value to its parent.
        if not stack:
            root = value
            continue
        frame = stack[-1]
        parent = frame[0]
        # A finished mapping or list stands where it began, not where its end event is.
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            line, col = value.line, value.col
        else:
            m = event.start_mark
            line, col = m.line + 1, m.column + 1
        if not frame[1]:
            parent.append(value)
            parent.where.append((line, col))
        elif frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Refused(line, col, "HR005", "a key must be plain text, not a mapping or list")
            if value in parent.where:
                first = parent.where[value]
                raise _Refused(line, col, "HR005", f"duplicate key '{value}' (first at line {first[0]}); YAML "
                                                   "would silently keep only the last one. Remove or rename one")
            frame[2], frame[3] = value, (line, col)
        else:
            key, (kl, kc) = frame[2], frame[3]
            parent[key] = value
            parent.where[key] = (kl, kc, line, col)
            frame[2] = _NO_KEY


def _syntax_hint(what: str, text: str, line: int, col: int = 0) -> str:
    """What an author most likely did, for libyaml's most common complaints."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    at = here[col - 1] if 0 < col <= len(here) else ""
    if "tab" in what or at == "\t":  # (a tab in the indentation is diagnosed before this)
        return "This line has a tab character where YAML does not allow one; replace it with spaces"
    if "cannot start any token" in what and at in ("@", "`"):
        return f"YAML text cannot start with '{at}'. Put the whole text in quotes"
    if "mapping values are not allowed" in what:
        return ("Usually text that contains ': ' (a colon and a space) without quotes, or a key indented "
                "too far. Put the whole text in quotes, or line the key up with the keys above it")
    if "did not find expected key" in what or "expected <block end>" in what:
        return ("Usually text that starts with a quote mark but goes on after the closing quote, or a key "
                "indented differently from the keys above it. Quote the whole text, or fix the indentation")
    if "did not find expected '-' indicator" in what:
        return "A line in a list is indented differently from the items around it; line it up with them"
    return "Check the indentation and the quotes around this place"


def _decode(data: bytes, path: str) -> tuple[str | None, Problem | None]:
    if len(data) > MAX_FILE_BYTES:
        return None, Problem(path, 0, 0, ERROR, "HR002",
                             f"the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB). "
                             "Split it into several scenarios")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        return None, Problem(path, line, col, ERROR, "HR003",
                             "the file is not UTF-8 text; save it as UTF-8 in your editor")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


#: After a syntax error, how many more times the file is read again with the broken place left
#: out, to find the syntax errors after it (each reading of a big file costs a few ms).
MAX_RECOVERIES = 20


#: libyaml's context for an error inside ``[...]`` or ``{...}``, and the closing bracket.
_FLOW = {"while parsing a flow sequence": ("[", "]", "list"), "while parsing a flow mapping": ("{", "}", "mapping")}
_QUOTED = "while scanning a quoted scalar"
_SIMPLE_KEY = "while scanning a simple key"
#: A key written against its value with no space after the colon (``title:"Sam"``, ``score:{trust: 1}``),
#: which YAML reads as one piece of text. Not ``http://``: that is text.
_KEY_NO_SPACE = re.compile(r"([A-Za-z_][\w-]*):(?=[^\s:/])")


def _unclosed_bracket(e: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where an unclosed ``[`` or ``{`` opened, when that is what ``e`` is about; else None.

    libyaml notices an unclosed bracket only where the flow collection cannot go on, lines
    later (at the next key, or the end of the file), and names that place. The place to fix is
    the bracket: a bracket whose collection failed on a later line than it opened is taken as
    never closed (one closed on its own line fails on that line)."""
    if e.context not in _FLOW or e.context_mark is None or e.problem_mark is None:
        return None
    return e.context_mark if e.problem_mark.line > e.context_mark.line else None


def _key_col(line: str) -> int:
    """The column (0-based) where the key of ``line`` starts, after its indentation and any '- '."""
    m = re.match(r" *(?:- +)*", line)
    return m.end() if m else 0


def _swallows(lines: list[str], first: int, last: int) -> bool:
    """Whether text that runs from 0-based line ``first`` to ``last`` takes in a line that is not
    indented under the key it began at: text that goes on over lines is indented under its key,
    so such text ran on past where it was meant to end."""
    if not 0 <= first < len(lines):
        return False
    ref = _key_col(lines[first])
    return any(x.strip() and len(x) - len(x.lstrip(" ")) <= ref for x in lines[first + 1:last + 1])


def _scalar_before(text: str, index: int) -> Any:
    """The last scalar token of ``text`` that ends at or before character ``index`` (the scan
    stops there, or at the scanner's own error), else None."""
    loader = _Loader(text)
    before = None
    try:
        while True:
            token = loader.get_token()
            if token is None or token.__class__ is yaml.StreamEndToken or token.end_mark.index > index:
                break
            if token.__class__ is yaml.ScalarToken:
                before = token
    except yaml.YAMLError:
        pass
    finally:
        loader.dispose()
    return before


def _line_before(lines: list[str], mark: Any) -> str:
    """What stands before ``mark`` on its line, or when nothing does, the last line above it that
    is not blank (cheap checks before the file is scanned again for its tokens)."""
    here = lines[mark.line][:mark.column] if mark.line < len(lines) else ""
    if here.strip():
        return here.rstrip()
    return next((x.rstrip() for x in reversed(lines[:mark.line]) if x.strip()), "")


class _Diagnosis(NamedTuple):
    line: int  # 1-based, 0 for the whole file
    col: int
    message: str
    #: the line (1-based) to leave out before reading the file again, else None (then the lines
    #: libyaml named are tried); with ``alone``, only that line and not the lines indented under it
    leave_out: int | None = None
    alone: bool = False


def _quoted_before(e: yaml.MarkedYAMLError, text: str, lines: list[str]) -> Any:
    """The quoted text that goes on over lines and ends just before where libyaml stopped
    (on that line or the one above), if there is one: its token."""
    pm = e.problem_mark
    if pm is None or e.context == _QUOTED or not _line_before(lines, pm).endswith(('"', "'")):
        return None  # (the cheap check first: scanning the file's tokens again costs a parse)
    token = _scalar_before(text, pm.index)
    if token is not None and token.style in ('"', "'") and token.start_mark.line < token.end_mark.line \
            and token.end_mark.line <= pm.line <= token.end_mark.line + 1:
        return token
    return None


def _unclosed_quote(e: yaml.MarkedYAMLError, lines: list[str], quoted: Any) -> _Diagnosis | None:
    """An opening quote whose text never ends where it was meant to, when that is what ``e`` is
    about (``quoted``: :func:`_quoted_before`). libyaml reads on over the following lines to the
    next quote mark of the same kind (a quote that opens some later text, or an apostrophe), or
    to the end of the file, and reports the place where it could not go on from there: the place
    to fix is the opening quote."""
    pm, cm = e.problem_mark, e.context_mark
    if pm is None:
        return None
    start = end = None
    if e.context == _QUOTED and cm is not None and pm.line > cm.line:
        if "end of stream" in (e.problem or "") or "document" in (e.problem or "") \
                or _swallows(lines, cm.line, pm.line):
            start, end = cm, (None if "end of stream" in (e.problem or "") else pm.line)
    elif quoted is not None and _swallows(lines, quoted.start_mark.line, quoted.end_mark.line):
        start, end = quoted.start_mark, quoted.end_mark.line
    if start is None:
        return None
    line = lines[start.line] if start.line < len(lines) else ""
    quote = line[start.column] if start.column < len(line) and line[start.column] in "\"'" else '"'
    to = "the end of the file" if end is None else f"line {end + 1}"
    took = "" if end is None else ", and took the one there"
    return _Diagnosis(start.line + 1, start.column + 1,
                      f"YAML syntax: the quote {quote} opened here is never closed (YAML read on to {to} "
                      f"looking for its closing {quote}{took}). Close it at the end of the text, or remove "
                      "the opening quote", start.line + 1)


def _key_without_space(lines: list[str], line: int, col: int) -> _Diagnosis | None:
    """A key written against its value (``title:"Sam"``) at 0-based ``line``, ``col``, if there is one."""
    here = lines[line] if 0 <= line < len(lines) else ""
    m = _KEY_NO_SPACE.match(here, col)
    if m is None or col != _key_col(here):
        return None
    written = here[col:].split(" #", 1)[0].rstrip()
    meant = f"{m.group(1)}: {written[m.end() - col:]}"
    if len(meant) > 50:
        meant = meant[:49] + "…"
    return _Diagnosis(line + 1, m.end() + 1,
                      f"YAML syntax: the key '{m.group(1)}' needs a space after its colon: write '{meant}'. "
                      "Without the space YAML reads the line as one piece of text, not as a key and its value",
                      line + 1)


def _diagnose(e: yaml.MarkedYAMLError, text: str) -> _Diagnosis:
    """Where ``e`` (libyaml's complaint about ``text``) is to be fixed, and what to do."""
    lines = text.splitlines()
    quoted = _quoted_before(e, text, lines)
    quote = _unclosed_quote(e, lines, quoted)
    if quote is not None:
        return quote
    opened = _unclosed_bracket(e)
    if opened is not None:
        assert e.problem_mark is not None and e.context is not None  # _unclosed_bracket checked them
        bracket, closer, what = _FLOW[e.context]
        return _Diagnosis(opened.line + 1, opened.column + 1,
                          f"YAML syntax: the '{bracket}' opened here is never closed (YAML read on to line "
                          f"{e.problem_mark.line + 1} looking for its '{closer}'). Add the '{closer}' where the "
                          f"{what} ends", opened.line + 1)
    pm, cm = e.problem_mark, e.context_mark
    here = lines[pm.line] if pm is not None and pm.line < len(lines) else ""
    indent = here[:len(here) - len(here.lstrip(" \t"))]
    if pm is not None and "\t" in indent and pm.column <= len(indent) \
            and ("tab" in (e.problem or "") or "cannot start any token" in (e.problem or "")):
        return _Diagnosis(pm.line + 1, indent.index("\t") + 1,
                          "YAML syntax: this line is indented with a tab character, and YAML indents with "
                          "spaces, not tabs. Replace the tab at the start of this line with spaces")
    if e.context == _SIMPLE_KEY and cm is not None:
        # A line where YAML needs a key (it stands where the keys around it do), with no ': '
        # on it: libyaml names the next line, the place to fix is this one.
        return _key_without_space(lines, cm.line, cm.column) or _Diagnosis(
            cm.line + 1, cm.column + 1,
            "YAML syntax: YAML needs a key here ('key: value') but this line has no ': '. If the line goes "
            "on from the text above it, indent it further than that text's key; otherwise add the key it "
            "is for, or remove the line", cm.line + 1, alone=True)
    if pm is not None and e.context != _QUOTED:
        # `score:{a: 1, b: 2}` fails on its own line; `name:Sam` over `about: 30` is text that ran
        # on into the next line's colon
        missing = _key_without_space(lines, pm.line, _key_col(here))
        above = next((n for n in range(pm.line - 1, -1, -1) if lines[n].strip()), -1)
        token = None
        if missing is None and above >= 0 and _key_without_space(lines, above, _key_col(lines[above])):
            token = _scalar_before(text, pm.index)
        if token is not None and token.plain and token.start_mark.line <= pm.line <= token.end_mark.line + 1:
            missing = _key_without_space(lines, token.start_mark.line, token.start_mark.column)
        if missing is not None:
            return missing
    mark = pm or cm
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    what = " ".join(x for x in (e.context, e.problem) if x)
    # Text in quotes over lines, closed but going on after its quote: leave it all out, from
    # its key, or what is left of it would run on to the next quote in turn.
    return _Diagnosis(line, col, f"YAML syntax: {what}. {_syntax_hint(what, text, line, col)}",
                      quoted.start_mark.line + 1 if quoted is not None else None)


def _syntax_problem(e: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    d = _diagnose(e, text)
    return Problem(path, d.line, d.col, ERROR, "HR001", d.message)


def _blank_block(lines: list[str], line: int) -> set[int]:
    """Blank 1-based ``line`` and the lines indented under it (its children would only fail in
    turn); returns the line numbers blanked. Line numbers of the rest stay as they were."""
    i = line - 1
    if not 0 <= i < len(lines):
        return set()
    indent = len(lines[i]) - len(lines[i].lstrip(" \t"))
    out = {line}
    lines[i] = "\n" if lines[i].endswith("\n") else ""
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip(" \t")) > indent):
        if lines[j].strip():
            out.add(j + 1)
        lines[j] = "\n" if lines[j].endswith("\n") else ""
        j += 1
    return out


def _scan_events(text: str) -> None:
    """Parse every event of every document (raises libyaml's first syntax error)."""
    loader = _Loader(text)
    try:
        while loader.get_event().__class__ is not StreamEndEvent:
            pass
    finally:
        loader.dispose()


def _syntax_errors(text: str, path: str) -> tuple[list[Problem], str, frozenset[int]]:
    """Every syntax error the parser can get past, in every document: after each, the broken
    place is left out (with the lines indented under it) and the file read again. Returns the
    problems, the text with the broken places blanked ("" when the parser could not go on)
    and the lines blanked."""
    lines = text.splitlines(keepends=True)
    problems: list[Problem] = []
    blanked: set[int] = set()
    for _ in range(MAX_RECOVERIES + 1):
        try:
            _scan_events("".join(lines))
            return problems, "".join(lines), frozenset(blanked)
        except yaml.MarkedYAMLError as e:
            d = _diagnose(e, "".join(lines))
            p = Problem(path, d.line, d.col, ERROR, "HR001", d.message)
            if p in problems:
                break
            problems.append(p)
            # Leave out the line the parser stopped at, else the one where the broken part began;
            # for an unclosed bracket or quote, a key with no space after its colon or a line that
            # is no key, the line to fix first: the lines after it are fine, and leaving them out
            # one by one would report each as a new error (a cascade) and hide the file's real ones.
            marks = [m.line + 1 for m in (e.problem_mark, e.context_mark) if m is not None]
            if d.leave_out is not None:
                marks.insert(0, d.leave_out)
            fresh = [n for n in marks if n not in blanked and 0 < n <= len(lines) and lines[n - 1].strip()]
            if not fresh:  # no new place to leave out: the parser cannot go on
                break
            if d.alone and fresh[0] == d.leave_out:
                lines[fresh[0] - 1] = "\n" if lines[fresh[0] - 1].endswith("\n") else ""
                blanked.add(fresh[0])
            else:
                blanked |= _blank_block(lines, fresh[0])
        except yaml.YAMLError:
            break
    return problems, "", frozenset(blanked)


def salvage(data: bytes, path: str) -> tuple[Any, frozenset[int]]:
    """After syntax errors, what the rest of the file holds (the broken places left out) and the
    lines left out, so a checker can report the file's other problems in the same run; (None,
    ...) when the rest cannot be read either."""
    text, problem = _decode(data, path)
    if problem or text is None:
        return None, frozenset()
    problems, rest, blanked = _syntax_errors(text, path)
    if not rest or not problems:
        return None, blanked
    value, more = load_yaml(rest.encode("utf-8"), path)
    return (value if not more else None), blanked


def load_yaml(data: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Parse ``data`` (the bytes of ``path``) into located plain data.

    Returns ``(value, problems)``; ``value`` is None when a problem is an error. Never raises
    for bad input and never constructs anything but plain data. Every syntax error the parser
    can get past is reported, at least one per document (:func:`salvage` then reads what is
    left, for the file's other problems).
    """
    text, problem = _decode(data, path)
    if problem:
        return None, [problem]
    # The cyclic GC finds nothing to free in a tree of fresh containers but runs
    # over and over while we build one, which makes big loads superlinear.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        loader = _Loader(text)
        try:
            value = _build(loader.get_event)
        except _Refused as r:
            refused = Problem(path, r.line, r.col, ERROR, r.code, r.message)
            # A second document is refused before it is read: its syntax errors come too.
            more = _syntax_errors(text, path)[0] if r.code == "HR001" else []
            return None, [refused] + [p for p in more if (p.line, p.column) != (r.line, r.col)]
        except yaml.MarkedYAMLError as e:
            problems = _syntax_errors(text, path)[0]
            return None, problems or [_syntax_problem(e, text, path)]
        except yaml.reader.ReaderError as e:
            # A control character; libyaml gives a byte offset into the UTF-8 text.
            before = text.encode("utf-8")[:max(0, e.position)].decode("utf-8", errors="replace")
            line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
            return None, [Problem(path, line, col, ERROR, "HR001",
                                  "the file holds a control character that YAML does not allow; remove it "
                                  "(or retype this place in your editor)")]
        except yaml.YAMLError as e:
            return None, [Problem(path, 0, 0, ERROR, "HR001", "YAML syntax: " + " ".join(str(e).split()))]
        except (ValueError, TypeError) as e:  # e.g. an int scalar that will not parse
            return None, [Problem(path, 0, 0, ERROR, "HR001", f"YAML value could not be read: {e}")]
        finally:
            loader.dispose()
        if value is _NO_KEY:
            return None, [Problem(path, 0, 0, ERROR, "HR004",
                                  "the file is empty; start from `hrtraining new ID` for a template")]
    finally:
        if gc_was_enabled:
            gc.enable()
    return value, []


def read_file(path: str) -> tuple[bytes | None, Problem | None]:
    """Read a file's bytes, reporting a missing or unreadable file as a Problem."""
    try:
        with open_regular(path) as f:  # a named pipe or a device must never make this wait
            size = os.fstat(f.fileno()).st_size
            if size > MAX_FILE_BYTES:  # refuse before reading a huge file into memory
                return None, Problem(path, 0, 0, ERROR, "HR002",
                                     f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB). "
                                     "Split it into several scenarios")
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, Problem(path, 0, 0, ERROR, "HR000", "file not found")
    except IsADirectoryError:
        return None, Problem(path, 0, 0, ERROR, "HR000", "this is a folder, not a file")
    except NotRegularFile as e:
        return None, Problem(path, 0, 0, ERROR, "HR000",
                             f"not a regular file: {e.kind}; the game reads scenarios only from ordinary "
                             "files. Remove it, or give it a name that does not end in .yaml")
    except OSError as e:
        return None, Problem(path, 0, 0, ERROR, "HR000", f"cannot read the file: {e.strerror or e}")
    except ValueError:  # a NUL in the path
        return None, Problem(path, 0, 0, ERROR, "HR000", "cannot read the file: its name holds a NUL character")
    return data, None
