"""Telling every involved agency about a change in a child's life or case.

A change is recorded once (`CircumstanceChange`, with the agencies told), and one e-mail
per recipient goes through the outbox in the same transaction, so a notice is never lost
or sent twice. The e-mail names no one: it says what kind of change it is and links to
the record, which the recipient opens under their own permissions.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from everychild.access.records import StaffLike
from everychild.agencies.models import Agency
from everychild.core import clock
from everychild.outbox.services import message_enqueue
from everychild.people.models import Involvement

from ..models import CircumstanceChange, Episode


def involved_agencies(episode: Episode) -> list[Agency]:
    """Agencies with an open involvement with the child, in a stable order."""
    ids = (Involvement.objects.filter(person_id=episode.child_id, ended__isnull=True)
           .values_list("agency_id", flat=True).distinct())
    return list(Agency.objects.filter(pk__in=list(ids)).order_by("name", "pk"))


def _recipients(episode: Episode, agencies: list[Agency]) -> list[str]:
    """Each agency's own address and each named worker's, without repeats."""
    addresses = [a.email for a in agencies if a.email]
    named = (Involvement.objects.filter(person_id=episode.child_id, ended__isnull=True,
                                        staff__isnull=False)
             .select_related("staff").order_by("pk"))
    addresses += [inv.staff.email for inv in named if inv.staff and inv.staff.email]
    seen: set[str] = set()
    return [a for a in addresses if not (a.lower() in seen or seen.add(a.lower()))]  # type: ignore[func-returns-value]


def tell_involved_agencies(*, actor: StaffLike, episode: Episode, kind: str, summary: str,
                           occurred_on: dt.date | None = None) -> CircumstanceChange:
    """Record a change and queue a notice to every involved agency; call it inside the
    transaction of the change itself (the caller has checked permission and audits)."""
    agencies = involved_agencies(episode)
    change = CircumstanceChange.objects.create(
        episode=episode, kind=kind, summary=summary, occurred_on=occurred_on or clock.today(),
        agencies_told=[a.pk for a in agencies], recorded_by_id=actor.pk,
        recorded_at=clock.now())
    link = settings.EVERYCHILD_SITE_URL.rstrip("/") + reverse(
        "people:person-detail", kwargs={"ref": episode.child.ref})
    label = change.get_kind_display()
    for address in _recipients(episode, agencies):
        message_enqueue(
            to=address, subject=f"Everychild: {label.lower()} for a child you work with",
            body=(f"There has been a change for a child your agency works with: {label}.\n\n"
                  f"Sign in to Everychild to read it: {link}\n\n"
                  "This message contains no personal details; the record does."),
            key=f"casework-change:{change.pk}:{address.lower()}",
            about_type="person", about_ref=str(episode.child.ref))
    return change
