"""Safe, located YAML loading for author files.

PyYAML's loaders lose positions and silently keep the last of two duplicate keys.
We let libyaml (``CSafeLoader``) *compose* the node tree in C — composing builds
nodes only and never runs a constructor, so no tag can run code — and then walk
the nodes ourselves into plain ``dict``/``list``/scalars that remember where each
key and value stood. The walk refuses every tag outside plain YAML data, bounds
how far aliases may expand (a "billion laughs" file is refused, not expanded),
bounds nesting, and reports duplicate keys.
"""
from __future__ import annotations

import gc
import os
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ._errors import ERROR, Problem

try:  # libyaml is the fast path; the pure-Python composer is the same contract.
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


class _Walker:
    """Turns a composed node tree into located plain data, refusing what is not data."""

    def __init__(self) -> None:
        self.count = 0
        self.active: set[int] = set()

    def walk(self, node: Any, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            m = node.start_mark
            raise _Refused(m.line + 1, m.column + 1, "HR006",
                           f"the file expands to more than {MAX_VALUES:,} values; aliases (*name) "
                           "are repeated too often. Write the content out instead of nesting aliases")
        tag = node.tag
        if node.__class__ is ScalarNode:
            if tag == _STR:
                return node.value
            if tag in _SCALAR_TAGS:
                return getattr(_constructor, "construct_yaml_" + tag.rsplit(":", 1)[1])(node)
            if tag == _TIMESTAMP:
                return node.value  # dates stay text: the format has no date fields
            raise self._bad_tag(node)
        if depth > MAX_DEPTH:
            m = node.start_mark
            raise _Refused(m.line + 1, m.column + 1, "HR006",
                           f"the file nests deeper than {MAX_DEPTH} levels; scenarios need only a few")
        key = id(node)
        if key in self.active:
            m = node.start_mark
            raise _Refused(m.line + 1, m.column + 1, "HR006",
                           "an alias refers to the value that contains it (a loop); remove the alias")
        self.active.add(key)
        try:
            m = node.start_mark
            if node.__class__ is MappingNode:
                if tag != _MAP:
                    raise self._bad_tag(node)
                out = YMap()
                out.line, out.col = m.line + 1, m.column + 1
                where: dict[Any, tuple[int, int, int, int]] = {}
                out.where = where
                for knode, vnode in node.value:
                    if knode.tag == "tag:yaml.org,2002:merge":
                        km = knode.start_mark
                        raise _Refused(km.line + 1, km.column + 1, "HR006",
                                       "merge keys (<<) are not supported; write the keys out")
                    k = self.walk(knode, depth + 1)
                    if isinstance(k, (dict, list)):
                        km = knode.start_mark
                        raise _Refused(km.line + 1, km.column + 1, "HR005",
                                       "a key must be plain text, not a mapping or list")
                    km, vm = knode.start_mark, vnode.start_mark
                    if k in where:
                        first = where[k]
                        raise _Refused(km.line + 1, km.column + 1, "HR005",
                                       f"duplicate key '{k}' (first at line {first[0]}); YAML would "
                                       "silently keep only the last one. Remove or rename one of them")
                    where[k] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)
                    out[k] = self.walk(vnode, depth + 1)
                return out
            if node.__class__ is SequenceNode:
                if tag != _SEQ:
                    raise self._bad_tag(node)
                seq = YSeq()
                seq.line, seq.col = m.line + 1, m.column + 1
                seq.where = [(n.start_mark.line + 1, n.start_mark.column + 1) for n in node.value]
                seq.extend(self.walk(n, depth + 1) for n in node.value)
                return seq
            raise self._bad_tag(node)  # pragma: no cover - no other node kinds exist
        finally:
            self.active.discard(key)

    @staticmethod
    def _bad_tag(node: Any) -> _Refused:
        m = node.start_mark
        return _Refused(m.line + 1, m.column + 1, "HR006",
                        f"the tag {_short_tag(node.tag)} is not allowed: scenario files hold plain "
                        "text, numbers, lists and mappings only. Remove the tag")


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


def load_yaml(data: bytes, path: str) -> tuple[Any, list[Problem]]:
    """Parse ``data`` (the bytes of ``path``) into located plain data.

    Returns ``(value, problems)``; ``value`` is None when a problem is an error.
    Never raises for bad input and never constructs anything but plain data.
    """
    text, problem = _decode(data, path)
    if problem:
        return None, [problem]
    # The cyclic GC finds nothing to free in a tree of fresh containers but runs
    # over and over while we build one, which makes big loads superlinear.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            root = yaml.compose(text, Loader=_Loader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
            what = " ".join(x for x in (e.context, e.problem) if x)
            return None, [Problem(path, line, col, ERROR, "HR001",
                                  f"YAML syntax: {what}. Check the indentation and quotes around this place")]
        except yaml.YAMLError as e:
            return None, [Problem(path, 0, 0, ERROR, "HR001", f"YAML syntax: {e}")]
        except RecursionError:
            return None, [Problem(path, 0, 0, ERROR, "HR006", "the file nests too deeply")]
        if root is None:
            return None, [Problem(path, 0, 0, ERROR, "HR004",
                                  "the file is empty; start from `hrtraining new ID` for a template")]
        try:
            value = _Walker().walk(root, 0)
        except _Refused as r:
            return None, [Problem(path, r.line, r.col, ERROR, r.code, r.message)]
        except (ValueError, TypeError, yaml.YAMLError) as e:  # e.g. an int scalar that will not parse
            return None, [Problem(path, 0, 0, ERROR, "HR001", f"YAML value could not be read: {e}")]
    finally:
        if gc_was_enabled:
            gc.enable()
    return value, []


def read_file(path: str) -> tuple[bytes | None, Problem | None]:
    """Read a file's bytes, reporting a missing or unreadable file as a Problem."""
    try:
        with open(path, "rb") as f:
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
    except OSError as e:
        return None, Problem(path, 0, 0, ERROR, "HR000", f"cannot read the file: {e.strerror or e}")
    return data, None
