"""Evaluate the rule tables against one episode's dates.

`due_items(facts, today)` is a pure function: it takes plain data (`EpisodeFacts`, built
from the records by `casework.selectors`), the day, the closure days and the local
frequencies, and returns every due item with its standing. Nothing is stored, so a
deadline is always what the records and the calendar say today.

Deadlines counted in working days are the n-th working day after the starting date
(`core.calendar.add_working_days`). Deadlines counted in months are the same day of the
month n months later, moved back to the last working day on or before it when that day
is not a working day (a conference "within 3 months" cannot wait for a weekend to pass).

An item not done when its episode closed (or its plan ended) lapses: if that was before
its deadline it was never due and is left out; if after, it stays as missed (overdue as
of that day, `lapsed_on` set) so that reports count it, but it is no longer open work.
"""

from __future__ import annotations

import calendar as _months
import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from everychild.core.calendar import add_working_days, is_working_day, working_days_between

from ..models import AssessmentKind, ConferenceKind, Rules
from .rules import Rule, rules_for

# An item is "due soon" within this many working days of its deadline.
DUE_SOON_WORKING_DAYS = 2


class Standing(StrEnum):
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DONE = "done"  # done on or before the deadline
    DONE_LATE = "done_late"


@dataclass(frozen=True)
class AssessmentFacts:
    id: int
    kind: str
    started_on: dt.date
    completed_on: dt.date | None = None


@dataclass(frozen=True)
class StrategyFacts:
    id: int
    held_on: dt.date
    section47: bool
    # The enquiry it began (or continued) concluded that no conference is needed.
    no_conference: bool = False


@dataclass(frozen=True)
class ConferenceFacts:
    id: int
    kind: str
    held_on: dt.date | None
    plan_id: int | None = None  # the plan a review reviews
    cancelled: bool = False


@dataclass(frozen=True)
class PlanFacts:
    id: int
    kind: str
    started_on: dt.date
    ended_on: dt.date | None = None
    conference_id: int | None = None
    visit_interval: int | None = None  # working days; None uses the authority's setting
    core_groups: tuple[dt.date, ...] = ()
    visits: tuple[dt.date, ...] = ()  # visits at which the child was seen


@dataclass(frozen=True)
class EpisodeFacts:
    id: int
    rules: str
    referral_date: dt.date
    closed_on: dt.date | None = None
    assessments: tuple[AssessmentFacts, ...] = ()
    strategy_discussions: tuple[StrategyFacts, ...] = ()
    conferences: tuple[ConferenceFacts, ...] = ()
    plans: tuple[PlanFacts, ...] = ()


@dataclass(frozen=True)
class DueItem:
    key: str  # unique within the authority, e.g. "assessment:42"
    rule: str
    what: str
    counted_from: dt.date
    due_on: dt.date
    done_on: dt.date | None
    standing: Standing
    episode_id: int
    subject_id: int | None = None  # the assessment, conference or plan it belongs to
    # Working days left (negative when overdue); None once done.
    working_days_left: int | None = None
    # The day the episode closed or the plan ended with this still not done (it was missed).
    lapsed_on: dt.date | None = None

    @property
    def is_open(self) -> bool:
        """Still work to do: neither done nor lapsed."""
        return self.done_on is None and self.lapsed_on is None


@dataclass(frozen=True)
class Settings:
    """Local frequencies (working days); the rule table's amounts where not set."""

    values: Mapping[str, int] = field(default_factory=dict)

    def amount(self, rule: Rule, override: int | None = None) -> int:
        if override:
            return override
        if rule.setting and rule.setting in self.values:
            return int(self.values[rule.setting])
        return rule.amount


def add_months(d: dt.date, months: int) -> dt.date:
    month0 = d.month - 1 + months
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(d.day, _months.monthrange(year, month)[1]))


def deadline(rule: Rule, start: dt.date, amount: int, *,
             closures: Collection[dt.date]) -> dt.date:
    if isinstance(closures, frozenset):
        return _deadline_kept(rule.unit, start, amount, closures)
    return _deadline(rule.unit, start, amount, closures)


