"""The Figure 10 rates per 10,000 children, and the population they divide by."""

from __future__ import annotations

import datetime as dt

import pytest

from everychild.insight.indicators.compute import TEAM, Scope
from everychild.insight.indicators.population import under18_population

from .history import child, counts, cp_plan, episode, month_cell, year_cell

pytestmark = pytest.mark.django_db
TODAY = "2024-06-01"


@pytest.fixture
def plans(world, settings):
    """An authority of 2,000 children. Ada's plan runs from January 2024; Ben's ran from
    February to 31 March; Cal's second plan began on 31 March (his first ended in 2023);
    Dee has a child in need plan, which no rate counts."""
    settings.EVERYCHILD_UNDER18_POPULATION = 2000
    cp_plan(episode(child("Ada"), "2023-12-01", team=world.team_a), "2024-01-08")
    cp_plan(episode(child("Ben"), "2024-01-15", team=world.team_a), "2024-02-05",
            ended_on="2024-03-31")
    cal = child("Cal")
    cp_plan(episode(cal, "2022-09-01", closed_on="2023-03-01"), "2022-10-03",
            ended_on="2023-02-28")
    cp_plan(episode(cal, "2024-03-01", team=world.team_b), "2024-03-31")
    cp_plan(episode(child("Dee"), "2024-03-01", team=world.team_a), "2024-03-04", kind="cin")
    return world


def test_children_on_a_plan_at_the_end_of_march(plans):
    # Ada and Cal; Ben's plan ended that day.
    march = month_cell("cpp_rate", "2024-03", today=TODAY, population=2000)
    assert march.numerator == 2
    assert march.value == 10.0  # 2 in 2,000 is 10 per 10,000
    # A year's figure is the one at its end, 31 March.
    assert year_cell("cpp_rate", "2023-24", end="2024-05", today=TODAY,
                     population=2000).numerator == 2


def test_registrations_re_registrations_and_plans_ending(plans):
    assert month_cell("cpp_starts", "2024-03", today=TODAY, population=2000).value == 5.0
    assert month_cell("cpp_restarts", "2024-03", today=TODAY, population=2000).value == 5.0
    assert month_cell("cpp_ended", "2024-03", today=TODAY, population=2000).value == 5.0
    # The year adds up its months: Ada's, Ben's and Cal's plans started in 2023-24.
    year = year_cell("cpp_starts", "2023-24", end="2024-05", today=TODAY, population=2000)
    assert (year.numerator, year.value) == (3, 15.0)
    # Cal's first plan ended in 2022-23.
    assert counts(year_cell("cpp_ended", "2022-23", end="2024-05", today=TODAY,
                            population=2000))[0] == 1


def test_a_team_has_a_count_and_no_rate(plans):
    team_a = Scope(TEAM, plans.team_a.pk)
    cell = month_cell("cpp_starts", "2024-02", today=TODAY, scope=team_a, population=2000)
    assert (cell.numerator, cell.value) == (1, None)


def test_without_the_setting_the_population_is_counted_from_the_records(db, settings):
    settings.EVERYCHILD_UNDER18_POPULATION = None
    today = dt.date(2024, 6, 1)
    child("Young", date_of_birth=dt.date(2010, 1, 1))
    child("Seventeen", date_of_birth=dt.date(2006, 6, 2))  # 18 tomorrow
    child("Eighteen", date_of_birth=dt.date(2006, 6, 1))  # 18 today
    child("Unborn", date_of_birth=None, expected_date_of_birth=dt.date(2024, 9, 1))
    found = under18_population(today)
    assert (found.children, found.from_setting) == (2, False)
    settings.EVERYCHILD_UNDER18_POPULATION = 51_000
    assert under18_population(today).children == 51_000
