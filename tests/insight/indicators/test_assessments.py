"""NI 59, NI 60 and single assessments in timescale, on histories whose answers are
worked out here by counting working days on the calendar of England and Wales."""

from __future__ import annotations

import pytest

from everychild.core.models import ClosureDay
from everychild.insight.indicators.compute import TEAM, WORKER, Scope

from .history import assessment, child, counts, episode, month_cell, rows_of, year_cell

pytestmark = pytest.mark.django_db


@pytest.fixture
def ni59_history(world):
    """Three referrals on Tuesday 30 April 2024, under the 2006 rules. Working days after
    it: Wed 1 May (1), Thu 2 (2), Fri 3 (3), [Mon 6 May is the early May bank holiday],
    Tue 7 (4), Wed 8 (5), Thu 9 (6), Fri 10 (7), Mon 13 (8). So the initial assessment is
    due on Friday 10 May (counting weekdays alone would make that day 8)."""
    sw, tm = world.social_worker, world.users["team_manager"]
    on_time = episode(child("Ada"), "2024-04-30", rules="wt2006", team=world.team_a, worker=sw)
    assessment(on_time, "initial", "2024-04-30", "2024-05-10", worker=sw)  # working day 7
    late = episode(child("Ben"), "2024-04-30", rules="wt2006", team=world.team_b, worker=tm)
    assessment(late, "initial", "2024-04-30", "2024-05-13", worker=tm)  # working day 8
    still_open = episode(child("Cal"), "2024-04-30", rules="wt2006", team=world.team_a)
    assessment(still_open, "initial", "2024-04-30")
    # A 2013-rules episode's single assessment is no initial assessment.
    single = episode(child("Dee"), "2024-04-30", rules="wt2013", team=world.team_a)
    assessment(single, "single", "2024-04-30", "2024-05-03")
    # Completed in March 2024, in time: the financial year 2023-24, not 2024-25.
    march = episode(child("Eve"), "2024-03-01", rules="wt2006", team=world.team_a, worker=sw)
    assessment(march, "initial", "2024-03-01", "2024-03-05", worker=sw)
    return world


def test_ni59_counts_completed_initial_assessments_across_a_bank_holiday(ni59_history):
    may = month_cell("ni59", "2024-05", today="2024-06-30")
    # Ada's (day 7) in time, Ben's (day 8) late; Cal's is open, Dee's is a single one.
    assert counts(may) == (1, 2)
    assert may.value == 50.0
    assert counts(month_cell("ni59", "2024-03", today="2024-06-30")) == (1, 1)


def test_ni59_rows_carry_the_deadline_the_worklists_use(ni59_history):
    rows = [r for r in rows_of("ni59", today="2024-06-30") if r.event_date.month == 5]
    assert {(r.counted_from.isoformat(), r.due_on.isoformat(), r.done_on.isoformat(),
             r.in_numerator) for r in rows} == {
        ("2024-04-30", "2024-05-10", "2024-05-10", True),
        ("2024-04-30", "2024-05-10", "2024-05-13", False)}


def test_a_closure_day_moves_the_deadline_as_on_the_worklists(ni59_history):
    assert counts(month_cell("ni59", "2024-05", today="2024-06-30")) == (1, 2)
    # The office shut on Wednesday 8 May: the 7th working day is now Monday 13 May (and
    # the due dates worked out a moment ago are not reused).
    ClosureDay.objects.create(date="2024-05-08", reason="Snow")
    assert counts(month_cell("ni59", "2024-05", today="2024-06-30")) == (2, 2)


def test_ni59_by_financial_year_team_and_worker(ni59_history):
    world = ni59_history
    assert counts(year_cell("ni59", "2024-25", end="2024-06", today="2024-06-30")) == (1, 2)
    assert counts(year_cell("ni59", "2023-24", end="2024-06", today="2024-06-30")) == (1, 1)
    team_a = Scope(TEAM, world.team_a.pk)
    assert counts(month_cell("ni59", "2024-05", today="2024-06-30", scope=team_a)) == (1, 1)
    assert counts(month_cell("ni59", "2024-05", today="2024-06-30",
                             scope=Scope(TEAM, world.team_b.pk))) == (0, 1)
    tm = Scope(WORKER, world.users["team_manager"].pk)
    assert counts(month_cell("ni59", "2024-05", today="2024-06-30", scope=tm)) == (0, 1)


def test_ni60_counts_from_the_start_of_the_core_assessment(world):
    """A core assessment started on Monday 3 June 2024 (the referral was weeks earlier).
    No bank holiday until 26 August: 35 working days on is Monday 22 July."""
    for name, done in (("Fay", "2024-07-22"), ("Gus", "2024-07-23"), ("Hal", None)):
        ep = episode(child(name), "2024-05-01", rules="wt2006", team=world.team_a)
        assessment(ep, "initial", "2024-05-01", "2024-05-09")
        assessment(ep, "core", "2024-06-03", done)
    july = month_cell("ni60", "2024-07", today="2024-09-01")
    assert counts(july) == (1, 2)
    # The initial assessments (in time) are NI 59's, not NI 60's.
    assert counts(month_cell("ni59", "2024-05", today="2024-09-01")) == (3, 3)


def test_single_assessments_are_due_45_working_days_after_the_referral(world):
    """Referred on Monday 2 December 2024. Working days after it: 3-6 Dec (4), 9-13 (9),
    16-20 (14), 23-24 (16), [25, 26 December], 27 (17), 30-31 (19), [1 January], 2-3 Jan
    (21), 6-10 (26), 13-17 (31), 20-24 (36), 27-31 (41), 3-6 Feb (45): due Thursday
    6 February 2025."""
    for name, done, rules in (("Ivy", "2025-02-06", "wt2013"), ("Jay", "2025-02-07", "wt2013"),
                              ("Kit", None, "wt2013"), ("Lou", "2025-02-05", "wt2006")):
        ep = episode(child(name), "2024-12-02", rules=rules, team=world.team_a)
        assessment(ep, "single", "2024-12-03", done)
    feb = month_cell("single45", "2025-02", today="2025-03-31")
    # Ivy's in time, Jay's a day late, Kit's open; Lou's episode works to the 2006 rules.
    assert counts(feb) == (1, 2)
