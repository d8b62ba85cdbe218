"""The front-door queue and triage (being written)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


queue = _todo
overdue = _todo
specialist_queue = _todo
triage = _todo
person_link = _todo
person_new_record = _todo
person_specialist = _todo
rating = _todo
information_request = _todo
information_answer = _todo
written_confirmation = _todo
decide = _todo
sign_off = _todo
