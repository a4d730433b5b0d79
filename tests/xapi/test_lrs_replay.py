"""Replays ("Replay from here") and the LRS: one rule on the live path and in the export.

A replay is practice the agency may want to see, so it is sent, marked as a replay of its parent
(``replay-of`` = the parent's registration, ``from-decision`` = its first own decision, 0-based),
with only the decisions made in the replay (the copies of the parent's are not sent again); and
``analyze --lrs`` leaves replays out, as local ``analyze`` does."""
from __future__ import annotations

import json
from pathlib import Path

from hrtraining.cli import main
from hrtraining.engine import load_scenario
from hrtraining.practice import Attempt, Library, Recorder
from hrtraining.practice.xapi import fetch_attempt_records
from hrtraining.progress import Store

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"
EXT = "https://agency.example.org/hrtraining/extensions/"


def _play_through(attempt: Attempt, picks: list[int]) -> None:
    for pick in picks:
        while not attempt.finished and attempt.beat.kind == "continue":
            attempt.advance()
        attempt.choose(pick)
    while not attempt.finished and attempt.beat.kind == "continue":
        attempt.advance()
    attempt.finish()
    attempt.rate("fair")


def _whole_and_replay(data: Path, profile: str) -> tuple[str, str, str]:
    """A whole practice attempt (two decisions) and a replay of it from decision 2; returns the
    registrations (parent, replay) and the profile's pseudonym."""
    recorder = Recorder.open(str(data), profile)
    assert recorder.xapi is not None                      # the LRS settings come from lrs_env
    entry = Library([str(GOLDEN)]).by_id("golden")
    whole = Attempt.start(entry, "practice", recorder)
    _play_through(whole, [0, 0])
    replay = whole.replay(2)
    _play_through(replay, [1])
    parent_id, replay_id = whole.attempt_id, replay.attempt_id
    recorder.close()
    with Store.open(data) as store:
        return (store.attempt(parent_id).registration, store.attempt(replay_id).registration,
                store.profile(profile).pseudonym)


def _shape(statements: list[dict]) -> list[tuple]:
    """(verb, decision, replay-of, from-decision) of each statement, sorted."""
    out = []
    for s in statements:
        ctx = s["context"]["extensions"]
        decision = (s.get("result") or {}).get("extensions", {}).get(EXT + "decision")
        out.append((s["verb"]["id"].rsplit("/", 1)[-1], decision, ctx.get(EXT + "replay-of"),
                    ctx.get(EXT + "from-decision")))
    return sorted(out, key=repr)


def test_a_replay_is_sent_marked_with_only_its_own_decisions(lrs_env, xapi_validator, tmp_path):
    data = tmp_path / "data"
    parent, replay, _ = _whole_and_replay(data, "Ana")
    assert parent and replay and parent != replay
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0
    live = lrs_env.by_registration(replay)
    assert _shape(live) == sorted([("initialized", None, parent, 1), ("responded", 1, parent, 1),
                                   ("completed", None, parent, 1), ("rated", None, parent, 1)], key=repr)
    responded = next(s for s in live if s["verb"]["id"].endswith("responded"))
    assert responded["result"]["response"] == "1"        # the decision made in the replay, not the parent's
    done = next(s for s in live if s["verb"]["id"].endswith("completed"))
    assert done["result"]["extensions"][EXT + "path"][0] == ["opening", 0]   # the whole path, as the attempt's
    parent_live = lrs_env.by_registration(parent)         # the parent is as it was: no replay marks
    assert len(parent_live) == 5 and all(EXT + "replay-of" not in s["context"]["extensions"] for s in parent_live)
    assert xapi_validator.problems(live) == {}

    # The export follows the same rule: the same statements (other ids), marked, own decisions only.
    out = tmp_path / "export.jsonl"
    assert main(["export", "--format", "xapi", "--profile", "Ana", "--data-dir", str(data), "-o", str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    of_replay = [s for s in exported if s["context"]["registration"] == replay]
    assert _shape(of_replay) == _shape(live)
    of_parent = [s for s in exported if s["context"]["registration"] == parent]
    assert _shape(of_parent) == _shape(parent_live)
    assert xapi_validator.problems(of_replay) == {}


def test_reading_back_from_the_lrs_leaves_replays_out(lrs_env, tmp_path, capsys):
    data = tmp_path / "data"
    sc = load_scenario(GOLDEN)
    capsys.readouterr()
    assert main(["analyze", str(GOLDEN), "--lrs", "--format", "json", "--plays", "20"]) in (0, 1)
    before = json.loads(capsys.readouterr().out)["attempts"]["counted"]
    parent, replay, pseudonym = _whole_and_replay(data, "Bo")
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0
    records = [r for r in fetch_attempt_records(lrs_env.settings(), sc.id, sc.content_hash) if r.actor == pseudonym]
    assert [r.registration for r in records] == [parent]
    everything = fetch_attempt_records(lrs_env.settings(), sc.id, sc.content_hash, include_replays=True)
    mine = {r.registration: r.replay_of for r in everything if r.actor == pseudonym}
    assert mine == {parent: None, replay: parent}
    capsys.readouterr()
    assert main(["analyze", str(GOLDEN), "--lrs", "--format", "json", "--plays", "20"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["attempts"]["counted"] == before + 1   # the parent, not the replay


def test_a_resumed_replay_goes_on_marked(lrs_env, tmp_path):
    data = tmp_path / "data"
    entry = Library([str(GOLDEN)]).by_id("golden")
    recorder = Recorder.open(str(data), "Cy")
    whole = Attempt.start(entry, "practice", recorder)
    _play_through(whole, [0, 0])
    replay_id = whole.replay(2).attempt_id                # left at its decision: the window closes
    recorder.close()
    recorder = Recorder.open(str(data), "Cy")
    again = Attempt.resume(entry, recorder.attempt(replay_id), recorder)
    _play_through(again, [1])
    recorder.close()
    with Store.open(data) as store:
        parent, replay = store.attempt(whole.attempt_id).registration, store.attempt(replay_id).registration
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0
    assert {(v, d, p, f) for v, d, p, f in _shape(lrs_env.by_registration(replay))} == {
        ("initialized", None, parent, 1), ("responded", 1, parent, 1), ("completed", None, parent, 1),
        ("rated", None, parent, 1)}
