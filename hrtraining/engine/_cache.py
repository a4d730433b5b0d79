"""The cache folder of per-file check results: it may speed up a verdict, never decide one.

An entry is trusted only when all of this holds (anything else is a miss, and the
file is checked from scratch):

* it lives in a folder that only this user can write: the folder is created
  ``0700``; an existing folder that is a symbolic link, is owned by someone else,
  or is writable by the group or by everyone is not used at all (``refused`` says
  why). Windows has no such mode bits and no ownership check here;
* the entry file itself is a regular file owned by this user (not a link), of a
  sane size, opened relative to the folder checked above (a folder swapped for
  another after the check is not followed);
* it names the same file content hash, rubric hash and checker version as the
  file being checked (the checker version is a hash of the engine's own source, so
  an entry written by other code is never used), and every field has the type and
  the content the checker writes (``_library._from_cache`` checks them).

What an attacker who can write a shared temporary folder could otherwise do, and
what stops it: plant an entry that passes a broken file or breaks a good one
(refused folder, hash and version check); plant a symbolic link so that our next
write lands on another file (writes create a new ``0600`` file with ``O_EXCL`` and
``O_NOFOLLOW`` and rename it, relative to the checked folder); swap the folder
between the check and the use (every open is relative to the folder's descriptor);
fill an entry with gigabytes of JSON or JSON nested too deep (size cap, and any
parse failure is a miss); hand the game a title with terminal escapes (the entry's
text is checked like a file's). Deleting the cache folder is always safe.
"""
from __future__ import annotations

import errno
import functools
import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

CACHE_VERSION = "6"  # 4: HR120, HR121; 5: HR127-HR129; 6: reach analysis, misspellings, "did you mean >=", every syntax error (the source hash covers the rest)
#: An entry larger than this is a miss (real ones are a few hundred bytes; a file with
#: thousands of problems stays well under it).
MAX_ENTRY_BYTES = 8 * 1024 * 1024
_POSIX = os.name == "posix" and sys.platform != "win32"
_DIR_FD = _POSIX and os.open in os.supports_dir_fd and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY")


@functools.lru_cache(maxsize=1)
def checker_version() -> str:
    """A hash of the cache format and the engine's source: any change of the checker is a new version."""
    from hrtraining import __version__

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{CACHE_VERSION}:{__version__}".encode())
    here = Path(__file__).resolve().parent
    for f in sorted(here.glob("*.py")):
        h.update(f.name.encode())
        try:
            h.update(f.read_bytes())
        except OSError:  # pragma: no cover - the engine's own files
            h.update(b"?")
    return h.hexdigest()


def default_cache_dir() -> Path:
    env = os.environ.get("HRTRAINING_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs  # imported late: only callers that cache need it

    return Path(platformdirs.user_cache_dir("hrtraining")) / "scenarios"


def folder_problem(st: os.stat_result) -> str:
    """Why a folder with this status may not hold the cache, or "" when it may."""
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a folder"
    if not _POSIX:
        return ""
    if st.st_uid != os.geteuid():
        return f"it belongs to another user (uid {st.st_uid})"
    if st.st_mode & 0o022:
        return f"other users can write to it (mode {stat.S_IMODE(st.st_mode):04o})"
    return ""


class Cache:
    """Per-file check results as small JSON files, named by content key.

    The folder is checked once, on first use; ``refused`` then says why it is not
    used ("" while it is). A cache that cannot be used only costs speed.
    """

    def __init__(self, directory: str | Path | None = None):
        self.dir = Path(directory) if directory else default_cache_dir()
        self.refused = ""
        self._fd: int | None = None
        self._checked = False

    def __getstate__(self) -> dict:  # a folder descriptor does not cross into another process
        return {"dir": self.dir}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["dir"])

    def __del__(self) -> None:
        self.close()

    def close(self) -> None:
        fd, self._fd = getattr(self, "_fd", None), None
        if fd is not None:
            try:
                os.close(fd)
            except OSError:  # pragma: no cover
                pass

    @property
    def usable(self) -> bool:
        """Whether the folder passed its checks (checking it now if it was not yet)."""
        return self._open()

    def _open(self) -> bool:
        if self._checked:
            return not self.refused
        self._checked = True
        try:
            if not os.path.lexists(self.dir):
                os.makedirs(self.dir, mode=0o700, exist_ok=True)
            if _DIR_FD:
                fd = os.open(self.dir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
                problem = folder_problem(os.fstat(fd))
                if problem:
                    os.close(fd)
                else:
                    self._fd = fd
            else:
                st = os.lstat(self.dir)
                problem = "it is a symbolic link" if stat.S_ISLNK(st.st_mode) else folder_problem(st)
        except OSError as e:
            # O_NOFOLLOW on a link fails with ELOOP, or ENOTDIR together with O_DIRECTORY.
            linked = e.errno in (errno.ELOOP, errno.ENOTDIR) and os.path.islink(self.dir)
            problem = "it is a symbolic link" if linked else f"it cannot be used ({e.strerror or e})"
        self.refused = problem
        return not problem

    def _path(self, name: str) -> Any:
        """What to open for ``name``: relative to the checked folder where the system allows."""
        return name if self._fd is not None else os.path.join(self.dir, name)

    def get(self, key: str) -> dict[str, Any] | None:
        """The entry stored under ``key``, or None: missing, unreadable or damaged are all a miss."""
        if not self._open():
            return None
        try:
            flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(self._path(f"{key}.json"), flags, dir_fd=self._fd)
            with os.fdopen(fd, "rb") as f:
                st = os.fstat(f.fileno())
                if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_ENTRY_BYTES \
                        or (_POSIX and st.st_uid != os.geteuid()):
                    return None
                entry = json.loads(f.read(MAX_ENTRY_BYTES + 1))
            return entry if isinstance(entry, dict) and entry.get("v") == CACHE_VERSION else None
        except Exception:  # any damage (even JSON nested too deep: RecursionError) is a miss
            return None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        """Store ``entry`` under ``key``: a new private file, renamed into place."""
        if not self._open():
            return
        tmp = f".{key}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
            fd = os.open(self._path(tmp), flags, 0o600, dir_fd=self._fd)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(json.dumps(entry, separators=(",", ":")).encode("utf-8"))
                os.replace(self._path(tmp), self._path(f"{key}.json"), src_dir_fd=self._fd, dst_dir_fd=self._fd)
            except BaseException:
                try:
                    os.unlink(self._path(tmp), dir_fd=self._fd)
                except OSError:
                    pass
                raise
        except (OSError, ValueError, TypeError):
            pass  # a cache that cannot be written only costs speed
