"""The conversation: background, portrait, dialogue with reveal, choices, meters, coach panel.

Phases of one beat::

    reveal  -> the node's lines appear (any key or click finishes them)
    choose  -> options as buttons (or Continue / See how it went)
    coach   -> practice mode only: what the client likely felt, the principle, the codes

Layout reflows from the window's real size and the text size (see :meth:`layout`): the
current line is always shown whole, then at least two options (or five lines of the coach's
note, beside the client's last line, or at least its first lines), and whatever does not fit
scrolls, with a "More below" cue: the conversation panel is never an empty strip. The key-hint strip holds
History, Menu and Leave buttons, so nothing needs the keyboard.

Assessment mode shows no meter, no "+1" and no coach note until the debrief: the client's
reactions come through what they say. A choice is taken only by a press and release on the
same option, and never within :data:`READY_SECONDS` of the options appearing or the text
finishing (a double-click that finished the text must not answer an option never read).

Everything static (picture, panels, portrait, name plate) is composed once per
layout into one opaque surface, so a frame is one big blit plus cached text.
"""
from __future__ import annotations

from typing import Any

import pygame

from hrtraining.engine import NARRATOR, YOU, Outcome, ShownLine
from hrtraining.practice import coach_note, speak_choices, speak_coach, speak_ending, speak_lines, speak_option

from ._chrome import backdrop, footer_buttons, hint_height, hints
from ._coach import coach_rows
from ._conv_panels import ConversationPanels
from ._conv_practice import PracticeHooks
from ._scene import ACTIVATE_KEYS, Scene
from ._ui import ScrollView, Target, clipped

METER_SECONDS = 0.6   # how long a meter takes to slide to its new value
FLASH_SECONDS = 2.2   # how long the "+1" next to a meter stays bright
#: Options (and Continue) take no input this long after they appear or the text finishes.
READY_SECONDS = 0.4
#: The least the bottom area shows: this many options in full, or lines of the coach's note.
MIN_OPTIONS = 2
MIN_COACH_LINES = 5
#: The least of the line the dialogue panel must show (the current line; under the coach's note,
#: the client's last line) when it cannot show it whole: this many lines of it, with a cue.
MIN_DIALOG_LINES = 2
#: How well a layout plan holds the screen: the line whole and the least of the bottom area;
#: a readable part of the line (MIN_DIALOG_LINES, with a cue) and that least; neither.
FITS_ALL, FITS_READABLE, FITS_NONE = 2, 1, 0
AREA_KINDS = ("choice:", "next", "continue", "debrief")
#: The footer's hints by importance (prefixes), for when they do not all fit beside its buttons:
#: the phase's own keys, then that there is more below, then moving; Esc, H and the author's keys
#: have buttons of their own (Menu, History, Reload) on the same strip.
HINT_ORDER = ("1", "Any key", "Enter", "PgDn", "↑↓", "Esc", "H ", "V ", "F5", "F3")
#: The portrait column's share of the width in the most compact plan.
NARROW_SHARE = 0.21


