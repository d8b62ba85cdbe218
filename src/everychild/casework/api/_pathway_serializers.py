"""How a child's pathway looks in the API: episodes with their assessments, strategy
discussions, enquiries, changes and due dates; and the bodies the pathway's endpoints
take. Records within a child are named by id; the child by ref.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import MAX_ID, StrictSerializer, id_field, version_field
from everychild.people.api_serializers import (
    AgencyRefSerializer,
    WorkerSerializer,
    ref_field,
    text,
)
from everychild.referrals.api_serializers import StrictBooleanField

from ..factors import CODES, factor_label
from ..models import (
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    ChangeKind,
    ClosureReason,
    PrimaryNeed,
    Rules,
    Section47Outcome,
)
from ..services.strategy import MAX_ATTENDEES, health_attended
from ..timescales import Standing
from ._dates import date

LONG_TEXT = 20_000


def _id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


# ------------------------------------------------------------------ output
class TeamRefSerializer(serializers.Serializer):
    id = _id()
    name = serializers.CharField()


class FactorSerializer(serializers.Serializer):
    code = serializers.ChoiceField([(c, c) for c in CODES])
    # A field of the output, not the serializer's own `label` (DRF's metaclass moves
    # declared fields off the class).
    label = serializers.CharField()  # type: ignore[assignment]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        return {"code": instance, "label": factor_label(instance)}


class CaseDueItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Unique within the authority, e.g. assessment:42")
    rule = serializers.CharField()
    what = serializers.CharField()
    counted_from = serializers.DateField()
    due_on = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    standing = serializers.ChoiceField([(s.value, s.value) for s in Standing])
    working_days_left = serializers.IntegerField(allow_null=True, help_text=(
        "Negative when overdue; null once done"))


class CaseAssessmentSerializer(serializers.Serializer):
    id = _id()
    kind = serializers.ChoiceField(AssessmentKind.choices)
    status = serializers.ChoiceField(AssessmentStatus.choices)
    started_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    child_seen_on = serializers.DateField(allow_null=True)
    child_not_seen_reason = serializers.CharField()
    child_views = serializers.CharField()
    factors = FactorSerializer(many=True, help_text="CIN census assessment factors")
    analysis = serializers.CharField()
    outcome = serializers.ChoiceField(AssessmentOutcome.choices, allow_blank=True)
    late_reason = serializers.CharField()
    worker = WorkerSerializer(allow_null=True)
    authorised_by = WorkerSerializer(allow_null=True)
    authorised_on = serializers.DateField(allow_null=True)
    version = serializers.IntegerField(help_text="Send it back (or the ETag) to change it")


class StrategyAttendeeSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    name = serializers.CharField()
    role = serializers.CharField()


class CaseStrategySerializer(serializers.Serializer):
    id = _id()
    held_on = serializers.DateField()
    attendees = StrategyAttendeeSerializer(many=True, source="attendees.all")
    health_attended = serializers.SerializerMethodField(
        help_text="Working Together expects health to take part")
    information_shared = serializers.CharField()
    section47 = serializers.BooleanField(help_text="Whether a section 47 enquiry was decided")
    reasons = serializers.CharField()
    recorded_at = serializers.DateTimeField()

    def get_health_attended(self, instance: Any) -> bool:
        return health_attended(instance)


class CaseEnquirySerializer(serializers.Serializer):
    id = _id()
    strategy = _id(source="strategy_id", help_text="The strategy discussion that started it")
    started_on = serializers.DateField()
    completed_on = serializers.DateField(allow_null=True)
    outcome = serializers.ChoiceField(Section47Outcome.choices, allow_blank=True)
    findings = serializers.CharField()
    version = serializers.IntegerField()


class CaseChangeSerializer(serializers.Serializer):
    id = _id()
    kind = serializers.ChoiceField(ChangeKind.choices)
    summary = serializers.CharField()
    occurred_on = serializers.DateField()
    agencies_told = serializers.ListField(child=_id(), help_text="Agency ids told of it")
    recorded_at = serializers.DateTimeField()


class CaseEpisodeSerializer(serializers.Serializer):
    id = _id()
    referral_date = serializers.DateField()
    rules = serializers.ChoiceField(Rules.choices)
    primary_need = serializers.ChoiceField(PrimaryNeed.choices, allow_blank=True)
    team = TeamRefSerializer(allow_null=True)
    worker = WorkerSerializer(allow_null=True, help_text="The allocated social worker")
    closed_on = serializers.DateField(allow_null=True)
    closure_reason = serializers.ChoiceField(ClosureReason.choices, allow_blank=True)
    closure_note = serializers.CharField()
    version = serializers.IntegerField()


class CaseEpisodeDetailSerializer(serializers.Serializer):
    episode = CaseEpisodeSerializer()
    assessments = CaseAssessmentSerializer(many=True)
    strategy_discussions = CaseStrategySerializer(many=True)
    enquiries = CaseEnquirySerializer(many=True)
    changes = CaseChangeSerializer(many=True, help_text="Newest first")
    due = CaseDueItemSerializer(many=True, help_text="Every timescale, met, missed or running")


class CaseSerializer(serializers.Serializer):
    child = ref_field(source="child.ref")
    episodes = CaseEpisodeDetailSerializer(many=True, help_text="Newest first")


# ------------------------------------------------------------------ input
@extend_schema_serializer(component_name="CaseEpisodeOpen")
class EpisodeOpenSerializer(StrictSerializer):
    referral_date = date(help_text="The day the referral was received")
    primary_need = serializers.ChoiceField(PrimaryNeed.choices, required=False,
                                           allow_blank=True, default="")
    team = id_field(required=False, allow_null=True)
    worker = id_field(required=False, allow_null=True)


@extend_schema_serializer(component_name="CaseAllocation")
class AllocationSerializer(StrictSerializer):
    team = id_field()
    worker = id_field(required=False, allow_null=True,
                      help_text="Leave out while the team has still to name a worker")
    version = version_field()


@extend_schema_serializer(component_name="CaseAssessmentStart")
class AssessmentStartSerializer(StrictSerializer):
    kind = serializers.ChoiceField(AssessmentKind.choices)
    started_on = date(required=False, help_text="Today if not given")


@extend_schema_serializer(component_name="CaseAssessmentRecord")
class AssessmentRecordSerializer(StrictSerializer):
    child_seen_on = date(required=False, allow_null=True)
    child_not_seen_reason = text(5000, required=False)
    child_views = text(LONG_TEXT, required=False)
    factors = serializers.ListField(child=serializers.CharField(max_length=3), required=False,
                                    max_length=len(CODES), help_text="CIN census codes")
    analysis = text(LONG_TEXT, required=False)
    outcome = serializers.ChoiceField(AssessmentOutcome.choices, required=False,
                                      allow_blank=True)
    version = version_field()


@extend_schema_serializer(component_name="CaseAssessmentCompletion")
class AssessmentCompleteSerializer(StrictSerializer):
    completed_on = date(required=False, help_text="Today if not given")
    primary_need = serializers.ChoiceField(
        PrimaryNeed.choices, required=False, allow_blank=True,
        help_text="The child's main need (census code); needed if the case has none yet")
    late_reason = text(5000, required=False, help_text="Needed when it is completed late")
    version = version_field()


@extend_schema_serializer(component_name="CaseVersion")
class VersionSerializer(StrictSerializer):
    version = version_field()


@extend_schema_serializer(component_name="CaseStrategyAttendee")
class AttendeeInputSerializer(StrictSerializer):
    agency = id_field()
    name = text(200)
    role = text(200, required=False)
    staff = id_field(required=False, allow_null=True)


@extend_schema_serializer(component_name="CaseStrategyRecord")
class StrategyRecordSerializer(StrictSerializer):
    held_on = date()
    attendees = AttendeeInputSerializer(many=True, max_length=MAX_ATTENDEES)  # type: ignore[call-arg]
    information_shared = text(LONG_TEXT, required=False)
    section47 = StrictBooleanField(help_text="Make a section 47 enquiry (it starts the same day)")
    reasons = text(5000)


@extend_schema_serializer(component_name="CaseEnquiryOutcome")
class EnquiryOutcomeSerializer(StrictSerializer):
    outcome = serializers.ChoiceField(Section47Outcome.choices)
    findings = text(LONG_TEXT)
    completed_on = date(required=False, help_text="Today if not given")
    version = version_field()


@extend_schema_serializer(component_name="CaseClosure")
class ClosureSerializer(StrictSerializer):
    closed_on = date(required=False, help_text="Today if not given")
    reason = serializers.ChoiceField(ClosureReason.choices)
    note = text(5000, required=False)
    version = version_field()


@extend_schema_serializer(component_name="CaseChangeRecord")
class ChangeRecordSerializer(StrictSerializer):
    kind = serializers.ChoiceField(ChangeKind.choices, help_text=(
        "new_adult, move, new_baby or other (the rest follow from the pathway itself)"))
    summary = text(5000)
    occurred_on = date(required=False, help_text="Today if not given")
