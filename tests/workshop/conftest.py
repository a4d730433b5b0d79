"""Fixtures for workshop tests: the golden scenario, a room, and a live server on 127.0.0.1."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from hrtraining.engine import load_rubric, load_scenario, find_rubric

from wshelpers import GOLDEN


@pytest.fixture(scope="session")
def golden():
    """(scenario, rubric) of the engine's golden test scenario: 2 decisions, a loop, 3 endings."""
    rubric = load_rubric(find_rubric(GOLDEN))
    return load_scenario(GOLDEN, rubric), rubric


@pytest.fixture
def store(tmp_path: Path):
    from hrtraining.progress import Store
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


@pytest.fixture
def live(golden, store) -> Iterator[Any]:
    """A running room with a store: ``live.workshop``, ``live.server``, ``live.ws_url``."""
    from hrtraining.workshop import Workshop, WorkshopServer

    sc, rubric = golden
    w = Workshop.create(sc, rubric, store, "Leader")
    server = WorkshopServer(w, "127.0.0.1", 0).start()

    class Live:
        workshop = w
        srv = server
        code = w.room.code
        http = f"http://127.0.0.1:{server.port}"
        ws_url = f"http://127.0.0.1:{server.port}/ws"

    Live.server = server  # type: ignore[attr-defined]
    yield Live
    server.stop()
    w.close()
