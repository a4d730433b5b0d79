"""The window lists scenarios from their headers at once and checks them fully behind the first frame."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from hrtraining.engine import check_file, read_header
from hrtraining.practice import DEFAULT_DIR, Library

SHIPPED = sorted(p for p in DEFAULT_DIR.glob("*.yaml") if p.name != "rubric.yaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_header_is_what_the_full_check_reads(path):
    assert read_header(str(path)) == check_file(path).info


def test_a_header_after_the_nodes_or_a_file_that_is_no_scenario_falls_back_safely(write_scenario):
    late = write_scenario("format: 1\nnodes:\n  a: {text: hi, ending: {title: End}}\nid: late\ntitle: Late\n"
                          "client: {name: Lee}\nstart: a\n", "late.yaml")
    assert read_header(str(late)).id == "late"  # `nodes:` came first: the whole file is read
    for text in ("- a list\n", "id: x\ntitle: [unclosed\n", "", "id: x\n", b"\xff\xfe\x00bad"):
        assert read_header(str(write_scenario(text, "odd.yaml"))) is None
    assert read_header("/no/such/file.yaml") is None


def _drain(lib: Library, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while lib.checking and time.monotonic() < deadline:
        lib.poll()
        time.sleep(0.01)
    assert not lib.checking


def test_background_listing_shows_every_file_at_once_then_marks_the_broken_ones(tmp_path, cache_dir):
    folder = tmp_path / "lib"
    folder.mkdir()
    good = SHIPPED[0].read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(good, encoding="utf-8")
    # The header reads fine, but the file breaks further down: only the full check can tell.
    (folder / "b.yaml").write_text(good.replace("id: bar-fights", "id: b-copy").replace("next: ", "next: nowhere-", 1),
                                   encoding="utf-8")
    (folder / "c.yaml").write_text(good.replace("id: bar-fights", "id: c-copy").replace("title: ", "title: C ", 1),
                                   encoding="utf-8")
    (folder / "d.yaml").write_text("not: [a, scenario", encoding="utf-8")  # no header: checked at once
    lib = Library([folder], background=True)
    assert lib.checking and len(lib.entries) == 4
    assert sum(e.pending for e in lib.entries) == 3 and sum(e.ok for e in lib.entries) == 3
    _drain(lib)
    assert not any(e.pending for e in lib.entries)
    assert [e.ok for e in lib.entries] == [True, True, False, False]  # playable first, as before
    broken = {Path(e.path).name for e in lib.entries if not e.ok}
    assert broken == {"b.yaml", "d.yaml"}


def test_an_entry_picked_before_its_check_is_checked_on_the_spot(tmp_path, cache_dir):
    lib = Library([SHIPPED[0]], background=True)
    (entry,) = lib.entries
    assert entry.pending
    scenario, rubric = entry.load()  # never plays an unchecked file
    assert scenario.id == SHIPPED[0].stem and not entry.pending
    _drain(lib)


def test_duplicate_ids_are_caught_once_every_file_is_checked(tmp_path, cache_dir):
    folder = tmp_path / "dups"
    folder.mkdir()
    for name in ("one.yaml", "two.yaml"):
        (folder / name).write_text(SHIPPED[0].read_text(encoding="utf-8"), encoding="utf-8")
    lib = Library([folder], background=True)
    _drain(lib)
    assert [e.ok for e in lib.entries] == [True, False]
    assert any(p.code == "HR070" for p in lib.entries[1].result.problems)
