"""The leader's report, and the leaderboard's ranks: what a room decided, as CSV and a printable page.

Per decision: the options as the room saw them, how many chose each (phone votes and raised
hands together) and what share, the option the room took and how it was decided (majority, a
tie the leader broke, the leader's override, no votes). Numbers count from 1, as on the wall.
Nobody's vote is in it: only totals.

Pure functions over a :class:`~._room.Room` (the host calls them under its lock), plus
:func:`save_report`, which writes both files.
"""
from __future__ import annotations

import csv
import html
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from hrtraining.practice.files import write_atomically
from hrtraining.practice.words import HOW_LABELS, plural
from hrtraining.progress import csv_text

from ._results import _prompt, counted_seqs

if TYPE_CHECKING:
    from ._host import Workshop
    from ._results import GroupDebrief
    from ._room import Room

COLUMNS = ["decision", "prompt", "choice", "text", "votes", "phone_votes", "hands", "percent", "taken", "how"]


def ranked(leaders: Iterable[tuple[str, float, str]]) -> list[tuple[int, str, float, str]]:
    """Leaderboard rows with their rank: people showing the same percent share it (1, 1, 1, 4).

    Ties are judged on the percent as shown (rounded), so two people who both read "42%" are
    never placed 1st and 2nd.
    """
    out: list[tuple[int, str, float, str]] = []
    previous: int | None = None
    rank = 0
    for i, (name, pct, level) in enumerate(leaders, 1):
        shown = round(100 * pct)
        if shown != previous:
            rank, previous = i, shown
        out.append((rank, name, pct, level))
    return out


def rows(room: Room) -> list[dict[str, Any]]:
    """One row per option of every decision the room made (and of the current one if anyone voted)."""
    out: list[dict[str, Any]] = []
    decided = {d.seq: d for d in room.decided}
    for seq in counted_seqs(room):
        step = room.steps[seq]
        dist = room.distribution(seq)
        total = sum(dist.values())
        hands = {step.number_of(i): n for i, n in room.hands.get(seq, {}).items()}
        d = decided.get(seq)
        how = HOW_LABELS.get(d.how, d.how) if d else "not decided yet"
        for o in step.options:
            votes = dist.get(o.number, 0)
            out.append({
                "decision": seq + 1, "prompt": _prompt(step), "choice": o.number, "text": o.text,
                "votes": votes, "phone_votes": votes - hands.get(o.number, 0), "hands": hands.get(o.number, 0),
                "percent": round(100 * votes / total) if total else 0,
                "taken": bool(d and d.number == o.number), "how": how,
            })
    return out


def to_csv(report: Sequence[dict[str, Any]]) -> str:
    """The report as CSV (a header row, then one row per option); text cells cannot start a formula."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in report:
        w.writerow([_cell(r[c]) for c in COLUMNS])
    return buf.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return csv_text(value)


def to_html(report: Sequence[dict[str, Any]], title: str, code: str, debrief: GroupDebrief | None = None) -> str:
    """A printable page: one table per decision, the room's choice marked, and the room's levels."""
    e = html.escape
    parts = [f"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>{e(title)} · room {e(code)}</title>",
             "<style>body{font:14px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#111}"
             "table{border-collapse:collapse;width:100%;margin:.4rem 0 1.4rem}th,td{border:1px solid #999;"
             "padding:.3rem .5rem;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}"
             "tr.taken td{font-weight:700;background:#eef5ee}h2{margin:1.4rem 0 .2rem;font-size:1.1rem}"
             ".prompt{font-style:italic;color:#333;margin:.2rem 0}@media print{body{margin:0}h2{break-after:avoid}"
             "table{break-inside:avoid}}</style>",
             f"<h1>{e(title)}</h1><p>Room {e(code)} · the leader's report: totals only, never who voted what.</p>"]
    if debrief is not None:
        parts.append(f"<p>{e(debrief.facts_line)}</p>")
        if debrief.skill_lines:
            parts.append("<p>The room's path: " + " · ".join(e(line) for line in debrief.skill_lines) + "</p>")
    by: dict[int, list[dict[str, Any]]] = {}
    for r in report:
        by.setdefault(r["decision"], []).append(r)
    if not by:
        parts.append("<p>No decision was voted on.</p>")
    for n, opts in by.items():
        total = sum(o["votes"] for o in opts)
        parts.append(f"<h2>Decision {n} · {e(opts[0]['how'])} · {plural(total, 'vote')}</h2>")
        if opts[0]["prompt"]:
            parts.append(f"<p class=\"prompt\">“{e(opts[0]['prompt'])}”</p>")
        parts.append("<table><tr><th>Choice</th><th>What the therapist says</th><th>Votes</th><th>Share</th></tr>")
        for o in opts:
            mark = " ✓ taken" if o["taken"] else ""
            hands = f" (incl. {o['hands']} hands)" if o["hands"] else ""
            parts.append(f"<tr class=\"{'taken' if o['taken'] else ''}\"><td class=\"n\">{o['choice']}{mark}</td>"
                         f"<td>{e(o['text'])}</td><td class=\"n\">{o['votes']}{hands}</td>"
                         f"<td class=\"n\">{o['percent']}%</td></tr>")
        parts.append("</table>")
    parts.append("</html>\n")
    return "".join(parts)


def save_report(workshop: Workshop, folder: Path | str | None = None) -> list[Path]:
    """Write ``room-CODE-report.csv`` and ``.html`` into ``folder`` (default: the current one),
    readable by the leader only; returns their paths. Raises ``OSError``."""
    report, title, code, debrief = workshop.report()
    target = Path(folder) if folder else Path.cwd()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, text in ((".csv", to_csv(report)), (".html", to_html(report, title, code, debrief))):
        # Atomic and 0600 even when a report of that name was already there (os.open's mode
        # applied only to a new file).
        written.append(write_atomically(target / f"room-{code}-report{suffix}", text, private=True,
                                        encoding="utf-8-sig" if suffix == ".csv" else "utf-8"))
    return written
