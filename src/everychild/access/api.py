"""The access endpoints of the API: reading the audit log (/api/v1/audit-events/)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from .api_support import MAX_ID, ApiView, StrictQuerySerializer, problems, validated
from .selectors import AUDIT_PAGE_SIZE, AuditFilters, audit_event_list

MAX_PAGE_SIZE = 200


@extend_schema_serializer(component_name="AuditEvent")
class AuditEventSerializer(serializers.Serializer):
    seq = serializers.IntegerField(help_text="Position in the log: 1, 2, 3... no gaps")
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor_username",
                                  help_text="Username ('' for none, e.g. a failed sign-in)")
    actor_role = serializers.CharField()
    action = serializers.CharField()
    target_type = serializers.CharField()
    target_id = serializers.CharField()
    source_address = serializers.CharField()
    channel = serializers.CharField(help_text="web or api")
    reason = serializers.CharField(help_text="Given for break-glass, sealing...")
    detail = serializers.DictField(help_text="What else was recorded, by action")
    hash = serializers.CharField(help_text="SHA-256 chaining this entry to the last")


class AuditEventsApi(ApiView):
    """The audit log, newest first, one page at a time."""

    @extend_schema_serializer(component_name="AuditEventQuery")
    class FilterSerializer(StrictQuerySerializer):
        actor = serializers.CharField(required=False, allow_blank=True, max_length=150,
                                      help_text="The username of whoever acted")
        action = serializers.CharField(
            required=False, allow_blank=True, max_length=60,
            help_text="An action, like person.view, or a prefix ending in '.', like person.")
        target_id = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                          help_text="A record's ref")
        date_from = serializers.DateField(required=False, input_formats=["%Y-%m-%d"],
                                          help_text="First day (in England), YYYY-MM-DD")
        date_to = serializers.DateField(required=False, input_formats=["%Y-%m-%d"],
                                        help_text="Last day (in England), YYYY-MM-DD")
        older_than = serializers.IntegerField(
            required=False, min_value=1, max_value=MAX_ID,
            help_text="The next page: `older_than` from the page before")
        newer_than = serializers.IntegerField(
            required=False, min_value=0, max_value=MAX_ID,
            help_text="The previous page: `newer_than` from the page after")
        page_size = serializers.IntegerField(required=False, min_value=1,
                                             max_value=MAX_PAGE_SIZE,
                                             default=AUDIT_PAGE_SIZE)

        def validate(self, attrs: dict) -> dict:
            if "older_than" in attrs and "newer_than" in attrs:
                raise serializers.ValidationError(
                    {"newer_than": ["Give older_than or newer_than, not both"]})
            if attrs.get("date_from") and attrs.get("date_to") and (
                    attrs["date_to"] < attrs["date_from"]):
                raise serializers.ValidationError(
                    {"date_to": ["The last day must be on or after the first day"]})
            return attrs

    @extend_schema_serializer(component_name="AuditEventPage")
    class OutputSerializer(serializers.Serializer):
        results = AuditEventSerializer(many=True)
        older_than = serializers.IntegerField(
            allow_null=True, help_text="Ask with this for the next (older) page; null at "
                                       "the end")
        newer_than = serializers.IntegerField(
            allow_null=True, help_text="Ask with this for the previous (newer) page")

    @extend_schema(
        operation_id="audit_events", tags=["audit"], summary="Read the audit log",
        description="Entries about sealed records are shown only to users who may see "
                    "them. Reading the log is itself recorded in it.",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **problems(400, 403)},
    )
    def get(self, request: Request) -> Response:
        query = validated(self.FilterSerializer, request.query_params)
        filters = AuditFilters(
            actor_username=query.get("actor", ""), action=query.get("action", ""),
            target_id=query.get("target_id", ""), date_from=query.get("date_from"),
            date_to=query.get("date_to"))
        page = audit_event_list(actor=self.actor, filters=filters,
                                older_than=query.get("older_than"),
                                newer_than=query.get("newer_than"),
                                page_size=query["page_size"])
        return Response(self.OutputSerializer({
            "results": page.events, "older_than": page.older_than, "newer_than": page.newer_than,
        }).data)


urlpatterns = [
    path("audit-events/", AuditEventsApi.as_view(), name="audit-events"),
]
