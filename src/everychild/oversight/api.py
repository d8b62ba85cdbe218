"""Worklists in the API: /api/v1/worklists/mine/ and /api/v1/worklists/team/.

Each view reads the same selectors as the pages, which keep to the children the user may
see; a row names the child by ref, so a client opens the record under its own rights.
"""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from everychild.access.api_support import MAX_ID, ApiView, problems
from everychild.casework.timescales import Standing
from everychild.people.api_serializers import ref_field

from . import selectors

OPEN_STANDINGS = [(Standing.OVERDUE.value, "Overdue"), (Standing.DUE_SOON.value, "Due soon"),
                  (Standing.ON_TRACK.value, "On track")]


@extend_schema_serializer(component_name="WorklistChild")
class ChildSerializer(serializers.Serializer):
    ref = ref_field(source="child_ref")
    name = serializers.CharField(source="child_name")


@extend_schema_serializer(component_name="WorklistWorker")
class WorkerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="worker_id", min_value=1, max_value=MAX_ID)
    name = serializers.CharField(source="worker_name")


@extend_schema_serializer(component_name="WorklistItem")
class WorkItemSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Names the item, e.g. 'assessment:42'")
    rule = serializers.CharField(source="item.rule",
                                 help_text="The timescale rule, e.g. 'single_assessment'")
    what = serializers.CharField()
    counted_from = serializers.DateField(source="item.counted_from")
    due_on = serializers.DateField()
    standing = serializers.ChoiceField(OPEN_STANDINGS)
    working_days_left = serializers.IntegerField(
        allow_null=True, help_text="Working days to the deadline; negative once overdue")
    child = ChildSerializer(source="*")
    worker = WorkerSerializer(source="*", allow_null=True,
                              help_text="The allocated social worker; null if none")
    why = serializers.CharField(help_text="On your own worklist: allocated worker, key "
                                          "worker or conference chair; blank on the team's")

    def to_representation(self, instance: selectors.WorkItem) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if instance.worker_id is None:
            data["worker"] = None
        return data


RESULTS_HELP = "Overdue first, then due soon, then on track; soonest due first within each"


class WorklistMineApi(ApiView):
    """The user's own worklist."""

    @extend_schema_serializer(component_name="WorklistMine")
    class OutputSerializer(serializers.Serializer):
        results = WorkItemSerializer(many=True, help_text=RESULTS_HELP)

    @extend_schema(
        operation_id="worklist_mine", tags=["worklists"],
        summary="What is due for the children you work with",
        description="Open due items of the episodes you are the allocated worker or key "
                    "worker for, and the conference deadlines of conferences you will "
                    "chair. Only children whose casework you may read are listed.",
        responses={200: OutputSerializer, **problems(403)},
    )
    def get(self, request: Request) -> Response:
        items = selectors.worklist_mine(actor=self.actor)
        return Response(self.OutputSerializer({"results": items}).data)


class WorklistTeamApi(ApiView):
    """The manager's team's worklist."""

    @extend_schema_serializer(component_name="WorklistTeam")
    class OutputSerializer(serializers.Serializer):
        results = WorkItemSerializer(many=True, help_text=RESULTS_HELP)

    @extend_schema(
        operation_id="worklist_team", tags=["worklists"],
        summary="What is due for your team's children",
        description="Open due items of the open episodes held by your team or allocated "
                    "to someone in it, each with the allocated worker. Empty if you are "
                    "in no team.",
        responses={200: OutputSerializer, **problems(403)},
    )
    def get(self, request: Request) -> Response:
        items = selectors.worklist_team(actor=self.actor)
        return Response(self.OutputSerializer({"results": items}).data)


urlpatterns = [
    path("worklists/mine/", WorklistMineApi.as_view(), name="worklist-mine"),
    path("worklists/team/", WorklistTeamApi.as_view(), name="worklist-team"),
]
