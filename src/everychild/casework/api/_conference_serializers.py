"""How conferences look in the API, and the bodies the conference endpoints take.
Records within a child are named by id; the child, and family members, by ref."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import StrictSerializer, id_field, version_field
from everychild.people.api_serializers import (
    AgencyRefSerializer,
    WorkerSerializer,
    ref_field,
    text,
)
from everychild.referrals.api_serializers import StrictBooleanField

from ..models import (
    AmendmentStatus,
    Attendance,
    Category,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    InviteeKind,
    MinutesSentBy,
)
from ._dates import date, moment
from ._plan_serializers import (
    LONG,
    MAX_IN_LIST,
    PersonRefField,
    PlanDueItemSerializer,
    choice,
    id_list,
    pk_field,
)


# ------------------------------------------------------------------ conferences
class ConferenceInviteeSerializer(serializers.Serializer):
    id = pk_field()
    kind = choice(InviteeKind.choices)
    name = serializers.CharField()
    agency = AgencyRefSerializer(allow_null=True)
    person = PersonRefField(allow_null=True)
    has_email = serializers.SerializerMethodField()
    report = serializers.CharField(help_text="An agency's report ('' until submitted)")
    report_version = serializers.IntegerField(help_text="Send it back to replace or share "
                                                        "the report")
    report_submitted_at = serializers.DateTimeField(allow_null=True)
    report_shared_with_family_at = serializers.DateTimeField(allow_null=True)
    attendance = choice(Attendance.choices, allow_blank=True)
    minutes_sent_at = serializers.DateTimeField(allow_null=True)
    minutes_sent_by = choice(MinutesSentBy.choices, allow_blank=True)

    def get_has_email(self, obj: Any) -> bool:
        return bool(obj.email)


class ConferenceDissentSerializer(serializers.Serializer):
    id = pk_field()
    agency = AgencyRefSerializer()
    view = serializers.CharField()
    recorded_by = WorkerSerializer()
    recorded_at = serializers.DateTimeField()


class ConferenceAmendmentSerializer(serializers.Serializer):
    id = pk_field()
    invitee = pk_field(source="invitee_id", allow_null=True)
    request = serializers.CharField()
    requested_at = serializers.DateTimeField()
    status = choice(AmendmentStatus.choices)
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class ConferenceSummarySerializer(serializers.Serializer):
    id = pk_field()
    kind = choice(ConferenceKind.choices)
    status = choice(ConferenceStatus.choices)
    scheduled_for = serializers.DateTimeField()
    venue = serializers.CharField()
    chair = WorkerSerializer(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    decision = choice(ConferenceDecision.choices, allow_blank=True)
    category = choice(Category.choices, allow_blank=True)
    reconvened = serializers.BooleanField()
    plan = pk_field(source="plan_id", allow_null=True, help_text="The plan a review reviews")


class ConferenceSerializer(ConferenceSummarySerializer):
    version = serializers.IntegerField(help_text="Send it back (or the ETag) to change it")
    late_reason = serializers.CharField()
    reconvene_reason = serializers.CharField()
    decision_reasons = serializers.CharField()
    first_core_group_on = serializers.DateField(allow_null=True)
    next_review_on = serializers.DateField(allow_null=True)
    unshared_reports_reason = serializers.CharField()
    minutes = serializers.CharField()
    minutes_sent_at = serializers.DateTimeField(allow_null=True)
    cancelled_at = serializers.DateTimeField(allow_null=True)
    cancel_reason = serializers.CharField()
    plan_made = pk_field(allow_null=True,
                         help_text="The child protection plan this conference made")
    due = PlanDueItemSerializer(allow_null=True, help_text="The timescale it is held under")
    invitees = ConferenceInviteeSerializer(many=True)
    dissents = ConferenceDissentSerializer(many=True)
    amendments = ConferenceAmendmentSerializer(many=True)


class ConferenceListSerializer(serializers.Serializer):
    results = ConferenceSummarySerializer(many=True, help_text="In date order")


class ConferenceInvitationSerializer(serializers.Serializer):
    """An invited agency's own view: no other agency's report."""

    conference = ConferenceSummarySerializer()
    invitee = ConferenceInviteeSerializer()
    minutes = serializers.CharField(help_text="Once sent; '' before")
    amendments = ConferenceAmendmentSerializer(many=True, help_text="Those this agency asked")


# ------------------------------------------------------------------ conference input
@extend_schema_serializer(component_name="ConferenceFamilyInvite")
class FamilyInviteSerializer(StrictSerializer):
    person = ref_field(help_text="Someone who lives with the child or is related to them")
    email = text(254, required=False)


class _InviteFields(StrictSerializer):
    scheduled_for = moment()
    venue = text(200, required=False)
    chair = id_field(required=False, allow_null=True, help_text="A member of staff who may "
                                                                "chair conferences")
    late_reason = text(5000, required=False, help_text="Needed when it is beyond its "
                                                       "timescale")
    agencies = id_list("Agencies to invite besides every agency involved with the child")
    family = FamilyInviteSerializer(many=True, required=False, help_text=(
        "Family members to invite; if left out, the child's parents and carers"))
    invite_child = StrictBooleanField(required=False, default=False)
    child_email = text(254, required=False)


@extend_schema_serializer(component_name="ConferenceSchedule")
class ConferenceScheduleSerializer(_InviteFields):
    pass


@extend_schema_serializer(component_name="ConferenceReviewSchedule")
class ReviewScheduleSerializer(_InviteFields):
    reconvened = StrictBooleanField(required=False, default=False,
                                    help_text="Brought forward because the plan is not working")
    reconvene_reason = text(5000, required=False)


@extend_schema_serializer(component_name="ConferenceInviteeAdd")
class InviteeAddSerializer(StrictSerializer):
    agency = id_field(required=False, allow_null=True)
    person = ref_field(required=False, allow_null=True)
    email = text(254, required=False)


@extend_schema_serializer(component_name="ConferenceAttendanceMark")
class AttendanceMarkSerializer(StrictSerializer):
    invitee = id_field()
    attendance = choice([a for a in Attendance.choices if a[0]])


@extend_schema_serializer(component_name="ConferenceAttendance")
class AttendanceSerializer(StrictSerializer):
    attendance = serializers.ListField(child=AttendanceMarkSerializer(),
                                       max_length=MAX_IN_LIST)
    version = version_field()


@extend_schema_serializer(component_name="ConferenceDecisionRecord")
class DecisionSerializer(StrictSerializer):
    held_on = date()
    decision = choice(ConferenceDecision.choices)
    category = choice(Category.choices, required=False, allow_blank=True,
                                       default="")
    reasons = text(LONG)
    first_core_group_on = date(required=False, allow_null=True)
    unshared_reports_reason = text(5000, required=False)
    key_worker = id_field(required=False, allow_null=True)
    version = version_field()


@extend_schema_serializer(component_name="ConferenceFirstCoreGroup")
class FirstCoreGroupSerializer(StrictSerializer):
    first_core_group_on = date()
    version = version_field()


@extend_schema_serializer(component_name="ConferenceDissentRecord")
class DissentSerializer(StrictSerializer):
    agency = id_field()
    view = text(LONG)


@extend_schema_serializer(component_name="ConferenceMinutesSave")
class MinutesSerializer(StrictSerializer):
    minutes = text(100_000)
    version = version_field()


@extend_schema_serializer(component_name="ConferenceCancel")
class CancelSerializer(StrictSerializer):
    reason = text(5000)
    version = version_field()


@extend_schema_serializer(component_name="ConferenceMinutesSend")
class MinutesSendSerializer(StrictSerializer):
    sent_otherwise = id_list("Invitees sent the minutes by post or by hand: every family "
                             "member and the child (never emailed the minutes), and agency "
                             "invitees without an email address")
    version = version_field()


@extend_schema_serializer(component_name="ConferenceAmendmentAnswer")
class AmendmentAnswerSerializer(StrictSerializer):
    accept = StrictBooleanField()
    response = text(5000)


@extend_schema_serializer(component_name="ConferenceReportSubmit")
class ReportSerializer(StrictSerializer):
    report = text(50_000)
    report_version = serializers.IntegerField(min_value=0, max_value=2**31 - 1, help_text=(
        "The report_version you read (0 for the first report)"))


@extend_schema_serializer(component_name="ConferenceReportShare")
class ReportShareSerializer(StrictSerializer):
    report_version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


@extend_schema_serializer(component_name="ConferenceAmendmentRequest")
class AmendmentRequestSerializer(StrictSerializer):
    request = text(5000)


