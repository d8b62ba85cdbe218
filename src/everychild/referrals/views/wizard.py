"""Making a referral, page by page (being written)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


start = _todo
draft_people = _todo
draft_person = _todo
draft_person_remove = _todo
draft_check = _todo
draft_discard = _todo
draft_section = _todo
