"""Benchmark of the progress store (issue 5). Prints one JSON object per line.

* ``record_choice``: median and p95 time to commit one choice (goal < 5 ms, so play
  never stutters), with ``synchronous=NORMAL`` (the default) and ``FULL``.
* ``progress_screen_full``: with 10,000 finished attempts of one profile, the time to load
  ``progress_summary`` + ``attempts`` + ``best_levels`` unpaged (goal < 100 ms), wall and
  CPU time (CPU time is steadier on a busy machine);
  ``progress_screen_paged``: the same with the chart limited to the last 100 attempts and
  a 50-row history page, which is what a screen shows.
* Also: opening the store (with its quick_check), the full integrity_check, and
  exporting everything with choices.

Run: ``.venv/bin/python bench/bench_progress.py [--attempts 10000] [--keep DIR]``.
Everything goes through the public API, in a temporary folder.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hrtraining.progress import Store, export_rows, write_csv  # noqa: E402

DIMENSIONS = ("recognizing_improvement", "avoiding_perfectionism", "respecting_choice",
              "anticipating_continued_use", "encouraging_self_care")
SCENARIOS = [f"scenario-{i}" for i in range(8)]
CODES = ["affirm", "complex-reflection", "question", "giving-information"]


def emit(**fields: object) -> None:
    print(json.dumps(fields), flush=True)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def report(i: int) -> dict:
    scores = {}
    for d, dim in enumerate(DIMENSIONS):
        best = 6 + d
        points = (i * 7 + d * 3) % (best + 1)
        percent = points / best
        level = "good" if percent >= 0.8 else "fair" if percent >= 0.5 else "beginning"
        scores[dim] = {"points": points, "best": best, "percent": percent, "level": level}
    return {
        "scores": scores,
        "level": scores["avoiding_perfectionism"]["level"],
        "critical": int(i % 4 == 0),
        "codes": {code: (i + n) % 4 for n, code in enumerate(CODES)},
        "reflection_to_question": 1.25,
        "percent_complex_reflections": 0.4,
        "path": [f"node{n}" for n in range(9)],
    }


def record(store: Store, attempt_id: int, seq: int) -> None:
    store.record_choice(
        attempt_id, seq, f"node{seq}", seq % 4,
        "That sounds like a real change for you, and it took effort to get there. " * 2,
        score={DIMENSIONS[seq % 5]: 2, DIMENSIONS[(seq + 1) % 5]: -1},
        codes=[CODES[seq % 4]], critical=False,
        feedback="Accept and respond to improvement: naming the step helps it grow. " * 2,
    )


def bench_record_choice(folder: Path, synchronous: str, n: int) -> None:
    times: list[float] = []
    with Store.open(folder / f"choice-{synchronous}", synchronous=synchronous) as store:
        attempt_id, seq = None, 0
        for i in range(n):
            if attempt_id is None or seq == 8:
                attempt_id = store.start_attempt("Bench", SCENARIOS[i % 8], "h", "T",
                                                 "practice")
                seq = 0
            start = time.perf_counter()
            record(store, attempt_id, seq)
            times.append(time.perf_counter() - start)
            seq += 1
    emit(bench="record_choice", synchronous=synchronous, n=n,
         median_ms=ms(statistics.median(times)), p95_ms=ms(percentile(times, 0.95)),
         max_ms=ms(max(times)), goal_ms=5.0, ok=percentile(times, 0.95) < 0.005)


def populate(folder: Path, attempts: int, choices: int) -> None:
    start = time.perf_counter()
    with Store.open(folder) as store:
        for i in range(attempts):
            attempt_id = store.start_attempt("Bench", SCENARIOS[i % 8], f"hash-{i % 3}",
                                             "Title", "practice" if i % 5 else "assessment")
            for seq in range(choices):
                record(store, attempt_id, seq)
            store.finish_attempt(attempt_id, ending_id="stays", ending_title="Stays",
                                 report=report(i))
    elapsed = time.perf_counter() - start
    emit(bench="populate", attempts=attempts, choices_per_attempt=choices,
         seconds=round(elapsed, 2),
         transactions_per_s=round(attempts * (choices + 2) / elapsed),
         file_mb=round((folder / "progress.sqlite3").stat().st_size / 1e6, 2))


def load_screen(store: Store, chart_limit: int | None, history_limit: int | None):
    """What the progress screen reads: chart series, history list, best levels."""
    return (store.progress_summary("Bench", limit=chart_limit),
            store.attempts("Bench", limit=history_limit),
            store.best_levels("Bench"))


def timed_loads(store: Store, repeats: int, chart_limit: int | None,
                history_limit: int | None) -> tuple[list[float], list[float]]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        w, c = time.perf_counter(), time.process_time()
        result = load_screen(store, chart_limit, history_limit)
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
        del result  # like a screen that is closed again
    return wall, cpu


def bench_progress_screen(folder: Path, attempts: int, repeats: int) -> None:
    start = time.perf_counter()
    store = Store.open(folder)
    emit(bench="open_store", attempts=attempts, ms=ms(time.perf_counter() - start),
         note="includes PRAGMA quick_check")

    summary, listing, best = load_screen(store, None, None)
    assert len(listing) == attempts and len(best) == len(SCENARIOS)
    assert all(len(series) == attempts for series in summary.values())
    del summary, listing, best

    parts = {
        "progress_summary": lambda: store.progress_summary("Bench"),
        "attempts": lambda: store.attempts("Bench"),
        "best_levels": lambda: store.best_levels("Bench"),
    }
    part_ms = {}
    for name, call in parts.items():
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        part_ms[f"{name}_median_ms"] = ms(statistics.median(times))

    # The brief's measure: everything, unpaged (50,000 chart points, 10,000 history rows).
    wall, cpu = timed_loads(store, repeats, None, None)
    emit(bench="progress_screen_full", attempts=attempts, repeats=repeats,
         median_ms=ms(statistics.median(wall)), p95_ms=ms(percentile(wall, 0.95)),
         min_ms=ms(min(wall)), cpu_median_ms=ms(statistics.median(cpu)), goal_ms=100.0,
         ok=statistics.median(wall) < 0.1, **part_ms)
    # What a screen would really load: the chart's last 100 attempts, a 50-row page.
    wall, cpu = timed_loads(store, repeats, 100, 50)
    emit(bench="progress_screen_paged", attempts=attempts, chart_limit=100, history_limit=50,
         median_ms=ms(statistics.median(wall)), p95_ms=ms(percentile(wall, 0.95)),
         cpu_median_ms=ms(statistics.median(cpu)), goal_ms=100.0,
         ok=percentile(wall, 0.95) < 0.1)

    t0 = time.perf_counter()
    check = store.check()
    emit(bench="integrity_check", attempts=attempts, ms=ms(time.perf_counter() - t0),
         result=check[0])
    t0 = time.perf_counter()
    rows = export_rows(store, choices=True)
    write_csv(rows, io.StringIO(), "attempts")
    emit(bench="export_with_choices", attempts=len(rows.attempts),
         choices=len(rows.choices or []), ms=ms(time.perf_counter() - t0))
    store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--choices", type=int, default=8, help="choices per stored attempt")
    parser.add_argument("--samples", type=int, default=2000, help="record_choice samples")
    parser.add_argument("--repeats", type=int, default=20, help="progress screen loads")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep the files")
    args = parser.parse_args()

    emit(bench="environment", python=platform.python_version(),
         sqlite=sqlite3.sqlite_version, platform=platform.platform(),
         cpus=os.cpu_count())
    with tempfile.TemporaryDirectory(prefix="bench-progress-") as temp:
        folder = Path(args.keep) if args.keep else Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        for synchronous in ("NORMAL", "FULL"):
            bench_record_choice(folder, synchronous, args.samples)
        big = folder / "big"
        if not (big / "progress.sqlite3").exists():
            populate(big, args.attempts, args.choices)
        bench_progress_screen(big, args.attempts, args.repeats)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
