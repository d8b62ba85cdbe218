"""A child's and a family's chronology pages: filters in the query string, one page of
lines at a time, and the whole filtered chronology as CSV (`?format=csv`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from everychild.core import clock
from everychild.people.views.support import actor_of, domain_errors, page, require_GET

from .. import selectors
from ..forms import FilterChoice, read_filters
from ..models import Significance
from ..selectors import DEFAULT_PAGE_SIZE, ENTRY_TYPES, PATHWAY_TYPES, Chronology
from .export import csv_response


def _wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _arguments(choice: FilterChoice, csv: bool) -> dict[str, Any]:
    return {"newest_first": choice.newest_first, "agencies": choice.agencies,
            "kinds": choice.types, "significance": choice.significance,
            "page": 1 if csv else choice.page,
            "page_size": None if csv else DEFAULT_PAGE_SIZE}


def _context(chronology: Chronology, choice: FilterChoice, base: str) -> dict[str, Any]:
    pages: list[dict[str, Any]] = []
    if chronology.pages > 1:
        current = chronology.page
        shown = sorted({1, chronology.pages, *range(max(1, current - 2),
                                                    min(chronology.pages, current + 2) + 1)})
        previous = 0
        for number in shown:
            if previous and number > previous + 1:
                pages.append({"ellipsis": True})
            pages.append({"number": number, "href": f"{base}?{choice.query(page=number)}",
                          "current": number == current})
            previous = number
    return {
        "chronology": chronology, "choice": choice, "items": chronology.items,
        "entry_types": ENTRY_TYPES, "pathway_types": PATHWAY_TYPES,
        "significances": [(s.value, s.label) for s in Significance],
        "pagination": {
            "items": pages,
            "previous": ({"href": f"{base}?{choice.query(page=chronology.page - 1)}"}
                         if chronology.page > 1 else None),
            "next": ({"href": f"{base}?{choice.query(page=chronology.page + 1)}"}
                     if chronology.page < chronology.pages else None),
        },
        "csv_href": f"{base}?{choice.query(page=None)}&format=csv",
    }


@require_GET
@domain_errors()
def child(request: HttpRequest, ref: Any) -> HttpResponse:
    choice = read_filters(request.GET)
    csv = _wants_csv(request)
    chronology = selectors.chronology_for_child(actor=actor_of(request), ref=ref,
                                                **_arguments(choice, csv))
    person = chronology.child
    assert person is not None
    if csv:
        return csv_response(chronology, f"chronology-{person.ref}-{clock.today()}.csv")
    return page(request, "chronology/child.html", {
        "title": f"Chronology: {person.full_name}", "person": person,
        **_context(chronology, choice, request.path),
    })


@require_GET
@domain_errors()
def household(request: HttpRequest, ref: Any) -> HttpResponse:
    choice = read_filters(request.GET)
    csv = _wants_csv(request)
    chronology = selectors.chronology_for_household(actor=actor_of(request), ref=ref,
                                                    **_arguments(choice, csv))
    home = chronology.household
    assert home is not None
    if csv:
        return csv_response(chronology, f"family-chronology-{home.ref}-{clock.today()}.csv")
    return page(request, "chronology/household.html", {
        "title": f"Family chronology: {home.address_line_1}", "household": home,
        **_context(chronology, choice, request.path),
    })
