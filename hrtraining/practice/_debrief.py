"""One debrief model: what an attempt earned, in words, for every front end to render.

A :class:`Debrief` is built from the engine's :class:`~hrtraining.engine.Report` as play ends
(:meth:`Debrief.from_report`) or from a stored report of any readable version
(:meth:`Debrief.from_stored`: the progress screen, an export), and holds plain values and the
sentences the trainee reads. The window's debrief pages, ``hrtraining play``, the progress
screen and the workshop's summaries lay these out; none of them phrases a result itself.

PEARLS order (Eppich & Cheng 2015): the trainee's own rating first (asked before any score),
then each decision with the trainee's own words where they wrote first, the choice made and a
stronger option where there was one, then the skills and the MITI figures, then a short
summary, strengths first, and the trainee's written reflection. A strength quotes a choice that
scored on *that* skill; "try next" quotes an option that would have scored on the skill it
names.

Stored reports are versioned the way ink versions its save state: :data:`REPORT_VERSION` is
what the engine writes now, :data:`OLDEST_READABLE` the oldest this code still reads (version 1
had ``best``, the best total over any path, where version 2 has ``possible``). A newer report
raises :class:`~hrtraining.engine.StateError`.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hrtraining.engine import CAPPED_DIMENSION, REPORT_OLDEST_READABLE, REPORT_VERSION, DimensionScore, Report, Rubric, Scenario, StateError
from hrtraining.engine import stronger_on as engine_stronger_on

if TYPE_CHECKING:
    from hrtraining.progress import ChoiceRecord, ReplyRecord

from ._reply import Reply
from . import words
from .words import closeness_line, level_name, percent, plural, quoted

OLDEST_READABLE = REPORT_OLDEST_READABLE  # defined beside REPORT_VERSION, in the engine
CRITICAL_WHY = ("Setting abstinence, an ultimatum or discharge as the price of care caps “Avoiding perfectionist "
                "rejection” at Beginning.")


#: A skill's result on this path: the engine's one shape for it (``percent`` and ``level`` None
#: when not assessed), whether it came from a report just made or a stored one.
Skill = DimensionScore


def skill_json(s: Skill) -> dict[str, Any]:
    """A skill as JSON for the phones: the engine's own fields (:meth:`DimensionScore.to_dict`,
    percent rounded) with its id, its level in words and :func:`skill_note`."""
    return {"id": s.id, **s.to_dict(), "level_name": level_name(s.level), "note": skill_note(s)}


def skill_note(s: Skill) -> str:
    """``9 of 10 points · decides the overall level · capped at Beginning by a critical choice``."""
    text = f"{s.points} of {plural(s.possible, 'point')}"
    if s.required:
        text += " · decides the overall level"
    if s.capped:
        text += " · capped at Beginning by a critical choice"
    return text


@dataclass(frozen=True)
class Option:
    """An option as the debrief quotes it."""

    text: str
    feedback: str = ""
    scores: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Decision:
    """One decision of the path: what was said before, what the trainee chose, what was stronger."""

    number: int
    node_id: str
    prompt: str
    chosen: Option
    critical: bool
    stronger: Option | None = None
    discussion: str = ""
    #: Per skill, an offered option that scored higher on that skill than the chosen one.
    stronger_on: Mapping[str, Option] = field(default_factory=dict)
    #: The trainee's own words here, written before the options were shown (None: not asked).
    reply: Reply | None = None

    @property
    def strongest(self) -> Option:
        """The strongest option offered here: a stronger one, else the one chosen."""
        return self.stronger if self.stronger is not None else self.chosen

    @property
    def own_words(self) -> str:
        """``What you wrote`` for a renderer: the words, or a note that writing was skipped
        (empty when the trainee was not asked to write first)."""
        if self.reply is None:
            return ""
        return "You skipped writing at this decision." if self.reply.skipped else self.reply.text

    @property
    def choice_label(self) -> str:
        """``You chose`` after the trainee's own words, else ``You said``."""
        return words.YOU_CHOSE if self.reply is not None else words.YOU_SAID

    @property
    def closeness(self) -> str:
        """The trainee's own closeness mark in words (empty when there is none)."""
        return closeness_line(self.reply)

    @property
    def verdict(self) -> str:
        if self.critical:
            return "Critical choice"
        if self.stronger is not None:
            return "Another option was stronger"
        if self.stronger_on:  # as strong on the skills that decide the level, not on every skill
            return "Another option showed more " + " and ".join(self.stronger_on_names)
        return "A strong choice"

    @property
    def tone(self) -> str:
        """``critical``, ``good`` or ``fair``: how a renderer may colour the verdict."""
        if self.critical:
            return "critical"
        return "good" if self.stronger is None and not self.stronger_on else "fair"

    #: Skill id -> name, filled in when the debrief is built (for the verdict's words).
    skill_names: Mapping[str, str] = field(default_factory=dict)

    @property
    def stronger_on_names(self) -> list[str]:
        return [self.skill_names.get(d, d.replace("_", " ")).lower() for d in self.stronger_on]


