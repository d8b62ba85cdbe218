"""How conferences, plans and visits look in the API, and the bodies their endpoints take.
Records within a child are named by id; the child, and family members, by ref."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import MAX_ID, StrictSerializer, id_field, version_field
from everychild.people.api_serializers import (
    AgencyRefSerializer,
    WorkerSerializer,
    date,
    ref_field,
    text,
)
from everychild.referrals.api_serializers import StrictBooleanField

from ..models import (
    ActionStatus,
    AmendmentStatus,
    Attendance,
    Category,
    ConferenceDecision,
    ConferenceKind,
    ConferenceStatus,
    InviteeKind,
    MinutesSentBy,
    PlanKind,
)
from ..timescales import Standing

LONG = 20_000
MAX_IN_LIST = 200


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    """A choice field whose allowed values are written into the schema where it is used.
    The schema generator names enum components by field name across the whole API, so
    casework's `kind`s and `status`es would collide with other apps' choice sets of the
    same name; wrapped in allOf, the values stay with the field that takes them."""
    values = [str(value) for value, _ in choices]
    if kwargs.get("allow_blank") and "" not in values:
        values.append("")
    labels = "; ".join(f"`{value}`: {label}" for value, label in choices if value)
    schema: dict[str, Any] = {"allOf": [{"type": "string", "enum": values}],
                              "description": labels}
    if kwargs.get("allow_null"):
        schema["nullable"] = True
    field_class = extend_schema_field(schema)(type("Choice", (serializers.ChoiceField,), {}))
    return field_class(choices, **kwargs)


def _ids(help_text: str) -> serializers.ListField:
    return serializers.ListField(child=id_field(), max_length=MAX_IN_LIST, required=False,
                                 help_text=help_text)


# ------------------------------------------------------------------ output: shared
class PlanDueItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Unique within the authority, e.g. plan:7:visit")
    rule = serializers.CharField()
    what = serializers.CharField()
    counted_from = serializers.DateField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    standing = choice([(s.value, s.value.replace("_", " ")) for s in Standing])
    working_days_left = serializers.IntegerField(allow_null=True, help_text=(
        "Negative when overdue; null once done"))


@extend_schema_field({"type": "string", "format": "uuid", "nullable": True,
                      "description": "The family member's or child's ref"})
class PersonRefField(serializers.Field):
    def to_representation(self, value: Any) -> Any:
        return str(value.ref) if value is not None else None


# ------------------------------------------------------------------ conferences
class ConferenceInviteeSerializer(serializers.Serializer):
    id = _id()
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
    id = _id()
    agency = AgencyRefSerializer()
    view = serializers.CharField()
    recorded_by = WorkerSerializer()
    recorded_at = serializers.DateTimeField()


class ConferenceAmendmentSerializer(serializers.Serializer):
    id = _id()
    invitee = _id(source="invitee_id", allow_null=True)
    request = serializers.CharField()
    requested_at = serializers.DateTimeField()
    status = choice(AmendmentStatus.choices)
    response = serializers.CharField()
    responded_at = serializers.DateTimeField(allow_null=True)


class ConferenceSummarySerializer(serializers.Serializer):
    id = _id()
    kind = choice(ConferenceKind.choices)
    status = choice(ConferenceStatus.choices)
    scheduled_for = serializers.DateTimeField()
    venue = serializers.CharField()
    chair = WorkerSerializer(allow_null=True)
    held_on = serializers.DateField(allow_null=True)
    decision = choice(ConferenceDecision.choices, allow_blank=True)
    category = choice(Category.choices, allow_blank=True)
    reconvened = serializers.BooleanField()
    plan = _id(source="plan_id", allow_null=True, help_text="The plan a review reviews")


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
    plan_made = _id(allow_null=True, help_text="The child protection plan this conference made")
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
    scheduled_for = serializers.DateTimeField()
    venue = text(200, required=False)
    chair = id_field(required=False, allow_null=True, help_text="A member of staff who may "
                                                                "chair conferences")
    late_reason = text(5000, required=False, help_text="Needed when it is beyond its "
                                                       "timescale")
    agencies = _ids("Agencies to invite besides every agency involved with the child")
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


@extend_schema_serializer(component_name="ConferenceMinutesSend")
class MinutesSendSerializer(StrictSerializer):
    sent_otherwise = _ids("Invitees without an email address who were sent the minutes by "
                          "post or by hand")
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


# ------------------------------------------------------------------ plans
class PlanMemberSerializer(serializers.Serializer):
    id = _id()
    name = serializers.CharField()
    role = serializers.CharField()
    agency = AgencyRefSerializer(allow_null=True)
    staff = WorkerSerializer(allow_null=True)
    person = PersonRefField(allow_null=True)
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class PlanActionProgressSerializer(serializers.Serializer):
    id = _id()
    note = serializers.CharField()
    recorded_by = WorkerSerializer()
    recorded_at = serializers.DateTimeField()


class PlanActionSerializer(serializers.Serializer):
    id = _id()
    description = serializers.CharField()
    outcome_sought = serializers.CharField()
    owner_agency = AgencyRefSerializer(allow_null=True)
    owner_staff = WorkerSerializer(allow_null=True)
    owner_name = serializers.CharField()
    due_on = serializers.DateField()
    status = choice(ActionStatus.choices)
    completed_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField()
    progress = PlanActionProgressSerializer(many=True, source="progress.all")


class PlanCoreGroupAttendeeSerializer(serializers.Serializer):
    member = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    agency = serializers.CharField()


class PlanCoreGroupSerializer(serializers.Serializer):
    id = _id()
    held_on = serializers.DateField()
    attendees = PlanCoreGroupAttendeeSerializer(many=True)
    notes = serializers.CharField()
    plan_working = serializers.BooleanField()
    recorded_by = WorkerSerializer()


class PlanVisitSerializer(serializers.Serializer):
    id = _id()
    visited_on = serializers.DateField()
    child_seen = serializers.BooleanField()
    seen_alone = serializers.BooleanField()
    not_seen_reason = serializers.CharField()
    note = serializers.CharField()
    plan = _id(source="plan_id", allow_null=True)
    recorded_by = WorkerSerializer()


class PlanSummarySerializer(serializers.Serializer):
    id = _id()
    kind = choice(PlanKind.choices)
    category = choice(Category.choices, allow_blank=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    key_worker = WorkerSerializer(allow_null=True)


class PlanSerializer(PlanSummarySerializer):
    version = serializers.IntegerField(help_text="Send it back (or the ETag) to change it")
    end_reason = serializers.CharField()
    outcomes = serializers.CharField()
    conference = _id(source="conference_id", allow_null=True,
                     help_text="The conference that made a child protection plan")
    visit_interval_working_days = serializers.IntegerField(
        allow_null=True, help_text="This plan's own interval; null for the authority's")
    visit_interval = serializers.IntegerField(help_text="The interval in force, working days")
    reconvene_suggested_by = serializers.DateField(
        allow_null=True, help_text="The core group that found the plan not working, when no "
                                   "review has been arranged since")
    members = PlanMemberSerializer(many=True)
    actions = PlanActionSerializer(many=True)
    core_groups = PlanCoreGroupSerializer(many=True, help_text="Newest first")
    visits = PlanVisitSerializer(many=True, help_text="Newest first")
    due = PlanDueItemSerializer(many=True)


class PlanListSerializer(serializers.Serializer):
    results = PlanSummarySerializer(many=True, help_text="Newest first")


# ------------------------------------------------------------------ plan input
@extend_schema_serializer(component_name="PlanStart")
class CinPlanSerializer(StrictSerializer):
    started_on = date()
    key_worker = id_field(required=False, allow_null=True,
                          help_text="The allocated social worker if not given")
    outcomes = text(LONG, required=False)


@extend_schema_serializer(component_name="PlanEnd")
class PlanEndSerializer(StrictSerializer):
    ended_on = date()
    end_reason = text(5000)
    version = version_field()


@extend_schema_serializer(component_name="PlanKeyWorker")
class KeyWorkerSerializer(StrictSerializer):
    key_worker = id_field()
    version = version_field()


@extend_schema_serializer(component_name="PlanVisitInterval")
class VisitIntervalSerializer(StrictSerializer):
    visit_interval_working_days = serializers.IntegerField(
        allow_null=True, min_value=0, max_value=1000,
        help_text="Working days between visits (5 to 30); null for the authority's usual")
    version = version_field()


@extend_schema_serializer(component_name="PlanMemberAdd")
class MemberAddSerializer(StrictSerializer):
    staff = id_field(required=False, allow_null=True)
    agency = id_field(required=False, allow_null=True)
    person = ref_field(required=False, allow_null=True)
    role = text(200, required=False)
    joined_on = date(required=False, allow_null=True)


@extend_schema_serializer(component_name="PlanMemberLeave")
class MemberLeaveSerializer(StrictSerializer):
    left_on = date(required=False, allow_null=True)


@extend_schema_serializer(component_name="PlanActionAdd")
class ActionAddSerializer(StrictSerializer):
    description = text(5000)
    outcome_sought = text(5000, required=False)
    owner_agency = id_field(required=False, allow_null=True)
    owner_staff = id_field(required=False, allow_null=True)
    owner_name = text(200, required=False)
    due_on = date()


@extend_schema_serializer(component_name="PlanActionProgressRecord")
class ProgressSerializer(StrictSerializer):
    note = text(5000)


@extend_schema_serializer(component_name="PlanActionClose")
class ActionStatusSerializer(StrictSerializer):
    status = choice([(ActionStatus.DONE, "Done"), (ActionStatus.DROPPED, "No longer needed")])
    note = text(5000, required=False)
    version = version_field()


@extend_schema_serializer(component_name="PlanCoreGroupRecord")
class CoreGroupSerializer(StrictSerializer):
    held_on = date()
    attendees = _ids("Core group members who attended")
    others = serializers.ListField(child=text(200), max_length=60, required=False,
                                   help_text="Anyone else who attended, by name")
    notes = text(LONG, required=False)
    plan_working = StrictBooleanField()


@extend_schema_serializer(component_name="VisitRecord")
class VisitSerializer(StrictSerializer):
    visited_on = date()
    child_seen = StrictBooleanField()
    seen_alone = StrictBooleanField(required=False, allow_null=True, default=None)
    not_seen_reason = text(LONG, required=False)
    note = text(LONG, required=False)
