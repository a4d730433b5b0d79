"""``hrtraining analyze --format html``: one self-contained page (inline CSS and SVG, no scripts).

Every piece of author text goes through ``html.escape``; nothing is fetched over the
network. Each finding links to its node (``#sK-node-ID``): a row in the table of
nodes, which the graph's boxes link to as well. The print stylesheet keeps tables
and the graph on the page and shows the link targets' node ids in the text.
"""
from __future__ import annotations

import html
from typing import Any

from hrtraining.engine import AnalysisReport
from hrtraining.practice.words import percent

from ._analyze_words import LEVEL, STRATEGY_NAMES
from ._analyze_layout import anchor, difficulty_colour, svg

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
       margin: 0 auto; padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.3rem; margin: 2.2rem 0 .4rem;
     border-bottom: 2px solid #ccc; } h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.meta { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.findings li { margin: .25rem 0; } .code { font-family: ui-monospace, Menlo, Consolas, monospace;
  font-weight: 600; } .error { color: #b00020; } .warning { color: #7a4b00; }
.none { color: #2e6b2e; } .few { color: #777; font-style: italic; }
.graph-wrap { overflow-x: auto; border: 1px solid #ddd; padding: .5rem; background: #fcfcfc; }
svg.graph { max-width: 100%; height: auto; } svg.graph a:hover rect { stroke-width: 3; }
.legend span { display: inline-block; margin-right: 1rem; } .swatch { display: inline-block; width: 1.1em;
  height: .9em; border: 1px solid #333; vertical-align: middle; margin-right: .3em; }
:target { outline: 3px solid #f2b600; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section + section { break-before: page; }
  h2, h3, .legend { break-after: avoid; }
  tr, .graph-wrap, li { break-inside: avoid; }
  .graph-wrap { overflow: visible; border: none; padding: 0; }
  svg.graph { max-height: 215mm; width: auto; max-width: 100%; }
  a { color: inherit; text-decoration: none; }
}
"""


def _e(x: Any) -> str:
    return html.escape(str(x))


def render_html(reports: list[AnalysisReport]) -> str:
    """The whole page for one or more analyses."""
    title = reports[0].to_dict()["scenario"]["title"] if len(reports) == 1 and reports[0].loaded else \
        f"{len(reports)} scenarios"
    body = [_section(r, f"s{k + 1}-") for k, r in enumerate(reports)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>hrtraining analyze — {_e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def _section(r: AnalysisReport, prefix: str) -> str:
    d = r.to_dict()
    s = d["scenario"]
    out = [f'<section id="{prefix}scenario">']
    if not r.loaded:
        out.append(f"<h1>{_e(r.path)}</h1><p class=\"meta error\">This file does not load; fix its errors "
                   "first.</p>")
        out.append(_findings(r, prefix))
        return "\n".join(out + ["</section>"])
    out.append(f"<h1>{_e(s['title'])}</h1><p class=\"meta\">{_e(s['id'])} · {_e(r.path)} · {s['nodes']} nodes, "
               f"{s['decisions']} decisions, {s['endings']} endings · at most {s['longest_decisions']} "
               f"decisions on a path · content hash <code>{_e(s['content_hash'])}</code></p>")
    out.append(_findings(r, prefix))
    out.append(_graph(r, prefix))
    out.append(_dimensions(d))
    out.append(_tells(d, prefix))
    out.append(_naive(d))
    if r.attempts is not None:
        out.append(_items(d, prefix))
    out.append(_nodes(r, prefix))
    return "\n".join(out + ["</section>"])


def _node_link(prefix: str, node: str | None) -> str:
    return "" if node is None else f'<a href="#{anchor(prefix, node)}">{_e(node)}</a>'


def _findings(r: AnalysisReport, prefix: str) -> str:
    if not r.findings:
        return '<h2>Findings</h2><p class="none">No findings.</p>'
    rows = []
    for f in r.findings:
        where = f" at {_node_link(prefix, f.node)}" if f.node else (f" (line {f.line})" if f.line else "")
        rows.append(f'<li class="finding"><span class="code {f.severity}">{_e(f.code)}</span> '
                    f'<span class="{f.severity}">{_e(f.severity)}</span>{where}: {_e(f.message)}</li>')
    return f'<h2>Findings ({len(r.findings)})</h2><ul class="findings">' + "".join(rows) + "</ul>"


def _difficulty(r: AnalysisReport) -> dict[str, tuple[float | None, bool]]:
    items = r.items or r.workshop_items
    return {it.node: (it.difficulty, it.too_few) for it in items}


def _graph(r: AnalysisReport, prefix: str) -> str:
    assert r.scenario is not None and r.rubric is not None
    diff = _difficulty(r)
    flagged = {f.node for f in r.findings if f.node}
    legend = ['<p class="legend">']
    if diff:
        for v in (0.0, 0.5, 1.0):
            legend.append(f'<span><i class="swatch" style="background:{difficulty_colour(v)}"></i>'
                          f'difficulty {percent(v)}</span>')
        legend.append('<span><i class="swatch" style="background:repeating-linear-gradient(45deg,#fff 0 3px,'
                      '#bbb 3px 5px)"></i>too few to read</span>')
    else:
        legend.append("<span>Not coloured by difficulty: no recorded play was given (--attempts).</span>")
    legend.append('<span><i class="swatch" style="border:2.5px solid #b00020"></i>has a finding</span>'
                  "<span>dashed: loops back</span></p>")
    return ("<h2>Graph</h2>" + "".join(legend) + '<div class="graph-wrap">'
            + svg(r.scenario, list(r.rubric.dimensions), prefix, diff, flagged) + "</div>")


def _dimensions(d: dict[str, Any]) -> str:
    rows = []
    for dim in d["dimensions"].values():
        rng = dim["possible"]
        rows.append(f"<tr><td>{_e(dim['name'])}{' (required)' if dim['required'] else ''}</td>"
                    f"<td class=\"num\">{'—' if rng is None else rng['min']}</td>"
                    f"<td class=\"num\">{'—' if rng is None else rng['max']}</td>"
                    f"<td class=\"num\">{dim['best']}</td></tr>")
    return ("<h2>Dimensions</h2><p>Possible: what the decisions on a complete path offer (scoring version "
            "2; conditions ignored). Best: the largest total on any path (author-side only).</p><table>"
            "<tr><th>dimension</th><th>possible, least</th><th>possible, most</th><th>best total</th></tr>"
            + "".join(rows) + "</table>")


def _tells(d: dict[str, Any], prefix: str) -> str:
    t = d["tells"]
    pos = "".join(f"<tr><td>position {_e(k)}</td><td class=\"num\">{v}</td></tr>"
                  for k, v in t["best_position_counts"].items())
    dups = "".join(f"<li>{_node_link(prefix, x['node'])}: options {x['choices'][0]} and {x['choices'][1]} "
                   f"({percent(x['similarity'])} of words match)</li>" for x in t["near_duplicates"])
    return (f"<h2>Tells</h2><p>{t['decisions']} decisions have one best option (highest credit on the required "
            f"dimensions); {t['tied']} have a tie and are left out.</p><table>"
            f"<tr><th>the best option is…</th><th>share</th></tr>"
            f"<tr><td>the longest</td><td class=\"num\">{percent(t['best_is_longest_rate'])}</td></tr>"
            f"<tr><td>the shortest</td><td class=\"num\">{percent(t['best_is_shortest_rate'])}</td></tr>"
            f"<tr><td>either, by chance (about)</td><td class=\"num\">{percent(t['chance_rate'])}</td></tr>"
            f"<tr><td>the only one asking permission or handing the choice back ({t['best_only_permission']} of "
            f"{t['decisions']}; {t['other_options_permission']} of {t['other_options']} other options do)</td>"
            f"<td class=\"num\">{percent(t['best_only_permission_rate'])}</td></tr></table>"
            "<h3>Position of the best option</h3><table><tr><th>position</th><th>decisions</th></tr>"
            + pos + "</table><h3>Near-duplicate options</h3>"
            + (f"<ul>{dups}</ul>" if dups else '<p class="none">None.</p>'))


def _naive(d: dict[str, Any]) -> str:
    rows = []
    for name, res in d["naive"].items():
        if name == "random":
            shares = ", ".join(f"{_e(LEVEL.get(k, k))} {percent(v)}" for k, v in reversed(list(res["levels"].items())))
            rows.append(f"<tr><td>random ({res['plays']:,} plays, seed {res['seed']})</td>"
                        f"<td>median {_e(LEVEL[res['level']])}</td><td>{shares}</td></tr>")
        else:
            ending = _e(res["ending"]) if res["ending"] else "no ending"
            rows.append(f"<tr><td>{_e(STRATEGY_NAMES[name])}</td><td>{_e(LEVEL[res['level']])}</td>"
                        f"<td>{ending} after {res['decisions']} decisions</td></tr>")
    return ("<h2>Naive players</h2><p>Strategies that do not read the conversation, scored by scoring "
            "version 2. A sound scenario keeps every one below good.</p><table><tr><th>strategy</th>"
            "<th>level</th><th>where it ended</th></tr>" + "".join(rows) + "</table>")


def _items(d: dict[str, Any], prefix: str) -> str:
    a = d["attempts"]
    out = [f"<h2>Recorded play</h2><p>{a['counted']} attempts counted, {a['workshop_votes']} workshop votes "
           f"or hands; {a['other_versions']} attempts on other versions of the file not counted. Difficulty: "
           "the share who chose a best option. Discrimination: its correlation with the rest of the attempt. "
           "Under 10 observations the numbers are too few to read.</p>"]
    for title, items in (("Attempts", d["items"]), ("Workshop votes", d["workshop_items"])):
        if not items:
            continue
        rows = []
        for it in items:
            counts = ", ".join(f"{int(k) + 1}: {v}" for k, v in it["chosen_counts"].items())
            disc = "—" if it["discrimination"] is None else f"{it['discrimination']:+.2f}"
            few = ' <span class="few">too few</span>' if it["too_few"] else ""
            ends = ", ".join(f"{_e(e)} {n}" for e, n in it["endings"].items())
            rows.append(f"<tr><td>{_node_link(prefix, it['node'])}{few}</td><td class=\"num\">{it['n']}</td>"
                        f"<td>{counts}</td><td class=\"num\">{percent(it['difficulty'])}</td>"
                        f"<td class=\"num\">{disc}</td><td>{ends}</td></tr>")
        out.append(f"<h3>{title}</h3><table><tr><th>decision</th><th>n</th><th>chosen (option: times)</th>"
                   "<th>difficulty</th><th>discrimination</th><th>endings</th></tr>" + "".join(rows) + "</table>")
    return "".join(out)


def _nodes(r: AnalysisReport, prefix: str) -> str:
    assert r.scenario is not None and r.tells is not None
    diff = _difficulty(r)
    rows = []
    for node in r.scenario.nodes.values():
        best = r.tells.best.get(node.id)
        what = (f"{len(node.choices)} options" if node.choices else
                f"ending: {_e(node.ending.title)}" if node.ending is not None else "continues")
        best_text = "" if best is None else f"{best + 1}. {_e(node.choices[best].text)}"
        dv = diff.get(node.id)
        rows.append(f'<tr id="{anchor(prefix, node.id)}"><td>{_e(node.id)}</td><td class="num">{node.line}</td>'
                    f"<td>{what}</td><td>{best_text}</td><td class=\"num\">{percent(dv[0]) if dv else ''}</td></tr>")
    return ("<h2>Nodes</h2><table><tr><th>node</th><th>line</th><th>kind</th><th>best option</th>"
            "<th>difficulty</th></tr>" + "".join(rows) + "</table>")
