"""``hrtraining graph`` (Mermaid, DOT) and ``hrtraining new``."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrtraining.engine import load_scenario, to_dot, to_mermaid

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"


def test_mermaid(cli, rubric):
    rc, out, err = cli("graph", GOLDEN)
    assert rc == 0
    lines = out.splitlines()
    assert lines[0] == "flowchart TD"
    # Mermaid ids are n0, n1, ... in file order; each label shows the node's own id
    ids = {nid: f"n{k}" for k, nid in enumerate(load_scenario(GOLDEN, rubric).nodes)}
    opening, check, stays, books = ids["opening"], ids["check"], ids["stays"], ids["books"]
    # endings are rounded (stadium) nodes with their titles and the levels of the ways in,
    # filled by how those score: 'stays' green (a good conversation ends there), 'books' amber
    # (only a conversation that went round the "Four nights?" loop ends there: fair at best),
    # the ultimatum's red
    fills = {"stays": "#d8f0dd", "books": "#fff1c7", "walks-out": "#f9dcd8"}
    for nid, title in (("stays", "Jo stays (fair–good)"), ("books", "Jo books again (beginning–fair)"),
                       ("walks-out", "Jo walks out (beginning)")):
        mid = ids[nid]
        assert f'  {mid}(["{nid}: {title}"])' in lines
        assert any(line.startswith(f"  style {mid} fill:{fills[nid]},stroke:") for line in lines)
    assert lines[1].startswith("  %% endings coloured by how the conversations that really reach them score "
                               "(meter conditions counted)")
    assert f'  {opening}{{"opening"}}' in lines          # a decision
    assert f'  {check}["check"]' in lines              # a continue node
    assert f"  style {opening} stroke-width:3px" in lines  # the start
    # edges in order; the critical one is marked and its linkStyle index points at it
    edges = [l for l in lines if "-->" in l or "-.->" in l]
    critical = [i for i, l in enumerate(edges) if "⚠" in l]
    assert len(critical) == 1
    assert "Four nights is still too many" in edges[critical[0]]
    assert f"  linkStyle {critical[0]} stroke:#c0392b,stroke-width:2px" in lines
    assert f'  {check} -.->|"trust #gt;= 3 and guard == 0"| {stays}' in lines  # conditional next, escaped
    assert f"  {check} -.-> {books}" in lines
    assert len(edges) == 6 + 1 + 2  # six choices, ask-again's next, two branches


def test_mermaid_ids_are_unique(write_scenario, rubric):
    """``a-b`` and ``a_b`` once both became ``n_a_b``: one box, and edges to the wrong node."""
    text = """\
format: 1
id: ids
title: Ids
client: {name: Sam}
start: a-b
nodes:
  a-b:
    text: Hi.
    choices:
      - text: On.
        next: a_b
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: f
  a_b:
    next: done
  done:
    ending: {title: Done}
