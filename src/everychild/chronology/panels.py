"""The chronology's panels on the people pages (registered in apps.ready): the child at
a glance on a child's record, and a link to the family chronology on a household."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from everychild.access import policy
from everychild.people.models import PersonKind
from everychild.people.views.support import actor_of

from .selectors import child_summary
from .selectors.visibility import VIEW

if TYPE_CHECKING:
    from everychild.people.selectors import HouseholdRecord, PersonRecord


def summary_panel(request: HttpRequest, record: PersonRecord) -> str:
    """For readers allowed the child's casework or plan; nothing for anyone else, nor
    for a record opened by break-glass (which opens only the record itself)."""
    if record.person.kind != PersonKind.CHILD or record.access.via == "break_glass":
        return ""
    # Not audited again: opening the record was just audited as a view of the child
    # (person.view), and this panel is part of that page.
    summary = child_summary(actor=actor_of(request), child=record.person, audit=False)
    return render_to_string("chronology/_summary_panel.html", {"summary": summary},
                            request=request)


def family_chronology_link(request: HttpRequest, record: HouseholdRecord) -> str:
    if not policy.allows(actor_of(request).role, VIEW,
                         relationships=record.relationships):
        return ""
    href = reverse("chronology:household", kwargs={"ref": record.household.ref})
    return render_to_string("chronology/_family_link.html", {"href": href}, request=request)
