"""The people endpoints of the API: /api/v1/people/, households, relationships and
involvement.

Each view is thin: read the input, call the same selectors and services as the HTML pages,
write the output. Edits carry a version (If-Match or `version`); errors are RFC 9457
problems (everychild.core.problems).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.urls import path, reverse
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from everychild.access.api_support import (
    ETAG_HEADER,
    IF_MATCH_HEADER,
    LOCATION_HEADER,
    MAX_VERSION,
    ApiView,
    EditPrecondition,
    StrictQuerySerializer,
    StrictSerializer,
    WholeNumberField,
    etag,
    id_field,
    problems,
    validated,
    version_field,
)
from everychild.access.records import StaffLike, may_see_sealed
from everychild.core.errors import BreakGlassRequired, Conflict, NotFound, ValidationFailed

from . import selectors, services
from .api_serializers import (
    AgencyRefSerializer,
    HouseholdSerializer,
    InvolvementSerializer,
    MergeSerializer,
    NameField,
    OtherNameSerializer,
    PersonInputSerializer,
    PersonLinkSerializer,
    PersonSerializer,
    SearchHitSerializer,
    date,
    ref_field,
    text,
)
from .models import (
    Household,
    InvolvementRole,
    MemberRole,
    OtherNameKind,
    Person,
    PersonKind,
    RelationshipKind,
)

NO_SUCH_PERSON = "No person was found with this reference"


# ------------------------------------------------------------------ shared responses
def _address(request: Request, name: str, ref: object) -> str:
    """An absolute URL, as the Location header of a 201 should be."""
    return request.build_absolute_uri(reverse(name, args=[ref]))


def _person_response(view: ApiView, ref: object, *, status: int = 200) -> Response:
    """The person's record, read through the selector (which audits it as a view)."""
    record = selectors.person_record(actor=view.actor, ref=ref)
    body = PersonSerializer(record, context={"sees_sealed": may_see_sealed(view.actor)}).data
    headers = {"ETag": etag(record.person.version)}
    if status == 201:
        headers["Location"] = _address(view.request, "api:person", record.person.ref)
    return Response(body, status=status, headers=headers)


def _household_response(view: ApiView, household: Household, *, status: int = 200,
                        record: selectors.HouseholdRecord | None = None) -> Response:
    if record is None:
        # Showing who lives there is a read of their records, so it goes through the
        # audited selector; an empty household shows nobody's.
        if selectors.household_members(actor=view.actor, household=household):
            record = selectors.household_record(actor=view.actor, ref=household.ref)
        else:
            record = selectors.HouseholdRecord(household, frozenset(), [])
    headers = {"ETag": etag(record.household.version)}
    if status == 201:
        headers["Location"] = _address(view.request, "api:household", record.household.ref)
    return Response(HouseholdSerializer(record).data, status=status, headers=headers)


def _ref_in(data: Any, key: str) -> UUID | None:
    """A well-formed ref named in a request body, before the body is fully checked."""
    value = data.get(key) if isinstance(data, Mapping) else None
    if not isinstance(value, str):
        return None
    try:
        return UUID(value)
    except ValueError:
        return None


def _no_such_person(field: str) -> NotFound:
    """A person named in a body who does not exist, or whom the user may not know of (a
    sealed record): not found, as it would be at their own address, naming the field."""
    return NotFound(NO_SUCH_PERSON, errors={field: [NO_SUCH_PERSON]})


def _named_person(actor: StaffLike, ref: UUID, field: str) -> Person:
    try:
        return selectors.person_brief(actor=actor, ref=ref)
    except NotFound:
        raise _no_such_person(field) from None