"""
    m = to_mermaid(load_scenario(write_scenario(text), rubric))
    lines = m.splitlines()
    assert '  n0{"a-b"}' in lines and '  n1["a_b"]' in lines and '  n2(["done: Done"])' in lines
    assert '  n0 -->|"1. On."| n1' in lines and "  n1 -.-> n2" in lines
    declared = [l.split("{")[0].split("[")[0].split("(")[0].strip() for l in lines[1:4]]
    assert len(set(declared)) == 3


def test_dot(cli):
    rc, out, _ = cli("graph", GOLDEN, "--format", "dot")
    assert rc == 0
    assert out.startswith('digraph "golden" {')
    assert out.rstrip().endswith("}")
    assert re.search(r'"stays" \[shape=doubleoctagon, label="stays(\n|\\n)Jo stays \(fair–good\)", style=filled, '
                     r'fillcolor="#d8f0dd", color="#1e7b34", penwidth=2\];', out)
    assert '"walks-out" [shape=doubleoctagon' in out and 'fillcolor="#f9dcd8"' in out
    assert '"opening" [shape=diamond, penwidth=3];' in out
    assert '"check" [shape=box];' in out
    red = [l for l in out.splitlines() if "color=red" in l]
    assert len(red) == 1 and '"opening" -> "walks-out"' in red[0] and "style=bold" in red[0]
    assert '"check" -> "stays" [style=dashed, label="trust >= 3 and guard == 0"];' in out


def test_endings_are_coloured_by_how_the_ways_into_them_score(rubric):
    from hrtraining.engine._endings import ending_levels

    sc = load_scenario(GOLDEN, rubric)
    got = ending_levels(sc, rubric)
    # walks-out is reached only by the critical ultimatum: capped at beginning. 'books' needs
    # trust below 3 at 'check', which only "Four nights, you said?" (and its loop) leaves:
    # avoiding_perfectionism is then 2 of 3 at best, fair (ignoring conditions said good)
    assert got.levels == {"stays": ("fair", "good"), "books": ("beginning", "fair"),
                          "walks-out": ("beginning",)}
    assert [got.kind(n) for n in got.levels] == ["good", "mixed", "disengagement"]
    assert got.exact
    assert "fill:#e8f4ea" in to_mermaid(sc)                  # no rubric: one colour, as before


THREE_ENDINGS = """\
format: 1
id: three
title: Three endings
client: {name: Sam}
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's a real change. How did you do it?
        next: well
        score: {recognizing_improvement: 2, avoiding_perfectionism: 1}
        codes: [affirm]
        feedback: f
      - text: Some change, then.
        next: mixed
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        codes: [simple-reflection]
        feedback: f
      - text: Stop, or we stop meeting.
        next: gone
        score: {avoiding_perfectionism: -3}
        codes: [confront]
        critical: true
        feedback: f
  well: {text: Thanks., ending: {title: Well}}
  mixed: {text: Okay., ending: {title: Mixed}}
  gone: {text: Bye., ending: {title: Gone}}
"""


def test_good_mixed_and_disengaged_endings_get_their_own_colour(write_scenario, rubric):
    from hrtraining.engine._endings import ending_levels

    sc = load_scenario(write_scenario(THREE_ENDINGS), rubric)
    got = ending_levels(sc, rubric)
    assert [got.kind(n) for n in ("well", "mixed", "gone")] == ["good", "mixed", "disengagement"]
    dot = to_dot(sc, rubric)
    assert [c in dot for c in ('fillcolor="#d8f0dd"', 'fillcolor="#fff1c7"', 'fillcolor="#f9dcd8"')] == [True] * 3
    # the legend is drawn, not only a comment: a cluster with one box per colour used
    legend = dot[dot.index("subgraph cluster_legend {"):]
    assert '"legend: good"' in legend and 'fillcolor="#f9dcd8"' in legend
    assert "mixed: the best conversation that ends here scores fair" in legend
    assert "disengagement: every conversation that ends here scores beginning" in legend


LOW_TRUST_ENDING = """\
format: 1
id: low-trust
title: Low trust
client: {name: Sam}
meters:
  trust: {start: 2, min: 0, max: 5}
start: opening
nodes:
  opening:
    text: I cut down.
    choices:
      - text: That's a real change. How did you do it?
        next: check
        score: {recognizing_improvement: 2, avoiding_perfectionism: 2}
        effects: {trust: 1}
        codes: [affirm]
        feedback: f
      - text: Some change, then. Still a lot, though.
        next: check
        score: {recognizing_improvement: 1, avoiding_perfectionism: 1}
        effects: {trust: -1}
        codes: [simple-reflection]
        feedback: f
  check:
    next:
      - if: trust >= 3
        next: stays
      - next: drifts
  stays: {text: Thanks., ending: {title: Sam keeps coming back}}
  drifts: {text: Okay., ending: {title: Sam drifts away}}
