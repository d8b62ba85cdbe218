"""The chronology's endpoints: read a child's chronology a page at a time, add your
agency's entry, and correct one (/api/v1/people/<ref>/chronology/).

Thin, like every API view: read the input, call the same selectors and services as the
pages, write the output. A correction names the revision it corrects; a stale one is a
409 problem.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from everychild.access.api_support import ApiView, problems, validated
from everychild.people.selectors import person_get

from . import selectors, services
from .api_serializers import (
    ChronologyPageSerializer,
    ChronologyQuerySerializer,
    CorrectionInputSerializer,
    EntryInputSerializer,
    EntrySerializer,
    query_data,
)
from .selectors.visibility import ADD

ENTRY_FIELDS = ("occurred_on", "kind", "summary", "detail", "significance", "sharing")


def _entry_values(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in ENTRY_FIELDS}


class ChronologyApi(ApiView):
    """A child's chronology; adding an entry to it."""

    @extend_schema(
        operation_id="chronology_read", tags=["chronology"],
        summary="Read a child's chronology",
        description="Every agency's entries merged with the casework events, one page at a "
                    "time, filtered by agency, type and significance. Restricted entries are "
                    "shown only to the recording agency, children's social care and "
                    "inspectors; casework events are shown in full only to roles allowed "
                    "the child's casework. Each read is audited.",
        parameters=[ChronologyQuerySerializer],
        responses={200: ChronologyPageSerializer, **problems(400, 403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        query = validated(ChronologyQuerySerializer, query_data(request.query_params))
        chronology = selectors.chronology_for_child(
            actor=self.actor, ref=ref, newest_first=query["order"] != "oldest",
            agencies=query.get("agency") or (), kinds=query.get("type") or (),
            significance=query.get("significance") or (), page=query["page"],
            page_size=query["page_size"])
        return Response(ChronologyPageSerializer(chronology).data)

    @extend_schema(
        operation_id="chronology_entry_add", tags=["chronology"],
        summary="Add your agency's entry to a child's chronology",
        description="Recorded as your agency's, with your name and the time. An entry is "
                    "never changed afterwards, only corrected.",
        request=EntryInputSerializer,
        responses={201: EntrySerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        child = person_get(actor=self.actor, ref=ref, action=ADD)
        data = validated(EntryInputSerializer, request.data)
        entry = services.entry_add(actor=self.actor, child=child, **_entry_values(data))
        return Response(EntrySerializer(entry).data, status=201)


class CorrectionsApi(ApiView):
    """Correcting an entry: a new revision, the old one kept."""

    @extend_schema(
        operation_id="chronology_entry_correct", tags=["chronology"],
        summary="Correct your agency's entry",
        description="Send the whole entry as it should read, the revision you are "
                    "correcting and why. The correction becomes the next revision; every "
                    "earlier one is kept. Only the agency that recorded the entry may "
                    "correct it.",
        request=CorrectionInputSerializer,
        responses={201: EntrySerializer, **problems(400, 403, 404, 409, 415)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        child = person_get(actor=self.actor, ref=ref, action=ADD)
        data = validated(CorrectionInputSerializer, request.data)
        entry = services.entry_correct(
            actor=self.actor, lineage=data["lineage"], revision=data["revision"],
            reason=data["reason"], child=child, **_entry_values(data))
        return Response(EntrySerializer(entry).data, status=201)


urlpatterns = [
    path("people/<uuid:ref>/chronology/", ChronologyApi.as_view(), name="chronology"),
    path("people/<uuid:ref>/chronology/corrections/", CorrectionsApi.as_view(),
         name="chronology-corrections"),
]
