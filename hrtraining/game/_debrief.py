"""The debrief, in PEARLS order.

1. Reactions: the trainee rates how it went before seeing any score.
2. Description/analysis: the path replayed decision by decision — the choice
   made, the best alternative offered and the coach's rationale.
3. The scores: per-dimension bars with Beginning/Fair/Good, critical choices
   called out, R:Q and % complex reflections.
4. Summary: two or three points, strengths first, then one thing to try.

The report comes from the engine (``Play.finish``), which is also when the
attempt is stored. The self-rating comes after that, so it is stored on its own
(``Recorder.self_rating``) as soon as the trainee rates — as long as no score has been
shown yet: the point of asking first is to compare the trainee's own view with the
scores, and a rating changed after seeing them is no longer that view.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import Report

from ._chrome import backdrop, button_row, hint_height, hints, level_name
from ._coach import quoted, summary_points
from ._pages import Page, Row
from ._scene import ACTIVATE_KEYS, Scene
from ._ui import Target

PAGES = ("rate", "decisions", "scores", "summary")
PAGE_TITLES = {"rate": "Your view", "decisions": "Decisions", "scores": "Scores", "summary": "Summary"}
RATINGS = (("beginning", "Still finding my feet", "I lost the thread, or pushed harder than I meant to."),
           ("fair", "Getting there", "some good moments, some I would take back."),
           ("good", "It went well", "I stayed with them and noticed what had changed."))


def decision_rows(report: Report, rubric: Any, client: str) -> list[Row]:
    """The path replayed: one card per decision."""
    rows: list[Row] = []
    if report.ending_title:
        rows.append(Row("h", f"Ending: {report.ending_title}", colour="heading"))
    if report.ending_debrief:
        rows.append(Row("p", report.ending_debrief))
    if not report.decisions:
        return rows + [Row("p", "No decisions were made in this attempt.")]
    for d in report.decisions:
        c = d.chosen
        verdict = ("Critical choice" if c.critical else "A strong choice" if d.best is None
                   else "Another option was stronger")
        colour = "critical" if c.critical else "good" if d.best is None else "fair"
        rows.append(Row("p", verdict, title=f"Decision {d.number}", colour=colour, role="small", style="bold",
                        card=d.number))
        if d.prompt:
            rows.append(Row("p", d.prompt, title=f"{client} had just said", colour="muted", role="small",
                            style="italic", card=d.number))
        rows.append(Row("p", c.text, title="You said", colour="you", card=d.number))
        if c.feedback:
            rows.append(Row("p", c.feedback, title="Coach", role="small", card=d.number))
        if d.best is not None:
            rows.append(Row("p", d.best.text, title="A stronger option", colour="client", card=d.number))
            if d.best.feedback:
                rows.append(Row("p", d.best.feedback, title="Why", role="small", card=d.number))
        if d.discussion:
            rows.append(Row("p", d.discussion, title="To think about", colour="muted", role="small", card=d.number))
    return rows


def score_rows(report: Report, rubric: Any, self_rating: str | None) -> list[Row]:
    """Bars per dimension, the critical choices, MITI summary scores."""
    rows: list[Row] = []
    verdict = f"Overall: {level_name(report.level)}"
    if self_rating:
        same = self_rating == report.level
        verdict += (f". You rated it {level_name(self_rating)}"
                    + (" — a good read of yourself." if same else "; compare the two as you read the bars."))
    rows.append(Row("p", verdict, role="body", style="bold"))
    marks = (rubric.fair, rubric.good)
    ordered = sorted(report.scores.values(), key=lambda s: (not s.required, s.name))
    for s in ordered:
        if not s.assessed:  # nothing offered on it along this path: no bar to draw
            continue
        note = f"{s.points} of {s.possible} points"
        if s.required:
            note += " · decides the overall level"
        if s.capped:
            note += " · capped at Beginning by a critical choice"
        rows.append(Row("bar", data=(s.name, s.percent, s.level, note, marks), card=1))
    if report.critical_choices:
        text = " ".join(f"Decision {d.number}: {quoted(d.chosen.text)}" for d in report.critical_choices)
        rows.append(Row("warn", text + " Setting abstinence, an ultimatum or discharge as the price of care "
                        "caps “Avoiding perfectionist rejection” at Beginning.",
                        title=f"Critical choices ({len(report.critical_choices)})", role="small"))
    else:
        rows.append(Row("p", "No critical choices: you never made abstinence or an ultimatum the price of care.",
                        title="Critical choices", colour="good", role="small"))
    rq, pcr = report.reflection_to_question, report.percent_complex_reflections
    lv = report.miti_levels or {}
    rq_text = "no questions asked" if rq is None else f"{rq:.1f}"
    pcr_text = "no reflections" if pcr is None else f"{round(pcr * 100)}%"
    # MITI's thresholds are expert opinion, not norms: every level shown says so.
    provisional = " (provisional thresholds)"
    parts = [f"Reflections to questions (R:Q): {rq_text}"
             + (f" — {level_name(lv.get('reflection_to_question'))}{provisional}"
                if lv.get("reflection_to_question") else ""),
             f"Complex reflections (%CR): {pcr_text}"
             + (f" — {level_name(lv.get('percent_complex_reflections'))}{provisional}"
                if lv.get("percent_complex_reflections") else ""),
             f"MI-adherent responses: {report.mi_adherent} · MI non-adherent: {report.mi_non_adherent}"]
    if not lv.get("reflection_to_question"):
        parts.append("Too few reflections and questions were coded on this path to give MITI levels.")
    else:
        parts.append("Provisional MITI 4.2.1 thresholds (expert opinion, not norms): R:Q fair 1, good 2; "
                     "%CR fair 40%, good 50%.")
    rows.append(Row("p", "\n".join(parts), title="Motivational interviewing counts (MITI 4.2.1)", role="small",
                    card=2))
    return rows


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.page = Page()
        self.index = 0

    def enter(self, **params: Any) -> None:
        super().enter()
        play = self.app.play
        if play is None:
            raise RuntimeError("there is no finished play to debrief")
        self.report = play.finish()
        # The last earlier attempt at this scenario, with its scores, to recognise improvement.
        earlier = [a for a in self.app.recorder.attempts(play.scenario.id, limit=2) if a.id != play.attempt_id]
        last = self.app.recorder.attempt(earlier[0].id) if earlier else None
        self.points = summary_points(self.report, play.rubric, [last] if last is not None else [],
                                     play.scenario.client.name)
        self.index = 1 if play.self_rating else 0
        self.page.view.offset = 0

    @property
    def current(self) -> str:
        return PAGES[self.index]

    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        play = self.app.play
        if play is None:
            return
        w = min(th.width - 2 * th.margin, th.px(1160))
        self.card = pygame.Rect((th.width - w) // 2, th.px(16), w, th.height - th.px(16) - hint_height(ui) - th.gap)
        # Tabs across the top of the card.
        tab_h = ui.line_h("small", "bold") + 2 * th.px(10)
        tab_w = (self.card.w - 2 * th.pad - 3 * th.px(8)) // 4
        targets = []
        for i, p in enumerate(PAGES):
            r = pygame.Rect(self.card.x + th.pad + i * (tab_w + th.px(8)), self.card.y + th.pad, tab_w, tab_h)
            if p == "rate" or play.self_rating:
                targets.append(Target(f"tab:{p}", r, f"{i + 1} {PAGE_TITLES[p]}"))
        self.tabs = [pygame.Rect(self.card.x + th.pad + i * (tab_w + th.px(8)), self.card.y + th.pad, tab_w, tab_h)
                     for i in range(4)]
        # Buttons along the bottom.
        if self.current == "rate":
            specs = []
        elif self.current == "summary":
            specs = [("progress", "Your progress"), ("select", "Other scenarios"), ("again", "Play again")]
        else:
            specs = [("prev", "Back"), ("next", "Next")]
        buttons = button_row(ui, specs, self.card.right - th.pad, self.card.bottom - th.pad,
                             self.card.w - 2 * th.pad) if specs else []
        bottom = min((b.rect.top for b in buttons), default=self.card.bottom - th.pad + th.gap) - th.gap
        top = self.card.y + th.pad + tab_h + th.gap
        view = pygame.Rect(self.card.x + th.pad, top, self.card.w - 2 * th.pad - th.px(12), bottom - top)
        rows = self._rows()
        if self.current == "rate":
            rate_targets, rows_h = self._rate_layout(view)
            targets += rate_targets
        self.page.set(ui, rows, view)
        self.set_targets(targets + buttons)
        if self.focus is None and self.current != "rate":
            # The rating page starts with nothing focused: a stray Enter (say, the one that ended
            # the conversation) must not rate; the arrows move into the options first.
            self.focus = "next" if self.current != "summary" else "again"

    def _rate_layout(self, view: pygame.Rect) -> tuple[list[Target], int]:
        ui, th = self.ui, self.app.theme
        q_h = sum(self.page._height(ui, r, view.w) + th.px(10) for r in self._rows())
        y = view.y + q_h + th.gap
        out = []
        for n, (level, title, desc) in enumerate(RATINGS, 1):
            label = f"{title} — {desc}"
            h = ui.button_height(label, view.w, number=True)
            out.append(Target(f"rate:{level}", pygame.Rect(view.x, y, view.w, h), label))
            y += h + th.px(10)
        return out, y - view.y

    def _rows(self) -> list[Row]:
        play = self.app.play
        r, rubric = self.report, play.rubric
        if self.current == "rate":
            return [Row("h", "How do you think that went?", colour="heading"),
                    Row("p", f"Before any scores: the conversation with {play.scenario.client.name} ended with "
                             f"“{r.ending_title}”. Take a moment, then pick the one closest to how it felt.",
                        colour="muted")]
        if self.current == "decisions":
            return decision_rows(r, rubric, play.scenario.client.name)
        if self.current == "scores":
            return score_rows(r, rubric, play.self_rating)
        rows = [Row("h", "In short", colour="heading")]
        for n, (title, text) in enumerate(self.points, 1):
            rows.append(Row("p", text, title=f"{n}. {title}", card=n))
        rows.append(Row("p", "Your attempt is saved: Your progress shows it next to your earlier ones.",
                        colour="muted", role="small")
                    if self.app.recorder.available else
                    Row("p", "Progress is not being saved on this computer.", colour="muted", role="small"))
        return rows

    # -- input ----------------------------------------------------------------
    def go(self, index: int) -> None:
        if index > 0 and not self.app.play.self_rating:
            return
        self.index = max(0, min(len(PAGES) - 1, index))
        if self.index >= PAGES.index("scores"):
            self.app.play.show_scores()
        self.page.view.offset = 0
        self.focus = None
        self.layout()

    def move_focus(self, step: int) -> None:
        if self.current == "rate" and self.focus is None:
            # Into the rating options (first or last), not the page tabs.
            self.focus = f"rate:{RATINGS[0 if step > 0 else -1][0]}"
            return
        super().move_focus(step)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if self.current == "rate" and self.focus is None and k in ACTIVATE_KEYS:
            return True  # nothing chosen yet: Enter does not pick a rating
        if self.current == "rate" and k in (pygame.K_1, pygame.K_2, pygame.K_3):
            self.activate(f"rate:{RATINGS[k - pygame.K_1][0]}")
        elif k in (pygame.K_RIGHT,) and self.current != "rate":
            self.go(self.index + 1)
        elif k == pygame.K_LEFT:
            self.go(self.index - 1)
        elif k == pygame.K_PAGEDOWN:
            self.page.view.scroll(self.page.view.view.h - self.app.theme.px(40))
        elif k == pygame.K_PAGEUP:
            self.page.view.scroll(-(self.page.view.view.h - self.app.theme.px(40)))
        elif k in (pygame.K_UP, pygame.K_DOWN) and self.current != "rate" and self.page.view.max_offset:
            self.page.view.scroll(self.app.theme.px(60) * (1 if k == pygame.K_DOWN else -1))
        else:
            return False
        self._refresh_targets()
        return True

    def _refresh_targets(self) -> None:
        pass  # targets do not move with the page's scroll (buttons sit below it)

    def on_wheel(self, dy: int) -> bool:
        return self.page.view.scroll(-dy * self.app.theme.px(60))

    def back(self) -> None:
        if self.index > 0:
            self.go(self.index - 1)
        else:
            self.app.switch("select", entry=self.app.play.entry)

    def activate(self, target_id: str) -> None:
        play = self.app.play
        if target_id.startswith("rate:"):
            play.rate(target_id[5:])  # refused once a score was shown: the first rating stands
            self.go(1)
        elif target_id.startswith("tab:"):
            self.go(PAGES.index(target_id[4:]))
        elif target_id == "next":
            self.go(self.index + 1)
        elif target_id == "prev":
            self.go(self.index - 1)
        elif target_id == "again":
            self.app.switch("content-notes", entry=play.entry)
        elif target_id == "select":
            self.app.switch("select", entry=play.entry)
        elif target_id == "progress":
            self.app.switch("progress", back="debrief")

    # -- drawing --------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        play = self.app.play
        backdrop(ui, surf, play.scenario.setting or "default")
        ui.panel(surf, self.card)
        for i, (p, r) in enumerate(zip(PAGES, self.tabs)):
            on = i == self.index
            enabled = p == "rate" or bool(play.self_rating)
            hover, focus = self.is_hot(f"tab:{p}")
            bg = pal.accent if on else pal.button_hover if hover or focus else pal.button
            pygame.draw.rect(surf, bg, r, border_radius=r.h // 2)
            if focus:
                pygame.draw.rect(surf, pal.focus, r, th.px(3), border_radius=r.h // 2)
            fg = pal.on_accent if on else pal.on_button if enabled else pal.muted
            ui.label(surf, f"{i + 1}  {PAGE_TITLES[p]}", "small", fg, r.inflate(-th.px(16), 0), align="center",
                     style="bold", valign="center")
        self.page.draw(ui, surf)
        for t in self.targets:
            if t.id.startswith("tab:"):
                continue
            hover, focus = self.is_hot(t.id)
            if t.id.startswith("rate:"):
                n = str([r[0] for r in RATINGS].index(t.id[5:]) + 1)
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, number=n, align="left")
            else:
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id in ("next", "again"))
        hint = ("1–3 rate · ↑↓ Enter choose · Esc back" if self.current == "rate" else
                "← → pages · ↑↓ PgUp/PgDn scroll · Enter choose · Esc back")
        hints(ui, surf, hint)
