"""The pathway's endpoints, under the child's /api/v1/people/<ref>/case/: the case as a
whole (read, audited), opening and allocating an episode, assessments (start, record,
complete, authorise), strategy discussions, section 47 outcomes, closure and changes of
circumstances.

Each view is thin: it reads the input, calls the same selectors and services as the web
pages, and writes the output. Changes to a versioned record (episode, assessment,
enquiry) carry its version (If-Match or `version`); errors are RFC 9457 problems.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import path, reverse
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
from everychild.agencies.models import Staff, Team
from everychild.core import clock
from everychild.core.errors import ValidationFailed

from ..selectors import pathway as selectors
from ..selectors.pathway import EpisodeView
from ..services import assessments as assessment_services
from ..services.closure import circumstance_record, episode_close
from ..services.episodes import episode_allocate, episode_open
from ..services.strategy import AttendeeInput, section47_complete, strategy_record
from ._pathway_serializers import (
    AllocationSerializer,
    AssessmentCompleteSerializer,
    AssessmentRecordSerializer,
    AssessmentStartSerializer,
    CaseAssessmentSerializer,
    CaseChangeSerializer,
    CaseEnquirySerializer,
    CaseEpisodeSerializer,
    CaseSerializer,
    CaseStrategySerializer,
    ChangeRecordSerializer,
    ClosureSerializer,
    EnquiryOutcomeSerializer,
    EpisodeOpenSerializer,
    StrategyRecordSerializer,
    VersionSerializer,
)

TAGS = ["casework"]
CHANGE_PROBLEMS = problems(400, 403, 404, 409, 412, 415, 428)
ADD_PROBLEMS = problems(400, 403, 404, 415)
VERSIONED = ("Send the version you are changing, with If-Match or `version`. Answers with "
             "the record as changed, and its ETag.")




def _case_address(request: Request, ref: object) -> str:
    return request.build_absolute_uri(reverse("api:case", kwargs={"ref": ref}))


def _episode_out(ev: EpisodeView) -> dict[str, Any]:
    return {"episode": ev.episode, "assessments": ev.assessments,
            "strategy_discussions": ev.strategy_discussions, "enquiries": ev.enquiries,
            "changes": ev.changes, "due": ev.due}


def _team(pk: int) -> Team:
    team = Team.objects.filter(pk=pk).first()
    if team is None:
        raise ValidationFailed(errors={"team": ["No team has this id"]})
    return team


def _staff(pk: int | None) -> Staff | None:
    if pk is None:
        return None
    staff = Staff.objects.filter(pk=pk).first()
    if staff is None:
        raise ValidationFailed(errors={"worker": ["No member of staff has this id"]})
    return staff


# ------------------------------------------------------------------ the case
class CaseApi(ApiView):
    """The child's case: every episode and its pathway."""

    @extend_schema(
        operation_id="case", tags=TAGS, summary="Read a child's case",
        description="Every episode (newest first) with its assessments, strategy "
                    "discussions, section 47 enquiries, changes of circumstances and due "
                    "items (from the timescale rules of the episode's procedure set). "
                    "Recorded in the audit log as a view of the child's casework.",
        responses={200: CaseSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        view = selectors.case_view(actor=self.actor, ref=ref)
        body = {"child": view.child, "episodes": [_episode_out(e) for e in view.episodes]}
        return Response(CaseSerializer(body).data)


class EpisodesApi(ApiView):
    """Open an episode for the child."""

    @extend_schema(
        operation_id="case_episode_open", tags=TAGS, summary="Open a child's episode",
        description="Under the procedure set in force on the referral date. A child "
                    "already open keeps their episode: it is returned with 200, unchanged; "
                    "a new one comes with 201. Children's social care becomes involved.",
        request=EpisodeOpenSerializer, parameters=[LOCATION_HEADER, ETAG_HEADER],
        responses={200: CaseEpisodeSerializer, 201: CaseEpisodeSerializer, **ADD_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        child = selectors.case_child(actor=self.actor, ref=ref, action="casework.allocate")
        data = validated(EpisodeOpenSerializer, request.data)
        before = selectors.open_episode_of(child)
        episode = episode_open(actor=self.actor, child=child,
                               referral_date=data["referral_date"],
                               primary_need=data["primary_need"],
                               team=_team(data["team"]) if data.get("team") else None,
                               worker=_staff(data.get("worker")))
        created = before is None or before.pk != episode.pk
        return Response(CaseEpisodeSerializer(episode).data, status=201 if created else 200,
                        headers={"Location": _case_address(request, ref),
                                 "ETag": etag(episode.version)})


class AllocationApi(ApiView):
    """Allocate the episode to a team and a social worker."""

    @extend_schema(
        operation_id="case_allocate", tags=TAGS, summary="Allocate a child's episode",
        description="The previous worker's involvement ends and the new worker's begins; "
                    "every involved agency is told of the change. " + VERSIONED,
        request=AllocationSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseEpisodeSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, episode_id: int) -> Response:
        episode = selectors.episode_get(actor=self.actor, ref=ref,
                                        episode_id=row(episode_id, "case"),
                                        action="casework.allocate")
        data = validated(AllocationSerializer, request.data)
        team, worker = _team(data["team"]), _staff(data.get("worker"))
        done = versioned(self, episode.version, data, lambda version: episode_allocate(
            actor=self.actor, episode=episode, team=team, worker=worker, version=version))
        return Response(CaseEpisodeSerializer(done).data, headers={"ETag": etag(done.version)})


# ------------------------------------------------------------------ assessments
class AssessmentsApi(ApiView):
    """Start an assessment on the episode."""

    @extend_schema(
        operation_id="case_assessment_start", tags=TAGS, summary="Start an assessment",
        description="Initial or core (a core only after an initial) under Working Together "
                    "2006; single under 2013 onwards. One at a time.",
        request=AssessmentStartSerializer, parameters=[LOCATION_HEADER, ETAG_HEADER],
        responses={201: CaseAssessmentSerializer, **ADD_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, episode_id: int) -> Response:
        episode = selectors.episode_get(actor=self.actor, ref=ref,
                                        episode_id=row(episode_id, "case"),
                                        action="assessment.record")
        data = validated(AssessmentStartSerializer, request.data)
        done = assessment_services.assessment_start(
            actor=self.actor, episode=episode, kind=data["kind"],
            started_on=data.get("started_on"))
        where = request.build_absolute_uri(reverse("api:case-assessment", kwargs={
            "ref": ref, "assessment_id": done.pk}))
        return Response(CaseAssessmentSerializer(done).data, status=201,
                        headers={"Location": where, "ETag": etag(done.version)})


class AssessmentApi(ApiView):
    """One assessment: read it, or record what it found."""

    @extend_schema(
        operation_id="case_assessment", tags=TAGS, summary="Read an assessment",
        description="Recorded in the audit log as a view of the child's casework.",
        parameters=[ETAG_HEADER],
        responses={200: CaseAssessmentSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID, assessment_id: int) -> Response:
        found = selectors.assessment_get(actor=self.actor, ref=ref,
                                         assessment_id=row(assessment_id, "assessment"),
                                         audit_view=True)
        return Response(CaseAssessmentSerializer(found).data,
                        headers={"ETag": etag(found.version)})

    @extend_schema(
        operation_id="case_assessment_record", tags=TAGS,
        summary="Record what an assessment found",
        description="Send only the fields that change, while it is in progress. "
                    + VERSIONED,
        request=AssessmentRecordSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseAssessmentSerializer, **CHANGE_PROBLEMS},
    )
    def patch(self, request: Request, ref: UUID, assessment_id: int) -> Response:
        found = selectors.assessment_get(actor=self.actor, ref=ref,
                                         assessment_id=row(assessment_id, "assessment"),
                                         action="assessment.record")
        data = validated(AssessmentRecordSerializer, request.data)
        done = versioned(self, found.version, data, lambda version: (
            assessment_services.assessment_record(actor=self.actor, assessment=found,
                                                  version=version, **data)))
        return Response(CaseAssessmentSerializer(done).data, headers={"ETag": etag(done.version)})


class AssessmentCompletionApi(ApiView):
    """The worker completes the assessment."""

    @extend_schema(
        operation_id="case_assessment_complete", tags=TAGS, summary="Complete an assessment",
        description="Needs the date the child was seen (or why not), at least one factor "
                    "unless the outcome is no further action, the analysis and the outcome; "
                    "completed after its timescale, the reason it is late. It then waits "
                    "for a manager's authorisation. " + VERSIONED,
        request=AssessmentCompleteSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseAssessmentSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, assessment_id: int) -> Response:
        found = selectors.assessment_get(actor=self.actor, ref=ref,
                                         assessment_id=row(assessment_id, "assessment"),
                                         action="assessment.record")
        data = validated(AssessmentCompleteSerializer, request.data)
        done = versioned(self, found.version, data, lambda version: (
            assessment_services.assessment_complete(
                actor=self.actor, assessment=found, version=version,
                completed_on=data.get("completed_on"),
                late_reason=data.get("late_reason", ""),
                primary_need=data.get("primary_need", ""))))
        return Response(CaseAssessmentSerializer(done).data, headers={"ETag": etag(done.version)})


class AssessmentAuthorisationApi(ApiView):
    """A manager authorises the completed assessment."""

    @extend_schema(
        operation_id="case_assessment_authorise", tags=TAGS,
        summary="Authorise a completed assessment",
        description="By a manager who did not complete it. " + VERSIONED,
        request=VersionSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseAssessmentSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, assessment_id: int) -> Response:
        found = selectors.assessment_get(actor=self.actor, ref=ref,
                                         assessment_id=row(assessment_id, "assessment"),
                                         action="assessment.authorise")
        data = validated(VersionSerializer, request.data)
        done = versioned(self, found.version, data, lambda version: (
            assessment_services.assessment_authorise(actor=self.actor, assessment=found,
                                                     version=version)))
        return Response(CaseAssessmentSerializer(done).data, headers={"ETag": etag(done.version)})


# ------------------------------------------------------------------ strategy and s47
class StrategyDiscussionsApi(ApiView):
    """Record a strategy discussion on the episode."""

    @extend_schema(
        operation_id="case_strategy_record", tags=TAGS,
        summary="Record a strategy discussion",
        description="Children's social care and the police must have taken part (health "
                    "is expected: `health_attended` says whether it did). A decision to "
                    "make enquiries starts a section 47 enquiry the same day.",
        request=StrategyRecordSerializer, parameters=[LOCATION_HEADER],
        responses={201: CaseStrategySerializer, **ADD_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, episode_id: int) -> Response:
        episode = selectors.episode_get(actor=self.actor, ref=ref,
                                        episode_id=row(episode_id, "case"),
                                        action="strategy.record")
        data = validated(StrategyRecordSerializer, request.data)
        attendees = [AttendeeInput(a["agency"], a["name"], a.get("role", ""), a.get("staff"))
                     for a in data["attendees"]]
        done = strategy_record(actor=self.actor, episode=episode, held_on=data["held_on"],
                               attendees=attendees,
                               information_shared=data.get("information_shared", ""),
                               section47=data["section47"], reasons=data["reasons"])
        return Response(CaseStrategySerializer(done).data, status=201,
                        headers={"Location": _case_address(request, ref)})


class EnquiryOutcomeApi(ApiView):
    """Record what a section 47 enquiry found."""

    @extend_schema(
        operation_id="case_enquiry_outcome", tags=TAGS,
        summary="Record a section 47 enquiry's outcome",
        description="`substantiated_conference` lets an initial child protection "
                    "conference be arranged. " + VERSIONED,
        request=EnquiryOutcomeSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseEnquirySerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, enquiry_id: int) -> Response:
        found = selectors.enquiry_get(actor=self.actor, ref=ref,
                                      enquiry_id=row(enquiry_id, "section 47 enquiry"),
                                      action="strategy.record")
        data = validated(EnquiryOutcomeSerializer, request.data)
        done = versioned(self, found.version, data, lambda version: section47_complete(
            actor=self.actor, enquiry=found, version=version, outcome=data["outcome"],
            findings=data["findings"], completed_on=data.get("completed_on")))
        return Response(CaseEnquirySerializer(done).data, headers={"ETag": etag(done.version)})


# ------------------------------------------------------------------ closure and changes
class ClosureApi(ApiView):
    """Close the episode with a census reason."""

    @extend_schema(
        operation_id="case_close", tags=TAGS, summary="Close a child's episode",
        description="With a census reason (RC1-RC9). Refused while a child protection "
                    "plan is open, an assessment is in progress or an enquiry has no "
                    "outcome. Any child in need plan ends; every involved agency is told; "
                    "children's social care's involvement ends. " + VERSIONED,
        request=ClosureSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: CaseEpisodeSerializer, **CHANGE_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, episode_id: int) -> Response:
        episode = selectors.episode_get(actor=self.actor, ref=ref,
                                        episode_id=row(episode_id, "case"),
                                        action="casework.close")
        data = validated(ClosureSerializer, request.data)
        done = versioned(self, episode.version, data, lambda version: episode_close(
            actor=self.actor, episode=episode,
            closed_on=data.get("closed_on") or clock.today(), reason=data["reason"],
            note=data.get("note", ""), version=version))
        return Response(CaseEpisodeSerializer(done).data, headers={"ETag": etag(done.version)})


class ChangesApi(ApiView):
    """Record a change of circumstances; every involved agency is told."""

    @extend_schema(
        operation_id="case_change_record", tags=TAGS,
        summary="Record a change of circumstances",
        description="A new adult in the household, a move, a new baby, or another change. "
                    "Partner agencies working with the child may record one. Every involved "
                    "agency is told (the email names no one).",
        request=ChangeRecordSerializer, parameters=[LOCATION_HEADER],
        responses={201: CaseChangeSerializer, **ADD_PROBLEMS},
    )
    def post(self, request: Request, ref: UUID, episode_id: int) -> Response:
        episode = selectors.episode_get(actor=self.actor, ref=ref,
                                        episode_id=row(episode_id, "case"),
                                        action="circumstance.record")
        data = validated(ChangeRecordSerializer, request.data)
        done = circumstance_record(actor=self.actor, episode=episode, kind=data["kind"],
                                   summary=data["summary"],
                                   occurred_on=data.get("occurred_on") or clock.today())
        return Response(CaseChangeSerializer(done).data, status=201,
                        headers={"Location": _case_address(request, ref)})


CASE = "people/<uuid:ref>/case/"
EPISODE = f"{CASE}episodes/<int:episode_id>/"
ASSESSMENT = f"{CASE}assessments/<int:assessment_id>/"

urlpatterns = [
    path(CASE, CaseApi.as_view(), name="case"),
    path(f"{CASE}episodes/", EpisodesApi.as_view(), name="case-episodes"),
    path(f"{EPISODE}allocation/", AllocationApi.as_view(), name="case-allocation"),
    path(f"{EPISODE}assessments/", AssessmentsApi.as_view(), name="case-assessments"),
    path(ASSESSMENT, AssessmentApi.as_view(), name="case-assessment"),
    path(f"{ASSESSMENT}completion/", AssessmentCompletionApi.as_view(),
         name="case-assessment-completion"),
    path(f"{ASSESSMENT}authorisation/", AssessmentAuthorisationApi.as_view(),
         name="case-assessment-authorisation"),
    path(f"{EPISODE}strategy-discussions/", StrategyDiscussionsApi.as_view(),
         name="case-strategy-discussions"),
    path(f"{CASE}enquiries/<int:enquiry_id>/outcome/", EnquiryOutcomeApi.as_view(),
         name="case-enquiry-outcome"),
    path(f"{EPISODE}closure/", ClosureApi.as_view(), name="case-closure"),
    path(f"{EPISODE}changes/", ChangesApi.as_view(), name="case-changes"),
]
