"""A tiny Chrome DevTools Protocol client over aiohttp (no new dependency), for the phone-page test.

``Chromium.start(tmp)`` launches Debian's headless chromium with a throwaway
profile and no background traffic; ``await browser.page()`` connects to its tab.
"""
from __future__ import annotations

import asyncio
import base64
import itertools
import json
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import aiohttp

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
         "--no-default-browser-check", "--mute-audio", "--remote-debugging-port=0"]


class ChromiumUnavailable(Exception):
    pass


class Chromium:
    def __init__(self, proc: subprocess.Popen, port: int):
        self.proc = proc
        self.port = port

    @classmethod
    def start(cls, profile: Path, timeout: float = 30.0) -> Chromium:
        if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
            raise ChromiumUnavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
        profile.mkdir(parents=True, exist_ok=True)
        try:
            proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except OSError as e:
            raise ChromiumUnavailable(f"{CHROMIUM} could not be started: {e}") from None
        port_file = profile / "DevToolsActivePort"
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace")[-800:] if proc.stderr else ""
                raise ChromiumUnavailable(f"chromium exited at start (code {proc.returncode}): {err}")
            if port_file.is_file():
                text = port_file.read_text().split()
                if text:
                    return cls(proc, int(text[0]))
            time.sleep(0.05)
        proc.kill()
        raise ChromiumUnavailable("chromium did not open its DevTools port in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    async def page(self, session: aiohttp.ClientSession) -> Page:
        async with session.get(f"http://127.0.0.1:{self.port}/json/list") as r:
            targets = await r.json(content_type=None)
        target = next(t for t in targets if t.get("type") == "page")
        ws = await session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=64 * 1024 * 1024)
        page = Page(ws)
        page.reader = asyncio.ensure_future(page._read())
        await page.send("Page.enable")
        await page.send("Runtime.enable")
        return page


class Page:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse):
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future] = {}
        self.events: list[dict[str, Any]] = []
        self.reader: asyncio.Future | None = None

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            else:
                self.events.append(data)

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        i = next(self.ids)
        fut = asyncio.get_running_loop().create_future()
        self.pending[i] = fut
        await self.ws.send_json({"id": i, "method": method, "params": params})
        reply = await asyncio.wait_for(fut, 20)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    async def eval(self, expression: str) -> Any:
        r = await self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"page error: {r['exceptionDetails']}")
        return r["result"].get("value")

    async def until(self, expression: str, timeout: float = 10.0) -> Any:
        end = time.monotonic() + timeout
        while True:
            value = await self.eval(expression)
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError(f"never true on the page: {expression}")
            await asyncio.sleep(0.05)

    async def navigate(self, url: str) -> None:
        await self.send("Page.navigate", url=url)
        await self.until("document.readyState === 'complete' && !!document.getElementById('room')")

    async def tap(self, selector: str) -> None:
        """A real mouse click at the middle of the element (as a finger tap would land)."""
        box = await self.eval(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView({{block: 'center'}});"
            f" const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()")
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            await self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def type_text(self, selector: str, text: str) -> None:
        await self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        await self.send("Input.insertText", text=text)

    async def phone(self, width: int = 390, height: int = 844) -> None:
        await self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=2,
                        mobile=True)

    async def screenshot(self, path: Path, full: bool = False) -> None:
        params: dict[str, Any] = {"format": "png"}
        if full:
            params["captureBeyondViewport"] = True
        data = await self.send("Page.captureScreenshot", **params)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data["data"]))

    async def close(self) -> None:
        await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
