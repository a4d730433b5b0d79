"""The project's rule, as a property: a file that ``validate`` accepts plays without an exception.

Scenarios come from :mod:`strategies` (hostile text, huge numbers, deep chains of continue
nodes, guarded exits); those ``validate`` accepts are played headless with several choosing
policies through the engine's Session, the report, the terminal renderers and ``hrtraining
playtest``, and an independent search checks that the player can always still reach an
ending. ``make test`` runs a bounded, seeded set (a few seconds); ``make fuzz`` many more.
"""
from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings

from hrtraining.cli import main
from hrtraining.cli._text import beat_lines, debrief_text, feedback_text, options_text
from hrtraining.engine import Session, printable
from hrtraining.practice import Debrief
from hrtraining.engine._limits import MAX_CONTINUE_RUN

from strategies import RUBRIC, Player, accepted, can_always_end, policies, scenario_texts

DEEP = "HRTRAINING_FUZZ_EXAMPLES" in os.environ
EXAMPLES = int(os.environ.get("HRTRAINING_FUZZ_EXAMPLES", "40"))
INVARIANT = settings(max_examples=EXAMPLES, deadline=None, derandomize=not DEEP, database=None,
                     suppress_health_check=list(HealthCheck))
MAX_CHAIN = MAX_CONTINUE_RUN + 1 if DEEP else 40


def shown(text: str) -> str:
    """What goes to the terminal must already be safe to print there."""
    assert isinstance(text, str)
    assert printable(text, multiline=True) == text, repr(text)
    text.encode("utf-8")  # no lone surrogates
    return text


@INVARIANT
@given(text=scenario_texts(max_chain=MAX_CHAIN), policy=policies())
def test_accepted_scenarios_play_without_an_exception(tmp_path_factory, text, policy, capsys):
    folder = tmp_path_factory.mktemp("inv", numbered=True)
    result = accepted(text, folder)
    if result is None:  # refused: validate's own tests cover what it says
        return
    sc = result.load()
    assert can_always_end(sc, RUBRIC, Session(sc, RUBRIC).state) is not False, "validate accepted a trap"
    player = Player(sc, RUBRIC, policy)
    for n, event in enumerate(player.run()):
        shown(beat_lines(event.beat))
        shown(options_text(event.beat))
        if event.outcome is not None:
            shown(feedback_text(event.outcome, sc, RUBRIC))
        if n % 8 == 0 and not player.session.finished:
            assert can_always_end(sc, RUBRIC, player.session.state) is not False, \
                f"trapped at {player.session.state.node!r} with {player.session.state.meters}"
    session = player.session
    report = session.report()
    json.dumps(report.to_dict(), allow_nan=False)
    shown(debrief_text(Debrief.from_report(report, sc, RUBRIC)))
    again = Session.replay(sc, RUBRIC, session.state.taken)  # how an attempt is resumed
    again.skip_to_decision()
    if not session.finished and not session.node.choices:
        session.skip_to_decision()
    assert again.state.node == session.state.node and again.state.meters == session.state.meters
    capsys.readouterr()
    for extra in ([], ["--json"]):
        rc = main(["playtest", result.path, "--choices", ",".join(map(str, player.script)), *extra])
        out, err = capsys.readouterr()
        assert rc in (0, 3), err  # 3: the script stopped before an ending (the play hit max_steps)
        shown(out)
        shown(err)
