"""RFC 9457 problem details for the API.

Every API error, whether raised by a service (DomainError), by DRF (authentication,
parsing) or by Django (404), becomes `application/problem+json` with a `type`, `title`,
`status`, `detail` and, for validation, `errors` per field. Never a stack trace.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse, JsonResponse
from rest_framework import exceptions as drf_exceptions
from rest_framework.views import set_rollback

from .errors import DomainError

PROBLEM_TYPE_BASE = "https://everychild.example/problems/"
CONTENT_TYPE = "application/problem+json"


def problem_body(status: int, title: str, detail: str, slug: str,
                 errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": PROBLEM_TYPE_BASE + slug, "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return body


def problem_response(status: int, title: str, detail: str, slug: str,
                     errors: dict[str, list[str]] | None = None) -> JsonResponse:
    return JsonResponse(problem_body(status, title, detail, slug, errors), status=status,
                        content_type=CONTENT_TYPE)


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    if isinstance(data, dict):
        out: dict[str, list[str]] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(data, list) and all(not isinstance(v, (dict, list)) for v in data):
        return {prefix or "request": [str(v) for v in data]}
    if isinstance(data, list):
        out = {}
        for i, value in enumerate(data):
            out.update(_flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix or "request": [str(data)]}


_DRF_TITLES = {
    "parse-error": "The request body could not be read",
    "method-not-allowed": "Method not allowed",
    "not-acceptable": "The response cannot be given in the format asked for",
    "unsupported-media-type": "Send the request body as application/json",
}


def drf_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse | None:
    # The request runs in one transaction (ATOMIC_REQUESTS); an error answered here must
    # undo whatever the request wrote before it, as an unhandled exception would.
    set_rollback()
    if isinstance(exc, DomainError):
        body = problem_body(exc.status, exc.title, exc.message if exc.message != exc.title
                            else "", exc.slug, exc.errors)
        status = exc.status
    elif isinstance(exc, Http404):
        status, body = 404, problem_body(404, "Not found", "", "not-found")
    elif isinstance(exc, drf_exceptions.ValidationError):
        status = 400
        body = problem_body(400, "There is a problem with the information you gave", "",
                            "validation-failed", _flatten(exc.detail))
    elif isinstance(exc, drf_exceptions.APIException):
        status = exc.status_code
        if status == 401:
            slug, title = "unauthenticated", "Sign in or give an API token"
        elif status == 403:
            slug, title = "forbidden", "You do not have permission to do this"
        else:
            slug = exc.default_code.replace("_", "-")
            # Some of DRF's default messages are templates ('Method "{method}" not allowed.').
            title = _DRF_TITLES.get(slug, str(exc.default_detail))
        detail = exc.detail if isinstance(exc.detail, str) else ""
        body = problem_body(status, title, str(detail) if detail != title else "", slug)
    else:
        return None  # a bug: the 500 handler turns it into a plain problem response
    # A plain JSON response, not a DRF one: a problem is JSON whichever renderer the view
    # would have chosen (the schema view's is YAML).
    response = JsonResponse(body, status=status, content_type=CONTENT_TYPE)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="everychild"'
    return response