@dataclass(frozen=True)
class Miti:
    """MITI 4.2.1 summary figures from the codes of the choices taken (provisional thresholds)."""

    codes: Mapping[str, int]                    # code name -> count
    reflection_to_question: float | None
    percent_complex_reflections: float | None
    levels: Mapping[str, str | None]
    adherent: int
    non_adherent: int

    def lines(self) -> list[str]:
        rq, pcr, lv = self.reflection_to_question, self.percent_complex_reflections, self.levels
        provisional = " (provisional thresholds)"
        out = [f"Reflections to questions (R:Q): {'no questions asked' if rq is None else f'{rq:.1f}'}"
               + (f" — {level_name(lv.get('reflection_to_question'))}{provisional}"
                  if lv.get("reflection_to_question") else ""),
               f"Complex reflections (%CR): {'no reflections' if pcr is None else percent(pcr)}"
               + (f" — {level_name(lv.get('percent_complex_reflections'))}{provisional}"
                  if lv.get("percent_complex_reflections") else ""),
               f"MI-adherent responses: {self.adherent} · MI non-adherent: {self.non_adherent}"]
        if not lv.get("reflection_to_question"):
            out.append("Too few reflections and questions were coded on this path to give MITI levels.")
        else:
            out.append("Provisional MITI 4.2.1 thresholds (expert opinion, not norms): R:Q fair 1, good 2; "
                       "%CR fair 40%, good 50%.")
        return out


