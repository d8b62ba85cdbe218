"""Worked cases for the statutory timescales, each counted by hand on a calendar:
Christmas and New Year, Easter, the one-off bank holidays of 2022 and 2023, month ends,
and an authority's own closure days. Pure: no database."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.casework.timescales import DueItem, EpisodeFacts, Standing, due_items
from everychild.casework.timescales.engine import (
    AssessmentFacts,
    ConferenceFacts,
    PlanFacts,
    Settings,
    StrategyFacts,
)

D = dt.date
NONE: frozenset[dt.date] = frozenset()
LATER = D(2030, 1, 1)  # a "today" long after everything, for dates only


def only(facts: EpisodeFacts, rule: str, today: dt.date = LATER, *,
         closures: frozenset[dt.date] = NONE, settings: Settings | None = None) -> DueItem:
    found = [i for i in due_items(facts, today, closures=closures, settings=settings)
             if i.rule == rule]
    assert len(found) == 1, found
    return found[0]


def assessed(rules: str, kind: str, referral: dt.date, started: dt.date | None = None,
             completed: dt.date | None = None) -> EpisodeFacts:
    return EpisodeFacts(id=1, rules=rules, referral_date=referral, assessments=(
        AssessmentFacts(10, kind, started or referral, completed),))


# ------------------------------------------------------------------ assessments
@pytest.mark.parametrize(("referral", "due", "why"), [
    (D(2025, 12, 19), D(2026, 1, 2),
     "Mon 22, Tue 23, Wed 24; Christmas and Boxing Day; Mon 29, Tue 30, Wed 31; "
     "New Year's Day; Fri 2 January"),
    (D(2024, 3, 25), D(2024, 4, 5), "Good Friday 29 March and Easter Monday 1 April"),
    (D(2023, 5, 3), D(2023, 5, 15), "Coronation Monday 8 May 2023"),
    (D(2022, 9, 14), D(2022, 9, 26), "State Funeral Monday 19 September 2022"),
    (D(2022, 5, 30), D(2022, 6, 10), "Spring bank holiday Thu 2 and Platinum Jubilee Fri 3 June"),
])
def test_initial_assessment_is_due_7_working_days_after_the_referral(referral, due, why):
    item = only(assessed("wt2006", "initial", referral), "initial_assessment")
    assert (item.due_on, item.counted_from) == (due, referral), why
    assert item.what == "Initial assessment"


def test_core_assessment_is_due_35_working_days_from_its_own_start_across_easter():
    # Started Thu 20 March 2025: Good Friday 18, Easter Monday 21 April and the early May
    # bank holiday (5 May) all fall inside; the 35th working day is Tue 13 May.
    facts = assessed("wt2006", "core", D(2025, 3, 1), started=D(2025, 3, 20))
    item = only(facts, "core_assessment")
    assert (item.counted_from, item.due_on) == (D(2025, 3, 20), D(2025, 5, 13))


def test_single_assessment_is_due_45_working_days_after_the_referral():
    # Referral Thu 20 March 2025; Easter, early May and spring bank holidays skipped.
    facts = assessed("wt2013", "single", D(2025, 3, 20), started=D(2025, 3, 25))
    item = only(facts, "single_assessment")
    assert (item.counted_from, item.due_on) == (D(2025, 3, 20), D(2025, 5, 28))


def test_each_procedure_set_keeps_to_its_own_assessments():
    # An initial assessment under the 2013 rules, or a single one under 2006, has no
    # timescale of its own: it is not what those rules ask for.
    assert due_items(assessed("wt2013", "initial", D(2025, 3, 20)), LATER, closures=NONE) == []
    assert due_items(assessed("wt2006", "single", D(2025, 3, 20)), LATER, closures=NONE) == []


def test_an_assessment_completed_on_the_last_day_is_in_time_and_a_day_later_is_late():
    on_time = only(assessed("wt2006", "initial", D(2025, 12, 19), completed=D(2026, 1, 2)),
                   "initial_assessment")
    late = only(assessed("wt2006", "initial", D(2025, 12, 19), completed=D(2026, 1, 5)),
                "initial_assessment")
    assert (on_time.standing, late.standing) == (Standing.DONE, Standing.DONE_LATE)
    assert on_time.working_days_left is None and not on_time.is_open


def test_closure_days_entered_by_the_authority_move_working_day_deadlines():
    # The council closes 29-31 December 2025: the 7 working days run Mon 22, Tue 23,
    # Wed 24, Fri 2, Mon 5, Tue 6, Wed 7 January.
    closed = frozenset({D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)})
    item = only(assessed("wt2006", "initial", D(2025, 12, 19)), "initial_assessment",
                closures=closed)
    assert item.due_on == D(2026, 1, 7)


# ------------------------------------------------------------------ conferences
def strategies(*held: tuple[int, dt.date, bool]) -> tuple[StrategyFacts, ...]:
    return tuple(StrategyFacts(pk, day, s47) for pk, day, s47 in held)


def test_icpc_is_due_15_working_days_after_the_last_strategy_discussion_across_the_jubilee():
    facts = EpisodeFacts(id=1, rules="wt2013", referral_date=D(2022, 5, 16),
                         strategy_discussions=strategies((1, D(2022, 5, 20), True),
                                                         (2, D(2022, 5, 25), True)))
    item = only(facts, "strategy_to_icpc")
    # From Wed 25 May, not Fri 20 May (which would give Tue 14 June); Thu 2 and Fri 3
    # June are bank holidays.
    assert (item.counted_from, item.due_on) == (D(2022, 5, 25), D(2022, 6, 17))
    assert item.key == "icpc:strategy:2" and item.is_open


def test_a_strategy_discussion_that_decided_against_an_enquiry_starts_no_clock():
    facts = EpisodeFacts(id=1, rules="wt2013", referral_date=D(2022, 5, 16),
                         strategy_discussions=strategies((1, D(2022, 5, 20), True),
                                                         (2, D(2022, 5, 25), False)))
    assert only(facts, "strategy_to_icpc").counted_from == D(2022, 5, 20)


def test_an_enquiry_that_found_no_conference_needed_stops_the_clock():
    facts = EpisodeFacts(id=1, rules="wt2013", referral_date=D(2022, 5, 16),
                         strategy_discussions=(StrategyFacts(1, D(2022, 5, 20), True,
                                                             no_conference=True),))
    assert [i for i in due_items(facts, LATER, closures=NONE)] == []


def test_icpc_across_the_state_funeral_held_in_time():
    facts = EpisodeFacts(
        id=1, rules="wt2013", referral_date=D(2022, 9, 1),
        strategy_discussions=strategies((1, D(2022, 9, 8), True)),
        conferences=(ConferenceFacts(5, "initial", D(2022, 9, 30)),))
    item = only(facts, "strategy_to_icpc")
    assert (item.due_on, item.done_on, item.standing) == (D(2022, 9, 30), D(2022, 9, 30),
                                                           Standing.DONE)
    assert item.subject_id == 5


def test_a_cancelled_conference_does_not_meet_the_timescale():
    facts = EpisodeFacts(
        id=1, rules="wt2013", referral_date=D(2022, 9, 1),
        strategy_discussions=strategies((1, D(2022, 9, 8), True)),
        conferences=(ConferenceFacts(5, "initial", D(2022, 9, 20), cancelled=True),))
    item = only(facts, "strategy_to_icpc", today=D(2022, 10, 3))
    assert item.standing == Standing.OVERDUE and item.done_on is None


def test_new_concerns_while_on_a_plan_do_not_ask_for_another_initial_conference():
    icpc = ConferenceFacts(5, "initial", D(2023, 1, 10))
    facts = EpisodeFacts(
        id=1, rules="wt2013", referral_date=D(2022, 12, 1),
        strategy_discussions=strategies((1, D(2022, 12, 20), True), (2, D(2023, 3, 1), True)),
        conferences=(icpc,), plans=(PlanFacts(7, "cp", D(2023, 1, 10), conference_id=5),))
    icpcs = [i for i in due_items(facts, LATER, closures=NONE) if i.rule == "strategy_to_icpc"]
    assert [i.key for i in icpcs] == ["icpc:strategy:1"]


# ------------------------------------------------------------------ plans
def on_plan(icpc_on: dt.date, *, reviews: tuple[dt.date, ...] = (),
            core_groups: tuple[dt.date, ...] = (), visits: tuple[dt.date, ...] = (),
            interval: int | None = None, ended_on: dt.date | None = None) -> EpisodeFacts:
    conferences = [ConferenceFacts(5, "initial", icpc_on)]
    conferences += [ConferenceFacts(100 + n, "review", day, plan_id=7)
                    for n, day in enumerate(reviews)]
    return EpisodeFacts(
        id=1, rules="wt2013", referral_date=icpc_on - dt.timedelta(days=30),
        conferences=tuple(conferences),
        plans=(PlanFacts(7, "cp", icpc_on, ended_on=ended_on, conference_id=5,
                         visit_interval=interval, core_groups=core_groups, visits=visits),))


def test_first_core_group_is_due_10_working_days_after_the_conference_across_the_coronation():
    item = only(on_plan(D(2023, 5, 2)), "first_core_group")
    assert (item.counted_from, item.due_on) == (D(2023, 5, 2), D(2023, 5, 17))
    # Held on Wed 17 May: in time.
    item = only(on_plan(D(2023, 5, 2), core_groups=(D(2023, 5, 17),)), "first_core_group")
    assert item.standing == Standing.DONE


@pytest.mark.parametrize(("icpc_on", "due", "why"), [
    (D(2022, 3, 3), D(2022, 6, 1), "3 June 2022 is the Platinum Jubilee, 2 June the spring "
                                   "bank holiday: back to Wednesday 1 June"),
    (D(2023, 2, 8), D(2023, 5, 5), "8 May 2023 is the Coronation: back to Friday 5 May"),
    (D(2023, 11, 30), D(2024, 2, 29), "a leap year's 29 February"),
    (D(2024, 11, 29), D(2025, 2, 28), "no 29 February: the end of the month"),
    (D(2025, 1, 17), D(2025, 4, 17), "17 April 2025 is the Thursday before Good Friday"),
    (D(2025, 1, 18), D(2025, 4, 17), "18 April is Good Friday, 19 and 20 a weekend: back "
                                     "to Thursday 17"),
])
def test_first_review_is_within_3_months_never_later_than_the_calendar_date(icpc_on, due, why):
    assert only(on_plan(icpc_on), "first_review").due_on == due, why


def test_later_reviews_are_within_6_months_of_the_previous_one():
    facts = on_plan(D(2025, 3, 25), reviews=(D(2025, 6, 25),))
    reviews = {i.counted_from: i for i in due_items(facts, LATER, closures=NONE)
               if i.rule in ("first_review", "later_review")}
    assert reviews[D(2025, 3, 25)].standing == Standing.DONE  # due 25 June, held then
    # 25 December 2025 is Christmas Day: the review is due on Wednesday 24 December.
    later = reviews[D(2025, 6, 25)]
    assert (later.rule, later.due_on, later.is_open) == ("later_review", D(2025, 12, 24), True)


def test_a_closure_day_on_a_month_deadline_moves_it_back():
    closed = frozenset({D(2025, 4, 17)})
    assert only(on_plan(D(2025, 1, 17)), "first_review", closures=closed).due_on == D(2025, 4, 16)


def test_visits_are_due_at_the_configured_interval_from_the_last_seen_visit():
    facts = on_plan(D(2025, 12, 1), visits=(D(2025, 12, 10), D(2025, 12, 22)))
    default = only(facts, "visit")
    # Ten working days from Mon 22 December 2025: Christmas, Boxing Day and New Year's
    # Day skipped, Thursday 8 January 2026.
    assert (default.counted_from, default.due_on) == (D(2025, 12, 22), D(2026, 1, 8))
    local = only(facts, "visit",
                 settings=Settings({"EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS": 5}))
    assert local.due_on == D(2025, 12, 31)
    # A plan's own frequency wins over the authority's.
    own = only(on_plan(D(2025, 12, 1), visits=(D(2025, 12, 22),), interval=15), "visit",
               settings=Settings({"EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS": 5}))
    assert own.due_on == D(2026, 1, 15)


def test_until_the_first_visit_the_clock_runs_from_the_start_of_the_plan():
    item = only(on_plan(D(2025, 12, 1)), "visit")
    assert (item.counted_from, item.due_on) == (D(2025, 12, 1), D(2025, 12, 15))


def test_core_groups_repeat_at_the_configured_interval_after_the_first():
    facts = on_plan(D(2025, 3, 3), core_groups=(D(2025, 3, 12), D(2025, 4, 9)))
    item = only(facts, "core_group")
    # 20 working days from Wed 9 April 2025, over Easter and the early May bank holiday.
    assert (item.counted_from, item.due_on) == (D(2025, 4, 9), D(2025, 5, 12))
    monthly = only(facts, "core_group",
                   settings=Settings({"EVERYCHILD_CORE_GROUP_INTERVAL_WORKING_DAYS": 10}))
    assert monthly.due_on == D(2025, 4, 25)


def test_an_ended_plan_asks_for_no_more_visits_reviews_or_core_groups():
    facts = on_plan(D(2025, 3, 3), core_groups=(D(2025, 3, 12),), ended_on=D(2025, 5, 1))
    assert {i.rule for i in due_items(facts, LATER, closures=NONE)} == {"first_core_group"}


def test_a_plan_ended_before_its_first_core_group_fell_due_leaves_nothing_due():
    facts = on_plan(D(2025, 3, 3), ended_on=D(2025, 3, 7))
    assert due_items(facts, LATER, closures=NONE) == []


def test_a_plan_ended_after_a_missed_first_core_group_keeps_it_as_missed_not_open():
    facts = on_plan(D(2025, 3, 3), ended_on=D(2025, 4, 1))
    item = only(facts, "first_core_group")
    assert (item.standing, item.lapsed_on, item.is_open) == (Standing.OVERDUE, D(2025, 4, 1),
                                                             False)


# ------------------------------------------------------------------ standing
@pytest.mark.parametrize(("today", "standing", "left"), [
    (D(2025, 12, 29), Standing.ON_TRACK, 3),   # 30, 31 Dec, 2 Jan
    (D(2025, 12, 30), Standing.DUE_SOON, 2),
    (D(2025, 12, 24), Standing.ON_TRACK, 4),
    (D(2026, 1, 1), Standing.DUE_SOON, 1),     # New Year's Day: one working day to go
    (D(2026, 1, 2), Standing.DUE_SOON, 0),     # the day itself
    (D(2026, 1, 3), Standing.OVERDUE, 0),      # Saturday: late, no working day lost yet
    (D(2026, 1, 5), Standing.OVERDUE, -1),
])
def test_standing_counts_working_days_to_the_deadline(today, standing, left):
    item = only(assessed("wt2006", "initial", D(2025, 12, 19)), "initial_assessment", today)
    assert (item.standing, item.working_days_left) == (standing, left)


def test_a_closed_episode_judges_what_was_left_open_on_the_day_it_closed():
    late = EpisodeFacts(id=1, rules="wt2006", referral_date=D(2025, 12, 19),
                        closed_on=D(2026, 1, 9),
                        assessments=(AssessmentFacts(10, "initial", D(2025, 12, 19)),))
    item = only(late, "initial_assessment")
    assert (item.standing, item.lapsed_on, item.working_days_left) == (
        Standing.OVERDUE, D(2026, 1, 9), -5)
    early = EpisodeFacts(id=1, rules="wt2006", referral_date=D(2025, 12, 19),
                         closed_on=D(2025, 12, 22),
                         assessments=(AssessmentFacts(10, "initial", D(2025, 12, 19)),))
    assert due_items(early, LATER, closures=NONE) == []
