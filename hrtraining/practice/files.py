"""Writing a file so that a crash mid-write never leaves half of it: one helper for every layer
above the store (exports, supervision pages, settings); and where the user's settings live."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | Path, text: str, *, encoding: str = "utf-8", newline: str | None = "",
                     private: bool = False) -> Path:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename it in
    place. ``private`` makes it readable by its owner only (0600) before any byte is written.

    Raises OSError naming ``path`` (not the temporary name) when the folder cannot be written.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:  # report the path asked for, not the temporary name
        raise OSError(error.errno, error.strerror, str(path)) from error
    try:
        if private and hasattr(os, "fchmod"):
            os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        with open(fd, "w", encoding=encoding, newline=newline) as out:
            out.write(text)
        os.replace(temp, path)
        if private:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    return path


def config_dir() -> Path:
    """The folder for the user's settings (the game's and the LRS's): ``$HRTRAINING_CONFIG_DIR``
    (``~`` expanded), else the platform's user config folder. One definition, so the two settings
    files can never land in different places."""
    env = os.environ.get("HRTRAINING_CONFIG_DIR", "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when needed: start-up does not pay for it otherwise

    return Path(platformdirs.user_config_dir("hrtraining"))
