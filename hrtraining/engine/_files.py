"""Opening an author's file for reading without ever waiting on it.

A folder of scenarios may hold anything with a ``.yaml`` name: a named pipe, a device, a
socket. ``open()`` on a named pipe with no writer waits forever (and a read from a device may
too), which froze the game before its first frame and hung ``validate`` and ``analyze``. Every
reader of a scenario, a rubric or a picture opens through :func:`open_regular`: the file is
opened non-blocking, and anything ``fstat`` does not call a regular file is refused before a
single byte is read.
"""
from __future__ import annotations

import os
import stat
from typing import BinaryIO

from ._errors import HRTrainingError

#: Open flags: non-blocking, so opening a named pipe returns at once instead of waiting for a
#: writer (no effect on a regular file). Windows has no O_NONBLOCK, nor named pipes in folders.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


class NotRegularFile(OSError, HRTrainingError):
    """The path names something other than a regular file (a named pipe, a device, a socket)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"not a regular file: {kind}")
        self.kind = kind


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words for an author."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for binary reading; never blocks.

    Raises :class:`NotRegularFile` for a named pipe, a device or a socket, IsADirectoryError for
    a folder, and the usual OSError (FileNotFoundError, PermissionError, …) or ValueError (a NUL
    in the name) otherwise.
    """
    try:
        fd = os.open(path, _FLAGS)
    except OSError:
        _raise_if_special(path)  # a socket cannot be opened at all (ENXIO): say what it is
        raise
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "Is a directory", os.fspath(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(file_kind(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _raise_if_special(path: str | os.PathLike[str]) -> None:
    """Raise :class:`NotRegularFile` when ``path`` exists and is neither a regular file nor a folder."""
    try:
        mode = os.stat(path).st_mode  # stat never blocks, whatever the file is
    except (OSError, ValueError):
        return
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise NotRegularFile(file_kind(mode))
