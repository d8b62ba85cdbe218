"""Small casework histories for the indicator tests, written as real records.

The pathway's services check today's date, permissions and the order of things, which
is right for users and in the way of a history set years back; these build the same
rows the services would leave (episodes, assessments, strategy discussions, enquiries,
conferences, plans, core groups, visits, referrals with their decisions), with the dates
each test chooses. `figures_of` and `rows_of` then compute an indicator from them the
way the dashboard does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from everychild.agencies.models import Staff, Team
from everychild.casework.models import (
    Assessment,
    Conference,
    CoreGroupMeeting,
    Episode,
    Plan,
    Section47,
    StrategyDiscussion,
    Visit,
)
from everychild.insight.indicators.catalogue import BY_ID
from everychild.insight.indicators.compute import (
    WHOLE_AUTHORITY,
    Row,
    Scope,
    Workspace,
    figures,
)
from everychild.insight.indicators.periods import FinancialYear, Month
from everychild.insight.indicators.series import Cell, monthly, yearly
from everychild.people.models import Person
from everychild.referrals.models import Decision, Referral, ReferralPerson

from ...factories import PersonFactory, StaffFactory


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _stamps() -> dict[str, Any]:
    now = timezone.now()
    return {"created_at": now, "updated_at": now}


def child(name: str = "Child", **kw: Any) -> Person:
    return PersonFactory(given_name=name, family_name=kw.pop("family_name", "Hillier"), **kw)


def episode(who: Person, referral_date: str, *, rules: str = "wt2013", team: Team | None = None,
            worker: Staff | None = None, closed_on: str | None = None,
            referral: Referral | None = None) -> Episode:
    return Episode.objects.create(
        child=who, referral_date=d(referral_date), rules=rules, team=team, worker=worker,
        closed_on=d(closed_on) if closed_on else None, closure_reason="RC8" if closed_on else "",
        referral=referral, **_stamps())


def assessment(ep: Episode, kind: str, started_on: str, completed_on: str | None = None,
               worker: Staff | None = None) -> Assessment:
    return Assessment.objects.create(
        episode=ep, kind=kind, started_on=d(started_on), worker=worker,
        status="authorised" if completed_on else "in_progress",
        completed_on=d(completed_on) if completed_on else None, **_stamps())


def strategy(ep: Episode, held_on: str, *, section47: bool = True,
             outcome: str = "substantiated_conference") -> StrategyDiscussion:
    """A strategy discussion; one that starts an enquiry starts it the same day, and the
    enquiry concludes with `outcome`."""
    by = StaffFactory()
    discussion = StrategyDiscussion.objects.create(
        episode=ep, held_on=d(held_on), section47=section47, reasons="Concerns shared",
        recorded_by=by, recorded_at=timezone.now())
    if section47:
        Section47.objects.create(episode=ep, strategy=discussion, started_on=d(held_on),
                                 completed_on=d(held_on), outcome=outcome, **_stamps())
    return discussion


def conference(ep: Episode, kind: str, held_on: str | None, *, plan: Plan | None = None,
               status: str = "closed") -> Conference:
    when = d(held_on) if held_on else dt.date(2024, 1, 1)
    return Conference.objects.create(
        episode=ep, kind=kind, plan=plan, status=status,
        held_on=when if held_on and status != "cancelled" else None,
        scheduled_for=timezone.make_aware(dt.datetime.combine(when, dt.time(10))),
        decision="plan" if kind == "initial" and status != "cancelled" else "", **_stamps())


def cp_plan(ep: Episode, started_on: str, *, ended_on: str | None = None,
            made_at: Conference | None = None, key_worker: Staff | None = None,
            visit_interval: int | None = None, kind: str = "cp") -> Plan:
    return Plan.objects.create(
        episode=ep, kind=kind, conference=made_at, category="NEG" if kind == "cp" else "",
        started_on=d(started_on), ended_on=d(ended_on) if ended_on else None,
        key_worker=key_worker, visit_interval_working_days=visit_interval, **_stamps())


def core_group(plan: Plan, held_on: str) -> CoreGroupMeeting:
    return CoreGroupMeeting.objects.create(plan=plan, held_on=d(held_on),
                                           recorded_by=StaffFactory(),
                                           recorded_at=timezone.now())


def visit(plan: Plan, visited_on: str, *, seen: bool = True) -> Visit:
    return Visit.objects.create(episode=plan.episode, plan=plan, visited_on=d(visited_on),
                                child_seen=seen, seen_alone=seen,
                                not_seen_reason="" if seen else "No one answered",
                                recorded_by=StaffFactory(), recorded_at=timezone.now())


def referral(received_at: dt.datetime, children: list[Person], *, outcome: str,
             decided_by: Staff, signed_off: bool = True, adults: list[Person] = ()
             ) -> Referral:
    """A referral naming the children (the first as the subject), decided with `outcome`
    and, if `signed_off`, signed off by a manager."""
    made = Referral.objects.create(
        made_by=decided_by, status="complete" if signed_off else "awaiting_sign_off",
        received_at=received_at, source="2A", concern="A concern", **_stamps())
    for n, person in enumerate(children):
        ReferralPerson.objects.create(referral=made, position=n, person=person,
                                      role="subject_child" if n == 0 else "other_child",
                                      given_name=person.given_name,
                                      family_name=person.family_name, match_status="linked")
    for n, person in enumerate(adults, start=len(children)):
        ReferralPerson.objects.create(referral=made, position=n, person=person, role="parent",
                                      given_name=person.given_name,
                                      family_name=person.family_name, match_status="linked")
    Decision.objects.create(referral=made, outcome=outcome, reasons="Reasons",
                            decided_by=decided_by, decided_at=received_at,
                            status="signed_off" if signed_off else "awaiting_sign_off")
    return made


# ------------------------------------------------------------------ reading them back
def month_cell(indicator_id: str, month: str, *, today: str,
               scope: Scope = WHOLE_AUTHORITY, population: int | None = None) -> Cell:
    indicator = BY_ID[indicator_id]
    found = figures([indicator], today=d(today))
    return monthly(found, indicator, scope, [Month.parse(month)], population=population)[0]


def year_cell(indicator_id: str, year: str, *, end: str, today: str,
              scope: Scope = WHOLE_AUTHORITY, population: int | None = None) -> Cell:
    indicator = BY_ID[indicator_id]
    found = figures([indicator], today=d(today))
    return yearly(found, indicator, scope, [FinancialYear.parse(year)], Month.parse(end),
                  population=population)[0]


def counts(cell: Cell) -> tuple[int, int]:
    return cell.numerator, cell.denominator


def rows_of(indicator_id: str, *, today: str) -> list[Row]:
    """Every row of the indicator, in date order."""
    indicator = BY_ID[indicator_id]
    workspace = Workspace([indicator], today=d(today))
    try:
        table = workspace.rows_table(indicator)
        return [Row(*r) for r in workspace.con.execute(
            f"SELECT * FROM {table} ORDER BY event_date, child_id, counted_from").fetchall()]
    finally:
        workspace.close()