# ------------------------------------------------------------------ /people/
class PeopleApi(ApiView):
    """Search for people; record a new person."""

    @extend_schema_serializer(component_name="PersonSearchQuery")
    class FilterSerializer(StrictQuerySerializer):
        q = serializers.CharField(
            required=False, allow_blank=True, max_length=200,
            help_text="A name or other name (each word starts a name), a date of birth, "
                      "an NHS number, a UPN or a local authority child ID")
        date_of_birth = date(required=False, help_text="YYYY-MM-DD")

    @extend_schema_serializer(component_name="PersonSearchResults")
    class OutputSerializer(serializers.Serializer):
        results = SearchHitSerializer(many=True, help_text=f"At most "
                                      f"{selectors.SEARCH_LIMIT}, by family and given name")

    @extend_schema(
        operation_id="people_search", tags=["people"], summary="Search for people",
        description="Sealed records are found only by users who may see them. Each search "
                    "is recorded in the audit log.",
        parameters=[FilterSerializer],
        responses={200: OutputSerializer, **problems(400, 403)},
    )
    def get(self, request: Request) -> Response:
        filters = validated(self.FilterSerializer, request.query_params)
        hits = selectors.person_search(actor=self.actor, text=filters.get("q", ""),
                                       date_of_birth=filters.get("date_of_birth"))
        return Response(self.OutputSerializer({"results": hits}).data)

    @extend_schema_serializer(component_name="PersonCreate")
    class InputSerializer(PersonInputSerializer):
        kind = serializers.ChoiceField(PersonKind.choices)
        family_name = NameField(help_text="Use 'Unknown' if it is not known")

    @extend_schema(
        operation_id="person_create", tags=["people"], summary="Record a new person",
        description="The recording worker's agency becomes involved with the person.",
        request=InputSerializer, parameters=[ETAG_HEADER, LOCATION_HEADER],
        responses={201: PersonSerializer, **problems(400, 403, 415)},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        person = services.person_create(actor=self.actor, data=services.PersonInput(**data))
        return _person_response(self, person.ref, status=201)


class PersonApi(ApiView):
    """Read or change one person's record."""

    @extend_schema(
        operation_id="person_read", tags=["people"], summary="Read a person's record",
        description="Recorded in the audit log as a view. A user who is not involved with "
                    "the child gets 403 `break-glass-required` when giving a reason in the "
                    "web app would open the record.",
        parameters=[ETAG_HEADER],
        responses={200: PersonSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        try:
            return _person_response(self, ref)
        except BreakGlassRequired as exc:
            page = request.build_absolute_uri(reverse("people:person-break-glass", args=[ref]))
            raise BreakGlassRequired(
                f"{exc.message} To open it, give your reason in Everychild at {page}; "
                "the API can then read it for as long as that access lasts.") from None

    @extend_schema_serializer(component_name="PersonChange")
    class InputSerializer(PersonInputSerializer):
        version = version_field()

    @extend_schema(
        operation_id="person_change", tags=["people"], summary="Change a person's record",
        description="Send only the fields that change, with If-Match or `version`. Names "
                    "keep their history.",
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: PersonSerializer, **problems(400, 403, 404, 409, 412, 415, 428)},
    )
    def patch(self, request: Request, ref: UUID) -> Response:
        person = selectors.person_get(actor=self.actor, ref=ref, action="person.edit")
        changes = validated(self.InputSerializer, request.data)
        precondition = EditPrecondition(request, current=person.version,
                                        body_version=changes.pop("version", None))
        try:
            services.person_update(actor=self.actor, person=person,
                                   version=precondition.version, changes=changes)
        except Conflict as exc:
            raise precondition.conflict(exc) from None
        return _person_response(self, ref)


class PersonOtherNamesApi(ApiView):
    """Record a name a person is also known by."""

    @extend_schema_serializer(component_name="OtherNameCreate")
    class InputSerializer(StrictSerializer):
        kind = serializers.ChoiceField(OtherNameKind.choices)
        given_name = NameField(required=False)
        family_name = NameField(required=False)
        agency = id_field(required=False, allow_null=True,
                          help_text="The agency's id, for a spelling an agency uses")
        note = text(300, required=False)

    @extend_schema(
        operation_id="person_other_name_add", tags=["people"],
        summary="Record another name for a person",
        request=InputSerializer, parameters=[LOCATION_HEADER],
        responses={201: OtherNameSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        person = selectors.person_get(actor=self.actor, ref=ref, action="person.edit")
        data = validated(self.InputSerializer, request.data)
        agency_id = data.get("agency")
        if agency_id is not None and agency_id not in dict(selectors.agency_choices()):
            raise ValidationFailed(errors={"agency": ["Select an agency that is still active"]})
        other = services.other_name_add(
            actor=self.actor, person=person, kind=data["kind"],
            given_name=data.get("given_name", ""), family_name=data.get("family_name", ""),
            agency_id=agency_id, note=data.get("note", ""))
        return Response(OtherNameSerializer(other).data, status=201,
                        headers={"Location": _address(request, "api:person", person.ref)})


# ------------------------------------------------------------------ /households/
class AddressSerializer(StrictSerializer):
    address_line_1 = text(200, required=False)
    address_line_2 = text(200, required=False)
    town = text(100, required=False)
    postcode = text(16, required=False, help_text="A UK postcode, like SW1A 2AA")


class HouseholdsApi(ApiView):
    """Record a household and its address (then add its members)."""

    @extend_schema_serializer(component_name="HouseholdCreate")
    class InputSerializer(AddressSerializer):
        address_line_1 = text(200)
        town = text(100)
        postcode = text(16, help_text="A UK postcode, like SW1A 2AA")

    @extend_schema(
        operation_id="household_create", tags=["households"], summary="Record a household",
        request=InputSerializer, parameters=[ETAG_HEADER, LOCATION_HEADER],
        responses={201: HouseholdSerializer, **problems(400, 403, 415)},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        household = services.household_create(actor=self.actor,
                                              address=services.AddressInput(**data))
        return _household_response(self, household, status=201)


class HouseholdApi(ApiView):
    """Read or change a household's address."""

    @extend_schema(
        operation_id="household_read", tags=["households"], summary="Read a household",
        description="Recorded in the audit log as a view.",
        parameters=[ETAG_HEADER],
        responses={200: HouseholdSerializer, **problems(403, 404)},
    )
    def get(self, request: Request, ref: UUID) -> Response:
        record = selectors.household_record(actor=self.actor, ref=ref)
        return _household_response(self, record.household, record=record)

    @extend_schema_serializer(component_name="HouseholdChange")
    class InputSerializer(AddressSerializer):
        version = version_field()

    @extend_schema(
        operation_id="household_change", tags=["households"],
        summary="Change a household's address",
        description="Send only the fields that change, with If-Match or `version`.",
        request=InputSerializer, parameters=[IF_MATCH_HEADER, ETAG_HEADER],
        responses={200: HouseholdSerializer, **problems(400, 403, 404, 409, 412, 415, 428)},
    )
    def patch(self, request: Request, ref: UUID) -> Response:
        household = selectors.household_for_change(actor=self.actor, ref=ref)
        changes = validated(self.InputSerializer, request.data)
        precondition = EditPrecondition(request, current=household.version,
                                        body_version=changes.pop("version", None))
        address = services.AddressInput(**{
            name: changes.get(name, getattr(household, name))
            for name in ("address_line_1", "address_line_2", "town", "postcode")})
        try:
            household = services.household_update(
                actor=self.actor, household=household, version=precondition.version,
                address=address)
        except Conflict as exc:
            raise precondition.conflict(exc) from None
        return _household_response(self, household)


class HouseholdMembersApi(ApiView):
    """Record that someone lives at a household."""

    @extend_schema_serializer(component_name="HouseholdMemberAdd")
    class InputSerializer(StrictSerializer):
        person = ref_field(help_text="The person's ref")
        role = serializers.ChoiceField(MemberRole.choices)
        started = date(help_text="When they started living here (YYYY-MM-DD)")

    @extend_schema(
        operation_id="household_member_add", tags=["households"],
        summary="Add someone to a household",
        description="Allowed to a worker involved with anyone living there, or with the "
                    "person being added. Answers with the household.",
        request=InputSerializer, parameters=[ETAG_HEADER, LOCATION_HEADER],
        responses={201: HouseholdSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        actor = self.actor
        serializer = self.InputSerializer(data=request.data)
        valid = serializer.is_valid()
        person_ref = _ref_in(request.data, "person")
        person = None
        if person_ref is not None:
            try:
                person = selectors.person_brief(actor=actor, ref=person_ref)
            except NotFound:
                person = None
        # Whether the user may change this household at all comes before what is wrong
        # with the request, so a refusal never depends on how the body was written.
        household = selectors.household_for_change(actor=actor, ref=ref, via_person=person)
        if not valid:
            raise serializers.ValidationError(serializer.errors)
        if person is None:
            raise _no_such_person("person")
        data = serializer.validated_data
        services.membership_add(actor=actor, household=household, person=person,
                                role=data["role"], started=data["started"])
        return _household_response(self, household, status=201)


# ------------------------------------------------------------------ /relationships/
class RelationshipsApi(ApiView):
    """Record how two people are related."""

    @extend_schema_serializer(component_name="RelationshipCreate")
    class InputSerializer(StrictSerializer):
        person = ref_field(help_text="Reads as: <person> is the <kind> of <related>")
        related = ref_field()
        kind = serializers.ChoiceField(RelationshipKind.choices)
        started = date(required=False, allow_null=True)
        note = text(300, required=False)

    @extend_schema_serializer(component_name="Relationship")
    class OutputSerializer(serializers.Serializer):
        person = PersonLinkSerializer()
        related = PersonLinkSerializer()
        kind = serializers.ChoiceField(RelationshipKind.choices)
        started = serializers.DateField(allow_null=True)
        ended = serializers.DateField(allow_null=True)
        note = serializers.CharField()

    @extend_schema(
        operation_id="relationship_create", tags=["relationships"],
        summary="Record a relationship between two people",
        request=InputSerializer, parameters=[LOCATION_HEADER],
        responses={201: OutputSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        person = _named_person(self.actor, data["person"], "person")
        related = _named_person(self.actor, data["related"], "related")
        relationship = services.relationship_add(
            actor=self.actor, person=person, related=related, kind=data["kind"],
            started=data.get("started"), note=data.get("note", ""))
        return Response(self.OutputSerializer(relationship).data, status=201,
                        headers={"Location": _address(request, "api:person", person.ref)})


# ------------------------------------------------------------------ /involvements/
class InvolvementsApi(ApiView):
    """Record that an agency, and perhaps a named worker, is involved with a child."""

    @extend_schema_serializer(component_name="InvolvementCreate")
    class InputSerializer(StrictSerializer):
        person = ref_field(help_text="The child's ref")
        agency = id_field(required=False, allow_null=True,
                          help_text="The agency's id (optional when a worker is named)")
        worker = id_field(required=False, allow_null=True, help_text="The worker's id")
        role = serializers.ChoiceField(InvolvementRole.choices)
        started = date(help_text="YYYY-MM-DD")

    @extend_schema_serializer(component_name="Involvement")
    class OutputSerializer(InvolvementSerializer):
        person = PersonLinkSerializer()
        agency = AgencyRefSerializer()

    @extend_schema(
        operation_id="involvement_create", tags=["involvements"],
        summary="Record an agency's involvement with a child",
        request=InputSerializer, parameters=[LOCATION_HEADER],
        responses={201: OutputSerializer, **problems(400, 403, 404, 415)},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request.data)
        person = _named_person(self.actor, data["person"], "person")
        try:
            involvement = services.involvement_add(
                actor=self.actor, person=person, agency_id=data.get("agency"),
                staff_id=data.get("worker"), role=data["role"], started=data["started"])
        except ValidationFailed as exc:
            # The service calls the worker `staff`; answer in the API's own field names.
            raise ValidationFailed(exc.message, errors={
                "worker" if k == "staff" else k: v for k, v in exc.errors.items()}) from None
        return Response(self.OutputSerializer(involvement).data, status=201,
                        headers={"Location": _address(request, "api:person", person.ref)})


# ------------------------------------------------------------------ merging
# The service names the two records as survivor and merged; the API as the record at the
# address and `other`.
_MERGE_FIELDS = {"merged": "other", "records": "other", "survivor": "request",
                 "survivor_version": "version", "merged_version": "other_version"}


def _merge_errors(exc: ValidationFailed | Conflict) -> dict[str, list[str]]:
    return {_MERGE_FIELDS.get(k, k): v for k, v in exc.errors.items()}


class PersonMergeApi(ApiView):
    """Merge another record of the same person into this one."""

    @extend_schema_serializer(component_name="PersonMergeCreate")
    class InputSerializer(StrictSerializer):
        other = ref_field(help_text="The other record of this person, to merge into this one")
        reason = text(500, help_text="Why the two records are the same person")
        version = version_field()
        other_version = WholeNumberField(
            min_value=1, max_value=MAX_VERSION,
            help_text="The version of the other record you compared; a stale one is "
                      "refused with 409")

    @extend_schema(
        operation_id="person_merge", tags=["people"],
        summary="Merge another record of this person into this one",
        description="This record is kept; `other` is merged into it: its households, "
                    "relationships, involvement and other names move here, its names "
                    "become other names, and its identifiers and date of birth fill any "
                    "this record lacks (nothing here is overwritten). The other record is "
                    "kept, pointing here, and leaves search. Refused when the two have "
                    "different NHS numbers or UPNs, or are a child and an adult. Needs "
                    "permission to merge both records; undo with /merges/{id}/undo/.",
        request=InputSerializer, parameters=[IF_MATCH_HEADER],
        responses={201: MergeSerializer, **problems(400, 403, 404, 409, 412, 415, 428)},
    )
    def post(self, request: Request, ref: UUID) -> Response:
        survivor = selectors.person_get(actor=self.actor, ref=ref, action="person.merge")
        data = validated(self.InputSerializer, request.data)
        merged = _named_person(self.actor, data["other"], "other")
        precondition = EditPrecondition(request, current=survivor.version,
                                        body_version=data.get("version"))
        try:
            merge = services.person_merge(
                actor=self.actor, survivor=survivor, merged=merged, reason=data["reason"],
                survivor_version=precondition.version,
                merged_version=data["other_version"])
        except Conflict as exc:
            if "merged_version" in exc.errors:  # the other record: not this one's If-Match
                raise Conflict(exc.message, errors=_merge_errors(exc)) from None
            raise precondition.conflict(exc) from None
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, errors=_merge_errors(exc)) from None
        return Response(MergeSerializer(selectors.merge_summary(merge)).data, status=201)


class MergeUndoApi(ApiView):
    """Undo a merge: the two records are separate again."""

    @extend_schema_serializer(component_name="PersonMergeUndo")
    class InputSerializer(StrictSerializer):
        reason = text(500, help_text="Why the merge is being undone")

    @extend_schema(
        operation_id="person_merge_undo", tags=["people"], summary="Undo a merge",
        description="Puts back everything the merge moved, filled in or added. Refused "
                    "with 409, saying why, when the kept record has since changed in a way "
                    "that undoing would overwrite, or the merge was already undone.",
        request=InputSerializer,
        responses={200: MergeSerializer, **problems(400, 403, 404, 409, 415)},
    )
    def post(self, request: Request, merge_id: int) -> Response:
        merge = selectors.merge_get(actor=self.actor, merge_id=merge_id,
                                    action="person.merge", audit_view=False)
        data = validated(self.InputSerializer, request.data)
        merge = services.person_merge_undo(actor=self.actor, merge=merge,
                                           reason=data["reason"])
        return Response(MergeSerializer(selectors.merge_summary(merge)).data)


urlpatterns = [
    path("people/", PeopleApi.as_view(), name="people"),
    path("people/<uuid:ref>/", PersonApi.as_view(), name="person"),
    path("people/<uuid:ref>/other-names/", PersonOtherNamesApi.as_view(),
         name="person-other-names"),
    path("households/", HouseholdsApi.as_view(), name="households"),
    path("households/<uuid:ref>/", HouseholdApi.as_view(), name="household"),
    path("households/<uuid:ref>/members/", HouseholdMembersApi.as_view(),
         name="household-members"),
    path("relationships/", RelationshipsApi.as_view(), name="relationships"),
    path("involvements/", InvolvementsApi.as_view(), name="involvements"),
    path("people/<uuid:ref>/merge/", PersonMergeApi.as_view(), name="person-merge"),
    path("merges/<int:merge_id>/undo/", MergeUndoApi.as_view(), name="merge-undo"),
]
