"""The content cache: a warm run skips parsing and says exactly what a cold run says."""
from __future__ import annotations

import json
import os
import stat
import sys
import shutil
from pathlib import Path

import pytest

from hrtraining.engine import Cache, check_file, check_paths
from hrtraining.engine import _library

from _helpers import ONE_DECISION_NODES, png_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
WARNINGS = FIXTURES / "invalid" / "choice-no-score.yaml"
ERRORS = FIXTURES / "invalid" / "next-unknown-target.yaml"


@pytest.fixture
def scans(monkeypatch):
    """Counts calls of the real ``_scan``; set ``.fail = True`` to make any further call fail."""
    real = _library._scan

    class Counter:
        calls = 0
        fail = False

    def counting(*a, **k):
        if Counter.fail:
            raise AssertionError("_scan was called on a warm run: the cache was not used")
        Counter.calls += 1
        return real(*a, **k)

    monkeypatch.setattr(_library, "_scan", counting)
    return Counter


@pytest.fixture
def lib(tmp_path):
    d = tmp_path / "lib"
    d.mkdir()
    for f in (GOLDEN, WARNINGS, ERRORS):
        shutil.copy(f, d / f.name)
    return d


def test_warm_validate_uses_the_cache_and_says_the_same(lib, cache_dir, scans, cli):
    cold = cli("validate", lib)
    assert scans.calls == 3
    assert any(cache_dir.glob("*.json"))
    scans.fail = True
    warm = cli("validate", lib)
    assert warm == cold
    scans.fail = False
    cold_json = cli("validate", "--no-cache", "--format", "json", lib)
    scans.fail = True
    assert cli("validate", "--format", "json", lib) == cold_json


def test_cache_dir_flag(lib, tmp_path, scans, cli):
    d = tmp_path / "elsewhere"
    cli("validate", "--cache-dir", d, lib)
    assert len(list(d.glob("*.json"))) == 3
    scans.fail = True
    cli("validate", "--cache-dir", d, lib)


def test_no_cache_writes_nothing(lib, cache_dir, cli):
    cli("validate", "--no-cache", lib)
    assert not cache_dir.exists() or not any(cache_dir.iterdir())


def test_editing_a_file_invalidates_its_entry(lib, cache_dir, scans, cli):
    cli("validate", lib)
    assert scans.calls == 3
    f = lib / ERRORS.name
    f.write_text(f.read_text().replace("next: dnoe", "next: done"))
    rc, out, _ = cli("validate", lib)
    assert scans.calls == 4  # only the edited file was parsed again
    assert "HR021" not in out
    assert rc == 0


def test_a_different_rubric_is_a_different_key(lib, cache_dir, scans, cli, tmp_path):
    cli("validate", lib)
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text((Path(_library.__file__).resolve().parents[2] / "scenarios" / "rubric.yaml").read_text()
                      + "\n# an edit\n")
    cli("validate", "--rubric", rubric, lib)
    assert scans.calls == 6


@pytest.mark.parametrize("garbage", [b"", b"{not json", b"[]", b'{"v": "1"}', b'{"v": "0", "problems": []}',
                                     b'{"v": "1", "problems": [[1]], "assets": [], "stats": {}, "info": null}',
                                     b"\xff\xfe", b"null"])
def test_a_corrupt_cache_file_is_a_miss(garbage, lib, cache_dir, scans, cli):
    cold = cli("validate", lib)
    for f in cache_dir.glob("*.json"):
        f.write_bytes(garbage)
    again = cli("validate", lib)
    assert again == cold
    assert scans.calls == 6  # every file parsed again
    # and the entries were rewritten, so a third run is warm
    scans.fail = True
    assert cli("validate", lib) == cold


SCENARIO_WITH_PORTRAIT = """\
format: 1
id: portrait
title: Portrait
client:
  name: Sam
  portrait: portraits/sam.png
""" + ONE_DECISION_NODES


