"""The whole scenario library against the numbers in the scenario-library issue.

Every scenario file in ``scenarios/`` (the rubric excepted) is checked through the
engine API: size and shape of the conversation, what every choice must carry,
critical choices that lead somewhere, the words the game uses in its own voice,
and content notes for the subjects a trainee may want warning of.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hrtraining.engine import REQUIRED_DIMENSIONS, CLIENT, NARRATOR, YOU, analyse, check_file, load_rubric

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FILES = sorted(p for p in SCENARIOS.glob("*.yaml") if p.name != "rubric.yaml")
RUBRIC = load_rubric(SCENARIOS / "rubric.yaml")


@pytest.fixture(scope="module", params=FILES, ids=lambda p: p.stem)
def checked(request):
    result = check_file(request.param, RUBRIC)
    assert result.ok, [str(p) for p in result.problems]
    return result, result.load()


def decisions(sc):
    return [n for n in sc.nodes.values() if n.choices]


def test_the_library_has_the_nine_scenarios():
    assert {p.stem for p in FILES} >= {"bar-fights", "home-drinking", "needle-exchange", "self-care",
                                       "chosen-abstinence", "root-pain", "given-up", "close-call",
                                       "weekend-parties"}


def test_strictly_valid(checked):
    result, _ = checked
    assert result.problems == []


def test_size(checked):
    result, sc = checked
    assert result.stats["longest_decisions"] >= 6
    assert result.stats["endings"] >= 3
    for node in decisions(sc):
        assert 3 <= len(node.choices) <= 4, node.id


def test_trust_meter(checked):
    _, sc = checked
    assert "trust" in sc.meters


def test_every_choice_is_scored_coded_and_explained(checked):
    _, sc = checked
    for node in decisions(sc):
        for c in node.choices:
            where = f"{node.id}: {c.text[:40]}"
            assert c.feedback.strip(), where
            assert c.codes, where
            assert c.score, where
            assert set(c.codes) <= set(RUBRIC.codes), where


def test_discussion_prompts_on_key_decisions(checked):
    _, sc = checked
    assert sum(1 for n in decisions(sc) if n.discussion.strip()) >= 3


def test_required_dimensions_can_be_earned(checked):
    _, sc = checked
    best = analyse(sc, list(RUBRIC.dimensions)).best
    for dim in REQUIRED_DIMENSIONS:  # the two the game is about; keeping_safe counts where it is asked
        assert best[dim] > 0, dim


def endings_without_a_decision(sc, node_id, seen=None):
    """Endings reached from a node by story alone (continue nodes, any branch), no further decision."""
    seen = set() if seen is None else seen
    if node_id in seen:
        return set()
    seen.add(node_id)
    node = sc.nodes[node_id]
    if node.ending is not None:
        return {node_id}
    if node.choices:
        return set()
    out = set()
    for b in node.branches:
        out |= endings_without_a_decision(sc, b.next, seen)
    return out


def test_critical_choices_exist_and_one_ends_the_work(checked):
    _, sc = checked
    critical = [c for n in decisions(sc) for c in n.choices if c.critical]
    assert critical, "no critical choice (ultimatum, discharge threat, abstinence as a condition of care)"
    reached = set().union(*(endings_without_a_decision(sc, c.next) for c in critical))
    assert reached, "no critical choice leads straight to an ending"
    for c in critical:  # a critical choice costs on the perfectionism dimension
        assert c.score.get("avoiding_perfectionism", 0) < 0, c.text[:40]


# ---------------------------------------------------------------- language
STIGMA = re.compile(
    r"\b(addicts?|junkies|junkie|abusers?|substance abuse(rs?)?|alcoholics?|drug habits?"
    r"|(clean|dirty) (tests?|urine|screens?|UAs?|drug tests?|tox)"
    r"|(tested|tests?|testing|screened|came back|comes back) (clean|dirty)"
    r"|(stay|stays|stayed|staying|get|gets|got|getting|been|keep|kept|is|was|are|were|be|being) (clean|dirty)"
    r"|(days?|weeks?|months?|years?) clean|clean and sober"
    r"|relaps(e|es|ed|ing))\b",  # the game says "return to use"
    re.IGNORECASE)


def own_voice(sc):
    """Everything the game says in its own voice: narration, feedback, endings, title, summary, discussion."""
    yield "title", sc.title
    yield "summary", sc.summary
    yield "client about", sc.client.about  # the menu shows these three too
    for tag in sc.tags:
        yield "tag", tag
    for note in sc.content_notes:
        yield "content note", note
    for node in sc.nodes.values():
        for line in node.lines:
            if line.speaker == NARRATOR:
                yield f"{node.id} narrator", line.text
        if node.discussion:
            yield f"{node.id} discussion", node.discussion
        for c in node.choices:
            yield f"{node.id} feedback", c.feedback
        if node.ending is not None:
            yield f"{node.id} ending title", node.ending.title
            yield f"{node.id} debrief", node.ending.debrief


def test_stigma_word_pattern_itself():
    for bad in ("an addict", "Addicts", "junkie", "drug abusers", "substance abuse", "alcoholics",
                "clean test", "tested dirty", "she stayed clean", "four months clean", "his drug habit",
                "after her relapse", "he relapsed"):
        assert STIGMA.search(bad), bad
    for fine in ("a person who uses drugs", "clean needle programs", "we clean", "a negative test",
                 "return to use", "addiction", "the drinking"):
        assert not STIGMA.search(fine), fine


def test_own_voice_is_person_first(checked):
    _, sc = checked
    found = [(where, m.group(0)) for where, text in own_voice(sc) for m in STIGMA.finditer(text)]
    assert found == []


def all_text(sc):
    yield sc.title
    yield sc.summary
    for node in sc.nodes.values():
        for line in node.lines:
            yield line.text
        yield node.discussion
        for c in node.choices:
            yield c.text
            yield c.feedback
        if node.ending is not None:
            yield node.ending.title
            yield node.ending.debrief


# a subject in the text -> what a content note must mention
CONTENT = {
    "suicide": (r"\bsuicid\w*|\bkill(ing)? (yourself|myself|himself|herself)\b", r"suicid"),
    "overdose": (r"\boverdos\w*", r"overdose"),
    "HIV": (r"\bHIV\b", r"\bHIV\b"),
    "violence": (r"\b(violen\w*|assault\w*|fist ?fights?|punch(es|ed|ing)?|shov(e|ed|ing)"
                 r"|(pushed|hit) (her|him|me|us|them|things|anybody|somebody|someone|a guy))\b",
                 r"violen|abuse"),
    "abuse": (r"\babus(e|ed|ive)\b", r"abuse"),
}


def test_content_notes_cover_what_the_text_touches(checked):
    _, sc = checked
    text = "\n".join(t for t in all_text(sc) if t)
    notes = " / ".join(sc.content_notes)
    for subject, (mentioned, note) in CONTENT.items():
        if re.search(mentioned, text, re.IGNORECASE):
            assert re.search(note, notes, re.IGNORECASE), f"text touches {subject}; content_notes: {notes}"


def test_content_notes_are_whole_notes(checked):
    # a note such as "childhood abuse (mentioned, not described)" must not be split by YAML at the comma
    _, sc = checked
    for note in sc.content_notes:
        assert note.count("(") == note.count(")"), note
        assert note == note.strip() and note, note


def test_speakers_are_known(checked):
    _, sc = checked
    for node in sc.nodes.values():
        for line in node.lines:
            assert line.speaker in (CLIENT, YOU, NARRATOR) or line.speaker[:1].isupper(), (node.id, line.speaker)
