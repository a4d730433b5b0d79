"""``hrtraining analyze`` on a generated library, against a cold ``validate`` of the same files.

Goal: static analysis (no --attempts; 2,000 random plays per file included) within 2× a
cold validate. Both run as fresh processes with the cache off, ``--format json`` to a file.

    python bench/bench_analyze.py [--nodes 10000] [--repeat 3] [--update-docs]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, emit, machine, run_timed, update_docs  # noqa: E402
from generate import generate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--nodes", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--update-docs", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        lib = Path(d) / "lib"
        files = generate(lib, a.nodes)
        out = Path(d) / "analysis.json"
        validate = run_timed([PY, "-m", "hrtraining", "validate", "--no-cache", str(lib)], a.repeat)
        analyze = run_timed([PY, "-m", "hrtraining", "analyze", "--no-cache", "--format", "json", "-o", str(out),
                             str(lib)], a.repeat)
        one = run_timed([PY, "-m", "hrtraining", "analyze", "--no-cache", "--format", "html", "-o",
                         str(Path(d) / "one.html"), str(files[0])], a.repeat)
        r = emit({"bench": "analyze", "nodes": a.nodes, "files": len(files), "validate_cold_s": round(validate, 3),
                  "analyze_s": round(analyze, 3), "analyze_vs_validate": round(analyze / validate, 2),
                  "one_file_html_s": round(one, 3)})
    if a.update_docs:
        update_docs("analyze", "\n".join([
            f"Machine: {machine()}. Run: `python bench/bench_analyze.py --update-docs`.", "",
            "| nodes | files | validate cold (s) | analyze, static (s) | analyze ÷ validate | one file to HTML (s) |",
            "|---|---|---|---|---|---|",
            f"| {r['nodes']:,} | {r['files']} | {r['validate_cold_s']} | {r['analyze_s']} | "
            f"{r['analyze_vs_validate']}× | {r['one_file_html_s']} |", "",
            "Goal: static analysis (tells, ranges, naive players with 2,000 random plays per file, every "
            "validate finding) ≤ 2× a cold validate of the same files."]))


if __name__ == "__main__":
    main()
