"""The debrief, in PEARLS order.

1. Reactions: the trainee rates how it went before seeing any score.
2. Description/analysis: the path replayed decision by decision — the trainee's
   own words (write-first), the choice made, the best alternative offered and
   the coach's rationale. Each decision has "Replay from here" (a new practice
   attempt from that decision, linked to this one, which is never changed) and
   "Where would the other option go?" (a preview, recorded nowhere).
3. The scores: per-dimension bars with Beginning/Fair/Good, critical choices
   called out, R:Q and % complex reflections.
4. Summary: two or three points, strengths first, then one thing to try, and an
   optional written reflection ("What would you do differently with <client>?").

Every word comes from the practice layer's :class:`~hrtraining.practice.Debrief` (the
terminal and the progress screen render the same model); this scene lays it out. The
attempt is stored when it finishes (``Attempt.finish``); the self-rating is stored as
soon as the trainee rates, and may change until the first score is shown, then it is
locked (``Attempt.rate`` refuses): the debrief, the record and the progress screen keep
the rating given before any score.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import HRTrainingError
from hrtraining.practice import Debrief, skill_note, speak_debrief, speak_rating_question
from hrtraining.practice.words import YOUR_WORDS, YOUR_WORDS_FIRST

from ._chrome import backdrop, button_row, hint_height, hints
from ._pages import Page, Row
from ._scene import ACTIVATE_KEYS, Scene
from ._ui import Target, clipped

PAGES = ("rate", "decisions", "scores", "summary")
PAGE_TITLES = {"rate": "Your view", "decisions": "Decisions", "scores": "Scores", "summary": "Summary"}
RATINGS = (("beginning", "Still finding my feet", "I lost the thread, or pushed harder than I meant to."),
           ("fair", "Getting there", "some good moments, some I would take back."),
           ("good", "It went well", "I stayed with them and noticed what had changed."))
RATING_TITLES = {level: title for level, title, _ in RATINGS}


def decision_actions(branches: Any, number: int) -> list[tuple[str, str]]:
    """The buttons under decision ``number``: replay from it; preview the other options (when
    there were any). None of them without the scenario as played (``branches`` None)."""
    if branches is None:
        return []
    out = [(f"replay:{number}", "Replay from here")]
    try:
        others = branches.others(number)
    except HRTrainingError:
        return []
    if others:
        out.append((f"preview:{number}", "Where would the other option go?" if len(others) == 1
                    else "Where would the other options go?"))
    return out


def decision_rows(debrief: Debrief, branches: Any = None) -> list[Row]:
    """The path replayed: one card per decision, with its buttons when ``branches`` (the path over
    the scenario as played) is given."""
    rows: list[Row] = []
    if debrief.ending_title:
        rows.append(Row("h", debrief.ending_line(), colour="heading"))
    if debrief.ending_debrief:
        rows.append(Row("p", debrief.ending_debrief))
    if not debrief.decisions:
        return rows + [Row("p", debrief.NO_DECISIONS)]
    for d in debrief.decisions:
        n = d.number
        rows.append(Row("p", d.verdict, title=f"Decision {n}", colour=d.tone, role="small", style="bold", card=n))
        if d.prompt:
            rows.append(Row("p", d.prompt, title=f"{debrief.client} had just said", colour="muted", role="small",
                            style="italic", card=n))
        if d.reply is not None:
            if d.reply.skipped:
                rows.append(Row("p", d.own_words, title=YOUR_WORDS, colour="muted", role="small", card=n))
            else:
                rows.append(Row("p", d.own_words, title=YOUR_WORDS_FIRST, colour="you",
                                card=n))
            if d.closeness:
                rows.append(Row("p", d.closeness, colour="muted", role="small", card=n))
        rows.append(Row("p", d.chosen.text, title=d.choice_label, colour="you", card=n))
        if d.chosen.feedback:
            rows.append(Row("p", d.chosen.feedback, title="Coach", role="small", card=n))
        if d.stronger is not None:
            rows.append(Row("p", d.stronger.text, title="A stronger option", colour="client", card=n))
            if d.stronger.feedback:
                rows.append(Row("p", d.stronger.feedback, title="Why", role="small", card=n))
        elif d.reply is not None:  # set your words beside the strongest option, even when you chose it
            rows.append(Row("p", "The option you chose was the strongest one offered here.", colour="muted",
                            role="small", card=n))
        if d.discussion:
            rows.append(Row("p", d.discussion, title="To think about", colour="muted", role="small", card=n))
        actions = decision_actions(branches, n)
        if actions:
            rows.append(Row("buttons", data=actions, card=n))
    return rows


def score_rows(debrief: Debrief) -> list[Row]:
    """Bars per skill assessed, the critical choices, MITI summary scores."""
    rows: list[Row] = [Row("p", debrief.overall_line(), role="body", style="bold")]
    marks = debrief.thresholds
    for s in debrief.assessed:
        rows.append(Row("bar", data=(s.name, s.percent or 0.0, s.level, skill_note(s), marks), card=1))
    if debrief.not_assessed_line():
        rows.append(Row("p", debrief.not_assessed_line(), colour="muted", role="small"))
    if debrief.critical:
        rows.append(Row("warn", debrief.critical_text(), title=f"Critical choices ({len(debrief.critical)})",
                        role="small"))
    else:
        rows.append(Row("p", "No critical choices: you never made abstinence or an ultimatum the price of care.",
                        title="Critical choices", colour="good", role="small"))
    rows.append(Row("p", "\n".join(debrief.miti.lines()), title="Motivational interviewing counts (MITI 4.2.1)",
                    role="small", card=2))
    return rows


def summary_rows(debrief: Debrief, reflect: bool = False) -> list[Row]:
    """The summary points, then the reflection (with its button when ``reflect``)."""
    rows = [Row("h", "In short", colour="heading")]
    for n, point in enumerate(debrief.summary, 1):
        rows.append(Row("p", point.text, title=f"{n}. {point.title}", card=n))
    if reflect or debrief.reflection:
        card = len(debrief.summary) + 1
        question = f"What would you do differently with {debrief.client}?"
        if debrief.reflection:
            rows.append(Row("p", debrief.reflection, title=question, colour="you", card=card))
        else:
            rows.append(Row("p", "Optional: a few lines for yourself, or to take to supervision.", title=question,
                            colour="muted", role="small", card=card))
        if reflect:
            label = "Edit your reflection" if debrief.reflection else "Write a reflection"
            rows.append(Row("buttons", data=[("reflect", label)], card=card))
    return rows


class DebriefScene(Scene):
    name = "debrief"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.page = Page()
        self.index = 0
        self.rate_pos: list[tuple[str, str, int, int]] = []
        self.tab_targets: list[Target] = []
        self.fixed_targets: list[Target] = []

    def enter(self, **params: Any) -> None:
        super().enter()
        play = self.app.play
        if play is None:
            raise RuntimeError("there is no finished play to debrief")
        self.report = play.finish()
        self.debrief: Debrief | None = None  # built when a score is first shown (the rating locks then)
        self.index = 1 if play.self_rating else 0
        self.page.view.offset = 0
        try:
            self.branches = play.branches()  # for "Replay from here" and the previews
        except HRTrainingError:
            self.branches = None

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
        locked = bool(play.scores_shown and play.self_rating)  # rated, and a score was seen since
        if self.current == "rate" and locked:
            specs = [("next", "Next")]
        elif self.current == "rate":
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
        self.page.set(ui, rows, view)
        self.rate_pos: list[tuple[str, str, int, int]] = []
        if self.current == "rate" and not locked:
            # The three answers follow the question inside the page, so at any text size they
            # scroll with it instead of falling off the card.
            self.rate_pos, rows_h = self._rate_layout(view)
            self.page.view.set(view, rows_h)
        self.tab_targets, self.fixed_targets = targets, buttons
        self._refresh_targets()
        if self.focus is None and (self.current != "rate" or locked):
            # The rating page starts with nothing focused: a stray Enter (say, the one that ended
            # the conversation) must not rate; the arrows move into the options first.
            self.focus = "next" if self.current != "summary" else "again"

    def _rate_layout(self, view: pygame.Rect) -> tuple[list[tuple[str, str, int, int]], int]:
        """(target id, label, content y, height) of each rating button, and the page's height."""
        ui, th = self.ui, self.app.theme
        y = self.page.view.content_h + th.gap
        out = []
        for level, title, desc in RATINGS:
            label = f"{title} — {desc}"
            h = ui.button_height(label, view.w, number=True)
            out.append((f"rate:{level}", label, y, h))
            y += h + th.px(10)
        return out, y - th.px(10)

    def _rows(self) -> list[Row]:
        play = self.app.play
        r = self.report
        if self.current == "rate" and play.scores_shown and play.self_rating:
            return [Row("h", "How do you think that went?", colour="heading"),
                    Row("p", f"You rated it before seeing any score: {RATING_TITLES[play.self_rating]}. That "
                             "rating is kept, so you can compare it with the scores.", colour="muted")]
        if self.current == "rate":
            return [Row("h", "How do you think that went?", colour="heading"),
                    Row("p", f"Before any scores: the conversation with {play.scenario.client.name} ended with "
                             f"“{r.ending_title}”. Take a moment, then pick the one closest to how it felt.",
                        colour="muted")]
        if self.debrief is None or (self.debrief.self_rating, self.debrief.reflection) != (play.self_rating,
                                                                                           play.reflection):
            self.debrief = play.debrief(lock=False)
        if self.current == "decisions":
            return decision_rows(self.debrief, self.branches)
        if self.current == "scores":
            return score_rows(self.debrief)
        rows = summary_rows(self.debrief, reflect=True)
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
            self.app.play.show_scores()  # the first score on screen locks the rating
        self.page.view.offset = 0
        self.focus = None
        self.layout()
        self.announce()

    def announce(self) -> None:
        """Self-voicing reads the page: the question and its answers, or the page's rows."""
        app, play = self.app, self.app.play
        if app.voice is None or play is None:
            return
        if self.current == "rate" and self.rate_pos:
            app.speak(speak_rating_question(play.scenario.client.name, self.report.ending_title))
            return
        if self.current == "rate":
            app.speak(self._rows()[1].text)
            return
        first, *rest = speak_debrief(self.debrief, self.current) or [""]
        app.speak(f"{PAGE_TITLES[self.current]}. {first}")
        for text in rest:
            app.speak_then(text)

    def move_focus(self, step: int) -> None:
        if self.current == "rate" and self.rate_pos and (self.focus is None or self.focus.startswith("rate:")):
            # Through the rating options (all of them, scrolled into view), not the page tabs.
            ids = [tid for tid, *_ in self.rate_pos]
            i = ids.index(self.focus) if self.focus in ids else (-1 if step > 0 else len(ids))
            if 0 <= i + step < len(ids):
                self.focus = ids[i + step]
                self.on_focus(self.focus)
                self.say_focus()
                return
            if self.focus is None:
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
        elif k in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.page.view.page(1 if k == pygame.K_PAGEDOWN else -1)
        elif k in (pygame.K_UP, pygame.K_DOWN) and self.current != "rate" and self.page.view.max_offset:
            self.page.view.scroll(self.app.theme.px(60) * (1 if k == pygame.K_DOWN else -1))
        else:
            return False
        self._refresh_targets()
        return True

    def _refresh_targets(self) -> None:
        """The rating buttons and the page's own buttons scroll with the page; the tabs and the
        bottom row stay put. Tab order follows the reading order: tabs, page, bottom row."""
        view = self.page.view
        rates = []
        for tid, label, y, h in self.rate_pos:
            r = pygame.Rect(view.view.x, view.y(y), view.view.w, h)
            if r.colliderect(view.view):
                rates.append(Target(tid, r.clip(view.view), label))
        self.set_targets(self.tab_targets + rates + self.page.targets(self.ui) + self.fixed_targets)

    def scroll_views(self):
        return [self.page.view]

    def after_scroll(self) -> None:
        self._refresh_targets()

    def on_wheel(self, dy: int) -> bool:
        moved = self.page.view.scroll(-dy * self.app.theme.px(60))
        self._refresh_targets()
        return moved

    def on_focus(self, target_id: str) -> None:
        """Scroll what takes the focus into view: a rating, or a button inside the page."""
        span = next(((y, y + h) for tid, _label, y, h in self.rate_pos if tid == target_id), None)
        span = span or self.page.content_span(target_id)
        if span is not None:
            self.page.view.show(*span)
            self._refresh_targets()

    def back(self) -> None:
        """Escape leaves the debrief in one press (the pages stay a click away in Your progress);
        the left arrow and Back step through the pages."""
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
        elif target_id.startswith("replay:"):
            number = int(target_id[7:])
            self.app.start_replay(lambda: play.replay(number, write_first=self.app.write_first_for(
                "practice", play.write_first if play.mode == "practice" else None)))
        elif target_id.startswith("preview:") and self.branches is not None:
            self.app.manager.push("preview", branches=self.branches, number=int(target_id[8:]),
                                  client=play.scenario.client.name)
        elif target_id == "reflect":
            self.app.manager.push("compose", purpose="reflection")

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
        self.page.draw(ui, surf, hot=self.is_hot, bar=False)
        view = self.page.view
        with clipped(surf, view.view):
            for n, (tid, label, y, h) in enumerate(self.rate_pos, 1):
                r = pygame.Rect(view.view.x, view.y(y), view.view.w, h)
                if r.colliderect(view.view):
                    hover, focus = self.is_hot(tid)
                    ui.button(surf, r, label, hover=hover, focus=focus, number=str(n), align="left")
        view.draw_bar(surf, ui)
        for t in self.targets:
            if t.id.startswith(("tab:", "rate:", "replay:", "preview:", "reflect")):
                continue  # tabs are drawn above; the ratings and the page's own buttons with the page
            hover, focus = self.is_hot(t.id)
            ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t.id in ("next", "again"))
        more = " · PgDn more" if view.max_offset else ""
        hint = (f"1–3 rate{more} · ↑↓ move · Enter choose · Esc leave" if self.current == "rate" and self.rate_pos
                else f"← → pages{more} · ↑↓ scroll · Tab move · Enter choose · Esc leave")
        hints(ui, surf, hint)
