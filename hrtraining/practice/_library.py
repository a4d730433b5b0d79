"""The library of scenarios every front end plays from: list, find by id or path, find a room's.

Listing uses the engine's :class:`~hrtraining.engine.Cache` keyed by file content, so a warm
start reads small JSON entries instead of parsing YAML; a scenario is parsed only when it is
played (:meth:`Entry.load`). Broken files stay in the list with their first errors so authors
see what to fix.

:func:`find_scenario` (a path, else an id in the given folders or the project's) and
:func:`scenario_for_room` (the scenario a stored workshop room was played on) are the one place
the window, the terminal and the workshop look things up, with one wording for each failure
(:class:`NotInLibrary`).
"""
from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hrtraining.engine import (ERROR, PROJECT_ROOT, Cache, FileResult, HRTrainingError, Problem, Rubric, Scenario,
                               ScenarioInfo, check_file, check_paths, duplicate_ids, find_rubric, iter_checked,
                               load_rubric, load_scenario, read_header, scenario_files)

if TYPE_CHECKING:
    from ._store import RoomStore

DEFAULT_DIR = PROJECT_ROOT / "scenarios"


class NotInLibrary(HRTrainingError):
    """No scenario for what was asked (a file, an id, a room code); the message says what to do."""


@dataclass
class Entry:
    """One file of the library, playable or broken.

    ``pending``: listed from its header only, while the full check runs in the background;
    :meth:`load` checks it at once if the trainee picks it before that check is done.
    """

    result: FileResult
    pending: bool = False

    @property
    def path(self) -> str:
        return self.result.path

    @property
    def ok(self) -> bool:
        return self.result.ok and self.result.info is not None

    @property
    def info(self) -> ScenarioInfo | None:
        return self.result.info

    @property
    def id(self) -> str:
        return self.info.id if self.info else Path(self.path).stem

    @property
    def title(self) -> str:
        return self.info.title if self.info and self.info.title else Path(self.path).name

    @property
    def content_hash(self) -> str:
        return self.result.content_hash

    def first_errors(self, n: int = 3) -> list[str]:
        out = []
        for p in self.result.errors[:n]:
            where = f"line {p.line}" if p.line else "file"
            out.append(f"{where}: {p.message} ({p.code})")
        return out

    def load(self) -> tuple[Scenario, Rubric]:
        """Parse the scenario now (raises :class:`HRTrainingError` when it cannot be played)."""
        if self.pending:  # picked before the background check got to it: check it now
            self.result, self.pending = check_file(self.path), False
        sc = self.result.load()
        if self.result.rubric is None:  # pragma: no cover - check_file always sets it when ok
            raise HRTrainingError("no rubric for this scenario")
        return sc, self.result.rubric


