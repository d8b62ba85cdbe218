"""What every Everychild API view shares: the base view, strict input, the endpoint
policy check, optimistic-concurrency preconditions (If-Match / version) and the
OpenAPI description of problem responses and authentication.

The people app's API (and later ones) build on this; it knows nothing of their records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from everychild.core.errors import (
    Conflict,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
    ValidationFailed,
)
from everychild.core.problems import CONTENT_TYPE as PROBLEM_CONTENT_TYPE

from . import policy
from .records import StaffLike

# Column limits the API must respect before anything reaches the database: PostgreSQL
# refuses larger numbers, SQLite cannot even bind them.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
MAX_UNKNOWN_FIELDS_LISTED = 20


# ------------------------------------------------------------------ parsing and rendering
class JsonParser(JSONParser):
    """JSON only; input the standard parser would crash on becomes a 400 problem."""

    def parse(self, stream: Any, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("The JSON is nested too deeply") from None
        except LookupError:
            raise ParseError("The request's character set is not known: send UTF-8") from None


class JsonRenderer(JSONRenderer):
    """Readable UTF-8 JSON, falling back to \\u escapes when a response echoes a lone
    surrogate from the request (which UTF-8 cannot encode)."""

    def render(self, data: Any, accepted_media_type: str | None = None,
               renderer_context: Mapping[str, Any] | None = None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return json.dumps(data, cls=self.encoder_class, ensure_ascii=True,
                              separators=(",", ":")).encode("ascii")


# ------------------------------------------------------------------ permission
class EndpointPolicy(permissions.BasePermission):
    """The endpoint gate of access.middleware, for token-authenticated requests (the
    middleware runs before DRF has authenticated them): a role that can never do the
    endpoint's action is refused before the view runs."""

    message = "You do not have permission to do this"

    def has_permission(self, request: Any, view: Any) -> bool:
        match = request.resolver_match
        if match is None:
            return False
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        action = policy.policy().endpoint_action(name or "", request.method or "GET")
        if action is None:
            return False
        if action == policy.PUBLIC:
            return True
        return policy.role_may_ever(getattr(request.user, "role", ""), action)


class ApiView(APIView):
    """Base for every Everychild API endpoint: JSON in and out, signed in, policy-gated."""

    parser_classes = [JsonParser]
    renderer_classes = [JsonRenderer]
    permission_classes = [permissions.IsAuthenticated, EndpointPolicy]

    @property
    def actor(self) -> StaffLike:
        """The signed-in user: the permission classes refuse anyone else first."""
        return cast(StaffLike, self.request.user)


# ------------------------------------------------------------------ input
def _printable_key(key: object) -> str:
    text = str(key)
    text = text if len(text) <= 60 else text[:57] + "..."
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, listing them with any other problems, so that a
    misspelt or read-only field is never silently ignored."""

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[str]] = {}
        if isinstance(data, Mapping):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            extra = [k for k in data if k not in writable]
            for key in extra[:MAX_UNKNOWN_FIELDS_LISTED]:
                unknown[_printable_key(key)] = [
                    "This field is not recognised here: check its spelling, and send only "
                    "fields that can be set"]
            if len(extra) > MAX_UNKNOWN_FIELDS_LISTED:
                unknown["request"] = [f"{len(extra)} fields are not recognised here"]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise serializers.ValidationError({**exc.detail, **unknown}) from None
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value


class StrictQuerySerializer(StrictSerializer):
    """Query parameters: like a body, but each value is the last one given."""

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "dict"):
            data = data.dict()
        return super().to_internal_value(data)


class TextField(serializers.CharField):
    """Text, and only text: a number or a boolean is refused, not quietly made a string."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class WholeNumberField(serializers.IntegerField):
    """A JSON number that is whole: "3" and true are refused, not quietly converted."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class RefField(serializers.UUIDField):
    """A record's ref, written as a UUID string (never a number)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="hex_verbose", **kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid", value=_printable_key(data))
        return super().to_internal_value(data)


def validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# ------------------------------------------------------------------ versions
_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*')


def etag(version: int) -> str:
    """A record's version as a strong entity tag. Strong, because If-Match compares
    strongly: a weak tag could never be used to edit."""
    return f'"{version}"'


def _if_match_tags(header: str) -> list[str]:
    """The strong tags in an If-Match header (weak ones never match an edit)."""
    parts = [part for part in header.split(",") if part.strip()]
    matches = [_ENTITY_TAG.fullmatch(part) for part in parts]
    if not matches or None in matches:
        raise ValidationFailed(errors={"If-Match": [
            'Give If-Match as the ETag from your last read of the record, quotes '
            'included, like "3"']})
    return [m.group(2) for m in matches if m is not None and not m.group(1)]


