"""Export rows, CSV and JSON writers, and the `export` / `profiles` commands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hrtraining.cli import _progress
from hrtraining.progress import (
    NotFoundError,
    Store,
    export_rows,
    read_json,
    write_csv,
    write_json,
)
from hrtraining.progress import to_json as _to_json
from hrtraining.progress import export as export_mod
from hrtraining.progress import token_hash


def _fill(store: Store, play) -> None:
    rated = play(store, "Alice", "ray", seed=1)
    store.set_self_rating(rated, "good")
    play(store, "Alice", "mia", seed=2)
    play(store, "Alice", "mia", finish=False)
    play(store, "Bob", "ray", seed=3)
    store.create_room("ROOM01", "ray", "hash-1", "Ray")
    room_attempt = store.start_attempt("Bob", "ray", "hash-1", "Ray", "practice",
                                       source="workshop", workshop_room="ROOM01")
    store.record_choice(room_attempt, 0, "start", 1, "Tell me", score={}, codes=[],
                        critical=False, feedback="")
    store.record_vote("ROOM01", 0, "start", "tok-1", 1, nickname="=SUM(A1)")
    store.record_vote("ROOM01", 0, "start", "tok-2", 0)
    store.record_hands("ROOM01", 0, "start", {2: 3, 0: 6})


def test_attempt_rows_have_flat_dimension_columns(store: Store, play, report) -> None:
    _fill(store, play)
    rows = export_rows(store)
    assert [r["profile"] for r in rows.attempts] == ["Alice", "Alice", "Alice", "Bob", "Bob"]
    assert rows.choices is None
    columns = rows.attempt_columns
    for column in ("profile", "scenario_id", "scenario_hash", "mode", "source", "started_at",
                   "finished_at", "ending_id", "critical", "recognizing_improvement_points",
                   "recognizing_improvement_possible", "recognizing_improvement_percent",
                   "recognizing_improvement_level", "avoiding_perfectionism_level",
                   "code_affirm", "reflection_to_question"):
        assert column in columns
    first = rows.attempts[0]
    expected = report(1)
    assert first["recognizing_improvement_points"] == (
        expected["scores"]["recognizing_improvement"]["points"])
    assert first["respecting_choice_percent"] == (
        expected["scores"]["respecting_choice"]["percent"])
    assert first["code_affirm"] == expected["codes"]["affirm"]
    assert first["critical"] == expected["critical"]
    assert first["self_rating"] == "good" and first["level"] == expected["level"]
    assert [r["self_rating"] for r in rows.attempts[1:]] == [None] * 4
    unfinished = rows.attempts[2]
    assert unfinished["status"] == "open" and unfinished["finished_at"] is None
    assert unfinished["recognizing_improvement_points"] is None
    # Participants by pseudonym, numbered from 1 in the order they voted: never the token,
    # its hash, or the nickname next to the vote (the file must not say who voted what).
    assert [(v["room_code"], v["participant"], v["decision"], v["choice"]) for v in rows.votes] == [
        ("ROOM01", "P1", 1, 2), ("ROOM01", "P2", 1, 1)]
    flat = json.dumps(rows.votes)
    assert "tok-1" not in flat and token_hash("tok-1") not in flat and "SUM" not in flat
    assert "nickname" not in rows.vote_columns
    assert rows.hands == [
        {"room_code": "ROOM01", "scenario_id": "ray", "scenario_hash": "hash-1",
         "scenario_title": "Ray", "decision": 1, "node_id": "start", "choice": c + 1,
         "count": n, "counted_at": rows.hands[0]["counted_at"]}
        for c, n in ((0, 6), (2, 3))]

    alice = export_rows(store, profile="alice", choices=True)
    assert {r["profile"] for r in alice.attempts} == {"Alice"}
    assert alice.votes == [] and alice.hands == []  # Alice led no room
    assert len(alice.choices) == 9
    choice = alice.choices[0]
    assert (choice["seq"], choice["node_id"], choice["critical"], choice["codes"]) == (
        0, "node0", False, "affirm")
    assert choice["score_recognizing_improvement"] == 0
    assert alice.choices[1]["codes"] == "affirm;question"
    bob = export_rows(store, profile="Bob")
    assert len(bob.votes) == 2 and len(bob.hands) == 2
    with pytest.raises(NotFoundError):
        export_rows(store, profile="Nobody")


def test_json_round_trips(store: Store, play, tmp_path: Path) -> None:
    _fill(store, play)
    rows = export_rows(store, choices=True)
    path = tmp_path / "export.json"
    with path.open("w", encoding="utf-8") as out:
        write_json(rows, out)
    with path.open(encoding="utf-8") as inp:
        back = read_json(inp)
    assert back == rows
    assert back.hands == rows.hands and len(back.hands) == 2
    assert back.attempts[0]["self_rating"] == "good"
    with pytest.raises(ValueError):
        read_json(io.StringIO('{"format": "something else"}'))


def test_csv_has_header_and_one_row_per_item(store: Store, play) -> None:
    _fill(store, play)
    rows = export_rows(store, choices=True)
    for table, expected in (("attempts", 5), ("choices", 13), ("votes", 2), ("hands", 2)):
        buffer = io.StringIO(newline="")
        write_csv(rows, buffer, table)
        read = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
        columns, data = rows.table(table)
        assert len(read) == len(data) == expected
        assert list(read[0]) == columns
    buffer = io.StringIO()
    write_csv(rows, buffer, "attempts")
    read = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert read[0]["recognizing_improvement_level"] == rows.attempts[0][
        "recognizing_improvement_level"]
    assert read[2]["finished_at"] == ""  # None is an empty cell
    assert export_mod._cell("nickname", "=SUM(A1)") == "'=SUM(A1)"  # never a spreadsheet formula
    buffer = io.StringIO()
    write_csv(rows, buffer, "hands")
    read = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert [(r["room_code"], r["choice"], r["count"]) for r in read] == [
        ("ROOM01", "1", "6"), ("ROOM01", "3", "3")]
    buffer = io.StringIO()
    write_csv(rows, buffer, "attempts")
    assert [r["self_rating"] for r in csv.DictReader(io.StringIO(buffer.getvalue()))] == [
        "good", "", "", "", ""]
    with pytest.raises(ValueError):
        write_csv(export_rows(store), io.StringIO(), "choices")
    with pytest.raises(ValueError):
        write_csv(rows, io.StringIO(), "nothing")


def test_a_format_1_export_with_best_columns_still_reads(store: Store, play) -> None:
    """Files written before the columns were named honestly (``<dim>_best``) read as written."""
    play(store, "Alice", "ray", seed=1)
    document = json.loads(json.dumps(_to_json(export_rows(store))))
    document["version"] = 1
    rename = {c: c.replace("_possible", "_best") for c in document["columns"]["attempts"]}
    document["columns"]["attempts"] = [rename[c] for c in document["columns"]["attempts"]]
    document["attempts"] = [{rename[k]: v for k, v in row.items()} for row in document["attempts"]]
    rows = read_json(io.StringIO(json.dumps(document)))
    assert rows.version == 1 and "recognizing_improvement_best" in rows.attempt_columns
    assert rows.attempts[0]["recognizing_improvement_best"] == 4
    assert _to_json(rows)["version"] == 1  # written back as what it is
    document["version"] = 3
    with pytest.raises(ValueError, match="newer hrtraining"):
        read_json(io.StringIO(json.dumps(document)))


def test_replays_reflections_and_replies_are_exported(store: Store, play) -> None:
    parent = play(store, "Alice", "ray", seed=1)
    store.set_reflection(parent, "@me: ask first")
    replay = store.start_replay(parent, 2)
    store.record_reply(replay, 1, "node1", "+ you cut down", seconds=4.5)
    store.mark_closeness(replay, 1, 2, closest_text="=option two")
    store.record_choice(replay, 1, "node1", 2, "choice", score={}, codes=[], critical=False, feedback="")
    rows = export_rows(store, choices=True)
    by_id = {r["attempt_id"]: r for r in rows.attempts}
    assert (by_id[parent]["reflection"], by_id[parent]["parent_attempt_id"]) == ("@me: ask first", None)
    assert (by_id[replay]["parent_attempt_id"], by_id[replay]["from_decision"]) == (parent, 2)
    assert by_id[replay]["report_version"] is None and by_id[parent]["report_version"] == 1
    mine = [c for c in rows.choices if c["attempt_id"] == replay]
    assert [(c["seq"], c["reply_text"], c["reply_skipped"], c["closeness"], c["closest_text"]) for c in mine] == [
        (0, None, None, None, None), (1, "+ you cut down", False, "option", "=option two")]
    buffer = io.StringIO()
    write_csv(rows, buffer, "choices")
    last = list(csv.DictReader(io.StringIO(buffer.getvalue())))[-1]
    assert (last["reply_text"], last["closest_text"], last["reply_seconds"]) == (
        "'+ you cut down", "'=option two", "4.5")
    buffer = io.StringIO()
    write_csv(rows, buffer, "attempts")
    assert "'@me: ask first" in buffer.getvalue()


def test_json_export_without_hands_still_reads(store: Store, play) -> None:
    """An export written before hand counts existed reads back with none."""
    _fill(store, play)
    document = json.loads(json.dumps(_to_json(export_rows(store))))
    del document["hands"], document["columns"]["hands"]
    rows = read_json(io.StringIO(json.dumps(document)))
    assert rows.hands == [] and rows.table("hands")[0][0] == "room_code"


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=names.filter(lambda s: s.strip() != ""), choice_text=texts,
       feedback=texts, percent=st.floats(0, 2, allow_nan=False))
def test_round_trip_of_awkward_text(name: str, choice_text: str, feedback: str,
                                    percent: float) -> None:
    """Commas, quotes, newlines and any Unicode survive both formats."""
    with tempfile.TemporaryDirectory() as folder, Store.open(folder) as store:
        attempt_id = store.start_attempt(name, "s,1", 'h"1', "T\nitle", "practice")
        store.record_choice(attempt_id, 0, "n", 0, choice_text, score={"d": 1},
                            codes=["affirm"], critical=True, feedback=feedback)
        store.finish_attempt(attempt_id, ending_id="e", ending_title=choice_text, report={
            "scores": {"d": {"points": 1, "best": 2, "percent": percent, "level": "fair"}}})
        rows = export_rows(store, choices=True)
    buffer = io.StringIO()
    write_json(rows, buffer)
    assert read_json(io.StringIO(buffer.getvalue())) == rows
    buffer = io.StringIO(newline="")
    write_csv(rows, buffer, "choices")
    [row] = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))

    def in_csv(text: str) -> str:
        """As CSV holds it: no NUL, and text a spreadsheet would run as a formula neutralised."""
        text = text.replace("\x00", "\ufffd")
        return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text

    assert (row["profile"], row["choice_text"], row["feedback"]) == (
        in_csv(name.strip()), in_csv(choice_text), in_csv(feedback))
    buffer = io.StringIO(newline="")
    write_csv(rows, buffer, "attempts")
    [row] = list(csv.DictReader(io.StringIO(buffer.getvalue(), newline="")))
    assert float(row["d_percent"]) == percent and row["ending_title"] == in_csv(choice_text)


# -- command line -------------------------------------------------------------------------


def _cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="hrtraining")
    _progress.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_export_json_to_stdout_round_trips(data_dir: Path, play, capsys) -> None:
    with Store.open(data_dir) as store:
        _fill(store, play)
        expected = export_rows(store, choices=True)
    assert _cli(["export", "--format", "json", "--choices", "--data-dir", str(data_dir)]) == 0
    rows = read_json(io.StringIO(capsys.readouterr().out))
    rows.exported_at = expected.exported_at
    assert rows == expected


def test_cli_export_csv_to_file(data_dir: Path, tmp_path: Path, play) -> None:
    with Store.open(data_dir) as store:
        _fill(store, play)
    out = tmp_path / "out.csv"
    assert _cli(["export", "--format", "csv", "--profile", "Alice", "--output", str(out),
                 "--data-dir", str(data_dir)]) == 0
    text = out.read_text(encoding="utf-8-sig")
    read = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(read) == 3 and {r["profile"] for r in read} == {"Alice"}
    assert "recognizing_improvement_percent" in read[0]
    assert _cli(["export", "--format", "csv", "--votes", "-o", str(out),
                 "--data-dir", str(data_dir)]) == 0
    assert len(list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))) == 2
    assert _cli(["export", "--format", "csv", "--hands", "-o", str(out),
                 "--data-dir", str(data_dir)]) == 0
    hands = list(csv.DictReader(io.StringIO(out.read_text("utf-8-sig"))))
    assert [(r["decision"], r["choice"], r["count"]) for r in hands] == [
        ("1", "1", "6"), ("1", "3", "3")]
    assert not list(tmp_path.glob(".out.csv.*"))  # no temporary file left behind


def test_cli_data_dir_from_environment(data_dir: Path, play, capsys, monkeypatch) -> None:
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(data_dir))
    with Store.open() as store:
        play(store, "Zoe")
    assert _cli(["export", "--format", "csv"]) == 0
    assert "Zoe" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "--format", "csv", "--profile", "Nobody"], "no profile named 'Nobody'"),
        (["export", "--format", "csv", "--choices", "--votes"], "not both"),
        (["export", "--format", "json", "--votes"], "JSON always includes"),
        (["export", "--format", "csv", "--votes", "--hands"], "not both"),
        (["export", "--format", "csv", "--choices", "--votes", "--hands"], "not all three"),
        (["export", "--format", "json", "--hands"], "JSON always includes"),
        (["export", "--format", "csv", "--output", "/no/such/dir/x.csv"], "/no/such/dir/x.csv"),
    ],
)
def test_cli_errors_are_one_line(argv: list[str], message: str, data_dir: Path,
                                 capsys) -> None:
    assert _cli([*argv, "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_newer_file_is_an_error_not_a_traceback(data_dir: Path, capsys) -> None:
    import sqlite3

    Store.open(data_dir).close()
    conn = sqlite3.connect(data_dir / "progress.sqlite3")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert _cli(["profiles", "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("hrtraining profiles: ") and "newer" in err


def test_cli_profiles(data_dir: Path, play, capsys, monkeypatch) -> None:
    monkeypatch.setattr("getpass.getuser", lambda: "sam")
    assert _cli(["profiles", "--data-dir", str(data_dir)]) == 0
    out = capsys.readouterr().out
    assert "No profiles yet" in out and "sam" in out
    with Store.open(data_dir) as store:
        play(store, "Alice")
        play(store, "Alice", finish=False)
        play(store, "Bob")
    assert _cli(["profiles", "--data-dir", str(data_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("  Alice") and "1 finished, 1 unfinished" in lines[0]
    assert lines[1].startswith("* Bob")  # the last used profile is the default


def test_cli_corrupt_file_is_reported_on_stderr_and_left_as_it_is(data_dir: Path, capsys) -> None:
    """A command that only reads (profiles, export) says the file cannot be read and exits 1; it
    does not keep it aside and report an empty new one (the game does that, so play goes on)."""
    data_dir.mkdir(parents=True)
    (data_dir / "progress.sqlite3").write_bytes(b"junk" * 1000)
    assert _cli(["profiles", "--data-dir", str(data_dir)]) == 1
    captured = capsys.readouterr()
    assert "cannot be read" in captured.err and captured.out == ""
    assert [p.name for p in data_dir.iterdir()] == ["progress.sqlite3"]


def test_main_cli_wires_the_commands(data_dir: Path, play, capsys) -> None:
    main = pytest.importorskip("hrtraining.cli").main
    with Store.open(data_dir) as store:
        play(store, "Alice")
    assert main(["profiles", "--data-dir", str(data_dir)]) == 0
    assert "Alice" in capsys.readouterr().out
    assert main(["export", "--format", "json", "--data-dir", str(data_dir)]) == 0
    assert json.loads(capsys.readouterr().out)["attempts"][0]["profile"] == "Alice"


def test_export_of_a_damaged_progress_file_fails_and_leaves_it_as_it_is(tmp_path, capsys):
    """It used to move the file aside, start an empty one and export nothing with exit 0."""
    import os

    from hrtraining.cli import main

    data = tmp_path / "data"
    with Store.open(data) as store:
        a = store.start_attempt("Ana", "ray", "h", "Ray", "practice")
        store.finish_attempt(a, ending_id="e", ending_title="E", report={"scores": {}})
    path = data / "progress.sqlite3"
    blob = bytearray(path.read_bytes())
    for off in range(4096, len(blob), 4096):
        blob[off:off + 2000] = os.urandom(min(2000, len(blob) - off))
    path.write_bytes(bytes(blob))
    before = sorted(p.name for p in data.iterdir())
    assert main(["export", "--format", "csv", "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "cannot be read" in err and "left as it is" in err
    assert sorted(p.name for p in data.iterdir()) == before  # nothing moved aside, nothing new


def test_one_unreadable_row_is_named_and_left_out_the_rest_is_exported(tmp_path, capsys):
    from hrtraining.cli import main

    data = tmp_path / "data"
    with Store.open(data) as store:
        ids = []
        for n in range(3):
            a = store.start_attempt("Ana", "ray", "h", "Ray", "practice")
            store.record_choice(a, 0, "n0", 0, f"choice {n}", score={"d": 1}, codes=["affirm"], critical=False,
                                feedback="")
            store.finish_attempt(a, ending_id="e", ending_title="E", report={"scores": {}})
            ids.append(a)
        store._conn.execute("UPDATE attempt_reports SET report_json = '{not json' WHERE attempt_id = ?", (ids[1],))
        store._conn.execute("UPDATE choices SET score_json = '[' WHERE attempt_id = ?", (ids[2],))
    assert main(["export", "--format", "json", "--choices", "--data-dir", str(data)]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert [a["attempt_id"] for a in doc["attempts"]] == [ids[0], ids[2]]
    assert [c["attempt_id"] for c in doc["choices"]] == [ids[0]]
    assert f"attempt {ids[1]}: its stored report cannot be read" in err
    assert f"attempt {ids[2]}, decision 1: the stored choice cannot be read" in err


def _damaged_store(data: Path, report_json: str) -> list[int]:
    """Three finished attempts of Ana's; the second's stored report replaced by ``report_json``."""
    with Store.open(data) as store:
        ids = []
        for n in range(3):
            a = store.start_attempt("Ana", "ray", "h", "Ray", "practice")
            store.record_choice(a, 0, "n0", 0, f"choice {n}", score={"d": 1}, codes=["affirm"], critical=False,
                                feedback="")
            store.finish_attempt(a, ending_id="e", ending_title="E", report={"scores": {}})
            ids.append(a)
        store._conn.execute("UPDATE attempt_reports SET report_json = ? WHERE attempt_id = ?", (report_json, ids[1]))
    return ids


@pytest.mark.parametrize("report_json, error", [("{not json", "JSONDecodeError"), ("[]", "ValueError"),
                                                ("null", "ValueError")])
def test_xapi_export_skips_a_bad_report_row_by_id_as_csv_does(report_json, error, tmp_path, capsys):
    """xAPI once failed the whole export (rc 1, a raw JSON message and no attempt id), and a report
    stored as ``[]`` gave "unexpected error: AttributeError('list' object has no attribute 'get')"."""
    from hrtraining.cli import main

    data = tmp_path / "data"
    ids = _damaged_store(data, report_json)
    assert main(["export", "--format", "csv", "--data-dir", str(data)]) == 0
    csv_err = capsys.readouterr().err
    assert main(["export", "--format", "xapi", "--home-page", "https://agency.example", "--data-dir", str(data)]) == 0
    out, err = capsys.readouterr()
    line = f"hrtraining export: attempt {ids[1]}: its stored report cannot be read ({error}); left out of the export"
    assert err.strip() == csv_err.strip() == line
    completed = [s for s in map(json.loads, out.splitlines()) if s["verb"]["id"].endswith("/completed")]
    assert len(completed) == 2  # the other two attempts are exported whole


@pytest.mark.parametrize("report_json, error", [("{not json", "JSONDecodeError"), ("[]", "ValueError")])
def test_html_export_of_a_bad_report_row_names_it_not_the_raw_json_error(report_json, error, tmp_path, capsys):
    from hrtraining.cli import main

    data = tmp_path / "data"
    ids = _damaged_store(data, report_json)
    assert main(["export", "--format", "html", "--attempt", str(ids[1]), "--data-dir", str(data)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == (f"hrtraining export: attempt {ids[1]}: its stored report cannot be read ({error}), "
                           "so it has no debrief to export")
    assert main(["export", "--format", "html", "--attempt", str(ids[0]), "--data-dir", str(data)]) == 0
    assert "<html" in capsys.readouterr().out.lower()


def test_xapi_export_skips_an_attempt_whose_stored_choice_cannot_be_read(tmp_path, capsys):
    from hrtraining.cli import main

    data = tmp_path / "data"
    ids = _damaged_store(data, '{"scores": {}}')
    with Store.open(data) as store:
        store._conn.execute("UPDATE choices SET score_json = '[' WHERE attempt_id = ?", (ids[2],))
    assert main(["export", "--format", "xapi", "--home-page", "https://agency.example", "--data-dir", str(data)]) == 0
    err = capsys.readouterr().err
    assert f"attempt {ids[2]}: a stored choice cannot be read (JSONDecodeError); left out of the export" in err