"""


def test_an_ending_only_low_trust_reaches_is_not_green(write_scenario, rubric):
    """The perfect answer raises trust, so it never leads to 'drifts' although the graph has an
    edge there: the ending is coloured by the fair conversation that really gets there."""
    from hrtraining.engine._endings import ending_levels

    sc = load_scenario(write_scenario(LOW_TRUST_ENDING), rubric)
    got = ending_levels(sc, rubric)
    assert got.levels == {"stays": ("good",), "drifts": ("fair",)}
    assert (got.kind("stays"), got.kind("drifts")) == ("good", "mixed")
    lines = to_mermaid(sc, rubric).splitlines()
    assert '  n2(["stays: Sam keeps coming back (good)"])' in lines
    assert '  n3(["drifts: Sam drifts away (fair)"])' in lines
    assert "  style n2 fill:#d8f0dd,stroke:#1e7b34,stroke-width:2px" in lines
    assert "  style n3 fill:#fff1c7,stroke:#9a6a00,stroke-width:2px" in lines
    # the legend is drawn: a subgraph with a box per colour used, no edge (linkStyle stays right)
    legend = lines[lines.index('  subgraph legend["Endings: how the conversations that reach them score"]'):]
    assert '    legend0(["good: a conversation that scores good can end here"])' in legend
    assert '    legend1(["mixed: the best conversation that ends here scores fair"])' in legend
    assert not any("disengagement" in line for line in legend)


def test_graph_quotes_are_escaped(write_scenario, rubric):
    text = GOLDEN.read_text().replace("Four nights, you said?", 'You said "four" | <nights>?')
    sc = load_scenario(write_scenario(text), rubric)
    m = to_mermaid(sc)
    assert '"four"' not in m and "|" not in m.split("-->|")[2].split("|")[0][1:-1]
    d = to_dot(sc)
    assert '\\"four\\"' in d


def test_graph_of_an_invalid_file_exit_1(cli):
    rc, out, err = cli("graph", FIXTURES / "invalid" / "next-unknown-target.yaml")
    assert rc == 1 and "HR021" in err and out == ""


def test_graph_bad_format_exit_2(cli):
    assert cli("graph", GOLDEN, "--format", "svg")[0] == 2


def test_new_writes_a_file_that_validates_strictly(cli, tmp_path):
    rc, out, err = cli("new", "sam-first-visit", "--dir", tmp_path)
    target = tmp_path / "sam-first-visit.yaml"
    assert rc == 0 and target.is_file()
    assert f"wrote {target}" in out
    text = target.read_text()
    assert "id: sam-first-visit" in text and "starter-id" not in text
    assert text.lstrip().startswith("#")  # commented
    rc, out, err = cli("validate", "--strict", "--no-cache", target)
    assert (rc, out) == (0, ""), out
    rc, out, _ = cli("playtest", target, "--choices", "1,1", "--json")
    assert rc == 0


def test_new_refuses_to_overwrite(cli, tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("my precious work\n")
    rc, out, err = cli("new", "mine", "--dir", tmp_path)
    assert rc == 1
    assert "already exists" in err and "nothing was overwritten" in err
    assert target.read_text() == "my precious work\n"


@pytest.mark.parametrize("bad", ["Sam", "sam_visit", "-sam", "sam-", "sam--visit", "../escape", "sam visit"])
def test_new_refuses_bad_ids(cli, tmp_path, bad):
    rc, _, err = cli("new", bad, "--dir", tmp_path)
    assert rc == 2 and ("not a valid id" in err or "usage:" in err)  # '-sam' looks like an option
    assert list(tmp_path.iterdir()) == []


def test_new_creates_the_folder(cli, tmp_path):
    rc, _, _ = cli("new", "x1", "--dir", tmp_path / "a" / "b")
    assert rc == 0 and (tmp_path / "a" / "b" / "x1.yaml").is_file()


def test_starter_template_passes_validation_as_shipped(rubric, tmp_path):
    from hrtraining.cli._author import TEMPLATE
    from hrtraining.engine import check_file

    p = tmp_path / "starter.yaml"
    p.write_text(TEMPLATE.read_text())
    assert check_file(p, rubric).problems == []
    assert re.search(r"^id: starter-id", TEMPLATE.read_text(), re.M)
