"""Child protection indicators on hand-built histories: ICPCs within 15 working days,
NI 64, NI 65, NI 67, first core groups and statutory visits. Each deadline is worked
out in the docstring or comment beside it."""

from __future__ import annotations

import pytest

from .history import (
    child,
    conference,
    core_group,
    counts,
    cp_plan,
    episode,
    month_cell,
    strategy,
    visit,
    year_cell,
)

pytestmark = pytest.mark.django_db


def test_icpcs_within_15_working_days_of_the_last_strategy_discussion(world):
    """A strategy discussion on Wednesday 13 March 2024. Working days after it: 14-15
    (2), 18-22 (7), 25-28 (11), [Good Friday 29 March, Easter Monday 1 April], 2-5 April
    (15): the conference is due by Friday 5 April. From Friday 1 March it would have been
    due by Friday 22 March."""
    on_time = episode(child("Ada"), "2024-03-11", team=world.team_a)
    strategy(on_time, "2024-03-13")
    conference(on_time, "initial", "2024-04-05")
    late = episode(child("Ben"), "2024-03-11", team=world.team_a)
    strategy(late, "2024-03-13")
    conference(late, "initial", "2024-04-08")
    twice = episode(child("Cal"), "2024-02-28", team=world.team_a)
    strategy(twice, "2024-03-01")
    strategy(twice, "2024-03-13")  # the last one before the conference counts
    conference(twice, "initial", "2024-04-05")
    no_enquiry = episode(child("Dee"), "2024-03-11", team=world.team_a)
    strategy(no_enquiry, "2024-03-13", section47=False)
    conference(no_enquiry, "initial", "2024-04-05")
    cancelled = episode(child("Eve"), "2024-03-11", team=world.team_a)
    strategy(cancelled, "2024-03-13")
    conference(cancelled, "initial", "2024-04-04", status="cancelled")
    # An enquiry that found no conference was needed: a conference after it anyway is not
    # measured from that discussion.
    not_needed = episode(child("Fay"), "2024-03-11", team=world.team_a)
    strategy(not_needed, "2024-03-13", outcome="not_substantiated")
    conference(not_needed, "initial", "2024-04-30")
    assert counts(month_cell("icpc15", "2024-04", today="2024-06-01")) == (2, 3)


def test_ni64_plans_ending_that_lasted_two_years_or_more(world):
    ep = episode(child("Ada"), "2021-12-01")
    cp_plan(ep, "2022-01-10", ended_on="2024-01-10")  # exactly two years
    cp_plan(episode(child("Ben"), "2021-12-01"), "2022-01-11", ended_on="2024-01-10")  # a day short
    cp_plan(episode(child("Cal"), "2021-12-01"), "2022-01-01")  # still running
    cp_plan(episode(child("Dee"), "2021-12-01"), "2021-12-20", ended_on="2024-01-15",
            kind="cin")  # a child in need plan
    january = month_cell("ni64", "2024-01", today="2024-03-01")
    assert counts(january) == (1, 2)
    assert january.value == 50.0


def test_ni65_plans_for_children_who_had_one_before(world):
    ada, ben, cal = child("Ada"), child("Ben"), child("Cal")
    cp_plan(episode(ada, "2021-01-01", closed_on="2021-12-01"), "2021-02-01",
            ended_on="2021-11-30")
    cp_plan(episode(ada, "2024-01-20"), "2024-02-05")  # her second plan
    cp_plan(episode(ben, "2024-01-20"), "2024-02-06")  # his first
    cp_plan(episode(cal, "2022-01-01", closed_on="2022-12-01"), "2022-01-10",
            ended_on="2022-11-30", kind="cin")  # a child in need plan is no earlier plan
    cp_plan(episode(cal, "2024-01-20"), "2024-02-07")
    assert counts(month_cell("ni65", "2024-02", today="2024-03-01")) == (1, 3)


@pytest.fixture
def reviews(world):
    """Four plans. Plans made at initial conferences on Monday 8 January 2024 have their
    first review due 3 months on, Monday 8 April (a working day: Easter Monday was 1
    April). From a review on Friday 5 April the next is due 6 months on, Saturday
    5 October, moved back to Friday 4 October. A plan made on Friday 1 March 2024 has its
    first review due Saturday 1 June, moved back to Friday 31 May."""
    def plan(name, held_on, **kw):
        ep = episode(child(name), "2023-12-01", team=world.team_a)
        icpc = conference(ep, "initial", held_on)
        return ep, cp_plan(ep, held_on, made_at=icpc, **kw)

    ep1, p1 = plan("Ada", "2024-01-08")
    conference(ep1, "review", "2024-04-05", plan=p1)  # on time
    conference(ep1, "review", "2024-10-04", plan=p1)  # on time (due 4 October)
    ep2, p2 = plan("Ben", "2024-01-08")
    conference(ep2, "review", "2024-04-09", plan=p2)  # a day late
    plan("Cal", "2024-03-01")  # never reviewed
    plan("Dee", "2024-01-08", ended_on="2024-05-01")  # ended without a review


