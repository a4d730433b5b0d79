"""Turn located YAML data into a :class:`Scenario`, reporting every problem.

Like Ren'Py's lint, the builder never stops at the first problem: each section
is checked by its own function and every message carries ``file:line:col``. The
graph-wide checks (reachability, dead ends, best totals) are in ``_analysis``.
"""
from __future__ import annotations

import difflib
import re
from types import MappingProxyType
from typing import Any, Iterable

from ._assets import asset_problem
from ._chars import char_name, control_char, id_bad_char, is_invisible
from ._conditions import Condition, ConditionError, parse_condition
from ._errors import ERROR, WARNING, Problem
from ._limits import MAX_METER, MAX_SCORE
from ._model import MAX_METERS, Branch, Choice, Client, Ending, Line, Meter, Node, Scenario
from ._rubric import Rubric
from ._yaml import YMap, YSeq, pos_of

FORMAT = 1
# Always used with fullmatch: "$" would also match before a trailing newline ("bar-fights\n").
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TOP_KEYS = ("format", "id", "title", "summary", "client", "setting", "content_notes", "tags",
            "meters", "start", "nodes")
CLIENT_KEYS = ("name", "about", "portrait")
METER_KEYS = ("start", "min", "max", "label")
NODE_KEYS = ("lines", "text", "discussion", "choices", "next", "ending")
CHOICE_KEYS = ("text", "next", "score", "codes", "effects", "feedback", "critical", "if")
ENDING_KEYS = ("title", "debrief")

