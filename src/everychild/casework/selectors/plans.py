"""Reads of a child's plans: the plan page (key worker, core group, actions and their
progress, core group meetings, visits, what is due), and the family and due dates the
conference and plan services work from.

Like every casework read, access is judged against the child's record first; a plan is
looked for only among that child's plans; a page read is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q

from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Staff
from everychild.core.errors import NotFound
from everychild.people.models import (
    HouseholdMembership,
    Involvement,
    MemberRole,
    Person,
    PersonKind,
    Relationship,
    RelationshipKind,
)
from everychild.people.selectors import person_get

from ..models import (
    ActionProgress,
    Conference,
    ConferenceKind,
    ConferenceStatus,
    CoreGroupMeeting,
    CoreGroupMember,
    Episode,
    Plan,
    PlanAction,
    Visit,
)
from ..timescales import DueItem
from .facts import due_items_for

# Who counts as a parent or carer: invited by default, and a core group member.
CARER_KINDS = frozenset({RelationshipKind.PARENT, RelationshipKind.STEP_PARENT,
                         RelationshipKind.FOSTER_CARER, RelationshipKind.SPECIAL_GUARDIAN})
PLAN_PAGE_ACTIONS = ("plan.manage", "plan.progress", "conference.schedule", "visit.record",
                     "casework.view")


def staff_name(staff: Any) -> str:
    full = getattr(staff, "get_full_name", None)
    return (full() if callable(full) else "") or staff.username


# ------------------------------------------------------------------ the family
def family_of(child: Person) -> dict[int, tuple[Person, bool]]:
    """The child's family as a conference knows it: everyone living with the child and
    everyone with an open relationship to them (sealed people never), each with whether
    they are a parent or carer. Keyed by person id."""
    homes = HouseholdMembership.objects.filter(person=child, ended__isnull=True).values(
        "household_id")
    found: dict[int, tuple[Person, bool]] = {}

    def add(person: Person, carer: bool) -> None:
        if not person.sealed:
            found[person.pk] = (person, carer or found.get(person.pk, (person, False))[1])

    for m in (HouseholdMembership.objects.filter(household_id__in=homes, ended__isnull=True)
              .exclude(person=child).select_related("person")):
        add(m.person, m.role == MemberRole.PARENT and m.person.kind == PersonKind.ADULT)
    for rel in (Relationship.objects.filter(Q(person=child) | Q(related=child),
                                            ended__isnull=True)
                .select_related("person", "related")):
        other = rel.person if rel.related_id == child.pk else rel.related
        # "X is the child's parent" is kept with X as `person`.
        add(other, rel.person_id == other.pk and rel.kind in CARER_KINDS)
    return found


def plan_staff_choices(child: Person, actor: StaffLike) -> list[tuple[int, str]]:
    """Workers a plan's forms offer (core group members, action owners): the staff of
    the agencies working with the child, and of the actor's own agency, by agency and
    name, in one query. Another agency's worker is offered once their agency is added."""
    involved = Involvement.objects.filter(person=child, ended__isnull=True).values("agency_id")
    staff = (Staff.objects.filter(Q(agency_id__in=involved) | Q(agency_id=actor.agency_id),
                                  is_active=True, agency__active=True)
             .select_related("agency").order_by("agency__name", "last_name", "first_name", "pk"))
    return [(s.pk, f"{staff_name(s)}, {s.agency.name}") for s in staff]


def parents_of(child: Person) -> list[Person]:
    return sorted((p for p, carer in family_of(child).values() if carer),
                  key=lambda p: (p.family_name, p.given_name, p.pk))


# ------------------------------------------------------------------ due dates
def due_items(episode: Episode) -> list[DueItem]:
    return due_items_for([episode]).get(episode.pk, [])


def open_due(episode: Episode, rules: tuple[str, ...], subject_id: int | None = None
             ) -> DueItem | None:
    """The first open due item under one of these rules (for one plan, if given)."""
    for item in due_items(episode):
        if item.rule in rules and item.is_open and (subject_id is None
                                                    or item.subject_id == subject_id):
            return item
    return None


def default_visit_interval() -> int:
    return int(settings.EVERYCHILD_VISIT_INTERVAL_WORKING_DAYS)


def visit_interval(plan: Plan) -> int:
    return plan.visit_interval_working_days or default_visit_interval()


# ------------------------------------------------------------------ one plan
def plan_get(*, actor: StaffLike, ref: object, plan_id: int, action: str = "plan.view") -> Plan:
    """One of the child's plans, if the actor may do `action` to the child."""
    child = person_get(actor=actor, ref=ref, action=action)
    plan = (Plan.objects.filter(pk=plan_id, episode__child=child)
            .select_related("episode", "episode__child", "key_worker", "conference").first())
    if plan is None:
        raise NotFound("No plan was found")
    return plan