def test_a_deleted_asset_still_warns_on_a_warm_run(tmp_path, cache_dir, scans, cli):
    picture = tmp_path / "assets" / "portraits" / "sam.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png_bytes(4, 5))
    f = tmp_path / "portrait.yaml"
    f.write_text(SCENARIO_WITH_PORTRAIT)
    rc, out, _ = cli("validate", f)
    assert (rc, out) == (0, "")
    picture.unlink()
    scans.fail = True
    warm = cli("validate", f)
    scans.fail = False
    cold = cli("validate", "--no-cache", f)
    assert warm == cold  # same line, column and message as a cold run
    assert f"{f}:6:13: warning HR051:" in warm[1]
    # and putting it back clears the warning, still warm
    picture.write_bytes(png_bytes(4, 5))
    scans.fail = True
    assert cli("validate", f)[1] == ""


def test_a_missing_asset_that_appears_clears_on_a_warm_run(tmp_path, cache_dir, scans, cli):
    f = tmp_path / "portrait.yaml"
    f.write_text(SCENARIO_WITH_PORTRAIT)
    assert "HR051" in cli("validate", f)[1]
    picture = tmp_path / "assets" / "portraits" / "sam.png"
    picture.parent.mkdir(parents=True)
    picture.write_bytes(png_bytes(4, 5))
    scans.fail = True
    assert cli("validate", f)[1] == ""


def test_cached_results_load_on_demand(lib, cache_dir, rubric):
    cache = Cache(cache_dir)
    first = check_file(lib / GOLDEN.name, rubric, cache)
    assert first.scenario is not None
    warm = check_file(lib / GOLDEN.name, rubric, cache)
    assert warm.scenario is None  # from the cache: nothing parsed
    assert warm.info == first.info and warm.stats == first.stats
    assert warm.load().id == "golden"


def test_duplicate_ids_are_found_on_warm_runs(tmp_path, cache_dir, scans, cli):
    src = FIXTURES / "invalid" / "duplicate-id-across-folder"
    d = tmp_path / "dup"
    shutil.copytree(src, d)
    cold = cli("validate", d)
    scans.fail = True
    assert cli("validate", d) == cold
    assert "HR070" in cold[1]


def test_unwritable_cache_only_costs_speed(lib, tmp_path, cli):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be")
    rc, out, err = cli("validate", "--cache-dir", blocker / "sub", lib)
    assert rc == 1 and "HR021" in out


def test_cache_entries_are_plain_json(lib, cache_dir, cli):
    cli("validate", lib)
    for f in cache_dir.glob("*.json"):
        entry = json.loads(f.read_text())
        assert entry["v"] == _library.CACHE_VERSION
        assert set(entry) >= {"problems", "stats", "info"}


def test_check_paths_with_cache_object(lib, cache_dir, scans, rubric):
    cache = Cache(cache_dir)
    cold = check_paths([lib], rubric, cache)
    scans.fail = True
    warm = check_paths([lib], rubric, cache)
    assert [(r.path, r.problems, r.stats) for r in warm] == [(r.path, r.problems, r.stats) for r in cold]


def test_a_cache_file_nested_too_deep_is_a_miss(lib, cache_dir, scans, cli):
    """JSON nested deeper than the parser's recursion limit once crashed validate."""
    cold = cli("validate", lib)
    for f in cache_dir.glob("*.json"):
        f.write_text('{"v": "%s", "problems": %s}' % (_library.CACHE_VERSION, "[" * 200_000 + "]" * 200_000))
    assert cli("validate", lib) == cold
    assert scans.calls == 6


