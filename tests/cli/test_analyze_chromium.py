"""The ``analyze --format html`` page in headless Chromium: it renders, links work, it prints.

Driven over the DevTools protocol with the same tiny client as the phone-page test
(tests/workshop/cdp.py). Skipped with the reason when Debian's chromium is missing or
cannot start. Printing goes through ``Page.printToPDF`` (the print stylesheet applies),
and pdftoppm turns the PDF into one PNG per page.
"""
from __future__ import annotations

import asyncio
import base64
import shutil
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "engine"))
from test_analyze_codes import PLAYS, record_attempts  # noqa: E402

from hrtraining.engine import load_scenario  # noqa: E402

RECORDED = ROOT / "tests" / "fixtures" / "analyze" / "recorded-play.yaml"
BAR_FIGHTS = ROOT / "scenarios" / "bar-fights.yaml"
BAR_FIGHTS_NODES = len(load_scenario(BAR_FIGHTS).nodes)  # the graph draws one box per node


def test_the_html_report_renders_links_and_prints(browser, tmp_path, cli):
    data = tmp_path / "data"
    record_attempts(data, PLAYS["harder-than-chance"])
    page_file = tmp_path / "report.html"
    rc, _, err = cli("analyze", RECORDED, BAR_FIGHTS, "--attempts", data, "--format", "html", "-o", page_file)
    assert rc == 0, err
    pdf = tmp_path / "report.pdf"

    async def go():
        async with aiohttp.ClientSession() as s:
            page = await browser.page(s)
            try:
                await page.send("Page.navigate", url=page_file.as_uri())
                await page.until("document.readyState === 'complete' && document.querySelectorAll('svg.graph')"
                                 ".length === 2")
                # Both graphs drew their nodes at a real size.
                sizes = await page.eval("[...document.querySelectorAll('svg.graph')].map(g => "
                                        "[g.querySelectorAll('a rect').length, g.getBoundingClientRect().width])")
                assert sizes[0][0] == 3 and sizes[1][0] == BAR_FIGHTS_NODES and all(w > 100 for _, w in sizes)
                # recorded play colours the decisions of the first scenario by difficulty
                assert await page.eval("[...document.querySelectorAll('svg.graph')[0].querySelectorAll('a rect')]"
                                       ".filter(r => r.getAttribute('fill').startsWith('hsl')).length") == 2
                # every in-page link (findings, graph nodes, tables) has a target
                broken = await page.eval("[...document.querySelectorAll('a[href^=\"#\"]')].map(a => "
                                         "a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))")
                assert broken == []
                links = await page.eval("document.querySelectorAll('.findings a').length")
                assert links >= 1  # findings link to their nodes
                text = await page.eval("document.body.innerText")
                assert "Naive players" in text and "Recorded play" in text and "HR133" in text
                assert await page.eval("document.querySelectorAll('script').length") == 0
                printed = await page.send("Page.printToPDF", printBackground=True)
                pdf.write_bytes(base64.b64decode(printed["data"]))
            finally:
                await page.close()

    asyncio.run(go())
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed (apt-get install poppler-utils)")
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2  # each scenario starts on a new page
    assert all(p.stat().st_size > 1000 for p in pages)
