"""PLACEHOLDER: being written."""

from django.http import HttpRequest, HttpResponse

from everychild.core.pages import error_page


def search(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def person_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def person_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def person_break_glass(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def person_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def identifiers_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def other_name_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def person_seal(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def relationship_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def relationship_end(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def involvement_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def involvement_end(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def household_create(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def household_detail(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def household_edit(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def membership_add(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)


def membership_end(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    return error_page(request, 404)

