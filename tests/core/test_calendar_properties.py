"""Properties of the working-day calendar that every deadline relies on, checked over
random dates, counts and closure days (hypothesis). No database: closures are passed in."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given
from hypothesis import strategies as st

from everychild.core.calendar import (
    add_working_days,
    bank_holidays,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date
# Around the years the holidays package knows the one-off bank holidays for, and beyond.
dates = st.dates(min_value=D(2005, 1, 1), max_value=D(2040, 12, 31))
positive = st.integers(min_value=1, max_value=120)
closure_sets = st.frozensets(st.dates(min_value=D(2020, 1, 1), max_value=D(2028, 12, 31)),
                             max_size=25)


def _off(d: dt.date, closures: frozenset[dt.date]) -> bool:
    return d.weekday() >= 5 or d in bank_holidays(d.year) or d in closures


@given(start=dates, n=positive, closures=closure_sets)
def test_a_working_day_deadline_never_falls_on_a_weekend_bank_holiday_or_closure_day(
        start, n, closures):
    due = add_working_days(start, n, closures=closures)
    assert not _off(due, closures)
    assert is_working_day(due, closures=closures)


@given(start=dates, n=positive, closures=closure_sets)
def test_adding_n_working_days_then_counting_them_gives_n(start, n, closures):
    # From any day, working day or not: the start itself never counts.
    assert working_days_between(start, add_working_days(start, n, closures=closures),
                                closures=closures) == n


@given(start=dates, n=positive, closures=closure_sets)
def test_the_nth_working_day_has_n_minus_1_working_days_strictly_before_it(start, n, closures):
    due = add_working_days(start, n, closures=closures)
    between = [start + dt.timedelta(days=i) for i in range(1, (due - start).days)]
    assert sum(1 for d in between if not _off(d, closures)) == n - 1


@given(start=dates, n=positive, closures=closure_sets)
def test_counting_back_from_a_deadline_returns_to_a_working_start(start, n, closures):
    assume(is_working_day(start, closures=closures))
    due = add_working_days(start, n, closures=closures)
    assert add_working_days(due, -n, closures=closures) == start
    assert working_days_between(due, start, closures=closures) == -n


@given(start=dates, n=positive, m=positive, closures=closure_sets)
def test_more_working_days_is_never_earlier(start, n, m, closures):
    a, b = sorted((n, m))
    assert add_working_days(start, a, closures=closures) <= add_working_days(
        start, b, closures=closures)
    if a < b:
        assert add_working_days(start, a, closures=closures) < add_working_days(
            start, b, closures=closures)


@given(first=dates, gap=st.integers(min_value=0, max_value=60), n=positive,
       closures=closure_sets)
def test_a_later_start_never_gives_an_earlier_deadline(first, gap, n, closures):
    second = first + dt.timedelta(days=gap)
    assert add_working_days(first, n, closures=closures) <= add_working_days(
        second, n, closures=closures)


@given(start=dates, n=positive, closures=closure_sets, extra=closure_sets)
def test_a_closure_day_can_only_move_a_deadline_later(start, n, closures, extra):
    assert add_working_days(start, n, closures=closures) <= add_working_days(
        start, n, closures=closures | extra)


@given(start=dates, end=dates, closures=closure_sets)
def test_counting_is_never_negative_forwards_and_never_more_than_the_days(start, end, closures):
    start, end = min(start, end), max(start, end)
    assume((end - start).days <= 3000)
    count = working_days_between(start, end, closures=closures)
    assert 0 <= count <= (end - start).days
    assert count == -working_days_between(end, start, closures=closures)


@given(start=dates, closures=closure_sets)
def test_the_next_working_day_is_after_and_nothing_between_is_a_working_day(start, closures):
    nxt = next_working_day(start, closures=closures)
    assert nxt > start and is_working_day(nxt, closures=closures)
    assert all(_off(start + dt.timedelta(days=i), closures) for i in range(1, (nxt - start).days))


@given(start=dates, closures=closure_sets)
def test_zero_working_days_rolls_forward_onto_the_calendar_never_back(start, closures):
    rolled = add_working_days(start, 0, closures=closures)
    assert rolled >= start and is_working_day(rolled, closures=closures)
    assert rolled == start or rolled == next_working_day(start, closures=closures)
