"""The phone page in a real headless Chromium: pre-filled code, join, vote, reconnect, summary.

Skipped with the reason when Debian's chromium is missing or cannot start. Set
``HRTRAINING_PHONE_SHOTS=DIR`` to also save phone-sized screenshots (390×844)
of each step, e.g. into ``docs/screenshots``.
"""
from __future__ import annotations

import asyncio
import os
from pathlib import Path

import aiohttp
import pytest

from hrtraining.engine import PROJECT_ROOT, find_rubric, load_rubric, load_scenario
from hrtraining.progress import token_hash
from hrtraining.workshop import Workshop, WorkshopServer

from cdp import Chromium, ChromiumUnavailable
from wshelpers import run

SCENARIO = PROJECT_ROOT / "scenarios" / "bar-fights.yaml"


@pytest.fixture
def browser(tmp_path):
    try:
        b = Chromium.start(tmp_path / "chromium-profile")
    except ChromiumUnavailable as e:
        pytest.skip(f"headless Chromium unavailable: {e}")
    yield b
    b.stop()


@pytest.fixture
def room(store):
    rubric = load_rubric(find_rubric(SCENARIO))
    w = Workshop.create(load_scenario(SCENARIO, rubric), rubric, store, "Leader")
    server = WorkshopServer(w, "127.0.0.1", 0).start()
    yield w, server
    server.stop()
    w.close()


def best_option(w) -> int:
    """The option a careful counsellor would pick: most points on the required dimensions."""
    room = w.room
    node = room.scenario.nodes[room.step.node_id]
    return max(room.step.options, key=lambda o: sum(node.choices[o.choice_index].score.get(d, 0)
                                                    for d in room.rubric.required)).number


async def wait_for(pred, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not pred():
        if loop.time() > end:
            raise AssertionError("the server never saw it")
        await asyncio.sleep(0.05)


def test_phone_page_joins_votes_reconnects_and_shows_the_summary(browser, room):
    w, server = room
    shots = os.environ.get("HRTRAINING_PHONE_SHOTS")
    shot_dir = Path(shots) if shots else None
    url = f"http://127.0.0.1:{server.port}/?room={w.room.code}"

    async def go():
        async with aiohttp.ClientSession() as s:
            page = await browser.page(s)
            try:
                await page.phone(320, 640)  # the smallest phone we promise to work on
                await page.navigate(url)
                assert await page.eval("document.getElementById('room').value") == w.room.code
                assert await page.eval("document.documentElement.scrollWidth") <= 320
                await page.phone()
                if shot_dir:
                    await page.screenshot(shot_dir / "workshop-phone-1-join.png")
                await page.type_text("#nickname", "Chromie <b>")
                await page.tap("#join-button")
                await wait_for(lambda: w.snapshot.participants == 1)
                assert next(iter(w.room.participants.values())).nickname == "Chromie <b>"
                await page.until("!document.getElementById('room-view').hidden")
                token = await page.eval(f"JSON.parse(localStorage.getItem('hrtraining.workshop.{w.room.code}')).token")
                assert w.knows(token)
                w.open_vote()
                await page.until("document.querySelectorAll('#options button:not([disabled])').length === 4")
                assert "Voting is open" in await page.eval("document.getElementById('phase').textContent")
                sizes = await page.eval("[...document.querySelectorAll('button')].filter(b => b.offsetParent)"
                                        ".map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])")
                assert sizes and all(wd >= 48 and ht >= 48 for wd, ht in sizes), sizes
                await page.tap("#options button:nth-child(2)")
                await wait_for(lambda: w.your_vote(token) == 2)
                assert w.snapshot.voted == 1
                await page.until("document.getElementById('your-vote').textContent.includes('Your vote: 2')")
                assert await page.eval("document.querySelector('#options button:nth-child(2)')"
                                       ".getAttribute('aria-pressed')") == "true"
                if shot_dir:
                    await page.eval("window.scrollTo(0, document.getElementById('question').offsetTop - 120)")
                    await page.screenshot(shot_dir / "workshop-phone-2-vote.png")
                await page.tap("#options button:nth-child(3)")  # change of mind while open
                await wait_for(lambda: w.your_vote(token) == 3)
                await page.until("document.getElementById('your-vote').textContent.includes('Your vote: 3')")
                # The acknowledgement updates the buttons in place: focus stays on the one tapped.
                assert await page.eval("document.activeElement.dataset.number") == "3"
                # Reload (a phone that slept and lost the page): same person, same vote.
                await page.navigate(url)
                await page.until("document.querySelector('#options button[aria-pressed=\"true\"]') !== null")
                assert len(w.room.participants) == 1
                assert await page.eval("document.querySelector('#options button[aria-pressed=\"true\"] .num')"
                                       ".textContent") == "3"
                others = [w.join(None, None)[0].token for _ in range(7)]  # the rest of the room
                for i, t in enumerate(others):
                    w.vote(t, 0, (1, 3, 3, 2, 3, 1, 3)[i])
                w.reveal()
                await page.until("document.querySelectorAll('#options .result').length === 4")
                assert "5 votes (63%)" in await page.eval("document.getElementById('options').textContent")
                w.show_feedback()
                await page.until("!document.getElementById('discussion').hidden")
                if shot_dir:  # their own choice, its count and the coach's note
                    await page.eval("window.scrollTo(0, document.querySelector('#options button[aria-pressed=\"true\"]')"
                                    ".offsetTop - 80)")
                    await page.screenshot(shot_dir / "workshop-phone-3-results.png")
                w.go_on(3)
                # A few more decisions, voted by tapping, so the summary has a path to score.
                for _ in range(4):
                    if w.snapshot.finished:
                        break
                    seq, best = w.snapshot.seq, best_option(w)
                    w.open_vote()
                    await page.until(f"document.querySelectorAll('#options button:not([disabled])').length === "
                                     f"{len(w.snapshot.options)} && document.getElementById('phase')"
                                     f".textContent.startsWith('Decision {seq + 1}.')")
                    await page.tap(f"#options button:nth-child({best})")
                    await wait_for(lambda: w.room.vote_of(token_hash(token), seq) == best)
                    w.go_on(best)
                w.end()
                await page.until("!document.getElementById('summary-view').hidden")
                text = await page.eval("document.getElementById('summary-view').textContent")
                assert "Your private summary" in text and "You chose:" in text
                # The nickname reached the page only as text (never markup).
                assert await page.eval("document.querySelectorAll('b').length") == 0
                # The privacy promise on the join page is true with the leaderboard too.
                help_text = await page.eval("document.getElementById('nick-help').textContent")
                assert "Nobody sees how you voted" not in help_text and "leaderboard" in help_text
                # The leader closes the workshop: a normal end, not a lost connection.
                server.stop()
                ended = "The workshop has ended. Thank you!"
                await page.until(f"document.getElementById('conn').textContent === {ended!r}")
                await asyncio.sleep(1.5)  # longer than the first reconnect delay: no retry follows
                assert await page.eval("document.getElementById('conn').textContent") == ended
                if shot_dir:
                    await page.eval("window.scrollTo(0, 0)")
                    await page.screenshot(shot_dir / "workshop-phone-4-summary.png")
            finally:
                await page.close()
    run(go())
    w.flush()
    mine = [v for v in w.store.room_votes(w.room.code) if v.nickname == "Chromie <b>"]
    assert mine[0].decision_seq == 0 and mine[0].choice_index == 2 and len(mine) >= 2
