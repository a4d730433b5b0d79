"""Generate synthetic scenario libraries for benchmarks.

Each file is a valid format-1 scenario of about ``nodes_per_file`` nodes: a
chain of decisions with four choices each (one leading on, one to a detour
that rejoins, one to a local ending, one critical to the walk-out), scores,
codes, effects and a few conditions — the shape real scenarios have, at scale.

Text is as wordy as the shipped scenarios (measured on scenarios/*.yaml: lines
~80 characters, 2–3 per node; choices ~125; feedback ~230; a discussion prompt
on a third of the decisions, ~130; debriefs ~640), written in the same style
(double-quoted one-line scalars), so a file is about 1,400 bytes per node, as
the shipped ones are.

    python bench/generate.py OUT_DIR --nodes 10000 [--per-file 100]
"""
from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = ("drink bar home night week change talk safe walk friend money sleep doctor call trust step "
         "better worse maybe really honestly always never sometimes still again tired angry calm "
         "sister lawyer court clinic naloxone van needle meeting shift job rent room landlord kids "
         "morning evening weekend beer whisky bottle glass fight cell judge proud scared careful").split()


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


#: Text lengths below are the shipped scenarios' means; this brings whole files to their
#: ~1,400 bytes per node (the shipped nodes hold a little more besides).
WORDINESS = 1.4


def _text(rng: random.Random, chars: int) -> str:
    """Sentences of about ``chars`` × WORDINESS characters in all."""
    out, n = [], 0
    while n < chars * WORDINESS:
        s = _sentence(rng, rng.randint(6, 14))
        out.append(s)
        n += len(s) + 1
    return " ".join(out)


def _q(text: str) -> str:
    return '"' + text + '"'


def scenario_text(sid: str, nodes: int, seed: int) -> str:
    """One scenario of about ``nodes`` nodes as YAML text."""
    rng = random.Random(seed)
    decisions = max(1, (nodes - 2) // 4)
    out = ["format: 1", f"id: {sid}", f"title: Synthetic {sid}",
           f"summary: {_q(_text(rng, 300))}",
           f"client: {{name: Sam, about: {_q(_text(rng, 40))}}}",
           "setting: office", "content_notes: [violence]", "tags: [bench]",
           "meters:", "  trust: {start: 1, min: 0, max: 5, label: Trust}",
           "  judged: {start: 0, min: 0, max: 3}", "start: d0", "nodes:"]
    for i in range(decisions):
        nxt = f"d{i + 1}" if i + 1 < decisions else "good-end"
        out += [f"  d{i}:", "    lines:",
                f"      - narrator: {_q(_text(rng, 60))}",
                f"      - client: {_q(_text(rng, 90))}",
                f"      - client: {_q(_text(rng, 80))}"]
        if i % 3 == 0:
            out.append(f"    discussion: {_q(_text(rng, 130))}")
        out += ["    choices:",
                f"      - text: {_q(_text(rng, 125))}", f"        next: {nxt}",
                "        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}",
                "        codes: [affirm, complex-reflection]", "        effects: {trust: 1}",
                f"        feedback: {_q(_text(rng, 230))}",
                f"      - text: {_q(_text(rng, 125))}", f"        next: r{i}",
                "        score: {recognizing_improvement: -1}", "        codes: [confront]",
                "        effects: {trust: -1, judged: 1}", f"        feedback: {_q(_text(rng, 230))}",
                f"      - text: {_q(_text(rng, 125))}", f"        next: e{i}",
                "        score: {respecting_choice: 1}", "        codes: [emphasizing-autonomy, question]",
                f"        feedback: {_q(_text(rng, 230))}",
                f"      - text: {_q(_text(rng, 125))}", "        next: bad-end",
                "        score: {avoiding_perfectionism: -3}", "        codes: [confront]",
                "        critical: true", "        if: trust >= 1",
                f"        feedback: {_q(_text(rng, 230))}",
                f"  r{i}:", "    lines:",
                f"      - client: {_q(_text(rng, 80))}",
                f"      - narrator: {_q(_text(rng, 50))}"]
        # Meters vary from the second decision on (the first is reached one way only).
        out += ["    next:", "      - if: trust >= 1 and not judged > 2", f"        next: x{i}",
                f"      - next: {nxt}"] if i else ["    next: x0"]
        out += [f"  x{i}:", f"    text: {_q(_text(rng, 90))}", f"    next: {nxt}",
                f"  e{i}:", f"    text: {_q(_text(rng, 80))}",
                f"    ending: {{title: {_q('Takes a break ' + str(i))}, debrief: {_q(_text(rng, 640))}}}"]
    out += ["  good-end:", f"    text: {_q(_text(rng, 60))}",
            f"    ending: {{title: Keeps coming back, debrief: {_q(_text(rng, 640))}}}",
            "  bad-end:", f"    text: {_q(_text(rng, 40))}",
            f"    ending: {{title: Walks out, debrief: {_q(_text(rng, 640))}}}"]
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
