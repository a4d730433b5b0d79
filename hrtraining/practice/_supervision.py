"""A debrief to take to supervision: one self-contained HTML file, rendered from :class:`Debrief`.

``hrtraining export --attempt ID --format html`` and the progress screen's "Save for
supervision" write it. It holds the client, the path with the trainee's own words, the choices,
the coach's notes, the per-skill results, the MITI figures, the summary and the written
reflection, with room for the supervisor's notes. It is one file with its styles inline: no
script, no font, no picture and no address that would load anything from a network, and every
text is escaped. The print stylesheet sets margins but no paper size, so it prints cleanly on A4
and on US Letter; a heading is kept with what follows it and a quoted line is never cut in two.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ._debrief import Debrief, Decision, skill_note
from .words import YOU_CHOSE, YOUR_WORDS_FIRST_LONG, duration, level_name, percent, plural

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1d1b18; background: #fff;
       max-width: 54rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; line-height: 1.45; font-size: 16px; }
h1 { font-size: 1.6rem; margin: .2rem 0 .6rem; }
h2 { font-size: 1.2rem; margin: 1.8rem 0 .6rem; border-bottom: 2px solid #d9d2c7; padding-bottom: .2rem; }
h3 { font-size: 1rem; margin: 0 0 .5rem; }
p, blockquote, dl, ol, table { margin: 0 0 .6rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .75rem; color: #6b6258; margin: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; font-size: .92rem; }
.meta dt { color: #6b6258; }
.meta dd { margin: 0; }
.overall { font-weight: 700; }
.note { color: #6b6258; font-size: .92rem; }
.decision { border: 1px solid #d9d2c7; border-left: 6px solid #b9ae9f; border-radius: 8px; padding: .8rem 1rem;
            margin: 0 0 1rem; }
.decision.good { border-left-color: #2f7d4f; }
.decision.fair { border-left-color: #b7791f; }
.decision.critical { border-left-color: #b42318; }
.label { font-weight: 700; font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #6b6258;
         margin: .6rem 0 .15rem; }
blockquote { margin-left: 0; padding: .35rem .7rem; background: #f6f3ee; border-radius: 6px; }
blockquote.own { background: #eef4fb; border-left: 3px solid #3566a8; }
.own-text, .reflection-text { white-space: pre-wrap; }
blockquote, .own-text, .reflection-text, td, dd, p { overflow-wrap: anywhere; }
.prompt { font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e6e0d7; vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .04em; color: #6b6258; }
.bar { height: .6rem; background: #e6e0d7; border-radius: .3rem; min-width: 6rem; position: relative; }
.bar span { display: block; height: 100%; border-radius: .3rem; background: #3566a8; }
.level-good .bar span { background: #2f7d4f; } .level-fair .bar span { background: #b7791f; }
.level-beginning .bar span { background: #b42318; }
.warn { background: #fff4e5; border: 1px solid #f0c36d; border-radius: 6px; padding: .5rem .7rem; }
.notes { border: 1px dashed #b9ae9f; border-radius: 6px; min-height: 9rem; padding: .5rem .7rem; color: #6b6258; }
footer { margin-top: 2rem; font-size: .8rem; color: #6b6258; }
@media print {
  @page { margin: 16mm 14mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3, .label { break-after: avoid; page-break-after: avoid; }
  /* A decision may run on to the next page (keeping one whole would leave half pages empty), but
     a heading stays with what follows it and a quoted line is never cut in two. */
  .decision { padding: .5rem .8rem; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
  tr, .warn, blockquote, .closeness { break-inside: avoid; page-break-inside: avoid; }
  .decision, .bar span, blockquote, .warn { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.reflection { break-before: auto; }
}
"""

_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})")


@dataclass(frozen=True)
class About:
    """What the file says about the attempt besides its debrief."""

    scenario_title: str
    profile: str = ""
    played_at: str = ""      # ISO 8601 (as stored)
    mode: str = ""
    attempt_id: int | None = None
    outdated: bool = False   # the scenario changed since: prompts and stronger options are left out


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _when(iso: str) -> str:
    m = _ISO.match(iso or "")
    return f"{m.group(1)} {m.group(2)} UTC" if m else iso or ""


