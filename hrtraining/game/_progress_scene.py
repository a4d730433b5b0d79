"""Progress over time: a chart per skill and the attempt history with its debrief.

The chart shows one skill at a time (← → or the ‹ › buttons pick it), with axes that name the
levels and their percentages, a line per scenario and mode (practice solid with dots,
assessment dashed with diamonds) and a legend; F (or the scenario buttons) keeps one scenario,
T shows the same figures as text. The figures are :class:`~hrtraining.practice.ProgressChart`'s,
which ``hrtraining progress`` prints and self-voicing reads.

Reads only through the recorder (the progress store's public API). Without a
store it says so and shows nothing else. The chart counts whole attempts only;
the list shows each replay under the attempt it came from. An opened attempt's
debrief offers "Save for supervision" (one HTML file), and, when the scenario
as played is still in the library, "Replay from here" and the previews at each
decision, as the debrief after play does.
"""
from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import pygame

from hrtraining.engine import HRTrainingError, Rubric
from hrtraining.practice import Attempt, Debrief, ProgressChart, played_entry, speak_chart, stored_branches, stored_debrief

from . import _chart_view
from ._chart_view import ChartView
from ._chrome import backdrop, draw_buttons, hint_height, hints, level_name
from ._debrief import decision_rows, score_rows, summary_rows
from ._pages import Page, Row
from ._progress_actions import replays_under_parents, save_for_supervision
from ._scene import Scene
from ._ui import ScrollView, Target, clipped

#: The rubric's default thresholds, for attempts whose scenario is no longer in the library.
DEFAULT_FAIR, DEFAULT_GOOD = Rubric.fair, Rubric.good


def level_bands(fair: float, good: float) -> tuple[tuple[float, float, str], ...]:
    """The chart's background bands for a rubric's thresholds, bottom to top."""
    return _chart_view.level_bands(fair, good)


def version_note(attempt: Any, entry: Any) -> str:
    """How an attempt's version relates to the library's: "" when it is the same, "older
    version" only when the scenario is there and has changed since (an attempt at a scenario
    that is not in this library, say in an author's test play, is not "older")."""
    if entry is None:
        return ""
    return "older version" if attempt.scenario_hash != entry.content_hash else ""


def _when(iso: str | None) -> str:
    return (iso or "")[:16].replace("T", " ")


