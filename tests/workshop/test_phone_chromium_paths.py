"""The phone page in a real headless Chromium, along the paths a real room takes besides the
happy one: a typed code and a reload, a late joiner and the content notes, focus and fit on a
small phone at later decisions, stepping out while offline, and the leader closing the room.

Skipped with the reason when Chromium cannot start (see the root conftest's ``browser``).
"""
from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from hrtraining.engine import PROJECT_ROOT, find_rubric, load_rubric, load_scenario
from hrtraining.workshop import Workshop, WorkshopServer

from wshelpers import run

GIVEN_UP = PROJECT_ROOT / "scenarios" / "given-up.yaml"  # content notes, long lines, many decisions
FAST = "window.hrtrainingTiming = {ping: 400, dead: 1500};"  # a phone uses 4 s / 10 s
VISIBLE = "(id => {{ const e = document.getElementById(id); return !!e && e.offsetParent !== null; }})({!r})"


@pytest.fixture
def room(store):
    rubric = load_rubric(find_rubric(GIVEN_UP))
    w = Workshop.create(load_scenario(GIVEN_UP, rubric), rubric, store, "Leader")
    server = WorkshopServer(w, "127.0.0.1", 0).start()
    yield w, server
    server.stop()
    w.close()


async def wait_for(pred, timeout=10.0):
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not pred():
        if loop.time() > end:
            raise AssertionError("the server never saw it")
        await asyncio.sleep(0.05)


async def typed_join(page, base, code, nickname="Hana"):
    """Open the bare address (no ?room) and type the code, as someone who did not scan the QR."""
    await page.navigate(base)
    await page.type_text("#room", code)
    await page.type_text("#nickname", nickname)
    await page.tap("#join-button")


def in_browser(browser, body):
    async def go():
        async with aiohttp.ClientSession() as s:
            page = await browser.page(s)
            try:
                await page.send("Page.addScriptToEvaluateOnNewDocument", source=FAST)
                await body(page)
            finally:
                await page.close()
    run(go())


def test_a_typed_code_survives_a_reload_and_the_summary_says_to_save_it_before_the_room_closes(browser, room):
    w, server = room
    base = f"http://127.0.0.1:{server.port}/"

    async def body(page):
        await page.phone(320, 568)
        await typed_join(page, base, w.room.code)
        await page.until("!document.getElementById('notes-view').hidden")
        # The code is now in the address: a reload finds this room's key and summary.
        assert await page.eval("new URLSearchParams(location.search).get('room')") == w.room.code
        w.begin()
        w.open_vote()
        await page.until("document.querySelectorAll('#options button:not([disabled])').length > 0")
        await page.tap("#options .choice:nth-child(2) button")
        await page.until("document.getElementById('your-vote').textContent.includes('received')")
        w.end()
        await page.until("!document.getElementById('summary-view').hidden")
        # Said at once, on the first screen: save or print now, the page goes with the room.
        keep = await page.eval("document.getElementById('summary-keep').textContent")
        assert "Save or print your summary now" in keep and "can't be reloaded" in keep
        assert await page.eval("document.getElementById('summary-keep').getBoundingClientRect().top"
                               " < window.innerHeight")
        assert await page.eval(VISIBLE.format("summary-save")) and await page.eval(VISIBLE.format("summary-print"))
        # While the leader's laptop serves the page, a reload shows the summary again.
        await page.navigate(await page.eval("location.href"))
        await page.until("!document.getElementById('summary-view').hidden")
        assert "You voted on 1 of 1" in await page.eval("document.getElementById('summary-overall').textContent")
        # Nothing on the page promises a summary that outlives the server.
        html = await page.eval("document.body.textContent")
        assert "keeps your summary" not in html and "stops serving it" not in html

    in_browser(browser, body)


