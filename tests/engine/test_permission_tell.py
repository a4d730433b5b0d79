"""The permission-wording tell (HR134) and the asks-permission naive player, worked out by hand.

best-only-asks-permission.yaml: six decisions in a chain, each with best B (RI 2, AP 1), mid M (1, 0)
and bad X (0, -1); P marks permission wording, the best in capitals:

    d1  B* P "Can I ask…"          M                     X
    d2  X                          B* P "If you’d choose…" M       (a typographic apostrophe)
    d3  X P "Can I be honest? You need to…"  M           B*
    d4  B* P "Is it okay if we…"   X P "Is it okay if I tell you…"  M
    d5  M                          B*                    X
    d6  X                          M                     B*

The best is the only option asking in d1 and d2: 2 of 6, exactly a third. Two of the twelve
other options ask (d3's and d4's distractors).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from hrtraining.engine import analyze_file, load_scenario
from hrtraining.engine._naive import Compiled, outcome_level, pick_permission, simulate
from hrtraining.engine._tells import PERMISSION_RE, Tells, tell_findings, uses_permission

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "analyze" / "best-only-asks-permission.yaml"
RI, AP = "recognizing_improvement", "avoiding_perfectionism"


@pytest.mark.parametrize("text", [
    "Can I ask what changed?", "could i tell you something?", "May I be straight with you?",
    "Would it be all right to talk about Friday?", "Is it OK to ask about the car?",
    "Is it alright if we stop here?", "Do you mind if I ask?", "Would you like to start there?",
    "Do you want the details?", "Want me to write it down?", "It's your call.", "That's up to you.",
    "You decide what happens next.", "It's your decision, not mine.", "Which one you'd pick is yours.",
    "Which would you choose?", "Which you’d choose is yours.", "What would you want from today?",
    "Want to hear more?", "Mind if I sit?", "Can we go through the night?", "If you want it, it's here.",
    "Shall we look at Friday?", "Is that okay?", "How would you feel about a plan?", "It's her call.",
    "That's up to them.", "Would you be willing to try?", "Fine. Want to try it?",
])
def test_permission_wording_is_recognised(text):
    assert uses_permission(text)


@pytest.mark.parametrize("text", [
    "You need to stop.", "I want to hear more.", "Nobody minds if I sit.", "We can go through the night.",
    "If you wanted it, it was here.", "I can imagine.", "Your calling is clear.", "American idol, all weekend?",
    "You chose that yourself.", "Whose call was it?", "Would you call 988 with me?",
    "Which you‘d choose is yours.",  # a left single quote is not an apostrophe
])
def test_other_wording_is_not(text):
    assert not uses_permission(text)


def test_the_typographic_apostrophe_is_read_as_a_plain_one():
    assert PERMISSION_RE.search("you’d pick") is None  # the regex alone does not see it
    assert uses_permission("you’d pick") and uses_permission("you'd pick")


def test_docs_show_the_regex_the_engine_uses():
    doc = (ROOT / "docs" / "analyze.md").read_text(encoding="utf-8")
    section = doc[doc.index("**Permission wording.**"):]
    block = re.search(r"```text\n(.*?)```", section, re.S).group(1)
    assert "".join(line.strip() for line in block.splitlines()) == PERMISSION_RE.pattern


def test_the_rate_and_its_counts_by_hand(rubric):
    r = analyze_file(str(FIXTURE), rubric)
    assert r.to_dict()["version"] == 2  # the JSON shape that has these fields
    t = r.to_dict()["tells"]
    assert (t["decisions"], t["tied"]) == (6, 0)
    assert t["best_only_permission"] == 2 and t["best_only_permission_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert (t["other_options"], t["other_options_permission"]) == (12, 2)
    # the length and position tells stay quiet: longest in d1, d6; shortest in d5; positions 2, 2, 2
    assert t["best_is_longest_rate"] == pytest.approx(2 / 6, abs=1e-4)
    assert t["best_is_shortest_rate"] == pytest.approx(1 / 6, abs=1e-4)
    assert [f.code for f in r.findings] == ["HR134"]
    assert "2 of 6 decisions (33%)" in r.findings[0].message
    assert "Give a tempting option permission wording too" in r.findings[0].message


def _edited(tmp_path: Path, *swaps: tuple[str, str]) -> str:
    text = FIXTURE.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / FIXTURE.name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_one_decision_fewer_is_below_the_threshold(tmp_path, rubric):
    """d2's best without its permission wording: 1 of 6, under a third, so no HR134."""
    path = _edited(tmp_path, ("If you’d choose one night to start with, which one?",
                              "One night to start with is plenty."))
    r = analyze_file(path, rubric)
    assert r.tells is not None and r.tells.permission_only == 1
    assert [f.code for f in r.findings] == []


