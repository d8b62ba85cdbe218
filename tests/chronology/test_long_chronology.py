"""A child with a 1,000-entry chronology: the page reads a fixed number of queries and
only one page of rows, whatever the length of the history (the benchmark measures the
time; this keeps the design from regressing)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from everychild.chronology.models import ChronologyEntry

from ..conftest import signed_in_client
from .builders import at, days_ago, pathway

pytestmark = pytest.mark.django_db


def _thousand_entries(world) -> None:
    staff = [world.social_worker, world.users["designated_safeguarding_lead"]]
    rows = []
    for n in range(1000):
        on = days_ago(n % 1500 + 1)
        by = staff[n % 2]
        rows.append(ChronologyEntry(
            lineage=uuid.uuid4(), child=world.child, agency_id=by.agency_id, occurred_on=on,
            kind=("note", "attendance", "incident")[n % 3],
            significance=("routine", "notable", "significant")[n % 3],
            sharing="restricted" if n % 10 == 0 else "shared",
            summary=f"Entry number {n}", detail="Some detail " * 20, recorded_by=by,
            recorded_at=at(on) + dt.timedelta(minutes=n % 60)))
    ChronologyEntry.objects.bulk_create(rows)


def test_the_page_of_a_long_chronology_costs_a_fixed_number_of_queries(world):
    pathway(world)
    _thousand_entries(world)
    client = signed_in_client(world.social_worker)
    client.get(f"/people/{world.child.ref}/chronology/")  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        response = client.get(f"/people/{world.child.ref}/chronology/")
    assert response.status_code == 200
    assert response.content.decode().count('data-line="') == 100
    with CaptureQueriesContext(connection) as later:
        page = client.get(f"/people/{world.child.ref}/chronology/", {"page": 9})
    assert page.status_code == 200
    assert len(later.captured_queries) == len(first.captured_queries) <= 40
    # The school reads its own and the shared entries only.
    school = signed_in_client(world.users["designated_safeguarding_lead"])
    text = school.get(f"/people/{world.child.ref}/chronology/", {"type": "note"}).content
    assert b"Entry number 30<" not in text and b"Entry number 3<" in text
