"""PLACEHOLDER: being written."""

from django.http import HttpRequest, HttpResponse

from everychild.core.pages import error_page


def audit_events(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def privacy_alerts(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def privacy_alert_review(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)

