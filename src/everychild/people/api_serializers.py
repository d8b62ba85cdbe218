"""How people and households look in the API, shared by the endpoints that return them.

People and households are named by `ref` (a UUID), never by database id. Agencies and
staff, which are not children's records, keep their ids so that they can be named when
recording involvement.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import MAX_ID, RefField, StrictSerializer, TextField
from everychild.core.names import name_key

from .forms import ETHNICITIES
from .models import (
    DISABILITY_CODES,
    InvolvementRole,
    MemberRole,
    OtherNameKind,
    PersonKind,
    Sex,
)

NAME_KEY_LIMIT = 100  # the search-key columns (given_name_key, family_name_key)


# ------------------------------------------------------------------ input fields
class NameField(TextField):
    """A name that fits its column, including the folded copy kept for search (folding can
    lengthen text: 'ﬃ' becomes 'ffi')."""

    def __init__(self, *, max_length: int = 100, **kwargs: Any) -> None:
        kwargs.setdefault("allow_blank", True)
        super().__init__(max_length=max_length, **kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if len(name_key(value)) > NAME_KEY_LIMIT:
            raise serializers.ValidationError("This name is too long")
        return value


def text(max_length: int, **kwargs: Any) -> serializers.CharField:
    kwargs.setdefault("allow_blank", True)
    return TextField(max_length=max_length, **kwargs)


def date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(input_formats=["%Y-%m-%d"], **kwargs)


def ref_field(**kwargs: Any) -> serializers.UUIDField:
    return RefField(**kwargs)


class PersonInputSerializer(StrictSerializer):
    """A person's writable fields, all optional (an edit sends only what changes)."""

    kind = serializers.ChoiceField(PersonKind.choices, required=False)
    given_name = NameField(required=False)
    middle_names = NameField(max_length=200, required=False)
    family_name = NameField(required=False, help_text="Use 'Unknown' if it is not known")
    sex = serializers.ChoiceField(Sex.choices, required=False)
    date_of_birth = date(allow_null=True, required=False)
    expected_date_of_birth = date(allow_null=True, required=False,
                                  help_text="For an unborn child only")
    date_of_death = date(allow_null=True, required=False)
    ethnicity = serializers.ChoiceField(ETHNICITIES, allow_blank=True, required=False,
                                        help_text="CIN census ethnicity code")
    nhs_number = text(20, required=False, help_text="10 digits; spaces are ignored")
    upn = text(20, required=False, help_text="Unique Pupil Number (13 characters)")
    former_upn = text(20, required=False)
    la_child_id = text(10, required=False, help_text="Local authority child ID")
    disabilities = serializers.ListField(
        child=serializers.ChoiceField(DISABILITY_CODES), required=False, max_length=20,
        help_text='CIN census disability codes: ["NONE"], the ones that apply, or [] if '
                  "not yet known")


# ------------------------------------------------------------------ output
class AgencyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField()


class WorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(source="get_full_name")


class PersonLinkSerializer(serializers.Serializer):
    """Another person named in a record: enough to find them, not their record."""

    ref = ref_field()
    name = serializers.CharField(source="full_name")


class MemberSerializer(serializers.Serializer):
    ref = ref_field(source="person.ref")
    name = serializers.CharField(source="person.full_name")
    kind = serializers.ChoiceField(PersonKind.choices, source="person.kind")
    role = serializers.ChoiceField(MemberRole.choices)
    started = serializers.DateField()
    ended = serializers.DateField(allow_null=True)


class OtherNameSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(OtherNameKind.choices)
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    agency = AgencyRefSerializer(allow_null=True, help_text="The agency using this spelling")
    note = serializers.CharField()


class PersonHouseholdSerializer(serializers.Serializer):
    """A household the person lives in now, with everyone recorded there."""

    ref = ref_field(source="household.ref")
    address_line_1 = serializers.CharField(source="household.address_line_1")
    address_line_2 = serializers.CharField(source="household.address_line_2")
    town = serializers.CharField(source="household.town")
    postcode = serializers.CharField(source="household.postcode")
    role = serializers.ChoiceField(MemberRole.choices, source="membership.role",
                                   help_text="How this person lives there")
    started = serializers.DateField(source="membership.started")
    members = MemberSerializer(many=True)


class RelatedSerializer(serializers.Serializer):
    ref = ref_field(source="person.ref")
    name = serializers.CharField(source="person.full_name")
    relationship = serializers.CharField(
        source="label", help_text="What they are to this person, e.g. 'mother'... 'parent'")


@extend_schema_serializer(component_name="PersonInvolvement")
class InvolvementSerializer(serializers.Serializer):
    agency = AgencyRefSerializer()
    worker = WorkerSerializer(source="staff", allow_null=True)
    role = serializers.ChoiceField(InvolvementRole.choices)
    started = serializers.DateField()
    ended = serializers.DateField(allow_null=True)


class NameHistorySerializer(serializers.Serializer):
    given_name = serializers.CharField()
    middle_names = serializers.CharField()
    family_name = serializers.CharField()
    recorded_from = serializers.DateTimeField()
    recorded_until = serializers.DateTimeField(allow_null=True)