@dataclass
class PlanPage:
    plan: Plan
    child: Person
    members: list[CoreGroupMember]
    actions: list[PlanAction]
    meetings: list[CoreGroupMeeting]  # newest first
    visits: list[Visit]  # newest first
    due: list[DueItem]
    conferences: list[Conference]  # the one that made the plan, then its reviews
    may: set[str] = field(default_factory=set)
    reconvene_prompt: CoreGroupMeeting | None = None
    interval: int = 10

    @property
    def current_members(self) -> list[CoreGroupMember]:
        return [m for m in self.members if m.left_on is None]

    @property
    def past_members(self) -> list[CoreGroupMember]:
        return [m for m in self.members if m.left_on is not None]

    @property
    def open_due(self) -> list[DueItem]:
        return [i for i in self.due if i.is_open]

    @property
    def last_seen_alone(self) -> dt.date | None:
        return next((v.visited_on for v in self.visits if v.seen_alone), None)

    @property
    def review_pending(self) -> Conference | None:
        return next((c for c in self.conferences if c.kind == ConferenceKind.REVIEW
                     and c.status == ConferenceStatus.SCHEDULED), None)


def plan_visits(plan: Plan) -> list[Visit]:
    """Visits counted for the plan: those naming it, and any made while it was open."""
    during = Q(plan__isnull=True, visited_on__gte=plan.started_on)
    if plan.ended_on is not None:
        during &= Q(visited_on__lte=plan.ended_on)
    return list(Visit.objects.filter(Q(plan=plan) | during, episode_id=plan.episode_id)
                .select_related("recorded_by").order_by("-visited_on", "-pk"))


def _reconvene_prompt(meetings: list[CoreGroupMeeting], conferences: list[Conference]
                      ) -> CoreGroupMeeting | None:
    """The latest core group found the plan not working, and no review has been held or
    arranged since: reconvening a review conference should be considered."""
    if not meetings or meetings[0].plan_working:
        return None
    latest = meetings[0]
    since = [c for c in conferences if c.kind == ConferenceKind.REVIEW
             and c.status != ConferenceStatus.CANCELLED
             and (c.status == ConferenceStatus.SCHEDULED
                  or (c.held_on is not None and c.held_on >= latest.held_on))]
    return None if since else latest


def plan_page(*, actor: StaffLike, ref: object, plan_id: int) -> PlanPage:
    """Everything about one plan. Audited as a view of the child's plan."""
    from .conferences import allowed

    plan = plan_get(actor=actor, ref=ref, plan_id=plan_id)
    child = plan.episode.child
    audit_record(actor=actor, action="plan.view", target_type="person", target_id=child.ref,
                 detail={"plan": plan.pk})
    progress = Prefetch("progress", queryset=ActionProgress.objects.select_related(
        "recorded_by").order_by("recorded_at", "pk"))
    actions = list(plan.actions.select_related("owner_agency", "owner_staff")
                   .prefetch_related(progress).order_by("status", "due_on", "pk"))
    meetings = list(plan.core_groups.select_related("recorded_by").order_by("-held_on", "-pk"))
    conferences = list(Conference.objects.filter(Q(plan=plan) | Q(plans_made=plan))
                       .distinct().order_by("scheduled_for", "pk"))
    due = [i for i in due_items(plan.episode) if i.subject_id == plan.pk
           and i.key.startswith(f"plan:{plan.pk}:")]
    may = allowed(actor, child, PLAN_PAGE_ACTIONS)
    visits = plan_visits(plan)
    if "casework.view" not in may:
        _without_casework_detail(plan, meetings, visits)
    return PlanPage(
        plan=plan, child=child,
        members=list(plan.members.select_related("agency", "staff", "person")
                     .order_by("left_on", "joined_on", "pk")),
        actions=actions, meetings=meetings, visits=visits, due=due,
        conferences=conferences, may=may,
        reconvene_prompt=_reconvene_prompt(meetings, conferences),
        interval=visit_interval(plan))


def _without_casework_detail(plan: Plan, meetings: list[CoreGroupMeeting],
                             visits: list[Visit]) -> None:
    """Partners who may see the plan but not social care's casework read its milestones
    without the reasons and notes (decision 0011): why the plan ended, what a core group
    noted, what a visit found or why the child was not seen. Blanked on these rows, read
    for this page only and never saved, so neither the page nor the API can show them."""
    plan.end_reason = ""
    for meeting in meetings:
        meeting.notes = ""
    for visit in visits:
        visit.note = visit.not_seen_reason = ""


def plans_of_child(*, actor: StaffLike, ref: object) -> tuple[Person, list[Plan]]:
    """Every plan the child has had, newest first. Audited as a view."""
    child = person_get(actor=actor, ref=ref, action="plan.view")
    audit_record(actor=actor, action="plan.view", target_type="person", target_id=child.ref,
                 detail={"plans": "list"})
    return child, list(Plan.objects.filter(episode__child=child)
                       .select_related("key_worker").order_by("-started_on", "-pk"))


def episode_for_visit(*, actor: StaffLike, ref: object, audit: bool = True
                      ) -> tuple[Person, Episode | None]:
    """The child and their open episode, for recording a visit."""
    child = person_get(actor=actor, ref=ref, action="visit.record")
    if audit:
        visit_page_audit(actor=actor, child=child)
    return child, Episode.objects.filter(child=child, closed_on__isnull=True).first()


def visit_page_audit(*, actor: StaffLike, child: Person) -> None:
    audit_record(actor=actor, action="casework.view", target_type="person",
                 target_id=child.ref, detail={"page": "visit-record"})
