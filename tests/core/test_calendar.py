"""The working-day calendar, without a database: closure days are passed in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from everychild.core.calendar import (
    LONDON,
    add_working_days,
    bank_holiday_name,
    bank_holidays,
    is_working_day,
    next_working_day,
    working_day_deadline,
    working_days_between,
)

NONE: frozenset[dt.date] = frozenset()
D = dt.date
UTC = dt.UTC


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59, 999999), tzinfo=LONDON)


# ------------------------------------------------------------------ worked cases
@pytest.mark.parametrize(("start", "n", "due", "why"), [
    # Christmas and New Year, with the substitute days when they fall at a weekend.
    (D(2022, 12, 23), 1, D(2022, 12, 28), "Boxing Day Mon 26, Christmas observed Tue 27"),
    (D(2022, 12, 30), 1, D(2023, 1, 3), "New Year's Day observed Mon 2 Jan"),
    (D(2021, 12, 24), 1, D(2021, 12, 29), "both Christmas holidays observed Mon 27 and Tue 28"),
    (D(2024, 12, 24), 1, D(2024, 12, 27), "Wed 25 and Thu 26"),
    (D(2024, 12, 31), 1, D(2025, 1, 2), "New Year's Day Wed 1 Jan"),
    (D(2022, 12, 23), 5, D(2023, 1, 4), "28, 29, 30 Dec, 3, 4 Jan"),
    # Easter: Good Friday and Easter Monday.
    (D(2025, 4, 17), 1, D(2025, 4, 22), "Good Friday 18 and Easter Monday 21 April"),
    (D(2024, 3, 28), 1, D(2024, 4, 2), "Good Friday 29 March and Easter Monday 1 April"),
    (D(2024, 3, 28), 3, D(2024, 4, 4), ""),
    # The one-off bank holidays of recent years.
    (D(2022, 6, 1), 1, D(2022, 6, 6), "Platinum Jubilee Thu 2 and Fri 3 June 2022"),
    (D(2022, 6, 1), 2, D(2022, 6, 7), ""),
    (D(2022, 9, 16), 1, D(2022, 9, 20), "State Funeral Mon 19 September 2022"),
    (D(2023, 5, 5), 1, D(2023, 5, 9), "Coronation Mon 8 May 2023"),
    (D(2023, 4, 28), 1, D(2023, 5, 2), "Early May bank holiday Mon 1 May 2023"),
    (D(2023, 4, 28), 6, D(2023, 5, 10), "two bank-holiday Mondays in a row"),
    # Plain weeks.
    (D(2025, 6, 9), 1, D(2025, 6, 10), "Monday to Tuesday"),
    (D(2025, 6, 13), 1, D(2025, 6, 16), "Friday to Monday"),
    (D(2025, 6, 9), 10, D(2025, 6, 23), "two weeks"),
    (D(2025, 6, 14), 1, D(2025, 6, 16), "from a Saturday the first working day is Monday"),
])
def test_adding_working_days_steps_over_weekends_and_bank_holidays(start, n, due, why):
    assert add_working_days(start, n, closures=NONE) == due, why
    assert working_days_between(start, due, closures=NONE) == n
    if is_working_day(start, closures=NONE):
        assert add_working_days(due, -n, closures=NONE) == start


@pytest.mark.parametrize(("day", "name"), [
    (D(2022, 6, 2), "Spring Bank Holiday"),
    (D(2022, 6, 3), "Platinum Jubilee"),
    (D(2022, 9, 19), "State Funeral"),
    (D(2023, 5, 8), "Coronation"),
    (D(2022, 12, 27), "Christmas Day (observed)"),
    (D(2023, 1, 2), "New Year's Day (observed)"),
    (D(2025, 4, 18), "Good Friday"),
    (D(2025, 4, 21), "Easter Monday"),
    (D(2026, 12, 28), "Boxing Day (observed)"),
])
def test_bank_holidays_of_england_and_wales_are_not_working_days(day, name):
    assert not is_working_day(day, closures=NONE)
    assert name in (bank_holiday_name(day) or "")


@pytest.mark.parametrize("day", [
    D(2025, 3, 17),   # St Patrick's Day: a bank holiday in Northern Ireland only
    D(2025, 8, 4),    # Scotland's summer bank holiday
    D(2025, 1, 2),    # Scotland's 2 January
    D(2025, 11, 28),  # a Friday
])
def test_holidays_elsewhere_in_the_uk_are_working_days_here(day):
    assert is_working_day(day, closures=NONE)
    assert bank_holiday_name(day) is None


def test_the_number_of_working_days_in_recent_years():
    # 2022: 260 weekdays less 10 bank holidays (two of them one-offs); 2023: 260 less 9.
    assert working_days_between(D(2021, 12, 31), D(2022, 12, 31), closures=NONE) == 250
    assert working_days_between(D(2022, 12, 31), D(2023, 12, 31), closures=NONE) == 251
    assert len([d for d in bank_holidays(2022) if d.weekday() < 5]) == 10


def test_zero_days_is_the_same_day_if_working_else_the_next_working_day():
    assert add_working_days(D(2025, 6, 10), 0, closures=NONE) == D(2025, 6, 10)
    assert add_working_days(D(2025, 6, 14), 0, closures=NONE) == D(2025, 6, 16)
    assert add_working_days(D(2022, 6, 2), 0, closures=NONE) == D(2022, 6, 6)


def test_counting_back():
    assert add_working_days(D(2023, 5, 9), -1, closures=NONE) == D(2023, 5, 5)
    assert add_working_days(D(2023, 1, 3), -2, closures=NONE) == D(2022, 12, 29)
    assert working_days_between(D(2023, 5, 9), D(2023, 5, 5), closures=NONE) == -1
    assert working_days_between(D(2025, 6, 10), D(2025, 6, 10), closures=NONE) == 0


def test_next_working_day_never_returns_the_day_itself():
    assert next_working_day(D(2025, 6, 10), closures=NONE) == D(2025, 6, 11)
    assert next_working_day(D(2022, 9, 16), closures=NONE) == D(2022, 9, 20)


def test_closure_days_count_as_non_working():
    closures = frozenset({D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)})
    # Christmas Thu 25 and Boxing Day Fri 26, then the council's own closure.
    assert add_working_days(D(2025, 12, 24), 1, closures=closures) == D(2026, 1, 2)
    assert add_working_days(D(2025, 12, 24), 1, closures=NONE) == D(2025, 12, 29)
    assert working_days_between(D(2025, 12, 24), D(2026, 1, 2), closures=closures) == 1
    assert not is_working_day(D(2025, 12, 30), closures=closures)


# ------------------------------------------------------------------ deadlines
def test_received_friday_evening_before_a_bank_holiday_monday_is_due_end_of_tuesday():
    received = dt.datetime(2023, 5, 5, 19, 30, tzinfo=LONDON)  # Friday before the Coronation
    assert working_day_deadline(received, 1, closures=NONE) == end_of(D(2023, 5, 9))


def test_the_day_of_receipt_is_the_day_in_london_not_in_utc():
    # 23:30 UTC on Thursday 4 May 2023 is 00:30 on Friday in London (summer time).
    received = dt.datetime(2023, 5, 4, 23, 30, tzinfo=UTC)
    assert working_day_deadline(received, 1, closures=NONE) == end_of(D(2023, 5, 9))
    # In winter London is on UTC: 23:30 UTC on a Thursday is still Thursday.
    winter = dt.datetime(2025, 1, 9, 23, 30, tzinfo=UTC)
    assert working_day_deadline(winter, 1, closures=NONE) == end_of(D(2025, 1, 10))


def test_a_deadline_is_the_last_instant_of_the_day_in_london_time():
    summer = working_day_deadline(dt.datetime(2025, 6, 9, 9, tzinfo=LONDON), 1, closures=NONE)
    assert summer.astimezone(UTC) == dt.datetime(2025, 6, 10, 22, 59, 59, 999999, tzinfo=UTC)
    winter = working_day_deadline(dt.datetime(2025, 1, 6, 9, tzinfo=LONDON), 1, closures=NONE)
    assert winter.astimezone(UTC) == dt.datetime(2025, 1, 7, 23, 59, 59, 999999, tzinfo=UTC)


def test_deadlines_across_the_clock_changes():
    # Received on the Sunday the clocks go forward; due the end of Monday, in summer time.
    due = working_day_deadline(dt.datetime(2025, 3, 30, 12, tzinfo=LONDON), 1, closures=NONE)
    assert due == end_of(D(2025, 3, 31)) and due.utcoffset() == dt.timedelta(hours=1)
    due = working_day_deadline(dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC), 1, closures=NONE)
    assert due == end_of(D(2025, 10, 27)) and due.utcoffset() == dt.timedelta(0)


def test_received_at_a_weekend_the_first_working_day_is_monday():
    saturday = dt.datetime(2025, 6, 14, 10, tzinfo=LONDON)
    assert working_day_deadline(saturday, 1, closures=NONE) == end_of(D(2025, 6, 16))
    assert working_day_deadline(saturday, 0, closures=NONE) == end_of(D(2025, 6, 16))


def test_wrong_inputs_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        working_day_deadline(dt.datetime(2025, 6, 9, 9), 1, closures=NONE)
    with pytest.raises(TypeError, match="pass a date"):
        add_working_days(dt.datetime(2025, 6, 9, 9, tzinfo=UTC), 1, closures=NONE)
    with pytest.raises(TypeError, match="whole number"):
        add_working_days(D(2025, 6, 9), 1.5, closures=NONE)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="beyond any timescale"):
        add_working_days(D(2025, 6, 9), 50_000, closures=NONE)


# ------------------------------------------------------------------ properties
dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2045, 12, 31))
counts = st.integers(min_value=-80, max_value=80)
closure_sets = st.frozensets(st.dates(min_value=D(2019, 1, 1), max_value=D(2027, 12, 31)),
                             max_size=30)
moments = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2045, 12, 31),
                       timezones=st.sampled_from([UTC, LONDON, ZoneInfo("America/New_York"),
                                                  ZoneInfo("Asia/Kolkata")]))


def _naive_count(start: dt.date, end: dt.date, closures: frozenset[dt.date]) -> int:
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    days = (start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1))
    return sign * sum(1 for d in days if is_working_day(d, closures=closures))


@given(received=moments, n=st.integers(min_value=0, max_value=60), closures=closure_sets)
def test_a_deadline_never_falls_on_a_weekend_bank_holiday_or_closure_day(received, n, closures):
    due = working_day_deadline(received, n, closures=closures)
    day = due.astimezone(LONDON).date()
    assert day.weekday() < 5
    assert day not in bank_holidays(day.year)
    assert day not in closures
    assert due.astimezone(LONDON).time() == dt.time(23, 59, 59, 999999)
    assert due > received
    # Exactly n working days after the day of receipt.
    received_day = received.astimezone(LONDON).date()
    if n or is_working_day(received_day, closures=closures):
        assert working_days_between(received_day, day, closures=closures) == n


@given(start=dates, n=counts, closures=closure_sets)
def test_adding_then_counting_back_returns_a_working_start(start, n, closures):
    start = add_working_days(start, 0, closures=closures)  # a working day
    there = add_working_days(start, n, closures=closures)
    assert add_working_days(there, -n, closures=closures) == start
    assert is_working_day(there, closures=closures)


@given(start=dates, n=counts, closures=closure_sets)
def test_working_days_between_agrees_with_add_working_days(start, n, closures):
    there = add_working_days(start, n, closures=closures)
    if n > 0 or is_working_day(start, closures=closures):
        assert working_days_between(start, there, closures=closures) == n
    # One more is one working day later; only from a non-working day are 0 and 1 the same.
    further = add_working_days(start, n + 1, closures=closures)
    assert further > there or (n == 0 and further == there
                               and not is_working_day(start, closures=closures))


@given(a=dates, b=dates, c=dates, closures=closure_sets)
def test_working_days_between_counts_like_a_day_by_day_walk(a, b, c, closures):
    # Short spans so the walk stays quick; the fast count skips whole weeks.
    b = a + dt.timedelta(days=(b - a).days % 400)
    assert working_days_between(a, b, closures=closures) == _naive_count(a, b, closures)
    assert working_days_between(b, a, closures=closures) == -working_days_between(
        a, b, closures=closures)
    c = b + dt.timedelta(days=(c - b).days % 50)
    assert (working_days_between(a, b, closures=closures)
            + working_days_between(b, c, closures=closures)
            == working_days_between(a, c, closures=closures))
