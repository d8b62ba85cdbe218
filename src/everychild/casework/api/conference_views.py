"""Conference endpoints, under /api/v1/people/<ref>/case/conferences/: arranging (initial
and review), the conference as social care and the chair see it, and the chair's changes.
(An invited agency's own invitation, report and amendment requests: invitation_views.)

Each view is thin: the same selectors and services as the web pages. Changes to the
conference carry its version (If-Match or `version`). Errors are
RFC 9457 problems.
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
from everychild.core.errors import ValidationFailed
from everychild.people.models import Person

from ..models import Conference
from ..selectors import conferences as selectors
from ..selectors.plans import family_of, plan_get
from ..services import conference_cancel, conference_decisions, conferences, minutes
from . import _conference_serializers as s

TAGS = ["conferences"]
CHANGE_PROBLEMS = problems(400, 403, 404, 409, 412, 415, 428)
ADD_PROBLEMS = problems(400, 403, 404, 415)
VERSIONED = ("Send the conference's version, with If-Match or `version`. Answers with the "
             "conference as changed, and its ETag.")
CONFERENCE_FIELDS = ("id", "kind", "status", "scheduled_for", "venue", "chair", "held_on",
                     "decision", "category", "reconvened", "plan_id", "version", "late_reason",
                     "reconvene_reason", "decision_reasons", "first_core_group_on",
                     "next_review_on", "unshared_reports_reason", "minutes", "minutes_sent_at",
                     "cancelled_at", "cancel_reason")




def _conference_body(page: selectors.ConferencePage) -> dict[str, Any]:
    c = page.conference
    body = {name: getattr(c, name) for name in CONFERENCE_FIELDS}
    body.update(plan_made=page.plan_made.pk if page.plan_made else None, due=page.due,
                invitees=page.invitees, dissents=page.dissents, amendments=page.amendments)
    return body


def conference_response(view: ApiView, ref: object, conference_id: int,
                        status: int = 200) -> Response:
    """The conference as social care and the chair see it, read through the selector
    (which audits it as a view of the child's casework)."""
    page = selectors.conference_page(actor=view.actor, ref=ref, conference_id=conference_id)
    headers = {"ETag": etag(page.conference.version)}
    if status == 201:
        headers["Location"] = view.request.build_absolute_uri(reverse(
            "api:case-conference", kwargs={"ref": ref, "conference_id": conference_id}))
    return Response(s.ConferenceSerializer(_conference_body(page)).data, status=status,
                    headers=headers)


def _family(child: Person, refs: list[dict[str, Any]] | None
            ) -> tuple[conferences.FamilyInvite, ...] | None:
    if refs is None:
        return None
    known = {str(p.ref): p for p, _ in family_of(child).values()}
    chosen = []
    for entry in refs:
        person = known.get(str(entry["person"]))
        if person is None:
            raise ValidationFailed(errors={"family": [
                "Only people who live with the child or are related to them can be invited "
                "as family"]})
        chosen.append(conferences.FamilyInvite(person, entry.get("email", "")))
    return tuple(chosen)


def _invitations(child: Person, data: dict[str, Any]) -> conferences.Invitations:
    return conferences.Invitations(
        extra_agency_ids=tuple(data.get("agencies", ())),
        family=_family(child, data.get("family")), child=data.get("invite_child", False),
        child_email=data.get("child_email", ""))


# ------------------------------------------------------------------ the list, arranging
class ConferencesApi(ApiView):
    """The child's conferences; arrange the initial conference."""

    @extend_schema(
        operation_id="case_conferences", tags=TAGS, summary="List a child's conferences",
        description="Recorded in the audit log as a view of the child's casework.",
        responses={200: s.ConferenceListSerializer, **problems(403, 404)})
    def get(self, request: Request, ref: UUID) -> Response:
        _, found = selectors.conferences_of_child(actor=self.actor, ref=ref)
        return Response(s.ConferenceListSerializer({"results": found}).data)

    @extend_schema(
        operation_id="case_conference_schedule", tags=TAGS,
        summary="Arrange the initial child protection conference",
        description="Only after a section 47 enquiry concluded that the child is at "
                    "continuing risk of significant harm. Due within 15 working days of the "
                    "strategy discussion: a later date needs `late_reason`. Every involved "
                    "agency is invited, with the family chosen (by default the parents and "
                    "carers); each invitee with an email address is sent the invitation.",
        request=s.ConferenceScheduleSerializer, parameters=[LOCATION_HEADER, ETAG_HEADER],
        responses={201: s.ConferenceSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID) -> Response:
        options = selectors.schedule_options(actor=self.actor, ref=ref, audit=False)
        data = validated(s.ConferenceScheduleSerializer, request.data)
        if options.episode is None:
            raise ValidationFailed(errors={"episode": [options.blocked]})
        made = conferences.conference_schedule(
            actor=self.actor, episode=options.episode, scheduled_for=data["scheduled_for"],
            venue=data.get("venue", ""), chair_id=data.get("chair"),
            late_reason=data.get("late_reason", ""),
            invitations=_invitations(options.child, data))
        return conference_response(self, ref, made.pk, status=201)


class ReviewsApi(ApiView):
    """Arrange a review conference of a child protection plan."""

    @extend_schema(
        operation_id="case_plan_review_schedule", tags=TAGS,
        summary="Arrange a review conference",
        description="Due within 3 months of the initial conference, then within 6 months "
                    "of the last review (a later date needs `late_reason`); or reconvened "
                    "early, with `reconvene_reason`, when the plan is not working.",
        request=s.ReviewScheduleSerializer, parameters=[LOCATION_HEADER, ETAG_HEADER],
        responses={201: s.ConferenceSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID, plan_id: int) -> Response:
        plan = plan_get(actor=self.actor, ref=ref, plan_id=row(plan_id, "plan"),
                        action="conference.schedule")
        data = validated(s.ReviewScheduleSerializer, request.data)
        made = conferences.review_schedule(
            actor=self.actor, plan=plan, scheduled_for=data["scheduled_for"],
            venue=data.get("venue", ""), chair_id=data.get("chair"),
            reconvened=data.get("reconvened", False),
            reconvene_reason=data.get("reconvene_reason", ""),
            late_reason=data.get("late_reason", ""),
            invitations=_invitations(plan.episode.child, data))
        return conference_response(self, ref, made.pk, status=201)


class ConferenceApi(ApiView):
    """One conference as social care and the chair see it."""

    @extend_schema(
        operation_id="case_conference", tags=TAGS, summary="Read a conference",
        description="Invitees with their reports and attendance, the decision, dissent, "
                    "minutes and amendments. Recorded in the audit log as a view.",
        parameters=[ETAG_HEADER], responses={200: s.ConferenceSerializer, **problems(403, 404)})
    def get(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return conference_response(self, ref, row(conference_id, "conference"))


class InviteesApi(ApiView):
    """Invite one more agency or family member."""

    @extend_schema(
        operation_id="case_conference_invitee_add", tags=TAGS,
        summary="Invite someone else to a conference",
        description="An agency (by id) or a family member (by ref), before the conference "
                    "is held. They are sent the invitation if an email address is known.",
        request=s.InviteeAddSerializer, responses={201: s.ConferenceSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        conference = selectors.conference_get(
            actor=self.actor, ref=ref, conference_id=row(conference_id, "conference"),
            action="conference.schedule")
        data = validated(s.InviteeAddSerializer, request.data)
        person = None
        if data.get("person"):
            child = conference.episode.child
            known = {str(p.ref): p for p, _ in family_of(child).values()}
            known[str(child.ref)] = child
            person = known.get(str(data["person"]))
            if person is None:
                raise ValidationFailed(errors={"person": [
                    "Only people who live with the child or are related to them can be "
                    "invited as family"]})
        conferences.conference_invitee_add(actor=self.actor, conference=conference,
                                           agency_id=data.get("agency"), person=person,
                                           email=data.get("email", ""))
        return conference_response(self, ref, conference.pk, status=201)


# ------------------------------------------------------------------ the chair's changes
def _chair_change(view: ApiView, ref: object, conference_id: int,
                  serializer: type[Any], change: Callable[[Conference, dict[str, Any], int],
                                                          object],
                  needs: str = "conference.chair") -> Response:
    conference = selectors.conference_get(actor=view.actor, ref=ref,
                                          conference_id=row(conference_id, "conference"),
                                          action=needs)
    data = validated(serializer, view.request.data)
    versioned(view, conference.version, data, lambda version: change(conference, data, version))
    return conference_response(view, ref, conference.pk)


def _chair_schema(operation_id: str, summary: str, request: type[Any], description: str = ""
                  ) -> Callable[[Any], Any]:
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         description=(description + " " + VERSIONED).strip(), request=request,
                         parameters=[IF_MATCH_HEADER, ETAG_HEADER],
                         responses={200: s.ConferenceSerializer, **CHANGE_PROBLEMS})


class AttendanceApi(ApiView):
    @_chair_schema("case_conference_attendance", "Record attendance",
                   s.AttendanceSerializer, "Attended, sent apologies or did not attend, per "
                                           "invitee.")
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.AttendanceSerializer,
                             lambda c, d, v: conference_decisions.conference_attendance_record(
                                 actor=self.actor, conference=c, version=v,
                                 attendance={m["invitee"]: m["attendance"]
                                             for m in d["attendance"]}))


class DecisionApi(ApiView):
    @_chair_schema("case_conference_decision", "Record the conference's decision",
                   s.DecisionSerializer,
                   "An initial conference decides `plan` (a category is required) or "
                   "`no_plan`; a review `continue` (a category is required; it may change) "
                   "or `end_plan`. Attendance must be recorded for everyone first; reports "
                   "not shared with the family need `unshared_reports_reason`. A plan is made "
                   "at once and every involved agency is told.")
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.DecisionSerializer,
                             lambda c, d, v: conference_decisions.conference_decide(
                                 actor=self.actor, conference=c, held_on=d["held_on"],
                                 decision=d["decision"], category=d.get("category", ""),
                                 reasons=d["reasons"],
                                 first_core_group_on=d.get("first_core_group_on"),
                                 unshared_reports_reason=d.get("unshared_reports_reason", ""),
                                 key_worker_id=d.get("key_worker"), version=v))


class FirstCoreGroupApi(ApiView):
    @_chair_schema("case_conference_first_core_group", "Set the first core group's date",
                   s.FirstCoreGroupSerializer, "Within 10 working days of the conference.")
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.FirstCoreGroupSerializer,
                             lambda c, d, v: conference_decisions.conference_first_core_group_set(
                                 actor=self.actor, conference=c,
                                 first_core_group_on=d["first_core_group_on"], version=v))


class MinutesApi(ApiView):
    @_chair_schema("case_conference_minutes", "Save the minutes (not yet sent)",
                   s.MinutesSerializer)
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.MinutesSerializer,
                             lambda c, d, v: minutes.conference_minutes_save(
                                 actor=self.actor, conference=c, minutes=d["minutes"],
                                 version=v))


class CancelApi(ApiView):
    @_chair_schema("case_conference_cancel", "Cancel a conference that has not met",
                   s.CancelSerializer,
                   "By those who arrange conferences, or the chair. The reason is kept with "
                   "the conference; each invitee with an email address is told it is "
                   "cancelled (the email names no child).")
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.CancelSerializer,
                             lambda c, d, v: conference_cancel.conference_cancel(
                                 actor=self.actor, conference=c, reason=d["reason"],
                                 version=v), needs="conference.schedule")