@pytest.mark.parametrize("path,bad", [
    (("info", "title"), ["x"]),
    (("info", "id"), 7),
    (("info", "tags"), "violence"),
    (("info", "tags"), [1, 2]),
    (("info", "content_notes"), [None]),
    (("info",), ["golden"]),
    (("stats", "nodes"), "5"),
    (("stats", "nodes"), 5.0),
    (("stats", "nodes"), True),
    (("stats",), [1]),
    (("problems",), [[1, 1, "error", "HR021", ["not", "text"]]]),
    (("problems",), [[1.5, 1, "error", "HR021", "m"]]),
    (("problems",), [[1, 1, "oops", "HR021", "m"]]),
    (("problems",), [[1, 1, "error", "HR021", "m", "extra"]]),
    (("problems",), {"a": 1}),
    (("assets",), [[1, 1, {"p": 1}]]),
    (("assets",), [[1, "1", "x.png"]]),
])
def test_a_cache_entry_with_a_wrong_type_is_a_miss(path, bad, lib, cache_dir, scans, rubric):
    """A planted entry with a title that is a list once passed through to the game."""
    cache = Cache(cache_dir)
    cold = check_file(lib / GOLDEN.name, rubric, cache)
    (f,) = cache_dir.glob("*.json")  # the one entry: golden's
    entry = json.loads(f.read_text())
    where = entry
    for key in path[:-1]:
        where = where[key]
    where[path[-1]] = bad
    f.write_text(json.dumps(entry))
    again = check_file(lib / GOLDEN.name, rubric, cache)
    assert scans.calls == 2  # parsed again: the entry was not trusted
    assert again.info == cold.info and again.stats == cold.stats and again.problems == cold.problems
    assert isinstance(again.info.title, str)
    scans.fail = True  # and it was rewritten whole
    assert check_file(lib / GOLDEN.name, rubric, cache).info == cold.info


def test_a_damaged_cache_never_crashes_validate(lib, cache_dir, cli):
    cold = cli("validate", lib)
    for f in cache_dir.glob("*.json"):
        entry = json.loads(f.read_text())
        if entry["info"] is not None:
            entry["info"]["title"] = ["x"]
        entry["stats"] = {"nodes": "many"}
        f.write_text(json.dumps(entry))
    assert cli("validate", lib) == cold
    assert cli("validate", "--format", "json", lib) == cli("validate", "--no-cache", "--format", "json", lib)


# -- a cache may speed up a verdict, never decide one ---------------------------------------

POSIX = sys.platform != "win32"


def _plant_clean_entry(cache_dir: Path, broken: Path, rubric) -> Path:
    """What an attacker with write access to the cache folder would write: an entry, under
    the right key, saying that ``broken`` has no problems."""
    from hrtraining.engine._library import FileResult, _to_cache, checker_version, content_hash

    digest = content_hash(broken.read_bytes())
    key = content_hash(f"{checker_version()}:{digest}:{rubric.content_hash}".encode())
    entry = _to_cache(FileResult(str(broken), [], {"nodes": 1}, None, digest, None, rubric), checker_version())
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / f"{key}.json").write_text(json.dumps(entry))
    return cache_dir / f"{key}.json"


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_planted_entry_in_a_shared_cache_folder_does_not_pass_a_broken_file(tmp_path, rubric, cli):
    shared = tmp_path / "shared-cache"
    _plant_clean_entry(shared, ERRORS, rubric)
    shared.chmod(0o777)  # a world-writable temporary folder, as /tmp/something would be
    rc, out, err = cli("validate", "--strict", "--cache-dir", shared, ERRORS)
    assert rc == 1 and "HR021" in out
    assert "not using the cache folder" in err and "other users can write to it (mode 0777)" in err


@pytest.mark.skipif(not POSIX, reason="POSIX permissions")
def test_a_cache_folder_that_is_a_symbolic_link_is_not_used(tmp_path, rubric, cli):
    real = tmp_path / "real"
    _plant_clean_entry(real, ERRORS, rubric)
    real.chmod(0o700)
    os.symlink(real, tmp_path / "link")
    rc, out, err = cli("validate", "--cache-dir", tmp_path / "link", ERRORS)
    assert rc == 1 and "HR021" in out and "it is a symbolic link" in err


def test_an_entry_about_other_content_is_a_miss(lib, cache_dir, scans, rubric):
    """Even in the user's own folder, an entry must name this file's hash, rubric and checker."""
    cache = Cache(cache_dir)
    path = _plant_clean_entry(cache_dir, ERRORS, rubric)
    cache_dir.chmod(0o700)
    entry = json.loads(path.read_text())
    for field, wrong in (("file", "0" * 32), ("rubric", "0" * 32), ("checker", "0" * 32), ("checker", None)):
        path.write_text(json.dumps({**entry, field: wrong}))
        r = check_file(ERRORS, rubric, cache)
        assert [p.code for p in r.problems] == ["HR021"], field
    assert scans.calls == 4


