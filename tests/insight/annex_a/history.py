"""A small authority's history for the Annex A tests, with the answers worked out by hand.

The as-of date is 15 October 2026, so the lists cover 15 April to 15 October 2026.

- Ava (born 16 October 2016, so 9.9 on the as-of date, not 10): a child protection plan
  in 2023 (ended); referred by the police on 15 March 2026, seven months before (assessed,
  no further action, closed on 31 March: on no list); referred by the police again on
  15 May, five months before: assessment, strategy discussion, section 47 enquiry, an
  initial conference on 2 June that made a plan (physical abuse), a referral on 1 July
  while her case was open (no further action), a review on 28 August
  that changed the category to emotional abuse, visits on 30 September (seen alone) and
  10 October (not alone), and one on 20 October, after the as-of date.
- Ben (LA child ID LA0042): a section 47 enquiry from a strategy discussion on 2 July
  that found no conference needed; his case closed on 1 August. Referred again on
  9 September: an enquiry from 10 September, still open.
- Fay: referred on 10 June, closed the next day with nothing done.
- Cara: early help from 1 June to 15 September (and an earlier spell, over before the
  period, and a later one, after it); referred by her school on 3 August with a child
  the front door has not matched (Dan, described as a boy born 3 February 2019): the
  front door passed her to early help, so it was a referral that ended in no further
  action by social care.
- Disabilities: Ava's are recorded as none, Ben has autism and a communication
  disability, and nothing is recorded for the others.
- Eve: contacts just either side of each end of the period, in England's time.
- Tillie and Ronan: the school's referral on 1 September, through the front door's
  services (tests/casework/walk_support.py), signed off for a strategy discussion not yet
  held, so referrals but not yet children in need.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

from everychild.agencies.models import AgencyKind, Staff
from everychild.casework.models import (
    Assessment,
    AssessmentKind,
    AssessmentStatus,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    Episode,
    Plan,
    PlanKind,
    Rules,
    Section47,
    Section47Outcome,
    StrategyDiscussion,
    Visit,
)
from everychild.people.models import InvolvementRole, Person
from everychild.referrals.models import (
    Decision,
    DecisionStatus,
    MatchStatus,
    Referral,
    ReferralPerson,
    Status,
)

from ...factories import AgencyFactory, InvolvementFactory, PersonFactory

AS_OF = dt.date(2026, 10, 15)
LONDON = ZoneInfo("Europe/London")
D = dt.date


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@dataclass
class History:
    ava: Person
    ben: Person
    cara: Person
    eve: Person
    fay: Person
    worker: Staff


def contact(made_by: Staff, received: dt.datetime, source: str,
            children: list[Person | dict], status: str = Status.COMPLETE,
            decision: str = "") -> Referral:
    """A referral as the front door left it (with its decision signed off an hour after
    it came in, if one is given); a dict is a child not matched to a record."""
    now = timezone.now()
    referral = Referral.objects.create(made_by=made_by, status=status, source=source,
                                       received_at=None if status == Status.DRAFT else received,
                                       created_at=now, updated_at=now)
    if decision:
        Decision.objects.create(referral=referral, outcome=decision, reasons="Decided",
                                decided_by=made_by, decided_at=received,
                                status=DecisionStatus.SIGNED_OFF, reviewed_by=made_by,
                                reviewed_at=received + dt.timedelta(hours=1))
    for position, child in enumerate(children):
        if isinstance(child, Person):
            ReferralPerson.objects.create(
                referral=referral, position=position, role="subject_child",
                given_name=child.given_name, family_name=child.family_name, person=child,
                match_status=MatchStatus.LINKED)
        else:
            ReferralPerson.objects.create(referral=referral, position=position,
                                          role="other_child", **child)
    return referral


def _episode(child: Person, referral: Referral | None, day: dt.date, **kw) -> Episode:
    now = timezone.now()
    return Episode.objects.create(child=child, referral=referral, referral_date=day,
                                  rules=Rules.WT2013, created_at=now, updated_at=now, **kw)


def _assessment(episode: Episode, start: dt.date, seen: dt.date | None,
                authorised: dt.date | None, outcome: str) -> Assessment:
    now = timezone.now()
    return Assessment.objects.create(
        episode=episode, kind=AssessmentKind.SINGLE, started_on=start, child_seen_on=seen,
        completed_on=authorised, authorised_on=authorised, outcome=outcome,
        status=AssessmentStatus.AUTHORISED if authorised else AssessmentStatus.IN_PROGRESS,
        created_at=now, updated_at=now)


def _enquiry(episode: Episode, held: dt.date, completed: dt.date | None, outcome: str,
             worker: Staff) -> Section47:
    now = timezone.now()
    strategy = StrategyDiscussion.objects.create(
        episode=episode, held_on=held, section47=True, reasons="Injuries and an account",
        recorded_by=worker, recorded_at=now)
    return Section47.objects.create(episode=episode, strategy=strategy, started_on=held,
                                    completed_on=completed, outcome=outcome,
                                    created_at=now, updated_at=now)


def _conference(episode: Episode, kind: str, held: dt.date, category: str, *,
                section47: Section47 | None = None, plan: Plan | None = None,
                decision: str = ConferenceDecision.PLAN) -> Conference:
    now = timezone.now()
    return Conference.objects.create(
        episode=episode, kind=kind, section47=section47, plan=plan,
        scheduled_for=at(held, 14), status=ConferenceStatus.CLOSED, held_on=held,
        decision=decision, category=category, created_at=now, updated_at=now)


def _plan(episode: Episode, conference: Conference, start: dt.date, category: str,
          end: dt.date | None = None) -> Plan:
    now = timezone.now()
    return Plan.objects.create(episode=episode, kind=PlanKind.CHILD_PROTECTION,
                               conference=conference, category=category, started_on=start,
                               ended_on=end, created_at=now, updated_at=now)


def _ava(world, ava: Person) -> None:
    worker, now = world.social_worker, timezone.now()
    # 2023: an earlier plan, long ended.
    old = _episode(ava, None, D(2022, 12, 1), closed_on=D(2023, 9, 30), closure_reason="RC7")
    icpc = _conference(old, ConferenceKind.INITIAL, D(2023, 1, 10), "NEG")
    _plan(old, icpc, D(2023, 1, 10), "NEG", end=D(2023, 9, 1))
    # Seven months before the as-of date: assessed, no further action, closed.
    first = contact(worker, at(D(2026, 3, 15)), "6", [ava])
    before = _episode(ava, first, D(2026, 3, 15), closed_on=D(2026, 3, 31),
                      closure_reason="RC8")
    _assessment(before, D(2026, 3, 15), D(2026, 3, 16), D(2026, 3, 30), "nfa")
    # Five months before: the case still open on the as-of date.
    second = contact(worker, at(D(2026, 5, 15)), "6", [ava])
    episode = _episode(ava, second, D(2026, 5, 15), primary_need="N1", team=world.team_a,
                       worker=worker)
    _assessment(episode, D(2026, 5, 15), D(2026, 5, 18), D(2026, 6, 20), "cin_plan")
    enquiry = _enquiry(episode, D(2026, 5, 19), D(2026, 5, 26),
                       Section47Outcome.SUBSTANTIATED_CONFERENCE, worker)
    icpc = _conference(episode, ConferenceKind.INITIAL, D(2026, 6, 2), "PHY", section47=enquiry)
    # The review changed the category, as the service does on the plan itself.
    plan = _plan(episode, icpc, D(2026, 6, 2), "EMO")
    _conference(episode, ConferenceKind.REVIEW, D(2026, 8, 28), "EMO", plan=plan,
                decision=ConferenceDecision.CONTINUE)
    # Referred again while her case is open: part of that case, not a referral.
    contact(worker, at(D(2026, 7, 1)), "3A", [ava], decision="nfa")
    for day, alone in ((D(2026, 9, 30), True), (D(2026, 10, 10), False),
                       (D(2026, 10, 20), True)):
        Visit.objects.create(episode=episode, plan=plan, visited_on=day, child_seen=True,
                             seen_alone=alone, recorded_by=worker, recorded_at=now)


def _ben(world, ben: Person) -> None:
    episode = _episode(ben, None, D(2026, 7, 1), primary_need="N4", team=world.team_b,
                       closed_on=D(2026, 8, 1), closure_reason="RC7")
    _enquiry(episode, D(2026, 7, 2), D(2026, 7, 20), Section47Outcome.NOT_SUBSTANTIATED,
             world.social_worker)
    again = _episode(ben, None, D(2026, 9, 9), primary_need="N1", team=world.team_b)
    _enquiry(again, D(2026, 9, 10), None, "", world.social_worker)


def _fay(world, fay: Person) -> None:
    # Referred, and closed the next day with nothing done: no further action.
    _episode(fay, None, D(2026, 6, 10), closed_on=D(2026, 6, 11), closure_reason="RC7")


def _cara(world, cara: Person) -> None:
    early_help = AgencyFactory(name="Northbrook Early Help", kind=AgencyKind.EARLY_HELP)
    for start, end in ((D(2025, 9, 1), D(2026, 1, 10)), (D(2026, 6, 1), D(2026, 9, 15)),
                       (D(2026, 11, 1), None)):
        InvolvementFactory(person=cara, agency=early_help, started=start, ended=end,
                           role=InvolvementRole.LEAD_PROFESSIONAL)
    contact(world.social_worker, at(D(2026, 8, 3)), "2A", [
        cara, {"given_name": "Dan", "family_name": "Ward", "sex": "M",
               "date_of_birth": "2019-02-03"}], decision="early_help")


def _eve(world, eve: Person) -> None:
    sw = world.social_worker
    for moment in (at(D(2026, 4, 14), 23, 30), at(D(2026, 4, 15), 0, 30),
                   at(D(2026, 10, 15), 23, 30), at(D(2026, 10, 16), 0, 30)):
        contact(sw, moment, "9", [eve])
    contact(sw, at(D(2026, 6, 1)), "9", [eve], status=Status.DRAFT)


def build(world) -> History:
    ava = PersonFactory(given_name="Ava", family_name="Stone", sex="F",
                        date_of_birth=D(2016, 10, 16), ethnicity="WBRI", disabilities=["NONE"])
    ben = PersonFactory(given_name="Ben", family_name="Khan", sex="M",
                        date_of_birth=D(2012, 1, 5), ethnicity="APKN", la_child_id="LA0042",
                        disabilities=["AUT", "COMM"])
    cara = PersonFactory(given_name="Cara", family_name="Ward", sex="F",
                         date_of_birth=D(2015, 6, 1), ethnicity="NOBT")
    eve = PersonFactory(given_name="Eve", family_name="Moss", sex="U", date_of_birth=None)
    fay = PersonFactory(given_name="Fay", family_name="Lund", sex="F",
                        date_of_birth=D(2020, 2, 29))
    _ava(world, ava)
    _ben(world, ben)
    _cara(world, cara)
    _eve(world, eve)
    _fay(world, fay)
    return History(ava, ben, cara, eve, fay, world.social_worker)
