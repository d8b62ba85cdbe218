"""Plan and visit endpoints, under /api/v1/people/<ref>/case/: the child's plans, one plan
(core group, actions and progress, core group meetings, visits, what is due), the changes
social care makes to a plan, the progress partners record, and statutory visits.

Changes to a plan itself (end, key worker, visit interval) carry its version; closing an
action carries the action's. Errors are RFC 9457 problems.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from everychild.access.api_support import (
    ETAG_HEADER,
    IF_MATCH_HEADER,
    LOCATION_HEADER,
    ApiView,
    etag,
    problems,
    row,
    validated,
    versioned,
)
from everychild.core.errors import NotFound, ValidationFailed

from ..models import Plan
from ..selectors import conferences as conference_selectors
from ..selectors import plans as selectors
from ..services import core_groups, plan_actions, plans, visits
from . import _plan_serializers as s
from .conference_views import ADD_PROBLEMS, CHANGE_PROBLEMS

TAGS = ["plans"]
PLAN_FIELDS = ("id", "kind", "category", "started_on", "ended_on", "key_worker", "version",
               "end_reason", "outcomes", "conference_id", "visit_interval_working_days")
VERSIONED = ("Send the plan's version, with If-Match or `version`. Answers with the plan as "
             "changed, and its ETag.")


def plan_response(view: ApiView, ref: object, plan_id: int, status: int = 200) -> Response:
    """The plan, read through the selector (which audits it as a view of the plan)."""
    page = selectors.plan_page(actor=view.actor, ref=ref, plan_id=plan_id)
    p = page.plan
    body: dict[str, Any] = {name: getattr(p, name) for name in PLAN_FIELDS}
    body.update(visit_interval=page.interval, members=page.members, actions=page.actions,
                core_groups=page.meetings, visits=page.visits, due=page.due,
                reconvene_suggested_by=page.reconvene_prompt.held_on
                if page.reconvene_prompt else None)
    headers = {"ETag": etag(p.version)}
    if status == 201:
        headers["Location"] = view.request.build_absolute_uri(reverse(
            "api:case-plan", kwargs={"ref": ref, "plan_id": plan_id}))
    return Response(s.PlanSerializer(body).data, status=status, headers=headers)


def _plan(view: ApiView, ref: object, plan_id: int, action: str) -> Plan:
    return selectors.plan_get(actor=view.actor, ref=ref, plan_id=row(plan_id, "plan"),
                              action=action)


def _plan_change(view: ApiView, ref: object, plan_id: int, serializer: type[Any],
                 change: Callable[[Plan, dict[str, Any], int], object]) -> Response:
    plan = _plan(view, ref, plan_id, "plan.manage")
    data = validated(serializer, view.request.data)
    versioned(view, plan.version, data, lambda version: change(plan, data, version))
    return plan_response(view, ref, plan.pk)


def _change_schema(operation_id: str, summary: str, request: type[Any],
                   description: str = "") -> Callable[[Any], Any]:
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         description=(description + " " + VERSIONED).strip(), request=request,
                         parameters=[IF_MATCH_HEADER, ETAG_HEADER],
                         responses={200: s.PlanSerializer, **CHANGE_PROBLEMS})


def _add_schema(operation_id: str, summary: str, request: type[Any], description: str = "",
                status: int = 201) -> Callable[[Any], Any]:
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         description=description, request=request,
                         responses={status: s.PlanSerializer, **ADD_PROBLEMS})


# ------------------------------------------------------------------ plans
class PlansApi(ApiView):
    @extend_schema(operation_id="case_plans", tags=TAGS, summary="List a child's plans",
                   description="Audited as a view of the child's plans.",
                   responses={200: s.PlanListSerializer, **problems(403, 404)})
    def get(self, request: Request, ref: UUID) -> Response:
        _, found = selectors.plans_of_child(actor=self.actor, ref=ref)
        return Response(s.PlanListSerializer({"results": found}).data)

    @extend_schema(operation_id="case_plan_start", tags=TAGS,
                   summary="Start a child in need plan",
                   description="In the child's open episode; one open child in need plan at "
                               "a time. (A child protection plan is made by a conference.)",
                   request=s.CinPlanSerializer, parameters=[LOCATION_HEADER, ETAG_HEADER],
                   responses={201: s.PlanSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID) -> Response:
        from everychild.people.selectors import person_get

        child = person_get(actor=self.actor, ref=ref, action="plan.manage")
        data = validated(s.CinPlanSerializer, request.data)
        episode = conference_selectors.open_episode(child)
        if episode is None:
            raise ValidationFailed(errors={"episode": [
                "The child has no open episode: a plan is started within one"]})
        made = plans.cin_plan_start(actor=self.actor, episode=episode,
                                    started_on=data["started_on"],
                                    key_worker_id=data.get("key_worker"),
                                    outcomes=data.get("outcomes", ""))
        return plan_response(self, ref, made.pk, status=201)


class PlanApi(ApiView):
    @extend_schema(operation_id="case_plan", tags=TAGS, summary="Read a plan",
                   description="The key worker, core group, actions with progress, core group "
                               "meetings, visits and what is due. Audited as a view.",
                   parameters=[ETAG_HEADER], responses={200: s.PlanSerializer,
                                                        **problems(403, 404)})
    def get(self, request: Request, ref: UUID, plan_id: int) -> Response:
        return plan_response(self, ref, row(plan_id, "plan"))


class PlanEndApi(ApiView):
    @_change_schema("case_plan_end", "End a child in need plan", s.PlanEndSerializer,
                    "Every involved agency is told. A child protection plan ends at a review "
                    "conference.")
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        return _plan_change(self, ref, plan_id, s.PlanEndSerializer,
                            lambda p, d, v: plans.plan_end(
                                actor=self.actor, plan=p, ended_on=d["ended_on"],
                                end_reason=d["end_reason"], version=v))


class KeyWorkerApi(ApiView):
    @_change_schema("case_plan_key_worker", "Change the key worker", s.KeyWorkerSerializer,
                    "The new key worker joins the core group; every involved agency is told.")
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        return _plan_change(self, ref, plan_id, s.KeyWorkerSerializer,
                            lambda p, d, v: plans.plan_key_worker_change(
                                actor=self.actor, plan=p, key_worker_id=d["key_worker"],
                                version=v))


class VisitIntervalApi(ApiView):
    @_change_schema("case_plan_visit_interval", "Change how often the child is visited",
                    s.VisitIntervalSerializer)
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        return _plan_change(self, ref, plan_id, s.VisitIntervalSerializer,
                            lambda p, d, v: plans.plan_visit_interval_set(
                                actor=self.actor, plan=p,
                                working_days=d["visit_interval_working_days"], version=v))


# ------------------------------------------------------------------ core group
class MembersApi(ApiView):
    @_add_schema("case_plan_member_add", "Add someone to the core group", s.MemberAddSerializer,
                 "A worker (their agency with them), an agency, or a family member by ref.")
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.manage")
        data = validated(s.MemberAddSerializer, request.data)
        person = None
        if data.get("person"):
            family = {str(p.ref): p for p, _ in selectors.family_of(plan.episode.child).values()}
            person = family.get(str(data["person"]))
            if person is None:
                raise ValidationFailed(errors={"person": [
                    "Only people who live with the child or are related to them can join the "
                    "core group as family"]})
        core_groups.core_group_member_add(
            actor=self.actor, plan=plan, staff_id=data.get("staff"), agency_id=data.get("agency"),
            person=person, role=data.get("role", ""), joined_on=data.get("joined_on"))
        return plan_response(self, ref, plan.pk, status=201)


class MemberLeaveApi(ApiView):
    @_add_schema("case_plan_member_leave", "Record that someone left the core group",
                 s.MemberLeaveSerializer, "Kept, with the date they left (today if not given).",
                 status=200)
    def post(self, request: Request, ref: UUID, plan_id: int, member_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.manage")
        data = validated(s.MemberLeaveSerializer, request.data)
        core_groups.core_group_member_remove(actor=self.actor, plan=plan,
                                             member_id=row(member_id, "member"),
                                             left_on=data.get("left_on"))
        return plan_response(self, ref, plan.pk)


class CoreGroupsApi(ApiView):
    @_add_schema("case_plan_core_group", "Record a core group meeting", s.CoreGroupSerializer,
                 "Who attended, notes, and whether the plan is working (if not, consider "
                 "reconvening a review conference).")
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.progress")
        data = validated(s.CoreGroupSerializer, request.data)
        core_groups.core_group_meeting_record(
            actor=self.actor, plan=plan, held_on=data["held_on"],
            attendee_ids=data.get("attendees", []), others=data.get("others", []),
            notes=data.get("notes", ""), plan_working=data["plan_working"])
        return plan_response(self, ref, plan.pk, status=201)


# ------------------------------------------------------------------ actions
class ActionsApi(ApiView):
    @_add_schema("case_plan_action_add", "Add an action to a plan", s.ActionAddSerializer,
                 "Specific (at least 4 words), owned (an agency, a named worker or a name) and "
                 "dated (due today or later).")
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.manage")
        data = validated(s.ActionAddSerializer, request.data)
        plan_actions.plan_action_add(
            actor=self.actor, plan=plan, description=data["description"],
            outcome_sought=data.get("outcome_sought", ""),
            owner_agency_id=data.get("owner_agency"), owner_staff_id=data.get("owner_staff"),
            owner_name=data.get("owner_name", ""), due_on=data["due_on"])
        return plan_response(self, ref, plan.pk, status=201)


class ActionProgressApi(ApiView):
    @_add_schema("case_plan_action_progress", "Record progress on an action",
                 s.ProgressSerializer,
                 "Social care on any action; a partner agency on its own agency's actions.")
    def post(self, request: Request, ref: UUID, plan_id: int, action_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.progress")
        data = validated(s.ProgressSerializer, request.data)
        plan_actions.action_progress_record(actor=self.actor, plan=plan,
                                            action_id=row(action_id, "action"),
                                            note=data["note"])
        return plan_response(self, ref, plan.pk, status=201)


class ActionStatusApi(ApiView):
    @extend_schema(operation_id="case_plan_action_close", tags=TAGS, summary="Close an action",
                   description="`done` (social care or the owning agency) or `dropped` (social "
                               "care, with a note saying why). Send the action's version, "
                               "with If-Match or `version`.",
                   request=s.ActionStatusSerializer, parameters=[IF_MATCH_HEADER],
                   responses={200: s.PlanSerializer, **CHANGE_PROBLEMS})
    def post(self, request: Request, ref: UUID, plan_id: int, action_id: int) -> Response:
        plan = _plan(self, ref, plan_id, "plan.progress")
        action = plan.actions.filter(pk=row(action_id, "action")).first()
        if action is None:
            raise NotFound("That action is not in this plan")
        data = validated(s.ActionStatusSerializer, request.data)
        versioned(self, action.version, data, lambda version: plan_actions.plan_action_status_set(
            actor=self.actor, plan=plan, action_id=action.pk, status=data["status"],
            note=data.get("note", ""), version=version))
        return plan_response(self, ref, plan.pk)


# ------------------------------------------------------------------ visits
class VisitsApi(ApiView):
    @extend_schema(operation_id="case_visit_record", tags=TAGS,
                   summary="Record a statutory visit",
                   description="Seen alone only if seen; a reason when not seen; not in the "
                               "future. Counted for the plan open on the day.",
                   request=s.VisitSerializer, parameters=[LOCATION_HEADER],
                   responses={201: s.PlanVisitSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID) -> Response:
        child, episode = selectors.episode_for_visit(actor=self.actor, ref=ref, audit=False)
        data = validated(s.VisitSerializer, request.data)
        if episode is None:
            raise ValidationFailed(errors={"episode": [
                "The child has no open episode: visits are recorded within one"]})
        visit = visits.visit_record(actor=self.actor, episode=episode,
                                    visited_on=data["visited_on"], child_seen=data["child_seen"],
                                    seen_alone=data.get("seen_alone"),
                                    not_seen_reason=data.get("not_seen_reason", ""),
                                    note=data.get("note", ""))
        headers = {}
        if visit.plan_id is not None:
            headers["Location"] = request.build_absolute_uri(reverse(
                "api:case-plan", kwargs={"ref": child.ref, "plan_id": visit.plan_id}))
        return Response(s.PlanVisitSerializer(visit).data, status=201, headers=headers)
