"""Building the second half of the pathway for tests: an episode whose section 47 enquiry
is already done (made with the models, as the first half's services would have left it),
then conferences and plans through the services, as the users would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from everychild.casework.models import (
    Attendance,
    Conference,
    Episode,
    Plan,
    Rules,
    Section47,
    Section47Outcome,
    StrategyDiscussion,
)
from everychild.casework.services import conference_decisions, conferences, minutes
from everychild.core import calendar, clock
from everychild.people.models import Person

from ..people.pages import a_family


def fresh(row: Any) -> Any:
    return type(row).objects.get(pk=row.pk)


def working_days_ago(n: int) -> dt.date:
    return calendar.add_working_days(clock.today(), -n)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """A time on a day, in England."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def emails_for(world) -> None:
    """Every agency in the world gets an address, so invitations can be counted."""
    for agency in (world.csc, world.school, world.police, world.gp):
        agency.email = f"{agency.code.lower()}@agency.example"
        agency.save(update_fields=["email"])


def episode_after_enquiry(world, *, child: Person | None = None,
                          outcome: str = Section47Outcome.SUBSTANTIATED_CONFERENCE,
                          strategy_days_ago: int = 3, completed: bool = True,
                          family: bool = True) -> Episode:
    """Amelia's open episode: a strategy discussion `strategy_days_ago` working days ago
    started a section 47 enquiry, which concluded with `outcome`. Her mother (a parent) and
    a lodger live with her."""
    child = child or world.child
    now = timezone.now()
    held = working_days_ago(strategy_days_ago)
    episode = Episode.objects.create(
        child=child, referral_date=held - dt.timedelta(days=2), rules=Rules.WT2013,
        team=world.team_a, worker=world.social_worker, created_at=now, updated_at=now)
    strategy = StrategyDiscussion.objects.create(
        episode=episode, held_on=held, section47=True,
        reasons="Bruising seen at school and an account from the child",
        recorded_by=world.social_worker, recorded_at=now)
    Section47.objects.create(
        episode=episode, strategy=strategy, started_on=held,
        completed_on=clock.today() if completed else None,
        outcome=outcome if completed else "", findings="Injuries consistent with the account",
        created_at=now, updated_at=now)
    if family:
        a_family(child)
    return episode


def mother_of(child: Person) -> Person:
    return Person.objects.get(given_name="Sarah", family_name="Osei",
                              relationships_out__related=child)


def arrange(world, episode: Episode, *, when: dt.datetime | None = None,
            actor: Any = None, **kw: Any) -> Conference:
    """The initial conference, arranged for today by the allocated social worker, with
    the conference chair named."""
    kw.setdefault("chair_id", world.users["conference_chair"].pk)
    return conferences.conference_schedule(
        actor=actor or world.social_worker, episode=fresh(episode),
        scheduled_for=when or at(clock.today(), 16), **kw)


def everyone_attended(world, conference: Conference,
                      absent: tuple[int, ...] = ()) -> Conference:
    current = fresh(conference)
    marks = {i.pk: (Attendance.ABSENT if i.pk in absent else Attendance.ATTENDED)
             for i in current.invitees.all()}
    return conference_decision_attendance(world, current, marks)


def conference_decision_attendance(world, conference: Conference,
                                   marks: dict[int, str]) -> Conference:
    return conference_decisions.conference_attendance_record(
        actor=world.users["conference_chair"], conference=conference, attendance=marks,
        version=fresh(conference).version)


def decide(world, conference: Conference, **kw: Any) -> Conference:
    current = fresh(conference)
    kw.setdefault("held_on", clock.today())
    kw.setdefault("decision", "plan" if current.kind == "initial" else "continue")
    kw.setdefault("category", "NEG")
    kw.setdefault("reasons", "Neglect of Amelia's basic care over many months")
    if kw["decision"] == "plan":
        kw.setdefault("first_core_group_on", calendar.add_working_days(kw["held_on"], 5))
    return conference_decisions.conference_decide(
        actor=kw.pop("actor", world.users["conference_chair"]), conference=current,
        version=current.version, **kw)


def held(world, episode: Episode | None = None, **kw: Any) -> Conference:
    """An initial conference arranged, attended by everyone and decided (a plan)."""
    episode = episode or episode_after_enquiry(world)
    conference = arrange(world, episode)
    everyone_attended(world, conference)
    return decide(world, conference, **kw)


def closed(world, conference: Conference, text: str = "The conference met and agreed a "
                                                      "plan.") -> Conference:
    chair = world.users["conference_chair"]
    current = minutes.conference_minutes_save(actor=chair, conference=fresh(conference),
                                              minutes=text, version=fresh(conference).version)
    # The family and the child are given or posted their copy; so is anyone without email.
    by_hand = [i.pk for i in current.invitees.all() if not i.email or i.kind != "agency"]
    return minutes.conference_minutes_send(actor=chair, conference=current,
                                           sent_otherwise=by_hand, version=current.version)


def cp_plan(world, **kw: Any) -> Plan:
    """Amelia on a child protection plan for neglect, made at a conference today."""
    conference = held(world, **kw)
    return Plan.objects.get(conference=conference)
