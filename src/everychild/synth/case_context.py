"""What the casework generator needs to know about the synthetic authority: its teams,
managers, chairs and partner staff (read once), and the working-day calendar.

Deadlines are worked out with the app's own rule tables (`casework.timescales`) and
`core.calendar`, so whether a synthetic assessment was done in time is judged exactly
as the app will judge it. The generator writes no closure days, so the calendar is the
bank holidays alone (`closures=()`), as the app's is on a fresh synthetic database.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from everychild.agencies.models import Staff, Team
from everychild.casework.timescales.engine import deadline
from everychild.casework.timescales.rules import rules_for
from everychild.core.calendar import LONDON, add_working_days, is_working_day

from .authority import CSC_TEAMS, Authority

NO_CLOSURES: frozenset[dt.date] = frozenset()
DAY = dt.timedelta(days=1)


class Stop(Exception):
    """The horizon is reached: the episode stays as it then stood."""


@dataclass(frozen=True, slots=True)
class Person:
    """A member of staff as the casework needs them: who, and where they work."""

    pk: int
    name: str
    email: str
    job_title: str
    agency: int


def wd(day: dt.date, n: int) -> dt.date:
    """The n-th working day after `day` (n == 0: `day` or the next working day)."""
    return add_working_days(day, n, closures=NO_CLOSURES)


def working(day: dt.date) -> bool:
    return is_working_day(day, closures=NO_CLOSURES)


def on_or_before(day: dt.date) -> dt.date:
    while not working(day):
        day -= DAY
    return day


def due(rules: str, rule: str, start: dt.date, amount: int | None = None) -> dt.date:
    """The deadline the app computes for `rule` counted from `start`."""
    r = rules_for(rules)[rule]
    return deadline(r, start, amount or r.amount, closures=NO_CLOSURES)


class Staffing:
    """The authority's staff, by team and agency, for allocating casework."""

    def __init__(self, authority: Authority) -> None:
        self.a = authority
        self.teams: dict[str, int] = {}
        names = {name: key for key, name in CSC_TEAMS.items()}
        for pk, name in Team.objects.filter(agency_id=authority.csc).values_list("pk", "name"):
            if name in names:
                self.teams[names[name]] = pk
        self.by_pk: dict[int, Person] = {}
        self.by_agency: dict[int, list[Person]] = {}
        self.managers: dict[str, list[int]] = {}
        self.chairs: list[int] = []
        self.admins: list[int] = []
        self.team_of: dict[int, str] = {}
        team_keys = {pk: key for key, pk in self.teams.items()}
        for pk, first, last, email, job, agency, team, role in Staff.objects.filter(
                agency__isnull=False).order_by("pk").values_list(
                "pk", "first_name", "last_name", "email", "job_title", "agency_id", "team_id",
                "role"):
            person = Person(pk, f"{first} {last}", email, job, agency)
            self.by_pk[pk] = person
            self.by_agency.setdefault(agency, []).append(person)
            key = team_keys.get(team) if team is not None else None
            if key is None:
                continue
            self.team_of[pk] = key
            if role == "team_manager":
                self.managers.setdefault(key, []).append(pk)
            elif role == "conference_chair":
                self.chairs.append(pk)
            elif role == "administrator":
                self.admins.append(pk)
        self.cursors: dict[str, int] = {}
        if not self.chairs:
            raise ValueError("the synthetic authority has no conference chairs")

    def worker(self, rng: random.Random, team: str) -> int:
        """The next social worker of a team, in turn, so caseloads stay even."""
        pool = self.a.pools[team]
        cursor = self.cursors.get(team, rng.randrange(len(pool)))
        cursor = (cursor + 1) % len(pool)
        self.cursors[team] = cursor
        return pool[cursor]

    def manager(self, rng: random.Random, team: str) -> int:
        managers = self.managers.get(team) or self.managers["front_door"]
        return rng.choice(managers)

    def one_of(self, rng: random.Random, agency: int, job: str = "") -> Person | None:
        staff = self.by_agency.get(agency, [])
        if job:
            staff = [s for s in staff if job in s.job_title] or staff
        return rng.choice(staff) if staff else None

    def name(self, pk: int) -> str:
        return self.by_pk[pk].name


def moment(rng: random.Random, day: dt.date, lo: int = 9, hi: int = 17) -> dt.datetime:
    """A time during the working day `day`, London time, as an aware UTC datetime."""
    local = dt.datetime.combine(day, dt.time(rng.randint(lo, hi - 1), rng.randrange(60)),
                                tzinfo=LONDON)
    return local.astimezone(dt.UTC)
