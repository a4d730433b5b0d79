"""The phone page in a real headless Chromium: pre-filled code, join, vote, reconnect, summary.

Skipped with the reason when Debian's chromium is missing or cannot start. Set
``HRTRAINING_PHONE_SHOTS=DIR`` to also save phone-sized screenshots (390×844)
of each step, e.g. into ``docs/screenshots``.
"""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import aiohttp
import pytest

from hrtraining.engine import PROJECT_ROOT, find_rubric, load_rubric, load_scenario
from hrtraining.progress import token_hash
from hrtraining.workshop import Workshop, WorkshopServer

from wshelpers import run

SCENARIO = PROJECT_ROOT / "scenarios" / "bar-fights.yaml"


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


class SlowVotes:
    """The real store, except that a vote's commit waits until the test lets it through (so the
    phone's "pending" state can be seen before the server confirms)."""

    def __init__(self, store):
        import threading
        self._store = store
        self.gate = threading.Event()
        self.gate.set()

    def __getattr__(self, name):
        return getattr(self._store, name)

    def record_votes(self, *a, **k):  # the host writes votes in batches
        self.gate.wait(10)
        return self._store.record_votes(*a, **k)


OPTION = "#options .choice:nth-child({}) button"
PRESSED = "#options button[aria-pressed=\"true\"]"


