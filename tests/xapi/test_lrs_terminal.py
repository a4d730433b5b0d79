"""``hrtraining play`` with an LRS set up: the attempt reaches a real LRS (Ralph) as the documented
statements, each valid by Learning Locker's validator."""
from __future__ import annotations

from pathlib import Path

from hrtraining.cli import build_parser, main
from hrtraining.cli._play import cmd_play
from hrtraining.progress import Store

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "valid" / "golden.yaml"


class Reader:
    def __init__(self, *answers: str):
        self.answers = list(answers)

    def __call__(self, prompt: str) -> str:
        if not self.answers:
            raise EOFError
        return self.answers.pop(0)


def play(data: Path, *argv: str, answers=()) -> int:
    args = build_parser().parse_args(["play", *argv, "--data-dir", str(data)])
    return cmd_play(args, read=Reader(*answers))


def test_a_terminal_attempt_reaches_the_lrs_as_valid_statements(lrs_env, xapi_validator, tmp_path, capsys):
    data = tmp_path / "data"
    assert play(data, str(GOLDEN), "--profile", "Ana Lopez", answers=["", "1", "1", "2"]) == 0
    assert main(["lrs", "sync", "--data-dir", str(data)]) in (0,)   # whatever the background left
    with Store.open(data) as store:
        attempt = store.attempts("Ana Lopez")[0]
        registration = store.attempt(attempt.id).registration
        pseudonym = store.profile("Ana Lopez").pseudonym
        assert store.outbox_status().waiting == 0
    got = lrs_env.by_registration(registration)
    verbs = sorted(s["verb"]["id"].rsplit("/", 1)[-1] for s in got)
    assert verbs == ["completed", "initialized", "rated", "responded", "responded"]
    assert all(s["actor"]["account"] == {"homePage": "https://agency.example.org", "name": pseudonym} for s in got)
    assert "Ana" not in str(got)                      # a pseudonym, never the name
    done = next(s for s in got if s["verb"]["id"].endswith("completed"))
    assert done["result"]["score"]["scaled"] == 1.0 and done["result"]["completion"] is True
    assert xapi_validator.problems(got) == {}
