"""Checking files in a process pool says exactly what checking them in one process says."""
from __future__ import annotations

import shutil
from pathlib import Path

from hrtraining.engine import Cache, check_paths
from hrtraining.engine import _parallel

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "invalid", lib / "invalid")
    shutil.copy(FIXTURES / "valid" / "golden.yaml", lib / "golden.yaml")
    return lib


def _said(results):
    return [(r.path, r.problems, r.stats, r.info, r.content_hash) for r in results]


def test_a_pool_gives_the_same_results_in_the_same_order(tmp_path, rubric):
    lib = _library(tmp_path)
    serial = check_paths([lib], rubric, jobs=1)
    pooled = check_paths([lib], rubric, jobs=2)
    assert len(serial) > 30
    assert _said(pooled) == _said(serial)
    golden = next(r for r in pooled if r.path.endswith("golden.yaml"))
    assert golden.scenario is None and golden.rubric is rubric  # parsed in a worker: loaded on demand
    assert golden.load().id == "golden"


def test_the_cli_output_does_not_depend_on_jobs(tmp_path, cli):
    lib = _library(tmp_path)
    one = cli("validate", "--no-cache", "-j", "1", "--format", "json", lib)
    two = cli("validate", "--no-cache", "-j", "2", "--format", "json", lib)
    assert one == two and one[0] == 1
    assert cli("validate", "--no-cache", "-j", "1", lib) == cli("validate", "--no-cache", "-j", "2", lib)


def test_a_pool_fills_the_cache_for_the_next_run(tmp_path, cache_dir, rubric):
    lib = _library(tmp_path)
    cold = check_paths([lib], rubric, Cache(cache_dir), jobs=2)
    warm = check_paths([lib], rubric, Cache(cache_dir), jobs=2)
    assert _said(warm) == _said(cold)


def test_a_few_small_files_stay_in_this_process(tmp_path):
    from hrtraining.engine._library import _Todo

    small = [_Todo(f"f{i}", b"x" * 1000, None, "", "") for i in range(50)]  # type: ignore[arg-type]
    assert _parallel.pool_size(small, None) == 1
    assert _parallel.pool_size(small, 1) == 1
    assert _parallel.pool_size(small, 3) == 3
    big = [_Todo(f"f{i}", b"x" * 100_000, None, "", "") for i in range(50)]  # type: ignore[arg-type]
    assert _parallel.pool_size(big, None) == min(_parallel.cores(), 50)


def test_batches_keep_the_order_and_split_by_size():
    from hrtraining.engine._library import _Todo

    todos = [_Todo(str(i), b"x" * (1000 if i % 5 else 9000), None, "", "") for i in range(40)]  # type: ignore
    batches = _parallel._batches(todos, 8)
    assert [t for b in batches for t in b] == todos
    assert 6 <= len(batches) <= 10


def test_a_pool_that_cannot_start_falls_back(tmp_path, rubric, monkeypatch):
    lib = _library(tmp_path)
    serial = check_paths([lib], rubric, jobs=1)

    class NoPool:
        def __init__(self, *a, **k):
            raise OSError("no processes here")

    monkeypatch.setattr(_parallel, "ProcessPoolExecutor", NoPool)
    assert _said(check_paths([lib], rubric, jobs=2)) == _said(serial)
