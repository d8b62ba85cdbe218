"""How plans and visits look in the API, and the bodies their endpoints take; and the
fields and helpers the conference serializers share (see _conference_serializers).
Records within a child are named by id; the child, and family members, by ref."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import MAX_ID, StrictSerializer, id_field, version_field
from everychild.people.api_serializers import (
    AgencyRefSerializer,
    WorkerSerializer,
    ref_field,
    text,
)
from everychild.referrals.api_serializers import StrictBooleanField

from ..models import (
    ActionStatus,
    Category,
    PlanKind,
)
from ..timescales import Standing
from ._dates import date

LONG = 20_000
MAX_IN_LIST = 200
# Reasons and notes are social care's casework: partners who see the plan read them blank.
CASEWORK_ONLY = "Blank unless the reader may read the child's casework (casework.view)"


def pk_field(**kwargs: Any) -> serializers.IntegerField:
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


def id_list(help_text: str) -> serializers.ListField:
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


# ------------------------------------------------------------------ plans
class PlanMemberSerializer(serializers.Serializer):
    id = pk_field()
    name = serializers.CharField()
    role = serializers.CharField()
    agency = AgencyRefSerializer(allow_null=True)
    staff = WorkerSerializer(allow_null=True)
    person = PersonRefField(allow_null=True)
    joined_on = serializers.DateField()
    left_on = serializers.DateField(allow_null=True)


class PlanActionProgressSerializer(serializers.Serializer):
    id = pk_field()
    note = serializers.CharField()
    recorded_by = WorkerSerializer()
    recorded_at = serializers.DateTimeField()


class PlanActionSerializer(serializers.Serializer):
    id = pk_field()
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
    id = pk_field()
    held_on = serializers.DateField()
    attendees = PlanCoreGroupAttendeeSerializer(many=True)
    notes = serializers.CharField(help_text=CASEWORK_ONLY)
    plan_working = serializers.BooleanField()
    recorded_by = WorkerSerializer()


class PlanVisitSerializer(serializers.Serializer):
    id = pk_field()
    visited_on = serializers.DateField()
    child_seen = serializers.BooleanField()
    seen_alone = serializers.BooleanField()
    not_seen_reason = serializers.CharField(help_text=CASEWORK_ONLY)
    note = serializers.CharField(help_text=CASEWORK_ONLY)
    plan = pk_field(source="plan_id", allow_null=True)
    recorded_by = WorkerSerializer()


class PlanSummarySerializer(serializers.Serializer):
    id = pk_field()
    kind = choice(PlanKind.choices)
    category = choice(Category.choices, allow_blank=True)
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)
    key_worker = WorkerSerializer(allow_null=True)


class PlanSerializer(PlanSummarySerializer):
    version = serializers.IntegerField(help_text="Send it back (or the ETag) to change it")
    end_reason = serializers.CharField(help_text=CASEWORK_ONLY)
    outcomes = serializers.CharField()
    conference = pk_field(source="conference_id", allow_null=True,
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
    attendees = id_list("Core group members who attended")
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
