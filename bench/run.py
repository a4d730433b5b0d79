"""Engine benchmarks: validate at scale (cold and warm), play throughput, and inkjs.

Prints one JSON line per result; ``--update-docs`` also writes the table into
docs/benchmarks.md. Sizes are total nodes in files of ~100 nodes (one file is
capped at 1 MiB, so big libraries are many files, as real ones are).

    python bench/run.py [--sizes 1000,10000,100000] [--repeat 3] [--no-ink] [--update-docs]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import PY, ROOT, emit, machine, run_timed, update_docs  # noqa: E402
from generate import generate  # noqa: E402

COMPOSE = ("import sys, yaml\n"
           "for p in sys.argv[1:]:\n"
           "    with open(p, encoding='utf-8') as f:\n"
           "        yaml.compose(f.read(), Loader=yaml.CSafeLoader)\n")
INK_VERSION = "2.4.0"
INK_JS = r"""
const ink = require('inkjs/full');
const fs = require('fs');
const src = fs.readFileSync(process.argv[2], 'utf8');
const t = process.hrtime.bigint();
const story = new ink.Compiler(src).Compile();
const ms = Number(process.hrtime.bigint() - t) / 1e6;
if (!story) { process.exit(1); }
console.log(JSON.stringify({compile_ms: ms}));
"""


def files_of(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.yaml"))


def bench_validate(folder: Path, nodes: int, repeat: int, cache_dir: Path) -> dict:
    files = files_of(folder)
    env = dict(os.environ, HRTRAINING_CACHE_DIR=str(cache_dir))
    compose = run_timed([PY, "-c", COMPOSE, *files], repeat)
    cold = run_timed([PY, "-m", "hrtraining", "validate", "--no-cache", str(folder)], repeat, env)
    shutil.rmtree(cache_dir, ignore_errors=True)
    run_timed([PY, "-m", "hrtraining", "validate", str(folder)], 1, env)  # fill the cache
    warm = run_timed([PY, "-m", "hrtraining", "validate", str(folder)], repeat, env)
    return emit({"bench": "validate", "nodes": nodes, "files": len(files), "compose_s": round(compose, 3),
                 "cold_s": round(cold, 3), "warm_s": round(warm, 3),
                 "cold_per_1k_nodes_ms": round(cold / nodes * 1e6, 1),
                 "cold_vs_compose": round(cold / compose, 2), "warm_vs_cold": round(warm / cold, 3)})


def bench_play(seconds: float = 2.0) -> dict:
    from hrtraining.engine import Session, load_rubric, load_scenario

    with tempfile.TemporaryDirectory() as d:
        (path,) = generate(Path(d), 100, 100)
        rubric = load_rubric()
        sc = load_scenario(path, rubric)
    choices = plays = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        s = Session(sc, rubric)
        while not s.finished:
            if s.node.choices:
                s.choose(0)
                choices += 1
            else:
                s.advance()
        s.report()
        plays += 1
    dt = time.perf_counter() - t0
    return emit({"bench": "play", "choices_per_s": round(choices / dt), "plays": plays,
                 "note": "Session.choose + advance + a full report per play, one core"})


def ink_source(folder: Path) -> str:
    """The same graphs as one ink story: a knot per node, VAR per meter."""
    from hrtraining.engine import check_paths

    out = ["VAR trust = 2", ""]
    first = True
    for r in check_paths([folder]):
        sc = r.load()
        k = lambda nid: (sc.id + "_" + nid).replace("-", "_")  # noqa: E731
        if first:
            out.append(f"-> {k(sc.start)}")
            first = False
        for nid, node in sc.nodes.items():
            out.append(f"=== {k(nid)} ===")
            out += [f"{sc.speaker_name(line.speaker) or 'Narrator'}: {line.text}" for line in node.lines]
            for c in node.choices:
                cond = f"{{{c.condition.text}}} " if c.condition else ""
                out.append(f"* {cond}[{c.text}]")
                out += [f"  ~ {m} = {m} + ({d})" for m, d in c.effects.items()]
                out.append(f"  -> {k(c.next)}")
            if len(node.branches) == 1 and node.branches[0].condition is None:
                out.append(f"-> {k(node.branches[0].next)}")
            elif node.branches:
                out.append("{")
                for b in node.branches:
                    out.append(f"- {b.condition.text}: -> {k(b.next)}" if b.condition else f"- else: -> {k(b.next)}")
                out.append("}")
            if node.ending is not None:
                out.append("-> END")
            out.append("")
    return "\n".join(out) + "\n"


def ensure_inkjs(where: Path) -> Path | None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    mod = where / "node_modules" / "inkjs"
    if not mod.exists():
        where.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(["npm", "install", "--silent", "--prefix", str(where), f"inkjs@{INK_VERSION}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if proc.returncode != 0:
            return None
    (where / "compile.js").write_text(INK_JS)
    return where


def bench_ink(folder: Path, nodes: int, cold_s: float, ink_dir: Path) -> dict | None:
    story = folder.parent / f"story-{nodes}.ink"
    story.write_text(ink_source(folder), encoding="utf-8")
    t = time.perf_counter()
    proc = subprocess.run(["node", str(ink_dir / "compile.js"), str(story)], capture_output=True,
                          cwd=ink_dir, timeout=3600)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        return emit({"bench": "inkjs", "nodes": nodes, "error": proc.stderr.decode()[-300:]})
    compile_ms = json.loads(proc.stdout)["compile_ms"]
    return emit({"bench": "inkjs", "nodes": nodes, "inkjs_version": INK_VERSION,
                 "inkjs_compile_s": round(compile_ms / 1000, 3), "inkjs_process_s": round(wall, 3),
                 "ours_cold_s": round(cold_s, 3), "ours_vs_inkjs": round(cold_s / wall, 3)})


#: The other benchmark scripts; each prints JSON lines, and --update-docs puts them in a table.
OTHERS = {
    "game": ("bench_game.py", "Game window (goals: conversation frame median ≤ 1.5 ms and p95 ≤ 4 ms at "
                              "1280×720; idle CPU ≤ 3% of a core; startup to first frame with 200 scenarios "
                              "≤ 0.5 s)"),
    "progress": ("bench_progress.py", "Progress store (goals: writing a choice < 5 ms; opening the progress "
                                      "screen with 10,000 stored attempts < 100 ms)"),
    "workshop": ("bench_workshop.py", "Workshop server on loopback (goals: 0 lost votes with 500 participants; "
                                      "p95 from vote to updated count on the projector ≤ 50 ms)"),
    "xapi": ("bench_xapi.py", "xAPI: sync throughput to a local Ralph LRS; an LRS outage with a trainee playing"),
    "workshop-hostile": ("bench_workshop.py", "Workshop server on loopback with a hostile laptop"),
}
#: Extra arguments: the plain workshop run has no hostile laptop, the other has the default one.
ARGS = {"workshop": ["--idle", "0", "--slow", "0"]}


def run_others(names: list[str], update: bool) -> None:
    """Run the other benchmark scripts, echo their JSON lines, and write their tables."""
    for name in names:
        script, title = OTHERS[name]
        path = ROOT / "bench" / script
        if not path.exists():
            continue
        # bench_workshop.py writes its own, more readable table with --docs.
        own_docs = (name.startswith("workshop") or name == "xapi") and update
        proc = subprocess.run([PY, str(path), *ARGS.get(name, []), *(["--docs"] if own_docs else [])],
                              capture_output=True, text=True, timeout=1800)
        rows = []
        for line in proc.stdout.splitlines():
            try:
                rows.append(json.loads(line))
            except ValueError:
                continue
            print(line, flush=True)
        if proc.returncode != 0:
            print(json.dumps({"bench": name, "error": proc.stderr[-500:]}), flush=True)
        if update and rows and not own_docs:
            keys: list[str] = []
            for r in rows:
                keys += [k for k in r if k not in keys]
            md = [f"{title}. Run: `python bench/{script}` ({time.strftime('%Y-%m-%d')}).", "",
                  "| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
            md += ["| " + " | ".join(str(r.get(k, "")) for k in keys) + " |" for r in rows]
            update_docs(name, "\n".join(md))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-ink", action="store_true")
    ap.add_argument("--update-docs", action="store_true")
    ap.add_argument("--only", default="engine,game,progress,workshop,workshop-hostile",
                    help="which groups to run (engine, game, progress, workshop, workshop-hostile)")
    a = ap.parse_args()
    groups = a.only.split(",")
    if "engine" not in groups:
        run_others([g for g in groups if g in OTHERS], a.update_docs)
        return 0
    work = Path(tempfile.mkdtemp(prefix="hrbench-"))
    rows, inks = [], []
    try:
        ink_dir = None if a.no_ink else ensure_inkjs(ROOT / "bench" / "out" / "inkjs")
        for n in (int(x) for x in a.sizes.split(",")):
            folder = work / f"lib{n}"
            generate(folder, n, 100)
            rows.append(bench_validate(folder, n, a.repeat if n < 100_000 else 1, work / f"cache{n}"))
            if ink_dir is not None:
                inks.append(bench_ink(folder, n, rows[-1]["cold_s"], ink_dir))
        play = bench_play()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.update_docs:
        md = [f"Machine: {machine()}. Run: `python bench/run.py --update-docs` ({time.strftime('%Y-%m-%d')}).", "",
              "| nodes | files | libyaml compose (s) | validate cold (s) | cold ÷ compose | cold per 1k nodes (ms) "
              "| validate warm (s) | warm ÷ cold |", "|---|---|---|---|---|---|---|---|"]
        md += [f"| {r['nodes']:,} | {r['files']} | {r['compose_s']} | {r['cold_s']} | {r['cold_vs_compose']}× "
               f"| {r['cold_per_1k_nodes_ms']} | {r['warm_s']} | {r['warm_vs_cold']}× |" for r in rows]
        if inks:
            md += ["", f"Same graphs as one ink story, compiled by inkjs {INK_VERSION} (Node.js "
                       f"{subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}):", "",
                   "| nodes | inkjs compile (s) | inkjs process (s) | our cold validate (s) | ours ÷ inkjs |",
                   "|---|---|---|---|---|"]
            md += [f"| {i['nodes']:,} | {i.get('inkjs_compile_s', 'error')} | {i.get('inkjs_process_s', '')} "
                   f"| {i.get('ours_cold_s', '')} | {i.get('ours_vs_inkjs', '')} |" for i in inks if i]
        md += ["", f"Headless play: **{play['choices_per_s']:,} choices/s** ({play['note']})."]
        update_docs("engine", "\n".join(md))
    run_others([g for g in groups if g in OTHERS], a.update_docs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
