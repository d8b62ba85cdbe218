"""The child at a glance: where the case stands, what is due next, who is involved and
when the child was last seen alone.

Shown at the top of the child's record to those allowed `casework.view` or `plan.view`
on the child. A partner allowed only `plan.view` sees the plan's side of it: the plan
and category, the plan's due dates (core groups, reviews, visits) and whether the child
is open to social care, but not an assessment or enquiry in progress.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from everychild.access import policy
from everychild.access.audit import audit_record
from everychild.access.records import StaffLike, check_record_access
from everychild.casework.models import (
    Assessment,
    AssessmentStatus,
    Episode,
    Plan,
    PlanKind,
    Section47,
    Visit,
)
from everychild.casework.selectors.facts import due_items_for
from everychild.casework.timescales import DueItem
from everychild.core import clock
from everychild.people.models import Involvement, Person
from everychild.people.relationships import relationships_to_person

# The rules that are the plan's business, which partners in the core group follow.
PLAN_RULES = frozenset({"first_core_group", "core_group", "first_review", "later_review",
                        "visit"})
MAX_DUE_SHOWN = 5


@dataclass
class ChildSummary:
    child: Person
    status: str  # "child_protection_plan", "child_in_need_plan", "section47",
    # "assessment", "open", "closed" or "not_known"
    status_label: str
    since: dt.date | None
    episode: Episode | None
    plan: Plan | None  # the open plan (a child protection plan before a CIN plan)
    category: str  # label of the open child protection plan's category
    worker: str  # the allocated social worker
    due: list[DueItem] = field(default_factory=list)  # open items, soonest first
    involved: list[Involvement] = field(default_factory=list)
    last_seen_alone: dt.date | None = None
    last_visit: dt.date | None = None
    casework: bool = False  # the reader has the whole picture
    may_view_chronology: bool = False


def summary_action(actor: StaffLike, relationships: frozenset[str]) -> str | None:
    """The action the reader is allowed the summary through, if any."""
    for action in ("casework.view", "plan.view"):
        if policy.allows(actor.role, action, relationships=relationships):
            return action
    return None


def child_summary(*, actor: StaffLike, child: Person, audit: bool = True) -> ChildSummary:
    """The at-a-glance summary; AccessDenied (or NotFound for a sealed child) when the
    actor may read neither the casework nor the plan. Audited as a view of the child."""
    relationships = relationships_to_person(actor, child)
    action = summary_action(actor, relationships) or "casework.view"
    access = check_record_access(actor, action, target_type="person",
                                 target_id=str(child.ref), relationships=relationships,
                                 sealed=child.sealed)
    casework = action == "casework.view"
    summary = _summary(child, casework)
    summary.may_view_chronology = policy.allows(actor.role, "chronology.view",
                                                relationships=relationships)
    if audit:
        audit_record(actor=actor, action=action, target_type="person", target_id=child.ref,
                     detail={"via": access.via, "what": "summary"})
    return summary


def _summary(child: Person, casework: bool) -> ChildSummary:
    episodes = list(Episode.objects.filter(child=child).select_related("worker")
                    .order_by("-referral_date", "-pk"))
    episode = next((e for e in episodes if e.closed_on is None), None)
    involved = list(Involvement.objects.filter(person=child, ended__isnull=True)
                    .select_related("agency", "staff").order_by("agency__name", "started"))
    seen_alone = (Visit.objects.filter(episode__child=child, child_seen=True, seen_alone=True)
                  .order_by("-visited_on").values_list("visited_on", flat=True).first())
    last_visit = (Visit.objects.filter(episode__child=child).order_by("-visited_on")
                  .values_list("visited_on", flat=True).first())
    result = ChildSummary(child=child, status="not_known",
                          status_label="Not known to children's social care", since=None,
                          episode=episode, plan=None, category="", worker="",
                          involved=involved, last_seen_alone=seen_alone,
                          last_visit=last_visit, casework=casework)
    if episode is None:
        if episodes:
            last = episodes[0]
            reason = f": {last.get_closure_reason_display()}" if last.closure_reason else ""
            result.status, result.since = "closed", last.closed_on
            result.status_label = f"Case closed{reason}" if casework else "Case closed"
        return result
    if episode.worker is not None:
        result.worker = episode.worker.get_full_name() or episode.worker.username
    _status(result, episode, casework)
    due = due_items_for([episode], clock.today()).get(episode.pk, [])
    result.due = [d for d in due if d.is_open and (casework or d.rule in PLAN_RULES)
                  ][:MAX_DUE_SHOWN]
    return result


def _status(result: ChildSummary, episode: Episode, casework: bool) -> None:
    plans = list(Plan.objects.filter(episode=episode, ended_on__isnull=True)
                 .select_related("key_worker"))
    cp = next((p for p in plans if p.kind == PlanKind.CHILD_PROTECTION), None)
    cin = next((p for p in plans if p.kind == PlanKind.CHILD_IN_NEED), None)
    result.status, result.status_label = "open", "Open to children's social care"
    result.since = episode.referral_date
    if cp is not None:
        result.plan, result.since = cp, cp.started_on
        result.status, result.status_label = ("child_protection_plan",
                                              "On a child protection plan")
        result.category = cp.get_category_display() if cp.category else ""
        return
    if cin is not None:
        result.plan, result.since = cin, cin.started_on
        result.status, result.status_label = "child_in_need_plan", "On a child in need plan"
        return
    if not casework:
        return
    enquiry = (Section47.objects.filter(episode=episode, completed_on__isnull=True)
               .order_by("-started_on").first())
    if enquiry is not None:
        result.status, result.status_label = "section47", "Section 47 enquiry under way"
        result.since = enquiry.started_on
        return
    assessment = (Assessment.objects.filter(episode=episode).exclude(
        status=AssessmentStatus.AUTHORISED).order_by("-started_on", "-pk").first())
    if assessment is not None:
        result.status = "assessment"
        result.status_label = (f"Under assessment ({assessment.get_kind_display().lower()})"
                               if assessment.completed_on is None else
                               f"{assessment.get_kind_display()} awaiting authorisation")
        result.since = assessment.started_on
