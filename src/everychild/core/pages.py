"""Error pages and the translation of domain errors into HTML responses.

Error pages say what happened in plain words and never echo what was asked for, so a
sealed record's existence cannot leak through them.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from .problems import problem_response

ERROR_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    405: "This page cannot be used that way",
    409: "Someone else has changed this record",
    500: "Sorry, there is a problem with the service",
}
ERROR_TEXT = {
    400: "Check what you entered and try again.",
    403: "If you think you should have access, speak to your manager.",
    404: "If you typed the web address, check it is correct. If you followed a link, the "
         "record may not exist or you may not be able to see it.",
    405: "Go back and try again.",
    409: "Go back to the record to see the latest version.",
    500: "Try again later. Nothing you were doing has been saved.",
}


def error_page(request: HttpRequest, status: int, detail: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem_response(status, ERROR_TITLES.get(status, "Error"), detail,
                                {403: "forbidden", 404: "not-found"}.get(status, "error"))
    html = render_to_string("errors/error.html", {
        "status": status, "title": ERROR_TITLES.get(status, "Error"),
        "text": detail or ERROR_TEXT.get(status, ""),
    }, request=request)
    return HttpResponse(html, status=status)


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 403)


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)


def handler500(request: HttpRequest) -> HttpResponse:
    return error_page(request, 500)
