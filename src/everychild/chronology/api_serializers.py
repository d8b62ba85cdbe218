"""How chronology lines and entries look in the API, and what an entry or a correction
must send. People are named by ref; agencies by id (they are not children's records)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from everychild.access.api_support import (
    MAX_ID,
    StrictQuerySerializer,
    StrictSerializer,
    TextField,
    WholeNumberField,
)
from everychild.people.api_serializers import date, ref_field, text

from .models import ChronologyEntry, EntryKind, Sharing, Significance
from .selectors import ENTRY_TYPES, MAX_PAGE_SIZE, PATHWAY_TYPES
from .selectors.chronology import DEFAULT_PAGE_SIZE
from .selectors.items import LineSource
from .services import MAX_DETAIL, MAX_REASON, MAX_SUMMARY

TYPE_CODES = [code for code, _ in ENTRY_TYPES + PATHWAY_TYPES]
MAX_FILTER_VALUES = 50


# ------------------------------------------------------------------ query
def _listed(value: str, allowed: list[str] | None, name: str) -> list[str]:
    values = [v.strip() for v in value.split(",") if v.strip()]
    if len(values) > MAX_FILTER_VALUES:
        raise serializers.ValidationError(f"Give at most {MAX_FILTER_VALUES} {name}")
    if allowed is not None:
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise serializers.ValidationError(
                f"Not a {name[:-1]} the chronology knows: {', '.join(unknown[:5])}. Use "
                f"{', '.join(allowed)}")
    return values


class QueryNumberField(serializers.IntegerField):
    """A whole number in the query string, in ASCII digits: "１" (which int() reads) is
    refused like "²" (which it does not), so a number means one thing everywhere."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not data.strip().isascii():
            self.fail("invalid")
        return int(super().to_internal_value(data))


@extend_schema_serializer(component_name="ChronologyQuery")
class ChronologyQuerySerializer(StrictQuerySerializer):
    agency = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Agency ids, comma-separated (or the parameter repeated)")
    type = serializers.CharField(
        required=False, allow_blank=True, max_length=2000,
        help_text="Line types, comma-separated: entry kinds (" +
                  ", ".join(k.value for k in EntryKind) + ") and casework events (" +
                  ", ".join(code for code, _ in PATHWAY_TYPES) + ")")
    significance = serializers.CharField(
        required=False, allow_blank=True, max_length=200,
        help_text="Comma-separated: " + ", ".join(Significance.values))
    order = serializers.ChoiceField([("newest", "Newest first"), ("oldest", "Oldest first")],
                                    required=False, default="newest")
    page = QueryNumberField(required=False, min_value=1, max_value=100_000, default=1)
    page_size = QueryNumberField(required=False, min_value=1, max_value=MAX_PAGE_SIZE,
                                 default=DEFAULT_PAGE_SIZE)

    def validate_agency(self, value: str) -> list[int]:
        ids = _listed(value, None, "agencies")
        # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
        if not all(v.isascii() and v.isdigit() and 1 <= int(v) <= MAX_ID for v in ids):
            raise serializers.ValidationError("Give agency ids as whole numbers")
        return [int(v) for v in ids]

    def validate_type(self, value: str) -> list[str]:
        return _listed(value, TYPE_CODES, "types")

    def validate_significance(self, value: str) -> list[str]:
        return _listed(value, list(Significance.values), "significances")


def query_data(params: Any) -> dict[str, Any]:
    """The query string with repeated list parameters joined, as the serializer reads it."""
    data = params.dict() if hasattr(params, "dict") else dict(params)
    for name in ("agency", "type", "significance"):
        if hasattr(params, "getlist") and len(params.getlist(name)) > 1:
            data[name] = ",".join(params.getlist(name))
    return data


# ------------------------------------------------------------------ output
class AgencyBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class LineEntrySerializer(serializers.Serializer):
    lineage = serializers.UUIDField(help_text="The entry, across all its revisions")
    revision = serializers.IntegerField(help_text="1, or more once corrected")
    sharing = serializers.ChoiceField(Sharing.choices)
    attachments = serializers.IntegerField(help_text="Originals attached")
    correction_reason = serializers.CharField(help_text="Why it was last corrected")


@extend_schema_serializer(component_name="ChronologyLine")
class LineSerializer(serializers.Serializer):
    date = serializers.DateField(source="on", help_text="When it happened")
    person = ref_field(source="person.ref", help_text="Whose line it is")
    # A field of the line, not the serializer's own `source` (DRF's metaclass moves
    # declared fields off the class).
    source = serializers.ChoiceField(LineSource.choices)  # type: ignore[assignment]
    type = serializers.CharField(help_text="An entry kind or a casework event type")
    type_label = serializers.CharField()
    significance = serializers.ChoiceField(Significance.choices)
    summary = serializers.CharField()
    detail = serializers.CharField(help_text="As much as the reader may see")
    agency = AgencyBriefSerializer(source="agency_brief", allow_null=True)
    recorded_by = serializers.CharField(help_text="Who recorded it ('' when not known)")
    recorded_at = serializers.DateTimeField(allow_null=True)
    entry = LineEntrySerializer(source="entry_brief", allow_null=True,
                                help_text="For an agency's entry; null for a casework event")


@extend_schema_serializer(component_name="ChronologyPage")
class ChronologyPageSerializer(serializers.Serializer):
    count = serializers.IntegerField(source="total", help_text="Lines matching the filters")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    page_size = serializers.IntegerField()
    results = LineSerializer(source="items", many=True)


@extend_schema_serializer(component_name="ChronologyEntry")
class EntrySerializer(serializers.ModelSerializer[ChronologyEntry]):
    person = ref_field(source="child.ref")
    agency = AgencyBriefSerializer()
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = ChronologyEntry
        fields = ["lineage", "revision", "person", "occurred_on", "kind", "significance",
                  "sharing", "summary", "detail", "agency", "recorded_by", "recorded_at",
                  "correction_reason"]

    def get_recorded_by(self, entry: ChronologyEntry) -> str:
        staff = entry.recorded_by
        return staff.get_full_name() or staff.username


# ------------------------------------------------------------------ input
class EntryInputSerializer(StrictSerializer):
    occurred_on = date(help_text="When it happened (YYYY-MM-DD); not in the future")
    kind = serializers.ChoiceField(EntryKind.choices)
    summary = TextField(max_length=MAX_SUMMARY, help_text="One line for the chronology")
    detail = text(MAX_DETAIL, required=False, default="")
    significance = serializers.ChoiceField(Significance.choices, required=False,
                                           default=Significance.ROUTINE)
    sharing = serializers.ChoiceField(
        Sharing.choices, required=False, default=Sharing.SHARED,
        help_text="restricted: only your agency, children's social care and inspectors")


class CorrectionInputSerializer(EntryInputSerializer):
    lineage = serializers.UUIDField(help_text="The entry being corrected")
    revision = WholeNumberField(min_value=1, max_value=32767,
                                help_text="The revision you read and are correcting; an "
                                          "older one is refused with 409")
    reason = TextField(max_length=MAX_REASON, help_text="Why it is being corrected")
