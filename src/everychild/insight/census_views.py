"""The census check page: upload any authority's census file, or check Everychild's own
census for a year, and see each failure by DfE rule, with the children to put right
linked to their records (where the user may open them)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from everychild.core import clock
from everychild.people.forms import Field, Form
from everychild.people.views.support import GET_POST, actor_of, domain_errors, page, posted, submit

from .census import checks
from .census.specs import YEARS


class CensusCheckForm(Form):
    fields = (
        Field("year", "Collection year", kind="choice", required="Choose the collection year",
              invalid="Choose one of the collection years listed"),
        Field("file", "Census file"),
        Field("source", "What to check", kind="choice", required="Choose what to check",
              invalid="Choose what to check"),
    )


def current_year() -> int:
    """The collection year now running: the one whose 31 March is next."""
    today = clock.today()
    return today.year + 1 if today.month > 3 else today.year


def _years() -> list[tuple[str, str]]:
    return [(str(y), f"{spec.label} (reference date 31 March {y})")
            for y, spec in sorted(YEARS.items(), reverse=True)]


@GET_POST
@domain_errors()
def census_check(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    checks.check_permitted(actor)
    years = _years()
    form = CensusCheckForm(posted(request), initial={"year": str(min(current_year(), max(YEARS))),
                                                     "source": "upload"},
                           choices={"year": [y for y, _ in years], "source": ["upload", "own"]})
    found: checks.CensusCheck | None = None
    if form.is_valid():
        year, upload = int(form.cleaned["year"]), request.FILES.get("file")

        def run() -> checks.CensusCheck:
            if form.cleaned["source"] == "own":
                return checks.census_check_own(actor=actor, year=year)
            return checks.census_check_upload(
                actor=actor, upload=upload.file if upload else None,
                name=(upload.name or "") if upload else "",
                size=(upload.size or 0) if upload else 0, year=year)

        found, _ = submit(form, run)
    context: dict[str, Any] = {"title": "Check a Children in Need census", "years": years,
                               "found": found, "shown_limit": checks.SHOWN,
                               "nav_active": "insight"}
    return page(request, "insight/census_check.html", context, form=form)