def _quote(text: str, cls: str = "", inner: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    body = f'<span class="{inner}">{_e(text)}</span>' if inner else _e(text)
    return f"<blockquote{klass}>{body}</blockquote>"


def _decision(d: Decision, client: str) -> str:
    out = [f'<article class="decision {d.tone}" id="decision-{d.number}">',
           f"<h3>Decision {d.number} · {_e(d.verdict)}</h3>"]
    if d.prompt:
        out += [f'<p class="label">{_e(client)} had just said</p>', _quote(d.prompt, "prompt")]
    if d.reply is not None:
        out.append(f'<p class="label">{YOUR_WORDS_FIRST_LONG}</p>')
        if d.reply.skipped:
            out.append(f'<p class="note">{_e(d.own_words)}</p>')
        else:
            out.append(_quote(d.reply.text, "own", "own-text"))
            out.append(f'<p class="note">Written in {_e(duration(d.reply.seconds))}.</p>')
        if d.closeness:
            out.append(f"<p>{_e(d.closeness)}</p>")
    out += [f'<p class="label">{YOU_CHOSE}</p>', _quote(d.chosen.text)]
    if d.chosen.feedback:
        out += ['<p class="label">Coach</p>', f"<p>{_e(d.chosen.feedback)}</p>"]
    out.append('<p class="label">The strongest option</p>')
    if d.stronger is None:
        out.append("<p>Your choice was the strongest option offered here.</p>")
    else:
        out.append(_quote(d.stronger.text))
        if d.stronger.feedback:
            out += ['<p class="label">Why</p>', f"<p>{_e(d.stronger.feedback)}</p>"]
    if d.discussion:
        out += ['<p class="label">To think about</p>', f"<p>{_e(d.discussion)}</p>"]
    out.append("</article>")
    return "\n".join(out)


def _skills(debrief: Debrief) -> str:
    rows = []
    for s in debrief.assessed:
        width = max(0.0, min(1.0, s.percent or 0.0)) * 100
        rows.append(f'<tr class="level-{_e(s.level)}"><td><strong>{_e(s.name)}</strong><br>'
                    f'<span class="note">{_e(skill_note(s))}</span></td><td>{_e(percent(s.percent))}</td>'
                    f"<td>{_e(level_name(s.level))}</td>"
                    f'<td><div class="bar"><span style="width: {width:.0f}%"></span></div></td></tr>')
    out = ["<h2>Skills</h2>", f'<p class="overall">{_e(debrief.overall_line())}</p>']
    if rows:
        out.append("<table><thead><tr><th>Skill</th><th>Reached</th><th>Level</th><th></th></tr></thead>"
                   "<tbody>" + "".join(rows) + "</tbody></table>")
    if debrief.not_assessed_line():
        out.append(f'<p class="note">{_e(debrief.not_assessed_line())}</p>')
    if debrief.critical:
        out.append(f'<p class="warn"><strong>Critical choices ({len(debrief.critical)}).</strong> '
                   f"{_e(debrief.critical_text())}</p>")
    else:
        out.append("<p>No critical choices: abstinence or an ultimatum was never made the price of care.</p>")
    return "\n".join(out)


def _miti(debrief: Debrief) -> str:
    out = ["<h2>Motivational interviewing counts (MITI 4.2.1)</h2>"]
    if debrief.miti.codes:
        out.append("<p>" + _e(", ".join(f"{name} {n}" for name, n in debrief.miti.codes.items())) + "</p>")
    out.append("<ul>" + "".join(f"<li>{_e(line)}</li>" for line in debrief.miti.lines()) + "</ul>")
    return "\n".join(out)


def supervision_html(debrief: Debrief, about: About) -> str:
    """The whole page: one self-contained, printable HTML document."""
    d = debrief
    client = d.client or "the client"
    meta = [("Client", client), ("Trainee", about.profile), ("Played", _when(about.played_at)),
            ("Mode", about.mode.capitalize()), ("Ending", d.ending_or_stopped),
            ("Attempt", "" if about.attempt_id is None else str(about.attempt_id))]
    head = ['<p class="kicker">hrtraining · a debrief for supervision</p>', f"<h1>{_e(about.scenario_title)}</h1>",
            '<dl class="meta">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in meta if v) + "</dl>"]
    if d.replay_line():
        head.append(f'<p class="note">{_e(d.replay_line())}</p>')
    if about.outdated:
        head.append('<p class="note">The scenario has changed since this attempt was played, so what the client '
                    "said and the stronger options are not quoted; the choices are as they were made.</p>")
    if d.rating_line():
        head.append(f"<p>{_e(d.rating_line())}</p>")
    if d.ending_debrief:
        head.append(f"<p>{_e(d.ending_debrief)}</p>")
    path = ["<h2>The conversation, decision by decision</h2>"]
    if d.wrote_first:
        written = sum(1 for x in d.decisions if x.reply is not None and not x.reply.skipped)
        path.append(f'<p class="note">Own words first: the trainee wrote a reply at '
                    f"{_e(plural(written, 'decision'))} before seeing the options, then marked which option "
                    "was closest in their own judgement. Nothing scored the written words.</p>")
    path += [_decision(x, client) for x in d.decisions] or [f"<p>{d.NO_DECISIONS}</p>"]
    summary = ["<h2>In short</h2>", "<ol>" + "".join(
        f"<li><strong>{_e(p.title)}.</strong> {_e(p.text)}</li>" for p in d.summary) + "</ol>"]
    reflection = [f"<h2>What would you do differently with {_e(client)}?</h2>",
                  _quote(d.reflection, "own", "reflection-text") if d.reflection
                  else '<p class="note">No reflection was written.</p>',
                  '<p class="label">Notes from supervision</p>', '<div class="notes"></div>']
    title = f"{about.scenario_title} — {about.profile}" if about.profile else about.scenario_title
    body = [
        "<header>", *head, "</header>",
        '<section class="path">', *path, "</section>",
        '<section class="skills">', _skills(d), "</section>",
        '<section class="miti">', _miti(d), "</section>",
        '<section class="summary">', *summary, "</section>",
        '<section class="reflection">', *reflection, "</section>",
        "<footer>Made with hrtraining, a practice game for harm reduction therapy. This file is self-contained: "
        "it loads nothing from a network.</footer>",
    ]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>Debrief for supervision: {_e(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def supervision_filename(about: About) -> str:
    """A safe file name: ``debrief-<scenario>-<date>-attempt-<id>.html``."""
    base = re.sub(r"[^A-Za-z0-9]+", "-", about.scenario_title).strip("-").lower()[:40] or "attempt"
    day = (about.played_at or "")[:10]
    parts = ["debrief", base] + ([day] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else [])
    if about.attempt_id is not None:
        parts.append(f"attempt-{about.attempt_id}")
    return "-".join(parts) + ".html"
