"""``hrtraining analyze``: a scenario's numbers for authors and trainers (text, JSON or HTML).

    hrtraining analyze SCENARIO... [--attempts FILE_OR_DATA_DIR...] [--format text|json|html] [-o FILE]

Exit codes: 0 when every file was analyzed (findings are advice); 1 when a file has
errors (it does not load; its errors are listed), or with ``--strict`` when there is
any finding; 2 when the command was wrong (a path that does not exist, an attempts
source that cannot be read, an output file that cannot be written).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from hrtraining.engine import (AnalysisReport, Cache, RubricError, analyze_paths, json_printable, load_rubric,
                               printable)
from hrtraining.practice.words import percent

from ._analyze_sources import SourceError, attempts_for, read_sources, with_lrs
from ._analyze_words import LEVEL, STRATEGY_NAMES
from ._text import to_terminal, wrap


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="numbers about a scenario for authors and trainers",
                       description="Analyze scenario files: what each path can score, tells (length, "
                                   "position, permission wording, near-duplicate options), naive players, "
                                   "every validate problem, and with --attempts how real trainees answered "
                                   "each decision.")
    p.add_argument("paths", nargs="+", metavar="SCENARIO", help="scenario files or folders")
    p.add_argument("--attempts", nargs="+", action="extend", default=[], metavar="FILE_OR_DATA_DIR",
                   help="a data folder (progress store) or files from `hrtraining export --format json "
                        "--choices`; several are merged")
    p.add_argument("--lrs", action="store_true",
                   help="also read how trainees answered from the agency's Learning Record Store "
                        "(`hrtraining lrs set`), for the scenario version on disk")
    p.add_argument("--format", choices=("text", "json", "html"), default="text")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--strict", action="store_true", help="exit 1 when there is any finding")
    p.add_argument("--plays", type=int, default=2000, help="random plays per scenario (default 2000)")
    p.add_argument("--seed", type=int, default=20240601, help="seed of the random plays")
    p.add_argument("--rubric", metavar="PATH")
    p.add_argument("--no-cache", action="store_true", help="check every file from scratch")
    p.add_argument("--cache-dir", metavar="DIR")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="processes to analyze files with (default 0: every core, when there are enough "
                        "files for it to pay off; 1: one process). The HTML report and --attempts use one")
    p.set_defaults(func=cmd_analyze)


def _fail(message: str) -> int:
    print(f"hrtraining analyze: {printable(message)}", file=sys.stderr)
    return 2


def cmd_analyze(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        return _fail(f"{missing[0]}: no such file or folder")
    if args.plays < 1:
        return _fail("--plays must be at least 1")
    try:
        rubric = load_rubric(args.rubric) if args.rubric else None
    except RubricError as e:
        for p in e.problems:
            print(printable(p.format()))
        return 1
    attempts = None
    if args.attempts or args.lrs:
        try:
            sources = read_sources(args.attempts)
        except SourceError as e:
            return _fail(str(e))
        if sources.missing_choices:
            print(f"hrtraining analyze: {sources.missing_choices} export file(s) have no choices (export with "
                  "--choices); their attempts are not counted", file=sys.stderr)

        def attempts(sc, rub):
            # The LRS is read per scenario version: it answers for one activity at a time.
            return attempts_for(with_lrs(sources, sc) if args.lrs else sources, sc, rub)
    cache = None if args.no_cache else Cache(args.cache_dir)
    try:
        # The HTML report draws each graph from the scenario itself, which stays in this process.
        jobs = 1 if args.format == "html" else (args.jobs or None)
        reports = analyze_paths(args.paths, rubric, attempts=attempts, plays=args.plays, seed=args.seed,
                                cache=cache, jobs=jobs)
    except SourceError as e:  # the LRS, read per scenario, can fail late
        return _fail(str(e))
    if not reports:
        return _fail("no scenario files (*.yaml) found")
    if args.format == "json":
        docs = [r.to_dict() for r in reports]
        text = json.dumps(docs[0] if len(docs) == 1 else {"analyses": docs}, indent=2, ensure_ascii=False)
        text = json_printable(text) + "\n"  # json escapes C0 itself; bidi, U+2028 and C1 only with ensure_ascii
    elif args.format == "html":
        from ._analyze_html import render_html

        text = render_html(reports)
    else:
        text = "\n\n".join(render_text(r) for r in reports) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as e:
            return _fail(f"{args.output}: cannot write: {e.strerror or e}")
    else:
        sys.stdout.write(to_terminal(text))  # the HTML report, printed on a terminal, escaped too
    if any(r.errors or not r.loaded for r in reports):
        return 1
    return 1 if args.strict and any(r.findings for r in reports) else 0


# -- text -------------------------------------------------------------------------------

def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def render_text(r: AnalysisReport) -> str:
    """The analysis as plain text (screen-reader friendly, author text escaped)."""
    d = r.to_dict()
    s = d["scenario"]
    out = [printable(f"{r.path} — {s['title']} ({s['id']})" if r.loaded else f"{r.path} — does not load")]
    if r.loaded:
        out.append(_item(f"{s['nodes']} nodes, {s['decisions']} decisions, {s['endings']} endings; "
                         f"at most {s['longest_decisions']} decisions on a path"))
        out += ["", wrap("Dimensions (possible = what the decisions on a complete path offer; best = the largest "
                         "total on any path):")]
        for dim in d["dimensions"].values():
            rng = dim["possible"]
            span = "—" if rng is None else f"{rng['min']}..{rng['max']}"
            req = " (required)" if dim["required"] else ""
            out.append(_item(printable(f"{dim['name']}{req}: possible {span}, best {dim['best']}")))
        t = d["tells"]
        out += ["", f"Tells ({t['decisions']} decisions with one best option, {t['tied']} with a tie):"]
        out.append(_item(f"best option is the longest:  {percent(t['best_is_longest_rate'])} "
                         f"(by chance about {percent(t['chance_rate'])})"))
        out.append(_item(f"best option is the shortest: {percent(t['best_is_shortest_rate'])}"))
        out.append(_item(f"best option is the only one asking permission: {percent(t['best_only_permission_rate'])} "
                         f"({t['best_only_permission']} of {t['decisions']}; {t['other_options_permission']} of "
                         f"{t['other_options']} other options ask)"))
        pos = ", ".join(f"{_ordinal(int(k))} {v}" for k, v in t["best_position_counts"].items()) or "—"
        out.append(_item(f"best option's position: {pos}"))
        dups = ", ".join(printable(f"'{x['node']}' {x['choices'][0]} & {x['choices'][1]} ({percent(x['similarity'])})")
                         for x in t["near_duplicates"]) or "none"
        out.append(_item(f"near-duplicate options: {dups}"))
        out += ["", "Naive players (scoring version 2; a sound scenario keeps each below good):"]
        for name, res in d["naive"].items():
            if name == "random":
                shares = ", ".join(f"{LEVEL.get(k, k)} {percent(v)}" for k, v in reversed(list(res["levels"].items())))
                out.append(_item(f"random ({res['plays']:,} plays, seed {res['seed']}): median "
                                 f"{LEVEL[res['level']]}; {shares}"))
            else:
                where = printable(f"ending '{res['ending']}'") if res["ending"] else "no ending"
                out.append(_item(f"{STRATEGY_NAMES[name]}: {LEVEL[res['level']]} ({where} after "
                                 f"{res['decisions']} decision{'s' * (res['decisions'] != 1)})"))
    if r.attempts is not None:
        out += _attempts_text(d)
    out += ["", "Findings:" if r.findings else "Findings: none"]
    for f in r.findings:
        col = 1 if f.line else 0
        # One finding a line, unwrapped: editors read FILE:LINE:COL from the start of a line.
        out.append(printable(f"  {r.path}:{f.line}:{col}: {f.severity} {f.code}: {f.message}"))
    return "\n".join(out)


def _item(text: str, indent: str = "  ") -> str:
    """A list item wrapped to the terminal with a hanging indent (lines after the first under
    its text, not under its indent)."""
    return wrap(text, indent, 2)


def _attempts_text(d: dict[str, Any]) -> list[str]:
    a = d["attempts"]
    out = ["", f"Recorded play: {a['counted']} attempt{'s' * (a['counted'] != 1)} counted, "
               f"{a['workshop_votes']} workshop vote{'s' * (a['workshop_votes'] != 1)} or hands"
               + (f"; {a['other_versions']} on other versions of the file not counted" if a["other_versions"] else "")]
    for title, items in (("Attempts", d["items"]), ("Workshop votes", d["workshop_items"])):
        if not items:
            continue
        out.append(_item(f"{title} (difficulty = share who chose a best option; discrimination = its "
                         "correlation with the rest of the attempt):"))
        for it in items:
            counts = " ".join(f"{int(k) + 1}:{v}" for k, v in it["chosen_counts"].items())
            few = "  — too few to read (n < 10)" if it["too_few"] else ""
            disc = "—" if it["discrimination"] is None else f"{it['discrimination']:+.2f}"
            ends = ", ".join(f"{e} {n}" for e, n in it["endings"].items())
            out.append(_item(printable(f"{it['node']}: n {it['n']}, chosen {counts}, difficulty "
                                  f"{percent(it['difficulty'])}, discrimination {disc}; endings {ends}{few}"), "    "))
    return out