class ConversationScene(PracticeHooks, ConversationPanels, Scene):
    name = "conversation"

    def __init__(self, app) -> None:
        super().__init__(app)
        #: The attempt this scene's lines and phase belong to, held (not its ``id()``): once an
        #: attempt is dropped (the error screen clears ``app.play``) a new one can be given the
        #: same id, and the scene would carry the old lines and phase into it.
        self._play: Any = None
        self.display: list[ShownLine] = []
        self.reveal_start = 0
        self.revealed = 0.0
        self.total_chars = 0
        self.phase = "choose"
        self.outcome: Outcome | None = None
        self.meter_shown: dict[str, float] = {}
        self.meter_flash: dict[str, tuple[int, float]] = {}
        self.dialog = ScrollView()
        self.area = ScrollView()
        self._static: tuple[tuple, pygame.Surface] | None = None
        self.fixed: Target | None = None
        #: A second pinned button left of ``fixed`` ("Try that again" beside Continue).
        self.fixed_extra: Target | None = None
        self.items: list[tuple[str, Any, int]] = []
        self.item_pos: list[int] = []
        self.choice_role = "body"
        self.footer: list[Target] = []
        self.show_bar = True
        self.ready_at = 0.0
        self._beat_plan: int | None = None
        self.pad = 0
        self._typical: tuple[tuple, int] | None = None

    # -- lifecycle -------------------------------------------------------------
    def enter(self, **params: Any) -> None:
        super().enter()
        play = self.app.play
        if play is None:
            raise RuntimeError("no scenario is being played")
        if play is not self._play or params.get("reloaded"):
            self._play = play
            self.outcome = None
            self.meter_shown = {k: float(v) for k, v in play.session.meters.items()}
            self.meter_flash = {}
            self._start_beat([], speak=False)  # the manager announces the scene once it is laid out

    def _start_beat(self, prefix: list[ShownLine], speak: bool = True) -> None:
        beat = self.app.play.beat
        self.display = prefix + list(beat.lines)
        self.reveal_start = len(prefix)
        self.total_chars = sum(len(l.text) + 1 for l in self.display[self.reveal_start:])
        instant = self.app.settings.chars_per_second <= 0
        self.revealed = float(self.total_chars) if instant else 0.0
        self.phase = "choose" if self.revealed >= self.total_chars else "reveal"
        self.focus = None
        self.dialog.offset = 0
        self.area.offset = 0
        self._ready()
        self.layout()
        if speak:
            self.announce()
        if self.phase == "choose":
            self._ask_first()  # own words first: the text box opens over the lines just shown

    # -- self-voicing ------------------------------------------------------------
    def announce(self) -> None:
        """Self-voicing: the new lines, then how many options (or the coach's note)."""
        app, play = self.app, self.app.play
        if app.voice is None or play is None:
            return
        if self.phase == "coach" and self.outcome is not None:
            app.speak(speak_coach(coach_note(self.outcome, play.scenario, play.rubric)))
            app.speak_then("Press Enter to continue.")
            return
        beat = play.beat
        new = self.display[self.reveal_start:]
        app.speak(speak_lines(new) if new else "")
        if beat.kind == "choice":
            app.speak_then(speak_choices(len(beat.options)))
        elif beat.kind == "continue":
            app.speak_then("Press Enter to continue.")
        else:
            app.speak_then(speak_ending(beat.ending.title if beat.ending else "The end"))

    def describe(self, target_id: str) -> str:
        beat = self.app.play.beat if self.app.play else None
        if target_id.startswith("choice:") and beat is not None and beat.kind == "choice":
            i = int(target_id[7:])
            if 0 <= i < len(beat.options):
                return speak_option(beat.options[i], len(beat.options))
        return super().describe(target_id)

    def _ready(self) -> None:
        """New options (or a new Continue) are on screen: start the guard against stray input."""
        self.ready_at = self.app.clock + READY_SECONDS
        self._pressed = None

    def input_wait(self) -> float:
        """Seconds until the options on screen take input (0: they do now)."""
        return max(0.0, self.ready_at - self.app.clock) if self.phase != "reveal" else 0.0

    @property
    def shows_meters(self) -> bool:
        """Meters and their "+1" show in practice mode; assessment keeps every score for the
        debrief, so the client's reactions come only through what they say."""
        play = self.app.play
        return play is not None and play.mode == "practice"

    # -- layout ----------------------------------------------------------------
    def layout(self) -> None:
        """Lay the screen out for the window's real size and the text size.

        Plans go from roomiest to most compact: with the title bar; without it (the mode moves
        onto the name plate); and with a narrower portrait column and less padding. The first plan
        in which the right column holds the current line whole *and* the least the bottom
        area must show (two options, or five lines of the coach's note) wins; a bigger
        window simply shows more of the conversation above.
        """
        play = self.app.play
        if play is None:
            return
        self.footer = self._footer()
        plans = self.plans()
        # Start from the roomiest plan a typical beat fits in at this size, so the screen does
        # not change shape from beat to beat; a longer beat moves on to a more compact plan,
        # and the coach's note keeps the plan its options had.
        first = self._typical_plan(plans)
        if self.phase == "coach" and self._beat_plan is not None:
            first = max(first, self._beat_plan)
        fits: dict[int, int] = {}
        chosen = None
        for i in range(first, len(plans)):
            fits[i] = self._layout_plan(*plans[i])
            if fits[i] == FITS_ALL:
                chosen = i
                break
        if chosen is None:
            # Nothing holds it all: options come closest in the most compact plan (the dialogue
            # scrolls to the current line). The coach's note keeps its options' plan when that
            # plan still shows a readable part of the client's line beside the note's first
            # lines, else it moves on: never an empty strip where the conversation was.
            last = len(plans) - 1
            if self.phase == "coach":
                chosen = next((i for i in range(first, len(plans)) if fits[i] >= FITS_READABLE), last)
            else:
                chosen = last
            if chosen != max(fits):
                self._layout_plan(*plans[chosen])
        if self.phase != "coach":
            self._beat_plan = chosen
        self._place_targets()

    def plans(self) -> list[tuple[bool, float, bool]]:
        """The layout plans, roomiest first: (title bar shown, portrait column's share of the
        width, compact padding), as :meth:`_layout_plan` takes them."""
        share = 0.29 if self.app.theme.width / self.app.theme.height >= 1.5 else 0.26
        return [(True, share, False), (False, share, False), (False, NARROW_SHARE, True)]

    def _typical_plan(self, plans: list[tuple[bool, float, bool]]) -> int:
        """The first plan that holds a typical beat: a two-line line and two two-line options."""
        ui, th = self.ui, self.app.theme
        key = (th.width, th.height, ui.fonts)  # the object: a new FontBook may reuse an id
        if self._typical is not None and self._typical[0] == key:
            return self._typical[1]
        body = self._lines_h("body", 2) + ui.line_h("small", "bold") + th.px(4) + 2 * th.pad
        option = self._lines_h("small", 2) + 2 * th.px(12)
        area = 2 * option + th.px(10) + ScrollView.cue_height(ui) // 2 + th.px(4) + 2 * th.pad
        found = len(plans) - 1
        for i, (bar, _share, _compact) in enumerate(plans):
            top = (th.px(16) + ui.line_h("small") + 2 * th.px(12) + th.gap) if bar else th.px(16)
            total = th.height - hint_height(ui) - th.gap - top
            if body + th.gap + area <= total:
                found = i
                break
        self._typical = (key, found)
        return found

    def _footer(self) -> list[Target]:
        specs = [("history", "History"), ("menu", "Menu"), ("leave", "Leave")]
        if self.app.author:
            specs.insert(0, ("reload", "Reload"))
        return footer_buttons(self.ui, specs)

    def _layout_plan(self, show_bar: bool, share: float, compact: bool = False) -> int:
        """Lay out with or without the title bar and a left column of ``share`` (``compact``:
        less padding inside the panels); returns how well it holds the screen: FITS_ALL (the
        line the dialogue must show, whole, and the least of the bottom area), FITS_READABLE
        (that least and a readable part of the line) or FITS_NONE."""
        ui, th = self.ui, self.app.theme
        self.pad = pad = th.px(14) if compact else th.pad
        m = th.margin
        W, H = th.width, th.height
        self.show_bar = show_bar
        bar_h = ui.line_h("small") + 2 * th.px(12)
        self.bar = pygame.Rect(m, th.px(16), W - 2 * m, bar_h if show_bar else 0)
        top = self.bar.bottom + th.gap if show_bar else th.px(16)
        bottom = H - hint_height(ui) - th.gap
        lw = round((W - 2 * m) * share)
        # Name plate under the portrait: name, about, meters.
        plate_h = self._layout_plate(lw, bottom - top)
        self.plate = pygame.Rect(m, bottom - plate_h, lw, plate_h)
        self.portrait_box = pygame.Rect(m, top, lw, max(0, self.plate.y - th.px(8) - top))
        x = m + lw + th.gap
        rw = W - m - x
        total = bottom - top
        inner_w = rw - 2 * pad - th.px(12)
        dialog_min, dialog_floor = self._measure_dialog(rw, pad)
        # Choices read in body text when they fit; long option lists step down a size so the
        # trainee sees more of them at once. Only the most compact plan steps down twice, and
        # only when two long options would not fit beside the current line otherwise.
        room = total - th.gap - dialog_min
        roles = ("body", "small", "caption") if compact else ("body", "small")
        for n, self.choice_role in enumerate(roles):
            items, fixed = self._bottom_items(inner_w)
            fixed_h = self._fixed_h(fixed, inner_w, items)
            if self.phase != "choose" or n == len(roles) - 1:
                break
            if n == 0 and self._items_h(items) + fixed_h + 2 * pad <= room:
                break  # every option fits in body text
            if n == 1 and self._least_items_h(items, inner_w) + fixed_h + 2 * pad <= room:
                break  # the first two fit in small text
        items_h = self._items_h(items)
        needed = items_h + fixed_h + 2 * pad
        least = self._least_items_h(items, inner_w) + fixed_h + 2 * pad
        # The area takes what it needs, up to all the room the current line leaves; at worst the
        # least it must show (the dialogue then scrolls to the current line).
        area_h = max(min(needed, least), min(needed, room))
        # ...but never past the dialogue's floor: a readable part of the line it must show.
        area_h = min(area_h, total - th.gap - dialog_floor)
        self.area_rect = pygame.Rect(x, bottom - area_h, rw, area_h)
        self.dialog_rect = pygame.Rect(x, top, rw, self.area_rect.y - th.gap - top)
        self.dialog.set(self.dialog_rect.inflate(-2 * pad, -2 * pad).move(-th.px(6), 0), self._dialog_h())
        self._follow_reveal()
        scroll_h = area_h - 2 * pad - fixed_h
        self.area.set(pygame.Rect(x + pad, self.area_rect.y + pad, inner_w, max(0, scroll_h)), items_h)
        self.fixed = self.fixed_extra = None
        if fixed:
            extra = self._pinned_extra()
            row_w = rw - 2 * pad
            if extra is None:
                h = ui.button_height(fixed[1], inner_w, primary=True)
                self.fixed = Target(fixed[0], pygame.Rect(x + pad, self.area_rect.bottom - pad - h, row_w, h),
                                    fixed[1])
            else:  # two side by side: the extra on the left, the way on (primary) on the right
                half = (row_w - th.gap) // 2
                h = self._fixed_h(fixed, inner_w, [])
                y = self.area_rect.bottom - pad - h
                self.fixed_extra = Target(extra[0], pygame.Rect(x + pad, y, half, h), extra[1])
                self.fixed = Target(fixed[0], pygame.Rect(x + pad + row_w - half, y, half, h), fixed[1])
        self.items = items
        if least <= room:
            return FITS_ALL
        return FITS_READABLE if least <= total - th.gap - dialog_floor else FITS_NONE

    def _measure_dialog(self, rw: int, pad: int) -> tuple[int, int]:
        """Place the dialogue lines (content coordinates) for a ``rw``-wide column; returns the
        height the dialogue panel needs to show the line it must show (:meth:`_anchor_line`)
        whole, and its floor: the first :data:`MIN_DIALOG_LINES` lines of that line's text."""
        ui, th = self.ui, self.app.theme
        dw = rw - 2 * pad - th.px(12)
        self.line_pos: list[tuple[int, int, int]] = []  # (y, name height, text height)
        y = 0
        for ln in self.display:
            nh = ui.line_h("small", "bold") + th.px(4) if ln.name and ln.speaker != NARRATOR else 0
            role, style = self._line_font(ln)
            h = ui.measure(ln.text, role, dw - (th.px(14) if ln.speaker == YOU else 0), style)
            self.line_pos.append((y, nh, h))
            y += nh + h + th.gap
        if not self.line_pos:
            return 2 * pad, 2 * pad
        i = self._anchor_line()
        _, nh, h = self.line_pos[i]
        role, _style = self._line_font(self.display[i])
        return nh + h + 2 * pad, min(nh + h, self._lines_h(role, MIN_DIALOG_LINES)) + 2 * pad

    def _dialog_h(self) -> int:
        """Content height of the dialogue: every line, or while text appears, up to the line
        appearing (lines still to come are not "more below")."""
        if not self.line_pos:
            return 0
        y, nh, h = self.line_pos[self._current_line() if self.phase == "reveal" else -1]
        return y + nh + h

    def _current_line(self) -> int:
        """The line the trainee is reading now: the one appearing, else the last."""
        return self._revealing_line() if self.phase == "reveal" else len(self.display) - 1

    def _anchor_line(self) -> int:
        """The line the dialogue panel must keep in view: the current line, except under the
        coach's note, where it is the line the trainee answered (the client's last), since
        the note is about how the client took the answer the trainee has just chosen."""
        last = self._current_line()
        if self.phase == "coach" and last > 0 and self.display[last].speaker == YOU:
            return last - 1
        return last

    def _bottom_items(self, w: int) -> tuple[list[tuple[str, Any, int]], tuple[str, str] | None]:
        if self.phase == "reveal":
            # While text appears the dialogue gets the room; options come once it is all there.
            return [("hint", "", self.ui.line_h("small"))], None
        return self._area_items(w)

    def _items_h(self, items: list[tuple[str, Any, int]]) -> int:
        return sum(h for _, _, h in items) + self.app.theme.px(10) * max(0, len(items) - 1)

    def _fixed_h(self, fixed: tuple[str, str] | None, w: int, items: list) -> int:
        """The pinned row's height (and the gap above it when the area has rows)."""
        if not fixed:
            return 0
        extra = self._pinned_extra()
        if extra is None:
            h = self.ui.button_height(fixed[1], w, primary=True)
        else:
            half = (w - self.app.theme.gap) // 2
            h = max(self.ui.button_height(label, half, primary=True) for label in (fixed[1], extra[1]))
        return h + (self.app.theme.gap if items else 0)

    def _least_items_h(self, items: list[tuple[str, Any, int]], w: int) -> int:
        """The least of the bottom area that must show: two options in full (and the "More
        below" cue when there are more), or the coach's first lines."""
        ui, th = self.ui, self.app.theme
        if any(kind == "coach" for kind, _, _ in items):
            want = ui.line_h("h2", "bold") + th.px(10) + ui.line_h("small", "bold") + th.px(4) \
                + self._lines_h("small", MIN_COACH_LINES)
            return min(self._items_h(items), want)
        buttons = [h for kind, _, h in items if kind == "button"]
        if buttons:
            least = self._items_h(items[:MIN_OPTIONS])
            if len(buttons) > MIN_OPTIONS:
                least += ScrollView.cue_height(ui) // 2 + th.px(4)  # the "More below" cue under them
            return least
        return self._items_h(items)

    def _lines_h(self, role: str, n: int) -> int:
        from ._text import line_step
        font = self.ui.font(role)
        return line_step(font) * (n - 1) + font.get_height()

    def _line_font(self, ln: ShownLine) -> tuple[str, str]:
        if ln.speaker == NARRATOR:
            return "body", "italic"
        return "body", "regular"

    def _area_items(self, w: int) -> tuple[list[tuple[str, Any, int]], tuple[str, str] | None]:
        """(kind, payload, height) rows of the bottom area, and its pinned button."""
        ui = self.ui
        play = self.app.play
        beat = play.beat
        items: list[tuple[str, Any, int]] = []
        if self.phase == "coach" and self.outcome is not None:
            for row in coach_rows(play, self.outcome):
                items.append(("coach", row, self._coach_row_height(row, w)))
            return items, ("next", "Continue")  # and "Try that again" beside it (_pinned_extra)
        if beat.kind == "choice":
            for o in beat.options:
                items.append(("button", (f"choice:{o.number - 1}", o.text),
                              ui.button_height(o.text, w, role=self.choice_role, number=True)))
            return items, None
        if beat.kind == "continue":
            return items, ("continue", "Continue")
        title = beat.ending.title if beat.ending else "The end"
        items.append(("ending", title, ui.measure(f"Ending: {title}", "h2", w, "bold")))
        return items, ("debrief", "See how it went")

    def _place_targets(self) -> None:
        targets = []
        y = 0
        gap = self.app.theme.px(10)
        self.item_pos: list[int] = []
        for kind, payload, h in self.items:
            self.item_pos.append(y)
            if kind == "button":
                rect = pygame.Rect(self.area.view.x, self.area.y(y), self.area.view.w, h)
                if rect.colliderect(self.area.view) and self.phase != "reveal":
                    # Only the part in view takes clicks: a hidden part is not there to press.
                    targets.append(Target(payload[0], rect.clip(self.area.view), payload[1]))
            y += h + gap
        if self.phase != "reveal":
            targets += [t for t in (self.fixed_extra, self.fixed) if t is not None]
        self.set_targets(targets + self.footer)

    def _all_ids(self) -> list[str]:
        ids = [p[0] for kind, p, _ in self.items if kind == "button"]
        return ids + [t.id for t in (self.fixed_extra, self.fixed) if t is not None]

    def move_focus(self, step: int) -> None:
        # Cycle through every option, scrolling the area to the focused one.
        ids = self._all_ids()
        if not ids or self.phase == "reveal":
            return
        i = ids.index(self.focus) if self.focus in ids else (-1 if step > 0 else 0)
        self.focus = ids[(i + step) % len(ids)]
        self.on_focus(self.focus)
        self.say_focus()

    def _follow_reveal(self) -> None:
        """Keep the line being revealed in view (the dialogue panel scrolls by itself)."""
        if not self.line_pos:
            return
        self.dialog.content_h = self._dialog_h()
        if self.phase == "coach":
            self._show_anchor()
            return
        n = self._revealing_line()
        y, nh, h = self.line_pos[n]
        self.dialog.show(y, y + nh + h)

    def _show_anchor(self) -> None:
        """Under the coach's note: the end of the conversation (the trainee's answer) when the
        client's last line fits above it, else the start of that line (the answer lies below
        the "More below" cue). When the view cannot hold the speaker's name and two lines,
        it starts at the text: two lines of what was said read better than a name and one."""
        i = self._anchor_line()
        y, nh, h = self.line_pos[i]
        role, _style = self._line_font(self.display[i])
        fits_name = nh + min(h, self._lines_h(role, MIN_DIALOG_LINES)) <= self.dialog.view.h
        self.dialog.to_end()
        self.dialog.offset = max(0, min(self.dialog.offset, y if fits_name else y + nh))

    def _revealing_line(self) -> int:
        left = self.revealed
        for i in range(self.reveal_start, len(self.display)):
            size = len(self.display[i].text) + 1
            if left < size:
                return i
            left -= size
        return len(self.display) - 1

    # -- time ------------------------------------------------------------------
    def animating(self) -> bool:
        return self.phase == "reveal" or bool(self.meter_flash) or any(
            abs(self.meter_shown.get(k, v) - v) > 1e-3 for k, v in self._meters().items())

    def _meters(self) -> dict[str, int]:
        return dict(self.app.play.session.meters) if self.app.play else {}

    def update(self, dt: float) -> None:
        if self.app.play is None:
            return
        if self.phase == "reveal":
            self.revealed = min(self.total_chars, self.revealed + dt * self.app.settings.chars_per_second)
            before = self.dialog.offset
            self._follow_reveal()
            if self.dialog.offset != before:
                self._place_targets()
            if self.revealed >= self.total_chars:
                self.finish_reveal()
        instant = self.app.theme.reduced_motion
        for name, value in self._meters().items():
            shown = self.meter_shown.get(name, float(value))
            if instant:
                shown = float(value)
            else:
                step = dt / METER_SECONDS * max(1.0, abs(value - shown))
                shown = value if abs(value - shown) <= step else shown + step * (1 if value > shown else -1)
            self.meter_shown[name] = shown
        for name, (delta, left) in list(self.meter_flash.items()):
            left -= dt
            if left <= 0:
                del self.meter_flash[name]
            else:
                self.meter_flash[name] = (delta, left)

    def finish_reveal(self) -> None:
        self.revealed = float(self.total_chars)
        self.phase = "choose"
        self._ready()
        self.layout()
        self._ask_first()

    # -- input -----------------------------------------------------------------
    def scroll_views(self) -> list[ScrollView]:
        return [self.area, self.dialog]

    def after_scroll(self) -> None:
        self._place_targets()

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.phase == "reveal":
            on_footer = event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and any(
                t.rect.collidepoint(event.pos) for t in self.footer)
            if event.type == pygame.MOUSEBUTTONUP and event.button == 1 and not on_footer:
                self.finish_reveal()
                return
            if event.type == pygame.KEYDOWN and event.key not in (pygame.K_ESCAPE, pygame.K_h, pygame.K_PAGEUP,
                                                                  pygame.K_v):
                self.finish_reveal()
                return
        super().handle_event(event)

    def on_key(self, event: pygame.event.Event) -> bool:
        k = event.key
        if k == pygame.K_ESCAPE:
            self.app.manager.push("pause", **self.history_params())
            return True
        if k == pygame.K_h or (k == pygame.K_PAGEUP and self.area.offset == 0):
            self.app.manager.push("backlog", **self.history_params())
            return True
        if self.phase == "coach" and k == pygame.K_t:
            self.activate("again")
            return True
        if self.phase == "choose" and pygame.K_1 <= k <= pygame.K_9:
            tid = f"choice:{k - pygame.K_1}"
            if self._offered(k - pygame.K_1):
                self.activate(tid)
            return True
        if k in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            self.area.page(1 if k == pygame.K_PAGEDOWN else -1)
            self._place_targets()
            return True
        if k in ACTIVATE_KEYS and self.focus is None:
            # Nothing focused: a lone Continue (or "See how it went") is taken at once; with
            # options the first Enter only moves the focus onto one (never a blind choice).
            ids = self._all_ids()
            if len(ids) == 1:
                self.activate(ids[0])
            else:
                self.move_focus(1)
            return True
        return False

    def _offered(self, i: int) -> bool:
        beat = self.app.play.beat
        return beat.kind == "choice" and 0 <= i < len(beat.options)

    def on_focus(self, target_id: str) -> None:
        i = next((n for n, (_, p, _h) in enumerate(self.items) if p and isinstance(p, tuple) and p[0] == target_id), None)
        if i is not None:
            y = self.item_pos[i]
            self.area.show(y, y + self.items[i][2])
            self._place_targets()

    def on_wheel(self, dy: int) -> bool:
        pos = self.app.mouse_pos
        px = self.app.theme.px(60)
        if self.area_rect.collidepoint(pos) and self.area.max_offset:
            self.area.scroll(-dy * px)
            self._place_targets()
        elif dy > 0 and (self.dialog.offset == 0 or not self.dialog_rect.collidepoint(pos)):
            self.app.manager.push("backlog", **self.history_params())  # wheel up past the top opens the history
        else:
            self.dialog.scroll(-dy * px)
        return True

    def activate(self, target_id: str) -> None:
        play = self.app.play
        if target_id in ("history", "menu", "leave", "reload"):
            self._quick(target_id)
            return
        if self.phase == "reveal":
            self.finish_reveal()
            return
        if target_id.startswith(AREA_KINDS) and self.input_wait() > 0:
            return  # too soon after the options appeared: a stray or doubled press, not a choice
        if target_id.startswith("choice:") and self.phase == "choose":
            self._choose(int(target_id[7:]))
        elif target_id == "next" and self.phase == "coach":
            self._start_beat(self._you_line())
        elif target_id == "again" and self.phase == "coach":
            self._try_again()
        elif target_id == "continue":
            play.advance()
            self._start_beat([])
        elif target_id == "debrief":
            self.app.switch("debrief")

    def history_params(self) -> dict[str, Any]:
        """What the history needs to know from this scene, passed when it (or the pause menu,
        which opens it) is pushed: during the coach's note the session has already moved on,
        but the next lines have not been shown yet."""
        return {"coach": self.phase == "coach"}

    def _quick(self, target_id: str) -> None:
        """The footer's buttons: what H, Esc and F5 do, for the pointer."""
        app = self.app
        if target_id == "history":
            app.manager.push("backlog", **self.history_params())
        elif target_id == "menu":
            app.manager.push("pause", **self.history_params())
        elif target_id == "reload":
            app.reload()
        else:
            app.leave_play()

    def _you_line(self) -> list[ShownLine]:
        return [ShownLine(YOU, "You", self.outcome.choice.text)] if self.outcome else []

    def _choose(self, position: int) -> None:
        play = self.app.play
        if not self._offered(position):
            return
        self.outcome = outcome = play.choose(position)
        if self.shows_meters:
            for name, (before, after) in outcome.meter_changes.items():
                self.meter_flash[name] = (after - before, FLASH_SECONDS)
        if play.mode == "practice":
            self.phase = "coach"
            self.display = self.display + self._you_line()
            self.reveal_start = len(self.display)
            self.total_chars = 0
            self.revealed = 0.0
            self.focus = "next"
            self.area.offset = 0
            self._ready()
            self.layout()  # which also scrolls the dialogue to the client's last line (_show_anchor)
            self.announce()
        else:
            self._start_beat(self._you_line())

    # -- drawing ---------------------------------------------------------------
    def _static_layer(self) -> pygame.Surface:
        """Background, panels, portrait and name plate, composed once per layout."""
        ui, th = self.ui, self.app.theme
        play = self.app.play
        sc = play.scenario
        key = (th.width, th.height, ui.pal.name, ui.fonts, sc.path, sc.content_hash,
               tuple(self.dialog_rect), tuple(self.area_rect), tuple(self.plate), play.mode, self.show_bar)
        if self._static is not None and self._static[0] == key:
            return self._static[1]
        s = pygame.Surface((th.width, th.height))
        backdrop(ui, s, sc.setting or "default")
        if self.show_bar:
            ui.panel(s, self.bar, radius=self.bar.h // 2)
        ui.panel(s, self.dialog_rect)
        ui.panel(s, self.area_rect, ui.pal.panel)
        img = ui.assets.portrait(sc.path, sc.client.portrait, max(8, self.portrait_box.h), ui.pal)
        if img.get_width() > self.portrait_box.w:
            k = self.portrait_box.w / img.get_width()
            img = ui.assets.portrait(sc.path, sc.client.portrait, max(8, int(self.portrait_box.h * k)), ui.pal)
        r = img.get_rect(midbottom=(self.portrait_box.centerx, self.plate.y + th.radius))
        s.blit(img, r)
        ui.panel(s, self.plate)
        inner = self.plate.inflate(-2 * th.gap, 0)
        y = self.plate.y + th.px(14)
        mode = "Practice" if play.mode == "practice" else "Assessment"
        cw = ui.chip_width(mode)
        # The name is never shortened (_layout_plate): it wraps, and the mode's chip goes
        # under it when the two do not fit on one line.
        ui.para(s, sc.client.name, "h2", ui.pal.client, pygame.Rect(inner.x, y, inner.w, self.name_h), "bold")
        if not self.show_bar:  # no title bar: the mode sits on the name plate
            if self.chip_below:
                ui.chip(s, mode, inner.x, y + self.name_h + th.px(4), cw)
            else:
                ui.chip(s, mode, inner.right - cw, y + th.px(4), cw)
        y += self.name_h + (th.px(4) + ui.line_h("caption", "bold") + th.px(6) if self.chip_below else 0)
        if sc.client.about and self.about_h:
            y += th.px(4)
            ui.para(s, sc.client.about, "caption", ui.pal.muted, pygame.Rect(inner.x, y, inner.w, self.about_h),
                    vertical=False)
        if self.show_bar:  # the title bar: the scenario's title and the mode
            bar_in = self.bar.inflate(-2 * th.pad, 0)
            ui.chip(s, mode, bar_in.right - cw, self.bar.centery - (ui.line_h("caption", "bold") + th.px(6)) // 2,
                    cw)
            ui.label(s, sc.title, "small", ui.pal.heading,
                     pygame.Rect(bar_in.x, bar_in.y, bar_in.w - cw - th.gap, bar_in.h), style="bold", valign="center")
        self._static = (key, s)
        return s

    def draw(self, surf: pygame.Surface) -> None:
        play = self.app.play
        if play is None:
            return
        ui = self.ui
        surf.blit(self._static_layer(), (0, 0))
        if self.shows_meters:
            self._draw_meters(surf)
        self._draw_dialog(surf)
        self._draw_area(surf)
        hints(ui, surf, self.hint_text(), self.footer, self, order=HINT_ORDER)

    def hint_text(self) -> str:
        """The keys that work now, most useful first (the strip leaves out what does not fit)."""
        beat = self.app.play.beat
        more = " · PgDn more" if self.area.max_offset else ""
        if self.phase == "reveal":
            keys = "Any key or click: show all"
        elif self.phase == "coach":
            keys = f"Enter or Space continue{more}"
        elif beat.kind == "choice":
            n = len(beat.options)
            keys = (f"1–{n} choose · ↑↓ or Tab move, Enter take" if n > 1 else "1 or Enter choose") + (
                " · PgDn more choices" if self.area.max_offset else "")
        elif beat.kind == "continue":
            keys = "Enter or Space continue"
        else:
            keys = "Enter see how it went"
        tail = " · H history · Esc menu · V " + ("voice off" if self.app.voice is not None else "voice")
        if self.app.author:
            tail += " · F5 reload · F3 author info"
        return keys + tail

    def _draw_dialog(self, surf: pygame.Surface) -> None:
        ui, th, pal = self.ui, self.app.theme, self.ui.pal
        view = self.dialog.view
        left = self.revealed
        with clipped(surf, view):
            for i, (ln, (y, nh, h)) in enumerate(zip(self.display, self.line_pos)):
                reveal = None
                if i >= self.reveal_start and self.phase == "reveal":
                    if left <= 0:
                        break
                    reveal = int(left)
                    left -= len(ln.text) + 1
                    if reveal >= len(ln.text):
                        reveal = None
                sy = self.dialog.y(y)
                if sy > view.bottom or sy + nh + h < view.top:
                    continue
                if nh:
                    colour = pal.you if ln.speaker == YOU else pal.client if ln.speaker == "client" else pal.other
                    ui.label(surf, ln.name, "small", colour, pygame.Rect(view.x, sy, view.w, nh), style="bold")
                role, style = self._line_font(ln)
                colour = pal.narrator if ln.speaker == NARRATOR else pal.text
                x = view.x
                if ln.speaker == YOU:
                    pygame.draw.rect(surf, pal.you, (view.x, sy + nh, th.px(4), h), border_radius=th.px(2))
                    x += th.px(14)
                ui.para(surf, ln.text, role, colour, pygame.Rect(x, sy + nh, view.right - x, h), style,
                        reveal=reveal, vertical=False)
        if self.dialog.offset > 0:
            surf.blit(self._fade(view.w + 2 * self.pad - th.px(12), th.px(28)), (view.x - self.pad + th.px(6), view.y))
        self.dialog.draw_bar(surf, ui)

    def _fade(self, w: int, h: int) -> pygame.Surface:
        """A panel-coloured gradient that softens text scrolled under the top edge."""
        key = (w, h, self.ui.pal.name)
        if getattr(self, "_fade_key", None) != key:
            s = pygame.Surface((max(1, w), max(1, h)), pygame.SRCALPHA)
            base = self.ui.pal.panel[:3]
            for y in range(h):
                s.fill((*base, round(255 * (1 - y / h))), (0, y, w, 1))
            self._fade_key, self._fade_surf = key, s
        return self._fade_surf

    def _draw_area(self, surf: pygame.Surface) -> None:
        ui, pal = self.ui, self.ui.pal
        view = self.area.view
        if self.phase == "reveal":
            msg = "Press any key or click to show all of it"
            ui.label(surf, msg, "small", pal.muted, view, align="center", valign="center")
            return
        with clipped(surf, view):
            for (kind, payload, h), y in zip(self.items, self.item_pos):
                sy = self.area.y(y)
                if sy > view.bottom or sy + h < view.top:
                    continue
                box = pygame.Rect(view.x, sy, view.w, h)
                if kind == "button":
                    tid, text = payload
                    hover, focus = self.is_hot(tid)
                    number = str(int(tid[7:]) + 1) if tid.startswith("choice:") else ""
                    ui.button(surf, box, text, hover=hover, focus=focus, primary=not number, number=number,
                              align="left" if number else "center", role=self.choice_role)
                elif kind == "ending":
                    ui.para(surf, f"Ending: {payload}", "h2", pal.heading, box, "bold", vertical=False)
                else:
                    self._draw_coach_row(surf, payload, box)
        self.area.draw_bar(surf, ui)
        for t in (self.fixed_extra, self.fixed):
            if t is not None:
                hover, focus = self.is_hot(t.id)
                ui.button(surf, t.rect, t.label, hover=hover, focus=focus, primary=t is self.fixed)

    def debug_lines(self) -> list[str]:
        play = self.app.play
        if play is None:
            return []
        if play.mode == "assessment" and not self.app.author:
            # An honest assessment: no score or meter before the debrief, not even in F3.
            return [f"file: {play.entry.path}", "assessment: scores and meters are shown in the debrief"]
        s = play.session
        meters = ", ".join(f"{k} {v}" for k, v in s.meters.items())
        out = [f"file: {play.entry.path}", f"node: {s.state.node} · phase: {self.phase} · mode: {play.mode} · "
               f"decisions: {play.decisions}", f"meters: {meters}" if meters else "meters: none"]
        # Numbered as on screen (1, 2, … over the options offered now); the rest are marked.
        offered = [c.index for c in s.offered()]
        for c in s.node.choices:
            number = f"{offered.index(c.index) + 1}." if c.index in offered else "–"
            flag = "" if c.index in offered else " · not offered now"
            out.append(f"  {number} {choice_summary(c)}{flag}")
        if self.outcome is not None:
            out.append(f"last choice (at {self.outcome.node_id}): {choice_summary(self.outcome.choice)}")
        return out


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else f"−{abs(n)}"


def choice_summary(c) -> str:
    """``+2 recognizing improvement, +1 avoiding perfectionism · codes: affirm, question · critical``."""
    parts = [", ".join(f"{_signed(v)} {k.replace('_', ' ')}" for k, v in c.score.items() if v) or "no points"]
    if c.codes:
        parts.append("codes: " + ", ".join(c.codes))
    if c.effects:
        parts.append("effects: " + ", ".join(f"{k.replace('_', ' ')} {_signed(v)}" for k, v in c.effects.items()))
    if c.critical:
        parts.append("critical")
    parts.append(f"next: {c.next}")
    return " · ".join(parts)