class ProgressScene(Scene):
    name = "progress"

    def __init__(self, app) -> None:
        super().__init__(app)
        self.list_view = ScrollView()
        self.detail = Page()
        self.return_to = "title"
        self.opened: Any = None
        self.chart_view = ChartView()
        #: The chart panel's content, scrolled when the chart at its least height does not fit.
        self.chart_page = ScrollView()
        self.text_view = ScrollView()
        self.skill_index = 0
        self.filter: str | None = None
        self.as_text = False

    def enter(self, **params: Any) -> None:
        super().enter()
        self.return_to = params.get("back", "title")
        rec = self.app.recorder
        self.rows_depth = replays_under_parents(rec.attempts())
        self.attempts = [a for a, _ in self.rows_depth]
        self.series = rec.summary()
        #: With an LRS set up: how many results wait to be sent, and why ("" without one).
        self.lrs_line = rec.lrs_status()
        self.opened = None
        self.branches = None
        self.selected = 0
        self.names = self._dimension_names()
        self.full_chart = ProgressChart.build(self.series, self.attempts, self.names, self.thresholds())
        self.skill_index = 0
        self.filter = None
        self.text_view.offset = 0
        self.chart_page.offset = 0

    @property
    def chart(self) -> ProgressChart:
        return self.full_chart.only(self.filter)

    @property
    def skill(self) -> Any:
        skills = self.chart.skills
        return skills[self.skill_index % len(skills)] if skills else None

    def _dimension_names(self) -> dict[str, tuple[str, bool]]:
        rubric = self._rubric()
        return {d.id: (d.name, d.required) for d in rubric.dimensions.values()} if rubric else {}

    def _rubric(self, scenario_id: str | None = None) -> Any:
        """The rubric of ``scenario_id`` when it is in the library, else the library's first."""
        entry = self.app.library.by_id(scenario_id) if scenario_id else None
        if entry is not None and entry.result.rubric is not None:
            return entry.result.rubric
        return next((e.result.rubric for e in self.app.library.entries if e.result.rubric is not None), None)

    def thresholds(self, scenario_id: str | None = None) -> tuple[float, float]:
        """(fair, good) from the rubric that scored ``scenario_id``, as the debrief draws them."""
        rubric = self._rubric(scenario_id)
        if rubric is None:
            return DEFAULT_FAIR, DEFAULT_GOOD
        return rubric.fair, rubric.good

    # -- layout ---------------------------------------------------------------
    def layout(self) -> None:
        ui, th = self.ui, self.app.theme
        self.card = pygame.Rect(th.margin, th.px(16), th.width - 2 * th.margin,
                                th.height - th.px(16) - hint_height(ui) - th.gap)
        # Back (and, for an opened attempt, Save for supervision) sit beside the title: the chart
        # and the list, or the debrief, keep the whole height below it.
        specs = [("back", "Back")] if self.opened is None else [("save", "Save for supervision"),
                                                                 ("back", "Back to the list")]
        buttons: list[Target] = []
        right = self.card.right - th.pad
        for tid, label in reversed(specs):
            bw = ui.font("body", "bold").size(label)[0] + 2 * th.px(24)
            bh = ui.button_height(label, bw, primary=True)
            buttons.insert(0, Target(tid, pygame.Rect(right - bw, self.card.y + th.pad, bw, bh), label))
            right -= bw + th.px(10)
        self.title_w = buttons[0].rect.x - th.gap - self.card.x - th.pad
        # The line under the title wraps (an author's session says more than a count).
        self.sub_h = ui.measure(self.sub_text(), "small", self.title_w)
        title_h = ui.line_h("h1", "bold") + self.sub_h + th.px(4)
        if self.lrs_line:
            title_h += ui.line_h("caption")
        top = self.card.y + th.pad + title_h + th.gap
        top = max(top, max(b.rect.bottom for b in buttons) + th.gap)
        bottom = self.card.bottom - th.pad
        inner_w = self.card.w - 2 * th.pad
        narrow = th.width < th.height * 1.45
        chart_w = inner_w if narrow else round(inner_w * 0.58)
        # A narrow window stacks the chart over the list; the chart takes a little more than half:
        # its legend scrolls, and so does the list.
        chart_h = round((bottom - top) * 0.62) if narrow else bottom - top
        self.chart_rect = pygame.Rect(self.card.x + th.pad, top, chart_w, chart_h)
        if narrow:
            self.list_rect = pygame.Rect(self.card.x + th.pad, self.chart_rect.bottom + th.gap, inner_w,
                                         bottom - self.chart_rect.bottom - th.gap)
        else:
            self.list_rect = pygame.Rect(self.chart_rect.right + th.gap, top, inner_w - chart_w - th.gap, bottom - top)
        self.row_h = ui.line_h("small", "bold") + th.px(4) + ui.line_h("caption") + 2 * th.px(10)
        self.list_view.set(self.list_rect.inflate(-th.px(16), -th.px(16)).move(-th.px(6), 0),
                           len(self.attempts) * (self.row_h + th.px(6)))
        # The chart's buttons only when there is a chart to work them on.
        self.controls = self._layout_controls() if self.opened is None and not self.full_chart.empty else []
        if self.opened is not None:
            view = pygame.Rect(self.card.x + th.pad, top, inner_w - th.px(12), bottom - top)
            self.detail.set(ui, self._detail_rows(), view)
        self._place(buttons)
        if self.focus is None:
            self.focus = "attempt:0" if self.attempts and self.opened is None else "back"

    def _layout_controls(self) -> list[Target]:
        """The chart's buttons (skill ‹ ›, scenario ‹ ›, chart or text) and its drawing area.

        The chart never shrinks below the height at which its axes, levels and percentages
        read (:meth:`ChartView.min_height`): when the panel is shorter (the largest text in a
        small window), the panel's content scrolls (``chart_page``), its legend shown whole."""
        ui, th = self.ui, self.app.theme
        page = self.chart_page
        bh = ui.line_h("small", "bold") + 2 * th.px(8)
        controls_h = 2 * bh + th.px(8) + th.gap
        inner = self.chart_rect.inflate(-2 * th.gap, -2 * th.gap)
        natural = inner.h - controls_h
        need = 0 if self.as_text else self.chart_view.min_height(ui, inner.w, self.chart, self.skill)
        scrolls = need > natural
        if scrolls:  # room on the right for the page's scroll bar, inside the panel
            inner.w -= th.px(ScrollView.HIT_W)
            need = self.chart_view.min_height(ui, inner.w, self.chart, self.skill)
        view = pygame.Rect(self.chart_rect.x, self.chart_rect.y, inner.right - self.chart_rect.x, self.chart_rect.h)
        page.set(view, 2 * th.gap + controls_h + max(natural, need))
        inner = pygame.Rect(inner.x, inner.y - page.offset, inner.w, page.content_h - 2 * th.gap)
        arrow_w = ui.font("small", "bold").size("‹")[0] + 2 * th.px(18)
        toggle = "As a chart" if self.as_text else "As text"
        tw = ui.font("small", "bold").size(toggle)[0] + 2 * th.px(18) + th.px(2)
        y1, y2 = inner.y, inner.y + bh + th.px(8)
        out = [Target("skill:prev", pygame.Rect(inner.x, y1, arrow_w, bh), "Previous skill"),
               Target("skill:next", pygame.Rect(inner.right - arrow_w, y1, arrow_w, bh), "Next skill"),
               Target("scenario:prev", pygame.Rect(inner.x, y2, arrow_w, bh), "Previous scenario"),
               Target("scenario:next", pygame.Rect(inner.right - tw - th.px(8) - arrow_w, y2, arrow_w, bh),
                      "Next scenario"),
               Target("as-text", pygame.Rect(inner.right - tw, y2, tw, bh), toggle)]
        self.skill_label = pygame.Rect(inner.x + arrow_w + th.px(8), y1, inner.w - 2 * (arrow_w + th.px(8)), bh)
        self.filter_label = pygame.Rect(inner.x + arrow_w + th.px(8), y2,
                                        out[3].rect.x - th.px(8) - inner.x - arrow_w - th.px(8), bh)
        area = pygame.Rect(inner.x, y2 + bh + th.gap, inner.w, inner.bottom - y2 - bh - th.gap)
        if self.as_text:
            self.text_rect = area
            self.text_view.set(pygame.Rect(area.x, area.y, area.w - th.px(12), area.h), self._text_height(area.w - th.px(12)))
        else:
            self.chart_view.layout(ui, area, self.chart, self.skill, full_legend=scrolls)
        return out

    def _chart_text(self) -> list[str]:
        return self.chart.text()

    def _text_height(self, w: int) -> int:
        ui, th = self.ui, self.app.theme
        return sum(ui.measure(t, "small", w) + th.px(8) for t in self._chart_text())

    def _place(self, buttons: list[Target] | None = None) -> None:
        if buttons is None:
            buttons = [t for t in self.targets if t.id in ("back", "save")]
        targets = []
        if self.opened is None:
            for i in range(len(self.attempts)):
                r = self._row_rect(i)
                if r.colliderect(self.list_view.view):
                    targets.append(Target(f"attempt:{i}", r.clip(self.list_view.view), ""))
            view = self.chart_page.view
            # Only the part of a button in view takes clicks (the chart's page may scroll).
            targets += [Target(t.id, t.rect.clip(view), t.label) for t in self.controls
                        if t.rect.colliderect(view)]
        else:
            targets = self.detail.targets(self.ui)  # replay and preview buttons scroll with the page
        self.set_targets(targets + buttons)

    def _row_rect(self, i: int) -> pygame.Rect:
        v = self.list_view.view
        return pygame.Rect(v.x, self.list_view.y(i * (self.row_h + self.app.theme.px(6))), v.w, self.row_h)

    def _detail_rows(self) -> list[Row]:
        """The opened attempt's debrief, from the same model as the debrief after play."""
        a = self.opened
        rows = [Row("h", a.scenario_title or a.scenario_id, colour="heading")]
        entry = self.app.library.by_id(a.scenario_id)
        meta = f"{_when(a.finished_at or a.started_at)} · {a.mode} · ending: {a.ending_title or '—'}"
        if version_note(a, entry):
            meta += " · played on an older version of this scenario"
        rows.append(Row("p", meta, colour="muted", role="small"))
        debrief = self._debrief(a)
        if debrief is None:
            return rows + [Row("p", f"Overall: {level_name(a.level)}", style="bold"),
                           Row("p", "The details of this attempt could not be read.", colour="muted")]
        if debrief.replay_line():
            rows.append(Row("p", debrief.replay_line(), colour="muted", role="small"))
        if debrief.rating_line():
            # The debrief asked before showing any score; set the two side by side again.
            rows.append(Row("p", debrief.rating_line(), colour="muted"))
        if self.branches is None and debrief.decisions:
            rows.append(Row("p", "Replaying and previewing other options need the scenario as it was played; "
                                 "it has changed or is not in the library.", colour="muted", role="small"))
        return (rows + score_rows(debrief) + decision_rows(debrief, self.branches)[1:]
                + summary_rows(debrief))

    def _debrief(self, a: Any) -> Debrief | None:
        """The stored attempt's debrief (practice.stored_debrief: with the scenario as played it
        also quotes the prompts and the stronger options)."""
        try:
            return stored_debrief(a, self.app.library)
        except Exception:  # a record this version cannot read (newer, or damaged): say so, never crash
            return None

    # -- input ----------------------------------------------------------------
    def activate(self, target_id: str) -> None:
        if target_id.startswith("attempt:"):
            self.open(int(target_id[8:]))
        elif target_id == "back":
            self.back()
        elif target_id == "save" and self.opened is not None:
            self.save()
        elif target_id.startswith("replay:") and self.opened is not None:
            self.replay(int(target_id[7:]))
        elif target_id.startswith("preview:") and self.branches is not None:
            client = self.branches.scenario.client.name
            self.app.manager.push("preview", branches=self.branches, number=int(target_id[8:]), client=client)
        elif target_id.startswith("skill:"):
            self.change_skill(1 if target_id == "skill:next" else -1)
        elif target_id.startswith("scenario:"):
            self.change_filter(1 if target_id == "scenario:next" else -1)
        elif target_id == "as-text":
            self.as_text = not self.as_text
            self.text_view.offset = 0
            self.layout()
            self.focus = "as-text"

    def change_skill(self, step: int) -> None:
        n = len(self.chart.skills)
        if n:
            self.skill_index = (self.skill_index + step) % n
            self.layout()
            skill = self.skill
            self.app.speak(" ".join(skill.text()) if skill is not None else "")

    def change_filter(self, step: int) -> None:
        """All scenarios, then each scenario charted, in turn."""
        ids = [None] + [sid for sid, _ in self.full_chart.scenarios]
        i = ids.index(self.filter) if self.filter in ids else 0
        self.filter = ids[(i + step) % len(ids)]
        self.layout()
        self.app.speak(self._filter_text())

    def _filter_text(self) -> str:
        return "All scenarios" if self.filter is None else self.full_chart.title_of(self.filter)

    def announce(self) -> None:
        if self.app.voice is None:
            return
        first, *rest = speak_chart(self.chart)
        self.app.speak(f"Your progress. {first}")
        for text in rest:
            self.app.speak_then(text)

    def describe(self, target_id: str) -> str:
        if target_id.startswith("attempt:"):
            a = self.attempts[int(target_id[8:])]
            return f"{a.scenario_title or a.scenario_id}, {a.mode}, {_when(a.finished_at)}, {level_name(a.level)}."
        return super().describe(target_id)

    def open(self, i: int) -> None:
        full = self.app.recorder.attempt(self.attempts[i].id)
        if full is None:
            self.app.notify("That attempt could not be read.")
            return
        self.selected = i
        self.opened = full
        self.branches = stored_branches(full, self.app.library)
        self.detail.view.offset = 0
        self.focus = "back"
        self.layout()

    def save(self) -> None:
        """"Save for supervision": the opened attempt's debrief as one HTML file."""
        try:
            path = save_for_supervision(self.opened, self.app.library)
        except (OSError, HRTrainingError) as e:
            self.app.notify(f"Could not save the file: {e}")
            return
        self.app.notify(f"Saved for supervision: {path}", seconds=12.0)

    def replay(self, number: int) -> None:
        """"Replay from here" on a stored attempt: a new practice attempt (the stored one stays)."""
        record, app = self.opened, self.app
        entry = played_entry(record, app.library)
        if entry is None:
            app.notify("This attempt's scenario has changed since, so it cannot be replayed.")
            return
        app.start_replay(lambda: Attempt.replay_record(entry, record, number, app.recorder,
                                                       write_first=app.write_first_for("practice")))

    def on_focus(self, target_id: str) -> None:
        span = self.detail.content_span(target_id) if self.opened is not None else None
        if span is not None:
            self.detail.view.show(*span)
            self._place()

    def back(self) -> None:
        if self.opened is not None:
            self.opened = None
            self.focus = f"attempt:{self.selected}"
            self.layout()
        else:
            self.app.switch(self.return_to)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if self.opened is not None:
            page = self.detail.view
            if k in (pygame.K_DOWN, pygame.K_PAGEDOWN):
                page.scroll(self.app.theme.px(60) if k == pygame.K_DOWN else page.view.h - self.app.theme.px(40))
                self._place()
                return True
            if k in (pygame.K_UP, pygame.K_PAGEUP):
                page.scroll(-(self.app.theme.px(60) if k == pygame.K_UP else page.view.h - self.app.theme.px(40)))
                self._place()
                return True
            return False
        if k in (pygame.K_LEFT, pygame.K_RIGHT):
            self.change_skill(1 if k == pygame.K_RIGHT else -1)
            return True
        if k == pygame.K_f:
            self.change_filter(-1 if event.mod & pygame.KMOD_SHIFT else 1)
            return True
        if k == pygame.K_t:
            self.activate("as-text")
            return True
        if k in (pygame.K_PAGEUP, pygame.K_PAGEDOWN) and (self.as_text or self.chart_page.max_offset):
            (self.text_view if self.as_text else self.chart_page).page(1 if k == pygame.K_PAGEDOWN else -1)
            self.after_scroll()
            return True
        if k in (pygame.K_UP, pygame.K_DOWN) and self.attempts:
            self.selected = max(0, min(len(self.attempts) - 1, self.selected + (1 if k == pygame.K_DOWN else -1)))
            y = self.selected * (self.row_h + self.app.theme.px(6))
            self.list_view.show(y, y + self.row_h)
            self._place()
            self.focus = f"attempt:{self.selected}"
            return True
        return False

    def scroll_views(self):
        if self.opened is not None:
            return [self.detail.view]
        return [self.list_view, self.chart_page, self.text_view if self.as_text else self.chart_view.legend]

    def after_scroll(self) -> None:
        if self.opened is None and self.controls:
            self.controls = self._layout_controls()  # the chart's page may have scrolled
        self._place()

    def on_wheel(self, dy: int) -> bool:
        view = self.detail.view if self.opened is not None else self.list_view
        if self.opened is None and self.chart_rect.collidepoint(self.app.mouse_pos):
            view = self.text_view if self.as_text else (
                self.chart_page if self.chart_page.max_offset else self.chart_view.legend)
        view.scroll(-dy * self.app.theme.px(60))
        self.after_scroll()
        return True

    # -- drawing --------------------------------------------------------------
    def draw(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        backdrop(ui, surf, "default")
        ui.panel(surf, self.card)
        x, y = self.card.x + th.pad, self.card.y + th.pad
        ui.label(surf, "Your progress", "h1", pal.heading, pygame.Rect(x, y, self.title_w, 1), style="bold")
        y += ui.line_h("h1", "bold") + th.px(4)
        ui.para(surf, self.sub_text(), "small", pal.muted, pygame.Rect(x, y, self.title_w, self.sub_h))
        if self.lrs_line:
            ui.label(surf, self.lrs_line, "caption", pal.muted, pygame.Rect(x, y + self.sub_h, self.title_w, 1))
        if self.opened is not None:
            self.detail.draw(ui, surf, hot=self.is_hot)
        else:
            self._draw_chart(surf)
            self._draw_list(surf)
        draw_buttons(self, surf, [t for t in self.targets if t.id in ("back", "save")], primary="back")
        hints(ui, surf, self.hint_text(), order=("Esc", "↑↓", "Enter"))

    def hint_text(self) -> str:
        """The keys that work now: an opened attempt scrolls; the list opens attempts; the
        chart's keys only with a chart (T names the view it switches to); on an empty screen,
        only the way back."""
        if self.opened is not None:
            return "↑↓ PgUp/PgDn scroll · Tab buttons · Esc back to the list"
        keys = []
        if self.attempts:
            keys.append("↑↓ attempts · Enter open")
        if not self.full_chart.empty:
            if len(self.chart.skills) > 1:
                keys.append("← → skill")
            if len(self.full_chart.scenarios) > 1:  # with one, "all" and "this one" are the same
                keys.append("F scenario")
            keys.append("T as a chart · PgUp/PgDn scroll" if self.as_text else "T as text")
            if not self.as_text and self.chart_page.max_offset:
                keys.append("PgUp/PgDn scroll the chart")
        return " · ".join(keys + ["Esc back"])

    @property
    def author_session(self) -> bool:
        """An author's test play that records nowhere (``--scenario`` without ``--record``): what
        the screen lists is this session's test plays, kept in memory until the game quits."""
        return self.app.author and self.app.recorder.available and not self.app.recorder.keeps

    def sub_text(self) -> str:
        """The line under the title: whose progress and how much of it, or, in an author's
        session, that nothing of it is recorded (the profile's own progress is not read, so
        the screen never passes this session's plays off as the trainee's)."""
        rec = self.app.recorder
        if not rec.available:
            return "Progress is not being saved on this computer."
        if self.author_session:
            n = len(self.attempts)
            shown = (f"{n} finished test play{'s' if n != 1 else ''}, shown until you quit" if n
                     else "no test play finished yet")
            return (f"Author's test session: nothing from it is recorded ({shown}). {rec.profile}'s "
                    "progress is not shown here; start the game without --scenario to see it.")
        return f"{rec.profile} · {self.count_text()}"

    def count_text(self) -> str:
        """How many finished attempts the list shows. The recorder reads only the latest
        ``RECENT``, and the store has no cheap count, so a full list says so instead of a total."""
        n = len(self.attempts)
        replays = sum(1 for a in self.attempts if a.parent_attempt_id is not None)
        also = f" (with {replays} replay{'s' if replays != 1 else ''} from a decision, not charted)" if replays else ""
        if n >= self.app.recorder.RECENT:
            return f"the latest {n} finished attempts{also}"
        return f"{n} finished attempt{'s' if n != 1 else ''}{also}"

    def _draw_chart(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        rect = self.chart_rect
        pygame.draw.rect(surf, pal.panel_alt, rect, border_radius=th.px(12))
        if self.full_chart.empty:
            text = ("No test play finished in this session yet. Play the scenario to the end and its "
                    "levels will appear here until you quit." if self.author_session else
                    "No finished attempts yet. Play a scenario to the end and your levels will appear here, "
                    "one line per scenario.")
            ui.para(surf, text, "body", pal.muted, rect.inflate(-2 * th.pad, -2 * th.pad), vertical=False)
            return
        # Clipped only when the page scrolls: else all of it is in the panel, and the text view's
        # "More below" cue, half under its view, must not be cut by the page's edge.
        with clipped(surf, self.chart_page.view) if self.chart_page.max_offset else nullcontext():
            self._draw_chart_page(surf)
        self.chart_page.draw_bar(surf, ui)

    def _draw_chart_page(self, surf: pygame.Surface) -> None:
        """The chart panel's content: its buttons, then the chart or its text."""
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        chart, skill = self.chart, self.skill
        for t in self.controls:
            hover, focus = self.is_hot(t.id)
            label = {"skill:prev": "‹", "scenario:prev": "‹", "skill:next": "›", "scenario:next": "›"}.get(t.id, t.label)
            ui.button(surf, t.rect, label, hover=hover, focus=focus, role="small")
        if skill is not None:
            head = f"{skill.name} ({self.skill_index % len(chart.skills) + 1} of {len(chart.skills)})"
            ui.label(surf, head, "small", pal.heading, self.skill_label, align="center", style="bold", valign="center")
        ui.label(surf, self._filter_text(), "small", pal.text, self.filter_label, align="center", valign="center")
        if self.as_text:
            view = self.text_view
            with clipped(surf, view.view):
                y = 0
                for text in self._chart_text():
                    h = ui.measure(text, "small", view.view.w)
                    ui.para(surf, text, "small", pal.text, pygame.Rect(view.view.x, view.y(y), view.view.w, h),
                            vertical=False)
                    y += h + th.px(8)
            view.draw_bar(surf, ui)
        else:
            self.chart_view.draw(ui, surf, chart, skill, bands=level_bands)

    def _draw_list(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        pygame.draw.rect(surf, pal.panel_alt, self.list_rect, border_radius=th.px(12))
        view = self.list_view.view
        if not self.attempts:
            # Padded like the chart's message (the list's view runs to the panel's edge for its rows).
            text = ("This session's finished test plays will be listed here; open one to read its debrief "
                    "again." if self.author_session else
                    "Your finished attempts will be listed here; open one to read its debrief again.")
            ui.para(surf, text, "small", pal.muted, self.list_rect.inflate(-2 * th.pad, -2 * th.pad), vertical=False)
            return
        with clipped(surf, view):
            for i, a in enumerate(self.attempts):
                r = self._row_rect(i)
                if not r.colliderect(view):
                    continue
                hover, focus = self.is_hot(f"attempt:{i}")
                pygame.draw.rect(surf, pal.button_hover if hover or focus or i == self.selected else pal.panel[:3],
                                 r, border_radius=th.px(10))
                if focus:
                    pygame.draw.rect(surf, pal.focus, r, th.px(3), border_radius=th.px(10))
                inner = r.inflate(-2 * th.px(12), -2 * th.px(10))
                depth = self.rows_depth[i][1]
                if depth:  # a replay, under the attempt it came from
                    step = min(inner.w // 4, th.px(24) * depth)
                    inner = pygame.Rect(inner.x + step, inner.y, inner.w - step, inner.h)
                chip = level_name(a.level)
                cw = ui.chip_width(chip)
                ui.label(surf, a.scenario_title or a.scenario_id, "small", pal.text,
                         pygame.Rect(inner.x, inner.y, inner.w - cw - th.gap, 1), style="bold")
                ui.chip(surf, chip, inner.right - cw, inner.y, cw, pal.level(a.level or "beginning"),
                        (0, 0, 0) if pal.name == "high-contrast" else pal.on_accent)
                entry = self.app.library.by_id(a.scenario_id)
                meta = f"{_when(a.finished_at)} · {a.mode}"
                if a.from_decision is not None:
                    meta = f"↳ replay from decision {a.from_decision} · " + meta
                note = version_note(a, entry)
                if note:
                    meta += f" · {note}"
                ui.label(surf, meta, "caption", pal.muted,
                         pygame.Rect(inner.x, inner.y + ui.line_h("small", "bold") + th.px(4), inner.w, 1))
        self.list_view.draw_bar(surf, ui)