def test_a_late_joiner_sees_the_content_notes_once_with_continue_and_step_out(browser, room):
    w, server = room
    w.begin()  # the room has read the notes already
    url = f"http://127.0.0.1:{server.port}/?room={w.room.code}"

    async def body(page):
        await page.phone()
        await page.navigate(url)
        await page.tap("#join-button")
        await page.until("!document.getElementById('notes-view').hidden")
        assert "suicide" in await page.eval("document.getElementById('notes-list').textContent")
        assert await page.eval(VISIBLE.format("notes-continue")) and await page.eval(VISIBLE.format("step-out-notes"))
        assert not await page.eval(VISIBLE.format("notes-wait"))  # the story is not waiting for the leader
        assert await page.eval("document.activeElement.id") == "notes-heading"
        await page.tap("#notes-continue")
        await page.until("!document.getElementById('room-view').hidden")
        assert await page.eval("document.getElementById('lines').textContent") != ""
        # Seen once: a reload goes straight to the story.
        await page.navigate(url)
        await page.until("!document.getElementById('room-view').hidden")
        assert await page.eval("document.getElementById('notes-view').hidden")
        # Someone else who joins late can step out from the notes.
        await page.eval("localStorage.clear()")
        await page.navigate(url)
        await page.tap("#join-button")
        await page.until("!document.getElementById('notes-view').hidden")
        await page.tap("#step-out-notes")
        await page.until("!document.getElementById('out-view').hidden")
        await wait_for(lambda: w.snapshot.stepped_out == 1)

    in_browser(browser, body)


def test_a_small_phone_focuses_the_story_then_each_decision_with_the_clients_line_in_view(browser, room):
    w, server = room
    url = f"http://127.0.0.1:{server.port}/?room={w.room.code}"
    height = 568

    async def body(page):
        await page.phone(320, height)
        await page.navigate(url)
        await page.tap("#join-button")
        await page.until("!document.getElementById('notes-view').hidden")
        w.begin()
        await page.until("!document.getElementById('room-view').hidden")
        # The story begins: focus on what was said, never the page body.
        await page.until("document.activeElement.id === 'lines'")
        assert await page.eval("window.scrollY") == 0
        for decision in range(1, 4):  # decisions 2, 3 and 4
            if w.snapshot.phase != "open":
                w.open_vote()
            w.close_vote()
            w.reveal()
            w.show_feedback()
            await page.until("!document.getElementById('discussion').hidden")
            await page.eval("window.scrollTo(0, document.body.scrollHeight); document.activeElement.blur()")
            w.go_on(2 if decision % 2 else 3)
            await page.until(f"document.getElementById('phase').textContent.startsWith('Decision {decision + 1}.')"
                             " && document.activeElement.id === 'question'")
            # The client's last line is on screen, above the question it leads to.
            said = await page.eval("(() => { const l = [...document.querySelectorAll('#lines > .line.client')];"
                                   " return l.length ? l[l.length - 1].getBoundingClientRect().top : null; })()")
            q = await page.eval("document.getElementById('question').getBoundingClientRect().top")
            if said is not None:
                assert 0 <= said < q < height, (decision, said, q)
            w.open_vote()
            await page.until("document.querySelectorAll('#options button:not([disabled])').length > 0")
            gap = await page.eval("document.querySelector('#options .choice').getBoundingClientRect().top"
                                  " - document.getElementById('phase').getBoundingClientRect().top")
            assert gap < height * 0.75, (decision, gap)
            first = await page.eval("document.querySelector('#options .choice').getBoundingClientRect().top")
            assert first < height, (decision, first)  # the first choice shows without scrolling
        # Offline: a tap on "Step out" says so on the screen the person is looking at.
        server._loop.call_soon_threadsafe(time.sleep, 3.0)
        await page.until("!document.getElementById('offline').hidden", timeout=6)
        await page.tap("#step-out-room")
        await page.until(VISIBLE.format("room-error"))
        assert "offline" in await page.eval("document.getElementById('room-error').textContent")
        await page.until("document.getElementById('offline').hidden", timeout=15)
        await page.tap("#step-out-room")
        await page.until("!document.getElementById('out-view').hidden")
        server._loop.call_soon_threadsafe(time.sleep, 3.0)
        await page.until("!document.getElementById('offline').hidden", timeout=6)
        await page.tap("#step-in")
        await page.until(VISIBLE.format("out-error"))
        assert "offline" in await page.eval("document.getElementById('out-error').textContent")

    in_browser(browser, body)
