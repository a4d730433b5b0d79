"""Recording through the adapter: every attempt and choice, resume, and never a crash over storage."""
from __future__ import annotations

import pygame
import pytest

from hrtraining.game._driver import best_pick
from hrtraining.practice import MemoryStore, Recorder


class SpyStore(MemoryStore):
    """The in-memory store (a full implementation of the store protocols, held to them by the
    contract test), noting which writes were made."""

    def __init__(self):
        super().__init__()
        self.calls: list[str] = []

    def start_attempt(self, *a, **k):
        assert k.get("source", "game") == "game"
        self.calls.append("start")
        return super().start_attempt(*a, **k)

    def record_choice(self, *a, **k):
        self.calls.append("choice")
        return super().record_choice(*a, **k)

    def finish_attempt(self, *a, **k):
        self.calls.append("finish")
        return super().finish_attempt(*a, **k)

    def set_self_rating(self, *a, **k):
        self.calls.append("self_rating")
        return super().set_self_rating(*a, **k)


class BrokenStore(MemoryStore):
    """Every call fails, as a vanished disk would."""

    def __getattribute__(self, name):
        if name in ("close",) or name.startswith("__"):
            return object.__getattribute__(self, name)
        raise OSError("disk on fire")


def _use(app, store):
    app.recorder = Recorder(store, "Tester")


def _play_through(app, d, mode="practice"):
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_a if mode == "assessment" else pygame.K_p)
    d.key(pygame.K_RETURN)
    d.play_conversation(best_pick)
    d.key(pygame.K_3)


def test_every_attempt_and_choice_is_recorded(make_app, starter_dir):
    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    _play_through(app, d)
    assert store.calls[0] == "start" and store.calls[-2:] == ["finish", "self_rating"]
    a = store.attempt(1)
    assert a.status == "finished" and len(a.choices) == store.calls.count("choice") >= 1
    assert a.report["scores"] and a.mode == "practice"
    app.switch("select")
    assert d.scene.best == {"sam": a.level}      # best level per scenario on the select screen
    app.render()
    app.switch("progress")
    d.click("attempt:0")                        # attempt history opens its debrief
    assert d.scene.opened.id == a.id
    app.render()


def _texts(rows) -> list[str]:
    return [r.text for r in rows]


def test_the_self_rating_is_stored_and_shown_with_the_score(make_app, starter_dir):
    """Rated before any score is shown, changeable until a score is shown, then locked: the
    debrief, the record and the progress screen all say the same rating."""
    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_p)
    d.key(pygame.K_RETURN)
    d.play_conversation(best_pick)
    assert d.scene_name == "debrief" and d.scene.current == "rate"
    a = store.attempt(1)
    assert a.status == "finished" and a.self_rating is None  # finished before the question
    d.key(pygame.K_1)
    assert store.attempt(1).self_rating == "beginning" and store.calls[-1] == "self_rating"
    d.key(pygame.K_LEFT)                       # back to the question from the decisions page
    d.key(pygame.K_3)                          # changed before seeing any score: stored
    assert store.attempt(1).self_rating == "good" and app.play.self_rating == "good"
    d.key(pygame.K_RIGHT)
    assert d.scene.current == "scores"
    d.click("tab:rate")
    d.key(pygame.K_2)                          # after the scores: locked, in the debrief and the record
    assert app.play.self_rating == "good" and store.attempt(1).self_rating == "good"
    assert store.calls.count("self_rating") == 2 and not app.recorder.failures
    app.switch("progress")
    d.click("attempt:0")
    assert d.scene.opened.id == 1
    shown = _texts(d.scene._detail_rows())
    assert f"You rated it Good; the game scored it {a.level.capitalize()}." in shown
    app.render()
    d.scene.opened.self_rating = None          # not rated (or stored before schema v3)
    assert not any(t.startswith("You rated it") for t in _texts(d.scene._detail_rows()))


def test_unfinished_attempt_can_be_resumed_from_title_and_select(make_app, starter_dir):
    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    app.switch("content-notes", entry=app.library.entries[0])
    d.key(pygame.K_RETURN)
    d.finish_reveal()
    d.key(pygame.K_1)
    taken = list(app.play.session.state.taken)
    app.switch("title")
    assert d.target("continue") is not None
    d.click("continue")
    assert d.scene_name == "conversation"
    assert app.play.session.state.taken == taken and app.play.attempt_id == 1
    app.switch("select")
    d.key(pygame.K_r)
    assert d.scene_name == "conversation" and app.play.attempt_id == 1


