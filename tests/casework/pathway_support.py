"""Building the first half of the pathway for tests: through the services, as the users
would, so each test starts from records the rules accepted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from everychild.casework.models import (
    Assessment,
    Episode,
    Plan,
    ProcedureChoice,
    Section47,
    StrategyDiscussion,
)
from everychild.casework.services.assessments import (
    assessment_complete,
    assessment_record,
    assessment_start,
)
from everychild.casework.services.episodes import episode_open
from everychild.casework.services.strategy import AttendeeInput, strategy_record
from everychild.core import clock
from everychild.outbox.models import Message


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def choose_rules(rules: str, since: dt.date = dt.date(2000, 1, 1)) -> None:
    ProcedureChoice.objects.create(effective_from=since, rules=rules,
                                   recorded_at=timezone.now())


def with_emails(world) -> None:
    """Give every agency in the world an address, so notices can be counted."""
    for agency in (world.csc, world.school, world.police, world.gp):
        agency.email = f"{agency.code.lower()}@agency.example"
        agency.save(update_fields=["email"])


def open_case(world, *, referral_date: dt.date | None = None, rules: str | None = None,
              child: Any = None) -> Episode:
    """Amelia's (or `child`'s) episode, opened by her allocated social worker."""
    if rules:
        choose_rules(rules)
    return episode_open(actor=world.social_worker, child=child or world.child,
                        referral_date=referral_date or clock.today())


def fresh(row: Any) -> Any:
    return type(row).objects.get(pk=row.pk)


def start(world, episode: Episode, kind: str = "single", **kw: Any) -> Assessment:
    return assessment_start(actor=world.social_worker, episode=fresh(episode), kind=kind, **kw)


def record_ready(world, assessment: Assessment, *, outcome: str = "cin_plan",
                 factors: tuple[str, ...] = ("2B", "3B")) -> Assessment:
    """Everything a completion needs, recorded."""
    return assessment_record(actor=world.social_worker, assessment=fresh(assessment),
                             version=fresh(assessment).version,
                             child_seen_on=assessment.started_on,
                             child_views="Amelia said she likes her school and her nan.",
                             factors=list(factors), outcome=outcome,
                             analysis="Mother's drug use and domestic abuse leave Amelia "
                                      "without consistent care.")


def complete(world, assessment: Assessment, **kw: Any) -> Assessment:
    current = fresh(assessment)
    kw.setdefault("primary_need", "N1")  # abuse or neglect
    return assessment_complete(actor=world.social_worker, assessment=current,
                               version=current.version, **kw)


def authorise(world, assessment: Assessment) -> Assessment:
    from everychild.casework.services.assessments import assessment_authorise

    current = fresh(assessment)
    return assessment_authorise(actor=world.users["team_manager"], assessment=current,
                                version=current.version)


def attendees(world, *, police: bool = True, health: bool = True) -> list[AttendeeInput]:
    found = [AttendeeInput(world.csc.pk, "Sam Okafor", "Social worker")]
    if police:
        found.append(AttendeeInput(world.police.pk, "DC Rhian Price", "Child abuse investigator"))
    if health:
        found.append(AttendeeInput(world.gp.pk, "Dr Ana Reyes", "GP"))
    return found


def strategy(world, episode: Episode, *, section47: bool = True, held_on: dt.date | None = None,
             **kw: Any) -> StrategyDiscussion:
    return strategy_record(
        actor=world.social_worker, episode=fresh(episode), held_on=held_on or clock.today(),
        attendees=kw.pop("attendees", None) or attendees(world),
        information_shared="Police hold two call-outs to the address this year.",
        section47=section47, reasons="Disclosure of being hit by an adult in the home", **kw)


def enquiry_of(discussion: StrategyDiscussion) -> Section47:
    return Section47.objects.get(strategy=discussion)


def open_plan(episode: Episode, kind: str) -> Plan:
    now = timezone.now()
    return Plan.objects.create(episode=episode, kind=kind, started_on=episode.referral_date,
                               category="NEG" if kind == "cp" else "", created_at=now,
                               updated_at=now)


def outbox_to() -> list[str]:
    return sorted(m.to for m in Message.objects.all())
