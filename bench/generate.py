"""Generate synthetic scenario libraries for benchmarks.

Each file is a valid format-1 scenario of about ``nodes_per_file`` nodes: a
chain of decisions with three choices each (one leading on, one to a detour
that rejoins, one to an ending), lines of realistic length, scores, codes,
effects and a few conditions — the shape real scenarios have, at scale.

    python bench/generate.py OUT_DIR --nodes 10000 [--per-file 100]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("drink bar home night week change talk safe walk friend money sleep doctor call trust step "
         "better worse maybe really honestly always never sometimes still again tired angry calm").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def scenario_text(sid: str, nodes: int, seed: int) -> str:
    """One scenario of about ``nodes`` nodes as YAML text."""
    rng = random.Random(seed)
    decisions = max(1, (nodes - 2) // 3)
    out = [f"format: 1", f"id: {sid}", f"title: Synthetic {sid}",
           f"summary: {_sentence(rng, 20)}", "client: {name: Sam, about: synthetic}",
           "setting: office", "tags: [bench]",
           "meters:", "  trust: {start: 2, min: 0, max: 5, label: Trust}", "start: d0", "nodes:"]
    for i in range(decisions):
        nxt = f"d{i + 1}" if i + 1 < decisions else "good-end"
        out += [f"  d{i}:", "    lines:",
                f"      - narrator: {_sentence(rng, 8)}",
                f"      - client: \"{_sentence(rng, 18)}\"",
                f"    discussion: {_sentence(rng, 10)}",
                "    choices:",
                f"      - text: \"{_sentence(rng, 14)}\"", f"        next: {nxt}",
                "        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}",
                "        codes: [affirm, complex-reflection]", "        effects: {trust: 1}",
                f"        feedback: \"{_sentence(rng, 22)}\"",
                f"      - text: \"{_sentence(rng, 14)}\"", f"        next: r{i}",
                "        score: {recognizing_improvement: -1}", "        codes: [confront]",
                "        effects: {trust: -1}", f"        feedback: \"{_sentence(rng, 22)}\"",
                f"      - text: \"{_sentence(rng, 14)}\"", "        next: bad-end",
                "        score: {avoiding_perfectionism: -3}", "        codes: [confront]",
                "        critical: true", "        if: trust >= 1",
                f"        feedback: \"{_sentence(rng, 22)}\"",
                f"  r{i}:", f"    text: \"{_sentence(rng, 12)}\"", "    next:",
                f"      - if: trust >= 1 and not trust > 4", f"        next: x{i}",
                f"      - next: {nxt}",
                f"  x{i}:", f"    text: \"{_sentence(rng, 12)}\"", f"    next: {nxt}"]
    out += ["  good-end:", "    text: See you next week.", "    ending: {title: Keeps coming back, debrief: Good.}",
            "  bad-end:", "    text: I'm done.", "    ending: {title: Walks out, debrief: Critical.}"]
    return "\n".join(out) + "\n"


def generate(out: Path, total_nodes: int, per_file: int = 100) -> list[Path]:
    """Write ``total_nodes`` nodes as files of ~``per_file`` nodes into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for k in range(max(1, total_nodes // per_file)):
        p = out / f"s{k:05d}.yaml"
        p.write_text(scenario_text(f"s{k:05d}", per_file, k), encoding="utf-8")
        files.append(p)
    return files


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--nodes", type=int, default=1000)
    ap.add_argument("--per-file", type=int, default=100)
    a = ap.parse_args()
    print(len(generate(a.out, a.nodes, a.per_file)), "files")
