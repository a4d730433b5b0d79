"""Scanning many files on every core: a process pool that pays off only for big runs.

Parsing and checking a scenario is pure Python, so threads would not run it in
parallel; processes do. Starting a pool costs a few tens of milliseconds (fork on
Linux, more where processes are spawned), so it is used only when the files to
scan add up to enough work: a handful of files, or a warm run where the cache
answers almost everything, stays in this process. Results come back in the order
the files were given, whatever order the workers finish in, and any failure of
the pool itself falls back to scanning here.

It knows nothing of scenarios: ``_library`` hands it the files (anything with the
bytes in ``data``) and the function that scans one, so the two modules form no circle.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import Any, Callable, Protocol, Sequence


class _Todo(Protocol):
    """A file to scan: only its size matters here (``size``, else the length of ``data``)."""

    data: bytes


Scan = Callable[[Any], Any]

#: Bytes of YAML to scan below which a pool costs more than it saves (~0.1 s of work in
#: one process; measured in bench/bench_validate_pool.py). Where processes are spawned
#: rather than forked, each worker imports the engine first, so the bar is higher.
MIN_POOL_BYTES = 1_000_000
MIN_POOL_BYTES_SPAWN = 6_000_000
#: Batches per worker: enough to balance files of different sizes, few enough to keep
#: the cost of sending them small.
BATCHES_PER_WORKER = 4


def cores() -> int:
    """The processors this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context():
    """fork where it is safe (Linux, no other threads running), else the platform's default."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _size(todo: Any) -> int:
    """A todo's bytes of YAML: what its work is proportional to."""
    size = getattr(todo, "size", None)
    return size if isinstance(size, int) else len(todo.data)


def pool_size(todos: Sequence[_Todo], jobs: int | None) -> int:
    """How many processes to scan ``todos`` with: 1 means here, without a pool."""
    if jobs is not None and jobs <= 1:
        return 1
    n = cores() if jobs is None else jobs
    if jobs is None:
        forked = _context().get_start_method() == "fork"
        if sum(_size(t) for t in todos) < (MIN_POOL_BYTES if forked else MIN_POOL_BYTES_SPAWN):
            return 1
    return max(1, min(n, len(todos)))


def _batches(todos: Sequence[_Todo], n: int) -> list[list[_Todo]]:
    """Consecutive runs of ``todos`` of about equal size in bytes (the order is kept)."""
    total = sum(_size(t) for t in todos) or 1
    size = total / n
    out: list[list[_Todo]] = [[]]
    filled = 0
    for t in todos:
        if out[-1] and filled + _size(t) / 2 > size * len(out):
            out.append([])
        out[-1].append(t)
        filled += _size(t)
    return out


def _scan_batch(scan: Scan, batch: list[_Todo]) -> list[Any]:
    """In a worker: scan a batch; the results travel back without the scenario and rubric
    objects (the scenario holds compiled conditions, which do not pickle)."""
    gc.disable()  # a worker lives for one run and makes no garbage cycles
    out = []
    for todo in batch:
        r = scan(todo)
        if hasattr(r, "scenario"):
            r.scenario = None
            r.rubric = None
        out.append(r)
    return out


def scan_all(todos: Sequence[_Todo], scan: Scan, jobs: int | None = 1) -> list[Any]:
    """``scan`` every todo, in a pool of ``jobs`` processes when it pays off (None: decide).

    ``scan`` must be a module-level function (the pool sends it to the workers by name)
    and must not raise; its results come back without ``scenario`` and ``rubric``.
    """
    n = pool_size(todos, jobs)
    if n <= 1:
        return [scan(t) for t in todos]
    batches = _batches(todos, n * BATCHES_PER_WORKER)
    try:
        with ProcessPoolExecutor(max_workers=n, mp_context=_context()) as pool:
            return [r for batch in pool.map(partial(_scan_batch, scan), batches) for r in batch]
    except Exception:  # noqa: BLE001 - no pool here (a sandbox, a broken worker): scan in this process
        return [scan(t) for t in todos]