@dataclass(frozen=True)
class Point:
    """One point of the summary."""

    title: str
    text: str


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief says about one attempt."""

    #: What a debrief with no decisions says in their place.
    NO_DECISIONS = words.NO_DECISIONS

    scenario_id: str
    client: str
    ending_title: str
    ending_debrief: str
    finished: bool
    level: str | None
    skills: tuple[Skill, ...]                 # required first, then by name
    decisions: tuple[Decision, ...]
    miti: Miti
    summary: tuple[Point, ...]
    thresholds: tuple[float, float]           # the rubric's (fair, good), for bars and charts
    self_rating: str | None = None
    version: int = REPORT_VERSION
    principles: Mapping[str, str] = field(default_factory=dict)  # skill id -> the source principle
    #: The trainee's written reflection ("What would you do differently?"), if any.
    reflection: str | None = None
    #: For a replay: the decision (1-based) it started from; the decisions before it are copies.
    from_decision: int | None = None

    @property
    def wrote_first(self) -> bool:
        """Whether the trainee wrote their own words at any decision."""
        return any(d.reply is not None for d in self.decisions)

    def replay_line(self) -> str:
        """``A replay from decision 3: decisions 1–2 are those of the attempt it came from.``"""
        n = self.from_decision
        if n is None:
            return ""
        if n == 1:
            return "A replay from decision 1 of an earlier attempt."
        earlier = "decision 1 is" if n == 2 else f"decisions 1–{n - 1} are"
        return f"A replay from decision {n}: {earlier} those of the attempt it came from."

    # -- reading -------------------------------------------------------------------
    def ending_line(self) -> str:
        """``Ending: Ray's evening``, or :data:`~.words.STOPPED_LINE` when play stopped first."""
        return words.ending_line(self.ending_title, self.finished)

    @property
    def ending_or_stopped(self) -> str:
        """The ending's title, or :data:`~.words.STOPPED` (a value in a list of facts)."""
        return self.ending_title if self.finished else words.STOPPED

    @property
    def critical(self) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.critical)

    @property
    def assessed(self) -> tuple[Skill, ...]:
        return tuple(s for s in self.skills if s.assessed)

    @property
    def not_assessed(self) -> tuple[Skill, ...]:
        return tuple(s for s in self.skills if not s.assessed)

    def overall_line(self) -> str:
        """``Overall: Fair. You rated it Good; compare the two as you read the bars.``"""
        text = f"Overall: {level_name(self.level) if self.level else 'not assessed'}"
        if self.self_rating:
            same = self.self_rating == self.level
            text += (f". You rated it {level_name(self.self_rating)}"
                     + (" — a good read of yourself." if same else "; compare the two as you read the bars."))
        return text

    def rating_line(self) -> str:
        """``You rated it Good; the game scored it Fair.`` (empty without a rating)."""
        if not self.self_rating:
            return ""
        return f"You rated it {level_name(self.self_rating)}; the game scored it {level_name(self.level)}."

    def critical_text(self) -> str:
        """The critical choices quoted, and why they cap the level; empty when there were none."""
        if not self.critical:
            return ""
        return " ".join(f"Decision {d.number}: {quoted(d.chosen.text)}" for d in self.critical) + " " + CRITICAL_WHY

    def not_assessed_line(self) -> str:
        """``Not assessed on this path (no decision offered points on them): Listening.``"""
        names = [s.name for s in self.not_assessed]
        if not names:
            return ""
        return f"Not assessed on this path (no decision on it offered points): {', '.join(names)}."

    def with_rating(self, self_rating: str | None) -> Debrief:
        from dataclasses import replace

        return replace(self, self_rating=self_rating)

    def with_reflection(self, reflection: str | None) -> Debrief:
        from dataclasses import replace

        return replace(self, reflection=reflection)

    # -- building --------------------------------------------------------------------
    @classmethod
    def from_report(cls, report: Report, scenario: Scenario, rubric: Rubric, *, self_rating: str | None = None,
                    previous: Mapping[str, float | None] | None = None,
                    replies: Mapping[int, Reply] | None = None, reflection: str | None = None,
                    from_decision: int | None = None) -> Debrief:
        """The debrief of a report just made. ``previous``: skill id -> percent of the last attempt
        at the same scenario, to recognise improvement; ``replies``: the trainee's own words by
        decision (0-based)."""
        skills = _ordered(report.scores.values())
        names = {d.id: d.name for d in rubric.dimensions.values()}
        replies = replies or {}
        decisions = tuple(_decision(r, names, replies.get(r.number - 1)) for r in report.decisions)
        miti = _miti(report.codes, rubric, report.reflection_to_question, report.percent_complex_reflections,
                     report.miti_levels, report.mi_adherent, report.mi_non_adherent)
        principles = _principles(rubric)
        return cls(report.scenario_id, scenario.client.name, report.ending_title, report.ending_debrief,
                   report.finished, report.level, skills, decisions, miti,
                   summarise(skills, decisions, scenario.client.name, previous, principles),
                   (rubric.fair, rubric.good), self_rating, REPORT_VERSION, principles, reflection=reflection,
                   from_decision=from_decision)

    @classmethod
    def from_stored(cls, report: Mapping[str, Any], choices: Sequence[ChoiceRecord], *, rubric: Rubric | None = None,
                    scenario: Scenario | None = None, client: str = "the client", self_rating: str | None = None,
                    previous: Mapping[str, float | None] | None = None, replies: Sequence[ReplyRecord] = (),
                    reflection: str | None = None, from_decision: int | None = None) -> Debrief:
        """The debrief of a stored attempt: its report (version 1 or 2), its stored choices and the
        trainee's stored words.

        ``scenario`` is the scenario *as played* (same content hash) when it is still on disk:
        it supplies the prompts and the stronger options' texts; without it the debrief shows
        what the record alone holds. Raises :class:`StateError` for a report this code cannot read.
        """
        version = report.get("version", 1)
        if not isinstance(version, int) or not OLDEST_READABLE <= version <= REPORT_VERSION:
            newer = isinstance(version, int) and version > REPORT_VERSION
            raise StateError(f"this result was saved by a {'newer' if newer else 'different'} hrtraining "
                             f"(report version {version!r}; this one reads {OLDEST_READABLE} to {REPORT_VERSION})"
                             + ("; update hrtraining to read it" if newer else ""))
        skills = _ordered(_stored_skill(dim, s, rubric, version) for dim, s in (report.get("scores") or {}).items()
                          if isinstance(s, Mapping))
        if version >= 2:  # not assessed dimensions were set aside by older writers of version 2
            skills = _ordered(list(skills) + [_stored_skill(dim, s, rubric, version)
                                              for dim, s in (report.get("not_assessed") or {}).items()])
        stored_decisions = report.get("decisions") or []
        names = {s.id: s.name for s in skills}
        words = {r.seq: Reply.from_record(r) for r in replies}
        decisions = tuple(_stored_decision(i, c, stored_decisions, scenario, names, words.get(c.seq))
                          for i, c in enumerate(choices))
        miti = _miti(report.get("codes") or {}, rubric, report.get("reflection_to_question"),
                     report.get("percent_complex_reflections"), report.get("miti_levels") or {},
                     int(report.get("mi_adherent") or 0), int(report.get("mi_non_adherent") or 0))
        name = scenario.client.name if scenario is not None else client
        thresholds = (rubric.fair, rubric.good) if rubric is not None else (Rubric.fair, Rubric.good)
        principles = _principles(rubric)
        return cls(str(report.get("scenario") or ""), name, str(report.get("ending_title") or ""),
                   str(report.get("ending_debrief") or ""), bool(report.get("ending")), report.get("level"),
                   skills, decisions, miti, summarise(skills, decisions, name, previous, principles), thresholds,
                   self_rating, version, principles, reflection, from_decision)