class Library:
    """Every scenario file under the given paths, playable ones first.

    ``background=True`` (the game window) lists every file from its header at once — a menu
    needs nothing more — and checks the files fully in a thread; :meth:`poll` (called by the
    window each frame) takes in what the thread finished, so a file that fails its check turns
    up as broken a moment later. Without it, the constructor checks everything before returning.
    """

    def __init__(self, paths: list[str | Path] | None = None, cache: Cache | None = None,
                 background: bool = False):
        self.paths = [str(p) for p in (paths or [DEFAULT_DIR])]
        self.cache = cache if cache is not None else Cache()
        self.entries: list[Entry] = []
        self._done: queue.SimpleQueue | None = None
        self._worker: threading.Thread | None = None
        if background:
            self._start_background()
        else:
            self.refresh()

    @property
    def checking(self) -> bool:
        """True while the background check has files left."""
        return self._done is not None

    def _start_background(self) -> None:
        try:
            files = scenario_files(self.paths)
        except Exception:  # an unreadable folder: the full check reports it, at once
            self.refresh()
            return
        entries = []
        for f in files:
            info = read_header(f)
            entries.append(Entry(FileResult(f, info=info), pending=True) if info is not None
                           else Entry(check_file(f, cache=self.cache)))  # no header: check it now
        self._set(entries)
        todo = [e.path for e in entries if e.pending]
        if not todo:
            return
        done: queue.SimpleQueue = queue.SimpleQueue()
        self._done = done
        cache = self.cache

        def work() -> None:  # started by the first poll: after the first frame, not competing with it
            for f in todo:
                try:
                    done.put(check_file(f, cache=cache))
                except Exception as e:  # never lose the rest of the folder to one file
                    done.put(FileResult(f, [Problem(f, 0, 0, ERROR, "HR000", f"could not be checked: {e}")]))
            done.put(None)

        self._worker = threading.Thread(target=work, name="hrtraining-library", daemon=True)

    def poll(self) -> bool:
        """Take in the files the background check finished; True when the list changed."""
        done = self._done
        if done is None:
            return False
        if not self._worker.is_alive() and not self._worker.ident:
            self._worker.start()
        by_path = {e.path: i for i, e in enumerate(self.entries)}
        changed = False
        while True:
            try:
                result = done.get_nowait()
            except queue.Empty:
                break
            if result is None:  # all checked: the checks across files, then the final order
                self._done = None
                results = [e.result for e in self.entries]
                duplicate_ids(results)
                self._set([Entry(r) for r in results])
                return True
            i = by_path.get(result.path)
            if i is not None and self.entries[i].pending:
                self.entries[i] = Entry(result)
                changed = True
        return changed

    def _set(self, entries: list[Entry]) -> None:
        entries.sort(key=lambda e: (not e.ok, e.title.lower()))
        self.entries = entries

    def refresh(self) -> None:
        try:
            results = check_paths(self.paths, cache=self.cache)
        except Exception as e:  # an unreadable folder must not stop the menu
            results = [FileResult(p, [Problem(p, 0, 0, ERROR, "HR000", f"could not read: {e}")]) for p in self.paths]
        self._done = None
        self._set([Entry(r) for r in results])

    def by_id(self, scenario_id: str) -> Entry | None:
        return next((e for e in self.entries if e.ok and e.id == scenario_id), None)

    def reload(self, entry: Entry) -> Entry:
        """Check one file again from disk (F5); replaces it in the list."""
        fresh = Entry(check_file(entry.path, cache=self.cache))
        if fresh.result.ok and fresh.result.scenario is None:
            try:
                fresh.result.load()
            except HRTrainingError:
                pass
        for i, e in enumerate(self.entries):
            if e.path == entry.path:
                self.entries[i] = fresh
        return fresh


def find_scenario(name: str, folders: list[str] | tuple[str, ...] = ()) -> str:
    """The file ``name`` names: a path as given, else a scenario whose id is ``name`` in
    ``folders`` or the project's library. Raises :class:`NotInLibrary`."""
    if Path(name).is_file():
        return name
    # The cache makes this a read of small JSON files on a warm run; stop at the first match.
    for r in iter_checked([*folders, DEFAULT_DIR], cache=Cache()):
        if r.info is not None and r.info.id == name:
            return r.path
    raise NotInLibrary(f"no scenario file or id '{name}'. Try a path, or one of the ids that "
                       "`hrtraining validate scenarios` lists")


def load(path: str, rubric_path: str | None = None) -> tuple[Scenario, Rubric]:
    """Load a scenario file with its rubric (``rubric.yaml`` beside it, else the project's)."""
    rubric = load_rubric(rubric_path or find_rubric(path))
    return load_scenario(path, rubric), rubric


def scenario_for_room(store: RoomStore, typed_code: str) -> str:
    """The id of the scenario the stored workshop room ``typed_code`` was played on.

    The code is read as people type it (any case, spaces, dashes). Raises
    :class:`NotInLibrary` when the store has no such room.
    """
    from hrtraining.progress import NotFoundError

    code = room_code(typed_code)
    try:
        return store.room(code).scenario_id
    except NotFoundError:
        raise NotInLibrary(f"there is no workshop room {code} in this progress file "
                           "(`hrtraining export --format csv --votes` lists the rooms)") from None


#: Room codes use letters and digits nobody confuses when read off a wall:
#: no 0/O, 1/I/L, 5/S, 2/Z, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


def normalize_code(text: object) -> str | None:
    """The room code a person typed (any case, spaces, dashes), or None when it cannot be one."""
    if not isinstance(text, str) or len(text) > 32:
        return None
    code = "".join(ch for ch in text.upper() if ch not in " -_\t")
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return None
    return code


def room_code(typed: str) -> str:
    """The room code as stored, however it was typed (k7m-2qx); as typed when it cannot be one."""
    return normalize_code(typed) or str(typed).strip()
