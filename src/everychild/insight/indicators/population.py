"""The authority's under-18 population, the denominator of the rates per 10,000.

A setting (EVERYCHILD_UNDER18_POPULATION, from the environment variable of that name):
a live authority enters the ONS mid-year estimate. Unset, the children under 18 on
Everychild's own records are counted instead. That is the right figure only for a
synthetic authority, where synth makes every child who lives there (so the rates follow
whatever size it was generated at); the dashboard says which it used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from everychild.people.models import Person, PersonKind


@dataclass(frozen=True)
class Population:
    children: int
    from_setting: bool

    @property
    def source(self) -> str:
        if self.from_setting:
            return "the authority's under-18 population (EVERYCHILD_UNDER18_POPULATION)"
        return ("children under 18 on Everychild's records: set "
                "EVERYCHILD_UNDER18_POPULATION to the authority's population")


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def under18_population(today: dt.date) -> Population:
    configured = getattr(settings, "EVERYCHILD_UNDER18_POPULATION", None)
    if configured:
        return Population(int(configured), True)
    count = Person.objects.filter(kind=PersonKind.CHILD, merged_into__isnull=True,
                                  date_of_birth__gt=_years_before(today, 18),
                                  date_of_birth__lte=today).count()
    return Population(count, False)