# -- building blocks ------------------------------------------------------------------------
def _ordered(skills) -> tuple[Skill, ...]:
    return tuple(sorted(skills, key=lambda s: (not s.required, s.name)))


def _principles(rubric: Rubric | None) -> dict[str, str]:
    if rubric is None:
        return {}
    return {d.id: d.principle for d in rubric.dimensions.values() if d.principle}


def _option(c: Any) -> Option:
    return Option(c.text, c.feedback, dict(c.score))


def _decision(r: Any, names: Mapping[str, str], reply: Reply | None = None) -> Decision:
    stronger_on = {}
    for d in names:
        c = r.stronger_on(d)  # the engine's rule: offered, not critical, earned points on d, more than mine
        if c is not None:
            stronger_on[d] = _option(c)
    return Decision(r.number, r.node_id, r.prompt, _option(r.chosen), r.chosen.critical,
                    None if r.best is None else _option(r.best), r.discussion, stronger_on, reply, names)


def _stored_skill(dim: str, s: Mapping[str, Any], rubric: Rubric | None, version: int) -> Skill:
    d = rubric.dimensions.get(dim) if rubric is not None else None
    name = s.get("name") or (d.name if d is not None else dim.replace("_", " ").capitalize())
    possible = s.get("possible", s.get("best", 0)) if version >= 2 else s.get("best", 0)
    level = s.get("level")
    pct = s.get("percent")
    if version < 2 and not possible and not s.get("points"):
        level, pct = None, None  # version 1 showed nothing for a dimension no path could score
    required = bool(s.get("required", d.required if d is not None else dim in ("recognizing_improvement",
                                                                               "avoiding_perfectionism")))
    return Skill(dim, str(name), int(s.get("points") or 0), int(possible or 0),
                 None if pct is None else float(pct), level, required, bool(s.get("capped", False)))


def _stored_decision(i: int, c: ChoiceRecord, stored: list, scenario: Scenario | None,
                     names: Mapping[str, str], reply: Reply | None = None) -> Decision:
    """A decision from the stored choice (always kept as played) and, where the scenario as played
    is at hand, its prompt and the stronger option's text."""
    meta = stored[i] if i < len(stored) and isinstance(stored[i], Mapping) else {}
    node = scenario.nodes.get(c.node_id) if scenario is not None else None
    prompt = node.lines[-1].text if node is not None and node.lines else ""
    stronger = stronger_on = None
    if node is not None:
        by_index = {ch.index: ch for ch in node.choices}
        index = meta.get("stronger", meta.get("best"))
        if isinstance(index, int) and index in by_index:
            stronger = _option(by_index[index])
        offered = [by_index[k] for k in meta.get("offered", []) if isinstance(k, int) and k in by_index]
        stronger_on = {}
        for d in names:  # the engine's rule: offered, not critical, earned points on d, more than mine
            found = engine_stronger_on(c.score.get(d, 0), offered, d)
            if found is not None:
                stronger_on[d] = _option(found)
    return Decision(c.seq + 1, c.node_id, prompt, Option(c.choice_text, c.feedback, dict(c.score)), c.critical,
                    stronger, node.discussion if node is not None else "", stronger_on or {}, reply, names)

