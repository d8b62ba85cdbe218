"""Reads of a child's conferences: the chair's page, a partner's view of their own
invitation, and what arranging a conference needs to offer.

Every read checks the action against the child's record first, then finds the conference
among that child's only (another child's id is simply not found), and audits the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike
from everychild.agencies.models import Agency, Staff
from everychild.core.errors import AccessDenied, NotFound
from everychild.people.models import Involvement, Person
from everychild.people.relationships import relationships_to_person
from everychild.people.selectors import person_get

from ..models import (
    Conference,
    ConferenceInvitee,
    ConferenceKind,
    ConferenceStatus,
    Dissent,
    Episode,
    InviteeKind,
    MinutesAmendment,
    Plan,
    Section47,
    Section47Outcome,
)
from ..timescales import DueItem
from .plans import due_items, family_of, staff_name

CHAIR_ACTIONS = ("conference.chair", "conference.schedule", "conference.contribute",
                 "plan.view")


def allowed(actor: StaffLike, child: Person, actions: tuple[str, ...]) -> set[str]:
    """Which of these the actor may do for this child (so a page offers only those)."""
    if child.sealed and not policy.role_sees_sealed(actor.role):
        return set()
    rels = relationships_to_person(actor, child)
    return {a for a in actions if policy.allows(actor.role, a, relationships=rels)}


def open_episode(child: Person) -> Episode | None:
    return Episode.objects.filter(child=child, closed_on__isnull=True).first()


def view_audit(actor: StaffLike, child: Person, action: str, **detail: object) -> None:
    audit_record(actor=actor, action=action, target_type="person", target_id=child.ref,
                 detail=detail)


def conference_get(*, actor: StaffLike, ref: object, conference_id: int,
                   action: str = "casework.view") -> Conference:
    """One of the child's conferences, if the actor may do `action` to the child."""
    child = person_get(actor=actor, ref=ref, action=action)
    conference = (Conference.objects.filter(pk=conference_id, episode__child=child)
                  .select_related("episode", "episode__child", "chair", "plan").first())
    if conference is None:
        raise NotFound("No conference was found")
    return conference


def invitee_of_agency(actor: StaffLike, conference: Conference, invitee_id: int, *,
                      lock: bool = False) -> ConferenceInvitee:
    """An agency's invitation, for that agency's staff only: another agency's report is
    not theirs to write, share or question."""
    rows = ConferenceInvitee.objects.filter(conference=conference, pk=invitee_id)
    # Locking only the invitation's row: PostgreSQL cannot lock the outer-joined agency.
    invitee = (rows.select_for_update(of=("self",)) if lock else rows).select_related(
        "agency").first()
    if invitee is None:
        raise NotFound("That invitation is not for this conference")
    if invitee.kind != InviteeKind.AGENCY or invitee.agency_id != actor.agency_id:
        raise AccessDenied("This invitation is for another agency")
    return invitee


@dataclass
class ConferencePage:
    conference: Conference
    child: Person
    invitees: list[ConferenceInvitee]
    dissents: list[Dissent]
    amendments: list[MinutesAmendment]
    plan_made: Plan | None
    due: DueItem | None
    may: set[str] = field(default_factory=set)

    @property
    def agencies(self) -> list[ConferenceInvitee]:
        return [i for i in self.invitees if i.kind == InviteeKind.AGENCY]

    @property
    def family(self) -> list[ConferenceInvitee]:
        return [i for i in self.invitees if i.kind != InviteeKind.AGENCY]

    @property
    def reports_missing(self) -> list[ConferenceInvitee]:
        return [i for i in self.agencies if i.report_submitted_at is None]

    @property
    def reports_unshared(self) -> list[ConferenceInvitee]:
        return [i for i in self.agencies if i.report_submitted_at is not None
                and i.report_shared_with_family_at is None]

    @property
    def attendance_missing(self) -> list[ConferenceInvitee]:
        return [i for i in self.invitees if not i.attendance]

    @property
    def without_email(self) -> list[ConferenceInvitee]:
        return [i for i in self.invitees if not i.email]


def _due_for(conference: Conference) -> DueItem | None:
    items = due_items(conference.episode)
    if conference.kind == ConferenceKind.INITIAL:
        rules: tuple[str, ...] = ("strategy_to_icpc",)
        subject = None
    else:
        rules, subject = ("first_review", "later_review"), conference.plan_id
    mine = [i for i in items if i.rule in rules and (subject is None or i.subject_id == subject)]
    if conference.held_on is not None:
        done = [i for i in mine if i.done_on == conference.held_on]
        return done[0] if done else None
    open_items = [i for i in mine if i.is_open]
    return open_items[0] if open_items else None


def conference_page(*, actor: StaffLike, ref: object, conference_id: int) -> ConferencePage:
    """Everything about one conference, for the chair and social care. Audited."""
    conference = conference_get(actor=actor, ref=ref, conference_id=conference_id)
    child = conference.episode.child
    view_audit(actor, child, "casework.view", conference=conference.pk)
    return ConferencePage(
        conference=conference, child=child,
        invitees=list(conference.invitees.select_related("agency", "staff", "person")),
        dissents=list(conference.dissents.select_related("agency", "recorded_by")),
        amendments=list(conference.amendments.select_related(
            "invitee", "requested_by", "responded_by")),
        plan_made=conference.plans_made.first(), due=_due_for(conference),
        may=allowed(actor, child, CHAIR_ACTIONS))