def test_resume_of_a_changed_scenario_offers_a_fresh_start(make_app, starter_dir):
    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    store.start_attempt("Tester", "sam", "an-older-hash", "Sam", "practice")
    app.switch("title")
    assert d.target("continue") is None          # an outdated attempt is not offered on the title
    app.switch("select")
    app.render()
    d.click("resume")
    assert d.scene_name == "content-notes"       # start again from the briefing
    d.key(pygame.K_RETURN)
    assert store.attempt(1).status == "abandoned" and app.play.attempt_id == 2


def test_a_failing_store_never_stops_play(make_app, starter_dir):
    app, d = make_app([starter_dir])
    _use(app, BrokenStore())
    app.switch("title")
    _play_through(app, d)
    assert d.scene_name == "debrief"
    assert "disk on fire" in app.notice
    app.switch("progress")
    app.render()


def test_store_that_cannot_open_records_nothing(monkeypatch):
    import hrtraining.progress as progress

    def broken(data_dir):
        raise OSError("read-only file system")

    monkeypatch.setattr(progress.Store, "open", staticmethod(broken))
    r = Recorder.open(None, "Someone")
    assert not r.available and r.start(object(), "practice") is None and r.unfinished() == []
    assert "read-only file system" in r.notice


def test_real_store_round_trip(make_app, starter_dir, tmp_path):
    """With the real progress store (when it is installed and working)."""
    r = Recorder.open(str(tmp_path / "data"), "Tester")
    assert r.available, r.notice
    app, d = make_app([starter_dir])
    app.recorder = r
    _play_through(app, d)
    assert not r.failures, r.notice
    finished = r.attempts("sam")
    assert len(finished) == 1 and finished[0].level
    assert r.best_levels().get("sam") == finished[0].level
    assert finished[0].self_rating == "good"   # _play_through rates with 3
    app.switch("progress")
    d.click("attempt:0")
    assert (f"You rated it Good; the game scored it {finished[0].level.capitalize()}."
            in _texts(d.scene._detail_rows()))
    r.self_rating(None, "fair")                 # no attempt (nothing was recorded): a no-op
    r.self_rating(finished[0].id, "superb")     # refused by the store, never raised
    assert r.failures == 1 and "self_rating" in r.notice


def _strict_rubric(folder, fair=0.6, good=0.9):
    """A rubric beside the scenario with its own thresholds (not the default 0.5 / 0.8)."""
    from hrtraining.engine._rubric import PROJECT_RUBRIC
    text = PROJECT_RUBRIC.read_text(encoding="utf-8")
    assert "  good: 0.8\n  fair: 0.5\n" in text
    (folder / "rubric.yaml").write_text(text.replace("  good: 0.8\n  fair: 0.5\n",
                                                     f"  good: {good}\n  fair: {fair}\n"), encoding="utf-8")


def _finished(store, n, scenario_id="sam", percent=0.7):
    for _ in range(n):
        a = store.start_attempt("Tester", scenario_id, "h", "Sam", "practice")
        store.finish_attempt(a, ending_id="end", ending_title="The end",
                             report={"level": "fair", "scores": {"empathy": {"points": 7, "best": 10,
                                                                            "percent": percent, "level": "fair"}}})


def test_progress_uses_the_rubrics_thresholds(make_app, starter_dir, monkeypatch):
    """The chart's bands and the bars' marks were fixed at 0.5 / 0.8 whatever the rubric said;
    the debrief already used the rubric's own fair and good."""
    from hrtraining.game import _progress_scene
    from hrtraining.progress.models import SeriesPoint

    _strict_rubric(starter_dir)
    app, d = make_app([starter_dir])
    rubric = app.library.entries[0].result.rubric
    assert (rubric.fair, rubric.good) == (0.6, 0.9)
    store = SpyStore()
    _finished(store, 2)
    store.progress_summary = lambda profile, scenario_id=None, *, limit=None, solo=False: {
        "empathy": [SeriesPoint("2026-01-01T00:10:00", 0.7, "fair", "sam", "h", 1),
                    SeriesPoint("2026-01-01T00:20:00", 0.55, "beginning", "sam", "h", 2)]}
    _use(app, store)
    app.switch("progress")
    d.click("attempt:0")
    bars = [r for r in d.scene._detail_rows() if r.kind == "bar"]
    assert bars and all(r.data[4] == (0.6, 0.9) for r in bars)
    app.render()
    d.key(pygame.K_ESCAPE)
    assert d.scene.opened is None
    drawn = []
    real = _progress_scene.level_bands
    monkeypatch.setattr(_progress_scene, "level_bands", lambda fair, good: drawn.append((fair, good)) or real(fair, good))
    app.render()
    assert drawn == [(0.6, 0.9)]                 # one chart line, banded by the rubric
    assert real(0.6, 0.9) == ((0.0, 0.6, "beginning"), (0.6, 0.9, "fair"), (0.9, 1.0, "good"))


