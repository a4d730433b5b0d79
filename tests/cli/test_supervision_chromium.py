"""The supervision file (``export --attempt ID --format html``) in headless Chromium: it renders with
nothing loaded from a network, nothing overflows a narrow window, and it prints to A4 and US Letter
PDFs whose pages render.

Driven over the DevTools protocol with the phone-page test's client (tests/workshop/cdp.py);
skipped with the reason when Debian's chromium is missing or cannot start. Printing goes through
``Page.printToPDF`` (the print stylesheet applies) and pdftoppm turns each PDF into PNG pages.
``HRTRAINING_SUPERVISION_SHOTS=DIR`` also saves the first printed A4 page as
``DIR/supervision-print-1.png`` (the README's picture of it).
"""
from __future__ import annotations

import asyncio
import base64
import os
import shutil
import subprocess
from pathlib import Path

import aiohttp
import pytest

from hrtraining.practice import Attempt, DEFAULT_DIR, Library, Recorder
from hrtraining.progress import Store

ROOT = Path(__file__).resolve().parents[2]

PAPER = {"a4": (8.27, 11.69), "letter": (8.5, 11.0)}
LONG_WORD = "unbroken" * 60  # a 480-character "word" must wrap, not run off the page


SAMPLE = ("Sounds like the court date is what got you here. What would you want from coming, for yourself?",
          "",
          "Staying home was your idea. What do you think it would change about the fights?",
          "Twenty-one days without a fight is a real change. How did you manage it?")


def record_attempt(data: Path, sample: bool = False) -> int:
    """Ray's scenario played write-first to its end, with own words at every decision (``sample``:
    the words of the README's picture, else words that test escaping and wrapping)."""
    recorder = Recorder(Store.open(data), "Sample trainee" if sample else "Ana")
    try:
        entry = Library([str(DEFAULT_DIR)]).by_id("bar-fights")
        a = Attempt.start(entry, "practice", recorder, write_first=True)
        n = 0
        while not a.finished:
            if a.beat.kind == "continue":
                a.advance()
                continue
            n += 1
            if sample:
                words = SAMPLE[(n - 1) % len(SAMPLE)]
                a.write(words, 30.0 + 7 * n)
                if words:
                    a.mark_closest(2 if n == 1 else None if n == 3 else 0)
            elif n == 2:
                a.skip_writing(3)
            else:
                words = f"Decision {n}: you cut down, and that counts.\nWhat would help next? <b>&</b>"
                a.write(words + (" " + LONG_WORD if n == 1 else ""), 20.0 + n)
                a.mark_closest(None if n == 3 else 0)
            a.choose(0)
        a.finish()
        a.rate("fair")
        a.set_reflection("Slow down at the first decision.\nReflect the change before I ask anything.")
        return a.attempt_id
    finally:
        recorder.close()


def test_the_supervision_file_renders_offline_and_prints_to_a4_and_letter(browser, tmp_path, cli, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("HRTRAINING_DATA_DIR", str(data))
    attempt_id = record_attempt(data)
    page_file = tmp_path / "debrief.html"
    rc, _, err = cli("export", "--attempt", attempt_id, "--format", "html", "-o", page_file)
    assert rc == 0, err
    pdfs: dict[str, Path] = {}

    async def go():
        async with aiohttp.ClientSession() as s:
            page = await browser.page(s)
            try:
                await page.send("Emulation.setDeviceMetricsOverride", width=560, height=900, deviceScaleFactor=1,
                                mobile=False)
                await page.send("Page.navigate", url=page_file.as_uri())
                await page.until("document.readyState === 'complete'")
                # Nothing was fetched: no script, picture, font or style sheet from anywhere.
                assert await page.eval("performance.getEntriesByType('resource').length") == 0
                assert await page.eval("document.querySelectorAll('script, link, img, iframe').length") == 0
                text = await page.eval("document.body.textContent")
                assert "Decision 1: you cut down, and that counts." in text and "<b>&</b>" in text
                assert "You skipped writing at this decision." in text
                assert "None of the options was close to what you wrote" in text
                assert "Slow down at the first decision." in text and "Notes from supervision" in text
                assert await page.eval("document.querySelectorAll('article.decision').length") >= 9
                # A long word wraps inside its box: nothing is wider than the window.
                assert await page.eval("document.documentElement.scrollWidth <= window.innerWidth")
                for name, (w, h) in PAPER.items():
                    printed = await page.send("Page.printToPDF", printBackground=True, paperWidth=w, paperHeight=h,
                                              preferCSSPageSize=False)
                    pdfs[name] = tmp_path / f"debrief-{name}.pdf"
                    pdfs[name].write_bytes(base64.b64decode(printed["data"]))
            finally:
                await page.close()

    asyncio.run(go())
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    for name, pdf in pdfs.items():
        assert pdf.read_bytes().startswith(b"%PDF")
        subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / name)], check=True, timeout=120)
        pages = sorted(tmp_path.glob(f"{name}-*.png"))
        assert 2 <= len(pages) <= 40, name
        assert all(p.stat().st_size > 1000 for p in pages)
    shots = os.environ.get("HRTRAINING_SUPERVISION_SHOTS")
    if shots:
        sample = record_attempt(data, sample=True)
        sample_file = tmp_path / "sample.html"
        assert cli("export", "--attempt", sample, "--format", "html", "-o", sample_file)[0] == 0
        pdf = tmp_path / "sample.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp_path / 'print-profile'}", f"--print-to-pdf={pdf}",
                        sample_file.as_uri()], check=True, timeout=120, capture_output=True)
        Path(shots).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                        str(Path(shots) / "supervision-print-1")], check=True, timeout=120)
