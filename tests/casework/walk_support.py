"""The cast and the clock for the walks that take one child through the whole pathway
(tests/casework/test_whole_pathway.py, tests/api/test_casework_walk.py).

Tillie Marsh is known to her school; she lives with her mother Kerry. The school's
designated safeguarding lead refers her and her brother Ronan; the front door links
Tillie and Kerry to their records, makes new ones for the others, and decides on a
strategy discussion, which the team manager signs off. Time is frozen and moved on by the
walk, a working day at a time, in England's local time (the walk crosses Easter and the
start of British Summer Time).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from everychild.agencies.models import Agency, Staff
from everychild.casework.models import CircumstanceChange, Episode
from everychild.casework.selectors.facts import due_items_for
from everychild.casework.timescales.engine import DueItem
from everychild.core import calendar, clock
from everychild.outbox.models import Message
from everychild.people.models import InvolvementRole, Person, Relationship
from everychild.referrals import services as referrals
from everychild.referrals.models import Referral

from ..factories import (
    HouseholdFactory,
    InvolvementFactory,
    MembershipFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)
from ..referrals.builders import referral_input

LONDON = ZoneInfo("Europe/London")
# The Monday the school refers. Good Friday is 26 March 2027 and Easter Monday 29 March;
# the clocks go forward on 28 March.
REFERRAL_DAY = dt.date(2027, 3, 8)


class WalkClock:
    """`clock.now()` and `clock.today()` as the services see them, moved on by the walk.
    Like a real clock, each reading of `now()` is a microsecond after the last, so records
    written one after another in a transaction keep their order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, day: dt.date, hour: int = 9) -> None:
        self.at = self._moment(day, hour, 0)
        monkeypatch.setattr(clock, "now", self._now)
        monkeypatch.setattr(clock, "today", lambda: self.at.astimezone(LONDON).date())

    def _now(self) -> dt.datetime:
        self.at += dt.timedelta(microseconds=1)
        return self.at

    @staticmethod
    def _moment(day: dt.date, hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)

    @property
    def today(self) -> dt.date:
        return self.at.astimezone(LONDON).date()

    def to(self, day: dt.date, hour: int = 10, minute: int = 0) -> dt.date:
        """Move to a time on a day (never backwards); returns the day."""
        moment = self._moment(day, hour, minute)
        assert moment >= self.at, f"the walk cannot go back to {moment}"
        self.at = moment
        return day

    def later(self, minutes: int = 15) -> None:
        self.at += dt.timedelta(minutes=minutes)

    def working_days_on(self, n: int, hour: int = 10) -> dt.date:
        """Move on n working days (bank holidays and weekends skipped)."""
        return self.to(calendar.add_working_days(self.today, n), hour)


def london(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@dataclass
class Cast:
    school: Agency
    police_force: Agency
    gp: Agency
    social_care: Agency
    dsl: Staff
    front_door: Staff
    manager: Staff
    worker: Staff
    chair: Staff
    police: Staff
    health: Staff
    tillie: Person
    kerry: Person


def cast_of(world) -> Cast:
    """The people of the walk, built in the world's authority, with email addresses for
    every agency so that every notice can be counted."""
    for agency in (world.csc, world.school, world.police, world.gp):
        agency.email = f"{agency.code.lower()}@agency.example"
        agency.save(update_fields=["email"])
    front_door_team = TeamFactory(agency=world.csc, name="Front door")
    front_door = StaffFactory(username="frontdoor", first_name="Femi", last_name="Adeyemi",
                              role="social_worker", agency=world.csc, team=front_door_team)
    dsl = world.users["designated_safeguarding_lead"]
    dsl.first_name, dsl.last_name = "Priya", "Hallam"
    dsl.save(update_fields=["first_name", "last_name"])
    born = clock.today() - dt.timedelta(days=8 * 365)
    tillie = PersonFactory(given_name="Tillie", family_name="Marsh", sex="F",
                           date_of_birth=born)
    kerry = PersonFactory(kind="adult", given_name="Kerry", family_name="Marsh", sex="F",
                          date_of_birth=dt.date(1991, 4, 12))
    home = HouseholdFactory(address_line_1="14 Quarry Lane", town="Northbrook",
                            postcode="NB1 4QL")
    MembershipFactory(household=home, person=tillie, role="child")
    MembershipFactory(household=home, person=kerry, role="parent")
    Relationship.objects.create(person=kerry, related=tillie, kind="parent",
                                recorded_at=tillie.created_at)
    # Tillie's school knows her, and names its safeguarding lead as her worker.
    InvolvementFactory(person=tillie, agency=world.school, staff=dsl,
                       role=InvolvementRole.PRACTITIONER)
    return Cast(school=world.school, police_force=world.police, gp=world.gp,
                social_care=world.csc, dsl=dsl, front_door=front_door,
                manager=world.users["team_manager"], worker=world.social_worker,
                chair=world.users["conference_chair"],
                police=world.users["police_investigator"],
                health=world.users["health_practitioner"], tillie=tillie, kerry=kerry)


def _fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def refer_link_decide(cast: Cast, walk: WalkClock) -> Referral:
    """The school refers Tillie and Ronan; the front door links Tillie and Kerry to their
    records, makes new ones for Ronan and the lodger, and decides on a strategy
    discussion (awaiting the manager's sign-off)."""
    referral = referrals.referral_submit(
        actor=cast.dsl, data=referral_input(referrer__agency_id=cast.school.pk))
    walk.later(30)
    known = {"Tillie": cast.tillie, "Kerry": cast.kerry}
    for entry in referral.people.order_by("position"):
        current = _fresh(referral)
        if entry.given_name in known:
            referrals.referral_person_link(actor=cast.front_door, referral=current,
                                           entry_id=entry.pk, person=known[entry.given_name],
                                           version=current.version)
        elif entry.person_id is None:
            referrals.referral_person_create_record(actor=cast.front_door, referral=current,
                                                    entry_id=entry.pk,
                                                    version=current.version)
    walk.later(30)
    current = _fresh(referral)
    referrals.referral_decide(actor=cast.front_door, referral=current,
                              outcome="strategy_discussion",
                              reasons="Bruising to Tillie's arm and her account that the "
                                      "lodger grabbed her: a strategy discussion is needed",
                              version=current.version)
    return _fresh(referral)


def sign_off(cast: Cast, referral: Referral) -> Referral:
    current = _fresh(referral)
    referrals.referral_sign_off(actor=cast.manager, referral=current, version=current.version)
    return _fresh(referral)


def fresh(row: Any) -> Any:
    return type(row).objects.get(pk=row.pk)


def told(change: CircumstanceChange) -> set[str]:
    """The addresses sent the notice of a change."""
    return set(Message.objects.filter(key__startswith=f"casework-change:{change.pk}:")
               .values_list("to", flat=True))


def due(episode: Episode) -> dict[str, DueItem]:
    """The episode's due items today, by rule (the latest of each)."""
    items = due_items_for([Episode.objects.get(pk=episode.pk)])[episode.pk]
    return {item.rule: item for item in items}


def open_items(episode: Episode) -> list[DueItem]:
    items = due_items_for([Episode.objects.get(pk=episode.pk)])[episode.pk]
    return [item for item in items if item.is_open]
