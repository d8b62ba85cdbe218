"""PLACEHOLDER: being written."""

from django.http import HttpRequest, HttpResponse

from everychild.core.pages import error_page


def sign_in(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def sign_in_otp(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def sign_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def signed_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def account(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def otp_setup(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def api_tokens(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def locked_out(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)

