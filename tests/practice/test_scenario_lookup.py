"""The library every front end plays from: finding a scenario by path or id, and a room's."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hrtraining.practice import MemoryStore, NotInLibrary, find_scenario, room_code, scenario_for_room

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "valid" / "golden.yaml"
NO_NOTES = FIXTURES / "invalid" / "all-choices-conditional.yaml"  # plays fine; has no content notes


def test_find_scenario_by_id_uses_the_cache_and_stops_at_the_first_match(tmp_path, cache_dir, monkeypatch):
    from hrtraining.engine import _library

    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(GOLDEN, lib / "a-golden.yaml")
    shutil.copy(NO_NOTES, lib / "b-other.yaml")
    real, scanned = _library._scan, []
    monkeypatch.setattr(_library, "_scan", lambda path, *a: scanned.append(Path(path).name) or real(path, *a))
    assert find_scenario("golden", [str(lib)]) == str(lib / "a-golden.yaml")
    assert scanned == ["a-golden.yaml"]  # the match was first: nothing else was read
    scanned.clear()
    assert find_scenario("golden", [str(lib)]) == str(lib / "a-golden.yaml")
    assert scanned == []  # warm: from the cache
    assert find_scenario("all-choices-conditional", [str(lib)]) == str(lib / "b-other.yaml")
    assert scanned == ["b-other.yaml"]


def test_find_scenario_takes_a_path_as_given_and_says_what_to_do_when_nothing_matches(tmp_path, cache_dir):
    assert find_scenario(str(GOLDEN)) == str(GOLDEN)
    assert find_scenario("bar-fights").endswith("bar-fights.yaml")  # the project's library
    with pytest.raises(NotInLibrary, match="no scenario file or id 'nobody'. Try a path"):
        find_scenario("nobody", [str(tmp_path)])


def test_a_rooms_scenario_is_found_by_its_code_however_it_is_typed():
    store = MemoryStore()
    store.create_room("K7MQX4", "bar-fights", "h", "Ray")
    assert scenario_for_room(store, "k7m-qx4") == "bar-fights"
    assert room_code(" k7m qx4 ") == "K7MQX4" and room_code("not a code") == "not a code"
    with pytest.raises(NotInLibrary, match="there is no workshop room ACDEFG in this progress file"):
        scenario_for_room(store, "acd-efg")
