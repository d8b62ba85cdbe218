"""The front-door endpoints of the API: making a referral and following it
(/api/v1/referrals/), and triaging it (/api/v1/front-door/).

Each view is thin: read the input, call the same selectors and services as the web pages,
write the output. Changes to a referral carry its version (If-Match or `version`); errors
are RFC 9457 problems (everychild.core.problems).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

from everychild.access.api_support import (
    ETAG_HEADER,
    IF_MATCH_HEADER,
    LOCATION_HEADER,
    MAX_ID,
    ApiView,
    EditPrecondition,
    StrictQuerySerializer,
    StrictSerializer,
    etag,
    id_field,
    problems,
    validated,
    version_field,
)
from everychild.access.records import may_see_sealed
from everychild.core.errors import Conflict, NotFound, ValidationFailed
from everychild.people import selectors as people_selectors
from everychild.people.api_serializers import ref_field, text

from . import selectors, services
from .api_serializers import (
    InformationRequestSerializer,
    QueueItemSerializer,
    ReferralInputSerializer,
    ReferralReceiptSerializer,
    ReferrerStatus,
    TrackedReferralSerializer,
    TriageSerializer,
)
from .entries import referral_input_from_dict
from .models import Channel, MatchStatus, Outcome, Rag, Referral

NO_SUCH_PERSON = "No person was found with this reference"
NO_SUCH_ENTRY = "That person is not on this referral"
NO_SUCH_REQUEST = "That request for information is not on this referral"
NOT_RECEIVED = ("The referral was not received: correct the fields named in `errors` and "
                "send it again")


# ------------------------------------------------------------------ shared steps
def _dotted(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors keyed as the referral checks key theirs ("people.0.sex"), so
    one body's problems all read alike."""
    out: dict[str, list[str]] = {}

    def add(found: dict[str, list[str]]) -> None:
        for key, messages in found.items():
            out.setdefault(key, []).extend(messages)

    if isinstance(detail, dict):
        for key, value in detail.items():
            if key == api_settings.NON_FIELD_ERRORS_KEY:
                add(_dotted(value, prefix))
            else:
                add(_dotted(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and all(not isinstance(v, (dict, list)) for v in detail):
        if detail:
            add({prefix or "request": [str(v) for v in detail]})
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            add(_dotted(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        add({prefix or "request": [str(detail)]})
    return out


def _address(request: Request, name: str, ref: object) -> str:
    """An absolute URL, as the Location header of a 201 should be."""
    return request.build_absolute_uri(reverse(name, args=[ref]))


def _row_id(value: int, message: str) -> int:
    """A number from the URL that can name a row: larger ones cannot even be looked up."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(message)
    return value


def _triage_response(view: ApiView, ref: object) -> Response:
    """The referral as the front door sees it, read through the selector (which audits
    it as a view of each linked child's record)."""
    triage = selectors.referral_for_triage(actor=view.actor, ref=ref)
    return Response(TriageSerializer(triage).data,
                    headers={"ETag": etag(triage.referral.version)})


def _versioned_change(view: ApiView, ref: UUID, serializer_class: type[serializers.Serializer],
                      action: str, change: Callable[[Referral, int, dict[str, Any]], object]
                      ) -> Response:
    """A change made against a version of the referral (If-Match or `version`). Who may
    act on the referral is settled before anything about the body."""
    referral = selectors.referral_get(actor=view.actor, ref=ref, action=action)
    data = validated(serializer_class, view.request.data)
    precondition = EditPrecondition(view.request, current=referral.version,
                                    body_version=data.pop("version", None))
    try:
        change(referral, precondition.version, data)
    except Conflict as exc:
        raise precondition.conflict(exc) from None
    return _triage_response(view, ref)


CHANGE_PROBLEMS = problems(400, 403, 404, 409, 412, 415, 428)
VERSIONED = ("Send the version you are changing, with If-Match or `version`. Answers with "
             "the referral as the front door sees it.")


# ------------------------------------------------------------------ /referrals/
class ReferralsApi(ApiView):
    """Make a referral; list the referrals the user made."""

    @extend_schema_serializer(component_name="ReferralsMade")
    class OutputSerializer(serializers.Serializer):
        results = TrackedReferralSerializer(many=True, help_text="Newest first")

    @extend_schema(
        operation_id="referrals_made", tags=["referrals"],
        summary="The referrals you made, and what was decided",
        description="The status and outcome only, never the case file.",
        responses={200: OutputSerializer, **problems(403)},
    )
    def get(self, request: Request) -> Response:
        made = selectors.referrals_made_by(actor=self.actor)
        return Response(self.OutputSerializer({"results": made}).data)

    @extend_schema(
        operation_id="referral_create", tags=["referrals"], summary="Make a referral",
        description="The whole referral at once: who is referring, the children and adults, "
                    "the address, the concern and the basis for sharing it. Each part is "
                    "checked as the web form checks it, and a problem names each field "
                    "(like `people.0.date_of_birth`). On receipt the people are matched to "
                    "those already known and an acknowledgement is emailed to the referrer. "
                    "The answer says, for each person, only whether they were matched.",
        request=ReferralInputSerializer, parameters=[LOCATION_HEADER],
        responses={201: ReferralReceiptSerializer, **problems(400, 403, 415)},
    )
    def post(self, request: Request) -> Response:
        serializer = ReferralInputSerializer(data=request.data)
        if not serializer.is_valid():
            raise ValidationFailed(NOT_RECEIVED, errors=_dotted(serializer.errors))
        body = dict(request.data)
        body["referrer"] = {"channel": Channel.API, **body["referrer"]}
        data, errors = referral_input_from_dict(body)
        if errors:
            raise ValidationFailed(NOT_RECEIVED, errors=errors.errors)
        try:
            referral = services.referral_submit(actor=self.actor, data=data)
        except ValidationFailed as exc:
            raise ValidationFailed(NOT_RECEIVED, errors=exc.errors) from None
        # Whether someone resembles a sealed record is itself sealed: to the referrer they
        # are simply not matched yet.
        hide_specialist = not may_see_sealed(self.actor)
        people = [{"full_name": p.full_name, "role": p.role,
                   "match_status": MatchStatus.PENDING
                   if hide_specialist and p.match_status == MatchStatus.SPECIALIST
                   else p.match_status}
                  for p in referral.people.all()]
        receipt = {"ref": referral.ref, "reference": referral.reference,
                   "status": ReferrerStatus.BEING_CONSIDERED,
                   "received_at": referral.received_at, "people": people}
        return Response(ReferralReceiptSerializer(receipt).data, status=201,
                        headers={"Location": _address(request, "api:referral-status",
                                                      referral.ref)})


class ReferralStatusApi(ApiView):
    """The referrer's view of one referral they made."""

    @extend_schema(
        operation_id="referral_status", tags=["referrals"],
        summary="The status and outcome of a referral you made",
        description="Only the user who made the referral may follow it; to anyone else "
                    "it is not found.",
        responses={200: TrackedReferralSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        tracked = selectors.referral_for_referrer(actor=self.actor, ref=ref)
        return Response(TrackedReferralSerializer(tracked).data)


# ------------------------------------------------------------------ /front-door/
class QueueApi(ApiView):
    """The front-door queue."""

    @extend_schema_serializer(component_name="FrontDoorQueueQuery")
    class FilterSerializer(StrictQuerySerializer):
        show = serializers.ChoiceField(
            [("open", "Waiting for a decision or sign-off"),
             ("awaiting_sign_off", "Decided, waiting for sign-off"),
             ("complete", "Signed off (the latest 200)")],
            required=False, default="open")

    @extend_schema_serializer(component_name="FrontDoorQueue")
    class OutputSerializer(serializers.Serializer):
        results = QueueItemSerializer(many=True, help_text="Open referrals come red first, "
                                                           "then by when a response is due")

    @extend_schema(
        operation_id="front_door_queue", tags=["front door"],
        summary="The front-door queue",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **problems(400, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        items = selectors.referral_queue(actor=self.actor, show=filters["show"])
        return Response(self.OutputSerializer({"results": items}).data)


class TriageApi(ApiView):
    """One referral, with everything the front door needs to decide."""

    @extend_schema(
        operation_id="front_door_referral", tags=["front door"],
        summary="Read a referral for triage",
        description="The referral, each person with their match (or the candidates, with "
                    "scores and reasons), each linked child's history across agencies, "
                    "information requested, decisions and when they are due. Sealed "
                    "records are never shown to users who may not see them: such a person "
                    "shows only `needs_specialist: true`. Recorded in the audit log as a "
                    "view.",
        parameters=[ETAG_HEADER],
        responses={200: TriageSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        return _triage_response(self, ref)


class PersonLinkApi(ApiView):
    """Decide that someone on the referral is a person already known."""

    @extend_schema_serializer(component_name="ReferralPersonLink")
    class InputSerializer(StrictSerializer):
        person = ref_field(help_text="The ref of the known person (a candidate, or found by "
                                     "searching)")
        version = version_field()

    @extend_schema(
        operation_id="front_door_person_link", tags=["front door"],
        summary="Link a person on a referral to a known record", description=VERSIONED,
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, entry: int) -> Response:
        entry = _row_id(entry, NO_SUCH_ENTRY)

        def link(referral: Referral, version: int, data: dict[str, Any]) -> object:
            try:
                person = people_selectors.person_brief(actor=self.actor, ref=data["person"])
            except NotFound:
                raise NotFound(NO_SUCH_PERSON, errors={"person": [NO_SUCH_PERSON]}) from None
            return services.referral_person_link(actor=self.actor, referral=referral,
                                                 entry_id=entry, person=person,
                                                 version=version)

        return _versioned_change(self, ref, self.InputSerializer, "referral.triage", link)


class VersionOnlySerializer(StrictSerializer):
    version = version_field()


class PersonNewRecordApi(ApiView):
    """Nobody known matches: record the person as new."""

    @extend_schema(
        operation_id="front_door_person_new_record", tags=["front door"],
        summary="Make a new record for a person on a referral",
        description="Their other names are recorded with them, so the next referral finds "
                    "them. " + VERSIONED,
        request=VersionOnlySerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, entry: int) -> Response:
        entry = _row_id(entry, NO_SUCH_ENTRY)
        return _versioned_change(
            self, ref, VersionOnlySerializer, "referral.triage",
            lambda referral, version, data: services.referral_person_create_record(
                actor=self.actor, referral=referral, entry_id=entry, version=version))


class RatingApi(ApiView):
    """Change the referral's RAG rating, with the reason."""

    @extend_schema_serializer(component_name="ReferralRating")
    class InputSerializer(StrictSerializer):
        rag = serializers.ChoiceField(Rag.choices)
        reason = text(500, error_messages={"required": "Say why the rating should change"})
        version = version_field()

    @extend_schema(
        operation_id="front_door_rating", tags=["front door"],
        summary="Change a referral's rating",
        description="Every rating is kept, with who changed it and why. " + VERSIONED,
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        return _versioned_change(
            self, ref, self.InputSerializer, "referral.triage",
            lambda referral, version, data: services.referral_rag_set(
                actor=self.actor, referral=referral, rag=data["rag"], reason=data["reason"],
                version=version))


class InformationRequestsApi(ApiView):
    """Record information asked of a partner agency."""

    @extend_schema_serializer(component_name="InformationRequestCreate")
    class InputSerializer(StrictSerializer):
        agency = id_field(help_text="The id of the agency asked")
        question = text(2000, error_messages={"required": "Say what you asked the agency"})

    @extend_schema(
        operation_id="front_door_information_request", tags=["front door"],
        summary="Record a request for information from an agency",
        request=InputSerializer, parameters=[LOCATION_HEADER],
        responses={201: InformationRequestSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        referral = selectors.referral_get(actor=self.actor, ref=ref)
        data = validated(self.InputSerializer, request.data)
        added = services.information_request_add(actor=self.actor, referral=referral,
                                                  agency_id=data["agency"],
                                                  question=data["question"])
        return Response(InformationRequestSerializer(added).data, status=201,
                        headers={"Location": _address(request, "api:front-door-referral",
                                                      referral.ref)})


class InformationAnswerApi(ApiView):
    """Record what the agency said, who said it and when."""

    @extend_schema_serializer(component_name="InformationAnswer")
    class InputSerializer(StrictSerializer):
        answer = text(20_000, error_messages={"required": "Enter what the agency told you"})
        answered_by_name = text(200, error_messages={
            "required": "Enter who answered, and their role"})
        answered_at = serializers.DateTimeField(required=False, allow_null=True,
                                                help_text="When they answered; now if not "
                                                          "given")

    @extend_schema(
        operation_id="front_door_information_answer", tags=["front door"],
        summary="Record an agency's answer to a request for information",
        request=InputSerializer,
        responses={200: InformationRequestSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request, ref: UUID, request_id: int) -> Response:
        request_id = _row_id(request_id, NO_SUCH_REQUEST)
        referral = selectors.referral_get(actor=self.actor, ref=ref)
        data = validated(self.InputSerializer, request.data)
        answered = services.information_request_answer(
            actor=self.actor, referral=referral, request_id=request_id, answer=data["answer"],
            answered_by_name=data["answered_by_name"], answered_at=data.get("answered_at"))
        return Response(InformationRequestSerializer(answered).data)


class WrittenConfirmationApi(ApiView):
    """The referrer's written confirmation of a phoned-in referral arrived."""

    @extend_schema(
        operation_id="front_door_written_confirmation", tags=["front door"],
        summary="Record that a phoned-in referral was confirmed in writing",
        description="No more reminders are sent. " + VERSIONED,
        request=VersionOnlySerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        return _versioned_change(
            self, ref, VersionOnlySerializer, "referral.triage",
            lambda referral, version, data: services.referral_written_confirmation_record(
                actor=self.actor, referral=referral, version=version))


class DecisionApi(ApiView):
    """Record the decision, for a manager to sign off."""

    @extend_schema_serializer(component_name="ReferralDecision")
    class InputSerializer(StrictSerializer):
        outcome = serializers.ChoiceField(Outcome.choices)
        reasons = text(5000, error_messages={"required": "Give the reasons for the decision"})
        version = version_field()

    @extend_schema(
        operation_id="front_door_decision", tags=["front door"],
        summary="Record the decision on a referral",
        description="Everyone on the referral must be matched first. Early help cannot be "
                    "chosen when the referral records a child-protection concern. "
                    + VERSIONED,
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        return _versioned_change(
            self, ref, self.InputSerializer, "referral.decide",
            lambda referral, version, data: services.referral_decide(
                actor=self.actor, referral=referral, outcome=data["outcome"],
                reasons=data["reasons"], version=version))


class SignOffApi(ApiView):
    """The manager agrees the decision; the referrer is told the outcome."""

    @extend_schema_serializer(component_name="ReferralSignOff")
    class InputSerializer(StrictSerializer):
        version = version_field()
        note = text(2000, required=False)

    @extend_schema(
        operation_id="front_door_sign_off", tags=["front door"],
        summary="Sign off the decision on a referral",
        description="The outcome is emailed to the referrer. " + VERSIONED,
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        return _versioned_change(
            self, ref, self.InputSerializer, "referral.sign_off",
            lambda referral, version, data: services.referral_sign_off(
                actor=self.actor, referral=referral, version=version,
                note=data.get("note", "")))


class ReturnApi(ApiView):
    """The manager does not agree: the decision goes back, with the reasons."""

    @extend_schema_serializer(component_name="ReferralReturn")
    class InputSerializer(StrictSerializer):
        version = version_field()
        note = text(2000, error_messages={
            "required": "Say why the decision is being returned"})

    @extend_schema(
        operation_id="front_door_return", tags=["front door"],
        summary="Return the decision on a referral",
        description="The returned decision stays on the record; a new one is then made. "
                    + VERSIONED,
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: TriageSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        return _versioned_change(
            self, ref, self.InputSerializer, "referral.sign_off",
            lambda referral, version, data: services.referral_return(
                actor=self.actor, referral=referral, version=version, note=data["note"]))


FRONT_DOOR = "front-door/referrals/<uuid:ref>/"

urlpatterns = [
    path("referrals/", ReferralsApi.as_view(), name="referrals"),
    path("referrals/<uuid:ref>/status/", ReferralStatusApi.as_view(), name="referral-status"),
    path("front-door/queue/", QueueApi.as_view(), name="front-door-queue"),
    path(FRONT_DOOR, TriageApi.as_view(), name="front-door-referral"),
    path(f"{FRONT_DOOR}people/<int:entry>/link/", PersonLinkApi.as_view(),
         name="front-door-person-link"),
    path(f"{FRONT_DOOR}people/<int:entry>/new-record/", PersonNewRecordApi.as_view(),
         name="front-door-person-new-record"),
    path(f"{FRONT_DOOR}rating/", RatingApi.as_view(), name="front-door-rating"),
    path(f"{FRONT_DOOR}information-requests/", InformationRequestsApi.as_view(),
         name="front-door-information-requests"),
    path(f"{FRONT_DOOR}information-requests/<int:request_id>/answer/",
         InformationAnswerApi.as_view(), name="front-door-information-answer"),
    path(f"{FRONT_DOOR}written-confirmation/", WrittenConfirmationApi.as_view(),
         name="front-door-written-confirmation"),
    path(f"{FRONT_DOOR}decision/", DecisionApi.as_view(), name="front-door-decision"),
    path(f"{FRONT_DOOR}sign-off/", SignOffApi.as_view(), name="front-door-sign-off"),
    path(f"{FRONT_DOOR}return/", ReturnApi.as_view(), name="front-door-return"),
]
