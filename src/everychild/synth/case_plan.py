"""One child's casework before it is written: an episode and the pathway inside it.

Specs refer to each other as Python objects (a review names the plan it reviews, a
section 47 enquiry the strategy discussion that started it); the writer counts out
primary keys in advance and fills `pk` on each as it writes, so the rows can name one
another without reading anything back. People are indices into the household plan.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class AssessmentSpec:
    kind: str
    started_on: dt.date
    worker: int
    status: str = "in_progress"
    completed_on: dt.date | None = None
    child_seen_on: dt.date | None = None
    child_not_seen_reason: str = ""
    child_views: str = ""
    factors: list[str] = field(default_factory=list)
    analysis: str = ""
    outcome: str = ""
    late_reason: str = ""
    authorised_by: int | None = None
    authorised_on: dt.date | None = None
    version: int = 1


@dataclass(slots=True)
class AttendeeSpec:
    agency: int
    staff: int | None
    name: str
    role: str


@dataclass(slots=True)
class StrategySpec:
    held_on: dt.date
    information_shared: str
    section47: bool
    reasons: str
    recorded_by: int
    attendees: list[AttendeeSpec] = field(default_factory=list)
    pk: int = 0


@dataclass(slots=True)
class Section47Spec:
    strategy: StrategySpec
    started_on: dt.date
    completed_on: dt.date | None = None
    outcome: str = ""
    findings: str = ""
    version: int = 1
    pk: int = 0


@dataclass(slots=True)
class InviteeSpec:
    kind: str
    name: str
    invited_at: dt.datetime
    agency: int | None = None
    staff: int | None = None
    person: int | None = None  # index in the household plan
    email: str = ""
    report: str = ""
    report_submitted_at: dt.datetime | None = None
    report_shared_at: dt.datetime | None = None
    attendance: str = ""
    minutes_sent_at: dt.datetime | None = None
    pk: int = 0


@dataclass(slots=True)
class DissentSpec:
    agency: int
    invitee: InviteeSpec | None
    view: str
    recorded_by: int
    recorded_at: dt.datetime


@dataclass(slots=True)
class AmendmentSpec:
    invitee: InviteeSpec | None
    requested_by: int | None
    requested_at: dt.datetime
    request: str
    status: str
    response: str = ""
    responded_by: int | None = None
    responded_at: dt.datetime | None = None


@dataclass(slots=True)
class ConferenceSpec:
    kind: str
    scheduled_for: dt.datetime
    venue: str
    chair: int
    section47: Section47Spec | None = None
    plan: PlanSpec | None = None
    reconvened: bool = False
    reconvene_reason: str = ""
    status: str = "scheduled"
    held_on: dt.date | None = None
    decision: str = ""
    category: str = ""
    decision_reasons: str = ""
    first_core_group_on: dt.date | None = None
    next_review_on: dt.date | None = None
    minutes: str = ""
    minutes_sent_at: dt.datetime | None = None
    late_reason: str = ""
    unshared_reports_reason: str = ""
    version: int = 1
    created_at: dt.datetime | None = None
    invitees: list[InviteeSpec] = field(default_factory=list)
    dissents: list[DissentSpec] = field(default_factory=list)
    amendments: list[AmendmentSpec] = field(default_factory=list)
    pk: int = 0


@dataclass(slots=True)
class MemberSpec:
    name: str
    role: str
    joined_on: dt.date
    agency: int | None = None
    staff: int | None = None
    person: int | None = None
    left_on: dt.date | None = None


@dataclass(slots=True)
class ActionSpec:
    description: str
    outcome_sought: str
    owner_name: str
    due_on: dt.date
    created_on: dt.date
    owner_agency: int | None = None
    owner_staff: int | None = None
    status: str = "open"
    completed_on: dt.date | None = None
    # (note, recorded by, recorded at)
    progress: list[tuple[str, int, dt.datetime]] = field(default_factory=list)


@dataclass(slots=True)
class MeetingSpec:
    held_on: dt.date
    attendees: list[str]
    notes: str
    plan_working: bool
    recorded_by: int


@dataclass(slots=True)
class VisitSpec:
    visited_on: dt.date
    child_seen: bool
    seen_alone: bool
    recorded_by: int
    plan: PlanSpec | None = None
    not_seen_reason: str = ""
    note: str = ""


@dataclass(slots=True)
class PlanSpec:
    kind: str
    started_on: dt.date
    key_worker: int | None
    conference: ConferenceSpec | None = None
    category: str = ""
    ended_on: dt.date | None = None
    end_reason: str = ""
    outcomes: str = ""
    version: int = 1
    members: list[MemberSpec] = field(default_factory=list)
    actions: list[ActionSpec] = field(default_factory=list)
    meetings: list[MeetingSpec] = field(default_factory=list)
    pk: int = 0


@dataclass(slots=True)
class ChangeSpec:
    kind: str
    summary: str
    occurred_on: dt.date
    agencies_told: list[int]
    recorded_by: int


@dataclass(slots=True)
class EpisodeSpec:
    child: int  # index in the household plan
    referral: Any  # the ReferralSpec it opened from, or None (before the window)
    referral_date: dt.date
    rules: str
    team: int
    worker: int
    primary_need: str = "N0"
    closed_on: dt.date | None = None
    closure_reason: str = ""
    closure_note: str = ""
    version: int = 1
    updated_on: dt.date | None = None
    ref: uuid.UUID | None = None
    assessments: list[AssessmentSpec] = field(default_factory=list)
    strategies: list[StrategySpec] = field(default_factory=list)
    enquiries: list[Section47Spec] = field(default_factory=list)
    conferences: list[ConferenceSpec] = field(default_factory=list)
    plans: list[PlanSpec] = field(default_factory=list)
    visits: list[VisitSpec] = field(default_factory=list)
    changes: list[ChangeSpec] = field(default_factory=list)
    # Who held the case when: (worker, team key, from); the police officer who joined at
    # the strategy discussion, and when. Both become involvements, so access follows.
    allocations: list[tuple[int, str, dt.date]] = field(default_factory=list)
    police: tuple[int, dt.date] | None = None
    anchored: bool = False  # the open case the people generator gave the child

    @property
    def last_day(self) -> dt.date:
        """The latest day anything in the episode happened on."""
        days = [self.referral_date]
        days += [a.completed_on or a.started_on for a in self.assessments]
        days += [s.held_on for s in self.strategies]
        days += [e.completed_on or e.started_on for e in self.enquiries]
        days += [c.held_on or c.scheduled_for.date() for c in self.conferences]
        days += [p.ended_on or p.started_on for p in self.plans]
        days += [v.visited_on for v in self.visits]
        return max(days)


@dataclass(slots=True)
class EntrySpec:
    """A partner agency's chronology entry about a child."""

    child: int
    agency: int
    occurred_on: dt.date
    kind: str
    significance: str
    sharing: str
    summary: str
    detail: str
    recorded_by: int
    recorded_at: dt.datetime
    lineage: uuid.UUID
    correction: str = ""  # why a second revision replaced the first, if one did