def _deadline(unit: str, start: dt.date, amount: int, closures: Collection[dt.date]) -> dt.date:
    if unit == "months":
        due = add_months(start, amount)
        while not is_working_day(due, closures=closures):
            due -= dt.timedelta(days=1)
        return due
    return add_working_days(start, amount, closures=closures)


# A team's worklist asks for thousands of deadlines, most from the same few hundred days:
# with the closure days as a frozenset (as `core.closures` gives them) the answers are
# kept. A changed set of closure days is a different key, so nothing goes stale.
@lru_cache(maxsize=16384)
def _deadline_kept(unit: str, start: dt.date, amount: int,
                   closures: frozenset[dt.date]) -> dt.date:
    return _deadline(unit, start, amount, closures)


@lru_cache(maxsize=16384)
def _between_kept(start: dt.date, end: dt.date, closures: frozenset[dt.date]) -> int:
    return working_days_between(start, end, closures=closures)


def standing(due_on: dt.date, done_on: dt.date | None, today: dt.date, *,
             closures: Collection[dt.date]) -> tuple[Standing, int | None]:
    if done_on is not None:
        return (Standing.DONE if done_on <= due_on else Standing.DONE_LATE), None
    left = (_between_kept(today, due_on, closures) if isinstance(closures, frozenset)
            else working_days_between(today, due_on, closures=closures))
    if today > due_on:
        return Standing.OVERDUE, left
    if left <= DUE_SOON_WORKING_DAYS:
        return Standing.DUE_SOON, left
    return Standing.ON_TRACK, left


class _Builder:
    def __init__(self, facts: EpisodeFacts, today: dt.date, closures: Collection[dt.date],
                 settings: Settings) -> None:
        self.facts, self.today, self.closures, self.settings = facts, today, closures, settings
        self.rules = rules_for(facts.rules)
        self.items: list[DueItem] = []

    def add(self, rule_key: str, key: str, start: dt.date, done_on: dt.date | None, *,
            subject_id: int | None = None, override: int | None = None,
            what: str | None = None, ended_on: dt.date | None = None) -> None:
        """`ended_on`: when the thing the item belongs to (a plan) ended, if it has."""
        rule = self.rules.get(rule_key)
        if rule is None:
            return
        due_on = deadline(rule, start, self.settings.amount(rule, override),
                          closures=self.closures)
        ends = [d for d in (self.facts.closed_on, ended_on) if d is not None]
        lapsed_on = min(ends) if ends and done_on is None and min(ends) <= self.today else None
        if lapsed_on is not None and lapsed_on <= due_on:
            return  # ended before it fell due: it never became due
        state, left = standing(due_on, done_on, lapsed_on or self.today, closures=self.closures)
        self.items.append(DueItem(key=key, rule=rule.key, what=what or rule.what,
                                  counted_from=start, due_on=due_on, done_on=done_on,
                                  standing=state, episode_id=self.facts.id,
                                  subject_id=subject_id, working_days_left=left,
                                  lapsed_on=lapsed_on))


def due_items(facts: EpisodeFacts, today: dt.date, *, closures: Collection[dt.date],
              settings: Settings | None = None) -> list[DueItem]:
    """Every timescale that applies to the episode, met, missed or running, by due date."""
    b = _Builder(facts, today, closures, settings or Settings())
    _assessments(b)
    _conferences(b)
    _plans(b)
    return sorted(b.items, key=lambda i: (i.due_on, i.key))


def _assessments(b: _Builder) -> None:
    f = b.facts
    for a in f.assessments:
        if a.kind == AssessmentKind.INITIAL and f.rules == Rules.WT2006:
            b.add("initial_assessment", f"assessment:{a.id}", f.referral_date, a.completed_on,
                  subject_id=a.id)
        elif a.kind == AssessmentKind.CORE and f.rules == Rules.WT2006:
            b.add("core_assessment", f"assessment:{a.id}", a.started_on, a.completed_on,
                  subject_id=a.id)
        elif a.kind == AssessmentKind.SINGLE and f.rules == Rules.WT2013:
            # Counted from the referral, not from when the assessment began.
            b.add("single_assessment", f"assessment:{a.id}", f.referral_date, a.completed_on,
                  subject_id=a.id)