@extend_schema_serializer(component_name="Person")
class PersonSerializer(serializers.Serializer):
    """A person's record (a `selectors.PersonRecord`): their own fields, as they are also
    written, then other names, current households, relationships and involvement."""

    ref = ref_field(source="person.ref")
    kind = serializers.ChoiceField(PersonKind.choices, source="person.kind")
    name = serializers.CharField(source="person.full_name")
    given_name = serializers.CharField(source="person.given_name")
    middle_names = serializers.CharField(source="person.middle_names")
    family_name = serializers.CharField(source="person.family_name")
    sex = serializers.ChoiceField(Sex.choices, source="person.sex")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    expected_date_of_birth = serializers.DateField(source="person.expected_date_of_birth",
                                                   allow_null=True)
    date_of_death = serializers.DateField(source="person.date_of_death", allow_null=True)
    ethnicity = serializers.CharField(source="person.ethnicity")
    disabilities = serializers.ListField(child=serializers.CharField(),
                                         source="person.disabilities")
    nhs_number = serializers.CharField(source="person.nhs_number")
    upn = serializers.CharField(source="person.upn")
    former_upn = serializers.CharField(source="person.former_upn")
    la_child_id = serializers.CharField(source="person.la_child_id")
    sealed = serializers.BooleanField(
        source="person.sealed", required=False,
        help_text="Present only for users who may see sealed records")
    version = serializers.IntegerField(source="person.version", min_value=1,
                                       help_text="Also sent as the ETag")
    other_names = OtherNameSerializer(many=True)
    households = PersonHouseholdSerializer(many=True)
    relationships = RelatedSerializer(many=True)
    involvements = InvolvementSerializer(many=True, help_text="Current involvement")
    past_households = PersonHouseholdSerializer(many=True)
    past_involvements = InvolvementSerializer(many=True)
    name_history = NameHistorySerializer(many=True, help_text="Newest first")
    merged_into = PersonLinkSerializer(
        source="person.merged_into", allow_null=True,
        help_text="Set when this record was merged into another: everything about the "
                  "person is recorded there now")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not self.context.get("sees_sealed"):
            data.pop("sealed", None)
            survivor = instance.person.merged_into
            if survivor is not None and survivor.sealed:
                data["merged_into"] = None  # a record the user may not know of
        return data


@extend_schema_serializer(component_name="Household")
class HouseholdSerializer(serializers.Serializer):
    """A household (a `selectors.HouseholdRecord`) with everyone recorded as living there."""

    ref = ref_field(source="household.ref")
    address_line_1 = serializers.CharField(source="household.address_line_1")
    address_line_2 = serializers.CharField(source="household.address_line_2")
    town = serializers.CharField(source="household.town")
    postcode = serializers.CharField(source="household.postcode")
    version = serializers.IntegerField(source="household.version", min_value=1,
                                       help_text="Also sent as the ETag")
    members = MemberSerializer(many=True, help_text="Past and present")


@extend_schema_serializer(component_name="PersonMerge")
class MergeSerializer(serializers.Serializer):
    """Two records of one person merged (a `selectors.MergeSummary`): what moved, and
    whether it has been undone."""

    id = serializers.IntegerField(source="merge.pk", min_value=1, max_value=MAX_ID,
                                  help_text="Name it to undo the merge")
    survivor = PersonLinkSerializer(source="merge.survivor", help_text="The record kept")
    merged = PersonLinkSerializer(
        source="merge.merged",
        help_text="The record merged into it: kept as it was, found through the survivor")
    reason = serializers.CharField(source="merge.reason")
    merged_at = serializers.DateTimeField(source="merge.merged_at")
    merged_by = WorkerSerializer(source="merge.merged_by")
    moved = serializers.DictField(
        child=serializers.IntegerField(min_value=0),
        help_text="How many rows of each kind moved to the survivor, e.g. "
                  "{\"involvements\": 2}")
    filled = serializers.ListField(
        child=serializers.CharField(),
        help_text="The survivor's blank details filled in from the merged record")
    names_added = serializers.IntegerField(
        min_value=0, help_text="The merged record's names added as other names")
    relationships_ended = serializers.IntegerField(
        min_value=0, help_text="Relationships between the two records, ended by the merge")
    undone_at = serializers.DateTimeField(source="merge.undone_at", allow_null=True)
    undone_by = WorkerSerializer(source="merge.undone_by", allow_null=True)
    undo_reason = serializers.CharField(source="merge.undo_reason")


@extend_schema_serializer(component_name="PersonSearchHit")
class SearchHitSerializer(serializers.Serializer):
    """One person found. Search shows anyone's name and date of birth (that is how a worker
    learns a child is known to someone); the rest only when the user may open the record."""

    ref = ref_field(source="person.ref")
    name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth", allow_null=True)
    can_open = serializers.BooleanField(help_text="The user may open the record")
    may_break_glass = serializers.BooleanField(
        help_text="The user may open the record by giving a reason, in the web app")
    kind = serializers.ChoiceField(PersonKind.choices, source="person.kind", required=False)
    given_name = serializers.CharField(source="person.given_name", required=False)
    middle_names = serializers.CharField(source="person.middle_names", required=False)
    family_name = serializers.CharField(source="person.family_name", required=False)
    sex = serializers.ChoiceField(Sex.choices, source="person.sex", required=False)
    expected_date_of_birth = serializers.DateField(
        source="person.expected_date_of_birth", allow_null=True, required=False)
    matched_other_name = serializers.CharField(
        required=False, help_text="The other name the search matched, if any")

    REVEALED = ("ref", "name", "date_of_birth", "can_open", "may_break_glass")

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not instance.can_open:
            return {k: v for k, v in data.items() if k in self.REVEALED}
        if not data.get("matched_other_name"):
            data.pop("matched_other_name", None)
        return data
