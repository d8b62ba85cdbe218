"""Building chronologies for tests with the models directly: agencies' entries and a whole
pathway (referral, episode, assessment, strategy discussion, enquiry, conference, plan,
core group, visits, a change of circumstances), dated relative to today."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from everychild.agencies.models import Agency, Staff
from everychild.casework.models import (
    Assessment,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    Category,
    ChangeKind,
    CircumstanceChange,
    Conference,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    CoreGroupMeeting,
    Episode,
    Plan,
    PlanKind,
    Rules,
    Section47,
    Section47Outcome,
    StrategyAttendee,
    StrategyDiscussion,
    Visit,
)
from everychild.chronology.models import ChronologyEntry
from everychild.core import clock
from everychild.people.models import Person
from everychild.referrals.models import Decision, DecisionStatus, Referral, ReferralPerson


def days_ago(n: int) -> dt.date:
    return clock.today() - dt.timedelta(days=n)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def entry(child: Person, by: Staff, *, on: dt.date | None = None, kind: str = "note",
          summary: str = "A note", detail: str = "", significance: str = "routine",
          sharing: str = "shared", agency: Agency | None = None, revision: int = 1,
          lineage: uuid.UUID | None = None, recorded_at: dt.datetime | None = None,
          **extra: Any) -> ChronologyEntry:
    on = on or days_ago(10)
    return ChronologyEntry.objects.create(
        lineage=lineage or uuid.uuid4(), revision=revision, child=child,
        agency=agency or by.agency, occurred_on=on, kind=kind, significance=significance,
        sharing=sharing, summary=summary, detail=detail, recorded_by=by,
        recorded_at=recorded_at or at(on, 12), **extra)


@dataclass
class Pathway:
    referral: Referral
    episode: Episode
    assessment: Assessment
    strategy: StrategyDiscussion
    enquiry: Section47
    conference: Conference
    plan: Plan
    core_group: CoreGroupMeeting
    seen_alone: Visit
    seen_with_mother: Visit
    change: CircumstanceChange


def pathway(world: Any, child: Person | None = None, *, start: int = 60) -> Pathway:
    """A referral from the school `start` days ago, through a child protection plan
    (neglect) to recent visits: the last one saw the child, but not alone."""
    child = child or world.child
    sw, tm, chair = (world.users["social_worker"], world.users["team_manager"],
                     world.users["conference_chair"])
    received = at(days_ago(start), 9)
    referral = Referral.objects.create(
        made_by=world.users["designated_safeguarding_lead"], status="complete",
        received_at=received, created_at=received, updated_at=received, source="2A",
        referrer_agency=world.school, referrer_name="Priya Hallam",
        concern="Amelia came to school hungry again and said she was alone at night.",
        significant_harm=True)
    ReferralPerson.objects.create(referral=referral, role="subject_child",
                                  given_name="Amelia", family_name="Osei", person=child,
                                  match_status="linked")
    Decision.objects.create(referral=referral, outcome="strategy_discussion",
                            reasons="Risk of significant harm", decided_by=sw,
                            decided_at=received, status=DecisionStatus.SIGNED_OFF,
                            reviewed_by=tm, reviewed_at=received)
    episode = Episode.objects.create(
        child=child, referral=referral, referral_date=days_ago(start), rules=Rules.WT2013,
        primary_need="N1", team=world.team_a, worker=sw, created_at=received,
        updated_at=received)
    assessment = Assessment.objects.create(
        episode=episode, kind=AssessmentKind.SINGLE, started_on=days_ago(start - 1),
        worker=sw, status=AssessmentStatus.AUTHORISED, completed_on=days_ago(start - 20),
        child_seen_on=days_ago(start - 2), child_views="Wants her mum to be home more",
        factors=["2B"], analysis="Neglect by the parent", outcome=AssessmentOutcome.CIN_PLAN,
        authorised_by=tm, authorised_on=days_ago(start - 19), created_at=received,
        updated_at=received)
    strategy = StrategyDiscussion.objects.create(
        episode=episode, held_on=days_ago(start - 1), section47=True,
        reasons="Secret police intelligence about the mother's partner",
        information_shared="Police hold intelligence", recorded_by=sw,
        recorded_at=at(days_ago(start - 1)))
    StrategyAttendee.objects.create(discussion=strategy, agency=world.police,
                                    name="DC Rowe", role="Investigator")
    StrategyAttendee.objects.create(discussion=strategy, agency=world.csc, staff=sw,
                                    name="Social worker")
    enquiry = Section47.objects.create(
        episode=episode, strategy=strategy, started_on=days_ago(start - 1),
        completed_on=days_ago(start - 10), outcome=Section47Outcome.SUBSTANTIATED_CONFERENCE,
        findings="Findings only social care should read", created_at=received,
        updated_at=received)
    held = days_ago(start - 20)
    conference = Conference.objects.create(
        episode=episode, kind=ConferenceKind.INITIAL, section47=enquiry,
        scheduled_for=at(held), chair=chair, status=ConferenceStatus.CLOSED, held_on=held,
        decision=ConferenceDecision.PLAN, category=Category.NEGLECT,
        decision_reasons="Reasons minuted by the chair", created_at=received,
        updated_at=at(held))
    plan = Plan.objects.create(
        episode=episode, kind=PlanKind.CHILD_PROTECTION, conference=conference,
        category=Category.NEGLECT, started_on=held, key_worker=sw, created_at=at(held),
        updated_at=at(held))
    core_group = CoreGroupMeeting.objects.create(
        plan=plan, held_on=days_ago(start - 27), notes="Core group notes for casework",
        plan_working=True, recorded_by=sw, recorded_at=at(days_ago(start - 27)))
    seen_alone = Visit.objects.create(
        episode=episode, plan=plan, visited_on=days_ago(start - 40), child_seen=True,
        seen_alone=True, note="Visit note: spoke with Amelia in her room", recorded_by=sw,
        recorded_at=at(days_ago(start - 40)))
    seen_with_mother = Visit.objects.create(
        episode=episode, plan=plan, visited_on=days_ago(start - 50), child_seen=True,
        seen_alone=False, note="Mother would not leave the room", recorded_by=sw,
        recorded_at=at(days_ago(start - 50)))
    change = CircumstanceChange.objects.create(
        episode=episode, kind=ChangeKind.NEW_ADULT,
        summary="The mother's new partner has moved in", occurred_on=days_ago(start - 45),
        agencies_told=[world.school.pk], recorded_by=sw, recorded_at=at(days_ago(start - 45)))
    return Pathway(referral, episode, assessment, strategy, enquiry, conference, plan,
                   core_group, seen_alone, seen_with_mother, change)