class MinutesSendApi(ApiView):
    @_chair_schema("case_conference_minutes_send", "Send the minutes and close the conference",
                   s.MinutesSendSerializer,
                   "To every invitee, those absent included: agency staff are emailed a "
                   "link where an address is known. The family and the child are never "
                   "emailed the minutes (only told a copy is coming): they, and anyone "
                   "without an address, must be listed in `sent_otherwise`. A conference "
                   "that made a plan needs its first core group date first.")
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        return _chair_change(self, ref, conference_id, s.MinutesSendSerializer,
                             lambda c, d, v: minutes.conference_minutes_send(
                                 actor=self.actor, conference=c,
                                 sent_otherwise=d.get("sent_otherwise", []), version=v))


class DissentsApi(ApiView):
    @extend_schema(
        operation_id="case_conference_dissent", tags=TAGS,
        summary="Record an invited agency's dissent from the decision",
        request=s.DissentSerializer, responses={201: s.ConferenceSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID, conference_id: int) -> Response:
        conference = selectors.conference_get(
            actor=self.actor, ref=ref, conference_id=row(conference_id, "conference"),
            action="conference.chair")
        data = validated(s.DissentSerializer, request.data)
        conference_decisions.conference_dissent_record(actor=self.actor, conference=conference,
                                                       agency_id=data["agency"],
                                                       view=data["view"])
        return conference_response(self, ref, conference.pk, status=201)


class AmendmentApi(ApiView):
    @extend_schema(
        operation_id="case_conference_amendment_answer", tags=TAGS,
        summary="Accept or decline a request to amend the minutes",
        description="The person who asked is told.", request=s.AmendmentAnswerSerializer,
        responses={200: s.ConferenceSerializer, **ADD_PROBLEMS})
    def post(self, request: Request, ref: UUID, conference_id: int,
             amendment_id: int) -> Response:
        conference = selectors.conference_get(
            actor=self.actor, ref=ref, conference_id=row(conference_id, "conference"),
            action="conference.chair")
        data = validated(s.AmendmentAnswerSerializer, request.data)
        minutes.minutes_amendment_respond(
            actor=self.actor, conference=conference,
            amendment_id=row(amendment_id, "amendment"), accept=data["accept"],
            response=data["response"])
        return conference_response(self, ref, conference.pk)