class EditPrecondition:
    """Which version an edit is made against, from If-Match and/or a `version` field.

    Neither → 428. If-Match naming another version → 412. A stale `version` is left to
    the service, which refuses it with a 409 conflict.
    """

    def __init__(self, request: Request, *, current: int, body_version: int | None) -> None:
        header = request.headers.get("If-Match")
        self.by_header = header is not None
        if header is not None and header.strip() == "*":
            raise PreconditionRequired(
                "If-Match: * does not say which version you are editing. Send the ETag "
                "from your last read of the record.")
        if header is not None and str(current) not in _if_match_tags(header):
            raise PreconditionFailed(
                "The record has changed since you read it (it is now version "
                f"{current}). Nothing has been saved: read it again and make your "
                "changes to the current version.")
        if body_version is None and header is None:
            raise PreconditionRequired(
                'Send the version you are editing: an If-Match header with the ETag from '
                'your last read (like If-Match: "3"), or a "version" field.')
        self.version = body_version if body_version is not None else current
        self._header_only = body_version is None

    def conflict(self, exc: Conflict) -> Conflict:
        """A conflict found while saving: a failed precondition if If-Match set the version."""
        if self._header_only and not isinstance(exc, PreconditionFailed):
            return PreconditionFailed(exc.message)
        return exc


T = TypeVar("T")


def versioned(view: APIView, current: int, data: dict[str, Any],
              change: Callable[[int], T]) -> T:
    """Make a change against the version the client names (If-Match or a `version` field,
    taken out of `data`): a stale If-Match is 412, a stale `version` 409, neither 428."""
    precondition = EditPrecondition(view.request, current=current,
                                    body_version=data.pop("version", None))
    try:
        return change(precondition.version)
    except Conflict as exc:
        raise precondition.conflict(exc) from None


def row(value: int, what: str) -> int:
    """A number from the URL that can name a row: larger ones cannot even be looked up."""
    if not 1 <= value <= MAX_ID:
        raise NotFound(f"No {what} was found")
    return value


VERSION_FIELD_HELP = ("The version you are editing (from `version` or the ETag). Optional "
                      "when an If-Match header is sent; a stale version is refused with 409.")


def version_field() -> serializers.IntegerField:
    return WholeNumberField(required=False, min_value=1, max_value=MAX_VERSION,
                            help_text=VERSION_FIELD_HELP)


def id_field(**kwargs: Any) -> serializers.IntegerField:
    return WholeNumberField(min_value=1, max_value=MAX_ID, **kwargs)


# ------------------------------------------------------------------ OpenAPI
class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem: what went wrong, and for bad input, what is wrong with each
    field (`errors`, field name to messages)."""

    type = serializers.URLField(help_text="Identifies the kind of problem")
    title = serializers.CharField(help_text="A short summary of the kind of problem")
    status = serializers.IntegerField(help_text="The HTTP status code")
    detail = serializers.CharField(required=False, help_text="What happened in this case")
    # A field of the problem document, not the serializer's own `errors` (DRF's metaclass
    # moves declared fields off the class).
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False,
        help_text="For invalid input: each field's problems (`request` for the whole body)")


PROBLEM_DESCRIPTIONS = {
    400: "The request is malformed or its input is invalid (see `errors`)",
    401: "Not signed in: give a bearer token (Authorization: Bearer ec_...)",
    403: "Not permitted. `break-glass-required` means a stated reason would open the "
         "record: do that in the Everychild web app",
    404: "No such record, or one this user may not know of",
    409: "The `version` sent is not the current one: nothing was saved",
    412: "If-Match names a version that is not the current one: nothing was saved",
    415: "The body must be application/json",
    428: "An edit must say which version it is made against (If-Match or `version`)",
}


def problems(*statuses: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Problem responses for extend_schema(responses=...); 401 is always included."""
    return {(status, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer,
                                                            PROBLEM_DESCRIPTIONS[status])
            for status in sorted({401, *statuses})}


ETAG_HEADER = OpenApiParameter(
    "ETag", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 201],
    description='The record\'s version as a strong entity tag, like "3": send it back '
                "in If-Match to edit.")
IF_MATCH_HEADER = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False,
    description='The ETag of the version being edited, like "3". An edit needs this or '
                "a `version` field.")
LOCATION_HEADER = OpenApiParameter(
    "Location", OpenApiTypes.URI, OpenApiParameter.HEADER, response=[201],
    description="Where the new record can be read")


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "everychild.access.api_auth.ApiTokenAuthentication"
    name = "bearerToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer",
                "description": "A token made on the account page (API tokens), sent as "
                               "Authorization: Bearer ec_..."}
