"""Properties of the timescale rules over random case histories (hypothesis): every
deadline lands on a working day exactly as far from its start as the rule says (or, for
months, on the last working day not after the calendar date), and every item's standing
agrees with its dates. Pure: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from everychild.casework.timescales import EpisodeFacts, Standing, due_items, rules_for
from everychild.casework.timescales.engine import (
    DUE_SOON_WORKING_DAYS,
    AssessmentFacts,
    ConferenceFacts,
    PlanFacts,
    Settings,
    StrategyFacts,
    add_months,
)
from everychild.core.calendar import is_working_day, working_days_between

D = dt.date
DAY = dt.timedelta(days=1)
offsets = st.integers(min_value=0, max_value=200)
maybe_offset = st.none() | offsets
closure_sets = st.frozensets(st.dates(min_value=D(2021, 1, 1), max_value=D(2027, 12, 31)),
                             max_size=20)
local_settings = st.builds(
    lambda visit, group: Settings({"EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS": visit,
                                   "EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS": group}),
    st.integers(min_value=5, max_value=25), st.integers(min_value=10, max_value=25))


def _after(start: dt.date, offset: int | None) -> dt.date | None:
    return None if offset is None else start + offset * DAY


@st.composite
def histories(draw: st.DrawFn) -> EpisodeFacts:
    referral = draw(st.dates(min_value=D(2021, 1, 1), max_value=D(2026, 12, 31)))
    rules = draw(st.sampled_from(["wt2006", "wt2013"]))
    kinds = ["initial", "core"] if rules == "wt2006" else ["single"]
    assessments = tuple(
        AssessmentFacts(10 + n, draw(st.sampled_from(kinds)), start,
                        _after(start, draw(maybe_offset)))
        for n, start in enumerate(referral + o * DAY
                                  for o in draw(st.lists(offsets, max_size=3))))
    strategies = tuple(
        StrategyFacts(20 + n, referral + o * DAY, draw(st.booleans()), draw(st.booleans()))
        for n, o in enumerate(draw(st.lists(offsets, max_size=3))))
    conferences = [ConferenceFacts(30 + n, "initial", _after(referral, o),
                                   cancelled=draw(st.booleans()))
                   for n, o in enumerate(draw(st.lists(maybe_offset, max_size=2)))]
    plans = []
    for n in range(draw(st.integers(min_value=0, max_value=2))):
        start = referral + draw(offsets) * DAY
        plans.append(PlanFacts(
            id=40 + n, kind=draw(st.sampled_from(["cp", "cin"])), started_on=start,
            ended_on=_after(start, draw(maybe_offset)),
            conference_id=draw(st.sampled_from([None, *[c.id for c in conferences]])),
            visit_interval=draw(st.none() | st.integers(min_value=1, max_value=30)),
            core_groups=tuple(sorted(start + o * DAY
                                     for o in draw(st.lists(offsets, max_size=4)))),
            visits=tuple(sorted(start + o * DAY for o in draw(st.lists(offsets, max_size=6))))))
        conferences += [ConferenceFacts(50 + 10 * n + m, "review", start + o * DAY, plan_id=40 + n)
                        for m, o in enumerate(draw(st.lists(offsets, max_size=3)))]
    closed = _after(referral, draw(st.none() | st.integers(min_value=0, max_value=400)))
    return EpisodeFacts(id=7, rules=rules, referral_date=referral, closed_on=closed,
                        assessments=assessments, strategy_discussions=strategies,
                        conferences=tuple(conferences), plans=tuple(plans))


todays = st.integers(min_value=0, max_value=700)


def _amount(facts: EpisodeFacts, rule_key: str, subject_id: int | None,
            rules: Settings) -> int:
    rule = rules_for(facts.rules)[rule_key]
    plan = next((p for p in facts.plans if p.id == subject_id), None)
    override = plan.visit_interval if plan and rule_key == "visit" else None
    return rules.amount(rule, override)


@settings(max_examples=300)
@given(facts=histories(), later=todays, closures=closure_sets, rules=local_settings)
def test_every_deadline_is_a_working_day_as_far_from_its_start_as_the_rule_says(
        facts, later, closures, rules):
    today = facts.referral_date + later * DAY
    for item in due_items(facts, today, closures=closures, settings=rules):
        assert is_working_day(item.due_on, closures=closures), item
        rule = rules_for(facts.rules)[item.rule]
        amount = _amount(facts, item.rule, item.subject_id, rules)
        if rule.unit == "working_days":
            assert working_days_between(item.counted_from, item.due_on,
                                        closures=closures) == amount, item
        else:
            # Never after the calendar date, and only non-working days skipped to get there.
            calendar_date = add_months(item.counted_from, amount)
            assert item.due_on <= calendar_date
            skipped = (item.due_on + n * DAY for n in range(1, (calendar_date - item.due_on).days + 1))
            assert not any(is_working_day(d, closures=closures) for d in skipped), item


@settings(max_examples=300)
@given(facts=histories(), later=todays, closures=closure_sets)
def test_standing_agrees_with_the_dates(facts, later, closures):
    today = facts.referral_date + later * DAY
    found = due_items(facts, today, closures=closures)
    assert len({i.key for i in found}) == len(found)
    assert [i.due_on for i in found] == sorted(i.due_on for i in found)
    for item in found:
        assert item.episode_id == facts.id
        if item.done_on is not None:
            assert item.standing == (Standing.DONE if item.done_on <= item.due_on
                                     else Standing.DONE_LATE)
            assert item.working_days_left is None and not item.is_open
            continue
        # Open, or lapsed: judged on the day the case (or plan) ended, if it has.
        judged = item.lapsed_on or today
        if item.lapsed_on is not None:
            assert item.lapsed_on > item.due_on and item.lapsed_on <= today
            assert item.standing == Standing.OVERDUE and not item.is_open
        assert item.working_days_left == working_days_between(judged, item.due_on,
                                                              closures=closures)
        if judged > item.due_on:
            assert item.standing == Standing.OVERDUE
            assert item.working_days_left <= 0
        elif item.working_days_left <= DUE_SOON_WORKING_DAYS:
            assert item.standing == Standing.DUE_SOON
        else:
            assert item.standing == Standing.ON_TRACK
        if facts.closed_on is not None and facts.closed_on <= today:
            assert not item.is_open  # a closed case has no open work


@settings(max_examples=200)
@given(facts=histories(), a=todays, b=todays, closures=closure_sets)
def test_the_day_changes_only_the_standing_never_the_deadline(facts, a, b, closures):
    first = {i.key: i for i in due_items(facts, facts.referral_date + a * DAY,
                                         closures=closures)}
    second = {i.key: i for i in due_items(facts, facts.referral_date + b * DAY,
                                          closures=closures)}
    for key in first.keys() & second.keys():
        assert (first[key].due_on, first[key].counted_from) == (second[key].due_on,
                                                                second[key].counted_from)


@given(facts=histories(), shift=st.integers(min_value=1, max_value=30), closures=closure_sets)
def test_a_later_referral_never_makes_an_assessment_due_earlier(facts, shift, closures):
    later = dataclasses.replace(facts, referral_date=facts.referral_date + shift * DAY,
                                closed_on=None)
    facts = dataclasses.replace(facts, closed_on=None)
    today = D(2035, 1, 1)
    before = {i.key: i.due_on for i in due_items(facts, today, closures=closures)
              if i.rule in ("initial_assessment", "single_assessment")}
    after = {i.key: i.due_on for i in due_items(later, today, closures=closures)
             if i.rule in ("initial_assessment", "single_assessment")}
    assert before.keys() == after.keys()
    assert all(after[k] >= before[k] for k in before)