def test_a_distractor_that_asks_too_ends_the_tell(tmp_path, rubric):
    """d1's mid option asks as well: the best is no longer the only one there (1 of 6)."""
    path = _edited(tmp_path, ("Tell me about the week.", "Can I tell you about my week?"))
    t = analyze_file(path, rubric).tells
    assert t is not None and (t.permission_only, t.others_permission) == (1, 3)


def _tells(decisions: int, permission_only: int) -> Tells:
    """Tells with positions spread evenly and no length tell, so only HR134 can fire."""
    positions = Counter({p: decisions // 3 + (p <= decisions % 3) for p in (1, 2, 3)})
    return Tells(decisions=decisions, chance=decisions / 3, positions=positions, permission_only=permission_only)


@pytest.mark.parametrize("decisions, only, fires", [
    (6, 2, True), (6, 1, False),      # exactly a third fires; one fewer does not
    (9, 3, True), (10, 3, False),     # 30% is under a third
    (5, 2, True), (4, 4, False),      # at least 5 decisions
    (30, 10, True), (31, 10, False),
])
def test_hr134_at_its_threshold(decisions, only, fires):
    codes = [code for code, _ in tell_findings(_tells(decisions, only))]
    assert codes == (["HR134"] if fires else [])


def test_asks_permission_plays_the_first_asking_option_else_the_last(rubric):
    """d1 B (asks), d2 B (asks, typographic apostrophe), d3 X (the distractor asks first),
    d4 B (the first of two that ask), d5 X (none asks: the last), d6 B (none asks: the last).
    RI 2 + 2 + 0 + 2 + 0 + 2 = 8 of 12, AP 1 + 1 - 1 + 1 - 1 + 1 = 2 of 6: beginning."""
    sc = load_scenario(FIXTURE, rubric)
    compiled = Compiled(sc, rubric.required)
    chosen: list[int] = []

    def recording(offered, n):
        picks = pick_permission(offered, n)
        chosen.append(picks[0][0])
        return picks

    (o,) = simulate(compiled, recording, 1)
    assert chosen == [0, 1, 0, 0, 2, 2]
    level, percents = outcome_level(o, rubric, compiled.required)
    assert (level, round(percents[RI], 4), round(percents[AP], 4)) == ("beginning", 0.6667, 0.3333)
    naive = analyze_file(str(FIXTURE), rubric).naive["asks-permission"]
    assert naive["level"] == "beginning" and naive["ending"] == "end" and naive["decisions"] == 6
    assert list(analyze_file(str(FIXTURE), rubric).naive) == ["always-longest", "always-first", "always-last",
                                                              "asks-permission", "random"]


def test_asks_permission_reaching_good_is_hr125(tmp_path, rubric):
    """Without d3's asking distractor it takes the best there (the last); with d5's best asking
    it takes that too: RI 12 of 12, AP 6 of 6, good."""
    path = _edited(tmp_path, ("Can I be honest? You need to stop drinking altogether.",
                              "Honestly, you need to stop drinking altogether."),
                   ("That took planning.", "That took planning. Want me to write it down?"))
    r = analyze_file(path, rubric)
    assert r.naive["asks-permission"]["level"] == "good"
    (f,) = [f for f in r.findings if f.code == "HR125"]
    assert "asks permission" in f.message and "permission wording too" in f.message
