"""Where a process pool starts to pay off for ``validate``: one process against every core.

For libraries of a few files up to a few megabytes, times ``validate --no-cache -j 1``
and ``-j CORES`` (a pool forced, whatever the size) alternately and prints one JSON line
per size. The engine
uses a pool from ``_parallel.MIN_POOL_BYTES`` of YAML to scan upwards.

    python bench/bench_validate_pool.py [--files 2,5,10,20,50] [--repeat 5] [--update-docs]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, emit, machine, run_timed, update_docs  # noqa: E402

from hrtraining.engine._parallel import cores  # noqa: E402
from generate import generate  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", default="2,5,10,20,50")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--update-docs", action="store_true")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hrpool-"))
    rows = []
    try:
        for n in (int(x) for x in a.files.split(",")):
            folder = work / f"lib{n}"
            files = generate(folder, n * 100, 100)
            size = sum(f.stat().st_size for f in files)
            base = [PY, "-m", "hrtraining", "validate", "--no-cache", str(folder)]
            one, pool = [], []
            for _ in range(a.repeat):  # alternate, so a drifting machine affects both alike
                one.append(run_timed(base + ["-j", "1"], 1))  # a failing validate stops the bench
                pool.append(run_timed(base + ["-j", str(max(2, cores()))], 1))
            ratios = [p / o for p, o in zip(pool, one)]
            rows.append(emit({"bench": "validate_pool", "files": n, "bytes": size,
                              "one_process_s": round(statistics.median(one), 3),
                              "pool_s": round(statistics.median(pool), 3),
                              "pool_vs_one": round(statistics.median(ratios), 2)}))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.update_docs:
        md = [f"Machine: {machine()}. Run: `python bench/bench_validate_pool.py --update-docs` "
              f"({time.strftime('%Y-%m-%d')}); a pool of {max(2, cores())} forced against one process, "
              "in turn, median of each pair's ratio.", "",
              "| files | MB of YAML | one process (s) | pool (s) | pool ÷ one |", "|---|---|---|---|---|"]
        md += [f"| {r['files']} | {r['bytes'] / 1e6:.2f} | {r['one_process_s']} | {r['pool_s']} | {r['pool_vs_one']}× |"
               for r in rows]
        update_docs("validate_pool", "\n".join(md))
    return 0


if __name__ == "__main__":
    sys.exit(main())
