"""Lists 1 and 2: contacts and early help.

- List 1, contacts: every referral made to the front door and received in the period,
  one row for each child on it (Ofsted: a contact about several children is a row for
  each). A child the front door has not yet matched to a record is listed as the
  referrer described them, with no ID.
- List 2, early help: Everychild keeps no early help assessment, so the list is of the
  early help the records show, an early help agency (or a lead professional) working
  with the child at some time in the period; its start and end stand in for the
  assessment's.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from everychild.agencies.models import AgencyKind
from everychild.core import clock
from everychild.people.models import Involvement, InvolvementRole, PersonKind
from everychild.referrals.models import CHILD_ROLES, ReferralPerson, Status

from . import codes
from .common import (
    Period,
    Row,
    age_on,
    child_cells,
    person_values,
)


def _described_birth(text: str) -> dt.date | None:
    """A date of birth as a referrer gave it, when it is a whole date."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def contacts(period: Period) -> list[Row]:
    first, after = period.moments()
    entries = (ReferralPerson.objects
               .filter(role__in=CHILD_ROLES, referral__received_at__gte=first,
                       referral__received_at__lt=after)
               .exclude(referral__status=Status.DRAFT)
               .values("referral_id", "referral__received_at", "referral__source", "sex",
                       "date_of_birth", "person_id", *person_values("person"))
               .order_by("referral__received_at", "referral_id", "position"))
    rows: list[Row] = []
    seen: set[tuple[int, int]] = set()
    for e in entries:
        if e["person_id"] is not None:
            # The same child entered twice on one referral is one contact about them.
            if (e["referral_id"], e["person_id"]) in seen:
                continue
            seen.add((e["referral_id"], e["person_id"]))
            row = child_cells(e, "person", period)
        else:
            born = _described_birth(e["date_of_birth"])
            row = {"child_id": "", "gender": codes.label(codes.GENDER, e["sex"]),
                   "ethnicity": "", "dob": born, "age": age_on(born, period.as_of)}
        row["contact_date"] = clock.local_day(e["referral__received_at"])
        row["source"] = codes.label(codes.SOURCE, e["referral__source"])
        rows.append(row)
    return rows


def early_help(period: Period) -> list[Row]:
    spells = (Involvement.objects
              .filter(Q(agency__kind=AgencyKind.EARLY_HELP)
                      | Q(role=InvolvementRole.LEAD_PROFESSIONAL),
                      person__kind=PersonKind.CHILD, started__lte=period.as_of)
              .filter(Q(ended__isnull=True) | Q(ended__gte=period.start))
              .values("started", "ended", "agency_id", "agency__name", *person_values("person"))
              .order_by("started", "person_id", "agency_id", "id"))
    rows: list[Row] = []
    seen: set[tuple[int, int, dt.date]] = set()
    for s in spells:
        # An agency's involvement and its named worker's are one piece of early help.
        key = (s["person__id"], s["agency_id"], s["started"])
        if key in seen:
            continue
        seen.add(key)
        row = child_cells(s, "person", period)
        row.update(start=s["started"], completed=period.known(s["ended"]),
                   organisation=s["agency__name"])
        rows.append(row)
    return rows