def _conferences(b: _Builder) -> None:
    f = b.facts
    initials = [c for c in f.conferences if c.kind == ConferenceKind.INITIAL and not c.cancelled]
    # The initial conference is due 15 working days after the last strategy discussion
    # that started an enquiry before it (or, with none held yet, the latest one).
    for s47_strategy in _strategy_anchors(f, initials):
        strategy, conference = s47_strategy
        b.add("strategy_to_icpc", f"icpc:strategy:{strategy.id}", strategy.held_on,
              conference.held_on if conference else None,
              subject_id=conference.id if conference else None)


def _strategy_anchors(
    f: EpisodeFacts, initials: list[ConferenceFacts]
) -> list[tuple[StrategyFacts, ConferenceFacts | None]]:
    enquiries = sorted((s for s in f.strategy_discussions
                        if s.section47 and not s.no_conference),
                       key=lambda s: (s.held_on, s.id))
    if not enquiries:
        return []
    anchors: list[tuple[StrategyFacts, ConferenceFacts | None]] = []
    held = sorted((c for c in initials if c.held_on), key=lambda c: (c.held_on, c.id))
    for conference in held:
        before = [s for s in enquiries if s.held_on <= conference.held_on]  # type: ignore[operator]
        if before and (not anchors or anchors[-1][0].id != before[-1].id):
            anchors.append((before[-1], conference))
    later = [s for s in enquiries if (not held or s.held_on > held[-1].held_on)  # type: ignore[operator]
             and not _on_plan(f, s.held_on)]
    if later:
        anchors.append((later[-1], None))
    return anchors


def _on_plan(f: EpisodeFacts, day: dt.date) -> bool:
    """Was the child on a child protection plan that day? New concerns then lead to a
    review conference brought forward, not to another initial conference."""
    return any(p.kind == "cp" and p.started_on <= day and (p.ended_on is None
                                                             or p.ended_on >= day)
               for p in f.plans)


def _plans(b: _Builder) -> None:
    f = b.facts
    conferences = {c.id: c for c in f.conferences if not c.cancelled}
    for plan in f.plans:
        if plan.kind != "cp":
            continue
        end = plan.ended_on
        initial = conferences.get(plan.conference_id) if plan.conference_id else None
        start = initial.held_on if initial and initial.held_on else plan.started_on
        groups = sorted(plan.core_groups)
        first_group = groups[0] if groups else None
        b.add("first_core_group", f"plan:{plan.id}:first_core_group", start, first_group,
              subject_id=plan.id, ended_on=end)
        _reviews(b, plan, start, conferences)
        if end is None:
            # Repeating items: only the next one is due while the plan is open.
            last_group = groups[-1] if groups else None
            if last_group:
                b.add("core_group", f"plan:{plan.id}:core_group:{last_group}", last_group, None,
                      subject_id=plan.id)
            visits = sorted(plan.visits)
            last_visit = visits[-1] if visits else plan.started_on
            b.add("visit", f"plan:{plan.id}:visit:{last_visit}", last_visit, None,
                  subject_id=plan.id, override=plan.visit_interval)


def _reviews(b: _Builder, plan: PlanFacts, start: dt.date,
             conferences: Mapping[int, ConferenceFacts]) -> None:
    reviews = sorted((c for c in conferences.values()
                      if c.kind == ConferenceKind.REVIEW and c.plan_id == plan.id and c.held_on),
                     key=lambda c: (c.held_on, c.id))
    # Reviews are keyed by number (the first, the second...): two can be held on one day.
    previous, rule = start, "first_review"
    for n, review in enumerate(reviews, start=1):
        b.add(rule, f"plan:{plan.id}:review:{n}", previous, review.held_on, subject_id=plan.id)
        previous, rule = review.held_on, "later_review"  # type: ignore[assignment]
        if plan.ended_on and previous >= plan.ended_on:
            return
    if plan.ended_on is None:
        b.add(rule, f"plan:{plan.id}:review:{len(reviews) + 1}", previous, None,
              subject_id=plan.id)
