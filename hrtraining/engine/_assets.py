"""Where a scenario's pictures are, and whether a path may name one.

An asset path names a file inside an ``assets/`` folder: beside the scenario, one
folder up, or the project's own. The file's real path, every symbolic link
resolved, must lie inside that folder: an ``assets`` folder that is a link to
``/``, or a link inside it that leads out, must never let a scenario open any
picture on the machine. Nothing here raises, whatever the path holds.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ._chars import id_bad_char
from ._errors import ERROR, WARNING, Problem
from ._pictures import FORMATS, picture_problem
from ._rubric import PROJECT_ROOT

PROJECT_ASSETS = PROJECT_ROOT / "assets"


def asset_roots(scenario_path: str) -> list[Path]:
    """Folders an asset path may name files in: ``assets/`` near the file, then the project's.

    The folders are taken as they are written under the scenario's real folder: an
    ``assets`` that is itself a symbolic link to somewhere else holds no assets.
    """
    here = Path(os.path.realpath(scenario_path)).parent
    roots = [here / "assets", here.parent / "assets", PROJECT_ASSETS]
    seen, out = set(), []
    for r in roots:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out


#: The project's own assets folder, symbolic links resolved (the project may link it).
_PROJECT_ASSETS_REAL = os.path.realpath(PROJECT_ASSETS)
OK, MISSING, OUTSIDE, INVALID = "ok", "missing", "outside", "invalid"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def asset_path_is_valid(rel: str) -> bool:
    """Whether ``rel`` is written as a path inside an assets folder (no ``..``, no ``/x``, no ``C:``)."""
    return bool(rel) and id_bad_char(rel) is None and not rel.startswith(("/", "\\")) \
        and ".." not in re.split(r"[\\/]", rel) and ":" not in rel


def locate_asset(scenario_path: str, rel: str) -> tuple[str, Path | None]:
    """Where the asset ``rel`` named by ``scenario_path`` is: ``(OK, file)``, or ``(MISSING, None)``,
    ``(OUTSIDE, None)`` when it exists only through a symbolic link that leads out of every
    assets folder, or ``(INVALID, None)`` for a path that is not written inside one. Never raises.

    The file's real path (every symbolic link resolved) must lie inside the scenario's own
    ``assets/`` (beside it or one folder up) or the project's ``assets/``.
    """
    if not asset_path_is_valid(rel):
        return INVALID, None
    try:
        roots = asset_roots(scenario_path)
    except (OSError, ValueError, RuntimeError):  # e.g. a NUL in the scenario path, a link loop
        return MISSING, None
    outside = False
    for root in roots:
        candidate = os.path.join(root, rel)
        try:
            if not os.path.lexists(candidate):
                continue
            real = os.path.realpath(candidate)
            allowed = _PROJECT_ASSETS_REAL if root == PROJECT_ASSETS else str(root)
            if not _inside(real, allowed):
                outside = True
                continue
            if os.path.isfile(real):
                return OK, Path(real)
        except (OSError, ValueError, RuntimeError):
            continue
    return (OUTSIDE if outside else MISSING), None


def resolve_asset(scenario_path: str, rel: str, memo: dict | None = None) -> Path | None:
    """The file an asset path names, if it exists inside an assets folder; never outside one.

    ``memo`` (a dict kept for one run over a library) saves the path resolutions
    when many files in a folder name the same picture. Never raises.
    """
    return asset_status(scenario_path, rel, memo)[1]


def asset_status(scenario_path: str, rel: str, memo: dict | None = None) -> tuple[str, Path | None]:
    """:func:`locate_asset`, memoized per (folder, path) in ``memo`` when given."""
    if memo is None:
        return locate_asset(scenario_path, rel)
    key = (os.path.dirname(scenario_path), rel)
    if key not in memo:
        memo[key] = locate_asset(scenario_path, rel)
    return memo[key]


def missing_asset_message(rel: str) -> str:
    return f"asset '{rel}' was not found under assets/; the game will show a stand-in picture"


def outside_asset_message(rel: str) -> str:
    return (f"asset '{rel}' leads out of the assets folders through a symbolic link, so the game will not "
            "open it. Put the picture itself under assets/ (an assets folder may not be a link either)")


def asset_problem(path: str, line: int, col: int, rel: str, memo: dict | None = None) -> Problem | None:
    """The problem with an asset that depends on the disk (HR051 missing, HR107 outside, HR052 a
    picture too large or too thin to show, HR053 a file the game cannot read as a picture), if any."""
    status, found = asset_status(path, rel, memo)
    if status == OUTSIDE:
        return Problem(path, line, col, ERROR, "HR107", outside_asset_message(rel))
    if status != OK or found is None:
        return Problem(path, line, col, WARNING, "HR051", missing_asset_message(rel))
    return _picture_problem(path, line, col, rel, found, memo)


def _picture_problem(path: str, line: int, col: int, rel: str, found: Path,
                     memo: dict | None) -> Problem | None:
    """HR052 or HR053 for the picture file ``found``, read from its header only (the game reads the
    same header before loading it, and draws the stand-in where this reports a problem)."""
    key = ("picture", found)
    if memo is not None and key in memo:
        problem = memo[key]
    else:
        problem = picture_problem(found)
        if memo is not None:
            memo[key] = problem
    if problem is None:
        return None
    kind, why = problem
    if kind == "size":
        return Problem(path, line, col, ERROR, "HR052", f"the picture '{rel}' {why}")
    return Problem(path, line, col, WARNING, "HR053",
                   f"the picture '{rel}' {why}; the game shows {FORMATS} pictures, and draws a stand-in "
                   "for this one. Save it as PNG")
