"""A named pipe, a device or a socket with a ``.yaml`` name is reported, never waited on.

The audit's failure: a named pipe called ``pipe.yaml`` in a scenario folder froze the game before
its first frame (the menu's header preview opened it and waited for a writer; SIGTERM did not stop
it), and hung ``validate DIR`` and ``analyze DIR``. Every check runs in a child process with a
timeout, so a regression fails here instead of hanging the suite.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hrtraining.engine import check_file, read_header
from hrtraining.engine._files import NotRegularFile, open_regular

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "fixtures" / "valid" / "golden.yaml"
TIMEOUT = 60

needs_mkfifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")


@pytest.fixture
def pipe_folder(tmp_path) -> Path:
    """A folder with one good scenario and a named pipe called ``pipe.yaml`` (no writer, ever)."""
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "good.yaml").write_bytes(GOLDEN.read_bytes())
    os.mkfifo(folder / "pipe.yaml")
    return folder


def run(*args: str, tmp: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "HRTRAINING_CACHE_DIR": str(tmp / "cache"),
           "HRTRAINING_CONFIG_DIR": str(tmp / "config"), "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT, env=env,
                          cwd=str(tmp))


@needs_mkfifo
def test_named_pipe_called_yaml_does_not_hang_validate(pipe_folder, tmp_path):
    out = run("-m", "hrtraining", "validate", str(pipe_folder), tmp=tmp_path)
    assert out.returncode == 1, out.stderr
    assert "pipe.yaml:0:0: error HR000: not a regular file: a named pipe" in out.stdout
    assert "Traceback" not in out.stderr


@needs_mkfifo
def test_named_pipe_called_yaml_does_not_hang_analyze(pipe_folder, tmp_path):
    out = run("-m", "hrtraining", "analyze", str(pipe_folder), tmp=tmp_path)
    assert "HR000: not a regular file: a named pipe" in out.stdout, out.stderr
    assert "Traceback" not in out.stderr


@needs_mkfifo
def test_named_pipe_called_yaml_does_not_hang_the_game_menu(pipe_folder, tmp_path):
    """The game's library reads each header before the first frame, then checks in the background."""
    code = textwrap.dedent(f"""
        from hrtraining.practice import Library
        lib = Library([{str(pipe_folder)!r}], background=True)
        while lib.checking:
            lib.poll()
        print(sorted((e.path.rsplit('/', 1)[-1], e.ok) for e in lib.entries))
    """)
    out = run("-c", code, tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "('good.yaml', True)" in out.stdout and "('pipe.yaml', False)" in out.stdout


@needs_mkfifo
def test_named_pipe_header_and_check_return_at_once(pipe_folder, rubric):
    """In process too (the child-process tests above guard against a hang)."""
    pipe = str(pipe_folder / "pipe.yaml")
    assert read_header(pipe) is None
    problems = check_file(pipe, rubric).problems
    assert [(p.code, p.message.split(";")[0]) for p in problems] == [("HR000", "not a regular file: a named pipe")]


def test_a_device_is_not_a_regular_file():
    if not os.path.exists(os.devnull) or os.name != "posix":
        pytest.skip("no /dev/null device")
    with pytest.raises(NotRegularFile, match="a character device"):
        open_regular(os.devnull)


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_not_a_regular_file(tmp_path):
    path = tmp_path / "s.yaml"
    if len(str(path)) > 100:
        pytest.skip("socket path too long for AF_UNIX")
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(str(path))
        with pytest.raises(NotRegularFile, match="a socket"):
            open_regular(path)
    finally:
        s.close()


def test_a_folder_and_a_missing_file_keep_their_messages(tmp_path):
    with pytest.raises(IsADirectoryError):
        open_regular(tmp_path)
    with pytest.raises(FileNotFoundError):
        open_regular(tmp_path / "nope.yaml")