def test_phone_page_joins_votes_reconnects_and_shows_the_summary(browser, room):
    w, server = room
    slow = SlowVotes(w.store)
    w.store = slow
    shots = os.environ.get("HRTRAINING_PHONE_SHOTS")
    shot_dir = Path(shots) if shots else None
    url = f"http://127.0.0.1:{server.port}/?room={w.room.code}"

    async def go():
        async with aiohttp.ClientSession() as s:
            page = await browser.page(s)
            try:
                # Short heartbeat for the test (a phone uses 4 s / 10 s).
                await page.send("Page.addScriptToEvaluateOnNewDocument",
                                source="window.hrtrainingTiming = {ping: 400, dead: 1500};")
                await page.phone(320, 640)  # the smallest phone we promise to work on
                await page.navigate(url)
                assert await page.eval("document.getElementById('room').value") == w.room.code
                assert await page.eval("document.documentElement.scrollWidth") <= 320
                await page.phone()
                if shot_dir:
                    await page.screenshot(shot_dir / "workshop-phone-1-join.png")
                # A wrong code says so where the code is typed, not "Not connected".
                await page.eval("document.getElementById('room').value = 'QQQQQQ'")
                await page.tap("#join-button")
                await page.until("document.getElementById('join-error').textContent.includes('no room with that code')")
                assert "Not connected" not in await page.eval("document.getElementById('conn').textContent")
                await page.eval(f"document.getElementById('room').value = {w.room.code!r}")
                await page.type_text("#nickname", "Chromie <b>")
                await page.tap("#join-button")
                await wait_for(lambda: w.snapshot.participants == 1)
                assert next(iter(w.room.participants.values())).nickname == "Chromie <b>"
                # The content notes come first, before any line of the story.
                await page.until("!document.getElementById('notes-view').hidden")
                notes = await page.eval("document.getElementById('notes-list').textContent")
                assert "violence" in notes
                assert await page.eval("document.getElementById('lines').textContent") == ""
                if shot_dir:
                    await page.screenshot(shot_dir / "workshop-phone-0-notes.png")
                token = await page.eval(f"JSON.parse(localStorage.getItem('hrtraining.workshop.{w.room.code}')).token")
                assert w.knows(token)
                # Stepping out quietly, and back.
                await page.tap("#step-out-notes")
                await page.until("!document.getElementById('out-view').hidden")
                await wait_for(lambda: w.snapshot.stepped_out == 1)
                await page.tap("#step-in")
                await page.until("!document.getElementById('notes-view').hidden")
                await wait_for(lambda: w.snapshot.stepped_out == 0)
                w.begin()
                await page.until("!document.getElementById('room-view').hidden")
                # Speaker and line are two phrases for a screen reader.
                assert await page.eval("document.querySelector('#lines .line .who .sr').textContent") == ":"
                w.open_vote()
                await page.until("document.querySelectorAll('#options button:not([disabled])').length === 4")
                assert "Voting is open" in await page.eval("document.getElementById('phase').textContent")
                # On the smallest phone the first choice is within a screen of the notice.
                await page.phone(320, 640)
                gap = await page.eval("document.querySelector('#options .choice').getBoundingClientRect().top"
                                      " - document.getElementById('phase').getBoundingClientRect().top")
                assert gap < 640 * 0.8, gap
                await page.phone()
                sizes = await page.eval("[...document.querySelectorAll('button')].filter(b => b.offsetParent)"
                                        ".map(b => [b.getBoundingClientRect().width, b.getBoundingClientRect().height])")
                assert sizes and all(wd >= 48 and ht >= 48 for wd, ht in sizes), sizes
                # A vote is pending until the server confirms it: never "Your vote" before then.
                slow.gate.clear()
                await page.tap(OPTION.format(2))
                await page.until("document.querySelector('#options button.pending') !== null")
                text = await page.eval("document.getElementById('your-vote').textContent")
                assert "Sending your vote (2)" in text and "not counted yet" in text
                assert await page.eval(f"document.querySelector('{PRESSED}')") is None
                if shot_dir:
                    await page.eval("window.scrollTo(0, document.getElementById('question').offsetTop - 120)")
                    await page.screenshot(shot_dir / "workshop-phone-2-pending.png")
                slow.gate.set()
                await wait_for(lambda: w.your_vote(token) == 2)
                await page.until("document.getElementById('your-vote').textContent.includes('Your vote: 2 (received)')")
                assert await page.eval(f"document.querySelector({OPTION.format(2)!r})"
                                       ".getAttribute('aria-pressed')") == "true"
                assert w.snapshot.voted == 1
                if shot_dir:
                    await page.eval("window.scrollTo(0, document.getElementById('question').offsetTop - 120)")
                    await page.screenshot(shot_dir / "workshop-phone-2-vote.png")
                await page.tap(OPTION.format(3))  # change of mind while open
                await wait_for(lambda: w.your_vote(token) == 3)
                await page.until("document.getElementById('your-vote').textContent.includes('Your vote: 3')")
                # The acknowledgement updates the buttons in place: focus stays on the one tapped.
                assert await page.eval("document.activeElement.dataset.number") == "3"
                # A silent, dead link (the server's loop frozen): the phone notices within the
                # heartbeat, pins an offline banner, keeps a tap and sends it once back.
                server._loop.call_soon_threadsafe(time.sleep, 3.0)
                await page.until("!document.getElementById('offline').hidden", timeout=6)
                banner = await page.eval("document.getElementById('offline').textContent")
                assert banner.startswith("Offline")
                await page.tap(OPTION.format(1))
                await page.until("document.getElementById('your-vote').textContent.includes('will be sent')")
                assert await page.eval("document.querySelector('#options button.queued') !== null")
                if shot_dir:
                    await page.eval("window.scrollTo(0, document.getElementById('question').offsetTop - 120)")
                    await page.screenshot(shot_dir / "workshop-phone-5-offline.png")
                # Pinned: still on screen after scrolling to the bottom.
                await page.eval("window.scrollTo(0, document.body.scrollHeight)")
                top = await page.eval("document.getElementById('offline').getBoundingClientRect().top")
                assert 0 <= top < 50
                await wait_for(lambda: w.your_vote(token) == 1, timeout=20)  # sent on reconnect
                await page.until("document.getElementById('offline').hidden", timeout=10)
                await page.until("document.getElementById('your-vote').textContent.includes('Your vote: 1 (received)')")
                # Reload (a phone that slept and lost the page): same person, same vote.
                await page.navigate(url)
                await page.until(f"document.querySelector('{PRESSED}') !== null")
                assert len(w.room.participants) == 1
                assert await page.eval(f"document.querySelector('{PRESSED} .num').textContent") == "1"
                others = [w.join(None, None)[0].token for _ in range(7)]  # the rest of the room
                for i, t in enumerate(others):
                    w.vote(t, 0, (1, 3, 3, 2, 3, 1, 3)[i])
                w.reveal()
                await page.until("document.querySelectorAll('#options .result').length === 4")
                assert "4 votes (50%)" in await page.eval("document.getElementById('options').textContent")
                # The counts are outside the button's name (described by, not part of, it).
                label = await page.eval(f"document.querySelector({OPTION.format(1)!r}).textContent")
                assert "votes" not in label
                assert await page.eval(f"document.querySelector({OPTION.format(1)!r}).getAttribute('aria-describedby')")
                w.show_feedback()
                await page.until("!document.getElementById('discussion').hidden")
                if shot_dir:  # their own choice, its count and the coach's note
                    await page.eval(f"window.scrollTo(0, document.querySelector('{PRESSED}').offsetTop - 80)")
                    await page.screenshot(shot_dir / "workshop-phone-3-results.png")
                await page.eval("window.scrollTo(0, document.body.scrollHeight); document.activeElement.blur()")
                w.go_on(3)
                # A new decision: the choices are brought into view and focused (not the page body).
                await page.until("document.activeElement.id === 'question'")
                top = await page.eval("document.getElementById('question').getBoundingClientRect().top")
                assert -2 <= top < 200
                # A few more decisions, voted by tapping, so the summary has a path to score.
                for _ in range(4):
                    if w.snapshot.finished:
                        break
                    seq, best = w.snapshot.seq, best_option(w)
                    w.open_vote()
                    await page.until(f"document.querySelectorAll('#options button:not([disabled])').length === "
                                     f"{len(w.snapshot.options)} && document.getElementById('phase')"
                                     f".textContent.startsWith('Decision {seq + 1}.')")
                    await page.tap(OPTION.format(best))
                    await wait_for(lambda: w.room.vote_of(token_hash(token), seq) == best)
                    w.go_on(best)
                w.end()
                await page.until("!document.getElementById('summary-view').hidden")
                text = await page.eval("document.getElementById('summary-view').textContent")
                assert "Your private summary" in text and "You chose:" in text
                assert "Save as a file" in text and "Print" in text
                # The nickname reached the page only as text (never markup).
                assert await page.eval("document.querySelectorAll('b').length") == 0
                # A reload after the end shows the summary again (kept on the phone).
                await page.navigate(url)
                await page.until("!document.getElementById('summary-view').hidden")
                # The privacy promise on the join page is true with the leaderboard too.
                help_text = await page.eval("document.getElementById('nick-help').textContent")
                assert "Nobody sees how you voted" not in help_text and "leaderboard" in help_text
                # The leader closes the workshop: a normal end, not a lost connection.
                server.stop()
                ended = "The workshop has ended. Thank you!"
                await page.until(f"document.getElementById('conn').textContent === {ended!r}")
                await asyncio.sleep(1.5)  # longer than the first reconnect delay: no retry follows
                assert await page.eval("document.getElementById('conn').textContent") == ended
                assert await page.eval("document.getElementById('offline').hidden")
                if shot_dir:
                    await page.eval("window.scrollTo(0, 0)")
                    await page.screenshot(shot_dir / "workshop-phone-4-summary.png")
            finally:
                await page.close()
    run(go())
    w.flush()
    mine = [v for v in w.store.room_votes(w.room.code) if v.nickname == "Chromie <b>"]
    assert mine[0].decision_seq == 0 and mine[0].choice_index == 0 and len(mine) >= 2
