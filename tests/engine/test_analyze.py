"""``analyze`` in the engine: its numbers on small fixtures, worked out by hand in the comments."""
from __future__ import annotations

import random
from itertools import product
from pathlib import Path

import pytest

from hrtraining.engine import Faced, Record, Session, analyze_file, load_scenario
from hrtraining.engine._items import item_analysis, point_biserial
from hrtraining.engine._naive import Compiled, simulate
from hrtraining.engine._similarity import THRESHOLD, similarity, words

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
ANALYZE = FIXTURES / "analyze"
RI, AP, RC = "recognizing_improvement", "avoiding_perfectionism", "respecting_choice"


def test_possible_ranges_and_best_on_golden(rubric):
    # Conditions ignored, the ask-again loop cut (ask-again then has no complete path):
    # opening offers RI 2, AP 1, RC 0; middle (all three choices) RI 2, AP 2, RC 1.
    # opening -> middle -> check -> stays|books: RI 4, AP 3, RC 1; opening -> walks-out: RI 2, AP 1, RC 0.
    d = analyze_file(str(GOLDEN), rubric).to_dict()
    dims = d["dimensions"]
    assert dims[RI] == {"name": "Recognizing improvement", "required": True, "possible": {"min": 2, "max": 4},
                        "best": 4}
    assert dims[AP]["possible"] == {"min": 1, "max": 3} and dims[AP]["best"] == 3
    assert dims[RC]["possible"] == {"min": 0, "max": 1} and not dims[RC]["required"]
    assert dims["encouraging_self_care"]["possible"] == {"min": 0, "max": 0}


