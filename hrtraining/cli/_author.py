"""Author commands: ``validate``, ``graph`` and ``new``."""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from hrtraining.engine import (ERROR, WARNING, Cache, Problem, RubricError, check_paths, find_rubric,
                               load_rubric, load_scenario, printable, to_dot, to_mermaid)

TEMPLATE = Path(__file__).with_name("starter.yaml")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check scenario files and folders",
                       description="Check scenario files (or every *.yaml in folders) and list all problems "
                                   "as FILE:LINE:COL: error|warning CODE: message.")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--rubric", metavar="PATH", help="rubric file (default: rubric.yaml beside the "
                                                    "scenario, else the project's)")
    p.add_argument("--no-cache", action="store_true", help="check every file from scratch")
    p.add_argument("--cache-dir", metavar="DIR", help="where to keep the cache of checked files")
    p.add_argument("--jobs", "-j", type=int, default=0, metavar="N",
                   help="processes to check files with (default 0: every core, when there are enough "
                        "files for it to pay off; 1: one process)")
    p.set_defaults(func=cmd_validate)

    g = sub.add_parser("graph", help="print the branch graph (Mermaid or Graphviz DOT)",
                       description="Print the branch graph. Endings are coloured by how the "
                                   "conversations that really reach them (meter conditions counted) "
                                   "score: green good (a good conversation can end there), amber mixed "
                                   "(fair at best), red disengagement (every way in scores beginning), "
                                   "grey not assessed; each label shows the spread of levels and a "
                                   "legend names the colours. Critical choices are red.")
    g.add_argument("file")
    g.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")
    g.add_argument("--rubric", metavar="PATH")
    g.set_defaults(func=cmd_graph)

    n = sub.add_parser("new", help="write a commented starter scenario")
    n.add_argument("id", help="lowercase letters, digits and hyphens, e.g. sam-first-visit")
    n.add_argument("--dir", default=".", help="folder to write ID.yaml in (default: here)")
    n.set_defaults(func=cmd_new)


def _rubric(args: argparse.Namespace):
    return load_rubric(args.rubric) if getattr(args, "rubric", None) else None


def cmd_validate(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"hrtraining validate: {printable(p)}: no such file or folder", file=sys.stderr)
    if missing:
        return 2
    try:
        rubric = _rubric(args)
    except RubricError as e:
        for p in e.problems:
            print(p.format())
        return 1
    cache = None if args.no_cache else Cache(args.cache_dir)
    results = check_paths(args.paths, rubric, cache, jobs=args.jobs if args.jobs > 0 else None)
    if cache is not None and cache.refused:
        print(f"hrtraining validate: not using the cache folder {printable(str(cache.dir))}: {cache.refused}; "
              "every file was checked from scratch (--cache-dir DIR picks another folder)", file=sys.stderr)
    if not results:
        print("hrtraining validate: no scenario files (*.yaml) found", file=sys.stderr)
        return 2

    def shown(p: Problem) -> Problem:
        if args.strict and p.severity == WARNING:
            return Problem(p.path, p.line, p.column, ERROR, p.code, p.message)
        return p

    n_err = n_warn = 0
    files = []
    for r in results:
        problems = sorted((shown(p) for p in r.problems), key=lambda p: (p.line, p.column, p.code))
        errs = [p for p in problems if p.severity == ERROR]
        warns = [p for p in problems if p.severity == WARNING]
        n_err += len(errs)
        n_warn += len(warns)
        if args.format == "json":
            files.append({"path": r.path, "errors": [p.to_dict() for p in errs],
                          "warnings": [p.to_dict() for p in warns], "stats": r.stats})
        else:
            for p in problems:
                print(p.format())
    if args.format == "json":
        print(json.dumps({"files": files}, indent=2))
    else:
        verdict = "ok" if n_err == 0 else "failed"
        print(f"{len(results)} file{'s' * (len(results) != 1)} checked: {n_err} error{'s' * (n_err != 1)}, "
              f"{n_warn} warning{'s' * (n_warn != 1)} — {verdict}", file=sys.stderr)
    return 1 if n_err else 0


def cmd_graph(args: argparse.Namespace) -> int:
    rubric = _rubric(args) or load_rubric(find_rubric(args.file))
    sc = load_scenario(args.file, rubric)
    # Endings are coloured by how the ways that really reach them score (docs/authoring.md, "graph").
    # The graph quotes node ids and choice text: no escape sequence may reach the terminal.
    graph = to_mermaid(sc, rubric) if args.format == "mermaid" else to_dot(sc, rubric)
    print(printable(graph, multiline=True), end="")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", args.id):
        print(f"hrtraining new: '{printable(args.id)}' is not a valid id: use lowercase letters, digits and single "
              "hyphens, e.g. sam-first-visit", file=sys.stderr)
        return 2
    target = Path(args.dir) / f"{args.id}.yaml"
    if target.exists():
        print(f"hrtraining new: {printable(str(target))} already exists; choose another id or move it first "
              "(nothing was overwritten)", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.read_text(encoding="utf-8").replace("starter-id", args.id)
    with open(target, "x", encoding="utf-8") as f:
        f.write(text)
    shown = printable(str(target))
    print(f"wrote {shown}\nnext: hrtraining validate {shown}   then   hrtraining play {shown}")
    return 0
