"""PLACEHOLDER: being written."""

from django.http import HttpRequest, HttpResponse

from everychild.core.pages import error_page


def agencies(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)