def test_ni67_children_on_plans_of_3_months_whose_reviews_were_all_on_time(reviews):
    today = "2024-11-30"
    # End of April: Ada on time; Ben late; Dee's review overdue (her plan ran to 1 May);
    # Cal's plan is not yet 3 months old.
    assert counts(month_cell("ni67", "2024-04", today=today)) == (1, 3)
    # End of June: Dee's plan has ended; Cal's review (due 31 May) was never held; Ben's
    # late review still counts against his case.
    assert counts(month_cell("ni67", "2024-06", today=today)) == (1, 3)
    # End of October: Ada's second review was held on the day it fell due.
    assert counts(month_cell("ni67", "2024-10", today=today)) == (1, 3)
    # At 31 March 2024 no plan had lasted 3 months; 2024-25 to June stands at June's end.
    assert counts(year_cell("ni67", "2023-24", end="2024-06", today=today)) == (0, 0)
    assert counts(year_cell("ni67", "2024-25", end="2024-06", today=today)) == (1, 3)


def test_ni67_for_the_month_still_running_stands_at_today(world):
    """Chosen as the last month shown, the month under way is read as at today, Wednesday
    3 April 2024, not at its last day. Plans made at conferences on 2, 3 and 8 January have
    their first reviews due on 2 April (a working day: Easter Monday was 1 April), 3 April
    and 8 April; none is held. The first is missed; the second is due today, not missed
    yet; the third plan has not lasted 3 months today, so it is not counted at all."""
    for name, held_on in (("Ada", "2024-01-02"), ("Ben", "2024-01-03"), ("Cal", "2024-01-08")):
        ep = episode(child(name), "2023-12-01", team=world.team_a)
        cp_plan(ep, held_on, made_at=conference(ep, "initial", held_on))
    assert counts(month_cell("ni67", "2024-04", today="2024-04-03")) == (1, 2)
    assert counts(year_cell("ni67", "2024-25", end="2024-04", today="2024-04-03")) == (1, 2)
    # Once April is over, all three plans are judged at its end.
    assert counts(month_cell("ni67", "2024-04", today="2024-05-01")) == (0, 3)


def test_first_core_groups_within_10_working_days_of_the_initial_conference(world):
    """Initial conferences on Friday 5 April 2024: the first core group is due within 10
    working days, by Friday 19 April. One on Tuesday 28 May (after the spring bank
    holiday) has its due day, Tuesday 11 June, still ahead on 1 June."""
    def plan(name, held_on, **kw):
        ep = episode(child(name), "2024-03-01", team=world.team_a)
        return cp_plan(ep, held_on, made_at=conference(ep, "initial", held_on), **kw)

    core_group(plan("Ada", "2024-04-05"), "2024-04-19")  # on the day
    core_group(plan("Ben", "2024-04-05"), "2024-04-22")  # late
    plan("Cal", "2024-04-05")  # none yet: missed
    plan("Dee", "2024-04-05", ended_on="2024-04-10")  # ended before it fell due
    plan("Eve", "2024-05-28")  # not yet due
    assert counts(month_cell("coregroups", "2024-04", today="2024-06-01")) == (1, 3)
    assert counts(month_cell("coregroups", "2024-06", today="2024-06-01")) == (0, 0)


def test_statutory_visits_at_the_plans_interval(world, settings):
    """The authority visits every 10 working days. Ada's plan started Monday 1 July 2024:
    the first visit is due Monday 15 July. Seen Friday 12 July, the next is due Friday 26
    July; seen late on Monday 29 July, the next is due Monday 12 August, and by 20
    August she has not been seen. A visit at which she was not seen stops no clock.
    Ben's plan has its own interval, 5 working days: due Monday 8 July and seen that day;
    it ended on 10 July, before the next fell due."""
    settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS = 10
    ada = cp_plan(episode(child("Ada"), "2024-06-01", team=world.team_a), "2024-07-01")
    visit(ada, "2024-07-12")
    visit(ada, "2024-07-22", seen=False)
    visit(ada, "2024-07-29")
    ben = cp_plan(episode(child("Ben"), "2024-06-01", team=world.team_a), "2024-07-01",
                  ended_on="2024-07-10", visit_interval=5)
    visit(ben, "2024-07-08")
    cin = cp_plan(episode(child("Cal"), "2024-06-01", team=world.team_a), "2024-07-01",
                  kind="cin")
    visit(cin, "2024-07-30")
    today = "2024-08-20"
    assert counts(month_cell("visits", "2024-07", today=today)) == (2, 3)
    assert counts(month_cell("visits", "2024-08", today=today)) == (0, 1)