def _subtitle(app, monkeypatch) -> list[str]:
    texts: list[str] = []

    def spy(real):
        def draw(surf, text, *a, **k):
            texts.append(text)
            return real(surf, text, *a, **k)
        return draw

    # The line under the title wraps (para); labels are spied on too, so nothing escapes.
    monkeypatch.setattr(app.ui, "label", spy(app.ui.label))
    monkeypatch.setattr(app.ui, "para", spy(app.ui.para))
    app.render()
    return [t for t in texts if "finished attempt" in t]


def test_progress_does_not_claim_the_latest_200_are_all(make_app, starter_dir, monkeypatch):
    """The recorder reads only the latest 200 attempts, so "200 finished attempts" was
    wrong for anyone with more."""
    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    _finished(store, 3)
    app.switch("progress")
    assert _subtitle(app, monkeypatch) == ["Tester · 3 finished attempts"]
    _finished(store, Recorder.RECENT + 50)
    app.switch("title")
    app.switch("progress")
    assert len(d.scene.attempts) == Recorder.RECENT
    shown = _subtitle(app, monkeypatch)
    assert shown == [f"Tester · the latest {Recorder.RECENT} finished attempts"], shown


@pytest.mark.parametrize("size,text_size", [((800, 600), "largest"), ((1280, 720), "largest"),
                                            ((1280, 720), "standard")])
def test_progress_chart_shows_every_skill_of_the_rubric(make_app, monkeypatch, size, text_size):
    """Seven skills (the rubric grew from five) once ran off the bottom of the chart on a small
    window or at the largest text; every skill's name and plot must stay inside the chart."""
    from hrtraining.progress.models import SeriesPoint

    app, d = make_app(size=size)
    app.settings.text_size = text_size
    app.apply_settings(save=False)
    rubric = app.library.entries[0].result.rubric
    assert len(rubric.dimensions) >= 7
    store = SpyStore()
    _finished(store, 2, scenario_id=app.library.entries[0].id)
    series = {dim: [SeriesPoint("2026-01-01T00:10:00", 0.4, "beginning", app.library.entries[0].id, "h", 1),
                    SeriesPoint("2026-01-01T00:20:00", 1.0, "good", app.library.entries[0].id, "h", 2)]
              for dim in rubric.dimensions}
    store.progress_summary = lambda profile, scenario_id=None, *, limit=None, solo=False: series
    _use(app, store)
    app.switch("progress")
    # The chart shows one skill at a time (the ‹ › buttons or the arrows go through them all),
    # and "As text" lists every skill's figures at once.
    from hrtraining.game import _chart_view

    plots, names = [], []
    real_line, real_label = _chart_view.ChartView._line, app.ui.label
    monkeypatch.setattr(_chart_view.ChartView, "_line", lambda self, ui, surf, line, colour:
                        plots.append(self.plot.copy()) or real_line(self, ui, surf, line, colour))
    monkeypatch.setattr(app.ui, "label", lambda surf, text, role, colour, box, *a, **k:
                        names.append((text, box.copy())) or real_label(surf, text, role, colour, box, *a, **k))
    chart = d.scene.chart_rect
    seen = set()
    for _ in rubric.dimensions:
        plots.clear()
        app.render()
        seen.add(d.scene.skill.id)
        assert plots and all(chart.contains(p) and p.h >= app.theme.px(40) for p in plots)
        d.click("skill:next")
    assert seen == set(rubric.dimensions)
    drawn = {t.split(" (")[0] for t, box in names if chart.contains(box)}
    assert {dim.name for dim in rubric.dimensions.values()} <= drawn
    d.click("as-text")
    texts = [t for t in d.scene._chart_text()]
    assert all(any(t.startswith(dim.name) for t in texts) for dim in rubric.dimensions.values())


def test_the_select_footer_offers_r_resume_only_when_an_attempt_waits(make_app, starter_dir):
    from hrtraining.game._text import PROBE

    def footer() -> str:
        PROBE.enabled = True
        try:
            PROBE.frame()
            app.render()
            return next(text for text, _, _ in PROBE.boxes if text.startswith("↑↓ choose"))
        finally:
            PROBE.enabled = False

    app, d = make_app([starter_dir])
    store = SpyStore()
    _use(app, store)
    app.switch("select")
    assert "R resume" not in footer()
    store.start_attempt("Tester", "sam", app.library.entries[0].content_hash, "Sam", "practice")
    app.switch("title")
    app.switch("select")
    assert "R resume" in footer()