Pos = tuple[int, int]


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` for a close match, else ``""``."""
    close = difflib.get_close_matches(str(word), list(options), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _type_name(v: Any) -> str:
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a mapping"
    return type(v).__name__


class Builder:
    """Builds one scenario from located data; ``problems`` collects what is wrong."""

    def __init__(self, path: str, rubric: Rubric):
        self.path = path
        self.rubric = rubric
        self.problems: list[Problem] = []
        self.meters: dict[str, Meter] = {}
        #: (condition or effects position, meter names) checked once meters are known
        self._meter_refs: list[tuple[Pos, str, str]] = []
        self._next_refs: list[tuple[Pos, str]] = []
        #: Every node id written, including nodes that were too broken to build, so that a
        #: reference to a broken node is not also reported as naming a missing one.
        self.node_ids: set[str] = set()
        #: (line, col, path) of every asset named with a path inside assets/
        self.assets: list[tuple[int, int, str]] = []
        #: Per mapping (by id), the keys it misspells: known key -> the key as written. A
        #: misspelled key is reported once, as the misspelling, and does not also make the key
        #: "missing" (no "has no 'feedback'" next to "'feeback' ... did you mean 'feedback'").
        self._misspelt: dict[int, dict[str, str]] = {}

    # -- reporting ---------------------------------------------------------
    def error(self, pos: Pos, code: str, msg: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], ERROR, code, msg))

    def warning(self, pos: Pos, code: str, msg: str) -> None:
        self.problems.append(Problem(self.path, pos[0], pos[1], WARNING, code, msg))

    def unknown_keys(self, m: YMap, allowed: tuple[str, ...], where: str) -> None:
        for key in m:
            if key not in allowed:
                before, colon, after = str(key).partition(":")
                if colon and before in allowed and before not in m and after and not after[0].isspace():
                    # `effects:{trust: 1}` is the key 'effects:{trust' holding 1}: a space is missing
                    self._misspelt.setdefault(id(m), {})[before] = str(key)
                    line, col = m.key_pos(key)
                    value = m[key]
                    meant = (f"write '{before}: {after}: {value}'" if isinstance(value, (str, int, float))
                             else f"write '{before}: {after}'")
                    self.error((line, col + len(before) + 1), "HR013",
                               f"unknown key '{key}' in {where}: the key '{before}' needs a space after its "
                               f"colon; {meant}. Until then the game reads no '{before}' here")
                    continue
                close = difflib.get_close_matches(str(key), [a for a in allowed if a not in m], n=1, cutoff=0.6)
                if close:
                    self._misspelt.setdefault(id(m), {})[close[0]] = str(key)
                    self.error(m.key_pos(key), "HR013",
                               f"unknown key '{key}' in {where}. Did you mean '{close[0]}'? Rename it: until "
                               f"then the game reads no '{close[0]}' here")
                else:
                    self.error(m.key_pos(key), "HR013",
                               f"unknown key '{key}' in {where}.{did_you_mean(key, allowed)} "
                               f"Allowed here: {', '.join(allowed)}")

    def misspelt(self, m: YMap, key: str) -> bool:
        """Whether ``m`` holds ``key`` misspelled (already reported by :meth:`unknown_keys`)."""
        return key in self._misspelt.get(id(m), {})

    def text(self, m: YMap, key: str, where: str, required: bool = False, one_line: bool = False,
             shown: bool = True) -> str:
        """A text field; numbers are accepted as text (authors write ``title: 1984``).

        ``one_line`` text (titles, names, labels) may not hold newlines or tabs; running
        text (lines, feedback, debriefs) may. Neither may hold other control characters,
        and text that is there must show something (unless not ``shown``: ids have their own check).
        """
        if key not in m:
            if required and not self.misspelt(m, key):
                self.error(pos_of(m), "HR012", f"{where} needs '{key}'")
            return ""
        v = m[key]
        if isinstance(v, str):
            if required and not v.strip():
                self.error(m.value_pos(key), "HR014", f"'{key}' in {where} is empty")
            elif shown and self.shown_text(v, m.value_pos(key), f"'{key}' in {where}", one_line):
                return ""
            return v
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return str(v)
        self.error(m.value_pos(key), "HR014", f"'{key}' in {where} must be text, not {_type_name(v)}")
        return ""

    def shown_text(self, v: str, pos: Pos, what: str, one_line: bool = False) -> bool:
        """Report text the game cannot show (HR100, HR101); True when there was a problem."""
        ch = control_char(v, block=not one_line)
        if ch is not None:
            if ch in "\t\n\u2028\u2029":
                kind = "a tab" if ch == "\t" else "a line break"
                self.error(pos, "HR100", f"{what} holds {kind} ({char_name(ch)}), but it is shown on one line. "
                                         "Remove it (write the text on one line, or use '>-' instead of '|')")
            else:
                self.error(pos, "HR100", f"{what} holds a control character ({char_name(ch)}) that cannot be "
                                         "shown. Remove it")
            return True
        if v and is_invisible(v):
            self.error(pos, "HR101", f"{what} shows nothing: it holds only spaces, zero-width or other "
                                     "invisible characters. Write the text, or remove the key")
            return True
        return False

    def id_text(self, v: str, pos: Pos, what: str) -> bool:
        """Report an id or path holding a control or format character (HR100); True when it does."""
        ch = id_bad_char(v)
        if ch is None:
            return False
        self.error(pos, "HR100", f"{what} holds {char_name(ch)}, an invisible or control character; ids and "
                                 "paths may not. Retype it")
        return True

    def integer(self, m: YMap, key: str, where: str, default: int) -> int:
        v = m.get(key, default)
        if isinstance(v, int) and not isinstance(v, bool):
            return self.in_range(v, m.value_pos(key), f"'{key}' in {where}", MAX_METER, default)
        self.error(m.value_pos(key), "HR014", f"'{key}' in {where} must be a whole number, not {_type_name(v)}")
        return default

    def in_range(self, v: int, pos: Pos, what: str, limit: int, default: int) -> int:
        """``v`` when ``-limit <= v <= limit``, else HR102 and ``default``."""
        if -limit <= v <= limit:
            return v
        shown = str(v) if len(str(v)) <= 24 else f"{str(v)[:12]}...({len(str(v))} digits)"
        self.error(pos, "HR102", f"{what} is {shown}; it must be a whole number from {-limit:,} to {limit:,}")
        return default

    def text_list(self, m: YMap, key: str, where: str) -> tuple[str, ...]:
        v = m.get(key)
        if v is None:
            return ()
        if isinstance(v, str):
            return () if self.shown_text(v, m.value_pos(key), f"'{key}' in {where}", one_line=True) else (v,)
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            self.error(m.value_pos(key), "HR014", f"'{key}' in {where} must be a list of text, e.g. [violence]")
            return ()
        pos = v.item_pos if isinstance(v, YSeq) else (lambda i: m.value_pos(key))
        return tuple(x for i, x in enumerate(v)
                     if not self.shown_text(x, pos(i), f"item {i + 1} of '{key}' in {where}", one_line=True))

    # -- sections ----------------------------------------------------------
    def build(self, data: Any) -> Scenario | None:
        if not isinstance(data, YMap):
            self.error((1, 1), "HR010", f"the file must be a mapping of keys (format, id, title, ...), "
                                        f"not {_type_name(data)}")
            return None
        if "format" not in data:
            self.error((1, 1), "HR011", "the file needs 'format: 1' at the top")
        elif type(data["format"]) is not int or data["format"] != FORMAT:  # not 1.0, not true
            self.error(data.value_pos("format"), "HR011",
                       f"unsupported format {data['format']!r}; this version of hrtraining reads format 1")
            return None
        self.unknown_keys(data, TOP_KEYS, "the scenario")
        sid = self.text(data, "id", "the scenario", required=True, shown=False)
        if sid and not ID_RE.fullmatch(sid):
            self.error(data.value_pos("id"), "HR015",
                       f"id '{sid}' must be lowercase letters, digits and single hyphens, e.g. 'bar-fights'")
        title = self.text(data, "title", "the scenario", required=True, one_line=True)
        summary = self.text(data, "summary", "the scenario")
        client = self.client(data)
        setting = self.text(data, "setting", "the scenario", one_line=True)
        notes = self.text_list(data, "content_notes", "the scenario")
        tags = self.text_list(data, "tags", "the scenario")
        self.meter_defs(data)
        nodes = self.nodes(data)
        start = self.text(data, "start", "the scenario", required=True, one_line=True)
        ids = self.node_ids
        if start and nodes is not None and start not in ids:
            self.error(data.value_pos("start"), "HR020",
                       f"'start' names node '{start}', which does not exist.{did_you_mean(start, ids)}")
        if nodes is not None:
            for pos, target in self._next_refs:
                if target not in ids:
                    self.error(pos, "HR021", f"'next' names node '{target}', which does not exist."
                                             f"{did_you_mean(target, ids)}")
        for pos, name, what in self._meter_refs:
            if name not in self.meters:
                hint = did_you_mean(name, self.meters) or (
                    f" Define it under 'meters:', e.g. {name}: {{start: 0, min: 0, max: 5}}")
                self.error(pos, "HR031", f"{what} uses meter '{name}', which is not defined.{hint}")
        if any(p.is_error for p in self.problems) or nodes is None:
            return None
        return Scenario(id=sid, title=title, summary=summary, client=client, start=start,
                        nodes=MappingProxyType(nodes), meters=MappingProxyType(self.meters),
                        setting=setting, content_notes=notes, tags=tags, path=self.path)

    def client(self, data: YMap) -> Client:
        c = data.get("client")
        if c is None:
            self.error((1, 1), "HR012", "the scenario needs 'client: {name: ...}'")
            return Client("Client")
        if isinstance(c, str):
            if not c.strip():
                self.error(data.value_pos("client"), "HR014", "'client' is empty; give the client a name")
                return Client("Client")
            if self.shown_text(c, data.value_pos("client"), "'client'", one_line=True):
                return Client("Client")
            return Client(c)
        if not isinstance(c, YMap):
            self.error(data.value_pos("client"), "HR014", "'client' must be a mapping with a name")
            return Client("Client")
        self.unknown_keys(c, CLIENT_KEYS, "client")
        name = self.text(c, "name", "client", required=True, one_line=True)
        portrait = self.text(c, "portrait", "client", one_line=True)
        if portrait and not self.id_text(portrait, c.value_pos("portrait"), "the portrait path"):
            self.asset(c.value_pos("portrait"), portrait)
        return Client(name or "Client", self.text(c, "about", "client"), portrait)

    def asset(self, pos: Pos, rel: str) -> None:
        parts = re.split(r"[\\/]", rel)
        if rel.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", rel):
            self.error(pos, "HR050", f"asset path '{rel}' leaves the assets folder; write a path inside "
                                     "assets/, such as portraits/ray.png")
            return
        # Whether it exists depends on the disk, not the file: the cache rechecks these.
        self.assets.append((pos[0], pos[1], rel))
        problem = asset_problem(self.path, pos[0], pos[1], rel)
        if problem is not None:
            self.problems.append(problem)

    def meter_defs(self, data: YMap) -> None:
        raw = data.get("meters")
        if raw is None:
            return
        if not isinstance(raw, YMap):
            self.error(data.value_pos("meters"), "HR014",
                       "'meters' must be a mapping such as trust: {start: 2, min: 0, max: 5}")
            return
        for n, name in enumerate(raw):
            if n == MAX_METERS:
                self.error(raw.key_pos(name), "HR033",
                           f"a scenario can show at most {MAX_METERS} meters, and '{name}' is meter {n + 1}; "
                           "keep the ones the client's reactions really turn on (trust, and what they remember)")
                break
        for name, spec in raw.items():
            pos = raw.key_pos(name)
            if not isinstance(name, str) or not NAME_RE.fullmatch(name):
                self.error(pos, "HR032", f"meter name '{name}' must be letters, digits and underscores")
                continue
            if isinstance(spec, int) and not isinstance(spec, bool):
                spec = self.in_range(spec, raw.value_pos(name), f"meter '{name}'", MAX_METER, 0)
                self.meters[name] = Meter(name, spec, min(0, spec), max(10, spec), name.capitalize())
                continue
            if not isinstance(spec, YMap):
                self.error(raw.value_pos(name), "HR014", f"meter '{name}' must be a mapping such as "
                                                         "{start: 2, min: 0, max: 5}")
                continue
            self.unknown_keys(spec, METER_KEYS, f"meter '{name}'")
            lo = self.integer(spec, "min", f"meter '{name}'", 0)
            hi = self.integer(spec, "max", f"meter '{name}'", 10)
            start = self.integer(spec, "start", f"meter '{name}'", lo)
            if lo > hi:
                self.error(pos, "HR032", f"meter '{name}' has min {lo} above max {hi}")
            elif not lo <= start <= hi:
                self.error(spec.value_pos("start"), "HR032",
                           f"meter '{name}' starts at {start}, outside {lo}..{hi}")
            label = self.text(spec, "label", f"meter '{name}'", one_line=True) or \
                name.replace("_", " ").capitalize()
            self.meters[name] = Meter(name, start, lo, hi, label)

    def nodes(self, data: YMap) -> dict[str, Node] | None:
        raw = data.get("nodes")
        if raw is None:
            self.error((1, 1), "HR012", "the scenario needs 'nodes:' with at least one node")
            return None
        if not isinstance(raw, YMap) or not raw:
            self.error(data.value_pos("nodes"), "HR014", "'nodes' must be a mapping of node ids to nodes")
            return None
        out: dict[str, Node] = {}
        self.node_ids = {str(nid) for nid in raw}
        first: dict[str, Any] = {}  # node id as text -> the key as written
        for nid, spec in raw.items():
            if self.id_text(str(nid), raw.key_pos(nid), f"node id '{nid}'"):
                continue
            other = first.setdefault(str(nid), nid)
            if other is not nid:  # e.g. 1: and "1": are two YAML keys but one node id
                line = raw.key_pos(other)[0]
                self.error(raw.key_pos(nid), "HR005",
                           f"duplicate node id '{nid}' (first at line {line}, written {other!r} there and "
                           f"{nid!r} here); node ids are text, so these name the same node")
                continue
            node = self.node(str(nid), spec, raw.key_pos(nid), raw.value_pos(nid))
            if node is not None:
                out[str(nid)] = node
        return out

    def node(self, nid: str, spec: Any, kpos: Pos, vpos: Pos) -> Node | None:
        where = f"node '{nid}'"
        if not isinstance(spec, YMap):
            self.error(vpos, "HR014", f"{where} must be a mapping with lines and choices, next or ending")
            return None
        self.unknown_keys(spec, NODE_KEYS, where)
        lines = self.lines(spec, where)
        discussion = self.text(spec, "discussion", where)
        present = [k for k in ("choices", "next", "ending") if k in spec]
        if not present:
            if not any(self.misspelt(spec, k) for k in ("choices", "next", "ending")):
                self.error(kpos, "HR022", f"{where} is a dead end: give it 'choices', 'next' or an 'ending'")
            return None
        if len(present) > 1:
            self.error(spec.key_pos(present[1]), "HR023",
                       f"{where} has both '{present[0]}' and '{present[1]}'; a node has exactly one of "
                       "choices, next or ending")
            return None
        choices: tuple[Choice, ...] = ()
        branches: tuple[Branch, ...] = ()
        ending = None
        if "choices" in spec:
            choices = self.choices(spec, where)
        elif "next" in spec:
            branches = self.branches(spec, where)
        else:
            ending = self.ending(spec, where)
        return Node(nid, lines, discussion, choices, branches, ending, kpos[0])

    def lines(self, spec: YMap, where: str) -> tuple[Line, ...]:
        if "lines" in spec and "text" in spec:
            self.error(spec.key_pos("text"), "HR023", f"{where} has both 'lines' and 'text'; use one")
        if "text" in spec:
            t = self.text(spec, "text", where)
            return (Line("client", t),) if t else ()
        raw = spec.get("lines")
        if raw is None:
            return ()
        if not isinstance(raw, YSeq):
            self.error(spec.value_pos("lines"), "HR014",
                       f"'lines' in {where} must be a list of 'speaker: text' lines, "
                                  "such as '- client: Hello.' on its own line")
            return ()
        out = []
        for i, item in enumerate(raw):
            pos = raw.item_pos(i)
            if isinstance(item, YMap) and len(item) == 1:
                (speaker, text), = item.items()
                if isinstance(speaker, str) and speaker.strip() and isinstance(text, (str, int, float)) \
                        and not isinstance(text, bool):
                    lw = f"line {i + 1} of {where}"
                    if not self.shown_text(speaker, item.key_pos(speaker), f"the speaker of {lw}", one_line=True) \
                            and not self.shown_text(str(text), item.value_pos(speaker), lw):
                        out.append(Line(speaker.strip(), str(text)))
                    continue
            self.error(pos, "HR026", f"line {i + 1} of {where} must be one 'speaker: text' pair, e.g. "
                                     "'- client: I left before closing.' (a colon inside the text needs quotes)")
        return tuple(out)

    def condition(self, m: YMap, key: str, what: str) -> Condition | None:
        raw = m[key]
        line, col = m.value_pos(key)
        if not isinstance(raw, str):
            self.error((line, col), "HR030", f"{what} must be a condition in text, such as 'trust >= 2'")
            return None
        if self.shown_text(raw, (line, col), what, one_line=True):
            return None
        try:
            cond = parse_condition(raw)
        except ConditionError as e:
            # Columns are exact for plain one-line values, which is how conditions are written.
            self.error((line, col + e.offset), "HR030", f"{what} '{raw}': {e}")
            return None
        for name in sorted(cond.meters):
            self._meter_refs.append(((line, col), name, what))
        return cond

    def choices(self, spec: YMap, where: str) -> tuple[Choice, ...]:
        raw = spec["choices"]
        if not isinstance(raw, YSeq) or not raw:
            self.error(spec.value_pos("choices"), "HR024", f"'choices' in {where} must be a non-empty list")
            return ()
        out = []
        for i, c in enumerate(raw):
            cw = f"choice {i + 1} of {where}"
            if not isinstance(c, YMap):
                self.error(raw.item_pos(i), "HR014", f"{cw} must be a mapping with text and next")
                continue
            self.unknown_keys(c, CHOICE_KEYS, cw)
            text = self.text(c, "text", cw, required=True)
            nxt = self.text(c, "next", cw, required=True, one_line=True)
            if nxt:
                self._next_refs.append((c.value_pos("next"), nxt))
            score = self.numbers(c, "score", cw, kind="score")
            codes = self.codes(c, cw)
            effects = self.numbers(c, "effects", cw, kind="effects")
            before = len(self.problems)
            feedback = self.text(c, "feedback", cw)
            bad_feedback = len(self.problems) > before  # reported already: not also "no feedback"
            critical = c.get("critical", False)
            if not isinstance(critical, bool):
                self.error(c.value_pos("critical"), "HR014", f"'critical' in {cw} must be true or false")
                critical = False
            cond = self.condition(c, "if", f"the 'if' of {cw}") if "if" in c else None
            line = raw.item_pos(i)[0]
            # Feedback that is there but wrong, or a misspelled key, was reported already:
            # "has no 'feedback'" as well would send the author looking for a key they did write.
            if not feedback and not bad_feedback and not self.misspelt(c, "feedback"):
                self.warning(raw.item_pos(i), "HR062", f"{cw} has no 'feedback'; tell the trainee what "
                                                       "this choice does and which principle it serves or breaks")
            # A score or codes entry that is there but wrong already has its own error;
            # "has no score/codes" would send the author looking for a key they did write.
            if not score and not c.get("score") and not self.misspelt(c, "score"):
                self.warning(raw.item_pos(i), "HR063", f"{cw} has no 'score'; it counts for nothing in the debrief")
            if not codes and not c.get("codes") and not self.misspelt(c, "codes"):
                self.warning(raw.item_pos(i), "HR065", f"{cw} has no 'codes'; add MITI codes such as "
                                                       "[affirm] so the debrief can count them")
            out.append(Choice(i, text, nxt, MappingProxyType(score), codes, MappingProxyType(effects),
                              feedback, critical, cond, line, c.value_pos("if") if cond else (0, 0)))
        if out and all(ch.condition is not None for ch in out):
            self.warning(spec.key_pos("choices"), "HR066",
                         f"every choice of {where} has an 'if'; when none holds the game offers them all. "
                         "Leave one choice without 'if'")
        return tuple(out)

    def numbers(self, c: YMap, key: str, where: str, kind: str) -> dict[str, int]:
        raw = c.get(key)
        if raw is None:
            return {}
        if not isinstance(raw, YMap):
            self.error(c.value_pos(key), "HR014",
                       f"'{key}' in {where} must be a mapping such as "
                       + ("{recognizing_improvement: 2}" if kind == "score" else "{trust: 1}"))
            return {}
        out = {}
        for name, v in raw.items():
            pos = raw.key_pos(name)
            # The name first: a misspelled dimension with a wrong value is two mistakes, and the
            # author should hear of both at once.
            known = True
            if kind == "score" and name not in self.rubric.dimensions:
                known = False
                self.error(pos, "HR040", f"unknown score dimension '{name}' in {where}."
                                         f"{did_you_mean(name, self.rubric.dimensions)} The rubric "
                                         f"defines: {', '.join(self.rubric.dimensions)}")
            if not isinstance(v, int) or isinstance(v, bool):
                self.error(raw.value_pos(name), "HR042" if kind == "score" else "HR014",
                           f"'{name}' in the {key} of {where} must be a whole number such as 2 or -1"
                           + (f", not {v}" if isinstance(v, float) else ""))
                continue
            limit = MAX_SCORE if kind == "score" else MAX_METER
            if not -limit <= v <= limit:
                self.in_range(v, raw.value_pos(name), f"'{name}' in the {key} of {where}", limit, 0)
                continue
            if not known:
                continue
            if kind != "score":
                self._meter_refs.append((pos, str(name), f"the effects of {where}"))
            out[str(name)] = v
        return out

    def codes(self, c: YMap, where: str) -> tuple[str, ...]:
        raw = c.get("codes")
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw_items: list[Any] = [raw]
            positions = [c.value_pos("codes")]
        elif isinstance(raw, YSeq):
            raw_items, positions = list(raw), [raw.item_pos(i) for i in range(len(raw))]
        else:
            self.error(c.value_pos("codes"), "HR014", f"'codes' in {where} must be a list such as [affirm]")
            return ()
        out = []
        for item, pos in zip(raw_items, positions):
            if not isinstance(item, str):  # a mapping or list is unhashable: never look it up
                self.error(pos, "HR041", f"code {item!r} in {where} must be a code name such as affirm."
                                         f" Codes: {', '.join(self.rubric.codes)}")
            elif item not in self.rubric.codes:
                self.error(pos, "HR041", f"unknown code '{item}' in {where}.{did_you_mean(item, self.rubric.codes)}"
                                         f" Codes: {', '.join(self.rubric.codes)}")
            else:
                out.append(item)
        return tuple(out)

    def branches(self, spec: YMap, where: str) -> tuple[Branch, ...]:
        raw = spec["next"]
        if isinstance(raw, str):
            self._next_refs.append((spec.value_pos("next"), raw))
            return (Branch(raw, None, spec.value_pos("next")),)
        if not isinstance(raw, YSeq) or not raw:
            self.error(spec.value_pos("next"), "HR014",
                       f"'next' in {where} must be a node id or a list of {{if: ..., next: ...}}")
            return ()
        out = []
        for i, b in enumerate(raw):
            bw = f"entry {i + 1} of the 'next' list of {where}"
            if not isinstance(b, YMap) or not isinstance(b.get("next"), str):
                self.error(raw.item_pos(i), "HR014", f"{bw} must be {{if: CONDITION, next: NODE}}")
                continue
            self.unknown_keys(b, ("if", "next"), bw)
            self._next_refs.append((b.value_pos("next"), b["next"]))
            cond = self.condition(b, "if", f"the 'if' of {bw}") if "if" in b else None
            out.append(Branch(b["next"], cond, raw.item_pos(i), b.value_pos("if") if cond else (0, 0)))
            last = i == len(raw) - 1
            if "if" not in b and not last:
                self.error(raw.item_pos(i), "HR025", f"{bw} has no 'if', so the entries after it can never be "
                                                     "reached; only the last entry may go without 'if'")
            if cond is None and "if" in b:
                pass  # a broken condition was already reported
            elif last and "if" in b:
                self.error(raw.item_pos(i), "HR025", f"the last entry of the 'next' list of {where} must have "
                                                     "no 'if', so that the story always goes on")
        return tuple(out)

    def ending(self, spec: YMap, where: str) -> Ending | None:
        raw = spec["ending"]
        if isinstance(raw, str):
            if not raw.strip():
                self.error(spec.value_pos("ending"), "HR027", f"the ending of {where} needs a title")
                return None
            if self.shown_text(raw, spec.value_pos("ending"), f"the ending title of {where}", one_line=True):
                return None
            return Ending(raw)
        if not isinstance(raw, YMap):
            self.error(spec.value_pos("ending"), "HR027", f"'ending' in {where} must be {{title: ..., debrief: ...}}")
            return None
        self.unknown_keys(raw, ENDING_KEYS, f"the ending of {where}")
        before = len(self.problems)
        title = self.text(raw, "title", f"the ending of {where}", one_line=True)
        # A title the game cannot show (HR100, HR101) is reported once, not also as missing.
        if not title and not any(p.code in ("HR100", "HR101") for p in self.problems[before:]):
            self.error(spec.key_pos("ending"), "HR027", f"the ending of {where} needs a 'title'")
        return Ending(title, self.text(raw, "debrief", f"the ending of {where}"))
