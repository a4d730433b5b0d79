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


def _responded(lrs_env, data: Path, profile: str) -> list[dict]:
    assert main(["lrs", "sync", "--data-dir", str(data)]) == 0
    with Store.open(data) as store:
        attempt = store.attempts(profile)[0]
        registration = store.attempt(attempt.id).registration
    got = lrs_env.by_registration(registration)
    return sorted((s for s in got if s["verb"]["id"].endswith("responded")),
                  key=lambda s: s["result"]["extensions"]["https://agency.example.org/hrtraining/extensions/decision"])


def test_written_replies_reach_the_lrs_only_when_shared(lrs_env, xapi_validator, tmp_path, capsys):
    ext = "https://agency.example.org/hrtraining/extensions/"
    words = "Four nights instead of seven: that took something."
    answers = ["", words, "1", "1", "", "1", "2", ""]   # words, closest, choice; a skip, choice; rating
    shared_data, private_data = tmp_path / "shared", tmp_path / "private"
    assert play(shared_data, str(GOLDEN), "--profile", "Ana", "--write-first", "--share-replies",
                answers=answers) == 0
    assert play(private_data, str(GOLDEN), "--profile", "Bo", "--write-first", answers=answers) == 0
    shared = _responded(lrs_env, shared_data, "Ana")
    private = _responded(lrs_env, private_data, "Bo")
    assert len(shared) == len(private) == 2
    first = shared[0]["result"]["extensions"]
    assert first[ext + "written-reply-shared"] is True and first[ext + "written-reply"] == words
    assert ext + "written-reply" not in shared[1]["result"]["extensions"]       # a skip sends no words
    first = private[0]["result"]["extensions"]
    assert first[ext + "written-reply-shared"] is False and ext + "written-reply" not in first
    assert words not in str(private)                                           # the words never left
    assert xapi_validator.problems(shared + private) == {}