@dataclass
class InvitationPage:
    conference: Conference
    child: Person
    invitee: ConferenceInvitee
    amendments: list[MinutesAmendment]

    @property
    def minutes_sent(self) -> bool:
        return self.conference.status == ConferenceStatus.CLOSED


def invitation_page(*, actor: StaffLike, ref: object, conference_id: int,
                    invitee_id: int, audit: bool = True) -> InvitationPage:
    """An agency's own invitation: when and where, its report, and (once sent) the
    minutes with its amendment requests. For that agency's staff only."""
    conference = conference_get(actor=actor, ref=ref, conference_id=conference_id,
                                action="conference.contribute")
    invitee = invitee_of_agency(actor, conference, invitee_id)
    child = conference.episode.child
    if audit:
        view_audit(actor, child, "conference.invitation_view", conference=conference.pk,
                   invitee=invitee.pk)
    return InvitationPage(conference, child, invitee, list(
        conference.amendments.filter(invitee=invitee).select_related("responded_by")))


# ------------------------------------------------------------------ arranging
@dataclass
class ScheduleOptions:
    child: Person
    episode: Episode | None
    enquiry: Section47 | None
    blocked: str  # why a conference cannot be arranged now ("" when it can)
    due: DueItem | None
    involved: list[tuple[Agency, str]]  # each involved agency, and who will be invited
    other_agencies: list[tuple[int, str]]
    family: list[tuple[Person, bool]]  # everyone who may be invited, and whether a carer
    chairs: list[tuple[int, str]]


def chair_choices() -> list[tuple[int, str]]:
    roles = [r for r in policy.policy().roles if policy.role_may_ever(r, "conference.chair")]
    return _staff_choices(roles)


def key_worker_choices() -> list[tuple[int, str]]:
    roles = [r for r in policy.policy().roles if policy.role_may_ever(r, "visit.record")]
    return _staff_choices(roles)


def _staff_choices(roles: list[str]) -> list[tuple[int, str]]:
    staff = (Staff.objects.filter(role__in=roles, is_active=True).select_related("agency")
             .order_by("last_name", "first_name", "pk"))
    return [(s.pk, f"{staff_name(s)}, {s.agency.name}") for s in staff]


def involved_agencies(child: Person) -> list[tuple[Agency, str]]:
    rows = (Involvement.objects.filter(person=child, ended__isnull=True)
            .select_related("agency", "staff").order_by("agency__name", "started", "pk"))
    found: dict[int, tuple[Agency, str]] = {}
    for inv in rows:
        who = staff_name(inv.staff) if inv.staff else ""
        if inv.agency_id not in found or (who and not found[inv.agency_id][1]):
            found[inv.agency_id] = (inv.agency, who)
    return list(found.values())


def _family(child: Person) -> list[tuple[Person, bool]]:
    return sorted(family_of(child).values(),
                  key=lambda f: (not f[1], f[0].family_name, f[0].given_name, f[0].pk))


def schedule_options(*, actor: StaffLike, ref: object, plan: Plan | None = None,
                     audit: bool = True) -> ScheduleOptions:
    """What the form arranging a conference offers: for an initial conference (no plan)
    the enquiry it follows, or for a review the plan, and who may be invited."""
    child = person_get(actor=actor, ref=ref, action="conference.schedule")
    if audit:
        view_audit(actor, child, "casework.view", page="conference-schedule")
    episode = plan.episode if plan is not None else open_episode(child)
    enquiry, blocked, due = None, "", None
    items = due_items(episode) if episode is not None else []
    if episode is None:
        blocked = "The child has no open episode: a conference is arranged within one"
    elif plan is not None:
        if plan.ended_on is not None:
            blocked = "The plan has ended"
        due = next((i for i in items if i.rule in ("first_review", "later_review")
                    and i.subject_id == plan.pk and i.is_open), None)
    else:
        enquiry = (Section47.objects.filter(
            episode=episode, completed_on__isnull=False,
            outcome=Section47Outcome.SUBSTANTIATED_CONFERENCE)
            .order_by("-completed_on", "-pk").first())
        if enquiry is None:
            blocked = ("An initial child protection conference can only be arranged once a "
                       "section 47 enquiry has concluded that the child is at continuing "
                       "risk of significant harm")
        due = next((i for i in items if i.rule == "strategy_to_icpc" and i.is_open), None)
    involved = involved_agencies(child)
    involved_ids = {a.pk for a, _ in involved}
    others = [(a.pk, a.name) for a in Agency.objects.filter(active=True).order_by("name")
              if a.pk not in involved_ids]
    return ScheduleOptions(child, episode, enquiry, blocked, due, involved, others,
                           _family(child), chair_choices())


def conferences_of_child(*, actor: StaffLike, ref: object) -> tuple[Person, list[Conference]]:
    """Every conference about the child, in date order. Audited as a view."""
    child = person_get(actor=actor, ref=ref, action="casework.view")
    view_audit(actor, child, "casework.view", conferences="list")
    return child, list(Conference.objects.filter(episode__child=child)
                       .select_related("chair").order_by("scheduled_for", "pk"))