def test_tells_and_naive_players_by_hand(rubric):
    """best-is-longest.yaml: six decisions in a chain, each with best (RI 2, AP 1), mid (1, 0)
    and bad (0, -1). The best is the longest in d1-d4, in positions 1, 2, 3, 1, 2, 3."""
    r = analyze_file(str(ANALYZE / "best-is-longest.yaml"), rubric)
    d = r.to_dict()
    assert d["dimensions"][RI]["possible"] == {"min": 12, "max": 12}  # 6 x 2
    assert d["dimensions"][AP]["possible"] == {"min": 6, "max": 6}    # 6 x 1
    t = d["tells"]
    assert (t["decisions"], t["tied"]) == (6, 0)
    assert t["best_is_longest_rate"] == pytest.approx(4 / 6, abs=1e-4)
    assert t["best_is_shortest_rate"] == 0.0
    assert t["chance_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert t["best_position_counts"] == {"1": 2, "2": 2, "3": 2}
    assert t["near_duplicates"] == []
    n = d["naive"]
    # always-longest: best at d1-d4 and bad at d5, d6: RI 8/12 (fair), AP 4 - 2 = 2/6 (beginning)
    assert n["always-longest"]["percent"] == {RI: 0.6667, AP: 0.3333, "keeping_safe": None}  # no risk asked here
    assert n["always-longest"]["level"] == "beginning"
    # always-first: B M X B M X: RI 6/12 = 0.5, AP 0/6
    assert n["always-first"]["percent"] == {RI: 0.5, AP: 0.0, "keeping_safe": None}
    # always-last: X X B M X B: RI 5/12, AP -1 -> 0
    assert n["always-last"]["percent"] == {RI: 0.4167, AP: 0.0, "keeping_safe": None}
    assert n["always-last"]["ending"] == "end" and n["always-last"]["decisions"] == 6


def test_random_players_match_the_exact_distribution(rubric):
    """Same fixture: with uniform choices the RI total S is a sum of six draws from {0, 1, 2} and
    AP = S - 6. Good needs S/12 >= 0.8 and (S - 6)/6 >= 0.8, i.e. S >= 11; fair needs S >= 9.
    The counts of S in 3^6 = 729 plays are the coefficients of (1 + x + x^2)^6:
    S = 9: 50, 10: 21, 11: 6, 12: 1. So good 7/729 = 0.96%, fair 71/729 = 9.74%."""
    naive = analyze_file(str(ANALYZE / "best-is-longest.yaml"), rubric).naive["random"]
    assert naive["plays"] == 2000
    levels = naive["levels"]
    assert levels.get("good", 0) == pytest.approx(7 / 729, abs=0.01)
    assert levels["fair"] == pytest.approx(71 / 729, abs=0.025)
    assert levels["beginning"] == pytest.approx(651 / 729, abs=0.025)
    assert naive["level"] == "beginning"  # the median play
    exact = sum(1 for s in product((0, 1, 2), repeat=6) if sum(s) >= 11)
    assert exact == 7


def test_random_plays_are_seeded(rubric):
    a = analyze_file(str(GOLDEN), rubric, seed=5).naive["random"]
    b = analyze_file(str(GOLDEN), rubric, seed=5).naive["random"]
    assert a == b


@pytest.mark.parametrize("path", [GOLDEN, FIXTURES.parents[1] / "scenarios" / "bar-fights.yaml",
                                  FIXTURES.parents[1] / "scenarios" / "given-up.yaml"])
def test_the_naive_simulator_scores_like_a_session(path, rubric):
    """Scripted plays through the simulator give the same ending, points, possible and critical
    flag as the same choices through Session.report (conditions, loops, meters included)."""
    sc = load_scenario(path, rubric)
    compiled = Compiled(sc, rubric.required)
    rng = random.Random(7)
    for _ in range(60):
        s = Session(sc, rubric)
        positions = []
        while True:
            s.skip_to_decision()
            if s.finished or len(positions) > 40:
                break
            k = rng.randrange(len(s.offered()))
            positions.append(k)
            s.choose(k)
        if not s.finished:
            continue
        script = iter(positions)
        (o,) = simulate(compiled, lambda offered, n: [(next(script), n)], 1)
        rep = s.report()
        assert o.ending == rep.ending_id
        assert o.points == tuple(rep.scores[d].points for d in rubric.required)
        assert o.possible == tuple(rep.scores[d].possible for d in rubric.required)
        assert o.critical == bool(rep.critical)
        assert o.decisions == len(rep.decisions)


def test_near_duplicate_measure():
    assert words("Weekends only — a real change!") == ["weekends", "only", "a", "real", "change"]
    a = words("Weekends only is a real change. How did you manage it?")
    b = words("Weekends only is a real change! How did you manage that?")
    # 11 words each, 10 in order: 2 x 10 / 22 = 0.909
    assert similarity(a, b) == pytest.approx(20 / 22)
    assert similarity(a, b) >= THRESHOLD == 0.85
    assert similarity(words("Go on."), words("Tell me about the week.")) == 0.0


def test_item_analysis_by_hand(rubric):
    """recorded-play.yaml, d1: A (RI 2, AP 1), B (1, 0), C (0, -1); d2: B2 (1, 1), C2 (0, -1), A2 (2, 2).
    Ten attempts: (A, A2) x2, (B, A2) x2, (B, B2) x2, (C, B2) x2, (C, C2) x2.
    At d1, difficulty = 2/10. The rest of each attempt is its d2 credit over d2's possible 4:
    A2 1.0, B2 0.5, C2 0 (max(0, -1)). x = chose A: 1, 1, then eight 0s; y = 1, 1, 1, 1, .5 x4, 0, 0.
    Point-biserial: (M1 - M0) / sd(y) * sqrt(pq) = (1 - 0.5) / sqrt(0.5 - 0.36) * sqrt(0.2 * 0.8) = 0.5345."""
    sc = load_scenario(ANALYZE / "recorded-play.yaml", rubric)
    both = (0, 1, 2)
    plays = [(0, 2)] * 2 + [(1, 2)] * 2 + [(1, 0)] * 2 + [(2, 0)] * 2 + [(2, 1)] * 2
    records = [Record((Faced("d1", a, both), Faced("d2", b, both)), "end") for a, b in plays]
    first, second = item_analysis(sc, rubric, records)
    assert (first.node, first.n, first.difficulty) == ("d1", 10, 0.2)
    assert first.to_dict()["chosen_counts"] == {"0": 2, "1": 4, "2": 4}
    assert first.discrimination == pytest.approx(0.534522, abs=1e-5)
    assert first.to_dict()["chance"] == pytest.approx(1 / 3, abs=1e-4)
    assert first.to_dict()["endings"] == {"end": 10}
    # d2: A2 by 4 (rest: A 1.0 x2, B 1/3 x2), not by 6 (B 1/3 x2, C 0 x4): positive
    assert second.difficulty == 0.4 and second.discrimination > 0.5
    assert not first.too_few


def test_point_biserial_edge_cases():
    assert point_biserial([]) is None
    assert point_biserial([(1, 0.5, 1), (1, 0.7, 1)]) is None          # nobody missed it
    assert point_biserial([(1, 0.5, 1), (0, 0.5, 1)]) is None          # no spread in the rest
    assert point_biserial([(1, 1.0, 1), (0, 0.0, 1)]) == pytest.approx(1.0)
    assert point_biserial([(1, 1.0, 3), (0, 0.0, 3)]) == pytest.approx(1.0)  # weights


def test_too_few_attempts_are_marked_and_make_no_finding(rubric):
    load_scenario(ANALYZE / "recorded-play.yaml", rubric)  # the fixture itself is valid
    both = (0, 1, 2)
    records = [Record((Faced("d1", 0, both), Faced("d2", 2, both)), "end")] * 9  # 9 < 10, all easy
    from hrtraining.engine import Attempts

    r = analyze_file(str(ANALYZE / "recorded-play.yaml"), rubric, Attempts(records=records))
    assert all(it.too_few for it in r.items)
    assert [f.code for f in r.findings] == []


def test_a_file_with_errors_is_reported_not_analyzed(rubric):
    r = analyze_file(str(FIXTURES / "invalid" / "next-unknown-target.yaml"), rubric)
    assert not r.loaded and [f.code for f in r.findings] == ["HR021"] and r.errors
    d = r.to_dict()
    assert d["scenario"]["loaded"] is False and d["naive"] == {} and d["findings"][0]["severity"] == "error"


def test_validate_problems_become_findings_with_their_node(rubric):
    r = analyze_file(str(FIXTURES / "invalid" / "near-duplicate-options.yaml"), rubric)
    (f,) = [f for f in r.findings if f.code == "HR120"]
    assert f.node == "opening" and f.line == 15
    assert r.to_dict()["tells"]["near_duplicates"] == [{"node": "opening", "choices": [1, 2],
                                                         "similarity": round(20 / 22, 4)}]


def test_a_pool_of_processes_gives_the_same_reports_as_one(tmp_path, rubric):
    """``analyze_paths(jobs=2)`` analyzes files in worker processes; the text and JSON reports
    must not change, broken files and ids used twice included."""
    from hrtraining.engine import analyze_paths

    shipped = Path(__file__).resolve().parents[2] / "scenarios"
    lib = tmp_path / "lib"
    lib.mkdir()
    for p in sorted(shipped.glob("*.yaml"))[:4]:
        if p.name != "rubric.yaml":
            (lib / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    first = next(lib.glob("*.yaml"))
    (lib / "zz-same-id.yaml").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (lib / "zz-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    one = [r.to_dict() for r in analyze_paths([str(lib)], rubric, jobs=1, plays=200)]
    pooled = analyze_paths([str(lib)], rubric, jobs=2, plays=200)
    assert [r.to_dict() for r in pooled] == one
    assert any(f["code"] == "HR070" for d in one for f in d["findings"])
    assert any(not d["scenario"]["loaded"] for d in one)