def _miti(codes: Mapping[str, int], rubric: Rubric | None, rq: Any, pcr: Any, levels: Mapping[str, Any],
          adherent: int, non_adherent: int) -> Miti:
    named = {}
    for code, n in sorted(codes.items()):
        c = rubric.codes.get(code) if rubric is not None else None
        named[c.name if c is not None else code] = int(n)
    return Miti(named, None if rq is None else float(rq), None if pcr is None else float(pcr), dict(levels),
                adherent, non_adherent)


# -- the summary --------------------------------------------------------------------------
def summarise(skills: Sequence[Skill], decisions: Sequence[Decision], client: str,
              previous: Mapping[str, float | None] | None = None,
              principles: Mapping[str, str] | None = None) -> tuple[Point, ...]:
    """Two or three points, strengths first, then one thing to try next."""
    points: list[Point] = []
    assessed = [s for s in skills if s.assessed]
    strong = sorted((s for s in assessed if s.points > 0), key=lambda s: (-(s.percent or 0), not s.required))
    if strong:
        s = strong[0]
        text = f"You reached {percent(s.percent)} of what this conversation allowed ({level_name(s.level)})."
        example = _best_example(decisions, s.id)
        if example is not None:
            text += f" For example, you said: {quoted(example.chosen.text)}"
        points.append(Point(f"Strength: {s.name}", text))
    elif decisions:
        points.append(Point("You stayed to the end",
                            f"You worked through {plural(len(decisions), 'decision')} with {client}. Every ending "
                            "teaches something; the replay shows where the conversation turned."))
    if previous:
        gains = [f"{s.name} {percent(previous[s.id])} → {percent(s.percent)}" for s in assessed
                 if previous.get(s.id) is not None and s.percent is not None
                 and s.percent > (previous[s.id] or 0) + 0.005]
        if gains:
            points.append(Point("Better than last time",
                                "Compared with your last attempt: " + "; ".join(gains[:2]) + "."))
    critical = [d for d in decisions if d.critical]
    if critical:
        d = critical[0]
        # The sentence speaks of perfectionist rejection: the line it holds up must have earned
        # points on that skill, not only more on the others (no such line: no "another way").
        other = d.stronger_on.get(CAPPED_DIMENSION)
        alt = f" Another way: {quoted(other.text)}" if other is not None else ""
        points.append(Point("Try next", f"One choice set a condition or an ultimatum: {quoted(d.chosen.text)} "
                                        f"That is the perfectionist rejection harm reduction avoids.{alt}"))
    else:
        weak = sorted((s for s in assessed if s.required or s.points < 0), key=lambda s: s.percent or 0)
        if weak and (not strong or weak[0].id != strong[0].id) and weak[0].level != "good":
            s = weak[0]
            text = f"This one reached {percent(s.percent)} ({level_name(s.level)})."
            missed = next((d for d in decisions if s.id in d.stronger_on), None)
            if missed is not None:
                text += (f" At decision {missed.number}, this would have shown it: "
                         f"{quoted(missed.stronger_on[s.id].text)}")
            principle = (principles or {}).get(s.id)
            if principle:
                text += f" Keep in mind: {quoted(principle)}"
            points.append(Point(f"Try next: {s.name}", text))
        elif len(points) < 2:
            points.append(Point("Try next", "Play again in the other mode, or try a client you have not met yet."))
    return tuple(points[:3])


def _best_example(decisions: Sequence[Decision], skill: str) -> Decision | None:
    """The decision whose chosen option scored most on ``skill`` (never a critical one); None
    when no choice scored on it."""
    best, top = None, 0
    for d in decisions:
        v = d.chosen.scores.get(skill, 0)
        if v > top and not d.critical:
            best, top = d, v
    return best
