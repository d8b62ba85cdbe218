"""An invited agency's side of a conference in the API, under /api/v1/people/<ref>/case/
conferences/<id>/invitations/<invitee id>/: its invitation, its report (submitted, then
recorded as shared with the family) and, once the minutes are sent, amendment requests.

For that agency's staff only; nothing of the other agencies' reports. A report carries its
`report_version`, so a colleague's submission is never silently replaced (409).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from everychild.access.api_support import ApiView, problems, row, validated

from ..models import Conference
from ..selectors import conferences as selectors
from ..services import conference_reports, minutes
from . import _conference_serializers as s
from .conference_views import TAGS


def _invitation_response(view: ApiView, ref: object, conference_id: int,
                         invitee_id: int) -> Response:
    page = selectors.invitation_page(actor=view.actor, ref=ref, conference_id=conference_id,
                                     invitee_id=invitee_id)
    body = {"conference": page.conference, "invitee": page.invitee,
            "minutes": page.conference.minutes if page.minutes_sent else "",
            "amendments": page.amendments}
    return Response(s.ConferenceInvitationSerializer(body).data)


# ------------------------------------------------------------------ an invited agency
class InvitationApi(ApiView):
    @extend_schema(
        operation_id="case_conference_invitation", tags=TAGS,
        summary="Read your agency's invitation to a conference",
        description="For the invited agency's staff only: when and where, your report, and "
                    "once sent the minutes and your amendment requests. Audited as a view.",
        responses={200: s.ConferenceInvitationSerializer, **problems(403, 404)})
    def get(self, request: Request, ref: UUID, conference_id: int, invitee_id: int) -> Response:
        return _invitation_response(self, ref, row(conference_id, "conference"),
                                    row(invitee_id, "invitation"))


def _contribution(view: ApiView, ref: object, conference_id: int, invitee_id: int,
                  serializer: type[Any], act: Callable[[Conference, dict[str, Any]], object]
                  ) -> Response:
    conference = selectors.conference_get(actor=view.actor, ref=ref,
                                          conference_id=row(conference_id, "conference"),
                                          action="conference.contribute")
    row(invitee_id, "invitation")
    data = validated(serializer, view.request.data)
    act(conference, data)
    return _invitation_response(view, ref, conference.pk, invitee_id)


def _contribution_schema(operation_id: str, summary: str, request: type[Any],
                         description: str) -> Callable[[Any], Any]:
    return extend_schema(operation_id=operation_id, tags=TAGS, summary=summary,
                         description=description, request=request,
                         responses={200: s.ConferenceInvitationSerializer,
                                    **problems(400, 403, 404, 409, 415)})


class ReportApi(ApiView):
    @_contribution_schema("case_conference_report", "Submit your agency's report",
                          s.ReportSerializer,
                          "Before the conference. Send the `report_version` you read (0 for "
                          "the first): a report a colleague submitted meanwhile is never "
                          "replaced (409). A replaced report must be shared with the family "
                          "again.")
    def post(self, request: Request, ref: UUID, conference_id: int, invitee_id: int) -> Response:
        return _contribution(self, ref, conference_id, invitee_id, s.ReportSerializer,
                             lambda c, d: conference_reports.conference_report_submit(
                                 actor=self.actor, conference=c, invitee_id=invitee_id,
                                 report=d["report"], report_version=d["report_version"]))


class ReportShareApi(ApiView):
    @_contribution_schema("case_conference_report_share",
                          "Record that the family has been given your report",
                          s.ReportShareSerializer, "The `report_version` they were given.")
    def post(self, request: Request, ref: UUID, conference_id: int, invitee_id: int) -> Response:
        return _contribution(self, ref, conference_id, invitee_id, s.ReportShareSerializer,
                             lambda c, d: conference_reports.conference_report_share(
                                 actor=self.actor, conference=c, invitee_id=invitee_id,
                                 report_version=d["report_version"]))


class AmendmentRequestApi(ApiView):
    @_contribution_schema("case_conference_amendment_request",
                          "Ask for the minutes to be amended", s.AmendmentRequestSerializer,
                          "Once the minutes are sent. The chair is told.")
    def post(self, request: Request, ref: UUID, conference_id: int, invitee_id: int) -> Response:
        return _contribution(self, ref, conference_id, invitee_id, s.AmendmentRequestSerializer,
                             lambda c, d: minutes.minutes_amendment_request(
                                 actor=self.actor, conference=c, invitee_id=invitee_id,
                                 request=d["request"]))
