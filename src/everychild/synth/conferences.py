"""Child protection conferences: who is invited, reports, attendance, the decision,
dissent, minutes sent to every invitee, and requests to amend them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from everychild.casework.models import (
    AmendmentStatus,
    Attendance,
    ConferenceKind,
    ConferenceStatus,
    InviteeKind,
)
from everychild.core.calendar import LONDON

from . import case_text as T
from .case_context import due, wd
from .case_plan import (
    AmendmentSpec,
    ConferenceSpec,
    DissentSpec,
    InviteeSpec,
    PlanSpec,
    Section47Spec,
)

if TYPE_CHECKING:
    from .pathway import Pathway

ICPC_IN_TIME = 0.78   # initial conferences within 15 working days of the strategy discussion
PLAN_AT_ICPC = 0.70   # about two in three initial conferences make a plan
DISSENT = 0.06
AMENDMENT = 0.06
CHILD_ATTENDS_FROM = 12


def scheduled(p: Pathway, day: dt.date) -> dt.datetime:
    hour, minute = p.r.choice(((9, 30), (10, 0), (13, 30), (14, 0)))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)


def at(p: Pathway, day: dt.date, lo: int = 9, hi: int = 17) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(p.c.randint(lo, hi - 1), p.c.randrange(60)),
                                tzinfo=LONDON)
    return local.astimezone(dt.UTC)


def invitees(p: Pathway, day: dt.date, invited: dt.datetime,
             plan: PlanSpec | None = None) -> list[InviteeSpec]:
    """The agencies working with the child, the family, and an older child themselves."""
    staff, fam, child = p.staff, p.fam, p.child
    out: list[InviteeSpec] = []

    def agency(agency_id: int, staff_id: int | None) -> None:
        if staff_id is None:
            return
        person = staff.by_pk[staff_id]
        out.append(InviteeSpec(InviteeKind.AGENCY, person.name, invited, agency=agency_id,
                               staff=staff_id, email=person.email))

    if plan is not None:
        for m in plan.members:
            if m.staff is not None and m.left_on is None:
                agency(m.agency or staff.a.csc, m.staff)
    else:
        agency(staff.a.csc, p.worker)
        if p.ep.police is not None:
            agency(staff.a.police, p.ep.police[0])
        visitor = fam.partner(child, day, "health_visitor")
        if visitor is not None and fam.age(child, day) < 5:
            agency(visitor.agency, visitor.staff)
        else:
            gp = fam.partner(child, day, "gp")
            lead = staff.one_of(p.c, gp.agency) if gp is not None else None
            agency(gp.agency if gp else staff.a.acute, lead.pk if lead else None)
        school = fam.partner(child, day, "school")
        dsl = staff.one_of(p.c, school.agency) if school is not None else None
        if school is not None and dsl is not None:
            agency(school.agency, dsl.pk)
    for carer in fam.carers:
        out.append(InviteeSpec(InviteeKind.FAMILY, fam.full_name(carer), invited, person=carer))
    if fam.age(child, day) >= CHILD_ATTENDS_FROM and p.c.random() < 0.4:
        out.append(InviteeSpec(InviteeKind.CHILD, fam.full_name(child), invited, person=child))
    return out


def conference(p: Pathway, kind: str, day: dt.date, invited_on: dt.date, *,
               section47: Section47Spec | None = None, plan: PlanSpec | None = None,
               reconvened: bool = False) -> ConferenceSpec:
    """A conference arranged on `invited_on` for `day` (not yet held)."""
    invited_on = min(invited_on, wd(day, -1))
    invited = at(p, invited_on)
    conf = ConferenceSpec(kind, scheduled(p, day), p.r.choice(T.VENUES), p.chair,
                          section47=section47, plan=plan, reconvened=reconvened,
                          reconvene_reason=p.text(T.RECONVENE) if reconvened else "",
                          created_at=invited)
    conf.invitees = invitees(p, day, invited, plan)
    p.ep.conferences.append(conf)
    return conf


def hold(p: Pathway, conf: ConferenceSpec, day: dt.date, decision: str, reasons: str) -> None:
    """Hold the conference on `day`: reports beforehand, attendance, decision, minutes."""
    r, c = p.r, p.c
    conf.held_on, conf.decision, conf.decision_reasons = day, decision, reasons
    conf.status, conf.version = ConferenceStatus.HELD, 3
    before = wd(day, -1)
    for inv in conf.invitees:
        if inv.kind == InviteeKind.AGENCY:
            if c.random() < 0.88:
                inv.report = p.text(T.REPORTS)
                submitted = max(at(p, wd(day, -c.randint(1, 3))), inv.invited_at)
                inv.report_submitted_at = submitted
                if c.random() < 0.8:
                    inv.report_shared_at = max(at(p, before, 12, 17), submitted)
            roll = c.random()
            inv.attendance = (Attendance.ATTENDED if roll < 0.82 else Attendance.APOLOGIES
                              if roll < 0.95 else Attendance.ABSENT)
        elif inv.kind == InviteeKind.FAMILY:
            roll = c.random()
            inv.attendance = (Attendance.ATTENDED if roll < 0.78 else Attendance.ABSENT
                              if roll < 0.95 else Attendance.APOLOGIES)
        else:
            inv.attendance = Attendance.ATTENDED if c.random() < 0.5 else Attendance.ABSENT
    agencies = [i for i in conf.invitees if i.kind == InviteeKind.AGENCY
                and i.attendance == Attendance.ATTENDED and i.agency != p.staff.a.csc]
    dissent = r.random() < DISSENT  # drawn either way, so siblings stay in step
    if agencies and dissent:
        who = c.choice(agencies)
        assert who.agency is not None
        conf.dissents.append(DissentSpec(who.agency, who, p.text(T.DISSENTS), p.chair,
                                         at(p, day, 11, 16)))
    family = [i for i in conf.invitees if i.kind == "family"]
    if family and any(i.report_submitted_at and not i.report_shared_at
                      for i in conf.invitees):
        conf.unshared_reports_reason = p.text(T.UNSHARED_REPORTS)
    conf.minutes = p.text(T.MINUTES)
    sent_on = wd(day, r.randint(2, 12))
    if sent_on > p.h:
        return
    sent = at(p, sent_on)
    conf.minutes_sent_at, conf.status, conf.version = sent, ConferenceStatus.CLOSED, 4
    for inv in conf.invitees:
        inv.minutes_sent_at = sent
    staffed = [i for i in conf.invitees if i.staff is not None]
    if staffed and c.random() < AMENDMENT:
        who = c.choice(staffed)
        asked_on = wd(sent_on, c.randint(1, 5))
        if asked_on <= p.h:
            request = AmendmentSpec(who, who.staff, at(p, asked_on), p.text(T.AMENDMENTS),
                                    AmendmentStatus.REQUESTED)
            answered_on = wd(asked_on, c.randint(1, 5))
            if answered_on <= p.h and c.random() < 0.85:
                accepted = c.random() < 0.75
                request.status = AmendmentStatus.ACCEPTED if accepted \
                    else AmendmentStatus.DECLINED
                request.response = ("Amended and reissued to every invitee." if accepted else
                                    "The minutes record what was said at the conference.")
                request.responded_by, request.responded_at = p.chair, at(p, answered_on)
            conf.amendments.append(request)


def initial_conference(p: Pathway, s47: Section47Spec) -> ConferenceSpec:
    r = p.r
    strategy = s47.strategy
    assert s47.completed_on is not None
    day = p.complete("strategy_to_icpc", strategy.held_on, wd(s47.completed_on, 1),
                     ICPC_IN_TIME)
    invited_on = p.at(wd(s47.completed_on, 0))
    p.chair = p.staff.chairs[r.randrange(len(p.staff.chairs))]
    conf = conference(p, ConferenceKind.INITIAL, day, invited_on, section47=s47)
    if day > due(p.ep.rules, "strategy_to_icpc", strategy.held_on):
        conf.late_reason = p.text(T.CONFERENCE_LATE)
    p.at(day)
    force = p.g.force
    if force in ("cp", "cp_closed"):
        make_plan = True
    elif force == "cp_no_plan":
        make_plan = False
    else:
        make_plan = r.random() < (PLAN_AT_ICPC + (0.15 if p.g.prior_plan else 0))
    hold(p, conf, day, "plan" if make_plan else "no_plan",
         p.text(T.CONFERENCE_PLAN if make_plan else T.CONFERENCE_NO_PLAN))
    return conf
