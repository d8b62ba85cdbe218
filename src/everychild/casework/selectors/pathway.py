"""Reads of a child's pathway: the case page (every episode with its assessments,
strategy discussions, enquiries, changes and due dates), and the single records the
forms work on, each found only within the child named in the URL.

Access is decided against the child's record (`person_get`): a sealed child is not found
by a role without the sealed grant, and a role the policy refuses gets AccessDenied.
Every read that shows the record is audited as `casework.view`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import Access, StaffLike, check_action
from everychild.agencies.models import Staff, Team
from everychild.core import clock
from everychild.core.errors import NotFound
from everychild.people.models import Person
from everychild.people.selectors import person_access, person_get

from ..models import (
    Assessment,
    AssessmentOutcome,
    AssessmentStatus,
    CircumstanceChange,
    ClosureReason,
    Conference,
    ConferenceStatus,
    Episode,
    Plan,
    ProcedureChoice,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
)
from ..services.assessments import kinds_startable
from ..services.closure import closure_blockers
from ..services.episodes import WORKER_ACTION
from ..services.strategy import health_attended
from ..timescales import DueItem
from .facts import due_items_for

VIEW = "casework.view"
# What the case page may offer, each only where the policy allows it on this child.
PATHWAY_ACTIONS = ("casework.allocate", "assessment.record", "assessment.authorise",
                   "strategy.record", "casework.close", "circumstance.record",
                   "conference.schedule", "plan.manage", "visit.record")
# An assessment ending in these, with no other work open, may close the case.
CLOSURE_AFTER = {AssessmentOutcome.NFA: ClosureReason.RC8,
                 AssessmentOutcome.EARLY_HELP: ClosureReason.RC9}


def _audit_view(actor: StaffLike, child: Person, access: Access, **detail: Any) -> None:
    audit_record(actor=actor, action=VIEW, target_type="person", target_id=child.ref,
                 detail={"via": access.via, **detail})


# ------------------------------------------------------------------ one record at a time
def shown(*, actor: StaffLike, child: Person, action: str = VIEW) -> None:
    """Audit a page that shows the child's stored casework, as a read. Pages call it as
    they render, whatever the method: a form posted with a mistake is shown again with
    the record, and that is a read as much as the first GET was."""
    _audit_view(actor, child, person_access(actor=actor, person=child, action=action),
                **({"for": action} if action != VIEW else {}))


def case_child(*, actor: StaffLike, ref: object, action: str = VIEW,
               audit_view: bool = False) -> Person:
    """The child, if the actor may do `action` on their casework."""
    child = person_get(actor=actor, ref=ref, action=action)
    if audit_view:
        shown(actor=actor, child=child, action=action)
    return child


def _found(row: Any, what: str) -> Any:
    if row is None:
        raise NotFound(f"No {what} was found")
    return row


def episode_get(*, actor: StaffLike, ref: object, episode_id: int, action: str = VIEW,
                audit_view: bool = False) -> Episode:
    child = case_child(actor=actor, ref=ref, action=action, audit_view=audit_view)
    episode = _found(Episode.objects.filter(child=child, pk=episode_id)
                     .select_related("child", "team", "worker").first(), "case")
    return episode


def assessment_get(*, actor: StaffLike, ref: object, assessment_id: int, action: str = VIEW,
                   audit_view: bool = False) -> Assessment:
    child = case_child(actor=actor, ref=ref, action=action, audit_view=audit_view)
    return _found(Assessment.objects.filter(episode__child=child, pk=assessment_id)
                  .select_related("episode", "episode__child", "worker", "authorised_by")
                  .first(), "assessment")


def strategy_get(*, actor: StaffLike, ref: object, strategy_id: int, action: str = VIEW,
                 audit_view: bool = False) -> StrategyDiscussion:
    child = case_child(actor=actor, ref=ref, action=action, audit_view=audit_view)
    return _found(StrategyDiscussion.objects.filter(episode__child=child, pk=strategy_id)
                  .select_related("episode", "episode__child", "recorded_by")
                  .prefetch_related(Prefetch("attendees", StrategyAttendee.objects
                                             .select_related("agency").order_by("pk")),
                                    "enquiries").first(), "strategy discussion")


def enquiry_get(*, actor: StaffLike, ref: object, enquiry_id: int, action: str = VIEW,
                audit_view: bool = False) -> Section47:
    child = case_child(actor=actor, ref=ref, action=action, audit_view=audit_view)
    return _found(Section47.objects.filter(episode__child=child, pk=enquiry_id)
                  .select_related("episode", "episode__child", "strategy").first(),
                  "section 47 enquiry")


# ------------------------------------------------------------------ the case page
@dataclass
class EpisodeView:
    episode: Episode
    assessments: list[Assessment]
    strategy_discussions: list[StrategyDiscussion]
    enquiries: list[Section47]
    changes: list[CircumstanceChange]
    due: list[DueItem]
    open_plans: list[Plan]
    startable: list[str] = field(default_factory=list)  # kinds of assessment
    blockers: list[str] = field(default_factory=list)  # what stops closure
    closure_offer: str = ""  # a census reason the last assessment suggests, or ""
    without_health: set[int] = field(default_factory=set)  # discussions health missed

    @property
    def is_open(self) -> bool:
        return self.episode.closed_on is None

    @property
    def open_due(self) -> list[DueItem]:
        return [i for i in self.due if i.is_open]

    @property
    def open_enquiry(self) -> Section47 | None:
        return next((q for q in self.enquiries if q.completed_on is None), None)


@dataclass
class CaseView:
    child: Person
    access: Access
    episodes: list[EpisodeView]
    allowed: frozenset[str]

    @property
    def open_episode(self) -> EpisodeView | None:
        return next((e for e in self.episodes if e.is_open), None)

    def may(self, action: str) -> bool:
        return action in self.allowed


def _closure_offer(view: EpisodeView) -> str:
    """RC8 or RC9 when the latest assessment ended in no further action or early help and
    nothing else is open: offered on the page, never done for the user."""
    episode = view.episode
    if not view.is_open or view.blockers or view.open_plans or not view.assessments:
        return ""
    if any(c.status == ConferenceStatus.SCHEDULED for c in episode.conferences.all()):
        return ""
    last = view.assessments[-1]
    if last.status == AssessmentStatus.IN_PROGRESS:
        return ""
    later_strategy = any(s.held_on > (last.completed_on or last.started_on)
                         for s in view.strategy_discussions)
    reason = CLOSURE_AFTER.get(AssessmentOutcome(last.outcome)) if last.outcome else None
    return str(reason.value) if reason and not later_strategy else ""


def _episode_view(episode: Episode, due: list[DueItem]) -> EpisodeView:
    """One episode's part of the page, from the rows `_with_records` prefetched: what
    may start and what stops closure are worked out from them, not asked again."""
    view = EpisodeView(
        episode=episode,
        assessments=list(episode.assessments.all()),
        strategy_discussions=list(episode.strategy_discussions.all()),
        enquiries=list(episode.enquiries.all()),
        changes=list(episode.changes.all()),
        due=due,
        open_plans=sorted((p for p in episode.plans.all() if p.ended_on is None),
                          key=lambda p: p.pk),
    )
    if view.is_open:
        view.startable = kinds_startable(episode)
        view.blockers = closure_blockers(episode)
        view.closure_offer = _closure_offer(view)
    view.without_health = {s.pk for s in view.strategy_discussions if not health_attended(s)}
    return view


def _with_records(episodes: QuerySet[Episode]) -> QuerySet[Episode]:
    """Episodes with every record the case page shows read alongside, a query per kind
    of record: the page costs the same whether the child has one episode or twenty."""
    return episodes.select_related("team", "worker", "referral").prefetch_related(
        Prefetch("assessments", Assessment.objects.select_related("worker", "authorised_by")
                 .order_by("started_on", "pk")),
        Prefetch("strategy_discussions", StrategyDiscussion.objects
                 .select_related("recorded_by").order_by("held_on", "pk")
                 .prefetch_related(Prefetch("attendees", StrategyAttendee.objects
                                            .select_related("agency").order_by("pk")))),
        Prefetch("enquiries", Section47.objects.order_by("started_on", "pk")),
        Prefetch("changes", CircumstanceChange.objects.select_related("recorded_by")
                 .order_by("-recorded_at", "-pk")),
        Prefetch("plans", Plan.objects.order_by("started_on", "pk")),
        Prefetch("conferences", Conference.objects.order_by("scheduled_for", "pk")))


def case_view(*, actor: StaffLike, ref: object, today: dt.date | None = None) -> CaseView:
    """The child's case page: every episode, newest first. Audited as a view."""
    child = person_get(actor=actor, ref=ref, action=VIEW)
    access = person_access(actor=actor, person=child, action=VIEW)
    _audit_view(actor, child, access)
    episodes = list(_with_records(Episode.objects.filter(child=child))
                    .order_by("-referral_date", "-pk"))
    for episode in episodes:  # the child is known: not read again for each episode
        episode.child = child
    due = due_items_for(episodes, today or clock.today()) if episodes else {}
    allowed = frozenset(a for a in PATHWAY_ACTIONS
                        if policy.allows(actor.role, a, relationships=access.relationships))
    return CaseView(child=child, access=access, allowed=allowed,
                    episodes=[_episode_view(e, due.get(e.pk, [])) for e in episodes])


# ------------------------------------------------------------------ choices for forms
def allocation_choices(actor: StaffLike) -> tuple[list[Team], list[Staff]]:
    """The actor's agency's teams, and the staff in them who may be allocated a case."""
    teams = list(Team.objects.filter(agency_id=actor.agency_id).order_by("name"))
    roles = [r for r in policy.policy().roles if policy.role_may_ever(r, WORKER_ACTION)]
    staff = list(Staff.objects.filter(agency_id=actor.agency_id, is_active=True,
                                      role__in=roles, team__isnull=False)
                 .select_related("team").order_by("team__name", "last_name", "first_name"))
    return teams, staff


def open_episode_of(child: Person) -> Episode | None:
    """The child's open episode, if any (for a child the caller may already act on)."""
    return Episode.objects.filter(child=child, closed_on__isnull=True).first()


def procedure_list(*, actor: StaffLike | None = None) -> list[ProcedureChoice]:
    """Every procedure choice, latest first. Not about any child; a signed-in user needs
    `procedure.manage` (the command line passes no actor)."""
    if actor is not None:
        check_action(actor, "procedure.manage")
    return list(ProcedureChoice.objects.select_related("recorded_by")
                .order_by("-effective_from"))