def test_an_entry_from_another_version_of_the_checker_is_a_miss(lib, cache_dir, scans, rubric, monkeypatch):
    cache = Cache(cache_dir)
    check_file(lib / GOLDEN.name, rubric, cache)
    monkeypatch.setattr(_library, "checker_version", lambda: "another-checker")
    check_file(lib / GOLDEN.name, rubric, cache)
    assert scans.calls == 2


def test_the_entry_for_the_file_is_used(lib, cache_dir, scans, rubric):
    """The planted-entry shape is exactly what the checker writes: a genuine entry is a hit."""
    cache = Cache(cache_dir)
    check_file(lib / GOLDEN.name, rubric, cache)
    check_file(lib / GOLDEN.name, rubric, cache)
    assert scans.calls == 1


@pytest.mark.skipif(not POSIX, reason="POSIX modes")
def test_the_cache_folder_is_created_private(tmp_path, lib, rubric):
    cache = Cache(tmp_path / "new" / "cache")
    check_file(lib / GOLDEN.name, rubric, cache)
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) == 0o700
    (entry,) = (tmp_path / "new" / "cache").glob("*.json")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_folder_ownership_and_modes():
    from hrtraining.engine._cache import folder_problem

    me = os.geteuid() if hasattr(os, "geteuid") else 0

    def st(mode, uid=None):
        return os.stat_result((mode, 0, 0, 0, me if uid is None else uid, 0, 0, 0, 0, 0))

    assert folder_problem(st(stat.S_IFDIR | 0o700)) == ""
    assert folder_problem(st(stat.S_IFDIR | 0o755)) == ""
    assert folder_problem(st(stat.S_IFREG | 0o600)) == "it is not a folder"
    if POSIX:
        assert "other users can write" in folder_problem(st(stat.S_IFDIR | 0o770))
        assert "other users can write" in folder_problem(st(stat.S_IFDIR | 0o1777))
        assert "belongs to another user" in folder_problem(st(stat.S_IFDIR | 0o700, uid=me + 1))


@pytest.mark.skipif(not POSIX, reason="symbolic links")
def test_an_entry_that_is_a_link_is_a_miss_and_a_write_never_follows_one(lib, cache_dir, scans, rubric, tmp_path):
    cache = Cache(cache_dir)
    cold = check_file(lib / GOLDEN.name, rubric, cache)
    (entry,) = cache_dir.glob("*.json")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(entry.read_text())
    entry.unlink()
    os.symlink(elsewhere, entry)
    again = check_file(lib / GOLDEN.name, rubric, cache)
    assert scans.calls == 2 and again.info == cold.info
    assert not entry.is_symlink() and elsewhere.read_text() != ""  # replaced the link, not written through it


def test_an_entry_with_escapes_in_its_text_is_a_miss(lib, cache_dir, scans, rubric):
    cache = Cache(cache_dir)
    check_file(lib / GOLDEN.name, rubric, cache)
    (f,) = cache_dir.glob("*.json")
    entry = json.loads(f.read_text())
    entry["info"]["title"] = "\x1b]0;pwned\x07\x1b[2J"
    f.write_text(json.dumps(entry))
    assert check_file(lib / GOLDEN.name, rubric, cache).info.title == "Jo, who cut down"
    assert scans.calls == 2


def test_a_huge_entry_is_a_miss(lib, cache_dir, scans, rubric, monkeypatch):
    from hrtraining.engine import _cache

    cache = Cache(cache_dir)
    check_file(lib / GOLDEN.name, rubric, cache)
    monkeypatch.setattr(_cache, "MAX_ENTRY_BYTES", 50)
    check_file(lib / GOLDEN.name, rubric, cache)
    assert scans.calls == 2
